//! The problems `validate` found when the dataset was opened, in a bottom panel; a click goes to
//! the document.

use super::{AppView, View};
use crate::app::actions::{Action, NavAction};
use crate::tr;
use egui::RichText;

/// The problem list (no state of its own).
pub struct ProblemList;

impl View for ProblemList {
    fn ui(&mut self, ui: &mut egui::Ui, app: &AppView<'_>) -> Vec<Action> {
        let mut actions = Vec::new();
        let Some(session) = app.session else {
            return actions;
        };
        let problems = app.problems;
        let heading = tr!(app.settings.lang(), "problems-heading", n = problems.len());
        ui.label(RichText::new(heading).color(ui.visuals().warn_fg_color));
        // Only the rows in sight are laid out, and a problem finds its document by id: a
        // dataset can have thousands of problems and documents, and each frame draws the list.
        let row_height = ui.text_style_height(&egui::TextStyle::Body);
        egui::ScrollArea::vertical()
            .id_salt("problems")
            .max_height(120.0)
            .show_rows(ui, row_height, problems.len(), |ui, rows| {
                for p in &problems[rows] {
                    let stem =
                        p.at.file
                            .as_deref()
                            .and_then(std::path::Path::file_stem)
                            .map(|s| s.to_string_lossy().into_owned())
                            .unwrap_or_default();
                    if ui
                        .link(crate::app::message::problem_text(app.settings.lang(), p))
                        .clicked()
                        && let Some(i) = session.dataset.position(&stem)
                    {
                        actions.push(NavAction::GoTo(i).into());
                    }
                }
            });
        actions
    }
}
