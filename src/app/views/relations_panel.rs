//! Under the span panel: the selected span's relations (select the other end, or delete the
//! link) and its suggested links (accept them), and the document's projects that still lack an amount or a region (a click selects
//! the project, R then links it).

use super::style::label_color;
use super::{AppView, View};
use crate::app::actions::{Action, EditAction, ReviewAction, SelectAction, ViewAction};
use crate::core::annotate::linking::relations_of;
use crate::core::exchange::table::{Investment, projects_lacking};
use egui::RichText;

/// The relations part of the right panel (no state of its own).
pub struct RelationsPanel;

impl View for RelationsPanel {
    fn ui(&mut self, ui: &mut egui::Ui, app: &AppView<'_>) -> Vec<Action> {
        let mut actions = Vec::new();
        let Some((session, cur)) = app.open_document() else {
            return actions;
        };
        let labels = &session.dataset.labels;
        ui.separator();
        let select = |actions: &mut Vec<Action>, id: &str, start: usize| {
            actions.push(SelectAction::Span(id.to_string()).into());
            actions.push(ViewAction::ScrollTo(start).into());
        };
        if let Some(id) = app.selection.span.as_deref() {
            let rels = relations_of(&cur.ann, id);
            ui.label(RichText::new(format!("Relations ({})", rels.len())).strong());
            if rels.is_empty() {
                ui.label(RichText::new("None. Press R to link this span.").weak());
            }
            for (rel, other) in rels {
                ui.horizontal(|ui| {
                    let arrow = if rel.from == id { "->" } else { "<-" };
                    let text = RichText::new(format!("{} {arrow} 「{}」", rel.kind, other.text))
                        .color(label_color(labels, &other.label));
                    if ui
                        .selectable_label(false, text)
                        .on_hover_text("select the other end")
                        .clicked()
                    {
                        select(&mut actions, &other.id, other.start);
                    }
                    if ui
                        .small_button("unlink")
                        .on_hover_text("remove this link (undoable)")
                        .clicked()
                    {
                        actions.push(EditAction::RemoveRelation(rel.id.clone()).into());
                    }
                });
            }
            let suggested: Vec<_> = session
                .pending_relations()
                .into_iter()
                .filter(|r| r.from == id || r.to == id)
                .collect();
            if !suggested.is_empty() {
                ui.label(RichText::new(format!("Suggested links ({})", suggested.len())).strong());
                for rel in &suggested {
                    let other = if rel.from == id { &rel.to } else { &rel.from };
                    let Some(other) = cur.ann.span(other) else {
                        continue;
                    };
                    ui.label(
                        RichText::new(format!("{} 「{}」", rel.kind, other.text))
                            .color(label_color(labels, &other.label))
                            .italics(),
                    );
                }
                let key = crate::app::keymap::key_for(ReviewAction::AcceptRelations);
                if ui.button(format!("accept these links ({key})")).clicked() {
                    actions.push(ReviewAction::AcceptRelations.into());
                }
            }
            ui.separator();
        }
        let shape = app
            .session
            .map(|s| Investment::of(&s.dataset.labels))
            .unwrap_or_default();
        let lacking = projects_lacking(&cur.ann.spans, &cur.ann.relations, &shape);
        ui.label(RichText::new(format!("Projects lacking parts ({})", lacking.len())).strong());
        // Virtualised: only the visible rows are laid out, however many projects there are.
        let row_height =
            ui.text_style_height(&egui::TextStyle::Body) + ui.spacing().item_spacing.y + 2.0;
        egui::ScrollArea::vertical()
            .id_salt("projects-lacking")
            .max_height(160.0)
            .auto_shrink([false, true])
            .show_rows(ui, row_height, lacking.len(), |ui, range| {
                for (p, lacks) in &lacking[range] {
                    let mut name: String = p.text.replace('\n', " ").chars().take(16).collect();
                    if p.text.chars().count() > 16 {
                        name.push('…');
                    }
                    let text = format!("{name}   no {}", lacks.join(", no "));
                    if ui
                        .selectable_label(app.selection.span.as_deref() == Some(&p.id), text)
                        .clicked()
                    {
                        select(&mut actions, &p.id, p.start);
                    }
                }
            });
        actions
    }
}
