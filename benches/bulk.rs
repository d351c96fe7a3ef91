//! Bulk writes and the CI gate, measured from outside as whole processes of the real binary,
//! each next to a floor measured in the same run. Run with `cargo bench --bench bulk`.
//!
//! - `import` of 10,000 synthetic 3,000-character articles, next to a floor that reads the same
//!   files and writes each once into a folder with a single sync at the end;
//! - `import-annotations --create-documents` of a 10,000-document, 300,000-span Label Studio
//!   export, next to a floor that parses the same file and writes the same number of files once
//!   with a single sync, with the peak RSS of the process, and next to a write-only floor: the
//!   very files the import wrote, written again from memory with one sync;
//! - `validate` of 100 changed annotation files next to `validate` of the whole dataset.
//!
//! Each import and its floor run three times, alternating, and the medians are reported; the
//! peak RSS is the largest of the three. Set BIAOZHU_BENCH_DOCS for a smaller run.
//!
//! With BIAOZHU_BASELINE_BIN set to an older biaozhu binary (the format-1 one the issue measured,
//! built from commit d291243 by `tests/interop/build_baseline.sh`), each round also runs the same
//! two imports with it, so "N× faster than before" is a ratio measured in the same run.

#[path = "common/util.rs"]
mod util;
use util::{median, succeed};

#[path = "common/rss.rs"]
mod rss;

use biaozhu::core::data::synth;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

fn biaozhu(args: &[&dyn AsRef<std::ffi::OsStr>]) -> Duration {
    run_bin(Path::new(env!("CARGO_BIN_EXE_biaozhu")), args)
}

/// Runs `bin` with `args` and returns its wall time; any exit but 0 (a refused input, problems
/// reported) stops the benchmark, so a run that did not do the whole job is never timed.
fn run_bin(bin: &Path, args: &[&dyn AsRef<std::ffi::OsStr>]) -> Duration {
    let t = Instant::now();
    succeed(Command::new(bin).args(args.iter().map(|a| a.as_ref())));
    t.elapsed()
}

/// Runs the binary and returns its time and its own peak resident set in MB: the kernel's
/// high-water mark `VmHWM` of the process, read from /proc while it runs. (wait4's `ru_maxrss`
/// would report this benchmark's own peak, which a forked child inherits.)
fn biaozhu_with_rss(args: &[&dyn AsRef<std::ffi::OsStr>]) -> (Duration, f64) {
    rss::run_with_peak_rss(Path::new(env!("CARGO_BIN_EXE_biaozhu")), args)
}

/// Runs of each timed step; the median is reported.
const RUNS: usize = 3;

fn sync_all() {
    // SAFETY: sync takes no arguments.
    unsafe { libc::sync() };
}

fn files_in(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    v.sort();
    v
}

fn main() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    if std::env::var_os("BIAOZHU_BENCH_KEEP").is_some() {
        // Keeps the inputs (articles/, synthetic/, ls-export/) for profiling one step by hand.
        let kept = tmp.keep();
        eprintln!("keeping {}", kept.display());
        return run(&kept);
    }
    run(root)
}

