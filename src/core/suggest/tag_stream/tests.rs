//! Tests of the `biaozhu tag` stream: parsing lines, skipping long ones, order across threads
//! and batches, bad lines by number.

use super::*;

fn rules_tagger() -> Tagger {
    let rules = Rules::from_ron(crate::core::suggest::rules::DEFAULT_RULES_RON).unwrap();
    Tagger::rules(rules, LabelSchema::default_schema())
}

fn run_on(input: &[u8], threads: usize) -> (String, String, Summary) {
    let tagger = rules_tagger();
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let sources = [Ok(Source {
        name: None,
        reader: Box::new(input),
    })];
    let each = |i: &Input, buf: &mut Vec<u8>| tagger.predict(i).write_line(buf);
    let summary = run(sources, &mut out, &mut err, threads, &each).unwrap();
    (
        String::from_utf8(out).unwrap(),
        String::from_utf8(err).unwrap(),
        summary,
    )
}

#[test]
fn lines_are_parsed_with_their_meta_and_errors_name_what_is_wrong() {
    let input = parse_line(br#"{"id": 7, "text": "x", "title": "t", "n": [1]}"#)
        .unwrap()
        .unwrap();
    assert_eq!((input.id.as_str(), input.text.as_str()), ("7", "x"));
    assert_eq!(input.title(), "t");
    assert_eq!(input.meta.len(), 2);
    assert_eq!(parse_line(b"  \r").unwrap(), None);
    for (line, says) in [
        (&b"{\"id\": \"a\", \"text\": \"\xff\"}"[..], "not UTF-8"),
        (b"{\"id\": ", "not a JSON line"),
        (b"[1]", "a JSON array, not an object"),
        (b"{\"text\": \"x\"}", "no \"id\""),
        (b"{\"id\": 1.5, \"text\": \"x\"}", "\"id\" is a number"),
        (b"{\"id\": \"a\"}", "has no \"text\""),
        (b"{\"id\": \"a\", \"text\": 3}", "is a number, not a string"),
    ] {
        let e = parse_line(line).unwrap_err();
        assert!(e.contains(says), "{e} should say {says}");
    }
}

#[test]
fn long_lines_are_skipped_without_being_kept() {
    let mut r: &[u8] = b"abcdef\nxy\nlast";
    let mut buf = Vec::new();
    assert_eq!(read_line(&mut r, &mut buf, 4).unwrap(), Some(false));
    assert!(buf.is_empty());
    buf.clear();
    assert_eq!(read_line(&mut r, &mut buf, 4).unwrap(), Some(true));
    assert_eq!(buf, b"xy");
    buf.clear();
    assert_eq!(read_line(&mut r, &mut buf, 4).unwrap(), Some(true));
    assert_eq!(buf, b"last");
    assert_eq!(read_line(&mut r, &mut buf, 4).unwrap(), None);
}

#[test]
fn order_is_kept_across_threads_and_bad_lines_are_reported_by_number() {
    let mut input = String::new();
    for n in 0..3000 {
        if n == 1500 {
            input.push_str("{\"id\": \"bad\", \"text\": null}\n\n");
        }
        input.push_str(&format!(
            "{{\"id\": \"d{n}\", \"text\": \"苏州工业园区{n}号项目总投资{n}亿元。\"}}\n"
        ));
    }
    let (one, err1, s1) = run_on(input.as_bytes(), 1);
    let (four, err4, s4) = run_on(input.as_bytes(), 4);
    assert_eq!(one, four);
    assert_eq!((s1.documents, s1.bad_lines), (3000, 1));
    assert_eq!(s1, s4);
    assert_eq!(err1, err4);
    assert!(err1.starts_with("1501: the \"text\" of document \"bad\" is a null"));
    let ids: Vec<String> = one
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).unwrap()["id"].to_string())
        .collect();
    let expected: Vec<String> = (0..3000).map(|n| format!("\"d{n}\"")).collect();
    assert_eq!(ids, expected);
}

#[test]
fn in_parallel_keeps_order() {
    let items: Vec<usize> = (0..997).collect();
    let want: Vec<usize> = items.iter().map(|i| i * 3).collect();
    for threads in [1, 2, 7, 5000] {
        assert_eq!(in_parallel(&items, threads, |i| i * 3), want);
    }
    assert!(in_parallel(&[] as &[u8], 4, |b| *b).is_empty());
}
