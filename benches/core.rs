//! Core benchmarks over a synthetic dataset of 10,000 documents of about 3,000 characters with
//! about 30 spans each: load, validate next to a bare serde_json pass, import throughput, and
//! saving one annotation with 1,000 spans; and (criterion) the dashboard of the same documents
//! annotated by a team of four people with the rule extractor's suggestions beside them. Run
//! with `cargo bench --bench core`, or only the dashboard with
//! `cargo bench --no-default-features --bench core -- dashboard`.
//!
//! These are whole-dataset passes that take seconds, so each figure is the median of a few runs
//! timed with `Instant`, and ratios are taken against baselines measured in the same run.

#[path = "common/util.rs"]
mod util;
use util::median;

use biaozhu::core::data::ingest::{self, ChromeRules, CleanupOptions};
use biaozhu::core::data::model::{Annotation, Document};
use biaozhu::core::data::offsets::OffsetUnit;
use biaozhu::core::data::store::Dataset;
use biaozhu::core::exchange::formats::{self, ExportOptions};
use biaozhu::core::score::dashboard;
use biaozhu::core::{check::validate, data::fsio, data::synth};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

fn time<T>(runs: usize, mut f: impl FnMut() -> T) -> Duration {
    median(
        (0..runs)
            .map(|_| {
                let t = Instant::now();
                std::hint::black_box(f());
                t.elapsed()
            })
            .collect(),
    )
}

fn json_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = vec![dir.join("dataset.json")];
    for sub in ["documents", "annotations/synth"] {
        let mut files: Vec<PathBuf> = std::fs::read_dir(dir.join(sub))
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        files.sort();
        out.extend(files);
    }
    out
}

fn load(dir: &Path) -> usize {
    let ds = Dataset::open(dir).unwrap();
    let mut spans = 0;
    for e in ds.documents() {
        let _doc: Document = ds.document(&e.id).unwrap();
        let ann: Annotation = ds.annotation("synth", &e.id).unwrap().unwrap();
        spans += ann.spans.len();
    }
    spans
}

