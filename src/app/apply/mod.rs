//! The reducer: applies one [`Action`] to the app and its session, after the frame that asked
//! for it (the way rerun's `command_handling` does). Each group of actions has its own handler
//! in its own file; this file dispatches, reports errors as messages (keeping the core error's
//! kind), and holds the helpers the handlers share.

mod dataset;
mod edit;
mod find;
mod link;
mod navigate;
mod review;
mod view;

pub use review::ADJUDICATED;

use super::BiaozhuApp;
use super::actions::Action;
use super::i18n::Language;
use super::message::Message;
use crate::core::annotate::edit::Edit;
use crate::core::annotate::selection::Selection;
use crate::core::annotate::session::Session;
use crate::core::data::error::{Error, Result};
use crate::core::data::model::{Span, Status};
use crate::tr;

/// An error that says what the user should do first (nothing is wrong with the data).
fn usage(text: impl Into<String>) -> Error {
    Error::Usage(text.into())
}

/// The error when an action needs a dataset and none is open.
fn no_dataset(lang: Language) -> Error {
    usage(tr!(lang, "err-no-dataset"))
}

/// The error when an action needs a document and none is open.
fn no_document(lang: Language) -> Error {
    usage(tr!(lang, "err-no-document"))
}

impl BiaozhuApp {
    /// Queues an action; it is applied after the current frame (or by `apply_pending`).
    pub fn dispatch(&mut self, action: impl Into<Action>) {
        self.pending.push(action.into());
    }

    /// Applies every queued action now; an error becomes a message in the window.
    pub fn apply_pending(&mut self) {
        let pending = std::mem::take(&mut self.pending);
        for action in pending {
            if let Err(e) = self.apply(action) {
                self.messages.push(Message::error(self.settings.lang(), &e));
            }
        }
    }

    /// Applies one action now. The error keeps its kind, so the window can tell a dataset
    /// locked by another process from bad data.
    pub fn apply(&mut self, action: impl Into<Action>) -> Result<()> {
        let action = action.into();
        // What the action does to the open annotation counts towards its effort (effort.rs).
        let before = self.effort_before(&action);
        let result = match action {
            Action::Dataset(a) => self.apply_dataset(a),
            Action::Nav(a) => self.apply_nav(a),
            Action::Select(a) => self.apply_select(a),
            Action::Edit(a) => self.apply_edit_action(a),
            Action::Find(a) => self.apply_find(a),
            Action::Review(a) => self.apply_review(a),
            Action::View(a) => self.apply_view(a),
        };
        self.effort_after(before);
        result
    }

    fn info(&mut self, text: impl Into<String>) {
        self.messages.push(Message::info(text));
    }

    /// The window's language.
    fn lang(&self) -> Language {
        self.settings.lang()
    }

    fn session_ref(&self) -> Result<&Session> {
        self.session.as_ref().ok_or_else(|| no_dataset(self.lang()))
    }

    fn session_mut(&mut self) -> Result<&mut Session> {
        let lang = self.lang();
        self.session.as_mut().ok_or_else(|| no_dataset(lang))
    }

    /// Applies an edit to the open annotation (saved at once, undoable); the selection stays as
    /// it is, and undo gives it back.
    fn apply_edit(&mut self, edit: Edit) -> Result<()> {
        let here = self.selection.clone();
        self.apply_edit_selecting(edit, here)
    }

    /// Applies an edit that leaves `after` selected; undo gives back the selection from before
    /// it, redo gives back `after`.
    fn apply_edit_selecting(&mut self, edit: Edit, after: Selection) -> Result<()> {
        let before = self.selection.clone();
        self.session_mut()?
            .apply_selecting(edit, before, after.clone())?;
        self.selection = after;
        if let Some(c) = self.current()
            && matches!(c.ann.status, Status::Done | Status::Reviewed)
        {
            let id = c.doc.id.clone();
            self.learner.note_changed(&id);
        }
        Ok(())
    }

    /// The range of the selected span, or the selected range.
    fn target_range(&self) -> Option<(usize, usize)> {
        self.selection.target(self.current().map(|c| &c.ann))
    }

    /// A document was marked done: every few, the model retrains in the background, from the
    /// last model (a warm start).
    fn document_done(&mut self) {
        self.learner.done_since += 1;
        if self.learner.done_since >= crate::app::learner::RETRAIN_EVERY
            && let Some(s) = &self.session
        {
            let (root, who) = (s.dataset.root().to_path_buf(), s.annotator.clone());
            self.learner.start_training(&root, &who, false);
        }
    }

    /// Tags the open document with the model in the background, when there is a model.
    pub(crate) fn tag_open_document(&mut self) {
        if let Some(s) = &self.session
            && let Some(cur) = &s.current
        {
            let root = s.dataset.root().to_path_buf();
            let (id, text) = (cur.doc.id.clone(), cur.doc.text.clone());
            self.learner.start_tagging(&root, &id, &text);
        }
    }

    /// Forgets what belonged to the previous document: selection, attribute fields, scroll
    /// position and find matches.
    fn reset_document_state(&mut self) {
        self.tag_open_document();
        self.selection.clear();
        self.link = None;
        self.span_panel.reset();
        self.article.scroll_to = Some(0);
        self.refresh_matches(false);
    }

    /// Finds the query again in the open document; with `scroll`, scrolls to the first match.
    fn refresh_matches(&mut self, scroll: bool) {
        self.find_bar.matches.clear();
        self.find_bar.current = None;
        let Some(cur) = self.session.as_ref().and_then(|s| s.current.as_ref()) else {
            return;
        };
        if self.find_bar.query.is_empty() {
            return;
        }
        self.find_bar.matches =
            crate::core::annotate::find::find_all(&cur.doc.text, &self.find_bar.query);
        if !self.find_bar.matches.is_empty() {
            self.find_bar.current = Some(0);
            if scroll {
                self.article.scroll_to = Some(self.find_bar.matches[0].0);
            }
        }
    }

    /// The suggestion A and X act on: under the pointer, else at the selection, else the first
    /// pending one after the selection (so pressing A walks through them).
    fn suggestion_target(&self) -> Option<Span> {
        let pending = self.pending_suggestions();
        if let Some(at) = self.article.hover_char
            && let Some(s) = pending.iter().find(|s| s.start <= at && at < s.end)
        {
            return Some(s.clone());
        }
        let (a, b) = self.target_range().unwrap_or((0, 0));
        pending
            .iter()
            .find(|s| s.start < b.max(a + 1) && a < s.end)
            .or_else(|| pending.iter().find(|s| s.start >= a))
            .or_else(|| pending.first())
            .cloned()
    }
}
