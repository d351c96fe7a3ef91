//! The status bar at the bottom: who annotates (or who is reviewed), whether the document is
//! saved or the dataset read-only, the position in the dataset, span counts, undo depth, and
//! the background model (training, with its time, or ready).

use super::{AppView, View};
use crate::app::actions::Action;
use egui::RichText;

/// The status bar (no state of its own).
pub struct StatusBar;

impl View for StatusBar {
    fn ui(&mut self, ui: &mut egui::Ui, app: &AppView<'_>) -> Vec<Action> {
        ui.horizontal(|ui| {
            let Some(session) = app.session else {
                ui.label("No dataset open.");
                return;
            };
            match app.review {
                Some((a, b)) => ui.label(format!("review: {a} + {b} -> {}", session.annotator)),
                None => ui.label(format!("annotator: {}", session.annotator)),
            };
            ui.separator();
            if session.is_read_only() {
                ui.label(RichText::new("read-only").color(ui.visuals().warn_fg_color));
            } else if let Some(cur) = &session.current {
                ui.label(if cur.ann.revision > 0 {
                    format!("saved (revision {})", cur.ann.revision)
                } else {
                    "saved (nothing yet)".into()
                });
            }
            ui.separator();
            if let Some(cur) = &session.current {
                ui.label(format!(
                    "document {} / {}",
                    cur.index + 1,
                    session.dataset.documents().len()
                ));
                ui.separator();
                let counts: Vec<String> = session
                    .dataset
                    .labels
                    .labels
                    .iter()
                    .map(|l| format!("{} {}", l.name, cur.ann.count_label(&l.name)))
                    .collect();
                ui.label(counts.join("  "));
                ui.separator();
                let (u, r) = session.history_depth();
                ui.label(format!("undo {u} / redo {r}"));
                ui.separator();
                use crate::app::learner::LearnerState;
                let line = app.learner.describe();
                match app.learner {
                    LearnerState::Idle => ui.label(RichText::new(line).weak()),
                    LearnerState::Failed(why) | LearnerState::Unsaved(_, why) => ui
                        .label(RichText::new(line).color(ui.visuals().warn_fg_color))
                        .on_hover_text(why.as_str()),
                    _ => ui.label(line),
                };
            }
        });
        Vec::new()
    }
}
