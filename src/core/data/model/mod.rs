//! The dataset's data model: manifest, documents, annotations, spans and relations.
//!
//! These types are the on-disk contract (format `biaozhu-dataset`, format_version 2). The JSON
//! Schemas in `schemas/` are generated from them, and a test keeps the two equal. Field order here
//! is the key order on disk.

mod effort;
mod release;
pub use effort::{EFFORT_COUNTERS, Effort};
pub use release::{ReleaseManifest, ReleaseSplit};

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The value of `format` in `dataset.json`.
pub const FORMAT_NAME: &str = "biaozhu-dataset";
/// The newest dataset format this build reads and writes. Version 2: `documents/` is the truth
/// and `dataset.json` lists no documents; version 1 listed them (`biaozhu migrate` upgrades it).
pub const FORMAT_VERSION: u32 = 2;

/// Free-form attributes of a span (normalised values such as an amount's value and currency).
pub type Attrs = BTreeMap<String, serde_json::Value>;

/// `dataset.json`: what the dataset is, not what it holds. A document belongs to the dataset
/// when `documents/<id>.json` is present and valid, so nothing here is a list that two people
/// append to, and two clones that import different articles merge without a conflict.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "biaozhu dataset manifest (dataset.json)")]
pub struct Manifest {
    /// Always "biaozhu-dataset".
    #[schemars(regex(pattern = "^biaozhu-dataset$"))]
    pub format: String,
    /// The version of the dataset format; this build reads and writes version 2.
    #[schemars(range(min = 2, max = 2))]
    pub format_version: u32,
    /// A human-readable name for the dataset.
    pub name: String,
    /// When the dataset was created, RFC 3339 in UTC.
    pub created: String,
    /// The licence of the dataset, as an SPDX licence id (such as CC-BY-4.0); left out when the
    /// dataset has none. Releases carry it into their dataset card.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(regex(pattern = "^[A-Za-z0-9][A-Za-z0-9.+-]*$"))]
    pub license: Option<String>,
    /// Dataset-wide settings, by name; left out when there are none.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub settings: BTreeMap<String, serde_json::Value>,
}

/// One document as the dataset lists it: read from `documents/<id>.json`, never stored.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct DocumentEntry {
    /// The document id; `documents/<id>.json` holds the document.
    pub id: String,
    /// The document title, for lists.
    pub title: String,
    /// The number of Unicode code points in the document text.
    pub chars: usize,
    /// Hex SHA-256 of the UTF-8 document text.
    pub sha256: String,
    /// When the document was imported (`meta.imported`), empty when not known.
    pub imported: String,
}

/// `documents/<id>.json`: one article's normalised text. It never changes after import.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(title = "biaozhu document (documents/<id>.json)")]
pub struct Document {
    /// The document id, equal to the file name without `.json`.
    #[schemars(regex(pattern = "^[a-z0-9_-]{1,64}$"))]
    pub id: String,
    /// The normalised text. Span offsets count Unicode code points in this string.
    pub text: String,
    /// Hex SHA-256 of the UTF-8 text.
    #[schemars(regex(pattern = "^[0-9a-f]{64}$"))]
    pub sha256: String,
    /// Where the text came from and what import did to it.
    pub meta: DocumentMeta,
}

/// Provenance of a document.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct DocumentMeta {
    /// The title, from the HTML `<title>`/`<h1>`, the front matter or the first line.
    #[serde(default)]
    pub title: String,
    /// The publication date when the source gives one, as written there.
    #[serde(default)]
    pub date: Option<String>,
    /// The file name that was imported.
    #[serde(default)]
    pub source_file: String,
    /// Hex SHA-256 of the raw source bytes.
    #[serde(default)]
    pub source_sha256: String,
    /// The detected encoding of the source, such as UTF-8, GBK or Big5.
    #[serde(default)]
    pub encoding: String,
    /// The kind of source that was read: text, markdown or html.
    #[serde(default)]
    pub source_format: String,
    /// The importer that produced the text, such as `biaozhu-import 1`.
    #[serde(default)]
    pub importer: String,
    /// When the document was imported, RFC 3339 in UTC with microseconds. Documents are listed
    /// by this time, then by id; documents from format 1 have none and come first.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub imported: String,
    /// What cleanup removed from the source.
    #[serde(default)]
    pub cleanup: Cleanup,
    /// Other front-matter fields (categories, tags and so on), as found.
    #[serde(default)]
    pub front_matter: BTreeMap<String, serde_json::Value>,
}

