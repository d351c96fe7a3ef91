//! Article import: raw bytes of `.txt`, `.md` and `.html` files become normalised documents.
//!
//! The pipeline is decode → front matter → HTML text → cleanup → title. `convert` is pure (no
//! disk access), so the fuzz target, the tests and the CLI run the same code; `import_path` adds
//! the dataset writes.

pub mod cleanup;
pub mod decode;
pub mod frontmatter;
pub mod html;

pub use cleanup::{ChromeRules, CleanupOptions};

use crate::core::data::error::{Error, Result};
use crate::core::data::ids;
use crate::core::data::model::{Cleanup, Document, DocumentMeta};
use crate::core::data::problem::Problem;
use crate::core::data::store::Dataset;
use std::path::{Path, PathBuf};

/// The version of the import pipeline, recorded in every document's meta.
pub const IMPORTER: &str = "biaozhu-import 1";
pub use crate::core::data::layout::{CHROME_FILE, DEFAULT_CHROME_RON};
/// File extensions that import reads.
pub const EXTENSIONS: &[&str] = &["txt", "md", "markdown", "html", "htm"];

/// A converted article, before it has an id.
#[derive(Debug, Clone, PartialEq)]
pub struct Converted {
    /// The normalised text.
    pub text: String,
    /// Provenance and cleanup counts.
    pub meta: DocumentMeta,
}

/// Converts one file's bytes into normalised text and meta, or says why the file cannot be
/// imported (the caller names the file).
pub fn convert(
    file_name: &str,
    bytes: &[u8],
    rules: &ChromeRules,
    options: CleanupOptions,
) -> Result<Converted, Problem> {
    let decoded = decode::decode(bytes)?;
    let mut cleanup = Cleanup {
        bom: decoded.bom,
        ..Cleanup::default()
    };
    let ext = extension(file_name);
    let mut meta = DocumentMeta {
        source_file: file_name.to_string(),
        source_sha256: ids::sha256_hex(bytes),
        encoding: decoded.encoding.to_string(),
        importer: IMPORTER.to_string(),
        ..DocumentMeta::default()
    };
    let unix = decoded.text.replace("\r\n", "\n");
    cleanup.carriage_returns += decoded.text.len() - unix.len();
    let mut body: &str = &unix;
    let mut source_format = if matches!(ext.as_str(), "md" | "markdown") {
        "markdown"
    } else {
        "text"
    };
    if let Some((fm, rest)) = frontmatter::split(&unix)? {
        cleanup.front_matter = true;
        meta.title = fm.title.unwrap_or_default();
        meta.date = fm.date;
        meta.front_matter = fm.other;
        body = rest;
        source_format = "markdown";
    }
    let extracted;
    let plain: &str = if matches!(ext.as_str(), "html" | "htm") || html::looks_like_html(body) {
        let h = html::extract(body);
        cleanup.html_removed += h.removed;
        if meta.title.is_empty()
            && let Some(t) = h.title
        {
            meta.title = t;
        }
        source_format = if source_format == "markdown" {
            "markdown+html"
        } else {
            "html"
        };
        extracted = h.text;
        &extracted
    } else {
        body
    };
    let text = cleanup::clean(plain, rules, options, &mut cleanup);
    if text.trim().is_empty() {
        return Err(Problem::new(
            "no text is left after cleanup; the file has no article text",
        ));
    }
    if meta.title.is_empty() {
        meta.title = text
            .lines()
            .find(|l| !l.trim().is_empty())
            .unwrap_or("")
            .chars()
            .take(80)
            .collect();
    }
    meta.source_format = source_format.to_string();
    meta.cleanup = cleanup;
    Ok(Converted { text, meta })
}

/// The lowercase extension of a file name, without the dot.
pub fn extension(file_name: &str) -> String {
    Path::new(file_name)
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase()
}

/// What happened to one imported file.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// A new document was added.
    Added {
        /// The new document's id.
        id: String,
        /// Its length in code points.
        chars: usize,
        /// The detected encoding.
        encoding: String,
        /// What cleanup removed.
        cleanup: Cleanup,
    },
    /// The normalised text was already in the dataset under `id`; nothing was written.
    Duplicate {
        /// The existing document.
        id: String,
    },
}

