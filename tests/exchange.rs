//! Releases, diffs, exports and imports through the real binary: every format reads back the
//! spans it can carry, identical; releases are immutable and checked; splits are stable.

mod common;
use biaozhu::core::annotate::session::Session;
use biaozhu::core::data::model::{Annotation, Span};
use common::*;
use serde_json::Value;
use std::path::{Path, PathBuf};

/// The sample plus a span across a line break and an amount with typed attributes.
fn test_dataset() -> (tempfile::TempDir, PathBuf) {
    let (tmp, ds) = sample_copy();
    let mut s = Session::open(&ds, "sample").unwrap();
    s.go_to(3).unwrap();
    let text = s.current.as_ref().unwrap().doc.text.clone();
    let nl = text.chars().position(|c| c == '\n').unwrap();
    let edit = s.label_edit(nl - 2, nl + 3, "mechanism").unwrap();
    s.apply(edit).unwrap();
    s.go_to(0).unwrap();
    let amount = s
        .current
        .as_ref()
        .unwrap()
        .ann
        .spans
        .iter()
        .find(|sp| sp.label == "amount")
        .unwrap()
        .clone();
    let mut attrs = biaozhu::core::data::model::Attrs::new();
    attrs.insert("value".into(), serde_json::json!(3_500_000_000u64));
    attrs.insert("currency".into(), "CNY".into());
    attrs.insert("qualifier".into(), "approx".into());
    s.apply(biaozhu::core::annotate::edit::Edit::SetAttrs {
        id: amount.id,
        from: amount.attrs,
        to: attrs,
    })
    .unwrap();
    drop(s);
    assert_eq!(biaozhu(&[&"validate", &ds]).status.code(), Some(0));
    (tmp, ds)
}

fn annotations(ds: &Path, annotator: &str) -> Vec<Annotation> {
    let d = biaozhu::core::data::store::Dataset::open(ds).unwrap();
    d.documents()
        .iter()
        .filter_map(|e| d.annotation(annotator, &e.id).unwrap())
        .collect()
}

fn keys(spans: &[Span], with_attrs: bool) -> Vec<(usize, usize, String, String, String)> {
    let mut v: Vec<_> = spans
        .iter()
        .map(|s| {
            (
                s.start,
                s.end,
                s.label.clone(),
                s.text.clone(),
                if with_attrs {
                    serde_json::to_string(&s.attrs).unwrap()
                } else {
                    String::new()
                },
            )
        })
        .collect();
    v.sort();
    v
}

/// A relation's end: range and label.
type End = (usize, usize, String);

/// Relations by type and the ranges and labels of both ends (ids may be renumbered).
fn relation_keys(a: &Annotation) -> Vec<(String, End, End)> {
    let end = |id: &str| {
        let s = a.span(id).expect("relation end exists");
        (s.start, s.end, s.label.clone())
    };
    let mut v: Vec<_> = a
        .relations
        .iter()
        .map(|r| (r.kind.clone(), end(&r.from), end(&r.to)))
        .collect();
    v.sort();
    v
}

