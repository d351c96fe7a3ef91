use super::*;

fn entry(id: &str, imported: &str) -> DocumentEntry {
    DocumentEntry {
        id: id.into(),
        title: String::new(),
        chars: 1,
        sha256: format!("sha-{id}"),
        imported: imported.into(),
    }
}

#[test]
fn order_is_import_time_then_id_and_lookups_follow_inserts() {
    let mut index = DocumentIndex::default();
    index.insert(entry("b", "2026-01-02T00:00:00.000000Z"));
    index.insert(entry("a", "2026-01-02T00:00:00.000000Z"));
    index.insert(entry("z", ""));
    index.insert(entry("c", "2026-01-03T00:00:00.000000Z"));
    let ids: Vec<&str> = index.entries().iter().map(|e| e.id.as_str()).collect();
    assert_eq!(ids, ["z", "a", "b", "c"]);
    assert_eq!(index.get("b").unwrap().id, "b");
    assert_eq!(index.id_with_sha("sha-c"), Some("c"));
    assert!(index.is_taken("a") && !index.is_taken("q"));
}

#[test]
fn the_index_counts_code_points_through_escapes_and_astral_characters() {
    let dir = tempfile::tempdir().unwrap();
    // 中 escaped, a surrogate pair escaped, a raw astral character, a quote and a newline.
    let doc = r#"{"id":"a","text":"\u4e2d\ud83d\ude00𠀀\"x\n","sha256":"x"}"#;
    std::fs::write(dir.path().join("a.json"), doc).unwrap();
    std::fs::write(
        dir.path().join("b.json"),
        r#"{"id":"b","text":7,"sha256":"x"}"#,
    )
    .unwrap();
    let index = DocumentIndex::scan(dir.path()).unwrap();
    assert_eq!(index.get("a").unwrap().chars, 6);
    assert!(index.get("b").is_none() && index.is_taken("b"));
}

