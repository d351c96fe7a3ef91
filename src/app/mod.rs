//! The desktop app (eframe/egui). Views and the keymap turn input into `Action`s; the reducer
//! (`apply`) applies them to the core `Session` after each frame, and the views draw the
//! session's state. The app never edits files itself.
//!
//! This file holds the app's state, its construction and the layout of the window.

pub mod actions;
mod apply;
mod effort;
pub mod fonts;
pub mod i18n;
pub mod keymap;
pub mod learner;
pub mod linking;
pub mod message;
pub mod sample;
pub mod settings;
mod state;
pub mod views;

pub use actions::{
    Action, DatasetAction, EditAction, FindAction, NavAction, ReviewAction, SelectAction,
    ViewAction,
};
pub use apply::ADJUDICATED;
pub use message::Message;
pub use settings::Settings;

use crate::core::annotate::selection::Selection;
use crate::core::annotate::session::Session;
use crate::core::check::validate::Finding;
use std::path::PathBuf;
use views::article::ArticleView;
use views::dashboard::DashboardView;
use views::doc_list::DocList;
use views::find_bar::FindBar;
use views::guidelines::GuidelinesPanel;
use views::help_sheet::HelpSheet;
use views::label_bar::LabelBar;
use views::menu::Menu;
use views::messages::MessageList;
use views::name_prompt::NamePrompt;
use views::problems::ProblemList;
use views::projects::ProjectsView;
use views::relations_panel::RelationsPanel;
use views::span_panel::SpanPanel;
use views::status_bar::StatusBar;
use views::{AppView, View};

/// The app: the session and what belongs to the window, and one struct per view with state.
pub struct BiaozhuApp {
    /// Persisted settings.
    settings: Settings,
    /// The open session, once a dataset and an annotator are known.
    session: Option<Session>,
    /// The dataset to open once the annotator is known.
    pending_dataset: Option<PathBuf>,
    /// What is selected in the article.
    selection: Selection,
    /// Messages shown in the window (errors never only on stderr).
    messages: Vec<Message>,
    /// Problems found by validation when the dataset was opened.
    problems: Vec<Finding>,
    /// Actions asked for during this frame, applied after it.
    pending: Vec<Action>,
    /// The theme set on the context last (so it is set only when it changes).
    applied_theme: Option<bool>,
    /// The label used last, for accepting all suggestions of a label.
    active_label: Option<String>,
    /// Link mode, after R on a selected span.
    link: Option<linking::LinkMode>,
    /// Whether the Projects view is shown.
    projects_shown: bool,
    /// The model that retrains in the background, and what it is doing.
    learner: learner::Learner,
    /// The validation of the dataset just opened, running in the background.
    validating: Option<std::sync::mpsc::Receiver<Vec<Finding>>>,
    /// An input method's composition is open (a preedit is shown and not yet committed): no
    /// single-key shortcut may fire, whatever has the keyboard.
    composing: bool,
    /// The recording of active time and how spans came about (`effort`).
    effort: effort::EffortRecorder,
    doc_list: DocList,
    article: ArticleView,
    span_panel: SpanPanel,
    find_bar: FindBar,
    name_prompt: NamePrompt,
    help_sheet: HelpSheet,
    guidelines: GuidelinesPanel,
    dashboard: DashboardView,
}

/// Runs the desktop app; `open` is a dataset folder to open instead of the last one.
pub fn run(open: Option<PathBuf>) -> i32 {
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title("biaozhu 标注")
            .with_inner_size([1280.0, 820.0]),
        persist_window: true,
        ..Default::default()
    };
    match eframe::run_native(
        "biaozhu",
        options,
        Box::new(move |cc| Ok(Box::new(BiaozhuApp::new(cc, open)))),
    ) {
        Ok(()) => 0,
        Err(e) => {
            eprintln!("error: the window could not be opened: {e}");
            2
        }
    }
}

impl BiaozhuApp {
    /// Creates the app from eframe's creation context: fonts, settings, and the dataset to open
    /// (the given one, else the last one, else a copy of the bundled sample).
    pub fn new(cc: &eframe::CreationContext<'_>, open: Option<PathBuf>) -> Self {
        let mut settings: Settings = cc
            .storage
            .and_then(|s| eframe::get_value(s, settings::KEY))
            .unwrap_or_default();
        // The first start follows the system's language; the choice is saved from then on.
        settings
            .language
            .get_or_insert_with(i18n::Language::of_system);
        let mut messages = Vec::new();
        let dataset = open
            .or_else(|| {
                settings
                    .last_dataset
                    .clone()
                    .filter(|p| crate::core::data::layout::is_dataset(p))
            })
            .or_else(|| match sample::ensure_copy(&sample::default_location()) {
                Ok(p) => Some(p),
                Err(e) => {
                    messages.push(Message {
                        text: crate::tr!(
                            settings.lang(),
                            "msg-sample-not-copied",
                            folder = sample::default_location().display().to_string(),
                            why = e.to_string(),
                        ),
                        error_kind: Some(crate::core::data::error::ErrorKind::Io),
                    });
                    None
                }
            });
        let mut app = Self::with_settings(&cc.egui_ctx, settings, dataset);
        app.messages.extend(messages);
        app
    }

