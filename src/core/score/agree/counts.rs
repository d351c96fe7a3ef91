//! The counts that exact span F1 and character κ come from, kept per pair and added up one
//! document at a time, so that a caller reading each file once (the dashboard) gets the numbers
//! `agree` gives.

use super::f1;
use crate::core::data::model::Span;
use std::collections::BTreeMap;

/// A span as agreement sees it: start, end and label.
pub type SpanTriple<'a> = (usize, usize, &'a str);

/// The labels of one document's spans under the annotators compared, numbered: 0 is O (no
/// span), then each label in the order first seen.
#[derive(Clone, Debug)]
pub struct LabelTable<'a> {
    names: Vec<&'a str>,
}

impl<'a> LabelTable<'a> {
    /// The table of every label in `spans` (each annotator's spans of one document).
    pub fn new<'s>(spans: impl IntoIterator<Item = &'s [SpanTriple<'a>]>) -> Self
    where
        'a: 's,
    {
        let mut names = vec!["O"];
        for list in spans {
            for &(_, _, label) in list {
                if !names.contains(&label) {
                    names.push(label);
                }
            }
        }
        LabelTable { names }
    }

    fn index(&self, label: &str) -> usize {
        self.names.iter().position(|n| *n == label).unwrap_or(0)
    }
}

/// Every character of one document labelled under one annotator's spans: the label of the
/// outermost span covering it (the longest; ties by label name) or O, as numbers of a
/// [`LabelTable`], with the characters per label.
#[derive(Clone, Debug)]
pub struct CharLabels {
    at: Vec<u32>,
    counts: Vec<usize>,
}

impl CharLabels {
    /// Labels the `chars` characters of a document under `spans`.
    pub fn new(chars: usize, spans: &[SpanTriple<'_>], table: &LabelTable<'_>) -> Self {
        let mut order: Vec<&SpanTriple<'_>> = spans.iter().collect();
        // Longest first, so the outermost span's label wins; ties by label name.
        order.sort_by(|x, y| {
            (y.1.saturating_sub(y.0))
                .cmp(&x.1.saturating_sub(x.0))
                .then(x.2.cmp(y.2))
        });
        let mut at = vec![0u32; chars];
        for &&(start, end, label) in order.iter().rev() {
            let k = table.index(label) as u32;
            for c in at.iter_mut().take(end.min(chars)).skip(start) {
                *c = k;
            }
        }
        let mut counts = vec![0usize; table.names.len()];
        for &k in &at {
            counts[k as usize] += 1;
        }
        CharLabels { at, counts }
    }
}

/// What exact span F1 and character κ of one pair of annotators are computed from, added up
/// document by document (`agree` and the dashboard count the same way).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct PairCounts {
    /// Spans of the first that the second has too (same range and label).
    pub exact: usize,
    /// Spans of the first.
    pub a: usize,
    /// Spans of the second.
    pub b: usize,
    /// Characters both labelled alike (O included).
    pub same: usize,
    /// Characters compared.
    pub chars: usize,
    /// Characters per label (O included) of the first.
    pub chars_a: BTreeMap<String, usize>,
    /// Characters per label (O included) of the second.
    pub chars_b: BTreeMap<String, usize>,
}

impl PairCounts {
    /// Adds the spans of one document: `a` the first's, `b` the second's.
    pub fn add_spans(&mut self, a: &[SpanTriple<'_>], b: &[SpanTriple<'_>]) {
        let mut set: Vec<&SpanTriple<'_>> = b.iter().collect();
        set.sort_unstable();
        self.exact += a.iter().filter(|s| set.binary_search(s).is_ok()).count();
        self.a += a.len();
        self.b += b.len();
    }

    /// Adds the characters of one document, each side labelled against the same `table`.
    pub fn add_chars(&mut self, table: &LabelTable<'_>, a: &CharLabels, b: &CharLabels) {
        self.chars += a.at.len().min(b.at.len());
        self.same += a.at.iter().zip(&b.at).filter(|(x, y)| x == y).count();
        for (side, labels) in [(&mut self.chars_a, a), (&mut self.chars_b, b)] {
            for (k, &n) in labels.counts.iter().enumerate().filter(|(_, n)| **n > 0) {
                add_to(side, table.names[k], n);
            }
        }
    }

    /// Adds another part's counts.
    pub fn add(&mut self, other: &PairCounts) {
        self.exact += other.exact;
        self.a += other.a;
        self.b += other.b;
        self.same += other.same;
        self.chars += other.chars;
        for (side, more) in [
            (&mut self.chars_a, &other.chars_a),
            (&mut self.chars_b, &other.chars_b),
        ] {
            for (label, n) in more {
                add_to(side, label, *n);
            }
        }
    }

    /// Span F1, exact matching: 2·matches / (|A| + |B|), 1 when neither has a span.
    pub fn exact_f1(&self) -> f64 {
        f1(self.exact, self.a, self.b)
    }

    /// Character-level Cohen's κ: (p_o − p_e) / (1 − p_e), 1 when p_e is 1.
    pub fn kappa(&self) -> f64 {
        let total = self.chars;
        let p_o = if total == 0 {
            1.0
        } else {
            self.same as f64 / total as f64
        };
        let p_e: f64 = self
            .chars_a
            .iter()
            .map(|(k, ca)| {
                (*ca as f64 / total.max(1) as f64)
                    * (*self.chars_b.get(k).unwrap_or(&0) as f64 / total.max(1) as f64)
            })
            .sum();
        if (1.0 - p_e).abs() < 1e-12 {
            1.0
        } else {
            (p_o - p_e) / (1.0 - p_e)
        }
    }
}

/// Adds `n` to `label`'s count (allocating the key only the first time).
fn add_to(counts: &mut BTreeMap<String, usize>, label: &str, n: usize) {
    match counts.get_mut(label) {
        Some(total) => *total += n,
        None => {
            counts.insert(label.to_string(), n);
        }
    }
}

/// The spans of `spans` as triples.
pub fn triples(spans: &[Span]) -> Vec<SpanTriple<'_>> {
    spans
        .iter()
        .map(|s| (s.start, s.end, s.label.as_str()))
        .collect()
}
