//! Edits of an annotation as commands with inverses, and the undo/redo history built on them.
//!
//! The app, the CLI and the tests change annotations only through `Edit::apply`, which checks the
//! edit against the document text and returns the edit that undoes it. Undo and redo then need no
//! snapshots: the history keeps inverses.

use crate::core::annotate::selection::Selection;
use crate::core::data::model::{Annotation, Attrs, Rejected, Relation, Span, Status};
use crate::core::data::offsets::OffsetMap;

/// One change to an annotation.
#[derive(Clone, Debug, PartialEq)]
pub enum Edit {
    /// Adds a span (its `text` is filled from the document).
    AddSpan(Span),
    /// Removes the span with this id; the full span is kept for the inverse.
    RemoveSpan(Span),
    /// Changes a span's label.
    Relabel {
        id: String,
        from: String,
        to: String,
    },
    /// Moves a span's boundaries.
    Resize {
        id: String,
        from: (usize, usize),
        to: (usize, usize),
    },
    /// Replaces a span's attributes.
    SetAttrs { id: String, from: Attrs, to: Attrs },
    /// Changes the document status.
    SetStatus { from: Status, to: Status },
    /// Adds a relation.
    AddRelation(Relation),
    /// Removes a relation.
    RemoveRelation(Relation),
    /// Records a rejected suggestion.
    Reject(Rejected),
    /// Takes a rejection back.
    Unreject(Rejected),
    /// Several edits applied as one undoable step, in order.
    Batch(Vec<Edit>),
}

pub use crate::core::data::error::EditError;

impl Edit {
    /// Builds the edit that removes span `id` together with the relations that use it.
    pub fn remove_span(ann: &Annotation, id: &str) -> Option<Edit> {
        let span = ann.span(id)?.clone();
        let mut steps: Vec<Edit> = ann
            .relations
            .iter()
            .filter(|r| r.from == id || r.to == id)
            .cloned()
            .map(Edit::RemoveRelation)
            .collect();
        steps.push(Edit::RemoveSpan(span));
        Some(if steps.len() == 1 {
            steps.pop().expect("one step")
        } else {
            Edit::Batch(steps)
        })
    }

    /// Applies the edit to `ann` over the document `text`, returning its inverse. On error
    /// `ann` is unchanged (a failing batch is rolled back).
    pub fn apply(
        &self,
        ann: &mut Annotation,
        text: &str,
        map: &OffsetMap,
    ) -> Result<Edit, EditError> {
        match self {
            Edit::AddSpan(span) => add_span(ann, text, map, span),
            Edit::RemoveSpan(span) => {
                Ok(Edit::AddSpan(take_by_id(&mut ann.spans, &span.id, |s| {
                    &s.id
                })?))
            }
            Edit::Relabel { id, from, to } => relabel(ann, id, from, to),
            Edit::Resize { id, from, to } => resize(ann, text, map, id, *from, *to),
            Edit::SetAttrs { id, from, to } => set_attrs(ann, id, from, to),
            Edit::SetStatus { from, to } => set_status(ann, *from, *to),
            Edit::AddRelation(rel) => add_relation(ann, rel),
            Edit::RemoveRelation(rel) => Ok(Edit::AddRelation(take_by_id(
                &mut ann.relations,
                &rel.id,
                |r| &r.id,
            )?)),
            Edit::Reject(r) => reject(ann, r),
            Edit::Unreject(r) => unreject(ann, r),
            Edit::Batch(steps) => apply_batch(steps, ann, text, map),
        }
    }
}

/// Adds `span` with its text filled from the document; returns the removal that undoes it.
fn add_span(
    ann: &mut Annotation,
    text: &str,
    map: &OffsetMap,
    span: &Span,
) -> Result<Edit, EditError> {
    let covered = covered(text, map, span.start, span.end)?;
    if ann.spans.iter().any(|s| s.id == span.id) {
        return Err(EditError::IdTaken(span.id.clone()));
    }
    check_not_duplicate(ann, None, span.start, span.end, &span.label)?;
    let mut span = span.clone();
    span.text = covered.to_string();
    let inverse = Edit::RemoveSpan(span.clone());
    let at = insertion_point(ann, &span);
    ann.spans.insert(at, span);
    Ok(inverse)
}

/// Changes span `id`'s label from `from` to `to`; returns the relabel back.
fn relabel(ann: &mut Annotation, id: &str, from: &str, to: &str) -> Result<Edit, EditError> {
    let (start, end) = {
        let s = find(ann, id)?;
        if s.label != from {
            return Err(EditError::Stale);
        }
        (s.start, s.end)
    };
    check_not_duplicate(ann, Some(id), start, end, to)?;
    find_mut(ann, id)?.label = to.to_string();
    Ok(Edit::Relabel {
        id: id.to_string(),
        from: to.to_string(),
        to: from.to_string(),
    })
}

