//! The dataset store: opens a dataset folder, reads documents and annotations, and writes them
//! back atomically under the write lock.
//!
//! Layout: `dataset.json`, `labels.ron`, `sources/`, `documents/<id>.json`,
//! `annotations/<annotator>/<id>.json`, `releases/`. Ids are checked before they become paths.

use super::error::{Error, Result};
use super::fsio::{self, WriteLock};
use super::ids;
use super::labels::{DEFAULT_LABELS_RON, LabelSchema};
use super::model::{Annotation, Document, DocumentEntry, FORMAT_NAME, FORMAT_VERSION, Manifest};
use std::path::{Path, PathBuf};

/// File name of the manifest.
pub const MANIFEST_FILE: &str = "dataset.json";
/// File name of the label schema.
pub const LABELS_FILE: &str = "labels.ron";

/// An open dataset.
#[derive(Debug)]
pub struct Dataset {
    root: PathBuf,
    /// The manifest as last read or written.
    pub manifest: Manifest,
    /// The label schema from `labels.ron`.
    pub labels: LabelSchema,
    lock: Option<WriteLock>,
}

/// The current time as RFC 3339 in UTC, to the second.
pub fn now_rfc3339() -> String {
    let now = time::OffsetDateTime::now_utc()
        .replace_nanosecond(0)
        .unwrap_or_else(|_| time::OffsetDateTime::now_utc());
    now.format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_default()
}

/// Reads `dataset.json` far enough to check its format and version, then fully.
pub fn read_manifest(root: &Path) -> Result<Manifest> {
    let path = root.join(MANIFEST_FILE);
    if !path.is_file() {
        return Err(Error::Usage(format!(
            "{}: no dataset here (dataset.json is missing); create one with `biaozhu new {}`",
            root.display(),
            root.display()
        )));
    }
    let bytes = fsio::read_bounded(&path, fsio::MAX_JSON_BYTES)?;
    let value: serde_json::Value = fsio::parse_json(&path, &bytes)?;
    check_format(&path, &value)?;
    serde_json::from_value(value).map_err(|e| {
        Error::invalid(
            &path,
            "",
            format!("dataset.json does not have the expected shape: {e}"),
        )
    })
}

/// Checks `format` and `format_version` of a manifest value.
pub fn check_format(path: &Path, value: &serde_json::Value) -> Result<()> {
    match value.get("format").and_then(|v| v.as_str()) {
        Some(FORMAT_NAME) => {}
        other => {
            return Err(Error::invalid(
                path,
                "/format",
                format!(
                    "expected \"{FORMAT_NAME}\", found {}",
                    other.map_or("nothing".to_string(), |s| format!("{s:?}"))
                ),
            ));
        }
    }
    match value.get("format_version").and_then(|v| v.as_u64()) {
        Some(v) if v == u64::from(FORMAT_VERSION) => Ok(()),
        Some(v) if v > u64::from(FORMAT_VERSION) => Err(Error::NewerFormat {
            path: path.to_path_buf(),
            found: v,
            supported: FORMAT_VERSION,
        }),
        _ => Err(Error::invalid(
            path,
            "/format_version",
            format!("must be a supported version number ({FORMAT_VERSION})"),
        )),
    }
}

/// Reads and checks `labels.ron`.
pub fn read_labels(root: &Path) -> Result<LabelSchema> {
    let path = root.join(LABELS_FILE);
    let bytes = fsio::read_bounded(&path, 4 * 1024 * 1024)?;
    let text = String::from_utf8(bytes)
        .map_err(|e| Error::invalid(&path, "", format!("not UTF-8: {e}")))?;
    LabelSchema::from_ron(&text).map_err(|m| Error::invalid(&path, "", m))
}

