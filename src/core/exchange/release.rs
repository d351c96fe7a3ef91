//! Releases: frozen, numbered versions of one annotator's work under `releases/VERSION/`, with
//! the native JSONL, the label schema as JSON, a manifest with counts, splits and the sha256 of
//! every file, a CHANGELOG entry with the diff from the parent, the records of each split as
//! Parquet (`data/`, [`release_parquet`](super::release_parquet)) and a dataset card
//! (`README.md`, [`release_card`](super::release_card)). Releases are immutable: a version
//! is written once (into a hidden folder, then renamed into place) and `validate` reports any
//! file changed since.

use crate::core::data::error::{Error, Result};
use crate::core::data::fsio;
use crate::core::data::ids::sha256_hex;
pub use crate::core::data::model::ReleaseManifest;
use crate::core::data::model::Status;
use crate::core::data::problem::{Location, Problem, ProblemKind};
use crate::core::data::store::{Dataset, now_rfc3339};
use crate::core::exchange::diff;
use crate::core::exchange::formats::{self, Record};
use crate::core::exchange::release_card::CARD;
use crate::core::exchange::release_files;
pub use crate::core::exchange::release_files::ReleaseOptions;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// File name of a release's manifest.
pub const MANIFEST: &str = "release.json";
/// The records of a release.
pub const DATA: &str = "data.jsonl";
/// The label schema of a release, as JSON.
pub const LABELS: &str = "labels.json";
/// The changelog entry of a release.
pub const CHANGELOG: &str = "CHANGELOG.md";

/// Whether `version` is a usable release name.
pub fn is_valid_version(version: &str) -> bool {
    let bytes = version.as_bytes();
    !bytes.is_empty()
        && bytes.len() <= 64
        && bytes[0].is_ascii_alphanumeric()
        && bytes
            .iter()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-'))
}

/// The releases of a dataset, oldest first.
pub fn list(root: &Path) -> Result<Vec<ReleaseManifest>> {
    let dir = crate::core::data::layout::releases_dir(root);
    let mut out = Vec::new();
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return Ok(out);
    };
    for e in entries.flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') || !e.path().is_dir() {
            continue;
        }
        let path = e.path().join(MANIFEST);
        if path.is_file() {
            out.push(fsio::read_json::<ReleaseManifest>(&path)?);
        }
    }
    out.sort_by(|a, b| (&a.created, &a.version).cmp(&(&b.created, &b.version)));
    Ok(out)
}

/// The records of release `version`.
pub fn records(root: &Path, version: &str) -> Result<Vec<Record>> {
    Ok(crate::core::exchange::record_lines::read_jsonl(&data_path(root, version)?)?.records)
}

/// The `data.jsonl` of release `version`, which must exist.
pub fn data_path(root: &Path, version: &str) -> Result<PathBuf> {
    if !is_valid_version(version) {
        return Err(Error::Usage(format!(
            "{version:?} is not a release version name"
        )));
    }
    let path = crate::core::data::layout::releases_dir(root)
        .join(version)
        .join(DATA);
    if !path.is_file() {
        return Err(Error::Usage(format!(
            "{}: there is no release {version:?}",
            root.display()
        )));
    }
    Ok(path)
}

