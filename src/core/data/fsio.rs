//! Safe file access: bounded reads, atomic writes, batched writes and the dataset write lock.
//!
//! Every write goes to a temporary file (`.biaozhu-*.tmp`) in the target's folder, is made
//! durable, renamed over the target, and the folder is fsynced, so a crash leaves either the old
//! or the new file, never a torn one. A single write pays one fsync; a [`WriteBatch`] stages many
//! temporary files and pays one durability barrier for all of them (`syncfs` on Linux), then
//! renames them in order. Files get the permissions the umask gives (0644 under 0022), like any
//! other tool's files. Temporary files left by a killed process are skipped by every reader
//! (their names start with a dot) and removed by the next writer ([`remove_stale_temps`]).

use crate::core::data::error::{Error, Result};
use crate::core::data::problem::{ParseTrouble, Problem, ProblemKind};
use serde::Serialize;
use std::fs::File;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Largest JSON file the tool reads (a document of a few MB is already very large).
pub const MAX_JSON_BYTES: u64 = 256 * 1024 * 1024;

/// Reads a whole file, refusing files larger than `limit`.
pub fn read_bounded(path: &Path, limit: u64) -> Result<Vec<u8>> {
    let file = File::open(path).map_err(|e| Error::io(path, e))?;
    let len = file.metadata().map_err(|e| Error::io(path, e))?.len();
    if len > limit {
        return Err(Error::invalid(
            path,
            "",
            format!("the file is {len} bytes; biaozhu reads at most {limit} bytes here"),
        ));
    }
    let mut bytes = Vec::with_capacity(len as usize);
    use std::io::Read;
    file.take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| Error::io(path, e))?;
    Ok(bytes)
}

/// Parses JSON bytes into `T`, naming the line and column of a syntax error.
pub fn parse_json<T: serde::de::DeserializeOwned>(path: &Path, bytes: &[u8]) -> Result<T> {
    serde_json::from_slice(bytes).map_err(|e| json_error(path, &e))
}

/// Turns a serde_json error into an `Invalid` error with its position.
pub fn json_error(path: &Path, e: &serde_json::Error) -> Error {
    let what = match e.classify() {
        serde_json::error::Category::Eof => "the JSON ends too early (is the file truncated?)",
        serde_json::error::Category::Syntax => "the file is not valid JSON",
        serde_json::error::Category::Data => "the JSON does not have the expected shape",
        serde_json::error::Category::Io => "the file could not be read",
    };
    let trouble = ParseTrouble::of(e, format!("{what}: {e}"));
    Problem::of(ProblemKind::Parse(Box::new(trouble))).in_file(path)
}

/// Reads and parses a JSON file.
pub fn read_json<T: serde::de::DeserializeOwned>(path: &Path) -> Result<T> {
    let bytes = read_bounded(path, MAX_JSON_BYTES)?;
    parse_json(path, &bytes)
}

/// Serialises `value` the canonical way: pretty-printed with two spaces, keys in declaration
/// order, UTF-8 without escapes, and a trailing newline.
pub fn to_canonical_json<T: Serialize>(value: &T) -> Vec<u8> {
    let mut out = serde_json::to_vec_pretty(value).expect("model types always serialise");
    out.push(b'\n');
    out
}

/// Writes `bytes` to `path` atomically: temp file in the same folder, fsync, rename, fsync folder.
/// Creates missing parent folders.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    write_atomic_with(path, |w| w.write_all(bytes))
}

