//! Peak memory of the commands that read a whole dataset and write it out again: `export` (jsonl,
//! Label Studio and CoNLL, with and without `--split`, from the working copy and from a release),
//! `release` (JSONL, Parquet shards and the card) and `table` (from the working copy and from a
//! release), each run as a whole process of the real binary on datasets of 1,000, 10,000 and
//! 100,000 documents. Run with `cargo bench --bench memory`.
//!
//! The datasets are shaped like real work: made by `biaozhu new`, then documents of about 3,000
//! characters with the metadata an import writes (title, date, source file, import time), and one
//! annotator's annotation of each with about 30 spans and up to 10 relations
//! (`core::data::synth::article` and `synth::relations`), status done.
//!
//! The peak is the process's maximum resident set as `/usr/bin/time -v` reports it (the kernel's
//! high-water mark of that process alone); without `/usr/bin/time`, `VmHWM` read from /proc while
//! it runs. For each command the bench prints documents, the bytes it wrote, its wall time and its
//! peak RSS per size, then the ratio of the largest size's peak to the smallest's: the streaming
//! commands keep it near 1 (the target is at most 1.5).
//!
//! Settings: BIAOZHU_BENCH_SIZES (default `1000,10000,100000`), BIAOZHU_BENCH_CHARS and
//! BIAOZHU_BENCH_SPANS (default 3000 and 30), BIAOZHU_BENCH_DIR (where the datasets are written;
//! default a temporary folder; 100,000 documents take about 2 GB, and the largest output about
//! 2.5 GB more, removed after each command), BIAOZHU_BIN (the binary to measure; default the one
//! cargo built with this bench) and BIAOZHU_BASELINE_BIN (an older binary measured beside it on
//! the same datasets, as "before").

#[path = "common/rss.rs"]
mod rss;

use biaozhu::core::data::ids::sha256_hex;
use biaozhu::core::data::model::{Annotation, Document, DocumentMeta, Status};
use biaozhu::core::data::{fsio, layout, synth};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// One measured run of a command.
struct Measured {
    wall: Duration,
    peak_mb: f64,
    bytes: u64,
}

/// What the bench runs, per dataset: a name and the arguments after the binary, with `{ds}` and
/// `{out}` replaced by the dataset folder and a fresh output path.
const COMMANDS: &[(&str, &str)] = &[
    (
        "export jsonl",
        "export {ds} --format jsonl --out {out} --quiet",
    ),
    (
        "export label-studio",
        "export {ds} --format label-studio --out {out} --quiet",
    ),
    (
        "export conll",
        "export {ds} --format conll --out {out} --quiet",
    ),
    (
        "export jsonl --split",
        "export {ds} --format jsonl --split train=0.8,dev=0.1,test=0.1 --out {out} --quiet",
    ),
    ("table csv", "table {ds} --format csv --out {out}"),
    (
        "release --split",
        "release {ds} {version} -m bench --split train=0.8,validation=0.1,test=0.1",
    ),
    (
        "export jsonl --release",
        "export {ds} --format jsonl --release {version} --out {out} --quiet",
    ),
    (
        "table jsonl --release",
        "table {ds} --release {version} --format jsonl --out {out}",
    ),
];

