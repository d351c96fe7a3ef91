//! The checks of an annotation that a schema cannot express: offsets, covered text, labels,
//! attributes, relations, ids and overlaps.

use super::*;
use crate::core::data::labels::RelationMisfit;
use crate::core::data::model::Span;

/// The attribute a learned model puts on its suggestions (a probability), allowed on every label
/// without being declared in labels.ron.
pub const CONFIDENCE: &str = "confidence";

/// Every problem of an annotation that a schema cannot see, as (JSON pointer, message) pairs.
/// `doc` is the document's text and sha256, when known.
pub fn annotation_problems(
    ann: &Annotation,
    labels: &LabelSchema,
    doc: Option<(&str, &str)>,
) -> Vec<(String, String)> {
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
    out: &mut Vec<(String, String)>,
) -> (&'t str, OffsetMap) {
    if ann.document_sha256 != sha {
        out.push((
            "/document_sha256".to_string(),
            "does not match the document's sha256: the offsets refer to another text".to_string(),
        ));
    }
    (text, OffsetMap::new(text))
}

/// Checks each span's id, offsets, label, attributes and uniqueness; returns the labels of the
/// spans by id (of the spans whose id is well formed).
fn span_problems<'a>(
    ann: &'a Annotation,
    labels: &LabelSchema,
    text: Option<&(&str, OffsetMap)>,
    out: &mut Vec<(String, String)>,
) -> HashMap<&'a str, &'a str> {
    let mut span_labels: HashMap<&str, &str> = HashMap::new();
    let mut keys = HashSet::new();
    for (i, span) in ann.spans.iter().enumerate() {
        let at = |field: &str| format!("/spans/{i}/{field}");
        if let Some(problem) = ids::id_problem(&span.id) {
            out.push((at("id"), problem));
        } else if span_labels.insert(&span.id, &span.label).is_some() {
            out.push((at("id"), format!("span id {:?} is used twice", span.id)));
        }
        offset_problems(i, span, text, out);
        label_problems(i, span, labels, out);
        if !keys.insert((span.start, span.end, span.label.as_str())) {
            out.push((
                at("start"),
                format!(
                    "an exact duplicate of another {} span at {}..{}",
                    span.label, span.start, span.end
                ),
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
    out: &mut Vec<(String, String)>,
) {
    let at = |field: &str| format!("/spans/{i}/{field}");
    let mut offsets_ok = true;
    if span.start >= span.end {
        out.push((
            at("end"),
            format!("end {} must be greater than start {}", span.end, span.start),
        ));
        offsets_ok = false;
    }
    let Some((text, map)) = text else {
        return;
    };
    let len = map.char_count();
    if span.end > len {
        out.push((
            at("end"),
            format!(
                "end {} is beyond the text, which has {len} code points",
                span.end
            ),
        ));
        offsets_ok = false;
    }
    if offsets_ok {
        let covered = map.slice(text, span.start, span.end).unwrap_or_default();
        if covered != span.text {
            out.push((
                at("text"),
                format!(
                    "is {:?} but code points {}..{} of the document are {covered:?} (offsets count Unicode code points, end exclusive)",
                    span.text, span.start, span.end
                ),
            ));
        }
    }
}

/// Checks that span `i`'s label is declared in labels.ron and its attributes fit the label's.
fn label_problems(i: usize, span: &Span, labels: &LabelSchema, out: &mut Vec<(String, String)>) {
    let Some(def) = labels.label(&span.label) else {
        out.push((
            format!("/spans/{i}/label"),
            format!(
                "unknown label {:?}; labels.ron declares {}",
                span.label,
                labels.label_names().join(", ")
            ),
        ));
        return;
    };
    for (name, value) in &span.attrs {
        let at = || format!("/spans/{i}/attrs/{}", escape_pointer(name));
        match def.attributes.iter().find(|a| &a.name == name) {
            // A model's probability for its suggestion, on every label.
            None if name == CONFIDENCE => {
                if !value.as_f64().is_some_and(|p| (0.0..=1.0).contains(&p)) {
                    out.push((at(), "confidence must be a number from 0 to 1".into()));
                }
            }
            None => out.push((
                at(),
                format!(
                    "label {:?} has no attribute {name:?} in labels.ron",
                    span.label
                ),
            )),
            Some(attr) if !value.is_null() => {
                if let Some(problem) = attr.kind.problem(value) {
                    out.push((at(), problem));
                }
            }
            Some(_) => {}
        }
    }
}

/// Checks that no two spans overlap (when labels.ron sets allow_overlap: false).
fn overlap_problems(spans: &[Span], out: &mut Vec<(String, String)>) {
    let mut order: Vec<usize> = (0..spans.len()).collect();
    order.sort_by_key(|&i| (spans[i].start, spans[i].end));
    for pair in order.windows(2) {
        let (a, b) = (&spans[pair[0]], &spans[pair[1]]);
        if b.start < a.end {
            out.push((
                format!("/spans/{}/start", pair[1]),
                format!(
                    "overlaps span {:?}, and labels.ron sets allow_overlap: false",
                    a.id
                ),
            ));
        }
    }
}

/// Checks each relation's id, its ends (spans by `span_labels`) and its type against labels.ron.
fn relation_problems(
    ann: &Annotation,
    labels: &LabelSchema,
    span_labels: &HashMap<&str, &str>,
    out: &mut Vec<(String, String)>,
) {
    let mut relation_ids = HashSet::new();
    for (i, rel) in ann.relations.iter().enumerate() {
        let at = |field: &str| format!("/relations/{i}/{field}");
        if let Some(problem) = ids::id_problem(&rel.id) {
            out.push((at("id"), problem));
        } else if !relation_ids.insert(rel.id.as_str()) {
            out.push((at("id"), format!("relation id {:?} is used twice", rel.id)));
        }
        let from_label = span_labels.get(rel.from.as_str());
        let to_label = span_labels.get(rel.to.as_str());
        if from_label.is_none() {
            out.push((at("from"), format!("no span has the id {:?}", rel.from)));
        }
        if to_label.is_none() {
            out.push((at("to"), format!("no span has the id {:?}", rel.to)));
        }
        match (labels.relation(&rel.kind), from_label, to_label) {
            (None, _, _) => out.push((
                at("type"),
                RelationMisfit::UnknownType(rel.kind.clone()).to_string(),
            )),
            (Some(_), Some(f), Some(t)) => {
                if let Err(misfit) = labels.check_relation(&rel.kind, f, t) {
                    out.push((at("type"), misfit.to_string()));
                }
            }
            _ => {}
        }
    }
}

pub(super) fn escape_pointer(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}
