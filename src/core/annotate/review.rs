//! Review (adjudication): two annotators' work on the same documents merged into a third
//! annotator, `gold` by default. Spans both annotators agree on (same range and label) are
//! taken as they are; every other span of either is a difference that the reviewer settles by
//! accepting it (it is in gold) or rejecting it (it is in gold's `rejected` list).
//!
//! `biaozhu adjudicate` runs [`adjudicate`] over a dataset without a window; the app's review
//! mode shows the same differences ([`unsettled`]) as suggestions, and the session
//! (`Session::check_status`) refuses to mark a document reviewed while [`unsettled`] is not
//! empty. A document whose differences are all settled is
//! marked `reviewed` by `adjudicate`; one that still has differences is `in_progress`.
//!
//! Relations are compared by type and ends (range and label): those both annotators have are
//! taken into the target once both ends are its spans; those only one has are reported as
//! relation differences. They do not block `reviewed` (a rejected link is not recorded), and
//! the app offers them as suggested links once both ends are the target's.

use crate::core::annotate::pending_relations::{self, SuggestedRelation};
use crate::core::data::error::{EditError, Error, Result};
use crate::core::data::model::{Annotation, Span, SpanKey, Status, TakenRelation};
use crate::core::data::store::Dataset;
use serde::Serialize;

/// The annotator a review writes to unless told otherwise.
pub use crate::core::data::annotators::ADJUDICATED;

/// A span that only one of the two annotators has and the reviewer has not settled yet.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Difference {
    /// Who has the span.
    pub only_in: String,
    /// First code point.
    pub start: usize,
    /// Code point after the last one.
    pub end: usize,
    /// The label.
    pub label: String,
    /// The covered text.
    pub text: String,
}

/// What the review of one document did and what is left.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct DocumentReview {
    /// The document.
    pub document: String,
    /// Spans both annotators agree on.
    pub agreed: usize,
    /// Of those, how many were added to the target now.
    pub added: usize,
    /// Differences still to settle.
    pub differences: Vec<Difference>,
    /// Relations both annotators have (same type, same ends by range and label).
    pub relations_agreed: usize,
    /// Of those, how many were added to the target now (both ends must be its spans).
    pub relations_added: usize,
    /// Relations only one annotator has and the target lacks. They are reported, not
    /// blocking: accept one by linking the spans in the target (R in the app).
    pub relation_differences: Vec<RelationDifference>,
}

/// A relation only one of the two annotators has, and the target lacks.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RelationDifference {
    /// Who has it.
    pub only_in: String,
    /// The relation type.
    #[serde(rename = "type")]
    pub kind: String,
    /// The span it goes from: start, end, label.
    pub from: (usize, usize, String),
    /// The span it points to: start, end, label.
    pub to: (usize, usize, String),
}

/// The spans of `a` that `b` has too (same range and label).
fn agreed<'a>(a: &'a Annotation, b: &'a Annotation) -> impl Iterator<Item = &'a Span> {
    a.spans
        .iter()
        .filter(|s| b.spans.iter().any(|t| t.same_as(s)))
}

/// Whether `gold` has settled `span`: accepted it, rejected it, or a review took it (and gold
/// decided what to do with it since).
fn settled(gold: &Annotation, span: &Span) -> bool {
    gold.spans.iter().any(|g| g.same_as(span))
        || gold.rejected.iter().any(|r| r.is(span))
        || gold.taken.spans.iter().any(|k| k.is(span))
}

/// The spans of `a` and `b` that only one of them has and `gold` has not settled, with who has
/// each, sorted by position.
pub fn unsettled(gold: &Annotation, a: &Annotation, b: &Annotation) -> Vec<Difference> {
    let mut out = Vec::new();
    for (mine, theirs) in [(a, b), (b, a)] {
        for span in &mine.spans {
            if !theirs.spans.iter().any(|t| t.same_as(span)) && !settled(gold, span) {
                out.push(Difference {
                    only_in: mine.annotator.clone(),
                    start: span.start,
                    end: span.end,
                    label: span.label.clone(),
                    text: span.text.clone(),
                });
            }
        }
    }
    out.sort_by(|x, y| (x.start, x.end, &x.label).cmp(&(y.start, y.end, &y.label)));
    out
}

