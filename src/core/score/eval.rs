//! Scoring an extractor against gold: the SemEval-2013 counts (COR, INC, PAR, MIS, SPU) with
//! precision, recall and F1 for the strict, exact, partial and type schemas, overall (micro), per
//! label and as a macro average.
//!
//! The matching reproduces the nervaluate package (1.x) step for step, so the numbers are equal:
//! predictions are taken in order (start, end, label) and each is matched against the gold spans
//! not matched yet; an overlap counts when it covers at least 1% of the gold span (nervaluate's
//! default `min_overlap_percentage`); per-label figures evaluate only that label's spans.

use crate::core::data::error::{Error, Result};
use crate::core::data::model::Span;
use crate::core::exchange::formats::Record;
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::Path;

/// The four schemas, in report order.
pub const SCHEMAS: [&str; 4] = ["strict", "exact", "partial", "type"];

/// Counts and scores of one schema.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize)]
pub struct Scores {
    /// Correct.
    pub cor: usize,
    /// Incorrect.
    pub inc: usize,
    /// Partial.
    pub par: usize,
    /// Missed (gold without a match).
    pub mis: usize,
    /// Spurious (prediction without a match).
    pub spu: usize,
    /// Precision.
    pub precision: f64,
    /// Recall.
    pub recall: f64,
    /// F1.
    pub f1: f64,
}

impl Scores {
    fn add(&mut self, o: &Scores) {
        self.cor += o.cor;
        self.inc += o.inc;
        self.par += o.par;
        self.mis += o.mis;
        self.spu += o.spu;
    }

    /// Fills precision, recall and F1 from the counts (half credit for PAR in partial and type).
    pub fn compute(&mut self, schema: &str) {
        let actual = (self.cor + self.inc + self.par + self.spu) as f64;
        let possible = (self.cor + self.inc + self.par + self.mis) as f64;
        let hit = if matches!(schema, "partial" | "type") {
            self.cor as f64 + 0.5 * self.par as f64
        } else {
            self.cor as f64
        };
        self.precision = if actual > 0.0 { hit / actual } else { 0.0 };
        self.recall = if possible > 0.0 { hit / possible } else { 0.0 };
        self.f1 = if self.precision + self.recall > 0.0 {
            2.0 * self.precision * self.recall / (self.precision + self.recall)
        } else {
            0.0
        };
    }
}

/// Scores of the four schemas.
pub type SchemaScores = BTreeMap<String, Scores>;

/// Macro averages of one schema: the unweighted mean over labels.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize)]
pub struct Macro {
    /// Mean precision.
    pub precision: f64,
    /// Mean recall.
    pub recall: f64,
    /// Mean F1.
    pub f1: f64,
}

/// A whole evaluation.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Evaluation {
    /// Micro scores over all labels.
    pub overall: SchemaScores,
    /// Scores per label (labels that occur in gold or predictions).
    pub labels: BTreeMap<String, SchemaScores>,
    /// Unweighted means over the labels.
    #[serde(rename = "macro")]
    pub macro_avg: BTreeMap<String, Macro>,
    /// Documents scored.
    pub documents: usize,
    /// Per-document overall scores (with --by-document).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub by_document: Option<BTreeMap<String, SchemaScores>>,
}

/// A span as nervaluate sees it: inclusive end.
#[derive(Clone, Debug)]
struct Ent<'a> {
    label: &'a str,
    start: usize,
    end: usize,
}

fn ents(spans: &[Span]) -> Vec<Ent<'_>> {
    let mut v: Vec<Ent<'_>> = spans
        .iter()
        .filter(|s| s.end > s.start)
        .map(|s| Ent {
            label: &s.label,
            start: s.start,
            end: s.end - 1,
        })
        .collect();
    v.sort_by(|a, b| (a.start, a.end, a.label).cmp(&(b.start, b.end, b.label)));
    v
}

fn sufficient_overlap(p: &Ent<'_>, t: &Ent<'_>) -> bool {
    if p.start > t.end || p.end < t.start {
        return false;
    }
    let overlap = (p.end.min(t.end) - p.start.max(t.start) + 1) as f64;
    let true_span = (t.end - t.start + 1) as f64;
    (overlap / true_span) * 100.0 >= 1.0
}

fn distance(p: &Ent<'_>, t: &Ent<'_>) -> usize {
    p.start.abs_diff(t.start) + p.end.abs_diff(t.end)
}

