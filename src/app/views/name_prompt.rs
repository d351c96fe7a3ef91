//! The first-run prompt for the annotator's name, a modal over the window. It owns the text
//! being typed and whether the field has been focused.

use super::{AppView, View};
use crate::app::actions::{Action, DatasetAction};
use crate::tr;
use egui::Key;

/// The name prompt; `buffer` is `Some` while it is shown.
#[derive(Default)]
pub struct NamePrompt {
    buffer: Option<String>,
    focused: bool,
}

impl NamePrompt {
    /// The name in the field, while the prompt is shown.
    pub fn typed(&self) -> Option<&str> {
        self.buffer.as_deref()
    }

    /// A prompt shown with this name filled in.
    pub fn asking(default_name: String) -> Self {
        NamePrompt {
            buffer: Some(default_name),
            focused: false,
        }
    }

    /// Whether the prompt is shown.
    pub fn is_open(&self) -> bool {
        self.buffer.is_some()
    }

    /// Hides the prompt (the name was accepted).
    pub fn close(&mut self) {
        self.buffer = None;
    }
}

impl View for NamePrompt {
    fn ui(&mut self, ui: &mut egui::Ui, app: &AppView<'_>) -> Vec<Action> {
        let lang = app.settings.lang();
        let Some(name) = &mut self.buffer else {
            return Vec::new();
        };
        let mut submit = false;
        egui::Modal::new(egui::Id::unique("who")).show(ui.ctx(), |ui| {
            ui.heading(tr!(lang, "name-heading"));
            ui.label(tr!(lang, "name-explained"));
            let label = ui.label(tr!(lang, "name-label"));
            let r = ui.text_edit_singleline(name).labelled_by(label.id);
            // Focus the field once; asking every frame keeps the window repainting.
            if !self.focused {
                r.request_focus();
                self.focused = true;
            }
            if ui.button(tr!(lang, "name-start")).clicked()
                || (r.lost_focus() && ui.input(|i| i.key_pressed(Key::Enter)))
            {
                submit = true;
            }
        });
        if submit {
            vec![DatasetAction::SetAnnotator(name.trim().to_string()).into()]
        } else {
            Vec::new()
        }
    }
}
