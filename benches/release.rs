//! A release of a team's dataset, as ML engineers meet it: `biaozhu release` (the real binary)
//! of 10,000 synthetic 3,000-character documents with 30 spans and 10 relations each, split
//! train/validation/test, three times (v1, then v2 and v3 with their changelogs against the
//! parent), with the time the release spent on its Parquet shards, which it reports: budget, a
//! release with Parquet in at most 2x the time of the same release without them (the JSONL, the
//! changelog, the card). Then, with a Python that has polars (BIAOZHU_BENCH_PYTHON, or
//! target/interop-venv/bin/python that CI makes), polars reading the release's Parquet shards
//! against polars reading its `data.jsonl`, median of 3 each: budget, Parquet 5x faster.
//! Run with `cargo bench --bench release`; BIAOZHU_BENCH_DOCS sets the document count.

#[path = "common/util.rs"]
mod util;
use util::{median, succeed};

use biaozhu::core::data::synth;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

/// Runs the binary to a successful end: its standard output and wall time.
fn biaozhu(args: &[&str]) -> (String, Duration) {
    let t = Instant::now();
    let out = succeed(Command::new(env!("CARGO_BIN_EXE_biaozhu")).args(args));
    (String::from_utf8(out.stdout).unwrap(), t.elapsed())
}

/// The seconds in the release's own line "time: T s in all, of which P s for the N Parquet
/// shards".
fn reported_times(said: &str) -> (f64, f64) {
    let line = said
        .lines()
        .find(|l| l.starts_with("time: "))
        .unwrap_or_else(|| panic!("release printed no time line:\n{said}"));
    let numbers: Vec<f64> = line
        .split(' ')
        .filter_map(|w| w.parse::<f64>().ok())
        .collect();
    (numbers[0], numbers[1])
}

fn bytes_of(dir: &Path, suffix: &str) -> u64 {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.to_string_lossy().ends_with(suffix))
        .map(|p| std::fs::metadata(p).unwrap().len())
        .sum()
}

fn main() {
    let docs = util::docs(10_000);
    let tmp = tempfile::tempdir().unwrap();
    let ds = tmp.path().join("team");
    synth::write_dataset_with_relations(&ds, docs, 3_000, 30, 10).unwrap();
    let dir = ds.to_str().unwrap();
    let (mut totals, mut parquets, mut walls) = (Vec::new(), Vec::new(), Vec::new());
    for v in ["v1", "v2", "v3"] {
        let split = "train=0.8,validation=0.1,test=0.1";
        let (said, wall) = biaozhu(&["release", dir, v, "-m", "bench", "--split", split]);
        let (total, parquet) = reported_times(&said);
        println!(
            "  {v}: {total:.2} s in all, {parquet:.2} s of it for Parquet (process {:.2} s)",
            wall.as_secs_f64()
        );
        totals.push(total);
        parquets.push(parquet);
        walls.push(wall.as_secs_f64());
    }
    let release = ds.join("releases/v3");
    let jsonl = bytes_of(&release, "data.jsonl");
    let parquet_bytes = bytes_of(&release.join("data"), ".parquet");
    let (total, parquet) = (median(totals), median(parquets));
    println!(
        "\nrelease: {docs} documents × 3,000 characters, 30 spans and 10 relations each; data.jsonl \
         {:.1} MB, Parquet shards {:.1} MB (3 splits)",
        jsonl as f64 / 1e6,
        parquet_bytes as f64 / 1e6
    );
    println!("\n| figure (median of 3) | value | budget |\n|---|---|---|");
    println!(
        "| `biaozhu release` in all (process: {:.2} s) | {total:.2} s | |",
        median(walls)
    );
    println!("| of which the Parquet shards | {parquet:.2} s | |");
    println!(
        "| release with Parquet / without (the JSONL, changelog and card: {:.2} s) | {:.2}× | ≤ 2× |",
        total - parquet,
        total / (total - parquet).max(1e-9)
    );
    polars(&release);
}

/// polars reading the Parquet shards against reading data.jsonl, in a Python that has polars.
fn polars(release: &Path) {
    let python = std::env::var_os("BIAOZHU_BENCH_PYTHON")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("target/interop-venv/bin/python"));
    let script = r#"
import glob, statistics, sys, time
import polars as pl
release = sys.argv[1]
shards = sorted(glob.glob(release + "/data/*.parquet"))
def timed(read):
    runs = []
    for _ in range(3):
        t = time.perf_counter()
        frame = read()
        runs.append(time.perf_counter() - t)
    return statistics.median(runs), frame
tp, fp = timed(lambda: pl.concat([pl.read_parquet(s) for s in shards]))
tj, fj = timed(lambda: pl.read_ndjson(release + "/data.jsonl", infer_schema_length=None))
assert fp.height == fj.height, (fp.height, fj.height)
assert sorted(fp["id"].to_list()) == sorted(fj["id"].to_list())
print(f"| polars {pl.__version__}: read_parquet of the {len(shards)} shards, {fp.height} rows | {tp * 1000:.0f} ms | |")
print(f"| polars: read_ndjson of data.jsonl | {tj * 1000:.0f} ms | |")
print(f"| polars reading Parquet, times faster than data.jsonl | {tj / tp:.1f}× | ≥ 5× |")
"#;
    match Command::new(&python)
        .args(["-c", script])
        .arg(release)
        .output()
    {
        Ok(out) if out.status.success() => print!("{}", String::from_utf8_lossy(&out.stdout)),
        Ok(out) => println!(
            "\npolars: not measured ({} failed: {})",
            python.display(),
            String::from_utf8_lossy(&out.stderr).trim()
        ),
        Err(e) => println!(
            "\npolars: not measured (no {}: {e}; set BIAOZHU_BENCH_PYTHON to a Python with polars)",
            python.display()
        ),
    }
}
