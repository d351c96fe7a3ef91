//! Messages shown at the top of the window. An error keeps the kind of the core error it came
//! from, so the window can tell a dataset locked by another process (wait, or close the other
//! window) from bad data (fix the file).

use super::i18n::Language;
use crate::core::data::error::{EditError, Error, ErrorKind, ParseTrouble, ParseTroubleKind};
use crate::core::data::problem::{DatasetMisfit, Location, Problem, ProblemKind, Severity};
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
fn details(lang: Language, error: &Error) -> String {
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
            parsed: Some(trouble),
            ..
        } => tr!(
            lang,
            "problem-at",
            place = Location::file(path).to_string(),
            what = parse_text(lang, trouble)
        ),
        Error::Invalid {
            path,
            pointer,
            message,
            parsed: None,
        } => at(Location::pointer(pointer.as_str()).in_file(path), message),
        Error::Io { path, message } => at(Location::file(path), message),
        Error::ReadOnly { path, reason } => at(Location::file(path), reason),
        Error::Conflict(detail) | Error::Usage(detail) => {
            tr!(lang, "error-detail", detail = detail)
        }
    }
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
    }
}

/// A problem `validate` found, as the problems panel lists it: where, then what, in `lang`.
/// The problems of a document or annotation file (offsets, covered text, labels, attributes,
/// ids, overlaps, relation ends, names, changed texts) and of a release's files are said in full;
/// the others keep the command line's English words, and the Chinese texts say so.
pub fn problem_text(lang: Language, p: &Problem) -> String {
    let what = match &p.kind {
        ProblemKind::Dataset(m) => misfit_text(lang, m),
        ProblemKind::Parse(trouble) => parse_text(lang, trouble),
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
        kind => {
            let english = match p.severity() {
                Severity::Warning => format!("warning: {kind}"),
                Severity::Error => kind.to_string(),
            };
            tr!(lang, "problem-untranslated", what = english)
        }
    };
    if p.at.is_empty() {
        what
    } else {
        tr!(lang, "problem-at", place = p.at.to_string(), what = what)
    }
}

