//! `biaozhu tag` throughput, the real binary over a JSON lines file: MB of document text (UTF-8)
//! per second per core, with the rules and with a trained model (`--output predictions`, and the
//! rules with `--output table`), on one thread (`--threads 1`: the figure per core) and on
//! every core. The documents are synthetic investment news (`core::data::synth::article`),
//! 300 to 3,000 characters each, about one span per 60 characters; when the real articles of
//! `../shared/corpus` (or BIAOZHU_CORPUS) are there, they are timed too, repeated to the same
//! size. The model is trained by `biaozhu train` on 300 synthetic documents first (its time is
//! printed, not counted). Each figure is the median of 3 runs. Targets (issue 21): at least
//! 10 MB/s per core with the rules, 2 MB/s per core with a model.
//!
//! Run with `cargo bench --bench tag` (BIAOZHU_BENCH_MB sets the corpus size, default 20 MB).

#[path = "common/util.rs"]
mod util;
use util::{median, succeed};

use biaozhu::core::data::synth;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_biaozhu"))
}

/// Writes `{"id", "title", "text"}` lines of synthetic articles until `bytes` of text.
fn synthetic_corpus(path: &Path, bytes: usize) -> (usize, usize) {
    let mut rng = synth::Rng::new(21);
    let (mut out, mut text_bytes, mut docs) = (String::new(), 0, 0);
    while text_bytes < bytes {
        let chars = 300 + rng.below(2701);
        let (text, _) = synth::article(&mut rng, chars, chars / 60);
        text_bytes += text.len();
        let line = serde_json::json!({"id": format!("doc-{docs}"), "title": format!("第{docs}篇"), "text": text});
        out.push_str(&line.to_string());
        out.push('\n');
        docs += 1;
    }
    std::fs::write(path, out).unwrap();
    (docs, text_bytes)
}

/// The real articles of the corpus folder, as lines, repeated until `bytes` of text (None
/// when the folder is not there).
fn real_corpus(path: &Path, bytes: usize) -> Option<(usize, usize)> {
    let dir = std::env::var_os("BIAOZHU_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus"));
    let mut texts: Vec<String> = std::fs::read_dir(&dir)
        .ok()?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .filter_map(|p| std::fs::read_to_string(p).ok())
        .collect();
    texts.sort();
    if texts.is_empty() {
        return None;
    }
    let (mut out, mut text_bytes, mut docs) = (String::new(), 0, 0);
    while text_bytes < bytes {
        let text = &texts[docs % texts.len()];
        text_bytes += text.len();
        out.push_str(&serde_json::json!({"id": format!("real-{docs}"), "text": text}).to_string());
        out.push('\n');
        docs += 1;
    }
    std::fs::write(path, out).unwrap();
    Some((docs, text_bytes))
}

/// The median time of 3 runs of `biaozhu tag ARGS FILE` (output discarded; must exit 0).
fn time_tag(args: &[&str], file: &Path) -> Duration {
    let runs: Vec<Duration> = (0..3)
        .map(|_| {
            let t = Instant::now();
            succeed(
                bin()
                    .arg("tag")
                    .args(args)
                    .arg(file)
                    .stdout(Stdio::null())
                    .stderr(Stdio::piped()),
            );
            t.elapsed()
        })
        .collect();
    median(runs)
}

/// Trains a model on 300 synthetic documents; returns its path and the training time.
fn train(dir: &Path) -> (PathBuf, Duration) {
    let ds = dir.join("train");
    synth::write_dataset(&ds, 300, 3000, 30).unwrap();
    let model = dir.join("model.bin");
    let t = Instant::now();
    succeed(
        bin()
            .args(["train".as_ref(), ds.as_os_str()])
            .args(["--annotator", "synth", "--out"])
            .arg(&model),
    );
    (model, t.elapsed())
}

fn main() {
    let mb: usize = std::env::var("BIAOZHU_BENCH_MB")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(20);
    let cores = biaozhu::core::suggest::tag_stream::all_cores();
    let all = cores.to_string();
    let tmp = tempfile::tempdir().unwrap();
    let (model, trained) = train(tmp.path());
    let model = model.to_str().unwrap().to_string();
    let synthetic = tmp.path().join("synthetic.jsonl");
    let mut corpora = vec![(
        "synthetic news",
        synthetic.clone(),
        synthetic_corpus(&synthetic, mb << 20),
    )];
    let real = tmp.path().join("real.jsonl");
    if let Some(sizes) = real_corpus(&real, mb << 20) {
        corpora.push(("real articles (../shared/corpus, repeated)", real, sizes));
    }
    println!(
        "model: trained by `biaozhu train` on 300 synthetic documents in {:.1} s; {cores} cores",
        trained.as_secs_f64()
    );
    println!(
        "\n| documents | extractor | output | threads | time | MB/s | MB/s per core | docs/s |"
    );
    println!("|---|---|---|---|---|---|---|---|");
    let setups: [(&str, Vec<&str>); 3] = [
        ("rules", vec![]),
        ("rules", vec!["--output", "table"]),
        ("model", vec!["--model", model.as_str()]),
    ];
    for (name, file, (docs, text_bytes)) in &corpora {
        let text_mb = *text_bytes as f64 / 1e6;
        for (extractor, extra) in &setups {
            for threads in ["1", all.as_str()] {
                let mut args = extra.clone();
                args.extend(["--threads", threads]);
                let secs = time_tag(&args, file).as_secs_f64();
                let n: f64 = threads.parse().unwrap();
                let output = if extra.contains(&"table") {
                    "table"
                } else {
                    "predictions"
                };
                println!(
                    "| {name}: {docs}, {text_mb:.1} MB of text | {extractor} | {output} | {threads} | {secs:.2} s | {:.2} | {:.2} | {:.0} |",
                    text_mb / secs,
                    text_mb / secs / n,
                    *docs as f64 / secs
                );
            }
        }
    }
}
