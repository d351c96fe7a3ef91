//! The names of a dataset folder's files and folders, in one place. Every other module builds
//! paths through these, so the layout is written down once and no two modules depend on each
//! other just to agree on a file name.
//!
//! ```text
//! dataset.json  labels.ron  chrome.ron  rules.ron (optional)  .gitattributes  .gitignore
//! guidelines/<locale>.md
//! sources/<id>.<ext>  documents/<id>.json  annotations/<annotator>/<id>.json  releases/<version>/
//! ```

use std::path::{Path, PathBuf};

/// What the dataset is: format, version, name, creation time, settings.
pub const MANIFEST_FILE: &str = "dataset.json";
/// The label schema.
pub const LABELS_FILE: &str = "labels.ron";
/// The page-chrome patterns import drops.
pub const CHROME_FILE: &str = "chrome.ron";
/// The rule extractor's own rules, when a dataset has them.
pub const RULES_FILE: &str = "rules.ron";
/// The raw bytes of imported articles.
pub const SOURCES_DIR: &str = "sources";
/// One file per document: the dataset's list of documents.
pub const DOCUMENTS_DIR: &str = "documents";
/// One folder per annotator, one file per annotated document.
pub const ANNOTATIONS_DIR: &str = "annotations";
/// Frozen versions.
pub const RELEASES_DIR: &str = "releases";
/// The annotation guidelines, one Markdown file per language (`guidelines/zh-CN.md`).
pub const GUIDELINES_DIR: &str = "guidelines";
/// The app's trained models, one per annotator (`models/<annotator>.model`); ignored by git.
pub const MODELS_DIR: &str = "models";
/// The folders a new dataset starts with.
pub const FOLDERS: [&str; 4] = [SOURCES_DIR, DOCUMENTS_DIR, ANNOTATIONS_DIR, RELEASES_DIR];

/// The default chrome rules, as shipped in `assets/chrome.ron`.
pub const DEFAULT_CHROME_RON: &str = include_str!("../../../assets/chrome.ron");

/// The text of one of a dataset's optional rule files (`rules.ron`, `chrome.ron`): the file's
/// own when it is there, else `default`. A file that is not UTF-8 is invalid data at its path
/// (exit 1); one that cannot be read, other than missing, is an I/O error (exit 2).
pub fn optional_rules_text(
    path: &Path,
    default: &'static str,
) -> crate::core::data::error::Result<std::borrow::Cow<'static, str>> {
    match std::fs::read(path) {
        Ok(bytes) => String::from_utf8(bytes).map(Into::into).map_err(|e| {
            crate::core::data::error::Error::invalid(
                path,
                "",
                format!("not UTF-8: {e}; save it as UTF-8"),
            )
        }),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(default.into()),
        Err(e) => Err(crate::core::data::error::Error::io(path, e)),
    }
}

/// Whether `dir` holds a dataset (its manifest is there).
pub fn is_dataset(dir: &Path) -> bool {
    dir.join(MANIFEST_FILE).is_file()
}

/// `documents/` of the dataset at `root`.
pub fn documents_dir(root: &Path) -> PathBuf {
    root.join(DOCUMENTS_DIR)
}

/// `documents/<id>.json` (the id is not checked here; the store checks ids).
pub fn document_file(root: &Path, id: &str) -> PathBuf {
    documents_dir(root).join(format!("{id}.json"))
}

/// `annotations/` of the dataset at `root`.
pub fn annotations_dir(root: &Path) -> PathBuf {
    root.join(ANNOTATIONS_DIR)
}

/// `models/<annotator>.model` of the dataset at `root`: where the app's learner keeps an
/// annotator's model (the annotator name must be safe).
pub fn model_file(root: &Path, annotator: &str) -> PathBuf {
    root.join(MODELS_DIR).join(format!("{annotator}.model"))
}

/// `releases/` of the dataset at `root`.
pub fn releases_dir(root: &Path) -> PathBuf {
    root.join(RELEASES_DIR)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_optional_rules_file_is_the_default_when_missing_and_an_error_when_unreadable() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(RULES_FILE);
        assert_eq!(optional_rules_text(&path, "default").unwrap(), "default");
        std::fs::write(&path, "(own)").unwrap();
        assert_eq!(optional_rules_text(&path, "default").unwrap(), "(own)");
        std::fs::write(&path, b"(\xff)").unwrap();
        let not_utf8 = optional_rules_text(&path, "default").unwrap_err();
        assert_eq!(not_utf8.exit_code(), 1, "{not_utf8}");
        assert!(not_utf8.to_string().contains("not UTF-8"), "{not_utf8}");
        let folder = dir.path().join(CHROME_FILE);
        std::fs::create_dir(&folder).unwrap();
        let unreadable = optional_rules_text(&folder, "default").unwrap_err();
        assert_eq!(unreadable.exit_code(), 2, "{unreadable}");
    }
}
