//! Messages shown at the top of the window. An error keeps the kind of the core error it came
//! from, so the window can tell a dataset locked by another process (wait, or close the other
//! window) from bad data (fix the file).

use crate::core::data::error::{Error, ErrorKind};

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

    /// An error, with the core error's text and kind.
    pub fn error(error: &Error) -> Self {
        Message {
            text: error.to_string(),
            error_kind: Some(error.kind()),
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
