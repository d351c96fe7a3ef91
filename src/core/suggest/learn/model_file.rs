//! The model file (format `biaozhu-model`, format_version 3): one line of JSON (format, version,
//! labels, feature configuration, seed, training figures, the span dictionary, the relation model's
//! weights, and the size and sha256 of the body), then a little-endian binary body: the transition
//! weights of each label layer, then the non-zero feature rows as (row index u32, `3 * labels`
//! f32), ascending. Deterministic for a given input and seed; written atomically; every shape is
//! checked on reading, so a truncated or edited file is an error, never a panic.

use super::crf::{Crf, TRANS};
use super::features::{TEMPLATES, WINDOW};
use crate::core::data::error::{Error, Result};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::Path;

/// The value of `format`.
pub const FORMAT: &str = "biaozhu-model";
/// The newest model format this build reads and writes.
pub const FORMAT_VERSION: u32 = 3;
/// The versions of older rounds' models: 1 made with other feature templates, 2 without a
/// relation model (refused with a request to train again).
const OLDER_VERSIONS: [u64; 2] = [1, 2];
/// The largest model file read.
const MAX_BYTES: u64 = 1 << 31;

/// How features are made.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FeatureConfig {
    /// log2 of the number of hashed feature rows.
    pub hash_bits: u32,
    /// Code points on each side of the tagged one that features look at.
    pub window: usize,
    /// The feature templates, in hashing order.
    pub templates: Vec<String>,
}

impl FeatureConfig {
    /// This build's features with `2^hash_bits` rows.
    pub fn current(hash_bits: u32) -> Self {
        FeatureConfig {
            hash_bits,
            window: WINDOW,
            templates: TEMPLATES.iter().map(|t| t.to_string()).collect(),
        }
    }
}

/// What training did.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Training {
    /// Whose annotations.
    pub annotator: String,
    /// Documents trained on.
    pub documents: usize,
    /// Code points trained on.
    pub characters: usize,
    /// Spans trained on.
    pub spans: usize,
    /// Passes over the documents.
    pub epochs: usize,
    /// The seed of the shuffles and the held-out split.
    pub seed: u64,
    /// AdaGrad's learning rate.
    pub learning_rate: f64,
    /// L2 coefficient.
    pub l2: f64,
    /// How strongly training started from the rules (absent in models trained before it
    /// existed, which started from nothing).
    #[serde(default)]
    pub rule_prior: f64,
    /// The share of chains shown without the rules' tags in each epoch (absent in models
    /// trained before it existed: none).
    #[serde(default)]
    pub rule_dropout: f64,
}

/// The body's size and digest.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Body {
    /// Feature rows stored.
    pub rows: usize,
    /// Bytes of the body.
    pub bytes: usize,
    /// Hex SHA-256 of the body.
    pub sha256: String,
}

/// The JSON header line.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Header {
    /// Always "biaozhu-model".
    pub format: String,
    /// 3 (1 was the first round's models, with other feature templates; 2 had no relation
    /// model).
    pub format_version: u32,
    /// What the model is.
    pub kind: String,
    /// The labels, one BIO layer each, in layer order.
    pub labels: Vec<String>,
    /// How features are made.
    pub features: FeatureConfig,
    /// What training did.
    pub training: Training,
    /// The span dictionary per label.
    pub dictionary: BTreeMap<String, Vec<String>>,
    /// The learned linker (absent when the training documents held no relation: the rules
    /// link).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub relations: Option<super::relation_model::RelationModel>,
    /// The binary body.
    pub body: Body,
}

/// The kind string of format_versions 1 to 3.
pub const KIND: &str = "linear-chain CRF per label (BIO), hashed features";

/// The file's bytes.
pub fn to_bytes(header: &Header, crf: &Crf) -> Vec<u8> {
    let k = crf.width();
    let mut body = Vec::new();
    for v in &crf.trans {
        body.extend(v.to_le_bytes());
    }
    let mut rows = 0;
    for (r, row) in crf.w.chunks(k).enumerate() {
        if row.iter().any(|&v| v != 0.0) {
            rows += 1;
            body.extend((r as u32).to_le_bytes());
            for v in row {
                body.extend(v.to_le_bytes());
            }
        }
    }
    let mut header = header.clone();
    header.body = Body {
        rows,
        bytes: body.len(),
        sha256: crate::core::data::ids::sha256_hex(&body),
    };
    let mut out = serde_json::to_vec(&header).expect("the header serialises");
    out.push(b'\n');
    out.extend(body);
    out
}

/// Writes the model atomically.
pub fn write(path: &Path, header: &Header, crf: &Crf) -> Result<()> {
    crate::core::data::fsio::write_atomic(path, &to_bytes(header, crf))
}

/// Reads and checks a model file.
pub fn read(path: &Path) -> Result<(Header, Crf)> {
    let bytes = crate::core::data::fsio::read_bounded(path, MAX_BYTES)?;
    from_bytes(path, &bytes)
}

/// Parses and checks the bytes of a model file; `path` names it in errors.
pub fn from_bytes(path: &Path, bytes: &[u8]) -> Result<(Header, Crf)> {
    let Some(nl) = bytes.iter().position(|&b| b == b'\n') else {
        return Err(bad(
            path,
            "",
            "not a biaozhu model file (no header line; is it truncated?)".into(),
        ));
    };
    let header = parse_header(path, &bytes[..nl])?;
    check_shape(path, &header)?;
    let body = &bytes[nl + 1..];
    check_body(path, &header, body)?;
    let crf = read_body(path, &header, body)?;
    Ok((header, crf))
}

