//! Under the span panel: the selected span's relations (select the other end, or delete the
//! link) and its suggested links (accept them), and the document's projects that still lack an amount or a region (a click selects
//! the project, R then links it).

use super::style::label_color;
use super::{AppView, View};
use crate::app::actions::{Action, EditAction, ReviewAction, SelectAction, ViewAction};
use crate::app::i18n::Language;
use crate::core::annotate::linking::relations_of;
use crate::core::data::display_names::Displayed;
use crate::core::data::labels::LabelSchema;
use crate::core::exchange::table::{Investment, projects_lacking};
use crate::tr;
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
        let lang = app.settings.lang();
        ui.separator();
        if let Some(id) = app.selection.span.as_deref() {
            selected_relations(ui, app, id, &mut actions);
        }
        let shape = app
            .session
            .map(|s| Investment::of(&s.dataset.labels))
            .unwrap_or_default();
        let lacking = projects_lacking(&cur.ann.spans, &cur.ann.relations, &shape);
        ui.label(RichText::new(tr!(lang, "rels-lacking", n = lacking.len())).strong());
        // Virtualised: only the visible rows are laid out, however many projects there are.
        let row_height =
            ui.text_style_height(&egui::TextStyle::Body) + ui.spacing().item_spacing.y + 2.0;
        egui::ScrollArea::vertical()
            .id_salt("lacking-projects")
            .max_height(160.0)
            .auto_shrink([false, true])
            .show_rows(ui, row_height, lacking.len(), |ui, range| {
                for (p, lacks) in &lacking[range] {
                    let mut name: String = p.text.replace('\n', " ").chars().take(16).collect();
                    if p.text.chars().count() > 16 {
                        name.push('…');
                    }
                    let text = format!("{name}   {}", lacks_text(lang, labels, lacks));
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

/// Select span `id` and scroll to it.
fn select(actions: &mut Vec<Action>, id: &str, start: usize) {
    actions.push(SelectAction::Span(id.to_string()).into());
    actions.push(ViewAction::ScrollTo(start).into());
}

/// The selected span's relations (select the other end, unlink) and its suggested links.
fn selected_relations(ui: &mut egui::Ui, app: &AppView<'_>, id: &str, actions: &mut Vec<Action>) {
    let Some((session, cur)) = app.open_document() else {
        return;
    };
    let labels = &session.dataset.labels;
    let lang = app.settings.lang();
    let kind_name = |kind: &str| {
        labels
            .relation(kind)
            .map_or(kind.to_string(), |r| r.display(lang.tag()).to_string())
    };
    let rels = relations_of(&cur.ann, id);
    ui.label(RichText::new(tr!(lang, "rels-heading", n = rels.len())).strong());
    if rels.is_empty() {
        let key = crate::app::keymap::key_for(EditAction::StartLink);
        ui.label(RichText::new(tr!(lang, "rels-none", key = key)).weak());
    }
    for (rel, other) in rels {
        ui.horizontal(|ui| {
            let arrow = if rel.from == id { "->" } else { "<-" };
            let text = RichText::new(format!(
                "{} {arrow} 「{}」",
                kind_name(&rel.kind),
                other.text
            ))
            .color(label_color(labels, &other.label));
            if ui
                .selectable_label(false, text)
                .on_hover_text(tr!(lang, "rels-select-other-end"))
                .clicked()
            {
                select(actions, &other.id, other.start);
            }
            if ui
                .small_button(tr!(lang, "rels-unlink"))
                .on_hover_text(tr!(lang, "rels-unlink-hint"))
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
        ui.label(RichText::new(tr!(lang, "rels-suggested", n = suggested.len())).strong());
        for rel in &suggested {
            let other = if rel.from == id { &rel.to } else { &rel.from };
            let Some(other) = cur.ann.span(other) else {
                continue;
            };
            ui.label(
                RichText::new(format!("{} 「{}」", kind_name(&rel.kind), other.text))
                    .color(label_color(labels, &other.label))
                    .italics(),
            );
        }
        let key = crate::app::keymap::key_for(ReviewAction::AcceptRelations);
        if ui.button(tr!(lang, "rels-accept", key = key)).clicked() {
            actions.push(ReviewAction::AcceptRelations.into());
        }
    }
    ui.separator();
}

/// What a project lacks, in the window's language: `no amount, no region` (缺金额、缺地区).
pub fn lacks_text(lang: Language, labels: &LabelSchema, lacks: &[impl AsRef<str>]) -> String {
    lacks
        .iter()
        .map(|l| {
            let l = l.as_ref();
            // A lack is named by the label, or by the role's default label name.
            let def = labels.label(l).or_else(|| {
                let role = crate::core::data::labels::Role::ALL
                    .into_iter()
                    .find(|r| r.default_label() == l)?;
                labels.label(labels.label_for(role)?)
            });
            let shown = def.map_or(l, |d| d.display(lang.tag()));
            tr!(lang, "lacks-one", what = shown)
        })
        .collect::<Vec<_>>()
        .join(&tr!(lang, "list-separator"))
}
