//! Runs the fuzz targets' seed inputs (fuzz/seeds/) through the same code as the targets, so the
//! cases that once mattered stay covered in every `cargo test`.

use biaozhu::core::check::validate;
use biaozhu::core::data::ids::sha256_hex;
use biaozhu::core::data::ingest::{self, ChromeRules, CleanupOptions};
use biaozhu::core::data::labels::LabelSchema;
use biaozhu::core::exchange::schemas::FileKind;
use std::path::Path;

fn seeds(target: &str) -> Vec<(String, Vec<u8>)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fuzz/seeds")
        .join(target);
    let mut out: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .map(|p| {
            (
                p.file_name().unwrap().to_string_lossy().into_owned(),
                std::fs::read(&p).unwrap(),
            )
        })
        .collect();
    out.sort();
    assert!(out.len() >= 5, "{} has too few seeds", dir.display());
    out
}

#[test]
fn import_seeds_convert_or_fail_cleanly() {
    let rules = ChromeRules::from_ron(ingest::DEFAULT_CHROME_RON).unwrap();
    let mut accepted = 0;
    for (name, bytes) in seeds("import") {
        for as_name in [name.clone(), "x.txt".into(), "x.md".into(), "x.html".into()] {
            match ingest::convert(&as_name, &bytes, &rules, CleanupOptions::default()) {
                Ok(c) => {
                    assert!(
                        !c.text.contains('\r') && !c.text.trim().is_empty(),
                        "{name}"
                    );
                    accepted += 1;
                }
                Err(problem) => assert!(!problem.message().is_empty(), "{name}"),
            }
        }
    }
    assert!(accepted > 0);
    let big5 = ingest::convert(
        "big5.txt",
        &std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/seeds/import/big5.txt"))
            .unwrap(),
        &rules,
        CleanupOptions::default(),
    )
    .unwrap();
    assert_eq!(
        (big5.text.as_str(), big5.meta.encoding.as_str()),
        ("鎮江新區總投資53.7億元", "Big5")
    );
}

#[test]
fn loader_seeds_give_reports_not_panics() {
    let labels = LabelSchema::default_schema();
    let text = "𠮷利集团在南通开发区投资约50亿元\n建设新能源项目";
    let sha = sha256_hex(text.as_bytes());
    for (name, bytes) in seeds("loader") {
        for kind in [FileKind::Manifest, FileKind::Document, FileKind::Annotation] {
            let report = validate::check_bytes(kind, &bytes, &labels, Some((text, &sha)));
            if name.starts_with("truncated")
                || name.starts_with("invalid")
                || name.starts_with("hostile")
            {
                assert!(!report.is_valid(), "{name} as {kind:?} must be invalid");
            }
        }
    }
    let manifest = std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/seeds/loader/manifest.json"),
    )
    .unwrap();
    assert!(validate::check_bytes(FileKind::Manifest, &manifest, &labels, None).is_valid());
}
