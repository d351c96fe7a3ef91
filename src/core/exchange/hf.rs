//! HuggingFace `datasets` JSONL: `{"id", "tokens", "ner_tags"}` per document, where the tokens
//! are the characters of the text (whitespace as `U+XXXX` stand-ins, as in the CoNLL export, so
//! token i is code point i) and the tags are ids into `tags.json`, the ordered IOB2 tag names
//! (`O`, then `B-`/`I-` per label in labels.ron order, so the order is stable across releases).

use super::{ExportReport, OutFile, Record, char_tags, outermost, tag_names};
use crate::core::labels::LabelSchema;
use serde_json::json;

/// The JSONL file of one split; `tags.json` is written once by `tags_file`.
pub fn export(
    records: &[Record],
    labels: &LabelSchema,
    stem: &str,
    report: &mut ExportReport,
) -> Vec<OutFile> {
    let names = tag_names(labels, false);
    let mut out = Vec::new();
    for r in records {
        let (kept, left) = outermost(&r.spans);
        for (label, n) in left {
            *report.left_out.entry(label).or_default() += n;
        }
        report.spans += kept.len();
        let chars: Vec<char> = r.text.chars().collect();
        let tags = char_tags(chars.len(), &kept, false);
        let ids: Vec<usize> = tags
            .iter()
            .map(|t| names.iter().position(|n| n == t).unwrap_or(0))
            .collect();
        let tokens: Vec<String> = chars.iter().map(|&c| super::conll::token(c)).collect();
        serde_json::to_writer(
            &mut out,
            &json!({"id": r.id, "tokens": tokens, "ner_tags": ids}),
        )
        .expect("json serialises");
        out.push(b'\n');
    }
    vec![(format!("{stem}.jsonl"), out)]
}

/// `tags.json`: the ordered tag names.
pub fn tags_file(labels: &LabelSchema) -> OutFile {
    let mut bytes = serde_json::to_vec_pretty(&tag_names(labels, false)).expect("json serialises");
    bytes.push(b'\n');
    ("tags.json".into(), bytes)
}
