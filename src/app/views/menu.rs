//! The menu bar: File (open, new, import, export), View, Review, Document and Help. Items that
//! pick a folder or files open a dialog and return the action with the path; shortcuts shown in
//! items come from the keymap.

use super::{AppView, View};
use crate::app::ADJUDICATED;
use crate::app::actions::{Action, DatasetAction, EditAction, ReviewAction, ViewAction};
use crate::app::keymap;
use crate::core::data::ingest;
use crate::core::data::model::Status;

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
        egui::MenuBar::new().ui(ui, |ui| {
            ui.menu_button("File", |ui| file_menu(ui, app, &mut actions));
            ui.menu_button("View", |ui| view_menu(ui, app, &mut actions));
            ui.menu_button("Review", |ui| review_menu(ui, app, &mut actions));
            ui.menu_button("Document", |ui| document_menu(ui, &mut actions));
            let help = Action::from(ViewAction::ToggleHelp);
            if ui.button(with_shortcut("Help", &help)).clicked() {
                actions.push(help);
            }
        });
        actions
    }
}

/// The File menu: open or create a dataset, import articles, export in a format.
fn file_menu(ui: &mut egui::Ui, app: &AppView<'_>, actions: &mut Vec<Action>) {
    if ui.button("Open dataset…").clicked() {
        if let Some(dir) = rfd::FileDialog::new()
            .set_title("Open a biaozhu dataset folder")
            .pick_folder()
        {
            actions.push(DatasetAction::Open(dir).into());
        }
        ui.close();
    }
    if ui.button("New dataset…").clicked() {
        if let Some(dir) = rfd::FileDialog::new()
            .set_title("Choose an empty folder for the new dataset")
            .pick_folder()
        {
            actions.push(DatasetAction::New(dir).into());
        }
        ui.close();
    }
    if ui
        .add_enabled(
            app.session.is_some_and(|s| !s.is_read_only()),
            egui::Button::new("Import articles…"),
        )
        .clicked()
    {
        if let Some(files) = rfd::FileDialog::new()
            .add_filter("articles", ingest::EXTENSIONS)
            .pick_files()
        {
            actions.push(DatasetAction::ImportArticles(files).into());
        }
        ui.close();
    }
    ui.menu_button("Export…", |ui| {
        for &format in crate::core::exchange::formats::FORMATS {
            if ui.button(format.name()).clicked() {
                if let Some(dir) = rfd::FileDialog::new()
                    .set_title("Choose a folder for the export")
                    .pick_folder()
                {
                    actions.push(DatasetAction::Export(format, dir).into());
                }
                ui.close();
            }
        }
    });
}

/// The View menu: the theme and the text size.
fn view_menu(ui: &mut egui::Ui, app: &AppView<'_>, actions: &mut Vec<Action>) {
    if ui
        .button(if app.settings.dark {
            "Light theme"
        } else {
            "Dark theme"
        })
        .clicked()
    {
        actions.push(ViewAction::ToggleTheme.into());
    }
    for (text, action) in [
        ("Larger text", ViewAction::FontSize(1.0)),
        ("Smaller text", ViewAction::FontSize(-1.0)),
    ] {
        let action = Action::from(action);
        if ui.button(with_shortcut(text, &action)).clicked() {
            actions.push(action);
        }
    }
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
    if app.review.is_some() && ui.button("End the review").clicked() {
        actions.push(ReviewAction::End.into());
        ui.close();
    }
    for (i, a) in people.iter().enumerate() {
        for b in &people[i + 1..] {
            if ui
                .button(format!("Review {a} + {b} into {ADJUDICATED}"))
                .clicked()
            {
                actions.push(ReviewAction::Start(a.clone(), b.clone()).into());
                ui.close();
            }
        }
    }
    if people.len() < 2 {
        ui.label("A review needs two annotators.");
    }
    ui.separator();
    if ui
        .button("Train the model now")
        .on_hover_text("It also retrains by itself after every 3 documents marked done.")
        .clicked()
    {
        actions.push(ReviewAction::Retrain.into());
        ui.close();
    }
    let mut threshold = app.settings.min_confidence;
    let slider = ui.add(
        egui::Slider::new(&mut threshold, 0.0..=1.0).text("hide suggestions below this confidence"),
    );
    if slider.changed() {
        actions.push(ReviewAction::MinConfidence(threshold).into());
    }
}

/// The Document menu: mark the document with a status.
fn document_menu(ui: &mut egui::Ui, actions: &mut Vec<Action>) {
    for st in Status::ALL {
        if ui.button(format!("Mark {}", st.as_str())).clicked() {
            actions.push(EditAction::SetStatus(st).into());
        }
    }
}
