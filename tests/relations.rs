//! Relations and the investment table through the real binary: `eval --relations` on
//! predictions with known relation errors, `eval` on the minimal lines an extractor writes,
//! `agree` with relations, and `table` as CSV (BOM, RFC 4180) and JSONL.

mod common;
use common::*;
use serde_json::{Value, json};

fn export_jsonl(ds: &std::path::Path, out: &std::path::Path) -> Vec<Value> {
    let r = biaozhu(&[&"export", &ds, &"--format", &"jsonl", &"--out", &out]);
    assert_eq!(r.status.code(), Some(0), "{}", text(&r));
    read_jsonl(out)
}

/// The sample against itself scores 1; dropping one relation per document and retyping another
/// gives exactly the counts computed by hand.
#[test]
fn eval_relations_counts_missing_and_wrong_type() {
    let (tmp, ds) = sample_copy();
    let gold = tmp.path().join("gold.jsonl");
    let mut lines = export_jsonl(&ds, &gold);
    let total: usize = lines
        .iter()
        .map(|l| l["relations"].as_array().unwrap().len())
        .sum();
    assert!(total >= 8, "the sample has relations to score");
    let (mut dropped, mut retyped) = (0, 0);
    for l in &mut lines {
        let rels = l["relations"].as_array_mut().unwrap();
        if rels.len() >= 2 {
            rels.pop();
            dropped += 1;
            // has_amount between a project and a region is the wrong type: one FP and one FN.
            rels[0]["type"] = json!("wrong_type");
            retyped += 1;
        }
    }
    let pred = tmp.path().join("pred.jsonl");
    write_jsonl(&pred, &lines);
    let r = biaozhu(&[
        &"eval",
        &"--gold",
        &gold,
        &"--pred",
        &pred,
        &"--relations",
        &"--format",
        &"json",
    ]);
    assert_eq!(r.status.code(), Some(0), "{}", text(&r));
    let v: Value = serde_json::from_slice(&r.stdout).unwrap();
    for matching in ["strict", "lenient"] {
        let m = &v["relations"][matching]["micro"];
        assert_eq!(m["tp"], json!(total - dropped - retyped), "{matching}");
        assert_eq!(m["fn"], json!(dropped + retyped), "{matching}");
        assert_eq!(m["fp"], json!(retyped), "{matching}");
        assert_eq!(
            v["relations"][matching]["types"]["wrong_type"]["fp"],
            json!(retyped)
        );
    }
    // The gate applies to relation F1 under --scheme strict.
    let r = biaozhu(&[
        &"eval",
        &"--gold",
        &gold,
        &"--pred",
        &pred,
        &"--relations",
        &"--scheme",
        &"strict",
        &"--min-f1",
        &"0.99",
    ]);
    assert_eq!(r.status.code(), Some(1), "{}", text(&r));
    let r = biaozhu(&[
        &"eval",
        &"--gold",
        &gold,
        &"--pred",
        &pred,
        &"--relations",
        &"--scheme",
        &"partial",
    ]);
    assert_eq!(
        r.status.code(),
        Some(2),
        "partial is a span schema: {}",
        text(&r)
    );
}

/// Lines of just id, text and spans (start, end, label) are scored, with the assumptions said;
/// a covered text that does not match names the line.
#[test]
fn eval_takes_minimal_prediction_lines() {
    let (tmp, ds) = sample_copy();
    let gold = tmp.path().join("gold.jsonl");
    let lines = export_jsonl(&ds, &gold);
    let minimal: Vec<Value> = lines
        .iter()
        .map(|l| {
            let spans: Vec<Value> = l["spans"]
                .as_array()
                .unwrap()
                .iter()
                .map(|s| json!({"start": s["start"], "end": s["end"], "label": s["label"]}))
                .collect();
            json!({"id": l["id"], "text": l["text"], "spans": spans})
        })
        .collect();
    let pred = tmp.path().join("pred.jsonl");
    write_jsonl(&pred, &minimal);
    let r = biaozhu(&[
        &"eval",
        &"--gold",
        &gold,
        &"--pred",
        &pred,
        &"--format",
        &"json",
    ]);
    assert_eq!(r.status.code(), Some(0), "{}", text(&r));
    let v: Value = serde_json::from_slice(&r.stdout).unwrap();
    assert_eq!(v["overall"]["strict"]["f1"], 1.0);
    let err = String::from_utf8_lossy(&r.stderr);
    assert!(err.contains("without `sha256`"), "{err}");
    // Without text: assumed to be the gold's text, still scored.
    let no_text: Vec<Value> = minimal
        .iter()
        .map(|l| json!({"id": l["id"], "spans": l["spans"]}))
        .collect();
    write_jsonl(&pred, &no_text);
    let r = biaozhu(&[
        &"eval",
        &"--gold",
        &gold,
        &"--pred",
        &pred,
        &"--format",
        &"json",
    ]);
    assert_eq!(r.status.code(), Some(0), "{}", text(&r));
    assert!(String::from_utf8_lossy(&r.stderr).contains("without `text`"));
    // A stated covered text that the offsets do not cover: exit 1, the file and line named as
    // FILE:LINE.
    let mut bad = minimal.clone();
    bad[1]["spans"][0]["text"] = json!("不对");
    write_jsonl(&pred, &bad);
    let r = biaozhu(&[&"eval", &"--gold", &gold, &"--pred", &pred]);
    assert_eq!(r.status.code(), Some(1));
    let err = String::from_utf8_lossy(&r.stderr);
    assert!(
        err.contains("pred.jsonl:2: ") && err.contains("不对"),
        "{err}"
    );
}

