//! The side and bottom panels: document list, span panel, label bar, status bar, problems and
//! the shortcut sheet. Each draws state and returns actions; none changes the session.

use super::actions::Action;
use super::article_view::label_color;
use crate::core::labels::LabelSchema;
use crate::core::model::Status;
use crate::core::session::Session;
use crate::core::validate::Problem;
use egui::{Color32, RichText};

/// The text filter and status filter of the document list.
#[derive(Default, Clone, Debug)]
pub struct DocFilter {
    /// Only documents with this status.
    pub status: Option<Status>,
    /// Only documents whose title or id contains this.
    pub text: String,
}

fn status_label(st: Status) -> &'static str {
    match st {
        Status::Todo => "todo",
        Status::InProgress => "in progress",
        Status::Done => "done",
        Status::Reviewed => "reviewed",
    }
}

fn status_color(st: Status) -> Color32 {
    match st {
        Status::Todo => Color32::GRAY,
        Status::InProgress => Color32::from_rgb(0xE6, 0x9F, 0x00),
        Status::Done => Color32::from_rgb(0x00, 0x9E, 0x73),
        Status::Reviewed => Color32::from_rgb(0x00, 0x72, 0xB2),
    }
}

/// The document list with filters and progress.
pub fn doc_list(ui: &mut egui::Ui, session: &Session, filter: &mut DocFilter) -> Vec<Action> {
    let mut actions = Vec::new();
    let total = session.summaries.len();
    let done = session
        .summaries
        .iter()
        .filter(|s| matches!(s.status, Status::Done | Status::Reviewed))
        .count();
    ui.heading(format!("{done} / {total} done"));
    ui.add(
        egui::ProgressBar::new(if total == 0 {
            0.0
        } else {
            done as f32 / total as f32
        })
        .desired_height(6.0),
    );
    ui.horizontal(|ui| {
        egui::ComboBox::from_label("status")
            .selected_text(filter.status.map_or("all statuses", status_label))
            .show_ui(ui, |ui| {
                ui.selectable_value(&mut filter.status, None, "all statuses");
                for st in Status::ALL {
                    ui.selectable_value(&mut filter.status, Some(st), status_label(st));
                }
            });
    });
    ui.horizontal(|ui| {
        let label = ui.label("Filter");
        ui.add(
            egui::TextEdit::singleline(&mut filter.text)
                .hint_text("title or id")
                .desired_width(f32::INFINITY),
        )
        .labelled_by(label.id);
    });
    ui.separator();
    let current = session.current.as_ref().map(|c| c.index);
    egui::ScrollArea::vertical()
        .id_salt("doc-list")
        .auto_shrink(false)
        .show(ui, |ui| {
            for (i, entry) in session.dataset.documents().iter().enumerate() {
                let summary = &session.summaries[i];
                if filter.status.is_some_and(|st| st != summary.status) {
                    continue;
                }
                if !filter.text.is_empty()
                    && !entry.title.contains(&filter.text)
                    && !entry.id.contains(&filter.text)
                {
                    continue;
                }
                let title = if entry.title.is_empty() {
                    entry.id.as_str()
                } else {
                    entry.title.as_str()
                };
                let row = ui.selectable_label(current == Some(i), RichText::new(title));
                ui.horizontal(|ui| {
                    ui.label(
                        RichText::new(status_label(summary.status))
                            .small()
                            .color(status_color(summary.status)),
                    );
                    ui.label(
                        RichText::new(format!("{} spans", summary.spans))
                            .small()
                            .weak(),
                    );
                });
                if row.clicked() {
                    actions.push(Action::GoTo(i));
                }
            }
        });
    actions
}

/// One button per label with its colour and key.
pub fn label_bar(ui: &mut egui::Ui, labels: &LabelSchema, enabled: bool) -> Vec<Action> {
    let mut actions = Vec::new();
    ui.horizontal(|ui| {
        for label in &labels.labels {
            let color = label_color(labels, &label.name);
            let button =
                egui::Button::new(RichText::new(format!("{}  {}", label.key, label.name)).strong())
                    .fill(color.gamma_multiply_u8(90))
                    .stroke(egui::Stroke::new(1.5, color));
            if ui
                .add_enabled(enabled, button)
                .on_hover_text(&label.description)
                .clicked()
            {
                actions.push(Action::Label(label.name.clone()));
            }
        }
        ui.separator();
        ui.label(RichText::new("drag to select, 1-4 to label, F1 for keys").weak());
    });
    actions
}

