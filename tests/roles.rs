//! Labels by role, not by name: a dataset whose four labels are called 项目, 金额, 地区 and 机制
//! (relations' ends renamed with them, roles declared in labels.ron) gets from `suggest`, typed
//! values, `table` and `train` exactly what the same dataset gets under the default names.

mod common;
use common::*;
use serde_json::Value;
use std::path::Path;

/// A span as (document, start, end, label under the default names, attrs as JSON).
type SpanRow = (String, u64, u64, String, String);

type Renames = [(&'static str, &'static str); 4];

/// The names: also known by name when a labels.ron declares no role.
const RENAMES: Renames = [
    ("project", "项目"),
    ("amount", "金额"),
    ("region", "地区"),
    ("mechanism", "机制"),
];

/// Names nothing knows: only the declared roles tell what they are.
const UNKNOWN_NAMES: Renames = [
    ("project", "工程"),
    ("amount", "投资额"),
    ("region", "所在地"),
    ("mechanism", "政策"),
];

/// Renames the labels in `labels.ron` (names and relation ends) and in every annotation file.
fn rename_labels(ds: &Path, renames: &Renames) {
    let path = ds.join("labels.ron");
    let mut ron = std::fs::read_to_string(&path).unwrap();
    for (old, new) in renames {
        for field in ["name", "from", "to"] {
            ron = ron.replace(
                &format!("{field}: \"{old}\""),
                &format!("{field}: \"{new}\""),
            );
        }
    }
    assert!(
        ron.contains("role: Money"),
        "the sample's labels.ron declares roles"
    );
    std::fs::write(&path, ron).unwrap();
    for entry in walk(&ds.join("annotations")) {
        let mut ann: Value =
            serde_json::from_str(&std::fs::read_to_string(&entry).unwrap()).unwrap();
        for span in ann["spans"].as_array_mut().unwrap() {
            let old = span["label"].as_str().unwrap().to_string();
            let new = renames.iter().find(|(o, _)| *o == old).unwrap().1;
            span["label"] = Value::from(new);
        }
        std::fs::write(&entry, serde_json::to_string_pretty(&ann).unwrap()).unwrap();
    }
}

fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else if p.extension().is_some_and(|x| x == "json") {
            out.push(p);
        }
    }
    out.sort();
    out
}

/// Every span of `annotator` as (document, start, end, label under default names, attrs), and
/// every relation as (document, type, from range, to range).
fn annotations(ds: &Path, annotator: &str, renames: &Renames) -> (Vec<SpanRow>, Vec<String>) {
    let back = |l: &str| {
        renames
            .iter()
            .find(|(_, new)| *new == l)
            .map(|(old, _)| old.to_string())
            .unwrap_or(l.to_string())
    };
    let (mut spans, mut relations) = (Vec::new(), Vec::new());
    for file in walk(&ds.join("annotations").join(annotator)) {
        let ann: Value = serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
        let doc = ann["document"].as_str().unwrap().to_string();
        let mut attrs_of = std::collections::BTreeMap::new();
        for s in ann["spans"].as_array().unwrap() {
            let mut attrs = s["attrs"].clone();
            if let Some(a) = attrs.as_object_mut() {
                a.remove("confidence");
            }
            attrs_of.insert(
                s["id"].as_str().unwrap().to_string(),
                (s["start"].as_u64().unwrap(), s["end"].as_u64().unwrap()),
            );
            spans.push((
                doc.clone(),
                s["start"].as_u64().unwrap(),
                s["end"].as_u64().unwrap(),
                back(s["label"].as_str().unwrap()),
                attrs.to_string(),
            ));
        }
        for r in ann["relations"].as_array().unwrap() {
            let end = |k: &str| attrs_of[r[k].as_str().unwrap()];
            relations.push(format!(
                "{doc} {} {:?} {:?}",
                r["type"],
                end("from"),
                end("to")
            ));
        }
    }
    spans.sort();
    relations.sort();
    (spans, relations)
}

