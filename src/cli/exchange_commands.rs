//! The exchange subcommands: export, import-annotations, release, diff and migrate.

use super::ReportFormat;
use super::choices::{self, FormatParser};
use super::progress::Progress;
use crate::core::data::error::Result;
use crate::core::data::model::Status;
use crate::core::data::offsets::OffsetUnit;
use crate::core::data::store::Dataset;
use crate::core::exchange::diff;
use crate::core::exchange::formats::{self, ExportOptions, Format, Record, RecordSource};
use crate::core::exchange::record_stream::{LinesFile, WorkingCopy};
use crate::core::exchange::{release, release_card};
use crate::core::score::agree;
use clap::{ArgAction, Args};
use std::path::{Path, PathBuf};

/// The records of a version: a release, or `working` for the annotator's working copy.
fn version_records(ds: &Dataset, version: &str, annotator: Option<&str>) -> Result<Vec<Record>> {
    if version == "working" {
        let who = formats::choose_annotator(ds, annotator)?;
        formats::working_records(ds, &who, None)
    } else {
        release::records(ds.root(), version)
    }
}

/// `biaozhu export`.
#[derive(Args, Debug)]
pub struct ExportArgs {
    /// The dataset.
    source: PathBuf,
    /// The format to write.
    #[arg(long, value_parser = FormatParser { import: false })]
    format: Format,
    /// The output file (single-file formats without --split) or folder.
    #[arg(long)]
    out: PathBuf,
    /// Whose annotations (default: the only annotator).
    #[arg(long)]
    annotator: Option<String>,
    /// Export a release instead of the working copy.
    #[arg(long)]
    release: Option<String>,
    /// Split documents by a hash of their id, as in train=0.8,dev=0.1,test=0.1.
    #[arg(long)]
    split: Option<String>,
    /// Offset unit: codepoint (default) or utf16 (doccano's default).
    #[arg(long, default_value = "codepoint", value_parser = choices::OFFSETS)]
    offsets: OffsetUnit,
    /// No progress on the terminal.
    #[arg(long, short)]
    quiet: bool,
}

impl ExportArgs {
    pub fn run(self) -> Result<i32> {
        let format = self.format;
        let splits = self
            .split
            .as_deref()
            .map(formats::parse_split)
            .transpose()?;
        // The documents are read a record at a time as the files are written: the export's
        // memory does not grow with the dataset.
        let ds = Dataset::open_unlisted(&self.source)?;
        let options = ExportOptions {
            offsets: self.offsets,
        };
        let export = |source: &dyn RecordSource| {
            formats::export_from(
                source,
                &ds.labels,
                format,
                &options,
                splits.as_deref(),
                &self.out,
            )
        };
        let report = match &self.release {
            Some(v) => export(&LinesFile::new(release::data_path(ds.root(), v)?, None))?,
            None => {
                let who = formats::choose_annotator(&ds, self.annotator.as_deref())?;
                let records = WorkingCopy::new(&ds, &who, &[])?;
                let total = Some(records.documents());
                let progress = Progress::new("documents read", total, self.quiet);
                let counted = Counted {
                    inner: &records,
                    progress: progress.into(),
                };
                let report = export(&counted)?;
                counted.progress.into_inner().finish();
                report
            }
        };
        for f in &report.files {
            println!("wrote {}", f.display());
        }
        println!(
            "{} documents, {} spans, {} relations exported as {}",
            report.records,
            report.spans,
            report.relations,
            format.name()
        );
        warn_left_out(format, &report);
        Ok(0)
    }
}

/// A source that shows on the terminal how many records were read.
struct Counted<'a> {
    inner: &'a dyn RecordSource,
    progress: std::cell::RefCell<Progress>,
}

impl RecordSource for Counted<'_> {
    fn each(
        &self,
        keep: &dyn Fn(&str) -> bool,
        f: &mut dyn FnMut(&Record) -> Result<()>,
    ) -> Result<()> {
        self.inner.each(keep, &mut |r| {
            self.progress.borrow_mut().add(1);
            f(r)
        })
    }
}

