//! What validation finds: problems located by file and JSON pointer, and the report.

use super::*;

/// How bad a problem is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The data is invalid.
    Error,
    /// Worth a look, but valid.
    Warning,
}

/// One finding of `validate` (an error or a warning), located by file and JSON pointer. (A
/// problem found while reading one input, before its file is known, is `error::Problem`.)
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Finding {
    /// The file.
    pub file: PathBuf,
    /// A JSON pointer into it (empty for the whole file).
    pub pointer: String,
    /// Error or warning.
    pub severity: Severity,
    /// What is wrong and what to do.
    pub message: String,
}

impl std::fmt::Display for Finding {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let warn = if self.severity == Severity::Warning {
            "warning: "
        } else {
            ""
        };
        if self.pointer.is_empty() {
            write!(f, "{}: {warn}{}", self.file.display(), self.message)
        } else {
            write!(
                f,
                "{}:{}: {warn}{}",
                self.file.display(),
                self.pointer,
                self.message
            )
        }
    }
}

/// The outcome of validating some paths.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Report {
    /// Every finding, in the order found. (`problems` is the key of `validate --format json`,
    /// which scripts read; the field keeps that name.)
    pub problems: Vec<Finding>,
    /// How many files were read.
    pub files_checked: usize,
}

impl Report {
    /// Number of errors.
    pub fn errors(&self) -> usize {
        self.problems
            .iter()
            .filter(|p| p.severity == Severity::Error)
            .count()
    }

    /// Whether there are no errors.
    pub fn is_valid(&self) -> bool {
        self.errors() == 0
    }

    pub(super) fn error(
        &mut self,
        file: &Path,
        pointer: impl Into<String>,
        message: impl Into<String>,
    ) {
        self.push(file, pointer, message, Severity::Error);
    }

    pub(super) fn warning(
        &mut self,
        file: &Path,
        pointer: impl Into<String>,
        message: impl Into<String>,
    ) {
        self.push(file, pointer, message, Severity::Warning);
    }

    pub(super) fn push(
        &mut self,
        file: &Path,
        pointer: impl Into<String>,
        message: impl Into<String>,
        severity: Severity,
    ) {
        self.problems.push(Finding {
            file: file.to_path_buf(),
            pointer: pointer.into(),
            severity,
            message: message.into(),
        });
    }

    pub(super) fn add_error(&mut self, err: Error) {
        match err {
            Error::Invalid {
                path,
                pointer,
                message,
            } => self.error(&path, pointer, message),
            Error::NewerFormat { ref path, .. } => {
                let p = path.clone();
                self.error(&p, "/format_version", err.to_string())
            }
            Error::OlderFormat { ref dir, .. } => {
                let p = dir.join(MANIFEST_FILE);
                self.error(&p, "/format_version", err.to_string())
            }
            Error::Conflict(m) => self.error(Path::new("."), "", m),
            Error::Edit(e) => self.error(Path::new("."), "", e.to_string()),
            Error::ReadOnly { path, reason } => self.error(&path, "", reason),
            Error::Io { path, message } => self.error(&path, "", format!("cannot read: {message}")),
            Error::Locked { path } => self.error(&path, "", "locked"),
            Error::Usage(m) => self.error(Path::new("."), "", m),
        }
    }
}
