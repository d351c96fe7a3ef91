//! The relation layers of the article: each relation as an arc from the top of its source span
//! to the top of its target, in the target label's colour, with an arrow head; the selected
//! span's relations strong and the others faded; suggested links (both ends already the
//! annotator's spans) dashed. Only relations with both ends in painted
//! paragraphs are drawn, and only painted spans are looked up. While linking, the
//! numbered candidates get badges.

use super::ArticleInput;
use super::layout::TextLayout;
use crate::app::views::style::label_color;
use crate::core::annotate::session::OpenDocument;
use egui::epaint::CubicBezierShape;
use egui::{Color32, FontId, Painter, Pos2, Rect, Stroke, Vec2};
use std::collections::HashMap;

/// The top centre of the first screen rectangle of code points `start..end`, if painted.
fn anchor(layout: &TextLayout, start: usize, end: usize) -> Option<Rect> {
    layout.range_rects(start, end).into_iter().next()
}

/// Arcs for the relations with both ends in painted paragraphs.
pub(super) fn paint_relations(
    painter: &Painter,
    layout: &TextLayout,
    cur: &OpenDocument,
    input: &ArticleInput<'_>,
) {
    if (cur.ann.relations.is_empty() && input.pending_relations.is_empty())
        || layout.painted().is_empty()
    {
        return;
    }
    // Only spans in painted paragraphs can anchor an arc: look those up, not all spans.
    let by_id: HashMap<&str, &crate::core::data::model::Span> = super::paint::painted_spans(layout)
        .into_iter()
        .map(|i| (cur.ann.spans[i].id.as_str(), &cur.ann.spans[i]))
        .collect();
    let focus = input
        .link
        .map(|m| m.source.as_str())
        .or(input.selected_span);
    let pending = input.pending_relations.iter().map(|r| (r, true));
    for (rel, suggested) in cur.ann.relations.iter().map(|r| (r, false)).chain(pending) {
        let (Some(from), Some(to)) = (by_id.get(rel.from.as_str()), by_id.get(rel.to.as_str()))
        else {
            continue;
        };
        let (Some(a), Some(b)) = (
            anchor(layout, from.start, from.end),
            anchor(layout, to.start, to.end),
        ) else {
            continue;
        };
        let strong = focus.is_none_or(|f| f == rel.from || f == rel.to);
        let base = label_color(input.labels, &to.label);
        let alpha = match (focus.is_some(), strong) {
            (true, true) => 255,
            (true, false) => 45,
            (false, _) => 170,
        };
        let color = Color32::from_rgba_unmultiplied(base.r(), base.g(), base.b(), alpha);
        let width = if focus.is_some() && strong { 2.2 } else { 1.3 };
        let p0 = Pos2::new(a.center().x, a.top());
        let p3 = Pos2::new(b.center().x, b.top());
        let lift = ((p3.x - p0.x).abs() * 0.25 + (p3.y - p0.y).abs() * 0.15).clamp(10.0, 36.0);
        let top = p0.y.min(p3.y) - lift;
        let shape = CubicBezierShape::from_points_stroke(
            [p0, Pos2::new(p0.x, top), Pos2::new(p3.x, top), p3],
            false,
            Color32::TRANSPARENT,
            Stroke::new(width, color),
        );
        if suggested {
            // A suggested link (both ends are the annotator's): dashed, like a suggested span.
            let points = shape.flatten(Some(0.5));
            painter.extend(egui::Shape::dashed_line(
                &points,
                Stroke::new(width, color),
                5.0,
                3.0,
            ));
        } else {
            painter.add(shape);
        }
        // The arrow head at the target.
        let head = 5.0;
        painter.add(egui::Shape::convex_polygon(
            vec![
                p3,
                Pos2::new(p3.x - head * 0.6, p3.y - head),
                Pos2::new(p3.x + head * 0.6, p3.y - head),
            ],
            color,
            Stroke::NONE,
        ));
    }
}

/// While linking: the source outlined, each candidate with its number in a badge.
pub(super) fn paint_link_badges(
    painter: &Painter,
    layout: &TextLayout,
    cur: &OpenDocument,
    input: &ArticleInput<'_>,
    outline: Color32,
) {
    let Some(mode) = input.link else {
        return;
    };
    if let Some(src) = cur.ann.span(&mode.source) {
        for r in layout.range_rects(src.start, src.end) {
            painter.rect_stroke(
                r.expand(2.0),
                2.0,
                Stroke::new(2.5, outline),
                egui::StrokeKind::Outside,
            );
        }
    }
    for (n, id) in mode.candidates.iter().enumerate() {
        let Some(span) = cur.ann.span(id) else {
            continue;
        };
        let Some(r) = anchor(layout, span.start, span.end) else {
            continue;
        };
        let color = label_color(input.labels, &span.label);
        let center = r.left_top() + Vec2::new(0.0, -2.0);
        painter.circle_filled(center, 8.0, color);
        painter.text(
            center,
            egui::Align2::CENTER_CENTER,
            (n + 1).to_string(),
            FontId::proportional(11.0),
            Color32::WHITE,
        );
    }
}