/// Freezes `annotator`'s working copy as release `version`, with its splits, their Parquet
/// shards and the dataset card as `options` and the dataset say. An invalid licence in
/// `dataset.json` is invalid data, and nothing is written.
pub fn create(
    ds: &Dataset,
    version: &str,
    message: &str,
    annotator: &str,
    statuses: &[Status],
    options: &ReleaseOptions,
) -> Result<ReleaseManifest> {
    let target = new_release_folder(ds, version)?;
    let license = release_files::license(ds)?;
    let plan = release_files::split_plan(options)?;
    let root = ds.root();
    let filter = (!statuses.is_empty()).then_some(statuses);
    let records = formats::working_records(ds, annotator, filter)?;
    let parent = list(root)?.pop();
    let Serialised {
        data,
        counts,
        relations,
        relation_counts,
    } = serialise_records(ds, &records);
    let mut labels = serde_json::to_vec_pretty(&ds.labels).expect("labels serialise");
    labels.push(b'\n');
    let created = now_rfc3339();
    let changes = changes_from_parent(root, parent.as_ref(), version, &records);
    let changelog = format!(
        "# {version} ({created})\n\n{}\n\nAnnotator: {annotator}. Parent: {}. {} documents, {} spans, {relations} relations.\n\n## Changes from the parent\n\n{}",
        if message.is_empty() {
            "(no message)"
        } else {
            message
        },
        parent
            .as_ref()
            .map_or("none".to_string(), |p| p.version.clone()),
        records.len(),
        counts.values().sum::<usize>(),
        changes
    );
    let (splits, shards) = release_files::split_files(&records, &plan, &counts)?;
    let mut manifest = ReleaseManifest {
        format: "biaozhu-release".into(),
        format_version: crate::core::data::model::FORMAT_VERSION,
        version: version.into(),
        parent: parent.map(|p| p.version),
        created,
        message: message.into(),
        annotator: annotator.into(),
        statuses: statuses.to_vec(),
        documents: records.len(),
        counts,
        relations,
        relation_counts,
        license,
        splits,
        files: BTreeMap::new(),
    };
    let card = release_files::card(ds, &manifest, options, &changelog)?;
    let mut files: Vec<(String, Vec<u8>)> = vec![
        (DATA.into(), data),
        (LABELS.into(), labels),
        (CHANGELOG.into(), changelog.into_bytes()),
        (CARD.into(), card),
    ];
    files.extend(shards);
    manifest.files = files
        .iter()
        .map(|(n, b)| (n.clone(), sha256_hex(b)))
        .collect();
    write_release(root, version, &target, &files, &manifest)?;
    Ok(manifest)
}

/// The folder of the new release `version`, after checking that the dataset can be written,
/// the name is usable and no release has it yet.
fn new_release_folder(ds: &Dataset, version: &str) -> Result<PathBuf> {
    if !ds.is_writable() {
        return Err(Error::ReadOnly {
            path: ds.root().to_path_buf(),
            reason: "the dataset is open read-only".into(),
        });
    }
    if !is_valid_version(version) {
        return Err(Error::Usage(format!(
            "{version:?} is not a usable version name: use letters, digits, '.', '_' and '-', starting with a letter or digit"
        )));
    }
    let target = crate::core::data::layout::releases_dir(ds.root()).join(version);
    if target.exists() {
        return Err(Error::Conflict(format!(
            "release {version} exists already, and releases are immutable; choose a new version"
        )));
    }
    Ok(target)
}

/// A release's records as JSON Lines, with the counts its manifest gives.
struct Serialised {
    data: Vec<u8>,
    /// Spans by label (every label of the schema, 0 when unused).
    counts: BTreeMap<String, usize>,
    relations: usize,
    /// Relations by type (every type of the schema, 0 when unused).
    relation_counts: BTreeMap<String, usize>,
}

/// Writes the records as JSON Lines and counts their spans and relations.
fn serialise_records(ds: &Dataset, records: &[Record]) -> Serialised {
    let mut data = Vec::new();
    let mut counts: BTreeMap<String, usize> = ds
        .labels
        .labels
        .iter()
        .map(|l| (l.name.clone(), 0))
        .collect();
    let mut relations = 0;
    let mut relation_counts: BTreeMap<String, usize> = ds
        .labels
        .relations
        .iter()
        .map(|r| (r.name.clone(), 0))
        .collect();
    for r in records {
        for rel in &r.relations {
            *relation_counts.entry(rel.kind.clone()).or_default() += 1;
        }
        serde_json::to_writer(&mut data, r).expect("records serialise");
        data.push(b'\n');
        for s in &r.spans {
            *counts.entry(s.label.clone()).or_default() += 1;
        }
        relations += r.relations.len();
    }
    Serialised {
        data,
        counts,
        relations,
        relation_counts,
    }
}

