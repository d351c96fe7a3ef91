//! Kills `biaozhu import` and `biaozhu import-annotations --create-documents` with SIGKILL at
//! random moments, runs them again to the end, and compares the dataset with a clean run's,
//! file for file: the same files, the same ids, the same bytes (import times aside), no
//! temporary file left, and `validate` without a warning.

mod common;
use common::*;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const ARTICLES: usize = 2500;

fn lcg(seed: &mut u64) -> u64 {
    *seed = seed
        .wrapping_mul(6364136223846793005)
        .wrapping_add(1442695040888963407);
    *seed >> 33
}

/// Writes `ARTICLES` small articles, some with the same file stem in different folders (their
/// ids get suffixes) and some with the same text (duplicates).
fn write_articles(dir: &Path) {
    let mut rng = biaozhu::core::data::synth::Rng::new(7);
    for i in 0..ARTICLES {
        let (text, _) = biaozhu::core::data::synth::article(&mut rng, 160, 4);
        let folder = dir.join(format!("batch{}", i % 3));
        std::fs::create_dir_all(&folder).unwrap();
        let stem = format!("news_{:05}", i / 2);
        let body = if i % 97 == 0 && i > 0 {
            "重复的文章：南通开发区签约项目总投资20亿元。".to_string()
        } else {
            format!("第{i}篇\n{text}")
        };
        std::fs::write(folder.join(format!("{stem}.txt")), body).unwrap();
    }
}

/// Every file under `dir` with its bytes; documents' `meta.imported` (the clock) is masked.
fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
                continue;
            }
            let rel = p.strip_prefix(dir).unwrap().to_string_lossy().into_owned();
            let mut bytes = std::fs::read(&p).unwrap();
            if rel.starts_with("documents/") {
                let mut v: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
                v["meta"]["imported"] = "masked".into();
                bytes = serde_json::to_vec(&v).unwrap();
            }
            if rel.starts_with("annotations/") {
                let mut v: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
                v["updated"] = "masked".into();
                bytes = serde_json::to_vec(&v).unwrap();
            }
            if rel == "dataset.json" {
                let mut v: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
                v["created"] = "masked".into();
                v["name"] = "masked".into();
                bytes = serde_json::to_vec(&v).unwrap();
            }
            out.insert(rel, bytes);
        }
    }
    out
}

fn new_dataset(parent: &Path, name: &str) -> PathBuf {
    let ds = parent.join(name);
    let r = biaozhu(&[&"new", &ds]);
    assert_eq!(r.status.code(), Some(0), "{}", text(&r));
    ds
}

/// Runs `args` to the end and returns how long it took.
fn run_to_end(args: &[&dyn AsRef<std::ffi::OsStr>]) -> Duration {
    let t = Instant::now();
    let r = Command::new(env!("CARGO_BIN_EXE_biaozhu"))
        .args(args.iter().map(|a| a.as_ref()))
        .env("BIAOZHU_BATCH_FILES", "200")
        .output()
        .unwrap();
    assert_eq!(r.status.code(), Some(0), "{}", text(&r));
    t.elapsed()
}

fn documents_present(ds: &Path) -> usize {
    std::fs::read_dir(ds.join("documents"))
        .unwrap()
        .filter(|e| {
            !e.as_ref()
                .unwrap()
                .file_name()
                .to_string_lossy()
                .starts_with('.')
        })
        .count()
}

/// When to kill a run.
#[derive(Clone, Copy)]
enum KillAt {
    /// At a random moment within this time (the clean run's).
    Time(Duration),
    /// As soon as a random number of documents (below this) is present: the run is killed in
    /// the middle of renaming a batch, whatever the machine's load.
    Documents(usize),
}

