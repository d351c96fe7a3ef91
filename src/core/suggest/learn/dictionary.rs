//! The span dictionary: the strings annotated so far, per label, with the number of training
//! documents that have each. A code point inside a dictionary string gets a feature naming the
//! label, so the model learns how far to trust a name it has seen. Strings of rejected
//! suggestions are negative evidence: they are kept out of the dictionary for their label.

use super::bio::{B, I, O};
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

/// Strings shorter than this are not entries (single characters match everywhere).
const MIN_CHARS: usize = 2;
/// Strings longer than this are not entries.
pub const MAX_CHARS: usize = 32;

/// Span strings (folded to simplified script) per label, with document counts.
#[derive(Clone, Debug, Default)]
pub struct Dictionary {
    /// String to the number of documents that have it, per label index.
    entries: HashMap<String, Vec<u32>>,
    prefixes: HashSet<String>,
    labels: usize,
}

impl Dictionary {
    /// An empty dictionary over `labels` labels.
    pub fn new(labels: usize) -> Self {
        Dictionary {
            labels,
            ..Dictionary::default()
        }
    }

    /// Adds the distinct (string, label index) pairs of one document, leaving out `rejected`.
    pub fn add_document(&mut self, own: &[(String, usize)], rejected: &BTreeSet<(String, usize)>) {
        let distinct: BTreeSet<&(String, usize)> = own.iter().collect();
        for pair in distinct {
            let (text, l) = pair;
            let n = text.chars().count();
            if !(MIN_CHARS..=MAX_CHARS).contains(&n) || rejected.contains(pair) || *l >= self.labels
            {
                continue;
            }
            if !self.entries.contains_key(text) {
                // A new entry's prefixes, as it comes: indexing them all again after every
                // document made building the dictionary quadratic in the documents.
                let mut prefix = String::new();
                for c in text.chars() {
                    prefix.push(c);
                    if !self.prefixes.contains(&prefix) {
                        self.prefixes.insert(prefix.clone());
                    }
                }
            }
            self.entries
                .entry(text.clone())
                .or_insert_with(|| vec![0; self.labels])[*l] += 1;
        }
    }

    /// Removes `rejected` pairs wherever they came from.
    pub fn reject(&mut self, rejected: &BTreeSet<(String, usize)>) {
        for (text, l) in rejected {
            if let Some(counts) = self.entries.get_mut(text)
                && *l < counts.len()
            {
                counts[*l] = 0;
            }
        }
        self.entries.retain(|_, c| c.iter().any(|&n| n > 0));
        self.index_prefixes();
    }

    fn index_prefixes(&mut self) {
        self.prefixes.clear();
        for text in self.entries.keys() {
            let mut prefix = String::new();
            for c in text.chars() {
                prefix.push(c);
                self.prefixes.insert(prefix.clone());
            }
        }
    }

    /// The entries per label index, sorted: what the model file stores.
    pub fn to_lists(&self, labels: &[String]) -> BTreeMap<String, Vec<String>> {
        let mut out: BTreeMap<String, Vec<String>> =
            labels.iter().map(|l| (l.clone(), Vec::new())).collect();
        for (text, counts) in &self.entries {
            for (l, &n) in counts.iter().enumerate() {
                if n > 0
                    && let Some(list) = labels.get(l).and_then(|name| out.get_mut(name))
                {
                    list.push(text.clone());
                }
            }
        }
        for list in out.values_mut() {
            list.sort();
        }
        out
    }

    /// A dictionary from the lists a model file stores.
    pub fn from_lists(labels: &[String], lists: &BTreeMap<String, Vec<String>>) -> Self {
        let mut dict = Dictionary::new(labels.len());
        for (l, name) in labels.iter().enumerate() {
            for text in lists.get(name).into_iter().flatten() {
                dict.entries
                    .entry(text.clone())
                    .or_insert_with(|| vec![0; labels.len()])[l] = 1;
            }
        }
        dict.index_prefixes();
        dict
    }

    /// BIO tags per code point per label (`chars.len() * labels`): the longest entry at each
    /// position, left to right. A pair in `own` counts one document less (a training document
    /// does not see its own spans in the dictionary).
    pub fn tags(&self, chars: &[char], labels: usize, own: &[(String, usize)]) -> Vec<u8> {
        let mut out = vec![O; chars.len() * labels];
        if self.entries.is_empty() || labels != self.labels {
            return out;
        }
        let own: HashSet<(&str, usize)> = own.iter().map(|(t, l)| (t.as_str(), *l)).collect();
        let mut next_free = vec![0usize; labels];
        let mut cand = String::new();
        for i in 0..chars.len() {
            cand.clear();
            let mut longest = vec![0usize; labels];
            for len in 1..=MAX_CHARS.min(chars.len() - i) {
                cand.push(chars[i + len - 1]);
                if !self.prefixes.contains(&cand) {
                    break;
                }
                if let Some(counts) = self.entries.get(&cand) {
                    for (l, &n) in counts.iter().enumerate() {
                        let mine = own.contains(&(cand.as_str(), l)) as u32;
                        if n > mine {
                            longest[l] = len;
                        }
                    }
                }
            }
            for l in 0..labels {
                let len = longest[l];
                if len == 0 || i < next_free[l] {
                    continue;
                }
                out[i * labels + l] = B;
                for k in i + 1..i + len {
                    out[k * labels + l] = I;
                }
                next_free[l] = i + len;
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefixes_added_document_by_document_are_those_of_every_entry() {
        let mut d = Dictionary::new(2);
        let none = BTreeSet::new();
        d.add_document(&[("南通".into(), 1), ("赛马制".into(), 0)], &none);
        d.add_document(
            &[("南通市".into(), 1), ("赛马".into(), 0), ("x".into(), 0)],
            &none,
        );
        d.add_document(&[("海门光伏产业园项目".into(), 0)], &none);
        let mut whole = d.clone();
        whole.index_prefixes();
        assert_eq!(d.prefixes, whole.prefixes);
        assert!(d.prefixes.contains("海门光伏"));
        assert!(!d.prefixes.contains("x"), "a string too short is no entry");
    }

    #[test]
    fn own_strings_are_left_out_and_rejected_never_enter() {
        let mut d = Dictionary::new(2);
        let none = BTreeSet::new();
        d.add_document(&[("南通".into(), 1), ("赛马制".into(), 0)], &none);
        let chars: Vec<char> = "在南通实行赛马制".chars().collect();
        let t = d.tags(&chars, 2, &[]);
        assert_eq!(t[2 + 1], B);
        assert_eq!(t[2 * 2 + 1], I);
        assert_eq!(t[5 * 2], B);
        let own = d.tags(&chars, 2, &[("南通".into(), 1)]);
        assert_eq!(own[2 + 1], O);
        let mut rejected = BTreeSet::new();
        rejected.insert(("赛马制".to_string(), 0));
        d.reject(&rejected);
        assert_eq!(d.tags(&chars, 2, &[])[5 * 2], O);
    }
}
