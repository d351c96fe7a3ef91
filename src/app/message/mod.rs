//! Messages shown at the top of the window. An error keeps the kind of the core error it came
//! from, so the window can tell a dataset locked by another process (wait, or close the other
//! window) from bad data (fix the file).

use super::i18n::Language;
use crate::core::data::error::{EditError, Error, ErrorKind};
use crate::core::data::problem::{
    DatasetMisfit, DisplayGroup, Location, ParseTrouble, ParseTroubleKind, Problem, ProblemKind,
    SchemaMisfit, SchemaRule, SchemaRuleKind, Severity, SpanMisfit,
};
use crate::tr;
use std::path::Path;

/// A message shown in the window.
#[derive(Clone, Debug, PartialEq)]
pub struct Message {
    /// What happened.
    pub text: String,
    /// The kind of error, or `None` for information.
    pub error_kind: Option<ErrorKind>,
}

impl Message {
    /// Information (an export finished, nothing to undo).
    pub fn info(text: impl Into<String>) -> Self {
        Message {
            text: text.into(),
            error_kind: None,
        }
    }

    /// An error, with the core error's text and kind. The app's own usage errors are written in
    /// the window's language already; a core error gets a first line in `lang` that says what
    /// kind of trouble it is and what to do, above its details (see [`details`]).
    pub fn error(lang: Language, error: &Error) -> Self {
        let kind = error.kind();
        let lead = match kind {
            ErrorKind::Usage => None,
            ErrorKind::Io => Some(tr!(lang, "error-io")),
            ErrorKind::Invalid => Some(tr!(lang, "error-invalid")),
            ErrorKind::NewerFormat => Some(tr!(lang, "error-newer-format")),
            ErrorKind::OlderFormat => Some(tr!(lang, "error-older-format")),
            ErrorKind::Conflict => Some(tr!(lang, "error-conflict")),
            ErrorKind::Edit => Some(tr!(lang, "error-edit")),
            ErrorKind::ReadOnly => Some(tr!(lang, "error-read-only")),
            ErrorKind::Locked => Some(tr!(lang, "error-locked")),
        };
        Message {
            text: match lead {
                Some(lead) => format!("{lead}\n{}", details(lang, error)),
                None => error.to_string(),
            },
            error_kind: Some(kind),
        }
    }

    /// Whether this is an error.
    pub fn is_error(&self) -> bool {
        self.error_kind.is_some()
    }

    /// Whether this says that another process holds the dataset: nothing is wrong with the data,
    /// it just cannot be written from here now.
    pub fn is_lock(&self) -> bool {
        self.error_kind == Some(ErrorKind::Locked)
    }
}

/// A core error's details in `lang`. The errors whose parts are known (a format version, a lock,
/// an edit that does not apply) are said in full; the others name their place (file and JSON
/// pointer or line) in `lang` and keep the core's own words as the detail, which are English,
/// the command line's language (the Chinese texts say so).
pub fn details(lang: Language, error: &Error) -> String {
    let shown = |p: &Path| p.display().to_string();
    let at = |place: Location, detail: &str| {
        tr!(
            lang,
            "error-detail-at",
            place = place.to_string(),
            detail = detail
        )
    };
    match error {
        Error::NewerFormat {
            path,
            found,
            supported,
        } => tr!(
            lang,
            "error-detail-newer-format",
            path = shown(path),
            found = *found,
            supported = *supported
        ),
        Error::OlderFormat {
            dir,
            found,
            supported,
        } => tr!(
            lang,
            "error-detail-older-format",
            path = shown(dir),
            found = *found,
            supported = *supported
        ),
        Error::Locked { path } => tr!(lang, "error-detail-locked", path = shown(path)),
        Error::Edit(e) => edit_details(lang, e),
        // The place as the command line writes it (`FILE:POINTER`, or the file alone).
        Error::Invalid {
            path,
            pointer,
            typed: Some(kind),
            ..
        } => tr!(
            lang,
            "problem-at",
            place = Location::pointer(pointer.as_str())
                .in_file(path)
                .to_string(),
            what = kind_text(lang, kind)
        ),
        Error::Invalid {
            path,
            pointer,
            message,
            typed: None,
        } => at(Location::pointer(pointer.as_str()).in_file(path), message),
        Error::Io { path, message, os } => match os.and_then(os_word) {
            Some(word) => tr!(
                lang,
                "error-detail-os",
                place = Location::file(path).to_string(),
                kind = word,
                english = message
            ),
            None => at(Location::file(path), message),
        },
        Error::ReadOnly { path, reason } => at(Location::file(path), reason),
        Error::Conflict(detail) | Error::Usage(detail) => {
            tr!(lang, "error-detail", detail = detail)
        }
    }
}

