//! brat standoff: `<id>.txt` (the text, unchanged) and `<id>.ann` per document, plus
//! `annotation.conf`. Offsets are code points, end exclusive. A span across a line break is
//! written as two fragments (`T1 label 10 13;14 18`), as brat requires, and its text joins the
//! fragments with a space. Attributes go to `A` lines (choices and flags), region codes to `N`
//! lines, and the full attribute object to an `AnnotatorNotes` line that import reads back.

use super::group::Group;
use super::{
    ExchangeFormat, ExportCtx, ImportedRecord, ImportedSpan, Layout, OutFile, Output, Reader,
    Record,
};
use crate::core::data::error::Error;
use crate::core::data::labels::{AttributeKind, LabelSchema};
use crate::core::data::offsets::OffsetMap;
use crate::core::data::problem::Problem;
use crate::core::data::store::Dataset;
use std::path::Path;

/// brat standoff.
pub struct Brat;

impl ExchangeFormat for Brat {
    fn name(&self) -> &'static str {
        "brat"
    }

    fn describe(&self) -> &'static str {
        "`<id>.txt` + `<id>.ann` (`T`, `R`, `A`, `N` lines; a span across a line break becomes two fragments) and `annotation.conf`"
    }

    fn layout(&self) -> Layout {
        Layout::Folder
    }

    fn supports_utf16(&self) -> bool {
        false
    }

    fn flat(&self) -> bool {
        false
    }

    fn carries_relations(&self) -> bool {
        true
    }

    /// `annotation.conf`, and `.txt` and `.ann` per record, under the group's prefix.
    fn export_group(
        &self,
        group: &Group,
        ctx: &ExportCtx,
        out: &mut dyn Output,
    ) -> crate::core::data::error::Result<()> {
        let prefix = ctx.prefix;
        out.bytes(
            &format!("{prefix}annotation.conf"),
            config(ctx.labels).as_bytes(),
        )?;
        let written = group.each(&mut |r| {
            for (rel, bytes) in record_files(r, ctx.labels, prefix) {
                out.bytes(&rel, &bytes).map_err(|e| group.fail(e))?;
            }
            Ok(())
        });
        written.map_err(|e| Error::io(Path::new(prefix), e))
    }

    fn import(&self) -> Option<Reader> {
        Some(Reader::Whole(read_path))
    }
}

/// Reads the brat folder `path`.
fn read_path(_: &Dataset, path: &Path) -> crate::core::data::error::Result<Vec<ImportedRecord>> {
    if !path.is_dir() {
        return Err(Error::Usage(format!(
            "{}: a brat import reads a folder of .txt and .ann files",
            path.display()
        )));
    }
    import_dir(path)
}

/// The prefix of the AnnotatorNotes line that carries a span's attributes as JSON.
const ATTRS_NOTE: &str = "biaozhu-attrs ";

fn brat_name(name: &str) -> String {
    let mut chars = name.chars();
    chars
        .next()
        .map_or_else(String::new, |c| c.to_uppercase().chain(chars).collect())
}

/// `annotation.conf` for the label schema.
pub fn config(labels: &LabelSchema) -> String {
    let mut c = String::from("[entities]\n");
    for l in &labels.labels {
        c += &format!("{}\n", l.name);
    }
    c += "\n[relations]\n";
    for r in &labels.relations {
        c += &format!("{}\tArg1:{}, Arg2:{}\n", r.name, r.from, r.to);
    }
    c += "<OVERLAP>\tArg1:<ENTITY>, Arg2:<ENTITY>, <OVL-TYPE>:<ANY>\n\n[events]\n\n[attributes]\n";
    for l in &labels.labels {
        for a in &l.attributes {
            match &a.kind {
                AttributeKind::Choice(options) => {
                    c += &format!(
                        "{}\tArg:{}, Value:{}\n",
                        brat_name(&a.name),
                        l.name,
                        options.join("|")
                    )
                }
                AttributeKind::Bool => c += &format!("{}\tArg:{}\n", brat_name(&a.name), l.name),
                _ => {}
            }
        }
    }
    c
}

