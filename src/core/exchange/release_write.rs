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
            file: std::io::BufWriter::with_capacity(1 << 16, file),
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
}

/// Writes the records of `source` into `staging` as `data.jsonl` and the Parquet shards of each
/// split of `plan`, counting spans per label (starting from every label and relation type of
/// `labels`).
pub fn write_records(
    source: &dyn RecordSource,
    labels: &crate::core::data::labels::LabelSchema,
    plan: &[(String, f64)],
    staging: &Path,
) -> Result<Written> {
    let data_dir = staging.join(release_parquet::DATA_DIR);
    std::fs::create_dir_all(&data_dir).map_err(|e| Error::io(&data_dir, e))?;
    let data_path = staging.join(crate::core::exchange::release::DATA);
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
        writer.push(r)?;
        // Records wait for their row group in every split; the largest group waiting is
        // written when they add up to a row group's worth.
        if parts.iter().map(|p| p.0.pending_bytes()).sum::<usize>() >= ROW_GROUP_BYTES
            && let Some(p) = parts.iter_mut().max_by_key(|p| p.0.pending_bytes())
        {
            p.0.write_pending()?;
        }
        Ok(())
    })?;
    let (_, sha) = data.finish()?;
    out.files
        .push((crate::core::exchange::release::DATA.into(), sha));
    for ((name, share), (writer, documents, mut counts)) in plan.iter().zip(parts) {
        for label in out.counts.keys() {
            counts.entry(label.clone()).or_insert(0);
        }
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
    let mut lists = [IdList::default(), IdList::default()];
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
            (false, true) => lists[0].push(id),
            (true, false) => lists[1].push(id),
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
        }
    }
    let tables = diff::tables(&d);
    w.write_all(tables.as_bytes()).map_err(failed)?;
    let mut copied = std::fs::File::open(&blocks_path).map_err(failed)?;
    std::io::copy(&mut copied, w).map_err(failed)?;
    std::fs::remove_file(&blocks_path).map_err(failed)?;
    Ok(head + &tables + &first_block)
}

/// A list of document ids written as `a, b, c`: the first [`HEAD_IDS`] for the card, the rest
/// as the bytes of the list (about 13 bytes per id).
#[derive(Default)]
struct IdList {
    first: Vec<String>,
    count: usize,
    rest: Vec<u8>,
}

impl IdList {
    fn push(&mut self, id: &str) {
        if self.count < HEAD_IDS {
            self.first.push(id.to_string());
        } else {
            self.rest.extend_from_slice(b", ");
            self.rest.extend_from_slice(id.as_bytes());
        }
        self.count += 1;
    }

    /// Writes the whole list.
    fn finish(&self, w: &mut dyn Write) -> std::io::Result<()> {
        w.write_all(self.first.join(", ").as_bytes())?;
        w.write_all(&self.rest)
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
