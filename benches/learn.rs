//! Learned suggestions, timed on data a model cannot fit early: `biaozhu train` (the real binary,
//! default options, 20 epochs) on 1,000 synthetic 3,000-character documents with 30 spans each
//! from `core::data::synth_news` (varied templates, names put together from parts, unlabelled
//! places in company names and unlabelled revenue amounts, an annotator who misses one name in
//! fifteen) and 10 relations each (the linker is trained too), budget 60 s on the 2-core machine; the wall time, the CPU time of the training
//! process and how many epochs it ran (all 20, or the figure is not the budget's); tagging one
//! 3,000-character document with the trained model, in process, model loaded (median of 21;
//! budget 20 ms); tagging a 1 MB document (median of 3; budget 1 s); then the app's warm start:
//! with 50 documents held out and 3 left out, a model of the rest, then a warm retrain with the 3
//! (`--warm-from`, budget 10 s) and a full one, and their strict F1 on the 50 (within 0.01;
//! with at least 100 documents; BIAOZHU_BENCH_NO_WARM=1 skips it). Run with
//! `cargo bench --bench learn`; BIAOZHU_BENCH_DOCS sets the document count,
//! BIAOZHU_BENCH_DIR keeps the dataset in that folder (made when missing) for `perf` or
//! `biaozhu train` by hand.

#[path = "common/util.rs"]
mod util;
use util::{median, ms, succeed};

use biaozhu::core::data::{synth, synth_news};
use biaozhu::core::suggest::learn::tag::Model;
use biaozhu::core::suggest::rules::{DEFAULT_RULES_RON, Rules};
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

const EPOCHS: usize = 20;
/// Relations per document (from each project to the amount, region and mechanism after it), so
/// that the linker is trained as on a team's data and its time is in the figures.
const RELATIONS: usize = 10;

/// The CPU time (user and system) of the child processes that have ended.
fn children_cpu() -> Duration {
    // SAFETY: getrusage fills the struct it is given.
    let usage = unsafe {
        let mut usage = std::mem::zeroed::<libc::rusage>();
        libc::getrusage(libc::RUSAGE_CHILDREN, &mut usage);
        usage
    };
    let tv = |t: libc::timeval| Duration::new(t.tv_sec as u64, t.tv_usec as u32 * 1000);
    tv(usage.ru_utime) + tv(usage.ru_stime)
}

/// The number after `word` in `text` ("20 epochs" gives 20 for "epochs").
fn number_before(text: &str, word: &str) -> Option<usize> {
    let at = text.find(&format!(" {word}"))?;
    let last = text[..at].rsplit([' ', '(']).next()?;
    last.parse().ok()
}

/// Trains with the real binary: the wall time, its CPU time and what it printed.
fn train(ds: &Path, model: &Path) -> (Duration, Duration, String) {
    train_with(ds, model, &[])
}

/// [`train`] with more arguments.
fn train_with(ds: &Path, model: &Path, extra: &[&str]) -> (Duration, Duration, String) {
    let cpu = children_cpu();
    let t = Instant::now();
    let out = succeed(
        Command::new(env!("CARGO_BIN_EXE_biaozhu"))
            .args(["train".as_ref(), ds.as_os_str()])
            .args([
                "--annotator",
                "synth",
                "--epochs",
                &EPOCHS.to_string(),
                "--out",
            ])
            .arg(model)
            .args(extra),
    );
    let wall = t.elapsed();
    let summary = String::from_utf8_lossy(&out.stdout).into_owned();
    (wall, children_cpu() - cpu, summary)
}