/// Fragments of a span: split at line breaks, as brat does not allow them inside a fragment.
fn fragments(text: &str, map: &OffsetMap, start: usize, end: usize) -> Vec<(usize, usize)> {
    let covered = map.slice(text, start, end).unwrap_or_default();
    let mut out = Vec::new();
    let mut frag_start = start;
    for (i, c) in covered.chars().enumerate() {
        if c == '\n' {
            if start + i > frag_start {
                out.push((frag_start, start + i));
            }
            frag_start = start + i + 1;
        }
    }
    if end > frag_start {
        out.push((frag_start, end));
    }
    out
}

/// `.txt` and `.ann` per record, and `annotation.conf`.
pub fn export(records: &[Record], labels: &LabelSchema, prefix: &str) -> Vec<OutFile> {
    let mut files = vec![(
        format!("{prefix}annotation.conf"),
        config(labels).into_bytes(),
    )];
    for r in records {
        files.extend(record_files(r, labels, prefix));
    }
    files
}

/// The `.txt` and `.ann` of one record.
fn record_files(r: &Record, labels: &LabelSchema, prefix: &str) -> [OutFile; 2] {
    let map = OffsetMap::new(&r.text);
    let mut ann = String::new();
    let mut t_of = std::collections::HashMap::new();
    let (mut a_n, mut n_n, mut note_n) = (0, 0, 0);
    for (i, s) in r.spans.iter().enumerate() {
        let t = format!("T{}", i + 1);
        let frags = fragments(&r.text, &map, s.start, s.end);
        let offsets: Vec<String> = frags.iter().map(|(a, b)| format!("{a} {b}")).collect();
        let text: Vec<&str> = frags
            .iter()
            .map(|(a, b)| map.slice(&r.text, *a, *b).unwrap_or_default())
            .collect();
        ann += &format!(
            "{t}\t{} {}\t{}\n",
            s.label,
            offsets.join(";"),
            text.join(" ")
        );
        let def = labels.label(&s.label);
        for (name, value) in &s.attrs {
            let kind = def
                .and_then(|d| d.attributes.iter().find(|a| &a.name == name))
                .map(|a| &a.kind);
            match (kind, value) {
                (Some(AttributeKind::Choice(_)), serde_json::Value::String(v)) => {
                    a_n += 1;
                    ann += &format!("A{a_n}\t{} {t} {v}\n", brat_name(name));
                }
                (Some(AttributeKind::Bool), serde_json::Value::Bool(true)) => {
                    a_n += 1;
                    ann += &format!("A{a_n}\t{} {t}\n", brat_name(name));
                }
                _ => {}
            }
        }
        if let Some(code) = s.attrs.get("adcode").and_then(|v| v.as_str()) {
            n_n += 1;
            let canonical = s
                .attrs
                .get("canonical")
                .and_then(|v| v.as_str())
                .unwrap_or(&s.text);
            ann += &format!("N{n_n}\tReference {t} GB2260:{code}\t{canonical}\n");
        }
        if !s.attrs.is_empty() {
            note_n += 1;
            ann += &format!(
                "#{note_n}\tAnnotatorNotes {t}\t{ATTRS_NOTE}{}\n",
                serde_json::to_string(&s.attrs).expect("attrs serialise")
            );
        }
        t_of.insert(s.id.as_str(), t);
    }
    for (i, rel) in r.relations.iter().enumerate() {
        if let (Some(f), Some(t)) = (t_of.get(rel.from.as_str()), t_of.get(rel.to.as_str())) {
            ann += &format!("R{}\t{} Arg1:{f} Arg2:{t}\n", i + 1, rel.kind);
        }
    }
    [
        (format!("{prefix}{}.txt", r.id), r.text.clone().into_bytes()),
        (format!("{prefix}{}.ann", r.id), ann.into_bytes()),
    ]
}

