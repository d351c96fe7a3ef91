//! [`compute`]: every document's counts ([`super::read`]), read in parallel, added up into a
//! [`Dashboard`].

use super::read::{self, DocFacts};
use super::{Dashboard, PairAgreement, Progress, SuggestionOutcomes};
use crate::core::data::annotators::is_machine;
use crate::core::data::error::Result;
use crate::core::data::model::Status;
use crate::core::data::parallel;
use crate::core::data::store::Dataset;
use crate::core::score::agree::PairCounts;
use std::collections::BTreeMap;

/// Computes the dashboard of `ds`, reading each annotation file once. The human annotators are
/// those of `ds.annotators()` that are not machines (`gold`, written through review, is one);
/// the machine annotators' spans are the suggestions whose outcomes are counted.
pub fn compute(ds: &Dataset) -> Result<Dashboard> {
    let (humans, machines): (Vec<String>, Vec<String>) =
        ds.annotators()?.into_iter().partition(|a| !is_machine(a));
    let labels: Vec<String> = ds
        .labels
        .label_names()
        .into_iter()
        .map(str::to_string)
        .collect();
    let facts = parallel::map(ds.documents(), |entry| {
        read::facts(ds, entry, &humans, &machines)
    });
    let mut sums = Sums::new(humans.len(), &labels);
    for (entry, doc) in ds.documents().iter().zip(facts) {
        sums.add(&entry.id, doc?);
    }
    Ok(sums.finish(humans, &machines, labels, ds.documents().len()))
}

/// The running totals.
struct Sums {
    /// Per human: documents finished per day.
    finished: Vec<BTreeMap<String, usize>>,
    /// Per human: documents per status.
    statuses: Vec<BTreeMap<String, usize>>,
    /// Per human: spans per label.
    spans: Vec<BTreeMap<String, usize>>,
    /// Per pair: counts, documents, the documents where they differ.
    pairs: Vec<(PairCounts, usize, Vec<String>)>,
    /// (machine annotator's index, label) → [accepted, corrected, rejected].
    suggestions: BTreeMap<(usize, String), [usize; 3]>,
    /// Per human: (document, active seconds) of the timed documents.
    time: Vec<Vec<(String, u64)>>,
}

impl Sums {
    fn new(humans: usize, labels: &[String]) -> Self {
        let zeros = |names: Vec<&str>| -> BTreeMap<String, usize> {
            names.into_iter().map(|n| (n.to_string(), 0)).collect()
        };
        let statuses = zeros(Status::ALL.iter().map(|s| s.as_str()).collect());
        let spans = zeros(labels.iter().map(String::as_str).collect());
        Sums {
            finished: vec![BTreeMap::new(); humans],
            statuses: vec![statuses; humans],
            spans: vec![spans; humans],
            pairs: (0..humans * humans.saturating_sub(1) / 2)
                .map(|_| Default::default())
                .collect(),
            suggestions: BTreeMap::new(),
            time: vec![Vec::new(); humans],
        }
    }

    /// Adds document `id`'s counts.
    fn add(&mut self, id: &str, doc: DocFacts) {
        let order = pair_order(doc.humans.len());
        for ((i, j), (p, pair)) in order.zip(doc.pairs.into_iter().enumerate()) {
            if let Some(pair) = pair {
                let (counts, documents, disagreeing) = &mut self.pairs[p];
                counts.add(&pair.counts);
                for (first, k) in [(true, i), (false, j)] {
                    if let Some(h) = &doc.humans[k] {
                        counts.add_label_chars(
                            first,
                            h.chars_per_label.iter().map(|(l, n)| (l.as_str(), *n)),
                        );
                    }
                }
                *documents += 1;
                if pair.differ {
                    disagreeing.push(id.to_string());
                }
            }
        }
        for (k, human) in doc.humans.into_iter().enumerate() {
            let status = human.as_ref().map_or(Status::Todo, |h| h.status);
            if let Some(n) = self.statuses[k].get_mut(status.as_str()) {
                *n += 1;
            }
            let Some(h) = human else { continue };
            if let Some(day) = h.finished_on {
                *self.finished[k].entry(day).or_default() += 1;
            }
            for (label, n) in h.labels {
                match self.spans[k].get_mut(&label) {
                    Some(total) => *total += n,
                    None => {
                        self.spans[k].insert(label, n);
                    }
                }
            }
            if h.active_seconds > 0 {
                self.time[k].push((id.to_string(), h.active_seconds));
            }
        }
        for (source, label, counts) in doc.suggestions {
            let total = self.suggestions.entry((source, label)).or_default();
            for (t, n) in total.iter_mut().zip(counts) {
                *t += n;
            }
        }
    }

    fn finish(
        self,
        annotators: Vec<String>,
        machines: &[String],
        labels: Vec<String>,
        documents: usize,
    ) -> Dashboard {
        let progress = self.finished.into_iter().map(progress).collect();
        let agreement = agreement(&annotators, self.pairs);
        let suggestions = suggestions(machines, &labels, self.suggestions);
        Dashboard {
            annotators,
            labels,
            documents,
            progress,
            statuses: self.statuses,
            spans_per_label: self.spans,
            agreement,
            suggestions,
            time_per_document: self.time,
        }
    }
}

/// Documents finished per day, with the running total.
fn progress(finished: BTreeMap<String, usize>) -> Progress {
    let mut total = 0;
    Progress {
        days: finished
            .into_iter()
            .map(|(day, n)| {
                total += n;
                (day, n, total)
            })
            .collect(),
    }
}

/// The pairs with two or more common documents, in the order (i, j), i < j.
fn agreement(
    annotators: &[String],
    pairs: Vec<(PairCounts, usize, Vec<String>)>,
) -> Vec<PairAgreement> {
    pair_order(annotators.len())
        .zip(pairs)
        .filter(|(_, (_, documents, _))| *documents >= 2)
        .map(|((i, j), (counts, documents, disagreeing))| PairAgreement {
            a: annotators[i].clone(),
            b: annotators[j].clone(),
            f1: counts.exact_f1(),
            kappa: counts.kappa(),
            documents,
            disagreeing,
        })
        .collect()
}

/// Per machine annotator (in name order), a row per label: those of `labels` first (zeros
/// included), then any other label it suggested, by name.
fn suggestions(
    machines: &[String],
    labels: &[String],
    mut counted: BTreeMap<(usize, String), [usize; 3]>,
) -> Vec<SuggestionOutcomes> {
    let mut out = Vec::new();
    for (m, source) in machines.iter().enumerate() {
        let mut row = |label: &str, [accepted, corrected, rejected]: [usize; 3]| {
            out.push(SuggestionOutcomes {
                source: source.clone(),
                label: label.to_string(),
                accepted,
                corrected,
                rejected,
            })
        };
        for label in labels {
            let counts = counted.remove(&(m, label.clone())).unwrap_or_default();
            row(label, counts);
        }
        let others: Vec<(String, [usize; 3])> = counted
            .iter()
            .filter(|((source, _), _)| *source == m)
            .map(|((_, label), counts)| (label.clone(), *counts))
            .collect();
        for (label, counts) in others {
            row(&label, counts);
        }
    }
    out
}

/// The pairs (i, j), i < j, of `n` annotators, in the order of i then j: the order of
/// [`DocFacts::pairs`] and of the running totals.
fn pair_order(n: usize) -> impl Iterator<Item = (usize, usize)> {
    (0..n).flat_map(move |i| (i + 1..n).map(move |j| (i, j)))
}
