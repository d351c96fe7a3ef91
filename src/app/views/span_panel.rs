//! The span panel on the right: the document's spans grouped by label (a virtualised list whose
//! groups fold), and the selected span's attributes as fields. It owns the text being typed into
//! those fields; turning that text into typed values is `core::annotate::attr_text`.

use super::style::label_color;
use super::{AppView, View};
use crate::app::actions::{Action, EditAction, SelectAction, ViewAction};
use crate::app::i18n::Language;
use crate::core::annotate::attr_text;
use crate::core::data::display_names::Displayed;
use crate::core::data::labels::{AttributeKind, LabelDef};
use crate::core::data::model::Span;
use crate::tr;
use egui::RichText;
use std::collections::BTreeSet;

/// The span panel and the attribute fields being edited.
#[derive(Default)]
pub struct SpanPanel {
    /// Attribute name and the text in its field, for the selected span.
    fields: Vec<(String, String)>,
}

/// One row of the span list.
enum Row<'a> {
    /// A label's header, with its number of spans; a click folds the group.
    Header(&'a LabelDef, usize),
    /// A span.
    Span(&'a Span),
}

impl SpanPanel {
    /// Forgets the fields, so they are filled again from the selected span.
    pub fn reset(&mut self) {
        self.fields.clear();
    }

    /// The attribute fields of the selected span; returns the action that saves them.
    fn attributes(
        &mut self,
        ui: &mut egui::Ui,
        lang: Language,
        span: &Span,
        def: &LabelDef,
    ) -> Option<Action> {
        let stale = self.fields.len() != def.attributes.len()
            || self
                .fields
                .iter()
                .zip(&def.attributes)
                .any(|((n, _), a)| n != &a.name);
        if stale {
            self.fields = attr_text::fields(&def.attributes, &span.attrs);
        }
        let mut commit = false;
        let none = tr!(lang, "spans-choice-none");
        egui::Grid::new("attrs").num_columns(2).show(ui, |ui| {
            for ((name, value), def) in self.fields.iter_mut().zip(&def.attributes) {
                let label = ui
                    .label(def.display(lang.tag()))
                    .on_hover_text(&def.description);
                match &def.kind {
                    AttributeKind::Choice(options) => {
                        egui::ComboBox::from_id_salt(("attr", name.as_str()))
                            .selected_text(value.as_str())
                            .show_ui(ui, |ui| {
                                for option in
                                    std::iter::once("").chain(options.iter().map(String::as_str))
                                {
                                    if ui
                                        .selectable_label(
                                            value == option,
                                            if option.is_empty() {
                                                none.as_str()
                                            } else {
                                                option
                                            },
                                        )
                                        .clicked()
                                    {
                                        *value = option.to_string();
                                        commit = true;
                                    }
                                }
                            })
                            .response
                            .labelled_by(label.id);
                    }
                    AttributeKind::Bool => {
                        let mut on = value == "true";
                        if ui.checkbox(&mut on, "").labelled_by(label.id).changed() {
                            *value = if on { "true".into() } else { String::new() };
                            commit = true;
                        }
                    }
                    AttributeKind::Number | AttributeKind::Text => {
                        let r = ui
                            .add(egui::TextEdit::singleline(value).desired_width(140.0))
                            .labelled_by(label.id);
                        if r.lost_focus() {
                            commit = true;
                        }
                        if !attr_text::is_valid(&def.kind, value) {
                            ui.label(
                                RichText::new(tr!(lang, "spans-not-a-number"))
                                    .color(ui.visuals().error_fg_color),
                            );
                        }
                    }
                }
                ui.end_row();
            }
        });
        if !commit {
            return None;
        }
        // A number that does not parse is not saved: the field shows why.
        let attrs = attr_text::parse_fields(&def.attributes, &self.fields)?;
        (attrs != span.attrs).then(|| EditAction::SetAttrs(span.id.clone(), attrs).into())
    }
}

impl View for SpanPanel {
    fn ui(&mut self, ui: &mut egui::Ui, app: &AppView<'_>) -> Vec<Action> {
        let mut actions = Vec::new();
        let Some((session, cur)) = app.open_document() else {
            return actions;
        };
        let selected = app.selection.span.as_deref();
        let labels = &session.dataset.labels;
        let lang = app.settings.lang();
        ui.heading(tr!(lang, "spans-heading", n = cur.ann.spans.len()));
        // One virtualised list (only visible rows are laid out, so 10,000 spans stay cheap):
        // a header row per label, which folds its group, then the group's spans.
        let folded_id = ui.make_persistent_id("span-panel-folded");
        let mut folded: BTreeSet<String> = ui.data(|d| d.get_temp(folded_id)).unwrap_or_default();
        let mut rows = Vec::new();
        for label in &labels.labels {
            let spans: Vec<_> = cur
                .ann
                .spans
                .iter()
                .filter(|s| s.label == label.name)
                .collect();
            rows.push(Row::Header(label, spans.len()));
            if !folded.contains(&label.name) {
                rows.extend(spans.into_iter().map(Row::Span));
            }
        }
        let row_height =
            ui.text_style_height(&egui::TextStyle::Body) + ui.spacing().item_spacing.y + 2.0;
        egui::ScrollArea::vertical()
            .id_salt("span-panel")
            .max_height(ui.available_height() * 0.6)
            .auto_shrink([false, true])
            .show_rows(ui, row_height, rows.len(), |ui, range| {
                for row in &rows[range] {
                    match row {
                        Row::Header(label, n) => {
                            let sign = if folded.contains(&label.name) {
                                "+"
                            } else {
                                "-"
                            };
                            let text = RichText::new(format!(
                                "{sign} {} ({n})",
                                label.display(lang.tag())
                            ))
                            .color(label_color(labels, &label.name))
                            .strong();
                            if ui.selectable_label(false, text).clicked()
                                && !folded.remove(&label.name)
                            {
                                folded.insert(label.name.clone());
                            }
                        }
                        Row::Span(s) => {
                            // One line per row (the list is virtualised on a fixed row height).
                            let mut shown: String =
                                s.text.replace('\n', " ").chars().take(14).collect();
                            if s.text.chars().count() > 14 {
                                shown.push('…');
                            }
                            let text = format!("    {shown}   {}-{}", s.start, s.end);
                            if ui
                                .selectable_label(selected == Some(s.id.as_str()), text)
                                .clicked()
                            {
                                actions.push(SelectAction::Span(s.id.clone()).into());
                                actions.push(ViewAction::ScrollTo(s.start).into());
                            }
                        }
                    }
                }
            });
        ui.data_mut(|d| d.insert_temp(folded_id, folded));
        ui.separator();
        let Some(span) = selected.and_then(|id| cur.ann.span(id)) else {
            ui.label(RichText::new(tr!(lang, "spans-select-one")).weak());
            return actions;
        };
        let Some(def) = labels.label(&span.label) else {
            ui.label(RichText::new(format!("{} \"{}\"", span.label, span.text)).strong());
            return actions;
        };
        ui.label(RichText::new(format!("{} \"{}\"", def.display(lang.tag()), span.text)).strong());
        actions.extend(self.attributes(ui, lang, span, def));
        actions
    }
}
