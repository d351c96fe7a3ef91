//! Single files: a file inside a dataset is checked in its dataset's context (labels, its
//! document), as pre-commit passes files; any other file is classified by its content.

use super::*;

/// Validates one file given on its own; finds its dataset (for labels and the document) when it
/// sits in one.
pub(super) fn validate_single_file(path: &Path, report: &mut Report) {
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
        report.misfit(path, "", DatasetMisfit::NotDatasetFile);
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

pub(super) fn check_manifest_value(path: &Path, value: serde_json::Value, report: &mut Report) {
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
pub(super) fn check_value(
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
            if let Some(d) = typed::<Document>(kind, path, value, report) {
                let actual = ids::sha256_hex(d.text.as_bytes());
                if actual != d.sha256 {
                    report.misfit(path, "/sha256", DatasetMisfit::TextChanged { actual });
                }
            }
        }
        FileKind::Annotation => {
            if let Some(ann) = typed::<Annotation>(kind, path, value, report) {
                for (pointer, misfit) in annotation_problems(&ann, labels, doc) {
                    report.misfit(path, pointer, misfit);
                }
            }
        }
        FileKind::Record | FileKind::Release => {
            for (pointer, rule) in schema_rules(kind, &value) {
                report.rule(path, pointer, rule);
            }
        }
    }
}
