//! A release written a record at a time into its staging folder: `data.jsonl` and the Parquet
//! shards of every split as the records are read, the counts of the manifest and the card
//! accumulated on the way, and the changelog's diff from the parent made by joining the two
//! releases' `data.jsonl` by id, a document at a time. Memory holds the ids with the byte
//! offsets of their lines (about 25 bytes per document and version) and about
//! [`ROW_GROUP_BYTES`] of records waiting for their row group, whatever the size of the dataset.

use crate::core::data::error::{Error, Result};
use crate::core::data::model::ReleaseSplit;
use crate::core::exchange::diff::{self, Diff, DocDiff};
use crate::core::exchange::formats::{self, RecordSource};
use crate::core::exchange::record_lines;
use crate::core::exchange::release_parquet::{self, ROW_GROUP_BYTES, ShardWriter};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};

/// A file of the staging folder, hashed as it is written.
pub struct HashedFile {
    path: PathBuf,
    file: std::io::BufWriter<std::fs::File>,
    sha: Sha256,
}

impl HashedFile {
    /// Creates (or truncates) the file at `path`.
    pub fn create(path: &Path) -> Result<HashedFile> {
        let file = std::fs::File::create(path).map_err(|e| Error::io(path, e))?;
        Ok(HashedFile {
            path: path.to_path_buf(),
            // A closed shard keeps its buffer until the release ends: a small one.
            file: std::io::BufWriter::with_capacity(8 * 1024, file),
            sha: Sha256::new(),
        })
    }

    /// Writes what is buffered and makes the file durable; returns its path and sha256.
    pub fn finish(mut self) -> Result<(PathBuf, String)> {
        let path = self.path.clone();
        self.file.flush().map_err(|e| Error::io(&path, e))?;
        let file = self
            .file
            .into_inner()
            .map_err(|e| Error::io(&path, e.into_error()))?;
        file.sync_all().map_err(|e| Error::io(&path, e))?;
        let sha: String = self
            .sha
            .finalize()
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        Ok((path, sha))
    }
}

impl Write for HashedFile {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.file.write(buf)?;
        self.sha.update(&buf[..n]);
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.file.flush()
    }
}

/// The sha256 of the file at `path`, read a block at a time (a release's `data.jsonl` may be
/// larger than memory).
pub fn file_sha256(path: &Path) -> std::io::Result<String> {
    let mut file = std::fs::File::open(path)?;
    let mut sha = Sha256::new();
    let mut block = vec![0u8; 1 << 16];
    loop {
        match std::io::Read::read(&mut file, &mut block)? {
            0 => break,
            n => sha.update(&block[..n]),
        }
    }
    Ok(sha.finalize().iter().map(|b| format!("{b:02x}")).collect())
}

/// Document ids with the byte offsets of their lines in a JSONL file, in file order.
#[derive(Default)]
pub struct LineIndex {
    ids: String,
    ends: Vec<u32>,
    offsets: Vec<u64>,
}

impl LineIndex {
    fn push(&mut self, id: &str, offset: u64) -> Result<()> {
        self.ids.push_str(id);
        let end = u32::try_from(self.ids.len())
            .map_err(|_| Error::Usage("too many documents to index in memory".into()))?;
        self.ends.push(end);
        self.offsets.push(offset);
        Ok(())
    }

    fn id(&self, i: usize) -> &str {
        let start = if i == 0 { 0 } else { self.ends[i - 1] as usize };
        &self.ids[start..self.ends[i] as usize]
    }

    /// The entries sorted by id.
    fn by_id(&self) -> Vec<u32> {
        let mut order: Vec<u32> = (0..self.ends.len() as u32).collect();
        order.sort_unstable_by(|&a, &b| self.id(a as usize).cmp(self.id(b as usize)));
        order
    }

    /// The index of the JSONL file at `path` (a release's `data.jsonl`).
    pub fn of_file(path: &Path) -> Result<LineIndex> {
        let mut index = LineIndex::default();
        record_lines::each_line_at(path, &mut |offset, r| index.push(&r.id, offset))?;
        Ok(index)
    }
}

/// What writing the records gave: the manifest's counts, the splits, the files written (path in
/// the release, sha256) and where each record's line is in `data.jsonl`.
pub struct Written {
    pub documents: usize,
    pub counts: BTreeMap<String, usize>,
    pub relations: usize,
    pub relation_counts: BTreeMap<String, usize>,
    pub splits: Vec<ReleaseSplit>,
    pub files: Vec<(String, String)>,
    pub lines: LineIndex,
    /// Time spent encoding and writing the Parquet shards (the rest is the JSONL's).
    pub parquet: std::time::Duration,
}

