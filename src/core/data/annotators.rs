//! Who annotates: people, and the machine annotators that biaozhu itself writes as. An
//! annotator's name is the name of its folder under `annotations/`, so it is checked once, here,
//! by [`AnnotatorName::new`], before it reaches a path.
//!
//! The machine annotators are declared in one place: the adjudicated result of a review
//! ([`ADJUDICATED`], `gold`), the rule extractor ([`RULES_ANNOTATOR`], `model-rules`) and the
//! learned model ([`MODEL_ANNOTATOR`], `model-crf`). [`is_machine`] tells a suggestion source
//! from a person; `gold` is written by people through review, so it is not a machine.

use std::fmt;

/// The annotator a review writes into by default: the adjudicated annotations.
pub const ADJUDICATED: &str = "gold";
/// The annotator the rule extractor writes its suggestions as.
pub const RULES_ANNOTATOR: &str = "model-rules";
/// The annotator the learned model writes its suggestions as.
pub const MODEL_ANNOTATOR: &str = "model-crf";

/// The prefix every machine annotator's name starts with (`model-rules`, `model-crf`, and the
/// `--annotator model-…` names a team gives its own extractors).
const MACHINE_PREFIX: &str = "model-";

/// Whether `name` is a machine annotator (a suggestion source), not a person.
pub fn is_machine(name: &str) -> bool {
    name.starts_with(MACHINE_PREFIX)
}

/// A checked annotator name: safe as a folder name (see [`crate::core::data::ids`]).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct AnnotatorName(String);

impl AnnotatorName {
    /// Checks `name`; the error says what is wrong with it, for a message that names the source.
    pub fn new(name: &str) -> Result<Self, String> {
        match crate::core::data::ids::id_problem(name) {
            Some(problem) => Err(problem),
            None => Ok(Self(name.to_string())),
        }
    }

    /// Checks a name given on the command line or in a call: the refusal is a usage error
    /// that says "annotator name: …" (the one wording every command uses).
    pub fn parse(name: &str) -> crate::core::data::error::Result<Self> {
        Self::new(name).map_err(|problem| {
            crate::core::data::error::Error::Usage(format!("annotator name: {problem}"))
        })
    }

    /// The name as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Whether this is a machine annotator.
    pub fn is_machine(&self) -> bool {
        is_machine(&self.0)
    }
}

impl fmt::Display for AnnotatorName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl AsRef<str> for AnnotatorName {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn machines_are_told_from_people() {
        assert!(is_machine(RULES_ANNOTATOR) && is_machine(MODEL_ANNOTATOR));
        assert!(!is_machine(ADJUDICATED) && !is_machine("alice"));
        assert!(AnnotatorName::new("model-crf").unwrap().is_machine());
    }

    #[test]
    fn unsafe_names_are_refused() {
        for bad in ["", "../x", "Alice", "a/b"] {
            assert!(AnnotatorName::new(bad).is_err(), "{bad:?}");
        }
        assert_eq!(AnnotatorName::new("alice").unwrap().to_string(), "alice");
    }
}
