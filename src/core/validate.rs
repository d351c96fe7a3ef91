//! `validate`: checks dataset folders and single files against the JSON Schemas and against
//! everything a schema cannot express (offsets, covered text, labels, relations, ids, hashes,
//! overlaps, format version). It reports every problem and never writes.

use super::error::{Error, Result};
use super::fsio;
use super::ids;
use super::labels::LabelSchema;
use super::layout::{self, LABELS_FILE, MANIFEST_FILE};
use super::model::{Annotation, Document, Manifest};
use super::offsets::OffsetMap;
use super::schemas::{FileKind, schema_problems};
use super::store;
use serde::Serialize;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

/// How bad a problem is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The data is invalid.
    Error,
    /// Worth a look, but valid.
    Warning,
}

/// One problem, located by file and JSON pointer.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Problem {
    /// The file.
    pub file: PathBuf,
    /// A JSON pointer into it (empty for the whole file).
    pub pointer: String,
    /// Error or warning.
    pub severity: Severity,
    /// What is wrong and what to do.
    pub message: String,
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let warn = if self.severity == Severity::Warning {
            "warning: "
        } else {
            ""
        };
        if self.pointer.is_empty() {
            write!(f, "{}: {warn}{}", self.file.display(), self.message)
        } else {
            write!(
                f,
                "{}:{}: {warn}{}",
                self.file.display(),
                self.pointer,
                self.message
            )
        }
    }
}

/// The outcome of validating some paths.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Report {
    /// Every problem found, in the order found.
    pub problems: Vec<Problem>,
    /// How many files were read.
    pub files_checked: usize,
}

impl Report {
    /// Number of errors.
    pub fn errors(&self) -> usize {
        self.problems
            .iter()
            .filter(|p| p.severity == Severity::Error)
            .count()
    }

    /// Whether there are no errors.
    pub fn is_valid(&self) -> bool {
        self.errors() == 0
    }

    fn error(&mut self, file: &Path, pointer: impl Into<String>, message: impl Into<String>) {
        self.push(file, pointer, message, Severity::Error);
    }

    fn warning(&mut self, file: &Path, pointer: impl Into<String>, message: impl Into<String>) {
        self.push(file, pointer, message, Severity::Warning);
    }

    fn push(
        &mut self,
        file: &Path,
        pointer: impl Into<String>,
        message: impl Into<String>,
        severity: Severity,
    ) {
        self.problems.push(Problem {
            file: file.to_path_buf(),
            pointer: pointer.into(),
            severity,
            message: message.into(),
        });
    }

    fn add_error(&mut self, err: Error) {
        match err {
            Error::Invalid {
                path,
                pointer,
                message,
            } => self.error(&path, pointer, message),
            Error::NewerFormat { ref path, .. } => {
                let p = path.clone();
                self.error(&p, "/format_version", err.to_string())
            }
            Error::OlderFormat { ref dir, .. } => {
                let p = dir.join(MANIFEST_FILE);
                self.error(&p, "/format_version", err.to_string())
            }
            Error::Conflict(m) => self.error(Path::new("."), "", m),
            Error::Edit(e) => self.error(Path::new("."), "", e.to_string()),
            Error::ReadOnly { path, reason } => self.error(&path, "", reason),
            Error::Io { path, message } => self.error(&path, "", format!("cannot read: {message}")),
            Error::Locked { path } => self.error(&path, "", "locked"),
            Error::Usage(m) => self.error(Path::new("."), "", m),
        }
    }
}

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
    let problems = schema_problems(kind, &value);
    if !problems.is_empty() {
        for (pointer, message) in problems {
            report.error(path, pointer, message);
        }
        return None;
    }
    match serde_json::from_value(value) {
        Ok(t) => Some(t),
        Err(e) => {
            report.error(path, "", format!("does not have the expected shape: {e}"));
            None
        }
    }
}

