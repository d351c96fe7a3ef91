//! The exchange-format registry: each format is one unit struct implementing [`ExchangeFormat`]
//! in its own file, listed once in [`FORMATS`](super::FORMATS). Export and import dispatch
//! through the trait; the command line's `--format` choices, the app's export menu and the
//! table of formats in `docs/formats.md` read the list. A new format is a new file and one line
//! in that list.

use super::group::Group;
use super::{ExportOptions, ImportedRecord, OutFile, Record};
use crate::core::data::error::Result;
use crate::core::data::labels::LabelSchema;
use crate::core::data::problem::Problem;
use crate::core::data::store::Dataset;
use std::io::Write;
use std::path::Path;

/// An exchange format: how it exports a group of records, what it can carry, and how
/// `import-annotations` reads it back.
pub trait ExchangeFormat: Sync {
    /// The name on the command line and in the app's export menu, such as `conll-bioes`.
    fn name(&self) -> &'static str;

    /// One line for `--help` and the table of formats in `docs/formats.md` (Markdown).
    fn describe(&self) -> &'static str;

    /// One file, or a folder.
    fn layout(&self) -> Layout;

    /// Whether `--offsets utf16` applies: the format has character offsets a tool may count in
    /// UTF-16 units. The others count code points by definition and refuse it.
    fn supports_utf16(&self) -> bool;

    /// Whether the format is flat: it cannot hold nested or overlapping spans. A flat format is
    /// handed the outermost spans only; the export counts the rest per label in
    /// [`ExportReport::left_out`](super::ExportReport::left_out).
    fn flat(&self) -> bool;

    /// Whether the format carries relations. One that does not drops them, and the export says
    /// how many in [`ExportReport::relations_left_out`](super::ExportReport::relations_left_out).
    fn carries_relations(&self) -> bool {
        false
    }

    /// Writes the files of one group of records (the whole export, or one split) to `out`.
    fn export(&self, group: &[Record], ctx: &ExportCtx, out: &mut dyn Output) -> Result<()> {
        let all = |_: &str| true;
        let group = Group::new(&group, &all, false);
        let written = self.export_group(&group, ctx, out);
        group.failure().map_or(written, Err)
    }

    /// Writes the files of one group to `out`, going through its records with [`Group::each`]
    /// (once, or more when the format must know something of all of them first) and writing
    /// each file through [`Output::file`] a record at a time, so an export holds one record at
    /// a time whatever the size of the dataset.
    fn export_group(&self, group: &Group, ctx: &ExportCtx, out: &mut dyn Output) -> Result<()>;

    /// Files written once per export, beside the groups (such as a labelling config).
    fn extra_files(&self, labels: &LabelSchema, out: &mut dyn Output) -> Result<()> {
        let _ = (labels, out);
        Ok(())
    }

    /// How `import-annotations` reads the format back; `None` for an export-only format.
    fn import(&self) -> Option<Reader>;
}

/// A format in the registry.
pub type Format = &'static dyn ExchangeFormat;

impl std::fmt::Debug for dyn ExchangeFormat {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

impl PartialEq for dyn ExchangeFormat {
    fn eq(&self, other: &Self) -> bool {
        self.name() == other.name()
    }
}

impl Eq for dyn ExchangeFormat {}

/// What an export of a format is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Layout {
    /// One file per group and no extra files: without `--split`, `--out` names the file itself.
    /// `ext` is the extension the app gives the file, without the dot (`bioes.conll`).
    SingleFile {
        /// The extension, without the leading dot.
        ext: &'static str,
    },
    /// A folder of files.
    Folder,
}

/// What a format's export of one group needs besides the records.
#[derive(Clone, Copy, Debug)]
pub struct ExportCtx<'a> {
    /// The label schema.
    pub labels: &'a LabelSchema,
    /// The export settings.
    pub options: &'a ExportOptions,
    /// The file stem of the group: `data`, or the split's name.
    pub stem: &'a str,
    /// The folder of the group inside the output, for formats that write a file per document:
    /// empty, or `train/` with a split.
    pub prefix: &'a str,
}

/// Where an export writes its files.
pub trait Output {
    /// Writes the file `rel` (a path relative to the output folder) from `write`, which can
    /// stream into it a record at a time.
    fn file(
        &mut self,
        rel: &str,
        write: &mut dyn FnMut(&mut dyn Write) -> std::io::Result<()>,
    ) -> Result<()>;

    /// Writes the file `rel` from bytes built in memory.
    fn bytes(&mut self, rel: &str, bytes: &[u8]) -> Result<()> {
        self.file(rel, &mut |w| w.write_all(bytes))
    }
}

