use super::*;
use crate::core::data::error::Error;
use crate::core::data::fsio;
use crate::core::data::ids::sha256_hex;
use crate::core::data::model::{Annotation, Document, DocumentMeta, Effort, Span, SpanKey, Status};
use crate::core::data::store::Dataset;
use crate::core::score::agree;

const TEXTS: [(&str, &str); 3] = [
    ("d1", "0123456789"),
    ("d2", "abcdefghij"),
    ("d3", "klmnopqrst"),
];

fn dataset(dir: &std::path::Path) -> Dataset {
    let mut ds = Dataset::create(dir, "t", None).unwrap();
    for (id, text) in TEXTS {
        let doc = Document {
            id: id.into(),
            text: text.into(),
            sha256: sha256_hex(text.as_bytes()),
            meta: DocumentMeta::default(),
        };
        ds.add_document(doc, "txt", text.as_bytes()).unwrap();
    }
    ds.commit().unwrap();
    ds
}

/// Writes `annotator`'s file of `doc` as given (the store's save would stamp `updated`).
fn write(
    ds: &Dataset,
    (annotator, doc, status, updated): (&str, &str, Status, &str),
    spans: &[(usize, usize, &str)],
    rejected: &[(usize, usize, &str)],
    seconds: Option<u64>,
) {
    let document = ds.document(doc).unwrap();
    let mut ann = Annotation::new(&document, annotator);
    ann.status = status;
    ann.updated = updated.into();
    ann.spans = spans
        .iter()
        .enumerate()
        .map(|(i, &(start, end, label))| {
            let mut span = Span::bare(&format!("s{i}"), start, end, label);
            span.text = document.text[start..end].into();
            span
        })
        .collect();
    ann.rejected = rejected
        .iter()
        .map(|&(start, end, label)| SpanKey {
            start,
            end,
            label: label.into(),
        })
        .collect();
    ann.effort = seconds.map(|active_seconds| Effort {
        active_seconds,
        ..Effort::default()
    });
    fsio::write_json(&ds.annotation_path(annotator, doc).unwrap(), &ann).unwrap();
}

/// alice and bob annotate d1 and d2 (alice also has d3 in progress), model-rules suggests.
fn team(dir: &std::path::Path) -> Dataset {
    let ds = dataset(dir);
    let (done, reviewed) = (Status::Done, Status::Reviewed);
    let a1 = ("alice", "d1", done, "2026-03-01T10:00:00+08:00");
    write(
        &ds,
        a1,
        &[(0, 2, "region"), (4, 8, "project")],
        &[],
        Some(120),
    );
    let a2 = ("alice", "d2", reviewed, "2026-03-02T09:00:00Z");
    write(&ds, a2, &[(0, 3, "amount")], &[(5, 7, "region")], Some(60));
    let a3 = ("alice", "d3", Status::InProgress, "2026-03-04T09:00:00Z");
    write(&ds, a3, &[], &[], None);
    let b1 = ("bob", "d1", done, "2026-03-01T23:00:00Z");
    write(
        &ds,
        b1,
        &[(0, 2, "region"), (4, 7, "project")],
        &[],
        Some(0),
    );
    let b2 = ("bob", "d2", done, "2026-03-03T08:00:00Z");
    write(&ds, b2, &[(0, 3, "amount")], &[], Some(90));
    let rules = |doc| ("model-rules", doc, Status::Done, "2026-02-28T00:00:00Z");
    let d1 = [(0, 2, "region"), (4, 8, "project"), (9, 10, "amount")];
    write(&ds, rules("d1"), &d1, &[], None);
    write(
        &ds,
        rules("d2"),
        &[(0, 3, "amount"), (5, 7, "region")],
        &[],
        None,
    );
    write(&ds, rules("d3"), &[(1, 2, "mechanism")], &[], None);
    ds
}

fn counts(pairs: &[(&str, usize)]) -> BTreeMap<String, usize> {
    pairs.iter().map(|(k, n)| (k.to_string(), *n)).collect()
}

