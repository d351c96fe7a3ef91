//! The article's paint layers, drawn in this order: the text with outermost spans as backgrounds,
//! nested spans as bars under the text, the selected span's outline, find matches, suggestions,
//! and the live selection. Each layer reads the layout of this frame; a new layer (relations,
//! say) is one more function here and one more call in `ArticleView::ui`.

use super::ArticleInput;
use super::layout::{Paragraph, TextLayout, TextStyle, paragraph_job};
use crate::app::views::style::label_color;
use crate::core::annotate::session::OpenDocument;
use egui::{Color32, Painter, Pos2, Rect, Stroke, Vec2};

/// Where the text goes on screen and how tall unseen paragraphs are taken to be.
pub(super) struct Placement {
    /// The top-left corner of the text.
    pub(super) origin: Pos2,
    /// The wrap width.
    pub(super) width: f32,
    /// The top of every paragraph, relative to `origin`.
    pub(super) tops: Vec<f32>,
    /// The height of one row of text.
    pub(super) row_height: f32,
}

/// Lays out and paints the paragraphs that meet the viewport, and keeps their galleys in the
/// layout for the other layers and for hit testing. A measured height that differs from the
/// estimate asks for another frame.
pub(super) fn paint_text(
    ui: &egui::Ui,
    painter: &Painter,
    layout: &mut TextLayout,
    cur: &OpenDocument,
    style: &TextStyle<'_>,
    place: &Placement,
    viewport: Rect,
) {
    layout.galleys.clear();
    layout.painted.clear();
    let first = place
        .tops
        .partition_point(|&t| t < viewport.min.y)
        .saturating_sub(1);
    for (pi, &top) in place.tops.iter().enumerate().skip(first) {
        if top > viewport.max.y {
            break;
        }
        let p: Paragraph = layout.paragraphs[pi].clone();
        let mut job = paragraph_job(cur, &p, &layout.span_index[pi], &layout.depth, style);
        job.wrap.max_width = place.width;
        let galley = painter.layout_job(job);
        let h = galley.size().y.max(place.row_height * 0.5);
        if layout.heights[pi] != Some(h) {
            layout.heights[pi] = Some(h);
            ui.ctx().request_repaint();
        }
        let rect = Rect::from_min_size(
            place.origin + Vec2::new(0.0, top),
            Vec2::new(place.width, h),
        );
        painter.galley(rect.min, galley.clone(), style.text_color);
        layout.painted.push((pi, rect));
        layout.galleys.push((pi, rect, galley));
    }
}

/// The spans that meet a painted paragraph, each once.
pub(super) fn painted_spans(layout: &TextLayout) -> Vec<usize> {
    let mut v: Vec<usize> = layout
        .galleys
        .iter()
        .flat_map(|(pi, _, _)| layout.span_index[*pi].iter().copied())
        .collect();
    v.sort_unstable();
    v.dedup();
    v
}

/// Nested and overlapping spans: bars under the text, one row of bars per depth. The selected
/// span: an outline.
pub(super) fn paint_spans(
    painter: &Painter,
    layout: &TextLayout,
    cur: &OpenDocument,
    input: &ArticleInput<'_>,
    outline: Color32,
) {
    for i in painted_spans(layout) {
        let s = &cur.ann.spans[i];
        if layout.depth[i] > 0 {
            let color = label_color(input.labels, &s.label);
            for r in layout.range_rects(s.start, s.end) {
                let y = r.bottom() - 1.5 - 3.5 * (layout.depth[i] as f32 - 1.0);
                painter.line_segment(
                    [Pos2::new(r.left(), y), Pos2::new(r.right(), y)],
                    Stroke::new(2.5, color),
                );
            }
        }
        if input.selected_span == Some(s.id.as_str()) {
            for r in layout.range_rects(s.start, s.end) {
                painter.rect_stroke(
                    r.expand(1.0),
                    2.0,
                    Stroke::new(2.0, outline),
                    egui::StrokeKind::Outside,
                );
            }
        }
    }
}

/// Find matches: thin outlines, the current one thicker.
pub(super) fn paint_matches(painter: &Painter, layout: &TextLayout, input: &ArticleInput<'_>) {
    for (mi, &(a, b)) in input.matches.iter().enumerate() {
        let current = input.current_match == Some(mi);
        for r in layout.range_rects(a, b) {
            let color = if current {
                Color32::from_rgb(255, 170, 0)
            } else {
                Color32::from_rgb(200, 160, 0)
            };
            painter.rect_stroke(
                r,
                1.0,
                Stroke::new(if current { 2.5 } else { 1.0 }, color),
                egui::StrokeKind::Outside,
            );
        }
    }
}

/// Pending suggestions: dashed outlines, solid where both reviewed annotators agree; a learned
/// suggestion shows its confidence as a percentage above its start.
pub(super) fn paint_suggestions(painter: &Painter, layout: &TextLayout, input: &ArticleInput<'_>) {
    for (k, sug) in input.suggestions.iter().enumerate() {
        let color = label_color(input.labels, &sug.label);
        let agreed = input.agreed.get(k).copied().unwrap_or(false);
        if let Some(c) = sug.attrs.get("confidence").and_then(|c| c.as_f64())
            && let Some(first) = layout.range_rects(sug.start, sug.end).first()
        {
            painter.text(
                first.left_top() + Vec2::new(0.0, -1.0),
                egui::Align2::LEFT_BOTTOM,
                format!("{:.0}%", c * 100.0),
                egui::FontId::proportional(10.0),
                color,
            );
        }
        for r in layout.range_rects(sug.start, sug.end) {
            let r = r.expand(1.5);
            let stroke = Stroke::new(1.5, color);
            if agreed {
                painter.rect_stroke(r, 1.0, stroke, egui::StrokeKind::Outside);
                continue;
            }
            for (a, b) in [
                (r.left_top(), r.right_top()),
                (r.right_top(), r.right_bottom()),
                (r.right_bottom(), r.left_bottom()),
                (r.left_bottom(), r.left_top()),
            ] {
                painter.extend(egui::Shape::dashed_line(&[a, b], stroke, 4.0, 3.0));
            }
        }
    }
}

/// The selected range (when no span is selected): a translucent overlay, so the text's layout
/// job stays the same while a drag goes on.
pub(super) fn paint_selection(
    painter: &Painter,
    layout: &TextLayout,
    input: &ArticleInput<'_>,
    fill: Color32,
) {
    if let Some((a, b)) = input.selection
        && input.selected_span.is_none()
    {
        for r in layout.range_rects(a, b) {
            painter.rect_filled(r, 0.0, fill);
            painter.rect_stroke(
                r,
                0.0,
                Stroke::new(1.0, fill.to_opaque()),
                egui::StrokeKind::Outside,
            );
        }
    }
}