/// Writes the records of `source` into `staging` as `data` (`data.jsonl`) and the Parquet
/// shards of each split of `plan`, counting spans per label (starting from every label and
/// relation type of `labels`).
pub fn write_records(
    source: &dyn RecordSource,
    labels: &crate::core::data::labels::LabelSchema,
    plan: &[(String, f64)],
    staging: &Path,
    data: &str,
) -> Result<Written> {
    let data_name = data;
    let data_dir = staging.join(release_parquet::DATA_DIR);
    std::fs::create_dir_all(&data_dir).map_err(|e| Error::io(&data_dir, e))?;
    let data_path = staging.join(data_name);
    let mut data = HashedFile::create(&data_path)?;
    let zero = |names: Vec<String>| names.into_iter().map(|n| (n, 0)).collect();
    let mut out = Written {
        documents: 0,
        counts: zero(labels.labels.iter().map(|l| l.name.clone()).collect()),
        relations: 0,
        relation_counts: zero(labels.relations.iter().map(|r| r.name.clone()).collect()),
        splits: Vec::new(),
        files: Vec::new(),
        lines: LineIndex::default(),
        parquet: std::time::Duration::ZERO,
    };
    let mut parts: Vec<(ShardWriter<HashedFile>, usize, BTreeMap<String, usize>)> = plan
        .iter()
        .map(|(name, _)| {
            let (dir, name) = (data_dir.clone(), name.clone());
            let open = move |i: usize| HashedFile::create(&dir.join(format!(".{name}-{i}.part")));
            let writer = ShardWriter::new(release_parquet::MAX_SHARD_BYTES, Box::new(open));
            (writer, 0, out.counts.clone())
        })
        .collect();
    let (mut line, mut offset) = (Vec::new(), 0u64);
    source.each(&|_| true, &mut |r| {
        line.clear();
        serde_json::to_writer(&mut line, r).expect("records serialise");
        line.push(b'\n');
        data.write_all(&line)
            .map_err(|e| Error::io(&data_path, e))?;
        out.lines.push(&r.id, offset)?;
        offset += line.len() as u64;
        out.documents += 1;
        out.relations += r.relations.len();
        for rel in &r.relations {
            *out.relation_counts.entry(rel.kind.clone()).or_default() += 1;
        }
        let part = match plan.len() {
            1 => 0,
            _ => {
                let name = formats::split_of(&r.id, plan);
                plan.iter().position(|(n, _)| n == name).unwrap_or(0)
            }
        };
        let (writer, documents, counts) = &mut parts[part];
        *documents += 1;
        for s in &r.spans {
            *out.counts.entry(s.label.clone()).or_default() += 1;
            *counts.entry(s.label.clone()).or_default() += 1;
        }
        let t = std::time::Instant::now();
        writer.push(r)?;
        // Records wait for their row group in every split; the largest group waiting is
        // written when they add up to a row group's worth.
        if parts.iter().map(|p| p.0.pending_bytes()).sum::<usize>() >= ROW_GROUP_BYTES
            && let Some(p) = parts.iter_mut().max_by_key(|p| p.0.pending_bytes())
        {
            p.0.write_pending()?;
        }
        out.parquet += t.elapsed();
        Ok(())
    })?;
    let (_, sha) = data.finish()?;
    out.files.push((data_name.into(), sha));
    for ((name, share), (writer, documents, mut counts)) in plan.iter().zip(parts) {
        for label in out.counts.keys() {
            counts.entry(label.clone()).or_insert(0);
        }
        let t = std::time::Instant::now();
        let shards = writer.finish()?;
        let count = shards.len();
        let mut files = Vec::new();
        for (i, shard) in shards.into_iter().enumerate() {
            let (path, sha) = shard.finish()?;
            let rel = release_parquet::shard_name(name, i, count);
            let target = staging.join(&rel);
            std::fs::rename(&path, &target).map_err(|e| Error::io(&target, e))?;
            out.files.push((rel.clone(), sha));
            files.push(rel);
        }
        out.parquet += t.elapsed();
        out.splits.push(ReleaseSplit {
            name: name.clone(),
            share: *share,
            documents,
            counts,
            files,
        });
    }
    Ok(out)
}

/// How many document ids the changelog's head (for the card) names in a list.
const HEAD_IDS: usize = 20;