/// Runs the real binary with `args`, which must succeed: what it printed.
fn run(args: &[&std::ffi::OsStr]) -> String {
    let out = succeed(Command::new(env!("CARGO_BIN_EXE_biaozhu")).args(args));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The strict F1 of `model`'s spans on the documents `held` of `ds`, against synth's (`biaozhu
/// suggest --model --docs`, then the two annotators' files of those documents compared; `eval`
/// would count the other documents as predicted empty).
fn held_out_f1(ds: &Path, model: &Path, held: &str, as_annotator: &str) -> f64 {
    let os = |s: &str| std::ffi::OsString::from(s);
    run(&[
        &os("suggest"),
        ds.as_os_str(),
        &os("--model"),
        model.as_os_str(),
        &os("--docs"),
        &os(held),
        &os("--annotator"),
        &os(as_annotator),
    ]);
    let spans = |who: &str, id: &str| -> std::collections::BTreeSet<(u64, u64, String)> {
        let file = ds.join("annotations").join(who).join(format!("{id}.json"));
        let v: serde_json::Value = serde_json::from_slice(&std::fs::read(file).unwrap()).unwrap();
        v["spans"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| {
                let n = |k: &str| s[k].as_u64().unwrap();
                (
                    n("start"),
                    n("end"),
                    s["label"].as_str().unwrap().to_string(),
                )
            })
            .collect()
    };
    let (mut correct, mut total) = (0, 0);
    for id in held.split(',') {
        let (gold, pred) = (spans("synth", id), spans(as_annotator, id));
        correct += gold.intersection(&pred).count();
        total += gold.len() + pred.len();
    }
    2.0 * correct as f64 / total.max(1) as f64
}

/// The app's case: a model of all but 3 documents (and 50 held out for scoring), then those 3
/// marked done. A warm retrain (`--warm-from`, as the app's background retraining) against a
/// full one: their times and their strict F1 on the 50 held-out documents.
fn warm_against_full(ds: &Path, dir: &Path, docs: usize) {
    let id = |i: usize| format!("doc-{i:05}");
    let held: Vec<String> = (docs - 50..docs).map(id).collect();
    let new: Vec<String> = (0..3).map(id).collect();
    let (held, new) = (held.join(","), new.join(","));
    let last = dir.join("last.bin");
    let before = format!("{held},{new}");
    let base = ["--holdout", "0", "--exclude-docs"];
    let (t_last, _, _) = train_with(ds, &last, &[&base[..], &[before.as_str()]].concat());
    let warm = dir.join("warm.bin");
    let from = last.to_str().unwrap();
    let more = [held.as_str(), "--warm-from", from, "--changed-docs", &new];
    let (t_warm, cpu_warm, said) = train_with(ds, &warm, &[&base[..], &more[..]].concat());
    let fitted = said
        .lines()
        .find(|l| l.starts_with("warm start"))
        .unwrap_or("NO WARM START")
        .to_string();
    let full = dir.join("full.bin");
    let (t_full, _, _) = train_with(ds, &full, &[&base[..], &[held.as_str()]].concat());
    let f1_warm = held_out_f1(ds, &warm, &held, "warm");
    let f1_full = held_out_f1(ds, &full, &held, "full");
    let f1_last = held_out_f1(ds, &last, &held, "last");
    println!("\n{fitted}");
    println!("what the warm retrain printed:");
    said.lines().for_each(|l| println!("    {l}"));
    println!(
        "\n| warm start: {docs} documents, 3 new, 50 held out | time | strict F1 on the 50 |\n|---|---|---|"
    );
    println!(
        "| last model (without the 3) | {:.1} s | {f1_last:.4} |",
        t_last.as_secs_f64()
    );
    println!(
        "| warm retrain with the 3 (budget 10 s) | {:.1} s ({:.1} s CPU) | {f1_warm:.4} |",
        t_warm.as_secs_f64(),
        cpu_warm.as_secs_f64()
    );
    println!(
        "| full retrain with the 3 | {:.1} s | {f1_full:.4} |",
        t_full.as_secs_f64()
    );
    println!(
        "| warm minus full (budget: within 0.01) | | {:+.4} |",
        f1_warm - f1_full
    );
}

fn main() {
    let docs = util::docs(1000);
    let tmp = tempfile::tempdir().unwrap();
    let ds = std::env::var_os("BIAOZHU_BENCH_DIR")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| tmp.path().join("synthetic"));
    if !ds.join("annotations").exists() {
        synth_news::write_dataset(&ds, docs, 3000, 30, RELATIONS).unwrap();
    }
    let model_path = tmp.path().join("model.bin");
    let (wall, cpu, summary) = train(&ds, &model_path);
    let epochs = number_before(&summary, "epochs").unwrap_or(0);
    let characters = number_before(&summary, "characters").unwrap_or(0);
    let spans = number_before(&summary, "spans").unwrap_or(0);

    let model = Model::load(&model_path).unwrap();
    let rules = Rules::from_ron(DEFAULT_RULES_RON).unwrap();
    let mut rng = synth::Rng::new(99);
    let (one, _) = synth_news::article(&mut rng, 3000, 30);
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
    let (big, _) = synth_news::article(&mut rng, 330_000, 3300);
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
    if epochs != EPOCHS {
        println!(
            "\nWARNING: training ran {epochs} epochs, not {EPOCHS}: the data was fitted early and \
             the time below is not the budget's"
        );
    }
    println!("\n| figure | value | budget |\n|---|---|---|");
    println!(
        "| `biaozhu train` on {docs} documents ({characters} characters, {spans} spans, 90% \
         trained on), {epochs} epochs run | {:.1} s wall, {:.2} s per epoch overall | 60 s |",
        wall.as_secs_f64(),
        wall.as_secs_f64() / epochs.max(1) as f64
    );
    println!(
        "| its CPU time | {:.1} s ({:.0}% of one core) | both cores busy |",
        cpu.as_secs_f64(),
        100.0 * cpu.as_secs_f64() / wall.as_secs_f64()
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
    if docs >= 100 && std::env::var_os("BIAOZHU_BENCH_NO_WARM").is_none() {
        warm_against_full(&ds, tmp.path(), docs);
    }
}
