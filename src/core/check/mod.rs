//! The check layer: whether a dataset is sound. Validation of every file (`validate`), its
//! reports for CI systems (GitHub annotations, SARIF) placed by `json_position`, and the git
//! merge driver for annotation files (`merge`).
//!
//! May use: `data`, `annotate`, `suggest`, `exchange`. Not `score`.

pub mod ci_report;
pub mod json_position;
pub mod merge;
pub mod validate;
