//! A release's dataset card, `README.md`: the Hugging Face dataset-card YAML front matter
//! (`pretty_name`, `language`, `license`, task categories, `size_categories`, `configs` with the
//! Parquet shards of each split, `dataset_info.features` with the label names) and a body that
//! says what the dataset is, its labels and relation types, the guidelines' sha256, the counts
//! per label and split, the annotators and their agreement, the changelog, and how to load it.
//!
//! The card is made only from what it is given (the release manifest and the facts below), so
//! the same release gives the same card. Agreement is computed above this layer (by `score`)
//! and handed in as an [`Agreement`].

use crate::core::data::labels::LabelSchema;
use crate::core::data::model::ReleaseManifest;
use serde::Serialize;
use serde::ser::SerializeMap;

/// The card's file name in the release folder.
pub const CARD: &str = "README.md";

/// Agreement between the dataset's annotators, as the card reports it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Agreement {
    /// The annotators compared.
    pub annotators: Vec<String>,
    /// The documents all of them annotated.
    pub documents: usize,
    /// One entry per pair.
    pub pairs: Vec<PairAgreement>,
}

/// Agreement of two annotators.
#[derive(Clone, Debug, PartialEq)]
pub struct PairAgreement {
    pub a: String,
    pub b: String,
    /// Span F1, exact match.
    pub exact_f1: f64,
    /// Span F1, overlap match.
    pub overlap_f1: f64,
    /// Cohen's kappa over characters.
    pub kappa: f64,
    /// Relation F1, strict.
    pub relations_f1: f64,
}

/// What the card says besides the manifest.
pub struct CardFacts<'a> {
    /// The dataset's name (`dataset.json`).
    pub name: &'a str,
    /// The label schema.
    pub labels: &'a LabelSchema,
    /// Guideline files of the dataset as (path in the dataset, sha256).
    pub guidelines: &'a [(String, String)],
    /// Every annotator of the dataset, with the number of documents each annotated.
    pub annotators: &'a [(String, usize)],
    /// Agreement, when the dataset has two or more annotators.
    pub agreement: Option<&'a Agreement>,
    /// The release's changelog entry (`CHANGELOG.md`).
    pub changelog: &'a str,
}

/// The card of release `m`.
pub fn render(m: &ReleaseManifest, facts: &CardFacts<'_>) -> String {
    let yaml = serde_yaml_ng::to_string(&front_matter(m, facts)).expect("front matter serialises");
    let mut out = format!("---\n{yaml}---\n\n");
    out.push_str(&about(m, facts));
    out.push_str(&labels_section(facts.labels));
    out.push_str(&counts_section(m));
    out.push_str(&annotators_section(m, facts));
    out.push_str(&loading_section(m));
    out.push_str("## Changelog\n\n");
    out.push_str(&changelog_summary(facts.changelog));
    if !out.ends_with('\n') {
        out.push('\n');
    }
    out
}

/// The YAML front matter.
#[derive(Serialize)]
struct FrontMatter {
    pretty_name: String,
    language: Vec<&'static str>,
    license: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    license_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    license_link: Option<String>,
    task_categories: Vec<&'static str>,
    task_ids: Vec<&'static str>,
    size_categories: Vec<&'static str>,
    tags: Vec<&'static str>,
    configs: Vec<Config>,
    dataset_info: DatasetInfo,
}

#[derive(Serialize)]
struct Config {
    config_name: &'static str,
    data_files: Vec<DataFiles>,
}

#[derive(Serialize)]
struct DataFiles {
    split: String,
    path: String,
}

#[derive(Serialize)]
struct DatasetInfo {
    config_name: &'static str,
    features: Vec<Feature>,
}

/// One feature of `datasets`: a plain type, a class label or a list of structs.
#[derive(Serialize)]
struct Feature {
    name: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    dtype: Option<Dtype>,
    #[serde(skip_serializing_if = "Option::is_none")]
    list: Option<Vec<Feature>>,
}

