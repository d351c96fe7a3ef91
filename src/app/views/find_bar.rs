//! The find bar above the article: the query, the number of matches and the current one. It
//! owns the find state; the reducer fills the matches (`core::annotate::find`) and moves between them.

use super::{AppView, View};
use crate::app::actions::{Action, FindAction};
use crate::tr;

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
    fn ui(&mut self, ui: &mut egui::Ui, app: &AppView<'_>) -> Vec<Action> {
        let mut actions = Vec::new();
        if !self.open {
            return actions;
        }
        let lang = app.settings.lang();
        ui.horizontal(|ui| {
            let label = ui.label(tr!(lang, "find-label"));
            let r = ui
                .add(
                    egui::TextEdit::singleline(&mut self.query)
                        .desired_width(220.0)
                        .id_salt("query-of-find"),
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
                Some(c) if n > 0 => tr!(lang, "find-match-of", at = c + 1, n = n),
                _ => tr!(lang, "find-matches", n = n),
            });
            if ui.button(tr!(lang, "find-next")).clicked() {
                actions.push(FindAction::Next.into());
            }
            if ui.button(tr!(lang, "find-close")).clicked() {
                actions.push(FindAction::Close.into());
            }
        });
        actions
    }
}
