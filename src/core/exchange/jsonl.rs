//! The native JSONL export: one `Record` per line (schemas/record.schema.json).

use super::{ExportOptions, ImportedRecord, ImportedSpan, OutFile, Record, spans_in};
use crate::core::offsets::OffsetUnit;

/// One JSONL file of the records.
pub fn export(records: &[Record], opts: &ExportOptions, stem: &str) -> Vec<OutFile> {
    let estimate: usize = records
        .iter()
        .map(|r| r.text.len() * 2 + r.spans.len() * 120 + 512)
        .sum();
    let mut out = Vec::with_capacity(estimate);
    for r in records {
        if opts.offsets == OffsetUnit::CodePoint {
            // Code points are the native unit: serialise the record as it is, with no copy.
            serde_json::to_writer(&mut out, r).expect("records serialise");
        } else {
            let line = Record {
                spans: spans_in(r, opts.offsets),
                ..r.clone()
            };
            serde_json::to_writer(&mut out, &line).expect("records serialise");
        }
        out.push(b'\n');
    }
    vec![(format!("{stem}.jsonl"), out)]
}

/// Reads native JSONL back.
pub fn import(bytes: &[u8]) -> Result<Vec<ImportedRecord>, String> {
    super::read_jsonl(bytes, record)
}

/// The record of line `n`, parsed as `v`.
pub fn record(n: usize, v: serde_json::Value) -> Result<ImportedRecord, String> {
    let r: Record = serde_json::from_value(v).map_err(|e| format!("line {n}: {e}"))?;
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
    })
}
