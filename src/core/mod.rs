//! The core library: everything biaozhu knows, with no GUI and no command-line parsing. The app
//! and the CLI are thin layers over it.
//!
//! The core is six layers, each a folder whose module doc says what it holds and what it may
//! use. A layer uses only the layers below it (`tests/architecture.rs` checks the order):
//!
//! ```text
//!   score   check        scoring and agreement | validation, CI reports, the git merge driver
//!      \   /
//!  suggest   exchange    rules and the learned model | formats, records, releases, schemas, diff, table
//!      \   /
//!     annotate           selection, edits with inverses, the editing session, values, links, review
//!        |
//!      data              model, labels, store, layout, safe files, ids, offsets, ingest, migrate
//! ```
//!
//! `suggest` and `exchange` do not use each other, nor do `score` and `check`.

pub mod annotate;
pub mod check;
pub mod data;
pub mod exchange;
pub mod score;
pub mod suggest;