/// Writes `path` atomically from `write`, which streams into a buffered temp file in the same
/// folder; then fsync, rename and fsync of the folder, as `write_atomic`. A failing `write`
/// leaves the old file as it was.
pub fn write_atomic_with(
    path: &Path,
    write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> Result<()> {
    let dir = parent_dir(path);
    let tmp = write_temp(path, &dir, write)?;
    tmp.as_file().sync_all().map_err(|e| Error::io(path, e))?;
    tmp.persist(path).map_err(|e| Error::io(path, e.error))?;
    sync_dir(&dir)
}

/// Prefix of every temporary file biaozhu writes.
pub const TEMP_PREFIX: &str = ".biaozhu-";
/// Suffix of every temporary file biaozhu writes.
pub const TEMP_SUFFIX: &str = ".tmp";

/// Writes a temporary file in `dir` (created when missing) from `write`, not yet durable.
fn write_temp(
    path: &Path,
    dir: &Path,
    write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> Result<tempfile::NamedTempFile> {
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    write_temp_in_existing(path, dir, write)
}

/// [`write_temp`] in a folder known to exist.
fn write_temp_in_existing(
    path: &Path,
    dir: &Path,
    write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> Result<tempfile::NamedTempFile> {
    let mut builder = tempfile::Builder::new();
    builder.prefix(TEMP_PREFIX).suffix(TEMP_SUFFIX);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        // The umask applies, as for any file a program creates: 0644 under 0022.
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    let mut tmp = builder.tempfile_in(dir).map_err(|e| Error::io(dir, e))?;
    {
        let mut buffered = std::io::BufWriter::with_capacity(64 * 1024, tmp.as_file_mut());
        write(&mut buffered).map_err(|e| Error::io(path, e))?;
        buffered.flush().map_err(|e| Error::io(path, e))?;
    }
    Ok(tmp)
}

/// Whether `name` is the name of a biaozhu temporary file.
pub fn is_temp_name(name: &str) -> bool {
    name.starts_with(TEMP_PREFIX) && name.ends_with(TEMP_SUFFIX)
}

/// Removes the temporary files a killed writer left in `dirs` (not recursive); returns how many.
/// Only the holder of the write lock calls this, so no live writer owns them.
pub fn remove_stale_temps(dirs: &[PathBuf]) -> usize {
    let mut removed = 0;
    for dir in dirs {
        let Ok(entries) = std::fs::read_dir(dir) else {
            continue;
        };
        for entry in entries.flatten() {
            if entry.file_name().to_str().is_some_and(is_temp_name)
                && std::fs::remove_file(entry.path()).is_ok()
            {
                removed += 1;
            }
        }
    }
    removed
}

/// Many atomic writes with one durability barrier: every file is written to a temporary file
/// first; [`WriteBatch::commit`] makes them all durable at once, renames them over their
/// targets in the order they were staged, and fsyncs each folder once. Until then nothing has
/// its final name, so a crash leaves only temporary files, which readers skip. Dropping a batch
/// without committing deletes its temporary files.
#[derive(Default)]
pub struct WriteBatch {
    staged: Vec<(tempfile::TempPath, PathBuf)>,
    bytes: usize,
    /// Folders created or found already since the last commit, so each is made (and stat'ed)
    /// once per batch, not once per file.
    made_dirs: std::collections::HashSet<PathBuf>,
}

impl WriteBatch {
    /// An empty batch.
    pub fn new() -> Self {
        Self::default()
    }

    /// Stages `bytes` for `path`.
    pub fn stage(&mut self, path: &Path, bytes: &[u8]) -> Result<()> {
        let dir = parent_dir(path);
        if !self.made_dirs.contains(&dir) {
            std::fs::create_dir_all(&dir).map_err(|e| Error::io(&dir, e))?;
            self.made_dirs.insert(dir.clone());
        }
        let tmp = write_temp_in_existing(path, &dir, |w| w.write_all(bytes))?;
        self.staged.push((tmp.into_temp_path(), path.to_path_buf()));
        self.bytes += bytes.len();
        Ok(())
    }

    /// Stages `value` as canonical JSON for `path`.
    pub fn stage_json<T: Serialize>(&mut self, path: &Path, value: &T) -> Result<()> {
        self.stage(path, &to_canonical_json(value))
    }

    /// How many files are staged.
    pub fn len(&self) -> usize {
        self.staged.len()
    }

    /// Whether nothing is staged.
    pub fn is_empty(&self) -> bool {
        self.staged.is_empty()
    }

    /// How many bytes are staged.
    pub fn bytes(&self) -> usize {
        self.bytes
    }

    /// Makes every staged file durable with one barrier, renames each to its target in staging
    /// order, then fsyncs every folder that received a file.
    pub fn commit(&mut self) -> Result<()> {
        if self.staged.is_empty() {
            return Ok(());
        }
        let staged = std::mem::take(&mut self.staged);
        self.bytes = 0;
        // A long-lived batch (the app's dataset) checks its folders again after each commit, so a
        // folder removed between two imports is made again rather than failing the next one.
        self.made_dirs.clear();
        durability_barrier(&staged)?;
        let mut dirs: Vec<PathBuf> = Vec::new();
        for (tmp, target) in staged {
            let dir = parent_dir(&target);
            if dirs.last() != Some(&dir) && !dirs.contains(&dir) {
                dirs.push(dir);
            }
            tmp.persist(&target)
                .map_err(|e| Error::io(&target, e.error))?;
        }
        for dir in &dirs {
            sync_dir(dir)?;
        }
        Ok(())
    }
}

/// Makes the staged temporary files durable: one `syncfs` of their file system on Linux, an
/// fsync of each elsewhere (or when `syncfs` is refused).
fn durability_barrier(staged: &[(tempfile::TempPath, PathBuf)]) -> Result<()> {
    #[cfg(target_os = "linux")]
    {
        use std::os::fd::AsRawFd;
        use std::os::unix::fs::MetadataExt;
        let first = &staged[0].0;
        // A temporary file lives in its target's folder: one stat per folder tells whether all
        // of them are on one file system.
        let mut folders: Vec<PathBuf> = staged.iter().map(|(tmp, _)| parent_dir(tmp)).collect();
        folders.sort();
        folders.dedup();
        let devices: Vec<Option<u64>> = folders
            .iter()
            .map(|d| std::fs::metadata(d).map(|m| m.dev()).ok())
            .collect();
        let one_fs = devices.iter().all(|d| d.is_some() && *d == devices[0]);
        let file = File::open(first).map_err(|e| Error::io(first, e))?;
        // SAFETY: syncfs takes an open descriptor, which `file` owns for the whole call.
        if one_fs && unsafe { libc::syncfs(file.as_raw_fd()) } == 0 {
            return Ok(());
        }
    }
    for (tmp, target) in staged {
        File::open(tmp)
            .and_then(|f| f.sync_all())
            .map_err(|e| Error::io(target, e))?;
    }
    Ok(())
}

/// Writes `value` as canonical JSON, atomically.
pub fn write_json<T: Serialize>(path: &Path, value: &T) -> Result<()> {
    write_atomic(path, &to_canonical_json(value))
}

fn parent_dir(path: &Path) -> PathBuf {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// Fsyncs a folder so that a rename in it is durable.
pub fn sync_dir(dir: &Path) -> Result<()> {
    #[cfg(unix)]
    {
        File::open(dir)
            .and_then(|f| f.sync_all())
            .map_err(|e| Error::io(dir, e))?;
    }
    #[cfg(not(unix))]
    let _ = dir;
    Ok(())
}

/// An exclusive advisory lock on a dataset folder, held while a process may write it.
///
/// On Unix the folder itself is locked (flock on its descriptor), so taking the lock writes
/// nothing. Elsewhere a `.biaozhu.lock` file in the folder is locked.
#[derive(Debug)]
pub struct WriteLock {
    _file: File,
}

impl WriteLock {
    /// Takes the lock, or fails at once with `Error::Locked` when another process holds it.
    pub fn acquire(dir: &Path) -> Result<Self> {
        #[cfg(unix)]
        let file = File::open(dir).map_err(|e| Error::io(dir, e))?;
        #[cfg(not(unix))]
        let file = {
            let p = dir.join(".biaozhu.lock");
            std::fs::OpenOptions::new()
                .create(true)
                .write(true)
                .open(&p)
                .map_err(|e| Error::io(&p, e))?
        };
        match file.try_lock() {
            Ok(()) => Ok(WriteLock { _file: file }),
            Err(std::fs::TryLockError::WouldBlock) => Err(Error::Locked {
                path: dir.to_path_buf(),
            }),
            Err(std::fs::TryLockError::Error(e)) => Err(Error::io(dir, e)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn atomic_write_replaces_and_leaves_no_temp_files() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("sub/x.json");
        write_atomic(&p, b"one").unwrap();
        write_atomic(&p, b"two").unwrap();
        assert_eq!(std::fs::read(&p).unwrap(), b"two");
        let names: Vec<_> = std::fs::read_dir(p.parent().unwrap())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, ["x.json"]);
    }

    #[test]
    fn a_second_lock_is_refused_until_the_first_is_dropped() {
        let dir = tempfile::tempdir().unwrap();
        let first = WriteLock::acquire(dir.path()).unwrap();
        assert!(matches!(
            WriteLock::acquire(dir.path()),
            Err(Error::Locked { .. })
        ));
        drop(first);
        WriteLock::acquire(dir.path()).unwrap();
    }

    #[test]
    fn bounded_reads_refuse_large_files() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("big");
        std::fs::write(&p, vec![b'a'; 100]).unwrap();
        assert!(
            read_bounded(&p, 99)
                .unwrap_err()
                .to_string()
                .contains("at most 99")
        );
        assert_eq!(read_bounded(&p, 100).unwrap().len(), 100);
    }
}
