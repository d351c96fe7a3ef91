//! The dataset store: opens a dataset folder, reads documents and annotations, and writes them
//! back atomically under the write lock.
//!
//! Layout: `dataset.json`, `labels.ron`, `sources/`, `documents/<id>.json`,
//! `annotations/<annotator>/<id>.json`, `releases/`. Ids are checked before they become paths.
//! Single saves (the app's edits) are durable when they return; bulk writes (import,
//! import-annotations, suggest) are staged in a [`fsio::WriteBatch`] and made durable together
//! by [`Dataset::commit`], one barrier per batch.

use crate::core::data::doc_index::DocumentIndex;
use crate::core::data::error::{Error, Result};
use crate::core::data::fsio::{self, WriteBatch, WriteLock};
use crate::core::data::ids;
use crate::core::data::labels::{DEFAULT_LABELS_RON, LabelSchema};
use crate::core::data::model::{
    Annotation, Document, DocumentEntry, FORMAT_NAME, FORMAT_VERSION, Manifest, Status,
};
use std::path::{Path, PathBuf};

use crate::core::data::layout;
pub use crate::core::data::layout::{LABELS_FILE, MANIFEST_FILE};

/// `.gitattributes` of a new dataset: annotation files merge through biaozhu's driver
/// (`biaozhu git-setup` registers it in a clone).
pub const GITATTRIBUTES: &str = "# biaozhu: annotation files merge through `biaozhu merge-annotations`;\n# run `biaozhu git-setup` once in each clone to register the driver.\nannotations/**/*.json merge=biaozhu\n";
/// `.gitignore` of a new dataset: temporary files of a killed writer, and the models the app
/// trains (derived from the annotations, rebuilt in seconds).
pub const GITIGNORE: &str = "# biaozhu: temporary files of an interrupted write\n.biaozhu-*.tmp\n# models the app trains from the annotations (models/<annotator>.model)\nmodels/\n";

/// Staged bulk writes are committed when this many files are waiting (temporary files on disk;
/// a kill loses at most one batch of progress, never data).
const BATCH_FILES: usize = 8192;
/// [`BATCH_FILES`], or `BIAOZHU_BATCH_FILES` from the environment (smaller batches make the
/// kill tests hit more states between batches).
static BATCH_FILES_LIMIT: std::sync::LazyLock<usize> = std::sync::LazyLock::new(|| {
    std::env::var("BIAOZHU_BATCH_FILES")
        .ok()
        .and_then(|v| v.parse().ok())
        .filter(|n| *n > 0)
        .unwrap_or(BATCH_FILES)
});
/// Staged bulk writes are committed when this many bytes are waiting.
const BATCH_BYTES: usize = 256 * 1024 * 1024;

/// An open dataset.
pub struct Dataset {
    root: PathBuf,
    /// The manifest as last read or written.
    pub manifest: Manifest,
    /// The label schema from `labels.ron`.
    pub labels: LabelSchema,
    index: std::sync::Arc<DocumentIndex>,
    batch: WriteBatch,
    hold_commits: bool,
    lock: Option<WriteLock>,
}

impl std::fmt::Debug for Dataset {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Dataset")
            .field("root", &self.root)
            .field("documents", &self.index.entries().len())
            .field("writable", &self.lock.is_some())
            .finish()
    }
}

