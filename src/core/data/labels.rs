//! The label schema (`labels.ron`): labels with keys, colours and attributes, and relation types.
//!
//! The schema is hand-editable RON with comments. The default ships as `assets/labels.ron` and is
//! copied into every new dataset.

use crate::core::data::problem::{ParseTrouble, Problem, ProblemKind, SchemaMisfit};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The default label schema, as shipped in `assets/labels.ron`.
pub const DEFAULT_LABELS_RON: &str = include_str!("../../../assets/labels.ron");

/// The keys the desktop app binds with no modifier (outside link mode, when no text field has
/// the keyboard), with what each does. A label key must not take one: the app's keymap would
/// shadow it or it the shortcut. The app's keymap test keeps this list equal to its table;
/// `validate` reports a label key found here.
pub const APP_SHORTCUT_KEYS: [(&str, &str); 8] = [
    ("a", "accept the suggestion"),
    ("x", "reject the suggestion"),
    ("r", "link the selected span"),
    ("n", "go to the next document"),
    ("p", "go to the previous document"),
    ("t", "show or hide the Projects view"),
    ("g", "show or hide the guidelines"),
    ("?", "show the shortcut sheet"),
];

/// A whole label schema.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LabelSchema {
    /// Whether spans may overlap or nest.
    #[serde(default = "default_true")]
    pub allow_overlap: bool,
    /// The labels, in the order of their buttons.
    pub labels: Vec<LabelDef>,
    /// The relation types.
    #[serde(default)]
    pub relations: Vec<RelationDef>,
}

fn default_true() -> bool {
    true
}

/// One label.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LabelDef {
    /// The name stored in spans.
    pub name: String,
    /// The key that applies it (a single character such as "1").
    pub key: String,
    /// `#RRGGBB`.
    pub color: String,
    /// One line for tooltips and the legend.
    #[serde(default)]
    pub description: String,
    /// The attributes a span of this label may carry.
    #[serde(default)]
    pub attributes: Vec<AttributeDef>,
    /// Display names per locale (`"zh-CN": "项目"`), shown by the app in that language; the
    /// stored name stays `name`, and exports and the table keep it.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub display: BTreeMap<String, String>,
    /// What biaozhu's own machinery takes this label for (typed values, the rules, the relation
    /// rules, the investment table, the learner's features), whatever its name.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "declared_role"
    )]
    pub role: Option<Role>,
}

/// `role: Money` in `labels.ron` (no `Some(…)` around it); a missing field is no role.
fn declared_role<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<Role>, D::Error> {
    Role::deserialize(d).map(Some)
}

/// The roles of the investment domain. A label declares one in `labels.ron` (`role: Money`),
/// so a team may name its labels as it likes (金额, 地区) and keep typed values, suggestions,
/// relation rules and the table. Relation types join roles through their ends' labels: the type
/// from the `Project` label to the `Money` label is the one the rules and the table use for
/// amounts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Role {
    /// A named investment project; the hub every relation starts at.
    Project,
    /// Carries money values: value, currency and qualifier are filled from the text.
    Money,
    /// Carries places: the gazetteer's adcode and standard name are filled from the text.
    Place,
    /// A named policy or service mechanism.
    Mechanism,
}

impl Role {
    /// Every role, in the order of the default labels.
    pub const ALL: [Role; 4] = [Role::Project, Role::Money, Role::Place, Role::Mechanism];

    /// The name of the default label of this role: what the rule extractor calls its spans.
    pub fn default_label(self) -> &'static str {
        match self {
            Role::Project => "project",
            Role::Money => "amount",
            Role::Place => "region",
            Role::Mechanism => "mechanism",
        }
    }

    /// The role of a label named as biaozhu's default labels are, in English, simplified or
    /// traditional Chinese (project, 项目, 項目; amount, 金额, 金額; region, 地区, 地區; mechanism,
    /// 机制, 機制). Used only when `labels.ron` declares no role at all.
    pub fn by_name(name: &str) -> Option<Role> {
        match name {
            "project" | "项目" | "項目" => Some(Role::Project),
            "amount" | "金额" | "金額" => Some(Role::Money),
            "region" | "地区" | "地區" => Some(Role::Place),
            "mechanism" | "机制" | "機制" => Some(Role::Mechanism),
            _ => None,
        }
    }
}

