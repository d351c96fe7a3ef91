//! Where `eval`, `table` and other readers get records from: a JSONL file (a biaozhu export,
//! or the minimal lines an extractor writes, read by [`crate::core::exchange::record_lines`]), `DIR@VERSION` (a
//! release) or `DIR#ANNOTATOR` (the working annotations). One reader, so every command accepts
//! the same sources.

use crate::core::data::error::{Error, Result};
use crate::core::data::labels::LabelSchema;
use crate::core::data::model::Status;
use crate::core::data::store::Dataset;
use crate::core::exchange::formats::{self, Record, RecordSource};
pub use crate::core::exchange::record_lines::{Source, read_jsonl};
use crate::core::exchange::record_stream::{LinesFile, WorkingCopy};
use std::path::Path;

/// Reads the records `source` names.
pub fn read_source(source: &str) -> Result<Source> {
    let as_path = Path::new(source);
    if as_path.is_file() {
        return read_jsonl(as_path);
    }
    if let Some((dir, version)) = source.rsplit_once('@') {
        let ds = Dataset::open(Path::new(dir))?;
        let records = crate::core::exchange::release::records(ds.root(), version)?;
        return Ok(Source {
            records,
            assumed: Vec::new(),
            labels: Some(release_labels(&ds, version)),
        });
    }
    if let Some((dir, annotator)) = source.rsplit_once('#') {
        let ds = Dataset::open(Path::new(dir))?;
        return Ok(Source {
            records: annotator_records(&ds, annotator)?,
            assumed: Vec::new(),
            labels: Some(ds.labels.clone()),
        });
    }
    Err(Error::Usage(format!(
        "{source}: not a file, DIR@VERSION or DIR#ANNOTATOR"
    )))
}

/// The records of a dataset folder, a release of it or a JSONL file, as `table` takes them,
/// with the label schema they were made under (the default schema for a JSONL file): `release`
/// picks a release of the dataset; `annotator` picks whose records (required for a working copy
/// with several annotators; the only one is taken when there is one).
pub fn select(
    source: &str,
    annotator: Option<&str>,
    release: Option<&str>,
) -> Result<(Vec<Record>, LabelSchema)> {
    let path = Path::new(source);
    let (records, labels) = if path.is_dir() {
        let ds = Dataset::open(path)?;
        match (release, annotator) {
            (Some(v), _) => (
                crate::core::exchange::release::records(ds.root(), v)?,
                release_labels(&ds, v),
            ),
            (None, Some(a)) => return Ok((annotator_records(&ds, a)?, ds.labels)),
            (None, None) => {
                let all = ds.annotators()?;
                match all.as_slice() {
                    [one] => return Ok((annotator_records(&ds, one)?, ds.labels)),
                    [] => {
                        return Err(Error::Usage(format!("{source} has no annotations yet")));
                    }
                    _ => {
                        return Err(Error::Usage(format!(
                            "{source} has several annotators ({}); choose one with --annotator",
                            all.join(", ")
                        )));
                    }
                }
            }
        }
    } else {
        if release.is_some() {
            return Err(Error::Usage(format!(
                "--release needs a dataset folder; {source} is not one"
            )));
        }
        let read = read_source(source)?;
        let labels = read.labels.unwrap_or_else(LabelSchema::default_schema);
        (read.records, labels)
    };
    let records = match annotator {
        Some(a) => records.into_iter().filter(|r| r.annotator == a).collect(),
        None => records,
    };
    Ok((records, labels))
}

