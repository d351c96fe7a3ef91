//! Exchange with other tools: the native JSONL record, the exports that training and scoring
//! tools read (doccano, Label Studio, brat, CoNLL, CLUENER, HuggingFace), and reading them back.
//!
//! Each format is a unit struct implementing [`ExchangeFormat`] in its own file, listed once in
//! [`FORMATS`]; [`export`] and [`ingest::import_path`] dispatch through it (see `registry`).
//!
//! Every format converts offsets through `core::data::offsets`, and every reader checks covered text
//! before it accepts a span: a span whose text does not match is reported and skipped, never
//! shifted.

mod export_files;
pub mod group;
pub mod import;
pub mod registry;

pub use export_files::{export, export_from};
pub use group::{Group, RecordSource};

pub use registry::{
    ExchangeFormat, ExportCtx, Format, Layout, Output, Reader, export_name, export_only, format,
    names,
};

/// Declares each format's module and lists its formats in `FORMATS`.
macro_rules! formats {
    ($($module:ident: $($format:ident),+;)*) => {
        $(pub mod $module;)*

        /// Every exchange format, in the order of the command line's choices, the app's export
        /// menu and the table in `docs/formats.md`.
        pub const FORMATS: &[&dyn ExchangeFormat] = &[$($(&$module::$format),+),*];
    };
}

// The registry: a new format is a new file `<module>.rs` and one line here.
formats! {
    jsonl: Jsonl;
    doccano: Doccano;
    label_studio: LabelStudio;
    brat: Brat;
    conll: Conll, ConllBioes;
    cluener: Cluener;
    hf: Hf;
}

use crate::core::data::error::{Error, Result};
use crate::core::data::ids::sha256_hex;
use crate::core::data::labels::LabelSchema;
use crate::core::data::model::{Attrs, DocumentMeta, Relation, Span, Status};
use crate::core::data::offsets::{OffsetMap, OffsetUnit};
use crate::core::data::problem::{Location, Problem};
use crate::core::data::store::Dataset;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::PathBuf;

/// One document with one annotator's spans: a line of the native JSONL export and of a release.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(title = "biaozhu record (one line of the jsonl export and of a release's data.jsonl)")]
pub struct Record {
    /// The document id.
    #[schemars(regex(pattern = "^[a-z0-9_-]{1,64}$"))]
    pub id: String,
    /// The document text.
    pub text: String,
    /// Hex SHA-256 of the UTF-8 text.
    #[schemars(regex(pattern = "^[0-9a-f]{64}$"))]
    pub sha256: String,
    /// The document's provenance, as in documents/<id>.json.
    pub meta: DocumentMeta,
    /// The spans, sorted by (start, end, label); offsets count code points unless the export
    /// was made with `--offsets utf16`.
    pub spans: Vec<Span>,
    /// Typed links between spans.
    pub relations: Vec<Relation>,
    /// Whose annotation this is.
    pub annotator: String,
    /// The annotator's status for the document.
    pub status: Status,
}

/// Export settings.
#[derive(Clone, Debug)]
pub struct ExportOptions {
    /// The offset unit written (code points unless a tool counts UTF-16 units).
    pub offsets: OffsetUnit,
}

/// A file an export produces: a path relative to the output folder and its bytes.
pub type OutFile = (String, Vec<u8>);

/// What an export wrote and what it had to leave out.
#[derive(Debug, Default)]
pub struct ExportReport {
    /// Files written, relative to the output.
    pub files: Vec<PathBuf>,
    /// Spans per label left out because a flat format cannot hold nested or overlapping spans.
    pub left_out: BTreeMap<String, usize>,
    /// Records written.
    pub records: usize,
    /// Spans written.
    pub spans: usize,
    /// Relations written.
    pub relations: usize,
    /// Relations left out because the format cannot carry relations.
    pub relations_left_out: usize,
}

/// Reads the records of `annotator` from the working copy of `ds`: every document, with its
/// annotation when there is one (statuses filter when given).
pub fn working_records(
    ds: &Dataset,
    annotator: &str,
    statuses: Option<&[Status]>,
) -> Result<Vec<Record>> {
    working_records_with_progress(ds, annotator, statuses, &mut |_, _| {})
}