/// The spans of the document grouped by label, and the selected span's attributes.
pub fn span_panel(
    ui: &mut egui::Ui,
    session: &Session,
    selected: Option<&str>,
    attr_buffer: &mut Vec<(String, String)>,
) -> Vec<Action> {
    let mut actions = Vec::new();
    let Some(cur) = &session.current else {
        return actions;
    };
    let labels = &session.dataset.labels;
    ui.heading(format!("Spans ({})", cur.ann.spans.len()));
    // One virtualised list (only visible rows are laid out, so 10,000 spans stay cheap):
    // a header row per label, which folds its group, then the group's spans.
    let folded_id = ui.make_persistent_id("span-panel-folded");
    let mut folded: std::collections::BTreeSet<String> =
        ui.data(|d| d.get_temp(folded_id)).unwrap_or_default();
    enum Row<'a> {
        Header(&'a crate::core::labels::LabelDef, usize),
        Span(&'a crate::core::model::Span),
    }
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
                        let text = RichText::new(format!("{sign} {} ({n})", label.name))
                            .color(label_color(labels, &label.name))
                            .strong();
                        if ui.selectable_label(false, text).clicked() && !folded.remove(&label.name)
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
                            actions.push(Action::SelectSpan(s.id.clone()));
                            actions.push(Action::ScrollTo(s.start));
                        }
                    }
                }
            }
        });
    ui.data_mut(|d| d.insert_temp(folded_id, folded));
    ui.separator();
    let Some(span) = selected.and_then(|id| cur.ann.span(id)) else {
        ui.label(RichText::new("Select a span to edit its attributes.").weak());
        return actions;
    };
    ui.label(RichText::new(format!("{} \"{}\"", span.label, span.text)).strong());
    let Some(def) = labels.label(&span.label) else {
        return actions;
    };
    // The buffer holds the text being edited for the selected span's attributes.
    if attr_buffer.len() != def.attributes.len()
        || attr_buffer
            .iter()
            .zip(&def.attributes)
            .any(|((n, _), a)| n != &a.name)
    {
        *attr_buffer = def
            .attributes
            .iter()
            .map(|a| {
                (
                    a.name.clone(),
                    span.attrs
                        .get(&a.name)
                        .map(|v| v.as_str().map_or_else(|| v.to_string(), str::to_string))
                        .unwrap_or_default(),
                )
            })
            .collect();
    }
    use crate::core::labels::AttributeKind;
    let mut commit = false;
    egui::Grid::new("attrs").num_columns(2).show(ui, |ui| {
        for ((name, value), def) in attr_buffer.iter_mut().zip(&def.attributes) {
            let label = ui.label(name.as_str()).on_hover_text(&def.description);
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
                                        if option.is_empty() { "(none)" } else { option },
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
                    if matches!(def.kind, AttributeKind::Number)
                        && !value.trim().is_empty()
                        && value.trim().parse::<f64>().is_err()
                    {
                        ui.label(RichText::new("not a number").color(ui.visuals().error_fg_color));
                    }
                }
            }
            ui.end_row();
        }
    });
    if commit {
        let mut attrs = crate::core::model::Attrs::new();
        for ((name, value), def) in attr_buffer.iter().zip(&def.attributes) {
            if value.trim().is_empty() {
                continue;
            }
            let v = match &def.kind {
                // A number that does not parse is not saved: the field shows why.
                AttributeKind::Number => match value.trim().parse::<f64>() {
                    Ok(n) => serde_json::Value::from(n),
                    Err(_) => return actions,
                },
                AttributeKind::Bool => serde_json::Value::Bool(value == "true"),
                _ => value.clone().into(),
            };
            attrs.insert(name.clone(), v);
        }
        if attrs != span.attrs {
            actions.push(Action::SetAttrs(span.id.clone(), attrs));
        }
    }
    actions
}

/// The problems `validate` found when the dataset was opened; a click goes to the document.
pub fn problems(ui: &mut egui::Ui, session: &Session, problems: &[Problem]) -> Vec<Action> {
    let mut actions = Vec::new();
    ui.label(RichText::new(format!("{} problems found when the dataset was opened (files that could not be read are never written)", problems.len())).color(ui.visuals().warn_fg_color));
    egui::ScrollArea::vertical()
        .id_salt("problems")
        .max_height(120.0)
        .show(ui, |ui| {
            for p in problems {
                let stem = p
                    .file
                    .file_stem()
                    .map(|s| s.to_string_lossy().into_owned())
                    .unwrap_or_default();
                let index = session
                    .dataset
                    .documents()
                    .iter()
                    .position(|d| d.id == stem);
                if ui.link(p.to_string()).clicked()
                    && let Some(i) = index
                {
                    actions.push(Action::GoTo(i));
                }
            }
        });
    actions
}

/// The shortcut sheet.
pub fn help(ui: &mut egui::Ui, labels: &LabelSchema) {
    let keys: Vec<String> = labels
        .labels
        .iter()
        .map(|l| format!("{} {}", l.key, l.name))
        .collect();
    let rows = [
        ("drag", "select exact characters (across lines too)"),
        ("double click", "select a word or a number with its unit"),
        (
            "click a highlight",
            "select that span; click again to cycle nested spans",
        ),
        (
            &keys.join(", ") as &str,
            "label the selection, or relabel the selected span",
        ),
        ("Delete / Backspace", "remove the selected span"),
        ("Esc", "clear the selection"),
        (
            "Shift+Left / Right",
            "move the end of the selection or span",
        ),
        (
            "Alt+Left / Right",
            "move the start (with a selection); else previous / next document",
        ),
        ("Ctrl+Z", "undo"),
        ("Ctrl+Shift+Z, Ctrl+Y", "redo"),
        ("N / P", "next / previous document"),
        (
            "Ctrl+Enter",
            "mark done and go to the next document not done",
        ),
        ("Ctrl+F, Enter", "find (项目 finds 項目), next match"),
        (
            "Ctrl+Shift+1..4",
            "label every unlabelled match of the selected text",
        ),
        (
            "A or Enter",
            "accept the suggestion under the pointer, at the selection, or the next one",
        ),
        (
            "X",
            "reject that suggestion (dashed outlines come from model-rules)",
        ),
        (
            "Shift+A",
            "accept every pending suggestion of the active label",
        ),
        ("Ctrl+S", "save (every edit is saved already)"),
        ("Ctrl+= / Ctrl+-", "text size"),
        ("F1 or ?", "this sheet"),
    ];
    egui::Grid::new("shortcuts")
        .num_columns(2)
        .striped(true)
        .show(ui, |ui| {
            for (k, what) in rows {
                ui.label(RichText::new(k).strong());
                ui.label(what);
                ui.end_row();
            }
        });
}