/// Warns of the relations and spans `format` could not carry.
fn warn_left_out(format: Format, report: &formats::ExportReport) {
    if report.relations_left_out > 0 {
        let carriers: Vec<&str> = formats::FORMATS
            .iter()
            .filter(|f| f.carries_relations())
            .map(|f| f.name())
            .collect();
        eprintln!(
            "warning: {} cannot carry relations; left out {} relations ({} carry them)",
            format.name(),
            report.relations_left_out,
            carriers.join(", ")
        );
    }
    if !report.left_out.is_empty() {
        let what: Vec<String> = report
            .left_out
            .iter()
            .map(|(l, n)| format!("{n} {l}"))
            .collect();
        eprintln!(
            "warning: {} cannot hold nested or overlapping spans; kept the outermost and left out {} spans ({})",
            format.name(),
            report.left_out.values().sum::<usize>(),
            what.join(", ")
        );
    }
}

/// `biaozhu import-annotations`.
#[derive(Args, Debug)]
pub struct ImportAnnotationsArgs {
    /// The dataset.
    dir: PathBuf,
    /// The format of PATH.
    #[arg(long, value_parser = FormatParser { import: true })]
    format: Format,
    /// The annotator to write as (such as model-crf-v3).
    #[arg(long)]
    annotator: String,
    /// The file (or brat folder) to read.
    path: PathBuf,
    /// Add documents that are not in the dataset yet.
    #[arg(long)]
    create_documents: bool,
    /// Offset unit of the input: codepoint (default) or utf16.
    #[arg(long, default_value = "codepoint", value_parser = choices::OFFSETS)]
    offsets: OffsetUnit,
    /// No progress on the terminal.
    #[arg(long, short)]
    quiet: bool,
}

impl ImportAnnotationsArgs {
    pub fn run(self) -> Result<i32> {
        let annotator = &self.annotator;
        let mut ds = Dataset::open_for_writing(&self.dir)?;
        let mut progress = Progress::new("documents", None, self.quiet);
        let mut count = |_| progress.add(1);
        let mut applier = formats::import::Applier::new(
            &mut ds,
            annotator,
            self.offsets,
            self.create_documents,
            &mut count,
        )?;
        formats::import::import_path(&mut applier, self.format, &self.path)?;
        let report = applier.finish()?;
        progress.finish();
        for s in &report.skipped {
            eprintln!("skipped: {s}");
        }
        println!(
            "{} documents, {} spans, {} relations imported as {annotator}; {} documents created; {} problems",
            report.documents,
            report.spans,
            report.relations,
            report.created,
            report.skipped.len()
        );
        Ok(if report.skipped.is_empty() { 0 } else { 1 })
    }
}

/// `biaozhu release`.
#[derive(Args, Debug)]
pub struct ReleaseArgs {
    /// The dataset.
    dir: PathBuf,
    /// The version name, such as v1 or 2026.11.
    version: String,
    /// What changed.
    #[arg(short, long, default_value = "")]
    message: String,
    /// Whose annotations (default: the only annotator).
    #[arg(long)]
    annotator: Option<String>,
    /// Only documents with these statuses, as in done,reviewed.
    #[arg(long, value_delimiter = ',', action = ArgAction::Set, value_parser = choices::STATUS)]
    status: Vec<Status>,
    /// Split the documents by a hash of their id, as in train=0.8,validation=0.1,test=0.1
    /// (default: one split, train, with every document).
    #[arg(long, value_delimiter = ',', action = ArgAction::Set, value_name = "NAME=SHARE,...")]
    split: Vec<String>,
}

