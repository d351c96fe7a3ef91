//! Unit tests of the three-way merge: status, revision, rejected, inputs and the conflict file.

use super::*;

#[test]
fn the_status_rule() {
    use Status::*;
    let base = ann(vec![company()], vec![]);
    let with = |status, spans: Vec<Span>| Annotation {
        status,
        ..ann(spans, vec![])
    };
    let more = vec![company(), span("s2", 8, 13, "amount")];
    let other = vec![company(), span("s3", 17, 19, "region")];
    // Only ours changed anything: ours' status.
    assert_eq!(clean(&base, &with(Done, more.clone()), &base).status, Done);
    // Only theirs did.
    assert_eq!(clean(&base, &base, &with(Done, more.clone())).status, Done);
    // Ours marked done without edits, theirs kept working: the less advanced.
    assert_eq!(
        clean(
            &base,
            &with(Done, vec![company()]),
            &with(InProgress, more.clone())
        )
        .status,
        InProgress
    );
    // A review does not cover edits made elsewhere.
    let done = Annotation {
        status: Done,
        ..base.clone()
    };
    assert_eq!(
        clean(
            &done,
            &with(Reviewed, vec![company()]),
            &with(Done, other.clone())
        )
        .status,
        Done
    );
    // Both changed to the same status.
    assert_eq!(
        clean(&base, &with(Done, more), &with(Done, other)).status,
        Done
    );
}

#[test]
fn revision_and_updated() {
    let base = ann(vec![company()], vec![]);
    let ours = Annotation {
        revision: 9,
        updated: "2026-11-23T12:00:00Z".into(),
        ..ann(vec![company(), span("s2", 8, 13, "amount")], vec![])
    };
    let theirs = Annotation {
        revision: 5,
        updated: "2026-11-24T08:00:00Z".into(),
        ..ann(vec![company(), span("s3", 17, 19, "region")], vec![])
    };
    let a = clean(&base, &ours, &theirs);
    assert_eq!(
        (a.revision, a.updated.as_str()),
        (10, "2026-11-24T08:00:00Z")
    );
    let a = clean(&base, &theirs, &ours);
    assert_eq!(
        (a.revision, a.updated.as_str()),
        (10, "2026-11-24T08:00:00Z")
    );
}

#[test]
fn rejected_is_the_union_minus_what_either_side_removed() {
    let r = |start, end, label: &str| Rejected {
        start,
        end,
        label: label.into(),
    };
    let base = Annotation {
        rejected: vec![r(0, 2, "region"), r(8, 13, "amount")],
        ..ann(vec![], vec![])
    };
    let ours = Annotation {
        rejected: vec![r(0, 2, "region"), r(14, 16, "region")],
        ..ann(vec![], vec![])
    };
    let theirs = Annotation {
        rejected: vec![r(8, 13, "amount"), r(17, 19, "region"), r(14, 16, "region")],
        ..ann(vec![], vec![])
    };
    let a = clean(&base, &ours, &theirs);
    assert_eq!(a.rejected, [r(14, 16, "region"), r(17, 19, "region")]);
}

#[test]
fn both_sides_adding_the_file_merge_over_an_empty_base() {
    let ours = ann(vec![company(), span("s2", 17, 19, "region")], vec![]);
    let theirs = ann(vec![company(), span("s2", 8, 13, "amount")], vec![]);
    let a = clean(&empty_base(&ours), &ours, &theirs);
    assert_eq!(
        ids(&a),
        [
            ("s1", 0, 4, "project"),
            ("s3", 8, 13, "amount"),
            ("s2", 17, 19, "region")
        ]
    );
}

#[test]
fn versions_of_different_files_are_refused() {
    let base = ann(vec![], vec![]);
    for (field, side) in [
        ("document", Side::Theirs),
        ("document_sha256", Side::Theirs),
    ] {
        let mut theirs = base.clone();
        match field {
            "document" => theirs.document = "other".into(),
            _ => theirs.document_sha256 = "b".repeat(64),
        }
        let err = merge(&base, &base, &theirs).unwrap_err();
        assert_eq!(
            (err.side, err.pointer.as_str()),
            (side, &*format!("/{field}"))
        );
    }
    let mut other = base.clone();
    other.annotator = "bob".into();
    let err = merge(&other, &base, &base).unwrap_err();
    assert_eq!((err.side, err.pointer.as_str()), (Side::Base, "/annotator"));
    let twice = ann(vec![company(), company()], vec![]);
    let err = merge(&base, &base, &twice).unwrap_err();
    assert_eq!(
        (err.side, err.pointer.as_str()),
        (Side::Theirs, "/spans/1/id")
    );
}

