//! `validate`: checks dataset folders and single files against the JSON Schemas and against
//! everything a schema cannot express (offsets, covered text, labels, relations, ids, hashes,
//! overlaps, format version). It reports every problem and never writes.

use crate::core::data::error::{Error, Result};
use crate::core::data::fsio;
use crate::core::data::ids;
use crate::core::data::labels::LabelSchema;
use crate::core::data::layout::{self, LABELS_FILE, MANIFEST_FILE};
use crate::core::data::model::{Annotation, Document, Manifest};
use crate::core::data::offsets::OffsetMap;
use crate::core::data::problem::{DatasetMisfit, ProblemKind, SchemaMisfit};
use crate::core::data::store;
use crate::core::exchange::schemas::{FileKind, schema_rules};
use serde::Serialize;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

mod annotation;
mod effort;
mod report;
mod single;
pub use annotation::annotation_problems;

pub use report::*;
pub use single::check_bytes;
use single::*;

/// Validates dataset folders and single files. Fails only when a path does not exist.
pub fn validate_paths(paths: &[PathBuf]) -> Result<Report> {
    let mut report = Report::default();
    for path in paths {
        if path.is_dir() {
            if !path.join(MANIFEST_FILE).is_file() {
                return Err(Error::Usage(format!(
                    "{}: not a dataset folder (no dataset.json); give a dataset folder or JSON files",
                    path.display()
                )));
            }
            validate_dataset(path, &mut report);
        } else if path.is_file() {
            validate_single_file(path, &mut report);
        } else {
            return Err(Error::Io {
                path: path.clone(),
                message: "no such file or folder".into(),
                os: Some(std::io::ErrorKind::NotFound),
            });
        }
    }
    Ok(report)
}

/// What the annotation checks need to know about a document.
struct DocInfo {
    text: String,
    sha256: String,
}

/// Reads a JSON file into a `Value`, reporting read and syntax errors.
fn read_value(path: &Path, report: &mut Report) -> Option<serde_json::Value> {
    report.files_checked += 1;
    match fsio::read_bounded(path, fsio::MAX_JSON_BYTES).and_then(|b| fsio::parse_json(path, &b)) {
        Ok(v) => Some(v),
        Err(e) => {
            report.add_error(e);
            None
        }
    }
}

/// Schema-checks `value` and converts it to `T`; reports and returns `None` on failure.
fn typed<T: serde::de::DeserializeOwned>(
    kind: FileKind,
    path: &Path,
    value: serde_json::Value,
    report: &mut Report,
) -> Option<T> {
    let problems = schema_rules(kind, &value);
    if !problems.is_empty() {
        for (pointer, rule) in problems {
            report.rule(path, pointer, rule);
        }
        return None;
    }
    match serde_json::from_value(value) {
        Ok(t) => Some(t),
        Err(e) => {
            report.misfit(
                path,
                "",
                DatasetMisfit::Unshaped {
                    detail: e.to_string(),
                },
            );
            None
        }
    }
}

/// Validates a whole dataset folder.
pub fn validate_dataset(root: &Path, report: &mut Report) {
    let Some(labels) = check_manifest_and_labels(root, report) else {
        return;
    };
    let docs = check_documents(root, report);
    check_releases(root, report);
    check_annotations(root, &labels, &docs, report);
}