#[test]
fn every_format_reads_back_the_spans_it_can_carry() {
    let (tmp, ds) = test_dataset();
    let original = annotations(&ds, "sample");
    for (format, nested, attrs, out_name, offsets) in [
        ("jsonl", true, true, "x.jsonl", "codepoint"),
        ("doccano", true, false, "x.doccano.jsonl", "utf16"),
        ("label-studio", true, true, "ls", "codepoint"),
        ("brat", true, true, "brat", "codepoint"),
        ("cluener", true, false, "x.cluener.json", "codepoint"),
        ("conll", false, false, "x.conll", "codepoint"),
        ("conll-bioes", false, false, "x.bioes.conll", "codepoint"),
    ] {
        let out = tmp.path().join(out_name);
        let r = biaozhu(&[
            &"export",
            &ds,
            &"--format",
            &format,
            &"--out",
            &out,
            &"--annotator",
            &"sample",
            &"--offsets",
            &offsets,
        ]);
        assert_eq!(r.status.code(), Some(0), "{format}: {}", text(&r));
        let relations: usize = original.iter().map(|a| a.relations.len()).sum();
        let carries = matches!(format, "jsonl" | "label-studio" | "brat" | "doccano");
        assert_eq!(
            text(&r).contains(&format!(
                "cannot carry relations; left out {relations} relations"
            )),
            !carries,
            "{format} says how many relations it left out: {}",
            text(&r)
        );
        if !nested {
            assert!(
                text(&r).contains("left out"),
                "{format} must warn about nested spans: {}",
                text(&r)
            );
        }
        let input = match format {
            "label-studio" => out.join("data.json"),
            _ => out.clone(),
        };
        let who = format!("back-{format}");
        let r = biaozhu(&[
            &"import-annotations",
            &ds,
            &"--format",
            &format,
            &"--annotator",
            &who,
            &input,
            &"--offsets",
            &offsets,
        ]);
        assert_eq!(r.status.code(), Some(0), "{format}: {}", text(&r));
        let back = annotations(&ds, &who);
        assert_eq!(back.len(), original.len(), "{format}");
        for (o, b) in original.iter().zip(&back) {
            let expected = if nested {
                o.spans.clone()
            } else {
                biaozhu::core::exchange::formats::outermost(&o.spans).0
            };
            assert_eq!(
                keys(&b.spans, attrs),
                keys(&expected, attrs),
                "{format}: {}",
                o.document
            );
            if matches!(format, "jsonl" | "label-studio" | "brat" | "doccano") {
                assert_eq!(
                    relation_keys(b),
                    relation_keys(o),
                    "{format}: relations of {}",
                    o.document
                );
            } else {
                assert!(b.relations.is_empty(), "{format}");
            }
        }
    }
    assert_eq!(biaozhu(&[&"validate", &ds]).status.code(), Some(0));
}

#[test]
fn utf16_offsets_differ_after_an_astral_character() {
    let (tmp, ds) = test_dataset();
    let out = tmp.path().join("d.jsonl");
    assert_eq!(
        biaozhu(&[
            &"export",
            &ds,
            &"--format",
            &"doccano",
            &"--out",
            &out,
            &"--offsets",
            &"utf16"
        ])
        .status
        .code(),
        Some(0)
    );
    let first: Value = serde_json::from_str(
        std::fs::read_to_string(&out)
            .unwrap()
            .lines()
            .next()
            .unwrap(),
    )
    .unwrap();
    let article = first["text"].as_str().unwrap();
    let utf16: Vec<u16> = article.encode_utf16().collect();
    for e in first["entities"].as_array().unwrap() {
        let (s, t) = (
            e["start_offset"].as_u64().unwrap() as usize,
            e["end_offset"].as_u64().unwrap() as usize,
        );
        assert!(
            String::from_utf16(&utf16[s..t]).is_ok(),
            "UTF-16 offsets land on character boundaries"
        );
    }
    // doccano carries no span text, so a wrong unit cannot be noticed there; the native JSONL
    // carries it, so reading its UTF-16 offsets as code points is caught span by span.
    let jsonl = tmp.path().join("u.jsonl");
    assert_eq!(
        biaozhu(&[
            &"export",
            &ds,
            &"--format",
            &"jsonl",
            &"--out",
            &jsonl,
            &"--offsets",
            &"utf16"
        ])
        .status
        .code(),
        Some(0)
    );
    let bad = biaozhu(&[
        &"import-annotations",
        &ds,
        &"--format",
        &"jsonl",
        &"--annotator",
        &"wrong-unit",
        &jsonl,
    ]);
    assert_eq!(
        bad.status.code(),
        Some(1),
        "reading UTF-16 offsets as code points must report mismatches: {}",
        text(&bad)
    );
    assert!(text(&bad).contains("skipped"));
}

#[test]
fn a_span_whose_text_does_not_match_is_reported_and_skipped() {
    let (tmp, ds) = test_dataset();
    let out = tmp.path().join("x.jsonl");
    assert_eq!(
        biaozhu(&[
            &"export",
            &ds,
            &"--format",
            &"jsonl",
            &"--out",
            &out,
            &"--annotator",
            &"sample"
        ])
        .status
        .code(),
        Some(0)
    );
    let mut lines: Vec<Value> = read_jsonl(&out);
    lines[0]["spans"][0]["start"] = (lines[0]["spans"][0]["start"].as_u64().unwrap() + 1).into();
    write_jsonl(&out, &lines);
    let r = biaozhu(&[
        &"import-annotations",
        &ds,
        &"--format",
        &"jsonl",
        &"--annotator",
        &"model-crf-v3",
        &out,
    ]);
    assert_eq!(r.status.code(), Some(1));
    assert!(text(&r).contains("skipped, not shifted"), "{}", text(&r));
    let back = annotations(&ds, "model-crf-v3");
    let original = annotations(&ds, "sample");
    assert_eq!(back[0].spans.len() + 1, original[0].spans.len());
}

