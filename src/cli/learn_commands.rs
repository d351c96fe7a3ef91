//! `train`, `suggest` (the rules, or a trained model) and `queue`: glue over `core::suggest`.

use super::ReportFormat;
use crate::core::data::annotators::RULES_ANNOTATOR;
use crate::core::data::error::{Error, Result};
use crate::core::data::model::Span;
use crate::core::data::store::Dataset;
use crate::core::suggest::into_dataset;
use crate::core::suggest::learn::tag::Model;
use crate::core::suggest::learn::{self, model_file, train};
use clap::{ArgAction, Args};
use std::path::{Path, PathBuf};
use std::time::Instant;

/// The ids of a `--docs` list, trimmed, without empty ones.
fn id_list(list: Option<&[String]>) -> Option<Vec<String>> {
    list.map(|l| {
        l.iter()
            .map(|id| id.trim())
            .filter(|id| !id.is_empty())
            .map(String::from)
            .collect()
    })
}

/// `biaozhu train`.
#[derive(Args, Debug)]
pub struct TrainArgs {
    /// The dataset.
    dir: PathBuf,
    /// Whose spans to learn.
    #[arg(long)]
    annotator: String,
    /// Only these documents, as id1,id2.
    #[arg(long, value_delimiter = ',', action = ArgAction::Set)]
    docs: Option<Vec<String>>,
    /// Leave these documents out, as id1,id2.
    #[arg(long, value_delimiter = ',', action = ArgAction::Set)]
    exclude_docs: Option<Vec<String>>,
    /// Where to write the model (a file; outside the dataset, or anywhere in it but
    /// documents/, annotations/ and releases/).
    #[arg(long)]
    out: PathBuf,
    /// Seed of the shuffles and the held-out split.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Passes over the training data at most, 1 to 1000 (training stops when the mean loss per
    /// chain falls below 0.001).
    #[arg(long, default_value_t = train::Options::default().epochs as u64,
          value_parser = clap::value_parser!(u64).range(1..=1000))]
    epochs: u64,
    /// Fraction of documents held out for the reported F1 and not trained on (0: train on
    /// all).
    #[arg(long, default_value_t = 0.1)]
    holdout: f64,
    /// AdaGrad's learning rate.
    #[arg(long, default_value_t = train::Options::default().learning_rate)]
    learning_rate: f64,
    /// L2 regularisation over the whole training set (larger: smoother, more cautious).
    #[arg(long, default_value_t = train::Options::default().l2)]
    l2: f64,
    /// How strongly the model starts from the rules' tags and is pulled back to them (0:
    /// from nothing; see docs/learning.md).
    #[arg(long, default_value_t = train::Options::default().rule_prior)]
    rule_prior: f64,
    /// The share of training chains, drawn afresh each epoch, that are shown without the
    /// rules' tags, so that the other features learn what the rules already catch and the
    /// model finds names the rules miss (0: never; see docs/learning.md).
    #[arg(long, default_value_t = train::Options::default().rule_dropout)]
    rule_dropout: f64,
    /// Start from this model (made by `biaozhu train` on the same dataset) and fit only the
    /// documents of --changed-docs and a sample of the others: a warm start, as the app's
    /// background retraining does. A model of other labels or features is trained afresh.
    #[arg(long)]
    warm_from: Option<PathBuf>,
    /// With --warm-from: the documents new or changed since that model, as id1,id2.
    #[arg(long, value_delimiter = ',', action = ArgAction::Set, requires = "warm_from")]
    changed_docs: Option<Vec<String>>,
    /// With --warm-from: the training documents a warm start needs; with fewer, a full
    /// training is made instead (about as quick there, and it fits better).
    #[arg(long, default_value_t = train::Options::default().warm_min_documents as u32, requires = "warm_from")]
    warm_min_docs: u32,
}

