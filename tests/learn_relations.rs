//! Learned relations through the real binary: `train` learns the annotator's relations beside
//! the spans, `suggest --model` writes learned links with a confidence (also over another
//! annotator's spans with `--link-spans-of`), a model of the previous format is refused, and a
//! bad relation in the training data is reported and skipped.

mod common;
use common::*;
use serde_json::Value;
use std::path::{Path, PathBuf};

fn train(ds: &Path, out: &Path) -> std::process::Output {
    train_sample(ds, out, &[])
}

fn header(model: &Path) -> Value {
    let bytes = std::fs::read(model).unwrap();
    let nl = bytes.iter().position(|&b| b == b'\n').unwrap();
    serde_json::from_slice(&bytes[..nl]).unwrap()
}

fn trained() -> (tempfile::TempDir, PathBuf, PathBuf) {
    let (tmp, ds) = sample_copy();
    let model = tmp.path().join("model.bin");
    let out = train(&ds, &model);
    assert!(out.status.success(), "{}", text(&out));
    assert!(
        text(&out).contains("relations: learned from"),
        "{}",
        text(&out)
    );
    (tmp, ds, model)
}

/// Every relation of `annotator`: its ends exist, it goes from a project, its confidence.
fn relations_of(ds: &Path, annotator: &str) -> Vec<(Value, Option<f64>)> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(ds.join("annotations").join(annotator)).unwrap() {
        let ann = read_json(&entry.unwrap().path());
        let spans = ann["spans"].as_array().unwrap();
        let end = |id: &Value| spans.iter().find(|s| &s["id"] == id).cloned();
        for r in ann["relations"].as_array().unwrap() {
            let from = end(&r["from"]).expect("the from end exists");
            assert!(end(&r["to"]).is_some(), "the to end exists: {r}");
            assert_eq!(from["label"], "project", "{r}");
            out.push((r.clone(), r["confidence"].as_f64()));
        }
    }
    out
}

fn relation_f1(ds: &Path, pred: &str) -> f64 {
    let v = eval_sample(ds, pred, &["--relations"]);
    v["relations"]["strict"]["micro"]["f1"].as_f64().unwrap()
}

#[test]
fn train_learns_relations_and_suggest_writes_them_with_a_confidence() {
    let (_tmp, ds, model) = trained();
    let h = header(&model);
    assert_eq!(h["format_version"], 3);
    let learned = &h["relations"];
    assert!(
        learned["training"]["relations"].as_u64().unwrap() > 10,
        "{learned}"
    );
    assert_eq!(learned["training"]["skipped"], 0);
    assert!(learned["weights"]["has_amount|rule"].as_f64().is_some());
    // The threshold was chosen by cross-validation on the three finished documents.
    assert_eq!(learned["training"]["threshold_folds"], 3);
    let threshold = learned["threshold"].as_f64().unwrap();
    assert!((0.3..=0.8).contains(&threshold), "{threshold}");

    let out = biaozhu(&[&"suggest", &ds, &"--model", &model]);
    assert!(out.status.success(), "{}", text(&out));
    let written = relations_of(&ds, "model-crf");
    assert!(!written.is_empty());
    for (r, p) in &written {
        let p = p.unwrap_or_else(|| panic!("a learned link carries a confidence: {r}"));
        assert!(
            (threshold..=1.0).contains(&p),
            "{r} (threshold {threshold})"
        );
    }
    // Over the annotator's own spans, the learned links reproduce its relations on the text it
    // learned from at least as well as the rules do.
    let links = biaozhu(&[
        &"suggest",
        &ds,
        &"--model",
        &model,
        &"--link-spans-of",
        &"sample",
        &"--annotator",
        &"links-learned",
    ]);
    assert!(links.status.success(), "{}", text(&links));
    let rules = biaozhu(&[
        &"suggest",
        &ds,
        &"--link-spans-of",
        &"sample",
        &"--annotator",
        &"links-rules",
    ]);
    assert!(rules.status.success(), "{}", text(&rules));
    assert!(
        relations_of(&ds, "links-rules")
            .iter()
            .all(|(_, p)| p.is_none())
    );
    let (learned, by_rules) = (
        relation_f1(&ds, "links-learned"),
        relation_f1(&ds, "links-rules"),
    );
    assert!(
        learned >= by_rules && learned >= 0.8,
        "learned {learned}, rules {by_rules}"
    );
    let valid = biaozhu(&[&"validate", &ds]);
    assert!(valid.status.success(), "{}", text(&valid));
}

