//! The exchange subcommands: export, import-annotations, release, diff and migrate.

use super::ReportFormat;
use crate::core::data::error::{Error, Result};
use crate::core::data::model::Status;
use crate::core::data::offsets::OffsetUnit;
use crate::core::data::store::Dataset;
use crate::core::exchange::diff;
use crate::core::exchange::formats::{self, ExportOptions, Format, Record};
use crate::core::exchange::release;
use std::path::Path;

/// The format called `name` (clap has checked it against the registry already).
fn parse_format(name: &str) -> Result<Format> {
    formats::format(name).ok_or_else(|| {
        Error::Usage(format!(
            "unknown format {name:?}; use one of {}",
            formats::names().join(", ")
        ))
    })
}

fn parse_unit(name: &str) -> Result<OffsetUnit> {
    match name {
        "codepoint" | "codepoints" => Ok(OffsetUnit::CodePoint),
        "utf16" => Ok(OffsetUnit::Utf16),
        other => Err(Error::Usage(format!(
            "--offsets {other:?}: use codepoint or utf16"
        ))),
    }
}

fn parse_statuses(text: &str) -> Result<Vec<Status>> {
    text.split(',')
        .map(|s| {
            Status::parse(s.trim()).ok_or_else(|| {
                Error::Usage(format!(
                    "unknown status {s:?}; use todo, in_progress, done, reviewed"
                ))
            })
        })
        .collect()
}

/// The records of a version: a release, or `working` for the annotator's working copy.
fn version_records(ds: &Dataset, version: &str, annotator: Option<&str>) -> Result<Vec<Record>> {
    if version == "working" {
        let who = formats::choose_annotator(ds, annotator)?;
        formats::working_records(ds, &who, None)
    } else {
        release::records(ds.root(), version)
    }
}

// One parameter per flag of `biaozhu export`: this is the clap glue.
#[allow(clippy::too_many_arguments)]
pub fn export(
    source: &Path,
    format: &str,
    out: &Path,
    annotator: Option<&str>,
    release_version: Option<&str>,
    split: Option<&str>,
    offsets: &str,
    quiet: bool,
) -> Result<i32> {
    let format = parse_format(format)?;
    let unit = parse_unit(offsets)?;
    let splits = split.map(formats::parse_split).transpose()?;
    let ds = Dataset::open(source)?;
    let records = match release_version {
        Some(v) => release::records(ds.root(), v)?,
        None => {
            let who = formats::choose_annotator(&ds, annotator)?;
            let mut progress =
                super::progress::Progress::new("documents read", Some(ds.documents().len()), quiet);
            let records = formats::working_records_with_progress(&ds, &who, None, &mut |_, _| {
                progress.add(1)
            })?;
            progress.finish();
            records
        }
    };
    let report = formats::export(
        &records,
        &ds.labels,
        format,
        &ExportOptions { offsets: unit },
        splits.as_deref(),
        out,
    )?;
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
    if report.relations_left_out > 0 {
        let carriers: Vec<&str> = crate::core::exchange::formats::FORMATS
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
    Ok(0)
}

pub fn import_annotations(
    dir: &Path,
    format: &str,
    annotator: &str,
    path: &Path,
    create_documents: bool,
    offsets: &str,
    quiet: bool,
) -> Result<i32> {
    let format = parse_format(format)?;
    let unit = parse_unit(offsets)?;
    let mut ds = Dataset::open_for_writing(dir)?;
    let mut progress = super::progress::Progress::new("documents", None, quiet);
    let mut count = |_| progress.add(1);
    let mut applier =
        formats::import::Applier::new(&mut ds, annotator, unit, create_documents, &mut count)?;
    formats::import::import_path(&mut applier, format, path)?;
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

pub fn release(
    dir: &Path,
    version: &str,
    message: &str,
    annotator: Option<&str>,
    status: Option<&str>,
) -> Result<i32> {
    let statuses = status.map(parse_statuses).transpose()?.unwrap_or_default();
    let ds = Dataset::open_for_writing(dir)?;
    let who = formats::choose_annotator(&ds, annotator)?;
    let m = release::create(&ds, version, message, &who, &statuses)?;
    let counts: Vec<String> = m.counts.iter().map(|(l, n)| format!("{l} {n}")).collect();
    println!(
        "released {} (parent {}): {} documents of {who}, spans: {}",
        m.version,
        m.parent.as_deref().unwrap_or("none"),
        m.documents,
        counts.join(", ")
    );
    Ok(0)
}

pub fn diff(
    dir: &Path,
    from: &str,
    to: &str,
    annotator: Option<&str>,
    format: ReportFormat,
) -> Result<i32> {
    let ds = Dataset::open(dir)?;
    let old = version_records(&ds, from, annotator)?;
    let new = version_records(&ds, to, annotator)?;
    let d = diff::diff(from, &old, to, &new);
    match format {
        ReportFormat::Text => print!("{}", diff::to_text(&d)),
        ReportFormat::Json => println!(
            "{}",
            serde_json::to_string_pretty(&d).expect("diff serialises")
        ),
    }
    Ok(0)
}

pub fn migrate(dir: &Path) -> Result<i32> {
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
