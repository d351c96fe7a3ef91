//! `Problem` and `Location` render as the places and messages were written before they had
//! one shape.

use super::*;

// Moved from `error.rs` with `Problem`.
#[test]
fn a_problem_names_its_place_and_becomes_file_line() {
    assert_eq!(Problem::new("empty").to_string(), "empty");
    let p = Problem::on_line(3, "no \"text\"");
    assert_eq!(p.to_string(), "3: no \"text\"");
    let e = p.in_file(Path::new("bad.jsonl"));
    assert_eq!(e.to_string(), "bad.jsonl:3: no \"text\"");
    assert_eq!(e.exit_code(), 1);
    assert_eq!(
        Problem::at("3/spans/0", "bad")
            .in_file(Path::new("x"))
            .to_string(),
        "x:3/spans/0: bad"
    );
    assert_eq!(
        Problem::new("bad").in_file(Path::new("x")).to_string(),
        "x: bad"
    );
}

#[test]
fn locations_render_as_the_places_were_written() {
    let file = Path::new("annotations/ann/d1.json");
    let cases = [
        (Location::default(), ""),
        (Location::pointer(""), ""),
        (Location::line(3), "3"),
        (Location::pointer("/spans/0/end"), "/spans/0/end"),
        (Location::pointer("3/spans/0"), "3/spans/0"),
        (Location::from(Place::Record("doc-7".into())), "doc-7"),
        (Location::from(Place::RecordNumber(3)), "record 3"),
        (Location::from(Place::Task(2)), "task 2 of the list"),
        (Location::from(Place::Document("d1".into())), "d1"),
        (Location::file(file), "annotations/ann/d1.json"),
        (
            Location::pointer("").in_file(file),
            "annotations/ann/d1.json",
        ),
        (
            Location::line(4).in_file(Path::new("in.jsonl")),
            "in.jsonl:4",
        ),
        (
            Location::pointer("/sha256").in_file(file),
            "annotations/ann/d1.json:/sha256",
        ),
        (
            Location::from(Place::Task(2)).in_file(Path::new("tasks.json")),
            "tasks.json: task 2 of the list",
        ),
    ];
    for (location, text) in cases {
        assert_eq!(location.to_string(), text, "{location:?}");
        assert_eq!(location.is_empty(), text.is_empty(), "{location:?}");
    }
}

#[test]
fn problems_read_as_validate_and_import_wrote_them() {
    let file = Path::new("d/documents/d1.json");
    assert_eq!(
        Problem::error(file, "", "cannot read: gone").to_string(),
        "d/documents/d1.json: cannot read: gone"
    );
    assert_eq!(
        Problem::warning(file, "/sha256", "has the same text as document d0").to_string(),
        "d/documents/d1.json:/sha256: warning: has the same text as document d0"
    );
    let span = Problem {
        at: Place::Document("d1".into()).into(),
        kind: ProblemKind::SpanSkipped(Box::new(SkippedSpan {
            key: "T1".into(),
            start: 5,
            end: 3,
            label: "amount".into(),
            why: SpanMisfit::EmptyOrReversed,
        })),
    };
    assert_eq!(
        span.to_string(),
        "d1: span T1 5..3 amount: empty or reversed"
    );
    let relation = Problem {
        at: Location::line(2).in_file(Path::new("in.jsonl")),
        kind: ProblemKind::RelationSkipped(Box::new(SkippedRelation {
            document: "d1".into(),
            relation: "located_in".into(),
            from: "T1".into(),
            to: "T9".into(),
            why: "no span \"T9\" in this record (to end)".into(),
        })),
    };
    assert_eq!(
        relation.to_string(),
        "in.jsonl:2: document d1: relation located_in T1 -> T9: no span \"T9\" in this record (to end); skipped"
    );
    let twice = Problem {
        at: Place::RecordNumber(4).into(),
        kind: ProblemKind::RecordTwice {
            document: "d1".into(),
        },
    };
    assert_eq!(
        twice.to_string(),
        "record 4: document d1 appears twice in the input; the first one was used"
    );
}

#[test]
fn a_problem_serialises_as_validate_json_has_it() {
    let p = Problem::warning(Path::new("a.json"), "/x", "look");
    assert_eq!(
        serde_json::to_string(&p).unwrap(),
        r#"{"file":"a.json","pointer":"/x","severity":"warning","message":"look"}"#
    );
    let p = Problem::error(Path::new("a.json"), "", "bad");
    assert_eq!(
        serde_json::to_string(&p).unwrap(),
        r#"{"file":"a.json","pointer":"","severity":"error","message":"bad"}"#
    );
}
