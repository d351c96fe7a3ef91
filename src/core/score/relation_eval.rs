//! Scoring relations against gold, per relation type, micro and macro, under two matchings:
//!
//! - **strict**: a predicted relation is correct when a gold relation has the same type and both
//!   of its ends have the same start, end and label as the predicted ends;
//! - **lenient** (boundary-lenient): the same type, and each predicted end overlaps (shares at
//!   least one character with) the gold end of the same role and has its label.
//!
//! Matching is one to one: predicted relations are taken in text order (from-end start, to-end
//! start, type) and each takes the first gold relation not matched yet that fits. TP are matched
//! predictions, FP the other predictions, FN the gold relations left. Precision = TP/(TP+FP),
//! recall = TP/(TP+FN), F1 their harmonic mean (0 when both are 0). Micro sums the counts over
//! types; macro is the unweighted mean over the types seen in gold or predictions. A relation
//! whose end is not among its document's spans is invalid and is not scored.
//! Also used by `agree` for relation agreement (pairwise F1, symmetric).

use crate::core::data::model::{Relation, Span};
use serde::Serialize;
use std::collections::BTreeMap;

/// The two matchings, in report order.
pub const MATCHINGS: [&str; 2] = ["strict", "lenient"];

/// Counts and scores of one type (or of all types, micro).
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize)]
pub struct RelationScores {
    /// Predicted relations that match a gold one.
    pub tp: usize,
    /// Predicted relations that match none.
    pub fp: usize,
    /// Gold relations no prediction matched.
    #[serde(rename = "fn")]
    pub fn_: usize,
    /// TP / (TP + FP).
    pub precision: f64,
    /// TP / (TP + FN).
    pub recall: f64,
    /// Harmonic mean of precision and recall.
    pub f1: f64,
}

impl RelationScores {
    fn add(&mut self, o: &RelationScores) {
        self.tp += o.tp;
        self.fp += o.fp;
        self.fn_ += o.fn_;
    }

    fn compute(&mut self) {
        let ratio = |a: usize, b: usize| if b > 0 { a as f64 / b as f64 } else { 0.0 };
        self.precision = ratio(self.tp, self.tp + self.fp);
        self.recall = ratio(self.tp, self.tp + self.fn_);
        self.f1 = if self.precision + self.recall > 0.0 {
            2.0 * self.precision * self.recall / (self.precision + self.recall)
        } else {
            0.0
        };
    }
}

/// Micro, per type and macro scores of one matching.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct MatchingScores {
    /// Counts summed over types.
    pub micro: RelationScores,
    /// Per relation type seen in gold or predictions.
    pub types: BTreeMap<String, RelationScores>,
    /// Unweighted means of precision, recall and F1 over the types.
    #[serde(rename = "macro")]
    pub macro_avg: crate::core::score::eval::Macro,
}

/// The relation scores of an evaluation: one entry per matching (`strict`, `lenient`).
pub type RelationEvaluation = BTreeMap<String, MatchingScores>;

/// One document's spans and relations, as gold or as predictions.
#[derive(Clone, Copy, Debug)]
pub struct Side<'a> {
    /// The spans the relations point at.
    pub spans: &'a [Span],
    /// The relations.
    pub relations: &'a [Relation],
}

/// A relation with its ends resolved.
struct Resolved<'a> {
    kind: &'a str,
    from: &'a Span,
    to: &'a Span,
}

fn resolve<'a>(side: Side<'a>) -> Vec<Resolved<'a>> {
    let by_id: BTreeMap<&str, &Span> = side.spans.iter().map(|s| (s.id.as_str(), s)).collect();
    let mut out: Vec<Resolved<'a>> = side
        .relations
        .iter()
        .filter_map(|r| {
            Some(Resolved {
                kind: &r.kind,
                from: by_id.get(r.from.as_str())?,
                to: by_id.get(r.to.as_str())?,
            })
        })
        .collect();
    out.sort_by(|a, b| {
        (a.from.start, a.to.start, a.kind, a.from.end, a.to.end).cmp(&(
            b.from.start,
            b.to.start,
            b.kind,
            b.from.end,
            b.to.end,
        ))
    });
    out
}

fn same(a: &Span, b: &Span) -> bool {
    a.same_as(b)
}

fn overlaps(a: &Span, b: &Span) -> bool {
    a.label == b.label && a.start < b.end && b.start < a.end
}

