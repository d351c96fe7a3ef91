//! Learned suggestions through the real binary: `train`, `suggest --model` and `queue` on a
//! copy of the sample; determinism; every bad input is an error that writes nothing.

mod common;
use common::*;
use std::path::{Path, PathBuf};

fn train(ds: &Path, out: &Path, extra: &[&str]) -> std::process::Output {
    train_sample(ds, out, extra)
}

fn trained() -> (tempfile::TempDir, PathBuf, PathBuf) {
    trained_sample()
}

fn strict(ds: &Path, pred: &str) -> serde_json::Value {
    eval_sample(ds, pred, &[])
}

#[test]
fn a_model_trained_on_the_sample_tags_it_well_with_confidences_and_relations() {
    let (_tmp, ds, model) = trained();
    let out = biaozhu(&[&"suggest", &ds, &"--model", &model]);
    assert!(out.status.success(), "{}", text(&out));
    assert!(text(&out).contains("as model-crf"), "{}", text(&out));
    let v = strict(&ds, "model-crf");
    let f1 = v["overall"]["strict"]["f1"].as_f64().unwrap();
    assert!(f1 >= 0.85, "strict F1 {f1} on its own training text\n{v}");
    let mut relations = 0;
    for entry in std::fs::read_dir(ds.join("annotations/model-crf")).unwrap() {
        let ann = read_json(&entry.unwrap().path());
        relations += ann["relations"].as_array().unwrap().len();
        for s in ann["spans"].as_array().unwrap() {
            let p = s["attrs"]["confidence"].as_f64().unwrap();
            assert!((0.0..=1.0).contains(&p), "{s}");
            if s["label"] == "amount" {
                assert!(s["attrs"].get("value").is_some(), "typed values: {s}");
            }
        }
    }
    assert!(relations > 0);
    let valid = biaozhu(&[&"validate", &ds]);
    assert!(valid.status.success(), "{}", text(&valid));
    // Without --model the rules run as before.
    let rules = biaozhu(&[&"suggest", &ds]);
    assert!(text(&rules).contains("as model-rules"), "{}", text(&rules));
}

#[test]
fn the_same_seed_gives_the_same_bytes_and_the_summary_says_what_happened() {
    let (tmp, ds) = sample_copy();
    let (a, b, c) = (
        tmp.path().join("a"),
        tmp.path().join("b"),
        tmp.path().join("c"),
    );
    let first = train(&ds, &a, &["--seed", "7"]);
    assert!(
        text(&first).contains("trained on 3 documents"),
        "{}",
        text(&first)
    );
    assert!(
        text(&first).contains("too few documents"),
        "{}",
        text(&first)
    );
    assert!(
        text(&first).contains("left out 1 documents"),
        "{}",
        text(&first)
    );
    train(&ds, &b, &["--seed", "7"]);
    train(&ds, &c, &["--seed", "8"]);
    assert_eq!(std::fs::read(&a).unwrap(), std::fs::read(&b).unwrap());
    assert_ne!(std::fs::read(&a).unwrap(), std::fs::read(&c).unwrap());
    // Rule dropout is drawn from the seed too, and it changes what is learned.
    let d = tmp.path().join("d");
    train(&ds, &d, &["--seed", "7", "--rule-dropout", "0"]);
    assert_ne!(std::fs::read(&a).unwrap(), std::fs::read(&d).unwrap());
    let header = std::fs::read(&a).unwrap();
    let line = header.split(|&b| b == b'\n').next().unwrap();
    let h: serde_json::Value = serde_json::from_slice(line).unwrap();
    assert_eq!(h["format"], "biaozhu-model");
    assert_eq!(h["format_version"], 3);
    assert_eq!(h["training"]["seed"], 7);
    assert_eq!(h["training"]["rule_dropout"], 0.2);
    assert_eq!(h["training"]["documents"], 3);
    assert_eq!(h["labels"].as_array().unwrap().len(), 4);
    // A model inside the dataset folder does not disturb validate.
    std::fs::copy(&a, ds.join("model.bin")).unwrap();
    std::fs::create_dir_all(ds.join("models")).unwrap();
    std::fs::copy(&a, ds.join("models/m.json")).unwrap();
    let valid = biaozhu(&[&"validate", &ds]);
    assert!(valid.status.success(), "{}", text(&valid));
}