/// The Fluent selector of an operating system's error that the window says in its language.
fn os_word(kind: std::io::ErrorKind) -> Option<&'static str> {
    use std::io::ErrorKind as K;
    Some(match kind {
        K::NotFound => "not-found",
        K::PermissionDenied => "permission-denied",
        K::AlreadyExists => "already-exists",
        K::StorageFull => "storage-full",
        K::ReadOnlyFilesystem => "read-only-filesystem",
        K::IsADirectory => "is-a-directory",
        K::NotADirectory => "not-a-directory",
        K::DirectoryNotEmpty => "directory-not-empty",
        K::InvalidFilename => "invalid-filename",
        _ => return None,
    })
}

/// Why an edit does not apply, in `lang`.
fn edit_details(lang: Language, error: &EditError) -> String {
    match error {
        EditError::BadRange(start, end) => {
            tr!(lang, "error-edit-bad-range", start = *start, end = *end)
        }
        EditError::Duplicate { start, end, label } => tr!(
            lang,
            "error-edit-duplicate",
            start = *start,
            end = *end,
            label = label
        ),
        EditError::Missing(id) => tr!(lang, "error-edit-missing", id = id),
        EditError::IdTaken(id) => tr!(lang, "error-edit-id-taken", id = id),
        EditError::Stale => tr!(lang, "error-edit-stale"),
        EditError::Unsettled {
            left,
            accept,
            reject,
        } => tr!(
            lang,
            "error-edit-unsettled",
            left = *left,
            accept = accept,
            reject = reject
        ),
    }
}

/// A problem `validate` found, as the problems panel lists it: where, then what, in `lang`.
/// The problems of a document or annotation file (offsets, covered text, labels, attributes,
/// ids, overlaps, relation ends, names, changed texts) and of a release's files are said in full;
/// the others keep the command line's English words, and the Chinese texts say so.
pub fn problem_text(lang: Language, p: &Problem) -> String {
    let mut what = kind_text(lang, &p.kind);
    if p.severity() == Severity::Warning {
        what = tr!(lang, "problem-warning", what = what);
    }
    if p.at.is_empty() {
        what
    } else {
        tr!(lang, "problem-at", place = p.at.to_string(), what = what)
    }
}

/// What a problem of `kind` is, in `lang` (its place apart).
pub fn kind_text(lang: Language, kind: &ProblemKind) -> String {
    match kind {
        ProblemKind::Dataset(m) => misfit_text(lang, m),
        ProblemKind::Parse(trouble) => parse_text(lang, trouble),
        ProblemKind::Schema(m) => schema_text(lang, m),
        ProblemKind::SchemaRule(r) => rule_text(lang, r),
        ProblemKind::ReleaseVersion { found, folder } => {
            tr!(lang, "release-version", found = found, folder = folder)
        }
        ProblemKind::ReleaseFileName => tr!(lang, "release-file-name"),
        ProblemKind::ReleaseFileChanged { version } => {
            tr!(lang, "release-file-changed", version = version)
        }
        ProblemKind::ReleaseFileMissing { version } => {
            tr!(lang, "release-file-missing", version = version)
        }
        ProblemKind::ReleaseFileAdded { version } => {
            tr!(lang, "release-file-added", version = version)
        }
        ProblemKind::SameText { first } => tr!(lang, "problem-same-text", first = first),
        ProblemKind::DefaultSchemaInstead => tr!(lang, "problem-default-schema"),
        kind => {
            if let Some(text) = import_text(lang, kind) {
                return text;
            }
            tr!(lang, "problem-untranslated", what = kind.to_string())
        }
    }
}

