//! Linking two spans: which relation types of `labels.ron` fit a pair of spans (in either
//! order: the relation is stored from its declared `from` label to its `to` label), the
//! candidate targets of a span numbered nearest first within its paragraph, and the edit that
//! makes a link or, when the same link exists, removes it. The app's R key and the tests use it;
//! nothing here draws.

use crate::core::annotate::edit::Edit;
use crate::core::data::labels::LabelSchema;
use crate::core::data::model::{Annotation, Relation, Span};

/// How many candidates get a number key.
pub const NUMBERED: usize = 9;

/// A relation type that fits a pair, with the pair in stored order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fit {
    /// The relation type.
    pub kind: String,
    /// The span the relation goes from.
    pub from: String,
    /// The span it points to.
    pub to: String,
}

/// The relation types that can join spans `a` and `b`, either way round.
pub fn fitting_types(labels: &LabelSchema, a: &Span, b: &Span) -> Vec<Fit> {
    if a.id == b.id {
        return Vec::new();
    }
    labels
        .relations
        .iter()
        .filter_map(|r| {
            if r.joins(&a.label, &b.label) {
                Some(Fit {
                    kind: r.name.clone(),
                    from: a.id.clone(),
                    to: b.id.clone(),
                })
            } else if r.joins(&b.label, &a.label) {
                Some(Fit {
                    kind: r.name.clone(),
                    from: b.id.clone(),
                    to: a.id.clone(),
                })
            } else {
                None
            }
        })
        .collect()
}

/// The spans of `source`'s paragraph (the line it starts on) that some relation type joins to
/// it, nearest first (by the gap in code points; on equal gaps the earlier one). At most
/// [`NUMBERED`] of them, since each gets a number key.
pub fn candidates<'a>(
    text: &str,
    ann: &'a Annotation,
    labels: &LabelSchema,
    source: &str,
) -> Vec<&'a Span> {
    let Some(src) = ann.span(source) else {
        return Vec::new();
    };
    let (line_start, line_end) = line_around(text, src.start);
    let gap = |s: &Span| {
        if s.end <= src.start {
            src.start - s.end
        } else {
            s.start.saturating_sub(src.end)
        }
    };
    let mut out: Vec<&Span> = ann
        .spans
        .iter()
        .filter(|s| s.start >= line_start && s.end <= line_end)
        .filter(|s| !fitting_types(labels, src, s).is_empty())
        .collect();
    out.sort_by_key(|s| (gap(s), s.start, s.end));
    out.truncate(NUMBERED);
    out
}

/// The code-point range of the line around code point `at` (without its line break).
fn line_around(text: &str, at: usize) -> (usize, usize) {
    let mut start = 0;
    for (i, line) in text.split('\n').enumerate() {
        let len = line.chars().count();
        if at <= start + len || i == usize::MAX {
            return (start, start + len);
        }
        start += len + 1;
    }
    (start, start)
}

/// The edit that links `fit`'s spans by its type, or removes that link when it exists already
/// (linking twice toggles). `None` when an end is gone.
pub fn link_edit(ann: &Annotation, fit: &Fit) -> Option<Edit> {
    ann.span(&fit.from)?;
    ann.span(&fit.to)?;
    if let Some(existing) = ann
        .relations
        .iter()
        .find(|r| r.kind == fit.kind && r.from == fit.from && r.to == fit.to)
    {
        return Some(Edit::RemoveRelation(existing.clone()));
    }
    Some(Edit::AddRelation(Relation {
        id: ann.next_relation_id(),
        kind: fit.kind.clone(),
        from: fit.from.clone(),
        to: fit.to.clone(),
        confidence: None,
    }))
}

/// The relations that touch span `id`, with the span at the other end.
pub fn relations_of<'a>(ann: &'a Annotation, id: &str) -> Vec<(&'a Relation, &'a Span)> {
    ann.relations
        .iter()
        .filter_map(|r| {
            let other = if r.from == id {
                &r.to
            } else if r.to == id {
                &r.from
            } else {
                return None;
            };
            Some((r, ann.span(other)?))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::data::model::{Document, DocumentMeta};

    fn doc(text: &str) -> (Document, Annotation) {
        let d = Document {
            id: "d".into(),
            text: text.into(),
            sha256: crate::core::data::ids::sha256_hex(text.as_bytes()),
            meta: DocumentMeta::default(),
        };
        let a = Annotation::new(&d, "me");
        (d, a)
    }

    fn add(ann: &mut Annotation, text: &str, part: &str, label: &str) -> String {
        let byte = text.find(part).unwrap();
        let start = text[..byte].chars().count();
        let id = ann.next_span_id();
        ann.spans.push(Span {
            id: id.clone(),
            start,
            end: start + part.chars().count(),
            label: label.into(),
            text: part.into(),
            attrs: Default::default(),
        });
        id
    }

    #[test]
    fn candidates_fit_a_type_and_come_nearest_first_within_the_paragraph() {
        let text = "南通甲项目总投资5亿元，采用赛马制。\n乙地区另有10亿元。";
        let (_d, mut ann) = doc(text);
        let region = add(&mut ann, text, "南通", "region");
        let project = add(&mut ann, text, "甲项目", "project");
        let amount = add(&mut ann, text, "5亿元", "amount");
        let mech = add(&mut ann, text, "赛马制", "mechanism");
        add(&mut ann, text, "10亿元", "amount");
        let labels = LabelSchema::default_schema();
        let c: Vec<&str> = candidates(text, &ann, &labels, &project)
            .iter()
            .map(|s| s.id.as_str())
            .collect();
        assert_eq!(c, vec![region.as_str(), amount.as_str(), mech.as_str()]);
        // From an amount the candidates are projects, and the link is stored project → amount.
        let fits = fitting_types(
            &labels,
            ann.span(&amount).unwrap(),
            ann.span(&project).unwrap(),
        );
        assert_eq!(fits.len(), 1);
        assert_eq!(
            (fits[0].from.as_str(), fits[0].to.as_str()),
            (project.as_str(), amount.as_str())
        );
        assert!(
            fitting_types(
                &labels,
                ann.span(&amount).unwrap(),
                ann.span(&mech).unwrap()
            )
            .is_empty()
        );
    }

    #[test]
    fn linking_twice_toggles_and_undo_restores() {
        let text = "甲项目总投资5亿元。";
        let (_d, mut ann) = doc(text);
        let project = add(&mut ann, text, "甲项目", "project");
        let amount = add(&mut ann, text, "5亿元", "amount");
        let labels = LabelSchema::default_schema();
        let fit = fitting_types(
            &labels,
            ann.span(&project).unwrap(),
            ann.span(&amount).unwrap(),
        )
        .remove(0);
        let add_edit = link_edit(&ann, &fit).unwrap();
        let map = crate::core::data::offsets::OffsetMap::new(text);
        let undo = add_edit.apply(&mut ann, text, &map).unwrap();
        assert_eq!(ann.relations.len(), 1);
        assert_eq!(relations_of(&ann, &amount)[0].1.id, project);
        let remove = link_edit(&ann, &fit).unwrap();
        assert!(matches!(remove, Edit::RemoveRelation(_)));
        undo.apply(&mut ann, text, &map).unwrap();
        assert!(ann.relations.is_empty());
    }
}
