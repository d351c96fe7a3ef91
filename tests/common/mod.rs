//! Helpers shared by the integration tests: the real binary, temporary datasets, tree hashes.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// Runs the real `biaozhu` binary.
pub fn biaozhu(args: &[&dyn AsRef<std::ffi::OsStr>]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_biaozhu"))
        .args(args.iter().map(|a| a.as_ref()))
        .output()
        .expect("the binary runs")
}

/// stdout and stderr together.
pub fn text(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

/// The repository root.
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Copies a folder tree.
pub fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// A copy of the bundled sample dataset in a temporary folder.
pub fn sample_copy() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let ds = tmp.path().join("sample");
    copy_tree(&repo().join("assets/sample"), &ds);
    (tmp, ds)
}

/// A digest of every file name and content under `dir`, to prove nothing was written.
pub fn tree_hash(dir: &Path) -> String {
    let mut files = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p)
            } else {
                files.push(p)
            }
        }
    }
    files.sort();
    let mut all = Vec::new();
    for f in files {
        all.extend(f.strip_prefix(dir).unwrap().to_string_lossy().as_bytes());
        all.extend(std::fs::read(&f).unwrap());
    }
    biaozhu::core::data::ids::sha256_hex(&all)
}

/// A JSON file as a value.
pub fn read_json(path: &Path) -> serde_json::Value {
    serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap()
}

/// The lines of a JSONL file as JSON values.
pub fn read_jsonl(path: &Path) -> Vec<serde_json::Value> {
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

/// Writes JSON values as a JSONL file.
pub fn write_jsonl(path: &Path, lines: &[serde_json::Value]) {
    std::fs::write(
        path,
        lines
            .iter()
            .map(|l| l.to_string() + "\n")
            .collect::<String>(),
    )
    .unwrap();
}

/// `biaozhu train DS --annotator sample --out OUT` with `extra` arguments.
pub fn train_sample(ds: &Path, out: &Path, extra: &[&str]) -> Output {
    let mut args: Vec<&dyn AsRef<std::ffi::OsStr>> =
        vec![&"train", &ds, &"--annotator", &"sample", &"--out", &out];
    for e in extra {
        args.push(e);
    }
    biaozhu(&args)
}

/// A copy of the sample and a model trained on its annotator `sample`.
pub fn trained_sample() -> (tempfile::TempDir, PathBuf, PathBuf) {
    let (tmp, ds) = sample_copy();
    let model = tmp.path().join("model.bin");
    let out = train_sample(&ds, &model, &[]);
    assert!(out.status.success(), "{}", text(&out));
    (tmp, ds, model)
}

/// `biaozhu eval --format json` of annotator `pred` against `sample` in `ds`, with `extra`
/// arguments.
pub fn eval_sample(ds: &Path, pred: &str, extra: &[&str]) -> serde_json::Value {
    let (gold, pred) = (
        format!("{}#sample", ds.display()),
        format!("{}#{pred}", ds.display()),
    );
    let mut args: Vec<&dyn AsRef<std::ffi::OsStr>> = vec![
        &"eval",
        &"--gold",
        &gold,
        &"--pred",
        &pred,
        &"--format",
        &"json",
    ];
    for e in extra {
        args.push(e);
    }
    let out = biaozhu(&args);
    assert!(out.status.success(), "{}", text(&out));
    serde_json::from_slice(&out.stdout).unwrap()
}