/// What the JSON or RON parser said of a file, in `lang`: the kind of trouble and its line and
/// column in the window's words, the parser's own (English) words after them.
pub fn parse_text(lang: Language, j: &ParseTrouble) -> String {
    let kind = match j.kind {
        ParseTroubleKind::Truncated => "truncated",
        ParseTroubleKind::Syntax => "syntax",
        ParseTroubleKind::Shape => "shape",
        ParseTroubleKind::Unreadable => return tr!(lang, "parse-unreadable", detail = &j.detail),
    };
    tr!(
        lang,
        "parse-trouble",
        format = j.format.name(),
        kind = kind,
        line = j.line,
        column = j.column,
        detail = &j.detail
    )
}

/// Which rule of its JSON Schema a file breaks, in `lang`, with the validator's English words.
fn rule_text(lang: Language, r: &SchemaRule) -> String {
    use SchemaRuleKind as K;
    let (rule, property, names) = match &r.kind {
        K::Required { property } => ("required", property.as_str(), ""),
        K::NotAllowed { names } => ("not-allowed", "", names.as_str()),
        K::WrongType => ("type", "", ""),
        K::NotAnOption => ("enum", "", ""),
        K::TooSmall => ("too-small", "", ""),
        K::TooLarge => ("too-large", "", ""),
        K::TooShort => ("too-short", "", ""),
        K::Other => ("other", "", ""),
    };
    tr!(
        lang,
        "schema-rule",
        rule = rule,
        property = property,
        names = names,
        english = &r.english
    )
}

/// Why a label schema cannot be used, in `lang`.
fn schema_text(lang: Language, m: &SchemaMisfit) -> String {
    use SchemaMisfit as S;
    match m {
        S::NoLabels => tr!(lang, "schema-no-labels"),
        S::EmptyName => tr!(lang, "schema-empty-name"),
        S::LabelTwice { name } => tr!(lang, "schema-label-twice", name = name),
        S::KeyNotOneCharacter { label, key } => {
            tr!(
                lang,
                "schema-key-not-one-character",
                label = label,
                key = key
            )
        }
        S::KeyTwice { label, key } => tr!(lang, "schema-key-twice", label = label, key = key),
        S::RoleTwice {
            first,
            second,
            role,
        } => tr!(
            lang,
            "schema-role-twice",
            first = first,
            second = second,
            role = role
        ),
        S::BadColor { label, color } => {
            tr!(lang, "schema-bad-color", label = label, color = color)
        }
        S::RelationTwice { name } => tr!(lang, "schema-relation-twice", name = name),
        S::UnknownEnd { relation, label } => tr!(
            lang,
            "schema-unknown-end",
            relation = relation,
            label = label
        ),
        S::KeyIsShortcut {
            label,
            key,
            app_key,
            ..
        } => tr!(
            lang,
            "schema-key-is-shortcut",
            label = label,
            key = key,
            app_key = app_key.as_str(),
            shown_key = app_key.to_uppercase()
        ),
        S::DisplayEmpty {
            group,
            id,
            locale,
            line,
        } => tr!(
            lang,
            "schema-display-empty",
            group = group_word(*group),
            id = id,
            locale = locale,
            line = line.unwrap_or(0)
        ),
        S::DisplayTwice {
            group,
            first,
            second,
            shown,
            locale,
            line,
        } => tr!(
            lang,
            "schema-display-twice",
            group = group_word(*group),
            first = first,
            second = second,
            shown = shown,
            locale = locale,
            line = line.unwrap_or(0)
        ),
    }
}

/// The Fluent selector of a display-name group.
fn group_word(group: DisplayGroup) -> &'static str {
    match group {
        DisplayGroup::Label => "label",
        DisplayGroup::RelationType => "relation",
        DisplayGroup::Attribute => "attribute",
    }
}

