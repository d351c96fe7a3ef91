//! Handler for [`ReviewAction`]: accepting and rejecting suggestions (undoable edits), and
//! starting and ending a review of two annotators into `gold`.

use super::{no_dataset, no_document, usage};
use crate::app::BiaozhuApp;
use crate::app::actions::ReviewAction;
use crate::core::annotate::edit::Edit;
use crate::core::data::error::Result;
use crate::core::data::model::Rejected;

/// The annotator a review writes to: the same as `biaozhu adjudicate`'s default.
pub use crate::core::annotate::review::ADJUDICATED;

impl BiaozhuApp {
    pub(super) fn apply_review(&mut self, action: ReviewAction) -> Result<()> {
        match action {
            ReviewAction::Accept | ReviewAction::Reject => {
                let Some(target) = self.suggestion_target() else {
                    self.info("No suggestion is pending here.");
                    return Ok(());
                };
                if action == ReviewAction::Accept {
                    let edit = self
                        .session
                        .as_ref()
                        .and_then(|s| s.accept_edit(std::slice::from_ref(&target)))
                        .ok_or_else(no_document)?;
                    self.apply_edit(edit)?;
                    self.active_label = Some(target.label.clone());
                } else {
                    self.apply_edit(Edit::Reject(Rejected {
                        start: target.start,
                        end: target.end,
                        label: target.label.clone(),
                    }))?;
                }
                self.article.scroll_to = None;
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
                        usage("Label or select a span first: Shift+A accepts the suggestions of that label.")
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
            ReviewAction::Start(a, b) => {
                let path = self.session_ref()?.dataset.root().to_path_buf();
                if a == b {
                    return Err(usage("Choose two different annotators to review."));
                }
                let index = self.current().map_or(0, |c| c.index);
                self.session = None;
                self.review = Some((a.clone(), b.clone()));
                self.open_dataset(&path);
                if let Some(s) = self.session.as_mut() {
                    s.go_to(index)?;
                }
                self.info(format!("Reviewing {a} and {b} into {ADJUDICATED}: A accepts a span, X rejects it; solid outlines are spans both agree on."));
            }
            ReviewAction::End => {
                let path = self
                    .session
                    .as_ref()
                    .map(|s| s.dataset.root().to_path_buf())
                    .ok_or_else(no_dataset)?;
                self.session = None;
                self.review = None;
                self.open_dataset(&path);
            }
        }
        Ok(())
    }
}
