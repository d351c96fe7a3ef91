//! Link mode: after R on a selected span, the candidate targets are numbered on screen and a
//! number key or a click on a span makes the link; when two relation types fit the pair, the
//! types are numbered instead. The reducer (`apply/link.rs`) changes it; the keymap and the
//! article view read it.

use crate::core::annotate::linking::Fit;

/// The state of link mode.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct LinkMode {
    /// The span the link starts at (the one selected when R was pressed).
    pub source: String,
    /// The numbered candidate targets, nearest first: candidate `n` is `candidates[n - 1]`.
    pub candidates: Vec<String>,
    /// When two or more types fit the chosen target: the types, numbered the same way.
    pub choosing: Vec<Fit>,
}
