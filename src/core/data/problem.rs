//! One shape for a problem, wherever it is found (after globset's `Error { glob, kind }`): a
//! [`Problem`] says where it is ([`Location`]: the file when it is known, and the place inside
//! it) and what it is ([`ProblemKind`], whose text is the message).
//!
//! Reading one input (a record line, a `labels.ron`, a source article), `validate`, verifying a
//! release and `import-annotations` all report problems in this shape; the CLI prints them,
//! `validate --format json` and the CI reports serialise them, and the app lists them. A
//! problem that stops a command becomes an [`Error::Invalid`] with [`Problem::in_file`].

use serde::Serialize;
use serde::ser::SerializeStruct;
use std::fmt;
use std::path::{Path, PathBuf};

mod misfit;
mod parse_trouble;
mod schema_misfit;
mod schema_rule;
pub use misfit::{DatasetMisfit, HOW_TO_RESOLVE};
pub use parse_trouble::{ParseTrouble, ParseTroubleKind, TextFormat};
pub use schema_misfit::{DisplayGroup, SchemaMisfit};
pub use schema_rule::{SchemaRule, SchemaRuleKind};

/// A problem: where it is and what it is. Its text is `LOCATION: MESSAGE` (with `warning: `
/// before the message of a warning), or the message alone when the location is empty.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    /// Where: the file, when known, and the place inside it.
    pub at: Location,
    /// What is wrong; its text is the message.
    pub kind: ProblemKind,
}

/// Where a problem is: the file (when known) and the place inside it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Location {
    /// The file; `None` while the input is read by a caller that does not know its file.
    pub file: Option<PathBuf>,
    /// The place in the file (or in the input).
    pub place: Place,
}

/// A place inside a file or an input.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum Place {
    /// The whole file or input (no place within it).
    #[default]
    Whole,
    /// A 1-based line: `3`.
    Line(usize),
    /// A JSON pointer such as `/spans/0/end` (or a place an [`Error::Invalid`] already spelled,
    /// kept as it was written). Never empty: an empty pointer is [`Place::Whole`].
    Pointer(String),
    /// An input record, by its id: `doc-7`.
    Record(String),
    /// An input record without an id, by its 1-based number: `record 3`.
    RecordNumber(usize),
    /// A task of a Label Studio list, by its 1-based number: `task 3 of the list`.
    Task(usize),
    /// A document of the dataset, by its id: `d1`.
    Document(String),
}

/// How bad a problem is (`severity` in `validate --format json`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The data is invalid.
    Error,
    /// Worth a look, but valid.
    Warning,
}

/// What a problem is. Its `Display` is the message, without the location.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ProblemKind {
    /// The input is not valid: what is wrong and, where it helps, what to do.
    Invalid(String),
    /// Valid, but worth a look (a warning of `validate`).
    Warning(String),
    /// A document whose text another document (`first`) has too: a warning.
    SameText { first: String },
    /// labels.ron cannot be read, so the labels are checked against the default schema: a
    /// warning beside the reason.
    DefaultSchemaInstead,
    /// A release's manifest names another version than its folder (`/version` of it).
    ReleaseVersion { found: String, folder: String },
    /// A release's manifest lists a name that is not a plain file name.
    ReleaseFileName,
    /// A released file whose bytes no longer have their recorded sha256.
    ReleaseFileChanged { version: String },
    /// A released file that is gone.
    ReleaseFileMissing { version: String },
    /// A file in a release folder that the release does not list.
    ReleaseFileAdded { version: String },
    /// An input record for a document that an earlier record of the input had.
    RecordTwice { document: String },
    /// An input record whose id names a document with another text.
    TextDiffers { document: String },
    /// An input record that matches no document, by text or by id.
    NoDocument,
    /// An input span that does not fit its document (boxed, as it is the rare large one).
    SpanSkipped(Box<SkippedSpan>),
    /// An input relation that cannot be kept (boxed, as it is the rare large one).
    RelationSkipped(Box<SkippedRelation>),
    /// What `validate` finds in a document or annotation file that its schema cannot see
    /// (boxed, as some carry two texts).
    Dataset(Box<DatasetMisfit>),
    /// A file that could not be parsed (JSON or RON), with what the parser said.
    Parse(Box<ParseTrouble>),
    /// A label schema that parses but cannot be used.
    Schema(Box<SchemaMisfit>),
    /// A rule of the file's JSON Schema that the file breaks.
    SchemaRule(Box<SchemaRule>),
}