/// The chrome rules of a dataset: its own `chrome.ron` when present, else the default.
pub fn dataset_chrome_rules(ds: &Dataset) -> Result<ChromeRules> {
    let path = ds.root().join(CHROME_FILE);
    let text = crate::core::data::layout::optional_rules_text(&path, DEFAULT_CHROME_RON)?;
    ChromeRules::from_ron(&text).map_err(|p| p.in_file(&path))
}

/// What a bulk import did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct ImportSummary {
    /// Files added as new documents.
    pub added: usize,
    /// Files whose text was in the dataset already.
    pub duplicates: usize,
    /// Files that could not be imported.
    pub failed: usize,
    /// The worst exit code of a failed file (0 when none failed).
    pub worst_exit: i32,
}

/// Imports `files` into `ds`: the one import routine of the CLI and the app. Every file's
/// outcome goes to `on_file` as it happens; the writes are staged and made durable in batches,
/// and all of them are on disk when this returns. A file that fails writes nothing; an error
/// of the dataset itself (a full disk) stops the import.
///
/// Import is idempotent and survives kills: a document is in the dataset when its file is,
/// an article whose text is already there is a duplicate whoever wrote it, and ids depend only
/// on the documents present, so a re-run after a kill gives the ids a clean run gives.
pub fn import_files(
    ds: &mut Dataset,
    files: &[PathBuf],
    rules: &ChromeRules,
    options: CleanupOptions,
    mut on_file: impl FnMut(&Path, &Result<Outcome>),
) -> Result<ImportSummary> {
    let mut summary = ImportSummary::default();
    // Reading and converting is pure, so it runs on every core, a chunk of files at a time;
    // the dataset is written in file order, so ids are those of a one-by-one import.
    for chunk in files.chunks(64 * crate::core::data::parallel::threads()) {
        let prepared = crate::core::data::parallel::map(chunk, |f| prepare(f, rules, options));
        for (file, prepared) in chunk.iter().zip(prepared) {
            let outcome = prepared.and_then(|p| add_prepared(ds, p));
            match &outcome {
                Ok(Outcome::Added { .. }) => summary.added += 1,
                Ok(Outcome::Duplicate { .. }) => summary.duplicates += 1,
                Err(Error::Io { path, .. }) if path.starts_with(ds.root()) => {
                    // The dataset itself cannot be written: stop rather than fail every file.
                    on_file(file, &outcome);
                    return outcome.map(|_| summary);
                }
                Err(e) => {
                    summary.failed += 1;
                    summary.worst_exit = summary.worst_exit.max(e.exit_code());
                }
            }
            on_file(file, &outcome);
        }
    }
    ds.commit()?;
    Ok(summary)
}

/// A file read and converted, not yet in a dataset.
struct Prepared {
    file_name: String,
    ext: String,
    bytes: Vec<u8>,
    converted: Converted,
}

/// Imports one file into `ds`, staged in its write batch (see [`Dataset::commit`]). On error
/// nothing is staged for that file.
pub fn import_file(
    ds: &mut Dataset,
    path: &Path,
    rules: &ChromeRules,
    options: CleanupOptions,
) -> Result<Outcome> {
    add_prepared(ds, prepare(path, rules, options)?)
}

/// Reads and converts one file (no dataset access).
fn prepare(path: &Path, rules: &ChromeRules, options: CleanupOptions) -> Result<Prepared> {
    let file_name = path
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("article.txt")
        .to_string();
    let ext = extension(&file_name);
    if !EXTENSIONS.contains(&ext.as_str()) {
        return Err(Error::Usage(format!(
            "{}: biaozhu imports .txt, .md and .html files; this one is {:?}",
            path.display(),
            if ext.is_empty() {
                "without an extension".to_string()
            } else {
                format!(".{ext}")
            }
        )));
    }
    let bytes = crate::core::data::fsio::read_bounded(path, decode::MAX_SOURCE_BYTES as u64 + 1)
        .map_err(|e| match e {
            Error::Invalid { .. } => Error::invalid(
                path,
                "",
                format!(
                    "the file is larger than {} MB; biaozhu imports articles, split it first",
                    decode::MAX_SOURCE_BYTES / (1024 * 1024)
                ),
            ),
            other => other,
        })?;
    let converted = convert(&file_name, &bytes, rules, options).map_err(|p| p.in_file(path))?;
    Ok(Prepared {
        file_name,
        ext,
        bytes,
        converted,
    })
}

