//! The bundled sample dataset, embedded in the binary and copied to the user's data folder on
//! first run, so that `assets/` is never modified.

use std::path::{Path, PathBuf};

macro_rules! sample_files {
    ($($path:literal),* $(,)?) => {
        /// Every file of `assets/sample/`, relative path and bytes.
        pub const FILES: &[(&str, &[u8])] = &[$(($path, include_bytes!(concat!("../../assets/sample/", $path)))),*];
    };
}

// dataset.json comes last, so an interrupted copy is never taken for a dataset.
sample_files!(
    "labels.ron",
    "chrome.ron",
    "guidelines/en.md",
    "guidelines/zh-CN.md",
    "guidelines/zh-TW.md",
    "documents/01-haimen-solar.json",
    "documents/02-zhenjiang-battery.json",
    "documents/03-rugao-park.json",
    "documents/04-qidong-services.json",
    "sources/01-haimen-solar.txt",
    "sources/02-zhenjiang-battery.txt",
    "sources/03-rugao-park.txt",
    "sources/04-qidong-services.txt",
    "annotations/sample/01-haimen-solar.json",
    "annotations/sample/02-zhenjiang-battery.json",
    "annotations/sample/03-rugao-park.json",
    "annotations/sample/04-qidong-services.json",
    "dataset.json",
);

/// Where the sample copy lives: `$XDG_DATA_HOME/biaozhu/sample` (or the platform equivalent).
pub fn default_location() -> PathBuf {
    dirs::data_dir()
        .unwrap_or_else(std::env::temp_dir)
        .join("biaozhu")
        .join("sample")
}

/// Copies the sample to `dir` unless a dataset is there already; returns `dir`.
pub fn ensure_copy(dir: &Path) -> std::io::Result<PathBuf> {
    if crate::core::data::layout::is_dataset(dir) {
        return Ok(dir.to_path_buf());
    }
    for (rel, bytes) in FILES {
        let target = dir.join(rel);
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(&target, bytes)?;
    }
    std::fs::create_dir_all(crate::core::data::layout::releases_dir(dir))?;
    Ok(dir.to_path_buf())
}
