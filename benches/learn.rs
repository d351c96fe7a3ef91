//! Learned suggestions, timed: `biaozhu train` (the real binary, default options) on 1,000
//! synthetic 3,000-character documents with 30 spans each (budget 60 s on the 2-core machine);
//! tagging one 3,000-character document with the trained model, in process, model loaded
//! (median of 21; budget 20 ms); tagging a 1 MB document (median of 3; budget 1 s). Run with
//! `cargo bench --no-default-features --bench learn`; BIAOZHU_BENCH_DOCS sets the document count.

use biaozhu::core::data::synth;
use biaozhu::core::suggest::learn::tag::Model;
use biaozhu::core::suggest::rules::{DEFAULT_RULES_RON, Rules};
use std::process::Command;
use std::time::{Duration, Instant};

fn median(mut runs: Vec<Duration>) -> Duration {
    runs.sort();
    runs[runs.len() / 2]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn main() {
    let docs: usize = std::env::var("BIAOZHU_BENCH_DOCS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1000);
    let tmp = tempfile::tempdir().unwrap();
    let ds = tmp.path().join("synthetic");
    synth::write_dataset(&ds, docs, 3000, 30).unwrap();
    let model_path = tmp.path().join("model.bin");
    let t = Instant::now();
    let out = Command::new(env!("CARGO_BIN_EXE_biaozhu"))
        .args(["train".as_ref(), ds.as_os_str()])
        .args(["--annotator", "synth", "--out"])
        .arg(&model_path)
        .output()
        .unwrap();
    let train = t.elapsed();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let summary = String::from_utf8_lossy(&out.stdout).into_owned();

    let model = Model::load(&model_path).unwrap();
    let rules = Rules::from_ron(DEFAULT_RULES_RON).unwrap();
    let mut rng = synth::Rng::new(99);
    let (one, _) = synth::article(&mut rng, 3000, 30);
    let _ = model.tag(&one, &rules);
    let one_doc = median(
        (0..21)
            .map(|_| {
                let t = Instant::now();
                std::hint::black_box(model.tag(&one, &rules));
                t.elapsed()
            })
            .collect(),
    );
    let (big, _) = synth::article(&mut rng, 330_000, 3300);
    let big_doc = median(
        (0..3)
            .map(|_| {
                let t = Instant::now();
                std::hint::black_box(model.tag(&big, &rules));
                t.elapsed()
            })
            .collect(),
    );
    print!("{summary}");
    println!("\n| figure | value | budget |\n|---|---|---|");
    println!(
        "| `biaozhu train` on {docs} documents of 3,000 characters, 30 spans each | {:.1} s | 60 s |",
        train.as_secs_f64()
    );
    println!(
        "| model file | {:.1} MB | |",
        std::fs::metadata(&model_path).unwrap().len() as f64 / 1e6
    );
    println!(
        "| tag one 3,000-character document (median of 21) | {:.1} ms | 20 ms |",
        ms(one_doc)
    );
    println!(
        "| tag a 1 MB document ({} characters, median of 3) | {:.0} ms | 1000 ms |",
        big.chars().count(),
        ms(big_doc)
    );
}