fn main() {
    let docs = util::docs(10_000);
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("synthetic");
    if std::env::args().skip(1).any(|a| a == "dashboard") {
        synth::write_dataset(&dir, docs, 3000, 30).unwrap();
        return dashboard(&dir);
    }
    let t = Instant::now();
    synth::write_dataset(&dir, docs, 3000, 30).unwrap();
    let files = json_files(&dir);
    let bytes: u64 = files
        .iter()
        .map(|f| std::fs::metadata(f).unwrap().len())
        .sum();
    println!(
        "synthetic dataset: {docs} documents, {} files, {:.1} MB, generated in {:.1} s",
        files.len(),
        bytes as f64 / 1e6,
        t.elapsed().as_secs_f64()
    );

    let bare = time(3, || {
        files
            .iter()
            .map(|f| {
                serde_json::from_slice::<serde_json::Value>(&std::fs::read(f).unwrap())
                    .unwrap()
                    .is_object() as usize
            })
            .sum::<usize>()
    });
    let loaded = time(3, || load(&dir));
    let validated = time(3, || {
        let r = validate::validate_paths(std::slice::from_ref(&dir)).unwrap();
        assert!(r.is_valid());
        r.files_checked
    });

    // Import throughput: the pure pipeline (decode, HTML, cleanup) over generated articles.
    let rules = ChromeRules::from_ron(ingest::DEFAULT_CHROME_RON).unwrap();
    let mut rng = synth::Rng::new(7);
    let articles: Vec<String> = (0..500)
        .map(|_| synth::article(&mut rng, 3000, 30).0)
        .collect();
    let html: Vec<String> = articles
        .iter()
        .map(|a| format!("<html><head><title>t</title><script>var x=1;</script></head><body>{}</body></html>", a.lines().map(|l| format!("<p>{l}</p>\n")).collect::<String>()))
        .collect();
    let throughput = |inputs: &[String], name: &str| {
        let total: usize = inputs.iter().map(String::len).sum();
        let d = time(3, || {
            inputs
                .iter()
                .map(|a| {
                    ingest::convert(name, a.as_bytes(), &rules, CleanupOptions::default())
                        .unwrap()
                        .text
                        .len()
                })
                .sum::<usize>()
        });
        (total as f64 / 1e6 / d.as_secs_f64(), total)
    };
    let (txt_mbs, txt_bytes) = throughput(&articles, "a.txt");
    let (html_mbs, html_bytes) = throughput(&html, "a.html");

    // Saving one annotation with 1,000 spans through the store (atomic write with fsync).
    let big = tmp.path().join("big");
    synth::write_dataset(&big, 1, 100_000, 1000).unwrap();
    let ds = Dataset::open_for_writing(&big).unwrap();
    let mut ann = ds.annotation("synth", "doc-00000").unwrap().unwrap();
    assert_eq!(ann.spans.len(), 1000);
    let save = time(21, || ds.save_annotation(&mut ann).unwrap());
    let serialise = time(21, || fsio::to_canonical_json(&ann).len());

    // Exports of the whole synthetic dataset, against plain serde_json serialisation of the same
    // records measured in the same run.
    let ds_read = Dataset::open(&dir).unwrap();
    let records = formats::working_records(&ds_read, "synth", None).unwrap();
    let mut serde_bytes = 0;
    let plain = time(3, || {
        let mut out = Vec::new();
        for r in &records {
            serde_json::to_writer(&mut out, r).unwrap();
            out.push(b'\n');
        }
        serde_bytes = out.len();
        out.len()
    });
    let export_dir = tmp.path().join("exports");
    let mut export_rows = Vec::new();
    for &format in formats::FORMATS {
        let out = export_dir.join(format.name());
        let mut written = 0u64;
        let d = time(3, || {
            let _ = std::fs::remove_dir_all(&out);
            let opts = ExportOptions {
                offsets: OffsetUnit::CodePoint,
            };
            let report =
                formats::export(&records, &ds_read.labels, format, &opts, None, &out).unwrap();
            written = report
                .files
                .iter()
                .map(|f| std::fs::metadata(f).unwrap().len())
                .sum();
            report.records
        });
        export_rows.push((format.name(), d, written));
    }

    // eval over the whole dataset (gold and predictions are both the working copy of synth)
    // against loading the two sides, in the same run.
    let load_two = time(3, || {
        let g = formats::working_records(&ds_read, "synth", None).unwrap();
        let p = formats::working_records(&ds_read, "synth", None).unwrap();
        g.len() + p.len()
    });
    let eval_time = time(3, || {
        let g = formats::working_records(&ds_read, "synth", None).unwrap();
        let p = formats::working_records(&ds_read, "synth", None).unwrap();
        let docs: Vec<_> = g
            .into_iter()
            .zip(p)
            .map(|(g, p)| (g.id, g.spans, p.spans))
            .collect();
        biaozhu::core::score::eval::evaluate(&docs, false).documents
    });

    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    println!();
    println!("| figure | value |");
    println!("|---|---|");
    println!(
        "| bare `serde_json::from_slice::<Value>` over all files (read included) | {:.0} ms |",
        ms(bare)
    );
    println!(
        "| load (manifest, every document and annotation, typed) | {:.0} ms ({:.2}× bare) |",
        ms(loaded),
        loaded.as_secs_f64() / bare.as_secs_f64()
    );
    println!(
        "| validate (schemas + every semantic check) | {:.0} ms ({:.2}× bare; budget 3×) |",
        ms(validated),
        validated.as_secs_f64() / bare.as_secs_f64()
    );
    println!(
        "| import throughput, txt ({:.1} MB) | {txt_mbs:.1} MB/s |",
        txt_bytes as f64 / 1e6
    );
    println!(
        "| import throughput, HTML ({:.1} MB) | {html_mbs:.1} MB/s |",
        html_bytes as f64 / 1e6
    );
    println!(
        "| save one annotation with 1,000 spans (atomic, fsync) | {:.2} ms (serialising alone {:.2} ms) |",
        ms(save),
        ms(serialise)
    );
    println!(
        "| plain `serde_json` serialisation of the {docs} records ({:.1} MB, in memory) | {:.0} ms ({:.0} MB/s) |",
        serde_bytes as f64 / 1e6,
        ms(plain),
        serde_bytes as f64 / 1e6 / plain.as_secs_f64()
    );
    println!(
        "| eval of {docs} documents, both sides loaded (load alone {:.0} ms) | {:.0} ms ({:.2}× loading the two sides; budget 2×) |",
        ms(load_two),
        ms(eval_time),
        eval_time.as_secs_f64() / load_two.as_secs_f64()
    );
    for (name, d, written) in &export_rows {
        let ratio = if *name == "jsonl" {
            format!(
                "; {:.2}× plain serde_json, budget 2×",
                d.as_secs_f64() / plain.as_secs_f64()
            )
        } else {
            String::new()
        };
        println!(
            "| export `{name}` ({:.1} MB written, atomic files) | {:.0} ms ({:.0} MB/s{ratio}) |",
            *written as f64 / 1e6,
            ms(*d),
            *written as f64 / 1e6 / d.as_secs_f64()
        );
    }
    dashboard(&dir);
}

