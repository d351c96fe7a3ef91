//! The label bar under the menu: one button per label of labels.ron with its colour and key, and
//! a hint whose keys come from the keymap.

use super::style::label_color;
use super::{AppView, View};
use crate::app::actions::{Action, EditAction, ViewAction};
use crate::app::keymap;
use crate::core::data::display_names::Displayed;
use crate::tr;
use egui::RichText;

/// The label bar (no state of its own).
pub struct LabelBar;

impl View for LabelBar {
    fn ui(&mut self, ui: &mut egui::Ui, app: &AppView<'_>) -> Vec<Action> {
        let mut actions = Vec::new();
        let Some(session) = app.session else {
            return actions;
        };
        let labels = &session.dataset.labels;
        let enabled = !session.is_read_only();
        let lang = app.settings.lang();
        ui.horizontal(|ui| {
            for label in &labels.labels {
                let color = label_color(labels, &label.name);
                let button = egui::Button::new(
                    RichText::new(format!("{}  {}", label.key, label.display(lang.tag()))).strong(),
                )
                .fill(color.gamma_multiply_u8(90))
                .stroke(egui::Stroke::new(1.5, color));
                if ui
                    .add_enabled(enabled, button)
                    .on_hover_text(&label.description)
                    .clicked()
                {
                    actions.push(EditAction::Label(label.name.clone()).into());
                }
            }
            ui.separator();
            let help_key =
                keymap::shortcut_text(&ViewAction::ToggleHelp.into()).unwrap_or_default();
            ui.label(
                RichText::new(tr!(
                    lang,
                    "labelbar-hint",
                    label_keys = keymap::label_key_range(labels, "-"),
                    help_key = help_key,
                ))
                .weak(),
            );
        });
        actions
    }
}
