//! `import-annotations`: reads spans from any export format except `hf` back into a dataset
//! under an annotator name. Records match documents by the sha256 of their text, then by id.
//! Offsets are converted from the format's unit, and a span whose covered text does not match
//! the document is reported and skipped, never shifted.

use super::{Format, ImportedRecord};
use crate::core::error::{Error, Result};
use crate::core::ids::{self, sha256_hex};
use crate::core::model::{Annotation, Attrs, Document, DocumentMeta, Relation, Span, Status};
use crate::core::offsets::{OffsetMap, OffsetUnit};
use crate::core::store::Dataset;
use std::collections::{HashMap, HashSet};
use std::path::Path;

/// What an import did.
#[derive(Debug, Default)]
pub struct ImportReport {
    /// Documents whose annotation was written.
    pub documents: usize,
    /// Spans written.
    pub spans: usize,
    /// Relations written.
    pub relations: usize,
    /// Documents created (`--create-documents`).
    pub created: usize,
    /// Problems: records not matched, spans skipped, and why.
    pub skipped: Vec<String>,
}

/// Reads the records of `path` in `format`. CoNLL needs the dataset to align characters.
pub fn read(ds: &Dataset, format: Format, path: &Path) -> Result<Vec<ImportedRecord>> {
    let bad = |m: String| Error::invalid(path, "", m);
    if format == Format::Brat {
        if !path.is_dir() {
            return Err(Error::Usage(format!(
                "{}: a brat import reads a folder of .txt and .ann files",
                path.display()
            )));
        }
        return super::brat::import_dir(path).map_err(bad);
    }
    let bytes = crate::core::fsio::read_bounded(path, crate::core::fsio::MAX_JSON_BYTES * 4)?;
    match format {
        Format::Jsonl => super::jsonl::import(&bytes).map_err(bad),
        Format::Doccano => super::doccano::import(&bytes).map_err(bad),
        Format::LabelStudio => super::label_studio::import(&bytes).map_err(bad),
        Format::Cluener => super::cluener::import(&bytes).map_err(bad),
        Format::Conll | Format::ConllBioes => {
            let docs = super::conll::import(&bytes).map_err(bad)?;
            docs.into_iter()
                .map(|(id, sentences)| {
                    let doc = ds.document(&id).map_err(|_| bad(format!("document {id:?} of the CoNLL file is not in the dataset (CoNLL carries no text, so it matches by id)")))?;
                    super::conll::align(&id, &doc.text, &sentences).map_err(bad)
                })
                .collect()
        }
        Format::Brat => unreachable!("handled above"),
        Format::Hf => Err(Error::Usage(
            "the hf format is export-only; import the jsonl or conll export instead".into(),
        )),
    }
}

