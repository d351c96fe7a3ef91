//! Handler for [`EditAction`]: labelling, relabelling, deleting and resizing spans, attributes,
//! the document status, undo and redo. Every change goes through the session's edit path.

use super::{no_document, usage};
use crate::app::BiaozhuApp;
use crate::app::actions::{Action, EditAction, ReviewAction};
use crate::core::annotate::edit::Edit;
use crate::core::annotate::selection::Selection;
use crate::core::data::display_names::Displayed;
use crate::core::data::error::Result;
use crate::core::data::model::Status;
use crate::tr;

impl BiaozhuApp {
    pub(super) fn apply_edit_action(&mut self, action: EditAction) -> Result<()> {
        let lang = self.lang();
        match action {
            EditAction::Label(label) => self.label(label),
            EditAction::LabelAllMatches(label) => self.label_all_matches(label),
            EditAction::DeleteSelected => {
                let Some(id) = self.selection.span.clone() else {
                    return Ok(());
                };
                let edit = self
                    .current()
                    .and_then(|c| Edit::remove_span(&c.ann, &id))
                    .ok_or_else(|| usage(tr!(lang, "err-selected-span-gone")))?;
                self.apply_edit_selecting(edit, Selection::default())
            }
            EditAction::MoveEnd(d) => self.move_edge(true, d),
            EditAction::MoveStart(d) => self.move_edge(false, d),
            EditAction::SetAttrs(id, attrs) => {
                let from = self
                    .current()
                    .and_then(|c| c.ann.span(&id))
                    .map(|s| s.attrs.clone())
                    .ok_or_else(|| usage(tr!(lang, "err-span-gone")))?;
                self.apply_edit(Edit::SetAttrs {
                    id,
                    from,
                    to: attrs,
                })
            }
            EditAction::SetStatus(to) => self.set_status(to),
            EditAction::StartLink => self.start_link(),
            EditAction::LinkTo(target) => self.link_to(target),
            EditAction::LinkChoice(n) => self.link_choice(n),
            EditAction::CancelLink => {
                self.link = None;
                Ok(())
            }
            EditAction::RemoveRelation(id) => self.remove_relation(&id),
            EditAction::Undo | EditAction::Redo => {
                let undo = action == EditAction::Undo;
                let session = self.session_mut()?;
                let stepped = if undo { session.undo() } else { session.redo() }?;
                match stepped {
                    // The selection the edit found (undo) or left (redo) comes back with it.
                    Some(selection) => self.selection = selection,
                    None => self.info(if undo {
                        tr!(lang, "msg-nothing-to-undo")
                    } else {
                        tr!(lang, "msg-nothing-to-redo")
                    }),
                }
                let exists = self
                    .selection
                    .span
                    .as_ref()
                    .is_some_and(|id| self.current().is_some_and(|c| c.ann.span(id).is_some()));
                if !exists {
                    self.selection.span = None;
                }
                self.span_panel.reset();
                Ok(())
            }
        }
    }

    /// Labels the selection (and selects the new span), or relabels the selected span.
    fn label(&mut self, label: String) -> Result<()> {
        let lang = self.lang();
        let session = self.session_ref()?;
        if session.dataset.labels.label(&label).is_none() {
            return Err(usage(tr!(lang, "err-no-such-label", label = &label)));
        }
        if let Some(id) = self.selection.span.clone() {
            if let Some(edit) = session.relabel_edit(&id, &label) {
                self.apply_edit(edit)?;
            }
            self.active_label = Some(label);
        } else if let Some((a, b)) = self.selection.range {
            let edit = session
                .label_edit(a, b, &label)
                .ok_or_else(|| no_document(lang))?;
            let new_id = session.current.as_ref().map(|c| c.ann.next_span_id());
            self.active_label = Some(label);
            let after = Selection {
                range: Some((a, b)),
                span: new_id,
            };
            self.apply_edit_selecting(edit, after)?;
        } else {
            return Err(usage(tr!(lang, "err-select-text-first")));
        }
        Ok(())
    }

    /// Labels every unlabelled match of the selected text, as one undoable step.
    fn label_all_matches(&mut self, label: String) -> Result<()> {
        let lang = self.lang();
        let (a, b) = self
            .target_range()
            .ok_or_else(|| usage(tr!(lang, "err-select-query-first")))?;
        let session = self.session_ref()?;
        let shown = session
            .dataset
            .labels
            .label(&label)
            .map_or(label.clone(), |d| d.display(lang.tag()).to_string());
        let cur = session.current.as_ref().ok_or_else(|| no_document(lang))?;
        let covered = cur.map.slice(&cur.doc.text, a, b).unwrap_or_default();
        let (a, b) = crate::core::annotate::selection::trim_edges(covered, a, b);
        let query = cur
            .map
            .slice(&cur.doc.text, a, b)
            .unwrap_or_default()
            .to_string();
        let ranges = crate::core::annotate::find::find_all(&cur.doc.text, &query);
        match session.label_all_edit(&ranges, &label) {
            Some(edit) => {
                let before = cur.ann.spans.len();
                self.apply_edit(edit)?;
                let after = self.current().map_or(before, |c| c.ann.spans.len());
                self.info(tr!(
                    lang,
                    "msg-labelled-matches",
                    n = after - before,
                    query = &query,
                    label = &shown,
                ));
            }
            None => self.info(tr!(
                lang,
                "msg-matches-already-labelled",
                query = &query,
                label = &shown,
            )),
        }
        Ok(())
    }

    /// Moves the end (or the start) of the selected span, or of the selected range, by `d`.
    fn move_edge(&mut self, moving_end: bool, d: i64) -> Result<()> {
        let Some((a, b)) = self.target_range() else {
            return Ok(());
        };
        let len = self.current().map_or(0, |c| c.map.char_count()) as i64;
        let (na, nb) = if moving_end {
            (a as i64, (b as i64 + d).clamp(0, len))
        } else {
            ((a as i64 + d).clamp(0, len), b as i64)
        };
        if na >= nb {
            return Ok(());
        }
        let (na, nb) = (na as usize, nb as usize);
        match self.selection.span.clone() {
            Some(id) => self.apply_edit(Edit::Resize {
                id,
                from: (a, b),
                to: (na, nb),
            }),
            None => {
                self.selection.range = Some((na, nb));
                Ok(())
            }
        }
    }

    /// Sets the document status; in a review, `reviewed` only once every difference is settled.
    fn set_status(&mut self, to: Status) -> Result<()> {
        let lang = self.lang();
        if let Some(session) = &self.session {
            let key = |a: ReviewAction| {
                crate::app::keymap::shortcut_text(&Action::Review(a)).unwrap_or_default()
            };
            session.check_status(to, &key(ReviewAction::Accept), &key(ReviewAction::Reject))?;
        }
        let from = self
            .current()
            .map(|c| c.ann.status)
            .ok_or_else(|| no_document(lang))?;
        if from != to {
            self.apply_edit(Edit::SetStatus { from, to })?;
            if to == Status::Done {
                self.document_done();
            }
        }
        Ok(())
    }
}
