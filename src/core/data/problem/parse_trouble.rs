//! What a JSON or RON parser said of a file, kept in parts (see [`ParseTrouble`]).

/// The text format a parser read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TextFormat {
    /// JSON (the dataset's files).
    Json,
    /// RON (labels.ron, chrome.ron).
    Ron,
}

impl TextFormat {
    /// The format's name, as people write it.
    pub fn name(self) -> &'static str {
        match self {
            TextFormat::Json => "JSON",
            TextFormat::Ron => "RON",
        }
    }
}

/// What kind of trouble a parser had with a file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ParseTroubleKind {
    /// The text ends before the JSON or RON does (a truncated file).
    Truncated,
    /// The text is not JSON or RON.
    Syntax,
    /// JSON or RON, but not of the expected shape (a field missing, a value of another type).
    Shape,
    /// The bytes could not be read.
    Unreadable,
}

/// What a JSON or RON parser said of a file, in parts, so that the app can say it in its
/// language: the format, the kind, the 1-based line and column (0 when the parser gave none), the
/// parser's own words (English) without the place, and the whole English message as the command
/// line prints it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParseTrouble {
    pub format: TextFormat,
    pub kind: ParseTroubleKind,
    pub line: usize,
    pub column: usize,
    pub detail: String,
    pub english: String,
}

impl ParseTrouble {
    /// The trouble of a serde_json error, with the English message `english`.
    pub fn of(e: &serde_json::Error, english: String) -> Self {
        use serde_json::error::Category;
        let kind = match e.classify() {
            Category::Eof => ParseTroubleKind::Truncated,
            Category::Syntax => ParseTroubleKind::Syntax,
            Category::Data => ParseTroubleKind::Shape,
            Category::Io => ParseTroubleKind::Unreadable,
        };
        let full = e.to_string();
        let place = format!(" at line {} column {}", e.line(), e.column());
        let detail = full.strip_suffix(&place).unwrap_or(&full).to_string();
        ParseTrouble {
            format: TextFormat::Json,
            kind,
            line: e.line(),
            column: e.column(),
            detail,
            english,
        }
    }

    /// The trouble of a RON error, with the English message `english`.
    pub fn of_ron(e: &ron::error::SpannedError, english: String) -> Self {
        let kind = match e.code {
            ron::Error::Eof => ParseTroubleKind::Truncated,
            ron::Error::Io(_) | ron::Error::Utf8Error(_) => ParseTroubleKind::Unreadable,
            ron::Error::Message(_)
            | ron::Error::MissingStructField { .. }
            | ron::Error::NoSuchStructField { .. }
            | ron::Error::DuplicateStructField { .. }
            | ron::Error::NoSuchEnumVariant { .. }
            | ron::Error::InvalidValueForType { .. }
            | ron::Error::ExpectedDifferentLength { .. } => ParseTroubleKind::Shape,
            _ => ParseTroubleKind::Syntax,
        };
        ParseTrouble {
            format: TextFormat::Ron,
            kind,
            line: e.span.start.line,
            column: e.span.start.col,
            detail: e.code.to_string(),
            english,
        }
    }
}

impl std::fmt::Display for ParseTrouble {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.english)
    }
}
