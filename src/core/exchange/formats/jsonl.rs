//! The native JSONL export: one `Record` per line (schemas/record.schema.json).

use super::group::Group;
use super::{
    ExchangeFormat, ExportCtx, ExportOptions, ImportedRecord, ImportedSpan, Layout, Output, Reader,
    Record, spans_in,
};
use crate::core::data::offsets::OffsetUnit;
use crate::core::data::problem::Problem;

/// The native JSONL format.
pub struct Jsonl;

impl ExchangeFormat for Jsonl {
    fn name(&self) -> &'static str {
        "jsonl"
    }

    fn describe(&self) -> &'static str {
        "native records, one document per line (`schemas/record.schema.json`)"
    }

    fn layout(&self) -> Layout {
        Layout::SingleFile { ext: "jsonl" }
    }

    fn supports_utf16(&self) -> bool {
        true
    }

    fn flat(&self) -> bool {
        false
    }

    fn carries_relations(&self) -> bool {
        true
    }

    /// Streams the records into `<stem>.jsonl`, a line at a time.
    fn export_group(
        &self,
        group: &Group,
        ctx: &ExportCtx,
        out: &mut dyn Output,
    ) -> crate::core::data::error::Result<()> {
        out.file(&format!("{}.jsonl", ctx.stem), &mut |w| {
            group.each(&mut |r| write_record(r, ctx.options, w))
        })
    }

    fn import(&self) -> Option<Reader> {
        Some(Reader::Lines(record))
    }
}

/// Writes the records into `w`, one per line.
pub fn write(
    records: &[Record],
    opts: &ExportOptions,
    w: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    records.iter().try_for_each(|r| write_record(r, opts, w))
}

/// Writes one record as a line into `w`.
pub fn write_record(
    r: &Record,
    opts: &ExportOptions,
    w: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    if opts.offsets == OffsetUnit::CodePoint {
        // Code points are the native unit: serialise the record as it is, with no copy.
        serde_json::to_writer(&mut *w, r).map_err(std::io::Error::other)?;
    } else {
        let line = Record {
            spans: spans_in(r, opts.offsets),
            ..r.clone()
        };
        serde_json::to_writer(&mut *w, &line).map_err(std::io::Error::other)?;
    }
    w.write_all(b"\n")
}

/// Reads native JSONL back.
pub fn import(bytes: &[u8]) -> Result<Vec<ImportedRecord>, Problem> {
    super::read_jsonl(bytes, record)
}

/// The record of line `n`, parsed as `v`; a problem names the line.
pub fn record(n: usize, v: serde_json::Value) -> Result<ImportedRecord, Problem> {
    let r: Record = serde_json::from_value(v).map_err(|e| Problem::on_line(n, e.to_string()))?;
    Ok(ImportedRecord {
        id: Some(r.id),
        text: Some(r.text),
        spans: r
            .spans
            .into_iter()
            .map(|s| ImportedSpan {
                key: s.id,
                start: s.start,
                end: s.end,
                label: s.label,
                text: Some(s.text),
                attrs: s.attrs,
            })
            .collect(),
        relations: r
            .relations
            .into_iter()
            .map(|rel| (rel.kind, rel.from, rel.to))
            .collect(),
        status: Some(r.status),
        origin: None,
    })
}
