//! Unit tests of the three-way merge: ids, removals and conflicts (more in `more`).

use super::*;

mod effort;
mod more;
use crate::core::data::model::Attrs;

const TEXT: &str = "𠮷利集团拟投资约50亿元在海门建设光伏项目";

fn span(id: &str, start: usize, end: usize, label: &str) -> Span {
    Span {
        id: id.into(),
        start,
        end,
        label: label.into(),
        text: TEXT.chars().skip(start).take(end - start).collect(),
        attrs: Attrs::new(),
    }
}

fn with_attr(mut s: Span, key: &str, value: serde_json::Value) -> Span {
    s.attrs.insert(key.into(), value);
    s
}

fn rel(id: &str, kind: &str, from: &str, to: &str) -> Relation {
    Relation {
        id: id.into(),
        kind: kind.into(),
        from: from.into(),
        to: to.into(),
        confidence: None,
    }
}

fn ann(spans: Vec<Span>, relations: Vec<Relation>) -> Annotation {
    Annotation {
        document: "doc".into(),
        document_sha256: "a".repeat(64),
        annotator: "alice".into(),
        status: Status::InProgress,
        revision: 3,
        updated: "2026-11-23T10:00:00Z".into(),
        spans,
        relations,
        rejected: Vec::new(),
        taken: Default::default(),
        effort: None,
    }
}

fn ids(a: &Annotation) -> Vec<(&str, usize, usize, &str)> {
    a.spans
        .iter()
        .map(|s| (s.id.as_str(), s.start, s.end, s.label.as_str()))
        .collect()
}

fn clean(base: &Annotation, ours: &Annotation, theirs: &Annotation) -> Annotation {
    let m = merge(base, ours, theirs).unwrap();
    assert!(m.is_clean(), "{:?}", m.conflicts);
    m.annotation
}

fn company() -> Span {
    span("s1", 0, 4, "project")
}

#[test]
fn spans_added_on_both_sides_under_the_same_id_are_both_kept_and_theirs_renumbered() {
    let base = ann(vec![company()], vec![]);
    let ours = ann(vec![company(), span("s2", 17, 19, "region")], vec![]);
    let theirs = ann(
        vec![company(), span("s2", 8, 13, "amount")],
        vec![rel("r1", "has_amount", "s1", "s2")],
    );
    let m = merge(&base, &ours, &theirs).unwrap();
    assert!(m.is_clean());
    assert_eq!(
        ids(&m.annotation),
        [
            ("s1", 0, 4, "project"),
            ("s3", 8, 13, "amount"),
            ("s2", 17, 19, "region")
        ]
    );
    assert_eq!(
        m.annotation.relations,
        [rel("r1", "has_amount", "s1", "s3")]
    );
    assert!(m.notes[0].contains("is now s3"), "{:?}", m.notes);
}

#[test]
fn renumbering_skips_every_id_any_side_used() {
    let base = ann(vec![span("s7", 0, 4, "project")], vec![]);
    // Ours removed s7; theirs has s9 of its own and an s2 clashing with ours'.
    let ours = ann(vec![span("s2", 17, 19, "region")], vec![]);
    let theirs = ann(
        vec![
            span("s7", 0, 4, "project"),
            span("s2", 8, 13, "amount"),
            span("s9", 14, 16, "region"),
            span("s1", 0, 2, "region"),
        ],
        vec![],
    );
    let a = clean(&base, &ours, &theirs);
    assert_eq!(
        ids(&a),
        [
            ("s1", 0, 2, "region"),
            ("s10", 8, 13, "amount"),
            ("s9", 14, 16, "region"),
            ("s2", 17, 19, "region")
        ]
    );
}

#[test]
fn a_span_added_identically_on_both_sides_is_kept_once() {
    let base = ann(vec![company()], vec![]);
    let both = ann(vec![company(), span("s2", 8, 13, "amount")], vec![]);
    let a = clean(&base, &both, &both);
    assert_eq!(a.spans.len(), 2);
    assert_eq!(a.spans, both.spans);
}

