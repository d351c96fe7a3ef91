//! Suggested relations: the relations of the suggestion annotators (`model-rules`, or the two
//! sides of a review), kept by their ends' ranges and labels so that they survive the
//! annotator's own span ids. A suggested relation is pending once the annotator has both of its
//! ends as spans (accepted suggestions or their own) and not that relation yet; accepting it is
//! one undoable edit.

use crate::core::annotate::edit::Edit;
use crate::core::data::model::{Annotation, Relation, Span};

/// A span's range and label.
pub type End = (usize, usize, String);

/// A relation of a suggestion annotator, by its ends.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct SuggestedRelation {
    /// The relation type.
    pub kind: String,
    /// The end it goes from.
    pub from: End,
    /// The end it points to.
    pub to: End,
}

fn end(s: &Span) -> End {
    (s.start, s.end, s.label.clone())
}

/// The relations of `source` by their ends (dangling ones left out).
pub fn collect(source: &Annotation) -> Vec<SuggestedRelation> {
    source
        .relations
        .iter()
        .filter_map(|r| {
            Some(SuggestedRelation {
                kind: r.kind.clone(),
                from: end(source.span(&r.from)?),
                to: end(source.span(&r.to)?),
            })
        })
        .collect()
}

/// The suggested relations whose ends are both spans of `ann` and that `ann` lacks, as
/// relations between `ann`'s span ids (their ids are `pending-N`, not yet the annotator's).
pub fn pending(ann: &Annotation, suggested: &[SuggestedRelation]) -> Vec<Relation> {
    if suggested.is_empty() {
        return Vec::new();
    }
    let by_end: std::collections::HashMap<End, &str> =
        ann.spans.iter().map(|s| (end(s), s.id.as_str())).collect();
    suggested
        .iter()
        .filter_map(|s| {
            let (from, to) = (*by_end.get(&s.from)?, *by_end.get(&s.to)?);
            let has = ann
                .relations
                .iter()
                .any(|r| r.kind == s.kind && r.from == from && r.to == to);
            (!has).then(|| Relation {
                id: String::new(),
                kind: s.kind.clone(),
                from: from.to_string(),
                to: to.to_string(),
                confidence: None,
            })
        })
        .enumerate()
        .map(|(i, mut r)| {
            r.id = format!("pending-{}", i + 1);
            r
        })
        .collect()
}

/// The edit that adds `relations` (pending ones) to `ann` with fresh ids, as one step.
pub fn accept_edit(ann: &Annotation, relations: &[Relation]) -> Option<Edit> {
    let mut next = ann
        .next_relation_id()
        .trim_start_matches('r')
        .parse::<u64>()
        .unwrap_or(1);
    let steps: Vec<Edit> = relations
        .iter()
        .map(|r| {
            let rel = Relation {
                id: format!("r{next}"),
                ..r.clone()
            };
            next += 1;
            Edit::AddRelation(rel)
        })
        .collect();
    match steps.len() {
        0 => None,
        1 => steps.into_iter().next(),
        _ => Some(Edit::Batch(steps)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::data::model::Document;

    #[test]
    fn a_suggested_relation_is_pending_once_both_ends_are_the_annotators() {
        let doc = Document {
            id: "d".into(),
            text: "0123456789".into(),
            sha256: String::new(),
            meta: Default::default(),
        };
        let mut rules = Annotation::new(&doc, "model-rules");
        rules.spans = vec![
            Span::bare("s1", 0, 3, "project"),
            Span::bare("s2", 5, 8, "amount"),
        ];
        rules.relations = vec![Relation {
            id: "r1".into(),
            kind: "has_amount".into(),
            from: "s1".into(),
            to: "s2".into(),
            confidence: None,
        }];
        let suggested = collect(&rules);
        let mut mine = Annotation::new(&doc, "me");
        mine.spans = vec![Span::bare("s7", 0, 3, "project")];
        assert!(
            pending(&mine, &suggested).is_empty(),
            "one end is not accepted yet"
        );
        mine.spans.push(Span::bare("s9", 5, 8, "amount"));
        let p = pending(&mine, &suggested);
        assert_eq!((p[0].from.as_str(), p[0].to.as_str()), ("s7", "s9"));
        let Some(Edit::AddRelation(r)) = accept_edit(&mine, &p) else {
            panic!("one relation");
        };
        mine.relations.push(r);
        assert!(
            pending(&mine, &suggested).is_empty(),
            "accepted: no longer pending"
        );
    }
}
