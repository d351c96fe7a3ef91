//! Handler for [`ViewAction`]: scrolling, text size, theme, the shortcut sheet, the Projects
//! view, messages.

use crate::app::BiaozhuApp;
use crate::app::actions::ViewAction;
use crate::core::data::error::Result;

impl BiaozhuApp {
    /// Shows the guidelines at the selected span's label (whole with no span), or hides them.
    fn toggle_guidelines(&mut self) {
        if self.guidelines.shown {
            self.guidelines.shown = false;
            return;
        }
        let label = self
            .selection
            .span
            .as_ref()
            .and_then(|id| self.current()?.ann.span(id).map(|s| s.label.clone()));
        let root = self
            .session
            .as_ref()
            .map(|s| s.dataset.root().to_path_buf());
        self.guidelines
            .open(root.as_deref(), self.settings.lang(), label);
    }

    pub(super) fn apply_view(&mut self, action: ViewAction) -> Result<()> {
        match action {
            ViewAction::ScrollTo(at) => self.article.scroll_to = Some(at),
            ViewAction::FontSize(d) => {
                self.settings.font_size = (self.settings.font_size + d).clamp(10.0, 40.0)
            }
            ViewAction::ToggleTheme => self.settings.dark = !self.settings.dark,
            ViewAction::ToggleHelp => self.help_sheet.shown = !self.help_sheet.shown,
            ViewAction::ToggleProjects => self.projects_shown = !self.projects_shown,
            ViewAction::ToggleGuidelines => self.toggle_guidelines(),
            ViewAction::WholeGuidelines => self.guidelines.section = None,
            ViewAction::ToggleDashboard => self.dashboard.shown = !self.dashboard.shown,
            ViewAction::FilterDocuments(only) => self.doc_list.only = only,
            ViewAction::ToggleQueueOrder => self.doc_list.by_queue = !self.doc_list.by_queue,
            ViewAction::SetLanguage(lang) => self.settings.language = Some(lang),
            ViewAction::RecordEffort(on) => self.settings.record_effort = on,
            ViewAction::DismissMessage(i) => {
                if i < self.messages.len() {
                    self.messages.remove(i);
                }
            }
        }
        Ok(())
    }
}
