//! The keymap as text: the rows of the shortcut sheet, the README's keys table, the shortcut a
//! menu item shows, and the label keys as a range (`1-4`). Everything here is read from
//! [`BINDINGS`] and the dataset's labels.

use super::{BINDINGS, Does, NONE, Trigger};
use crate::app::actions::Action;
use crate::app::i18n::{Language, text};
use crate::core::data::display_names::Displayed;
use crate::core::data::labels::LabelSchema;
use egui::{Key, Modifiers};

pub(super) fn key_name(key: Key) -> &'static str {
    match key {
        Key::ArrowLeft => "←",
        Key::ArrowRight => "→",
        Key::ArrowUp => "↑",
        Key::ArrowDown => "↓",
        Key::Escape => "Esc",
        Key::Equals => "=",
        Key::Plus => "+",
        Key::Minus => "-",
        other => other.name(),
    }
}

pub(super) fn modifiers_prefix(m: Modifiers) -> String {
    let mut s = String::new();
    if m.command || m.ctrl {
        s.push_str("Ctrl+");
    }
    if m.shift {
        s.push_str("Shift+");
    }
    if m.alt {
        s.push_str("Alt+");
    }
    s
}

/// The label keys as one piece of text: `1-4` (with `dash` between) when they run in order,
/// else listed with ` / `.
pub fn label_key_range(labels: &LabelSchema, dash: &str) -> String {
    let keys: Vec<&str> = labels.labels.iter().map(|l| l.key.as_str()).collect();
    let digits: Option<Vec<u32>> = keys.iter().map(|k| k.parse().ok()).collect();
    match (digits, keys.first(), keys.last()) {
        (Some(d), Some(first), Some(last))
            if d.len() > 1 && d.windows(2).all(|w| w[1] == w[0] + 1) =>
        {
            format!("{first}{dash}{last}")
        }
        _ => keys.join(" / "),
    }
}

/// How the table is written out.
#[derive(Clone, Copy)]
enum Style {
    /// Markdown for the README: keys in backticks, label keys as a range.
    Readme,
    /// The shortcut sheet: plain text, label keys with their names.
    Sheet,
}

fn trigger_text(t: &Trigger, labels: &LabelSchema, style: Style, lang: Language) -> String {
    let code = |s: String| match style {
        Style::Readme => format!("`{s}`"),
        Style::Sheet => s,
    };
    match t {
        Trigger::Key(m, k) => code(format!("{}{}", modifiers_prefix(*m), key_name(*k))),
        Trigger::Text(text) => code(text.to_string()),
        Trigger::Pointer(gesture) => text(lang, gesture, None),
        Trigger::NumberKeys => code("1".into()) + "–" + &code("9".into()),
        Trigger::LabelKeys(m) if *m == NONE && matches!(style, Style::Sheet) => labels
            .labels
            .iter()
            .map(|l| format!("{} {}", l.key, l.display(lang.tag())))
            .collect::<Vec<_>>()
            .join(", "),
        Trigger::LabelKeys(m) => {
            let range = label_key_range(labels, "–");
            match style {
                Style::Readme => {
                    let prefix = modifiers_prefix(*m);
                    // `1`–`4`, `Ctrl+Shift+1`–`4`
                    range
                        .split('–')
                        .enumerate()
                        .map(|(n, k)| {
                            if n == 0 {
                                format!("`{prefix}{k}`")
                            } else {
                                format!("`{k}`")
                            }
                        })
                        .collect::<Vec<_>>()
                        .join("–")
                }
                Style::Sheet => format!("{}{range}", modifiers_prefix(*m)),
            }
        }
    }
}

fn rows(labels: &LabelSchema, style: Style, lang: Language) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    let mut last_help = "";
    for b in BINDINGS.iter().filter(|b| !b.help.is_empty()) {
        let keys: Vec<String> = b
            .shortcut
            .iter()
            .map(|t| trigger_text(t, labels, style, lang))
            .collect();
        let keys = keys.join(" / ");
        let help = text(lang, b.help, None);
        let help = match style {
            Style::Readme => help,
            Style::Sheet => help.replace('`', ""),
        };
        match out.last_mut() {
            Some((k, _)) if b.help == last_help => {
                k.push_str(" / ");
                k.push_str(&keys);
            }
            _ => out.push((keys, help)),
        }
        last_help = b.help;
    }
    out
}

/// The rows of the shortcut sheet in English: keys and what they do, label keys with their
/// names.
pub fn sheet_rows(labels: &LabelSchema) -> Vec<(String, String)> {
    sheet_rows_in(labels, Language::En)
}

/// The rows of the shortcut sheet in `lang`, label keys with their display names.
pub fn sheet_rows_in(labels: &LabelSchema, lang: Language) -> Vec<(String, String)> {
    rows(labels, Style::Sheet, lang)
}

/// The README's keys table (header included), one line per row.
pub fn readme_table(labels: &LabelSchema) -> String {
    let mut s = String::from("| keys | what they do |\n|---|---|\n");
    for (keys, help) in rows(labels, Style::Readme, Language::En) {
        s.push_str(&format!("| {keys} | {help} |\n"));
    }
    s
}

/// The key of `action` for a message (`R`, `Shift+A`): [`shortcut_text`], or the action's
/// menu entry when no key is bound.
pub fn key_for(action: impl Into<Action>) -> String {
    shortcut_text(&action.into()).unwrap_or_else(|| "its menu entry".to_string())
}

/// The first shortcut of the listed binding that asks for `action`, as the menu shows it
/// (`Ctrl+=`).
pub fn shortcut_text(action: &Action) -> Option<String> {
    let binding = BINDINGS
        .iter()
        .find(|b| !b.help.is_empty() && b.action == Does::Act(action.clone()))?;
    match binding.shortcut.first()? {
        Trigger::Key(m, k) => Some(format!("{}{}", modifiers_prefix(*m), key_name(*k))),
        Trigger::Text(text) => Some(text.to_string()),
        Trigger::LabelKeys(_) | Trigger::Pointer(_) | Trigger::NumberKeys => None,
    }
}
