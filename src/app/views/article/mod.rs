//! The article view: the document's title and facts, then its text with a coloured background
//! per label, nested spans as stacked bars under the text, the selected span outlined, find
//! matches, suggestions, the live selection as an overlay, and relations as arcs between spans
//! (with numbered candidates while linking).
//!
//! The text is laid out per paragraph (`layout`), and only paragraphs that meet the viewport are
//! laid out and painted; heights of paragraphs not seen yet are estimated. Painting is a stack
//! of layers (`paint`), and pointer input is handled apart from painting (`pointer`).

mod layout;
mod paint;
mod pointer;
mod relations;

pub use layout::TextLayout;

use super::{AppView, View};
use crate::app::actions::Action;
use crate::core::annotate::session::OpenDocument;
use crate::core::data::labels::LabelSchema;
use crate::core::data::model::Span;
use crate::tr;
use egui::{Color32, FontId, Rect, RichText, Sense, Vec2};
use layout::{Paragraph, TextStyle};
use paint::Placement;

/// Vertical space between paragraphs, in points.
const PARAGRAPH_GAP: f32 = 6.0;

/// The article view and the state it keeps between frames.
#[derive(Default)]
pub struct ArticleView {
    /// The text layout of the open document.
    layout: TextLayout,
    /// Scroll so that this code point is in view on the next frame.
    pub scroll_to: Option<usize>,
    /// The code point under the pointer last frame.
    pub hover_char: Option<usize>,
}

/// What the text layers draw besides the document.
pub struct ArticleInput<'a> {
    /// The label schema (colours, and the names the tooltips show).
    pub labels: &'a LabelSchema,
    /// The window's language (the labels' display names in tooltips).
    pub lang: crate::app::i18n::Language,
    /// The selected range, if any.
    pub selection: Option<(usize, usize)>,
    /// The selected span, if any.
    pub selected_span: Option<&'a str>,
    /// Find matches.
    pub matches: &'a [(usize, usize)],
    /// Index of the current match.
    pub current_match: Option<usize>,
    /// Text size.
    pub font_size: f32,
    /// Pending suggestions, drawn as dashed outlines.
    pub suggestions: &'a [Span],
    /// For each suggestion, whether both reviewed annotators have it (drawn solid).
    pub agreed: &'a [bool],
    /// Link mode: the source span and the numbered candidates.
    pub link: Option<&'a crate::app::linking::LinkMode>,
    /// Suggested links whose ends are both the annotator's spans, drawn dashed.
    pub pending_relations: &'a [crate::core::data::model::Relation],
}

impl ArticleView {
    /// The layout painted last frame: code points under screen positions and back.
    pub fn layout(&self) -> &TextLayout {
        &self.layout
    }

    /// Screen rectangles that cover code points `start..end` in the paragraphs painted last frame.
    pub fn range_rects(&self, start: usize, end: usize) -> Vec<Rect> {
        self.layout.range_rects(start, end)
    }

    /// The title, the document's facts and its status; or what to do when no dataset or no
    /// document is open. Returns whether a document is open (and the text should follow).
    pub fn header(&mut self, ui: &mut egui::Ui, app: &AppView<'_>) -> bool {
        let lang = app.settings.lang();
        let Some(session) = app.session else {
            ui.heading(tr!(lang, "article-no-dataset"));
            ui.label(tr!(lang, "article-no-dataset-hint"));
            return false;
        };
        let Some(cur) = &session.current else {
            ui.heading(tr!(lang, "article-no-documents"));
            ui.label(tr!(lang, "article-no-documents-hint"));
            return false;
        };
        ui.heading(&cur.doc.meta.title);
        let meta: Vec<String> = [
            cur.doc.meta.date.clone(),
            Some(cur.doc.meta.source_file.clone()),
            Some(cur.doc.meta.encoding.clone()),
            Some(tr!(lang, "article-characters", n = cur.map.char_count())),
        ]
        .into_iter()
        .flatten()
        .filter(|s| !s.is_empty())
        .collect();
        ui.label(RichText::new(meta.join("  ·  ")).weak());
        ui.horizontal(|ui| {
            let status = crate::app::i18n::status(lang, cur.ann.status);
            ui.label(tr!(lang, "article-status", status = status));
            if let Some(reason) = &cur.locked_reason {
                use crate::core::annotate::session::LockedReason;
                let said = match reason {
                    LockedReason::OtherVersion => tr!(lang, "locked-other-version"),
                    LockedReason::Unreadable {
                        typed: Some(kind), ..
                    } => tr!(
                        lang,
                        "locked-unreadable-parsed",
                        what = crate::app::message::kind_text(lang, kind)
                    ),
                    LockedReason::Unreadable { error, .. } => {
                        tr!(lang, "locked-unreadable", error = error)
                    }
                };
                ui.label(RichText::new(said).color(ui.visuals().error_fg_color));
            }
        });
        if !cur.ann.relations.is_empty() {
            relation_legend(ui, lang, &session.dataset.labels);
        }
        true
    }
}

/// The legend of the relation arcs: each relation type in the colour of its target's label
/// (the colour its arcs are drawn in), by its display name.
fn relation_legend(ui: &mut egui::Ui, lang: crate::app::i18n::Language, labels: &LabelSchema) {
    use crate::core::data::display_names::Displayed;
    ui.horizontal_wrapped(|ui| {
        ui.label(RichText::new(tr!(lang, "article-arcs")).weak());
        for rel in &labels.relations {
            let color = super::style::label_color(labels, &rel.to);
            ui.label(RichText::new(format!("→ {}", rel.display(lang.tag()))).color(color));
        }
    });
}

