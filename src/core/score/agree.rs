//! Agreement between annotators: pairwise span F1 (exact and overlap matching, per label and
//! overall), character-level Cohen's κ per pair, and the spans each document's annotators
//! disagree on. Only documents every named annotator has an annotation file for count.
//!
//! Span F1 = 2·matches / (|A| + |B|). Exact matching needs the same start, end and label; overlap
//! matching pairs spans of the same label that share a character, one to one, greedily in text
//! order. For κ every character gets the label of the outermost span covering it (the longest;
//! ties by label name) or O, and κ = (p_o − p_e) / (1 − p_e) with p_e = Σ_k p_A(k)·p_B(k). κ is
//! inflated by the many O characters: read it beside F1, not instead. Relation agreement is the
//! pairwise F1 of relations under `relation_eval`'s strict and lenient matchings.

use crate::core::data::error::{Error, Result};
use crate::core::data::model::{Relation, Span, Status};
use crate::core::data::store::Dataset;
use serde::Serialize;
use std::collections::BTreeMap;

mod counts;
pub use counts::{CharLabels, LabelTable, PairCounts, SpanTriple, triples};

/// F1 overall and per label for one matching.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct PairF1 {
    /// Over all labels.
    pub overall: f64,
    /// Per label (labels either annotator used).
    pub labels: BTreeMap<String, f64>,
}

/// One pair of annotators.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Pair {
    /// First annotator.
    pub a: String,
    /// Second annotator.
    pub b: String,
    /// Exact matching.
    pub exact: PairF1,
    /// Overlap matching.
    pub overlap: PairF1,
    /// Character-level Cohen's κ.
    pub kappa: f64,
    /// Relation agreement.
    pub relations: RelationAgreement,
}

/// Relation agreement of a pair: F1 = 2·matches / (|A| + |B|) under the strict and lenient
/// matchings of `relation_eval` (1 when neither has a relation).
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct RelationAgreement {
    /// Relations of the first annotator.
    pub a: usize,
    /// Relations of the second annotator.
    pub b: usize,
    /// Both ends match exactly and the type matches.
    pub strict: f64,
    /// Both ends overlap and the type matches.
    pub lenient: f64,
}

/// A span one annotator has and another has not (exact matching).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Disagreement {
    /// Who has it.
    pub annotator: String,
    /// Start.
    pub start: usize,
    /// End.
    pub end: usize,
    /// Label.
    pub label: String,
    /// Covered text.
    pub text: String,
    /// Who lacks it.
    pub missing_for: Vec<String>,
}

/// The whole report.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Agreement {
    /// The annotators compared.
    pub annotators: Vec<String>,
    /// Documents counted.
    pub documents: usize,
    /// Every pair.
    pub pairs: Vec<Pair>,
    /// Exact-match F1 matrix (annotators × annotators; 1 on the diagonal).
    pub matrix_exact: Vec<Vec<f64>>,
    /// Overlap-match F1 matrix.
    pub matrix_overlap: Vec<Vec<f64>>,
    /// Per document, the spans not every annotator has.
    pub disagreements: BTreeMap<String, Vec<Disagreement>>,
}

/// A document with the text length and each annotator's spans (in `annotators` order).
pub struct DocSpans {
    /// Document id.
    pub id: String,
    /// Length in code points.
    pub chars: usize,
    /// Spans per annotator.
    pub spans: Vec<Vec<Span>>,
    /// Relations per annotator.
    pub relations: Vec<Vec<Relation>>,
}

/// Relation agreement of annotators `i` and `j` over `docs`.
fn relation_agreement(docs: &[DocSpans], i: usize, j: usize) -> RelationAgreement {
    use crate::core::score::relation_eval::{Side, evaluate};
    let sides: Vec<(Side<'_>, Side<'_>)> = docs
        .iter()
        .map(|d| {
            let side = |k: usize| Side {
                spans: &d.spans[k],
                relations: d.relations.get(k).map(Vec::as_slice).unwrap_or(&[]),
            };
            (side(i), side(j))
        })
        .collect();
    let ev = evaluate(&sides);
    let pair_f1 = |m: &str| {
        let s = &ev[m].micro;
        f1(s.tp, s.tp + s.fn_, s.tp + s.fp)
    };
    let micro = &ev["strict"].micro;
    RelationAgreement {
        a: micro.tp + micro.fn_,
        b: micro.tp + micro.fp,
        strict: pair_f1("strict"),
        lenient: pair_f1("lenient"),
    }
}

fn f1(matches: usize, a: usize, b: usize) -> f64 {
    if a + b == 0 {
        1.0
    } else {
        2.0 * matches as f64 / (a + b) as f64
    }
}

fn exact_matches(a: &[&Span], b: &[&Span]) -> usize {
    let set: std::collections::HashSet<(usize, usize, &str)> = b
        .iter()
        .map(|s| (s.start, s.end, s.label.as_str()))
        .collect();
    a.iter()
        .filter(|s| set.contains(&(s.start, s.end, s.label.as_str())))
        .count()
}

