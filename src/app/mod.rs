//! The desktop app (eframe/egui). It turns input into `Action`s, applies them to the core
//! `Session` after each frame, and draws the session's state. It never edits files itself.

pub mod actions;
pub mod article_view;
pub mod fonts;
pub mod panels;
pub mod sample;
pub mod settings;

use crate::core::edit::Edit;
use crate::core::find;
use crate::core::import::{self, CleanupOptions};
use crate::core::model::Status;
use crate::core::session::Session;
use crate::core::store::Dataset;
use crate::core::validate::{self, Problem};
pub use actions::Action;
use egui::{Key, Modifiers, RichText};
pub use settings::Settings;
use std::path::{Path, PathBuf};

/// The state of the find bar.
#[derive(Default, Debug)]
pub struct FindState {
    /// Whether the bar is shown.
    pub open: bool,
    /// The query.
    pub query: String,
    /// Matches in the open document, as code-point ranges.
    pub matches: Vec<(usize, usize)>,
    /// The current match.
    pub current: Option<usize>,
    focus: bool,
}

/// A message shown in the window.
#[derive(Clone, Debug, PartialEq)]
pub struct Message {
    /// What happened.
    pub text: String,
    /// Whether it is an error.
    pub error: bool,
}

/// The app.
pub struct BiaozhuApp {
    /// Persisted settings.
    pub settings: Settings,
    /// The open session, once a dataset and an annotator are known.
    pub session: Option<Session>,
    /// The dataset to open once the annotator is known.
    pending_dataset: Option<PathBuf>,
    /// The selected range.
    pub selection: Option<(usize, usize)>,
    /// The selected span.
    pub selected_span: Option<String>,
    /// The article view's layout state.
    pub view: article_view::ViewState,
    /// Find.
    pub find: FindState,
    /// Messages shown in the window (errors never only on stderr).
    pub messages: Vec<Message>,
    /// Problems found by validation when the dataset was opened.
    pub problems: Vec<Problem>,
    /// The first-run name prompt's buffer.
    pub name_prompt: Option<String>,
    show_help: bool,
    filter: panels::DocFilter,
    attr_buffer: Vec<(String, String)>,
    pending: Vec<Action>,
    applied_theme: Option<bool>,
    prompt_focused: bool,
    /// The label used last, for accepting all suggestions of a label.
    pub active_label: Option<String>,
    /// The two annotators under review, when reviewing into `gold`.
    pub review: Option<(String, String)>,
}