/// An input span that does not fit its document: its key, offsets and label, and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SkippedSpan {
    /// The span's key in the input.
    pub key: String,
    /// Its start, in the input's unit.
    pub start: usize,
    /// Its end, in the input's unit.
    pub end: usize,
    /// Its label.
    pub label: String,
    /// Why it does not fit.
    pub why: SpanMisfit,
}

/// An input relation that cannot be kept: its document, type and ends (input span keys), and
/// why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SkippedRelation {
    /// The document of the record.
    pub document: String,
    /// The relation type.
    pub relation: String,
    /// The key of its from end.
    pub from: String,
    /// The key of its to end.
    pub to: String,
    /// Why it cannot be kept.
    pub why: String,
}

/// Why an input span does not fit its document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SpanMisfit {
    /// An offset is past the text or inside a character (in the input's unit).
    Outside,
    /// The span is empty or ends before it starts.
    EmptyOrReversed,
    /// The span says it covers `said`, but the document has `covered` there.
    TextDiffers { said: String, covered: String },
    /// The label is not in `labels.ron`.
    UnknownLabel,
}

impl Problem {
    /// A problem of `kind`, with no place within its input.
    pub fn of(kind: ProblemKind) -> Self {
        Problem {
            at: Location::default(),
            kind,
        }
    }

    /// Invalid input, with no place within it.
    pub fn new(message: impl Into<String>) -> Self {
        Problem {
            at: Location::default(),
            kind: ProblemKind::Invalid(message.into()),
        }
    }

    /// Invalid input at `pointer` (a JSON pointer, or a place already spelled; empty for the
    /// whole input).
    pub fn at(pointer: impl Into<String>, message: impl Into<String>) -> Self {
        Problem {
            at: Location::pointer(pointer),
            kind: ProblemKind::Invalid(message.into()),
        }
    }

    /// Invalid input on the 1-based line `n`.
    pub fn on_line(n: usize, message: impl Into<String>) -> Self {
        Problem {
            at: Location::line(n),
            kind: ProblemKind::Invalid(message.into()),
        }
    }

    /// An error (invalid data) in `file` at `pointer` (empty for the whole file).
    pub fn error(file: &Path, pointer: impl Into<String>, message: impl Into<String>) -> Self {
        Problem {
            at: Location::pointer(pointer).in_file(file),
            kind: ProblemKind::Invalid(message.into()),
        }
    }

    /// A warning about `file` at `pointer` (empty for the whole file).
    pub fn warning(file: &Path, pointer: impl Into<String>, message: impl Into<String>) -> Self {
        Problem {
            at: Location::pointer(pointer).in_file(file),
            kind: ProblemKind::Warning(message.into()),
        }
    }

    /// The message: the kind's text, without the location.
    pub fn message(&self) -> String {
        self.kind.to_string()
    }

    /// How bad it is: a warning, or else an error.
    pub fn severity(&self) -> Severity {
        match self.kind {
            ProblemKind::Warning(_)
            | ProblemKind::SameText { .. }
            | ProblemKind::DefaultSchemaInstead => Severity::Warning,
            _ => Severity::Error,
        }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let warn = match self.severity() {
            Severity::Warning => "warning: ",
            Severity::Error => "",
        };
        if self.at.is_empty() {
            write!(f, "{warn}{}", self.kind)
        } else {
            write!(f, "{}: {warn}{}", self.at, self.kind)
        }
    }
}

impl std::error::Error for Problem {}

/// The shape of a problem in `validate --format json`, which scripts read:
/// `{"file", "pointer", "severity", "message"}`, the file `""` and the pointer `""` when
/// there is none.
impl Serialize for Problem {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut out = s.serialize_struct("Problem", 4)?;
        out.serialize_field("file", self.at.file.as_deref().unwrap_or(Path::new("")))?;
        out.serialize_field("pointer", &self.at.place.to_string())?;
        out.serialize_field("severity", &self.severity())?;
        out.serialize_field("message", &self.message())?;
        out.end()
    }
}

impl Location {
    /// The whole of `file`.
    pub fn file(file: &Path) -> Self {
        Location::default().in_file(file)
    }

    /// The 1-based line `n` (of an input whose file is not known yet).
    pub fn line(n: usize) -> Self {
        Location::from(Place::Line(n))
    }

    /// The JSON pointer `pointer`; the whole input when it is empty.
    pub fn pointer(pointer: impl Into<String>) -> Self {
        let pointer = pointer.into();
        Location::from(if pointer.is_empty() {
            Place::Whole
        } else {
            Place::Pointer(pointer)
        })
    }

