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
#[derive(Clone, Debug, Default)]
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

/// The number of code points of a JSON string, counted as it is parsed. The string's bytes are
/// checked as UTF-8 by `simdutf8` (serde_json's own check, `std::str::from_utf8`, was a quarter
/// of opening a 10,000-document dataset, on text that is mostly Chinese); a string that is not
/// UTF-8 fails as before.
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
            fn visit_bytes<E: serde::de::Error>(self, v: &[u8]) -> Result<CharCount, E> {
                let text = simdutf8::basic::from_utf8(v)
                    .map_err(|_| E::custom("the text is not valid UTF-8"))?;
                self.visit_str(text)
            }
        }
        // As bytes, so that serde_json leaves the UTF-8 check to `visit_bytes` (a JSON array of
        // numbers is refused there too: this visitor takes no sequence).
        d.deserialize_bytes(Counter)
    }
}

/// Calls `each` with the stem and path of every document file in `dir` (a dataset's
/// `documents/` folder: `*.json`, not hidden), in the folder's order; none when it is missing.
fn each_document_file(
    dir: &Path,
    mut each: impl FnMut(&str, PathBuf) -> std::io::Result<()>,
) -> std::io::Result<()> {
    let rd = match std::fs::read_dir(dir) {
        Ok(rd) => rd,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(e),
    };
    for entry in rd {
        let entry = entry?;
        let name = entry.file_name();
        let Some(name) = name.to_str() else { continue };
        if let Some(stem) = name.strip_suffix(".json")
            && !name.starts_with('.')
        {
            each(stem, entry.path())?;
        }
    }
    Ok(())
}

impl DocumentIndex {
    /// Scans `dir` (a dataset's `documents/` folder). Files that are not valid documents are
    /// left out; `validate` reports them.
    pub fn scan(dir: &Path) -> std::io::Result<DocumentIndex> {
        let mut files: Vec<PathBuf> = Vec::new();
        each_document_file(dir, |_, path| {
            files.push(path);
            Ok(())
        })?;
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

    /// The place of document `id` in the order.
    pub fn position(&self, id: &str) -> Option<usize> {
        self.by_id.get(id).copied()
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
/// `release`, `table`), so that its memory does not grow with the documents. It keeps about
/// 8 bytes per document besides the id (where the id ends, its place in the order); while
/// sorting, the import times too: 8 bytes each when they are written as `biaozhu import` writes
/// them, else their text. (The [`DocumentIndex`] keeps about 500 bytes per document.)
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
        each_document_file(dir, |stem, _| {
            out.names.push_str(stem);
            out.ends.push(
                u32::try_from(out.names.len())
                    .map_err(|_| std::io::Error::other("too many documents to list in memory"))?,
            );
            Ok(())
        })?;
        // The import time of each file (empty for those that are not valid documents).
        let mut times = ImportTimes::Packed(Vec::new());
        for first in (0..out.ends.len()).step_by(ORDER_CHUNK) {
            let part: Vec<usize> = (first..(first + ORDER_CHUNK).min(out.ends.len())).collect();
            let read = crate::core::data::parallel::map(&part, |&i| {
                read_entry(&dir.join(format!("{}.json", out.name(i)))).1
            });
            for (i, entry) in part.into_iter().zip(read) {
                times.push(entry.as_ref().map_or("", |e| e.imported.as_str()))?;
                if entry.is_some() {
                    out.order.push(i as u32);
                }
            }
        }
        let mut order = std::mem::take(&mut out.order);
        order.sort_unstable_by(|&a, &b| {
            let (a, b) = (a as usize, b as usize);
            times.cmp(a, b).then_with(|| out.name(a).cmp(out.name(b)))
        });
        out.order = order;
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

/// The import times of the files of a scan, in file order: while every one is empty or written
/// as `biaozhu import` writes it (`2026-01-02T03:04:05.123456Z`), one number each that orders as
/// the text does; else the text of each.
enum ImportTimes {
    Packed(Vec<u64>),
    Text { text: String, ends: Vec<u32> },
}

impl ImportTimes {
    fn push(&mut self, time: &str) -> std::io::Result<()> {
        if let ImportTimes::Packed(keys) = self {
            match pack_time(time) {
                Some(k) => {
                    keys.push(k);
                    return Ok(());
                }
                None => {
                    let mut text = String::new();
                    let mut ends = Vec::with_capacity(keys.len());
                    for &k in keys.iter() {
                        text += &unpack_time(k);
                        ends.push(text.len() as u32);
                    }
                    *self = ImportTimes::Text { text, ends };
                }
            }
        }
        if let ImportTimes::Text { text, ends } = self {
            text.push_str(time);
            ends.push(
                u32::try_from(text.len())
                    .map_err(|_| std::io::Error::other("too many documents to list in memory"))?,
            );
        }
        Ok(())
    }

    /// Compares the times of files `a` and `b` as text.
    fn cmp(&self, a: usize, b: usize) -> std::cmp::Ordering {
        match self {
            ImportTimes::Packed(keys) => keys[a].cmp(&keys[b]),
            ImportTimes::Text { text, ends } => {
                let at = |i: usize| {
                    let start = if i == 0 { 0 } else { ends[i - 1] as usize };
                    &text[start..ends[i] as usize]
                };
                at(a).cmp(at(b))
            }
        }
    }
}

/// The radix of each field of a packed time after the year: month, day, hour, minute, second,
/// microsecond. Each two-digit field is below its radix, so packed times order as their text.
const TIME_RADIX: [u64; 6] = [16, 32, 32, 64, 64, 1_000_000];

/// `2026-01-02T03:04:05.123456Z` as one number (0 for the empty time, which sorts first), or
/// `None` for any other text.
fn pack_time(time: &str) -> Option<u64> {
    if time.is_empty() {
        return Some(0);
    }
    let b = time.as_bytes();
    let shape = b.len() == 27
        && [
            (4, b'-'),
            (7, b'-'),
            (10, b'T'),
            (13, b':'),
            (16, b':'),
            (19, b'.'),
            (26, b'Z'),
        ]
        .iter()
        .all(|&(i, c)| b[i] == c);
    if !shape {
        return None;
    }
    let number = |from: usize, to: usize| -> Option<u64> {
        let digits = &time[from..to];
        digits
            .bytes()
            .all(|c| c.is_ascii_digit())
            .then(|| digits.parse().ok())?
    };
    let fields = [(5, 7), (8, 10), (11, 13), (14, 16), (17, 19), (20, 26)];
    let mut key = number(0, 4)?;
    for ((from, to), radix) in fields.into_iter().zip(TIME_RADIX) {
        let v = number(from, to)?;
        if v >= radix {
            return None;
        }
        key = key * radix + v;
    }
    Some(key + 1)
}

/// The text of a packed time.
fn unpack_time(key: u64) -> String {
    if key == 0 {
        return String::new();
    }
    let mut key = key - 1;
    let mut v = [0u64; 6];
    for (slot, radix) in v.iter_mut().zip(TIME_RADIX).rev() {
        *slot = key % radix;
        key /= radix;
    }
    format!(
        "{key:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:06}Z",
        v[0], v[1], v[2], v[3], v[4], v[5]
    )
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
mod tests;
