//! The text of a document cut into sentences, clauses and paragraphs, for the linker's
//! features.

use super::cues_of;

/// Where sentences end (as the rules have it).
pub(super) fn ends_sentence(c: char) -> bool {
    matches!(c, '。' | '！' | '？' | '；' | '!' | '?' | ';' | '\n')
}

/// Where clauses end: sentence ends and commas, enumeration commas and colons.
pub(super) fn ends_clause(c: char) -> bool {
    ends_sentence(c) || matches!(c, '，' | ',' | '、' | '：' | ':')
}

/// The text of a document cut into sentences, clauses and paragraphs.
pub struct Units {
    pub(super) chars: Vec<char>,
    pub(super) sentence: Vec<u32>,
    pub(super) paragraph: Vec<u32>,
}

impl Units {
    /// The units of `text`.
    pub fn new(text: &str) -> Self {
        let chars: Vec<char> = text.chars().collect();
        let number = |ends: fn(char) -> bool| {
            let mut n = 0;
            chars
                .iter()
                .map(|&c| {
                    let here = n;
                    n += u32::from(ends(c));
                    here
                })
                .collect::<Vec<u32>>()
        };
        let sentence = number(ends_sentence);
        let paragraph = number(|c| c == '\n');
        Units {
            chars,
            sentence,
            paragraph,
        }
    }

    pub(super) fn at(units: &[u32], i: usize) -> u32 {
        units
            .get(i.min(units.len().saturating_sub(1)))
            .copied()
            .unwrap_or(0)
    }

    pub(super) fn text(&self, from: usize, to: usize) -> String {
        let n = self.chars.len();
        self.chars[from.min(n)..to.min(n)].iter().collect()
    }

    /// The start of the sentence around code point `i`.
    pub(super) fn sentence_start(&self, i: usize) -> usize {
        Self::start_of(&self.sentence, i)
    }

    /// The start of the paragraph around code point `i`.
    pub(super) fn paragraph_start(&self, i: usize) -> usize {
        Self::start_of(&self.paragraph, i)
    }

    pub(super) fn start_of(units: &[u32], i: usize) -> usize {
        let s = Self::at(units, i);
        (0..i.min(units.len()))
            .rev()
            .find(|&j| units[j] != s)
            .map_or(0, |j| j + 1)
    }

    /// The last reference back to a project (该项目, 该工程…) in the paragraph of code point
    /// `i`, before it.
    pub(super) fn reference_before(&self, i: usize) -> Option<(usize, usize)> {
        let start = self.paragraph_start(i);
        let head = &self.chars[start.min(self.chars.len())..i.min(self.chars.len())];
        cues_of::last_reference(head).map(|(a, b)| (start + a, start + b))
    }
}