/// Counts of what import cleanup removed. All zero when nothing was removed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Cleanup {
    /// Whether a byte-order mark was removed.
    #[serde(default)]
    pub bom: bool,
    /// Carriage returns removed when line endings were normalised to LF.
    #[serde(default)]
    pub carriage_returns: usize,
    /// Lines whose leading indentation or trailing spaces were trimmed.
    #[serde(default)]
    pub trimmed_lines: usize,
    /// Runs of blank lines collapsed to one blank line.
    #[serde(default)]
    pub blank_runs_collapsed: usize,
    /// Inline pinyin annotations removed, as in 項(xiàng)目.
    #[serde(default)]
    pub pinyin_removed: usize,
    /// Paragraphs dropped because they repeat an earlier paragraph exactly.
    #[serde(default)]
    pub duplicate_paragraphs: usize,
    /// Page-chrome lines dropped (app banners, share and comment widgets, template lines).
    #[serde(default)]
    pub chrome_lines: usize,
    /// HTML elements dropped with their content (head, script, style) and comments.
    #[serde(default)]
    pub html_removed: usize,
    /// Whether YAML front matter was moved out of the text into meta.
    #[serde(default)]
    pub front_matter: bool,
}

/// Where an annotator is with a document.
#[derive(
    Clone,
    Copy,
    Debug,
    Default,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
    JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Not started.
    #[default]
    Todo,
    /// Started, not finished.
    InProgress,
    /// Finished by the annotator.
    Done,
    /// Checked by a reviewer.
    Reviewed,
}

impl Status {
    /// Every status, in workflow order.
    pub const ALL: [Status; 4] = [
        Status::Todo,
        Status::InProgress,
        Status::Done,
        Status::Reviewed,
    ];

    /// The name used on disk and on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Todo => "todo",
            Status::InProgress => "in_progress",
            Status::Done => "done",
            Status::Reviewed => "reviewed",
        }
    }

    /// Parses the on-disk name.
    pub fn parse(s: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|st| st.as_str() == s)
    }
}

/// `annotations/<annotator>/<id>.json`: one annotator's work on one document.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(title = "biaozhu annotation (annotations/<annotator>/<id>.json)")]
pub struct Annotation {
    /// The id of the annotated document.
    #[schemars(regex(pattern = "^[a-z0-9_-]{1,64}$"))]
    pub document: String,
    /// Hex SHA-256 of the document text the offsets refer to.
    #[schemars(regex(pattern = "^[0-9a-f]{64}$"))]
    pub document_sha256: String,
    /// The annotator's name, equal to the folder name.
    #[schemars(regex(pattern = "^[a-z0-9_-]{1,64}$"))]
    pub annotator: String,
    /// Where the annotator is with this document.
    pub status: Status,
    /// Goes up by one on every save.
    pub revision: u64,
    /// When the file was last saved, RFC 3339 in UTC.
    pub updated: String,
    /// The labelled spans, sorted by (start, end, label).
    pub spans: Vec<Span>,
    /// Typed links between spans.
    #[serde(default)]
    pub relations: Vec<Relation>,
    /// Suggestions (of the rule extractor, or of another annotator in a review) that this
    /// annotator rejected, so they are not offered again. Left out of the file when empty.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rejected: Vec<Rejected>,
    /// What `biaozhu adjudicate` has taken into this annotation because both reviewed
    /// annotators agreed on it. A re-run takes only what is not listed here, so whatever this
    /// annotator did with it since (kept, changed or removed, in the app or in the file) stands.
    /// Left out of the file when empty.
    #[serde(default, skip_serializing_if = "Taken::is_empty")]
    pub taken: Taken,
    /// How long the annotator worked on the document and how (see [`Effort`]), as the app
    /// records it. Left out of the file when nothing was recorded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Effort")]
    pub effort: Option<Effort>,
}