/// The spans `a` and `b` agree on that `gold` has not settled (taken or rejected) yet: a review
/// in the app offers them with the differences, and `adjudicate` takes them at once.
pub fn agreed_unsettled(gold: &Annotation, a: &Annotation, b: &Annotation) -> usize {
    agreed(a, b).filter(|s| !settled(gold, s)).count()
}

/// The refusal to mark a document reviewed while `left` differences are not settled; the keys
/// are the ones that accept and reject a difference where the review happens.
pub fn not_settled(left: usize, accept_key: &str, reject_key: &str) -> Error {
    Error::Edit(EditError::Unsettled {
        left,
        accept: accept_key.to_string(),
        reject: reject_key.to_string(),
    })
}

/// Adds to `gold` every span that `a` and `b` agree on and `gold` has not settled, with new ids,
/// and records every agreed span in `gold.taken`, so a later run leaves what gold decided about
/// it alone. Returns how many it added.
pub fn take_agreed(gold: &mut Annotation, a: &Annotation, b: &Annotation) -> usize {
    let mut added = 0;
    for span in agreed(a, b) {
        if !settled(gold, span) {
            let mut s = span.clone();
            s.id = gold.next_span_id();
            gold.spans.push(s);
            added += 1;
        }
        gold.taken.spans.push(span.key());
    }
    gold.taken.normalise();
    added
}

/// The identity of a suggested relation, as `Annotation::taken` records it.
fn taken_relation(r: &SuggestedRelation) -> TakenRelation {
    let key = |e: &(usize, usize, String)| SpanKey {
        start: e.0,
        end: e.1,
        label: e.2.clone(),
    };
    TakenRelation {
        kind: r.kind.clone(),
        from: key(&r.from),
        to: key(&r.to),
    }
}

/// Adds to `gold` every relation that `a` and `b` agree on, whose ends are both `gold`'s spans,
/// and that `gold` lacks. Returns (agreed, added).
pub fn take_agreed_relations(
    gold: &mut Annotation,
    a: &Annotation,
    b: &Annotation,
) -> (usize, usize) {
    let theirs = pending_relations::collect(b);
    let agreed: Vec<SuggestedRelation> = pending_relations::collect(a)
        .into_iter()
        .filter(|r| theirs.contains(r))
        .collect();
    // What an earlier run took stays as gold left it; of the rest, a relation is taken (and
    // recorded) once both of its ends are gold's spans.
    let fresh: Vec<SuggestedRelation> = agreed
        .iter()
        .filter(|r| !gold.taken.relations.contains(&taken_relation(r)))
        .cloned()
        .collect();
    let pending = pending_relations::pending(gold, &fresh);
    let added = pending.len();
    for mut r in pending {
        r.id = gold.next_relation_id();
        gold.relations.push(r);
    }
    let has_end = |e: &(usize, usize, String)| {
        gold.spans
            .iter()
            .any(|s| (s.start, s.end, &s.label) == (e.0, e.1, &e.2))
    };
    let now_taken: Vec<TakenRelation> = fresh
        .iter()
        .filter(|r| has_end(&r.from) && has_end(&r.to))
        .map(taken_relation)
        .collect();
    gold.taken.relations.extend(now_taken);
    gold.taken.normalise();
    (agreed.len(), added)
}

/// The relations only one of `a` and `b` has and `gold` lacks, sorted.
pub fn relation_differences(
    gold: &Annotation,
    a: &Annotation,
    b: &Annotation,
) -> Vec<RelationDifference> {
    let (ra, rb, rg) = (
        pending_relations::collect(a),
        pending_relations::collect(b),
        pending_relations::collect(gold),
    );
    let mut out = Vec::new();
    for (who, mine, theirs) in [(&a.annotator, &ra, &rb), (&b.annotator, &rb, &ra)] {
        for r in mine {
            if !theirs.contains(r) && !rg.contains(r) {
                out.push(RelationDifference {
                    only_in: who.clone(),
                    kind: r.kind.clone(),
                    from: r.from.clone(),
                    to: r.to.clone(),
                });
            }
        }
    }
    out.sort_by(|x, y| (&x.from, &x.to, &x.kind).cmp(&(&y.from, &y.to, &y.kind)));
    out
}

