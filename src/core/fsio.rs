//! Safe file access: bounded reads, atomic writes and the dataset write lock.
//!
//! Every write goes to a temporary file in the target's folder, is fsynced, renamed over the
//! target, and the folder is fsynced, so a crash leaves either the old or the new file, never a
//! torn one.

use super::error::{Error, Result};
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
    Error::invalid(path, "", format!("{what}: {e}"))
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
    std::fs::create_dir_all(&dir).map_err(|e| Error::io(&dir, e))?;
    let mut tmp = tempfile::Builder::new()
        .prefix(".biaozhu-")
        .suffix(".tmp")
        .tempfile_in(&dir)
        .map_err(|e| Error::io(&dir, e))?;
    {
        let mut buffered = std::io::BufWriter::with_capacity(1 << 20, tmp.as_file_mut());
        write(&mut buffered).map_err(|e| Error::io(path, e))?;
        buffered.flush().map_err(|e| Error::io(path, e))?;
    }
    tmp.as_file().sync_all().map_err(|e| Error::io(path, e))?;
    tmp.persist(path).map_err(|e| Error::io(path, e.error))?;
    sync_dir(&dir)
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