/// What the JSON parser said of a file, in `lang`: the kind of trouble and its line and column
/// in the window's words, the parser's own (English) words after them.
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
        M::Other(english) => tr!(lang, "problem-untranslated", what = english),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    #[test]
    fn an_error_whose_parts_are_known_is_said_in_the_windows_language() {
        let locked = Error::Locked {
            path: PathBuf::from("/data/team"),
        };
        let text = Message::error(Language::ZhCn, &locked).text;
        assert!(
            text.contains("/data/team：另一个 biaozhu 进程正在写入"),
            "{text}"
        );
        assert!(!text.contains("another"), "{text}");

        let duplicate = Error::Edit(EditError::Duplicate {
            start: 3,
            end: 7,
            label: "amount".into(),
        });
        let text = Message::error(Language::ZhTw, &duplicate).text;
        assert!(text.contains("3..7 處已有一個相同的 amount 標註"), "{text}");

        let older = Error::OlderFormat {
            dir: PathBuf::from("ds"),
            found: 1,
            supported: 2,
        };
        let text = Message::error(Language::En, &older).text;
        assert!(text.contains("run `biaozhu migrate ds`"), "{text}");
        assert!(text.contains("format_version 2"), "{text}");
    }

    #[test]
    fn an_error_in_the_cores_words_names_its_place_and_says_the_detail_is_english() {
        let invalid = Error::Invalid {
            path: PathBuf::from("annotations/d1/ann.json"),
            pointer: "/spans/0/end".into(),
            message: "end is past the text".into(),
            parsed: None,
        };
        let text = Message::error(Language::ZhCn, &invalid).text;
        assert!(text.starts_with("数据集中的某个文件无效"), "{text}");
        assert!(
            text.contains("位置：annotations/d1/ann.json:/spans/0/end"),
            "{text}"
        );
        assert!(
            text.contains("详情（英文，与命令行相同）：end is past the text"),
            "{text}"
        );
        // English keeps the command line's one line.
        let text = Message::error(Language::En, &invalid).text;
        assert!(
            text.ends_with("annotations/d1/ann.json:/spans/0/end: end is past the text"),
            "{text}"
        );
    }

    #[test]
    fn a_file_that_is_not_json_is_said_in_the_windows_language_with_its_line_and_column() {
        let path = Path::new("annotations/bob/d1.json");
        let broken = crate::core::data::fsio::parse_json::<serde_json::Value>(
            path,
            b"{\n  \"spans\": [1, 2,,]\n}",
        )
        .unwrap_err();
        // English is the command line's line, word for word.
        let en = Message::error(Language::En, &broken).text;
        assert!(en.ends_with(&broken.to_string()), "{en}");
        let zh = Message::error(Language::ZhCn, &broken).text;
        assert!(
            zh.contains("annotations/bob/d1.json：文件不是有效的 JSON：第 2 行第 18 列有误"),
            "{zh}"
        );
        assert!(zh.contains("解析器的原话（英文）：expected value"), "{zh}");
        assert!(!zh.contains("at line"), "{zh}");
        // validate's problem of the same file, in the problems panel.
        let Error::Invalid {
            parsed: Some(trouble),
            ..
        } = &broken
        else {
            panic!("{broken:?}");
        };
        let problem = Problem {
            at: Location::file(path),
            kind: ProblemKind::Parse(trouble.clone()),
        };
        assert_eq!(problem_text(Language::En, &problem), problem.to_string());
        let truncated =
            crate::core::data::fsio::parse_json::<serde_json::Value>(path, b"{\"a\": [")
                .unwrap_err();
        let tw = Message::error(Language::ZhTw, &truncated).text;
        assert!(tw.contains("JSON 在第 1 行第 7 欄提前結束"), "{tw}");
    }

    #[test]
    fn a_labels_ron_that_does_not_parse_is_said_in_the_windows_language() {
        use crate::core::data::labels::LabelSchema;
        let path = Path::new("ds/labels.ron");
        let broken = LabelSchema::from_ron(
            "(\n  labels: [\n    (name: \"project\" color: \"#ff0000\"),\n  ],\n)",
        )
        .unwrap_err()
        .in_file(path);
        let en = Message::error(Language::En, &broken).text;
        assert!(
            en.ends_with(
                "ds/labels.ron: the file is not valid RON: Expected comma at line 3 column 22"
            ),
            "{en}"
        );
        let zh = Message::error(Language::ZhCn, &broken).text;
        assert!(
            zh.contains("ds/labels.ron：文件不是有效的 RON：第 3 行第 22 列有误"),
            "{zh}"
        );
        assert!(zh.contains("解析器的原话（英文）："), "{zh}");
        let cut = LabelSchema::from_ron("(labels: [")
            .unwrap_err()
            .in_file(path);
        let tw = Message::error(Language::ZhTw, &cut).text;
        // ron says a cut file lacks what comes next, not that it ends early.
        assert!(
            tw.contains("檔案不是有效的 RON：第 1 行第 10 欄有誤"),
            "{tw}"
        );
    }

    #[test]
    fn a_problem_of_an_annotation_is_listed_in_the_windows_language() {
        let at = |pointer: &str| Location::pointer(pointer).in_file(Path::new("a/d1.json"));
        let misfit = |m: DatasetMisfit| Problem {
            at: at("/spans/0/text"),
            kind: ProblemKind::Dataset(Box::new(m)),
        };
        let differs = misfit(DatasetMisfit::TextDiffers {
            said: "南通".into(),
            start: 3,
            end: 5,
            covered: "南京".into(),
        });
        // English is the command line's line, word for word.
        assert_eq!(problem_text(Language::En, &differs), differs.to_string());
        let zh = problem_text(Language::ZhCn, &differs);
        assert_eq!(
            zh,
            "a/d1.json:/spans/0/text：写的是“南通”，但文档第 3..5 个码位是“南京”（偏移按 Unicode 码位计，不含结束位置）"
        );
        let orphan = Problem {
            at: Location::file(Path::new("annotations/bob/d7.json")),
            kind: ProblemKind::Dataset(Box::new(DatasetMisfit::Orphan {
                document_invalid: false,
            })),
        };
        assert_eq!(
            problem_text(Language::ZhTw, &orphan),
            "annotations/bob/d7.json：這份標註的文件不在資料集中（documents/ 裡沒有這個檔案）"
        );
        assert_eq!(problem_text(Language::En, &orphan), orphan.to_string());
        let gone = misfit(DatasetMisfit::NoSuchSpan { id: "s9".into() });
        assert!(problem_text(Language::ZhTw, &gone).ends_with("沒有 id 為「s9」的標註"));
        // A problem in the core's own words keeps them, marked as English in Chinese.
        let other = Problem::error(Path::new("labels.ron"), "", "expected `(`");
        assert_eq!(
            problem_text(Language::ZhCn, &other),
            "labels.ron：expected `(`（英文原文）"
        );
        assert_eq!(problem_text(Language::En, &other), other.to_string());
        // A release's file changed after the release, in all three languages; English word for
        // word as the command line says it.
        let changed = Problem {
            at: Location::file(Path::new("releases/v1/data.jsonl")),
            kind: ProblemKind::ReleaseFileChanged {
                version: "v1".into(),
            },
        };
        assert_eq!(problem_text(Language::En, &changed), changed.to_string());
        assert!(problem_text(Language::ZhCn, &changed).contains("在发布 v1 之后被改过"));
        assert!(problem_text(Language::ZhTw, &changed).contains("請還原這個檔案"));
    }
}