/// Counts per type for one document under one matching.
fn count(
    matching: &str,
    gold: &[Resolved<'_>],
    pred: &[Resolved<'_>],
) -> BTreeMap<String, RelationScores> {
    let fits: fn(&Span, &Span) -> bool = if matching == "strict" { same } else { overlaps };
    let mut out: BTreeMap<String, RelationScores> = BTreeMap::new();
    let mut used = vec![false; gold.len()];
    for p in pred {
        let hit = (0..gold.len()).find(|&g| {
            !used[g]
                && gold[g].kind == p.kind
                && fits(p.from, gold[g].from)
                && fits(p.to, gold[g].to)
        });
        let entry = out.entry(p.kind.to_string()).or_default();
        match hit {
            Some(g) => {
                used[g] = true;
                entry.tp += 1;
            }
            None => entry.fp += 1,
        }
    }
    for (g, r) in gold.iter().enumerate() {
        if !used[g] {
            out.entry(r.kind.to_string()).or_default().fn_ += 1;
        }
    }
    out
}

/// Scores the relations of documents given as (gold, predictions).
pub fn evaluate(docs: &[(Side<'_>, Side<'_>)]) -> RelationEvaluation {
    let mut out = RelationEvaluation::new();
    for matching in MATCHINGS {
        let mut scores = MatchingScores::default();
        for (gold, pred) in docs {
            let (gold, pred) = (resolve(*gold), resolve(*pred));
            for (kind, c) in count(matching, &gold, &pred) {
                scores.types.entry(kind).or_default().add(&c);
            }
        }
        for s in scores.types.values_mut() {
            s.compute();
            scores.micro.add(s);
        }
        scores.micro.compute();
        let n = scores.types.len().max(1) as f64;
        scores.macro_avg = crate::core::score::eval::Macro {
            precision: scores.types.values().map(|s| s.precision).sum::<f64>() / n,
            recall: scores.types.values().map(|s| s.recall).sum::<f64>() / n,
            f1: scores.types.values().map(|s| s.f1).sum::<f64>() / n,
        };
        out.insert(matching.to_string(), scores);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rel(kind: &str, from: &str, to: &str) -> Relation {
        Relation {
            id: format!("{from}-{to}"),
            kind: kind.into(),
            from: from.into(),
            to: to.into(),
            confidence: None,
        }
    }

    /// Gold: P(0..4) has_amount A(10..15), P located_in R(20..22), P uses M(30..33).
    /// Predictions: P(0..4) has_amount A(10..14) — lenient only; P located_in R(20..22) —
    /// strict; P uses X(40..42) — wrong end; P(0..4) has_amount A2(50..52) — spurious.
    /// Strict: has_amount TP0 FP2 FN1, located_in TP1, uses TP0 FP1 FN1.
    ///   micro TP1 FP3 FN2: P = 1/4, R = 1/3, F1 = 2·(1/4)(1/3)/(7/12) = 2/7.
    /// Lenient: has_amount TP1 FP1 FN0 (P 1/2, R 1, F1 2/3), located_in TP1 (F1 1),
    ///   uses TP0 FP1 FN1 (F1 0); micro TP2 FP2 FN1: P 1/2, R 2/3, F1 4/7; macro F1 5/9.
    #[test]
    fn hand_computed_strict_and_lenient() {
        let gold_spans = vec![
            Span::bare("p", 0, 4, "project"),
            Span::bare("a", 10, 15, "amount"),
            Span::bare("r", 20, 22, "region"),
            Span::bare("m", 30, 33, "mechanism"),
        ];
        let gold_rels = vec![
            rel("has_amount", "p", "a"),
            rel("located_in", "p", "r"),
            rel("uses", "p", "m"),
        ];
        let pred_spans = vec![
            Span::bare("p", 0, 4, "project"),
            Span::bare("a", 10, 14, "amount"),
            Span::bare("r", 20, 22, "region"),
            Span::bare("x", 40, 42, "mechanism"),
            Span::bare("a2", 50, 52, "amount"),
        ];
        let pred_rels = vec![
            rel("has_amount", "p", "a"),
            rel("located_in", "p", "r"),
            rel("uses", "p", "x"),
            rel("has_amount", "p", "a2"),
            rel("has_amount", "p", "missing"),
        ];
        let ev = evaluate(&[(
            Side {
                spans: &gold_spans,
                relations: &gold_rels,
            },
            Side {
                spans: &pred_spans,
                relations: &pred_rels,
            },
        )]);
        let strict = &ev["strict"];
        assert_eq!(
            (strict.micro.tp, strict.micro.fp, strict.micro.fn_),
            (1, 3, 2)
        );
        assert!((strict.micro.f1 - 2.0 / 7.0).abs() < 1e-12);
        assert_eq!(strict.types["has_amount"].fp, 2);
        let lenient = &ev["lenient"];
        assert_eq!(
            (lenient.micro.tp, lenient.micro.fp, lenient.micro.fn_),
            (2, 2, 1)
        );
        assert!((lenient.micro.f1 - 4.0 / 7.0).abs() < 1e-12);
        assert!((lenient.types["has_amount"].f1 - 2.0 / 3.0).abs() < 1e-12);
        assert!((lenient.macro_avg.f1 - 5.0 / 9.0).abs() < 1e-12);
    }

    /// A relation of the right ends but another type is both a FP and a FN; one gold relation
    /// is matched once even when two predictions fit it.
    #[test]
    fn type_must_match_and_matching_is_one_to_one() {
        let spans = vec![
            Span::bare("p", 0, 4, "project"),
            Span::bare("r", 5, 7, "region"),
        ];
        let gold = vec![rel("located_in", "p", "r")];
        let pred = vec![
            rel("has_amount", "p", "r"),
            rel("located_in", "p", "r"),
            rel("located_in", "p", "r"),
        ];
        let side = |relations| Side {
            spans: &spans,
            relations,
        };
        let ev = evaluate(&[(side(&gold), side(&pred))]);
        let s = &ev["strict"];
        assert_eq!((s.micro.tp, s.micro.fp, s.micro.fn_), (1, 2, 0));
        assert_eq!(s.types["has_amount"].fp, 1);
        assert_eq!(s.types["located_in"].fp, 1);
    }
}
