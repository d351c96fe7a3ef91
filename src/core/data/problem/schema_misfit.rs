//! What makes a label schema (labels.ron) one the tool cannot work with, kept with its parts
//! (see [`SchemaMisfit`]).

use std::fmt;

/// Why a label schema that parses cannot be used: its parts, so that the app can say it in the
/// annotator's language; its `Display` is the command line's English.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SchemaMisfit {
    /// No label at all.
    NoLabels,
    /// A label whose name is empty.
    EmptyName,
    /// Two labels of the name.
    LabelTwice { name: String },
    /// A key that is not one character.
    KeyNotOneCharacter { label: String, key: String },
    /// Two labels of the key.
    KeyTwice { label: String, key: String },
    /// Two labels of the role.
    RoleTwice {
        first: String,
        second: String,
        role: String,
    },
    /// A colour that is not `#RRGGBB`.
    BadColor { label: String, color: String },
    /// Two relation types of the name.
    RelationTwice { name: String },
    /// A relation type that names a label the schema does not declare.
    UnknownEnd { relation: String, label: String },
}

impl fmt::Display for SchemaMisfit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use SchemaMisfit as S;
        match self {
            S::NoLabels => f.write_str("the schema declares no labels"),
            S::EmptyName => f.write_str("a label has an empty name"),
            S::LabelTwice { name } => write!(f, "label {name:?} is declared twice"),
            S::KeyNotOneCharacter { label, key } => write!(
                f,
                "label {label:?}: key must be one character, found {key:?}"
            ),
            S::KeyTwice { label, key } => write!(f, "label {label:?}: key {key:?} is used twice"),
            S::RoleTwice {
                first,
                second,
                role,
            } => write!(
                f,
                "labels {first:?} and {second:?} both declare role {role}; a role belongs to one label"
            ),
            S::BadColor { label, color } => {
                write!(f, "label {label:?}: color must be #RRGGBB, found {color:?}")
            }
            S::RelationTwice { name } => write!(f, "relation {name:?} is declared twice"),
            S::UnknownEnd { relation, label } => {
                write!(f, "relation {relation:?} names unknown label {label:?}")
            }
        }
    }
}