/// The annotator a review writes to.
pub const ADJUDICATED: &str = "gold";

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
        let settings: Settings = cc
            .storage
            .and_then(|s| eframe::get_value(s, settings::KEY))
            .unwrap_or_default();
        let mut messages = Vec::new();
        let dataset = open
            .or_else(|| {
                settings
                    .last_dataset
                    .clone()
                    .filter(|p| crate::core::layout::is_dataset(p))
            })
            .or_else(|| match sample::ensure_copy(&sample::default_location()) {
                Ok(p) => Some(p),
                Err(e) => {
                    messages.push(Message {
                        text: format!(
                            "The bundled sample could not be copied to {}: {e}",
                            sample::default_location().display()
                        ),
                        error: true,
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
        let mut app = BiaozhuApp {
            name_prompt: settings
                .annotator
                .is_none()
                .then(settings::default_annotator),
            settings,
            session: None,
            pending_dataset: dataset,
            selection: None,
            selected_span: None,
            view: Default::default(),
            find: Default::default(),
            messages: Vec::new(),
            problems: Vec::new(),
            show_help: false,
            filter: Default::default(),
            attr_buffer: Vec::new(),
            pending: Vec::new(),
            applied_theme: None,
            prompt_focused: false,
            active_label: None,
            review: None,
        };
        if app.settings.annotator.is_some()
            && let Some(path) = app.pending_dataset.take()
        {
            app.open_dataset(&path);
        }
        app
    }

    /// Queues an action; it is applied after the current frame (or by `apply_pending`).
    pub fn dispatch(&mut self, action: Action) {
        self.pending.push(action);
    }

    /// Applies every queued action now.
    pub fn apply_pending(&mut self) {
        let pending = std::mem::take(&mut self.pending);
        for action in pending {
            if let Err(message) = self.apply(action) {
                self.messages.push(Message {
                    text: message,
                    error: true,
                });
            }
        }
    }

    fn info(&mut self, text: impl Into<String>) {
        self.messages.push(Message {
            text: text.into(),
            error: false,
        });
    }

    fn open_dataset(&mut self, path: &Path) {
        let Some(annotator) = self.settings.annotator.clone() else {
            self.pending_dataset = Some(path.to_path_buf());
            return;
        };
        let (annotator, sources) = match &self.review {
            Some((a, b)) => (ADJUDICATED.to_string(), vec![a.clone(), b.clone()]),
            None => (annotator, vec!["model-rules".to_string()]),
        };
        match Session::open_with_suggestions(path, &annotator, sources) {
            Ok(session) => {
                self.problems = validate::validate_paths(&[path.to_path_buf()])
                    .map(|r| r.problems)
                    .unwrap_or_default();
                if session.is_read_only() {
                    self.messages.push(Message {
                        text: "Another biaozhu is writing this dataset: it is open read-only. Close the other window to edit.".into(),
                        error: true,
                    });
                }
                self.session = Some(session);
                self.settings.last_dataset = Some(path.to_path_buf());
                self.reset_document_state();
            }
            Err(e) => self.messages.push(Message {
                text: format!("Could not open the dataset: {e}"),
                error: true,
            }),
        }
    }

    fn reset_document_state(&mut self) {
        self.selection = None;
        self.selected_span = None;
        self.attr_buffer.clear();
        self.view.scroll_to = Some(0);
        self.refresh_matches(false);
    }

    fn session_mut(&mut self) -> Result<&mut Session, String> {
        self.session
            .as_mut()
            .ok_or_else(|| "No dataset is open.".to_string())
    }

    fn apply_edit(&mut self, edit: Edit) -> Result<(), String> {
        self.session_mut()?.apply(edit).map_err(|e| e.to_string())
    }

    /// The range of the selected span, or the selected range.
    fn target_range(&self) -> Option<(usize, usize)> {
        let cur = self.session.as_ref()?.current.as_ref()?;
        match &self.selected_span {
            Some(id) => cur.ann.span(id).map(|s| (s.start, s.end)),
            None => self.selection,
        }
    }

    fn refresh_matches(&mut self, scroll: bool) {
        self.find.matches.clear();
        self.find.current = None;
        let Some(cur) = self.session.as_ref().and_then(|s| s.current.as_ref()) else {
            return;
        };
        if self.find.query.is_empty() {
            return;
        }
        self.find.matches = find::find_all(&cur.doc.text, &self.find.query);
        if !self.find.matches.is_empty() {
            self.find.current = Some(0);
            if scroll {
                self.view.scroll_to = Some(self.find.matches[0].0);
            }
        }
    }

    /// Applies one action. Errors come back as text for the window.
    pub fn apply(&mut self, action: Action) -> Result<(), String> {
        match action {
            Action::OpenDataset(path) => self.open_dataset(&path),
            Action::NewDataset(path) => {
                let name = path
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_else(|| "dataset".into());
                drop(Dataset::create(&path, &name, None).map_err(|e| e.to_string())?);
                self.open_dataset(&path);
            }
            Action::ImportArticles(paths) => {
                let session = self.session_mut()?;
                let rules =
                    import::dataset_chrome_rules(&session.dataset).map_err(|e| e.to_string())?;
                let (files, _) = import::collect_files(&paths).map_err(|e| e.to_string())?;
                let mut failed = Vec::new();
                let summary = import::import_files(
                    &mut session.dataset,
                    &files,
                    &rules,
                    CleanupOptions::default(),
                    |_, outcome| {
                        if let Err(e) = outcome {
                            failed.push(e.to_string());
                        }
                    },
                )
                .map_err(|e| e.to_string())?;
                let added = summary.added;
                session.refresh_summaries();
                if session.current.is_none() && !session.dataset.documents().is_empty() {
                    session.go_to(0).map_err(|e| e.to_string())?;
                }
                self.info(format!("Imported {added} of {} files.", files.len()));
                if !failed.is_empty() {
                    return Err(failed.join("\n"));
                }
            }
            Action::SetAnnotator(name) => {
                if let Some(problem) = crate::core::ids::id_problem(&name) {
                    return Err(format!("Annotator name: {problem}"));
                }
                self.settings.annotator = Some(name);
                self.name_prompt = None;
                let path = self.pending_dataset.take().or_else(|| {
                    self.session
                        .as_ref()
                        .map(|s| s.dataset.root().to_path_buf())
                });
                self.session = None;
                if let Some(path) = path {
                    self.open_dataset(&path);
                }
            }
            Action::GoTo(i) => {
                self.session_mut()?.go_to(i).map_err(|e| e.to_string())?;
                self.reset_document_state();
            }
            Action::Next | Action::Prev => {
                let session = self.session_mut()?;
                let n = session.dataset.documents().len();
                let i = session.current.as_ref().map_or(0, |c| c.index);
                let to = if action == Action::Next {
                    (i + 1).min(n.saturating_sub(1))
                } else {
                    i.saturating_sub(1)
                };
                if to != i {
                    self.apply(Action::GoTo(to))?;
                }
            }
            Action::DoneAndNext => {
                let status = self
                    .session
                    .as_ref()
                    .and_then(|s| s.current.as_ref())
                    .map(|c| c.ann.status);
                if let Some(from) = status
                    && from != Status::Done
                {
                    self.apply_edit(Edit::SetStatus {
                        from,
                        to: Status::Done,
                    })?;
                }
                let session = self.session_mut()?;
                let n = session.summaries.len();
                let i = session.current.as_ref().map_or(0, |c| c.index);
                let next = (1..n).map(|k| (i + k) % n).find(|&j| {
                    !matches!(session.summaries[j].status, Status::Done | Status::Reviewed)
                });
                match next {
                    Some(j) => self.apply(Action::GoTo(j))?,
                    None => self.info("Every document is done."),
                }
            }
            Action::SetStatus(Status::Reviewed)
                if self.review.is_some() && !self.pending_suggestions().is_empty() =>
            {
                return Err(format!(
                    "{} differences are not settled yet: accept (A) or reject (X) each before marking the document reviewed.",
                    self.pending_suggestions().len()
                ));
            }
            Action::SetStatus(to) => {
                let from = self
                    .session
                    .as_ref()
                    .and_then(|s| s.current.as_ref())
                    .map(|c| c.ann.status)
                    .ok_or("No document is open.")?;
                if from != to {
                    self.apply_edit(Edit::SetStatus { from, to })?;
                }
            }
            Action::Select(a, b) => {
                self.selection = Some((a, b));
                self.selected_span = None;
            }
            Action::SelectSpan(id) => {
                let range = self
                    .session
                    .as_ref()
                    .and_then(|s| s.current.as_ref())
                    .and_then(|c| c.ann.span(&id))
                    .map(|s| (s.start, s.end));
                if let Some(r) = range {
                    self.selection = Some(r);
                    self.selected_span = Some(id);
                    self.attr_buffer.clear();
                }
            }
            Action::ScrollTo(at) => self.view.scroll_to = Some(at),
            Action::ClearSelection => {
                self.selection = None;
                self.selected_span = None;
            }
            Action::Label(label) => {
                let session = self.session.as_ref().ok_or("No dataset is open.")?;
                if session.dataset.labels.label(&label).is_none() {
                    return Err(format!("There is no label {label:?} in labels.ron."));
                }
                if let Some(id) = self.selected_span.clone() {
                    if let Some(edit) = session.relabel_edit(&id, &label) {
                        self.apply_edit(edit)?;
                    }
                    self.active_label = Some(label.clone());
                } else if let Some((a, b)) = self.selection {
                    self.active_label = Some(label.clone());
                    let edit = session
                        .label_edit(a, b, &label)
                        .ok_or("No document is open.")?;
                    let new_id = session.current.as_ref().map(|c| c.ann.next_span_id());
                    self.apply_edit(edit)?;
                    self.selected_span = new_id;
                } else {
                    return Err(
                        "Select some text first (drag over it), then press a label key.".into(),
                    );
                }
            }
            Action::DeleteSelected => {
                let Some(id) = self.selected_span.clone() else {
                    return Ok(());
                };
                let edit = self
                    .session
                    .as_ref()
                    .and_then(|s| s.current.as_ref())
                    .and_then(|c| Edit::remove_span(&c.ann, &id))
                    .ok_or("The selected span is gone.")?;
                self.apply_edit(edit)?;
                self.selected_span = None;
                self.selection = None;
            }
            Action::MoveEnd(d) | Action::MoveStart(d) => {
                let moving_end = matches!(action, Action::MoveEnd(_));
                let Some((a, b)) = self.target_range() else {
                    return Ok(());
                };
                let len = self
                    .session
                    .as_ref()
                    .and_then(|s| s.current.as_ref())
                    .map_or(0, |c| c.map.char_count()) as i64;
                let (na, nb) = if moving_end {
                    (a as i64, (b as i64 + d).clamp(0, len))
                } else {
                    ((a as i64 + d).clamp(0, len), b as i64)
                };
                if na >= nb {
                    return Ok(());
                }
                let (na, nb) = (na as usize, nb as usize);
                match self.selected_span.clone() {
                    Some(id) => self.apply_edit(Edit::Resize {
                        id,
                        from: (a, b),
                        to: (na, nb),
                    })?,
                    None => self.selection = Some((na, nb)),
                }
            }
            Action::SetAttrs(id, attrs) => {
                let from = self
                    .session
                    .as_ref()
                    .and_then(|s| s.current.as_ref())
                    .and_then(|c| c.ann.span(&id))
                    .map(|s| s.attrs.clone())
                    .ok_or("The span is gone.")?;
                self.apply_edit(Edit::SetAttrs {
                    id,
                    from,
                    to: attrs,
                })?;
            }
            Action::Undo | Action::Redo => {
                let session = self.session_mut()?;
                let stepped = if action == Action::Undo {
                    session.undo()
                } else {
                    session.redo()
                }
                .map_err(|e| e.to_string())?;
                if !stepped {
                    self.info(if action == Action::Undo {
                        "Nothing to undo."
                    } else {
                        "Nothing to redo."
                    });
                }
                let exists = self.selected_span.as_ref().is_some_and(|id| {
                    self.session
                        .as_ref()
                        .and_then(|s| s.current.as_ref())
                        .is_some_and(|c| c.ann.span(id).is_some())
                });
                if !exists {
                    self.selected_span = None;
                }
                self.attr_buffer.clear();
            }
            Action::Save => {
                self.session_mut()?.save_now().map_err(|e| e.to_string())?;
                self.info("Saved.");
            }
            Action::OpenFind => {
                self.find.open = true;
                self.find.focus = true;
                if self.find.query.is_empty()
                    && let Some((a, b)) = self.target_range()
                    && let Some(cur) = self.session.as_ref().and_then(|s| s.current.as_ref())
                {
                    self.find.query = cur
                        .map
                        .slice(&cur.doc.text, a, b)
                        .unwrap_or_default()
                        .to_string();
                }
                self.refresh_matches(true);
            }
            Action::Find(q) => {
                self.find.query = q;
                self.refresh_matches(true);
            }
            Action::FindNext => {
                if self.find.matches.is_empty() {
                    return Ok(());
                }
                let n = self.find.matches.len();
                let next = self.find.current.map_or(0, |c| (c + 1) % n);
                self.find.current = Some(next);
                let (a, b) = self.find.matches[next];
                self.selection = Some((a, b));
                self.selected_span = None;
                self.view.scroll_to = Some(a);
            }
            Action::CloseFind => {
                self.find.open = false;
                self.find.matches.clear();
                self.find.current = None;
            }
            Action::LabelAllMatches(label) => {
                let (a, b) = self
                    .target_range()
                    .ok_or("Select the text to look for first.")?;
                let session = self.session.as_ref().ok_or("No dataset is open.")?;
                let cur = session.current.as_ref().ok_or("No document is open.")?;
                let query = cur
                    .map
                    .slice(&cur.doc.text, a, b)
                    .unwrap_or_default()
                    .to_string();
                let ranges = find::find_all(&cur.doc.text, &query);
                match session.label_all_edit(&ranges, &label) {
                    Some(edit) => {
                        let before = cur.ann.spans.len();
                        self.apply_edit(edit)?;
                        let after = self
                            .session
                            .as_ref()
                            .and_then(|s| s.current.as_ref())
                            .map_or(before, |c| c.ann.spans.len());
                        self.info(format!(
                            "Labelled {} matches of \"{query}\" as {label}.",
                            after - before
                        ));
                    }
                    None => self.info(format!(
                        "Every match of \"{query}\" is already labelled {label}."
                    )),
                }
            }
            Action::FontSize(d) => {
                self.settings.font_size = (self.settings.font_size + d).clamp(10.0, 40.0)
            }
            Action::ToggleTheme => self.settings.dark = !self.settings.dark,
            Action::ToggleHelp => self.show_help = !self.show_help,
            Action::AcceptSuggestion | Action::RejectSuggestion => {
                let Some(target) = self.suggestion_target() else {
                    self.info("No suggestion is pending here.");
                    return Ok(());
                };
                if action == Action::AcceptSuggestion {
                    let edit = self
                        .session
                        .as_ref()
                        .and_then(|s| s.accept_edit(std::slice::from_ref(&target)))
                        .ok_or("No document is open.")?;
                    self.apply_edit(edit)?;
                    self.active_label = Some(target.label.clone());
                } else {
                    let rejection = crate::core::model::Rejected {
                        start: target.start,
                        end: target.end,
                        label: target.label.clone(),
                    };
                    self.apply_edit(Edit::Reject(rejection))?;
                }
                self.view.scroll_to = None;
            }
            Action::StartReview(a, b) => {
                let path = self
                    .session
                    .as_ref()
                    .map(|s| s.dataset.root().to_path_buf())
                    .ok_or("No dataset is open.")?;
                if a == b {
                    return Err("Choose two different annotators to review.".into());
                }
                let index = self
                    .session
                    .as_ref()
                    .and_then(|s| s.current.as_ref())
                    .map_or(0, |c| c.index);
                self.session = None;
                self.review = Some((a.clone(), b.clone()));
                self.open_dataset(&path);
                if let Some(s) = self.session.as_mut() {
                    s.go_to(index).map_err(|e| e.to_string())?;
                }
                self.info(format!("Reviewing {a} and {b} into {ADJUDICATED}: A accepts a span, X rejects it; solid outlines are spans both agree on."));
            }
            Action::EndReview => {
                let path = self
                    .session
                    .as_ref()
                    .map(|s| s.dataset.root().to_path_buf())
                    .ok_or("No dataset is open.")?;
                self.session = None;
                self.review = None;
                self.open_dataset(&path);
            }
            Action::AcceptAllOfLabel => {
                let label = self
                    .selected_span
                    .as_ref()
                    .and_then(|id| self.session.as_ref()?.current.as_ref()?.ann.span(id).map(|s| s.label.clone()))
                    .or_else(|| self.active_label.clone())
                    .or_else(|| self.suggestion_target().map(|s| s.label))
                    .ok_or("Label or select a span first: Shift+A accepts the suggestions of that label.")?;
                let pending: Vec<_> = self
                    .pending_suggestions()
                    .into_iter()
                    .filter(|s| s.label == label)
                    .collect();
                match self.session.as_ref().and_then(|s| s.accept_edit(&pending)) {
                    Some(edit) => {
                        self.apply_edit(edit)?;
                        self.info(format!("Accepted {} {label} suggestions.", pending.len()));
                    }
                    None => self.info(format!("No {label} suggestion is pending.")),
                }
            }
            Action::Export(format, dir) => {
                let session = self.session.as_ref().ok_or("No dataset is open.")?;
                let records = crate::core::exchange::working_records(
                    &session.dataset,
                    &session.annotator,
                    None,
                )
                .map_err(|e| e.to_string())?;
                let out = dir.join(crate::core::exchange::export_name(
                    format,
                    &session.annotator,
                ));
                let opts = crate::core::exchange::ExportOptions {
                    offsets: crate::core::offsets::OffsetUnit::CodePoint,
                };
                let report = crate::core::exchange::export(
                    &records,
                    &session.dataset.labels,
                    format,
                    &opts,
                    None,
                    &out,
                )
                .map_err(|e| e.to_string())?;
                let left: usize = report.left_out.values().sum();
                let note = if left > 0 {
                    format!(" ({left} nested spans left out: {} is flat)", format.name())
                } else {
                    String::new()
                };
                self.info(format!(
                    "Exported {} documents, {} spans as {} to {}{note}.",
                    report.records,
                    report.spans,
                    format.name(),
                    out.display()
                ));
            }
        }
        Ok(())
    }

    /// The suggestions of the open document not accepted or rejected yet.
    pub fn pending_suggestions(&self) -> Vec<crate::core::model::Span> {
        self.session
            .as_ref()
            .map(|s| s.pending_suggestions())
            .unwrap_or_default()
    }

    /// The suggestion A and X act on: under the pointer, else at the selection, else the first
    /// pending one after the selection (so pressing A walks through them).
    fn suggestion_target(&self) -> Option<crate::core::model::Span> {
        let pending = self.pending_suggestions();
        if let Some(at) = self.view.hover_char
            && let Some(s) = pending.iter().find(|s| s.start <= at && at < s.end)
        {
            return Some(s.clone());
        }
        let (a, b) = self.target_range().unwrap_or((0, 0));
        pending
            .iter()
            .find(|s| s.start < b.max(a + 1) && a < s.end)
            .or_else(|| pending.iter().find(|s| s.start >= a))
            .or_else(|| pending.first())
            .cloned()
    }

    /// Reads the keyboard into actions. Label keys come from labels.ron.
    fn keyboard(&mut self, ctx: &egui::Context) {
        if self.name_prompt.is_some() {
            return;
        }
        let typing = ctx.egui_wants_keyboard_input();
        let labels: Vec<(Key, String)> = self
            .session
            .as_ref()
            .map(|s| {
                s.dataset
                    .labels
                    .labels
                    .iter()
                    .filter_map(|l| Some((Key::from_name(&l.key)?, l.name.clone())))
                    .collect()
            })
            .unwrap_or_default();
        let has_target = self.target_range().is_some();
        let mut out = Vec::new();
        ctx.input_mut(|i| {
            let shift_cmd = Modifiers::COMMAND | Modifiers::SHIFT;
            if typing {
                if self.find.open && i.consume_key(Modifiers::NONE, Key::Enter) {
                    out.push(Action::FindNext);
                }
                if self.find.open && i.consume_key(Modifiers::NONE, Key::Escape) {
                    out.push(Action::CloseFind);
                }
                return;
            }
            for (key, label) in &labels {
                if i.consume_key(shift_cmd, *key) {
                    out.push(Action::LabelAllMatches(label.clone()));
                }
            }
            if i.consume_key(shift_cmd, Key::Z) || i.consume_key(Modifiers::COMMAND, Key::Y) {
                out.push(Action::Redo);
            }
            if i.consume_key(Modifiers::COMMAND, Key::Z) {
                out.push(Action::Undo);
            }
            if i.consume_key(Modifiers::COMMAND, Key::Enter) {
                out.push(Action::DoneAndNext);
            }
            if i.consume_key(Modifiers::COMMAND, Key::F) {
                out.push(Action::OpenFind);
            }
            if i.consume_key(Modifiers::COMMAND, Key::S) {
                out.push(Action::Save);
            }
            if i.consume_key(Modifiers::COMMAND, Key::Equals)
                || i.consume_key(Modifiers::COMMAND, Key::Plus)
            {
                out.push(Action::FontSize(1.0));
            }
            if i.consume_key(Modifiers::COMMAND, Key::Minus) {
                out.push(Action::FontSize(-1.0));
            }
            if i.consume_key(Modifiers::SHIFT, Key::ArrowRight) {
                out.push(Action::MoveEnd(1));
            }
            if i.consume_key(Modifiers::SHIFT, Key::ArrowLeft) {
                out.push(Action::MoveEnd(-1));
            }
            if i.consume_key(Modifiers::ALT, Key::ArrowRight) {
                out.push(if has_target {
                    Action::MoveStart(1)
                } else {
                    Action::Next
                });
            }
            if i.consume_key(Modifiers::ALT, Key::ArrowLeft) {
                out.push(if has_target {
                    Action::MoveStart(-1)
                } else {
                    Action::Prev
                });
            }
            for (key, label) in &labels {
                if i.consume_key(Modifiers::NONE, *key) {
                    out.push(Action::Label(label.clone()));
                }
            }
            if i.consume_key(Modifiers::NONE, Key::Delete)
                || i.consume_key(Modifiers::NONE, Key::Backspace)
            {
                out.push(Action::DeleteSelected);
            }
            if i.consume_key(Modifiers::NONE, Key::Escape) {
                out.push(if self.show_help {
                    Action::ToggleHelp
                } else {
                    Action::ClearSelection
                });
            }
            if i.consume_key(Modifiers::SHIFT, Key::A) {
                out.push(Action::AcceptAllOfLabel);
            }
            if i.consume_key(Modifiers::NONE, Key::A)
                || (!self.find.open && i.consume_key(Modifiers::NONE, Key::Enter))
            {
                out.push(Action::AcceptSuggestion);
            }
            if i.consume_key(Modifiers::NONE, Key::X) {
                out.push(Action::RejectSuggestion);
            }
            if i.consume_key(Modifiers::NONE, Key::N) {
                out.push(Action::Next);
            }
            if i.consume_key(Modifiers::NONE, Key::P) {
                out.push(Action::Prev);
            }
            if self.find.open && i.consume_key(Modifiers::NONE, Key::Enter) {
                out.push(Action::FindNext);
            }
            if i.consume_key(Modifiers::NONE, Key::F1)
                || i.events
                    .iter()
                    .any(|e| matches!(e, egui::Event::Text(t) if t == "?"))
            {
                out.push(Action::ToggleHelp);
            }
        });
        self.pending.extend(out);
    }

    fn menu(&mut self, ui: &mut egui::Ui) {
        egui::MenuBar::new().ui(ui, |ui| {
            ui.menu_button("File", |ui| {
                if ui.button("Open dataset…").clicked() {
                    if let Some(dir) = rfd::FileDialog::new()
                        .set_title("Open a biaozhu dataset folder")
                        .pick_folder()
                    {
                        self.dispatch(Action::OpenDataset(dir));
                    }
                    ui.close();
                }
                if ui.button("New dataset…").clicked() {
                    if let Some(dir) = rfd::FileDialog::new()
                        .set_title("Choose an empty folder for the new dataset")
                        .pick_folder()
                    {
                        self.dispatch(Action::NewDataset(dir));
                    }
                    ui.close();
                }
                if ui
                    .add_enabled(
                        self.session.as_ref().is_some_and(|s| !s.is_read_only()),
                        egui::Button::new("Import articles…"),
                    )
                    .clicked()
                {
                    if let Some(files) = rfd::FileDialog::new()
                        .add_filter("articles", import::EXTENSIONS)
                        .pick_files()
                    {
                        self.dispatch(Action::ImportArticles(files));
                    }
                    ui.close();
                }
                ui.menu_button("Export…", |ui| {
                    for &format in crate::core::exchange::FORMATS {
                        if ui.button(format.name()).clicked() {
                            if let Some(dir) = rfd::FileDialog::new()
                                .set_title("Choose a folder for the export")
                                .pick_folder()
                            {
                                self.dispatch(Action::Export(format, dir));
                            }
                            ui.close();
                        }
                    }
                });
            });
            ui.menu_button("View", |ui| {
                if ui
                    .button(if self.settings.dark {
                        "Light theme"
                    } else {
                        "Dark theme"
                    })
                    .clicked()
                {
                    self.dispatch(Action::ToggleTheme);
                }
                if ui.button("Larger text (Ctrl+=)").clicked() {
                    self.dispatch(Action::FontSize(1.0));
                }
                if ui.button("Smaller text (Ctrl+-)").clicked() {
                    self.dispatch(Action::FontSize(-1.0));
                }
            });
            ui.menu_button("Review", |ui| {
                let people: Vec<String> = self
                    .session
                    .as_ref()
                    .and_then(|s| s.dataset.annotators().ok())
                    .unwrap_or_default()
                    .into_iter()
                    .filter(|a| a != ADJUDICATED && !a.starts_with("model-"))
                    .collect();
                if self.review.is_some() && ui.button("End the review").clicked() {
                    self.dispatch(Action::EndReview);
                    ui.close();
                }
                for (i, a) in people.iter().enumerate() {
                    for b in &people[i + 1..] {
                        if ui
                            .button(format!("Review {a} + {b} into {ADJUDICATED}"))
                            .clicked()
                        {
                            self.dispatch(Action::StartReview(a.clone(), b.clone()));
                            ui.close();
                        }
                    }
                }
                if people.len() < 2 {
                    ui.label("A review needs two annotators.");
                }
            });
            ui.menu_button("Document", |ui| {
                for st in Status::ALL {
                    if ui.button(format!("Mark {}", st.as_str())).clicked() {
                        self.dispatch(Action::SetStatus(st));
                    }
                }
            });
            if ui.button("Help (F1)").clicked() {
                self.dispatch(Action::ToggleHelp);
            }
        });
    }

    fn status_bar(&self, ui: &mut egui::Ui) {
        ui.horizontal(|ui| {
            let Some(session) = &self.session else {
                ui.label("No dataset open.");
                return;
            };
            match &self.review {
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
            }
        });
    }

    fn article(&mut self, ui: &mut egui::Ui) {
        let Some(session) = &self.session else {
            ui.heading("No dataset is open.");
            ui.label("Use File > Open dataset…, or `biaozhu open DIR`.");
            return;
        };
        let Some(cur) = &session.current else {
            ui.heading("This dataset has no documents yet.");
            ui.label("Use File > Import articles…, or `biaozhu import DIR FILES`.");
            return;
        };
        ui.heading(&cur.doc.meta.title);
        let meta: Vec<String> = [
            cur.doc.meta.date.clone(),
            Some(cur.doc.meta.source_file.clone()),
            Some(cur.doc.meta.encoding.clone()),
            Some(format!("{} characters", cur.map.char_count())),
        ]
        .into_iter()
        .flatten()
        .filter(|s| !s.is_empty())
        .collect();
        ui.label(RichText::new(meta.join("  ·  ")).weak());
        ui.horizontal(|ui| {
            ui.label(format!("status: {}", cur.ann.status.as_str()));
            if let Some(reason) = &cur.locked_reason {
                ui.label(RichText::new(reason).color(ui.visuals().error_fg_color));
            }
        });
        let mut actions = Vec::new();
        if self.find.open {
            ui.horizontal(|ui| {
                let label = ui.label("Find:");
                let r = ui
                    .add(
                        egui::TextEdit::singleline(&mut self.find.query)
                            .desired_width(220.0)
                            .id_salt("find-query"),
                    )
                    .labelled_by(label.id);
                if self.find.focus {
                    r.request_focus();
                    self.find.focus = false;
                }
                if r.changed() {
                    actions.push(Action::Find(self.find.query.clone()));
                }
                let n = self.find.matches.len();
                ui.label(match self.find.current {
                    Some(c) if n > 0 => format!("{} / {n} matches", c + 1),
                    _ => format!("{n} matches"),
                });
                if ui.button("Next").clicked() {
                    actions.push(Action::FindNext);
                }
                if ui.button("Close").clicked() {
                    actions.push(Action::CloseFind);
                }
            });
        }
        ui.separator();
        let pending = self.pending_suggestions();
        let agreed: Vec<bool> = pending
            .iter()
            .map(|p| {
                cur.suggestions
                    .iter()
                    .zip(&cur.suggestion_origins)
                    .any(|(s, o)| {
                        s.start == p.start && s.end == p.end && s.label == p.label && o.len() > 1
                    })
            })
            .collect();
        let input = article_view::ViewInput {
            labels: &session.dataset.labels,
            selection: self.selection,
            selected_span: self.selected_span.as_deref(),
            matches: &self.find.matches,
            current_match: self.find.current,
            font_size: self.settings.font_size,
            suggestions: &pending,
            agreed: &agreed,
        };
        actions.extend(article_view::show(ui, cur, &input, &mut self.view));
        self.pending.extend(actions);
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
        self.keyboard(&ctx);

        egui::Panel::top("top").show(ui, |ui| {
            self.menu(ui);
            if let Some(session) = &self.session {
                let enabled = !session.is_read_only();
                let actions = panels::label_bar(ui, &session.dataset.labels, enabled);
                self.pending.extend(actions);
            }
            let mut dismiss = None;
            for (i, m) in self.messages.iter().enumerate().rev().take(3) {
                let color = if m.error {
                    ui.visuals().error_fg_color
                } else {
                    ui.visuals().text_color()
                };
                ui.horizontal(|ui| {
                    ui.label(RichText::new(&m.text).color(color));
                    if ui.small_button("dismiss").clicked() {
                        dismiss = Some(i);
                    }
                });
            }
            if let Some(i) = dismiss {
                self.messages.remove(i);
            }
        });
        egui::Panel::bottom("status").show(ui, |ui| self.status_bar(ui));
        if !self.problems.is_empty()
            && let Some(session) = &self.session
        {
            let actions = egui::Panel::bottom("problems")
                .resizable(true)
                .show(ui, |ui| panels::problems(ui, session, &self.problems))
                .inner;
            self.pending.extend(actions);
        }
        if let Some(session) = &self.session {
            let actions = egui::Panel::left("documents")
                .resizable(true)
                .default_size(250.0)
                .show(ui, |ui| panels::doc_list(ui, session, &mut self.filter))
                .inner;
            self.pending.extend(actions);
            let selected = self.selected_span.clone();
            let actions = egui::Panel::right("spans")
                .resizable(true)
                .default_size(280.0)
                .show(ui, |ui| {
                    panels::span_panel(ui, session, selected.as_deref(), &mut self.attr_buffer)
                })
                .inner;
            self.pending.extend(actions);
        }
        egui::CentralPanel::default().show(ui, |ui| self.article(ui));

        if self.show_help
            && let Some(session) = &self.session
        {
            let labels = session.dataset.labels.clone();
            let mut open = true;
            egui::Window::new("Keyboard shortcuts")
                .open(&mut open)
                .collapsible(false)
                .show(&ctx, |ui| panels::help(ui, &labels));
            if !open {
                self.show_help = false;
            }
        }
        if let Some(name) = &mut self.name_prompt {
            let mut submit = false;
            egui::Modal::new(egui::Id::unique("who")).show(&ctx, |ui| {
                ui.heading("Who is annotating?");
                ui.label("Your name is saved with every annotation (lowercase letters, digits, - and _).");
                let label = ui.label("Name");
                let r = ui.text_edit_singleline(name).labelled_by(label.id);
                // Focus the field once; asking every frame keeps the window repainting.
                if !self.prompt_focused {
                    r.request_focus();
                    self.prompt_focused = true;
                }
                if ui.button("Start").clicked() || (r.lost_focus() && ui.input(|i| i.key_pressed(Key::Enter))) {
                    submit = true;
                }
            });
            if submit {
                let name = name.trim().to_string();
                self.pending.push(Action::SetAnnotator(name));
            }
        }
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
