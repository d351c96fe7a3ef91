//! The score layer: numbers about annotations. Span scores equal to nervaluate (`eval`),
//! relation scores (`relation_eval`), agreement between annotators (`agree`), and dataset
//! statistics (`stats`), the dashboard's numbers (`dashboard`) and its charts as SVG
//! (`report_svg`).
//!
//! May use: `data`, `annotate`, `suggest`, `exchange`. Not `check`.

pub mod agree;
pub mod dashboard;
pub mod eval;
pub mod relation_eval;
pub mod report_svg;
pub mod stats;
