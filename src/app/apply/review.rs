//! Handler for [`ReviewAction`]: accepting and rejecting suggestions (undoable edits), and
//! starting and ending a review of two annotators into `gold`.

use super::{no_dataset, no_document, usage};
use crate::app::BiaozhuApp;
use crate::app::actions::ReviewAction;
use crate::core::annotate::edit::Edit;
use crate::core::data::error::Result;

/// The annotator a review writes to: the same as `biaozhu adjudicate`'s default.
pub use crate::core::annotate::review::ADJUDICATED;

impl BiaozhuApp {
    pub(super) fn apply_review(&mut self, action: ReviewAction) -> Result<()> {
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
                        usage(format!("Label or select a span first: {} accepts the suggestions of that label.", crate::app::keymap::key_for(ReviewAction::AcceptAllOfLabel)))
                    })?;
                let pending: Vec<_> = self
                    .pending_suggestions()
                    .into_iter()
                    .filter(|s| s.label == label)
                    .collect();
                match self.session.as_ref().and_then(|s| s.accept_edit(&pending)) {
                    Some(edit) => {
                        self.apply_edit(edit)?;
                        self.info(format!("Accepted {} {label} suggestions.", pending.len()));
                    }
                    None => self.info(format!("No {label} suggestion is pending.")),
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
                        self.info(format!("Accepted {} suggested links.", pending.len()));
                    }
                    None => self.info(
                        "No suggested link is pending here: a suggested link is offered once both of its spans are yours.",
                    ),
                }
            }
            ReviewAction::Retrain => {
                let session = self.session_ref()?;
                let (root, who) = (
                    session.dataset.root().to_path_buf(),
                    session.annotator.clone(),
                );
                if self.learner.is_training() {
                    self.info("The model is training already.");
                } else {
                    self.learner.start_training(&root, &who);
                    self.info(format!("Training {who}'s model in the background on the documents marked done or reviewed."));
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
        let Some(target) = self.suggestion_target() else {
            self.info("No suggestion is pending here.");
            return Ok(());
        };
        if accept {
            let edit = self
                .session
                .as_ref()
                .and_then(|s| s.accept_edit(std::slice::from_ref(&target)))
                .ok_or_else(no_document)?;
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
        self.info(format!("Reviewing {a} and {b} into {ADJUDICATED}: {accept} accepts a span, {reject} rejects it; solid outlines are spans both agree on."));
        Ok(())
    }

    /// Ends the review: the dataset opens again for the annotator.
    fn end_review(&mut self) -> Result<()> {
        let path = self
            .session
            .as_ref()
            .map(|s| s.dataset.root().to_path_buf())
            .ok_or_else(no_dataset)?;
        self.session = None;
        self.open_dataset(&path);
        Ok(())
    }
}
