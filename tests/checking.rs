//! `eval` and `agree` through the real binary: the JSON shape, the CI gate, refusal of texts
//! that differ, and agreement figures on annotators that differ by known spans.

mod common;
use common::*;
use serde_json::Value;

fn export_jsonl(ds: &std::path::Path, annotator: &str, out: &std::path::Path) {
    let r = biaozhu(&[
        &"export",
        &ds,
        &"--format",
        &"jsonl",
        &"--out",
        &out,
        &"--annotator",
        &annotator,
    ]);
    assert_eq!(r.status.code(), Some(0), "{}", text(&r));
}

#[test]
fn eval_has_the_contract_shape_and_gates_on_min_f1() {
    let (tmp, ds) = sample_copy();
    let gold = tmp.path().join("gold.jsonl");
    export_jsonl(&ds, "sample", &gold);
    let r = biaozhu(&[
        &"eval",
        &"--gold",
        &gold,
        &"--pred",
        &format!("{}#sample", ds.display()),
        &"--format",
        &"json",
        &"--by-document",
    ]);
    assert_eq!(r.status.code(), Some(0), "{}", text(&r));
    let v: Value = serde_json::from_slice(&r.stdout).unwrap();
    for schema in ["strict", "exact", "partial", "type"] {
        let s = &v["overall"][schema];
        for key in [
            "cor",
            "inc",
            "par",
            "mis",
            "spu",
            "precision",
            "recall",
            "f1",
        ] {
            assert!(s.get(key).is_some(), "overall.{schema}.{key}");
        }
        assert_eq!(s["f1"], 1.0);
        assert_eq!(v["labels"]["amount"][schema]["f1"], 1.0);
        assert_eq!(v["macro"][schema]["f1"], 1.0);
    }
    // Predictions with one span fewer per document fall below a strict gate of 1.0.
    let mut lines: Vec<Value> = read_jsonl(&gold);
    for l in &mut lines {
        l["spans"].as_array_mut().unwrap().pop();
    }
    let pred = tmp.path().join("pred.jsonl");
    write_jsonl(&pred, &lines);
    let gate = biaozhu(&[
        &"eval",
        &"--gold",
        &gold,
        &"--pred",
        &pred,
        &"--min-f1",
        &"0.999",
        &"--scheme",
        &"strict",
    ]);
    assert_eq!(gate.status.code(), Some(1), "{}", text(&gate));
    let table = biaozhu(&[&"eval", &"--gold", &gold, &"--pred", &pred]);
    assert!(
        text(&table).contains("MIS") && text(&table).contains("overall"),
        "{}",
        text(&table)
    );
    let csv = biaozhu(&[
        &"eval",
        &"--gold",
        &gold,
        &"--pred",
        &pred,
        &"--format",
        &"csv",
    ]);
    assert!(
        String::from_utf8_lossy(&csv.stdout)
            .starts_with("scope,label,schema,cor,inc,par,mis,spu,precision,recall,f1")
    );
    // A document whose text differs cannot be scored.
    lines[0]["sha256"] = "0".repeat(64).into();
    write_jsonl(&pred, &lines);
    let bad = biaozhu(&[&"eval", &"--gold", &gold, &"--pred", &pred]);
    assert_eq!(bad.status.code(), Some(1));
    assert!(text(&bad).contains("another text"), "{}", text(&bad));
}