#[test]
fn bad_training_input_is_an_error_and_writes_nothing() {
    let (tmp, ds) = sample_copy();
    let before = tree_hash(&ds);
    let out = tmp.path().join("m");
    let cases: [(&[&str], i32, &str); 10] = [
        (
            &["--docs", "01-haimen-solar,nope"],
            2,
            "no document \"nope\"",
        ),
        (&["--exclude-docs", "nope"], 2, "no document \"nope\""),
        (&["--docs", "04-qidong-services"], 2, "no spans"),
        (&["--epochs", "0"], 2, "0 is not in 1..=1000"),
        (&["--epochs", "1001"], 2, "1001 is not in 1..=1000"),
        (&["--epochs=-3"], 2, "--epochs"),
        (&["--epochs", "many"], 2, "--epochs"),
        (&["--epochs", "99999999999999999999"], 2, "--epochs"),
        (&["--rule-dropout", "1"], 2, "--rule-dropout in [0, 1)"),
        (&["--rule-dropout=-0.1"], 2, "--rule-dropout in [0, 1)"),
    ];
    for (extra, code, message) in cases {
        let r = train(&ds, &out, extra);
        assert_eq!(r.status.code(), Some(code), "{extra:?}: {}", text(&r));
        assert!(text(&r).contains(message), "{extra:?}: {}", text(&r));
        assert!(!text(&r).contains("panicked"), "{}", text(&r));
        assert!(!out.exists(), "{extra:?} wrote a model");
    }
    let nobody = biaozhu(&[&"train", &ds, &"--annotator", &"nobody", &"--out", &out]);
    assert_eq!(nobody.status.code(), Some(2), "{}", text(&nobody));
    assert!(text(&nobody).contains("no spans"), "{}", text(&nobody));
    assert!(!out.exists());
    assert_eq!(tree_hash(&ds), before);
}

#[test]
fn a_warm_start_continues_the_last_model_and_falls_back_when_it_cannot() {
    let (tmp, ds, model) = trained();
    let warm = tmp.path().join("warm.bin");
    let from = model.to_str().unwrap();
    // The sample is small: by default a warm start trains afresh there, and says why.
    let args = ["--warm-from", from, "--changed-docs", "01-haimen-solar"];
    let out = train(&ds, &warm, &args);
    assert!(out.status.success(), "{}", text(&out));
    assert!(
        text(&out).contains("no warm start (the documents are few enough that a full training"),
        "{}",
        text(&out)
    );
    // With the minimum lowered, it continues the last model.
    let args = [&args[..], &["--warm-min-docs", "0"]].concat();
    let out = train(&ds, &warm, &args);
    assert!(out.status.success(), "{}", text(&out));
    assert!(
        text(&out).contains("warm start from") && text(&out).contains("fitted 3 documents"),
        "{}",
        text(&out)
    );
    assert_ne!(
        std::fs::read(&warm).unwrap(),
        std::fs::read(&model).unwrap()
    );
    // The warm model suggests as a model does.
    let suggest = biaozhu(&[&"suggest", &ds, &"--model", &warm, &"--annotator", &"warm"]);
    assert!(suggest.status.success(), "{}", text(&suggest));
    let score = strict(&ds, "warm");
    assert!(
        score["overall"]["strict"]["f1"].as_f64().unwrap() > 0.5,
        "{score}"
    );
    // Without a model to start from, or with a document that is not there: usage errors.
    let lone = tmp.path().join("lone.bin");
    let r = train(&ds, &lone, &["--changed-docs", "01-haimen-solar"]);
    assert_eq!(r.status.code(), Some(2), "{}", text(&r));
    assert!(text(&r).contains("--warm-from"), "{}", text(&r));
    let r = train(&ds, &lone, &["--warm-from", from, "--changed-docs", "nope"]);
    assert_eq!(r.status.code(), Some(2), "{}", text(&r));
    assert!(text(&r).contains("no document \"nope\""), "{}", text(&r));
    assert!(!lone.exists());
    // A last model whose labels are not the dataset's (here in another order) is not
    // continued: training starts from nothing and says so.
    let bytes = std::fs::read(&model).unwrap();
    let nl = bytes.iter().position(|&b| b == b'\n').unwrap();
    let mut header: serde_json::Value = serde_json::from_slice(&bytes[..nl]).unwrap();
    header["labels"].as_array_mut().unwrap().reverse();
    let mut other = serde_json::to_vec(&header).unwrap();
    other.extend_from_slice(&bytes[nl..]);
    let reordered = tmp.path().join("reordered.bin");
    std::fs::write(&reordered, other).unwrap();
    let r = train(&ds, &lone, &["--warm-from", reordered.to_str().unwrap()]);
    assert!(r.status.success(), "{}", text(&r));
    assert!(
        text(&r).contains("no warm start (the labels have changed since the last model)"),
        "{}",
        text(&r)
    );
}