/// The changelog's diff from `parent` (`(version, data.jsonl)`, or nothing) to the new release's
/// `data.jsonl` at `new_path` (indexed by `new`), written into `w` after `header`, in the text
/// [`diff::to_text`] gives. Returns the changelog's head for the card: everything before the
/// changes per document (lists of ids cut to their first [`HEAD_IDS`] and a count, as the card
/// shows them) and the first document's changes.
pub fn write_changelog(
    w: &mut dyn Write,
    header: &str,
    parent: Option<(&str, &Path)>,
    version: &str,
    new_path: &Path,
    new: &LineIndex,
    scratch: &Path,
) -> Result<String> {
    // A parent that cannot be read is compared as nothing, as before.
    let old = parent
        .and_then(|(_, p)| LineIndex::of_file(p).ok())
        .unwrap_or_default();
    let old_path = parent.map_or(new_path, |(_, p)| p);
    let mut d = Diff {
        from: parent.map_or("(nothing)", |(v, _)| v).to_string(),
        to: version.into(),
        ..Diff::default()
    };
    let open = |p: &Path| std::fs::File::open(p).map_err(|e| Error::io(p, e));
    let (old_file, new_file) = (open(old_path)?, open(new_path)?);
    let blocks_path = scratch.join(".changes.tmp");
    let mut blocks = std::io::BufWriter::new(
        std::fs::File::create(&blocks_path).map_err(|e| Error::io(&blocks_path, e))?,
    );
    let mut lists = [
        IdList::new(scratch.join(".added.tmp"))?,
        IdList::new(scratch.join(".removed.tmp"))?,
    ];
    let mut first_block = String::new();
    let (o_order, n_order) = (old.by_id(), new.by_id());
    let (mut i, mut j) = (0, 0);
    while i < o_order.len() || j < n_order.len() {
        let o_id = o_order.get(i).map(|&k| old.id(k as usize));
        let n_id = n_order.get(j).map(|&k| new.id(k as usize));
        let take_old = o_id.is_some() && (n_id.is_none() || o_id <= n_id);
        let take_new = n_id.is_some() && (o_id.is_none() || n_id <= o_id);
        let read = |index: &LineIndex, order: &[u32], at: usize, file, path| {
            let k = order[at] as usize;
            record_lines::read_line_at(file, path, index.offsets[k])
        };
        let o = take_old
            .then(|| read(&old, &o_order, i, &old_file, old_path))
            .transpose()?;
        let n = take_new
            .then(|| read(new, &n_order, j, &new_file, new_path))
            .transpose()?;
        let id = if take_old { o_id } else { n_id }.unwrap_or_default();
        match (take_old, take_new) {
            (false, true) => lists[0].push(id)?,
            (true, false) => lists[1].push(id)?,
            _ => {}
        }
        i += usize::from(take_old);
        j += usize::from(take_new);
        let doc = diff::diff_records(o.as_ref(), n.as_ref());
        if doc == DocDiff::default() {
            continue;
        }
        d.count(&doc);
        let text = diff::document_text(id, &doc);
        if first_block.is_empty() {
            first_block = text.clone();
        }
        blocks
            .write_all(text.as_bytes())
            .map_err(|e| Error::io(&blocks_path, e))?;
    }
    blocks.flush().map_err(|e| Error::io(&blocks_path, e))?;
    drop(blocks);
    let failed = |e| Error::io(&blocks_path, e);
    let mut head = format!("{header}{}", diff::summary_line(&d));
    w.write_all(head.as_bytes()).map_err(failed)?;
    for (list, what) in lists.iter_mut().zip(["added", "removed"]) {
        if list.count > 0 {
            write!(w, "documents {what}: ").map_err(failed)?;
            list.finish(w).map_err(failed)?;
            w.write_all(b"\n").map_err(failed)?;
            head += &list.head(what);
        } else {
            std::fs::remove_file(&list.path).map_err(failed)?;
        }
    }
    let tables = diff::tables(&d);
    w.write_all(tables.as_bytes()).map_err(failed)?;
    let mut copied = std::fs::File::open(&blocks_path).map_err(failed)?;
    std::io::copy(&mut copied, w).map_err(failed)?;
    std::fs::remove_file(&blocks_path).map_err(failed)?;
    Ok(head + &tables + &first_block)
}

/// A list of document ids written as `a, b, c`: the first [`HEAD_IDS`] in memory for the card,
/// the rest in a temporary file.
struct IdList {
    first: Vec<String>,
    count: usize,
    path: PathBuf,
    rest: std::io::BufWriter<std::fs::File>,
}

impl IdList {
    fn new(path: PathBuf) -> Result<IdList> {
        let file = std::fs::File::create(&path).map_err(|e| Error::io(&path, e))?;
        Ok(IdList {
            first: Vec::new(),
            count: 0,
            path,
            rest: std::io::BufWriter::new(file),
        })
    }

