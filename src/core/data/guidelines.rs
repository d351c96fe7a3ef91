//! The annotation guidelines, per language: `guidelines/<locale>.md` in a dataset (zh-CN, zh-TW,
//! en), copied from the bundled ones into every new dataset (as `chrome.ron` is), so a team edits
//! its own. The app shows them in a side panel, whole or one label's section. `validate` does not
//! look at them: they are the team's prose.

use super::layout;
use std::path::{Path, PathBuf};

/// The bundled guidelines: (locale, Markdown).
pub const BUNDLED: [(&str, &str); 3] = [
    ("zh-CN", include_str!("../../../assets/guidelines.zh-CN.md")),
    ("zh-TW", include_str!("../../../assets/guidelines.zh-TW.md")),
    ("en", include_str!("../../../assets/guidelines.md")),
];

/// The bundled guidelines in `locale` (English for a locale not bundled).
pub fn bundled(locale: &str) -> &'static str {
    BUNDLED
        .iter()
        .find(|(l, _)| *l == locale)
        .unwrap_or(&BUNDLED[2])
        .1
}

/// The file of the guidelines in `locale` in the dataset at `root`.
pub fn file(root: &Path, locale: &str) -> PathBuf {
    root.join(layout::GUIDELINES_DIR)
        .join(format!("{locale}.md"))
}

/// Writes the bundled guidelines into the dataset at `root` (each language whose file is not
/// there yet), for the team to edit.
pub fn write_bundled(root: &Path) -> crate::core::data::error::Result<()> {
    let folder = root.join(layout::GUIDELINES_DIR);
    std::fs::create_dir_all(&folder)
        .map_err(|e| crate::core::data::error::Error::io(&folder, e))?;
    for (locale, text) in BUNDLED {
        let path = file(root, locale);
        if !path.exists() {
            crate::core::data::fsio::write_atomic(&path, text.as_bytes())?;
        }
    }
    Ok(())
}

/// Where guidelines came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Origin {
    /// The dataset's own file.
    Dataset(PathBuf),
    /// The bundled text (the dataset has none in this language, nor in English).
    Bundled,
}

/// The guidelines to show in `locale`: the dataset's own in that language, else its English
/// ones, else the bundled ones in `locale`. A file that cannot be read as UTF-8 counts as
/// missing (the panel says where the text came from).
pub fn read(root: &Path, locale: &str) -> (String, Origin) {
    for l in [locale, "en"] {
        let path = file(root, l);
        if let Ok(text) = std::fs::read_to_string(&path) {
            return (text, Origin::Dataset(path));
        }
    }
    (bundled(locale).to_string(), Origin::Bundled)
}

/// The level of a Markdown ATX heading (`## 2.` is 2), or `None` for another line.
fn heading_level(line: &str) -> Option<usize> {
    let hashes = line.chars().take_while(|&c| c == '#').count();
    ((1..=6).contains(&hashes) && line[hashes..].starts_with(' ')).then_some(hashes)
}

/// The section of the guidelines about a label: from the first heading (below the title) that
/// names it by any of `names` (its id, its display names), up to the next heading of the same or
/// a higher level. `None` when no heading names it.
pub fn section<'a>(text: &'a str, names: &[&str]) -> Option<&'a str> {
    let mut offset = 0;
    let mut start: Option<(usize, usize)> = None;
    for line in text.split_inclusive('\n') {
        if let Some(level) = heading_level(line) {
            match start {
                Some((at, open)) if level <= open => return Some(&text[at..offset]),
                None if level >= 2 && names.iter().any(|n| !n.is_empty() && line.contains(n)) => {
                    start = Some((offset, level));
                }
                _ => {}
            }
        }
        offset += line.len();
    }
    start.map(|(at, _)| &text[at..])
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "# Title about project\n\nintro\n\n## 2. Labels\n\n### 2.1 project (key 1)\n\nA project.\n\n#### Examples\n\nx\n\n### 2.2 amount (key 2)\n\nMoney.\n\n## 3. Cheat sheet\n\n### 3.3 Nested region in a project\n";

    #[test]
    fn a_label_section_runs_to_the_next_heading_of_its_level() {
        let s = section(TEXT, &["project"]).unwrap();
        assert!(s.starts_with("### 2.1 project"));
        assert!(s.contains("#### Examples") && !s.contains("amount"));
        let s = section(TEXT, &["金额", "amount"]).unwrap();
        assert_eq!(s, "### 2.2 amount (key 2)\n\nMoney.\n\n");
        assert!(section(TEXT, &["mechanism"]).is_none());
        // The last section runs to the end.
        assert!(section(TEXT, &["Nested"]).unwrap().ends_with("project\n"));
    }

    #[test]
    fn each_bundled_language_has_a_section_for_each_default_label() {
        for (locale, text) in BUNDLED {
            let labels = crate::core::data::labels::LabelSchema::default_schema();
            for l in &labels.labels {
                use crate::core::data::display_names::Displayed;
                let s = section(text, &[l.display(locale), &l.name]);
                assert!(s.is_some(), "{locale}: no section for {}", l.name);
            }
        }
    }

    #[test]
    fn the_dataset_s_own_guidelines_come_first_then_english_then_the_bundled() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(
            read(dir.path(), "zh-TW"),
            (bundled("zh-TW").to_string(), Origin::Bundled)
        );
        std::fs::create_dir_all(dir.path().join(layout::GUIDELINES_DIR)).unwrap();
        std::fs::write(file(dir.path(), "en"), "# ours\n").unwrap();
        assert_eq!(read(dir.path(), "zh-TW").0, "# ours\n");
        std::fs::write(file(dir.path(), "zh-TW"), "# 我們的\n").unwrap();
        assert_eq!(read(dir.path(), "zh-TW").0, "# 我們的\n");
    }
}