    /// Creates the app with the given settings and dataset (used by `new` and by tests).
    pub fn with_settings(
        ctx: &egui::Context,
        settings: Settings,
        dataset: Option<PathBuf>,
    ) -> Self {
        fonts::install(ctx);
        let name_prompt = match settings.annotator {
            None => NamePrompt::asking(settings::default_annotator()),
            Some(_) => NamePrompt::default(),
        };
        let mut app = BiaozhuApp {
            settings,
            session: None,
            pending_dataset: dataset,
            selection: Selection::default(),
            messages: Vec::new(),
            problems: Vec::new(),
            pending: Vec::new(),
            applied_theme: None,
            active_label: None,
            link: None,
            projects_shown: false,
            learner: learner::Learner::default(),
            validating: None,
            composing: false,
            effort: effort::EffortRecorder::default(),
            doc_list: DocList::default(),
            article: ArticleView::default(),
            span_panel: SpanPanel::default(),
            find_bar: FindBar::default(),
            name_prompt,
            help_sheet: HelpSheet::default(),
            guidelines: GuidelinesPanel::default(),
            dashboard: DashboardView::default(),
        };
        // A translation that could not be loaded is said once; the window shows English for it.
        app.messages
            .extend(i18n::catalog().problems().iter().map(Message::info));
        if app.settings.annotator.is_some()
            && let Some(path) = app.pending_dataset.take()
        {
            app.open_dataset(&path);
        }
        app
    }
}

impl BiaozhuApp {
    /// Takes what the learner's threads finished: a new model tags the open document and ranks
    /// the queue; tagged spans become the open document's suggestions. Keeps the window polling
    /// while anything runs.
    fn poll_learner(&mut self, ctx: &egui::Context) {
        let (new_model, tagged) = self.learner.poll();
        if let Some(s) = self.session.as_mut() {
            s.min_confidence = self.settings.min_confidence;
        }
        if let Some(bytes) = new_model {
            if let Some(s) = &self.session {
                self.learner
                    .saved(s.dataset.write_model(&s.annotator, &bytes));
            }
            self.tag_open_document();
            if let Some(s) = &self.session {
                let (root, who) = (s.dataset.root().to_path_buf(), s.annotator.clone());
                self.learner.start_queue(&root, &who);
            }
        }
        if let Some((doc, spans)) = tagged
            && let Some(s) = self.session.as_mut()
        {
            s.set_memory_suggestions(&doc, learner::SOURCE, spans);
        }
        if let Some((doc, links)) = self.learner.poll_links()
            && let Some(s) = self.session.as_mut()
        {
            s.set_memory_relations(&doc, links);
        }
        self.link_open_document();
        if let Some(rx) = &self.validating
            && let Ok(problems) = rx.try_recv()
        {
            self.problems = problems;
            self.validating = None;
        }
        if self.learner.busy() || self.validating.is_some() {
            ctx.request_repaint_after(std::time::Duration::from_millis(100));
        }
    }

    /// Links the open document's spans with the model (in the background) when they, the
    /// suggestions or the model changed since the last linking: the model's links show as
    /// suggested links as soon as both ends are the annotator's.
    fn link_open_document(&mut self) {
        let Some(s) = &self.session else { return };
        let Some(cur) = &s.current else { return };
        if self.learner.model().is_none() {
            return;
        }
        use std::hash::{Hash, Hasher};
        let mut h = std::hash::DefaultHasher::new();
        cur.doc.id.hash(&mut h);
        // A reopened document has no links yet: link it again.
        cur.memory_relations.is_empty().hash(&mut h);
        for x in &cur.ann.spans {
            (x.start, x.end, &x.label).hash(&mut h);
        }
        cur.ann.spans.len().hash(&mut h);
        for x in &cur.suggestions {
            (x.start, x.end, &x.label).hash(&mut h);
        }
        let key = h.finish();
        let spans = (cur.ann.spans.as_slice(), cur.suggestions.as_slice());
        self.learner
            .start_linking(key, &cur.doc.id, &cur.doc.text, spans, &s.dataset.labels);
    }

