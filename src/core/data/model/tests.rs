//! Unit tests of the data model: ids and statuses.

use super::*;

#[test]
fn next_ids_follow_the_largest() {
    let doc = Document {
        id: "d".into(),
        text: "abc".into(),
        sha256: String::new(),
        meta: Default::default(),
    };
    let mut ann = Annotation::new(&doc, "a");
    assert_eq!(ann.next_span_id(), "s1");
    ann.spans.push(Span {
        id: "s9".into(),
        start: 0,
        end: 1,
        label: "x".into(),
        text: "a".into(),
        attrs: Attrs::new(),
    });
    assert_eq!(ann.next_span_id(), "s10");
}

#[test]
fn statuses_round_trip() {
    for st in Status::ALL {
        assert_eq!(Status::parse(st.as_str()), Some(st));
        assert_eq!(
            serde_json::to_string(&st).unwrap(),
            format!("\"{}\"", st.as_str())
        );
    }
}