    /// This place in `file`.
    pub fn in_file(self, file: &Path) -> Self {
        Location {
            file: Some(file.to_path_buf()),
            ..self
        }
    }

    /// Whether this says nothing: no file and the whole input.
    pub fn is_empty(&self) -> bool {
        self.file.is_none() && self.place.is_whole()
    }
}

impl From<Place> for Location {
    fn from(place: Place) -> Self {
        Location { file: None, place }
    }
}

/// `FILE`, `FILE:LINE` or `FILE:POINTER`, `FILE: RECORD`, or the place alone without a file.
impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let Some(file) = &self.file else {
            return write!(f, "{}", self.place);
        };
        match &self.place {
            p if p.is_whole() => write!(f, "{}", file.display()),
            Place::Line(_) | Place::Pointer(_) => write!(f, "{}:{}", file.display(), self.place),
            p => write!(f, "{}: {p}", file.display()),
        }
    }
}

impl Place {
    /// Whether this is the whole file or input.
    pub fn is_whole(&self) -> bool {
        match self {
            Place::Whole => true,
            Place::Pointer(p) => p.is_empty(),
            _ => false,
        }
    }
}

impl fmt::Display for Place {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Place::Whole => Ok(()),
            Place::Line(n) => write!(f, "{n}"),
            Place::RecordNumber(n) => write!(f, "record {n}"),
            Place::Task(n) => write!(f, "task {n} of the list"),
            Place::Pointer(s) | Place::Record(s) | Place::Document(s) => f.write_str(s),
        }
    }
}

impl fmt::Display for ProblemKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ProblemKind::Invalid(m) | ProblemKind::Warning(m) => f.write_str(m),
            ProblemKind::SameText { first } => write!(
                f,
                "has the same text as document {first}; delete one of them"
            ),
            ProblemKind::DefaultSchemaInstead => {
                f.write_str("labels and attributes are checked against the default schema instead")
            }
            ProblemKind::Dataset(m) => m.fmt(f),
            ProblemKind::Parse(trouble) => trouble.fmt(f),
            ProblemKind::Schema(m) => m.fmt(f),
            ProblemKind::SchemaRule(r) => r.fmt(f),
            ProblemKind::ReleaseVersion { found, folder } => {
                write!(f, "is {found:?} but the folder is {folder}")
            }
            ProblemKind::ReleaseFileName => f.write_str("is not a plain file name"),
            ProblemKind::ReleaseFileChanged { version } => write!(
                f,
                "was changed after release {version} was made (its sha256 differs); releases are immutable: restore the file, or make a new release"
            ),
            ProblemKind::ReleaseFileMissing { version } => {
                write!(f, "is missing from release {version}")
            }
            ProblemKind::ReleaseFileAdded { version } => {
                write!(
                    f,
                    "is not part of release {version} (added after it was made)"
                )
            }
            ProblemKind::RecordTwice { document } => write!(
                f,
                "document {document} appears twice in the input; the first one was used"
            ),
            ProblemKind::TextDiffers { document } => write!(
                f,
                "the text differs from document {document:?} (its sha256 does not match); not imported"
            ),
            ProblemKind::NoDocument => {
                f.write_str("no document has this text or id; use --create-documents to add it")
            }
            ProblemKind::SpanSkipped(span) => write!(f, "{span}"),
            ProblemKind::RelationSkipped(relation) => write!(f, "{relation}"),
        }
    }
}

impl fmt::Display for SkippedSpan {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let SkippedSpan {
            key,
            start,
            end,
            label,
            why,
        } = self;
        write!(f, "span {key} {start}..{end} {label}: {why}")
    }
}

impl fmt::Display for SkippedRelation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let SkippedRelation {
            document,
            relation,
            from,
            to,
            why,
        } = self;
        write!(
            f,
            "document {document}: relation {relation} {from} -> {to}: {why}; skipped"
        )
    }
}

impl fmt::Display for SpanMisfit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SpanMisfit::Outside => {
                f.write_str("the offsets are outside the text or inside a character")
            }
            SpanMisfit::EmptyOrReversed => f.write_str("empty or reversed"),
            SpanMisfit::TextDiffers { said, covered } => write!(
                f,
                "says it covers {said:?} but the text there is {covered:?}; skipped, not shifted"
            ),
            SpanMisfit::UnknownLabel => f.write_str("the label is not in labels.ron"),
        }
    }
}

#[cfg(test)]
mod tests;