/// The agreed spans and relations a review has taken into an annotation (see
/// [`Annotation::taken`]), each by its identity, sorted.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Taken {
    /// Agreed spans, by range and label.
    #[serde(default)]
    pub spans: Vec<SpanKey>,
    /// Agreed relations, by type and both ends' range and label.
    #[serde(default)]
    pub relations: Vec<TakenRelation>,
}

/// An agreed relation a review has taken: its type and its ends' identities.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, JsonSchema)]
pub struct TakenRelation {
    /// The relation type.
    #[serde(rename = "type")]
    pub kind: String,
    /// The span it goes from.
    pub from: SpanKey,
    /// The span it points to.
    pub to: SpanKey,
}

impl Taken {
    /// Whether nothing was taken.
    pub fn is_empty(&self) -> bool {
        self.spans.is_empty() && self.relations.is_empty()
    }

    /// Both lists, each sorted and without repeats: what `a` or `b` took (a merge of two
    /// branches keeps everything either took).
    pub fn union(a: &Taken, b: &Taken) -> Taken {
        let mut out = a.clone();
        out.spans.extend(b.spans.iter().cloned());
        out.relations.extend(b.relations.iter().cloned());
        out.normalise();
        out
    }

    /// Sorts both lists and drops repeats.
    pub fn normalise(&mut self) {
        self.spans.sort();
        self.spans.dedup();
        self.relations.sort();
        self.relations.dedup();
    }
}

/// The identity of a span across annotators, versions and suggestions: its range and label
/// (ids differ from file to file). Ordered by position, then label. A rejected suggestion is
/// recorded as one.
#[derive(
    Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
pub struct SpanKey {
    /// First code point.
    pub start: usize,
    /// Code point after the last one.
    pub end: usize,
    /// The label.
    pub label: String,
}

/// A rejected suggestion: its range and label.
pub type Rejected = SpanKey;

impl SpanKey {
    /// Whether `span` has this identity.
    pub fn is(&self, span: &Span) -> bool {
        self.start == span.start && self.end == span.end && self.label == span.label
    }
}

impl Span {
    /// This span's identity: range and label.
    pub fn key(&self) -> SpanKey {
        SpanKey {
            start: self.start,
            end: self.end,
            label: self.label.clone(),
        }
    }

    /// Whether `other` has the same range and label (whatever the ids).
    pub fn same_as(&self, other: &Span) -> bool {
        self.start == other.start && self.end == other.end && self.label == other.label
    }
}

/// A labelled range of the document text.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Span {
    /// The span id, unique within the annotation file.
    #[schemars(regex(pattern = "^[a-z0-9_-]{1,64}$"))]
    pub id: String,
    /// First code point of the span, 0-based.
    pub start: usize,
    /// Code point after the last one of the span (end exclusive).
    pub end: usize,
    /// The label name, as declared in labels.ron.
    pub label: String,
    /// Exactly the covered text: the code points start..end of the document text.
    pub text: String,
    /// Normalised values, such as an amount's value and currency; may be empty.
    #[serde(default)]
    pub attrs: Attrs,
}

#[cfg(test)]
impl Span {
    /// A span with no covered text and no attributes, for the core's unit tests.
    pub(crate) fn bare(id: &str, start: usize, end: usize, label: &str) -> Span {
        Span {
            id: id.into(),
            start,
            end,
            label: label.into(),
            text: String::new(),
            attrs: Attrs::new(),
        }
    }
}

