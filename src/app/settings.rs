//! Settings kept between runs with eframe persistence (RON): annotator, theme, text size, the
//! language, the last dataset and whether to record annotation time. Window layout is persisted by eframe itself.

use super::i18n::Language;
use serde::{Deserialize, Serialize};
use std::path::PathBuf;

/// The eframe storage key.
pub const KEY: &str = "biaozhu-settings";

/// What the app remembers.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    /// The annotator's name (a safe id); asked on first run.
    pub annotator: Option<String>,
    /// Dark theme.
    pub dark: bool,
    /// Article text size in points.
    pub font_size: f32,
    /// The dataset opened last.
    pub last_dataset: Option<PathBuf>,
    /// Suggestions with a confidence below this are hidden (the rules' have none: always shown).
    /// It starts at the model's own threshold, so the app shows what `suggest` wrote.
    pub min_confidence: f64,
    /// The window's language; `None` until the first start picks the system's.
    pub language: Option<Language>,
    /// Record the time spent on each document and how its spans came about into the
    /// annotation's `effort` (View > Record annotation time).
    pub record_effort: bool,
}

impl Settings {
    /// The window's language (English until one is chosen).
    pub fn lang(&self) -> Language {
        self.language.unwrap_or_default()
    }
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            annotator: None,
            dark: false,
            font_size: 18.0,
            last_dataset: None,
            min_confidence: crate::core::suggest::learn::tag::DECODE_THRESHOLD,
            language: None,
            record_effort: true,
        }
    }
}

/// The OS user name made into a safe annotator id, for the first-run default.
pub fn default_annotator() -> String {
    let raw = std::env::var("USER")
        .or_else(|_| std::env::var("USERNAME"))
        .unwrap_or_else(|_| "annotator".into());
    let id: String = raw
        .to_lowercase()
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '_' || c == '-' {
                c
            } else {
                '-'
            }
        })
        .take(64)
        .collect();
    if id.trim_matches('-').is_empty() {
        "annotator".into()
    } else {
        id
    }
}
