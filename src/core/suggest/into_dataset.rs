//! Suggest into a dataset: runs the rule extractor (or a learned model) over documents and
//! writes its spans, with typed values, and its relations (`suggest_relations`) as a suggestion
//! annotator (`model-rules` by default), in one batch; or links an annotator's own spans
//! (`link_into`). The CLI's `suggest` is glue over this.

use crate::core::data::error::{Error, Result};
use crate::core::data::labels::{LabelSchema, Role};
use crate::core::data::model::{Annotation, Relation, Span, Status};
use crate::core::data::store::Dataset;
use std::collections::BTreeMap;

/// The annotator rule suggestions are written as unless told otherwise.
pub use crate::core::data::annotators::RULES_ANNOTATOR;

/// What a suggestion run wrote.
#[derive(Debug, Default, PartialEq)]
pub struct Suggested {
    /// Documents written.
    pub documents: usize,
    /// Spans written, per label.
    pub spans: BTreeMap<String, usize>,
    /// Relations written, per type.
    pub relations: BTreeMap<String, usize>,
}

impl Suggested {
    /// The spans per label and the relations per type, as `label n, label n` (or `no spans`)
    /// and `type n, type n` (or `none`), for a summary line.
    pub fn counts(&self) -> (String, String) {
        let join = |m: &BTreeMap<String, usize>, empty: &str| {
            if m.is_empty() {
                empty.to_string()
            } else {
                m.iter()
                    .map(|(k, n)| format!("{k} {n}"))
                    .collect::<Vec<_>>()
                    .join(", ")
            }
        };
        (join(&self.spans, "no spans"), join(&self.relations, "none"))
    }
}

/// Suggests links between the spans `from` annotated: writes `from`'s spans with the rules'
/// relations over them (`suggest_relations`) as `annotator`, for the documents `from` has
/// annotated on the current text. In the app, `from` then sees those links as suggested links
/// (their ends are `from`'s own spans). Returns the documents written and relations per type.
pub fn link_into(
    ds: &mut Dataset,
    docs: Option<&[&str]>,
    from: &str,
    annotator: &str,
) -> Result<Suggested> {
    let labels = ds.labels.clone();
    link_into_with(ds, docs, from, annotator, |text, spans| {
        crate::core::suggest::relations::link(text, spans, &labels)
    })
}

/// As [`link_into`], with the links of each document's spans from `links_of` (the rules, or a
/// learned model's linker).
pub fn link_into_with(
    ds: &mut Dataset,
    docs: Option<&[&str]>,
    from: &str,
    annotator: &str,
    links_of: impl Fn(&str, &[Span]) -> Vec<Relation>,
) -> Result<Suggested> {
    crate::core::data::annotators::AnnotatorName::parse(annotator)?;
    if from == annotator {
        return Err(Error::Usage(format!(
            "the links of {from}'s spans are written as another annotator (--annotator), not as {from}"
        )));
    }
    if !ds.annotators()?.iter().any(|a| a == from) {
        return Err(Error::Usage(format!(
            "no annotations by {from:?} in {}",
            ds.root().display()
        )));
    }
    let ids = wanted_ids(ds, docs)?;
    let mut out = Suggested::default();
    for id in ids {
        let doc = ds.document(&id)?;
        let Some(theirs) = ds
            .annotation(from, &id)?
            .filter(|a| a.document_sha256 == doc.sha256)
        else {
            continue;
        };
        let mut ann = ds
            .annotation(annotator, &doc.id)?
            .filter(|a| a.document_sha256 == doc.sha256)
            .unwrap_or_else(|| Annotation::new(&doc, annotator));
        ann.relations = links_of(&doc.text, &theirs.spans);
        for s in &theirs.spans {
            *out.spans.entry(s.label.clone()).or_default() += 1;
        }
        for r in &ann.relations {
            *out.relations.entry(r.kind.clone()).or_default() += 1;
        }
        ann.spans = theirs.spans;
        ann.status = Status::InProgress;
        ds.stage_annotation(&mut ann)?;
        out.documents += 1;
    }
    ds.commit()?;
    Ok(out)
}

