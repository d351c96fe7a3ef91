//! Pointer handling in the article: a drag selects exact characters, a click selects (and cycles
//! through nested) spans, a double click selects a word or a number with its unit, and hovering
//! a span shows its label, text, offsets and attributes. While linking, a click on a span links
//! it.

use super::ArticleInput;
use super::layout::TextLayout;
use crate::app::actions::{Action, EditAction, SelectAction};
use crate::core::annotate::session::OpenDocument;
use crate::core::data::model::Span;

/// Turns this frame's pointer events on the text into actions, and notes the code point under
/// the pointer.
pub(super) fn handle_pointer(
    ui: &egui::Ui,
    response: &egui::Response,
    layout: &mut TextLayout,
    cur: &OpenDocument,
    input: &ArticleInput<'_>,
    hover_char: &mut Option<usize>,
) -> Vec<Action> {
    let mut actions = Vec::new();
    if response.drag_started()
        && let Some(origin_pos) = ui.input(|i| i.pointer.press_origin())
    {
        layout.drag_anchor = layout.char_at(origin_pos);
    }
    if response.dragged()
        && let (Some(anchor), Some(pos)) = (layout.drag_anchor, response.interact_pointer_pos())
        && let Some(at) = layout.char_at(pos)
    {
        let (a, b) = (anchor.min(at), anchor.max(at));
        if a < b && (input.selection != Some((a, b)) || input.selected_span.is_some()) {
            actions.push(SelectAction::Range(a, b).into());
        }
    }
    if response.drag_stopped() {
        layout.drag_anchor = None;
    }
    if response.double_clicked() {
        if let Some(at) = response
            .interact_pointer_pos()
            .and_then(|p| layout.char_at(p))
            && let Some((a, b)) = crate::core::annotate::words::word_at(&cur.doc.text, at)
        {
            actions.push(SelectAction::Range(a, b).into());
        }
    } else if response.clicked()
        && let Some(at) = response
            .interact_pointer_pos()
            .and_then(|p| layout.char_at(p))
        && let Some(mode) = input.link
    {
        // Linking: the innermost span under the click that is not the source is the target.
        let mut here = spans_at(cur, at);
        here.sort_by_key(|s| (s.end - s.start, s.start));
        if let Some(target) = here.iter().find(|s| s.id != mode.source) {
            actions.push(EditAction::LinkTo(target.id.clone()).into());
        }
    } else if response.clicked()
        && let Some(at) = response
            .interact_pointer_pos()
            .and_then(|p| layout.char_at(p))
    {
        let mut here = spans_at(cur, at);
        // Innermost first, so a click on a region inside a project selects the region.
        here.sort_by_key(|s| (s.end - s.start, s.start));
        let next = match input
            .selected_span
            .and_then(|id| here.iter().position(|s| s.id == id))
        {
            Some(i) => here.get((i + 1) % here.len()),
            None => here.first(),
        };
        actions.push(match next {
            Some(s) => SelectAction::Span(s.id.clone()).into(),
            None => SelectAction::Clear.into(),
        });
    }
    *hover_char = response.hover_pos().and_then(|p| layout.char_at(p));
    if let Some(at) = *hover_char {
        show_tooltip(response, &spans_at(cur, at), input);
    }
    actions
}

/// The spans that contain code point `at`.
fn spans_at(cur: &OpenDocument, at: usize) -> Vec<&Span> {
    cur.ann
        .spans
        .iter()
        .filter(|s| s.start <= at && at < s.end)
        .collect()
}

/// A tooltip at the pointer with one line per span under it: the label and attribute names in
/// the window's language, the covered text, the offsets and the attribute values.
fn show_tooltip(response: &egui::Response, here: &[&Span], input: &ArticleInput<'_>) {
    use crate::core::data::display_names::Displayed;
    if here.is_empty() {
        return;
    }
    let locale = input.lang.tag();
    let tip: Vec<String> = here
        .iter()
        .map(|s| {
            let def = input.labels.label(&s.label);
            let attrs: Vec<String> = s
                .attrs
                .iter()
                .map(|(k, v)| {
                    let name = def
                        .and_then(|d| d.attributes.iter().find(|a| &a.name == k))
                        .map_or(k.as_str(), |a| a.display(locale));
                    format!("{name}={v}")
                })
                .collect();
            let attrs = if attrs.is_empty() {
                String::new()
            } else {
                format!("  {}", attrs.join(", "))
            };
            let label = def.map_or(s.label.as_str(), |d| d.display(locale));
            format!("{label}  「{}」  {}–{}{attrs}", s.text, s.start, s.end)
        })
        .collect();
    response.clone().on_hover_text_at_pointer(tip.join("\n"));
}