#[test]
fn the_same_range_and_label_under_two_ids_is_kept_once_as_ours() {
    let base = ann(vec![company()], vec![]);
    let ours = ann(
        vec![
            company(),
            span("s2", 17, 19, "region"),
            span("s3", 8, 13, "amount"),
        ],
        vec![],
    );
    let theirs = ann(
        vec![company(), span("s2", 8, 13, "amount")],
        vec![rel("r1", "has_amount", "s1", "s2")],
    );
    let m = merge(&base, &ours, &theirs).unwrap();
    assert!(m.is_clean(), "{:?}", m.conflicts);
    assert_eq!(
        ids(&m.annotation),
        [
            ("s1", 0, 4, "project"),
            ("s3", 8, 13, "amount"),
            ("s2", 17, 19, "region")
        ]
    );
    assert_eq!(
        m.annotation.relations,
        [rel("r1", "has_amount", "s1", "s3")]
    );
    assert!(
        m.notes.iter().any(|n| n.contains("kept once")),
        "{:?}",
        m.notes
    );
}

#[test]
fn the_same_range_and_label_with_different_attrs_is_a_conflict() {
    let base = ann(vec![company()], vec![]);
    let amount = span("s2", 8, 13, "amount");
    let ours = ann(
        vec![
            company(),
            with_attr(amount.clone(), "currency", "CNY".into()),
        ],
        vec![],
    );
    let theirs = ann(
        vec![
            company(),
            with_attr(amount.clone(), "currency", "USD".into()),
        ],
        vec![],
    );
    let m = merge(&base, &ours, &theirs).unwrap();
    assert_eq!(m.conflicts.len(), 1);
    assert!(matches!(
        &m.conflicts[0],
        Conflict::Span { id, reason: ConflictReason::SameRangeDifferentAttrs, base: None, .. } if id == "s2"
    ));
    // Under different ids too.
    let mut theirs_s5 = with_attr(amount, "currency", "USD".into());
    theirs_s5.id = "s5".into();
    let theirs = ann(vec![company(), theirs_s5], vec![]);
    let m = merge(&base, &ours, &theirs).unwrap();
    assert_eq!(m.conflicts.len(), 1, "{:?}", m.conflicts);
    assert_eq!(
        ids(&m.annotation),
        [("s1", 0, 4, "project"), ("s2", 8, 13, "amount")]
    );
    assert!(m.conflicts[0].describe().contains("theirs s5"));
}

#[test]
fn a_span_removed_on_one_side_is_removed_with_its_relations() {
    let amount = span("s2", 8, 13, "amount");
    let base = ann(
        vec![company(), amount.clone()],
        vec![rel("r1", "has_amount", "s1", "s2")],
    );
    // Theirs removed the amount but (as an older tool might) not its relation; ours added a
    // relation to it.
    let ours = ann(
        vec![company(), amount, span("s3", 17, 19, "region")],
        vec![
            rel("r1", "has_amount", "s1", "s2"),
            rel("r2", "located_in", "s1", "s3"),
        ],
    );
    let theirs = ann(vec![company()], vec![rel("r1", "has_amount", "s1", "s2")]);
    let m = merge(&base, &ours, &theirs).unwrap();
    assert!(m.is_clean());
    assert_eq!(
        ids(&m.annotation),
        [("s1", 0, 4, "project"), ("s3", 17, 19, "region")]
    );
    assert_eq!(
        m.annotation.relations,
        [rel("r2", "located_in", "s1", "s3")]
    );
    assert!(
        m.notes.iter().any(|n| n.contains("relation r1")),
        "{:?}",
        m.notes
    );
    // Removed on both sides.
    let gone = clean(&base, &theirs, &theirs);
    assert_eq!(ids(&gone), [("s1", 0, 4, "project")]);
}