#[test]
fn the_conflict_file_fails_the_schema_and_says_why() {
    let base = ann(vec![span("s1", 17, 19, "region")], vec![]);
    let ours = ann(vec![span("s1", 17, 19, "project")], vec![]);
    let theirs = ann(vec![span("s1", 17, 19, "mechanism")], vec![]);
    let m = merge(&base, &ours, &theirs).unwrap();
    let bytes = m.to_json();
    let value: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
    assert_eq!(value["status"], CONFLICT_STATUS);
    assert_eq!(value["status_when_resolved"], "in_progress");
    assert_eq!(value["conflicts"][0]["kind"], "span");
    assert_eq!(value["conflicts"][0]["reason"], "both_changed");
    assert_eq!(value["conflicts"][0]["theirs"]["label"], "mechanism");
    let text = String::from_utf8(bytes.clone()).unwrap();
    let at = |key: &str| text.find(&format!("\n  \"{key}\":")).unwrap();
    assert!(at("status") < at("spans") && at("spans") < at("status_when_resolved"));
    assert!(at("status_when_resolved") < at("conflicts"));
    let problems = schema_problems(FileKind::Annotation, &value);
    assert!(problems.iter().any(|(p, _)| p == "/status"), "{problems:?}");
    assert!(serde_json::from_value::<Annotation>(value.clone()).is_err());
    let found = conflict_problems(&value);
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].0, "/conflicts/0");
    assert!(found[0].1.to_string().contains("span s1"), "{}", found[0].1);
    // It reads back, and a merge refuses it as input.
    let back: ConflictFile = serde_json::from_slice(&bytes).unwrap();
    assert_eq!(back.conflicts, m.conflicts);
    let err = parse_input(Path::new("x.json"), &bytes, Side::Ours).unwrap_err();
    assert!(
        err.to_string()
            .contains("already holds an unresolved merge conflict"),
        "{err}"
    );
}

#[test]
fn a_side_that_changed_nothing_gives_the_other_side() {
    let base = ann(
        vec![company(), span("s2", 8, 13, "amount")],
        vec![rel("r1", "has_amount", "s1", "s2")],
    );
    let edited = Annotation {
        status: Status::Done,
        revision: 4,
        updated: "2026-11-24T08:00:00Z".into(),
        ..ann(
            vec![
                company(),
                span("s3", 17, 19, "region"),
                with_attr(span("s4", 8, 13, "amount"), "currency", "CNY".into()),
            ],
            vec![
                rel("r2", "located_in", "s1", "s3"),
                rel("r3", "has_amount", "s1", "s4"),
            ],
        )
    };
    for (ours, theirs) in [(&edited, &base), (&base, &edited)] {
        let m = merge(&base, ours, theirs).unwrap();
        assert!(m.is_clean() && m.notes.is_empty(), "{m:?}");
        let mut expected = edited.clone();
        expected.revision = 5;
        expected.normalise_order();
        assert_eq!(m.annotation, expected);
    }
}

#[test]
fn a_clean_merge_is_canonical() {
    let base = ann(vec![company()], vec![]);
    let ours = ann(vec![company(), span("s2", 17, 19, "region")], vec![]);
    let theirs = ann(vec![span("s2", 8, 13, "amount"), company()], vec![]);
    let m = merge(&base, &ours, &theirs).unwrap();
    let mut expected = m.annotation.clone();
    expected.normalise_order();
    assert_eq!(m.to_json(), fsio::to_canonical_json(&expected));
    assert_eq!(
        parse_input(Path::new("x"), &m.to_json(), Side::Ours).unwrap(),
        Some(m.annotation)
    );
}

#[test]
fn inputs_are_checked() {
    let p = Path::new("in.json");
    assert_eq!(parse_input(p, b"", Side::Base).unwrap(), None);
    assert_eq!(parse_input(p, b" \n", Side::Base).unwrap(), None);
    let empty = parse_input(p, b"", Side::Ours).unwrap_err();
    assert!(empty.to_string().contains("empty"), "{empty}");
    let torn = parse_input(p, b"{\"document\": \"d", Side::Theirs).unwrap_err();
    assert_eq!(torn.exit_code(), 1);
    assert!(torn.to_string().contains("truncated"), "{torn}");
    let doc = br#"{"id": "d", "text": "x", "sha256": "", "meta": {}}"#;
    let not_ann = parse_input(p, doc, Side::Theirs).unwrap_err();
    assert!(
        not_ann.to_string().contains("not a valid annotation file"),
        "{not_ann}"
    );
    let good = fsio::to_canonical_json(&ann(vec![company()], vec![]));
    assert!(parse_input(p, &good, Side::Theirs).unwrap().is_some());
}

#[test]
fn what_a_review_took_is_the_union_of_both_sides() {
    use crate::core::data::model::{SpanKey, Taken};
    let k = |start, end| SpanKey {
        start,
        end,
        label: "region".into(),
    };
    let taken = |keys: Vec<SpanKey>| Taken {
        spans: keys,
        relations: Vec::new(),
    };
    let base = ann(vec![], vec![]);
    let ours = Annotation {
        taken: taken(vec![k(0, 2)]),
        ..ann(vec![], vec![])
    };
    let theirs = Annotation {
        taken: taken(vec![k(5, 7), k(0, 2)]),
        ..ann(vec![], vec![])
    };
    let a = clean(&base, &ours, &theirs);
    assert_eq!(a.taken.spans, [k(0, 2), k(5, 7)]);
}
