//! `export`, `table` and `release` read a dataset a document at a time (issue 21): their outputs
//! are the bytes the whole-dataset versions wrote. The dataset below is written file by file
//! (documents out of id order by import time, one with no import time, two imported at the same
//! time; nested spans, attributes, relations, a span across a line break, characters outside the
//! BMP, two annotators, statuses, a document one annotator never touched); every output of every
//! format, with and without splits and UTF-16 offsets, from the working copy and from a release,
//! and the release's own files, hash to what the binary made before the commands streamed
//! (recorded from commit 5335ebd). Parquet shards are left out: they are now written in row
//! groups as records arrive (tests/release.rs reads them back).

mod common;
use biaozhu::core::data::ids::sha256_hex;
use biaozhu::core::data::model::{
    Annotation, Attrs, Document, DocumentMeta, Relation, Span, Status,
};
use biaozhu::core::data::{fsio, layout};
use std::collections::BTreeMap;
use std::path::Path;

const TEXTS: [&str; 5] = [
    "海门市光伏项目总投资5亿元，采用拿地即开工模式。",
    "镇江新区储能基地项目😀计划投资20亿元，\n实行不见面审批。",
    "如皋市智能制造产业园一期工程总投资约1.2亿元。",
    "长三角新能源电池生产基地项目投资3000万美元。",
    "本文没有项目。",
];

/// (document id, import time) in file order; the dataset lists them by time, then id.
const DOCS: [(&str, &str); 5] = [
    ("d-e", "2026-03-01T00:00:00.000000Z"),
    ("d-a", "2026-03-02T00:00:00.000000Z"),
    ("d-c", ""),
    ("d-b", "2026-03-01T00:00:00.000000Z"),
    ("d-d", "2026-02-01T00:00:00.000000Z"),
];

fn span(text: &str, id: &str, what: &str, label: &str, attrs: Attrs) -> Span {
    let at = text.find(what).unwrap();
    let start = text[..at].chars().count();
    Span {
        id: id.into(),
        start,
        end: start + what.chars().count(),
        label: label.into(),
        text: what.into(),
        attrs,
    }
}

fn attrs(pairs: &[(&str, serde_json::Value)]) -> Attrs {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.clone()))
        .collect()
}

fn relation(id: &str, kind: &str, from: &str, to: &str) -> Relation {
    serde_json::from_value(serde_json::json!({"id": id, "type": kind, "from": from, "to": to}))
        .unwrap()
}

/// The spans and relations of document `i` by `who`; bob leaves out the nested region and the
/// mechanisms.
fn annotation_of(i: usize, text: &str, who: &str) -> (Vec<Span>, Vec<Relation>) {
    let money = |v: u64| {
        attrs(&[
            ("value", v.into()),
            ("currency", "CNY".into()),
            ("qualifier", "exact".into()),
        ])
    };
    let (mut spans, mut relations) = match i {
        0 => (
            vec![
                span(text, "s1", "海门市光伏项目", "project", Attrs::new()),
                span(
                    text,
                    "s2",
                    "海门市",
                    "region",
                    attrs(&[("adcode", "320684".into())]),
                ),
                span(text, "s3", "5亿元", "amount", money(500_000_000)),
                span(text, "s4", "拿地即开工", "mechanism", Attrs::new()),
            ],
            vec![
                relation("r1", "has_amount", "s1", "s3"),
                relation("r2", "located_in", "s1", "s2"),
                relation("r3", "uses", "s1", "s4"),
            ],
        ),
        1 => (
            vec![
                span(text, "s1", "镇江新区储能基地项目", "project", Attrs::new()),
                span(text, "s2", "镇江新区", "region", Attrs::new()),
                span(text, "s3", "20亿元", "amount", money(2_000_000_000)),
                span(text, "s4", "，\n实行", "mechanism", Attrs::new()),
            ],
            vec![relation("r1", "has_amount", "s1", "s3")],
        ),
        2 => (
            vec![
                span(
                    text,
                    "s1",
                    "如皋市智能制造产业园一期工程",
                    "project",
                    Attrs::new(),
                ),
                span(text, "s2", "约1.2亿元", "amount", Attrs::new()),
            ],
            vec![relation("r1", "has_amount", "s1", "s2")],
        ),
        3 => (
            vec![span(text, "s1", "3000万美元", "amount", Attrs::new())],
            Vec::new(),
        ),
        _ => (Vec::new(), Vec::new()),
    };
    if who == "bob" {
        spans.retain(|s| s.label != "mechanism" && !(i == 0 && s.label == "region"));
        relations.retain(|r| spans.iter().any(|s| s.id == r.to));
    }
    (spans, relations)
}