impl Dataset {
    /// Creates a new dataset in `dir` (which must not hold one) and opens it for writing.
    pub fn create(dir: &Path, name: &str, labels_ron: Option<&str>) -> Result<Dataset> {
        if dir.join(MANIFEST_FILE).exists() {
            return Err(Error::Usage(format!(
                "{}: a dataset already exists here",
                dir.display()
            )));
        }
        let labels_text = labels_ron.unwrap_or(DEFAULT_LABELS_RON);
        let labels = LabelSchema::from_ron(labels_text)
            .map_err(|m| Error::invalid(Path::new("labels.ron"), "", m))?;
        std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
        let lock = WriteLock::acquire(dir)?;
        for sub in ["sources", "documents", "annotations", "releases"] {
            let p = dir.join(sub);
            std::fs::create_dir_all(&p).map_err(|e| Error::io(&p, e))?;
        }
        fsio::write_atomic(&dir.join(LABELS_FILE), labels_text.as_bytes())?;
        fsio::write_atomic(
            &dir.join(super::import::CHROME_FILE),
            super::import::DEFAULT_CHROME_RON.as_bytes(),
        )?;
        let manifest = Manifest {
            format: FORMAT_NAME.to_string(),
            format_version: FORMAT_VERSION,
            name: name.to_string(),
            created: now_rfc3339(),
            documents: Vec::new(),
        };
        fsio::write_json(&dir.join(MANIFEST_FILE), &manifest)?;
        Ok(Dataset {
            root: dir.to_path_buf(),
            manifest,
            labels,
            lock: Some(lock),
        })
    }

    /// Opens a dataset read-only. Refuses a newer format.
    pub fn open(dir: &Path) -> Result<Dataset> {
        let manifest = read_manifest(dir)?;
        let labels = read_labels(dir)?;
        for entry in &manifest.documents {
            if let Some(problem) = ids::id_problem(&entry.id) {
                return Err(Error::invalid(
                    &dir.join(MANIFEST_FILE),
                    "/documents",
                    problem,
                ));
            }
        }
        Ok(Dataset {
            root: dir.to_path_buf(),
            manifest,
            labels,
            lock: None,
        })
    }

    /// Opens a dataset and takes its write lock.
    pub fn open_for_writing(dir: &Path) -> Result<Dataset> {
        let mut ds = Dataset::open(dir)?;
        ds.lock = Some(WriteLock::acquire(dir)?);
        // Re-read under the lock: another writer may have changed it in between.
        ds.manifest = read_manifest(dir)?;
        Ok(ds)
    }

    /// Tries to take the write lock of a dataset opened read-only. Returns whether it is held now.
    pub fn try_lock(&mut self) -> Result<bool> {
        if self.lock.is_some() {
            return Ok(true);
        }
        match WriteLock::acquire(&self.root) {
            Ok(lock) => {
                self.lock = Some(lock);
                Ok(true)
            }
            Err(Error::Locked { .. }) => Ok(false),
            Err(e) => Err(e),
        }
    }

    /// Whether this process may write the dataset.
    pub fn is_writable(&self) -> bool {
        self.lock.is_some()
    }

    /// The dataset folder.
    pub fn root(&self) -> &Path {
        &self.root
    }

    fn require_lock(&self) -> Result<()> {
        if self.lock.is_some() {
            Ok(())
        } else {
            Err(Error::Usage(format!(
                "{}: the dataset is open read-only",
                self.root.display()
            )))
        }
    }

    /// Path of `documents/<id>.json`. The id must be safe.
    pub fn document_path(&self, id: &str) -> Result<PathBuf> {
        safe(id, &self.root)?;
        Ok(self.root.join("documents").join(format!("{id}.json")))
    }

    /// Path of `annotations/<annotator>/<id>.json`. Both must be safe.
    pub fn annotation_path(&self, annotator: &str, id: &str) -> Result<PathBuf> {
        safe(annotator, &self.root)?;
        safe(id, &self.root)?;
        Ok(self
            .root
            .join("annotations")
            .join(annotator)
            .join(format!("{id}.json")))
    }

