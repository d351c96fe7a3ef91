//! The article's text layout: paragraphs, their measured or estimated heights, which spans meet
//! each paragraph and how deeply each span nests, and the galleys painted last frame, from which
//! screen positions map to code points and back.
//!
//! Offsets stay code points throughout: egui's layout sections take bytes, converted here
//! through the offset map.

use super::super::style::label_color;
use crate::core::annotate::session::OpenDocument;
use crate::core::data::labels::LabelSchema;
use egui::text::LayoutJob;
use egui::{Color32, FontId, Pos2, Rect, TextFormat, Vec2};
use std::sync::Arc;

/// One line of the text (between `\n`s), in code points, newline excluded.
#[derive(Clone, Debug)]
pub(super) struct Paragraph {
    pub(super) start: usize,
    pub(super) end: usize,
}

/// What the layout depends on: when it changes, the cached facts are computed again.
#[derive(Clone, Debug, PartialEq)]
struct LayoutKey {
    doc_id: String,
    revision: u64,
    span_count: usize,
    width_bits: u32,
    font_size_bits: u32,
}

/// Layout facts about the open document that survive between frames.
#[derive(Default)]
pub struct TextLayout {
    key: Option<LayoutKey>,
    pub(super) paragraphs: Vec<Paragraph>,
    pub(super) heights: Vec<Option<f32>>,
    /// For each paragraph, indices of the spans that meet it.
    pub(super) span_index: Vec<Vec<usize>>,
    /// Nesting depth of each span (0: outermost).
    pub(super) depth: Vec<usize>,
    /// Where a drag began, in code points.
    pub(super) drag_anchor: Option<usize>,
    /// The screen rectangle of every paragraph painted last frame.
    pub(super) painted: Vec<(usize, Rect)>,
    /// Galleys of the paragraphs painted last frame.
    pub(super) galleys: Vec<(usize, Rect, Arc<egui::Galley>)>,
}

impl TextLayout {
    /// Brings the cached facts up to date with the document, the width and the text size.
    pub(super) fn refresh(&mut self, cur: &OpenDocument, width: f32, font_size: f32) {
        let key = LayoutKey {
            doc_id: cur.doc.id.clone(),
            revision: cur.ann.revision,
            span_count: cur.ann.spans.len(),
            width_bits: width.to_bits(),
            font_size_bits: font_size.to_bits(),
        };
        let same_text = self.key.as_ref().is_some_and(|k| k.doc_id == key.doc_id);
        let same_layout = self.key.as_ref().is_some_and(|k| {
            k.doc_id == key.doc_id
                && k.width_bits == key.width_bits
                && k.font_size_bits == key.font_size_bits
        });
        if self.key.as_ref() == Some(&key) {
            return;
        }
        if !same_text {
            self.paragraphs.clear();
            let mut start = 0;
            for (i, c) in cur.doc.text.chars().enumerate() {
                if c == '\n' {
                    self.paragraphs.push(Paragraph { start, end: i });
                    start = i + 1;
                }
            }
            self.paragraphs.push(Paragraph {
                start,
                end: cur.map.char_count(),
            });
            self.drag_anchor = None;
        }
        if !same_layout {
            self.heights = vec![None; self.paragraphs.len()];
        }
        // Span nesting depth: sort by (start, longest first), keep a stack of open ends.
        let spans = &cur.ann.spans;
        let mut order: Vec<usize> = (0..spans.len()).collect();
        order.sort_by_key(|&i| (spans[i].start, std::cmp::Reverse(spans[i].end)));
        self.depth = vec![0; spans.len()];
        let mut open: Vec<usize> = Vec::new();
        for &i in &order {
            while open.last().is_some_and(|&end| end <= spans[i].start) {
                open.pop();
            }
            self.depth[i] = open.len();
            open.push(spans[i].end);
        }
        self.span_index = vec![Vec::new(); self.paragraphs.len()];
        for (i, s) in spans.iter().enumerate() {
            let first = self.paragraphs.partition_point(|p| p.end < s.start);
            for (pi, p) in self.paragraphs.iter().enumerate().skip(first) {
                if p.start >= s.end && !(p.start == p.end && p.start == s.start) {
                    break;
                }
                self.span_index[pi].push(i);
            }
        }
        self.key = Some(key);
    }

