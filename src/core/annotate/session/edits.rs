//! The edits the session builds for the app and the CLI: labelling a range, relabelling a
//! span, labelling every match, moving a `todo` document to `in_progress` in the same step; and
//! the check that a relation an edit adds joins spans its type allows.

use super::Session;
use crate::core::annotate::edit::Edit;
use crate::core::data::model::{Annotation, Relation, Span, Status};

impl Session {
    /// The edit that labels `start..end` with `label`, without the whitespace and punctuation
    /// at its edges (unless it is nothing else), and moves a `todo` document to `in_progress`.
    pub fn label_edit(&self, start: usize, end: usize, label: &str) -> Option<Edit> {
        let cur = self.current.as_ref()?;
        let covered = cur.map.slice(&cur.doc.text, start, end)?;
        // Whitespace and punctuation at the edges are left out (guidelines §1).
        let (start, end) = crate::core::annotate::selection::trim_edges(covered, start, end);
        let text = cur.map.slice(&cur.doc.text, start, end)?;
        let span = Span {
            id: cur.ann.next_span_id(),
            start,
            end,
            label: label.into(),
            text: String::new(),
            attrs: crate::core::annotate::values::typed_attrs_of(&self.dataset.labels, label, text),
        };
        Some(self.with_progress(vec![Edit::AddSpan(span)]))
    }

    /// The edit that gives span `id` another label, with the typed attributes of the new label
    /// in place of the old ones, as one step.
    pub fn relabel_edit(&self, id: &str, label: &str) -> Option<Edit> {
        let cur = self.current.as_ref()?;
        let span = cur.ann.span(id)?;
        if span.label == label {
            return None;
        }
        let typed =
            crate::core::annotate::values::typed_attrs_of(&self.dataset.labels, label, &span.text);
        let mut steps = vec![Edit::Relabel {
            id: id.into(),
            from: span.label.clone(),
            to: label.into(),
        }];
        if span.attrs != typed {
            steps.push(Edit::SetAttrs {
                id: id.into(),
                from: span.attrs.clone(),
                to: typed,
            });
        }
        Some(Edit::Batch(steps))
    }

    /// Wraps `steps` so that a `todo` document becomes `in_progress` in the same undoable step.
    pub fn with_progress(&self, mut steps: Vec<Edit>) -> Edit {
        if let Some(cur) = &self.current
            && cur.ann.status == Status::Todo
        {
            steps.push(Edit::SetStatus {
                from: Status::Todo,
                to: Status::InProgress,
            });
        }
        if steps.len() == 1 {
            steps.pop().expect("one step")
        } else {
            Edit::Batch(steps)
        }
    }

    /// The edit that labels every match of `ranges` not yet labelled `label`, as one step.
    pub fn label_all_edit(&self, ranges: &[(usize, usize)], label: &str) -> Option<Edit> {
        let cur = self.current.as_ref()?;
        let mut next = cur.ann.next_span_number();
        let mut steps = Vec::new();
        for &(start, end) in ranges {
            if cur
                .ann
                .spans
                .iter()
                .any(|s| s.start == start && s.end == end && s.label == label)
            {
                continue;
            }
            let text = cur.map.slice(&cur.doc.text, start, end).unwrap_or_default();
            steps.push(Edit::AddSpan(Span {
                id: format!("s{next}"),
                start,
                end,
                label: label.into(),
                text: String::new(),
                attrs: crate::core::annotate::values::typed_attrs_of(
                    &self.dataset.labels,
                    label,
                    text,
                ),
            }));
            next += 1;
        }
        (!steps.is_empty()).then(|| self.with_progress(steps))
    }
}

/// The first relation `edit` adds (at any depth of a batch) whose ends are not spans of `ann`
/// with labels its type joins. Spans added by the same batch count.
pub(super) fn misfit_relation<'e>(
    edit: &'e Edit,
    ann: &Annotation,
    labels: &crate::core::data::labels::LabelSchema,
) -> Option<&'e Relation> {
    fn added_spans<'a>(edit: &'a Edit, out: &mut Vec<&'a Span>) {
        match edit {
            Edit::AddSpan(s) => out.push(s),
            Edit::Batch(steps) => steps.iter().for_each(|e| added_spans(e, out)),
            _ => {}
        }
    }
    let mut added = Vec::new();
    added_spans(edit, &mut added);
    let find = |id: &str| {
        ann.span(id)
            .or_else(|| added.iter().copied().find(|s| s.id == id))
    };
    fn relations<'a>(edit: &'a Edit, out: &mut Vec<&'a Relation>) {
        match edit {
            Edit::AddRelation(r) => out.push(r),
            Edit::Batch(steps) => steps.iter().for_each(|e| relations(e, out)),
            _ => {}
        }
    }
    let mut rels = Vec::new();
    relations(edit, &mut rels);
    rels.into_iter()
        .find(|rel| match (find(&rel.from), find(&rel.to)) {
            (Some(a), Some(b)) => !crate::core::annotate::linking::fitting_types(labels, a, b)
                .iter()
                .any(|f| f.kind == rel.kind && f.from == rel.from),
            _ => true,
        })
}
