//! The data layer: what a dataset is and how it is read and written. The model types, the label
//! schema (`labels.ron`), the store with its write lock, the folder layout, safe atomic file
//! access, safe ids, code-point offsets, the ingestion of source articles, the migration of older
//! formats, the dataset's licence id, the errors of the core, and synthetic datasets for benches
//! and tests.
//!
//! May use: nothing else of the core (only the standard library and crates).

pub mod annotators;
pub mod display_names;
pub mod doc_index;
pub mod error;
pub mod fsio;
pub mod gazetteer;
pub mod guidelines;
pub mod ids;
pub mod ingest;
pub mod labels;
pub mod layout;
pub mod license;
pub mod migrate;
pub mod model;
pub mod offsets;
pub mod parallel;
pub mod problem;
pub mod store;
pub mod synth;
pub mod synth_news;