#[test]
fn a_text_that_is_not_utf8_or_not_a_string_is_not_indexed() {
    let dir = tempfile::tempdir().unwrap();
    let mut raw = br#"{"id":"a","text":"ab"#.to_vec();
    raw.extend_from_slice(&[0xe4, 0xb8]); // 中 cut short
    raw.extend_from_slice(br#"","sha256":"x"}"#);
    std::fs::write(dir.path().join("a.json"), raw).unwrap();
    let lone = r#"{"id":"b","text":"\ud83d","sha256":"x"}"#;
    std::fs::write(dir.path().join("b.json"), lone).unwrap();
    let bytes = r#"{"id":"c","text":[228,184,173],"sha256":"x"}"#;
    std::fs::write(dir.path().join("c.json"), bytes).unwrap();
    let good = r#"{"id":"d","text":"中文","sha256":"x"}"#;
    std::fs::write(dir.path().join("d.json"), good).unwrap();
    let index = DocumentIndex::scan(dir.path()).unwrap();
    for id in ["a", "b", "c"] {
        assert!(index.get(id).is_none() && index.is_taken(id), "{id}");
    }
    assert_eq!(index.get("d").unwrap().chars, 2);
}

#[test]
fn the_order_lists_the_documents_of_the_index_in_its_order() {
    let dir = tempfile::tempdir().unwrap();
    for (id, imported) in [
        ("b", "2026-01-02T00:00:00.000000Z"),
        ("a", "2026-01-02T00:00:00.000000Z"),
        ("z", ""),
        ("c", "2026-01-03T00:00:00.000000Z"),
        ("y", "2026-01-01T23:00:00.000000Z"),
    ] {
        let doc = format!(
            r#"{{"id":"{id}","text":"文本","sha256":"x","meta":{{"title":"t","imported":"{imported}"}}}}"#
        );
        std::fs::write(dir.path().join(format!("{id}.json")), doc).unwrap();
    }
    std::fs::write(dir.path().join("d2.json"), "{\"id\":").unwrap();
    std::fs::write(
        dir.path().join("e.json"),
        r#"{"id":"f","text":"","sha256":"x"}"#,
    )
    .unwrap();
    std::fs::write(dir.path().join(".biaozhu-abc.tmp"), "{}").unwrap();
    let order = DocumentOrder::scan(dir.path()).unwrap();
    let index = DocumentIndex::scan(dir.path()).unwrap();
    let ids: Vec<&str> = order.ids().collect();
    assert_eq!(ids, ["z", "y", "a", "b", "c"]);
    let listed: Vec<&str> = index.entries().iter().map(|e| e.id.as_str()).collect();
    assert_eq!(ids, listed);
    assert_eq!(order.len(), 5);
    // A time in another shape: still the index's order.
    let odd = r#"{"id":"x","text":"","sha256":"x","meta":{"imported":"2026-01-02"}}"#;
    std::fs::write(dir.path().join("x.json"), odd).unwrap();
    let order = DocumentOrder::scan(dir.path()).unwrap();
    let index = DocumentIndex::scan(dir.path()).unwrap();
    let listed: Vec<&str> = index.entries().iter().map(|e| e.id.as_str()).collect();
    assert_eq!(order.ids().collect::<Vec<_>>(), listed);
    assert_eq!(listed, ["z", "y", "x", "a", "b", "c"]);
    assert!(
        DocumentOrder::scan(&dir.path().join("none"))
            .unwrap()
            .is_empty()
    );
}

#[test]
fn packed_import_times_order_as_their_text_and_read_back() {
    let times = [
        "",
        "2026-01-02T03:04:05.123456Z",
        "2026-01-02T03:04:05.123457Z",
        "2026-01-10T00:00:00.000000Z",
        "2026-12-31T23:59:59.999999Z",
        "9999-12-31T23:59:59.999999Z",
    ];
    let keys: Vec<u64> = times.iter().map(|t| pack_time(t).unwrap()).collect();
    assert!(keys.windows(2).all(|w| w[0] < w[1]), "{keys:?}");
    for (t, k) in times.iter().zip(&keys) {
        assert_eq!(unpack_time(*k), *t);
    }
    for other in [
        "2026",
        "2026-01-02T03:04:05Z",
        "2026-20-02T03:04:05.000000Z",
        "２０２６-01-02T03:04:05.12345Z",
    ] {
        assert_eq!(pack_time(other), None, "{other}");
    }
    // One time in another shape: every time is compared as text.
    let mut mixed = ImportTimes::Packed(Vec::new());
    for t in [
        "2026-01-02T03:04:05.123456Z",
        "",
        "2026-01-02",
        "2026-01-01T00:00:00.000000Z",
    ] {
        mixed.push(t).unwrap();
    }
    assert!(matches!(mixed, ImportTimes::Text { .. }));
    assert_eq!(
        mixed.cmp(0, 2),
        "2026-01-02T03:04:05.123456Z".cmp("2026-01-02")
    );
    assert_eq!(mixed.cmp(1, 3), std::cmp::Ordering::Less);
    assert_eq!(mixed.cmp(3, 0), std::cmp::Ordering::Less);
}

#[test]
fn a_scan_skips_temporary_and_damaged_files_but_keeps_their_names_taken() {
    let dir = tempfile::tempdir().unwrap();
    let doc = r#"{"id":"d1","text":"文本","sha256":"x","meta":{"title":"t","imported":"2026"}}"#;
    std::fs::write(dir.path().join("d1.json"), doc).unwrap();
    std::fs::write(dir.path().join("d2.json"), "{\"id\":").unwrap();
    std::fs::write(dir.path().join(".biaozhu-abc.tmp"), doc).unwrap();
    let index = DocumentIndex::scan(dir.path()).unwrap();
    assert_eq!(index.entries().len(), 1);
    assert_eq!(index.get("d1").unwrap().chars, 2);
    assert!(index.is_taken("d2"));
}
