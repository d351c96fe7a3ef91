//! Errors of the core, each with the place it happened and the exit code the CLI uses. (A
//! problem found while reading, which becomes an [`Error::Invalid`] when it stops a command, is a
//! [`Problem`](super::problem::Problem).)

use crate::core::data::problem::{Problem, ProblemKind};
use std::path::{Path, PathBuf};

/// A core error. Every variant says what is wrong and where.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The file system refused (missing file, permissions, full disk).
    #[error("{}: {message}", path.display())]
    Io {
        path: PathBuf,
        message: String,
        /// The operating system's kind of error, when it came from one (the window says the
        /// common ones in its language; `message` keeps the system's English words).
        os: Option<std::io::ErrorKind>,
    },
    /// The data is not valid; `pointer` is a JSON pointer or a line/column, possibly empty;
    /// `typed` the problem in parts when it is known (a file that does not parse, a label schema
    /// that cannot be used), so that the app can say it in its language.
    #[error("{}{}: {message}", path.display(), if pointer.is_empty() { String::new() } else { format!(":{pointer}") })]
    Invalid {
        path: PathBuf,
        pointer: String,
        message: String,
        typed: Option<Box<ProblemKind>>,
    },
    /// The dataset was written by a newer biaozhu.
    #[error(
        "{}: format_version {found} is newer than this biaozhu supports ({supported}); upgrade biaozhu to read it. Nothing was written.",
        path.display()
    )]
    NewerFormat {
        path: PathBuf,
        found: u64,
        supported: u32,
    },
    /// The dataset is of an older format; `biaozhu migrate` upgrades it.
    #[error(
        "{}: this dataset is format_version {found}; run `biaozhu migrate {}` to upgrade it to format_version {supported}. Nothing was written.",
        dir.display(), dir.display()
    )]
    OlderFormat {
        dir: PathBuf,
        found: u64,
        supported: u32,
    },
    /// The request conflicts with the data (a release or document that exists already, an edit
    /// that does not apply).
    #[error("{0}")]
    Conflict(String),
    /// An edit does not apply to the annotation as it is (nothing was changed).
    #[error("{0}")]
    Edit(#[from] EditError),
    /// The dataset, or the open document, cannot be written: `reason` says why.
    #[error("{}: {reason}", path.display())]
    ReadOnly { path: PathBuf, reason: String },
    /// Another process holds the dataset's write lock.
    #[error("{}: another biaozhu process is writing this dataset; close it or wait, then try again", path.display())]
    Locked { path: PathBuf },
    /// The command was used wrongly.
    #[error("{0}")]
    Usage(String),
}

/// What kind of error an [`Error`] is, without its details: lets a caller (the app) tell a lock
/// from bad data after the error has been turned into a message.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ErrorKind {
    /// [`Error::Io`].
    Io,
    /// [`Error::Invalid`].
    Invalid,
    /// [`Error::NewerFormat`].
    NewerFormat,
    /// [`Error::OlderFormat`].
    OlderFormat,
    /// [`Error::Conflict`].
    Conflict,
    /// [`Error::Edit`].
    Edit,
    /// [`Error::ReadOnly`].
    ReadOnly,
    /// [`Error::Locked`].
    Locked,
    /// [`Error::Usage`].
    Usage,
}

/// Result with the core error.
pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    /// The process exit code for this error: 1 for invalid data, 2 for usage or I/O problems.
    pub fn exit_code(&self) -> i32 {
        match self {
            Error::Invalid { .. }
            | Error::NewerFormat { .. }
            | Error::OlderFormat { .. }
            | Error::Conflict(_)
            | Error::Edit(_) => 1,
            Error::Io { .. } | Error::Locked { .. } | Error::ReadOnly { .. } | Error::Usage(_) => 2,
        }
    }

    /// The kind of this error.
    pub fn kind(&self) -> ErrorKind {
        match self {
            Error::Io { .. } => ErrorKind::Io,
            Error::Invalid { .. } => ErrorKind::Invalid,
            Error::NewerFormat { .. } => ErrorKind::NewerFormat,
            Error::OlderFormat { .. } => ErrorKind::OlderFormat,
            Error::Conflict(_) => ErrorKind::Conflict,
            Error::Edit(_) => ErrorKind::Edit,
            Error::ReadOnly { .. } => ErrorKind::ReadOnly,
            Error::Locked { .. } => ErrorKind::Locked,
            Error::Usage(_) => ErrorKind::Usage,
        }
    }

    /// An I/O error at `path`.
    pub fn io(path: &Path, err: std::io::Error) -> Self {
        Error::Io {
            path: path.to_path_buf(),
            message: err.to_string(),
            os: Some(err.kind()),
        }
    }

    /// Invalid data at `path`, `pointer`.
    pub fn invalid(path: &Path, pointer: impl Into<String>, message: impl Into<String>) -> Self {
        Error::Invalid {
            path: path.to_path_buf(),
            pointer: pointer.into(),
            message: message.into(),
            typed: None,
        }
    }
}

impl Problem {
    /// The problem as invalid data in the file `path`, its place as the pointer; the problem's
    /// parts are kept when they are known (not a free text).
    pub fn in_file(self, path: &Path) -> Error {
        let message = self.kind.to_string();
        Error::Invalid {
            path: path.to_path_buf(),
            pointer: self.at.place.to_string(),
            typed: match self.kind {
                ProblemKind::Invalid(_) | ProblemKind::Warning(_) => None,
                kind => Some(Box::new(kind)),
            },
            message,
        }
    }
}

/// Why an edit cannot be applied. Nothing was changed.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum EditError {
    /// The range is empty, reversed or past the end of the text.
    #[error("the range {0}..{1} is not inside the text")]
    BadRange(usize, usize),
    /// A span with the same start, end and label exists.
    #[error("an identical {label} span already exists at {start}..{end}")]
    Duplicate {
        start: usize,
        end: usize,
        label: String,
    },
    /// No span or relation has that id.
    #[error("no span or relation has the id {0:?}")]
    Missing(String),
    /// The id is already used.
    #[error("the id {0:?} is already used")]
    IdTaken(String),
    /// The edit's recorded "from" state does not match the annotation (a stale command).
    #[error("the annotation changed underneath this edit")]
    Stale,
    /// A document cannot be marked reviewed while `left` differences of the two annotators are
    /// not settled (accepted with the key `accept` or rejected with `reject`).
    #[error(
        "{left} differences are not settled yet: accept ({accept}) or reject ({reject}) each before marking the document reviewed."
    )]
    Unsettled {
        left: usize,
        accept: String,
        reject: String,
    },
}