fn run_ok(args: &[&dyn AsRef<std::ffi::OsStr>]) -> String {
    let out = biaozhu(args);
    assert!(out.status.success(), "{}", text(&out));
    String::from_utf8_lossy(&out.stdout).to_string()
}

#[test]
fn renamed_labels_keep_suggestions_typed_values_the_table_and_training() {
    renamed_labels_work_unchanged(&RENAMES);
}

#[test]
fn labels_with_names_nothing_knows_work_by_their_declared_roles() {
    renamed_labels_work_unchanged(&UNKNOWN_NAMES);
}

fn renamed_labels_work_unchanged(renames: &Renames) {
    let (_keep_a, plain) = sample_copy();
    let (_keep_b, renamed) = sample_copy();
    rename_labels(&renamed, renames);
    run_ok(&[&"validate", &renamed]);

    // The rules: the same spans with the same typed values, and the same relations.
    for ds in [&plain, &renamed] {
        run_ok(&[&"suggest", ds]);
    }
    let (plain_spans, plain_relations) = annotations(&plain, "model-rules", renames);
    let (renamed_spans, renamed_relations) = annotations(&renamed, "model-rules", renames);
    assert!(
        plain_spans
            .iter()
            .any(|s| s.3 == "amount" && s.4.contains("\"value\""))
    );
    assert!(
        plain_spans
            .iter()
            .any(|s| s.3 == "region" && s.4.contains("\"adcode\""))
    );
    assert!(!plain_relations.is_empty());
    assert_eq!(plain_spans, renamed_spans);
    assert_eq!(plain_relations, renamed_relations);
    let raw =
        std::fs::read_to_string(walk(&renamed.join("annotations/model-rules"))[0].clone()).unwrap();
    let amount = format!("\"{}\"", renames[1].1);
    assert!(
        raw.contains(&amount) && !raw.contains("\"amount\""),
        "{raw}"
    );

    // The table: the same rows, with values and adcodes.
    let table = |ds: &Path| {
        run_ok(&[
            &"table",
            &format!("{}#model-rules", ds.display()),
            &"--format",
            &"jsonl",
            &"--out",
            &"-",
        ])
    };
    let (plain_table, renamed_table) = (table(&plain), table(&renamed));
    assert!(plain_table.contains("\"amount_value\":") && plain_table.contains("\"adcode\":\""));
    assert!(!plain_table.trim().is_empty());
    assert_eq!(plain_table, renamed_table);

    // Training and learned suggestions: the same model, the same spans.
    for ds in [&plain, &renamed] {
        let model = ds.join("m.bin");
        run_ok(&[&"train", ds, &"--annotator", &"sample", &"--out", &model]);
        run_ok(&[
            &"suggest",
            ds,
            &"--model",
            &model,
            &"--annotator",
            &"model-crf",
        ]);
    }
    let (plain_learned, _) = annotations(&plain, "model-crf", renames);
    let (renamed_learned, _) = annotations(&renamed, "model-crf", renames);
    assert!(
        plain_learned
            .iter()
            .any(|s| s.3 == "amount" && s.4.contains("\"value\""))
    );
    assert_eq!(plain_learned, renamed_learned);
}

#[test]
fn without_declarations_default_names_keep_todays_behaviour() {
    let (_keep, ds) = sample_copy();
    let path = ds.join("labels.ron");
    let ron: String = std::fs::read_to_string(&path)
        .unwrap()
        .lines()
        .filter(|l| !l.trim_start().starts_with("role:"))
        .collect::<Vec<_>>()
        .join("\n");
    std::fs::write(&path, ron).unwrap();
    run_ok(&[&"suggest", &ds]);
    let (spans, relations) = annotations(&ds, "model-rules", &RENAMES);
    assert!(
        spans
            .iter()
            .any(|s| s.3 == "amount" && s.4.contains("\"value\""))
    );
    assert!(
        spans
            .iter()
            .any(|s| s.3 == "region" && s.4.contains("\"adcode\""))
    );
    assert!(!relations.is_empty());
}