#[test]
fn agree_reports_f1_kappa_and_disagreements() {
    let (tmp, ds) = sample_copy();
    let gold = tmp.path().join("a.jsonl");
    export_jsonl(&ds, "sample", &gold);
    let mut lines: Vec<Value> = read_jsonl(&gold);
    let mut removed = 0;
    for l in &mut lines {
        let spans = l["spans"].as_array_mut().unwrap();
        spans.remove(0);
        removed += 1;
        l["relations"] = Value::Array(vec![]);
    }
    let other = tmp.path().join("b.jsonl");
    write_jsonl(&other, &lines);
    let r = biaozhu(&[
        &"import-annotations",
        &ds,
        &"--format",
        &"jsonl",
        &"--annotator",
        &"second",
        &other,
    ]);
    assert_eq!(r.status.code(), Some(0), "{}", text(&r));
    let r = biaozhu(&[
        &"agree",
        &ds,
        &"--annotators",
        &"sample,second",
        &"--format",
        &"json",
    ]);
    assert_eq!(r.status.code(), Some(0), "{}", text(&r));
    let v: Value = serde_json::from_slice(&r.stdout).unwrap();
    assert_eq!(v["documents"], 4);
    let pair = &v["pairs"][0];
    let total: usize = 81;
    let expected = 2.0 * (total - removed) as f64 / (total + total - removed) as f64;
    assert!(
        (pair["exact"]["overall"].as_f64().unwrap() - expected).abs() < 1e-12,
        "{pair}"
    );
    assert!(pair["kappa"].as_f64().unwrap() < 1.0 && pair["kappa"].as_f64().unwrap() > 0.5);
    let disagreements: usize = v["disagreements"]
        .as_object()
        .unwrap()
        .values()
        .map(|l| l.as_array().unwrap().len())
        .sum();
    assert_eq!(disagreements, removed);
    let table = biaozhu(&[&"agree", &ds, &"--annotators", &"sample,second"]);
    assert!(
        text(&table).contains("4 documents that all of sample, second annotated"),
        "{}",
        text(&table)
    );
}

/// Strict micro F1 of the rule extractor against the sample's annotations, as recorded in
/// docs/rules.md. The check fails when a change to the rules makes it drop below.
const RECORDED_STRICT_F1: &str = "0.86";

#[test]
fn the_rule_extractor_keeps_its_recorded_f1_on_the_sample() {
    let (_tmp, ds) = sample_copy();
    let r = biaozhu(&[&"suggest", &ds]);
    assert_eq!(r.status.code(), Some(0), "{}", text(&r));
    assert_eq!(
        biaozhu(&[&"validate", &ds]).status.code(),
        Some(0),
        "suggestions carry valid typed attributes"
    );
    let gold = format!("{}#sample", ds.display());
    let pred = format!("{}#model-rules", ds.display());
    let gate = biaozhu(&[
        &"eval",
        &"--gold",
        &gold,
        &"--pred",
        &pred,
        &"--min-f1",
        &RECORDED_STRICT_F1,
        &"--scheme",
        &"strict",
    ]);
    assert_eq!(
        gate.status.code(),
        Some(0),
        "strict F1 fell below {RECORDED_STRICT_F1}:\n{}",
        text(&gate)
    );
    // Typed values come with the suggestions.
    let d = biaozhu::core::data::store::Dataset::open(&ds).unwrap();
    let ann = d
        .annotation("model-rules", "02-zhenjiang-battery")
        .unwrap()
        .unwrap();
    let amount = ann.spans.iter().find(|s| s.text == "53.7億元").unwrap();
    assert_eq!(
        (
            amount.attrs["value"].as_f64(),
            amount.attrs["currency"].as_str()
        ),
        (Some(5.37e9), Some("CNY"))
    );
}

