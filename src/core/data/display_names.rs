//! Display names of labels, attributes and relation types per locale (`display` in
//! `labels.ron`): the name the app shows in each language, while spans, exports and the table
//! keep the stored name; and the check that none is empty or shown for two things in a locale.

use crate::core::data::labels::{AttributeDef, LabelDef, LabelSchema, RelationDef};
use crate::core::data::problem::{DisplayGroup, SchemaMisfit};
use std::collections::BTreeMap;

/// A name with display names per locale: a label, an attribute or a relation type.
pub trait Displayed {
    /// The stored name.
    fn id(&self) -> &str;
    /// The display names by locale.
    fn display_names(&self) -> &BTreeMap<String, String>;
    /// The name to show in `locale` (`zh-CN`, `zh-TW`, `en`): its display name there, else the
    /// stored name.
    fn display(&self, locale: &str) -> &str {
        match self.display_names().get(locale) {
            Some(shown) if !shown.trim().is_empty() => shown,
            _ => self.id(),
        }
    }
}

macro_rules! displayed {
    ($($t:ty),*) => {$(
        impl Displayed for $t {
            fn id(&self) -> &str {
                &self.name
            }
            fn display_names(&self) -> &BTreeMap<String, String> {
                &self.display
            }
        }
    )*};
}
displayed!(LabelDef, AttributeDef, RelationDef);

/// A display name that is empty, or shown for two things in one locale.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DisplayProblem {
    /// Where in the schema: `/labels/0/display/zh-CN`.
    pub pointer: String,
    /// What is wrong (its line in labels.ron not yet known).
    pub misfit: SchemaMisfit,
    /// The display name as written, to find its line in `labels.ron` (empty for an empty name).
    pub shown: String,
}

/// Checks one group of display names (the labels, the relation types, one label's attributes):
/// none empty, none shown for two of the group in one locale.
fn display_group<'a, T: Displayed + 'a>(
    group: DisplayGroup,
    at: &str,
    items: impl IntoIterator<Item = &'a T>,
    out: &mut Vec<DisplayProblem>,
) {
    let mut seen: BTreeMap<(String, String), String> = BTreeMap::new();
    for (i, item) in items.into_iter().enumerate() {
        for (locale, shown) in item.display_names() {
            let pointer = format!("{at}/{i}/display/{locale}");
            if shown.trim().is_empty() {
                out.push(DisplayProblem {
                    pointer,
                    misfit: SchemaMisfit::DisplayEmpty {
                        group,
                        id: item.id().to_string(),
                        locale: locale.clone(),
                        line: None,
                    },
                    shown: String::new(),
                });
            } else if let Some(first) = seen.insert(
                (locale.clone(), shown.trim().to_string()),
                item.id().to_string(),
            ) {
                out.push(DisplayProblem {
                    pointer,
                    misfit: SchemaMisfit::DisplayTwice {
                        group,
                        first,
                        second: item.id().to_string(),
                        shown: shown.clone(),
                        locale: locale.clone(),
                        line: None,
                    },
                    shown: shown.clone(),
                });
            }
        }
    }
}

impl LabelSchema {
    /// Display names that are empty or duplicated within a locale (among the labels, among the
    /// relation types, among one label's attributes). The app still opens such a schema (it
    /// shows the stored name for an empty one); `validate` reports them.
    pub fn display_problems(&self) -> Vec<DisplayProblem> {
        let mut out = Vec::new();
        display_group(DisplayGroup::Label, "/labels", &self.labels, &mut out);
        display_group(
            DisplayGroup::RelationType,
            "/relations",
            &self.relations,
            &mut out,
        );
        for (i, label) in self.labels.iter().enumerate() {
            display_group(
                DisplayGroup::Attribute,
                &format!("/labels/{i}/attributes"),
                &label.attributes,
                &mut out,
            );
        }
        out
    }
}