/// Writes the dataset into `ds` (made by `biaozhu new`).
fn write_dataset(ds: &Path) {
    run(&[&"new", &ds]);
    for (i, ((id, imported), text)) in DOCS.iter().zip(TEXTS).enumerate() {
        let sha256 = sha256_hex(text.as_bytes());
        let doc = Document {
            id: id.to_string(),
            text: text.into(),
            sha256: sha256.clone(),
            meta: DocumentMeta {
                title: format!("第{i}篇"),
                date: (i % 2 == 0).then(|| format!("2026-01-0{}", i + 1)),
                imported: imported.to_string(),
                ..DocumentMeta::default()
            },
        };
        fsio::write_json(&layout::document_file(ds, id), &doc).unwrap();
        for who in ["alice", "bob"] {
            // bob never touched d-c; alice's d-d is still in progress.
            if who == "bob" && *id == "d-c" {
                continue;
            }
            let (spans, relations) = annotation_of(i, text, who);
            let ann = Annotation {
                document: id.to_string(),
                document_sha256: sha256.clone(),
                annotator: who.into(),
                status: if *id == "d-d" && who == "alice" {
                    Status::InProgress
                } else {
                    Status::Done
                },
                revision: 1,
                updated: "2026-03-03T00:00:00Z".into(),
                spans,
                relations,
                rejected: Vec::new(),
                taken: Default::default(),
                effort: None,
            };
            let path = layout::annotations_dir(ds).join(format!("{who}/{id}.json"));
            fsio::write_json(&path, &ann).unwrap();
        }
    }
}

/// The sha256 of every file under `path` (or of the file), keyed `name/relative path`, with the
/// release's creation time replaced by `CREATED` first.
fn hash_into(name: &str, path: &Path, created: Option<&str>, out: &mut BTreeMap<String, String>) {
    if path.is_dir() {
        let mut entries: Vec<_> = std::fs::read_dir(path).unwrap().flatten().collect();
        entries.sort_by_key(|e| e.file_name());
        for e in entries {
            let inner = format!("{name}/{}", e.file_name().to_string_lossy());
            hash_into(&inner, &e.path(), created, out);
        }
        return;
    }
    let mut bytes = std::fs::read(path).unwrap();
    if let Some(c) = created {
        bytes = String::from_utf8(bytes)
            .unwrap()
            .replace(c, "CREATED")
            .into_bytes();
    }
    out.insert(name.to_string(), sha256_hex(&bytes));
}

/// Runs the binary: the one cargo built, or BIAOZHU_STREAMING_BIN (how the expected hashes
/// were recorded from the binary before streaming).
fn run(args: &[&dyn AsRef<std::ffi::OsStr>]) {
    let bin = std::env::var_os("BIAOZHU_STREAMING_BIN")
        .unwrap_or_else(|| env!("CARGO_BIN_EXE_biaozhu").into());
    let out = std::process::Command::new(bin)
        .args(args.iter().map(|a| a.as_ref()))
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", common::text(&out));
}