/// A typed link from one span to another.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Relation {
    /// The relation id, unique within the annotation file.
    #[schemars(regex(pattern = "^[a-z0-9_-]{1,64}$"))]
    pub id: String,
    /// The relation type, as declared in labels.ron (has_amount, located_in, uses).
    #[serde(rename = "type")]
    pub kind: String,
    /// The id of the span the relation starts at.
    pub from: String,
    /// The id of the span the relation points to.
    pub to: String,
    /// How sure a machine annotator is of the link, from 0 to 1 (a learned model writes it;
    /// people and the rules leave it out).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 0.0, max = 1.0))]
    pub confidence: Option<f64>,
}

impl Annotation {
    /// An empty annotation of `document` by `annotator`.
    pub fn new(document: &Document, annotator: &str) -> Self {
        Annotation {
            document: document.id.clone(),
            document_sha256: document.sha256.clone(),
            annotator: annotator.to_string(),
            status: Status::Todo,
            revision: 0,
            updated: String::new(),
            spans: Vec::new(),
            relations: Vec::new(),
            rejected: Vec::new(),
            taken: Taken::default(),
            effort: None,
        }
    }

    /// Sorts spans by (start, end, label, id) and relations by id: the canonical on-disk order.
    pub fn normalise_order(&mut self) {
        let in_order = |a: &Span, b: &Span| {
            (a.start, a.end, &a.label, &a.id) <= (b.start, b.end, &b.label, &b.id)
        };
        // Usually already in order (every edit keeps it): checking is one pass, sorting is not.
        if !self.spans.is_sorted_by(in_order) {
            self.spans.sort_by(|a, b| {
                (a.start, a.end, &a.label, &a.id).cmp(&(b.start, b.end, &b.label, &b.id))
            });
        }
        if !self
            .relations
            .is_sorted_by(|a, b| natural_id_key(&a.id) <= natural_id_key(&b.id))
        {
            self.relations.sort_by_key(|r| natural_id_key(&r.id));
        }
    }

    /// The span with id `id`.
    pub fn span(&self, id: &str) -> Option<&Span> {
        self.spans.iter().find(|s| s.id == id)
    }

    /// A span id not used yet: `s<N>` with N one more than the largest in use.
    pub fn next_span_id(&self) -> String {
        format!("s{}", self.next_span_number())
    }

    /// The number of [`Annotation::next_span_id`], for an edit that adds several spans in one
    /// step and numbers them from there.
    pub fn next_span_number(&self) -> u64 {
        next_number("s", self.spans.iter().map(|s| s.id.as_str()))
    }

    /// A relation id not used yet: `r<N>`.
    pub fn next_relation_id(&self) -> String {
        next_id("r", self.relations.iter().map(|r| r.id.as_str()))
    }

    /// Number of spans with label `label`.
    pub fn count_label(&self, label: &str) -> usize {
        self.spans.iter().filter(|s| s.label == label).count()
    }
}

fn natural_id_key(id: &str) -> (String, u64, String) {
    let digits_at = id.trim_end_matches(|c: char| c.is_ascii_digit()).len();
    let (prefix, digits) = id.split_at(digits_at);
    (
        prefix.to_string(),
        digits.parse().unwrap_or(0),
        id.to_string(),
    )
}

fn next_id<'a>(prefix: &str, ids: impl Iterator<Item = &'a str>) -> String {
    format!("{prefix}{}", next_number(prefix, ids))
}

/// One more than the largest number after `prefix` among `ids` (1 when there is none).
fn next_number<'a>(prefix: &str, ids: impl Iterator<Item = &'a str>) -> u64 {
    ids.filter_map(|id| id.strip_prefix(prefix)?.parse::<u64>().ok())
        .max()
        .unwrap_or(0)
        + 1
}

#[cfg(test)]
mod tests;
