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
    /// Per number, the label's place among the names in name order (ties between spans of
    /// one length are broken by it without comparing strings).
    ranks: Vec<u32>,
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
        let mut by_name: Vec<usize> = (0..names.len()).collect();
        by_name.sort_by_key(|&k| names[k]);
        let mut ranks = vec![0; names.len()];
        for (rank, &k) in by_name.iter().enumerate() {
            ranks[k] = rank as u32;
        }
        LabelTable { names, ranks }
    }

    fn index(&self, label: &str) -> usize {
        self.names.iter().position(|n| *n == label).unwrap_or(0)
    }
}

/// Every character of one document labelled under one annotator's spans: the label of the
/// outermost span covering it (the longest; ties by label name) or O, as numbers of a
/// [`LabelTable`], with the characters per label. Kept as runs (a run's end and label, the runs
/// in text order covering the whole text), so the cost follows the spans, not the characters.
#[derive(Clone, Debug)]
pub struct CharLabels {
    runs: Vec<(usize, u32)>,
    chars: usize,
    counts: Vec<usize>,
}

impl CharLabels {
    /// Labels the `chars` characters of a document under `spans`.
    pub fn new(chars: usize, spans: &[SpanTriple<'_>], table: &LabelTable<'_>) -> Self {
        use std::cmp::Reverse;
        // Rank: longest first, ties by label name; the covering span of lowest rank wins.
        let mut order: Vec<(usize, usize, u32, usize)> = spans
            .iter()
            .map(|&(s, e, l)| {
                let k = table.index(l) as u32;
                (s.min(chars), e.min(chars), k, e.saturating_sub(s))
            })
            .filter(|(s, e, ..)| s < e)
            .collect();
        // Spans of one length and label are alike here, so an unstable sort is enough.
        order.sort_unstable_by_key(|x| (Reverse(x.3), table.ranks[x.2 as usize]));
        let mut by_start: Vec<usize> = (0..order.len()).collect();
        by_start.sort_by_key(|&i| order[i].0);
        let mut points: Vec<usize> = order.iter().flat_map(|s| [s.0, s.1]).collect();
        points.extend([0, chars]);
        points.sort_unstable();
        points.dedup();
        // A sweep over the points with the spans begun so far by rank; ended ones leave the
        // top lazily.
        let mut active = std::collections::BinaryHeap::new();
        let mut next = 0;
        let mut runs: Vec<(usize, u32)> = Vec::with_capacity(points.len());
        let mut counts = vec![0usize; table.names.len()];
        for w in points.windows(2) {
            let (from, to) = (w[0], w[1]);
            while next < by_start.len() && order[by_start[next]].0 <= from {
                active.push(Reverse(by_start[next]));
                next += 1;
            }
            while active.peek().is_some_and(|&Reverse(i)| order[i].1 <= from) {
                active.pop();
            }
            let k = active.peek().map_or(0, |&Reverse(i)| order[i].2);
            counts[k as usize] += to - from;
            match runs.last_mut() {
                Some(last) if last.1 == k => last.0 = to,
                _ => runs.push((to, k)),
            }
        }
        CharLabels {
            runs,
            chars,
            counts,
        }
    }

    /// The characters per label (O included) that have any, labels named by `table`.
    pub fn per_label<'a, 't>(
        &'a self,
        table: &'a LabelTable<'t>,
    ) -> impl Iterator<Item = (&'t str, usize)> + use<'a, 't> {
        self.counts
            .iter()
            .enumerate()
            .filter(|(_, n)| **n > 0)
            .map(move |(k, &n)| (table.names[k], n))
    }

    /// The characters of `self` and `other`, up to the shorter's end, that have the same label.
    fn same_as(&self, other: &CharLabels) -> usize {
        let (mut i, mut j, mut at, mut same) = (0, 0, 0, 0);
        while i < self.runs.len() && j < other.runs.len() {
            let ((ea, ka), (eb, kb)) = (self.runs[i], other.runs[j]);
            let end = ea.min(eb);
            if ka == kb {
                same += end - at;
            }
            at = end;
            i += usize::from(ea == end);
            j += usize::from(eb == end);
        }
        same
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
        self.add_chars_compared(a, b);
        for (side, labels) in [(&mut self.chars_a, a), (&mut self.chars_b, b)] {
            for (label, n) in labels.per_label(table) {
                add_to(side, label, n);
            }
        }
    }

    /// The part of [`Self::add_chars`] that compares the two sides (characters compared and
    /// alike); the characters per label are each side's own ([`CharLabels::per_label`]), which
    /// a caller comparing many pairs counts once per annotator and adds with
    /// [`Self::add_label_chars`].
    pub fn add_chars_compared(&mut self, a: &CharLabels, b: &CharLabels) {
        self.chars += a.chars.min(b.chars);
        self.same += a.same_as(b);
    }

    /// Adds characters per label (O included) to the first side (`first`) or the second.
    pub fn add_label_chars<'l>(
        &mut self,
        first: bool,
        labels: impl IntoIterator<Item = (&'l str, usize)>,
    ) {
        let side = match first {
            true => &mut self.chars_a,
            false => &mut self.chars_b,
        };
        for (label, n) in labels {
            add_to(side, label, n);
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

#[cfg(test)]
mod tests {
    use super::{CharLabels, LabelTable, PairCounts, SpanTriple};

    /// The plain way: one label per character, outermost (longest, then label name) painted last.
    fn painted(chars: usize, spans: &[SpanTriple<'_>], table: &LabelTable<'_>) -> Vec<u32> {
        let mut order: Vec<&SpanTriple<'_>> = spans.iter().collect();
        order.sort_by(|x, y| {
            (y.1.saturating_sub(y.0))
                .cmp(&x.1.saturating_sub(x.0))
                .then(x.2.cmp(y.2))
        });
        let mut at = vec![0u32; chars];
        for &&(start, end, label) in order.iter().rev() {
            for c in at.iter_mut().take(end.min(chars)).skip(start) {
                *c = table.index(label) as u32;
            }
        }
        at
    }

    #[test]
    fn runs_count_as_painting_every_character_does() {
        let labels = ["project", "amount", "region", "mechanism"];
        let mut seed = 7u64;
        let mut next = |n: usize| {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            ((seed >> 33) as usize) % n.max(1)
        };
        for round in 0..400 {
            let chars = next(60) + usize::from(round % 7 != 0);
            let mut sides: Vec<Vec<SpanTriple<'_>>> = Vec::new();
            for _ in 0..2 {
                let n = next(8);
                sides.push(
                    (0..n)
                        .map(|_| {
                            // Some spans run past the text's end, some are empty.
                            let start = next(chars + 4);
                            (start, start + next(12), labels[next(4)])
                        })
                        .collect(),
                );
            }
            let table = LabelTable::new(sides.iter().map(Vec::as_slice));
            let plain: Vec<Vec<u32>> = sides.iter().map(|s| painted(chars, s, &table)).collect();
            let runs: Vec<CharLabels> = sides
                .iter()
                .map(|s| CharLabels::new(chars, s, &table))
                .collect();
            for (p, r) in plain.iter().zip(&runs) {
                let mut counts = vec![0usize; table.names.len()];
                p.iter().for_each(|&k| counts[k as usize] += 1);
                assert_eq!(r.counts, counts, "round {round}: {sides:?}");
            }
            let same = plain[0]
                .iter()
                .zip(&plain[1])
                .filter(|(x, y)| x == y)
                .count();
            let mut counts = PairCounts::default();
            counts.add_chars(&table, &runs[0], &runs[1]);
            assert_eq!(
                (counts.same, counts.chars),
                (same, chars),
                "round {round}: {sides:?}"
            );
        }
    }
}
