//! `effort` in annotation files through the real binary: `stats --format json` reports the
//! recorded time per annotator, `validate` reports a damaged effort (exit 1, the file and the
//! pointer), and a damaged effort never keeps a document from opening.

mod common;
use biaozhu::core::annotate::session::Session;
use biaozhu::core::data::fsio::to_canonical_json;
use biaozhu::core::data::model::{Annotation, Attrs, Document, Effort, Span, Status};
use common::{biaozhu, read_json, text};
use serde_json::{Value, json};
use std::path::{Path, PathBuf};

const ARTICLES: [(&str, &str); 4] = [
    ("haimen", "海门光伏产业园项目开工，项目总投资约35亿元。"),
    (
        "zhenjiang",
        "总投资20亿元的储能电池产业园项目落户镇江新区。",
    ),
    ("rugao", "总投资约50亿元的新能源电池项目落户如皋高新区。"),
    ("qidong", "总投资12亿元的启东生物医药产业园项目在启东开工。"),
];

/// A new dataset with the four articles imported.
fn dataset(tmp: &Path) -> PathBuf {
    let ds = tmp.join("ds");
    let out = biaozhu(&[&"new", &ds, &"--name", &"用时"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    let dir = tmp.join("articles");
    std::fs::create_dir_all(&dir).unwrap();
    for (id, body) in ARTICLES {
        std::fs::write(dir.join(format!("{id}.txt")), body).unwrap();
    }
    let out = biaozhu(&[&"import", &ds, &dir]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    ds
}

/// Writes `annotator`'s annotation of `doc` with a project span on each of `covered`, and
/// `effort`; returns the file.
fn annotate(
    ds: &Path,
    annotator: &str,
    doc: &str,
    covered: &[&str],
    effort: Option<Effort>,
) -> PathBuf {
    let document: Document =
        serde_json::from_value(read_json(&ds.join("documents").join(format!("{doc}.json"))))
            .unwrap();
    let mut ann = Annotation::new(&document, annotator);
    ann.status = Status::Done;
    ann.revision = 1;
    ann.updated = "2026-12-01T09:00:00Z".into();
    for (i, c) in covered.iter().enumerate() {
        let at = document.text.find(c).unwrap();
        let start = document.text[..at].chars().count();
        ann.spans.push(Span {
            id: format!("s{}", i + 1),
            start,
            end: start + c.chars().count(),
            label: "project".into(),
            text: c.to_string(),
            attrs: Attrs::new(),
        });
    }
    ann.effort = effort;
    ann.normalise_order();
    let path = ds
        .join("annotations")
        .join(annotator)
        .join(format!("{doc}.json"));
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, to_canonical_json(&ann)).unwrap();
    path
}

fn seconds(active_seconds: u64, shown: bool) -> Option<Effort> {
    Some(Effort {
        active_seconds,
        spans_by_hand: 1,
        suggestions_accepted: u64::from(shown),
        suggestions_shown: shown,
        ..Effort::default()
    })
}

#[test]
fn stats_reports_the_recorded_time_per_annotator() {
    let tmp = tempfile::tempdir().unwrap();
    let ds = dataset(tmp.path());
    annotate(
        &ds,
        "alice",
        "haimen",
        &["海门光伏产业园项目"],
        seconds(120, true),
    );
    annotate(
        &ds,
        "alice",
        "zhenjiang",
        &["储能电池产业园项目", "镇江新区"],
        seconds(60, true),
    );
    annotate(
        &ds,
        "alice",
        "rugao",
        &["新能源电池项目"],
        seconds(300, false),
    );
    annotate(&ds, "alice", "qidong", &["启东生物医药产业园项目"], None);
    annotate(&ds, "bob", "haimen", &["海门光伏产业园项目"], None);
    let out = biaozhu(&[&"validate", &ds]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));

    let out = biaozhu(&[&"stats", &ds, &"--format", &"json"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    let stats: Value = serde_json::from_slice(&out.stdout).unwrap();
    // The existing fields are as they were.
    assert_eq!(stats["documents"], 4);
    assert_eq!(stats["annotators"]["alice"]["files"], 4);
    assert_eq!(stats["annotators"]["alice"]["spans"]["project"], 5);
    assert_eq!(stats["annotators"]["alice"]["statuses"]["done"], 4);
    assert_eq!(
        stats["annotators"]["alice"]["effort"],
        json!({
            "documents_timed": 3,
            "median_active_seconds_per_document": 120.0,
            "median_active_seconds_per_span": 120.0,
            "with_suggestions": {
                "documents_timed": 2,
                "median_active_seconds_per_document": 90.0,
                "median_active_seconds_per_span": 75.0
            },
            "without_suggestions": {
                "documents_timed": 1,
                "median_active_seconds_per_document": 300.0,
                "median_active_seconds_per_span": 300.0
            }
        })
    );
    assert_eq!(
        stats["annotators"]["bob"]["effort"],
        json!({
            "documents_timed": 0,
            "median_active_seconds_per_document": null,
            "median_active_seconds_per_span": null,
            "with_suggestions": null,
            "without_suggestions": null
        })
    );
    let out = biaozhu(&[&"stats", &ds]);
    let said = text(&out);
    assert!(
        said.contains("effort    3 documents timed, median 120.0 s per document, 120.0 s per span"),
        "{said}"
    );
}

#[test]
fn a_file_without_effort_is_written_as_before() {
    let tmp = tempfile::tempdir().unwrap();
    let ds = dataset(tmp.path());
    let path = annotate(&ds, "alice", "haimen", &["海门光伏产业园项目"], None);
    let bytes = std::fs::read(&path).unwrap();
    assert!(!String::from_utf8_lossy(&bytes).contains("effort"));
    let timed = annotate(
        &ds,
        "alice",
        "rugao",
        &["新能源电池项目"],
        seconds(9, false),
    );
    let written = std::fs::read_to_string(&timed).unwrap();
    assert!(
        written.find("\"effort\"") > written.find("\"relations\""),
        "last on disk: {written}"
    );
    let value = read_json(&timed);
    assert_eq!(
        value["effort"],
        json!({
            "active_seconds": 9,
            "spans_by_hand": 1,
            "suggestions_accepted": 0,
            "suggestions_accepted_then_changed": 0,
            "suggestions_rejected": 0,
            "suggestions_shown": false
        })
    );
}

#[test]
fn a_damaged_effort_is_a_validate_problem_and_the_document_still_opens() {
    let tmp = tempfile::tempdir().unwrap();
    let ds = dataset(tmp.path());
    let path = annotate(
        &ds,
        "alice",
        "haimen",
        &["海门光伏产业园项目"],
        seconds(30, true),
    );
    let mut value = read_json(&path);
    value["effort"]["active_seconds"] = json!(-30);
    value["effort"]["suggestions_shown"] = json!("yes");
    std::fs::write(&path, serde_json::to_vec_pretty(&value).unwrap()).unwrap();

    let out = biaozhu(&[&"validate", &ds]);
    let said = text(&out);
    assert_eq!(out.status.code(), Some(1), "{said}");
    let file = Path::new("annotations").join("alice").join("haimen.json");
    for pointer in ["/effort/active_seconds", "/effort/suggestions_shown"] {
        assert!(
            said.lines()
                .any(|l| l.contains(&*file.to_string_lossy()) && l.contains(pointer)),
            "no problem at {pointer}: {said}"
        );
    }
    // The single file, as pre-commit passes it, says the same.
    let out = biaozhu(&[&"validate", &path]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(
        text(&out).contains("/effort/active_seconds"),
        "{}",
        text(&out)
    );

    // The app's session opens it, editable, reading the damaged numbers as zero.
    let s = Session::open(&ds, "alice").unwrap();
    let cur = s.current.as_ref().unwrap();
    assert_eq!(cur.doc.id, "haimen");
    assert_eq!(cur.locked_reason, None);
    assert_eq!(cur.ann.spans.len(), 1);
    assert_eq!(
        cur.ann.effort,
        Some(Effort {
            spans_by_hand: 1,
            suggestions_accepted: 1,
            ..Effort::default()
        })
    );
    drop(s);

    // Counts that contradict each other are a problem the schema cannot see.
    annotate(
        &ds,
        "alice",
        "haimen",
        &["海门光伏产业园项目"],
        Some(Effort {
            active_seconds: 40,
            suggestions_accepted: 1,
            suggestions_accepted_then_changed: 3,
            suggestions_shown: true,
            ..Effort::default()
        }),
    );
    let out = biaozhu(&[&"validate", &ds]);
    let said = text(&out);
    assert_eq!(out.status.code(), Some(1), "{said}");
    assert!(
        said.contains("/effort/suggestions_accepted_then_changed"),
        "{said}"
    );
}
