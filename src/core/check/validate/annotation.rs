//! The checks of an annotation that a schema cannot express: offsets, covered text, labels,
//! attributes, relations, ids and overlaps.

use super::*;
use crate::core::data::labels::RelationMisfit;
use crate::core::data::model::Span;
use crate::core::data::problem::DatasetMisfit as M;

/// The attribute a learned model puts on its suggestions (a probability), allowed on every label
/// without being declared in labels.ron.
pub const CONFIDENCE: &str = "confidence";

/// Every problem of an annotation that a schema cannot see, as (JSON pointer, problem) pairs.
/// `doc` is the document's text and sha256, when known.
pub fn annotation_problems(
    ann: &Annotation,
    labels: &LabelSchema,
    doc: Option<(&str, &str)>,
) -> Vec<(String, M)> {
    let mut out = Vec::new();
    let text = doc.map(|(text, sha)| document_text(ann, text, sha, &mut out));
    let span_labels = span_problems(ann, labels, text.as_ref(), &mut out);
    if !labels.allow_overlap {
        overlap_problems(&ann.spans, &mut out);
    }
    relation_problems(ann, labels, &span_labels, &mut out);
    super::effort::effort_problems(ann, &mut out);
    out
}

/// The document's text with its offset map, after checking that the annotation was made on it.
fn document_text<'t>(
    ann: &Annotation,
    text: &'t str,
    sha: &str,
    out: &mut Vec<(String, M)>,
) -> (&'t str, OffsetMap) {
    if ann.document_sha256 != sha {
        out.push(("/document_sha256".to_string(), M::OtherText));
    }
    (text, OffsetMap::new(text))
}

/// Checks each span's id, offsets, label, attributes and uniqueness; returns the labels of the
/// spans by id (of the spans whose id is well formed).
fn span_problems<'a>(
    ann: &'a Annotation,
    labels: &LabelSchema,
    text: Option<&(&str, OffsetMap)>,
    out: &mut Vec<(String, M)>,
) -> HashMap<&'a str, &'a str> {
    let mut span_labels: HashMap<&str, &str> = HashMap::new();
    let mut keys = HashSet::new();
    for (i, span) in ann.spans.iter().enumerate() {
        let at = |field: &str| format!("/spans/{i}/{field}");
        if let Some(problem) = ids::id_problem(&span.id) {
            out.push((at("id"), problem.into()));
        } else if span_labels.insert(&span.id, &span.label).is_some() {
            let id = span.id.clone();
            out.push((at("id"), M::SpanIdTwice { id }));
        }
        offset_problems(i, span, text, out);
        label_problems(i, span, labels, out);
        if !keys.insert((span.start, span.end, span.label.as_str())) {
            out.push((
                at("start"),
                M::DuplicateSpan {
                    label: span.label.clone(),
                    start: span.start,
                    end: span.end,
                },
            ));
        }
    }
    span_labels
}

/// Checks that span `i` has a non-empty range inside the text and covers the text it claims.
fn offset_problems(
    i: usize,
    span: &Span,
    text: Option<&(&str, OffsetMap)>,
    out: &mut Vec<(String, M)>,
) {
    let at = |field: &str| format!("/spans/{i}/{field}");
    let mut offsets_ok = true;
    if span.start >= span.end {
        out.push((
            at("end"),
            M::EndNotAfterStart {
                start: span.start,
                end: span.end,
            },
        ));
        offsets_ok = false;
    }
    let Some((text, map)) = text else {
        return;
    };
    let len = map.char_count();
    if span.end > len {
        out.push((at("end"), M::EndBeyondText { end: span.end, len }));
        offsets_ok = false;
    }
    if offsets_ok {
        let covered = map.slice(text, span.start, span.end).unwrap_or_default();
        if covered != span.text {
            out.push((
                at("text"),
                M::TextDiffers {
                    said: span.text.clone(),
                    start: span.start,
                    end: span.end,
                    covered: covered.to_string(),
                },
            ));
        }
    }
}

/// Checks that span `i`'s label is declared in labels.ron and its attributes fit the label's.
fn label_problems(i: usize, span: &Span, labels: &LabelSchema, out: &mut Vec<(String, M)>) {
    let Some(def) = labels.label(&span.label) else {
        out.push((
            format!("/spans/{i}/label"),
            M::UnknownLabel {
                label: span.label.clone(),
                declared: labels.label_names().join(", "),
            },
        ));
        return;
    };
    for (name, value) in &span.attrs {
        let at = || format!("/spans/{i}/attrs/{}", escape_pointer(name));
        match def.attributes.iter().find(|a| &a.name == name) {
            // A model's probability for its suggestion, on every label.
            None if name == CONFIDENCE => {
                if !value.as_f64().is_some_and(|p| (0.0..=1.0).contains(&p)) {
                    out.push((at(), M::BadConfidence));
                }
            }
            None => out.push((
                at(),
                M::NoSuchAttribute {
                    label: span.label.clone(),
                    name: name.clone(),
                },
            )),
            Some(attr) if !value.is_null() => {
                if let Some(problem) = attr.kind.problem(value) {
                    out.push((at(), problem.into()));
                }
            }
            Some(_) => {}
        }
    }
}

/// Checks that no two spans overlap (when labels.ron sets allow_overlap: false).
fn overlap_problems(spans: &[Span], out: &mut Vec<(String, M)>) {
    let mut order: Vec<usize> = (0..spans.len()).collect();
    order.sort_by_key(|&i| (spans[i].start, spans[i].end));
    for pair in order.windows(2) {
        let (a, b) = (&spans[pair[0]], &spans[pair[1]]);
        if b.start < a.end {
            out.push((
                format!("/spans/{}/start", pair[1]),
                M::Overlap {
                    other: a.id.clone(),
                },
            ));
        }
    }
}

/// Checks each relation's id, its ends (spans by `span_labels`) and its type against labels.ron.
fn relation_problems(
    ann: &Annotation,
    labels: &LabelSchema,
    span_labels: &HashMap<&str, &str>,
    out: &mut Vec<(String, M)>,
) {
    let mut relation_ids = HashSet::new();
    for (i, rel) in ann.relations.iter().enumerate() {
        let at = |field: &str| format!("/relations/{i}/{field}");
        if let Some(problem) = ids::id_problem(&rel.id) {
            out.push((at("id"), problem.into()));
        } else if !relation_ids.insert(rel.id.as_str()) {
            let id = rel.id.clone();
            out.push((at("id"), M::RelationIdTwice { id }));
        }
        let from_label = span_labels.get(rel.from.as_str());
        let to_label = span_labels.get(rel.to.as_str());
        if from_label.is_none() {
            let id = rel.from.clone();
            out.push((at("from"), M::NoSuchSpan { id }));
        }
        if to_label.is_none() {
            let id = rel.to.clone();
            out.push((at("to"), M::NoSuchSpan { id }));
        }
        match (labels.relation(&rel.kind), from_label, to_label) {
            (None, _, _) => out.push((
                at("type"),
                RelationMisfit::UnknownType(rel.kind.clone())
                    .to_string()
                    .into(),
            )),
            (Some(_), Some(f), Some(t)) => {
                if let Err(misfit) = labels.check_relation(&rel.kind, f, t) {
                    out.push((at("type"), misfit.to_string().into()));
                }
            }
            _ => {}
        }
    }
}

pub(super) fn escape_pointer(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}