impl ReleaseArgs {
    pub fn run(self) -> Result<i32> {
        let splits = (!self.split.is_empty())
            .then(|| formats::parse_split(&self.split.join(",")))
            .transpose()?;
        // The release reads and writes a document at a time, so the dataset's documents are
        // not listed in memory.
        let ds = Dataset::open_unlisted_for_writing(&self.dir)?;
        let who = formats::choose_annotator(&ds, self.annotator.as_deref())?;
        let options = release::ReleaseOptions {
            splits,
            agreement: agreement(&ds, &self.status)?,
        };
        let (m, timing) = release::create(
            &ds,
            &self.version,
            &self.message,
            &who,
            &self.status,
            &options,
        )?;
        let counts: Vec<String> = m.counts.iter().map(|(l, n)| format!("{l} {n}")).collect();
        let splits: Vec<String> = m
            .splits
            .iter()
            .map(|s| format!("{} {}", s.name, s.documents))
            .collect();
        println!(
            "released {} (parent {}): {} documents of {who} (splits: {}), spans: {}",
            m.version,
            m.parent.as_deref().unwrap_or("none"),
            m.documents,
            splits.join(", "),
            counts.join(", ")
        );
        let shards = m.files.keys().filter(|f| f.ends_with(".parquet")).count();
        println!(
            "time: {:.2} s in all, of which {:.2} s for the {shards} Parquet shards",
            timing.total.as_secs_f64(),
            timing.parquet.as_secs_f64()
        );
        if m.license.is_none() {
            eprintln!(
                "warning: the dataset declares no licence, and its card says so; set `license` in dataset.json to an SPDX id (such as CC-BY-4.0) before sharing it"
            );
        }
        Ok(0)
    }
}

/// The agreement of the dataset's annotators for the release's card (on the documents all of
/// them marked with one of `statuses`, when given): none when it has fewer than two.
fn agreement(ds: &Dataset, statuses: &[Status]) -> Result<Option<release_card::Agreement>> {
    if ds.annotators()?.len() < 2 {
        return Ok(None);
    }
    let filter = (!statuses.is_empty()).then_some(statuses);
    // Agreement compares the annotators document by document over the dataset's list.
    let listed = Dataset::open(ds.root())?;
    let (names, docs) = agree::collect(&listed, None, filter)?;
    let report = agree::agree(&names, &docs);
    Ok(Some(release_card::Agreement {
        annotators: report.annotators,
        documents: report.documents,
        pairs: report
            .pairs
            .into_iter()
            .map(|p| release_card::PairAgreement {
                a: p.a,
                b: p.b,
                exact_f1: p.exact.overall,
                overlap_f1: p.overlap.overall,
                kappa: p.kappa,
                relations_f1: p.relations.strict,
            })
            .collect(),
    }))
}

/// `biaozhu diff`.
#[derive(Args, Debug)]
pub struct DiffArgs {
    /// The dataset.
    dir: PathBuf,
    /// The older version (or `working`).
    from: String,
    /// The newer version (or `working`).
    to: String,
    /// Whose working copy `working` means (default: the only annotator).
    #[arg(long)]
    annotator: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    format: ReportFormat,
}

impl DiffArgs {
    pub fn run(self) -> Result<i32> {
        let (from, to, annotator) = (&self.from, &self.to, self.annotator.as_deref());
        let ds = Dataset::open(&self.dir)?;
        let old = version_records(&ds, from, annotator)?;
        let new = version_records(&ds, to, annotator)?;
        let d = diff::diff(from, &old, to, &new);
        match self.format {
            ReportFormat::Text => print!("{}", diff::to_text(&d)),
            ReportFormat::Json => println!(
                "{}",
                serde_json::to_string_pretty(&d).expect("diff serialises")
            ),
        }
        Ok(0)
    }
}

/// `biaozhu migrate`.
#[derive(Args, Debug)]
pub struct MigrateArgs {
    /// The dataset.
    dir: PathBuf,
}

impl MigrateArgs {
    pub fn run(self) -> Result<i32> {
        migrate(&self.dir)
    }
}

fn migrate(dir: &Path) -> Result<i32> {
    let m = crate::core::data::migrate::migrate(dir)?;
    let current = crate::core::data::model::FORMAT_VERSION;
    if m.from == u64::from(current) {
        println!(
            "{} is at format_version {current} already; nothing was written",
            dir.display()
        );
        return Ok(0);
    }
    println!(
        "migrated {} from format_version {} to {current}: dataset.json no longer lists its {} documents; documents/ is the list now",
        dir.display(),
        m.from,
        m.listed
    );
    if !m.removed_leftovers.is_empty() {
        println!(
            "removed {} unlisted document files that repeated a listed document's text (leftovers of interrupted imports): {}",
            m.removed_leftovers.len(),
            m.removed_leftovers.join(", ")
        );
    }
    if !m.adopted.is_empty() {
        println!(
            "{} unlisted documents with text of their own are part of the dataset now: {}",
            m.adopted.len(),
            m.adopted.join(", ")
        );
    }
    Ok(0)
}