/// Moves span `id`'s boundaries from `from` to `to`, refreshing its text and the span order;
/// returns the resize back.
fn resize(
    ann: &mut Annotation,
    text: &str,
    map: &OffsetMap,
    id: &str,
    from: (usize, usize),
    to: (usize, usize),
) -> Result<Edit, EditError> {
    let covered = covered(text, map, to.0, to.1)?.to_string();
    let label = {
        let s = find(ann, id)?;
        if (s.start, s.end) != from {
            return Err(EditError::Stale);
        }
        s.label.clone()
    };
    check_not_duplicate(ann, Some(id), to.0, to.1, &label)?;
    let s = find_mut(ann, id)?;
    (s.start, s.end, s.text) = (to.0, to.1, covered);
    ann.normalise_order();
    Ok(Edit::Resize {
        id: id.to_string(),
        from: to,
        to: from,
    })
}

/// Replaces span `id`'s attributes `from` with `to`; returns the replacement back.
fn set_attrs(ann: &mut Annotation, id: &str, from: &Attrs, to: &Attrs) -> Result<Edit, EditError> {
    let s = find_mut(ann, id)?;
    if &s.attrs != from {
        return Err(EditError::Stale);
    }
    s.attrs = to.clone();
    Ok(Edit::SetAttrs {
        id: id.to_string(),
        from: to.clone(),
        to: from.clone(),
    })
}

/// Changes the document status from `from` to `to`; returns the change back.
fn set_status(ann: &mut Annotation, from: Status, to: Status) -> Result<Edit, EditError> {
    if ann.status != from {
        return Err(EditError::Stale);
    }
    ann.status = to;
    Ok(Edit::SetStatus { from: to, to: from })
}

/// Adds `rel` after checking its id is free and both its ends exist; returns its removal.
fn add_relation(ann: &mut Annotation, rel: &Relation) -> Result<Edit, EditError> {
    if ann.relations.iter().any(|r| r.id == rel.id) {
        return Err(EditError::IdTaken(rel.id.clone()));
    }
    for end in [&rel.from, &rel.to] {
        find(ann, end)?;
    }
    ann.relations.push(rel.clone());
    Ok(Edit::RemoveRelation(rel.clone()))
}

/// Records the rejection `r`, keeping the rejections sorted; returns the unreject.
fn reject(ann: &mut Annotation, r: &Rejected) -> Result<Edit, EditError> {
    if ann.rejected.contains(r) {
        return Err(EditError::Stale);
    }
    ann.rejected.push(r.clone());
    ann.rejected
        .sort_by(|a, b| (a.start, a.end, &a.label).cmp(&(b.start, b.end, &b.label)));
    Ok(Edit::Unreject(r.clone()))
}

/// Takes the rejection `r` back; returns the reject.
fn unreject(ann: &mut Annotation, r: &Rejected) -> Result<Edit, EditError> {
    let pos = ann
        .rejected
        .iter()
        .position(|x| x == r)
        .ok_or(EditError::Stale)?;
    ann.rejected.remove(pos);
    Ok(Edit::Reject(r.clone()))
}

/// Applies `steps` in order, rolling back the applied ones if one fails; returns the batch of
/// inverses in reverse order.
fn apply_batch(
    steps: &[Edit],
    ann: &mut Annotation,
    text: &str,
    map: &OffsetMap,
) -> Result<Edit, EditError> {
    let mut inverses = Vec::with_capacity(steps.len());
    for step in steps {
        match step.apply(ann, text, map) {
            Ok(inv) => inverses.push(inv),
            Err(e) => {
                for inv in inverses.iter().rev() {
                    let _ = inv.apply(ann, text, map);
                }
                return Err(e);
            }
        }
    }
    inverses.reverse();
    Ok(Edit::Batch(inverses))
}

fn covered<'t>(
    text: &'t str,
    map: &OffsetMap,
    start: usize,
    end: usize,
) -> Result<&'t str, EditError> {
    if start >= end {
        return Err(EditError::BadRange(start, end));
    }
    map.slice(text, start, end)
        .ok_or(EditError::BadRange(start, end))
}

fn check_not_duplicate(
    ann: &Annotation,
    except: Option<&str>,
    start: usize,
    end: usize,
    label: &str,
) -> Result<(), EditError> {
    let dup = ann.spans.iter().any(|s| {
        Some(s.id.as_str()) != except && s.start == start && s.end == end && s.label == label
    });
    if dup {
        Err(EditError::Duplicate {
            start,
            end,
            label: label.to_string(),
        })
    } else {
        Ok(())
    }
}

