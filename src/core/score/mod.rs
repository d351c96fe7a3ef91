//! The score layer: numbers about annotations. Span scores equal to nervaluate (`eval`),
//! relation scores (`relation_eval`), agreement between annotators (`agree`), and dataset
//! statistics (`stats`).
//!
//! May use: `data`, `annotate`, `suggest`, `exchange`. Not `check`.

pub mod agree;
pub mod eval;
pub mod relation_eval;
pub mod stats;