/// Validates a whole dataset folder.
pub fn validate_dataset(root: &Path, report: &mut Report) {
    let manifest_path = root.join(MANIFEST_FILE);
    let Some(value) = read_value(&manifest_path, report) else {
        return;
    };
    if let Err(e) = store::check_format(&manifest_path, &value) {
        let stop = matches!(e, Error::NewerFormat { .. } | Error::OlderFormat { .. });
        report.add_error(e);
        if stop {
            return;
        }
    }
    let manifest: Option<Manifest> = typed(FileKind::Manifest, &manifest_path, value, report);
    let labels_path = root.join(LABELS_FILE);
    report.files_checked += 1;
    let labels = match store::read_labels(root) {
        Ok(l) => l,
        Err(e) => {
            report.add_error(e);
            report.warning(
                &labels_path,
                "",
                "labels and attributes are checked against the default schema instead",
            );
            LabelSchema::default_schema()
        }
    };
    let Some(manifest) = manifest else { return };

    // Format 2: the documents folder is the list. Every `documents/<id>.json` is a document.
    let _ = manifest;
    let mut docs: HashMap<String, DocInfo> = HashMap::new();
    let mut seen = HashSet::new();
    let mut by_sha: HashMap<String, String> = HashMap::new();
    for path in json_files(&layout::documents_dir(root)) {
        let stem = file_stem(&path);
        if let Some(problem) = ids::id_problem(&stem) {
            report.error(
                &path,
                "",
                format!("the file name is not a document id: {problem}; rename the file"),
            );
            continue;
        }
        seen.insert(stem.clone());
        if let Some(doc) = check_document_file(&path, Some(&stem), report) {
            if let Some(first) = by_sha.get(&doc.sha256) {
                report.warning(
                    &path,
                    "/sha256",
                    format!("has the same text as document {first}; delete one of them"),
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
        for (file, pointer, message) in super::release::verify(&dir) {
            report.error(&file, pointer, message);
        }
    }

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
        if let Some(problem) = ids::id_problem(&annotator) {
            report.error(&dir, "", format!("annotator folder name: {problem}"));
            continue;
        }
        for path in json_files(&dir) {
            let stem = file_stem(&path);
            let doc = docs.get(&stem);
            if doc.is_none() {
                let why = if seen.contains(&stem) {
                    "whose document is invalid"
                } else {
                    "of a document that is not in the dataset (documents/ has no such file)"
                };
                report.error(&path, "", format!("an annotation {why}"));
            }
            check_annotation_file(&path, &labels, doc, Some((&stem, &annotator)), report);
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
        report.error(
            path,
            "/id",
            format!("is {:?} but the file is named {expected}.json", doc.id),
        );
        ok = false;
    }
    let actual = ids::sha256_hex(doc.text.as_bytes());
    if actual != doc.sha256 {
        report.error(path, "/sha256", format!("does not match the text (the text hashes to {actual}); the text was changed after import"));
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
    let conflicts = super::merge::conflict_problems(&value);
    if !conflicts.is_empty() {
        for (pointer, message) in conflicts {
            report.error(path, pointer, message);
        }
        return;
    }
    let Some(ann): Option<Annotation> = typed(FileKind::Annotation, path, value, report) else {
        return;
    };
    if let Some((doc_id, annotator)) = expected {
        if ann.document != doc_id {
            report.error(
                path,
                "/document",
                format!("is {:?} but the file is named {doc_id}.json", ann.document),
            );
        }
        if ann.annotator != annotator {
            report.error(
                path,
                "/annotator",
                format!(
                    "is {:?} but the file is in the folder {annotator}",
                    ann.annotator
                ),
            );
        }
    }
    for (pointer, message) in annotation_problems(
        &ann,
        labels,
        doc.map(|d| (d.text.as_str(), d.sha256.as_str())),
    ) {
        report.error(path, pointer, message);
    }
}

/// Every problem of an annotation that a schema cannot see, as (JSON pointer, message) pairs.
/// `doc` is the document's text and sha256, when known.
pub fn annotation_problems(
    ann: &Annotation,
    labels: &LabelSchema,
    doc: Option<(&str, &str)>,
) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let map = doc.map(|(text, sha)| {
        if ann.document_sha256 != sha {
            out.push((
                "/document_sha256".to_string(),
                "does not match the document's sha256: the offsets refer to another text"
                    .to_string(),
            ));
        }
        (text, OffsetMap::new(text))
    });
    let mut span_ids: HashMap<&str, &str> = HashMap::new();
    let mut keys = HashSet::new();
    for (i, span) in ann.spans.iter().enumerate() {
        let at = |field: &str| format!("/spans/{i}/{field}");
        if let Some(problem) = ids::id_problem(&span.id) {
            out.push((at("id"), problem));
        } else if span_ids.insert(&span.id, &span.label).is_some() {
            out.push((at("id"), format!("span id {:?} is used twice", span.id)));
        }
        let mut offsets_ok = true;
        if span.start >= span.end {
            out.push((
                at("end"),
                format!("end {} must be greater than start {}", span.end, span.start),
            ));
            offsets_ok = false;
        }
        if let Some((text, map)) = &map {
            let len = map.char_count();
            if span.end > len {
                out.push((
                    at("end"),
                    format!(
                        "end {} is beyond the text, which has {len} code points",
                        span.end
                    ),
                ));
                offsets_ok = false;
            }
            if offsets_ok {
                let covered = map.slice(text, span.start, span.end).unwrap_or_default();
                if covered != span.text {
                    out.push((
                        at("text"),
                        format!(
                            "is {:?} but code points {}..{} of the document are {covered:?} (offsets count Unicode code points, end exclusive)",
                            span.text, span.start, span.end
                        ),
                    ));
                }
            }
        }
        match labels.label(&span.label) {
            None => out.push((
                at("label"),
                format!(
                    "unknown label {:?}; labels.ron declares {}",
                    span.label,
                    labels.label_names().join(", ")
                ),
            )),
            Some(def) => {
                for (name, value) in &span.attrs {
                    match def.attributes.iter().find(|a| &a.name == name) {
                        None => out.push((
                            format!("/spans/{i}/attrs/{}", escape_pointer(name)),
                            format!(
                                "label {:?} has no attribute {name:?} in labels.ron",
                                span.label
                            ),
                        )),
                        Some(attr) if !value.is_null() => {
                            if let Some(problem) = attr.kind.problem(value) {
                                out.push((
                                    format!("/spans/{i}/attrs/{}", escape_pointer(name)),
                                    problem,
                                ));
                            }
                        }
                        Some(_) => {}
                    }
                }
            }
        }
        if !keys.insert((span.start, span.end, span.label.as_str())) {
            out.push((
                at("start"),
                format!(
                    "an exact duplicate of another {} span at {}..{}",
                    span.label, span.start, span.end
                ),
            ));
        }
    }
    if !labels.allow_overlap {
        let mut order: Vec<usize> = (0..ann.spans.len()).collect();
        order.sort_by_key(|&i| (ann.spans[i].start, ann.spans[i].end));
        for pair in order.windows(2) {
            let (a, b) = (&ann.spans[pair[0]], &ann.spans[pair[1]]);
            if b.start < a.end {
                out.push((
                    format!("/spans/{}/start", pair[1]),
                    format!(
                        "overlaps span {:?}, and labels.ron sets allow_overlap: false",
                        a.id
                    ),
                ));
            }
        }
    }
    let mut relation_ids = HashSet::new();
    for (i, rel) in ann.relations.iter().enumerate() {
        let at = |field: &str| format!("/relations/{i}/{field}");
        if let Some(problem) = ids::id_problem(&rel.id) {
            out.push((at("id"), problem));
        } else if !relation_ids.insert(rel.id.as_str()) {
            out.push((at("id"), format!("relation id {:?} is used twice", rel.id)));
        }
        let from_label = span_ids.get(rel.from.as_str());
        let to_label = span_ids.get(rel.to.as_str());
        if from_label.is_none() {
            out.push((at("from"), format!("no span has the id {:?}", rel.from)));
        }
        if to_label.is_none() {
            out.push((at("to"), format!("no span has the id {:?}", rel.to)));
        }
        match labels.relation(&rel.kind) {
            None => out.push((at("type"), format!("unknown relation type {:?}", rel.kind))),
            Some(def) => {
                if let (Some(f), Some(t)) = (from_label, to_label)
                    && (*f != def.from || *t != def.to)
                {
                    out.push((
                        at("type"),
                        format!(
                            "{} goes from {} to {}, not from {f} to {t}",
                            def.name, def.from, def.to
                        ),
                    ));
                }
            }
        }
    }
    out
}

fn escape_pointer(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}

/// Validates one file given on its own; finds its dataset (for labels and the document) when it
/// sits in one.
fn validate_single_file(path: &Path, report: &mut Report) {
    let name = file_name(path);
    let parent = path.parent().map(file_name).unwrap_or_default();
    let grandparent = path.parent().and_then(Path::parent);
    if name == MANIFEST_FILE {
        if let Some(value) = read_value(path, report) {
            check_manifest_value(path, value, report);
        }
        return;
    }
    if parent == layout::DOCUMENTS_DIR {
        check_document_file(path, Some(&file_stem(path)), report);
        return;
    }
    if grandparent.map(file_name).as_deref() == Some(layout::ANNOTATIONS_DIR) {
        let root = grandparent
            .and_then(Path::parent)
            .filter(|r| r.join(MANIFEST_FILE).is_file());
        let labels = root
            .and_then(|r| store::read_labels(r).ok())
            .unwrap_or_else(LabelSchema::default_schema);
        let doc = root.and_then(|r| {
            let p = layout::document_file(r, &file_stem(path));
            fsio::read_json::<Document>(&p).ok().map(|d| DocInfo {
                text: d.text,
                sha256: d.sha256,
            })
        });
        let annotator = file_name(path.parent().unwrap_or(Path::new("")));
        let stem = file_stem(path);
        check_annotation_file(
            path,
            &labels,
            doc.as_ref(),
            Some((&stem, &annotator)),
            report,
        );
        return;
    }
    // Anywhere else: decide by content.
    let Some(value) = read_value(path, report) else {
        return;
    };
    report.files_checked -= 1;
    let kind = if value.get("format").is_some() {
        FileKind::Manifest
    } else if value.get("spans").is_some() {
        FileKind::Annotation
    } else if value.get("text").is_some() {
        FileKind::Document
    } else {
        report.files_checked += 1;
        report.error(
            path,
            "",
            "not a biaozhu dataset file (no format, spans or text key)",
        );
        return;
    };
    report.files_checked += 1;
    check_value(
        kind,
        path,
        value,
        &LabelSchema::default_schema(),
        None,
        report,
    );
}

fn check_manifest_value(path: &Path, value: serde_json::Value, report: &mut Report) {
    if let Err(e) = store::check_format(path, &value) {
        report.add_error(e);
        return;
    }
    let _: Option<Manifest> = typed(FileKind::Manifest, path, value, report);
}

/// Checks the bytes of one file of `kind` without touching the disk: the path of the dataset
/// loader that the fuzz target and its seed test drive. `doc` is the document's text and sha256
/// for annotations.
pub fn check_bytes(
    kind: FileKind,
    bytes: &[u8],
    labels: &LabelSchema,
    doc: Option<(&str, &str)>,
) -> Report {
    let path = Path::new("<input>");
    let mut report = Report {
        files_checked: 1,
        ..Report::default()
    };
    let value: serde_json::Value = match fsio::parse_json(path, bytes) {
        Ok(v) => v,
        Err(e) => {
            report.add_error(e);
            return report;
        }
    };
    check_value(kind, path, value, labels, doc, &mut report);
    report
}

/// Checks a parsed file of `kind`: its schema, and what the schema cannot see.
fn check_value(
    kind: FileKind,
    path: &Path,
    value: serde_json::Value,
    labels: &LabelSchema,
    doc: Option<(&str, &str)>,
    report: &mut Report,
) {
    match kind {
        FileKind::Manifest => check_manifest_value(path, value, report),
        FileKind::Document => {
            if let Some(d) = typed::<Document>(kind, path, value, report)
                && ids::sha256_hex(d.text.as_bytes()) != d.sha256
            {
                report.error(path, "/sha256", "does not match the text");
            }
        }
        FileKind::Annotation => {
            if let Some(ann) = typed::<Annotation>(kind, path, value, report) {
                for (pointer, message) in annotation_problems(&ann, labels, doc) {
                    report.error(path, pointer, message);
                }
            }
        }
        FileKind::Record | FileKind::Release => {
            for (pointer, message) in schema_problems(kind, &value) {
                report.error(path, pointer, message);
            }
        }
    }
}
