//! The bundled sample dataset: valid, written in the canonical byte form, and covering what the
//! issue asks of it (all four labels, a nested span, a span after an astral character).

mod common;
use biaozhu::core::check::validate;
use biaozhu::core::data::fsio;
use biaozhu::core::data::model::{Annotation, Document, Manifest};
use biaozhu::core::data::store::Dataset;

#[test]
fn the_sample_is_valid_canonical_and_covers_the_hard_cases() {
    let root = common::repo().join("assets/sample");
    let report = validate::validate_paths(std::slice::from_ref(&root)).unwrap();
    assert!(report.problems.is_empty(), "{:#?}", report.problems);
    let ds = Dataset::open(&root).unwrap();
    assert!((3..=5).contains(&ds.documents().len()));
    let manifest_bytes = std::fs::read(root.join("dataset.json")).unwrap();
    let manifest: Manifest = fsio::parse_json(&root, &manifest_bytes).unwrap();
    assert_eq!(fsio::to_canonical_json(&manifest), manifest_bytes);
    let (mut labels, mut nested, mut after_astral) = (std::collections::BTreeSet::new(), 0, 0);
    for entry in ds.documents() {
        let path = root.join(format!("documents/{}.json", entry.id));
        let bytes = std::fs::read(&path).unwrap();
        let doc: Document = fsio::parse_json(&path, &bytes).unwrap();
        assert_eq!(
            fsio::to_canonical_json(&doc),
            bytes,
            "{} is not canonical",
            path.display()
        );
        let path = root.join(format!("annotations/sample/{}.json", entry.id));
        let bytes = std::fs::read(&path).unwrap();
        let ann: Annotation = fsio::parse_json(&path, &bytes).unwrap();
        assert_eq!(
            fsio::to_canonical_json(&ann),
            bytes,
            "{} is not canonical",
            path.display()
        );
        let astral_at = doc.text.chars().position(|c| c as u32 > 0xFFFF);
        for s in &ann.spans {
            labels.insert(s.label.clone());
            if ann
                .spans
                .iter()
                .any(|o| o.id != s.id && o.start <= s.start && s.end <= o.end)
            {
                nested += 1;
            }
            if astral_at.is_some_and(|a| a < s.start) {
                after_astral += 1;
            }
        }
    }
    assert_eq!(labels.len(), 4, "{labels:?}");
    assert!(
        nested >= 1 && after_astral >= 1,
        "nested {nested}, after an astral character {after_astral}"
    );
}

#[cfg(feature = "app")]
#[test]
fn the_embedded_sample_copy_is_the_whole_sample_folder() {
    let root = common::repo().join("assets/sample");
    let mut on_disk = Vec::new();
    let mut stack = vec![root.clone()];
    while let Some(dir) = stack.pop() {
        for e in std::fs::read_dir(&dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                on_disk.push(
                    p.strip_prefix(&root)
                        .unwrap()
                        .to_string_lossy()
                        .replace('\\', "/"),
                );
            }
        }
    }
    on_disk.sort();
    let mut embedded: Vec<String> = biaozhu::app::sample::FILES
        .iter()
        .map(|(p, _)| p.to_string())
        .collect();
    embedded.sort();
    assert_eq!(
        embedded, on_disk,
        "src/app/sample.rs must list every file of assets/sample"
    );
    let tmp = tempfile::tempdir().unwrap();
    let copy = biaozhu::app::sample::ensure_copy(&tmp.path().join("s")).unwrap();
    assert!(validate::validate_paths(&[copy]).unwrap().is_valid());
}