impl TrainArgs {
    pub fn run(self) -> Result<i32> {
        let options = self.options()?;
        let (annotator, out) = (&self.annotator, &self.out);
        if out.is_dir() {
            return Err(Error::Usage(format!(
                "--out {}: is a folder; give a file name",
                out.display()
            )));
        }
        let started = Instant::now();
        let ds = Dataset::open(&self.dir)?;
        let docs = id_list(self.docs.as_deref());
        let exclude = id_list(self.exclude_docs.as_deref()).unwrap_or_default();
        let last = self.warm_from.as_deref().map(Model::load).transpose()?;
        let changed = id_list(self.changed_docs.as_deref()).unwrap_or_default();
        if let Some(id) = changed.iter().find(|id| ds.entry(id).is_none()) {
            return Err(Error::Usage(format!(
                "--changed-docs: no document {id:?} in {}",
                ds.root().display()
            )));
        }
        let selection = (docs.as_deref(), exclude.as_slice());
        let (header, crf, report, relations) = match &last {
            Some(m) => {
                let warm = train::Warm {
                    header: &m.header,
                    crf: &m.crf,
                    changed: &changed,
                };
                learn::relation_train::train_dataset_warm(
                    &ds, annotator, selection, &warm, &options,
                )?
            }
            None => learn::relation_train::train_dataset(
                &ds,
                annotator,
                selection.0,
                selection.1,
                &options,
            )?,
        };
        model_file::write(out, &header, &crf)?;
        match &report.start {
            train::Start::Full => {}
            train::Start::Warm { fitted } => println!(
                "warm start from {}: fitted {fitted} documents (changed, and a sample of the others)",
                self.warm_from.as_deref().unwrap_or(Path::new("")).display()
            ),
            train::Start::FullInstead(why) => {
                println!("no warm start ({why}): trained from nothing")
            }
        }
        let took = started.elapsed().as_secs_f64();
        println!(
            "trained on {} documents of {annotator} ({} characters, {} spans), {} epochs, in {took:.1} s",
            report.documents, report.characters, report.spans, report.epochs
        );
        print_training(annotator, self.holdout, &report);
        print_relations(annotator, &relations, header.relations.is_some());
        println!("model written to {}", out.display());
        Ok(0)
    }

    /// The training options, each checked against its range.
    fn options(&self) -> Result<train::Options> {
        let (epochs, holdout) = (self.epochs as usize, self.holdout);
        if !(0.0..0.9).contains(&holdout) {
            return Err(Error::Usage(format!(
                "--holdout {holdout}: give a fraction from 0 to 0.9"
            )));
        }
        if !(self.learning_rate > 0.0
            && self.learning_rate <= 10.0
            && (0.0..=1e6).contains(&self.l2)
            && (0.0..=100.0).contains(&self.rule_prior)
            && (0.0..1.0).contains(&self.rule_dropout))
        {
            return Err(Error::Usage(
                "--learning-rate must be in (0, 10], --l2 in [0, 1e6], --rule-prior in [0, 100] \
                 and --rule-dropout in [0, 1)"
                    .into(),
            ));
        }
        Ok(train::Options {
            epochs,
            seed: self.seed,
            holdout,
            learning_rate: self.learning_rate,
            l2: self.l2,
            rule_prior: self.rule_prior,
            rule_dropout: self.rule_dropout,
            warm_min_documents: self.warm_min_docs as usize,
            ..Default::default()
        })
    }
}

/// What training left out, its losses and its held-out F1.
fn print_training(annotator: &str, holdout: f64, report: &train::Report) {
    let skipped = report.skipped_status;
    if skipped > 0 {
        println!(
            "left out {skipped} documents of {annotator} that are not done or reviewed (or whose text changed)"
        );
    }
    let losses: Vec<String> = report.losses.iter().map(|l| format!("{l:.3}")).collect();
    println!("loss per chain by epoch: {}", losses.join(" "));
    let t = &report.timing;
    let epochs: f64 = t.epoch_seconds.iter().sum();
    println!(
        "time: observing {:.1} s, feature rows {:.1} s, {} epochs {:.1} s ({:.2} s each), in all {:.1} s",
        t.observe_seconds,
        t.features_seconds,
        t.epoch_seconds.len(),
        epochs,
        epochs / t.epoch_seconds.len().max(1) as f64,
        t.total_seconds
    );
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
}

/// What relation training read, learned from and skipped (each skipped relation on its own
/// line, on stderr).
fn print_relations(annotator: &str, r: &learn::relation_model::RelationReport, learned: bool) {
    for why in &r.skipped {
        eprintln!("warning: {why}");
    }
    if learned {
        println!(
            "relations: learned from {} relations of {annotator} in {} documents ({} too far apart \
             to be candidates, {} skipped as invalid) in {:.1} s",
            r.relations,
            r.documents,
            r.unreachable,
            r.skipped.len(),
            r.seconds
        );
    } else {
        println!(
            "relations: {annotator} has none to learn from ({} skipped as invalid); the model links \
             with the rules",
            r.skipped.len()
        );
    }
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
    Ok(model.for_labels(&ds.labels))
}

