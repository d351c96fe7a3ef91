//! The Projects view (T): the open document's investment table, one row per project with a
//! relation and per amount × region, as `biaozhu table` writes it; rows that lack an amount or a
//! region are marked. A click on a row selects its project span.

use super::relations_panel::lacks_text;
use super::{AppView, View};
use crate::app::actions::{Action, SelectAction, ViewAction};
use crate::app::i18n::Language;
use crate::core::data::display_names::Displayed;
use crate::core::data::labels::LabelSchema;
use crate::core::data::labels::Role;
use crate::core::exchange::table::{Investment, Row, document_rows};
use crate::tr;
use egui::RichText;

/// The Projects view (no state of its own).
pub struct ProjectsView;

/// How a shown column reads its cell from a row.
type Cell = fn(&Row) -> String;

/// The columns shown, with how to read each from a row. A column of a label's spans is headed
/// by the name of the label that has its role in the dataset (金额 where a team calls it so).
/// A column of no label is headed by its message.
const SHOWN: [(&str, Option<Role>, Cell); 7] = [
    ("", Some(Role::Project), |r| r.project.clone()),
    ("", Some(Role::Money), |r| {
        r.amount.clone().unwrap_or_default()
    }),
    ("projects-col-value", None, |r| {
        r.amount_value
            .as_ref()
            .map(crate::core::exchange::table::value_text)
            .unwrap_or_default()
    }),
    ("projects-col-currency", None, |r| {
        r.currency.clone().unwrap_or_default()
    }),
    ("", Some(Role::Place), |r| {
        r.region.clone().unwrap_or_default()
    }),
    ("projects-col-adcode", None, |r| {
        r.adcode.clone().unwrap_or_default()
    }),
    ("projects-col-mechanisms", None, |r| r.mechanisms.clone()),
];

impl View for ProjectsView {
    fn ui(&mut self, ui: &mut egui::Ui, app: &AppView<'_>) -> Vec<Action> {
        let mut actions = Vec::new();
        let Some(cur) = app.session.and_then(|s| s.current.as_ref()) else {
            return actions;
        };
        let labels = app.session.map(|s| &s.dataset.labels);
        let shape = labels.map(Investment::of).unwrap_or_default();
        let rows = document_rows(
            &cur.doc.id,
            &cur.doc.meta,
            &cur.ann.spans,
            &cur.ann.relations,
            &shape,
        );
        let lacking = rows.iter().filter(|r| !r.missing().is_empty()).count();
        let lang = app.settings.lang();
        ui.label(
            RichText::new(tr!(
                lang,
                "projects-heading",
                rows = rows.len(),
                lacking = lacking,
                key = crate::app::keymap::key_for(crate::app::actions::ViewAction::ToggleProjects),
            ))
            .strong(),
        );
        if rows.is_empty() {
            ui.label(
                RichText::new(tr!(
                    lang,
                    "projects-none",
                    key = crate::app::keymap::key_for(crate::app::actions::EditAction::StartLink),
                ))
                .weak(),
            );
            return actions;
        }
        let warn = ui.visuals().warn_fg_color;
        egui::ScrollArea::both()
            .id_salt("table-of-projects")
            .show(ui, |ui| {
                egui::Grid::new("grid-of-projects")
                    .striped(true)
                    .show(ui, |ui| {
                        ui.label("");
                        for (id, role, _) in SHOWN {
                            let head = column_head(lang, labels, id, role);
                            ui.label(RichText::new(head).strong());
                        }
                        ui.end_row();
                        for row in &rows {
                            let missing = row.missing();
                            let mark = match labels {
                                _ if missing.is_empty() => {
                                    RichText::new(tr!(lang, "projects-complete"))
                                }
                                Some(l) => RichText::new(lacks_text(lang, l, &missing)).color(warn),
                                None => RichText::new(missing.join(", ")).color(warn),
                            };
                            let clicked_mark = ui.selectable_label(false, mark).clicked();
                            let mut clicked = clicked_mark;
                            for (_, _, read) in SHOWN {
                                let cell = read(row);
                                let cell = if cell.is_empty() {
                                    "–".to_string()
                                } else {
                                    cell
                                };
                                clicked |= ui.selectable_label(false, cell).clicked();
                            }
                            if clicked {
                                actions.push(SelectAction::Span(row.project_span.clone()).into());
                                actions.push(ViewAction::ScrollTo(row.project_start).into());
                            }
                            ui.end_row();
                        }
                    });
            });
        actions
    }
}

/// A column's head: the display name of the label with the column's role (金额 where the team
/// calls it so), or the column's own message.
fn column_head(
    lang: Language,
    labels: Option<&LabelSchema>,
    id: &str,
    role: Option<Role>,
) -> String {
    let label = role.and_then(|r| labels.and_then(|l| l.label(l.label_for(r)?)));
    match (label, role) {
        (Some(def), _) => def.display(lang.tag()).to_string(),
        (None, Some(r)) => r.default_label().to_string(),
        (None, None) => match id {
            "projects-col-value" => tr!(lang, "projects-col-value"),
            "projects-col-currency" => tr!(lang, "projects-col-currency"),
            "projects-col-adcode" => tr!(lang, "projects-col-adcode"),
            _ => tr!(lang, "projects-col-mechanisms"),
        },
    }
}
