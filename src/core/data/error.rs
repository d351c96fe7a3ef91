//! Errors of the core, each with the place it happened and the exit code the CLI uses.

use std::path::{Path, PathBuf};

/// A core error. Every variant says what is wrong and where.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The file system refused (missing file, permissions, full disk).
    #[error("{}: {message}", path.display())]
    Io { path: PathBuf, message: String },
    /// The data is not valid; `pointer` is a JSON pointer or a line/column, possibly empty.
    #[error("{}{}: {message}", path.display(), if pointer.is_empty() { String::new() } else { format!(":{pointer}") })]
    Invalid {
        path: PathBuf,
        pointer: String,
        message: String,
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

/// A problem found inside one piece of input before the caller knows its file: where it is
/// (`at`: a 1-based line number, a JSON pointer, or both as `3/spans/0`; empty for the whole
/// input) and what is wrong. The caller that knows the file turns it into [`Error::Invalid`]
/// with [`Problem::in_file`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}{message}", if at.is_empty() { String::new() } else { format!("{at}: ") })]
pub struct Problem {
    /// Where in the input: a 1-based line number, a JSON pointer, both, or empty.
    pub at: String,
    /// What is wrong.
    pub message: String,
}

impl Problem {
    /// A problem with the whole input (no place within it).
    pub fn new(message: impl Into<String>) -> Self {
        Problem {
            at: String::new(),
            message: message.into(),
        }
    }

    /// A problem at `at` (a line number, a JSON pointer, or both).
    pub fn at(at: impl Into<String>, message: impl Into<String>) -> Self {
        Problem {
            at: at.into(),
            message: message.into(),
        }
    }

    /// A problem on the 1-based line `n`.
    pub fn on_line(n: usize, message: impl Into<String>) -> Self {
        Problem::at(n.to_string(), message)
    }

    /// The problem as invalid data in the file `path`, its place as the pointer.
    pub fn in_file(self, path: &Path) -> Error {
        Error::Invalid {
            path: path.to_path_buf(),
            pointer: self.at,
            message: self.message,
        }
    }
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
        }
    }

    /// Invalid data at `path`, `pointer`.
    pub fn invalid(path: &Path, pointer: impl Into<String>, message: impl Into<String>) -> Self {
        Error::Invalid {
            path: path.to_path_buf(),
            pointer: pointer.into(),
            message: message.into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_problem_names_its_place_and_becomes_file_line() {
        assert_eq!(Problem::new("empty").to_string(), "empty");
        let p = Problem::on_line(3, "no \"text\"");
        assert_eq!(p.to_string(), "3: no \"text\"");
        let e = p.in_file(Path::new("bad.jsonl"));
        assert_eq!(e.to_string(), "bad.jsonl:3: no \"text\"");
        assert_eq!(e.exit_code(), 1);
        assert_eq!(
            Problem::at("3/spans/0", "bad")
                .in_file(Path::new("x"))
                .to_string(),
            "x:3/spans/0: bad"
        );
        assert_eq!(
            Problem::new("bad").in_file(Path::new("x")).to_string(),
            "x: bad"
        );
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
}