/// The current time as RFC 3339 in UTC with microseconds: the import time of a document.
pub fn now_rfc3339_micros() -> String {
    let now = time::OffsetDateTime::now_utc();
    let now = now
        .replace_nanosecond(now.nanosecond() / 1000 * 1000)
        .unwrap_or(now);
    let format = time::macros::format_description!(
        "[year]-[month]-[day]T[hour]:[minute]:[second].[subsecond digits:6]Z"
    );
    now.format(&format).unwrap_or_default()
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

/// The `format_version` of a manifest value, after checking its `format`.
pub fn manifest_version(path: &Path, value: &serde_json::Value) -> Result<u64> {
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
    value
        .get("format_version")
        .and_then(|v| v.as_u64())
        .filter(|v| *v >= 1)
        .ok_or_else(|| {
            Error::invalid(
                path,
                "/format_version",
                format!("must be a supported version number ({FORMAT_VERSION})"),
            )
        })
}

/// Checks `format` and `format_version` of a manifest value: an older version names the
/// command that upgrades it, a newer one asks for a newer biaozhu.
pub fn check_format(path: &Path, value: &serde_json::Value) -> Result<()> {
    let found = manifest_version(path, value)?;
    let supported = u64::from(FORMAT_VERSION);
    if found > supported {
        return Err(Error::NewerFormat {
            path: path.to_path_buf(),
            found,
            supported: FORMAT_VERSION,
        });
    }
    if found < supported {
        return Err(Error::OlderFormat {
            dir: parent_or_dot(path),
            found,
            supported: FORMAT_VERSION,
        });
    }
    Ok(())
}

fn parent_or_dot(path: &Path) -> PathBuf {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// Reads and checks `labels.ron`.
pub fn read_labels(root: &Path) -> Result<LabelSchema> {
    let path = root.join(LABELS_FILE);
    let bytes = fsio::read_bounded(&path, 4 * 1024 * 1024)?;
    let text = String::from_utf8(bytes)
        .map_err(|e| Error::invalid(&path, "", format!("not UTF-8: {e}")))?;
    LabelSchema::from_ron(&text).map_err(|p| p.in_file(&path))
}

mod open;

impl Dataset {
    /// Tries to take the write lock of a dataset opened read-only. Returns whether it is held now.
    pub fn try_lock(&mut self) -> Result<bool> {
        if self.lock.is_some() {
            return Ok(true);
        }
        match WriteLock::acquire(&self.root) {
            Ok(lock) => {
                self.lock = Some(lock);
                remove_stale_temps(&self.root);
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

    /// Writes `annotator`'s model (`models/<annotator>.model`) atomically, under the write lock.
    pub fn write_model(&self, annotator: &str, bytes: &[u8]) -> Result<PathBuf> {
        safe(annotator, &self.root)?;
        self.require_lock()?;
        let path = layout::model_file(&self.root, annotator);
        fsio::write_atomic(&path, bytes)?;
        Ok(path)
    }

    fn require_lock(&self) -> Result<()> {
        if self.lock.is_some() {
            Ok(())
        } else {
            Err(Error::ReadOnly {
                path: self.root.clone(),
                reason: "the dataset is open read-only".into(),
            })
        }
    }

    /// Path of `documents/<id>.json`. The id must be safe.
    pub fn document_path(&self, id: &str) -> Result<PathBuf> {
        safe(id, &self.root)?;
        Ok(layout::document_file(&self.root, id))
    }

    /// Path of `annotations/<annotator>/<id>.json`. Both must be safe.
    pub fn annotation_path(&self, annotator: &str, id: &str) -> Result<PathBuf> {
        safe(annotator, &self.root)?;
        safe(id, &self.root)?;
        Ok(layout::annotations_dir(&self.root)
            .join(annotator)
            .join(format!("{id}.json")))
    }

    /// Every document, by import time then id.
    pub fn documents(&self) -> &[DocumentEntry] {
        self.index.entries()
    }

    /// The place of document `id` in [`Dataset::documents`].
    pub fn position(&self, id: &str) -> Option<usize> {
        self.index.position(id)
    }

    /// The entry of document `id`.
    pub fn entry(&self, id: &str) -> Option<&DocumentEntry> {
        self.index.get(id)
    }

    /// The id of the document whose text hashes to `sha256`.
    pub fn document_with_sha(&self, sha256: &str) -> Option<&str> {
        self.index.id_with_sha(sha256)
    }

    /// A new document id from `base` that no document and no other file in `documents/` has.
    pub fn unused_document_id(&self, base: &str) -> String {
        ids::unique_id(base, |candidate| self.index.is_taken(candidate))
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

    /// The status and span count of `annotator`'s work on `id`, read without building the
    /// spans (the document list of a 10,000-document dataset reads every file at open).
    /// `None` when there is no file or it is not an annotation file.
    pub fn annotation_summary(&self, annotator: &str, id: &str) -> Option<(Status, usize)> {
        let path = self.annotation_path(annotator, id).ok()?;
        let bytes = fsio::read_bounded(&path, fsio::MAX_JSON_BYTES).ok()?;
        let s: summary::Fields = serde_json::from_slice(&bytes).ok()?;
        Some((s.status, s.spans.0))
    }

    /// The annotator folders under `annotations/`, sorted. Unsafe names are skipped.
    pub fn annotators(&self) -> Result<Vec<String>> {
        let dir = layout::annotations_dir(&self.root);
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

    /// Stamps an annotation for saving: bumps its revision, stamps `updated`, sorts spans.
    fn stamp(ann: &mut Annotation) {
        ann.revision += 1;
        ann.updated = now_rfc3339();
        ann.normalise_order();
    }

    /// Saves an annotation at once, durably (one edit of the app or the CLI).
    pub fn save_annotation(&self, ann: &mut Annotation) -> Result<()> {
        self.require_lock()?;
        let path = self.annotation_path(&ann.annotator, &ann.document)?;
        Self::stamp(ann);
        fsio::write_json(&path, ann)
    }

    /// Stages an annotation in the bulk batch; it is on disk after [`Dataset::commit`].
    pub fn stage_annotation(&mut self, ann: &mut Annotation) -> Result<()> {
        self.require_lock()?;
        let path = self.annotation_path(&ann.annotator, &ann.document)?;
        Self::stamp(ann);
        self.batch.stage_json(&path, ann)?;
        self.commit_if_full()
    }

    /// Stages a new document and its source bytes in the bulk batch, and lists it at once.
    /// Stamps `meta.imported` when it is empty. The files are on disk after
    /// [`Dataset::commit`]; the source is renamed into place before the document, so a document
    /// that is present always has its source.
    pub fn add_document(
        &mut self,
        mut doc: Document,
        source_ext: &str,
        source_bytes: &[u8],
    ) -> Result<()> {
        self.require_lock()?;
        safe(&doc.id, &self.root)?;
        if self.index.is_taken(&doc.id) {
            return Err(Error::Conflict(format!(
                "document {:?} already exists",
                doc.id
            )));
        }
        if doc.meta.imported.is_empty() {
            doc.meta.imported = now_rfc3339_micros();
        }
        let ext = sanitize_ext(source_ext);
        let source = self
            .root
            .join(layout::SOURCES_DIR)
            .join(format!("{}.{ext}", doc.id));
        self.batch.stage(&source, source_bytes)?;
        self.batch.stage_json(&self.document_path(&doc.id)?, &doc)?;
        std::sync::Arc::make_mut(&mut self.index).insert(DocumentEntry {
            id: doc.id.clone(),
            title: doc.meta.title.clone(),
            chars: doc.text.chars().count(),
            sha256: doc.sha256.clone(),
            imported: doc.meta.imported.clone(),
        });
        self.commit_if_full()
    }

    /// While held, staged writes wait for an explicit [`Dataset::commit`] however many there
    /// are (as temporary files on disk, not in memory), so that an input that turns out to be
    /// bad halfway leaves the dataset untouched.
    pub fn hold_commits(&mut self, hold: bool) {
        self.hold_commits = hold;
    }

    fn commit_if_full(&mut self) -> Result<()> {
        if !self.hold_commits
            && (self.batch.len() >= *BATCH_FILES_LIMIT || self.batch.bytes() >= BATCH_BYTES)
        {
            self.commit()?;
        }
        Ok(())
    }

    /// Makes every staged bulk write durable: one barrier, then the renames in order.
    pub fn commit(&mut self) -> Result<()> {
        self.batch.commit()
    }

    /// Writes `dataset.json` from the in-memory manifest, atomically.
    pub fn write_manifest(&self) -> Result<()> {
        self.require_lock()?;
        fsio::write_json(&self.root.join(MANIFEST_FILE), &self.manifest)
    }
}

/// Removes the temporary files of a killed writer from every folder biaozhu writes into. Only
/// the holder of the write lock calls this.
pub fn remove_stale_temps(root: &Path) {
    let mut dirs = vec![root.to_path_buf()];
    dirs.extend(layout::FOLDERS.iter().map(|f| root.join(f)));
    if let Ok(rd) = std::fs::read_dir(layout::annotations_dir(root)) {
        dirs.extend(rd.flatten().map(|e| e.path()).filter(|p| p.is_dir()));
    }
    fsio::remove_stale_temps(&dirs);
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

/// The two fields of an annotation file the document list shows.
mod summary {
    use crate::core::data::model::Status;
    use serde::de::{Deserializer, IgnoredAny, SeqAccess, Visitor};

    #[derive(serde::Deserialize)]
    pub(super) struct Fields {
        pub status: Status,
        pub spans: Count,
    }

    /// The length of a JSON array, its items skipped unparsed.
    pub(super) struct Count(pub usize);

    impl<'de> serde::Deserialize<'de> for Count {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            struct Counter;
            impl<'de> Visitor<'de> for Counter {
                type Value = Count;
                fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                    f.write_str("an array of spans")
                }
                fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Count, A::Error> {
                    let mut n = 0;
                    while seq.next_element::<IgnoredAny>()?.is_some() {
                        n += 1;
                    }
                    Ok(Count(n))
                }
            }
            d.deserialize_seq(Counter)
        }
    }
}
