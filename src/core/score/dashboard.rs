//! The pictures of the work, as numbers: what the app's Dashboard (View > Dashboard) draws
//! with egui_plot and `biaozhu report` writes as SVG. Computed from the dataset's files in one
//! pass ([`compute`]); the app runs it off the frame thread and keeps it per dataset revision.
//!
//! - progress per annotator over time: documents done (or reviewed) per day and cumulative,
//!   dated by the annotation's last save, and the documents per status;
//! - spans per label per annotator;
//! - pairwise agreement of the human annotators (span F1, exact, and Cohen's κ from
//!   [`super::agree`]), with the documents on which each pair disagrees;
//! - suggestion outcomes per source (rules, model) and label: accepted, corrected, rejected;
//! - active time per document per annotator (the `effort` the app records).

use serde::Serialize;
use std::collections::BTreeMap;

mod read;
mod sum;
#[cfg(test)]
mod tests;

pub use sum::compute;

/// Everything the dashboard shows.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Dashboard {
    /// The human annotators (no machine annotator), in name order; every per-annotator list
    /// below follows this order.
    pub annotators: Vec<String>,
    /// The labels of `labels.ron`, in its order.
    pub labels: Vec<String>,
    /// Documents in the dataset.
    pub documents: usize,
    /// Per annotator: documents done or reviewed per day.
    pub progress: Vec<Progress>,
    /// Per annotator: documents per status (`todo`, `in_progress`, `done`, `reviewed`; a
    /// document without a file counts as todo).
    pub statuses: Vec<BTreeMap<String, usize>>,
    /// Per annotator: spans per label (every label of `labels`, zero included).
    pub spans_per_label: Vec<BTreeMap<String, usize>>,
    /// Every pair of human annotators with two or more common documents.
    pub agreement: Vec<PairAgreement>,
    /// Suggestion outcomes per source and label.
    pub suggestions: Vec<SuggestionOutcomes>,
    /// Per annotator: active seconds per timed document, (document id, seconds), in the
    /// dataset's order.
    pub time_per_document: Vec<Vec<(String, u64)>>,
}

/// One annotator's finished documents over time.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Progress {
    /// (day as `YYYY-MM-DD`, documents finished that day, finished up to and including that
    /// day), by day.
    pub days: Vec<(String, usize, usize)>,
}

/// Agreement of two annotators on the documents both annotated.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct PairAgreement {
    /// One annotator.
    pub a: String,
    /// The other.
    pub b: String,
    /// Span F1, exact match, over their common documents.
    pub f1: f64,
    /// Cohen's κ over code points.
    pub kappa: f64,
    /// Documents both annotated.
    pub documents: usize,
    /// The ids of the common documents on which their spans differ.
    pub disagreeing: Vec<String>,
}

/// What annotators did with one source's suggestions of one label.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct SuggestionOutcomes {
    /// The suggesting annotator (`model-rules`, `model-crf`).
    pub source: String,
    /// The label.
    pub label: String,
    /// Suggestions an annotator has exactly (same range and label).
    pub accepted: usize,
    /// Suggestions an annotator has with another range or label over the same text (overlapping).
    pub corrected: usize,
    /// Suggestions an annotator rejected (kept in the annotation's rejected list).
    pub rejected: usize,
}