/// Checks dataset.json and reads labels.ron (or the default schema when it cannot be read);
/// returns the labels, or `None` when the manifest is unusable and the check stops there.
fn check_manifest_and_labels(root: &Path, report: &mut Report) -> Option<LabelSchema> {
    let manifest_path = root.join(MANIFEST_FILE);
    let value = read_value(&manifest_path, report)?;
    if let Err(e) = store::check_format(&manifest_path, &value) {
        let stop = matches!(e, Error::NewerFormat { .. } | Error::OlderFormat { .. });
        report.add_error(e);
        if stop {
            return None;
        }
    }
    let manifest: Option<Manifest> = typed(FileKind::Manifest, &manifest_path, value, report);
    let labels_path = root.join(LABELS_FILE);
    report.files_checked += 1;
    let labels = match store::read_labels(root) {
        Ok(l) => l,
        Err(e) => {
            report.add_error(e);
            report.typed(&labels_path, "", ProblemKind::DefaultSchemaInstead);
            LabelSchema::default_schema()
        }
    };
    for (i, label, key, does) in labels.shortcut_clashes() {
        report.typed(
            &labels_path,
            format!("/labels/{i}/key"),
            ProblemKind::Schema(Box::new(SchemaMisfit::KeyIsShortcut {
                label: label.name.clone(),
                key: label.key.clone(),
                app_key: key.to_string(),
                does: does.to_string(),
            })),
        );
    }
    display_name_problems(&labels_path, &labels, report);
    // A manifest that fails its schema stops the check here.
    manifest?;
    // Format 2: the documents folder is the list. Every `documents/<id>.json` is a document.
    Some(labels)
}

/// Reports display names in `labels.ron` that are empty or shown for two things in a locale,
/// each with its line in the file (found by its text; the pointer says which entry).
fn display_name_problems(labels_path: &Path, labels: &LabelSchema, report: &mut Report) {
    let text = std::fs::read_to_string(labels_path).unwrap_or_default();
    let mut seen: HashMap<String, usize> = HashMap::new();
    for p in labels.display_problems() {
        // The entry is `"locale": "name"`: a duplicate is its second (third…) occurrence, an
        // empty one its first, counting the ones reported before.
        let locale = p.pointer.rsplit('/').next().unwrap_or_default();
        let needle = format!("\"{locale}\": \"{}\"", p.shown);
        let nth = seen
            .entry(needle.clone())
            .or_insert(if p.shown.is_empty() { 0 } else { 1 });
        let line = text
            .match_indices(&needle)
            .nth(*nth)
            .map(|(at, _)| text[..at].matches('\n').count() + 1);
        *nth += 1;
        let mut misfit = p.misfit;
        if let SchemaMisfit::DisplayEmpty { line: at, .. }
        | SchemaMisfit::DisplayTwice { line: at, .. } = &mut misfit
        {
            *at = line;
        }
        report.typed(
            labels_path,
            p.pointer,
            ProblemKind::Schema(Box::new(misfit)),
        );
    }
}

/// The documents of a dataset folder, as the annotation checks need them.
struct Documents {
    /// The valid documents by id.
    valid: HashMap<String, DocInfo>,
    /// The id of every document file whose name is an id, valid or not.
    seen: HashSet<String>,
}

/// Checks every `documents/<id>.json` (name, content, duplicate texts); returns the documents.
fn check_documents(root: &Path, report: &mut Report) -> Documents {
    let mut docs: HashMap<String, DocInfo> = HashMap::new();
    let mut seen = HashSet::new();
    let mut by_sha: HashMap<String, String> = HashMap::new();
    for path in json_files(&layout::documents_dir(root)) {
        let stem = file_stem(&path);
        if let Some(problem) = ids::id_problem(&stem) {
            report.misfit(&path, "", DatasetMisfit::FileNameNotId { why: problem });
            continue;
        }
        seen.insert(stem.clone());
        if let Some(doc) = check_document_file(&path, Some(&stem), report) {
            if let Some(first) = by_sha.get(&doc.sha256) {
                report.typed(
                    &path,
                    "/sha256",
                    ProblemKind::SameText {
                        first: first.clone(),
                    },
                );
            } else {
                by_sha.insert(doc.sha256.clone(), stem.clone());
            }
            docs.insert(
                stem,
                DocInfo {
                    text: doc.text,
                    sha256: doc.sha256,
                },
            );
        }
    }
    Documents { valid: docs, seen }
}

/// Verifies every release folder of the dataset against its manifest.
fn check_releases(root: &Path, report: &mut Report) {
    let releases = layout::releases_dir(root);
    let mut release_dirs: Vec<PathBuf> = std::fs::read_dir(&releases)
        .map(|rd| {
            rd.filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.is_dir() && !file_name(p).starts_with('.'))
                .collect()
        })
        .unwrap_or_default();
    release_dirs.sort();
    for dir in release_dirs {
        report.files_checked += 1;
        for problem in crate::core::exchange::release::verify(&dir) {
            report.add(problem);
        }
    }
}