fn overlap_matches(a: &[&Span], b: &[&Span]) -> usize {
    let mut used = vec![false; b.len()];
    let mut n = 0;
    for s in a {
        if let Some(j) = (0..b.len()).find(|&j| {
            !used[j] && b[j].label == s.label && b[j].start < s.end && s.start < b[j].end
        }) {
            used[j] = true;
            n += 1;
        }
    }
    n
}

/// Computes agreement over `docs` for `annotators`.
pub fn agree(annotators: &[String], docs: &[DocSpans]) -> Agreement {
    let n = annotators.len();
    let mut out = Agreement {
        annotators: annotators.to_vec(),
        documents: docs.len(),
        ..Agreement::default()
    };
    out.matrix_exact = vec![vec![1.0; n]; n];
    out.matrix_overlap = vec![vec![1.0; n]; n];
    for i in 0..n {
        for j in i + 1..n {
            let pair = pair(annotators, docs, i, j);
            out.matrix_exact[i][j] = pair.exact.overall;
            out.matrix_exact[j][i] = pair.exact.overall;
            out.matrix_overlap[i][j] = pair.overlap.overall;
            out.matrix_overlap[j][i] = pair.overlap.overall;
            out.pairs.push(pair);
        }
    }
    for d in docs {
        let list = disagreements(annotators, d);
        if !list.is_empty() {
            out.disagreements.insert(d.id.clone(), list);
        }
    }
    out
}

/// Span match counts of one pair of annotators over all documents.
#[derive(Default)]
struct SpanCounts<'a> {
    /// Exact matches.
    exact: usize,
    /// Overlap matches.
    overlap: usize,
    /// Spans of the first annotator.
    a: usize,
    /// Spans of the second annotator.
    b: usize,
    /// Per label: exact matches, overlap matches, spans of the first and of the second.
    per_label: BTreeMap<&'a str, (usize, usize, usize, usize)>,
}

/// Compares annotators `i` and `j` over `docs`: span F1, κ and relation agreement.
fn pair(annotators: &[String], docs: &[DocSpans], i: usize, j: usize) -> Pair {
    let counts = span_counts(docs, i, j);
    Pair {
        a: annotators[i].clone(),
        b: annotators[j].clone(),
        exact: PairF1 {
            overall: f1(counts.exact, counts.a, counts.b),
            labels: counts
                .per_label
                .iter()
                .map(|(l, e)| (l.to_string(), f1(e.0, e.2, e.3)))
                .collect(),
        },
        overlap: PairF1 {
            overall: f1(counts.overlap, counts.a, counts.b),
            labels: counts
                .per_label
                .iter()
                .map(|(l, e)| (l.to_string(), f1(e.1, e.2, e.3)))
                .collect(),
        },
        kappa: kappa(docs, i, j),
        relations: relation_agreement(docs, i, j),
    }
}

/// Counts the exact and overlap span matches of annotators `i` and `j` over `docs`, overall
/// and per label.
fn span_counts(docs: &[DocSpans], i: usize, j: usize) -> SpanCounts<'_> {
    let mut counts = SpanCounts::default();
    let mut labels: std::collections::BTreeSet<&str> = std::collections::BTreeSet::new();
    for d in docs {
        let (a, b) = (&d.spans[i], &d.spans[j]);
        labels.extend(a.iter().chain(b.iter()).map(|s| s.label.as_str()));
        let ar: Vec<&Span> = a.iter().collect();
        let br: Vec<&Span> = b.iter().collect();
        counts.exact += exact_matches(&ar, &br);
        counts.overlap += overlap_matches(&ar, &br);
        counts.a += a.len();
        counts.b += b.len();
        for &label in &labels {
            let al: Vec<&Span> = a.iter().filter(|s| s.label == label).collect();
            let bl: Vec<&Span> = b.iter().filter(|s| s.label == label).collect();
            let e = counts.per_label.entry(label).or_default();
            e.0 += exact_matches(&al, &bl);
            e.1 += overlap_matches(&al, &bl);
            e.2 += al.len();
            e.3 += bl.len();
        }
    }
    counts
}

/// Character-level Cohen's κ of annotators `i` and `j` over `docs`.
fn kappa(docs: &[DocSpans], i: usize, j: usize) -> f64 {
    let mut counts = PairCounts::default();
    for d in docs {
        let (a, b) = (triples(&d.spans[i]), triples(&d.spans[j]));
        let table = LabelTable::new([a.as_slice(), b.as_slice()]);
        let (ca, cb) = (
            CharLabels::new(d.chars, &a, &table),
            CharLabels::new(d.chars, &b, &table),
        );
        counts.add_chars(&table, &ca, &cb);
    }
    counts.kappa()
}

