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
    /// A label whose key is one of the app's own single-key shortcuts (`app_key`, which does
    /// `does`, in English).
    KeyIsShortcut {
        label: String,
        key: String,
        app_key: String,
        does: String,
    },
    /// An empty display name of `id` (of `group`) for `locale`, with its line in labels.ron.
    DisplayEmpty {
        group: DisplayGroup,
        id: String,
        locale: String,
        line: Option<usize>,
    },
    /// Two of one group (`first`, `second`) shown as `shown` in `locale`, with the second's line.
    DisplayTwice {
        group: DisplayGroup,
        first: String,
        second: String,
        shown: String,
        locale: String,
        line: Option<usize>,
    },
}

/// Which things of a label schema a display name belongs to: display names must differ within
/// one group and one locale.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DisplayGroup {
    /// The labels.
    Label,
    /// The relation types.
    RelationType,
    /// One label's attributes.
    Attribute,
}

impl DisplayGroup {
    /// Its name in the command line's English.
    pub fn name(self) -> &'static str {
        match self {
            DisplayGroup::Label => "label",
            DisplayGroup::RelationType => "relation type",
            DisplayGroup::Attribute => "attribute",
        }
    }
}

/// ` (labels.ron line N)`, or nothing when the line is not known.
struct LineOf(Option<usize>);

impl fmt::Display for LineOf {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Some(n) => write!(f, " (labels.ron line {n})"),
            None => Ok(()),
        }
    }
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
            S::KeyIsShortcut {
                label,
                key,
                app_key,
                does,
            } => write!(
                f,
                "label {label:?} has the key {key:?}, which the app uses to {does} ({}); choose another key",
                app_key.to_uppercase()
            ),
            S::DisplayEmpty {
                group,
                id,
                locale,
                line,
            } => write!(
                f,
                "{} {id:?} has an empty display name for {locale}; write one or remove the entry{}",
                group.name(),
                LineOf(*line)
            ),
            S::DisplayTwice {
                group,
                first,
                second,
                shown,
                locale,
                line,
            } => write!(
                f,
                "{}s {first:?} and {second:?} are both shown as {shown:?} in {locale}; give each its own display name{}",
                group.name(),
                LineOf(*line)
            ),
        }
    }
}
