//! The suggest layer: machine annotators. The rule extractor (`rules`), the rule linker that
//! joins spans into relations (`relations`), the learned model (`learn`: features, CRF, training
//! and tagging), the writing of either's output into a dataset as a suggestion annotator
//! (`into_dataset`), and the same over JSON lines as a filter, `biaozhu tag` (`tag_stream`).
//!
//! May use: `data`, `annotate`. Not `exchange`, `score` or `check`.

pub mod into_dataset;
pub mod learn;
pub mod relations;
pub mod rules;
pub mod tag_stream;
