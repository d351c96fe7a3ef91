//! The app's words (assets/i18n/<locale>/*.ftl) against the code: every locale defines exactly
//! the messages English defines, every message is used by the code, every message id the code
//! names exists, and every word of every locale has a glyph in the bundled fonts.

use biaozhu::app::i18n::{Language, embedded};
use std::collections::BTreeSet;
use std::path::Path;

/// The message ids (not terms, not comments) defined in Fluent source `text`.
fn ids(text: &str) -> BTreeSet<String> {
    text.lines()
        .filter_map(|l| {
            let (id, _) = l.split_once(" =")?;
            let ok = !id.is_empty()
                && id.chars().next()?.is_ascii_lowercase()
                && id
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
            ok.then(|| id.to_string())
        })
        .collect()
}

fn locale_ids(lang: Language) -> BTreeSet<String> {
    embedded(lang).iter().flat_map(|t| ids(t)).collect()
}

/// Every string literal in the Rust files under `dir`.
fn literals(dir: &Path, out: &mut BTreeSet<String>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            literals(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            let text = std::fs::read_to_string(&path).unwrap();
            let mut rest = text.as_str();
            while let Some(start) = rest.find('"') {
                let after = &rest[start + 1..];
                let Some(end) = after.find('"') else { break };
                out.insert(after[..end].to_string());
                rest = &after[end + 1..];
            }
        }
    }
}

fn code_literals() -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    literals(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("src/app"),
        &mut out,
    );
    out
}

#[test]
fn every_locale_defines_the_same_messages() {
    let en = locale_ids(Language::En);
    assert!(en.len() > 100, "only {} messages in English", en.len());
    for lang in [Language::ZhCn, Language::ZhTw] {
        let have = locale_ids(lang);
        let missing: Vec<_> = en.difference(&have).collect();
        let extra: Vec<_> = have.difference(&en).collect();
        assert!(
            missing.is_empty() && extra.is_empty(),
            "{}: missing {missing:?}, not in English {extra:?}",
            lang.tag()
        );
    }
}

#[test]
fn every_message_is_used_by_the_code() {
    let used = code_literals();
    let unused: Vec<_> = locale_ids(Language::En)
        .into_iter()
        .filter(|id| !used.contains(id))
        .collect();
    assert!(unused.is_empty(), "messages no code names: {unused:?}");
}

#[test]
fn every_message_the_code_names_exists() {
    let en = locale_ids(Language::En);
    // The ids the code passes to tr! and the keymap: literals shaped like our message ids.
    let prefixes = [
        "menu-",
        "dash-",
        "guidelines-",
        "dialog-",
        "docs-",
        "find-",
        "name-",
        "problems-",
        "spans-",
        "rels-",
        "projects-",
        "article-",
        "model-",
        "status-",
        "help-",
        "msg-",
        "err-",
        "error-",
        "keys-",
        "gesture-",
        "labelbar-",
        "lacks-",
        "list-",
        "language-",
    ];
    let named: Vec<String> = code_literals()
        .into_iter()
        .filter(|l| prefixes.iter().any(|p| l.starts_with(p)))
        .filter(|l| {
            l.chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        })
        .filter(|l| !en.contains(l))
        .collect();
    assert!(named.is_empty(), "ids with no message: {named:?}");
}

#[test]
fn the_check_for_unused_messages_can_fail() {
    let mut en = locale_ids(Language::En);
    en.insert("menu-not-used-anywhere".into());
    let used = code_literals();
    assert!(en.iter().any(|id| !used.contains(id)));
}

#[test]
fn every_word_of_every_locale_has_a_glyph_in_the_bundled_fonts() {
    let ctx = egui::Context::default();
    biaozhu::app::fonts::install(&ctx);
    let mut out = ctx.run_ui(Default::default(), |_| {});
    out.textures_delta.clear();
    let font = egui::FontId::proportional(14.0);
    for lang in Language::ALL {
        for text in embedded(lang) {
            for line in text.lines().filter(|l| !l.starts_with('#')) {
                let missing: String = line
                    .chars()
                    .filter(|c| !c.is_whitespace())
                    .filter(|c| !ctx.fonts_mut(|f| f.has_glyph(&font, *c)))
                    .collect();
                assert!(
                    missing.is_empty(),
                    "{}: no glyph for {missing:?} in {line:?}",
                    lang.tag()
                );
            }
        }
    }
}