fn main() {
    let sizes: Vec<usize> = std::env::var("BIAOZHU_BENCH_SIZES")
        .unwrap_or_else(|_| "1000,10000,100000".into())
        .split(',')
        .map(|s| {
            s.trim()
                .parse()
                .expect("BIAOZHU_BENCH_SIZES: numbers, as in 1000,10000")
        })
        .collect();
    let number = |name: &str, default: usize| {
        std::env::var(name)
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(default)
    };
    let (chars, spans) = (
        number("BIAOZHU_BENCH_CHARS", 3000),
        number("BIAOZHU_BENCH_SPANS", 30),
    );
    let bin: PathBuf = std::env::var_os("BIAOZHU_BIN")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_BIN_EXE_biaozhu")));
    let baseline: Option<PathBuf> = std::env::var_os("BIAOZHU_BASELINE_BIN").map(PathBuf::from);
    let tmp = match std::env::var_os("BIAOZHU_BENCH_DIR") {
        Some(d) => tempfile::tempdir_in(d).unwrap(),
        None => tempfile::tempdir().unwrap(),
    };
    println!(
        "memory: {} (documents of ~{chars} characters, ~{spans} spans, up to 10 relations)",
        bin.display()
    );
    let mut bins = vec![("now", bin)];
    if let Some(b) = baseline {
        bins.push(("before", b));
    }
    // results[bin][command][size]
    let mut results: Vec<Vec<Vec<Measured>>> = bins
        .iter()
        .map(|_| COMMANDS.iter().map(|_| Vec::new()).collect())
        .collect();
    for &docs in &sizes {
        let ds = tmp.path().join(format!("ds-{docs}"));
        let t = Instant::now();
        let bytes = generate(&bins[0].1, &ds, docs, chars, spans);
        println!(
            "\n{docs} documents: {:.1} MB of documents and annotations, generated in {:.1?}",
            bytes as f64 / 1e6,
            t.elapsed()
        );
        for (b, (who, bin)) in bins.iter().enumerate() {
            for (c, (name, args)) in COMMANDS.iter().enumerate() {
                let m = run_command(bin, &ds, tmp.path(), args, who);
                println!(
                    "  {who:6} {name:24} {docs:>7} documents  {:>9.1} MB written  {:>8.2?}  peak RSS {:>7.1} MB",
                    m.bytes as f64 / 1e6,
                    m.wall,
                    m.peak_mb
                );
                results[b][c].push(m);
            }
        }
        std::fs::remove_dir_all(&ds).unwrap();
    }
    summary(&bins, &sizes, &results);
}

/// The ratio of the largest size's peak to the smallest's, per binary and command.
fn summary(bins: &[(&str, PathBuf)], sizes: &[usize], results: &[Vec<Vec<Measured>>]) {
    let (Some(first), Some(last)) = (sizes.first(), sizes.last()) else {
        return;
    };
    println!("\npeak RSS, {last} documents / {first} documents:");
    for (b, (who, _)) in bins.iter().enumerate() {
        for (c, (name, _)) in COMMANDS.iter().enumerate() {
            let runs = &results[b][c];
            let (lo, hi) = (runs[0].peak_mb, runs[runs.len() - 1].peak_mb);
            println!(
                "  {who:6} {name:24} {lo:>7.1} MB -> {hi:>7.1} MB  ratio {:.2}",
                hi / lo
            );
        }
    }
}

/// Runs one command of [`COMMANDS`] on `ds`; the output is measured, then removed.
fn run_command(bin: &Path, ds: &Path, scratch: &Path, args: &str, who: &str) -> Measured {
    let out = scratch.join(format!("out-{who}"));
    let version = format!("bench-{who}");
    let args: Vec<String> = args
        .split(' ')
        .map(|a| {
            a.replace("{ds}", &ds.to_string_lossy())
                .replace("{out}", &out.to_string_lossy())
                .replace("{version}", &version)
        })
        .collect();
    let (wall, peak_mb) = run_with_peak(bin, &args);
    let written = if args[0] == "release" {
        layout::releases_dir(ds).join(&version)
    } else {
        out.clone()
    };
    let bytes = size_of(&written);
    if args[0] != "release" {
        remove(&out);
    }
    Measured {
        wall,
        peak_mb,
        bytes,
    }
}

