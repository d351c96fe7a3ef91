//! What a release holds for training tools, beside `data.jsonl`: its splits, the Parquet shards
//! of each, and the dataset card (`README.md`), from the records and the dataset's licence,
//! guidelines and annotators.

use crate::core::data::error::{Error, Result};
use crate::core::data::fsio;
use crate::core::data::ids::sha256_hex;
use crate::core::data::layout;
use crate::core::data::model::{ReleaseManifest, ReleaseSplit};
use crate::core::data::store::Dataset;
use crate::core::exchange::formats::{self, OutFile, Record};
use crate::core::exchange::release_card::{self, Agreement, CardFacts};
use crate::core::exchange::release_parquet;
use std::collections::BTreeMap;
use std::path::Path;

/// The guidelines of a dataset: a file at its root, and any files in a folder at its root.
pub const GUIDELINES_FILE: &str = "guidelines.md";
/// See [`GUIDELINES_FILE`].
pub const GUIDELINES_DIR: &str = "guidelines";

/// How a release is made, besides whose work and which statuses.
#[derive(Clone, Debug, Default)]
pub struct ReleaseOptions {
    /// The splits, as [`formats::parse_split`] gives them; none: one split, `train`.
    pub splits: Option<Vec<(String, f64)>>,
    /// Agreement of the dataset's annotators, for the card (computed by `score`, above this
    /// layer); none when it has fewer than two.
    pub agreement: Option<Agreement>,
}

/// The dataset's licence, checked: an invalid SPDX id in `dataset.json` is invalid data there.
pub fn license(ds: &Dataset) -> Result<Option<String>> {
    match &ds.manifest.license {
        None => Ok(None),
        Some(id) => crate::core::data::license::check(id)
            .map(|id| Some(id.to_string()))
            .map_err(|m| {
                Error::invalid(
                    &ds.root().join(layout::MANIFEST_FILE),
                    "/license",
                    format!(
                        "{m}; fix `license` in dataset.json (or remove it), then release again"
                    ),
                )
            }),
    }
}

/// The splits of a release: those asked for (each name one that `datasets` takes as a split
/// name), else one, `train`, with every document.
pub fn split_plan(options: &ReleaseOptions) -> Result<Vec<(String, f64)>> {
    let Some(splits) = &options.splits else {
        return Ok(vec![("train".into(), 1.0)]);
    };
    for (name, _) in splits {
        if !name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_') {
            return Err(Error::Usage(format!(
                "--split: {name:?} cannot name a split of a release: Hugging Face datasets takes \
                 letters, digits and '_' only (such as validation or test_2)"
            )));
        }
    }
    if let Some(i) = (1..splits.len()).find(|&i| splits[..i].iter().any(|s| s.0 == splits[i].0)) {
        return Err(Error::Usage(format!(
            "--split: {:?} is named twice",
            splits[i].0
        )));
    }
    Ok(splits.clone())
}

/// Each split of `plan` with its counts and Parquet shards, and the shards as (path, bytes).
pub fn split_files(
    records: &[Record],
    plan: &[(String, f64)],
    labels: &BTreeMap<String, usize>,
) -> Result<(Vec<ReleaseSplit>, Vec<OutFile>)> {
    let mut splits = Vec::new();
    let mut files = Vec::new();
    for (name, share) in plan {
        let part: Vec<&Record> = records
            .iter()
            .filter(|r| plan.len() == 1 || formats::split_of(&r.id, plan) == name)
            .collect();
        let mut counts: BTreeMap<String, usize> = labels.keys().map(|l| (l.clone(), 0)).collect();
        for s in part.iter().flat_map(|r| &r.spans) {
            *counts.entry(s.label.clone()).or_default() += 1;
        }
        let shards = release_parquet::shards(name, &part, release_parquet::MAX_SHARD_BYTES)?;
        splits.push(ReleaseSplit {
            name: name.clone(),
            share: *share,
            documents: part.len(),
            counts,
            files: shards.iter().map(|(n, _)| n.clone()).collect(),
        });
        files.extend(shards);
    }
    Ok((splits, files))
}