/// One attribute a span may carry.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AttributeDef {
    /// The key in the span's `attrs`.
    pub name: String,
    /// What values it takes.
    pub kind: AttributeKind,
    /// One line of help.
    #[serde(default)]
    pub description: String,
    /// Display names per locale (`"zh-CN": "项目"`), shown by the app in that language; the
    /// stored name stays `name`, and exports and the table keep it.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub display: BTreeMap<String, String>,
}

/// The type of an attribute's value.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum AttributeKind {
    /// Any string.
    Text,
    /// A JSON number.
    Number,
    /// One of the listed strings.
    Choice(Vec<String>),
    /// true or false.
    Bool,
}

/// A relation type between two labels.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RelationDef {
    /// The name stored in relations.
    pub name: String,
    /// The label of the span the relation starts at.
    pub from: String,
    /// The label of the span it points to.
    pub to: String,
    /// One line of help.
    #[serde(default)]
    pub description: String,
    /// Display names per locale (`"zh-CN": "项目"`), shown by the app in that language; the
    /// stored name stays `name`, and exports and the table keep it.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub display: BTreeMap<String, String>,
}

impl RelationDef {
    /// Whether this type joins a span labelled `from` to one labelled `to`.
    pub fn joins(&self, from: &str, to: &str) -> bool {
        self.from == from && self.to == to
    }
}

/// Why a relation does not fit the schema: the one wording that validation and
/// `import-annotations` use (the edit path and linking test fit with [`RelationDef::joins`]).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum RelationMisfit {
    /// No relation type of that name is declared.
    #[error("the relation type {0:?} is not declared in labels.ron")]
    UnknownType(String),
    /// The type is declared between other labels.
    #[error("{kind} goes from {want_from} to {want_to}, not from {from} to {to}")]
    Labels {
        /// The type.
        kind: String,
        /// The labels it joins.
        want_from: String,
        /// The label it points to.
        want_to: String,
        /// The labels of the spans given.
        from: String,
        /// The label of the span given as the target.
        to: String,
    },
}

impl AttributeKind {
    /// Explains why `value` does not fit this kind, or `None` when it does.
    pub fn problem(&self, value: &serde_json::Value) -> Option<String> {
        use serde_json::Value;
        match (self, value) {
            (AttributeKind::Text, Value::String(_)) => None,
            (AttributeKind::Number, Value::Number(_)) => None,
            (AttributeKind::Bool, Value::Bool(_)) => None,
            (AttributeKind::Choice(options), Value::String(s)) if options.contains(s) => None,
            (AttributeKind::Choice(options), _) => {
                Some(format!("must be one of {}", options.join(", ")))
            }
            (AttributeKind::Text, _) => Some("must be a string".into()),
            (AttributeKind::Number, _) => Some("must be a number".into()),
            (AttributeKind::Bool, _) => Some("must be true or false".into()),
        }
    }
}

impl LabelSchema {
    /// Parses RON text; the problem says where (the caller names the file).
    pub fn from_ron(text: &str) -> Result<Self, Problem> {
        let schema: LabelSchema = ron::from_str(text).map_err(|e| {
            Problem::of(ProblemKind::Parse(Box::new(ParseTrouble::of_ron(
                &e,
                e.to_string(),
            ))))
        })?;
        schema.check()?;
        Ok(schema)
    }

    /// The shipped default schema.
    pub fn default_schema() -> Self {
        Self::from_ron(DEFAULT_LABELS_RON).expect("assets/labels.ron is valid (checked by tests)")
    }