/// Writes the records as `annotator`'s annotations.
pub fn apply(
    ds: &mut Dataset,
    records: Vec<ImportedRecord>,
    annotator: &str,
    unit: OffsetUnit,
    create_documents: bool,
) -> Result<ImportReport> {
    if let Some(problem) = ids::id_problem(annotator) {
        return Err(Error::Usage(format!("annotator name: {problem}")));
    }
    let mut report = ImportReport::default();
    let mut by_sha: HashMap<String, String> = ds
        .manifest
        .documents
        .iter()
        .map(|d| (d.sha256.clone(), d.id.clone()))
        .collect();
    let mut done: HashSet<String> = HashSet::new();
    for (n, rec) in records.into_iter().enumerate() {
        let name = rec
            .id
            .clone()
            .unwrap_or_else(|| format!("record {}", n + 1));
        let matched = rec
            .text
            .as_ref()
            .and_then(|t| by_sha.get(&sha256_hex(t.as_bytes())).cloned())
            .or_else(|| {
                rec.id
                    .clone()
                    .filter(|id| ds.entry(id).is_some() && rec.text.is_none())
            });
        let doc_id = match matched {
            Some(id) => id,
            None if rec.id.as_ref().is_some_and(|id| ds.entry(id).is_some()) => {
                report.skipped.push(format!("{name}: the text differs from document {:?} (its sha256 does not match); not imported", rec.id.as_deref().unwrap_or_default()));
                continue;
            }
            None if create_documents && rec.text.is_some() => {
                let text = rec.text.clone().unwrap_or_default();
                let base = rec
                    .id
                    .clone()
                    .filter(|i| ids::is_safe_id(i))
                    .unwrap_or_else(|| format!("doc-{}", &sha256_hex(text.as_bytes())[..10]));
                let id = ids::unique_id(&base, |c| ds.entry(c).is_some());
                let sha = sha256_hex(text.as_bytes());
                let doc = Document {
                    id: id.clone(),
                    text: text.clone(),
                    sha256: sha.clone(),
                    meta: DocumentMeta {
                        title: text
                            .lines()
                            .next()
                            .unwrap_or_default()
                            .chars()
                            .take(80)
                            .collect(),
                        source_file: format!("import-annotations:{name}"),
                        source_sha256: sha.clone(),
                        encoding: "UTF-8".into(),
                        source_format: "text".into(),
                        importer: crate::core::import::IMPORTER.into(),
                        ..DocumentMeta::default()
                    },
                };
                ds.add_document(&doc, "txt", text.as_bytes())?;
                by_sha.insert(sha, id.clone());
                report.created += 1;
                id
            }
            None => {
                report.skipped.push(format!(
                    "{name}: no document has this text or id; use --create-documents to add it"
                ));
                continue;
            }
        };
        if !done.insert(doc_id.clone()) {
            report.skipped.push(format!(
                "{name}: document {doc_id} appears twice in the input; the first one was used"
            ));
            continue;
        }
        let doc = ds.document(&doc_id)?;
        let map = OffsetMap::new(&doc.text);
        let mut ann = ds
            .annotation(annotator, &doc_id)?
            .filter(|a| a.document_sha256 == doc.sha256)
            .unwrap_or_else(|| Annotation::new(&doc, annotator));
        ann.spans.clear();
        ann.relations.clear();
        ann.status = rec.status.unwrap_or(Status::InProgress);
        let mut id_of: HashMap<String, String> = HashMap::new();
        let mut seen = HashSet::new();
        for s in rec.spans {
            let where_ = format!(
                "{doc_id}: span {} {}..{} {}",
                s.key, s.start, s.end, s.label
            );
            let (Some(start), Some(end)) = (map.to_char(s.start, unit), map.to_char(s.end, unit))
            else {
                report.skipped.push(format!(
                    "{where_}: the offsets are outside the text or inside a character"
                ));
                continue;
            };
            if start >= end {
                report.skipped.push(format!("{where_}: empty or reversed"));
                continue;
            }
            let covered = map.slice(&doc.text, start, end).unwrap_or_default();
            if let Some(t) = &s.text
                && t != covered
            {
                report.skipped.push(format!("{where_}: says it covers {t:?} but the text there is {covered:?}; skipped, not shifted"));
                continue;
            }
            if ds.labels.label(&s.label).is_none() {
                report
                    .skipped
                    .push(format!("{where_}: the label is not in labels.ron"));
                continue;
            }
            if !seen.insert((start, end, s.label.clone())) {
                continue;
            }
            let id = format!("s{}", ann.spans.len() + 1);
            id_of.insert(s.key.clone(), id.clone());
            let attrs: Attrs = s.attrs;
            ann.spans.push(Span {
                id,
                start,
                end,
                label: s.label,
                text: covered.to_string(),
                attrs,
            });
        }
        for (kind, from, to) in rec.relations {
            match (id_of.get(&from), id_of.get(&to), ds.labels.relation(&kind)) {
                (Some(f), Some(t), Some(_)) => {
                    let id = format!("r{}", ann.relations.len() + 1);
                    ann.relations.push(Relation { id, kind, from: f.clone(), to: t.clone() });
                }
                _ => report.skipped.push(format!("{doc_id}: relation {kind} {from} -> {to}: an end was skipped or the type is unknown")),
            }
        }
        report.spans += ann.spans.len();
        report.relations += ann.relations.len();
        report.documents += 1;
        ds.save_annotation(&mut ann)?;
    }
    if report.created > 0 {
        ds.write_manifest()?;
    }
    Ok(report)
}