/// Adds a prepared file to `ds` (staged), or finds its text there already.
fn add_prepared(ds: &mut Dataset, prepared: Prepared) -> Result<Outcome> {
    let Prepared {
        file_name,
        ext,
        bytes,
        converted,
    } = prepared;
    let sha256 = ids::sha256_hex(converted.text.as_bytes());
    if let Some(existing) = ds.document_with_sha(&sha256) {
        return Ok(Outcome::Duplicate {
            id: existing.to_string(),
        });
    }
    let stem = Path::new(&file_name)
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or("article");
    let id = ds.unused_document_id(&ids::id_from_stem(stem));
    let chars = converted.text.chars().count();
    let cleanup = converted.meta.cleanup.clone();
    let encoding = converted.meta.encoding.clone();
    let doc = Document {
        id: id.clone(),
        sha256,
        text: converted.text,
        meta: converted.meta,
    };
    ds.add_document(doc, &ext, &bytes)?;
    Ok(Outcome::Added {
        id,
        chars,
        encoding,
        cleanup,
    })
}

/// Expands files and folders (recursively) into the importable files they hold, sorted.
/// Returns the files and the number of other files skipped in folders.
pub fn collect_files(paths: &[PathBuf]) -> Result<(Vec<PathBuf>, usize)> {
    let mut files = Vec::new();
    let mut skipped = 0;
    for path in paths {
        if path.is_dir() {
            let mut stack = vec![path.clone()];
            while let Some(dir) = stack.pop() {
                let mut entries: Vec<PathBuf> = std::fs::read_dir(&dir)
                    .map_err(|e| Error::io(&dir, e))?
                    .filter_map(|e| e.ok().map(|e| e.path()))
                    .collect();
                entries.sort();
                for p in entries {
                    let hidden = p
                        .file_name()
                        .and_then(|n| n.to_str())
                        .is_some_and(|n| n.starts_with('.'));
                    if hidden {
                        continue;
                    }
                    if p.is_dir() {
                        stack.push(p);
                    } else if EXTENSIONS.contains(&extension(&p.to_string_lossy()).as_str()) {
                        files.push(p);
                    } else {
                        skipped += 1;
                    }
                }
            }
        } else if path.exists() {
            files.push(path.clone());
        } else {
            return Err(Error::Io {
                path: path.clone(),
                message: "no such file or folder".into(),
                os: Some(std::io::ErrorKind::NotFound),
            });
        }
    }
    Ok((files, skipped))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rules() -> ChromeRules {
        ChromeRules::from_ron(DEFAULT_CHROME_RON).unwrap()
    }

    #[test]
    fn the_shipped_chrome_rules_parse() {
        let r = rules();
        assert!(r.is_chrome("打开APP"));
        assert!(r.is_chrome("template 'mobile_v5/common/wake'"));
        assert!(!r.is_chrome("打开APP后可查看项目总投资20亿元的详细信息，并参与评论和讨论。"));
    }

    #[test]
    fn markdown_front_matter_over_html() {
        let src = "---\ntitle: \"测试标题\"\ndate: 2021-12-31\ncategories: news\n---\n<p>南通开发区新签约项目。</p>\n <p>总投资20亿元。</p>\n";
        let c = convert("a.txt", src.as_bytes(), &rules(), CleanupOptions::default()).unwrap();
        assert_eq!(c.text, "南通开发区新签约项目。\n总投资20亿元。");
        assert_eq!(c.meta.title, "测试标题");
        assert_eq!(c.meta.date.as_deref(), Some("2021-12-31"));
        assert_eq!(c.meta.front_matter["categories"], "news");
        assert_eq!(c.meta.source_format, "markdown+html");
        assert!(c.meta.cleanup.front_matter);
    }

    #[test]
    fn crlf_and_bom_text() {
        let src = "\u{feff}测试标题\r\n启东市新签约项目2个，总投资12亿元。\r\n";
        let c = convert("b.txt", src.as_bytes(), &rules(), CleanupOptions::default()).unwrap();
        assert_eq!(c.text, "测试标题\n启东市新签约项目2个，总投资12亿元。");
        assert!(c.meta.cleanup.bom);
        assert_eq!(c.meta.cleanup.carriage_returns, 2);
        assert_eq!(c.meta.title, "测试标题");
    }
}
