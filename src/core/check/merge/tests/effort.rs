//! The merge of `effort`: added up relative to BASE, never a conflict, kept in a conflict file.

use super::*;
use crate::core::data::model::Effort;

fn effort(active_seconds: u64, by_hand: u64, accepted: u64, shown: bool) -> Option<Effort> {
    Some(Effort {
        active_seconds,
        spans_by_hand: by_hand,
        suggestions_accepted: accepted,
        suggestions_shown: shown,
        ..Effort::default()
    })
}

fn with_effort(mut a: Annotation, e: Option<Effort>) -> Annotation {
    a.effort = e;
    a
}

#[test]
fn effort_is_added_up_relative_to_base() {
    let base = with_effort(ann(vec![company()], vec![]), effort(60, 1, 0, false));
    let ours = with_effort(
        ann(vec![company(), span("s2", 17, 19, "region")], vec![]),
        effort(100, 2, 0, false),
    );
    let theirs = with_effort(
        ann(vec![company(), span("s3", 8, 13, "amount")], vec![]),
        effort(90, 1, 1, true),
    );
    let merged = clean(&base, &ours, &theirs);
    assert_eq!(merged.effort, effort(130, 2, 1, true));
    assert_eq!(merged.spans.len(), 3);
    // Time alone (a side only looked at the document) merges the same way.
    let looked = with_effort(ann(vec![company()], vec![]), effort(75, 1, 0, false));
    assert_eq!(
        clean(&base, &looked, &theirs).effort,
        effort(105, 1, 1, true)
    );
    // Neither side has an effort: none; only one side has one, with no base: that one.
    let plain = ann(vec![company()], vec![]);
    assert_eq!(clean(&plain, &plain, &plain).effort, None);
    assert_eq!(
        clean(
            &plain,
            &plain,
            &with_effort(plain.clone(), effort(8, 0, 0, false))
        )
        .effort,
        effort(8, 0, 0, false)
    );
    // The merged file carries it, in the canonical order, and reads back the same.
    let m = merge(&base, &ours, &theirs).unwrap();
    let bytes = m.to_json();
    let value: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
    assert_eq!(value["effort"]["active_seconds"], 130);
    assert!(schema_problems(FileKind::Annotation, &value).is_empty());
    let back: Annotation = serde_json::from_slice(&bytes).unwrap();
    assert_eq!(back, m.annotation);
}

#[test]
fn effort_alone_leaves_the_status_rule_alone_and_a_conflict_file_keeps_it() {
    let mut base = with_effort(ann(vec![company()], vec![]), effort(10, 1, 0, false));
    base.status = Status::InProgress;
    let mut ours = with_effort(base.clone(), effort(40, 1, 0, false));
    ours.spans = vec![with_attr(company(), "note", "ours".into())];
    let mut theirs = with_effort(base.clone(), effort(25, 1, 0, false));
    theirs.status = Status::Done;
    theirs.spans = vec![with_attr(company(), "note", "theirs".into())];
    let m = merge(&base, &ours, &theirs).unwrap();
    assert!(!m.is_clean(), "s1 changed differently on both sides");
    assert_eq!(m.annotation.effort, effort(55, 1, 0, false));
    let file: ConflictFile = serde_json::from_slice(&m.to_json()).unwrap();
    assert_eq!(file.effort, effort(55, 1, 0, false));
    // A side whose only change is time: the other side's status, as for an untouched side.
    let only_time = with_effort(base.clone(), effort(70, 1, 0, false));
    let mut done = base.clone();
    done.status = Status::Done;
    let merged = clean(&base, &only_time, &done);
    assert_eq!(merged.status, Status::Done);
    assert_eq!(merged.effort, effort(70, 1, 0, false));
}
