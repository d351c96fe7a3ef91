//! Read access to the app's state, for the keymap and for tests (the fields are private: only
//! the reducer in `apply` changes them).

use super::BiaozhuApp;
use super::keymap::KeyContext;
use super::message::Message;
use super::settings::Settings;
use super::views::article::ArticleView;
use super::views::find_bar::FindBar;
use crate::core::annotate::session::{OpenDocument, Session};
use crate::core::check::validate::Finding;
use crate::core::data::model::Span;

impl BiaozhuApp {
    /// The open session, once a dataset and an annotator are known.
    pub fn session(&self) -> Option<&Session> {
        self.session.as_ref()
    }

    /// The open document.
    pub fn current(&self) -> Option<&OpenDocument> {
        self.session.as_ref()?.current.as_ref()
    }

    /// The settings (persisted between runs).
    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    /// The messages shown in the window, oldest first.
    pub fn messages(&self) -> &[Message] {
        &self.messages
    }

    /// Problems found by validation when the dataset was opened.
    pub fn problems(&self) -> &[Finding] {
        &self.problems
    }

    /// The selected range, in code points (the selected span's range when a span is selected).
    pub fn selection(&self) -> Option<(usize, usize)> {
        self.selection.range
    }

    /// The selected span's id.
    pub fn selected_span(&self) -> Option<&str> {
        self.selection.span.as_deref()
    }

    /// The two annotators under review, when reviewing into `gold`.
    pub fn review(&self) -> Option<&(String, String)> {
        self.session.as_ref()?.review.as_ref()
    }

    /// The label used last (Shift+A accepts its suggestions).
    pub fn active_label(&self) -> Option<&str> {
        self.active_label.as_deref()
    }

    /// The find bar: query and matches.
    pub fn find(&self) -> &FindBar {
        &self.find_bar
    }

    /// The article view: its layout maps code points to screen rectangles.
    pub fn article(&self) -> &ArticleView {
        &self.article
    }

    /// Whether the first-run name prompt is shown.
    pub fn is_asking_name(&self) -> bool {
        self.name_prompt.is_open()
    }

    /// Whether the shortcut sheet is shown.
    pub fn help_shown(&self) -> bool {
        self.help_sheet.shown
    }

    /// The suggestions of the open document not accepted or rejected yet.
    pub fn pending_suggestions(&self) -> Vec<Span> {
        self.session
            .as_ref()
            .map(|s| s.pending_suggestions())
            .unwrap_or_default()
    }

    /// Link mode (after R on a selected span), when it is on.
    pub fn link_mode(&self) -> Option<&crate::app::linking::LinkMode> {
        self.link.as_ref()
    }

    /// The document list's text filter.
    pub fn doc_filter(&self) -> &str {
        &self.doc_list.text
    }

    /// The name typed into the first-run prompt, while it is shown.
    pub fn name_typed(&self) -> Option<&str> {
        self.name_prompt.typed()
    }

    /// The guidelines panel: whether it is shown and which label's section.
    pub fn guidelines(&self) -> &crate::app::views::guidelines::GuidelinesPanel {
        &self.guidelines
    }

    /// The Dashboard window.
    pub fn dashboard(&self) -> &crate::app::views::dashboard::DashboardView {
        &self.dashboard
    }

    /// The document list's filter to some documents (a pair's disagreements).
    pub fn doc_list_only(&self) -> Option<&(String, Vec<String>)> {
        self.doc_list.only.as_ref()
    }

    /// Whether the Projects view is shown.
    pub fn projects_shown(&self) -> bool {
        self.projects_shown
    }

    /// What the keymap's conditions look at this frame.
    pub(super) fn key_context(&self, ctx: &egui::Context) -> KeyContext {
        KeyContext {
            // A text field with the keyboard, or an open composition: keys are the input
            // method's or the field's, never shortcuts.
            typing: ctx.egui_wants_keyboard_input() || self.composing,
            find_open: self.find_bar.open,
            has_target: self
                .selection
                .target(self.current().map(|c| &c.ann))
                .is_some(),
            help_shown: self.help_sheet.shown,
            linking: self.link.is_some(),
            span_selected: self.selection.span.is_some(),
        }
    }
}
