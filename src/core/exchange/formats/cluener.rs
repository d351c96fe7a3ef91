//! CLUENER2020 JSONL: `{"id", "text", "label": {label: {mention: [[start, end], ...]}}}` with an
//! **inclusive** end. Extra keys (`id`) are ignored by CLUENER readers.

use super::group::Group;
use super::{
    ExchangeFormat, ExportCtx, ExportOptions, ImportedRecord, ImportedSpan, Layout, Output, Reader,
    Record, spans_in,
};
use crate::core::data::problem::Problem;
use serde_json::{Map, Value, json};

/// CLUENER2020 JSONL.
pub struct Cluener;

impl ExchangeFormat for Cluener {
    fn name(&self) -> &'static str {
        "cluener"
    }

    fn describe(&self) -> &'static str {
        "CLUENER2020 JSONL, inclusive ends"
    }

    fn layout(&self) -> Layout {
        Layout::SingleFile {
            ext: "cluener.json",
        }
    }

    fn supports_utf16(&self) -> bool {
        true
    }

    fn flat(&self) -> bool {
        false
    }

    fn export_group(
        &self,
        group: &Group,
        ctx: &ExportCtx,
        out: &mut dyn Output,
    ) -> crate::core::data::error::Result<()> {
        out.file(&format!("{}.json", ctx.stem), &mut |w| {
            let mut line = Vec::new();
            group.each(&mut |r| {
                line.clear();
                write_record(r, ctx.options, &mut line);
                w.write_all(&line)
            })
        })
    }

    fn import(&self) -> Option<Reader> {
        Some(Reader::Lines(record))
    }
}

/// The JSONL file.
pub fn export(records: &[Record], opts: &ExportOptions) -> Vec<u8> {
    let mut out = Vec::new();
    for r in records {
        write_record(r, opts, &mut out);
    }
    out
}

/// The line of one record, into `out`.
fn write_record(r: &Record, opts: &ExportOptions, out: &mut Vec<u8>) {
    let mut label: Map<String, Value> = Map::new();
    for s in spans_in(r, opts.offsets) {
        let mentions = label
            .entry(s.label.clone())
            .or_insert_with(|| Value::Object(Map::new()));
        let list = mentions
            .as_object_mut()
            .expect("object")
            .entry(s.text.clone())
            .or_insert_with(|| json!([]));
        list.as_array_mut()
            .expect("array")
            .push(json!([s.start, s.end - 1]));
    }
    serde_json::to_writer(
        &mut *out,
        &json!({"id": r.id, "text": r.text, "label": label}),
    )
    .expect("json serialises");
    out.push(b'\n');
}

/// Reads CLUENER JSONL.
pub fn import(bytes: &[u8]) -> Result<Vec<ImportedRecord>, Problem> {
    super::read_jsonl(bytes, record)
}

/// The record of line `n`, parsed as `v`; a problem names the line.
pub fn record(n: usize, v: serde_json::Value) -> Result<ImportedRecord, Problem> {
    let at = |m: &str| Problem::on_line(n, m);
    let mut rec = ImportedRecord {
        id: v.get("id").and_then(Value::as_str).map(str::to_string),
        text: Some(
            v.get("text")
                .and_then(Value::as_str)
                .ok_or_else(|| at("no \"text\""))?
                .to_string(),
        ),
        ..ImportedRecord::default()
    };
    for (label, mentions) in v
        .get("label")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
    {
        for (mention, ranges) in mentions.as_object().into_iter().flatten() {
            for range in ranges.as_array().into_iter().flatten() {
                let (Some(s), Some(e)) = (
                    range.get(0).and_then(Value::as_u64),
                    range.get(1).and_then(Value::as_u64),
                ) else {
                    return Err(at(&format!(
                        "{label}/{mention}: a range is not [start, end]"
                    )));
                };
                rec.spans.push(ImportedSpan {
                    key: format!("{}", rec.spans.len() + 1),
                    start: s as usize,
                    end: e as usize + 1,
                    label: label.clone(),
                    text: Some(mention.clone()),
                    attrs: Default::default(),
                });
            }
        }
    }
    Ok(rec)
}
