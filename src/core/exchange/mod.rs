//! The exchange layer: the dataset as others read and write it. The exchange formats (`formats`:
//! JSONL, CoNLL, brat, doccano, Label Studio, CLUENER, Hugging Face, and annotation import), the
//! record readers that `eval` and `table` take their input from, releases (with their splits,
//! Parquet shards and dataset card), the JSON Schemas, diffs between versions, and the
//! investment table.
//!
//! May use: `data`, `annotate`. Not `suggest`, `score` or `check`.

pub mod diff;
pub mod formats;
pub mod record_lines;
pub mod record_source;
pub mod record_stream;
pub mod release;
pub mod release_card;
pub mod release_files;
pub mod release_parquet;
pub mod release_write;
pub mod schemas;
pub mod table;