/// The table: header exactly the contract's columns, BOM and CRLF, a row per project with a
/// relation, and the same rows as JSONL.
#[test]
fn table_csv_and_jsonl() {
    let (tmp, ds) = sample_copy();
    let csv = tmp.path().join("t.csv");
    let r = biaozhu(&[&"table", &ds, &"--format", &"csv", &"--out", &csv]);
    assert_eq!(r.status.code(), Some(0), "{}", text(&r));
    let bytes = std::fs::read(&csv).unwrap();
    assert!(bytes.starts_with("\u{feff}".as_bytes()));
    let body = String::from_utf8(bytes[3..].to_vec()).unwrap();
    let header = body.split("\r\n").next().unwrap();
    assert_eq!(
        header,
        "document,title,date,project,project_start,project_end,amount,amount_value,currency,qualifier,value_min,value_max,region,adcode,canonical,mechanisms"
    );
    let jsonl = tmp.path().join("t.jsonl");
    let r = biaozhu(&[&"table", &ds, &"--format", &"jsonl", &"--out", &jsonl]);
    assert_eq!(r.status.code(), Some(0), "{}", text(&r));
    let rows = read_jsonl(&jsonl);
    assert_eq!(rows.len(), body.trim_end().split("\r\n").count() - 1);
    assert!(!rows.is_empty());
    // Every row's project span has a relation in the source annotations.
    let records = export_jsonl(&ds, &tmp.path().join("all.jsonl"));
    for row in &rows {
        let rec = records.iter().find(|r| r["id"] == row["document"]).unwrap();
        let span = rec["spans"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["start"] == row["project_start"] && s["label"] == "project")
            .unwrap();
        assert!(
            rec["relations"]
                .as_array()
                .unwrap()
                .iter()
                .any(|r| r["from"] == span["id"])
        );
    }
    let plain = tmp.path().join("plain.csv");
    let r = biaozhu(&[
        &"table",
        &ds,
        &"--format",
        &"csv",
        &"--no-bom",
        &"--out",
        &plain,
    ]);
    assert_eq!(r.status.code(), Some(0));
    assert!(std::fs::read(&plain).unwrap().starts_with(b"document,"));
    // A release that does not exist is a usage error, and nothing is written.
    let none = tmp.path().join("none.csv");
    let r = biaozhu(&[
        &"table",
        &ds,
        &"--release",
        &"v9",
        &"--format",
        &"csv",
        &"--out",
        &none,
    ]);
    assert_eq!(r.status.code(), Some(2), "{}", text(&r));
    assert!(!none.exists());
}

/// `agree` reports relation F1 per pair beside span agreement.
#[test]
fn agree_reports_relation_f1() {
    let (_tmp, ds) = sample_copy();
    let a_dir = ds.join("annotations/sample");
    let b_dir = ds.join("annotations/second");
    copy_tree(&a_dir, &b_dir);
    let mut removed = 0;
    for entry in std::fs::read_dir(&b_dir).unwrap() {
        let p = entry.unwrap().path();
        let mut a = read_json(&p);
        a["annotator"] = json!("second");
        if a["relations"].as_array().unwrap().len() > 1 {
            a["relations"].as_array_mut().unwrap().pop();
            removed += 1;
        }
        std::fs::write(&p, serde_json::to_vec_pretty(&a).unwrap()).unwrap();
    }
    assert!(removed > 0);
    let r = biaozhu(&[&"agree", &ds, &"--format", &"json"]);
    assert_eq!(r.status.code(), Some(0), "{}", text(&r));
    let v: Value = serde_json::from_slice(&r.stdout).unwrap();
    let rel = &v["pairs"][0]["relations"];
    let (a, b) = (rel["a"].as_u64().unwrap(), rel["b"].as_u64().unwrap());
    assert_eq!(a - b, removed as u64, "{rel}");
    let expected = 2.0 * b as f64 / (a + b) as f64;
    assert!(
        (rel["strict"].as_f64().unwrap() - expected).abs() < 1e-9,
        "{rel}"
    );
    assert_eq!(v["pairs"][0]["exact"]["overall"], 1.0, "spans are the same");
}

