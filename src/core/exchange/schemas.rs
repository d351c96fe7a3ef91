//! The JSON Schemas of the dataset files, generated from the model types and embedded in the
//! binary. `schemas/*.schema.json` in the repository are these, and a test keeps them equal.

use crate::core::data::model::{Annotation, Document, Manifest};
use crate::core::data::problem::{SchemaRule, SchemaRuleKind};
use std::sync::LazyLock;

/// The kinds of file a dataset holds, each with its schema.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileKind {
    /// `dataset.json`.
    Manifest,
    /// `documents/<id>.json`.
    Document,
    /// `annotations/<annotator>/<id>.json`.
    Annotation,
    /// A line of the native JSONL export and of a release's `data.jsonl`.
    Record,
    /// `releases/<version>/release.json`.
    Release,
}

impl FileKind {
    /// The schema file name under `schemas/`.
    pub fn schema_file(self) -> &'static str {
        match self {
            FileKind::Manifest => "dataset.schema.json",
            FileKind::Document => "document.schema.json",
            FileKind::Annotation => "annotation.schema.json",
            FileKind::Record => "record.schema.json",
            FileKind::Release => "release.schema.json",
        }
    }

    /// The schema's `$id`: an identifier, versioned with the dataset format.
    pub fn id(self) -> String {
        format!(
            "https://biaozhu.dev/schemas/{}/{}",
            crate::core::data::model::FORMAT_VERSION,
            self.schema_file()
        )
    }

    /// The committed schema text, embedded at build time.
    pub fn embedded(self) -> &'static str {
        match self {
            FileKind::Manifest => include_str!("../../../schemas/dataset.schema.json"),
            FileKind::Document => include_str!("../../../schemas/document.schema.json"),
            FileKind::Annotation => include_str!("../../../schemas/annotation.schema.json"),
            FileKind::Record => include_str!("../../../schemas/record.schema.json"),
            FileKind::Release => include_str!("../../../schemas/release.schema.json"),
        }
    }

    /// The schema generated from the Rust type, as pretty JSON with a trailing newline.
    pub fn generated(self) -> String {
        let schema = match self {
            FileKind::Manifest => schemars::schema_for!(Manifest),
            FileKind::Document => schemars::schema_for!(Document),
            FileKind::Annotation => schemars::schema_for!(Annotation),
            FileKind::Record => schemars::schema_for!(crate::core::exchange::formats::Record),
            FileKind::Release => schemars::schema_for!(crate::core::data::model::ReleaseManifest),
        };
        let mut schema = schema;
        schema.insert("$id".into(), self.id().into());
        let mut text = serde_json::to_string_pretty(&schema).expect("schemas serialise");
        text.push('\n');
        text
    }

    /// The compiled validator of the embedded schema.
    pub fn validator(self) -> &'static jsonschema::Validator {
        static VALIDATORS: [LazyLock<jsonschema::Validator>; 5] = [
            LazyLock::new(|| compile(FileKind::Manifest)),
            LazyLock::new(|| compile(FileKind::Document)),
            LazyLock::new(|| compile(FileKind::Annotation)),
            LazyLock::new(|| compile(FileKind::Record)),
            LazyLock::new(|| compile(FileKind::Release)),
        ];
        &VALIDATORS[self as usize]
    }
}

fn compile(kind: FileKind) -> jsonschema::Validator {
    let schema: serde_json::Value =
        serde_json::from_str(kind.embedded()).expect("embedded schema is JSON");
    jsonschema::draft202012::new(&schema).expect("embedded schema compiles")
}

/// Schema violations of `value` as (JSON pointer, message) pairs.
pub fn schema_problems(kind: FileKind, value: &serde_json::Value) -> Vec<(String, String)> {
    schema_rules(kind, value)
        .into_iter()
        .map(|(pointer, rule)| (pointer, rule.english))
        .collect()
}

/// Schema violations of `value` as (JSON pointer, the rule broken) pairs.
pub fn schema_rules(kind: FileKind, value: &serde_json::Value) -> Vec<(String, SchemaRule)> {
    use jsonschema::error::ValidationErrorKind as V;
    let validator = kind.validator();
    if validator.is_valid(value) {
        return Vec::new();
    }
    validator
        .iter_errors(value)
        .map(|e| {
            let kind = match e.kind() {
                V::Required { property } => SchemaRuleKind::Required {
                    property: property.to_string(),
                },
                V::AdditionalProperties { unexpected } => SchemaRuleKind::NotAllowed {
                    names: unexpected.join(", "),
                },
                V::Type { .. } => SchemaRuleKind::WrongType,
                V::Enum { .. } | V::Constant { .. } => SchemaRuleKind::NotAnOption,
                V::Minimum { .. } | V::ExclusiveMinimum { .. } => SchemaRuleKind::TooSmall,
                V::Maximum { .. } | V::ExclusiveMaximum { .. } => SchemaRuleKind::TooLarge,
                V::MinLength { .. } => SchemaRuleKind::TooShort,
                _ => SchemaRuleKind::Other,
            };
            let rule = SchemaRule {
                kind,
                english: e.to_string(),
            };
            (e.instance_path().as_str().to_string(), rule)
        })
        .collect()
}
