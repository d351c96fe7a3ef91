//! The real command-line binary: creating, importing, validating, and refusing hostile input
//! with exit 1, a clear message and nothing written.

mod common;
use common::*;
use serde_json::Value;

#[test]
fn new_import_duplicate_validate_and_stats() {
    let tmp = tempfile::tempdir().unwrap();
    let ds = tmp.path().join("ds");
    let out = biaozhu(&[&"new", &ds, &"--name", &"测试"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    assert!(ds.join("labels.ron").is_file() && ds.join("releases").is_dir());

    let src = tmp.path().join("in");
    std::fs::create_dir_all(src.join("nested")).unwrap();
    std::fs::write(
        src.join("南通新闻.txt"),
        "\u{feff}南通新闻\r\n𠮷利集团投资约50亿元。\r\n",
    )
    .unwrap();
    let (gbk, _, _) =
        encoding_rs::GBK.encode("如皋市签约项目\n总投资3000万美元的智能制造产业园项目落户如皋。\n");
    std::fs::write(src.join("nested/gbk.txt"), &gbk).unwrap();
    std::fs::write(src.join("nested/page.html"), "<html><head><title>标题</title><script>x()</script></head><body><p>启东市&amp;海门区</p><p>项目二</p></body></html>").unwrap();
    std::fs::write(src.join("nested/ignored.pdf"), "x").unwrap();
    let out = biaozhu(&[&"import", &ds, &src]);
    let said = text(&out);
    assert_eq!(out.status.code(), Some(0), "{said}");
    assert!(
        said.contains("GBK") && said.contains("3 added") && said.contains("1 other files skipped"),
        "{said}"
    );

    let manifest = read_json(&ds.join("dataset.json"));
    assert!(
        manifest.get("documents").is_none(),
        "format 2 lists no documents"
    );
    let ids: Vec<String> = std::fs::read_dir(ds.join("documents"))
        .unwrap()
        .map(|e| {
            e.unwrap()
                .path()
                .file_stem()
                .unwrap()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    assert_eq!(ids.len(), 3);
    assert!(
        ids.iter()
            .all(|id| biaozhu::core::data::ids::is_safe_id(id)),
        "{ids:?}"
    );
    let html_doc = read_json(&ds.join("documents/page.json"));
    assert_eq!(html_doc["text"], "启东市&海门区\n项目二");
    assert_eq!(html_doc["meta"]["title"], "标题");

    let again = biaozhu(&[&"import", &ds, &src.join("nested/gbk.txt")]);
    assert_eq!(again.status.code(), Some(0));
    assert!(
        text(&again).contains("already in the dataset as gbk"),
        "{}",
        text(&again)
    );
    assert_eq!(std::fs::read_dir(ds.join("documents")).unwrap().count(), 3);

    let out = biaozhu(&[&"validate", &ds]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    let out = biaozhu(&[&"stats", &ds, &"--format", &"json"]);
    let stats: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(stats["documents"], 3);
}

#[test]
fn the_sample_validates_and_stats_name_the_annotator() {
    let out = biaozhu(&[&repo().join("assets/sample"), &"--help"]);
    assert_eq!(
        out.status.code(),
        Some(2),
        "an unknown command is a usage error"
    );
    let out = biaozhu(&[
        &"validate",
        &repo().join("assets/sample"),
        &"--format",
        &"json",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["valid"], true);
    let out = biaozhu(&[&"stats", &repo().join("assets/sample")]);
    assert!(text(&out).contains("annotator sample"));
}

/// Applies `mutate` to the first sample annotation and expects `validate` to fail with `needle`
/// at `pointer`, writing nothing.
fn expect_invalid(what: &str, mutate: impl FnOnce(&mut Value), pointer: &str, needle: &str) {
    let (_tmp, ds) = sample_copy();
    let file = ds.join("annotations/sample/01-haimen-solar.json");
    let mut ann = read_json(&file);
    mutate(&mut ann);
    std::fs::write(&file, serde_json::to_vec(&ann).unwrap()).unwrap();
    let before = tree_hash(&ds);
    let out = biaozhu(&[&"validate", &ds]);
    let said = text(&out);
    assert_eq!(out.status.code(), Some(1), "{what}: {said}");
    let expected = format!("01-haimen-solar.json:{pointer}: ");
    assert!(
        said.lines()
            .any(|l| l.contains(&expected) && l.contains(needle)),
        "{what}: wanted {expected}…{needle} in\n{said}"
    );
    assert!(!said.contains("panicked"));
    assert_eq!(tree_hash(&ds), before, "{what}: validate wrote something");
}

#[test]
fn validate_reports_each_problem_with_a_json_pointer() {
    expect_invalid(
        "end beyond the text",
        |a| a["spans"][0]["end"] = 100_000.into(),
        "/spans/0/end",
        "beyond the text",
    );
    expect_invalid(
        "start after end",
        |a| a["spans"][0]["start"] = 400.into(),
        "/spans/0/end",
        "greater than start",
    );
    expect_invalid(
        "covered text",
        |a| a["spans"][3]["text"] = "别的".into(),
        "/spans/3/text",
        "code points",
    );
    expect_invalid(
        "unknown label",
        |a| a["spans"][1]["label"] = "city".into(),
        "/spans/1/label",
        "unknown label",
    );
    expect_invalid(
        "duplicate id",
        |a| a["spans"][1]["id"] = a["spans"][0]["id"].clone(),
        "/spans/1/id",
        "used twice",
    );
    expect_invalid(
        "unsafe span id",
        |a| a["spans"][1]["id"] = "../x".into(),
        "/spans/1/id",
        "does not match",
    );
    expect_invalid(
        "exact duplicate span",
        |a| {
            let mut dup = a["spans"][0].clone();
            dup["id"] = "s999".into();
            a["spans"].as_array_mut().unwrap().push(dup);
        },
        "/spans/24/start",
        "duplicate",
    );
    expect_invalid(
        "stale hash",
        |a| a["document_sha256"] = "0".repeat(64).into(),
        "/document_sha256",
        "does not match",
    );
    expect_invalid(
        "unknown attribute",
        |a| a["spans"][0]["attrs"]["colour"] = "red".into(),
        "/spans/0/attrs/colour",
        "no attribute",
    );
    expect_invalid(
        "relation to nowhere",
        |a| a["relations"][0]["to"] = "s999".into(),
        "/relations/0/to",
        "no span",
    );
    expect_invalid(
        "bad status",
        |a| a["status"] = "finished".into(),
        "/status",
        "",
    );
}

#[test]
fn every_problem_is_reported_not_just_the_first() {
    let (_tmp, ds) = sample_copy();
    let file = ds.join("annotations/sample/02-zhenjiang-battery.json");
    let mut ann = read_json(&file);
    ann["spans"][0]["label"] = "city".into();
    ann["spans"][5]["end"] = 9999.into();
    std::fs::write(&file, serde_json::to_vec(&ann).unwrap()).unwrap();
    let doc = ds.join("documents/03-rugao-park.json");
    let mut d = read_json(&doc);
    d["text"] = "改过的文本".into();
    std::fs::write(&doc, serde_json::to_vec(&d).unwrap()).unwrap();
    let out = biaozhu(&[&"validate", &ds, &"--format", &"json"]);
    assert_eq!(out.status.code(), Some(1));
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(report["errors"].as_u64().unwrap() >= 3, "{report}");
}

#[test]
fn unreadable_json_is_reported_and_never_rewritten() {
    for (what, bytes) in [
        ("truncated", b"{\"document\": \"01-haimen".to_vec()),
        ("invalid utf-8", b"{\"document\": \"\xff\xfe\"}".to_vec()),
        ("empty", Vec::new()),
    ] {
        let (_tmp, ds) = sample_copy();
        std::fs::write(ds.join("annotations/sample/01-haimen-solar.json"), &bytes).unwrap();
        let before = tree_hash(&ds);
        let out = biaozhu(&[&"validate", &ds]);
        assert_eq!(out.status.code(), Some(1), "{what}: {}", text(&out));
        assert!(text(&out).contains("01-haimen-solar.json"), "{what}");
        // A writing command must refuse to touch what it could not read.
        let out = biaozhu(&[
            &"import",
            &ds,
            &repo().join("tests/fixtures/import/plain.txt"),
        ]);
        assert_eq!(
            out.status.code(),
            Some(0),
            "import of another file still works: {}",
            text(&out)
        );
        assert_eq!(
            std::fs::read(ds.join("annotations/sample/01-haimen-solar.json")).unwrap(),
            bytes,
            "{what}"
        );
        assert_ne!(tree_hash(&ds), before);
    }
}

#[test]
fn unsafe_ids_in_the_documents_are_invalid_and_never_used_as_paths() {
    for bad in ["../x", "/abs", "", "UPPER"] {
        let (_tmp, ds) = sample_copy();
        let path = ds.join("documents/01-haimen-solar.json");
        let mut d = read_json(&path);
        d["id"] = bad.into();
        std::fs::write(&path, serde_json::to_vec(&d).unwrap()).unwrap();
        let out = biaozhu(&[&"validate", &ds]);
        assert_eq!(out.status.code(), Some(1), "{bad:?}");
        assert!(
            text(&out).contains("01-haimen-solar.json:/id"),
            "{}",
            text(&out)
        );
        // The damaged file is not a document: an import goes on beside it, never overwrites it,
        // and writes nothing outside the dataset.
        let damaged = std::fs::read(&path).unwrap();
        let outside = tree_hash(ds.parent().unwrap());
        let out = biaozhu(&[
            &"import",
            &ds,
            &repo().join("tests/fixtures/import/plain.txt"),
        ]);
        assert_eq!(out.status.code(), Some(0), "{}", text(&out));
        assert_eq!(std::fs::read(&path).unwrap(), damaged);
        assert_ne!(tree_hash(ds.parent().unwrap()), outside);
        assert!(!ds.parent().unwrap().join("x.json").exists());
    }
}

#[test]
fn a_newer_format_is_named_and_never_written() {
    let (_tmp, ds) = sample_copy();
    let mut m = read_json(&ds.join("dataset.json"));
    m["format_version"] = 3.into();
    std::fs::write(ds.join("dataset.json"), serde_json::to_vec(&m).unwrap()).unwrap();
    let before = tree_hash(&ds);
    let out = biaozhu(&[&"validate", &ds]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out).contains("format_version 3 is newer than this biaozhu supports (2)"),
        "{}",
        text(&out)
    );
    let out = biaozhu(&[
        &"import",
        &ds,
        &repo().join("tests/fixtures/import/plain.txt"),
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out).contains("format_version 3 is newer"));
    assert_eq!(tree_hash(&ds), before);
}

#[test]
fn hostile_imports_fail_with_a_reason_and_write_nothing() {
    let (tmp, ds) = sample_copy();
    let binary: Vec<u8> = (0..=255u8).cycle().take(256 * 50).collect();
    let mut big = vec![b'a'; 50 * 1024 * 1024];
    big.push(b'\n');
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        ("empty.txt", Vec::new(), "empty"),
        ("binary.txt", binary, "binary"),
        ("huge.txt", big, "MB"),
        (
            "chrome-only.txt",
            "打开APP\n来说两句吧\n".as_bytes().to_vec(),
            "no text",
        ),
        (
            "bad-gbk.txt",
            vec![0xB0, 0xA1, 0xFF, 0xFF, 0xFF, 0x20, 0x81],
            "not valid",
        ),
        ("notes.docx", b"PK".to_vec(), ".docx"),
    ];
    for (name, bytes, needle) in cases {
        let p = tmp.path().join(name);
        std::fs::write(&p, &bytes).unwrap();
        let before = tree_hash(&ds);
        let out = biaozhu(&[&"import", &ds, &p]);
        let said = text(&out);
        assert!(
            matches!(out.status.code(), Some(1) | Some(2)),
            "{name}: {said}"
        );
        assert!(
            said.contains(name) && said.contains(needle),
            "{name}: {said}"
        );
        assert!(!said.contains("panicked"), "{name}");
        assert_eq!(tree_hash(&ds), before, "{name}: something was written");
    }
    let missing = biaozhu(&[&"import", &ds, &tmp.path().join("missing.txt")]);
    assert_eq!(missing.status.code(), Some(2));
    let binary_data = biaozhu(&[&"import", &ds, &tmp.path().join("binary.txt")]);
    assert_eq!(binary_data.status.code(), Some(1));
}

#[test]
fn a_second_writer_gets_a_clear_error() {
    let (_tmp, ds) = sample_copy();
    let _held = biaozhu::core::data::store::Dataset::open_for_writing(&ds).unwrap();
    let before = tree_hash(&ds);
    let out = biaozhu(&[
        &"import",
        &ds,
        &repo().join("tests/fixtures/import/plain.txt"),
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out).contains("another biaozhu process is writing this dataset"),
        "{}",
        text(&out)
    );
    assert_eq!(tree_hash(&ds), before);
}

/// A new dataset gets the guidelines in zh-CN, zh-TW and en (the team edits its own), and
/// `validate` says nothing about them, edited or not.
#[test]
fn a_new_dataset_has_the_guidelines_in_three_languages_and_validate_ignores_them() {
    let tmp = tempfile::tempdir().unwrap();
    let ds = tmp.path().join("ds");
    let out = common::biaozhu(&[&"new", &ds]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    for (locale, heading) in [
        ("zh-CN", "2.1 项目"),
        ("zh-TW", "2.1 項目"),
        ("en", "2.1 project"),
    ] {
        let text =
            std::fs::read_to_string(ds.join("guidelines").join(format!("{locale}.md"))).unwrap();
        assert!(text.contains(heading), "{locale}");
    }
    std::fs::write(
        ds.join("guidelines/en.md"),
        "# Our own rules\n\nNot markdown-perfect ``` \n",
    )
    .unwrap();
    let out = common::biaozhu(&[&"validate", &ds]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    assert!(!String::from_utf8_lossy(&out.stdout).contains("guidelines"));
}

/// Display names that are empty or shown for two labels in one locale are `validate` errors
/// (exit 1) naming the labels.ron line.
#[test]
fn validate_reports_empty_and_duplicate_display_names_with_their_line() {
    let tmp = tempfile::tempdir().unwrap();
    let ds = tmp.path().join("ds");
    assert!(common::biaozhu(&[&"new", &ds]).status.success());
    let path = ds.join("labels.ron");
    let text = std::fs::read_to_string(&path).unwrap();
    let text = text
        .replacen("\"zh-CN\": \"金额\"", "\"zh-CN\": \"项目\"", 1)
        .replacen("\"zh-TW\": \"機制\"", "\"zh-TW\": \"\"", 1);
    std::fs::write(&path, &text).unwrap();
    let line_of = |needle: &str, nth: usize| {
        let at = text.match_indices(needle).nth(nth).unwrap().0;
        text[..at].matches('\n').count() + 1
    };
    let out = common::biaozhu(&[&"validate", &ds]);
    let said =
        String::from_utf8_lossy(&out.stdout).to_string() + &String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{said}");
    assert!(said.contains("/labels/1/display/zh-CN"), "{said}");
    assert!(
        said.contains(&format!(
            "labels.ron line {}",
            line_of("\"zh-CN\": \"项目\"", 1)
        )),
        "{said}"
    );
    assert!(said.contains("/labels/3/display/zh-TW"), "{said}");
    assert!(
        said.contains(&format!(
            "labels.ron line {}",
            line_of("\"zh-TW\": \"\"", 0)
        )),
        "{said}"
    );
}