#[test]
fn adjudicate_writes_agreed_spans_lists_differences_and_passes_once_settled() {
    let (_tmp, ds) = sample_copy();
    // `second` is `sample` with the first span of the first document dropped and one span of the
    // second document relabelled: two differences in all.
    let docs: Vec<String> = biaozhu::core::data::store::Dataset::open(&ds)
        .unwrap()
        .documents()
        .iter()
        .map(|d| d.id.clone())
        .collect();
    std::fs::create_dir_all(ds.join("annotations/second")).unwrap();
    for (i, id) in docs.iter().enumerate() {
        let mut a = read_json(&ds.join(format!("annotations/sample/{id}.json")));
        a["annotator"] = "second".into();
        if i == 0 {
            let gone = a["spans"].as_array_mut().unwrap().remove(0)["id"].clone();
            a["relations"]
                .as_array_mut()
                .unwrap()
                .retain(|r| r["from"] != gone && r["to"] != gone);
        }
        let spans = a["spans"].as_array_mut().unwrap();
        if i == 1 {
            let label = if spans[0]["label"] == "region" {
                "project"
            } else {
                "region"
            };
            spans[0]["label"] = label.into();
            spans[0]["attrs"] = serde_json::json!({});
        }
        std::fs::write(
            ds.join(format!("annotations/second/{id}.json")),
            serde_json::to_string_pretty(&a).unwrap(),
        )
        .unwrap();
    }
    let r = biaozhu(&[
        &"adjudicate",
        &ds,
        &"--annotators",
        &"sample,second",
        &"--format",
        &"json",
    ]);
    assert_eq!(r.status.code(), Some(1), "{}", text(&r));
    let report: Value = serde_json::from_slice(&r.stdout).unwrap();
    assert_eq!(report["differences"], 3, "{report:#}");
    assert_eq!(report["documents"].as_array().unwrap().len(), docs.len());
    let first = &report["documents"][0];
    assert_eq!(first["differences"].as_array().unwrap().len(), 1);
    assert_eq!(first["differences"][0]["only_in"], "sample");
    // The agreed spans are in gold, and gold validates.
    let gold = read_json(&ds.join(format!("annotations/gold/{}.json", docs[2])));
    let sample = read_json(&ds.join(format!("annotations/sample/{}.json", docs[2])));
    assert_eq!(
        gold["spans"].as_array().unwrap().len(),
        sample["spans"].as_array().unwrap().len()
    );
    assert_eq!(gold["status"], "reviewed");
    // Relations both have are taken too; the ones that lost an end in `second` are reported.
    assert_eq!(
        gold["relations"].as_array().unwrap().len(),
        sample["relations"].as_array().unwrap().len()
    );
    assert!(!sample["relations"].as_array().unwrap().is_empty());
    let rel_diffs = first["relation_differences"].as_array().unwrap();
    assert!(!rel_diffs.is_empty(), "{first:#}");
    assert!(rel_diffs.iter().all(|d| d["only_in"] == "sample"));
    let v = biaozhu(&[&"validate", &ds]);
    assert_eq!(v.status.code(), Some(0), "{}", text(&v));
    // Running it again changes nothing and still reports the differences.
    let before = tree_hash(&ds);
    let again = biaozhu(&[&"adjudicate", &ds, &"--annotators", &"sample,second"]);
    assert_eq!(again.status.code(), Some(1));
    assert!(text(&again).contains("only sample"), "{}", text(&again));
    assert_eq!(tree_hash(&ds), before);
    // Settle: accept sample's version everywhere (copy its spans and relations into gold,
    // reject second's).
    for (i, id) in docs.iter().take(2).enumerate() {
        let path = ds.join(format!("annotations/gold/{id}.json"));
        let mut g = read_json(&path);
        let s = read_json(&ds.join(format!("annotations/sample/{id}.json")));
        g["spans"] = s["spans"].clone();
        g["relations"] = s["relations"].clone();
        if i == 1 {
            let second = read_json(&ds.join(format!("annotations/second/{id}.json")));
            let x = &second["spans"][0];
            g["rejected"] =
                serde_json::json!([{"start": x["start"], "end": x["end"], "label": x["label"]}]);
        }
        std::fs::write(&path, serde_json::to_string_pretty(&g).unwrap()).unwrap();
    }
    let done = biaozhu(&[&"adjudicate", &ds, &"--annotators", &"sample,second"]);
    assert_eq!(done.status.code(), Some(0), "{}", text(&done));
    assert!(text(&done).contains("0 differences left"));
    assert_eq!(biaozhu(&[&"validate", &ds]).status.code(), Some(0));
    let bad = biaozhu(&[&"adjudicate", &ds, &"--annotators", &"sample"]);
    assert_eq!(bad.status.code(), Some(2));
}

