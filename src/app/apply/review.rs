//! Handler for [`ReviewAction`]: accepting and rejecting suggestions (undoable edits), and
//! starting and ending a review of two annotators into `gold`.

use super::{no_dataset, no_document, usage};
use crate::app::BiaozhuApp;
use crate::app::actions::ReviewAction;
use crate::core::annotate::edit::Edit;
use crate::core::data::display_names::Displayed;
use crate::core::data::error::Result;
use crate::tr;

/// The annotator a review writes to: the same as `biaozhu adjudicate`'s default.
pub use crate::core::annotate::review::ADJUDICATED;

impl BiaozhuApp {
    pub(super) fn apply_review(&mut self, action: ReviewAction) -> Result<()> {
        let lang = self.lang();
        match action {
            ReviewAction::Accept | ReviewAction::Reject => {
                self.settle_one(action == ReviewAction::Accept)?
            }
            ReviewAction::AcceptAllOfLabel => {
                let label = self
                    .selection
                    .span
                    .as_ref()
                    .and_then(|id| self.current()?.ann.span(id).map(|s| s.label.clone()))
                    .or_else(|| self.active_label.clone())
                    .or_else(|| self.suggestion_target().map(|s| s.label))
                    .ok_or_else(|| {
                        let key = crate::app::keymap::key_for(ReviewAction::AcceptAllOfLabel);
                        usage(tr!(lang, "err-label-first", key = key))
                    })?;
                let pending: Vec<_> = self
                    .pending_suggestions()
                    .into_iter()
                    .filter(|s| s.label == label)
                    .collect();
                let shown = self
                    .session
                    .as_ref()
                    .and_then(|s| s.dataset.labels.label(&label));
                let shown = shown.map_or(label.clone(), |d| d.display(lang.tag()).to_string());
                match self.session.as_ref().and_then(|s| s.accept_edit(&pending)) {
                    Some(edit) => {
                        self.apply_edit(edit)?;
                        let n = pending.len();
                        self.info(tr!(lang, "msg-accepted-label", n = n, label = shown));
                    }
                    None => self.info(tr!(lang, "msg-none-pending-label", label = shown)),
                }
            }
            ReviewAction::AcceptRelations => {
                let session = self.session_ref()?;
                let selected = self.selection.span.clone();
                let pending: Vec<_> = session
                    .pending_relations()
                    .into_iter()
                    .filter(|r| {
                        selected
                            .as_ref()
                            .is_none_or(|id| r.from == *id || r.to == *id)
                    })
                    .collect();
                let edit = self.current().and_then(|c| {
                    crate::core::annotate::pending_relations::accept_edit(&c.ann, &pending)
                });
                match edit {
                    Some(edit) => {
                        self.apply_edit(edit)?;
                        self.info(tr!(lang, "msg-accepted-links", n = pending.len()));
                    }
                    None => self.info(tr!(lang, "msg-no-link-pending")),
                }
            }
            ReviewAction::Retrain => {
                let session = self.session_ref()?;
                let (root, who) = (
                    session.dataset.root().to_path_buf(),
                    session.annotator.clone(),
                );
                if self.learner.is_training() {
                    self.info(tr!(lang, "msg-training-already"));
                } else {
                    self.learner.start_training(&root, &who, true);
                    self.info(tr!(lang, "msg-training-started", who = who));
                }
            }
            ReviewAction::MinConfidence(c) => {
                self.settings.min_confidence = c.clamp(0.0, 1.0);
                if let Some(s) = self.session.as_mut() {
                    s.min_confidence = self.settings.min_confidence;
                }
            }
            ReviewAction::Start(a, b) => self.start_review(&a, &b)?,
            ReviewAction::End => self.end_review()?,
        }
        Ok(())
    }

    /// Accepts (`accept`) or rejects the suggestion at hand, as one undoable edit.
    fn settle_one(&mut self, accept: bool) -> Result<()> {
        let lang = self.lang();
        let Some(target) = self.suggestion_target() else {
            self.info(tr!(lang, "msg-no-suggestion-here"));
            return Ok(());
        };
        if accept {
            let edit = self
                .session
                .as_ref()
                .and_then(|s| s.accept_edit(std::slice::from_ref(&target)))
                .ok_or_else(|| no_document(lang))?;
            self.apply_edit(edit)?;
            self.active_label = Some(target.label.clone());
        } else {
            self.apply_edit(Edit::Reject(target.key()))?;
        }
        self.article.scroll_to = None;
        Ok(())
    }

    /// Reopens the dataset to review `a` and `b` into `gold`, at the same document.
    fn start_review(&mut self, a: &str, b: &str) -> Result<()> {
        let path = self.session_ref()?.dataset.root().to_path_buf();
        let index = self.current().map_or(0, |c| c.index);
        // Refused before the open session is closed, so a wrong choice loses nothing.
        crate::core::annotate::session::Session::check_review(a, b)?;
        self.session = None;
        let who = self.settings.annotator.clone().unwrap_or_default();
        self.open_session(&path, Some((a, b)), &who);
        if let Some(s) = self.session.as_mut() {
            s.go_to(index)?;
        }
        let key = |r: ReviewAction| {
            crate::app::keymap::shortcut_text(&crate::app::actions::Action::Review(r))
                .unwrap_or_default()
        };
        let (accept, reject) = (key(ReviewAction::Accept), key(ReviewAction::Reject));
        let lang = self.lang();
        self.info(tr!(
            lang,
            "msg-reviewing",
            a = a,
            b = b,
            into = ADJUDICATED,
            accept = accept,
            reject = reject,
        ));
        Ok(())
    }

    /// Ends the review: the dataset opens again for the annotator.
    fn end_review(&mut self) -> Result<()> {
        let lang = self.lang();
        let path = self
            .session
            .as_ref()
            .map(|s| s.dataset.root().to_path_buf())
            .ok_or_else(|| no_dataset(lang))?;
        self.session = None;
        self.open_dataset(&path);
        Ok(())
    }
}
