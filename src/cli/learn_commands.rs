//! `train`, `suggest --model` and `queue`: glue over `core::suggest::learn`.

use super::ReportFormat;
use crate::core::data::error::{Error, Result};
use crate::core::data::store::Dataset;
use crate::core::suggest::into_dataset;
use crate::core::suggest::learn::tag::Model;
use crate::core::suggest::learn::{self, model_file, train};
use std::path::Path;
use std::time::Instant;

fn id_list(list: Option<&str>) -> Option<Vec<String>> {
    list.map(|l| {
        l.split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(String::from)
            .collect()
    })
}

/// Which documents `train` reads.
pub struct Selection<'a> {
    /// `--docs`.
    pub docs: Option<&'a str>,
    /// `--exclude-docs`.
    pub exclude: Option<&'a str>,
}

/// `biaozhu train`.
pub fn train(
    dir: &Path,
    annotator: &str,
    selection: Selection,
    out: &Path,
    options: train::Options,
) -> Result<i32> {
    let (epochs, holdout) = (options.epochs, options.holdout);
    if epochs == 0 || epochs > 1000 {
        return Err(Error::Usage(format!("--epochs {epochs}: give 1 to 1000")));
    }
    if !(0.0..0.9).contains(&holdout) {
        return Err(Error::Usage(format!(
            "--holdout {holdout}: give a fraction from 0 to 0.9"
        )));
    }
    if !(options.learning_rate > 0.0
        && options.learning_rate <= 10.0
        && (0.0..=1e6).contains(&options.l2)
        && (0.0..=100.0).contains(&options.rule_prior)
        && (0.0..1.0).contains(&options.rule_dropout))
    {
        return Err(Error::Usage(
            "--learning-rate must be in (0, 10], --l2 in [0, 1e6], --rule-prior in [0, 100] \
             and --rule-dropout in [0, 1)"
                .into(),
        ));
    }
    if out.is_dir() {
        return Err(Error::Usage(format!(
            "--out {}: is a folder; give a file name",
            out.display()
        )));
    }
    let started = Instant::now();
    let ds = Dataset::open(dir)?;
    let docs = id_list(selection.docs);
    let exclude = id_list(selection.exclude).unwrap_or_default();
    let (header, crf, report) =
        train::train_dataset(&ds, annotator, docs.as_deref(), &exclude, &options)?;
    let skipped = report.skipped_status;
    model_file::write(out, &header, &crf)?;
    let took = started.elapsed().as_secs_f64();
    println!(
        "trained on {} documents of {annotator} ({} characters, {} spans), {} epochs, in {took:.1} s",
        report.documents, report.characters, report.spans, report.epochs
    );
    if skipped > 0 {
        println!(
            "left out {skipped} documents of {annotator} that are not done or reviewed (or whose text changed)"
        );
    }
    let losses: Vec<String> = report.losses.iter().map(|l| format!("{l:.3}")).collect();
    println!("loss per chain by epoch: {}", losses.join(" "));
    match &report.held_out {
        Some(h) => println!(
            "held out {} documents (not trained on): strict F1 {:.4} ({} of {} predicted spans correct, {} gold spans)",
            h.documents.len(),
            h.f1(),
            h.correct,
            h.predicted,
            h.gold
        ),
        None if holdout == 0.0 => {
            println!("no documents held out (--holdout 0): no F1 on unseen text")
        }
        None => println!(
            "too few documents to hold any out (fewer than {}): no F1 on unseen text",
            train::MIN_DOCS_FOR_HOLDOUT
        ),
    }
    println!("model written to {}", out.display());
    Ok(0)
}

/// Loads a model and checks that the dataset declares its labels.
fn model_for(ds: &Dataset, path: &Path) -> Result<Model> {
    let model = Model::load(path)?;
    for label in model.labels() {
        if ds.labels.label(label).is_none() {
            return Err(Error::invalid(
                path,
                "/labels",
                format!(
                    "the model tags {label:?}, which {} does not declare in labels.ron",
                    ds.root().display()
                ),
            ));
        }
    }
    Ok(model)
}

/// `biaozhu suggest --model`.
pub fn suggest(
    dir: &Path,
    docs: Option<&str>,
    annotator: Option<&str>,
    model: &Path,
) -> Result<i32> {
    let annotator = annotator.unwrap_or(learn::MODEL_ANNOTATOR);
    let mut ds = Dataset::open_for_writing(dir)?;
    let model = model_for(&ds, model)?;
    let rules = into_dataset::dataset_rules(&ds)?;
    let wanted: Option<Vec<&str>> = docs.map(|d| d.split(',').map(str::trim).collect());
    let done = into_dataset::suggest_into_with(&mut ds, wanted.as_deref(), annotator, |text| {
        model.tag(text, &rules).spans
    })?;
    let (spans, relations) = done.counts();
    println!(
        "{} documents suggested by the model as {annotator}: {spans}; relations: {relations}",
        done.documents
    );
    Ok(0)
}

/// `biaozhu queue`.
pub fn queue(
    dir: &Path,
    model: &Path,
    annotator: Option<&str>,
    format: ReportFormat,
) -> Result<i32> {
    let ds = Dataset::open(dir)?;
    let model = model_for(&ds, model)?;
    let annotator = annotator
        .unwrap_or(&model.header.training.annotator)
        .to_string();
    let rules = into_dataset::dataset_rules(&ds)?;
    let entries = learn::queue::queue(&ds, &model, &annotator, &rules)?;
    match format {
        ReportFormat::Json => {
            println!(
                "{}",
                serde_json::to_string_pretty(&entries).expect("serialises")
            );
        }
        ReportFormat::Text => {
            println!(
                "{} documents {annotator} has not finished, most informative first",
                entries.len()
            );
            println!(
                "{:>4} {:>8} {:>11} {:>9}  document",
                "rank", "score", "uncertainty", "typical"
            );
            for (n, e) in entries.iter().enumerate() {
                println!(
                    "{:>4} {:>8.4} {:>11.4} {:>9.4}  {}  {}",
                    n + 1,
                    e.score,
                    e.uncertainty,
                    e.representativeness,
                    e.document,
                    e.title
                );
                for d in &e.duplicates {
                    println!("{:>36}  near-duplicate: {d}", "");
                }
            }
        }
    }
    Ok(0)
}