/// One schema over one document, as nervaluate's strategy classes compute it.
fn score(schema: &str, gold: &[Ent<'_>], pred: &[Ent<'_>]) -> Scores {
    let mut s = Scores::default();
    let mut matched = vec![false; gold.len()];
    for p in pred {
        match schema {
            "type" => {
                let mut best: Option<(usize, usize)> = None;
                let mut incorrect: Option<usize> = None;
                for (ti, t) in gold.iter().enumerate() {
                    if matched[ti] || !sufficient_overlap(p, t) {
                        continue;
                    }
                    let d = distance(p, t);
                    if p.label == t.label {
                        if best.is_none_or(|(_, bd)| d < bd) {
                            best = Some((ti, d));
                        }
                    } else if incorrect.is_none() {
                        incorrect = Some(ti);
                    }
                }
                if let Some((ti, _)) = best {
                    s.cor += 1;
                    matched[ti] = true;
                } else if let Some(ti) = incorrect {
                    s.inc += 1;
                    matched[ti] = true;
                } else {
                    s.spu += 1;
                }
            }
            _ => {
                let mut found = false;
                let mut fallback: Option<usize> = None;
                for (ti, t) in gold.iter().enumerate() {
                    if matched[ti] {
                        continue;
                    }
                    let same_bounds = p.start == t.start && p.end == t.end;
                    let exact_match = match schema {
                        "strict" => same_bounds && p.label == t.label,
                        "exact" => same_bounds,
                        _ => same_bounds && sufficient_overlap(p, t),
                    };
                    if exact_match {
                        s.cor += 1;
                        matched[ti] = true;
                        found = true;
                        break;
                    }
                    if fallback.is_none() && sufficient_overlap(p, t) {
                        fallback = Some(ti);
                    }
                }
                if !found {
                    match fallback {
                        Some(ti) => {
                            if schema == "partial" {
                                s.par += 1;
                            } else {
                                s.inc += 1;
                            }
                            matched[ti] = true;
                        }
                        None => s.spu += 1,
                    }
                }
            }
        }
    }
    s.mis = matched.iter().filter(|m| !**m).count();
    s
}

/// Scores documents given as (id, gold spans, predicted spans).
pub fn evaluate(docs: &[(String, Vec<Span>, Vec<Span>)], by_document: bool) -> Evaluation {
    let mut ev = Evaluation {
        documents: docs.len(),
        ..Evaluation::default()
    };
    let mut labels: std::collections::BTreeSet<&str> = std::collections::BTreeSet::new();
    for (_, g, p) in docs {
        labels.extend(g.iter().chain(p).map(|s| s.label.as_str()));
    }
    let mut per_doc = BTreeMap::new();
    for (id, gold, pred) in docs {
        let (g, p) = (ents(gold), ents(pred));
        let mut doc_scores = SchemaScores::new();
        for schema in SCHEMAS {
            let s = score(schema, &g, &p);
            ev.overall.entry(schema.into()).or_default().add(&s);
            doc_scores.insert(schema.into(), s);
            for &label in &labels {
                let gl: Vec<Ent<'_>> = g.iter().filter(|e| e.label == label).cloned().collect();
                let pl: Vec<Ent<'_>> = p.iter().filter(|e| e.label == label).cloned().collect();
                let ls = score(schema, &gl, &pl);
                ev.labels
                    .entry(label.into())
                    .or_default()
                    .entry(schema.into())
                    .or_default()
                    .add(&ls);
            }
        }
        if by_document {
            for (schema, s) in doc_scores.iter_mut() {
                s.compute(schema);
            }
            per_doc.insert(id.clone(), doc_scores);
        }
    }
    for schema in SCHEMAS {
        ev.overall.entry(schema.into()).or_default().compute(schema);
        let mut m = Macro::default();
        for scores in ev.labels.values_mut() {
            let s = scores.entry(schema.into()).or_default();
            s.compute(schema);
            m.precision += s.precision;
            m.recall += s.recall;
            m.f1 += s.f1;
        }
        let n = ev.labels.len().max(1) as f64;
        ev.macro_avg.insert(
            schema.into(),
            Macro {
                precision: m.precision / n,
                recall: m.recall / n,
                f1: m.f1 / n,
            },
        );
    }
    if by_document {
        ev.by_document = Some(per_doc);
    }
    ev
}

/// Pairs every gold record with the predicted record of the same id (or none), refusing a
/// prediction made on another text.
pub fn pair_records(
    pred_path: &Path,
    gold: Vec<Record>,
    pred: Vec<Record>,
) -> Result<Vec<(Record, Option<Record>)>> {
    let mut by_id: BTreeMap<String, Record> = pred.into_iter().map(|r| (r.id.clone(), r)).collect();
    gold.into_iter()
        .map(|g| {
            let p = by_id.remove(&g.id);
            if let Some(p) = &p
                && !p.sha256.is_empty()
                && p.sha256 != g.sha256
            {
                return Err(Error::invalid(
                    pred_path,
                    format!("/{}", g.id),
                    format!(
                        "document {} has another text in the predictions (sha256 {} vs {}); offsets cannot be compared",
                        g.id, p.sha256, g.sha256
                    ),
                ));
            }
            Ok((g, p))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn span(label: &str, start: usize, end_inclusive: usize) -> Span {
        Span {
            id: String::new(),
            start,
            end: end_inclusive + 1,
            label: label.into(),
            text: String::new(),
            attrs: Default::default(),
        }
    }

    #[test]
    fn the_worked_case_of_the_formats_note() {
        // gold amount[0,4] region[5,7], pred amount[1,5] project[5,7] (inclusive ends)
        let gold = vec![span("amount", 0, 4), span("region", 5, 7)];
        let pred = vec![span("amount", 1, 5), span("project", 5, 7)];
        let ev = evaluate(&[("d".into(), gold, pred)], false);
        let s = &ev.overall["strict"];
        assert_eq!((s.inc, s.f1), (2, 0.0));
        let e = &ev.overall["exact"];
        assert_eq!((e.cor, e.inc, e.f1), (1, 1, 0.5));
        let p = &ev.overall["partial"];
        assert_eq!((p.cor, p.par, p.precision, p.recall), (1, 1, 0.75, 0.75));
        let t = &ev.overall["type"];
        assert_eq!((t.cor, t.inc, t.f1), (1, 1, 0.5));
    }
}