fn run(root: &Path) {
    let docs = util::docs(10_000);
    let baseline: Option<PathBuf> = std::env::var_os("BIAOZHU_BASELINE_BIN").map(PathBuf::from);
    let mut base_imports = Vec::new();
    let mut base_ia = Vec::new();
    let mut base_rss: f64 = 0.0;

    // 1. import of articles.
    let articles = root.join("articles");
    std::fs::create_dir_all(&articles).unwrap();
    let mut rng = synth::Rng::new(11);
    let mut bytes = 0usize;
    for i in 0..docs {
        let (text, _) = synth::article(&mut rng, 3000, 30);
        let text = format!("第{i}篇\n{text}");
        bytes += text.len();
        std::fs::write(articles.join(format!("article_{i:05}.txt")), text).unwrap();
    }
    // Floor and import alternate, three times each, into fresh folders, with the page cache
    // flushed before each; the medians are compared (a single sync's time swings with the state
    // of this shared machine's disk).
    let mut floors = Vec::new();
    let mut imports = Vec::new();
    for round in 0..RUNS {
        sync_all();
        let floor_dir = root.join(format!("floor-{round}"));
        std::fs::create_dir_all(&floor_dir).unwrap();
        let t = Instant::now();
        for f in files_in(&articles) {
            let b = std::fs::read(&f).unwrap();
            std::fs::write(floor_dir.join(f.file_name().unwrap()), b).unwrap();
        }
        sync_all();
        floors.push(t.elapsed());
        let ds = root.join(format!("ds-{round}"));
        biaozhu(&[&"new", &ds]);
        sync_all();
        imports.push(biaozhu(&[&"import", &ds, &articles, &"--quiet"]));
        std::fs::remove_dir_all(&floor_dir).unwrap();
        std::fs::remove_dir_all(&ds).unwrap();
        if let Some(bin) = &baseline {
            let ds = root.join(format!("base-{round}"));
            run_bin(bin, &[&"new", &ds]);
            sync_all();
            base_imports.push(run_bin(bin, &[&"import", &ds, &articles]));
            std::fs::remove_dir_all(&ds).unwrap();
        }
    }
    let (import_floor, import) = (median(floors), median(imports));

    // 2. import-annotations of a Label Studio export.
    let synthetic = root.join("synthetic");
    synth::write_dataset(&synthetic, docs, 3000, 30).unwrap();
    let export = root.join("ls-export");
    biaozhu(&[
        &"export",
        &synthetic,
        &"--format",
        &"label-studio",
        &"--out",
        &export,
    ]);
    let tasks = export.join("data.json");
    let tasks_mb = std::fs::metadata(&tasks).unwrap().len() as f64 / 1e6;
    let mut floors = Vec::new();
    let mut runs = Vec::new();
    let mut rss: f64 = 0.0;
    let mut write_floors = Vec::new();
    let (mut written_files, mut written_mb) = (0usize, 0.0f64);
    for round in 0..RUNS {
        sync_all();
        let floor2 = root.join(format!("floor2-{round}"));
        std::fs::create_dir_all(&floor2).unwrap();
        let t = Instant::now();
        let parsed: Vec<serde_json::Value> =
            serde_json::from_slice(&std::fs::read(&tasks).unwrap()).unwrap();
        for (i, task) in parsed.iter().enumerate() {
            std::fs::write(
                floor2.join(format!("d{i}.json")),
                serde_json::to_vec_pretty(&task["data"]).unwrap(),
            )
            .unwrap();
            std::fs::write(
                floor2.join(format!("a{i}.json")),
                serde_json::to_vec_pretty(&task["annotations"]).unwrap(),
            )
            .unwrap();
        }
        drop(parsed);
        sync_all();
        floors.push(t.elapsed());
        let ds2 = root.join(format!("ds2-{round}"));
        biaozhu(&[&"new", &ds2]);
        sync_all();
        let (took, peak) = biaozhu_with_rss(&[
            &"import-annotations",
            &ds2,
            &"--format",
            &"label-studio",
            &"--annotator",
            &"bench",
            &"--create-documents",
            &"--quiet",
            &export,
        ]);
        runs.push(took);
        rss = rss.max(peak);
        // The write-only floor: the very files the import wrote, held in memory, written again
        // into a fresh folder with one sync (no parsing, no temporary files, no renames). It runs
        // before anything is deleted: ext4 is slow to allocate inodes just after many deletions
        // (perf shows `recently_deleted`), which would make this floor slower than the import.
        let written: Vec<(PathBuf, Vec<u8>)> = ["documents", "sources", "annotations/bench"]
            .iter()
            .flat_map(|sub| files_in(&ds2.join(sub)))
            .filter(|f| f.is_file())
            .map(|f| {
                let rel = f.strip_prefix(&ds2).unwrap().to_path_buf();
                (rel, std::fs::read(&f).unwrap())
            })
            .collect();
        sync_all();
        let copy = root.join(format!("write-floor-{round}"));
        let t = Instant::now();
        for (rel, bytes) in &written {
            let path = copy.join(rel);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(&path, bytes).unwrap();
        }
        sync_all();
        write_floors.push(t.elapsed());
        written_files = written.len();
        written_mb = written.iter().map(|(_, b)| b.len()).sum::<usize>() as f64 / 1e6;
        drop(written);
        std::fs::remove_dir_all(&copy).unwrap();
        std::fs::remove_dir_all(&floor2).unwrap();
        std::fs::remove_dir_all(&ds2).unwrap();
        if let Some(bin) = &baseline {
            // The format-1 binary takes the tasks file, not the export's folder.
            let ds = root.join(format!("base2-{round}"));
            run_bin(bin, &[&"new", &ds]);
            sync_all();
            let (took, peak) = rss::run_with_peak_rss::<&dyn AsRef<std::ffi::OsStr>>(
                bin,
                &[
                    &"import-annotations",
                    &ds,
                    &"--format",
                    &"label-studio",
                    &"--annotator",
                    &"bench",
                    &"--create-documents",
                    &tasks,
                ],
            );
            base_ia.push(took);
            base_rss = base_rss.max(peak);
            std::fs::remove_dir_all(&ds).unwrap();
        }
    }
    let (ia_floor, ia) = (median(floors), median(runs));
    let write_floor = median(write_floors);

    // 3. validate of 100 changed files next to the whole dataset.
    let whole = biaozhu(&[&"validate", &synthetic]);
    let changed: Vec<PathBuf> = files_in(&synthetic.join("annotations/synth"))
        .into_iter()
        .take(100)
        .collect();
    let mut args: Vec<&dyn AsRef<std::ffi::OsStr>> = vec![&"validate"];
    for c in &changed {
        args.push(c);
    }
    let hundred = biaozhu(&args);

    let s = |d: Duration| d.as_secs_f64();
    println!("| figure | result |");
    println!("|---|---|");
    println!(
        "| `import` of {docs} articles ({:.1} MB) | {:.2} s, {:.1} MB/s ({:.2}× the floor of {:.2} s) |",
        bytes as f64 / 1e6,
        s(import),
        bytes as f64 / 1e6 / s(import),
        s(import) / s(import_floor),
        s(import_floor)
    );
    println!(
        "| `import-annotations --create-documents` of a {docs}-task Label Studio export ({tasks_mb:.0} MB) | {:.2} s ({:.2}× the floor of {:.2} s), peak RSS {:.0} MB |",
        s(ia),
        s(ia) / s(ia_floor),
        s(ia_floor),
        rss
    );
    println!(
        "| writing the {written_files} files `import-annotations` wrote ({written_mb:.0} MB) from memory with one sync | {:.2} s ({:.2}× of the import) |",
        s(write_floor),
        s(write_floor) / s(ia)
    );
    println!(
        "| `validate` of 100 annotation files of the {docs}-document dataset | {:.3} s ({:.3}× validating the whole dataset, {:.2} s) |",
        s(hundred),
        s(hundred) / s(whole),
        s(whole)
    );
    if baseline.is_some() {
        let (bi, bia) = (median(base_imports), median(base_ia));
        println!(
            "| the baseline binary's `import`, same articles, same rounds | {:.2} s: the current one is {:.1}× faster |",
            s(bi),
            s(bi) / s(import)
        );
        println!(
            "| the baseline binary's `import-annotations --create-documents`, same file, same rounds | {:.2} s, peak RSS {:.0} MB: the current one is {:.1}× faster |",
            s(bia),
            base_rss,
            s(bia) / s(ia)
        );
    }
}
