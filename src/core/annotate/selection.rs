//! What is selected in a document: a code-point range, and the span it belongs to when a span
//! is selected. Every edit in the history carries the selection before and after it (as
//! helix's transactions carry theirs), so undo and redo put the selection back where the edit
//! found or left it. The app's reducer changes it; its views and keymap read it.

use crate::core::data::model::Annotation;

/// The selection in the open document.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Selection {
    /// The selected range, in code points.
    pub range: Option<(usize, usize)>,
    /// The selected span's id; its range is `range` when it was selected.
    pub span: Option<String>,
}

impl Selection {
    /// Selects a range that is no span.
    pub fn set_range(&mut self, range: (usize, usize)) {
        self.range = Some(range);
        self.span = None;
    }

    /// Selects nothing.
    pub fn clear(&mut self) {
        *self = Selection::default();
    }

    /// The range an edit or a search acts on: the selected span's range as the document has it
    /// now, else the selected range; nothing when no document is open (`ann` is `None`).
    pub fn target(&self, ann: Option<&Annotation>) -> Option<(usize, usize)> {
        match &self.span {
            Some(id) => ann?.span(id).map(|s| (s.start, s.end)),
            None => {
                ann?;
                self.range
            }
        }
    }
}

/// Whether a span may not start or end with `c` (guidelines §1, tight boundaries): whitespace
/// (U+3000 too), and the full-width and ASCII punctuation, quote marks and brackets.
pub fn is_edge_trimmed(c: char) -> bool {
    c.is_whitespace()
        || "，。、；：？！“”‘’（）《》【】「」『』〈〉〔〕".contains(c)
        || ",.;:?!\"'()[]<>{}".contains(c)
}

/// The code-point range `start..end` of a selection whose text is `covered`, without the
/// whitespace and punctuation at its two edges ([`is_edge_trimmed`]); unchanged when the
/// selection is nothing else.
pub fn trim_edges(covered: &str, start: usize, end: usize) -> (usize, usize) {
    let chars: Vec<char> = covered.chars().collect();
    let Some(first) = chars.iter().position(|c| !is_edge_trimmed(*c)) else {
        return (start, end);
    };
    let last = chars
        .iter()
        .rposition(|c| !is_edge_trimmed(*c))
        .unwrap_or(first);
    (start + first, start + last + 1)
}

#[cfg(test)]
mod tests {
    use super::trim_edges;

    fn trimmed(s: &str) -> String {
        let n = s.chars().count();
        let (a, b) = trim_edges(s, 10, 10 + n);
        s.chars().skip(a - 10).take(b - a).collect()
    }

    #[test]
    fn edges_lose_whitespace_and_punctuation_but_the_middle_keeps_them() {
        assert_eq!(trimmed("，“拿地即开工”。"), "拿地即开工");
        assert_eq!(trimmed("\u{3000}南通市 "), "南通市");
        assert_eq!(trimmed("（53.7億元）"), "53.7億元");
        assert_eq!(trimmed("《镇江市促进条例》、"), "镇江市促进条例");
        assert_eq!(trimmed(" (USD 5.2 million)."), "USD 5.2 million");
        assert_eq!(trimmed("南通、如皋"), "南通、如皋");
        assert_eq!(trimmed("超50亿元"), "超50亿元");
    }

    #[test]
    fn a_selection_of_nothing_else_is_kept() {
        assert_eq!(trimmed("，。"), "，。");
        assert_eq!(trim_edges("", 3, 3), (3, 3));
    }

    #[test]
    fn offsets_are_code_points() {
        // 𠮷 is one code point (two UTF-16 units, four UTF-8 bytes).
        assert_eq!(trim_edges("「𠮷野家」", 5, 10), (6, 9));
    }
}
