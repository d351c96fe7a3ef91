//! The core library: data model, dataset store, import, schemas, validation and the edit model.
//! It has no GUI dependency; the app and the CLI are thin layers over it.

pub mod agree;
pub mod attr_text;
pub mod ci_report;
pub mod diff;
pub mod doc_index;
pub mod edit;
pub mod error;
pub mod eval;
pub mod exchange;
pub mod find;
pub mod fsio;
pub mod ids;
pub mod import;
pub mod json_position;
pub mod labels;
pub mod layout;
pub mod merge;
pub mod migrate;
pub mod model;
pub mod offsets;
pub mod parallel;
pub mod release;
pub mod review;
pub mod schemas;
pub mod session;
pub mod stats;
pub mod store;
pub mod suggest;
pub mod suggest_into;
pub mod synth;
pub mod validate;
pub mod values;
pub mod words;