#[test]
fn releases_are_immutable_checked_and_diffable() {
    let (_tmp, ds) = test_dataset();
    let r = biaozhu(&[
        &"release",
        &ds,
        &"v1",
        &"-m",
        &"first",
        &"--annotator",
        &"sample",
    ]);
    assert_eq!(r.status.code(), Some(0), "{}", text(&r));
    let rel = ds.join("releases/v1");
    for f in ["data.jsonl", "labels.json", "release.json", "CHANGELOG.md"] {
        assert!(rel.join(f).is_file(), "{f}");
    }
    let again = biaozhu(&[&"release", &ds, &"v1", &"--annotator", &"sample"]);
    // A release that exists already is a conflict with the data (exit 1), not a usage error.
    assert_eq!(again.status.code(), Some(1));
    assert!(text(&again).contains("immutable"));
    assert_eq!(biaozhu(&[&"validate", &ds]).status.code(), Some(0));

    // Change the working copy, diff it against v1, release v2.
    let mut s = Session::open(&ds, "sample").unwrap();
    s.go_to(1).unwrap();
    let ann = s.current.as_ref().unwrap().ann.clone();
    let (first, second) = (ann.spans[0].clone(), ann.spans[1].clone());
    let relabel_to = if first.label == "project" {
        "amount"
    } else {
        "project"
    };
    s.apply(biaozhu::core::annotate::edit::Edit::Relabel {
        id: first.id.clone(),
        from: first.label.clone(),
        to: relabel_to.into(),
    })
    .unwrap();
    s.apply(
        biaozhu::core::annotate::edit::Edit::remove_span(
            &s.current.as_ref().unwrap().ann,
            &second.id,
        )
        .unwrap(),
    )
    .unwrap();
    drop(s);
    let r = biaozhu(&[
        &"diff",
        &ds,
        &"v1",
        &"working",
        &"--annotator",
        &"sample",
        &"--format",
        &"json",
    ]);
    assert_eq!(r.status.code(), Some(0), "{}", text(&r));
    let d: Value = serde_json::from_slice(&r.stdout).unwrap();
    assert_eq!(
        (
            d["relabelled"].as_u64(),
            d["removed"].as_u64(),
            d["added"].as_u64(),
            d["resized"].as_u64()
        ),
        (Some(1), Some(1), Some(0), Some(0)),
        "{d}"
    );
    assert!(d["documents"]["02-zhenjiang-battery"]["relabelled"].is_array());
    assert_eq!(
        biaozhu(&[
            &"release",
            &ds,
            &"v2",
            &"--annotator",
            &"sample",
            &"--status",
            &"done,reviewed"
        ])
        .status
        .code(),
        Some(0)
    );
    let m: Value =
        serde_json::from_slice(&std::fs::read(ds.join("releases/v2/release.json")).unwrap())
            .unwrap();
    assert_eq!(m["parent"], "v1");
    assert!(
        std::fs::read_to_string(ds.join("releases/v2/CHANGELOG.md"))
            .unwrap()
            .contains("relabelled")
    );
    let r = biaozhu(&[&"diff", &ds, &"v1", &"v2", &"--format", &"json"]);
    assert_eq!(r.status.code(), Some(0));

    // Tampering with a released file is reported.
    let data = rel.join("data.jsonl");
    let mut bytes = std::fs::read(&data).unwrap();
    bytes.extend_from_slice(b"\n");
    std::fs::write(&data, bytes).unwrap();
    let r = biaozhu(&[&"validate", &ds]);
    assert_eq!(r.status.code(), Some(1));
    assert!(
        text(&r).contains("data.jsonl") && text(&r).contains("changed after release v1"),
        "{}",
        text(&r)
    );
}