/// Every output the test compares, by name.
fn outputs(ds: &Path, scratch: &Path) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    let formats = [
        "jsonl",
        "doccano",
        "label-studio",
        "brat",
        "conll",
        "conll-bioes",
        "cluener",
        "hf",
    ];
    for format in formats {
        for (variant, extra) in [
            ("all", vec![]),
            ("split", vec!["--split", "train=0.5,dev=0.3,test=0.2"]),
            ("bob", vec!["--annotator", "bob"]),
            ("utf16", vec!["--offsets", "utf16"]),
        ] {
            let utf16 = ["jsonl", "doccano", "label-studio"].contains(&format);
            if variant == "utf16" && !utf16 {
                continue;
            }
            let target = scratch.join(format!("{format}-{variant}"));
            let mut args: Vec<&dyn AsRef<std::ffi::OsStr>> = vec![
                &"export",
                &ds,
                &"--format",
                &format,
                &"--out",
                &target,
                &"-q",
            ];
            if variant != "bob" {
                args.extend([&"--annotator" as &dyn AsRef<std::ffi::OsStr>, &"alice"]);
            }
            args.extend(extra.iter().map(|a| a as &dyn AsRef<std::ffi::OsStr>));
            run(&args);
            hash_into(
                &format!("export {format} {variant}"),
                &target,
                None,
                &mut out,
            );
        }
    }
    for (name, args) in [
        (
            "table csv alice",
            vec!["--annotator", "alice", "--format", "csv"],
        ),
        (
            "table jsonl bob",
            vec!["--annotator", "bob", "--format", "jsonl"],
        ),
    ] {
        let target = scratch.join(name.replace(' ', "-"));
        let mut all: Vec<&dyn AsRef<std::ffi::OsStr>> = vec![&"table", &ds, &"--out", &target];
        all.extend(args.iter().map(|a| a as &dyn AsRef<std::ffi::OsStr>));
        run(&all);
        hash_into(name, &target, None, &mut out);
    }
    release_outputs(ds, scratch, &mut out);
    out
}

/// Two releases (the second after an edit, so its changelog has a parent) and what is read
/// from them.
fn release_outputs(ds: &Path, scratch: &Path, out: &mut BTreeMap<String, String>) {
    let split = "train=0.6,validation=0.4";
    run(&[
        &"release",
        &ds,
        &"v1",
        &"--annotator",
        &"alice",
        &"--split",
        &split,
        &"-m",
        &"first",
    ]);
    let path = layout::annotations_dir(ds).join("alice/d-a.json");
    let mut ann: Annotation = fsio::read_json(&path).unwrap();
    ann.spans.retain(|s| s.label != "region");
    ann.spans[0].end -= 1;
    ann.spans[0].text.pop();
    ann.relations.retain(|r| r.kind != "located_in");
    fsio::write_json(&path, &ann).unwrap();
    run(&[
        &"release",
        &ds,
        &"v2",
        &"--annotator",
        &"alice",
        &"--status",
        &"done",
    ]);
    for v in ["v1", "v2"] {
        let dir = ds.join("releases").join(v);
        let manifest: serde_json::Value = fsio::read_json(&dir.join("release.json")).unwrap();
        let created = manifest["created"].as_str().unwrap().to_string();
        for file in ["data.jsonl", "labels.json", "CHANGELOG.md", "README.md"] {
            hash_into(
                &format!("release {v}/{file}"),
                &dir.join(file),
                Some(&created),
                out,
            );
        }
        let target = scratch.join(format!("from-{v}.jsonl"));
        run(&[
            &"export",
            &ds,
            &"--format",
            &"jsonl",
            &"--release",
            &v,
            &"--out",
            &target,
        ]);
        hash_into(&format!("export --release {v}"), &target, None, out);
        let target = scratch.join(format!("table-{v}.csv"));
        run(&[
            &"table",
            &ds,
            &"--release",
            &v,
            &"--format",
            &"csv",
            &"--out",
            &target,
        ]);
        hash_into(&format!("table --release {v}"), &target, None, out);
    }
}

#[test]
fn streamed_outputs_are_the_bytes_the_whole_dataset_commands_wrote() {
    let tmp = tempfile::tempdir().unwrap();
    let ds = tmp.path().join("ds");
    write_dataset(&ds);
    let scratch = tmp.path().join("out");
    std::fs::create_dir_all(&scratch).unwrap();
    let got = outputs(&ds, &scratch);
    let text: String = got.iter().map(|(k, v)| format!("{k} {v}\n")).collect();
    let expected = include_str!("fixtures/streaming-outputs.txt");
    if text != expected {
        let record = tmp.path().join("streaming-outputs.txt");
        std::fs::write(&record, &text).unwrap();
        let _ = tmp.keep();
        panic!(
            "outputs differ from tests/fixtures/streaming-outputs.txt; these are in {}",
            record.display()
        );
    }
}