#[test]
fn damaged_foreign_and_newer_models_are_errors_not_panics() {
    let (tmp, ds, model) = trained();
    let good = std::fs::read(&model).unwrap();
    let nl = good.iter().position(|&b| b == b'\n').unwrap();
    let header: serde_json::Value = serde_json::from_slice(&good[..nl]).unwrap();
    let with_header = |h: &serde_json::Value| {
        let mut bytes = serde_json::to_vec(h).unwrap();
        bytes.extend_from_slice(&good[nl..]);
        bytes
    };
    let mut newer = header.clone();
    newer["format_version"] = 4.into();
    let mut older = header.clone();
    older["format_version"] = 1.into();
    let mut foreign = header.clone();
    foreign["format"] = "something-else".into();
    let mut rows = header.clone();
    rows["body"]["rows"] = (header["body"]["rows"].as_u64().unwrap() + 1).into();
    let mut flipped = good.clone();
    let last = flipped.len() - 1;
    flipped[last] ^= 0x55;
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        ("truncated", good[..good.len() / 2].to_vec(), "truncated"),
        (
            "header cut",
            good[..nl / 2].to_vec(),
            "not a biaozhu model file",
        ),
        ("empty", Vec::new(), "not a biaozhu model file"),
        ("newer", with_header(&newer), "newer"),
        ("older", with_header(&older), "train it again"),
        ("foreign", with_header(&foreign), "not a biaozhu model file"),
        ("wrong shape", with_header(&rows), "rows"),
        ("flipped byte", flipped, "sha256"),
        (
            "a dataset file",
            std::fs::read(ds.join("dataset.json")).unwrap(),
            "not a biaozhu model file",
        ),
    ];
    let before = tree_hash(&ds);
    let bad = tmp.path().join("bad.bin");
    for (name, bytes, message) in cases {
        std::fs::write(&bad, bytes).unwrap();
        for args in [vec!["suggest", "--model"], vec!["queue", "--model"]] {
            let r = biaozhu(&[&args[0], &ds, &args[1], &bad]);
            assert_eq!(r.status.code(), Some(1), "{name}: {}", text(&r));
            assert!(text(&r).contains(message), "{name}: {}", text(&r));
            assert!(!text(&r).contains("panicked"), "{name}: {}", text(&r));
        }
    }
    let missing = biaozhu(&[&"suggest", &ds, &"--model", &tmp.path().join("none")]);
    assert_eq!(missing.status.code(), Some(2), "{}", text(&missing));
    assert_eq!(tree_hash(&ds), before, "nothing was written");
}

#[test]
fn the_queue_ranks_unfinished_documents_and_folds_near_duplicates() {
    let (tmp, ds, model) = trained();
    let text01 = read_json(&ds.join("documents/01-haimen-solar.json"))["text"]
        .as_str()
        .unwrap()
        .to_string();
    let articles = tmp.path().join("articles");
    std::fs::create_dir_all(&articles).unwrap();
    std::fs::write(articles.join("copy-a.txt"), format!("{text01}\n本报讯")).unwrap();
    std::fs::write(articles.join("copy-b.txt"), format!("{text01}\n本报记者")).unwrap();
    std::fs::write(
        articles.join("other.txt"),
        "如皋市推行拿地即开工，智能制造产业园项目总投资20亿元，由南通某集团投资建设。\n\
         该项目实行全程代办，预计年底投产。",
    )
    .unwrap();
    let imported = biaozhu(&[&"import", &ds, &articles, &"--quiet"]);
    assert!(imported.status.success(), "{}", text(&imported));
    let out = biaozhu(&[&"queue", &ds, &"--model", &model, &"--format", &"json"]);
    assert!(out.status.success(), "{}", text(&out));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let list = v.as_array().unwrap();
    // 04 is in progress; the three imports have no annotation; 01-03 are finished.
    let ids: Vec<&str> = list
        .iter()
        .map(|e| e["document"].as_str().unwrap())
        .collect();
    assert_eq!(list.len(), 3, "{v}");
    assert!(ids.contains(&"04-qidong-services"), "{ids:?}");
    assert!(
        !ids.iter()
            .any(|i| i.starts_with("01") || i.starts_with("02")),
        "{ids:?}"
    );
    let dup: Vec<&serde_json::Value> = list
        .iter()
        .filter(|e| !e["duplicates"].as_array().unwrap().is_empty())
        .collect();
    assert_eq!(dup.len(), 1, "{v}");
    assert!(
        dup[0]["document"].as_str().unwrap().starts_with("copy"),
        "{v}"
    );
    let scores: Vec<f64> = list.iter().map(|e| e["score"].as_f64().unwrap()).collect();
    assert!(scores.windows(2).all(|w| w[0] >= w[1]), "{scores:?}");
    for e in list {
        for key in ["uncertainty", "representativeness"] {
            let x = e[key].as_f64().unwrap();
            assert!((0.0..=1.0).contains(&x), "{e}");
        }
        assert!(e["title"].is_string());
    }
    let plain = biaozhu(&[&"queue", &ds, &"--model", &model]);
    assert!(text(&plain).contains("near-duplicate"), "{}", text(&plain));
}
