//! The article view: the document text with a coloured background per label, nested spans as
//! stacked bars under the text, the selected span outlined, and the live selection as an overlay.
//!
//! The text is laid out per paragraph, and only paragraphs that meet the viewport are laid out
//! and painted; heights of paragraphs not seen yet are estimated. Offsets stay code points
//! throughout: egui's layout sections take bytes, converted here through the offset map.

use super::actions::Action;
use crate::core::labels::{LabelSchema, parse_hex_color};
use crate::core::session::OpenDocument;
use egui::text::LayoutJob;
use egui::{Color32, FontId, Pos2, Rect, Sense, Stroke, TextFormat, Vec2};
use std::sync::Arc;

/// Vertical space between paragraphs, in points.
const PARAGRAPH_GAP: f32 = 6.0;

/// One line of the text (between `\n`s), in code points, newline excluded.
#[derive(Clone, Debug)]
struct Paragraph {
    start: usize,
    end: usize,
}

/// Layout facts about the open document that survive between frames.
#[derive(Default)]
pub struct ViewState {
    key: Option<(String, u64, usize, u32, u32)>,
    paragraphs: Vec<Paragraph>,
    heights: Vec<Option<f32>>,
    /// For each paragraph, indices of the spans that meet it.
    span_index: Vec<Vec<usize>>,
    /// Nesting depth of each span (0: outermost).
    depth: Vec<usize>,
    /// Where a drag began, in code points.
    drag_anchor: Option<usize>,
    /// Scroll so that this code point is in view on the next frame.
    pub scroll_to: Option<usize>,
    /// The screen rectangle of every paragraph painted last frame (for tests and hit testing).
    pub painted: Vec<(usize, Rect)>,
    /// The code point under the pointer last frame.
    pub hover_char: Option<usize>,
    /// Galleys of the paragraphs painted last frame.
    galleys: Vec<(usize, Rect, Arc<egui::Galley>)>,
}

/// What the view needs besides the document.
pub struct ViewInput<'a> {
    /// The label schema (colours).
    pub labels: &'a LabelSchema,
    /// The selected range, if any.
    pub selection: Option<(usize, usize)>,
    /// The selected span, if any.
    pub selected_span: Option<&'a str>,
    /// Find matches and the current one.
    pub matches: &'a [(usize, usize)],
    /// Index of the current match.
    pub current_match: Option<usize>,
    /// Text size.
    pub font_size: f32,
    /// Pending suggestions, drawn as dashed outlines.
    pub suggestions: &'a [crate::core::model::Span],
    /// For each suggestion, whether both reviewed annotators have it (drawn solid).
    pub agreed: &'a [bool],
}

/// The colour of a label, or grey.
pub fn label_color(labels: &LabelSchema, name: &str) -> Color32 {
    labels
        .label(name)
        .and_then(|l| parse_hex_color(&l.color))
        .map_or(Color32::GRAY, |[r, g, b]| Color32::from_rgb(r, g, b))
}

impl ViewState {
    fn refresh(&mut self, cur: &OpenDocument, width: f32, font_size: f32) {
        let key = (
            cur.doc.id.clone(),
            cur.ann.revision,
            cur.ann.spans.len(),
            width.to_bits(),
            font_size.to_bits(),
        );
        let same_text = self.key.as_ref().is_some_and(|k| k.0 == key.0);
        let same_layout = self
            .key
            .as_ref()
            .is_some_and(|k| k.0 == key.0 && k.3 == key.3 && k.4 == key.4);
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
}

/// How text is drawn: label colours, font and theme.
struct TextStyle<'a> {
    labels: &'a LabelSchema,
    font: FontId,
    text_color: Color32,
    dark: bool,
}