/// Checks every annotator's folder and annotation file against the documents and labels.
fn check_annotations(root: &Path, labels: &LabelSchema, docs: &Documents, report: &mut Report) {
    let ann_root = layout::annotations_dir(root);
    let mut annotator_dirs: Vec<PathBuf> = std::fs::read_dir(&ann_root)
        .map(|rd| {
            rd.filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.is_dir())
                .collect()
        })
        .unwrap_or_default();
    annotator_dirs.sort();
    for dir in annotator_dirs {
        let annotator = file_name(&dir);
        if annotator.starts_with('.') {
            continue;
        }
        if let Err(problem) = crate::core::data::annotators::AnnotatorName::new(&annotator) {
            report.misfit(
                &dir,
                "",
                DatasetMisfit::AnnotatorFolder {
                    why: problem.to_string(),
                },
            );
            continue;
        }
        for path in json_files(&dir) {
            let stem = file_stem(&path);
            let doc = docs.valid.get(&stem);
            if doc.is_none() {
                let document_invalid = docs.seen.contains(&stem);
                report.misfit(&path, "", DatasetMisfit::Orphan { document_invalid });
            }
            check_annotation_file(&path, labels, doc, Some((&stem, &annotator)), report);
        }
    }
}

fn json_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|rd| {
            rd.filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| {
                    p.is_file()
                        && p.extension().is_some_and(|e| e == "json")
                        && !file_name(p).starts_with('.')
                })
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    files
}

fn file_name(p: &Path) -> String {
    p.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

fn file_stem(p: &Path) -> String {
    p.file_stem()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// Checks one document file; returns it when valid.
fn check_document_file(
    path: &Path,
    expected_id: Option<&str>,
    report: &mut Report,
) -> Option<Document> {
    let value = read_value(path, report)?;
    let doc: Document = typed(FileKind::Document, path, value, report)?;
    let mut ok = true;
    if let Some(expected) = expected_id
        && doc.id != expected
    {
        let (id, stem) = (doc.id.clone(), expected.to_string());
        report.misfit(path, "/id", DatasetMisfit::IdNotFileName { id, stem });
        ok = false;
    }
    let actual = ids::sha256_hex(doc.text.as_bytes());
    if actual != doc.sha256 {
        report.misfit(path, "/sha256", DatasetMisfit::TextChanged { actual });
        ok = false;
    }
    ok.then_some(doc)
}

/// Checks one annotation file against its document and the label schema.
fn check_annotation_file(
    path: &Path,
    labels: &LabelSchema,
    doc: Option<&DocInfo>,
    expected: Option<(&str, &str)>,
    report: &mut Report,
) {
    let Some(value) = read_value(path, report) else {
        return;
    };
    let conflicts = crate::core::check::merge::conflict_problems(&value);
    if !conflicts.is_empty() {
        for (pointer, misfit) in conflicts {
            report.misfit(path, pointer, misfit);
        }
        return;
    }
    let Some(ann): Option<Annotation> = typed(FileKind::Annotation, path, value, report) else {
        return;
    };
    if let Some((doc_id, annotator)) = expected {
        if ann.document != doc_id {
            let (id, stem) = (ann.document.clone(), doc_id.to_string());
            report.misfit(path, "/document", DatasetMisfit::IdNotFileName { id, stem });
        }
        if ann.annotator != annotator {
            let misfit = DatasetMisfit::AnnotatorNotFolder {
                annotator: ann.annotator.clone(),
                folder: annotator.to_string(),
            };
            report.misfit(path, "/annotator", misfit);
        }
    }
    for (pointer, misfit) in annotation_problems(
        &ann,
        labels,
        doc.map(|d| (d.text.as_str(), d.sha256.as_str())),
    ) {
        report.misfit(path, pointer, misfit);
    }
}
