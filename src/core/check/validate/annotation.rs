//! The checks of an annotation that a schema cannot express: offsets, covered text, labels,
//! attributes, relations, ids and overlaps.

use super::*;
use crate::core::data::labels::RelationMisfit;

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
    let map = doc.map(|(text, sha)| {
        if ann.document_sha256 != sha {
            out.push((
                "/document_sha256".to_string(),
                "does not match the document's sha256: the offsets refer to another text"
                    .to_string(),
            ));
        }
        (text, OffsetMap::new(text))
    });
    let mut span_ids: HashMap<&str, &str> = HashMap::new();
    let mut keys = HashSet::new();
    for (i, span) in ann.spans.iter().enumerate() {
        let at = |field: &str| format!("/spans/{i}/{field}");
        if let Some(problem) = ids::id_problem(&span.id) {
            out.push((at("id"), problem));
        } else if span_ids.insert(&span.id, &span.label).is_some() {
            out.push((at("id"), format!("span id {:?} is used twice", span.id)));
        }
        let mut offsets_ok = true;
        if span.start >= span.end {
            out.push((
                at("end"),
                format!("end {} must be greater than start {}", span.end, span.start),
            ));
            offsets_ok = false;
        }
        if let Some((text, map)) = &map {
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
        match labels.label(&span.label) {
            None => out.push((
                at("label"),
                format!(
                    "unknown label {:?}; labels.ron declares {}",
                    span.label,
                    labels.label_names().join(", ")
                ),
            )),
            Some(def) => {
                for (name, value) in &span.attrs {
                    match def.attributes.iter().find(|a| &a.name == name) {
                        // A model's probability for its suggestion, on every label.
                        None if name == CONFIDENCE => {
                            if !value.as_f64().is_some_and(|p| (0.0..=1.0).contains(&p)) {
                                out.push((
                                    format!("/spans/{i}/attrs/{}", escape_pointer(name)),
                                    "confidence must be a number from 0 to 1".into(),
                                ));
                            }
                        }
                        None => out.push((
                            format!("/spans/{i}/attrs/{}", escape_pointer(name)),
                            format!(
                                "label {:?} has no attribute {name:?} in labels.ron",
                                span.label
                            ),
                        )),
                        Some(attr) if !value.is_null() => {
                            if let Some(problem) = attr.kind.problem(value) {
                                out.push((
                                    format!("/spans/{i}/attrs/{}", escape_pointer(name)),
                                    problem,
                                ));
                            }
                        }
                        Some(_) => {}
                    }
                }
            }
        }
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
    if !labels.allow_overlap {
        let mut order: Vec<usize> = (0..ann.spans.len()).collect();
        order.sort_by_key(|&i| (ann.spans[i].start, ann.spans[i].end));
        for pair in order.windows(2) {
            let (a, b) = (&ann.spans[pair[0]], &ann.spans[pair[1]]);
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
    let mut relation_ids = HashSet::new();
    for (i, rel) in ann.relations.iter().enumerate() {
        let at = |field: &str| format!("/relations/{i}/{field}");
        if let Some(problem) = ids::id_problem(&rel.id) {
            out.push((at("id"), problem));
        } else if !relation_ids.insert(rel.id.as_str()) {
            out.push((at("id"), format!("relation id {:?} is used twice", rel.id)));
        }
        let from_label = span_ids.get(rel.from.as_str());
        let to_label = span_ids.get(rel.to.as_str());
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
    out
}

pub(super) fn escape_pointer(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}