    /// Rejects schemas the tool cannot work with: empty or duplicate names and keys, bad colours,
    /// relations between unknown labels.
    pub fn check(&self) -> Result<(), Problem> {
        use SchemaMisfit as S;
        let misfit = |m: SchemaMisfit| Problem::of(ProblemKind::Schema(Box::new(m)));
        if self.labels.is_empty() {
            return Err(misfit(S::NoLabels));
        }
        let mut names = std::collections::HashSet::new();
        let mut keys = std::collections::HashSet::new();
        for label in &self.labels {
            if label.name.trim().is_empty() {
                return Err(misfit(S::EmptyName));
            }
            if !names.insert(label.name.as_str()) {
                return Err(misfit(S::LabelTwice {
                    name: label.name.clone(),
                }));
            }
            if label.key.chars().count() != 1 {
                return Err(misfit(S::KeyNotOneCharacter {
                    label: label.name.clone(),
                    key: label.key.clone(),
                }));
            }
            if !keys.insert(label.key.as_str()) {
                return Err(misfit(S::KeyTwice {
                    label: label.name.clone(),
                    key: label.key.clone(),
                }));
            }
            if let Some(role) = label.role
                && let Some(other) = self
                    .labels
                    .iter()
                    .find(|o| o.role == Some(role) && o.name != label.name)
            {
                return Err(misfit(S::RoleTwice {
                    first: other.name.clone(),
                    second: label.name.clone(),
                    role: format!("{role:?}"),
                }));
            }
            if parse_hex_color(&label.color).is_none() {
                return Err(misfit(S::BadColor {
                    label: label.name.clone(),
                    color: label.color.clone(),
                }));
            }
        }
        let mut relation_names = std::collections::HashSet::new();
        for rel in &self.relations {
            if !relation_names.insert(rel.name.as_str()) {
                return Err(misfit(S::RelationTwice {
                    name: rel.name.clone(),
                }));
            }
            for end in [&rel.from, &rel.to] {
                if !names.contains(end.as_str()) {
                    return Err(misfit(S::UnknownEnd {
                        relation: rel.name.clone(),
                        label: end.clone(),
                    }));
                }
            }
        }
        Ok(())
    }

    /// The label called `name`.
    pub fn label(&self, name: &str) -> Option<&LabelDef> {
        self.labels.iter().find(|l| l.name == name)
    }

    /// The relation type called `name`.
    pub fn relation(&self, name: &str) -> Option<&RelationDef> {
        self.relations.iter().find(|r| r.name == name)
    }

    /// The type `kind` when it may join a span labelled `from` to one labelled `to`.
    pub fn check_relation(
        &self,
        kind: &str,
        from: &str,
        to: &str,
    ) -> Result<&RelationDef, RelationMisfit> {
        let def = self
            .relation(kind)
            .ok_or_else(|| RelationMisfit::UnknownType(kind.to_string()))?;
        if def.joins(from, to) {
            Ok(def)
        } else {
            Err(RelationMisfit::Labels {
                kind: def.name.clone(),
                want_from: def.from.clone(),
                want_to: def.to.clone(),
                from: from.to_string(),
                to: to.to_string(),
            })
        }
    }

    /// The role of label `name`: its declared role, or, when no label of the schema declares
    /// one, the role its name has by [`Role::by_name`] (so older datasets keep working).
    pub fn role_of(&self, name: &str) -> Option<Role> {
        if self.labels.iter().any(|l| l.role.is_some()) {
            self.label(name)?.role
        } else {
            self.label(name).and_then(|l| Role::by_name(&l.name))
        }
    }

    /// The label that has `role`, if any.
    pub fn label_for(&self, role: Role) -> Option<&str> {
        self.labels
            .iter()
            .map(|l| l.name.as_str())
            .find(|name| self.role_of(name) == Some(role))
    }

