//! The document a model is trained on, as training reads it from a dataset.

/// One training document: its text, its spans as (start, end, label index), and the
/// suggestions its annotator rejected.
#[derive(Clone, Debug)]
pub struct Example {
    /// The document id.
    pub id: String,
    /// The text.
    pub text: String,
    /// Spans as code-point ranges and label indexes.
    pub spans: Vec<(usize, usize, usize)>,
    /// Rejected suggestions, the same way.
    pub rejected: Vec<(usize, usize, usize)>,
}
