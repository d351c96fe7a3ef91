//! Character-level CoNLL with IOB2 or BIOES tags: one `char<TAB>tag` per line, a blank line
//! between sentences, and `-DOCSTART- <id><TAB>O` before each document.
//!
//! Sentences end after 。！？ and at line breaks, except inside a span (a span is never cut in
//! two). Line breaks that end a sentence are not written. Every other whitespace character (a
//! space, U+3000, a tab, a line break inside a span) is written as a visible stand-in token
//! `U+XXXX`, so each token is exactly one character of the text and the file reads back
//! losslessly. Flat tags cannot hold nested spans: the outermost span is kept and the rest are
//! counted in the export report.

use super::group::Group;
use super::{
    ExchangeFormat, ExportCtx, ImportedRecord, ImportedSpan, Layout, Output, Reader, Record,
    char_tags, spans_from_tags,
};
use crate::core::data::error::Error;
use crate::core::data::problem::Problem;
use crate::core::data::store::Dataset;
use std::path::Path;

/// Character-level CoNLL with IOB2 tags.
pub struct Conll;

/// Character-level CoNLL with BIOES tags.
pub struct ConllBioes;

impl ExchangeFormat for Conll {
    fn name(&self) -> &'static str {
        "conll"
    }

    fn describe(&self) -> &'static str {
        "character-level IOB2, `char<TAB>tag`, `-DOCSTART- <id><TAB>O` before each document"
    }

    fn layout(&self) -> Layout {
        Layout::SingleFile { ext: "conll" }
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
        write_group(group, false, ctx, out)
    }

    fn import(&self) -> Option<Reader> {
        Some(Reader::Whole(read_path))
    }
}

impl ExchangeFormat for ConllBioes {
    fn name(&self) -> &'static str {
        "conll-bioes"
    }

    fn describe(&self) -> &'static str {
        "character-level BIOES, otherwise as `conll`"
    }

    fn layout(&self) -> Layout {
        Layout::SingleFile { ext: "bioes.conll" }
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
        write_group(group, true, ctx, out)
    }

    /// Tags are read as IOB2 or BIOES alike.
    fn import(&self) -> Option<Reader> {
        Some(Reader::Whole(read_path))
    }
}

/// Reads the CoNLL file `path` and aligns each document with its text in `ds`: CoNLL carries
/// no text, so documents match by id.
fn read_path(ds: &Dataset, path: &Path) -> crate::core::data::error::Result<Vec<ImportedRecord>> {
    let bytes =
        crate::core::data::fsio::read_bounded(path, crate::core::data::fsio::MAX_JSON_BYTES * 4)?;
    let docs = import(&bytes).map_err(|p| p.in_file(path))?;
    docs.into_iter()
        .map(|(id, sentences)| {
            let doc = ds.document(&id).map_err(|_| Error::invalid(path, "", format!("document {id:?} of the CoNLL file is not in the dataset (CoNLL carries no text, so it matches by id)")))?;
            align(&id, &doc.text, &sentences).map_err(|p| p.in_file(path))
        })
        .collect()
}

/// The token written for one character.
pub fn token(c: char) -> String {
    if c.is_whitespace() {
        format!("U+{:04X}", c as u32)
    } else {
        c.to_string()
    }
}

/// The character a token stands for.
pub fn untoken(t: &str) -> Option<char> {
    let mut chars = t.chars();
    match (chars.next(), chars.next()) {
        (Some(c), None) => Some(c),
        _ => t
            .strip_prefix("U+")
            .and_then(|hex| u32::from_str_radix(hex, 16).ok())
            .and_then(char::from_u32),
    }
}