/// `biaozhu suggest`.
#[derive(Args, Debug)]
pub struct SuggestArgs {
    /// The dataset.
    dir: PathBuf,
    /// Only these documents, as id1,id2.
    #[arg(long, value_delimiter = ',', action = ArgAction::Set)]
    docs: Option<Vec<String>>,
    /// The annotator the suggestions are written as (default: model-rules, or model-crf
    /// with --model).
    #[arg(long)]
    annotator: Option<String>,
    /// A model made by `biaozhu train`: its spans carry attrs.confidence, its relations a
    /// confidence (with --link-spans-of, only its links).
    #[arg(long)]
    model: Option<PathBuf>,
    /// Only suggest links: the rules (or --model's learned links) link this annotator's own
    /// spans, written (spans and links) as --annotator; the app then offers the links to them
    /// as suggested links.
    #[arg(long, value_name = "ANNOTATOR")]
    link_spans_of: Option<String>,
}

impl SuggestArgs {
    pub fn run(self) -> Result<i32> {
        let wanted: Option<Vec<&str>> = self
            .docs
            .as_ref()
            .map(|ids| ids.iter().map(|id| id.trim()).collect());
        match &self.model {
            Some(model) => self.with_model(wanted.as_deref(), model),
            None => self.with_rules(wanted.as_deref()),
        }
    }

    /// The rules' spans and relations, or with `--link-spans-of` only their links.
    fn with_rules(&self, wanted: Option<&[&str]>) -> Result<i32> {
        let annotator = self.annotator.as_deref().unwrap_or(RULES_ANNOTATOR);
        let mut ds = Dataset::open_for_writing(&self.dir)?;
        let done = match &self.link_spans_of {
            Some(from) => into_dataset::link_into(&mut ds, wanted, from, annotator)?,
            None => into_dataset::suggest_into(&mut ds, wanted, annotator)?,
        };
        let (spans, relations) = done.counts();
        println!(
            "{} documents suggested as {annotator}: {spans}; relations: {relations}",
            done.documents
        );
        Ok(0)
    }

    /// `--model`: the trained model's spans and links (with `--link-spans-of`, its links of that
    /// annotator's spans).
    fn with_model(&self, wanted: Option<&[&str]>, model: &Path) -> Result<i32> {
        let annotator = self.annotator.as_deref().unwrap_or(learn::MODEL_ANNOTATOR);
        let mut ds = Dataset::open_for_writing(&self.dir)?;
        let model = model_for(&ds, model)?;
        let rules = into_dataset::dataset_rules(&ds)?;
        let labels = ds.labels.clone();
        let links = |text: &str, spans: &[Span]| {
            learn::relation_train::link_with(&model, text, spans, &labels)
        };
        let done = match &self.link_spans_of {
            Some(from) => into_dataset::link_into_with(&mut ds, wanted, from, annotator, links)?,
            None => into_dataset::suggest_into_linked(
                &mut ds,
                wanted,
                annotator,
                |text| model.spans(text, &rules),
                links,
            )?,
        };
        let (spans, relations) = done.counts();
        println!(
            "{} documents suggested by the model as {annotator}: {spans}; relations: {relations}",
            done.documents
        );
        Ok(0)
    }
}

/// `biaozhu queue`.
#[derive(Args, Debug)]
pub struct QueueArgs {
    /// The dataset.
    dir: PathBuf,
    /// A model made by `biaozhu train`.
    #[arg(long)]
    model: PathBuf,
    /// Whose work (default: the annotator the model was trained on).
    #[arg(long)]
    annotator: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    format: ReportFormat,
}

impl QueueArgs {
    pub fn run(self) -> Result<i32> {
        let ds = Dataset::open(&self.dir)?;
        let model = model_for(&ds, &self.model)?;
        let annotator = self
            .annotator
            .unwrap_or_else(|| model.header.training.annotator.clone());
        let rules = into_dataset::dataset_rules(&ds)?;
        let entries = learn::queue::queue(&ds, &model, &annotator, &rules)?;
        match self.format {
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
}
