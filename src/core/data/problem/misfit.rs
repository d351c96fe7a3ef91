//! The problems of a document or annotation file that `validate` finds beyond its schema, kept
//! with their parts (see [`DatasetMisfit`]).

use std::fmt;

/// How to resolve a merge conflict that the git driver wrote into an annotation file.
pub const HOW_TO_RESOLVE: &str = "keep one version of each conflict in spans or relations, set status, delete status_when_resolved and conflicts, then git add the file (or take one side whole with git checkout --ours or --theirs)";

/// A problem of a document or annotation file that its schema cannot express: its parts, so
/// that the app can say it in the annotator's language; its `Display` is the command line's
/// English.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DatasetMisfit {
    /// `document_sha256` is not the document's: the offsets refer to another text.
    OtherText,
    /// Two spans have the id.
    SpanIdTwice { id: String },
    /// Another span has the same range and label.
    DuplicateSpan {
        label: String,
        start: usize,
        end: usize,
    },
    /// The span ends where it starts, or before.
    EndNotAfterStart { start: usize, end: usize },
    /// The span ends past the text, which has `len` code points.
    EndBeyondText { end: usize, len: usize },
    /// The span's `text` is not what its offsets cover.
    TextDiffers {
        said: String,
        start: usize,
        end: usize,
        covered: String,
    },
    /// The label is not in labels.ron (`declared` lists those that are).
    UnknownLabel { label: String, declared: String },
    /// The label has no such attribute in labels.ron.
    NoSuchAttribute { label: String, name: String },
    /// A `confidence` attribute that is not a number from 0 to 1.
    BadConfidence,
    /// The span overlaps span `other`, and labels.ron forbids overlaps.
    Overlap { other: String },
    /// Two relations have the id.
    RelationIdTwice { id: String },
    /// A relation's end names no span.
    NoSuchSpan { id: String },
    /// The file's id (a document's `id`, an annotation's `document`) is not its file name.
    IdNotFileName { id: String, stem: String },
    /// An annotation's `annotator` is not its folder.
    AnnotatorNotFolder { annotator: String, folder: String },
    /// A document's text no longer hashes to its `sha256`.
    TextChanged { actual: String },
    /// An annotation whose document is invalid (`true`) or not in the dataset.
    Orphan { document_invalid: bool },
    /// The file parses and fits its JSON Schema but not the tool's types (`detail`: serde's
    /// English words).
    Unshaped { detail: String },
    /// A JSON file with none of a dataset file's keys.
    NotDatasetFile,
    /// A document file whose name is not a document id (`why`: the id rule it breaks).
    FileNameNotId { why: String },
    /// An annotator folder whose name is not an annotator name (`why`: the rule it breaks).
    AnnotatorFolder { why: String },
    /// An unresolved merge conflict (`what`: the listed conflict, said in English, or `None`
    /// when the file is marked but lists none).
    MergeConflict { what: Option<String> },
    /// Any other (an id's form, an attribute's value, a relation's type, the effort's counts),
    /// said as the command line says it.
    Other(String),
}

impl From<String> for DatasetMisfit {
    fn from(message: String) -> Self {
        DatasetMisfit::Other(message)
    }
}

impl fmt::Display for DatasetMisfit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use DatasetMisfit as M;
        match self {
            M::OtherText => f.write_str(
                "does not match the document's sha256: the offsets refer to another text",
            ),
            M::SpanIdTwice { id } => write!(f, "span id {id:?} is used twice"),
            M::DuplicateSpan { label, start, end } => {
                write!(
                    f,
                    "an exact duplicate of another {label} span at {start}..{end}"
                )
            }
            M::EndNotAfterStart { start, end } => {
                write!(f, "end {end} must be greater than start {start}")
            }
            M::EndBeyondText { end, len } => {
                write!(
                    f,
                    "end {end} is beyond the text, which has {len} code points"
                )
            }
            M::TextDiffers {
                said,
                start,
                end,
                covered,
            } => write!(
                f,
                "is {said:?} but code points {start}..{end} of the document are {covered:?} (offsets count Unicode code points, end exclusive)"
            ),
            M::UnknownLabel { label, declared } => {
                write!(f, "unknown label {label:?}; labels.ron declares {declared}")
            }
            M::NoSuchAttribute { label, name } => {
                write!(f, "label {label:?} has no attribute {name:?} in labels.ron")
            }
            M::BadConfidence => f.write_str("confidence must be a number from 0 to 1"),
            M::Overlap { other } => write!(
                f,
                "overlaps span {other:?}, and labels.ron sets allow_overlap: false"
            ),
            M::RelationIdTwice { id } => write!(f, "relation id {id:?} is used twice"),
            M::NoSuchSpan { id } => write!(f, "no span has the id {id:?}"),
            M::IdNotFileName { id, stem } => write!(f, "is {id:?} but the file is named {stem}.json"),
            M::AnnotatorNotFolder { annotator, folder } => {
                write!(f, "is {annotator:?} but the file is in the folder {folder}")
            }
            M::TextChanged { actual } => write!(
                f,
                "does not match the text (the text hashes to {actual}); the text was changed after import"
            ),
            M::Orphan {
                document_invalid: true,
            } => f.write_str("an annotation whose document is invalid"),
            M::Orphan {
                document_invalid: false,
            } => f.write_str(
                "an annotation of a document that is not in the dataset (documents/ has no such file)",
            ),
            M::Unshaped { detail } => write!(f, "does not have the expected shape: {detail}"),
            M::NotDatasetFile => {
                f.write_str("not a biaozhu dataset file (no format, spans or text key)")
            }
            M::FileNameNotId { why } => write!(
                f,
                "the file name is not a document id: {why}; rename the file"
            ),
            M::AnnotatorFolder { why } => write!(f, "annotator folder name: {why}"),
            M::MergeConflict { what: None } => {
                write!(f, "unresolved merge conflict; {HOW_TO_RESOLVE}")
            }
            M::MergeConflict { what: Some(what) } => {
                write!(f, "unresolved merge conflict: {what}; {HOW_TO_RESOLVE}")
            }
            M::Other(message) => f.write_str(message),
        }
    }
}
