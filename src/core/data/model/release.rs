//! `releases/<version>/release.json`: the manifest of a frozen version, part of the on-disk
//! contract like the other model types (its JSON Schema is `schemas/release.schema.json`).

use super::Status;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// `releases/VERSION/release.json`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(title = "biaozhu release manifest (releases/<version>/release.json)")]
pub struct ReleaseManifest {
    /// Always "biaozhu-release".
    #[schemars(regex(pattern = "^biaozhu-release$"))]
    pub format: String,
    /// The dataset format_version the release was made from.
    pub format_version: u32,
    /// The version name, equal to the folder name.
    #[schemars(regex(pattern = "^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$"))]
    pub version: String,
    /// The release this one follows, or null for the first.
    pub parent: Option<String>,
    /// When it was made, RFC 3339 in UTC.
    pub created: String,
    /// What changed, in the releaser's words.
    pub message: String,
    /// Whose annotations it holds.
    pub annotator: String,
    /// The statuses that were included (empty: all).
    pub statuses: Vec<Status>,
    /// Number of documents.
    pub documents: usize,
    /// Number of spans per label.
    pub counts: BTreeMap<String, usize>,
    /// Number of relations.
    pub relations: usize,
    /// Number of relations per type (absent in releases made before relations were counted).
    #[serde(default)]
    pub relation_counts: BTreeMap<String, usize>,
    /// The dataset's licence (an SPDX licence id) when the release was made; absent when it had
    /// none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub license: Option<String>,
    /// The splits, in the order asked for (`release --split`); each document is in one, chosen
    /// by a hash of its id as `export --split` chooses. One split, `train`, with every document
    /// when none were asked for; absent in releases made before releases had splits.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub splits: Vec<ReleaseSplit>,
    /// Hex sha256 of every other file of the release, by its path in the release folder
    /// (`data.jsonl`, `README.md`, `data/train-00000-of-00001.parquet`).
    pub files: BTreeMap<String, String>,
}

/// One split of a release.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct ReleaseSplit {
    /// The split's name (train, validation, test).
    #[schemars(regex(pattern = "^[a-z0-9_-]{1,64}$"))]
    pub name: String,
    /// The share of documents asked for, between 0 and 1.
    #[schemars(range(min = 0.0, max = 1.0))]
    pub share: f64,
    /// Number of documents it holds.
    pub documents: usize,
    /// Number of spans per label in it (every label of the schema, 0 when unused).
    pub counts: BTreeMap<String, usize>,
    /// Its Parquet shards, by path in the release folder (`data/<split>-00000-of-00001.parquet`).
    pub files: Vec<String>,
}