#[test]
fn a_small_team_in_exact_numbers() {
    let dir = tempfile::tempdir().unwrap();
    let d = compute(&team(dir.path())).unwrap();
    assert_eq!(d.annotators, ["alice", "bob"]);
    assert_eq!(d.labels, ["project", "amount", "region", "mechanism"]);
    assert_eq!(d.documents, 3);
    let day = |s: &str, n, total| (s.to_string(), n, total);
    assert_eq!(
        d.progress[0].days,
        [day("2026-03-01", 1, 1), day("2026-03-02", 1, 2)]
    );
    assert_eq!(
        d.progress[1].days,
        [day("2026-03-01", 1, 1), day("2026-03-03", 1, 2)]
    );
    let statuses = |t, i, dn, r| {
        counts(&[
            ("todo", t),
            ("in_progress", i),
            ("done", dn),
            ("reviewed", r),
        ])
    };
    assert_eq!(d.statuses, [statuses(0, 1, 1, 1), statuses(1, 0, 2, 0)]);
    let spans = counts(&[
        ("project", 1),
        ("amount", 1),
        ("region", 1),
        ("mechanism", 0),
    ]);
    assert_eq!(d.spans_per_label, [spans.clone(), spans]);
    let p = &d.agreement[..];
    assert_eq!(p.len(), 1);
    assert_eq!((p[0].a.as_str(), p[0].b.as_str()), ("alice", "bob"));
    assert_eq!(
        (p[0].documents, p[0].disagreeing.clone()),
        (2, vec!["d1".into()])
    );
    // Exact: 2 of 3 + 3 spans match. κ over 20 characters, 19 alike; alice has O 11, region 2,
    // project 4, amount 3; bob O 12, region 2, project 3, amount 3.
    assert!((p[0].f1 - 4.0 / 6.0).abs() < 1e-12);
    let pe = (11.0 * 12.0 + 2.0 * 2.0 + 4.0 * 3.0 + 3.0 * 3.0) / 400.0;
    assert!((p[0].kappa - (0.95 - pe) / (1.0 - pe)).abs() < 1e-12);
    let row = |label: &str, accepted, corrected, rejected| SuggestionOutcomes {
        source: "model-rules".into(),
        label: label.into(),
        accepted,
        corrected,
        rejected,
    };
    assert_eq!(
        d.suggestions,
        [
            row("project", 1, 1, 0),
            row("amount", 2, 0, 0),
            row("region", 2, 0, 1),
            row("mechanism", 0, 0, 0),
        ]
    );
    let timed = |list: &[(&str, u64)]| -> Vec<(String, u64)> {
        list.iter().map(|(id, s)| (id.to_string(), *s)).collect()
    };
    assert_eq!(
        d.time_per_document,
        [timed(&[("d1", 120), ("d2", 60)]), timed(&[("d2", 90)])]
    );
}

#[test]
fn agreement_equals_what_agree_computes() {
    let dir = tempfile::tempdir().unwrap();
    let ds = team(dir.path());
    let d = compute(&ds).unwrap();
    let names = ["alice".to_string(), "bob".to_string()];
    let (names, docs) = agree::collect(&ds, Some(&names), None).unwrap();
    let report = agree::agree(&names, &docs);
    assert_eq!(d.agreement[0].f1, report.pairs[0].exact.overall);
    assert_eq!(d.agreement[0].kappa, report.pairs[0].kappa);
    let disagreeing: Vec<&String> = report.disagreements.keys().collect();
    assert_eq!(
        d.agreement[0].disagreeing.iter().collect::<Vec<_>>(),
        disagreeing
    );
}

#[test]
fn gold_is_a_person_and_one_common_document_is_no_pair() {
    let dir = tempfile::tempdir().unwrap();
    let ds = team(dir.path());
    let g1 = ("gold", "d1", Status::Reviewed, "2026-03-05T00:00:00Z");
    write(&ds, g1, &[(0, 2, "region")], &[], None);
    let d = compute(&ds).unwrap();
    assert_eq!(d.annotators, ["alice", "bob", "gold"]);
    assert_eq!(d.agreement.len(), 1, "gold shares one document with each");
    // gold accepted the region suggestion of d1 and corrected nothing else (no overlap).
    let region = &d.suggestions[2];
    assert_eq!(
        (region.accepted, region.corrected, region.rejected),
        (3, 0, 1)
    );
}

#[test]
fn an_empty_dataset_and_a_damaged_file() {
    let dir = tempfile::tempdir().unwrap();
    let ds = dataset(dir.path());
    let d = compute(&ds).unwrap();
    assert!(d.annotators.is_empty() && d.agreement.is_empty() && d.suggestions.is_empty());
    assert_eq!(d.documents, 3);
    let bad = ("alice", "d1", Status::Done, "yesterday");
    write(&ds, bad, &[], &[], None);
    let err = compute(&ds).unwrap_err();
    assert!(matches!(err, Error::Invalid { .. }), "{err}");
    let path = ds.annotation_path("alice", "d2").unwrap();
    std::fs::write(&path, "{ not json").unwrap();
    assert_eq!(compute(&ds).unwrap_err().exit_code(), 1);
}
