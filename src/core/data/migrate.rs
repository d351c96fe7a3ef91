//! `biaozhu migrate`: upgrades a dataset of an older `format_version` to the current one.
//!
//! Every other command refuses an older dataset with one line that names this command, and
//! writes nothing. Migration reads the old manifest without the version check that refuses it.
//!
//! Format 1 → 2: `dataset.json` stops listing documents, because `documents/` is the list.
//! Documents never change after import, so they are not rewritten: documents from format 1
//! have no `meta.imported` and are listed by id. The switch is one atomic rename of
//! `dataset.json`. Before it, two kinds of leftovers of killed format-1 imports are cleared,
//! because format 2 would otherwise count them as documents: temporary files, and unlisted
//! document files whose text is also a listed document's and that no annotation refers to.
//! An unlisted document with text of its own is kept (it joins the dataset) and reported.

use crate::core::data::doc_index::DocumentIndex;
use crate::core::data::error::{Error, Result};
use crate::core::data::fsio::{self, WriteLock};
use crate::core::data::layout::{self, MANIFEST_FILE};
use crate::core::data::model::{FORMAT_NAME, FORMAT_VERSION, Manifest};
use crate::core::data::store;
use std::collections::HashSet;
use std::path::{Path, PathBuf};

/// What a migration did.
#[derive(Debug, Default, PartialEq)]
pub struct Migration {
    /// The version the dataset had.
    pub from: u64,
    /// Documents the old manifest listed.
    pub listed: usize,
    /// Unlisted document files that duplicated a listed document and were removed.
    pub removed_leftovers: Vec<String>,
    /// Unlisted documents with text of their own, which are part of the dataset now.
    pub adopted: Vec<String>,
}

/// Upgrades the dataset in `dir` to the current format. A dataset at the current version is
/// left alone (`from` equals [`FORMAT_VERSION`]).
pub fn migrate(dir: &Path) -> Result<Migration> {
    let path = dir.join(MANIFEST_FILE);
    if !path.is_file() {
        return Err(Error::Usage(format!(
            "{}: not a dataset (dataset.json is missing); nothing was written",
            dir.display()
        )));
    }
    let _lock = WriteLock::acquire(dir)?;
    let value: serde_json::Value = fsio::read_json(&path)?;
    let from = store::manifest_version(&path, &value)?;
    if from > u64::from(FORMAT_VERSION) {
        return Err(Error::NewerFormat {
            path,
            found: from,
            supported: FORMAT_VERSION,
        });
    }
    if from == u64::from(FORMAT_VERSION) {
        return Ok(Migration {
            from,
            ..Migration::default()
        });
    }
    let listed = listed_ids(&path, &value)?;
    let documents = layout::documents_dir(dir);
    for id in &listed {
        if !documents.join(format!("{id}.json")).is_file() {
            return Err(Error::invalid(
                &path,
                "/documents",
                format!(
                    "lists document {id:?}, but documents/{id}.json is missing; restore it or remove it from the list, then migrate again. Nothing was written."
                ),
            ));
        }
    }
    let text = |key: &str| {
        value
            .get(key)
            .and_then(|v| v.as_str())
            .unwrap_or_default()
            .to_string()
    };
    let manifest = Manifest {
        format: FORMAT_NAME.to_string(),
        format_version: FORMAT_VERSION,
        name: text("name"),
        created: text("created"),
        license: None,
        settings: Default::default(),
    };
    let mut report = Migration {
        from,
        listed: listed.len(),
        ..Migration::default()
    };
    store::remove_stale_temps(dir);
    let index = DocumentIndex::scan(&documents).map_err(|e| Error::io(&documents, e))?;
    let listed_sha: HashSet<&str> = index
        .entries()
        .iter()
        .filter(|e| listed.contains(&e.id))
        .map(|e| e.sha256.as_str())
        .collect();
    let annotated = annotated_ids(dir);
    for entry in index.entries().iter().filter(|e| !listed.contains(&e.id)) {
        if listed_sha.contains(entry.sha256.as_str()) && !annotated.contains(&entry.id) {
            let file = documents.join(format!("{}.json", entry.id));
            std::fs::remove_file(&file).map_err(|e| Error::io(&file, e))?;
            report.removed_leftovers.push(entry.id.clone());
        } else {
            report.adopted.push(entry.id.clone());
        }
    }
    fsio::write_json(&path, &manifest)?;
    Ok(report)
}

fn listed_ids(path: &Path, value: &serde_json::Value) -> Result<HashSet<String>> {
    let list = value
        .get("documents")
        .and_then(|d| d.as_array())
        .ok_or_else(|| {
            Error::invalid(
                path,
                "/documents",
                "a format-1 manifest lists its documents here, and this one does not",
            )
        })?;
    list.iter()
        .enumerate()
        .map(|(i, e)| {
            e.get("id")
                .and_then(|v| v.as_str())
                .filter(|id| crate::core::data::ids::is_safe_id(id))
                .map(str::to_string)
                .ok_or_else(|| {
                    Error::invalid(path, format!("/documents/{i}/id"), "is not a safe id")
                })
        })
        .collect()
}

/// Ids of documents that some annotator has a file for.
fn annotated_ids(dir: &Path) -> HashSet<String> {
    let mut out = HashSet::new();
    let folders: Vec<PathBuf> = std::fs::read_dir(layout::annotations_dir(dir))
        .map(|rd| rd.flatten().map(|e| e.path()).collect())
        .unwrap_or_default();
    for folder in folders {
        if let Ok(rd) = std::fs::read_dir(&folder) {
            for e in rd.flatten() {
                if let Some(stem) = e.path().file_stem().and_then(|s| s.to_str()) {
                    out.insert(stem.to_string());
                }
            }
        }
    }
    out
}
