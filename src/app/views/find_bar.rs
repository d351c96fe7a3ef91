//! The find bar above the article: the query, the number of matches and the current one. It
//! owns the find state; the reducer fills the matches (`core::annotate::find`) and moves between them.

use super::{AppView, View};
use crate::app::actions::{Action, FindAction};

/// The find bar and its state.
#[derive(Default, Debug)]
pub struct FindBar {
    /// Whether the bar is shown.
    pub open: bool,
    /// The query.
    pub query: String,
    /// Matches in the open document, as code-point ranges.
    pub matches: Vec<(usize, usize)>,
    /// The current match.
    pub current: Option<usize>,
    /// Give the query field the keyboard on the next frame.
    pub focus: bool,
}

impl FindBar {
    /// The matches in the open document, as code-point ranges.
    pub fn matches(&self) -> &[(usize, usize)] {
        &self.matches
    }
}

impl View for FindBar {
    fn ui(&mut self, ui: &mut egui::Ui, _app: &AppView<'_>) -> Vec<Action> {
        let mut actions = Vec::new();
        if !self.open {
            return actions;
        }
        ui.horizontal(|ui| {
            let label = ui.label("Find:");
            let r = ui
                .add(
                    egui::TextEdit::singleline(&mut self.query)
                        .desired_width(220.0)
                        .id_salt("find-query"),
                )
                .labelled_by(label.id);
            if self.focus {
                r.request_focus();
                self.focus = false;
            }
            if r.changed() {
                actions.push(FindAction::Query(self.query.clone()).into());
            }
            let n = self.matches.len();
            ui.label(match self.current {
                Some(c) if n > 0 => format!("{} / {n} matches", c + 1),
                _ => format!("{n} matches"),
            });
            if ui.button("Next").clicked() {
                actions.push(FindAction::Next.into());
            }
            if ui.button("Close").clicked() {
                actions.push(FindAction::Close.into());
            }
        });
        actions
    }
}