#[test]
fn splits_are_stable_when_documents_are_added() {
    let (tmp, ds) = test_dataset();
    let split = "train=0.5,dev=0.25,test=0.25";
    let before = tmp.path().join("before");
    assert_eq!(
        biaozhu(&[
            &"export",
            &ds,
            &"--format",
            &"jsonl",
            &"--out",
            &before,
            &"--split",
            &split,
            &"--annotator",
            &"sample"
        ])
        .status
        .code(),
        Some(0)
    );
    let extra = tmp.path().join("more");
    std::fs::create_dir_all(&extra).unwrap();
    for i in 0..12 {
        std::fs::write(
            extra.join(format!("extra-{i}.txt")),
            format!("新增文章{i}\n南通开发区新签约项目{i}个，总投资{i}亿元。\n"),
        )
        .unwrap();
    }
    assert_eq!(biaozhu(&[&"import", &ds, &extra]).status.code(), Some(0));
    let after = tmp.path().join("after");
    assert_eq!(
        biaozhu(&[
            &"export",
            &ds,
            &"--format",
            &"jsonl",
            &"--out",
            &after,
            &"--split",
            &split,
            &"--annotator",
            &"sample"
        ])
        .status
        .code(),
        Some(0)
    );
    let ids = |dir: &Path, name: &str| -> Vec<String> {
        std::fs::read_to_string(dir.join(format!("{name}.jsonl")))
            .unwrap_or_default()
            .lines()
            .map(|l| {
                serde_json::from_str::<Value>(l).unwrap()["id"]
                    .as_str()
                    .unwrap()
                    .to_string()
            })
            .collect()
    };
    let mut total = 0;
    for name in ["train", "dev", "test"] {
        let old = ids(&before, name);
        let new = ids(&after, name);
        assert!(
            old.iter().all(|id| new.contains(id)),
            "{name}: a document changed split"
        );
        total += new.len();
    }
    assert_eq!(total, 16, "every document is in exactly one split");
}

#[test]
fn every_jsonl_line_validates_against_the_record_schema() {
    let (tmp, ds) = test_dataset();
    let out = tmp.path().join("x.jsonl");
    assert_eq!(
        biaozhu(&[&"export", &ds, &"--format", &"jsonl", &"--out", &out])
            .status
            .code(),
        Some(0)
    );
    for line in std::fs::read_to_string(&out).unwrap().lines() {
        let problems = biaozhu::core::exchange::schemas::schema_problems(
            biaozhu::core::exchange::schemas::FileKind::Record,
            &serde_json::from_str(line).unwrap(),
        );
        assert!(problems.is_empty(), "{problems:?}");
    }
}

#[test]
fn a_format_v1_dataset_is_refused_with_the_command_to_run_and_migrate_really_upgrades_it() {
    let fixture = repo().join("tests/fixtures/format-v1");
    let tmp = tempfile::tempdir().unwrap();
    let ds = tmp.path().join("v1");
    copy_tree(&fixture, &ds);
    // Every other command names `migrate` in one line and writes nothing.
    let before = tree_hash(&ds);
    for args in [
        vec!["validate"],
        vec!["stats"],
        vec!["suggest"],
        vec!["export", "--format", "jsonl", "--out"],
    ] {
        let mut argv: Vec<&dyn AsRef<std::ffi::OsStr>> = vec![&args[0]];
        argv.push(&ds);
        let out = tmp.path().join("out.jsonl");
        for a in &args[1..] {
            argv.push(a);
        }
        if args[0] == "export" {
            argv.push(&out);
        }
        let r = biaozhu(&argv);
        let said = text(&r);
        assert_eq!(r.status.code(), Some(1), "{args:?}: {said}");
        assert!(
            said.contains("biaozhu migrate") && said.contains("format_version 1"),
            "{args:?}: {said}"
        );
        assert_eq!(tree_hash(&ds), before, "{args:?} wrote something");
    }
    let r = biaozhu(&[&"migrate", &ds]);
    assert_eq!(r.status.code(), Some(0), "{}", text(&r));
    assert!(
        text(&r).contains("from format_version 1 to 2"),
        "{}",
        text(&r)
    );
    let manifest: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(ds.join("dataset.json")).unwrap()).unwrap();
    assert_eq!(manifest["format_version"], 2);
    assert!(manifest.get("documents").is_none());
    // The documents and annotations are untouched, the dataset validates, the format-1 release
    // still reads, and the order is the old list's (the fixture's ids sort that way).
    for sub in ["documents", "annotations", "releases", "sources"] {
        let a = tree_hash(&fixture.join(sub));
        assert_eq!(tree_hash(&ds.join(sub)), a, "{sub} changed");
    }
    let r = biaozhu(&[&"validate", &ds]);
    assert_eq!(r.status.code(), Some(0), "{}", text(&r));
    assert!(text(&r).contains(" 0 warnings"), "{}", text(&r));
    assert!(
        !biaozhu::core::exchange::release::records(&ds, "v1")
            .unwrap()
            .is_empty()
    );
    let opened = biaozhu::core::data::store::Dataset::open(&ds).unwrap();
    let ids: Vec<&str> = opened.documents().iter().map(|d| d.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "01-haimen-solar",
            "02-zhenjiang-battery",
            "03-rugao-park",
            "04-qidong-services"
        ]
    );
    let again = biaozhu(&[&"migrate", &ds]);
    assert_eq!(again.status.code(), Some(0));
    assert!(text(&again).contains("nothing was written"));
}