/// The changelog's diff, as text, from the `parent` release (or from nothing) to `records`.
fn changes_from_parent(
    root: &Path,
    parent: Option<&ReleaseManifest>,
    version: &str,
    records: &[Record],
) -> String {
    let parent_records = match parent {
        Some(p) => records_or_empty(root, &p.version),
        None => Vec::new(),
    };
    let d = diff::diff(
        parent.map_or("(nothing)", |p| p.version.as_str()),
        &parent_records,
        version,
        records,
    );
    diff::to_text(&d)
}

/// Writes the release's files and manifest into a hidden staging folder, then renames it into
/// place as `target`.
fn write_release(
    root: &Path,
    version: &str,
    target: &Path,
    files: &[(String, Vec<u8>)],
    manifest: &ReleaseManifest,
) -> Result<()> {
    let staging = crate::core::data::layout::releases_dir(root)
        .join(format!(".staging-{version}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&staging);
    // One durability barrier for the release's files, then one rename of the folder.
    let mut batch = fsio::WriteBatch::new();
    for (name, bytes) in files {
        batch.stage(&staging.join(name), bytes)?;
    }
    batch.stage_json(&staging.join(MANIFEST), manifest)?;
    batch.commit()?;
    std::fs::rename(&staging, target).map_err(|e| Error::io(target, e))?;
    fsio::sync_dir(&crate::core::data::layout::releases_dir(root))?;
    Ok(())
}

fn records_or_empty(root: &Path, version: &str) -> Vec<Record> {
    records(root, version).unwrap_or_default()
}

/// Checks one release folder: its manifest, and that every file is as it was released.
/// Returns each problem, located by file and JSON pointer.
pub fn verify(dir: &Path) -> Vec<Problem> {
    let mut out = Vec::new();
    let manifest_path = dir.join(MANIFEST);
    let manifest: ReleaseManifest = match fsio::read_bounded(&manifest_path, fsio::MAX_JSON_BYTES)
        .and_then(|b| fsio::parse_json::<serde_json::Value>(&manifest_path, &b))
    {
        Ok(v) => {
            let problems = crate::core::exchange::schemas::schema_problems(
                crate::core::exchange::schemas::FileKind::Release,
                &v,
            );
            if !problems.is_empty() {
                return problems
                    .into_iter()
                    .map(|(p, m)| Problem::error(&manifest_path, p, m))
                    .collect();
            }
            match serde_json::from_value(v) {
                Ok(m) => m,
                Err(e) => return vec![Problem::error(&manifest_path, "", e.to_string())],
            }
        }
        Err(e) => return vec![Problem::error(&manifest_path, "", e.to_string())],
    };
    let folder = dir
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let in_manifest = |pointer: String, kind| Problem {
        at: Location::pointer(pointer).in_file(&manifest_path),
        kind,
    };
    let file = |path: &Path, kind| Problem {
        at: Location::file(path),
        kind,
    };
    let version = || manifest.version.clone();
    if manifest.version != folder {
        out.push(in_manifest(
            "/version".into(),
            ProblemKind::ReleaseVersion {
                found: version(),
                folder,
            },
        ));
    }
    for (name, sha) in &manifest.files {
        let path = dir.join(name);
        if !release_files::is_release_path(name) {
            out.push(in_manifest(
                format!("/files/{name}"),
                ProblemKind::ReleaseFileName,
            ));
            continue;
        }
        match std::fs::read(&path) {
            Ok(bytes) if &sha256_hex(&bytes) == sha => {}
            Ok(_) => out.push(file(
                &path,
                ProblemKind::ReleaseFileChanged { version: version() },
            )),
            Err(_) => out.push(file(
                &path,
                ProblemKind::ReleaseFileMissing { version: version() },
            )),
        }
    }
    for (name, path) in release_files::entries(dir) {
        if name != MANIFEST && !manifest.files.contains_key(&name) {
            out.push(file(
                &path,
                ProblemKind::ReleaseFileAdded { version: version() },
            ));
        }
    }
    out
}
