//! Messages shown at the top of the window. An error keeps the kind of the core error it came
//! from, so the window can tell a dataset locked by another process (wait, or close the other
//! window) from bad data (fix the file).

use super::i18n::Language;
use crate::core::data::error::{Error, ErrorKind};
use crate::tr;

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
    /// kind of trouble it is and what to do, above the core's own words (which name the file).
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
                Some(lead) => format!("{lead}\n{error}"),
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