fn insertion_point(ann: &Annotation, span: &Span) -> usize {
    ann.spans.partition_point(|s| {
        (s.start, s.end, &s.label, &s.id) < (span.start, span.end, &span.label, &span.id)
    })
}

fn find<'a>(ann: &'a Annotation, id: &str) -> Result<&'a Span, EditError> {
    ann.spans
        .iter()
        .find(|s| s.id == id)
        .ok_or_else(|| EditError::Missing(id.to_string()))
}

fn find_mut<'a>(ann: &'a mut Annotation, id: &str) -> Result<&'a mut Span, EditError> {
    ann.spans
        .iter_mut()
        .find(|s| s.id == id)
        .ok_or_else(|| EditError::Missing(id.to_string()))
}

/// An edit in the history with the selections around it: undoing it restores `before`,
/// redoing it restores `after`.
#[derive(Clone, Debug)]
struct Step {
    /// The edit to apply (the inverse, on the undo stack; the edit again, on the redo stack).
    edit: Edit,
    /// The selection when the original edit was made.
    before: Selection,
    /// The selection the original edit left.
    after: Selection,
}

/// Undo and redo stacks of inverse edits, without limit, each with its selections.
#[derive(Clone, Debug, Default)]
pub struct History {
    undo: Vec<Step>,
    redo: Vec<Step>,
}

impl History {
    /// Applies `edit` and records its inverse with the selections before and after it; clears
    /// the redo stack.
    pub fn apply(
        &mut self,
        edit: &Edit,
        ann: &mut Annotation,
        text: &str,
        map: &OffsetMap,
        selections: (Selection, Selection),
    ) -> Result<(), EditError> {
        let inverse = edit.apply(ann, text, map)?;
        self.undo.push(Step {
            edit: inverse,
            before: selections.0,
            after: selections.1,
        });
        self.redo.clear();
        Ok(())
    }

    /// Undoes the last edit; returns the selection to restore (the one before that edit), or
    /// `None` when there is nothing to undo.
    pub fn undo(
        &mut self,
        ann: &mut Annotation,
        text: &str,
        map: &OffsetMap,
    ) -> Result<Option<Selection>, EditError> {
        replay(
            &mut self.undo,
            &mut self.redo,
            |s| &s.before,
            ann,
            text,
            map,
        )
    }

    /// Redoes the last undone edit; returns the selection to restore (the one that edit left),
    /// or `None` when there is nothing to redo.
    pub fn redo(
        &mut self,
        ann: &mut Annotation,
        text: &str,
        map: &OffsetMap,
    ) -> Result<Option<Selection>, EditError> {
        replay(&mut self.redo, &mut self.undo, |s| &s.after, ann, text, map)
    }

    /// Number of steps that can be undone.
    pub fn undo_len(&self) -> usize {
        self.undo.len()
    }

    /// Number of steps that can be redone.
    pub fn redo_len(&self) -> usize {
        self.redo.len()
    }

    /// Forgets a step that was applied but could not be saved (after it was rolled back).
    pub fn drop_last(&mut self) {
        self.undo.pop();
    }
}

/// Removes and returns the item of `items` whose id (by `id_of`) is `id`, keeping the order of
/// the rest.
fn take_by_id<T>(
    items: &mut Vec<T>,
    id: &str,
    id_of: impl Fn(&T) -> &String,
) -> Result<T, EditError> {
    let pos = items
        .iter()
        .position(|item| id_of(item) == id)
        .ok_or_else(|| EditError::Missing(id.to_string()))?;
    Ok(items.remove(pos))
}

/// Applies the last step of `from` and moves its inverse onto `to`, returning the selection
/// `restore` picks from the step; a step that fails to apply stays where it was.
fn replay(
    from: &mut Vec<Step>,
    to: &mut Vec<Step>,
    restore: fn(&Step) -> &Selection,
    ann: &mut Annotation,
    text: &str,
    map: &OffsetMap,
) -> Result<Option<Selection>, EditError> {
    let Some(step) = from.pop() else {
        return Ok(None);
    };
    match step.edit.apply(ann, text, map) {
        Ok(inverse) => {
            let selection = restore(&step).clone();
            to.push(Step {
                edit: inverse,
                ..step
            });
            Ok(Some(selection))
        }
        Err(e) => {
            from.push(step);
            Err(e)
        }
    }
}

#[cfg(test)]
mod tests;
