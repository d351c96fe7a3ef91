//! The document list on the left: progress, a status filter and a text filter (owned here), the
//! order (the dataset's, or the model's queue: the documents it would learn most from first,
//! finished ones after them), and one row per document; a click goes to the document.

use super::style::status_color;
use super::{AppView, View};
use crate::app::actions::{Action, NavAction, ViewAction};
use crate::app::i18n::{Language, status};
use crate::core::annotate::session::Session;
use crate::core::data::model::Status;
use crate::tr;
use egui::RichText;

/// The document list and its filters.
#[derive(Default, Clone, Debug)]
pub struct DocList {
    /// Only documents with this status.
    pub status: Option<Status>,
    /// Only documents whose title or id contains this.
    pub text: String,
    /// Sort by the model's queue (most informative first) instead of the dataset's order.
    pub by_queue: bool,
    /// Only these documents, with what they are (a pair's disagreements, from the Dashboard).
    pub only: Option<(String, Vec<String>)>,
}

impl View for DocList {
    fn ui(&mut self, ui: &mut egui::Ui, app: &AppView<'_>) -> Vec<Action> {
        let mut actions = Vec::new();
        let Some(session) = app.session else {
            return actions;
        };
        let lang = app.settings.lang();
        progress(ui, session, lang);
        self.filters(ui, app, &mut actions);
        ui.separator();
        let order = self.order(session, app.queue);
        self.rows(ui, session, lang, order, &mut actions);
        actions
    }
}

/// The progress heading and bar: how many documents are done or reviewed.
fn progress(ui: &mut egui::Ui, session: &Session, lang: Language) {
    let total = session.summaries.len();
    let done = session
        .summaries
        .iter()
        .filter(|s| matches!(s.status, Status::Done | Status::Reviewed))
        .count();
    ui.heading(tr!(lang, "docs-progress", done = done, total = total));
    ui.add(
        egui::ProgressBar::new(if total == 0 {
            0.0
        } else {
            done as f32 / total as f32
        })
        .desired_height(6.0),
    );
}

impl DocList {
    /// The status filter, the text filter and the queue-order checkbox.
    fn filters(&mut self, ui: &mut egui::Ui, app: &AppView<'_>, actions: &mut Vec<Action>) {
        let lang = app.settings.lang();
        ui.horizontal(|ui| {
            let all = tr!(lang, "docs-all-statuses");
            egui::ComboBox::from_label(tr!(lang, "docs-status"))
                .selected_text(self.status.map_or(all.clone(), |st| status(lang, st)))
                .show_ui(ui, |ui| {
                    ui.selectable_value(&mut self.status, None, all);
                    for st in Status::ALL {
                        ui.selectable_value(&mut self.status, Some(st), status(lang, st));
                    }
                });
        });
        ui.horizontal(|ui| {
            let label = ui.label(tr!(lang, "docs-filter"));
            ui.add(
                egui::TextEdit::singleline(&mut self.text)
                    .hint_text(tr!(lang, "docs-filter-hint"))
                    .desired_width(f32::INFINITY),
            )
            .labelled_by(label.id);
        });
        if let Some((what, ids)) = &self.only {
            ui.horizontal(|ui| {
                let shown = tr!(lang, "docs-only-disagreements", pair = what, n = ids.len());
                ui.label(RichText::new(shown).strong());
                if ui.small_button(tr!(lang, "docs-show-all")).clicked() {
                    actions.push(ViewAction::FilterDocuments(None).into());
                }
            });
        }
        let mut by_queue = self.by_queue;
        let queue_label = match app.queue {
            Some(_) => tr!(lang, "docs-sort-by-queue"),
            None => tr!(lang, "docs-sort-by-queue-later"),
        };
        if ui.checkbox(&mut by_queue, queue_label).changed() {
            actions.push(ViewAction::ToggleQueueOrder.into());
        }
    }

    /// The document indices in list order: the dataset's, or the model's `queue` first when
    /// sorting by it.
    fn order(&self, session: &Session, queue: Option<&[String]>) -> Vec<usize> {
        let documents = session.dataset.documents();
        let mut order: Vec<usize> = (0..documents.len()).collect();
        if self.by_queue
            && let Some(queue) = queue
        {
            let rank: std::collections::HashMap<&str, usize> = queue
                .iter()
                .enumerate()
                .map(|(r, id)| (id.as_str(), r))
                .collect();
            order.sort_by_key(|&i| {
                (
                    rank.get(documents[i].id.as_str())
                        .copied()
                        .unwrap_or(usize::MAX),
                    i,
                )
            });
        }
        order
    }

    /// Whether document `i` passes the status, pair and text filters.
    fn shows(&self, session: &Session, i: usize) -> bool {
        let entry = &session.dataset.documents()[i];
        if self
            .status
            .is_some_and(|st| st != session.summaries[i].status)
        {
            return false;
        }
        if self
            .only
            .as_ref()
            .is_some_and(|(_, ids)| !ids.contains(&entry.id))
        {
            return false;
        }
        self.text.is_empty() || entry.title.contains(&self.text) || entry.id.contains(&self.text)
    }

    /// One row per document in `order` that passes the filters; a click goes to the document.
    /// Only the rows in view are laid out (a dataset of 10,000 documents costs what one
    /// screenful does), so every row has the same height: a title cut to one line, then its
    /// status and span count.
    fn rows(
        &self,
        ui: &mut egui::Ui,
        session: &Session,
        lang: Language,
        order: Vec<usize>,
        actions: &mut Vec<Action>,
    ) {
        let current = session.current.as_ref().map(|c| c.index);
        let shown: Vec<usize> = order
            .into_iter()
            .filter(|&i| self.shows(session, i))
            .collect();
        let spacing = ui.spacing().item_spacing.y;
        let title_h =
            ui.text_style_height(&egui::TextStyle::Button) + 2.0 * ui.spacing().button_padding.y;
        let row_h = title_h + spacing + ui.spacing().interact_size.y;
        egui::ScrollArea::vertical()
            .id_salt("doc-list")
            .auto_shrink(false)
            .show_rows(ui, row_h, shown.len(), |ui, range| {
                ui.style_mut().wrap_mode = Some(egui::TextWrapMode::Truncate);
                for &i in &shown[range] {
                    let (rect, _) = ui.allocate_exact_size(
                        egui::vec2(ui.available_width(), row_h),
                        egui::Sense::hover(),
                    );
                    let mut row_ui = ui.new_child(
                        egui::UiBuilder::new()
                            .max_rect(rect)
                            .layout(egui::Layout::top_down(egui::Align::Min)),
                    );
                    if row(&mut row_ui, session, lang, i, current == Some(i)) {
                        actions.push(NavAction::GoTo(i).into());
                    }
                }
            });
    }
}

/// One document's row: its title (selected when it is the current document), its status and
/// its span count. True when the title was clicked.
fn row(ui: &mut egui::Ui, session: &Session, lang: Language, i: usize, selected: bool) -> bool {
    let entry = &session.dataset.documents()[i];
    let summary = &session.summaries[i];
    let title = if entry.title.is_empty() {
        entry.id.as_str()
    } else {
        entry.title.as_str()
    };
    let clicked = ui
        .selectable_label(selected, RichText::new(title))
        .on_hover_text(title)
        .clicked();
    ui.horizontal(|ui| {
        ui.label(
            RichText::new(status(lang, summary.status))
                .small()
                .color(status_color(summary.status)),
        );
        ui.label(
            RichText::new(tr!(lang, "docs-spans", n = summary.spans))
                .small()
                .weak(),
        );
    });
    clicked
}
