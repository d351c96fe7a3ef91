//! Tests of the edit commands and their inverses.

use super::*;
use crate::core::model::Document;

fn setup() -> (Annotation, String, OffsetMap) {
    let text = "𠮷利集团在南通开发区投资约50亿元".to_string();
    let doc = Document {
        id: "d".into(),
        sha256: String::new(),
        text: text.clone(),
        meta: Default::default(),
    };
    let map = OffsetMap::new(&text);
    (Annotation::new(&doc, "a"), text, map)
}

#[test]
fn add_relabel_resize_remove_and_undo_everything() {
    let (mut ann, text, map) = setup();
    let original = ann.clone();
    let mut h = History::default();
    h.apply(
        &Edit::AddSpan(Span::bare("s1", 12, 17, "amount")),
        &mut ann,
        &text,
        &map,
        Default::default(),
    )
    .unwrap();
    assert_eq!(ann.spans[0].text, "约50亿元");
    h.apply(
        &Edit::AddSpan(Span::bare("s2", 5, 10, "region")),
        &mut ann,
        &text,
        &map,
        Default::default(),
    )
    .unwrap();
    h.apply(
        &Edit::Relabel {
            id: "s2".into(),
            from: "region".into(),
            to: "project".into(),
        },
        &mut ann,
        &text,
        &map,
        Default::default(),
    )
    .unwrap();
    h.apply(
        &Edit::Resize {
            id: "s2".into(),
            from: (5, 10),
            to: (5, 7),
        },
        &mut ann,
        &text,
        &map,
        Default::default(),
    )
    .unwrap();
    assert_eq!(ann.span("s2").unwrap().text, "南通");
    h.apply(
        &Edit::AddRelation(Relation {
            id: "r1".into(),
            kind: "located_in".into(),
            from: "s1".into(),
            to: "s2".into(),
        }),
        &mut ann,
        &text,
        &map,
        Default::default(),
    )
    .unwrap();
    let remove = Edit::remove_span(&ann, "s2").unwrap();
    h.apply(&remove, &mut ann, &text, &map, Default::default())
        .unwrap();
    assert!(ann.relations.is_empty() && ann.spans.len() == 1);
    let after = ann.clone();
    while h.undo(&mut ann, &text, &map).unwrap().is_some() {}
    assert_eq!(ann, original);
    while h.redo(&mut ann, &text, &map).unwrap().is_some() {}
    assert_eq!(ann, after);
}

#[test]
fn bad_edits_change_nothing() {
    let (mut ann, text, map) = setup();
    Edit::AddSpan(Span::bare("s1", 0, 1, "amount"))
        .apply(&mut ann, &text, &map)
        .unwrap();
    let before = ann.clone();
    assert_eq!(
        Edit::AddSpan(Span::bare("s2", 3, 99, "amount")).apply(&mut ann, &text, &map),
        Err(EditError::BadRange(3, 99))
    );
    assert!(matches!(
        Edit::AddSpan(Span::bare("s2", 0, 1, "amount")).apply(&mut ann, &text, &map),
        Err(EditError::Duplicate { .. })
    ));
    let batch = Edit::Batch(vec![
        Edit::AddSpan(Span::bare("s3", 1, 2, "region")),
        Edit::AddSpan(Span::bare("s4", 5, 4, "region")),
    ]);
    assert!(batch.apply(&mut ann, &text, &map).is_err());
    assert_eq!(ann, before, "a failed batch is rolled back");
}

#[test]
fn undo_and_redo_give_back_the_selections_around_the_edit() {
    use crate::core::selection::Selection;
    let text = "南通项目";
    let map = OffsetMap::new(text);
    let doc = crate::core::model::Document {
        id: "d".into(),
        text: text.into(),
        sha256: String::new(),
        meta: Default::default(),
    };
    let mut ann = Annotation::new(&doc, "me");
    let mut h = History::default();
    let before = Selection {
        range: Some((0, 2)),
        span: None,
    };
    let after = Selection {
        range: Some((0, 2)),
        span: Some("s1".into()),
    };
    let add = Edit::AddSpan(Span {
        id: "s1".into(),
        start: 0,
        end: 2,
        label: "region".into(),
        text: String::new(),
        attrs: Attrs::new(),
    });
    h.apply(&add, &mut ann, text, &map, (before.clone(), after.clone()))
        .unwrap();
    assert_eq!(h.undo(&mut ann, text, &map).unwrap(), Some(before));
    assert!(ann.spans.is_empty());
    assert_eq!(h.redo(&mut ann, text, &map).unwrap(), Some(after));
    assert_eq!(h.redo(&mut ann, text, &map).unwrap(), None);
}
