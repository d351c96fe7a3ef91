//! HuggingFace `datasets` JSONL: `{"id", "tokens", "ner_tags"}` per document, where the tokens
//! are the characters of the text (whitespace as `U+XXXX` stand-ins, as in the CoNLL export, so
//! token i is code point i) and the tags are ids into `tags.json`, the ordered IOB2 tag names
//! (`O`, then `B-`/`I-` per label in labels.ron order, so the order is stable across releases).

use super::group::Group;
use super::{
    ExchangeFormat, ExportCtx, Layout, OutFile, Output, Reader, Record, char_tags, tag_names,
};
use crate::core::data::labels::LabelSchema;
use serde_json::json;

/// HuggingFace `datasets` JSONL and its tag list; export-only.
pub struct Hf;

impl ExchangeFormat for Hf {
    fn name(&self) -> &'static str {
        "hf"
    }

    fn describe(&self) -> &'static str {
        "`data.jsonl` with `id`, `tokens` (one per code point) and `ner_tags` (ids), plus `tags.json`; export-only"
    }

    fn layout(&self) -> Layout {
        Layout::Folder
    }

    fn supports_utf16(&self) -> bool {
        false
    }

    fn flat(&self) -> bool {
        true
    }

    fn export_group(
        &self,
        group: &Group,
        ctx: &ExportCtx,
        out: &mut dyn Output,
    ) -> crate::core::data::error::Result<()> {
        let names = tag_names(ctx.labels, false);
        out.file(&format!("{}.jsonl", ctx.stem), &mut |w| {
            let mut line = Vec::new();
            group.each(&mut |r| {
                line.clear();
                write_record(r, &names, &mut line);
                w.write_all(&line)
            })
        })
    }

    /// `tags.json`, once for all splits.
    fn extra_files(
        &self,
        labels: &LabelSchema,
        out: &mut dyn Output,
    ) -> crate::core::data::error::Result<()> {
        let (rel, bytes) = tags_file(labels);
        out.bytes(&rel, &bytes)
    }

    fn import(&self) -> Option<Reader> {
        None
    }
}

/// The JSONL file of one split, of records whose spans do not overlap (the export hands a flat
/// format the outermost spans); `tags.json` is written once by `tags_file`.
pub fn export(records: &[Record], labels: &LabelSchema) -> Vec<u8> {
    let names = tag_names(labels, false);
    let mut out = Vec::new();
    for r in records {
        write_record(r, &names, &mut out);
    }
    out
}

/// The line of one record, into `out`; `names` are the tag names in order.
fn write_record(r: &Record, names: &[String], out: &mut Vec<u8>) {
    let chars: Vec<char> = r.text.chars().collect();
    let tags = char_tags(chars.len(), &r.spans, false);
    let ids: Vec<usize> = tags
        .iter()
        .map(|t| names.iter().position(|n| n == t).unwrap_or(0))
        .collect();
    let tokens: Vec<String> = chars.iter().map(|&c| super::conll::token(c)).collect();
    serde_json::to_writer(
        &mut *out,
        &json!({"id": r.id, "tokens": tokens, "ner_tags": ids}),
    )
    .expect("json serialises");
    out.push(b'\n');
}

/// `tags.json`: the ordered tag names.
pub fn tags_file(labels: &LabelSchema) -> OutFile {
    let mut bytes = serde_json::to_vec_pretty(&tag_names(labels, false)).expect("json serialises");
    bytes.push(b'\n');
    ("tags.json".into(), bytes)
}
