//! Imports every file of the folder named by BIAOZHU_CORPUS (CI sets ../shared/corpus) and
//! validates the result. When the variable is set, a missing or empty folder fails the test.

mod common;
use common::*;

#[test]
fn the_corpus_imports_cleanly_and_validates() {
    let Some(corpus) = std::env::var_os("BIAOZHU_CORPUS") else {
        eprintln!("BIAOZHU_CORPUS is not set: the corpus import is not exercised in this run");
        return;
    };
    let corpus = std::path::PathBuf::from(corpus);
    let files: Vec<_> = std::fs::read_dir(&corpus)
        .unwrap_or_else(|e| panic!("BIAOZHU_CORPUS={}: {e}", corpus.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file() && p.file_name().is_some_and(|n| n != "README.md"))
        .collect();
    assert!(
        !files.is_empty(),
        "BIAOZHU_CORPUS={} holds no articles",
        corpus.display()
    );
    let tmp = tempfile::tempdir().unwrap();
    let ds = tmp.path().join("corpus");
    assert_eq!(biaozhu(&[&"new", &ds]).status.code(), Some(0));
    for file in &files {
        let out = biaozhu(&[&"import", &ds, file]);
        assert_eq!(
            out.status.code(),
            Some(0),
            "{}: {}",
            file.display(),
            text(&out)
        );
        assert!(
            text(&out).contains("1 added"),
            "{}: {}",
            file.display(),
            text(&out)
        );
    }
    let out = biaozhu(&[&"validate", &ds]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));

    let ds_open = biaozhu::core::data::store::Dataset::open(&ds).unwrap();
    assert_eq!(ds_open.documents().len(), files.len());
    let pinyin = regex::Regex::new(r"\p{Han}\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]+\)").unwrap();
    for entry in ds_open.documents() {
        let doc = ds_open.document(&entry.id).unwrap();
        let t = &doc.text;
        assert!(
            !t.contains('\r') && !t.starts_with('\u{feff}'),
            "{}",
            entry.id
        );
        assert!(!pinyin.is_match(t), "{}: pinyin residue left", entry.id);
        assert!(
            !t.contains("<p>") && !t.contains("layout: post"),
            "{}: markup left",
            entry.id
        );
        assert!(
            !t.contains("打开APP") && !t.contains("来说两句吧"),
            "{}: page chrome left",
            entry.id
        );
        assert!(
            !t.lines().any(|l| l != l.trim_end()),
            "{}: trailing spaces left",
            entry.id
        );
        let mut seen = std::collections::HashSet::new();
        for line in t.lines().filter(|l| !l.is_empty()) {
            assert!(
                seen.insert(line),
                "{}: paragraph repeated: {line}",
                entry.id
            );
        }
        assert!(!doc.meta.title.is_empty(), "{}: no title", entry.id);
    }
}