    /// The code point under a screen position, from the paragraphs painted last frame. Above
    /// the first painted paragraph it is that paragraph's start, below the last its end.
    pub fn char_at(&self, pos: Pos2) -> Option<usize> {
        let (first, last) = (self.galleys.first()?, self.galleys.last()?);
        if pos.y < first.1.top() {
            return Some(self.paragraphs[first.0].start);
        }
        if pos.y >= last.1.bottom() {
            return Some(self.paragraphs[last.0].end);
        }
        for (pi, rect, galley) in &self.galleys {
            if pos.y >= rect.top() && pos.y < rect.bottom() {
                let p = &self.paragraphs[*pi];
                return Some(
                    p.start
                        + galley
                            .cursor_from_pos(pos - rect.min)
                            .index
                            .0
                            .min(p.end - p.start),
                );
            }
        }
        // In the gap between two paragraphs: the end of the one above.
        self.galleys
            .iter()
            .rev()
            .find(|(_, r, _)| r.bottom() <= pos.y)
            .map(|(pi, _, _)| self.paragraphs[*pi].end)
    }

    /// Screen rectangles that cover code points `start..end` in the painted paragraphs.
    pub fn range_rects(&self, start: usize, end: usize) -> Vec<Rect> {
        let mut out = Vec::new();
        for (pi, rect, galley) in &self.galleys {
            let p = &self.paragraphs[*pi];
            if end <= p.start || start > p.end || (start == end) {
                continue;
            }
            let (a, b) = (start.max(p.start) - p.start, end.min(p.end) - p.start);
            let mut row_start = 0usize;
            for row in &galley.rows {
                let n = row.char_count_excluding_newline().0;
                let row_end = row_start + n;
                if b > row_start && a < row_end.max(row_start + 1) {
                    let x0 = row.pos.x
                        + row.x_offset(egui::text::CharIndex(a.max(row_start) - row_start));
                    let x1 =
                        row.pos.x + row.x_offset(egui::text::CharIndex(b.min(row_end) - row_start));
                    let r = Rect::from_min_max(
                        Pos2::new(x0, row.pos.y),
                        Pos2::new(x1.max(x0 + 2.0), row.pos.y + row.height()),
                    );
                    out.push(r.translate(rect.min.to_vec2()));
                }
                row_start = row_end + usize::from(row.ends_with_newline);
            }
            // A span that includes the line break: mark the end of the paragraph.
            if start <= p.end && end > p.end && p.start == p.end {
                out.push(Rect::from_min_size(rect.min, Vec2::new(6.0, rect.height())));
            }
        }
        out
    }

    /// The screen rectangle of every paragraph painted last frame (paragraph index, rect).
    pub fn painted(&self) -> &[(usize, Rect)] {
        &self.painted
    }
}

/// How text is drawn: label colours, font and theme.
pub(super) struct TextStyle<'a> {
    pub(super) labels: &'a LabelSchema,
    pub(super) font: FontId,
    pub(super) text_color: Color32,
    pub(super) dark: bool,
}

/// The layout job of one paragraph: outermost spans as label-coloured backgrounds.
pub(super) fn paragraph_job(
    cur: &OpenDocument,
    p: &Paragraph,
    spans: &[usize],
    depth: &[usize],
    style: &TextStyle<'_>,
) -> LayoutJob {
    let TextStyle {
        labels,
        font,
        text_color,
        dark,
    } = style;
    let (text_color, dark) = (*text_color, *dark);
    let text = &cur.doc.text;
    let byte = |cp: usize| cur.map.char_to_byte(cp).unwrap_or(text.len());
    let mut bounds = vec![p.start, p.end];
    for &i in spans {
        if depth[i] == 0 {
            let s = &cur.ann.spans[i];
            bounds.push(s.start.clamp(p.start, p.end));
            bounds.push(s.end.clamp(p.start, p.end));
        }
    }
    bounds.sort_unstable();
    bounds.dedup();
    let alpha = if dark { 110 } else { 80 };
    let mut job = LayoutJob::default();
    for w in bounds.windows(2) {
        let (a, b) = (w[0], w[1]);
        if a == b {
            continue;
        }
        let outer = spans
            .iter()
            .map(|&i| (i, &cur.ann.spans[i]))
            .find(|(i, s)| depth[*i] == 0 && s.start <= a && b <= s.end);
        let background = outer.map_or(Color32::TRANSPARENT, |(_, s)| {
            label_color(labels, &s.label).gamma_multiply_u8(alpha)
        });
        let format = TextFormat {
            font_id: font.clone(),
            color: text_color,
            background,
            ..Default::default()
        };
        job.append(&text[byte(a)..byte(b)], 0.0, format);
    }
    if job.sections.is_empty() {
        job.append(
            "",
            0.0,
            TextFormat {
                font_id: font.clone(),
                color: text_color,
                ..Default::default()
            },
        );
    }
    job
}
