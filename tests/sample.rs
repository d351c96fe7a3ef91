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

/// Every amount and region of the sample carries the typed values biaozhu gives such a span
/// when it is labelled (value, currency and qualifier; adcode and standard name), so the
/// Projects view and `biaozhu table` show values on a first run. `BIAOZHU_UPDATE_SAMPLE=1`
/// writes them in (canonical bytes, atomically) after a change of the value rules.
#[test]
fn the_sample_s_amounts_and_regions_carry_their_typed_values() {
    use biaozhu::core::annotate::values;
    let root = common::repo().join("assets/sample");
    let ds = Dataset::open(&root).unwrap();
    let update = std::env::var_os("BIAOZHU_UPDATE_SAMPLE").is_some();
    let (mut amounts_valued, mut missing) = (0, Vec::new());
    for entry in ds.documents() {
        let path = root.join(format!("annotations/sample/{}.json", entry.id));
        let mut ann: Annotation = fsio::read_json(&path).unwrap();
        let before = ann.clone();
        for span in &mut ann.spans {
            let typed = values::typed_attrs_of(&ds.labels, &span.label, &span.text);
            for (k, v) in typed {
                if span.attrs.get(&k) != Some(&v) {
                    missing.push(format!("{} {} {:?}: {k}", entry.id, span.label, span.text));
                    span.attrs.insert(k, v);
                }
            }
            if span.label == "amount" && span.attrs.contains_key("value") {
                amounts_valued += 1;
            }
        }
        if update && ann != before {
            fsio::write_atomic(&path, &fsio::to_canonical_json(&ann)).unwrap();
        }
    }
    assert!(
        update || missing.is_empty(),
        "spans without their typed values (BIAOZHU_UPDATE_SAMPLE=1 fills them): {missing:#?}"
    );
    assert!(
        amounts_valued >= 10,
        "only {amounts_valued} amounts with a value"
    );
}