/// Reviews every document both `a` and `b` annotated (on the current text) into `into`: writes
/// the spans they agree on, marks a document `reviewed` when nothing is left to settle and
/// `in_progress` otherwise, and returns what is left per document. Writes nothing for a
/// document whose result is unchanged.
pub fn adjudicate(ds: &mut Dataset, a: &str, b: &str, into: &str) -> Result<Vec<DocumentReview>> {
    for name in [a, b, into] {
        crate::core::data::annotators::AnnotatorName::parse(name)?;
    }
    if a == b || into == a || into == b {
        return Err(Error::Usage(format!(
            "a review needs two different annotators and a third to write into (got {a}, {b} into {into})"
        )));
    }
    let known = ds.annotators()?;
    for name in [a, b] {
        if !known.iter().any(|k| k == name) {
            return Err(Error::Usage(format!(
                "no annotator {name:?} in {}; the annotators are: {}",
                ds.root().display(),
                known.join(", ")
            )));
        }
    }
    let ids: Vec<String> = ds.documents().iter().map(|e| e.id.clone()).collect();
    let mut out = Vec::new();
    for id in ids {
        let doc = ds.document(&id)?;
        let current = |who: &str| -> Result<Option<Annotation>> {
            Ok(ds
                .annotation(who, &id)?
                .filter(|x| x.document_sha256 == doc.sha256))
        };
        let (Some(first), Some(second)) = (current(a)?, current(b)?) else {
            continue;
        };
        let before = current(into)?;
        let mut gold = before
            .clone()
            .unwrap_or_else(|| Annotation::new(&doc, into));
        let agreed = agreed(&first, &second).count();
        let added = take_agreed(&mut gold, &first, &second);
        let (relations_agreed, relations_added) = take_agreed_relations(&mut gold, &first, &second);
        let differences = unsettled(&gold, &first, &second);
        let relation_differences = relation_differences(&gold, &first, &second);
        gold.status = if differences.is_empty() {
            Status::Reviewed
        } else {
            Status::InProgress
        };
        if before.as_ref() != Some(&gold) {
            ds.stage_annotation(&mut gold)?;
        }
        out.push(DocumentReview {
            document: id,
            agreed,
            added,
            differences,
            relations_agreed,
            relations_added,
            relation_differences,
        });
    }
    ds.commit()?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::data::model::{Attrs, Document, Rejected};

    fn ann(who: &str, spans: &[(usize, usize, &str)]) -> Annotation {
        let doc = Document {
            id: "d".into(),
            text: "0123456789".into(),
            sha256: String::new(),
            meta: Default::default(),
        };
        let mut a = Annotation::new(&doc, who);
        for (i, (s, e, l)) in spans.iter().enumerate() {
            a.spans.push(Span {
                id: format!("s{}", i + 1),
                start: *s,
                end: *e,
                label: l.to_string(),
                text: "0123456789"[*s..*e].into(),
                attrs: Attrs::new(),
            });
        }
        a
    }

    #[test]
    fn agreed_spans_are_taken_and_differences_stay_until_settled() {
        let a = ann(
            "a",
            &[(0, 2, "region"), (3, 5, "amount"), (6, 8, "project")],
        );
        let b = ann(
            "b",
            &[(0, 2, "region"), (3, 5, "project"), (8, 9, "amount")],
        );
        let mut gold = ann("gold", &[]);
        assert_eq!(take_agreed(&mut gold, &a, &b), 1);
        assert_eq!(
            take_agreed(&mut gold, &a, &b),
            0,
            "taking twice adds nothing"
        );
        let open = unsettled(&gold, &a, &b);
        assert_eq!(open.len(), 4);
        assert_eq!((open[0].start, open[0].label.as_str()), (3, "amount"));
        // Accept one, reject another: two are left.
        gold.spans.push(a.spans[1].clone());
        gold.rejected.push(Rejected {
            start: 8,
            end: 9,
            label: "amount".into(),
        });
        let open = unsettled(&gold, &a, &b);
        assert_eq!(open.len(), 2);
        assert!(
            open.iter()
                .all(|d| (d.start, d.end) == (3, 5) || (d.start, d.end) == (6, 8))
        );
    }
}
