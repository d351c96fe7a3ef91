//! The dataset's document list, read from `documents/` (format 2 keeps no list on disk).
//!
//! A document belongs to the dataset when `documents/<id>.json` is present and valid. Opening a
//! dataset scans that folder once; the index then finds ids and text hashes in constant time, so
//! no import or lookup grows with the square of the dataset. Documents are ordered by their
//! import time (`meta.imported`), then by id, which is deterministic without a stored list.

use crate::core::data::fsio;
use crate::core::data::ids;
use crate::core::data::model::DocumentEntry;
use serde::Deserialize;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

/// The documents of a dataset, in order, with lookups by id and by text hash.
#[derive(Debug, Default)]
pub struct DocumentIndex {
    entries: Vec<DocumentEntry>,
    by_id: HashMap<String, usize>,
    by_sha: HashMap<String, String>,
    /// Names in `documents/` that are taken by a file that is not a valid document; a new
    /// document never gets one of these ids, so a damaged file is never overwritten.
    occupied: HashSet<String>,
}

/// The parts of a document file the index needs.
#[derive(Deserialize)]
struct DocumentHead {
    id: String,
    /// The text's length in code points; the text itself is not kept (nor copied).
    text: CharCount,
    sha256: String,
    #[serde(default)]
    meta: MetaHead,
}

#[derive(Deserialize, Default)]
struct MetaHead {
    #[serde(default)]
    title: String,
    #[serde(default)]
    imported: String,
}

/// The number of code points of a JSON string, counted as it is parsed.
struct CharCount(usize);

impl<'de> Deserialize<'de> for CharCount {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Counter;
        impl serde::de::Visitor<'_> for Counter {
            type Value = CharCount;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a string")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<CharCount, E> {
                Ok(CharCount(v.chars().count()))
            }
        }
        d.deserialize_str(Counter)
    }
}