#[test]
fn a_model_of_the_previous_format_is_refused_train_it_again() {
    let (tmp, ds, model) = trained();
    let good = std::fs::read(&model).unwrap();
    let nl = good.iter().position(|&b| b == b'\n').unwrap();
    let mut old = header(&model);
    old["format_version"] = 2.into();
    old.as_object_mut().unwrap().remove("relations");
    let mut other = header(&model);
    other["relations"]["features"] = "relation-features-0".into();
    let before = tree_hash(&ds);
    for (name, h) in [("version 2", old), ("other relation features", other)] {
        let mut bytes = serde_json::to_vec(&h).unwrap();
        bytes.extend_from_slice(&good[nl..]);
        let path = tmp.path().join("old.bin");
        std::fs::write(&path, bytes).unwrap();
        let r = biaozhu(&[&"suggest", &ds, &"--model", &path]);
        assert_eq!(r.status.code(), Some(1), "{name}: {}", text(&r));
        assert!(text(&r).contains("train it again"), "{name}: {}", text(&r));
        assert!(!text(&r).contains("panicked"), "{}", text(&r));
    }
    assert_eq!(tree_hash(&ds), before, "nothing written");
}

#[test]
fn a_bad_relation_in_the_training_data_is_reported_and_skipped() {
    let (tmp, ds) = sample_copy();
    let file = ds.join("annotations/sample/01-haimen-solar.json");
    let mut ann = read_json(&file);
    let spans = ann["spans"].as_array().unwrap().clone();
    let of = |label: &str| {
        spans
            .iter()
            .find(|s| s["label"] == label)
            .unwrap()
            .get("id")
            .unwrap()
            .clone()
    };
    let (project, region) = (of("project"), of("region"));
    let bad = [
        ("r90", "has_amount", project.clone(), Value::from("s999")),
        ("r91", "has_amount", project.clone(), region.clone()),
        ("r92", "owns", project.clone(), region.clone()),
    ];
    for (id, kind, from, to) in bad {
        ann["relations"]
            .as_array_mut()
            .unwrap()
            .push(serde_json::json!({"id": id, "type": kind, "from": from, "to": to}));
    }
    std::fs::write(&file, serde_json::to_vec_pretty(&ann).unwrap()).unwrap();
    let model = tmp.path().join("m.bin");
    let out = train(&ds, &model);
    assert!(out.status.success(), "{}", text(&out));
    let said = text(&out);
    assert!(!said.contains("panicked"), "{said}");
    for (id, why) in [
        ("r90", "\"s999\" is not among the document's spans"),
        ("r91", "joins a project span to a region span"),
        ("r92", "type \"owns\" is not declared"),
    ] {
        let line = said
            .lines()
            .find(|l| l.contains(&format!("relation \"{id}\"")))
            .unwrap_or_else(|| panic!("{id} reported: {said}"));
        assert!(
            line.contains("01-haimen-solar") && line.contains(why) && line.contains("skipped"),
            "{line}"
        );
    }
    assert!(said.contains("3 skipped as invalid"), "{said}");
    assert_eq!(header(&model)["relations"]["training"]["skipped"], 3);
}

#[test]
fn without_relations_to_learn_from_the_model_links_with_the_rules() {
    let (tmp, ds) = sample_copy();
    for entry in std::fs::read_dir(ds.join("annotations/sample")).unwrap() {
        let path = entry.unwrap().path();
        let mut ann = read_json(&path);
        ann["relations"] = Value::Array(Vec::new());
        std::fs::write(&path, serde_json::to_vec_pretty(&ann).unwrap()).unwrap();
    }
    let model = tmp.path().join("m.bin");
    let out = train(&ds, &model);
    assert!(out.status.success(), "{}", text(&out));
    assert!(
        text(&out).contains("has none to learn from"),
        "{}",
        text(&out)
    );
    assert!(header(&model).get("relations").is_none());
    let out = biaozhu(&[&"suggest", &ds, &"--model", &model]);
    assert!(out.status.success(), "{}", text(&out));
    let written = relations_of(&ds, "model-crf");
    assert!(!written.is_empty(), "the rules link");
    assert!(written.iter().all(|(_, p)| p.is_none()));
}