/// The dataset's guideline files as (path in the dataset, sha256), in path order.
pub fn guidelines(root: &Path) -> Result<Vec<(String, String)>> {
    let mut out = Vec::new();
    let file = root.join(GUIDELINES_FILE);
    if file.is_file() {
        let bytes = fsio::read_bounded(&file, fsio::MAX_JSON_BYTES)?;
        out.push((GUIDELINES_FILE.to_string(), sha256_hex(&bytes)));
    }
    let dir = root.join(GUIDELINES_DIR);
    if let Ok(entries) = std::fs::read_dir(&dir) {
        let mut paths: Vec<_> = entries
            .flatten()
            .map(|e| e.path())
            .filter(|p| {
                p.is_file()
                    && !p
                        .file_name()
                        .is_some_and(|n| n.to_string_lossy().starts_with('.'))
            })
            .collect();
        paths.sort();
        for p in paths {
            let bytes = fsio::read_bounded(&p, fsio::MAX_JSON_BYTES)?;
            let name = p.file_name().unwrap_or_default().to_string_lossy();
            out.push((format!("{GUIDELINES_DIR}/{name}"), sha256_hex(&bytes)));
        }
    }
    Ok(out)
}

/// Every annotator of the dataset with the number of documents each annotated.
fn annotators(ds: &Dataset) -> Result<Vec<(String, usize)>> {
    let mut out = Vec::new();
    for name in ds.annotators()? {
        let dir = layout::annotations_dir(ds.root()).join(&name);
        let n = std::fs::read_dir(&dir)
            .map_err(|e| Error::io(&dir, e))?
            .flatten()
            .filter(|e| {
                let n = e.file_name().to_string_lossy().into_owned();
                n.ends_with(".json") && !fsio::is_temp_name(&n)
            })
            .count();
        out.push((name, n));
    }
    Ok(out)
}

/// The dataset card of release `manifest` with changelog entry `changelog`.
pub fn card(
    ds: &Dataset,
    manifest: &ReleaseManifest,
    options: &ReleaseOptions,
    changelog: &str,
) -> Result<Vec<u8>> {
    let guidelines = guidelines(ds.root())?;
    let annotators = annotators(ds)?;
    let facts = CardFacts {
        name: &ds.manifest.name,
        labels: &ds.labels,
        guidelines: &guidelines,
        annotators: &annotators,
        agreement: options.agreement.as_ref(),
        changelog,
    };
    Ok(release_card::render(manifest, &facts).into_bytes())
}

/// Whether `name` (a key of a manifest's `files`) is a path a release may hold: a plain file
/// name in the release folder, or one in its `data/` folder.
pub fn is_release_path(name: &str) -> bool {
    let plain = |n: &str| !n.is_empty() && !n.contains(['/', '\\']) && !n.starts_with('.');
    match name.split_once('/') {
        Some((release_parquet::DATA_DIR, rest)) => plain(rest),
        Some(_) => false,
        None => plain(name),
    }
}

/// The files of release folder `dir` as (path in the folder, path): those at its top and those
/// in its `data/` folder (the folder itself is not one).
pub fn entries(dir: &Path) -> Vec<(String, std::path::PathBuf)> {
    let mut out = Vec::new();
    let Ok(top) = std::fs::read_dir(dir) else {
        return out;
    };
    for e in top.flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        let path = e.path();
        if name == release_parquet::DATA_DIR && path.is_dir() {
            for d in std::fs::read_dir(&path).into_iter().flatten().flatten() {
                let inner = d.file_name().to_string_lossy().into_owned();
                out.push((format!("{name}/{inner}"), d.path()));
            }
        } else {
            out.push((name, path));
        }
    }
    out.sort();
    out
}
