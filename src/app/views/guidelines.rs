//! The guidelines panel (G): the dataset's guidelines in the window's language, rendered as
//! Markdown (egui_commonmark), whole or at the section of the selected span's label. It owns
//! whether it is shown, the text it read and the section it shows.

use super::{AppView, View};
use crate::app::actions::{Action, ViewAction};
use crate::app::i18n::Language;
use crate::core::data::display_names::Displayed;
use crate::core::data::guidelines::{self, Origin};
use crate::tr;
use egui::RichText;
use egui_commonmark::{CommonMarkCache, CommonMarkViewer};

/// The guidelines panel.
#[derive(Default)]
pub struct GuidelinesPanel {
    /// Whether the panel is shown.
    pub shown: bool,
    /// The label whose section is shown; `None`: the whole guidelines.
    pub section: Option<String>,
    /// The text read, the language it was read in, and where it came from.
    loaded: Option<(Language, String, Origin)>,
    cache: CommonMarkCache,
}

impl GuidelinesPanel {
    /// Shows the panel at `label`'s section (or whole), reading the guidelines again so edits to
    /// the files show.
    pub fn open(&mut self, root: Option<&std::path::Path>, lang: Language, label: Option<String>) {
        self.loaded = None;
        self.load(root, lang);
        self.section = label;
        self.shown = true;
    }

    fn load(&mut self, root: Option<&std::path::Path>, lang: Language) {
        if self.loaded.as_ref().is_some_and(|(l, _, _)| *l == lang) {
            return;
        }
        let (text, origin) = match root {
            Some(root) => guidelines::read(root, lang.tag()),
            None => (guidelines::bundled(lang.tag()).to_string(), Origin::Bundled),
        };
        self.loaded = Some((lang, text, origin));
    }
}

impl View for GuidelinesPanel {
    fn ui(&mut self, ui: &mut egui::Ui, app: &AppView<'_>) -> Vec<Action> {
        let mut actions = Vec::new();
        let lang = app.settings.lang();
        // The language changed while the panel was open: read it in the new one.
        self.load(app.session.map(|s| s.dataset.root()), lang);
        let Some((_, text, origin)) = &self.loaded else {
            return actions;
        };
        let labels = app.session.map(|s| &s.dataset.labels);
        let def = self
            .section
            .as_deref()
            .and_then(|l| labels.and_then(|ls| ls.label(l)));
        let part = def.and_then(|d| guidelines::section(text, &[d.display(lang.tag()), &d.name]));
        ui.horizontal(|ui| {
            ui.heading(tr!(lang, "guidelines-title"));
            if ui.button(tr!(lang, "guidelines-close")).clicked() {
                actions.push(ViewAction::ToggleGuidelines.into());
            }
        });
        if let Some(d) = def {
            ui.horizontal(|ui| {
                let shown = d.display(lang.tag());
                ui.label(match part {
                    Some(_) => tr!(lang, "guidelines-section-of", label = shown),
                    None => tr!(lang, "guidelines-no-section", label = shown),
                });
                if part.is_some() && ui.button(tr!(lang, "guidelines-whole")).clicked() {
                    actions.push(ViewAction::WholeGuidelines.into());
                }
            });
        }
        let from = match origin {
            Origin::Dataset(path) => {
                // The path inside the dataset: the folder is on the title bar already.
                let root = app.session.map(|s| s.dataset.root());
                let shown = root.and_then(|r| path.strip_prefix(r).ok()).unwrap_or(path);
                tr!(
                    lang,
                    "guidelines-from-file",
                    path = shown.display().to_string()
                )
            }
            Origin::Bundled => tr!(lang, "guidelines-bundled"),
        };
        ui.label(RichText::new(from).weak().small());
        ui.separator();
        egui::ScrollArea::vertical()
            .id_salt("text-of-guidelines")
            .auto_shrink([false, false])
            .show(ui, |ui| {
                CommonMarkViewer::new().show(ui, &mut self.cache, part.unwrap_or(text));
            });
        actions
    }
}