/// Sentences of a text as lists of code-point positions (line breaks between sentences left
/// out), never cutting inside one of `spans`.
pub fn sentences(text: &str, spans: &[super::Span]) -> Vec<Vec<usize>> {
    let chars: Vec<char> = text.chars().collect();
    let inside = |pos: usize| spans.iter().any(|s| s.start < pos && pos < s.end);
    let mut out = Vec::new();
    let mut cur = Vec::new();
    for (i, &c) in chars.iter().enumerate() {
        if c == '\n' && !inside(i) && !inside(i + 1) {
            if !cur.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
            continue;
        }
        cur.push(i);
        if matches!(c, '。' | '！' | '？') && !inside(i + 1) {
            out.push(std::mem::take(&mut cur));
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

/// One CoNLL file of records whose spans do not overlap (the export hands a flat format the
/// outermost spans).
pub fn export(records: &[Record], bioes: bool) -> Vec<u8> {
    let mut out = String::new();
    for r in records {
        write_document(r, bioes, &mut out);
    }
    out.into_bytes()
}

/// `<stem>.conll` of a group, a document at a time.
fn write_group(
    group: &Group,
    bioes: bool,
    ctx: &ExportCtx,
    out: &mut dyn Output,
) -> crate::core::data::error::Result<()> {
    out.file(&format!("{}.conll", ctx.stem), &mut |w| {
        let mut text = String::new();
        group.each(&mut |r| {
            text.clear();
            write_document(r, bioes, &mut text);
            w.write_all(text.as_bytes())
        })
    })
}

/// The lines of one document, into `out`.
fn write_document(r: &Record, bioes: bool, out: &mut String) {
    let chars: Vec<char> = r.text.chars().collect();
    let tags = char_tags(chars.len(), &r.spans, bioes);
    *out += &format!("-DOCSTART- {}\tO\n\n", r.id);
    for sentence in sentences(&r.text, &r.spans) {
        for i in sentence {
            *out += &format!("{}\t{}\n", token(chars[i]), tags[i]);
        }
        out.push('\n');
    }
}

/// A sentence read back: each character with its tag.
pub type Sentence = Vec<(char, String)>;

/// Reads a CoNLL file back: documents by their DOCSTART id, tokens aligned to the document text
/// later (line breaks between sentences are not in the file). A problem names the line.
pub fn import(bytes: &[u8]) -> Result<Vec<(String, Vec<Sentence>)>, Problem> {
    let text = std::str::from_utf8(bytes).map_err(|e| Problem::new(format!("not UTF-8: {e}")))?;
    let mut docs: Vec<(String, Vec<Sentence>)> = Vec::new();
    let mut sentence = Vec::new();
    for (n, line) in text.lines().enumerate() {
        if let Some(rest) = line.strip_prefix("-DOCSTART-") {
            if !sentence.is_empty()
                && let Some(d) = docs.last_mut()
            {
                d.1.push(std::mem::take(&mut sentence));
            }
            let id = rest
                .split('\t')
                .next()
                .unwrap_or_default()
                .trim()
                .to_string();
            docs.push((id, Vec::new()));
            continue;
        }
        if line.is_empty() {
            if !sentence.is_empty() {
                docs.last_mut()
                    .ok_or_else(|| Problem::on_line(n + 1, "tokens before the first -DOCSTART-"))?
                    .1
                    .push(std::mem::take(&mut sentence));
            }
            continue;
        }
        let (tok, tag) = line
            .split_once('\t')
            .ok_or_else(|| Problem::on_line(n + 1, "expected CHAR<TAB>TAG"))?;
        let c = untoken(tok).ok_or_else(|| {
            Problem::on_line(
                n + 1,
                format!("{tok:?} is not one character or a U+XXXX stand-in"),
            )
        })?;
        sentence.push((c, tag.to_string()));
    }
    if !sentence.is_empty()
        && let Some(d) = docs.last_mut()
    {
        d.1.push(sentence);
    }
    Ok(docs)
}

/// Aligns the sentences of one document with its text and returns the spans in code points.
pub fn align(id: &str, text: &str, sentences: &[Sentence]) -> Result<ImportedRecord, Problem> {
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    let mut rec = ImportedRecord {
        id: Some(id.to_string()),
        text: Some(text.to_string()),
        ..ImportedRecord::default()
    };
    for sentence in sentences {
        let mut tagged = Vec::with_capacity(sentence.len());
        for (c, tag) in sentence {
            while i < chars.len() && chars[i] == '\n' && *c != '\n' {
                i += 1;
            }
            if i >= chars.len() || chars[i] != *c {
                return Err(Problem::new(format!(
                    "{id}: the CoNLL characters differ from the document text at code point {i}"
                )));
            }
            tagged.push((i, tag.clone()));
            i += 1;
        }
        for (start, end, label) in spans_from_tags(&tagged) {
            rec.spans.push(ImportedSpan {
                key: format!("{}", rec.spans.len() + 1),
                start,
                end,
                label,
                text: None,
                attrs: Default::default(),
            });
        }
    }
    Ok(rec)
}
