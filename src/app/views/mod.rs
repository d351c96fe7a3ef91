//! The views of the window, one file each. A view draws the app's state, keeps only its own
//! state (a filter, a text buffer, a flag), and returns actions; none changes the session. The
//! layout (which view goes where) is `eframe::App::ui` in `app/mod.rs`.

pub mod article;
pub mod dashboard;
pub mod doc_list;
pub mod find_bar;
pub mod guidelines;
pub mod help_sheet;
pub mod label_bar;
pub mod menu;
pub mod messages;
pub mod name_prompt;
pub mod problems;
pub mod projects;
pub mod relations_panel;
pub mod span_panel;
pub mod status_bar;
pub mod style;

use super::actions::Action;
use super::message::Message;
use super::settings::Settings;
use crate::core::annotate::selection::Selection;
use crate::core::annotate::session::{OpenDocument, Session};
use crate::core::check::validate::Finding;

/// The app state every view may read (and none may change).
#[derive(Clone, Copy)]
pub struct AppView<'a> {
    /// The open session.
    pub session: Option<&'a Session>,
    /// The settings (theme, text size).
    pub settings: &'a Settings,
    /// The selection in the article.
    pub selection: &'a Selection,
    /// The two annotators under review.
    pub review: Option<&'a (String, String)>,
    /// Problems found when the dataset was opened.
    pub problems: &'a [Finding],
    /// Messages for the window.
    pub messages: &'a [Message],
    /// The find bar's matches, for the article (`None` while the find bar itself is drawn).
    pub find: Option<&'a find_bar::FindBar>,
    /// Link mode, when it is on.
    pub link: Option<&'a super::linking::LinkMode>,
    /// What the background learner is doing.
    pub learner: &'a super::learner::LearnerState,
    /// The model's queue (document ids, most informative first), once ranked.
    pub queue: Option<&'a [String]>,
}

impl<'a> AppView<'a> {
    /// The open session and its current document, when both are there: what the article and
    /// the right panel draw.
    pub fn open_document(&self) -> Option<(&'a Session, &'a OpenDocument)> {
        let session = self.session?;
        Some((session, session.current.as_ref()?))
    }
}

/// A part of the window (egui demo's `View`): draws itself from the app state and its own state,
/// and returns what the user asked for.
pub trait View {
    /// Draws the view into `ui`.
    fn ui(&mut self, ui: &mut egui::Ui, app: &AppView<'_>) -> Vec<Action>;
}