/// Starts `args` `kills` times and SIGKILLs it at a random moment, then runs it to the end.
/// Returns how many kills hit a run that had written some but not all documents.
fn kill_then_finish(
    args: &[&dyn AsRef<std::ffi::OsStr>],
    ds: &Path,
    kills: usize,
    at: KillAt,
    seed: &mut u64,
) -> usize {
    let mut partial = 0;
    for _ in 0..kills {
        let mut child = Command::new(env!("CARGO_BIN_EXE_biaozhu"))
            .args(args.iter().map(|a| a.as_ref()))
            // Small batches, so that kills land between batches as well as inside one.
            .env("BIAOZHU_BATCH_FILES", "200")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        match at {
            KillAt::Time(span) => {
                let at = span.as_micros() as u64 * (5 + lcg(seed) % 90) / 100;
                std::thread::sleep(Duration::from_micros(at));
            }
            KillAt::Documents(total) => {
                let target = documents_present(ds) + 1 + lcg(seed) as usize % (total / 6);
                while documents_present(ds) < target && child.try_wait().unwrap().is_none() {
                    std::thread::sleep(Duration::from_micros(200));
                }
            }
        }
        child.kill().unwrap();
        child.wait().unwrap();
        let n = documents_present(ds);
        if n > 0 && n < ARTICLES - ARTICLES / 97 {
            partial += 1;
        }
    }
    run_to_end(args);
    partial
}

fn assert_same_and_clean(clean: &Path, killed: &Path) {
    let a = snapshot(clean);
    let b = snapshot(killed);
    let only_a: Vec<&String> = a.keys().filter(|k| !b.contains_key(*k)).take(5).collect();
    let only_b: Vec<&String> = b.keys().filter(|k| !a.contains_key(*k)).take(5).collect();
    assert!(
        only_a.is_empty() && only_b.is_empty(),
        "files differ: only in the clean run {only_a:?}, only after kills {only_b:?}"
    );
    for (k, v) in &a {
        assert!(b[k] == *v, "{k} differs from the clean run's");
    }
    let r = biaozhu(&[&"validate", &killed]);
    assert_eq!(r.status.code(), Some(0), "{}", text(&r));
    assert!(text(&r).contains(" 0 warnings"), "{}", text(&r));
}

#[test]
fn killed_imports_rerun_to_the_clean_result_file_for_file() {
    let tmp = tempfile::tempdir().unwrap();
    let articles = tmp.path().join("articles");
    write_articles(&articles);
    let clean = new_dataset(tmp.path(), "clean");
    run_to_end(&[&"import", &clean, &articles, &"--quiet"]);
    let killed = new_dataset(tmp.path(), "killed");
    let mut seed = 0x1dea_u64;
    let partial = kill_then_finish(
        &[&"import", &killed, &articles, &"--quiet"],
        &killed,
        8,
        KillAt::Documents(ARTICLES),
        &mut seed,
    );
    assert_same_and_clean(&clean, &killed);
    eprintln!("import: {partial} of 8 kills left a partly written dataset");
    assert!(
        partial >= 2,
        "only {partial} kills hit a partly written dataset: the test is not exercising kills"
    );

    // import-annotations --create-documents of the clean dataset's jsonl export.
    let synth = tmp.path().join("synth");
    biaozhu::core::data::synth::write_dataset(&synth, 1200, 400, 8).unwrap();
    let export = tmp.path().join("synth.jsonl");
    let r = biaozhu(&[&"export", &synth, &"--format", &"jsonl", &"--out", &export]);
    assert_eq!(r.status.code(), Some(0), "{}", text(&r));
    let args = |ds: &Path| -> Vec<std::ffi::OsString> {
        [
            "import-annotations".into(),
            ds.as_os_str().to_owned(),
            "--format".into(),
            "jsonl".into(),
            "--annotator".into(),
            "model".into(),
            "--create-documents".into(),
            "--quiet".into(),
            export.as_os_str().to_owned(),
        ]
        .into()
    };
    let clean2 = new_dataset(tmp.path(), "clean2");
    let a = args(&clean2);
    let a: Vec<&dyn AsRef<std::ffi::OsStr>> = a.iter().map(|x| x as _).collect();
    let took = run_to_end(&a);
    let killed2 = new_dataset(tmp.path(), "killed2");
    let k = args(&killed2);
    let k: Vec<&dyn AsRef<std::ffi::OsStr>> = k.iter().map(|x| x as _).collect();
    // import-annotations renames nothing until it has read the whole input, so a kill at any
    // moment leaves only temporary files; kill it at random times.
    kill_then_finish(&k, &killed2, 8, KillAt::Time(took), &mut seed);
    assert_same_and_clean(&clean2, &killed2);
}
