//! Shortcut clashes, after rerun's `check_for_clashing_command_shortcuts`: two bindings of the
//! table on the same keys with the same condition (or the later one never reachable), or a
//! label key of `labels.ron` that takes a key a binding uses where both are active. The app's tests fail on any clash of the table
//! with the default labels, and keep the core's list of single-key shortcuts
//! ([`APP_SHORTCUT_KEYS`], which `validate` checks label keys against) equal to the table.

use super::describe::{key_name, modifiers_prefix};
use super::{BINDINGS, Binding, KeyContext, NUMBER_KEYS, Trigger, When, label_keys};
#[cfg(test)]
use crate::core::data::labels::APP_SHORTCUT_KEYS;
use crate::core::data::labels::LabelSchema;
use egui::{Key, Modifiers};

/// What one trigger presses, concretely: a key with modifiers, or typed text.
#[derive(Clone, Debug, PartialEq)]
enum Press {
    Key(Modifiers, Key),
    Text(&'static str),
}

impl Press {
    fn describe(&self) -> String {
        match self {
            Press::Key(m, k) => format!("{}{}", modifiers_prefix(*m), key_name(*k)),
            Press::Text(t) => t.to_string(),
        }
    }
}

/// The presses of a binding under `labels`, each with the label it applies (for label keys).
fn presses(binding: &Binding, labels: &[(Key, String)]) -> Vec<(Press, Option<String>)> {
    let mut out = Vec::new();
    for trigger in binding.shortcut {
        match trigger {
            Trigger::Key(m, k) => out.push((Press::Key(*m, *k), None)),
            Trigger::Text(t) => out.push((Press::Text(t), None)),
            Trigger::LabelKeys(m) => {
                for (k, name) in labels {
                    out.push((Press::Key(*m, *k), Some(name.clone())));
                }
            }
            Trigger::NumberKeys => out.extend(
                NUMBER_KEYS
                    .iter()
                    .map(|k| (Press::Key(Modifiers::NONE, *k), None)),
            ),
            Trigger::Pointer(_) => {}
        }
    }
    out
}

/// Every situation the conditions look at.
fn contexts() -> impl Iterator<Item = KeyContext> {
    (0u8..64).map(|bits| KeyContext {
        typing: bits & 1 != 0,
        find_open: bits & 2 != 0,
        has_target: bits & 4 != 0,
        help_shown: bits & 8 != 0,
        linking: bits & 16 != 0,
        span_selected: bits & 32 != 0,
    })
}

/// Whether some situation makes both conditions hold.
fn overlap(a: When, b: When) -> bool {
    contexts().any(|cx| a.holds(&cx) && b.holds(&cx))
}

/// Whether two bindings of the table on the same keys clash. The first one listed takes the
/// key where both hold (a mode's Escape before the general one), so that is a clash only when
/// both have the same condition or the later one can never fire.
fn table_clash(earlier: When, later: When) -> bool {
    earlier == later || contexts().all(|cx| !later.holds(&cx) || earlier.holds(&cx))
}

/// Every clash of `bindings` under `labels`, as a sentence naming the keys and both uses.
fn clashes_in(bindings: &[Binding], labels: &LabelSchema) -> Vec<String> {
    let keys = label_keys(labels);
    let mut out = Vec::new();
    for (i, a) in bindings.iter().enumerate() {
        for b in &bindings[i + 1..] {
            if !overlap(a.when, b.when) {
                continue;
            }
            for (pa, la) in presses(a, &keys) {
                for (pb, lb) in presses(b, &keys) {
                    if pa != pb || (la.is_none() && lb.is_none() && !table_clash(a.when, b.when)) {
                        continue;
                    }
                    let what = |binding: &Binding, label: &Option<String>| match label {
                        Some(name) => format!("the key of label {name:?}"),
                        None => format!(
                            "\"{}\"",
                            crate::app::i18n::text(Default::default(), binding.help, None)
                        ),
                    };
                    out.push(format!(
                        "{} is both {} and {}",
                        pa.describe(),
                        what(a, &la),
                        what(b, &lb)
                    ));
                }
            }
        }
    }
    out
}

/// Every clash of the app's keymap with itself or with the label keys of `labels`.
pub fn clashes(labels: &LabelSchema) -> Vec<String> {
    clashes_in(BINDINGS, labels)
}

/// The single characters the table binds with no modifier where a label key also works (not
/// only while linking, and not only while typing).
#[cfg(test)]
fn single_key_shortcuts() -> Vec<String> {
    let label_binding = BINDINGS
        .iter()
        .find(|b| b.shortcut.contains(&Trigger::LabelKeys(Modifiers::NONE)))
        .expect("the table labels with the label keys");
    let mut out: Vec<String> = BINDINGS
        .iter()
        .filter(|b| overlap(b.when, label_binding.when))
        .flat_map(|b| presses(b, &[]))
        .filter_map(|(p, _)| match p {
            Press::Key(m, k) if m == Modifiers::NONE => {
                let name = key_name(k);
                (name.chars().count() == 1).then(|| name.to_lowercase())
            }
            Press::Text(t) => Some(t.to_string()),
            Press::Key(..) => None,
        })
        .collect();
    out.sort();
    out.dedup();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_keymap_has_no_clash_with_itself_or_the_default_labels() {
        let clashes = clashes(&LabelSchema::default_schema());
        assert!(clashes.is_empty(), "{clashes:#?}");
    }

    #[test]
    fn a_label_key_that_takes_a_shortcut_is_a_clash() {
        let mut labels = LabelSchema::default_schema();
        labels.labels[1].key = "n".into();
        let clashes = clashes(&labels);
        assert_eq!(clashes.len(), 1, "{clashes:#?}");
        assert!(
            clashes[0].contains("N is both") && clashes[0].contains("\"amount\""),
            "{clashes:?}"
        );
    }

    #[test]
    fn two_bindings_on_one_key_at_once_are_a_clash() {
        let mut table = BINDINGS.to_vec();
        let next = table
            .iter()
            .find(|b| b.shortcut.contains(&Trigger::Key(Modifiers::NONE, Key::N)))
            .unwrap()
            .clone();
        let mut twin = table
            .iter()
            .find(|b| b.shortcut.contains(&Trigger::Key(Modifiers::NONE, Key::P)))
            .unwrap()
            .clone();
        twin.shortcut = next.shortcut;
        table.push(twin);
        let clashes = clashes_in(&table, &LabelSchema::default_schema());
        assert!(
            clashes.iter().any(|c| c.starts_with("N is both")),
            "{clashes:#?}"
        );
        // Link mode's number keys and the label keys 1-4 never hold at once: no clash.
        assert!(!clashes.iter().any(|c| c.starts_with('1')), "{clashes:#?}");
    }

    #[test]
    fn the_cores_shortcut_keys_are_the_tables() {
        let mut core: Vec<String> = APP_SHORTCUT_KEYS
            .iter()
            .map(|(k, _)| k.to_string())
            .collect();
        core.sort();
        assert_eq!(single_key_shortcuts(), core);
    }
}
