//! The status bar at the bottom: who annotates (or who is reviewed), whether the document is
//! saved or the dataset read-only, the position in the dataset, span counts, undo depth, and
//! the background model (training, with its time, or ready).

use super::{AppView, View};
use crate::app::actions::Action;
use crate::core::data::display_names::Displayed;
use crate::tr;
use egui::RichText;

/// The status bar (no state of its own).
pub struct StatusBar;

impl View for StatusBar {
    fn ui(&mut self, ui: &mut egui::Ui, app: &AppView<'_>) -> Vec<Action> {
        let lang = app.settings.lang();
        ui.horizontal(|ui| {
            let Some(session) = app.session else {
                ui.label(tr!(lang, "status-no-dataset"));
                return;
            };
            let who = &session.annotator;
            match app.review {
                Some((a, b)) => ui.label(tr!(lang, "status-review", a = a, b = b, into = who)),
                None => ui.label(tr!(lang, "status-annotator", name = who)),
            };
            ui.separator();
            if session.is_read_only() {
                ui.label(
                    RichText::new(tr!(lang, "status-read-only")).color(ui.visuals().warn_fg_color),
                );
            } else if let Some(cur) = &session.current {
                ui.label(if cur.ann.revision > 0 {
                    tr!(lang, "status-saved", revision = cur.ann.revision)
                } else {
                    tr!(lang, "status-saved-nothing")
                });
            }
            ui.separator();
            if let Some(cur) = &session.current {
                ui.label(tr!(
                    lang,
                    "status-document",
                    at = cur.index + 1,
                    of = session.dataset.documents().len(),
                ));
                ui.separator();
                let counts: Vec<String> = session
                    .dataset
                    .labels
                    .labels
                    .iter()
                    .map(|l| format!("{} {}", l.display(lang.tag()), cur.ann.count_label(&l.name)))
                    .collect();
                ui.label(counts.join("  "));
                ui.separator();
                let (u, r) = session.history_depth();
                ui.label(tr!(lang, "status-undo-redo", undo = u, redo = r));
                ui.separator();
                use crate::app::learner::LearnerState;
                let line = app.learner.describe(lang);
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
