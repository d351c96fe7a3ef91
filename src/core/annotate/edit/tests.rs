//! Tests of the edit commands and their inverses.

use super::*;
use crate::core::data::model::Document;

/// An empty annotation of a document with `text`, with the text and its offset map.
fn setup_with(text: &str) -> (Annotation, String, OffsetMap) {
    let doc = Document {
        id: "d".into(),
        sha256: String::new(),
        text: text.into(),
        meta: Default::default(),
    };
    (
        Annotation::new(&doc, "a"),
        text.into(),
        OffsetMap::new(text),
    )
}

fn setup() -> (Annotation, String, OffsetMap) {
    setup_with("𠮷利集团在南通开发区投资约50亿元")
}

#[test]
fn add_relabel_resize_remove_and_undo_everything() {
    let (mut ann, text, map) = setup();
    let original = ann.clone();
    let mut h = History::default();
    let mut apply = |edit: &Edit, ann: &mut Annotation| {
        h.apply(edit, ann, &text, &map, Default::default()).unwrap()
    };
    apply(&Edit::AddSpan(Span::bare("s1", 12, 17, "amount")), &mut ann);
    assert_eq!(ann.spans[0].text, "约50亿元");
    apply(&Edit::AddSpan(Span::bare("s2", 5, 10, "region")), &mut ann);
    let relabel = Edit::Relabel {
        id: "s2".into(),
        from: "region".into(),
        to: "project".into(),
    };
    apply(&relabel, &mut ann);
    let resize = Edit::Resize {
        id: "s2".into(),
        from: (5, 10),
        to: (5, 7),
    };
    apply(&resize, &mut ann);
    assert_eq!(ann.span("s2").unwrap().text, "南通");
    let relation = Edit::AddRelation(Relation {
        id: "r1".into(),
        kind: "located_in".into(),
        from: "s1".into(),
        to: "s2".into(),
        confidence: None,
    });
    apply(&relation, &mut ann);
    apply(&Edit::remove_span(&ann, "s2").unwrap(), &mut ann);
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
    use crate::core::annotate::selection::Selection;
    let (mut ann, text, map) = setup_with("南通项目");
    let text = text.as_str();
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