#[test]
fn migrate_refuses_a_newer_or_missing_or_locked_dataset_and_writes_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let r = biaozhu(&[&"migrate", &tmp.path()]);
    assert_eq!(r.status.code(), Some(2), "{}", text(&r));
    assert!(text(&r).contains("not a dataset"));
    let ds = tmp.path().join("v1");
    copy_tree(&repo().join("tests/fixtures/format-v1"), &ds);
    let path = ds.join("dataset.json");
    let mut m: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    m["format_version"] = 9.into();
    std::fs::write(&path, serde_json::to_string(&m).unwrap()).unwrap();
    let before = tree_hash(&ds);
    let r = biaozhu(&[&"migrate", &ds]);
    assert_eq!(r.status.code(), Some(1), "{}", text(&r));
    assert!(text(&r).contains('9'));
    assert_eq!(tree_hash(&ds), before);
    m["format_version"] = 1.into();
    std::fs::write(&path, serde_json::to_string(&m).unwrap()).unwrap();
    let before = tree_hash(&ds);
    let lock = biaozhu::core::data::fsio::WriteLock::acquire(&ds).unwrap();
    let r = biaozhu(&[&"migrate", &ds]);
    assert_eq!(r.status.code(), Some(2), "{}", text(&r));
    assert!(text(&r).contains("another biaozhu process"));
    assert_eq!(tree_hash(&ds), before);
    drop(lock);
}

#[test]
fn import_annotations_can_create_the_documents_it_needs() {
    let (tmp, ds) = test_dataset();
    let out = tmp.path().join("x.cluener.json");
    assert_eq!(
        biaozhu(&[
            &"export",
            &ds,
            &"--format",
            &"cluener",
            &"--out",
            &out,
            &"--annotator",
            &"sample"
        ])
        .status
        .code(),
        Some(0)
    );
    let fresh = tmp.path().join("fresh");
    assert_eq!(biaozhu(&[&"new", &fresh]).status.code(), Some(0));
    let r = biaozhu(&[
        &"import-annotations",
        &fresh,
        &"--format",
        &"cluener",
        &"--annotator",
        &"model-crf-v3",
        &out,
    ]);
    assert_eq!(
        r.status.code(),
        Some(1),
        "without --create-documents nothing matches: {}",
        text(&r)
    );
    assert!(text(&r).contains("--create-documents"));
    let r = biaozhu(&[
        &"import-annotations",
        &fresh,
        &"--format",
        &"cluener",
        &"--annotator",
        &"model-crf-v3",
        &out,
        &"--create-documents",
    ]);
    assert_eq!(r.status.code(), Some(0), "{}", text(&r));
    assert!(text(&r).contains("4 documents created"), "{}", text(&r));
    let original = annotations(&ds, "sample");
    let back = annotations(&fresh, "model-crf-v3");
    assert_eq!(back.len(), 4);
    for o in &original {
        let b = back
            .iter()
            .find(|b| b.document_sha256 == o.document_sha256)
            .expect("a created document with the same text");
        assert_eq!(keys(&b.spans, false), keys(&o.spans, false));
    }
    assert_eq!(biaozhu(&[&"validate", &fresh]).status.code(), Some(0));
}

