//! The menu bar: File (open, new, import, export), View, Review, Document and Help. Items that
//! pick a folder or files open a dialog and return the action with the path; shortcuts shown in
//! items come from the keymap.

use super::{AppView, View};
use crate::app::ADJUDICATED;
use crate::app::actions::{Action, DatasetAction, EditAction, ReviewAction, ViewAction};
use crate::app::i18n::Language;
use crate::app::keymap;
use crate::core::data::ingest;
use crate::core::data::model::Status;
use crate::tr;

/// The menu bar (no state of its own).
pub struct Menu;

/// An item's text with the shortcut of its action, if the keymap has one: `Larger text (Ctrl+=)`.
fn with_shortcut(text: &str, action: &Action) -> String {
    match keymap::shortcut_text(action) {
        Some(keys) => format!("{text} ({keys})"),
        None => text.to_string(),
    }
}

impl View for Menu {
    fn ui(&mut self, ui: &mut egui::Ui, app: &AppView<'_>) -> Vec<Action> {
        let mut actions: Vec<Action> = Vec::new();
        let lang = app.settings.lang();
        egui::MenuBar::new().ui(ui, |ui| {
            ui.menu_button(tr!(lang, "menu-file"), |ui| {
                file_menu(ui, app, &mut actions)
            });
            ui.menu_button(tr!(lang, "menu-view"), |ui| {
                view_menu(ui, app, &mut actions)
            });
            ui.menu_button(tr!(lang, "menu-review"), |ui| {
                review_menu(ui, app, &mut actions)
            });
            ui.menu_button(tr!(lang, "menu-document"), |ui| {
                document_menu(ui, lang, &mut actions)
            });
            let help = Action::from(ViewAction::ToggleHelp);
            if ui
                .button(with_shortcut(&tr!(lang, "menu-help"), &help))
                .clicked()
            {
                actions.push(help);
            }
        });
        actions
    }
}

/// The File menu: open or create a dataset, import articles, export in a format.
fn file_menu(ui: &mut egui::Ui, app: &AppView<'_>, actions: &mut Vec<Action>) {
    let lang = app.settings.lang();
    if ui.button(tr!(lang, "menu-open-dataset")).clicked() {
        if let Some(dir) = rfd::FileDialog::new()
            .set_title(tr!(lang, "dialog-open-dataset"))
            .pick_folder()
        {
            actions.push(DatasetAction::Open(dir).into());
        }
        ui.close();
    }
    if ui.button(tr!(lang, "menu-new-dataset")).clicked() {
        if let Some(dir) = rfd::FileDialog::new()
            .set_title(tr!(lang, "dialog-new-dataset"))
            .pick_folder()
        {
            actions.push(DatasetAction::New(dir).into());
        }
        ui.close();
    }
    if ui
        .add_enabled(
            app.session.is_some_and(|s| !s.is_read_only()),
            egui::Button::new(tr!(lang, "menu-import-articles")),
        )
        .clicked()
    {
        if let Some(files) = rfd::FileDialog::new()
            .add_filter(tr!(lang, "dialog-articles"), ingest::EXTENSIONS)
            .pick_files()
        {
            actions.push(DatasetAction::ImportArticles(files).into());
        }
        ui.close();
    }
    ui.menu_button(tr!(lang, "menu-export"), |ui| {
        for &format in crate::core::exchange::formats::FORMATS {
            if ui.button(format.name()).clicked() {
                if let Some(dir) = rfd::FileDialog::new()
                    .set_title(tr!(lang, "dialog-export"))
                    .pick_folder()
                {
                    actions.push(DatasetAction::Export(format, dir).into());
                }
                ui.close();
            }
        }
    });
}

/// The View menu: the theme, the text size, recording annotation time and the language.
fn view_menu(ui: &mut egui::Ui, app: &AppView<'_>, actions: &mut Vec<Action>) {
    let lang = app.settings.lang();
    if ui
        .button(if app.settings.dark {
            tr!(lang, "menu-light-theme")
        } else {
            tr!(lang, "menu-dark-theme")
        })
        .clicked()
    {
        actions.push(ViewAction::ToggleTheme.into());
    }
    for (text, action) in [
        (tr!(lang, "menu-larger-text"), ViewAction::FontSize(1.0)),
        (tr!(lang, "menu-smaller-text"), ViewAction::FontSize(-1.0)),
    ] {
        let action = Action::from(action);
        if ui.button(with_shortcut(&text, &action)).clicked() {
            actions.push(action);
        }
    }
    let mut record = app.settings.record_effort;
    if ui
        .checkbox(&mut record, tr!(lang, "menu-record-effort"))
        .changed()
    {
        actions.push(ViewAction::RecordEffort(record).into());
    }
    if ui.button(tr!(lang, "menu-dashboard")).clicked() {
        actions.push(ViewAction::ToggleDashboard.into());
        ui.close();
    }
    ui.separator();
    ui.menu_button(tr!(lang, "menu-language"), |ui| {
        for choice in Language::ALL {
            // Each language is named in its own words, so a reader of any of them finds theirs.
            let name = tr!(choice, "language-name");
            if ui.radio(lang == choice, name).clicked() {
                actions.push(ViewAction::SetLanguage(choice).into());
                ui.close();
            }
        }
    });
}

/// The Review menu: start or end a review of two annotators, train the model, set the
/// confidence below which suggestions are hidden.
fn review_menu(ui: &mut egui::Ui, app: &AppView<'_>, actions: &mut Vec<Action>) {
    let people: Vec<String> = app
        .session
        .and_then(|s| s.dataset.annotators().ok())
        .unwrap_or_default()
        .into_iter()
        .filter(|a| a != ADJUDICATED && !crate::core::data::annotators::is_machine(a))
        .collect();
    let lang = app.settings.lang();
    if app.review.is_some() && ui.button(tr!(lang, "menu-end-review")).clicked() {
        actions.push(ReviewAction::End.into());
        ui.close();
    }
    for (i, a) in people.iter().enumerate() {
        for b in &people[i + 1..] {
            if ui
                .button(tr!(
                    lang,
                    "menu-review-pair",
                    a = a,
                    b = b,
                    into = ADJUDICATED
                ))
                .clicked()
            {
                actions.push(ReviewAction::Start(a.clone(), b.clone()).into());
                ui.close();
            }
        }
    }
    if people.len() < 2 {
        ui.label(tr!(lang, "menu-review-needs-two"));
    }
    ui.separator();
    if ui
        .button(tr!(lang, "menu-train-now"))
        .on_hover_text(tr!(lang, "menu-train-now-hint"))
        .clicked()
    {
        actions.push(ReviewAction::Retrain.into());
        ui.close();
    }
    let mut threshold = app.settings.min_confidence;
    let slider =
        ui.add(egui::Slider::new(&mut threshold, 0.0..=1.0).text(tr!(lang, "menu-min-confidence")));
    if slider.changed() {
        actions.push(ReviewAction::MinConfidence(threshold).into());
    }
}

/// The Document menu: mark the document with a status.
fn document_menu(ui: &mut egui::Ui, lang: Language, actions: &mut Vec<Action>) {
    for st in Status::ALL {
        if ui
            .button(tr!(
                lang,
                "menu-mark",
                status = crate::app::i18n::status(lang, st)
            ))
            .clicked()
        {
            actions.push(EditAction::SetStatus(st).into());
        }
    }
}
