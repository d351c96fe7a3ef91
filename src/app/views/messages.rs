//! The last three messages under the label bar, each with a dismiss button. Errors are red; a
//! dataset locked by another process is not bad data, so it shows as a read-only notice in the
//! warning colour.

use super::{AppView, View};
use crate::app::actions::{Action, ViewAction};
use crate::tr;
use egui::RichText;

/// The message list (no state of its own: the messages belong to the app).
pub struct MessageList;

impl View for MessageList {
    fn ui(&mut self, ui: &mut egui::Ui, app: &AppView<'_>) -> Vec<Action> {
        let mut actions = Vec::new();
        let lang = app.settings.lang();
        for (i, m) in app.messages.iter().enumerate().rev().take(3) {
            ui.horizontal(|ui| {
                if m.is_lock() {
                    let warn = ui.visuals().warn_fg_color;
                    ui.label(RichText::new(tr!(lang, "msg-read-only-lock")).color(warn))
                        .on_hover_text(&m.text);
                    ui.label(RichText::new(&m.text).color(warn));
                } else {
                    let color = if m.is_error() {
                        ui.visuals().error_fg_color
                    } else {
                        ui.visuals().text_color()
                    };
                    ui.label(RichText::new(&m.text).color(color));
                }
                if ui.small_button(tr!(lang, "msg-dismiss")).clicked() {
                    actions.push(ViewAction::DismissMessage(i).into());
                }
            });
        }
        actions
    }
}