    /// The first relation type from the label of role `from` to the label of role `to`.
    pub fn relation_for(&self, from: Role, to: Role) -> Option<&RelationDef> {
        self.relations
            .iter()
            .find(|r| self.role_of(&r.from) == Some(from) && self.role_of(&r.to) == Some(to))
    }

    /// The labels whose key is one of the app's shortcut keys ([`APP_SHORTCUT_KEYS`]), each with
    /// its index, the key and what that key does in the app.
    pub fn shortcut_clashes(&self) -> Vec<(usize, &LabelDef, &'static str, &'static str)> {
        self.labels
            .iter()
            .enumerate()
            .filter_map(|(i, l)| {
                let (key, does) = APP_SHORTCUT_KEYS
                    .iter()
                    .find(|(k, _)| k.eq_ignore_ascii_case(&l.key))?;
                Some((i, l, *key, *does))
            })
            .collect()
    }

    /// The label names in order.
    pub fn label_names(&self) -> Vec<&str> {
        self.labels.iter().map(|l| l.name.as_str()).collect()
    }
}

/// Parses `#RRGGBB` into its three bytes.
pub fn parse_hex_color(text: &str) -> Option<[u8; 3]> {
    let hex = text.strip_prefix('#')?;
    if hex.len() != 6 || !hex.is_ascii() {
        return None;
    }
    let byte = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).ok();
    Some([byte(0)?, byte(2)?, byte(4)?])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_schema_has_the_four_labels_and_three_relations() {
        let s = LabelSchema::default_schema();
        assert_eq!(
            s.label_names(),
            ["project", "amount", "region", "mechanism"]
        );
        assert_eq!(
            s.labels.iter().map(|l| l.key.as_str()).collect::<Vec<_>>(),
            ["1", "2", "3", "4"]
        );
        assert_eq!(s.label_for(Role::Money), Some("amount"));
        assert_eq!(s.role_of("region"), Some(Role::Place));
        let rel = s.relation_for(Role::Project, Role::Place).unwrap();
        assert_eq!(rel.name, "located_in");
        let rel = s.relation("located_in").unwrap();
        assert_eq!((rel.from.as_str(), rel.to.as_str()), ("project", "region"));
        assert!(s.allow_overlap);
    }

    #[test]
    fn broken_schemas_are_refused_with_a_reason() {
        assert!(
            LabelSchema::from_ron("(labels: [])")
                .unwrap_err()
                .to_string()
                .contains("no labels")
        );
        let dup = r##"(labels: [(name: "a", key: "1", color: "#000000"), (name: "b", key: "1", color: "#000000")])"##;
        assert!(
            LabelSchema::from_ron(dup)
                .unwrap_err()
                .message()
                .contains("used twice")
        );
        assert!(LabelSchema::from_ron("(labels: [").is_err());
    }

    #[test]
    fn roles_are_declared_or_known_by_name() {
        let declared = r##"(labels: [
            (name: "钱", key: "1", color: "#000000", role: Money),
            (name: "amount", key: "2", color: "#000000"),
        ])"##;
        let s = LabelSchema::from_ron(declared).unwrap();
        // Declarations win: "amount" declares nothing, so it has no role here.
        assert_eq!(s.label_for(Role::Money), Some("钱"));
        assert_eq!(s.role_of("amount"), None);
        let named = r##"(labels: [(name: "金額", key: "1", color: "#000000"), (name: "地区", key: "2", color: "#000000")])"##;
        let s = LabelSchema::from_ron(named).unwrap();
        assert_eq!(s.label_for(Role::Money), Some("金額"));
        assert_eq!(s.label_for(Role::Place), Some("地区"));
        assert_eq!(s.label_for(Role::Project), None);
        let twice = r##"(labels: [
            (name: "a", key: "1", color: "#000000", role: Money),
            (name: "b", key: "2", color: "#000000", role: Money),
        ])"##;
        let e = LabelSchema::from_ron(twice).unwrap_err().message();
        assert!(e.contains("both declare role Money"), "{e}");
    }
}