/// A relation to an unknown span, of an undeclared type, or between labels its type does not
/// join: `import-annotations` names the file, line and id, skips it, keeps the rest, exits 1;
/// `validate` reports such a relation in an annotation file.
#[test]
fn bad_relations_are_reported_with_file_line_and_id_and_skipped() {
    let (tmp, ds) = sample_copy();
    let path = tmp.path().join("in.jsonl");
    let mut lines = export_jsonl(&ds, &path);
    let total: usize = lines
        .iter()
        .map(|l| l["relations"].as_array().unwrap().len())
        .sum();
    lines[1]["relations"][0]["to"] = json!("s999");
    lines[2]["relations"][0]["type"] = json!("owns");
    // located_in joins a project to a region: pointing it at an amount does not fit.
    let amount = lines[3]["spans"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["label"] == "amount")
        .unwrap()["id"]
        .clone();
    let rel = lines[3]["relations"]
        .as_array()
        .unwrap()
        .iter()
        .position(|r| r["type"] == "located_in")
        .unwrap();
    lines[3]["relations"][rel]["to"] = amount;
    let bad = tmp.path().join("bad.jsonl");
    write_jsonl(&bad, &lines);
    let r = biaozhu(&[
        &"import-annotations",
        &ds,
        &bad,
        &"--format",
        &"jsonl",
        &"--annotator",
        &"back",
    ]);
    assert_eq!(r.status.code(), Some(1), "{}", text(&r));
    let err = String::from_utf8_lossy(&r.stderr);
    assert!(
        err.contains("bad.jsonl:2:") && err.contains("\"s999\""),
        "{err}"
    );
    assert!(
        err.contains("bad.jsonl:3:") && err.contains("\"owns\" is not declared"),
        "{err}"
    );
    assert!(
        err.contains("bad.jsonl:4:")
            && err.contains("located_in goes from")
            && err.contains("to amount"),
        "{err}"
    );
    let r = biaozhu(&[&"stats", &ds, &"--format", &"json"]);
    let stats: Value = serde_json::from_slice(&r.stdout).unwrap();
    assert_eq!(stats["annotators"]["back"]["relations"], json!(total - 3));
    assert_eq!(
        biaozhu(&[&"validate", &ds]).status.code(),
        Some(0),
        "nothing invalid was written"
    );
    // The same misfit written straight into an annotation file is a validation error.
    let file = ds
        .join("annotations/back")
        .join(format!("{}.json", lines[3]["id"].as_str().unwrap()));
    let mut a = read_json(&file);
    let to = a["spans"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["label"] == "amount")
        .unwrap()["id"]
        .clone();
    let i = a["relations"]
        .as_array()
        .unwrap()
        .iter()
        .position(|r| r["type"] == "located_in")
        .unwrap();
    a["relations"][i]["to"] = to;
    std::fs::write(&file, serde_json::to_vec_pretty(&a).unwrap()).unwrap();
    let r = biaozhu(&[&"validate", &ds]);
    assert_eq!(r.status.code(), Some(1), "{}", text(&r));
    assert!(
        text(&r).contains(&format!("/relations/{i}")),
        "{}",
        text(&r)
    );
}

/// `suggest --link-spans-of A` writes A's spans with the rules' links over them as another
/// annotator; the links fit their types (validate passes) and score against A's own links.
#[test]
fn suggest_links_over_an_annotators_own_spans() {
    let (_tmp, ds) = sample_copy();
    let r = biaozhu(&[
        &"suggest",
        &ds,
        &"--link-spans-of",
        &"sample",
        &"--annotator",
        &"links",
    ]);
    assert_eq!(r.status.code(), Some(0), "{}", text(&r));
    assert!(text(&r).contains("relations: "), "{}", text(&r));
    assert_eq!(biaozhu(&[&"validate", &ds]).status.code(), Some(0));
    let r = biaozhu(&[
        &"eval",
        &"--gold",
        &format!("{}#sample", ds.display()),
        &"--pred",
        &format!("{}#links", ds.display()),
        &"--relations",
        &"--format",
        &"json",
    ]);
    let v: Value = serde_json::from_slice(&r.stdout).unwrap();
    let f1 = v["relations"]["strict"]["micro"]["f1"].as_f64().unwrap();
    assert!(
        f1 > 0.6,
        "the relation rules on the sample's own spans: {f1}"
    );
    let spans = biaozhu(&[
        &"eval",
        &"--gold",
        &format!("{}#sample", ds.display()),
        &"--pred",
        &format!("{}#links", ds.display()),
        &"--format",
        &"json",
    ]);
    let s: Value = serde_json::from_slice(&spans.stdout).unwrap();
    assert_eq!(
        s["overall"]["strict"]["f1"], 1.0,
        "the spans are the annotator's own"
    );
    let same = biaozhu(&[
        &"suggest",
        &ds,
        &"--link-spans-of",
        &"sample",
        &"--annotator",
        &"sample",
    ]);
    assert_eq!(same.status.code(), Some(2));
}