#[test]
fn a_second_adjudicate_keeps_what_gold_decided_and_adds_only_what_is_new() {
    let (_tmp, ds) = sample_copy();
    std::fs::create_dir_all(ds.join("annotations/second")).unwrap();
    let ids: Vec<String> = biaozhu::core::data::store::Dataset::open(&ds)
        .unwrap()
        .documents()
        .iter()
        .map(|d| d.id.clone())
        .collect();
    for id in &ids {
        let mut a = read_json(&ds.join(format!("annotations/sample/{id}.json")));
        a["annotator"] = "second".into();
        std::fs::write(
            ds.join(format!("annotations/second/{id}.json")),
            serde_json::to_string_pretty(&a).unwrap(),
        )
        .unwrap();
    }
    let adjudicate = || biaozhu(&[&"adjudicate", &ds, &"--annotators", &"sample,second"]);
    assert_eq!(adjudicate().status.code(), Some(0));
    // The adjudicator removes an agreed span (with its relations) and an agreed relation from
    // gold by editing the file, as the reproduction does.
    let id = &ids[0];
    let gold_path = ds.join(format!("annotations/gold/{id}.json"));
    let mut gold = read_json(&gold_path);
    let gone = gold["spans"].as_array_mut().unwrap().remove(0);
    let relations = gold["relations"].as_array_mut().unwrap();
    relations.retain(|r| r["from"] != gone["id"] && r["to"] != gone["id"]);
    assert!(
        !relations.is_empty(),
        "the sample's first document has relations"
    );
    let gone_relation = relations.remove(0);
    let relations_left = relations.len();
    let spans_left = gold["spans"].as_array().unwrap().len();
    std::fs::write(&gold_path, serde_json::to_string_pretty(&gold).unwrap()).unwrap();
    assert_eq!(biaozhu(&[&"validate", &ds]).status.code(), Some(0));

    // A re-run does not undo either decision.
    let again = adjudicate();
    assert_eq!(again.status.code(), Some(0), "{}", text(&again));
    let gold = read_json(&gold_path);
    let spans = gold["spans"].as_array().unwrap();
    assert_eq!(spans.len(), spans_left, "the removed span is not back");
    assert!(!spans.iter().any(|s| s["start"] == gone["start"]
        && s["end"] == gone["end"]
        && s["label"] == gone["label"]));
    assert_eq!(
        gold["relations"].as_array().unwrap().len(),
        relations_left,
        "the removed relation {gone_relation} is not back"
    );
    assert!(gold["taken"]["spans"].as_array().unwrap().len() > spans_left);

    // What both annotators agree on since is added.
    let text_of = read_json(&ds.join(format!("documents/{id}.json")))["text"]
        .as_str()
        .unwrap()
        .to_string();
    let (start, end) = (0, text_of.chars().count().min(2));
    let covered: String = text_of.chars().take(end).collect();
    for who in ["sample", "second"] {
        let path = ds.join(format!("annotations/{who}/{id}.json"));
        let mut a = read_json(&path);
        a["spans"].as_array_mut().unwrap().push(serde_json::json!({
            "id": "s900", "start": start, "end": end, "label": "mechanism", "text": covered, "attrs": {}
        }));
        std::fs::write(&path, serde_json::to_string_pretty(&a).unwrap()).unwrap();
    }
    assert_eq!(adjudicate().status.code(), Some(0));
    let gold = read_json(&gold_path);
    assert_eq!(gold["spans"].as_array().unwrap().len(), spans_left + 1);
    assert!(
        gold["spans"]
            .as_array()
            .unwrap()
            .iter()
            .any(|s| s["start"] == start && s["end"] == end && s["label"] == "mechanism")
    );
    assert_eq!(biaozhu(&[&"validate", &ds]).status.code(), Some(0));
}

#[test]
fn validate_reports_a_label_key_that_takes_an_app_shortcut() {
    let (_tmp, ds) = sample_copy();
    let path = ds.join("labels.ron");
    let ron = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, ron.replacen("key: \"2\"", "key: \"n\"", 1)).unwrap();
    let out = biaozhu(&[&"validate", &ds]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    let said = text(&out);
    assert!(
        said.contains("labels.ron")
            && said.contains("\"amount\" has the key \"n\"")
            && said.contains("next document (N)"),
        "{said}"
    );
}
