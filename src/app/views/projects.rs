//! The Projects view (T): the open document's investment table, one row per project with a
//! relation and per amount × region, as `biaozhu table` writes it; rows that lack an amount or a
//! region are marked. A click on a row selects its project span.

use super::{AppView, View};
use crate::app::actions::{Action, SelectAction, ViewAction};
use crate::core::data::labels::Role;
use crate::core::exchange::table::{Investment, Row, document_rows};
use egui::RichText;

/// The Projects view (no state of its own).
pub struct ProjectsView;

/// How a shown column reads its cell from a row.
type Cell = fn(&Row) -> String;

/// The columns shown, with how to read each from a row. A column of a label's spans is headed
/// by the name of the label that has its role in the dataset (金额 where a team calls it so).
const SHOWN: [(&str, Option<Role>, Cell); 7] = [
    ("project", Some(Role::Project), |r| r.project.clone()),
    ("amount", Some(Role::Money), |r| {
        r.amount.clone().unwrap_or_default()
    }),
    ("value", None, |r| {
        r.amount_value
            .as_ref()
            .map(crate::core::exchange::table::value_text)
            .unwrap_or_default()
    }),
    ("currency", None, |r| r.currency.clone().unwrap_or_default()),
    ("region", Some(Role::Place), |r| {
        r.region.clone().unwrap_or_default()
    }),
    ("adcode", None, |r| r.adcode.clone().unwrap_or_default()),
    ("mechanisms", None, |r| r.mechanisms.clone()),
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
        ui.label(
            RichText::new(format!(
                "Projects: {} rows, {lacking} lacking an amount or a region ({} hides this)",
                rows.len(),
                crate::app::keymap::key_for(crate::app::actions::ViewAction::ToggleProjects)
            ))
            .strong(),
        );
        if rows.is_empty() {
            ui.label(
                RichText::new(format!(
                    "No project has a relation yet: select a project and press {}.",
                    crate::app::keymap::key_for(crate::app::actions::EditAction::StartLink)
                ))
                .weak(),
            );
            return actions;
        }
        let warn = ui.visuals().warn_fg_color;
        egui::ScrollArea::both()
            .id_salt("projects-table")
            .show(ui, |ui| {
                egui::Grid::new("projects-grid")
                    .striped(true)
                    .show(ui, |ui| {
                        ui.label("");
                        for (name, role, _) in SHOWN {
                            let name = role
                                .and_then(|r| labels.and_then(|l| l.label_for(r)))
                                .unwrap_or(name);
                            ui.label(RichText::new(name).strong());
                        }
                        ui.end_row();
                        for row in &rows {
                            let missing = row.missing();
                            let mark = if missing.is_empty() {
                                RichText::new("complete")
                            } else {
                                RichText::new(format!("no {}", missing.join(", no "))).color(warn)
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