/// The ids of `docs` (every document when `None`), in dataset order; an unknown id is a usage
/// error.
fn wanted_ids(ds: &Dataset, docs: Option<&[&str]>) -> Result<Vec<String>> {
    if let Some(wanted) = docs {
        for id in wanted {
            if ds.entry(id).is_none() {
                return Err(Error::Usage(format!(
                    "no document {id:?} in {}",
                    ds.root().display()
                )));
            }
        }
    }
    Ok(ds
        .documents()
        .iter()
        .map(|e| e.id.clone())
        .filter(|id| docs.is_none_or(|w| w.contains(&id.as_str())))
        .collect())
}

/// Suggests spans for `docs` (every document when `None`) and writes them as `annotator`,
/// replacing that annotator's spans and relations. An unknown document id is a usage error and
/// nothing is written.
pub fn suggest_into(ds: &mut Dataset, docs: Option<&[&str]>, annotator: &str) -> Result<Suggested> {
    let rules = dataset_rules(ds)?;
    let labels = ds.labels.clone();
    suggest_into_with(ds, docs, annotator, |text| {
        rule_spans(text, &rules, &labels)
    })
}

/// The rule extractor's spans of `text` under the dataset's labels: the rules name their spans
/// by role ([`Role::default_label`]), and each goes to the label that has that role in
/// `labels`; a role that no label has is left out. Sorted by (start, end, label).
pub fn rule_spans(
    text: &str,
    rules: &crate::core::suggest::rules::Rules,
    labels: &LabelSchema,
) -> Vec<crate::core::data::model::Span> {
    let mut spans: Vec<_> = crate::core::suggest::rules::suggest(text, rules)
        .into_iter()
        .filter_map(|mut s| {
            let role = Role::ALL
                .into_iter()
                .find(|r| r.default_label() == s.label)?;
            s.label = labels.label_for(role)?.to_string();
            Some(s)
        })
        .collect();
    spans.sort_by(|a, b| (a.start, a.end, &a.label).cmp(&(b.start, b.end, &b.label)));
    spans
}

/// The dataset's rules (its `rules.ron`, else the default).
pub fn dataset_rules(ds: &Dataset) -> Result<crate::core::suggest::rules::Rules> {
    crate::core::suggest::rules::dataset_rules(ds.root())
}

/// As [`suggest_into`], with the spans of each document text from `spans_of` (the rules, or a
/// learned model); the rules link them.
pub fn suggest_into_with(
    ds: &mut Dataset,
    docs: Option<&[&str]>,
    annotator: &str,
    spans_of: impl Fn(&str) -> Vec<Span>,
) -> Result<Suggested> {
    let labels = ds.labels.clone();
    suggest_into_linked(ds, docs, annotator, spans_of, |text, spans| {
        crate::core::suggest::relations::link(text, spans, &labels)
    })
}

/// As [`suggest_into_with`], with the links of the spans from `links_of` (the rules, or a
/// learned model's linker).
pub fn suggest_into_linked(
    ds: &mut Dataset,
    docs: Option<&[&str]>,
    annotator: &str,
    spans_of: impl Fn(&str) -> Vec<Span>,
    links_of: impl Fn(&str, &[Span]) -> Vec<Relation>,
) -> Result<Suggested> {
    crate::core::data::annotators::AnnotatorName::parse(annotator)?;
    let ids = wanted_ids(ds, docs)?;
    let mut out = Suggested::default();
    for id in ids {
        let doc = ds.document(&id)?;
        let spans = spans_of(&doc.text);
        for s in &spans {
            *out.spans.entry(s.label.clone()).or_default() += 1;
        }
        let mut ann = ds
            .annotation(annotator, &doc.id)?
            .filter(|a| a.document_sha256 == doc.sha256)
            .unwrap_or_else(|| Annotation::new(&doc, annotator));
        ann.relations = links_of(&doc.text, &spans);
        ann.spans = spans;
        for r in &ann.relations {
            *out.relations.entry(r.kind.clone()).or_default() += 1;
        }
        ann.status = Status::InProgress;
        ds.stage_annotation(&mut ann)?;
        out.documents += 1;
    }
    ds.commit()?;
    Ok(out)
}
