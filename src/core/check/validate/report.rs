//! What validation finds: problems located by file and JSON pointer, and the report.

use super::*;
use crate::core::data::problem::{DatasetMisfit, Location, Problem, ProblemKind, SchemaRule};

pub use crate::core::data::problem::Severity;

/// One finding of `validate` (an error or a warning): a [`Problem`] located by its file and a
/// JSON pointer. The name stays for the callers that list findings.
pub type Finding = Problem;

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
            .filter(|p| p.severity() == Severity::Error)
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
        self.add(Problem::error(file, pointer, message));
    }

    /// A problem kept with its parts, at `pointer` in `file`.
    pub(super) fn typed(&mut self, file: &Path, pointer: impl Into<String>, kind: ProblemKind) {
        self.add(Problem {
            at: Location::pointer(pointer).in_file(file),
            kind,
        });
    }

    /// An error of a document or annotation file that its schema cannot see, kept with its
    /// parts.
    pub(super) fn misfit(
        &mut self,
        file: &Path,
        pointer: impl Into<String>,
        misfit: DatasetMisfit,
    ) {
        self.typed(file, pointer, ProblemKind::Dataset(Box::new(misfit)));
    }

    /// A rule of the file's JSON Schema that it breaks, kept with its kind.
    pub(super) fn rule(&mut self, file: &Path, pointer: impl Into<String>, rule: SchemaRule) {
        self.typed(file, pointer, ProblemKind::SchemaRule(Box::new(rule)));
    }

    /// Adds a problem found elsewhere (a release's, say).
    pub(super) fn add(&mut self, problem: Problem) {
        self.problems.push(problem);
    }

    pub(super) fn add_error(&mut self, err: Error) {
        match err {
            Error::Invalid {
                path,
                pointer,
                typed: Some(kind),
                ..
            } => self.typed(&path, pointer, *kind),
            Error::Invalid {
                path,
                pointer,
                message,
                typed: None,
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
            Error::Io { path, message, .. } => {
                self.error(&path, "", format!("cannot read: {message}"))
            }
            Error::Locked { path } => self.error(&path, "", "locked"),
            Error::Usage(m) => self.error(Path::new("."), "", m),
        }
    }
}