/// Reads one `.ann` file against its `.txt` text. Fragments of one span that are separated only
/// by line breaks join back into one span. A problem names the line of the `.ann` file.
pub fn import_ann(id: &str, text: &str, ann: &str) -> Result<ImportedRecord, Problem> {
    let mut rec = ImportedRecord {
        id: Some(id.to_string()),
        text: Some(text.to_string()),
        ..ImportedRecord::default()
    };
    let map = OffsetMap::new(text);
    for (n, line) in ann.lines().enumerate() {
        let at = |m: &str| Problem::on_line(n + 1, m);
        let mut cols = line.splitn(3, '\t');
        let (Some(key), Some(body)) = (cols.next(), cols.next()) else {
            continue;
        };
        let rest = cols.next();
        match key.chars().next() {
            Some('T') => {
                let (label, offsets) = body
                    .split_once(' ')
                    .ok_or_else(|| at("a T line needs a type and offsets"))?;
                let mut frags = Vec::new();
                for frag in offsets.split(';') {
                    let (a, b) = frag
                        .trim()
                        .split_once(' ')
                        .ok_or_else(|| at("offsets are START END"))?;
                    frags.push((
                        a.parse::<usize>().map_err(|_| at("bad start"))?,
                        b.parse::<usize>().map_err(|_| at("bad end"))?,
                    ));
                }
                let (start, end) = (
                    frags.first().map(|f| f.0).unwrap_or(0),
                    frags.last().map(|f| f.1).unwrap_or(0),
                );
                // The .ann text joins fragments with a space; compare it fragment by fragment,
                // then keep the real covered text (with its line breaks) for the later check.
                let joined: Option<Vec<&str>> =
                    frags.iter().map(|(a, b)| map.slice(text, *a, *b)).collect();
                let text_check = match (joined, rest) {
                    (Some(parts), Some(written)) if parts.join(" ") == written => {
                        map.slice(text, start, end).map(str::to_string)
                    }
                    (_, written) => Some(written.unwrap_or_default().to_string()),
                };
                rec.spans.push(ImportedSpan {
                    key: key.to_string(),
                    start,
                    end,
                    label: label.to_string(),
                    text: text_check,
                    attrs: Default::default(),
                });
            }
            Some('R') => {
                let mut parts = body.split(' ');
                let kind = parts.next().unwrap_or_default().to_string();
                let arg = |p: Option<&str>| {
                    p.and_then(|a| a.split_once(':'))
                        .map(|(_, t)| t.to_string())
                };
                let (Some(f), Some(t)) = (arg(parts.next()), arg(parts.next())) else {
                    return Err(at("an R line needs Arg1:T Arg2:T"));
                };
                rec.relations.push((kind, f, t));
            }
            Some('#') => {
                if let Some(target) = body.strip_prefix("AnnotatorNotes ")
                    && let Some(json) = rest.and_then(|r| r.strip_prefix(ATTRS_NOTE))
                {
                    let attrs = serde_json::from_str(json)
                        .map_err(|e| at(&format!("attributes note: {e}")))?;
                    if let Some(s) = rec.spans.iter_mut().find(|s| s.key == target.trim()) {
                        s.attrs = attrs;
                    }
                }
            }
            _ => {}
        }
    }
    Ok(rec)
}

/// Reads a brat folder: every `.ann` with its `.txt`. A problem in an `.ann` file is invalid
/// data at `FILE.ann:LINE`; a file that cannot be read is invalid data at that file.
pub fn import_dir(dir: &Path) -> crate::core::data::error::Result<Vec<ImportedRecord>> {
    // Unreadable files stay invalid data (exit 1), as they were before errors were typed.
    let unreadable = |path: &Path, e: std::io::Error| Error::invalid(path, "", e.to_string());
    let mut anns: Vec<std::path::PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| unreadable(dir, e))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "ann"))
        .collect();
    anns.sort();
    let mut out = Vec::new();
    for ann in anns {
        let id = ann
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let txt = ann.with_extension("txt");
        let text = std::fs::read_to_string(&txt).map_err(|e| unreadable(&txt, e))?;
        let ann_text = std::fs::read_to_string(&ann).map_err(|e| unreadable(&ann, e))?;
        out.push(import_ann(&id, &text, &ann_text).map_err(|p| p.in_file(&ann))?);
    }
    Ok(out)
}