/// An output kept in memory, for tests and for callers that want the bytes.
impl Output for Vec<OutFile> {
    fn file(
        &mut self,
        rel: &str,
        write: &mut dyn FnMut(&mut dyn Write) -> std::io::Result<()>,
    ) -> Result<()> {
        let mut bytes = Vec::new();
        // Memory does not fail; a format's own error (such as serialising) still can.
        write(&mut bytes).map_err(|e| crate::core::data::error::Error::io(Path::new(rel), e))?;
        self.push((rel.to_string(), bytes));
        Ok(())
    }
}

/// Reads `path` and hands each record to `sink`, a record at a time.
pub type StreamFn =
    fn(path: &Path, sink: &mut dyn FnMut(ImportedRecord) -> Result<()>) -> Result<()>;

/// How `import-annotations` reads a format.
#[derive(Clone, Copy)]
pub enum Reader {
    /// JSON Lines: each non-blank line is parsed and made a record by this function, given the
    /// 1-based line number; its problem names the line. The import streams the file a line at
    /// a time.
    Lines(fn(usize, serde_json::Value) -> std::result::Result<ImportedRecord, Problem>),
    /// The format streams the file (or folder) itself.
    Stream(StreamFn),
    /// The format reads the file (or folder) whole. The dataset is there for formats that
    /// carry no text and align with the document (CoNLL).
    Whole(fn(&Dataset, &Path) -> Result<Vec<ImportedRecord>>),
}

/// The format called `name`.
pub fn format(name: &str) -> Option<Format> {
    super::FORMATS.iter().copied().find(|f| f.name() == name)
}

/// The names of all formats, in registry order.
pub fn names() -> Vec<&'static str> {
    super::FORMATS.iter().map(|f| f.name()).collect()
}

/// Why `import-annotations` refuses an export-only format.
pub fn export_only(format: &dyn ExchangeFormat) -> String {
    format!(
        "the {} format is export-only; import the jsonl or conll export instead",
        format.name()
    )
}

/// The file or folder name of an export of `format` made from the app for `annotator`:
/// `ANNOTATOR.EXT` for a single file, `ANNOTATOR-FORMAT` for a folder.
pub fn export_name(format: &dyn ExchangeFormat, annotator: &str) -> String {
    match format.layout() {
        Layout::SingleFile { ext } => format!("{annotator}.{ext}"),
        Layout::Folder => format!("{annotator}-{}", format.name()),
    }
}

/// `a, b and c`.
pub(super) fn and_list(items: &[&str]) -> String {
    match items {
        [] => String::new(),
        [one] => one.to_string(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::super::{FORMATS, Record};
    use super::*;
    use crate::core::data::model::{DocumentMeta, Span, Status};
    use crate::core::data::offsets::OffsetUnit;

    fn record(id: &str) -> Record {
        let text = "海门市光伏项目总投资5亿元。".to_string();
        let span = |id: &str, start, end, label: &str| Span {
            id: id.into(),
            start,
            end,
            label: label.into(),
            text: text.chars().skip(start).take(end - start).collect(),
            attrs: Default::default(),
        };
        Record {
            id: id.into(),
            sha256: crate::core::data::ids::sha256_hex(text.as_bytes()),
            meta: DocumentMeta::default(),
            spans: vec![span("s1", 0, 3, "region"), span("s2", 0, 7, "project")],
            relations: Vec::new(),
            annotator: "a".into(),
            status: Status::Done,
            text,
        }
    }

    #[test]
    fn names_are_unique_and_found() {
        let names = names();
        let mut unique = names.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), names.len(), "{names:?}");
        for f in FORMATS {
            assert_eq!(format(f.name()).map(|g| g.name()), Some(f.name()));
            assert!(!f.describe().contains('\n'), "{}: one line", f.name());
        }
        assert!(format("xml").is_none());
    }

    #[test]
    fn a_single_file_format_writes_one_file_per_group_and_no_extra_files() {
        let labels = LabelSchema::default_schema();
        let options = ExportOptions {
            offsets: OffsetUnit::CodePoint,
        };
        let records = [record("a"), record("b")];
        for f in FORMATS {
            let ctx = ExportCtx {
                labels: &labels,
                options: &options,
                stem: "train",
                prefix: "train/",
            };
            let mut group: Vec<OutFile> = Vec::new();
            f.export(&records, &ctx, &mut group).unwrap();
            let mut extra: Vec<OutFile> = Vec::new();
            f.extra_files(&labels, &mut extra).unwrap();
            if let Layout::SingleFile { .. } = f.layout() {
                assert_eq!(group.len(), 1, "{}", f.name());
                assert!(extra.is_empty(), "{}", f.name());
            } else {
                assert!(!group.is_empty(), "{}", f.name());
            }
        }
    }

    #[test]
    fn export_names_follow_the_layout() {
        let names: Vec<String> = FORMATS.iter().map(|f| export_name(*f, "ann")).collect();
        assert!(names.contains(&"ann.bioes.conll".to_string()), "{names:?}");
        assert!(names.contains(&"ann-brat".to_string()), "{names:?}");
        assert_eq!(and_list(&["a", "b", "c"]), "a, b and c");
    }
}
