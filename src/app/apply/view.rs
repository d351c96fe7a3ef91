//! Handler for [`ViewAction`]: scrolling, text size, theme, the shortcut sheet, the Projects
//! view, messages.

use crate::app::BiaozhuApp;
use crate::app::actions::ViewAction;
use crate::core::data::error::Result;

impl BiaozhuApp {
    pub(super) fn apply_view(&mut self, action: ViewAction) -> Result<()> {
        match action {
            ViewAction::ScrollTo(at) => self.article.scroll_to = Some(at),
            ViewAction::FontSize(d) => {
                self.settings.font_size = (self.settings.font_size + d).clamp(10.0, 40.0)
            }
            ViewAction::ToggleTheme => self.settings.dark = !self.settings.dark,
            ViewAction::ToggleHelp => self.help_sheet.shown = !self.help_sheet.shown,
            ViewAction::ToggleProjects => self.projects_shown = !self.projects_shown,
            ViewAction::ToggleQueueOrder => self.doc_list.by_queue = !self.doc_list.by_queue,
            ViewAction::SetLanguage(lang) => self.settings.language = Some(lang),
            ViewAction::DismissMessage(i) => {
                if i < self.messages.len() {
                    self.messages.remove(i);
                }
            }
        }
        Ok(())
    }
}
