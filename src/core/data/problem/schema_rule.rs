//! A rule of a file's JSON Schema that the file breaks, kept with its kind (see [`SchemaRule`]).

use std::fmt;

/// Which rule of the JSON Schema a value breaks (the ones a hand-edited file breaks most; the
/// rest are [`SchemaRuleKind::Other`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SchemaRuleKind {
    /// A required field is missing (`property`, as JSON).
    Required { property: String },
    /// A field the schema does not allow (`names`, as the validator lists them).
    NotAllowed { names: String },
    /// A value of another type.
    WrongType,
    /// A value that is not one of the schema's options.
    NotAnOption,
    /// A number below the schema's minimum.
    TooSmall,
    /// A number above the schema's maximum.
    TooLarge,
    /// A string shorter than the schema's minimum.
    TooShort,
    /// Another rule.
    Other,
}

/// A rule of the JSON Schema that a value breaks: its kind, so that the app can say it in its
/// language, and the validator's English words, which are its `Display` (the command line's).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SchemaRule {
    pub kind: SchemaRuleKind,
    pub english: String,
}

impl fmt::Display for SchemaRule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.english)
    }
}