/// `working_records`, calling `progress(done, total)` after every document read.
pub fn working_records_with_progress(
    ds: &Dataset,
    annotator: &str,
    statuses: Option<&[Status]>,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<Vec<Record>> {
    let total = ds.documents().len();
    let mut out = Vec::with_capacity(total);
    for (done, entry) in ds.documents().iter().enumerate() {
        progress(done + 1, total);
        let record = working_record(ds, annotator, &entry.id)?;
        if statuses.is_none_or(|s| s.contains(&record.status)) {
            out.push(record);
        }
    }
    Ok(out)
}

/// The record of document `id` with `annotator`'s annotation (no spans and `todo` when there is
/// none yet), its spans sorted by (start, end, label). An annotation made for another text is
/// invalid data.
pub fn working_record(ds: &Dataset, annotator: &str, id: &str) -> Result<Record> {
    let doc = ds.document(id)?;
    let ann = ds.annotation(annotator, id)?;
    let (mut spans, relations, status) = match ann {
        Some(a) => {
            if a.document_sha256 != doc.sha256 {
                return Err(Error::invalid(
                    &ds.annotation_path(annotator, id)?,
                    "/document_sha256",
                    "does not match the document; validate the dataset first",
                ));
            }
            (a.spans, a.relations, a.status)
        }
        None => (Vec::new(), Vec::new(), Status::Todo),
    };
    spans.sort_by(|a, b| (a.start, a.end, &a.label).cmp(&(b.start, b.end, &b.label)));
    Ok(Record {
        id: doc.id,
        text: doc.text,
        sha256: doc.sha256,
        meta: doc.meta,
        spans,
        relations,
        annotator: annotator.into(),
        status,
    })
}

/// Picks the annotator: the given one, or the only one the dataset has.
pub fn choose_annotator(ds: &Dataset, given: Option<&str>) -> Result<String> {
    if let Some(a) = given {
        return Ok(a.to_string());
    }
    let all = ds.annotators()?;
    match all.as_slice() {
        [one] => Ok(one.clone()),
        [] => Err(Error::Usage(
            "the dataset has no annotations yet; nothing to export".into(),
        )),
        many => Err(Error::Usage(format!(
            "the dataset has several annotators ({}); choose one with --annotator",
            many.join(", ")
        ))),
    }
}

/// Parses `train=0.8,dev=0.1,test=0.1`; a usage error says what is wrong with it.
pub fn parse_split(text: &str) -> Result<Vec<(String, f64)>> {
    let mut parts = Vec::new();
    for part in text.split(',') {
        let (name, share) = part
            .split_once('=')
            .ok_or_else(|| Error::Usage(format!("{part:?}: write NAME=SHARE, as in train=0.8")))?;
        let share: f64 = share
            .trim()
            .parse()
            .map_err(|_| Error::Usage(format!("{part:?}: the share must be a number")))?;
        if !(0.0..=1.0).contains(&share) || !crate::core::data::ids::is_safe_id(name.trim()) {
            return Err(Error::Usage(format!(
                "{part:?}: a split needs a safe name and a share between 0 and 1"
            )));
        }
        parts.push((name.trim().to_string(), share));
    }
    let total: f64 = parts.iter().map(|p| p.1).sum();
    if (total - 1.0).abs() > 1e-6 {
        return Err(Error::Usage(format!("the shares add up to {total}, not 1")));
    }
    Ok(parts)
}

/// The split a document belongs to: a hash of its id alone, so adding documents never moves one.
pub fn split_of<'a>(id: &str, splits: &'a [(String, f64)]) -> &'a str {
    let h = sha256_hex(id.as_bytes());
    let x = u64::from_str_radix(&h[..15], 16).unwrap_or(0) as f64 / (1u64 << 60) as f64;
    let mut acc = 0.0;
    for (name, share) in splits {
        acc += share;
        if x < acc {
            return name;
        }
    }
    &splits.last().expect("at least one split").0
}

/// Keeps the outermost spans for a flat format: longest first at each start, and no span that
/// overlaps one already kept. Returns the kept spans and what was left out per label.
pub fn outermost(spans: &[Span]) -> (Vec<Span>, BTreeMap<String, usize>) {
    let mut order: Vec<&Span> = spans.iter().collect();
    order.sort_by_key(|s| (s.start, std::cmp::Reverse(s.end), s.label.clone()));
    let mut kept: Vec<Span> = Vec::new();
    let mut left = BTreeMap::new();
    let mut reach = 0;
    for s in order {
        if s.start >= reach || kept.is_empty() {
            reach = s.end;
            kept.push(s.clone());
        } else {
            *left.entry(s.label.clone()).or_insert(0) += 1;
        }
    }
    (kept, left)
}

