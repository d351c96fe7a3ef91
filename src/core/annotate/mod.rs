//! The annotate layer: what a person does to one document. The selection, the edits (each with
//! its inverse) and their history, the editing session that the app and the CLI drive, typed
//! values of spans, attributes as typed text, find, word boundaries, linking spans into
//! relations, pending relation suggestions, and review (adjudication of two annotators into one).
//!
//! May use: `data`.

pub mod attr_text;
pub mod edit;
pub mod find;
pub mod linking;
pub mod pending_relations;
pub mod review;
pub mod selection;
pub mod session;
pub mod values;
pub mod words;
