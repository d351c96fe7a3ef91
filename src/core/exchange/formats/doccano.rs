//! doccano JSONL: `{"id", "text", "label": [[start, end, "label"], ...]}`, or, when the data has
//! relations, `{"id", "text", "entities": [...], "relations": [...]}` with integer entity ids.
//! doccano counts UTF-16 units by default: export with `--offsets utf16` for it.

use super::group::Group;
use super::{
    ExchangeFormat, ExportCtx, ExportOptions, ImportedRecord, ImportedSpan, Layout, Output, Reader,
    Record, spans_in,
};
use crate::core::data::problem::Problem;
use serde_json::{Value, json};

/// doccano JSONL.
pub struct Doccano;

impl ExchangeFormat for Doccano {
    fn name(&self) -> &'static str {
        "doccano"
    }

    fn describe(&self) -> &'static str {
        "JSONL, the `label` variant, or `entities` + `relations` when the data has relations; use `--offsets utf16` for doccano's default"
    }

    fn layout(&self) -> Layout {
        Layout::SingleFile {
            ext: "doccano.jsonl",
        }
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

    /// Goes through the group twice: whether any record has relations decides the variant.
    fn export_group(
        &self,
        group: &Group,
        ctx: &ExportCtx,
        out: &mut dyn Output,
    ) -> crate::core::data::error::Result<()> {
        let with_relations = any_relations(group)?;
        out.file(&format!("{}.jsonl", ctx.stem), &mut |w| {
            let mut line = Vec::new();
            group.each(&mut |r| {
                line.clear();
                write_record(r, ctx.options, with_relations, &mut line);
                w.write_all(&line)
            })
        })
    }

    fn import(&self) -> Option<Reader> {
        Some(Reader::Lines(record))
    }
}

/// The JSONL file; the relation variant when any record has relations.
pub fn export(records: &[Record], opts: &ExportOptions) -> Vec<u8> {
    let with_relations = records.iter().any(|r| !r.relations.is_empty());
    let mut out = Vec::new();
    for r in records {
        write_record(r, opts, with_relations, &mut out);
    }
    out
}

/// Whether any record of `group` has relations (reading records up to the first that has).
fn any_relations(group: &Group) -> crate::core::data::error::Result<bool> {
    let mut found = false;
    let read = group.each(&mut |r| {
        found = !r.relations.is_empty();
        match found {
            // Enough read: stop the pass.
            true => Err(std::io::Error::from(std::io::ErrorKind::Interrupted)),
            false => Ok(()),
        }
    });
    match (found, read, group.failure()) {
        (_, _, Some(e)) => Err(e),
        (false, Err(e), None) => Err(crate::core::data::error::Error::Io {
            path: Default::default(),
            message: e.to_string(),
            os: None,
        }),
        _ => Ok(found),
    }
}

/// The line of one record, into `out`: the relation variant when `with_relations`.
fn write_record(r: &Record, opts: &ExportOptions, with_relations: bool, out: &mut Vec<u8>) {
    let spans = spans_in(r, opts.offsets);
    let line = if with_relations {
        let number = |id: &str| spans.iter().position(|s| s.id == id).map(|i| i + 1);
        json!({
            "id": r.id,
            "text": r.text,
            "entities": spans.iter().enumerate().map(|(i, s)| json!({"id": i + 1, "label": s.label, "start_offset": s.start, "end_offset": s.end})).collect::<Vec<_>>(),
            "relations": r.relations.iter().enumerate().filter_map(|(i, rel)| Some(json!({"id": i + 1, "from_id": number(&rel.from)?, "to_id": number(&rel.to)?, "type": rel.kind}))).collect::<Vec<_>>(),
        })
    } else {
        json!({"id": r.id, "text": r.text, "label": spans.iter().map(|s| json!([s.start, s.end, s.label])).collect::<Vec<_>>()})
    };
    serde_json::to_writer(&mut *out, &line).expect("json serialises");
    out.push(b'\n');
}

/// Reads doccano JSONL (both variants).
pub fn import(bytes: &[u8]) -> Result<Vec<ImportedRecord>, Problem> {
    super::read_jsonl(bytes, record)
}

/// The record of line `n`, parsed as `v`; a problem names the line.
pub fn record(n: usize, v: serde_json::Value) -> Result<ImportedRecord, Problem> {
    let at = |m: &str| Problem::on_line(n, m);
    let mut rec = ImportedRecord {
        id: v
            .get("id")
            .map(|i| i.as_str().map_or_else(|| i.to_string(), str::to_string)),
        text: Some(
            v.get("text")
                .and_then(Value::as_str)
                .ok_or_else(|| at("no \"text\""))?
                .to_string(),
        ),
        ..ImportedRecord::default()
    };
    if let Some(labels) = v.get("label").and_then(Value::as_array) {
        for (i, l) in labels.iter().enumerate() {
            let (Some(s), Some(e), Some(label)) = (
                l.get(0).and_then(Value::as_u64),
                l.get(1).and_then(Value::as_u64),
                l.get(2).and_then(Value::as_str),
            ) else {
                return Err(at(&format!("label {i} is not [start, end, \"label\"]")));
            };
            rec.spans.push(ImportedSpan {
                key: format!("{}", i + 1),
                start: s as usize,
                end: e as usize,
                label: label.into(),
                text: None,
                attrs: Default::default(),
            });
        }
    }
    for e in v
        .get("entities")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        let (Some(id), Some(s), Some(end), Some(label)) = (
            e.get("id"),
            e.get("start_offset").and_then(Value::as_u64),
            e.get("end_offset").and_then(Value::as_u64),
            e.get("label").and_then(Value::as_str),
        ) else {
            return Err(at("an entity lacks id, label, start_offset or end_offset"));
        };
        rec.spans.push(ImportedSpan {
            key: id.to_string(),
            start: s as usize,
            end: end as usize,
            label: label.into(),
            text: None,
            attrs: Default::default(),
        });
    }
    for r in v
        .get("relations")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        let (Some(from), Some(to), Some(kind)) = (
            r.get("from_id"),
            r.get("to_id"),
            r.get("type").and_then(Value::as_str),
        ) else {
            return Err(at("a relation lacks from_id, to_id or type"));
        };
        rec.relations
            .push((kind.into(), from.to_string(), to.to_string()));
    }
    Ok(rec)
}