/// The ordered tag names of a flat format for a label schema: `O`, then `B-`/`I-` (and `E-`/`S-`
/// for BIOES) per label in schema order, so the order stays the same across releases.
pub fn tag_names(labels: &LabelSchema, bioes: bool) -> Vec<String> {
    let mut tags = vec!["O".to_string()];
    for l in &labels.labels {
        let prefixes: &[&str] = if bioes {
            &["B", "I", "E", "S"]
        } else {
            &["B", "I"]
        };
        for p in prefixes {
            tags.push(format!("{p}-{}", l.name));
        }
    }
    tags
}

/// Per-character tags of one text for non-overlapping spans.
pub fn char_tags(char_count: usize, spans: &[Span], bioes: bool) -> Vec<String> {
    let mut tags = vec!["O".to_string(); char_count];
    for s in spans {
        let n = s.end - s.start;
        for (i, tag) in tags
            .iter_mut()
            .enumerate()
            .take(s.end.min(char_count))
            .skip(s.start)
        {
            let prefix = if bioes && n == 1 {
                "S"
            } else if i == s.start {
                "B"
            } else if bioes && i + 1 == s.end {
                "E"
            } else {
                "I"
            };
            *tag = format!("{prefix}-{}", s.label);
        }
    }
    tags
}

/// Spans from per-character tags (IOB2 or BIOES; an `I-` without a `B-` starts a span, as
/// conlleval does).
pub fn spans_from_tags(tags: &[(usize, String)]) -> Vec<(usize, usize, String)> {
    let mut out = Vec::new();
    let mut open: Option<(usize, usize, String)> = None;
    for (pos, tag) in tags {
        let (prefix, label) = tag.split_once('-').unwrap_or((tag.as_str(), ""));
        let continues = matches!(prefix, "I" | "E")
            && open.as_ref().is_some_and(|o| o.2 == label && o.1 == *pos);
        if continues {
            if let Some(o) = open.as_mut() {
                o.1 = pos + 1;
            }
        } else {
            if let Some(o) = open.take() {
                out.push(o);
            }
            if prefix != "O" && !label.is_empty() {
                open = Some((*pos, pos + 1, label.to_string()));
            }
        }
        if matches!(prefix, "E" | "S")
            && let Some(o) = open.take()
        {
            out.push(o);
        }
    }
    if let Some(o) = open.take() {
        out.push(o);
    }
    out
}

/// Reads JSONL: each non-blank line parsed as JSON and handed to `read` with its 1-based line
/// number. A problem names the line.
pub fn read_jsonl<T>(
    bytes: &[u8],
    mut read: impl FnMut(usize, serde_json::Value) -> std::result::Result<T, Problem>,
) -> std::result::Result<Vec<T>, Problem> {
    let text = std::str::from_utf8(bytes).map_err(|e| Problem::new(format!("not UTF-8: {e}")))?;
    let mut out = Vec::new();
    for (n, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let value =
            serde_json::from_str(line).map_err(|e| Problem::on_line(n + 1, e.to_string()))?;
        out.push(read(n + 1, value)?);
    }
    Ok(out)
}

/// A record's spans with offsets in `unit` (code points stay as they are).
pub fn spans_in(record: &Record, unit: OffsetUnit) -> Vec<Span> {
    if unit == OffsetUnit::CodePoint {
        return record.spans.clone();
    }
    let map = OffsetMap::new(&record.text);
    record
        .spans
        .iter()
        .map(|s| Span {
            start: map.from_char(s.start, unit).unwrap_or(s.start),
            end: map.from_char(s.end, unit).unwrap_or(s.end),
            ..s.clone()
        })
        .collect()
}

/// A span read back from a format, with offsets in the unit the file uses, before it is
/// converted and checked against the document text.
#[derive(Clone, Debug, PartialEq)]
pub struct ImportedSpan {
    /// The id the format gave it, when it has one.
    pub key: String,
    /// Start, in the file's offset unit.
    pub start: usize,
    /// End (exclusive), in the file's offset unit.
    pub end: usize,
    /// Label.
    pub label: String,
    /// The text the format says the span covers, when it says.
    pub text: Option<String>,
    /// Attributes.
    pub attrs: Attrs,
}

/// A document read back from a format.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ImportedRecord {
    /// The document id, when the format carries it.
    pub id: Option<String>,
    /// The text, when the format carries it whole.
    pub text: Option<String>,
    /// Spans.
    pub spans: Vec<ImportedSpan>,
    /// Relations as (type, from key, to key).
    pub relations: Vec<(String, String, String)>,
    /// Status, when the format carries it.
    pub status: Option<Status>,
    /// Where the record was read: `FILE:LINE` for line formats, `FILE: task N of the list`.
    pub origin: Option<Location>,
}