/// The layout job of one paragraph: outermost spans as label-coloured backgrounds.
fn paragraph_job(
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

/// Draws the article and returns the actions the pointer asked for.
pub fn show(
    ui: &mut egui::Ui,
    cur: &OpenDocument,
    input: &ViewInput<'_>,
    state: &mut ViewState,
) -> Vec<Action> {
    let mut actions = Vec::new();
    let font = FontId::proportional(input.font_size);
    let dark = ui.visuals().dark_mode;
    let text_color = ui.visuals().text_color();
    let style = TextStyle {
        labels: input.labels,
        font: font.clone(),
        text_color,
        dark,
    };
    let width = (ui.available_width() - 16.0).max(50.0);
    state.refresh(cur, width, input.font_size);
    let row_height = ui.fonts_mut(|f| f.row_height(&font)) * 1.0 + 4.0;
    let chars_per_row = (width / input.font_size).max(1.0);
    let estimate =
        |p: &Paragraph| ((p.end - p.start) as f32 / chars_per_row).ceil().max(1.0) * row_height;
    let tops: Vec<f32> = state
        .paragraphs
        .iter()
        .zip(&state.heights)
        .scan(0.0f32, |y, (p, h)| {
            let top = *y;
            *y += h.unwrap_or_else(|| estimate(p)) + PARAGRAPH_GAP;
            Some(top)
        })
        .collect();
    let total = tops.last().copied().unwrap_or(0.0)
        + state
            .heights
            .last()
            .copied()
            .flatten()
            .unwrap_or(row_height)
        + 40.0;

    let mut area = egui::ScrollArea::vertical()
        .id_salt(("article", &cur.doc.id))
        .auto_shrink(false);
    if let Some(target) = state.scroll_to.take() {
        let pi = state
            .paragraphs
            .partition_point(|p| p.end < target)
            .min(state.paragraphs.len().saturating_sub(1));
        area = area.vertical_scroll_offset((tops.get(pi).copied().unwrap_or(0.0) - 60.0).max(0.0));
    }
    let selection_fill = if dark {
        Color32::from_rgba_unmultiplied(90, 160, 255, 90)
    } else {
        Color32::from_rgba_unmultiplied(0, 110, 220, 70)
    };
    let outline = ui.visuals().strong_text_color();
    area.show_viewport(ui, |ui, viewport| {
        ui.set_min_height(total);
        ui.set_min_width(width);
        let origin = ui.min_rect().min;
        let content = Rect::from_min_size(origin, Vec2::new(width, total));
        let response = ui.interact(
            content,
            ui.make_persistent_id("article-text"),
            Sense::click_and_drag(),
        );
        state.galleys.clear();
        state.painted.clear();
        let first = tops
            .partition_point(|&t| t < viewport.min.y)
            .saturating_sub(1);
        let painter = ui.painter().clone();
        for (pi, &top) in tops.iter().enumerate().skip(first) {
            if top > viewport.max.y {
                break;
            }
            let p = state.paragraphs[pi].clone();
            let mut job = paragraph_job(cur, &p, &state.span_index[pi], &state.depth, &style);
            job.wrap.max_width = width;
            let galley = painter.layout_job(job);
            let h = galley.size().y.max(row_height * 0.5);
            if state.heights[pi] != Some(h) {
                state.heights[pi] = Some(h);
                ui.ctx().request_repaint();
            }
            let rect = Rect::from_min_size(origin + Vec2::new(0.0, top), Vec2::new(width, h));
            painter.galley(rect.min, galley.clone(), text_color);
            state.painted.push((pi, rect));
            state.galleys.push((pi, rect, galley));
        }
        // Nested and overlapping spans: bars under the text, one row of bars per depth.
        let painted_spans: Vec<usize> = {
            let mut v: Vec<usize> = state
                .galleys
                .iter()
                .flat_map(|(pi, _, _)| state.span_index[*pi].iter().copied())
                .collect();
            v.sort_unstable();
            v.dedup();
            v
        };
        for &i in &painted_spans {
            let s = &cur.ann.spans[i];
            if state.depth[i] > 0 {
                let color = label_color(input.labels, &s.label);
                for r in state.range_rects(s.start, s.end) {
                    let y = r.bottom() - 1.5 - 3.5 * (state.depth[i] as f32 - 1.0);
                    painter.line_segment(
                        [Pos2::new(r.left(), y), Pos2::new(r.right(), y)],
                        Stroke::new(2.5, color),
                    );
                }
            }
            if input.selected_span == Some(s.id.as_str()) {
                for r in state.range_rects(s.start, s.end) {
                    painter.rect_stroke(
                        r.expand(1.0),
                        2.0,
                        Stroke::new(2.0, outline),
                        egui::StrokeKind::Outside,
                    );
                }
            }
        }
        for (mi, &(a, b)) in input.matches.iter().enumerate() {
            let current = input.current_match == Some(mi);
            for r in state.range_rects(a, b) {
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
        for (k, sug) in input.suggestions.iter().enumerate() {
            let color = label_color(input.labels, &sug.label);
            let agreed = input.agreed.get(k).copied().unwrap_or(false);
            for r in state.range_rects(sug.start, sug.end) {
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
        if let Some((a, b)) = input.selection
            && input.selected_span.is_none()
        {
            for r in state.range_rects(a, b) {
                painter.rect_filled(r, 0.0, selection_fill);
                painter.rect_stroke(
                    r,
                    0.0,
                    Stroke::new(1.0, selection_fill.to_opaque()),
                    egui::StrokeKind::Outside,
                );
            }
        }

        // Pointer: drag selects exact characters, a click selects (and cycles) spans, a double
        // click selects a word or a number with its unit.
        if response.drag_started()
            && let Some(origin_pos) = ui.input(|i| i.pointer.press_origin())
        {
            state.drag_anchor = state.char_at(origin_pos);
        }
        if response.dragged()
            && let (Some(anchor), Some(pos)) = (state.drag_anchor, response.interact_pointer_pos())
            && let Some(at) = state.char_at(pos)
        {
            let (a, b) = (anchor.min(at), anchor.max(at));
            if a < b && (input.selection != Some((a, b)) || input.selected_span.is_some()) {
                actions.push(Action::Select(a, b));
            }
        }
        if response.drag_stopped() {
            state.drag_anchor = None;
        }
        if response.double_clicked() {
            if let Some(at) = response
                .interact_pointer_pos()
                .and_then(|p| state.char_at(p))
                && let Some((a, b)) = crate::core::words::word_at(&cur.doc.text, at)
            {
                actions.push(Action::Select(a, b));
            }
        } else if response.clicked()
            && let Some(at) = response
                .interact_pointer_pos()
                .and_then(|p| state.char_at(p))
        {
            let mut here: Vec<&crate::core::model::Span> = cur
                .ann
                .spans
                .iter()
                .filter(|s| s.start <= at && at < s.end)
                .collect();
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
                Some(s) => Action::SelectSpan(s.id.clone()),
                None => Action::ClearSelection,
            });
        }
        state.hover_char = response.hover_pos().and_then(|p| state.char_at(p));
        if let Some(pos) = response.hover_pos()
            && let Some(at) = state.char_at(pos)
        {
            let here: Vec<&crate::core::model::Span> = cur
                .ann
                .spans
                .iter()
                .filter(|s| s.start <= at && at < s.end)
                .collect();
            if !here.is_empty() {
                let tip: Vec<String> = here
                    .iter()
                    .map(|s| {
                        let attrs: Vec<String> =
                            s.attrs.iter().map(|(k, v)| format!("{k}={v}")).collect();
                        let attrs = if attrs.is_empty() {
                            String::new()
                        } else {
                            format!("  {}", attrs.join(", "))
                        };
                        format!("{}  「{}」  {}–{}{attrs}", s.label, s.text, s.start, s.end)
                    })
                    .collect();
                response.clone().on_hover_text_at_pointer(tip.join("\n"));
            }
        }
    });
    actions
}