impl View for ArticleView {
    /// Draws the text and returns the actions the pointer asked for.
    fn ui(&mut self, ui: &mut egui::Ui, app: &AppView<'_>) -> Vec<Action> {
        let Some((session, cur)) = app.open_document() else {
            return Vec::new();
        };
        let pending = session.pending_suggestions();
        let agreed = agreed(&pending, cur);
        let pending_relations = session.pending_relations();
        let input = ArticleInput {
            labels: &session.dataset.labels,
            lang: app.settings.lang(),
            selection: app.selection.range,
            selected_span: app.selection.span.as_deref(),
            matches: app.find.map_or(&[], |f| f.matches()),
            current_match: app.find.and_then(|f| f.current),
            font_size: app.settings.font_size,
            suggestions: &pending,
            agreed: &agreed,
            link: app.link,
            pending_relations: &pending_relations,
        };
        self.show_text(ui, cur, &input)
    }
}

/// For each pending suggestion, whether more than one origin (both reviewed annotators) has it.
fn agreed(pending: &[Span], cur: &OpenDocument) -> Vec<bool> {
    pending
        .iter()
        .map(|p| {
            cur.suggestions
                .iter()
                .zip(&cur.suggestion_origins)
                .any(|(s, o)| s.same_as(p) && o.len() > 1)
        })
        .collect()
}

/// The top of each paragraph (measured heights, or estimates for paragraphs not laid out yet)
/// and the height of the whole text.
fn paragraph_tops(
    layout: &TextLayout,
    width: f32,
    font_size: f32,
    row_height: f32,
) -> (Vec<f32>, f32) {
    let chars_per_row = (width / font_size).max(1.0);
    let estimate =
        |p: &Paragraph| ((p.end - p.start) as f32 / chars_per_row).ceil().max(1.0) * row_height;
    let tops: Vec<f32> = layout
        .paragraphs
        .iter()
        .zip(&layout.heights)
        .scan(0.0f32, |y, (p, h)| {
            let top = *y;
            *y += h.unwrap_or_else(|| estimate(p)) + PARAGRAPH_GAP;
            Some(top)
        })
        .collect();
    let total = tops.last().copied().unwrap_or(0.0)
        + layout
            .heights
            .last()
            .copied()
            .flatten()
            .unwrap_or(row_height)
        + 40.0;
    (tops, total)
}

impl ArticleView {
    /// Lays out the text of `cur`, scrolls to the requested code point, paints the layers in
    /// the visible part and handles the pointer; returns the actions the pointer asked for.
    fn show_text(
        &mut self,
        ui: &mut egui::Ui,
        cur: &OpenDocument,
        input: &ArticleInput<'_>,
    ) -> Vec<Action> {
        let font = FontId::proportional(input.font_size);
        let dark = ui.visuals().dark_mode;
        let style = TextStyle {
            labels: input.labels,
            font: font.clone(),
            text_color: ui.visuals().text_color(),
            dark,
        };
        let width = (ui.available_width() - 16.0).max(50.0);
        let layout = &mut self.layout;
        layout.refresh(cur, width, input.font_size);
        let row_height = ui.fonts_mut(|f| f.row_height(&font)) * 1.0 + 4.0;
        let (tops, total) = paragraph_tops(layout, width, input.font_size, row_height);

        let mut area = egui::ScrollArea::vertical()
            .id_salt(("article", &cur.doc.id))
            .auto_shrink(false);
        if let Some(target) = self.scroll_to.take() {
            let pi = layout
                .paragraphs
                .partition_point(|p| p.end < target)
                .min(layout.paragraphs.len().saturating_sub(1));
            area =
                area.vertical_scroll_offset((tops.get(pi).copied().unwrap_or(0.0) - 60.0).max(0.0));
        }
        let selection_fill = if dark {
            Color32::from_rgba_unmultiplied(90, 160, 255, 90)
        } else {
            Color32::from_rgba_unmultiplied(0, 110, 220, 70)
        };
        let outline = ui.visuals().strong_text_color();
        let hover_char = &mut self.hover_char;
        area.show_viewport(ui, |ui, viewport| {
            ui.set_min_height(total);
            ui.set_min_width(width);
            let origin = ui.min_rect().min;
            let content = Rect::from_min_size(origin, Vec2::new(width, total));
            let response = ui.interact(
                content,
                ui.make_persistent_id("text-of-article"),
                Sense::click_and_drag(),
            );
            let painter = ui.painter().clone();
            let place = Placement {
                origin,
                width,
                tops,
                row_height,
            };
            paint::paint_text(ui, &painter, layout, cur, &style, &place, viewport);
            paint::paint_spans(&painter, layout, cur, input, outline);
            paint::paint_matches(&painter, layout, input);
            paint::paint_suggestions(&painter, layout, input);
            paint::paint_selection(&painter, layout, input, selection_fill);
            relations::paint_relations(&painter, layout, cur, input);
            relations::paint_link_badges(&painter, layout, cur, input, outline);
            pointer::handle_pointer(ui, &response, layout, cur, input, hover_char)
        })
        .inner
    }
}
