//! Learned suggestions: a character-level model trained on one annotator's spans, on the CPU,
//! inside the binary (no network, no downloaded weights). `train` fits it, `tag` applies it
//! (spans with a confidence), `relation_model` learns the annotator's relations over candidate
//! (project, span) pairs (`relation_features`; `relation_train` trains both on a dataset and
//! links with the learned model), `model_file` reads and writes them, `suggest` writes its
//! spans into a dataset as an annotator (`model-crf` by default), and `queue` ranks the
//! documents still to annotate by how much the model would learn from them.

pub mod bio;
mod context;
pub mod crf;
pub mod dictionary;
mod example;
pub mod features;
mod fit;
pub mod model_file;
mod packed;
pub mod queue;
pub mod relation_cues;
pub mod relation_features;
pub mod relation_model;
#[cfg(test)]
mod relation_tests;
pub mod relation_train;
pub mod tag;
pub mod train;
mod warm;
mod weights;

/// The annotator learned suggestions are written as unless told otherwise.
pub use crate::core::data::annotators::MODEL_ANNOTATOR;