    /// The learner (for tests and the status bar).
    pub fn learner(&self) -> &learner::Learner {
        &self.learner
    }

    /// Notes whether an input method's composition is open, from this frame's IME events: a
    /// non-empty preedit opens it; a commit, an empty preedit or the IME turning off closes it.
    fn follow_composition(&mut self, ctx: &egui::Context) {
        ctx.input(|i| {
            for event in &i.events {
                if let egui::Event::Ime(ime) = event {
                    match ime {
                        egui::ImeEvent::Preedit { text, .. } => self.composing = !text.is_empty(),
                        egui::ImeEvent::Commit(_) => self.composing = false,
                        _ => {}
                    }
                }
            }
        });
    }

    /// Whether an input method's composition is open (for tests and the key handler).
    pub fn is_composing(&self) -> bool {
        self.composing
    }

    /// Whether the validation of the open dataset is still running.
    pub fn is_validating(&self) -> bool {
        self.validating.is_some()
    }
}

impl eframe::App for BiaozhuApp {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        let ctx = ui.ctx().clone();
        if self.applied_theme != Some(self.settings.dark) {
            ctx.set_theme(if self.settings.dark {
                egui::Theme::Dark
            } else {
                egui::Theme::Light
            });
            self.applied_theme = Some(self.settings.dark);
        }
        self.poll_learner(&ctx);
        self.follow_composition(&ctx);
        self.track_effort(&ctx);
        if !self.name_prompt.is_open() {
            let keys = self.key_context(&ctx);
            let labels = self.session.as_ref().map(|s| &s.dataset.labels);
            let actions = keymap::read_keys(&ctx, &keys, labels);
            self.pending.extend(actions);
        }

        let app = AppView {
            session: self.session.as_ref(),
            settings: &self.settings,
            selection: &self.selection,
            review: self.session.as_ref().and_then(|s| s.review.as_ref()),
            problems: &self.problems,
            messages: &self.messages,
            find: None,
            link: self.link.as_ref(),
            learner: &self.learner.state,
            queue: self.learner.queue.as_deref(),
        };
        let has_session = app.session.is_some();
        let mut actions = Vec::new();
        egui::Panel::top("top").show(ui, |ui| {
            actions.extend(Menu.ui(ui, &app));
            actions.extend(LabelBar.ui(ui, &app));
            actions.extend(MessageList.ui(ui, &app));
        });
        egui::Panel::bottom("status").show(ui, |ui| StatusBar.ui(ui, &app));
        if !app.problems.is_empty() && has_session {
            let problems = egui::Panel::bottom("problems")
                .resizable(true)
                .show(ui, |ui| ProblemList.ui(ui, &app));
            actions.extend(problems.inner);
        }
        if has_session {
            let docs = egui::Panel::left("documents")
                .resizable(true)
                .default_size(250.0)
                .show(ui, |ui| self.doc_list.ui(ui, &app));
            actions.extend(docs.inner);
            if self.guidelines.shown {
                let guidelines = egui::Panel::right("guidelines")
                    .resizable(true)
                    .default_size(420.0)
                    .show(ui, |ui| self.guidelines.ui(ui, &app));
                actions.extend(guidelines.inner);
            }
            let spans = egui::Panel::right("spans")
                .resizable(true)
                .default_size(280.0)
                .show(ui, |ui| {
                    let mut asked = self.span_panel.ui(ui, &app);
                    asked.extend(RelationsPanel.ui(ui, &app));
                    asked
                });
            actions.extend(spans.inner);
            if self.projects_shown {
                let projects = egui::Panel::bottom("projects")
                    .resizable(true)
                    .default_size(180.0)
                    .show(ui, |ui| ProjectsView.ui(ui, &app));
                actions.extend(projects.inner);
            }
        }
        egui::CentralPanel::default().show(ui, |ui| {
            if self.article.header(ui, &app) {
                actions.extend(self.find_bar.ui(ui, &app));
                ui.separator();
                let app = AppView {
                    find: Some(&self.find_bar),
                    ..app
                };
                actions.extend(self.article.ui(ui, &app));
            }
        });
        self.help_sheet.ui(ui, &app);
        actions.extend(self.dashboard.show(&ctx, &app));
        actions.extend(self.name_prompt.ui(ui, &app));

        self.pending.extend(actions);
        if !self.pending.is_empty() {
            // The state changed after this frame was drawn: draw it again at once.
            ctx.request_repaint();
        }
        self.apply_pending();
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        eframe::set_value(storage, settings::KEY, &self.settings);
    }
}