/// The spans of document `d` that not every annotator has, each listed once, in text order.
fn disagreements(annotators: &[String], d: &DocSpans) -> Vec<Disagreement> {
    let n = annotators.len();
    let mut list = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for spans in &d.spans {
        for s in spans {
            let key = (s.start, s.end, s.label.clone());
            if !seen.insert(key) {
                continue;
            }
            let has = |k: usize| d.spans[k].iter().any(|o| o.same_as(s));
            let missing: Vec<String> = (0..n)
                .filter(|&k| !has(k))
                .map(|k| annotators[k].clone())
                .collect();
            if !missing.is_empty() {
                let holders: Vec<String> = (0..n)
                    .filter(|&k| has(k))
                    .map(|k| annotators[k].clone())
                    .collect();
                list.push(Disagreement {
                    annotator: holders.join(","),
                    start: s.start,
                    end: s.end,
                    label: s.label.clone(),
                    text: s.text.clone(),
                    missing_for: missing,
                });
            }
        }
    }
    list.sort_by(|a, b| (a.start, a.end, &a.label).cmp(&(b.start, b.end, &b.label)));
    list
}

/// What `agree` compares in `ds`: the annotators named in `annotators` (each must have
/// annotations; at least two), else all of them; and the documents every one of them has
/// annotated (with one of `statuses`, when given).
pub fn collect(
    ds: &Dataset,
    annotators: Option<&[String]>,
    statuses: Option<&[Status]>,
) -> Result<(Vec<String>, Vec<DocSpans>)> {
    let names = annotator_names(ds, annotators)?;
    let docs = common_documents(ds, &names, statuses)?;
    Ok((names, docs))
}

/// The annotators to compare: those named (each with annotations), else all of them.
fn annotator_names(ds: &Dataset, annotators: Option<&[String]>) -> Result<Vec<String>> {
    let all = ds.annotators()?;
    let names: Vec<String> = match annotators {
        Some(list) => list.iter().map(|a| a.trim().to_string()).collect(),
        None => all.clone(),
    };
    if names.len() < 2 {
        return Err(Error::Usage(format!(
            "agreement needs two or more annotators; the dataset has {}",
            all.join(", ")
        )));
    }
    if let Some(n) = names.iter().find(|n| !all.contains(n)) {
        return Err(Error::Usage(format!(
            "{} has no annotations by {n:?}",
            ds.root().display()
        )));
    }
    Ok(names)
}

/// The documents every one of `names` has annotated (with one of `statuses`, when given).
fn common_documents(
    ds: &Dataset,
    names: &[String],
    statuses: Option<&[Status]>,
) -> Result<Vec<DocSpans>> {
    let mut docs = Vec::new();
    for entry in ds.documents() {
        let mut spans = Vec::with_capacity(names.len());
        let mut relations = Vec::with_capacity(names.len());
        for n in names {
            match ds.annotation(n, &entry.id)? {
                Some(a) if statuses.is_none_or(|st| st.contains(&a.status)) => {
                    spans.push(a.spans);
                    relations.push(a.relations);
                }
                _ => break,
            }
        }
        if spans.len() == names.len() {
            docs.push(DocSpans {
                id: entry.id.clone(),
                chars: entry.chars,
                spans,
                relations,
            });
        }
    }
    Ok(docs)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(start: usize, end: usize, label: &str) -> Span {
        Span {
            id: String::new(),
            start,
            end,
            label: label.into(),
            text: String::new(),
            attrs: Default::default(),
        }
    }

    #[test]
    fn f1_and_kappa() {
        let a = vec![s(0, 2, "region"), s(4, 8, "project")];
        let b = vec![s(0, 2, "region"), s(4, 7, "project")];
        let ag = agree(
            &["a".into(), "b".into()],
            &[DocSpans {
                id: "d".into(),
                chars: 10,
                spans: vec![a.clone(), b],
                relations: Vec::new(),
            }],
        );
        let p = &ag.pairs[0];
        assert_eq!(p.exact.overall, 0.5);
        assert_eq!(p.overlap.overall, 1.0);
        // 9 of 10 characters agree; p_e = (4·4 + 2·2 + 4·3)/100 ... computed the same way by hand:
        let (pa, pb) = ([4.0, 2.0, 4.0], [5.0, 2.0, 3.0]); // O, region, project
        let pe: f64 = pa.iter().zip(pb).map(|(x, y)| x / 10.0 * y / 10.0).sum();
        assert!((p.kappa - (0.9 - pe) / (1.0 - pe)).abs() < 1e-12);
        assert_eq!(ag.disagreements["d"].len(), 2);
        let same = agree(
            &["a".into(), "b".into()],
            &[DocSpans {
                id: "d".into(),
                chars: 10,
                spans: vec![a.clone(), a],
                relations: Vec::new(),
            }],
        );
        assert_eq!(
            (same.pairs[0].exact.overall, same.pairs[0].kappa),
            (1.0, 1.0)
        );
    }
}