/// An import record's or span's trouble in `lang` (the input's own words kept).
fn import_text(lang: Language, kind: &ProblemKind) -> Option<String> {
    Some(match kind {
        ProblemKind::RecordTwice { document } => {
            tr!(lang, "import-record-twice", document = document)
        }
        ProblemKind::TextDiffers { document } => {
            tr!(lang, "import-text-differs", document = document)
        }
        ProblemKind::NoDocument => tr!(lang, "import-no-document"),
        ProblemKind::SpanSkipped(s) => {
            let why = match &s.why {
                SpanMisfit::Outside => tr!(lang, "import-span-outside"),
                SpanMisfit::EmptyOrReversed => tr!(lang, "import-span-empty"),
                SpanMisfit::TextDiffers { said, covered } => tr!(
                    lang,
                    "import-span-text-differs",
                    said = said,
                    covered = covered
                ),
                SpanMisfit::UnknownLabel => tr!(lang, "import-span-unknown-label"),
            };
            tr!(
                lang,
                "import-span-skipped",
                key = &s.key,
                start = s.start,
                end = s.end,
                label = &s.label,
                why = why
            )
        }
        ProblemKind::RelationSkipped(r) => tr!(
            lang,
            "import-relation-skipped",
            document = &r.document,
            relation = &r.relation,
            from = &r.from,
            to = &r.to,
            why = &r.why
        ),
        _ => return None,
    })
}

/// A document or annotation file's problem in `lang`.
fn misfit_text(lang: Language, m: &DatasetMisfit) -> String {
    use DatasetMisfit as M;
    match m {
        M::OtherText => tr!(lang, "misfit-other-text"),
        M::SpanIdTwice { id } => tr!(lang, "misfit-span-id-twice", id = id),
        M::DuplicateSpan { label, start, end } => tr!(
            lang,
            "misfit-duplicate-span",
            label = label,
            start = *start,
            end = *end
        ),
        M::EndNotAfterStart { start, end } => tr!(
            lang,
            "misfit-end-not-after-start",
            start = *start,
            end = *end
        ),
        M::EndBeyondText { end, len } => {
            tr!(lang, "misfit-end-beyond-text", end = *end, len = *len)
        }
        M::TextDiffers {
            said,
            start,
            end,
            covered,
        } => tr!(
            lang,
            "misfit-text-differs",
            said = said,
            start = *start,
            end = *end,
            covered = covered
        ),
        M::UnknownLabel { label, declared } => tr!(
            lang,
            "misfit-unknown-label",
            label = label,
            declared = declared
        ),
        M::NoSuchAttribute { label, name } => {
            tr!(lang, "misfit-no-such-attribute", label = label, name = name)
        }
        M::BadConfidence => tr!(lang, "misfit-bad-confidence"),
        M::Overlap { other } => tr!(lang, "misfit-overlap", other = other),
        M::RelationIdTwice { id } => tr!(lang, "misfit-relation-id-twice", id = id),
        M::NoSuchSpan { id } => tr!(lang, "misfit-no-such-span", id = id),
        M::IdNotFileName { id, stem } => {
            tr!(lang, "misfit-id-not-file-name", id = id, stem = stem)
        }
        M::AnnotatorNotFolder { annotator, folder } => tr!(
            lang,
            "misfit-annotator-not-folder",
            annotator = annotator,
            folder = folder
        ),
        M::TextChanged { actual } => tr!(lang, "misfit-text-changed", actual = actual),
        M::Orphan {
            document_invalid: true,
        } => tr!(lang, "misfit-orphan-invalid-document"),
        M::Orphan {
            document_invalid: false,
        } => tr!(lang, "misfit-orphan-no-document"),
        M::Unshaped { detail } => tr!(lang, "misfit-unshaped", detail = detail),
        M::NotDatasetFile => tr!(lang, "misfit-not-dataset-file"),
        M::FileNameNotId { why } => tr!(lang, "misfit-file-name-not-id", why = why),
        M::AnnotatorFolder { why } => tr!(lang, "misfit-annotator-folder", why = why),
        M::MergeConflict { what: None } => tr!(lang, "misfit-merge-conflict"),
        M::MergeConflict { what: Some(what) } => {
            tr!(lang, "misfit-merge-conflict-listed", what = what)
        }
        M::Other(english) => tr!(lang, "problem-untranslated", what = english),
    }
}

#[cfg(test)]
mod tests;
