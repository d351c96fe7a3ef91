//! The shortcut sheet (F1 or ?), a window listing the keymap's rows with the dataset's label
//! keys. It owns whether it is shown.

use super::{AppView, View};
use crate::app::actions::Action;
use crate::app::keymap;
use egui::RichText;

/// The shortcut sheet.
#[derive(Default)]
pub struct HelpSheet {
    /// Whether the sheet is shown.
    pub shown: bool,
}

impl View for HelpSheet {
    fn ui(&mut self, ui: &mut egui::Ui, app: &AppView<'_>) -> Vec<Action> {
        let Some(session) = app.session else {
            return Vec::new();
        };
        if !self.shown {
            return Vec::new();
        }
        let lang = app.settings.lang();
        let rows = keymap::sheet_rows_in(&session.dataset.labels, lang);
        let mut open = true;
        egui::Window::new(crate::tr!(lang, "help-title"))
            .open(&mut open)
            .collapsible(false)
            .default_width(640.0)
            .show(ui.ctx(), |ui| {
                egui::Grid::new("shortcuts")
                    .num_columns(2)
                    .striped(true)
                    .show(ui, |ui| {
                        for (keys, what) in &rows {
                            ui.label(RichText::new(keys).strong());
                            ui.add(egui::Label::new(what).wrap());
                            ui.end_row();
                        }
                    });
            });
        if !open {
            self.shown = false;
        }
        Vec::new()
    }
}
