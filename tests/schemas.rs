//! The committed JSON Schemas equal the ones generated from the Rust types, compile as draft
//! 2020-12, and describe every field. Run with BIAOZHU_UPDATE_SCHEMAS=1 to rewrite them.

use biaozhu::core::exchange::schemas::FileKind;

const KINDS: [FileKind; 5] = [
    FileKind::Manifest,
    FileKind::Document,
    FileKind::Annotation,
    FileKind::Record,
    FileKind::Release,
];

#[test]
fn committed_schemas_equal_the_generated_ones() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("schemas");
    for kind in KINDS {
        let path = dir.join(kind.schema_file());
        let generated = kind.generated();
        if std::env::var_os("BIAOZHU_UPDATE_SCHEMAS").is_some() {
            std::fs::write(&path, &generated).unwrap();
        }
        let committed = std::fs::read_to_string(&path).unwrap();
        assert_eq!(
            committed,
            generated,
            "{} is stale: run BIAOZHU_UPDATE_SCHEMAS=1 cargo test --test schemas",
            path.display()
        );
    }
}

fn walk_properties(value: &serde_json::Value, at: &str, missing: &mut Vec<String>) {
    if let Some(props) = value.get("properties").and_then(|p| p.as_object()) {
        for (name, prop) in props {
            if prop.get("description").is_none() {
                missing.push(format!("{at}/{name}"));
            }
        }
    }
    if let Some(obj) = value.as_object() {
        for (k, v) in obj {
            walk_properties(v, &format!("{at}/{k}"), missing);
        }
    }
}

#[test]
fn every_field_has_a_description_and_the_schemas_are_2020_12() {
    for kind in KINDS {
        let schema: serde_json::Value = serde_json::from_str(kind.embedded()).unwrap();
        assert_eq!(
            schema["$schema"],
            "https://json-schema.org/draft/2020-12/schema"
        );
        let mut missing = Vec::new();
        walk_properties(&schema, "", &mut missing);
        assert!(
            missing.is_empty(),
            "{}: fields without a description: {missing:?}",
            kind.schema_file()
        );
        kind.validator();
    }
}
