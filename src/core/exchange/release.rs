//! Releases: frozen, numbered versions of one annotator's work under `releases/VERSION/`, with
//! the native JSONL, the label schema as JSON, a manifest with counts, splits and the sha256 of
//! every file, a CHANGELOG entry with the diff from the parent, the records of each split as
//! Parquet (`data/`, [`release_parquet`](super::release_parquet)) and a dataset card
//! (`README.md`, [`release_card`](super::release_card)). Releases are immutable: a version
//! is written once (into a hidden folder, then renamed into place) and `validate` reports any
//! file changed since.

use crate::core::data::error::{Error, Result};
use crate::core::data::fsio;
pub use crate::core::data::model::ReleaseManifest;
use crate::core::data::model::Status;
use crate::core::data::problem::{Location, Problem, ProblemKind};
use crate::core::data::store::{Dataset, now_rfc3339};
use crate::core::exchange::formats::Record;
use crate::core::exchange::record_stream::WorkingCopy;
use crate::core::exchange::release_card::CARD;
pub use crate::core::exchange::release_files::ReleaseOptions;
use crate::core::exchange::{release_files, release_write};
use std::collections::BTreeMap;
use std::io::Write;
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

/// Where a release's time went.
#[derive(Clone, Copy, Debug, Default)]
pub struct ReleaseTiming {
    /// From start to the release in place.
    pub total: std::time::Duration,
    /// Of that, encoding and writing the Parquet shards.
    pub parquet: std::time::Duration,
}

/// Freezes `annotator`'s working copy as release `version`, with its splits, their Parquet
/// shards and the dataset card as `options` and the dataset say. An invalid licence in
/// `dataset.json` is invalid data, and nothing is written. The records are read and written a
/// document at a time (see [`release_write`]): open `ds` with
/// [`Dataset::open_unlisted_for_writing`] and the release's memory does not grow with the
/// dataset. Returns the manifest and where the time went.
pub fn create(
    ds: &Dataset,
    version: &str,
    message: &str,
    annotator: &str,
    statuses: &[Status],
    options: &ReleaseOptions,
) -> Result<(ReleaseManifest, ReleaseTiming)> {
    let started = std::time::Instant::now();
    let target = new_release_folder(ds, version)?;
    let license = release_files::license(ds)?;
    let plan = release_files::split_plan(options)?;
    let root = ds.root();
    let staging = crate::core::data::layout::releases_dir(root)
        .join(format!(".staging-{version}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&staging);
    let made = stage(
        ds, version, message, annotator, statuses, options, &staging, &plan, license,
    );
    let (manifest, parquet) = match made {
        Ok(m) => m,
        Err(e) => {
            let _ = std::fs::remove_dir_all(&staging);
            return Err(e);
        }
    };
    // The files are durable (each was synced as it was closed); so are the folders' entries.
    fsio::sync_dir(&staging.join(crate::core::exchange::release_parquet::DATA_DIR))?;
    fsio::sync_dir(&staging)?;
    std::fs::rename(&staging, &target).map_err(|e| Error::io(&target, e))?;
    fsio::sync_dir(&crate::core::data::layout::releases_dir(root))?;
    let total = started.elapsed();
    Ok((manifest, ReleaseTiming { total, parquet }))
}

/// Writes every file of the release into `staging`, its manifest last.
#[allow(clippy::too_many_arguments)]
fn stage(
    ds: &Dataset,
    version: &str,
    message: &str,
    annotator: &str,
    statuses: &[Status],
    options: &ReleaseOptions,
    staging: &Path,
    plan: &[(String, f64)],
    license: Option<String>,
) -> Result<(ReleaseManifest, std::time::Duration)> {
    let root = ds.root();
    let records = WorkingCopy::new(ds, annotator, statuses)?;
    let written = release_write::write_records(&records, &ds.labels, plan, staging, DATA)?;
    // The document ids are not needed any more: the changelog reads data.jsonl.
    drop(records);
    let mut files: BTreeMap<String, String> = written.files.iter().cloned().collect();
    let mut labels = serde_json::to_vec_pretty(&ds.labels).expect("labels serialise");
    labels.push(b'\n');
    write_file(staging, LABELS, &labels, &mut files)?;
    let parent = list(root)?.pop();
    let created = now_rfc3339();
    let header = format!(
        "# {version} ({created})\n\n{}\n\nAnnotator: {annotator}. Parent: {}. {} documents, {} spans, {} relations.\n\n## Changes from the parent\n\n",
        if message.is_empty() {
            "(no message)"
        } else {
            message
        },
        parent
            .as_ref()
            .map_or("none".to_string(), |p| p.version.clone()),
        written.documents,
        written.counts.values().sum::<usize>(),
        written.relations,
    );
    let parent_data = parent.as_ref().map(|p| {
        let path = crate::core::data::layout::releases_dir(root)
            .join(&p.version)
            .join(DATA);
        (p.version.clone(), path)
    });
    let mut changelog = release_write::HashedFile::create(&staging.join(CHANGELOG))?;
    let head = release_write::write_changelog(
        &mut changelog,
        &header,
        parent_data.as_ref().map(|(v, p)| (v.as_str(), p.as_path())),
        version,
        &staging.join(DATA),
        &written.lines,
        staging,
    )?;
    let (_, sha) = changelog.finish()?;
    files.insert(CHANGELOG.into(), sha);
    let mut manifest = ReleaseManifest {
        format: "biaozhu-release".into(),
        format_version: crate::core::data::model::FORMAT_VERSION,
        version: version.into(),
        parent: parent.map(|p| p.version),
        created,
        message: message.into(),
        annotator: annotator.into(),
        statuses: statuses.to_vec(),
        documents: written.documents,
        counts: written.counts,
        relations: written.relations,
        relation_counts: written.relation_counts,
        license,
        splits: written.splits,
        files: BTreeMap::new(),
    };
    let card = release_files::card(ds, &manifest, options, &head)?;
    write_file(staging, CARD, &card, &mut files)?;
    manifest.files = files;
    fsio::write_json(&staging.join(MANIFEST), &manifest)?;
    Ok((manifest, written.parquet))
}

/// Writes `bytes` as the release file `name` in `staging`, noting its sha256 in `files`.
fn write_file(
    staging: &Path,
    name: &str,
    bytes: &[u8],
    files: &mut BTreeMap<String, String>,
) -> Result<()> {
    let mut file = release_write::HashedFile::create(&staging.join(name))?;
    file.write_all(bytes)
        .map_err(|e| Error::io(&staging.join(name), e))?;
    let (_, sha) = file.finish()?;
    files.insert(name.into(), sha);
    Ok(())
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
        match release_write::file_sha256(&path) {
            Ok(found) if &found == sha => {}
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
