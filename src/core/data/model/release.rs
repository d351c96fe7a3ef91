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
    /// Hex sha256 of every other file of the release, by file name.
    pub files: BTreeMap<String, String>,
}
