//! Handlers for [`NavAction`] (moving between documents) and [`SelectAction`] (the selection).

use crate::app::BiaozhuApp;
use crate::app::actions::{NavAction, SelectAction};
use crate::core::annotate::edit::Edit;
use crate::core::data::error::Result;
use crate::core::data::model::Status;

impl BiaozhuApp {
    pub(super) fn apply_nav(&mut self, action: NavAction) -> Result<()> {
        match action {
            NavAction::GoTo(i) => {
                self.session_mut()?.go_to(i)?;
                self.reset_document_state();
            }
            NavAction::Next | NavAction::Prev => {
                let session = self.session_mut()?;
                let n = session.dataset.documents().len();
                let i = session.current.as_ref().map_or(0, |c| c.index);
                let to = if action == NavAction::Next {
                    (i + 1).min(n.saturating_sub(1))
                } else {
                    i.saturating_sub(1)
                };
                if to != i {
                    self.apply_nav(NavAction::GoTo(to))?;
                }
            }
            NavAction::DoneAndNext => {
                if let Some(from) = self.current().map(|c| c.ann.status)
                    && from != Status::Done
                {
                    self.apply_edit(Edit::SetStatus {
                        from,
                        to: Status::Done,
                    })?;
                }
                let session = self.session_mut()?;
                let n = session.summaries.len();
                let i = session.current.as_ref().map_or(0, |c| c.index);
                let next = (1..n).map(|k| (i + k) % n).find(|&j| {
                    !matches!(session.summaries[j].status, Status::Done | Status::Reviewed)
                });
                match next {
                    Some(j) => self.apply_nav(NavAction::GoTo(j))?,
                    None => self.info(crate::tr!(self.lang(), "msg-every-document-done")),
                }
            }
        }
        Ok(())
    }

    pub(super) fn apply_select(&mut self, action: SelectAction) -> Result<()> {
        match action {
            SelectAction::Range(a, b) => self.selection.set_range((a, b)),
            SelectAction::Span(id) => {
                let range = self
                    .current()
                    .and_then(|c| c.ann.span(&id))
                    .map(|s| (s.start, s.end));
                if let Some(r) = range {
                    self.selection.range = Some(r);
                    self.selection.span = Some(id);
                    self.span_panel.reset();
                }
            }
            SelectAction::Clear => self.selection.clear(),
        }
        Ok(())
    }
}
