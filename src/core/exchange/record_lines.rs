//! The one reader of record lines (JSON Lines of full biaozhu records or the minimal lines an
//! extractor writes), used by releases and by every record source.
//!
//! A minimal line has `id` and `spans` of `start`, `end` and `label`, as nervaluate takes them;
//! `text` is optional. What such a line leaves out is assumed, and the assumptions are reported
//! once per source: with `text`, the covered text of every span is checked (or filled) and the
//! sha256 computed; without it, the document is assumed to have the gold's text. Missing span ids
//! become `s1`, `s2`…, missing relations none, a missing annotator the file name, a missing
//! status `done`.

use crate::core::data::error::{Error, Result};
use crate::core::data::model::{DocumentMeta, Relation, Span, Status};
use crate::core::data::problem::Problem;
use crate::core::exchange::formats::Record;
use serde::Deserialize;
use std::collections::BTreeSet;
use std::path::Path;

/// Records read from a source, with what was assumed for the fields it left out.
#[derive(Debug, Default)]
pub struct Source {
    /// The records, in the source's order.
    pub records: Vec<Record>,
    /// One line per assumption made (empty for complete records).
    pub assumed: Vec<String>,
    /// The label schema the records were made under, when the source has one (a release's
    /// `labels.json`, a working copy's `labels.ron`; a JSONL file has none).
    pub labels: Option<crate::core::data::labels::LabelSchema>,
}

/// A span as an extractor writes it: only the range and the label are needed.
#[derive(Deserialize)]
struct LooseSpan {
    #[serde(default)]
    id: Option<String>,
    start: usize,
    end: usize,
    label: String,
    #[serde(default)]
    text: Option<String>,
    #[serde(default)]
    attrs: crate::core::data::model::Attrs,
}

/// A JSONL line: a full record or the minimal shape.
#[derive(Deserialize)]
struct LooseRecord {
    id: String,
    #[serde(default)]
    text: Option<String>,
    #[serde(default)]
    sha256: Option<String>,
    #[serde(default)]
    meta: Option<DocumentMeta>,
    spans: Vec<LooseSpan>,
    #[serde(default)]
    relations: Option<Vec<Relation>>,
    #[serde(default)]
    annotator: Option<String>,
    #[serde(default)]
    status: Option<Status>,
}

/// Reads a JSONL file of full or minimal records. An error names the file and line, as
/// `FILE:LINE: message`.
pub fn read_jsonl(path: &Path) -> Result<Source> {
    let mut out = Source::default();
    let assumed = each_line(path, &mut |r| {
        out.records.push(r);
        Ok(())
    })?;
    out.assumed = assumed.into_iter().collect();
    Ok(out)
}

/// Reads a JSONL file of full or minimal records a line at a time, handing each record to `f`
/// (and stopping at its first error); returns what was assumed. An error names the file and
/// line, as `FILE:LINE: message`.
pub fn each_line(path: &Path, f: &mut dyn FnMut(Record) -> Result<()>) -> Result<BTreeSet<String>> {
    each_line_at(path, &mut |_, r| f(r))
}

/// [`each_line`], handing `f` the byte offset of each record's line too (for
/// [`read_line_at`]).
pub fn each_line_at(
    path: &Path,
    f: &mut dyn FnMut(u64, Record) -> Result<()>,
) -> Result<BTreeSet<String>> {
    use std::io::BufRead;
    let file = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
    let mut reader = std::io::BufReader::with_capacity(1 << 16, file);
    let annotator = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut assumed = BTreeSet::new();
    let mut bytes = Vec::new();
    let mut offset = 0u64;
    for n in 1.. {
        bytes.clear();
        let at = offset;
        let read = reader
            .read_until(b'\n', &mut bytes)
            .map_err(|e| Error::io(path, e))?;
        if read == 0 {
            break;
        }
        offset += read as u64;
        // A line as `str::lines` gives it: without its `\n` or `\r\n`.
        let line = bytes.strip_suffix(b"\n").unwrap_or(&bytes);
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        let line = std::str::from_utf8(line)
            .map_err(|e| Error::invalid(path, "", format!("line {n}: not UTF-8: {e}")))?;
        if line.trim().is_empty() {
            continue;
        }
        let at_line = |message: String| Problem::on_line(n, message).in_file(path);
        let loose: LooseRecord = serde_json::from_str(line).map_err(|e| at_line(e.to_string()))?;
        f(
            at,
            complete(loose, &annotator, &mut assumed).map_err(|p| at_line(p.message()))?,
        )?;
    }
    Ok(assumed)
}