#[derive(Serialize)]
#[serde(untagged)]
enum Dtype {
    Plain(&'static str),
    Class { class_label: ClassNames },
}

/// `names: {'0': first, '1': second}` in label order.
struct ClassNames(Vec<String>);

impl Serialize for ClassNames {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        struct Names<'a>(&'a [String]);
        impl Serialize for Names<'_> {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                let mut map = s.serialize_map(Some(self.0.len()))?;
                for (i, n) in self.0.iter().enumerate() {
                    map.serialize_entry(&i.to_string(), n)?;
                }
                map.end()
            }
        }
        let mut map = s.serialize_map(Some(1))?;
        map.serialize_entry("names", &Names(&self.0))?;
        map.end()
    }
}

fn plain(name: &'static str, dtype: &'static str) -> Feature {
    Feature {
        name,
        dtype: Some(Dtype::Plain(dtype)),
        list: None,
    }
}

fn list(name: &'static str, items: Vec<Feature>) -> Feature {
    Feature {
        name,
        dtype: None,
        list: Some(items),
    }
}

/// The features of the Parquet shards (`release_parquet::schema`), the span label as a class
/// label with the schema's label names.
fn features(labels: &LabelSchema) -> Vec<Feature> {
    let label = Feature {
        name: "label",
        dtype: Some(Dtype::Class {
            class_label: ClassNames(labels.labels.iter().map(|l| l.name.clone()).collect()),
        }),
        list: None,
    };
    vec![
        plain("id", "string"),
        plain("text", "string"),
        list(
            "spans",
            vec![
                plain("id", "string"),
                plain("start", "int64"),
                plain("end", "int64"),
                label,
                plain("text", "string"),
                plain("attrs", "string"),
            ],
        ),
        list(
            "relations",
            vec![
                plain("id", "string"),
                plain("type", "string"),
                plain("from", "string"),
                plain("to", "string"),
            ],
        ),
        plain("annotator", "string"),
        plain("status", "string"),
        plain("meta", "string"),
    ]
}

fn front_matter(m: &ReleaseManifest, facts: &CardFacts<'_>) -> FrontMatter {
    let (license, license_name, license_link) = hub_license(m.license.as_deref());
    let data_files = m
        .splits
        .iter()
        .map(|s| DataFiles {
            split: s.name.clone(),
            path: format!("data/{}-*.parquet", s.name),
        })
        .collect();
    FrontMatter {
        pretty_name: facts.name.to_string(),
        language: vec!["zh"],
        license,
        license_name,
        license_link,
        task_categories: vec!["token-classification"],
        task_ids: vec!["named-entity-recognition"],
        size_categories: vec![size_category(m.documents)],
        tags: vec!["biaozhu", "relation-extraction", "finance"],
        configs: vec![Config {
            config_name: "default",
            data_files,
        }],
        dataset_info: DatasetInfo {
            config_name: "default",
            features: features(facts.labels),
        },
    }
}

/// The Hub's `size_categories` value for `n` documents.
pub fn size_category(n: usize) -> &'static str {
    match n {
        0..1_000 => "n<1K",
        1_000..10_000 => "1K<n<10K",
        10_000..100_000 => "10K<n<100K",
        100_000..1_000_000 => "100K<n<1M",
        1_000_000..10_000_000 => "1M<n<10M",
        10_000_000..100_000_000 => "10M<n<100M",
        _ => "100M<n<1B",
    }
}