    fn push(&mut self, id: &str) -> Result<()> {
        if self.count < HEAD_IDS {
            self.first.push(id.to_string());
        } else {
            write!(self.rest, ", {id}").map_err(|e| Error::io(&self.path, e))?;
        }
        self.count += 1;
        Ok(())
    }

    /// Writes the whole list, and removes the temporary file.
    fn finish(&mut self, w: &mut dyn Write) -> std::io::Result<()> {
        w.write_all(self.first.join(", ").as_bytes())?;
        self.rest.flush()?;
        std::io::copy(&mut std::fs::File::open(&self.path)?, w)?;
        std::fs::remove_file(&self.path)
    }

    /// The list's line as the card shows it.
    fn head(&self, what: &str) -> String {
        let first = self.first.join(", ");
        if self.count <= HEAD_IDS {
            format!("documents {what}: {first}\n")
        } else {
            format!(
                "documents {what}: {first} and {} more\n",
                self.count - HEAD_IDS
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::data::labels::LabelSchema;
    use crate::core::data::model::{DocumentMeta, ReleaseManifest, Span, Status};
    use crate::core::exchange::formats::Record;
    use crate::core::exchange::release_card::{self, CardFacts};

    fn record(id: &str, spans: &[(usize, usize, &str)]) -> Record {
        let text = "甲项目在南通投资二十亿元。".to_string();
        Record {
            id: id.into(),
            sha256: crate::core::data::ids::sha256_hex(text.as_bytes()),
            meta: DocumentMeta::default(),
            spans: spans
                .iter()
                .enumerate()
                .map(|(i, &(start, end, label))| Span {
                    id: format!("s{i}"),
                    start,
                    end,
                    label: label.into(),
                    text: text.chars().skip(start).take(end - start).collect(),
                    attrs: Default::default(),
                })
                .collect(),
            relations: Vec::new(),
            annotator: "a".into(),
            status: Status::Done,
            text,
        }
    }

    fn write_lines(path: &Path, records: &[Record]) {
        let mut bytes = Vec::new();
        for r in records {
            serde_json::to_writer(&mut bytes, r).unwrap();
            bytes.push(b'\n');
        }
        std::fs::write(path, bytes).unwrap();
    }

    /// A changelog written a document at a time is the text of the whole diff, and the card
    /// made from its head is the card made from the whole changelog.
    #[test]
    fn the_streamed_changelog_and_its_head_equal_the_whole_diff() {
        let tmp = tempfile::tempdir().unwrap();
        // 30 documents, in an order that is not the ids' order; the parent had 3 of them (one
        // changed) and one that is gone.
        let new: Vec<Record> = (0..30)
            .rev()
            .map(|i| record(&format!("d{i:02}"), &[(0, 3, "project"), (4, 6, "region")]))
            .collect();
        let old = vec![
            record("d29", &[(0, 3, "project"), (4, 6, "region")]),
            record("gone", &[(0, 3, "project")]),
            record("d03", &[(0, 2, "project")]),
            record("d05", &[(0, 3, "project"), (4, 6, "region")]),
        ];
        let (new_path, old_path) = (tmp.path().join("new.jsonl"), tmp.path().join("old.jsonl"));
        write_lines(&new_path, &new);
        write_lines(&old_path, &old);
        let index = LineIndex::of_file(&new_path).unwrap();
        for parent in [None, Some(("v1", old_path.as_path()))] {
            let mut text = Vec::new();
            let head = write_changelog(
                &mut text,
                "# v2\n\n",
                parent,
                "v2",
                &new_path,
                &index,
                tmp.path(),
            )
            .unwrap();
            let old_records = if parent.is_some() { &old[..] } else { &[] };
            let from = parent.map_or("(nothing)", |p| p.0);
            let whole = format!(
                "# v2\n\n{}",
                diff::to_text(&diff::diff(from, old_records, "v2", &new))
            );
            assert_eq!(String::from_utf8(text).unwrap(), whole);
            let manifest: ReleaseManifest = serde_json::from_value(serde_json::json!({
                "format": "biaozhu-release", "format_version": 2, "version": "v2",
                "parent": null, "created": "2026-01-01T00:00:00Z", "message": "",
                "annotator": "a", "statuses": [], "documents": 30, "counts": {},
                "relations": 0, "files": {}
            }))
            .unwrap();
            let labels = LabelSchema::default_schema();
            let card = |changelog: &str| {
                let facts = CardFacts {
                    name: "t",
                    labels: &labels,
                    guidelines: &[],
                    annotators: &[],
                    agreement: None,
                    changelog,
                };
                release_card::render(&manifest, &facts)
            };
            assert_eq!(card(&head), card(&whole));
            assert!(head.contains("and 10 more") || parent.is_some(), "{head}");
        }
    }
}