/// A bad line of a line format, or of a brat `.ann` file, is named as `FILE:LINE: message`
/// and exits 1.
#[test]
fn a_bad_input_line_is_named_as_file_and_line() {
    let (tmp, ds) = sample_copy();
    let import = |format: &str, input: &Path| {
        biaozhu(&[
            &"import-annotations",
            &ds,
            &"--format",
            &format,
            &"--annotator",
            &"model",
            &input,
        ])
    };
    let bad = tmp.path().join("bad.doccano.jsonl");
    std::fs::write(
        &bad,
        "{\"id\": \"a\", \"text\": \"x\", \"label\": []}\n\n{\"id\": \"b\"}\n",
    )
    .unwrap();
    let r = import("doccano", &bad);
    assert_eq!(r.status.code(), Some(1), "{}", text(&r));
    let want = format!("{}:3: no \"text\"", bad.display());
    assert!(text(&r).contains(&want), "{want} in {}", text(&r));
    let brat = tmp.path().join("brat");
    std::fs::create_dir(&brat).unwrap();
    std::fs::write(brat.join("a.txt"), "南通开发区").unwrap();
    std::fs::write(brat.join("a.ann"), "T1\tregion 0 2\t南通\nT2\tregion 0\n").unwrap();
    let r = import("brat", &brat);
    assert_eq!(r.status.code(), Some(1), "{}", text(&r));
    let want = format!("{}:2: offsets are START END", brat.join("a.ann").display());
    assert!(text(&r).contains(&want), "{want} in {}", text(&r));
}

#[test]
fn the_readme_table_of_formats_is_the_registry() {
    let readme = std::fs::read_to_string(repo().join("docs/formats.md")).unwrap();
    let section = readme
        .split("\n## Exports\n")
        .nth(1)
        .expect("docs/formats.md has an Exports section");
    let rows: Vec<(String, String)> = section
        .lines()
        .skip_while(|l| !l.starts_with("| FMT | output |"))
        .skip(2)
        .take_while(|l| l.starts_with('|'))
        .map(|l| {
            let (name, describe) = l
                .trim_start_matches("| ")
                .trim_end_matches(" |")
                .split_once(" | ")
                .expect("a row has two cells");
            (name.to_string(), describe.to_string())
        })
        .collect();
    let registry: Vec<(String, String)> = biaozhu::core::exchange::formats::FORMATS
        .iter()
        .map(|f| (format!("`{}`", f.name()), f.describe().to_string()))
        .collect();
    assert_eq!(rows, registry);
}

#[test]
fn format_choices_come_from_the_registry() {
    let (tmp, ds) = test_dataset();
    let names = biaozhu::core::exchange::formats::names();
    let out = tmp.path().join("x");
    let r = biaozhu(&[&"export", &ds, &"--format", &"xml", &"--out", &out]);
    assert_eq!(r.status.code(), Some(2), "{}", text(&r));
    for name in &names {
        assert!(text(&r).contains(name), "{name}: {}", text(&r));
    }
    let help = text(&biaozhu(&[&"export", &"--help"]));
    for f in biaozhu::core::exchange::formats::FORMATS {
        assert!(help.contains(f.name()), "{}: {help}", f.name());
    }
    // import-annotations offers the formats that read back, and refuses hf with the reason.
    let r = biaozhu(&[
        &"import-annotations",
        &ds,
        &"--format",
        &"xml",
        &"--annotator",
        &"x",
        &out,
    ]);
    assert_eq!(r.status.code(), Some(2), "{}", text(&r));
    assert!(text(&r).contains("conll-bioes"), "{}", text(&r));
    assert!(!text(&r).contains("hf"), "{}", text(&r));
    let r = biaozhu(&[
        &"import-annotations",
        &ds,
        &"--format",
        &"hf",
        &"--annotator",
        &"x",
        &out,
    ]);
    assert_eq!(r.status.code(), Some(2), "{}", text(&r));
    assert!(
        text(&r).contains("the hf format is export-only; import the jsonl or conll export instead"),
        "{}",
        text(&r)
    );
}