/// An invalid model file: `m` about the part of it at `pointer`.
fn bad(path: &Path, pointer: &str, m: String) -> Error {
    Error::invalid(path, pointer, m)
}

/// Parses the header line: a biaozhu model of a format_version this build reads, of the
/// expected shape.
fn parse_header(path: &Path, line: &[u8]) -> Result<Header> {
    let value: serde_json::Value = serde_json::from_slice(line).map_err(|e| {
        bad(
            path,
            "",
            format!("not a biaozhu model file: the header is not JSON ({e})"),
        )
    })?;
    if value.get("format").and_then(|f| f.as_str()) != Some(FORMAT) {
        return Err(bad(
            path,
            "/format",
            format!("not a biaozhu model file (format is not {FORMAT:?})"),
        ));
    }
    check_version(path, &value)?;
    serde_json::from_value(value).map_err(|e| {
        bad(
            path,
            "",
            format!("the model header does not have the expected shape: {e}"),
        )
    })
}

/// Refuses a header of a newer format_version, of an older round's, or of any other than this
/// build's.
fn check_version(path: &Path, value: &serde_json::Value) -> Result<()> {
    let version = value
        .get("format_version")
        .and_then(|v| v.as_u64())
        .unwrap_or(0);
    if version > FORMAT_VERSION as u64 {
        return Err(Error::NewerFormat {
            path: path.to_path_buf(),
            found: version,
            supported: FORMAT_VERSION,
        });
    }
    if OLDER_VERSIONS.contains(&version) {
        return Err(bad(
            path,
            "/format_version",
            format!(
                "a model of format_version {version}, made by an older biaozhu (with other \
                 features, or without learned relations); train it again with `biaozhu train`"
            ),
        ));
    }
    if version != FORMAT_VERSION as u64 {
        return Err(bad(
            path,
            "/format_version",
            format!("format_version {version} is not one this biaozhu reads ({FORMAT_VERSION})"),
        ));
    }
    Ok(())
}

/// Checks the header's features (this build's, with 8 to 24 hash bits) and its number of labels.
fn check_shape(path: &Path, header: &Header) -> Result<()> {
    if header.features != FeatureConfig::current(header.features.hash_bits) {
        return Err(bad(
            path,
            "/features",
            "the model was made with other features than this biaozhu makes; train it again".into(),
        ));
    }
    let bits = header.features.hash_bits;
    if !(8..=24).contains(&bits) {
        return Err(bad(
            path,
            "/features/hash_bits",
            format!("{bits} is outside 8..=24"),
        ));
    }
    if let Some(problem) = header.relations.as_ref().and_then(|r| r.problem()) {
        return Err(bad(path, "/relations", problem));
    }
    let labels = header.labels.len();
    if labels == 0 || labels > 64 {
        return Err(bad(
            path,
            "/labels",
            format!("{labels} labels; a model has 1 to 64"),
        ));
    }
    Ok(())
}

/// Checks the body against the header: its size, its sha256, and the size its rows take.
fn check_body(path: &Path, header: &Header, body: &[u8]) -> Result<()> {
    if body.len() != header.body.bytes {
        return Err(bad(
            path,
            "/body/bytes",
            format!(
                "the body is {} bytes, the header says {} (is the file truncated?)",
                body.len(),
                header.body.bytes
            ),
        ));
    }
    if crate::core::data::ids::sha256_hex(body) != header.body.sha256 {
        return Err(bad(
            path,
            "/body/sha256",
            "the body does not match its sha256 (the file is damaged)".into(),
        ));
    }
    let labels = header.labels.len();
    let k = 3 * labels;
    let expected = TRANS * labels * 4 + header.body.rows * (4 + 4 * k);
    if body.len() != expected {
        return Err(bad(
            path,
            "/body",
            format!(
                "the body is {} bytes; {} rows of {labels} labels take {expected}",
                body.len(),
                header.body.rows
            ),
        ));
    }
    Ok(())
}

/// Reads the weights of a checked body: the transitions, then the feature rows, which must be
/// in range, ascending, and every weight finite.
fn read_body(path: &Path, header: &Header, body: &[u8]) -> Result<Crf> {
    let labels = header.labels.len();
    let bits = header.features.hash_bits;
    let k = 3 * labels;
    let f32_at =
        |at: usize| f32::from_le_bytes([body[at], body[at + 1], body[at + 2], body[at + 3]]);
    let mut crf = Crf::new(labels, bits);
    for (i, t) in crf.trans.iter_mut().enumerate() {
        *t = f32_at(i * 4);
    }
    let mut at = TRANS * labels * 4;
    let mut last: Option<u32> = None;
    for _ in 0..header.body.rows {
        let r = u32::from_le_bytes([body[at], body[at + 1], body[at + 2], body[at + 3]]);
        if r as usize >= 1usize << bits || last.is_some_and(|l| l >= r) {
            return Err(bad(
                path,
                "/body",
                format!("feature row {r} is out of range or out of order"),
            ));
        }
        last = Some(r);
        at += 4;
        for j in 0..k {
            crf.w[r as usize * k + j] = f32_at(at);
            at += 4;
        }
    }
    if crf.trans.iter().chain(&crf.w).any(|v| !v.is_finite()) {
        return Err(bad(path, "/body", "a weight is not a finite number".into()));
    }
    Ok(crf)
}
