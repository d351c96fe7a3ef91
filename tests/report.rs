//! `biaozhu report` through the real binary: the sample with a second annotator (the sample's
//! spans with one in five left out and rejected instead, other days, recorded time) and the
//! rule extractor's suggestions; every chart is well-formed SVG with data drawn, and index.html
//! shows them all with no script and nothing from the network. Exit codes for a file as --out
//! and a damaged annotation.

mod common;
use common::{biaozhu, sample_copy, text};
use serde_json::{Value, json};
use std::path::Path;

const CHARTS: [&str; 6] = [
    "progress.svg",
    "statuses.svg",
    "spans_per_label.svg",
    "agreement.svg",
    "suggestions.svg",
    "time_per_document.svg",
];

fn effort(seconds: u64) -> Value {
    json!({
        "active_seconds": seconds,
        "spans_by_hand": 3,
        "suggestions_accepted": 2,
        "suggestions_accepted_then_changed": 0,
        "suggestions_rejected": 1,
        "suggestions_shown": true
    })
}

/// The sample's files of `sample` are timed and dated over four days; `reviewer` has the same
/// documents with every fifth span left out (rejected instead) and its relations dropped.
fn add_reviewer(ds: &Path) {
    let from = ds.join("annotations/sample");
    let to = ds.join("annotations/reviewer");
    std::fs::create_dir_all(&to).unwrap();
    let mut files: Vec<_> = std::fs::read_dir(&from)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    for (k, file) in files.iter().enumerate() {
        let mut ann: Value = serde_json::from_slice(&std::fs::read(file).unwrap()).unwrap();
        ann["updated"] = json!(format!("2026-11-{:02}T10:00:00Z", 20 + k));
        ann["effort"] = effort(90 + 45 * k as u64);
        std::fs::write(file, serde_json::to_vec_pretty(&ann).unwrap()).unwrap();
        let spans = ann["spans"].as_array().unwrap().clone();
        let (kept, left): (Vec<_>, Vec<_>) =
            spans.into_iter().enumerate().partition(|(i, _)| i % 5 != 4);
        ann["annotator"] = json!("reviewer");
        ann["spans"] = json!(kept.into_iter().map(|(_, s)| s).collect::<Vec<_>>());
        ann["relations"] = json!([]);
        ann["rejected"] = json!(
            left.iter()
                .map(|(_, s)| json!({"start": s["start"], "end": s["end"], "label": s["label"]}))
                .collect::<Vec<_>>()
        );
        ann["status"] = json!(if k % 2 == 0 { "done" } else { "reviewed" });
        ann["updated"] = json!(format!("2026-11-{:02}T15:00:00+08:00", 21 + k));
        ann["effort"] = effort(200 + 30 * k as u64);
        let name = file.file_name().unwrap();
        std::fs::write(to.join(name), serde_json::to_vec_pretty(&ann).unwrap()).unwrap();
    }
}

/// The data elements of an SVG (bars, lines, points) beyond the frame's few.
fn data_elements(svg: &str) -> usize {
    let doc = roxmltree::Document::parse(svg).unwrap_or_else(|e| panic!("{e}"));
    let drawn = ["rect", "polyline", "circle", "polygon"];
    doc.descendants()
        .filter(|n| drawn.contains(&n.tag_name().name()))
        .count()
}

#[test]
fn report_draws_every_chart_with_data_and_an_index_without_script() {
    let (tmp, ds) = sample_copy();
    add_reviewer(&ds);
    let out = biaozhu(&[&"suggest", &ds]);
    assert!(out.status.success(), "{}", text(&out));
    let dir = tmp.path().join("report");
    let out = biaozhu(&[&"report", &ds, &"--out", &dir]);
    assert!(out.status.success(), "{}", text(&out));
    for chart in CHARTS {
        let svg = std::fs::read_to_string(dir.join(chart)).unwrap();
        assert!(data_elements(&svg) >= 6, "{chart}: too little drawn\n{svg}");
        assert!(!svg.contains(": no data"), "{chart} has no data");
        assert!(text(&out).contains(chart), "{}", text(&out));
    }
    let agreement = std::fs::read_to_string(dir.join("agreement.svg")).unwrap();
    assert!(agreement.contains("reviewer") && agreement.contains("κ "));
    let index = std::fs::read_to_string(dir.join("index.html")).unwrap();
    for chart in CHARTS {
        assert!(index.contains(&format!("<img src=\"{chart}\"")), "{chart}");
    }
    assert!(!index.contains("<script") && !index.contains("http"));
    // Run again over the same folder: the files are replaced.
    let again = biaozhu(&[&"report", &ds, &"--out", &dir]);
    assert!(again.status.success(), "{}", text(&again));
}

#[test]
fn one_annotator_writes_the_agreement_chart_saying_there_is_no_data() {
    let (tmp, ds) = sample_copy();
    let dir = tmp.path().join("report");
    let out = biaozhu(&[&"report", &ds, &"--out", &dir]);
    assert!(out.status.success(), "{}", text(&out));
    let svg = std::fs::read_to_string(dir.join("agreement.svg")).unwrap();
    roxmltree::Document::parse(&svg).unwrap();
    assert!(svg.contains("Agreement: span F1 (exact) and Cohen&apos;s κ per pair: no data"));
}

#[test]
fn a_file_as_out_is_a_usage_error_and_a_damaged_file_invalid_data() {
    let (tmp, ds) = sample_copy();
    let file = tmp.path().join("taken");
    std::fs::write(&file, "x").unwrap();
    let out = biaozhu(&[&"report", &ds, &"--out", &file]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    assert!(text(&out).contains("is a file"), "{}", text(&out));
    let damaged = ds.join("annotations/sample/01-haimen-solar.json");
    std::fs::write(&damaged, "{\"status\": ").unwrap();
    let dir = tmp.path().join("report");
    let out = biaozhu(&[&"report", &ds, &"--out", &dir]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(
        text(&out).contains("01-haimen-solar.json"),
        "{}",
        text(&out)
    );
    assert!(!dir.join("index.html").exists());
}
