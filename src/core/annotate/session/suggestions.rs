//! The suggestions of the open document: the spans and relations of the suggestion annotators
//! (`model-rules`, `model-crf`, or the two sides of a review) and of a model tagging in memory,
//! which of them are pending for the annotator, and the edits that accept them.

use super::Session;
use crate::core::annotate::edit::Edit;
use crate::core::annotate::pending_relations::{self, SuggestedRelation};
use crate::core::data::model::{Document, Relation, Span};
use crate::core::data::store::Dataset;

/// The suggestions found for a document: spans sorted, each with who proposed it, and the
/// suggested relations by their ends.
pub(super) struct Found {
    pub(super) spans: Vec<Span>,
    pub(super) origins: Vec<Vec<String>>,
    pub(super) relations: Vec<SuggestedRelation>,
}

/// The union of the `sources`' spans on `doc` (not `annotator`'s own), each with who proposed
/// it, and their relations.
pub(super) fn collect(
    dataset: &Dataset,
    sources: &[String],
    annotator: &str,
    doc: &Document,
) -> Found {
    let mut suggestions: Vec<Span> = Vec::new();
    let mut origins: Vec<Vec<String>> = Vec::new();
    let mut relations = Vec::new();
    for source in sources.iter().filter(|s| **s != annotator) {
        if let Ok(Some(a)) = dataset.annotation(source, &doc.id)
            && a.document_sha256 == doc.sha256
        {
            relations.extend(pending_relations::collect(&a));
            for span in a.spans {
                match suggestions.iter().position(|o| o.same_as(&span)) {
                    Some(i) => origins[i].push(source.clone()),
                    None => {
                        suggestions.push(span);
                        origins.push(vec![source.clone()]);
                    }
                }
            }
        }
    }
    let mut order: Vec<usize> = (0..suggestions.len()).collect();
    order.sort_by(|&x, &y| {
        let (a, b) = (&suggestions[x], &suggestions[y]);
        (a.start, a.end, &a.label).cmp(&(b.start, b.end, &b.label))
    });
    relations.sort();
    relations.dedup();
    Found {
        origins: order.iter().map(|&i| origins[i].clone()).collect(),
        spans: order.iter().map(|&i| suggestions[i].clone()).collect(),
        relations,
    }
}

impl Session {
    /// The suggestions of the open document that are not decided yet: not already a span of the
    /// annotator and not rejected by them (rejections are saved in the annotation file).
    pub fn pending_suggestions(&self) -> Vec<Span> {
        let Some(cur) = &self.current else {
            return Vec::new();
        };
        cur.suggestions
            .iter()
            .filter(|s| {
                s.attrs
                    .get("confidence")
                    .and_then(|c| c.as_f64())
                    .is_none_or(|c| c >= self.min_confidence)
            })
            .filter(|s| !cur.ann.rejected.iter().any(|r| r.is(s)))
            // An agreed span a review took is gold's to keep or remove, not offered again.
            .filter(|s| !cur.ann.taken.spans.iter().any(|k| k.is(s)))
            .filter(|s| !cur.ann.spans.iter().any(|o| o.same_as(s)))
            .cloned()
            .collect()
    }

    /// Adds suggestions made in memory (a learned model tagging the open document) for document
    /// `doc`, as from `source`, replacing that source's earlier ones; ignored when another
    /// document is open.
    pub fn set_memory_suggestions(&mut self, doc: &str, source: &str, spans: Vec<Span>) {
        let Some(cur) = self.current.as_mut() else {
            return;
        };
        if cur.doc.id != doc {
            return;
        }
        let mut kept: Vec<(Span, Vec<String>)> = cur
            .suggestions
            .drain(..)
            .zip(cur.suggestion_origins.drain(..))
            .filter_map(|(s, mut o)| {
                o.retain(|who| who != source);
                (!o.is_empty()).then_some((s, o))
            })
            .collect();
        for span in spans {
            match kept.iter_mut().find(|(o, _)| o.same_as(&span)) {
                Some((existing, origins)) => {
                    // Keep the model's confidence on a span the rules suggest as well.
                    if let Some(c) = span.attrs.get("confidence") {
                        existing.attrs.insert("confidence".into(), c.clone());
                    }
                    origins.push(source.to_string());
                }
                None => kept.push((span, vec![source.to_string()])),
            }
        }
        kept.sort_by(|(a, _), (b, _)| (a.start, a.end, &a.label).cmp(&(b.start, b.end, &b.label)));
        (cur.suggestions, cur.suggestion_origins) = kept.into_iter().unzip();
    }

    /// The suggested relations of the open document (the suggestion annotators' and the
    /// model's in memory) whose ends are both the annotator's spans and that the annotator lacks
    /// (ids `pending-N`).
    pub fn pending_relations(&self) -> Vec<Relation> {
        let Some(c) = self.current.as_ref() else {
            return Vec::new();
        };
        if c.memory_relations.is_empty() {
            return pending_relations::pending(&c.ann, &c.suggested_relations);
        }
        let mut all: Vec<SuggestedRelation> = c.suggested_relations.clone();
        all.extend(c.memory_relations.iter().cloned());
        all.sort();
        all.dedup();
        pending_relations::pending(&c.ann, &all)
    }

    /// Sets the links a model in memory suggests on document `doc` (by their ends), replacing
    /// its earlier ones; ignored when another document is open.
    pub fn set_memory_relations(&mut self, doc: &str, relations: Vec<SuggestedRelation>) {
        if let Some(cur) = self.current.as_mut()
            && cur.doc.id == doc
        {
            cur.memory_relations = relations;
        }
    }

    /// The edit that accepts `suggestions` as spans of the annotator (with their typed values),
    /// as one undoable step.
    pub fn accept_edit(&self, suggestions: &[Span]) -> Option<Edit> {
        let cur = self.current.as_ref()?;
        let mut next = cur.ann.next_span_number();
        let steps: Vec<Edit> = suggestions
            .iter()
            .map(|s| {
                let attrs = if s.attrs.is_empty() {
                    crate::core::annotate::values::typed_attrs_of(
                        &self.dataset.labels,
                        &s.label,
                        &s.text,
                    )
                } else {
                    s.attrs.clone()
                };
                let span = Span {
                    id: format!("s{next}"),
                    start: s.start,
                    end: s.end,
                    label: s.label.clone(),
                    text: String::new(),
                    attrs,
                };
                next += 1;
                Edit::AddSpan(span)
            })
            .collect();
        (!steps.is_empty()).then(|| self.with_progress(steps))
    }
}