/// The record of the line at byte `offset` of the JSONL file `file` (at `path`), as
/// [`each_line_at`] gave it.
pub fn read_line_at(file: &std::fs::File, path: &Path, offset: u64) -> Result<Record> {
    use std::io::{BufRead, Seek};
    let mut reader = std::io::BufReader::new(file);
    reader
        .seek(std::io::SeekFrom::Start(offset))
        .map_err(|e| Error::io(path, e))?;
    let mut line = String::new();
    reader
        .read_line(&mut line)
        .map_err(|e| Error::io(path, e))?;
    let annotator = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let at = |message: String| Problem::new(format!("byte {offset}: {message}")).in_file(path);
    let loose: LooseRecord =
        serde_json::from_str(line.trim_end()).map_err(|e| at(e.to_string()))?;
    complete(loose, &annotator, &mut BTreeSet::new()).map_err(|p| at(p.message()))
}

/// Fills what a minimal record leaves out, noting each assumption. The problem is one of the
/// whole record; the caller knows its line.
fn complete(
    r: LooseRecord,
    annotator: &str,
    assumed: &mut BTreeSet<String>,
) -> std::result::Result<Record, Problem> {
    let chars: Option<Vec<char>> = r.text.as_ref().map(|t| t.chars().collect());
    let mut spans = Vec::with_capacity(r.spans.len());
    for (i, s) in r.spans.into_iter().enumerate() {
        let covered = match &chars {
            Some(c) => {
                if s.start >= s.end || s.end > c.len() {
                    return Err(Problem::new(format!(
                        "span {}..{} of {} is outside the text ({} code points) or empty",
                        s.start,
                        s.end,
                        r.id,
                        c.len()
                    )));
                }
                let covered: String = c[s.start..s.end].iter().collect();
                if let Some(given) = &s.text
                    && *given != covered
                {
                    return Err(Problem::new(format!(
                        "span {}..{} of {} says {given:?} but the text there is {covered:?}; are the offsets code points?",
                        s.start, s.end, r.id
                    )));
                }
                covered
            }
            None => {
                assumed.insert("lines without `text`: the document is taken to be the gold's text; covered text is not checked".into());
                s.text.unwrap_or_default()
            }
        };
        let id = s.id.unwrap_or_else(|| {
            assumed.insert("spans without `id`: numbered s1, s2, … in file order".into());
            format!("s{}", i + 1)
        });
        spans.push(Span {
            id,
            start: s.start,
            end: s.end,
            label: s.label,
            text: covered,
            attrs: s.attrs,
        });
    }
    let sha256 = match (r.sha256, &r.text) {
        (Some(h), _) => h,
        (None, Some(t)) => {
            assumed.insert("lines without `sha256`: computed from `text`".into());
            crate::core::data::ids::sha256_hex(t.as_bytes())
        }
        (None, None) => String::new(),
    };
    Ok(Record {
        id: r.id,
        text: r.text.unwrap_or_default(),
        sha256,
        meta: r.meta.unwrap_or_else(|| {
            assumed.insert("lines without `meta`: no title or date".into());
            DocumentMeta::default()
        }),
        spans,
        relations: r.relations.unwrap_or_else(|| {
            assumed.insert("lines without `relations`: none".into());
            Vec::new()
        }),
        annotator: r.annotator.unwrap_or_else(|| {
            assumed.insert(format!("lines without `annotator`: {annotator:?}"));
            annotator.to_string()
        }),
        status: r.status.unwrap_or_else(|| {
            assumed.insert("lines without `status`: done".into());
            Status::Done
        }),
    })
}
