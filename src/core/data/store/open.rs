//! Creating and opening a dataset: listed (its documents indexed, for the app and most
//! commands) or unlisted (for commands that go through every document once).

use super::*;

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
        let labels =
            LabelSchema::from_ron(labels_text).map_err(|p| p.in_file(Path::new(LABELS_FILE)))?;
        std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
        let lock = WriteLock::acquire(dir)?;
        for sub in layout::FOLDERS {
            let p = dir.join(sub);
            std::fs::create_dir_all(&p).map_err(|e| Error::io(&p, e))?;
        }
        fsio::write_atomic(&dir.join(LABELS_FILE), labels_text.as_bytes())?;
        let chrome = layout::DEFAULT_CHROME_RON.as_bytes();
        fsio::write_atomic(&dir.join(layout::CHROME_FILE), chrome)?;
        crate::core::data::guidelines::write_bundled(dir)?;
        for (file, text) in [(".gitattributes", GITATTRIBUTES), (".gitignore", GITIGNORE)] {
            if !dir.join(file).exists() {
                fsio::write_atomic(&dir.join(file), text.as_bytes())?;
            }
        }
        let manifest = Manifest {
            format: FORMAT_NAME.to_string(),
            format_version: FORMAT_VERSION,
            name: name.to_string(),
            created: now_rfc3339(),
            ..Manifest::default()
        };
        fsio::write_json(&dir.join(MANIFEST_FILE), &manifest)?;
        Ok(Dataset {
            root: dir.to_path_buf(),
            manifest,
            labels,
            index: Default::default(),
            batch: WriteBatch::new(),
            hold_commits: false,
            lock: Some(lock),
        })
    }

    /// Opens a dataset read-only. Refuses an older or a newer format.
    pub fn open(dir: &Path) -> Result<Dataset> {
        Self::open_listing(dir, true)
    }

    /// Opens a dataset read-only without listing its documents, for a command that goes through
    /// every document once in the order a [`DocumentOrder`](crate::core::data::doc_index::DocumentOrder)
    /// gives, in memory that does not grow with the dataset. Its document list is empty:
    /// [`Dataset::documents`] and the lookups by id or hash find nothing; documents and
    /// annotations read as in any dataset.
    pub fn open_unlisted(dir: &Path) -> Result<Dataset> {
        Self::open_listing(dir, false)
    }

    /// [`Dataset::open_unlisted`] with the write lock, as [`Dataset::open_for_writing`] takes it.
    pub fn open_unlisted_for_writing(dir: &Path) -> Result<Dataset> {
        Self::lock_and_open(dir, false)
    }

    fn open_listing(dir: &Path, listed: bool) -> Result<Dataset> {
        let manifest = read_manifest(dir)?;
        let labels = read_labels(dir)?;
        let documents = layout::documents_dir(dir);
        let index = if listed {
            DocumentIndex::scan(&documents).map_err(|e| Error::io(&documents, e))?
        } else {
            DocumentIndex::default()
        };
        Ok(Dataset {
            root: dir.to_path_buf(),
            manifest,
            labels,
            index: std::sync::Arc::new(index),
            batch: WriteBatch::new(),
            hold_commits: false,
            lock: None,
        })
    }

    /// A read-only copy of this open dataset (its manifest, labels and document list as they
    /// are now, without the write lock), for a background reader that should not scan the
    /// documents again.
    pub fn read_only_copy(&self) -> Dataset {
        Dataset {
            root: self.root.clone(),
            manifest: self.manifest.clone(),
            labels: self.labels.clone(),
            // Shared until one side adds a document (the list of 10,000 is not copied on the
            // frame that opens the Dashboard).
            index: self.index.clone(),
            batch: WriteBatch::new(),
            hold_commits: false,
            lock: None,
        }
    }

    /// Opens a dataset and takes its write lock. Temporary files that a killed writer left are
    /// removed.
    pub fn open_for_writing(dir: &Path) -> Result<Dataset> {
        Self::lock_and_open(dir, true)
    }

    fn lock_and_open(dir: &Path, listed: bool) -> Result<Dataset> {
        // Check the format before taking the lock, so an old dataset is never touched.
        read_manifest(dir)?;
        let lock = WriteLock::acquire(dir)?;
        remove_stale_temps(dir);
        // Read under the lock: another writer may have changed it in between.
        let mut ds = Dataset::open_listing(dir, listed)?;
        ds.lock = Some(lock);
        Ok(ds)
    }
}
