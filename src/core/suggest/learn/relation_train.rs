//! Training both models on a dataset, the one path of the command line and the app: the span
//! model (`train::train_dataset`), then the linker (`relation_model`) on the same documents (the
//! annotator's done and reviewed ones, less any the span model held out), written into the same
//! model header. And linking with a loaded model: its learned linker, or the rules' links when
//! it has none.

use super::crf::Crf;
use super::model_file::Header;
use super::relation_model::{self, LinkedDoc, RelationReport};
use super::tag::Model;
use super::train::{self, Options, Report};
use crate::core::annotate::pending_relations::SuggestedRelation;
use crate::core::data::error::Result;
use crate::core::data::labels::LabelSchema;
use crate::core::data::model::{Relation, Span};
use crate::core::data::store::Dataset;

/// Trains the span model and the linker on `annotator`'s done and reviewed documents of `ds`
/// (those in `docs` when given, and not in `exclude`).
pub fn train_dataset(
    ds: &Dataset,
    annotator: &str,
    docs: Option<&[String]>,
    exclude: &[String],
    opts: &Options,
) -> Result<(Header, Crf, Report, RelationReport)> {
    train_dataset_from(ds, annotator, (docs, exclude), opts, None)
}

/// As [`train_dataset`], the span model from `warm` when it fits (`train::train_dataset_from`;
/// the report says what it started from); the linker is trained afresh.
pub fn train_dataset_warm(
    ds: &Dataset,
    annotator: &str,
    (docs, exclude): (Option<&[String]>, &[String]),
    warm: &train::Warm,
    opts: &Options,
) -> Result<(Header, Crf, Report, RelationReport)> {
    train_dataset_from(ds, annotator, (docs, exclude), opts, Some(warm))
}

fn train_dataset_from(
    ds: &Dataset,
    annotator: &str,
    (docs, exclude): (Option<&[String]>, &[String]),
    opts: &Options,
    warm: Option<&train::Warm>,
) -> Result<(Header, Crf, Report, RelationReport)> {
    let (mut header, crf, report) =
        train::train_dataset_from(ds, annotator, (docs, exclude), opts, warm)?;
    let held: &[String] = report
        .held_out
        .as_ref()
        .map_or(&[], |h| h.documents.as_slice());
    let started = std::time::Instant::now();
    let linked = linked_docs(ds, annotator, docs, exclude, held)?;
    let (model, mut relations) = relation_model::train(&linked, &ds.labels, opts.seed);
    relations.seconds = started.elapsed().as_secs_f64();
    header.relations = model;
    Ok((header, crf, report, relations))
}

/// The annotator's done and reviewed documents (as the span model reads them), less `held`,
/// with their spans (those inside the text) and relations.
fn linked_docs(
    ds: &Dataset,
    annotator: &str,
    docs: Option<&[String]>,
    exclude: &[String],
    held: &[String],
) -> Result<Vec<LinkedDoc>> {
    let (examples, _) = train::examples(ds, annotator, docs, exclude)?;
    let mut out = Vec::new();
    for e in examples.into_iter().filter(|e| !held.contains(&e.id)) {
        let Some(ann) = ds.annotation(annotator, &e.id)? else {
            continue;
        };
        let n = e.text.chars().count();
        let spans = ann
            .spans
            .into_iter()
            .filter(|s| s.start < s.end && s.end <= n)
            .collect();
        out.push(LinkedDoc {
            id: e.id,
            text: e.text,
            spans,
            relations: ann.relations,
        });
    }
    Ok(out)
}

/// The links `model` suggests between `spans` of `text`: its learned linker's, each with a
/// confidence, or the rules' when it has none.
pub fn link_with(model: &Model, text: &str, spans: &[Span], labels: &LabelSchema) -> Vec<Relation> {
    match &model.header.relations {
        Some(linker) => linker.link(text, spans, labels),
        None => crate::core::suggest::relations::link(text, spans, labels),
    }
}

/// The links `model` suggests on a document being annotated, by their ends: over the
/// annotator's `own` spans and the `suggested` spans they have not taken (one that is theirs
/// already counts once). A link shows as pending once both its ends are the annotator's
/// (`pending_relations::pending`), so accepting a suggested span can bring its links with it.
pub fn live_links(
    model: &Model,
    text: &str,
    own: &[Span],
    suggested: &[Span],
    labels: &LabelSchema,
) -> Vec<SuggestedRelation> {
    let mut spans: Vec<Span> = own.to_vec();
    for s in suggested {
        if !spans.iter().any(|o| o.same_as(s)) {
            spans.push(s.clone());
        }
    }
    for (i, s) in spans.iter_mut().enumerate() {
        s.id = format!("l{i}");
    }
    let end = |id: &str| {
        let i: usize = id.strip_prefix('l')?.parse().ok()?;
        let s = spans.get(i)?;
        Some((s.start, s.end, s.label.clone()))
    };
    let mut out: Vec<SuggestedRelation> = link_with(model, text, &spans, labels)
        .into_iter()
        .filter_map(|r| {
            Some(SuggestedRelation {
                from: end(&r.from)?,
                to: end(&r.to)?,
                kind: r.kind,
            })
        })
        .collect();
    out.sort();
    out.dedup();
    out
}
