//! Text cleanup after decoding: line endings, indentation and trailing spaces, inline pinyin
//! residue from ruby markup, page-chrome lines, repeated paragraphs and blank-line runs.
//!
//! Each step counts what it removed, for the document's meta.

use crate::core::data::model::Cleanup;
use crate::core::data::problem::Problem;
use regex::Regex;
use serde::Deserialize;
use std::collections::HashSet;
use std::sync::LazyLock;

/// Which optional cleanups run.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CleanupOptions {
    /// Remove inline pinyin after Han characters.
    pub pinyin: bool,
    /// Drop paragraphs that repeat an earlier one.
    pub duplicates: bool,
    /// Drop page-chrome lines.
    pub chrome: bool,
}

impl Default for CleanupOptions {
    fn default() -> Self {
        CleanupOptions {
            pinyin: true,
            duplicates: true,
            chrome: true,
        }
    }
}

/// The page-chrome patterns: regular expressions matched against whole trimmed lines.
#[derive(Debug, Clone)]
pub struct ChromeRules {
    patterns: Vec<Regex>,
}

#[derive(Deserialize)]
struct ChromeFile {
    lines: Vec<String>,
}

impl ChromeRules {
    /// Parses a chrome RON file: `(lines: ["^regex$", ...])`. The caller names the file.
    pub fn from_ron(text: &str) -> Result<Self, Problem> {
        let file: ChromeFile = ron::from_str(text).map_err(|e| Problem::new(e.to_string()))?;
        let patterns = file
            .lines
            .iter()
            .map(|p| {
                Regex::new(p).map_err(|e| {
                    Problem::new(format!(
                        "pattern {p:?} is not a valid regular expression: {e}"
                    ))
                })
            })
            .collect::<Result<_, _>>()?;
        Ok(ChromeRules { patterns })
    }

    /// Whether `line` (already trimmed) is page chrome.
    pub fn is_chrome(&self, line: &str) -> bool {
        self.patterns.iter().any(|p| p.is_match(line))
    }
}

/// A Han character followed by a parenthesised pinyin syllable with at least one tone mark.
static PINYIN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(\p{Han})\(([a-zü]*[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ][a-zü]*)\)")
        .expect("valid pinyin pattern")
});

/// Characters trimmed from both ends of every line.
fn is_line_space(c: char) -> bool {
    matches!(
        c,
        ' ' | '\t' | '\u{3000}' | '\u{a0}' | '\u{200b}' | '\u{feff}' | '\u{c}'
    )
}

/// Cleans `text` and returns it with the counts of what was removed.
pub fn clean(
    text: &str,
    rules: &ChromeRules,
    options: CleanupOptions,
    cleanup: &mut Cleanup,
) -> String {
    cleanup.carriage_returns += text.matches('\r').count();
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    let text = if options.pinyin {
        let mut removed = 0;
        let replaced = PINYIN.replace_all(&text, |caps: &regex::Captures| {
            removed += 1;
            caps[1].to_string()
        });
        cleanup.pinyin_removed += removed;
        replaced.into_owned()
    } else {
        text
    };
    let mut seen: HashSet<&str> = HashSet::new();
    let mut kept: Vec<&str> = Vec::new();
    for raw in text.split('\n') {
        let line = raw.trim_matches(is_line_space);
        if line.len() != raw.len() {
            cleanup.trimmed_lines += 1;
        }
        if line.is_empty() {
            kept.push(line);
            continue;
        }
        if options.chrome && rules.is_chrome(line) {
            cleanup.chrome_lines += 1;
            continue;
        }
        if options.duplicates && !seen.insert(line) {
            cleanup.duplicate_paragraphs += 1;
            continue;
        }
        kept.push(line);
    }
    let mut out = String::with_capacity(text.len());
    let mut blank_run = 0;
    for line in kept {
        if line.is_empty() {
            blank_run += 1;
            continue;
        }
        if !out.is_empty() {
            out.push('\n');
            if blank_run > 0 {
                out.push('\n');
            }
        }
        if blank_run > 1 {
            cleanup.blank_runs_collapsed += 1;
        }
        blank_run = 0;
        out.push_str(line);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rules() -> ChromeRules {
        ChromeRules::from_ron(r#"(lines: ["^打开APP$", "^来说两句吧"])"#).unwrap()
    }

    #[test]
    fn pinyin_residue_goes_and_real_parentheses_stay() {
        let mut c = Cleanup::default();
        let out = clean(
            "項(xiàng)目在鎮(zhèn)江，各县(市、区)和(2024)年(yi)",
            &rules(),
            CleanupOptions::default(),
            &mut c,
        );
        assert_eq!(out, "項目在鎮江，各县(市、区)和(2024)年(yi)");
        assert_eq!(c.pinyin_removed, 2);
    }

    #[test]
    fn lines_are_trimmed_deduplicated_and_chrome_dropped() {
        let mut c = Cleanup::default();
        let text = "打开APP\r\n标题  \r\n\r\n\r\n\u{3000}\u{3000}正文一段。\r\n标题\r\n来说两句吧。。。\r\n";
        let out = clean(text, &rules(), CleanupOptions::default(), &mut c);
        assert_eq!(out, "标题\n\n正文一段。");
        assert_eq!(
            (c.carriage_returns, c.chrome_lines, c.duplicate_paragraphs),
            (7, 2, 1)
        );
        let mut c2 = Cleanup::default();
        let kept = clean(
            text,
            &rules(),
            CleanupOptions {
                chrome: false,
                duplicates: false,
                pinyin: true,
            },
            &mut c2,
        );
        assert!(kept.starts_with("打开APP\n标题") && kept.matches("标题").count() == 2);
    }
}