/// The CPU time this process has used, user and system, over all its threads.
fn cpu_time() -> Duration {
    // SAFETY: getrusage fills the struct it is given.
    let usage = unsafe {
        let mut usage = std::mem::zeroed::<libc::rusage>();
        libc::getrusage(libc::RUSAGE_SELF, &mut usage);
        usage
    };
    let time = |t: libc::timeval| Duration::new(t.tv_sec as u64, t.tv_usec as u32 * 1000);
    time(usage.ru_utime) + time(usage.ru_stime)
}

/// The median wall time of `runs` runs of `f`, and the mean CPU time per run: on a machine
/// other work shares, the CPU time shows what the wall time would be with the cores to itself.
fn wall_and_cpu<T>(runs: usize, mut f: impl FnMut() -> T) -> (Duration, Duration) {
    let cpu = cpu_time();
    let wall = time(runs, &mut f);
    (wall, (cpu_time() - cpu) / runs as u32)
}

/// Every annotation file of `ds` read whole (and parsed as JSON values when `parse`), on the
/// threads the dashboard uses: the floor its one pass over the files stands on.
fn read_all(ds: &Dataset, parse: bool) -> usize {
    let annotators = ds.annotators().unwrap();
    let sizes = biaozhu::core::data::parallel::map(ds.documents(), |e| {
        let mut n = 0;
        for a in &annotators {
            let bytes = std::fs::read(ds.annotation_path(a, &e.id).unwrap()).unwrap();
            n += match parse {
                true => serde_json::from_slice::<serde_json::Value>(&bytes).unwrap()["spans"]
                    .as_array()
                    .unwrap()
                    .len(),
                false => bytes.len(),
            };
        }
        n
    });
    sizes.into_iter().sum()
}

/// Criterion: the dashboard of the team's dataset, computed in process, with the rule
/// extractor's suggestions beside the four people and without them; next to the floors of
/// reading every annotation file, and reading and parsing it, measured in the same run.
fn dashboard(dir: &Path) {
    let t = Instant::now();
    synth::make_team(dir).unwrap();
    let mut ds = Dataset::open(dir).unwrap();
    let d = dashboard::compute(&ds).unwrap();
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    println!(
        "dashboard: {} documents, {} annotators ({}) and {} suggestion source; team written in {:.1} s",
        d.documents,
        d.annotators.len(),
        d.annotators.join(", "),
        ds.annotators().unwrap().len() - d.annotators.len(),
        t.elapsed().as_secs_f64()
    );
    let mut c = criterion::Criterion::default()
        .configure_from_args()
        .sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(10));
    for with_rules in [true, false] {
        if !with_rules {
            let rules = dir.join("annotations/model-rules");
            std::fs::rename(&rules, dir.join("model-rules-aside")).unwrap();
            ds = Dataset::open(dir).unwrap();
        }
        let files = ds.annotators().unwrap().len() * ds.documents().len();
        let read = time(3, || read_all(&ds, false));
        let parsed = time(3, || read_all(&ds, true));
        println!(
            "floor over the {files} annotation files: reading {:.0} ms, reading and parsing as JSON values {:.0} ms",
            ms(read),
            ms(parsed)
        );
        let (wall, cpu) = wall_and_cpu(5, || dashboard::compute(&ds).unwrap());
        println!(
            "dashboard over {files} files: median {:.0} ms wall, {:.0} ms of CPU (user + system, all threads) per run",
            ms(wall),
            ms(cpu)
        );
        let name = match with_rules {
            true => "dashboard: 4 annotators and model-rules",
            false => "dashboard: 4 annotators",
        };
        c.bench_function(name, |b| {
            b.iter(|| dashboard::compute(&ds).unwrap().agreement.len())
        });
    }
    c.final_summary();
}