/// Runs `bin args` and returns its wall time and peak RSS in MB. Any exit but 0 stops the bench,
/// so a run that did not do the whole job is never reported.
fn run_with_peak(bin: &Path, args: &[String]) -> (Duration, f64) {
    let time = Path::new("/usr/bin/time");
    if !time.exists() {
        return rss::run_with_peak_rss(bin, args);
    }
    let t = Instant::now();
    let out = Command::new(time)
        .arg("-v")
        .arg(bin)
        .args(args)
        .stdout(Stdio::null())
        .output()
        .unwrap();
    let wall = t.elapsed();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{} {args:?}: {stderr}", bin.display());
    let kb: f64 = stderr
        .lines()
        .find_map(|l| l.trim().strip_prefix("Maximum resident set size (kbytes):"))
        .and_then(|v| v.trim().parse().ok())
        .expect("/usr/bin/time -v prints the maximum resident set size");
    (wall, kb / 1024.0)
}

/// Makes a dataset of `docs` documents at `ds` with `bin new`, then writes its documents and one
/// annotator's annotations (plain writes: fixture generation, not user data). Returns the bytes
/// of the files written.
fn generate(bin: &Path, ds: &Path, docs: usize, chars: usize, spans: usize) -> u64 {
    let made = Command::new(bin)
        .args(["new", &ds.to_string_lossy(), "--license", "CC-BY-4.0"])
        .output()
        .unwrap();
    assert!(made.status.success(), "{made:?}");
    let annotations = layout::annotations_dir(ds).join("alice");
    std::fs::create_dir_all(&annotations).unwrap();
    let mut rng = synth::Rng::new(7);
    let mut bytes = 0u64;
    for i in 0..docs {
        let id = format!("news-{i:06}");
        let (text, spans) = synth::article(&mut rng, chars, spans);
        let sha256 = sha256_hex(text.as_bytes());
        let doc = Document {
            id: id.clone(),
            sha256: sha256.clone(),
            meta: meta(i, &id, &text),
            text,
        };
        let ann = Annotation {
            document: id.clone(),
            document_sha256: sha256,
            annotator: "alice".into(),
            status: Status::Done,
            revision: 3,
            updated: "2026-02-01T09:30:00Z".into(),
            relations: synth::relations(&spans, 10),
            spans,
            rejected: Vec::new(),
            taken: Default::default(),
            effort: None,
        };
        for (path, json) in [
            (
                layout::document_file(ds, &id),
                fsio::to_canonical_json(&doc),
            ),
            (
                annotations.join(format!("{id}.json")),
                fsio::to_canonical_json(&ann),
            ),
        ] {
            bytes += json.len() as u64;
            std::fs::write(path, json).unwrap();
        }
    }
    bytes
}

/// The metadata `biaozhu import` writes for article `i`: a title from the text, a date, the
/// source file and an import time (one second apart).
fn meta(i: usize, id: &str, text: &str) -> DocumentMeta {
    let (day, second) = (1 + i / 86_400, i % 86_400);
    DocumentMeta {
        title: text.chars().filter(|c| *c != '\n').take(24).collect(),
        date: Some(format!("2026-01-{:02}", 1 + i % 28)),
        source_file: format!("{id}.html"),
        source_sha256: sha256_hex(id.as_bytes()),
        encoding: "UTF-8".into(),
        source_format: "html".into(),
        importer: "biaozhu-import 1".into(),
        imported: format!(
            "2026-01-{day:02}T{:02}:{:02}:{:02}.000000Z",
            second / 3600,
            second / 60 % 60,
            second % 60
        ),
        ..DocumentMeta::default()
    }
}

/// The bytes of a file, or of every file under a folder.
fn size_of(path: &Path) -> u64 {
    match std::fs::metadata(path) {
        Ok(m) if m.is_dir() => std::fs::read_dir(path)
            .unwrap()
            .flatten()
            .map(|e| size_of(&e.path()))
            .sum(),
        Ok(m) => m.len(),
        Err(_) => 0,
    }
}

fn remove(path: &Path) {
    if path.is_dir() {
        std::fs::remove_dir_all(path).unwrap();
    } else if path.exists() {
        std::fs::remove_file(path).unwrap();
    }
}