#[test]
fn a_change_on_one_side_is_taken_and_the_same_change_on_both_is_taken_once() {
    let base = ann(vec![company(), span("s2", 8, 13, "amount")], vec![]);
    let resized = ann(vec![company(), span("s2", 7, 13, "amount")], vec![]);
    assert_eq!(clean(&base, &base, &resized).spans, resized.spans);
    assert_eq!(clean(&base, &resized, &base).spans, resized.spans);
    assert_eq!(clean(&base, &resized, &resized).spans, resized.spans);
    let with_value = ann(
        vec![
            company(),
            with_attr(span("s2", 8, 13, "amount"), "value", 5e9.into()),
        ],
        vec![],
    );
    assert_eq!(clean(&base, &base, &with_value).spans, with_value.spans);
}

#[test]
fn a_span_changed_differently_on_both_sides_is_a_conflict() {
    let base = ann(vec![span("s1", 17, 19, "region")], vec![]);
    let ours = ann(vec![span("s1", 17, 19, "project")], vec![]);
    let theirs = ann(vec![span("s1", 17, 19, "mechanism")], vec![]);
    let m = merge(&base, &ours, &theirs).unwrap();
    assert!(!m.is_clean());
    assert_eq!(
        m.conflicts,
        [Conflict::Span {
            id: "s1".into(),
            reason: ConflictReason::BothChanged,
            base: Some(base.spans[0].clone()),
            ours: Some(ours.spans[0].clone()),
            theirs: Some(theirs.spans[0].clone()),
        }]
    );
    // Ours' version stands in the spans.
    assert_eq!(m.annotation.spans, ours.spans);
    let described = m.conflicts[0].describe();
    assert!(
        described.contains("changed differently")
            && described.contains("project")
            && described.contains("mechanism"),
        "{described}"
    );
}

#[test]
fn changed_on_one_side_and_removed_on_the_other_is_a_conflict() {
    let base = ann(vec![company(), span("s2", 8, 13, "amount")], vec![]);
    let changed = ann(vec![company(), span("s2", 7, 13, "amount")], vec![]);
    let removed = ann(vec![company()], vec![]);
    let m = merge(&base, &changed, &removed).unwrap();
    assert!(matches!(
        &m.conflicts[..],
        [Conflict::Span {
            reason: ConflictReason::ChangedAndDeleted,
            theirs: None,
            ..
        }]
    ));
    assert_eq!(m.annotation.spans, changed.spans);
    let m = merge(&base, &removed, &changed).unwrap();
    assert!(matches!(
        &m.conflicts[..],
        [Conflict::Span {
            reason: ConflictReason::DeletedAndChanged,
            ours: None,
            ..
        }]
    ));
    // The surviving version (theirs') stands in the spans.
    assert_eq!(m.annotation.spans, changed.spans);
}

#[test]
fn relations_merge_by_id_too() {
    let spans = vec![
        company(),
        span("s2", 8, 13, "amount"),
        span("s3", 17, 19, "region"),
    ];
    let base = ann(spans.clone(), vec![]);
    // Both add r1, different relations: theirs' becomes r2.
    let ours = ann(spans.clone(), vec![rel("r1", "has_amount", "s1", "s2")]);
    let theirs = ann(spans.clone(), vec![rel("r1", "located_in", "s1", "s3")]);
    let a = clean(&base, &ours, &theirs);
    assert_eq!(
        a.relations,
        [
            rel("r1", "has_amount", "s1", "s2"),
            rel("r2", "located_in", "s1", "s3")
        ]
    );
    // The same relation under two ids: kept once, as ours'.
    let theirs = ann(spans.clone(), vec![rel("r7", "has_amount", "s1", "s2")]);
    let a = clean(&base, &ours, &theirs);
    assert_eq!(a.relations, [rel("r1", "has_amount", "s1", "s2")]);
    // Changed differently on both sides.
    let base = ann(spans.clone(), vec![rel("r1", "has_amount", "s1", "s2")]);
    let ours = ann(spans.clone(), vec![rel("r1", "located_in", "s1", "s3")]);
    let theirs = ann(spans, vec![rel("r1", "has_amount", "s3", "s2")]);
    let m = merge(&base, &ours, &theirs).unwrap();
    assert!(matches!(
        &m.conflicts[..],
        [Conflict::Relation {
            reason: ConflictReason::BothChanged,
            ..
        }]
    ));
}