impl DocumentIndex {
    /// Scans `dir` (a dataset's `documents/` folder). Files that are not valid documents are
    /// left out; `validate` reports them.
    pub fn scan(dir: &Path) -> std::io::Result<DocumentIndex> {
        let mut files: Vec<PathBuf> = Vec::new();
        match std::fs::read_dir(dir) {
            Ok(rd) => {
                for entry in rd {
                    let entry = entry?;
                    let name = entry.file_name();
                    let Some(name) = name.to_str() else { continue };
                    if name.ends_with(".json") && !name.starts_with('.') {
                        files.push(entry.path());
                    }
                }
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(e),
        }
        let read = crate::core::data::parallel::map(&files, |p| read_entry(p));
        let mut index = DocumentIndex::default();
        let mut entries = Vec::with_capacity(read.len());
        for (stem, entry) in read {
            match entry {
                Some(e) => entries.push(e),
                None => {
                    index.occupied.insert(stem);
                }
            }
        }
        entries.sort_by(|a, b| (&a.imported, &a.id).cmp(&(&b.imported, &b.id)));
        for e in entries {
            index.push(e);
        }
        Ok(index)
    }

    fn push(&mut self, entry: DocumentEntry) {
        self.by_sha
            .entry(entry.sha256.clone())
            .or_insert_with(|| entry.id.clone());
        self.by_id.insert(entry.id.clone(), self.entries.len());
        self.entries.push(entry);
    }

    /// Adds a document, keeping the order (a new import normally goes last).
    pub fn insert(&mut self, entry: DocumentEntry) {
        let key = |e: &DocumentEntry| (e.imported.clone(), e.id.clone());
        let in_order = self
            .entries
            .last()
            .is_none_or(|last| key(last) <= key(&entry));
        if in_order {
            self.push(entry);
            return;
        }
        let at = self.entries.partition_point(|e| key(e) <= key(&entry));
        self.by_sha
            .entry(entry.sha256.clone())
            .or_insert_with(|| entry.id.clone());
        self.entries.insert(at, entry);
        self.by_id = self
            .entries
            .iter()
            .enumerate()
            .map(|(i, e)| (e.id.clone(), i))
            .collect();
    }

    /// Every document, in order.
    pub fn entries(&self) -> &[DocumentEntry] {
        &self.entries
    }

    /// The document `id`.
    pub fn get(&self, id: &str) -> Option<&DocumentEntry> {
        self.by_id.get(id).map(|&i| &self.entries[i])
    }

    /// The id of the document whose text hashes to `sha256`.
    pub fn id_with_sha(&self, sha256: &str) -> Option<&str> {
        self.by_sha.get(sha256).map(String::as_str)
    }

    /// Whether `id` is taken, by a document or by a file that is not a valid document.
    pub fn is_taken(&self, id: &str) -> bool {
        self.by_id.contains_key(id) || self.occupied.contains(id)
    }
}

/// The documents of a dataset in the order of [`DocumentIndex::entries`] (import time, then id),
/// holding only their ids: for a command that goes through every document once (`export`,
/// `release`, `table`), so that its memory does not grow with the documents. After the scan it
/// keeps about 20 bytes per document (the id, where it ends, its place); while sorting, the
/// import times too (about 35 bytes more per document).
#[derive(Debug, Default)]
pub struct DocumentOrder {
    /// The stems of the files in `documents/`, one after another.
    names: String,
    /// Where each stem ends in `names`.
    ends: Vec<u32>,
    /// The stems that are valid documents, as indices into `ends`, in the index's order.
    order: Vec<u32>,
}

/// How many document files a scan reads at once (on every core) before keeping their keys.
const ORDER_CHUNK: usize = 1024;

impl DocumentOrder {
    /// Scans `dir` (a dataset's `documents/` folder) as [`DocumentIndex::scan`] does: the same
    /// documents (files that are not valid documents are left out) in the same order.
    pub fn scan(dir: &Path) -> std::io::Result<DocumentOrder> {
        let mut out = DocumentOrder::default();
        match std::fs::read_dir(dir) {
            Ok(rd) => {
                for entry in rd {
                    let entry = entry?;
                    let name = entry.file_name();
                    let Some(name) = name.to_str() else { continue };
                    if let Some(stem) = name.strip_suffix(".json")
                        && !name.starts_with('.')
                    {
                        out.names.push_str(stem);
                        out.ends.push(u32::try_from(out.names.len()).map_err(|_| {
                            std::io::Error::other("too many documents to list in memory")
                        })?);
                    }
                }
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(e),
        }
        // The import time of each valid document, one after another, and where each ends.
        let (mut times, mut time_ends) = (String::new(), Vec::new());
        for first in (0..out.ends.len()).step_by(ORDER_CHUNK) {
            let part: Vec<usize> = (first..(first + ORDER_CHUNK).min(out.ends.len())).collect();
            let read = crate::core::data::parallel::map(&part, |&i| {
                read_entry(&dir.join(format!("{}.json", out.name(i)))).1
            });
            for (i, entry) in part.into_iter().zip(read) {
                if let Some(e) = entry {
                    times.push_str(&e.imported);
                    time_ends.push(times.len());
                    out.order.push(i as u32);
                }
            }
        }
        let time = |k: usize| &times[if k == 0 { 0 } else { time_ends[k - 1] }..time_ends[k]];
        let mut keyed: Vec<u32> = (0..out.order.len() as u32).collect();
        keyed.sort_by(|&a, &b| {
            let (a, b) = (a as usize, b as usize);
            (time(a), out.name(out.order[a] as usize))
                .cmp(&(time(b), out.name(out.order[b] as usize)))
        });
        out.order = keyed.into_iter().map(|k| out.order[k as usize]).collect();
        Ok(out)
    }

    /// The stem of file `i` of the scan.
    fn name(&self, i: usize) -> &str {
        let start = if i == 0 { 0 } else { self.ends[i - 1] as usize };
        &self.names[start..self.ends[i] as usize]
    }

    /// The number of documents.
    pub fn len(&self) -> usize {
        self.order.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.order.is_empty()
    }

    /// The document ids, in order.
    pub fn ids(&self) -> impl Iterator<Item = &str> {
        self.order.iter().map(|&i| self.name(i as usize))
    }
}

/// Reads one document file's entry; `None` when it is not a valid document named for its id.
fn read_entry(path: &Path) -> (String, Option<DocumentEntry>) {
    let stem = path
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or_default()
        .to_string();
    let head: Option<DocumentHead> = fsio::read_bounded(path, fsio::MAX_JSON_BYTES)
        .ok()
        .and_then(|b| serde_json::from_slice(&b).ok());
    let entry = head
        .filter(|h| h.id == stem && ids::is_safe_id(&h.id))
        .map(|h| DocumentEntry {
            chars: h.text.0,
            id: h.id,
            title: h.meta.title,
            sha256: h.sha256,
            imported: h.meta.imported,
        });
    (stem, entry)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(id: &str, imported: &str) -> DocumentEntry {
        DocumentEntry {
            id: id.into(),
            title: String::new(),
            chars: 1,
            sha256: format!("sha-{id}"),
            imported: imported.into(),
        }
    }

    #[test]
    fn order_is_import_time_then_id_and_lookups_follow_inserts() {
        let mut index = DocumentIndex::default();
        index.insert(entry("b", "2026-01-02T00:00:00.000000Z"));
        index.insert(entry("a", "2026-01-02T00:00:00.000000Z"));
        index.insert(entry("z", ""));
        index.insert(entry("c", "2026-01-03T00:00:00.000000Z"));
        let ids: Vec<&str> = index.entries().iter().map(|e| e.id.as_str()).collect();
        assert_eq!(ids, ["z", "a", "b", "c"]);
        assert_eq!(index.get("b").unwrap().id, "b");
        assert_eq!(index.id_with_sha("sha-c"), Some("c"));
        assert!(index.is_taken("a") && !index.is_taken("q"));
    }

    #[test]
    fn the_index_counts_code_points_through_escapes_and_astral_characters() {
        let dir = tempfile::tempdir().unwrap();
        // 中 escaped, a surrogate pair escaped, a raw astral character, a quote and a newline.
        let doc = r#"{"id":"a","text":"\u4e2d\ud83d\ude00𠀀\"x\n","sha256":"x"}"#;
        std::fs::write(dir.path().join("a.json"), doc).unwrap();
        std::fs::write(
            dir.path().join("b.json"),
            r#"{"id":"b","text":7,"sha256":"x"}"#,
        )
        .unwrap();
        let index = DocumentIndex::scan(dir.path()).unwrap();
        assert_eq!(index.get("a").unwrap().chars, 6);
        assert!(index.get("b").is_none() && index.is_taken("b"));
    }

    #[test]
    fn the_order_lists_the_documents_of_the_index_in_its_order() {
        let dir = tempfile::tempdir().unwrap();
        for (id, imported) in [
            ("b", "2026-01-02"),
            ("a", "2026-01-02"),
            ("z", ""),
            ("c", "2026-01-03"),
        ] {
            let doc = format!(
                r#"{{"id":"{id}","text":"文本","sha256":"x","meta":{{"title":"t","imported":"{imported}"}}}}"#
            );
            std::fs::write(dir.path().join(format!("{id}.json")), doc).unwrap();
        }
        std::fs::write(dir.path().join("d2.json"), "{\"id\":").unwrap();
        std::fs::write(
            dir.path().join("e.json"),
            r#"{"id":"f","text":"","sha256":"x"}"#,
        )
        .unwrap();
        std::fs::write(dir.path().join(".biaozhu-abc.tmp"), "{}").unwrap();
        let order = DocumentOrder::scan(dir.path()).unwrap();
        let index = DocumentIndex::scan(dir.path()).unwrap();
        let ids: Vec<&str> = order.ids().collect();
        assert_eq!(ids, ["z", "a", "b", "c"]);
        let listed: Vec<&str> = index.entries().iter().map(|e| e.id.as_str()).collect();
        assert_eq!(ids, listed);
        assert_eq!(order.len(), 4);
        assert!(
            DocumentOrder::scan(&dir.path().join("none"))
                .unwrap()
                .is_empty()
        );
    }

    #[test]
    fn a_scan_skips_temporary_and_damaged_files_but_keeps_their_names_taken() {
        let dir = tempfile::tempdir().unwrap();
        let doc =
            r#"{"id":"d1","text":"文本","sha256":"x","meta":{"title":"t","imported":"2026"}}"#;
        std::fs::write(dir.path().join("d1.json"), doc).unwrap();
        std::fs::write(dir.path().join("d2.json"), "{\"id\":").unwrap();
        std::fs::write(dir.path().join(".biaozhu-abc.tmp"), doc).unwrap();
        let index = DocumentIndex::scan(dir.path()).unwrap();
        assert_eq!(index.entries().len(), 1);
        assert_eq!(index.get("d1").unwrap().chars, 2);
        assert!(index.is_taken("d2"));
    }
}