/// The licences whose Hub id is their SPDX id in lower case.
const HUB_LICENSES: [&str; 48] = [
    "apache-2.0",
    "mit",
    "afl-3.0",
    "artistic-2.0",
    "bsl-1.0",
    "bsd-2-clause",
    "bsd-3-clause",
    "bsd-3-clause-clear",
    "cc0-1.0",
    "cc-by-2.0",
    "cc-by-2.5",
    "cc-by-3.0",
    "cc-by-4.0",
    "cc-by-sa-3.0",
    "cc-by-sa-4.0",
    "cc-by-nc-2.0",
    "cc-by-nc-3.0",
    "cc-by-nc-4.0",
    "cc-by-nd-4.0",
    "cc-by-nc-nd-3.0",
    "cc-by-nc-nd-4.0",
    "cc-by-nc-sa-2.0",
    "cc-by-nc-sa-3.0",
    "cc-by-nc-sa-4.0",
    "cdla-sharing-1.0",
    "cdla-permissive-1.0",
    "cdla-permissive-2.0",
    "wtfpl",
    "ecl-2.0",
    "epl-1.0",
    "epl-2.0",
    "etalab-2.0",
    "eupl-1.1",
    "eupl-1.2",
    "isc",
    "lppl-1.3c",
    "ms-pl",
    "mpl-2.0",
    "osl-3.0",
    "postgresql",
    "ofl-1.1",
    "ncsa",
    "unlicense",
    "zlib",
    "agpl-3.0",
    "gpl-2.0",
    "gpl-3.0",
    "lgpl-3.0",
];

/// The card's `license`, `license_name` and `license_link` for an SPDX id: the Hub's id when it
/// has one, else `other` with the SPDX id and its page; `unknown` when there is no licence.
fn hub_license(spdx: Option<&str>) -> (String, Option<String>, Option<String>) {
    let Some(id) = spdx else {
        return ("unknown".into(), None, None);
    };
    let lower = id.to_ascii_lowercase();
    let base = lower
        .strip_suffix("-only")
        .or_else(|| lower.strip_suffix("-or-later"))
        .unwrap_or(&lower);
    let hub = match base {
        "odbl-1.0" => Some("odbl"),
        "odc-by-1.0" => Some("odc-by"),
        "pddl-1.0" => Some("pddl"),
        "lgpl-2.1" => Some("lgpl-2.1"),
        b => HUB_LICENSES.iter().find(|h| **h == b).copied(),
    };
    match hub {
        Some(h) => (h.to_string(), None, None),
        None => (
            "other".into(),
            Some(lower.clone()),
            Some(format!("https://spdx.org/licenses/{id}.html")),
        ),
    }
}

/// How many document ids the card's changelog names in a list before "and N more".
const CHANGELOG_IDS: usize = 20;

/// The changelog entry for the card: headings one level down (under the card's "Changelog"),
/// long lists of document ids cut short, and the per-document changes left to `CHANGELOG.md`.
fn changelog_summary(text: &str) -> String {
    let lines: Vec<&str> = text.lines().collect();
    let mut out = String::new();
    for (i, line) in lines.iter().enumerate() {
        // A document's block: its id, then its changes indented by two spaces.
        let block = !line.is_empty()
            && !line.starts_with([' ', '|', '#'])
            && lines.get(i + 1).is_some_and(|next| next.starts_with("  "));
        if block {
            out.push_str("The changes per document are in `CHANGELOG.md`.\n");
            break;
        }
        if line.starts_with('#') {
            out.push_str("##");
        }
        out.push_str(&shorten_ids(line));
        out.push('\n');
    }
    out
}

/// `documents added: a, b, …` with at most [`CHANGELOG_IDS`] ids.
fn shorten_ids(line: &str) -> String {
    let Some((head, ids)) = line
        .split_once(": ")
        .filter(|(h, _)| h.starts_with("documents "))
    else {
        return line.to_string();
    };
    let ids: Vec<&str> = ids.split(", ").collect();
    if ids.len() <= CHANGELOG_IDS {
        return line.to_string();
    }
    format!(
        "{head}: {} and {} more",
        ids[..CHANGELOG_IDS].join(", "),
        ids.len() - CHANGELOG_IDS
    )
}

mod body;
use body::{about, annotators_section, counts_section, labels_section, loading_section};

#[cfg(test)]
mod tests;