/// [`select`], read a record at a time: the records of a dataset folder (its working copy, or a
/// release with `release`), of a JSONL file, `DIR@VERSION` or `DIR#ANNOTATOR`, with the label
/// schema they were made under, as a source that reads them a document (or a line) at a time,
/// so `table` holds one record at a time whatever the size of the dataset.
pub fn select_stream(
    source: &str,
    annotator: Option<&str>,
    release: Option<&str>,
) -> Result<(Box<dyn RecordSource>, LabelSchema)> {
    let path = Path::new(source);
    if path.is_dir() {
        let ds = Dataset::open_unlisted(path)?;
        return match (release, annotator) {
            (Some(v), _) => {
                let data = crate::core::exchange::release::data_path(ds.root(), v)?;
                Ok((
                    Box::new(LinesFile::new(data, annotator)),
                    release_labels(&ds, v),
                ))
            }
            (None, Some(a)) => working_copy(ds, a, None),
            (None, None) => {
                let all = ds.annotators()?;
                match all.as_slice() {
                    [one] => {
                        let one = one.clone();
                        working_copy(ds, &one, None)
                    }
                    [] => Err(Error::Usage(format!("{source} has no annotations yet"))),
                    _ => Err(Error::Usage(format!(
                        "{source} has several annotators ({}); choose one with --annotator",
                        all.join(", ")
                    ))),
                }
            }
        };
    }
    if release.is_some() {
        return Err(Error::Usage(format!(
            "--release needs a dataset folder; {source} is not one"
        )));
    }
    if path.is_file() {
        return Ok((
            Box::new(LinesFile::new(path.to_path_buf(), annotator)),
            LabelSchema::default_schema(),
        ));
    }
    if let Some((dir, version)) = source.rsplit_once('@') {
        let ds = Dataset::open_unlisted(Path::new(dir))?;
        let data = crate::core::exchange::release::data_path(ds.root(), version)?;
        return Ok((
            Box::new(LinesFile::new(data, annotator)),
            release_labels(&ds, version),
        ));
    }
    if let Some((dir, who)) = source.rsplit_once('#') {
        let ds = Dataset::open_unlisted(Path::new(dir))?;
        return working_copy(ds, who, annotator);
    }
    Err(Error::Usage(format!(
        "{source}: not a file, DIR@VERSION or DIR#ANNOTATOR"
    )))
}

/// The working records of `who` in `ds` as [`annotator_records`] gives them, read a document at
/// a time; none when `only` names someone else.
fn working_copy(
    ds: Dataset,
    who: &str,
    only: Option<&str>,
) -> Result<(Box<dyn RecordSource>, LabelSchema)> {
    if !ds.annotators()?.iter().any(|a| a == who) {
        return Err(Error::Usage(format!(
            "{} has no annotations by {who:?}",
            ds.root().display()
        )));
    }
    let labels = ds.labels.clone();
    if only.is_some_and(|a| a != who) {
        let none: &[Record] = &[];
        return Ok((Box::new(none), labels));
    }
    let records = WorkingCopy::new(Box::new(ds), who, &[])?.touched_only();
    Ok((Box::new(records), labels))
}

/// The working records of `annotator` in `ds`: documents the annotator never touched are left
/// out (they are gold, or predictions, of nothing).
pub fn annotator_records(ds: &Dataset, annotator: &str) -> Result<Vec<Record>> {
    if !ds.annotators()?.iter().any(|a| a == annotator) {
        return Err(Error::Usage(format!(
            "{} has no annotations by {annotator:?}",
            ds.root().display()
        )));
    }
    let records = formats::working_records(ds, annotator, None)?;
    Ok(records
        .into_iter()
        .filter(|r| !(r.status == Status::Todo && r.spans.is_empty()))
        .collect())
}

/// The label schema of release `version` of `ds`: its own `labels.json`, else the dataset's.
fn release_labels(ds: &Dataset, version: &str) -> LabelSchema {
    let file = crate::core::data::layout::releases_dir(ds.root())
        .join(version)
        .join(crate::core::exchange::release::LABELS);
    std::fs::read_to_string(file)
        .ok()
        .and_then(|text| serde_json::from_str::<LabelSchema>(&text).ok())
        .unwrap_or_else(|| ds.labels.clone())
}