    /// The manifest entry of document `id`.
    pub fn entry(&self, id: &str) -> Option<&DocumentEntry> {
        self.manifest.documents.iter().find(|d| d.id == id)
    }

    /// Reads document `id`.
    pub fn document(&self, id: &str) -> Result<Document> {
        let path = self.document_path(id)?;
        let doc: Document = fsio::read_json(&path)?;
        if doc.id != id {
            return Err(Error::invalid(
                &path,
                "/id",
                format!("expected {id:?}, found {:?}", doc.id),
            ));
        }
        Ok(doc)
    }

    /// Reads `annotator`'s annotation of document `id`, or `None` when there is none yet.
    pub fn annotation(&self, annotator: &str, id: &str) -> Result<Option<Annotation>> {
        let path = self.annotation_path(annotator, id)?;
        if !path.exists() {
            return Ok(None);
        }
        fsio::read_json(&path).map(Some)
    }

    /// The annotator folders under `annotations/`, sorted. Unsafe names are skipped.
    pub fn annotators(&self) -> Result<Vec<String>> {
        let dir = self.root.join("annotations");
        let mut out = Vec::new();
        let entries = match std::fs::read_dir(&dir) {
            Ok(e) => e,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(out),
            Err(e) => return Err(Error::io(&dir, e)),
        };
        for entry in entries {
            let entry = entry.map_err(|e| Error::io(&dir, e))?;
            if entry.path().is_dir()
                && let Some(name) = entry.file_name().to_str()
                && ids::is_safe_id(name)
            {
                out.push(name.to_string());
            }
        }
        out.sort();
        Ok(out)
    }

    /// Saves an annotation: bumps its revision, stamps `updated`, sorts spans, writes atomically.
    pub fn save_annotation(&self, ann: &mut Annotation) -> Result<()> {
        self.require_lock()?;
        let path = self.annotation_path(&ann.annotator, &ann.document)?;
        ann.revision += 1;
        ann.updated = now_rfc3339();
        ann.normalise_order();
        fsio::write_json(&path, ann)
    }

    /// Writes a new document and its source bytes, and lists it in the in-memory manifest. The
    /// manifest on disk is written by `write_manifest`, so a bulk import writes it once per batch
    /// instead of once per file; a crash in between leaves unlisted documents that `validate`
    /// reports as warnings, never a manifest naming a missing file.
    pub fn add_document(
        &mut self,
        doc: &Document,
        source_ext: &str,
        source_bytes: &[u8],
    ) -> Result<()> {
        self.require_lock()?;
        safe(&doc.id, &self.root)?;
        if self.entry(&doc.id).is_some() {
            return Err(Error::Usage(format!(
                "document {:?} already exists",
                doc.id
            )));
        }
        let ext = sanitize_ext(source_ext);
        let source_rel = format!("sources/{}.{ext}", doc.id);
        fsio::write_atomic(&self.root.join(&source_rel), source_bytes)?;
        fsio::write_json(&self.document_path(&doc.id)?, doc)?;
        self.manifest.documents.push(DocumentEntry {
            id: doc.id.clone(),
            title: doc.meta.title.clone(),
            chars: doc.text.chars().count(),
            sha256: doc.sha256.clone(),
            source: source_rel,
        });
        Ok(())
    }

    /// Writes `dataset.json` from the in-memory manifest, atomically.
    pub fn write_manifest(&self) -> Result<()> {
        self.require_lock()?;
        fsio::write_json(&self.root.join(MANIFEST_FILE), &self.manifest)
    }
}

fn safe(id: &str, root: &Path) -> Result<()> {
    match ids::id_problem(id) {
        None => Ok(()),
        Some(problem) => Err(Error::invalid(root, "", problem)),
    }
}

fn sanitize_ext(ext: &str) -> String {
    let clean: String = ext
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .take(8)
        .collect::<String>()
        .to_ascii_lowercase();
    if clean.is_empty() {
        "txt".into()
    } else {
        clean
    }
}
