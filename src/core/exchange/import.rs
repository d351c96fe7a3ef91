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

/// Reads `path` in `format` and writes every record through `applier`. The JSONL formats
/// (jsonl, doccano, cluener) and Label Studio's JSON list are streamed one record at a time;
/// the others are read whole. A Label Studio export folder is read through the tasks file in it.
pub fn import_path(applier: &mut Applier, format: Format, path: &Path) -> Result<()> {
    let bad = |m: String| Error::invalid(path, "", m);
    let line_record: Option<fn(usize, serde_json::Value) -> Result<ImportedRecord, String>> =
        match format {
            Format::Jsonl => Some(super::jsonl::record),
            Format::Doccano => Some(super::doccano::record),
            Format::Cluener => Some(super::cluener::record),
            _ => None,
        };
    if let Some(record) = line_record {
        let file = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
        let reader = std::io::BufReader::with_capacity(1 << 20, file);
        use std::io::BufRead;
        for (n, line) in reader.lines().enumerate() {
            let line = line.map_err(|e| bad(format!("line {}: {e}", n + 1)))?;
            if line.trim().is_empty() {
                continue;
            }
            let value =
                serde_json::from_str(&line).map_err(|e| bad(format!("line {}: {e}", n + 1)))?;
            applier.add(record(n + 1, value).map_err(bad)?)?;
        }
        return Ok(());
    }
    if format == Format::LabelStudio {
        let tasks = label_studio_tasks_file(path)?;
        let file = std::fs::File::open(&tasks).map_err(|e| Error::io(&tasks, e))?;
        let mut failed: Option<Error> = None;
        let outcome = super::label_studio::stream(file, &mut |rec| {
            applier.add(rec).map_err(|e| {
                let m = e.to_string();
                failed = Some(e);
                m
            })
        });
        if let Some(e) = failed {
            return Err(e);
        }
        return outcome.map_err(|m| Error::invalid(&tasks, "", m));
    }
    for rec in read(applier.ds, format, path)? {
        applier.add(rec)?;
    }
    Ok(())
}

/// The tasks file of a Label Studio import: `path` itself, or the one JSON file in the folder
/// that `biaozhu export --format label-studio` writes (beside `labeling_config.xml`).
fn label_studio_tasks_file(path: &Path) -> Result<std::path::PathBuf> {
    if !path.is_dir() {
        return Ok(path.to_path_buf());
    }
    let mut json: Vec<std::path::PathBuf> = std::fs::read_dir(path)
        .map_err(|e| Error::io(path, e))?
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    json.sort();
    match json.len() {
        1 => Ok(json.remove(0)),
        0 => Err(Error::Usage(format!(
            "{}: this folder has no .json tasks file; give the tasks file of the Label Studio export",
            path.display()
        ))),
        _ => Err(Error::Usage(format!(
            "{}: this folder has several .json files ({}); give the tasks file to import",
            path.display(),
            json.iter()
                .filter_map(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
                .collect::<Vec<_>>()
                .join(", ")
        ))),
    }
}

/// Writes records as an annotator's annotations, one record at a time, so that a streamed
/// input never sits in memory whole. Writes are staged and made durable in batches; call
/// [`Applier::finish`] to commit the last batch.
pub struct Applier<'a> {
    ds: &'a mut Dataset,
    annotator: String,
    unit: OffsetUnit,
    create_documents: bool,
    progress: &'a mut dyn FnMut(usize),
    report: ImportReport,
    done: HashSet<String>,
    records: usize,
}

impl<'a> Applier<'a> {
    /// An applier writing as `annotator`; `progress` hears the count of documents done.
    pub fn new(
        ds: &'a mut Dataset,
        annotator: &str,
        unit: OffsetUnit,
        create_documents: bool,
        progress: &'a mut dyn FnMut(usize),
    ) -> Result<Self> {
        if let Some(problem) = ids::id_problem(annotator) {
            return Err(Error::Usage(format!("annotator name: {problem}")));
        }
        // Nothing is renamed into place until the whole input has been read: a bad record
        // late in a file leaves the dataset as it was.
        ds.hold_commits(true);
        Ok(Applier {
            ds,
            annotator: annotator.to_string(),
            unit,
            create_documents,
            progress,
            report: ImportReport::default(),
            done: HashSet::new(),
            records: 0,
        })
    }

    /// Writes one record.
    pub fn add(&mut self, rec: ImportedRecord) -> Result<()> {
        self.records += 1;
        let name = rec
            .id
            .clone()
            .unwrap_or_else(|| format!("record {}", self.records));
        let mut created: Option<Document> = None;
        let matched = rec
            .text
            .as_ref()
            .and_then(|t| self.ds.document_with_sha(&sha256_hex(t.as_bytes())))
            .map(str::to_string)
            .or_else(|| {
                rec.id
                    .clone()
                    .filter(|id| self.ds.entry(id).is_some() && rec.text.is_none())
            });
        let doc_id = match matched {
            Some(id) => id,
            None if rec
                .id
                .as_ref()
                .is_some_and(|id| self.ds.entry(id).is_some()) =>
            {
                self.report.skipped.push(format!("{name}: the text differs from document {:?} (its sha256 does not match); not imported", rec.id.as_deref().unwrap_or_default()));
                return Ok(());
            }
            None if self.create_documents && rec.text.is_some() => {
                let text = rec.text.clone().unwrap_or_default();
                let base = rec
                    .id
                    .clone()
                    .filter(|i| ids::is_safe_id(i))
                    .unwrap_or_else(|| format!("doc-{}", &sha256_hex(text.as_bytes())[..10]));
                let id = self.ds.unused_document_id(&base);
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
                self.ds.add_document(doc.clone(), "txt", text.as_bytes())?;
                created = Some(doc);
                self.report.created += 1;
                id
            }
            None => {
                self.report.skipped.push(format!(
                    "{name}: no document has this text or id; use --create-documents to add it"
                ));
                return Ok(());
            }
        };
        if !self.done.insert(doc_id.clone()) {
            self.report.skipped.push(format!(
                "{name}: document {doc_id} appears twice in the input; the first one was used"
            ));
            return Ok(());
        }
        let doc = match created {
            Some(doc) => doc,
            None => self.ds.document(&doc_id)?,
        };
        let map = OffsetMap::new(&doc.text);
        let before = self
            .ds
            .annotation(&self.annotator, &doc_id)?
            .filter(|a| a.document_sha256 == doc.sha256);
        let mut ann = before
            .clone()
            .unwrap_or_else(|| Annotation::new(&doc, &self.annotator));
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
            let (Some(start), Some(end)) = (
                map.to_char(s.start, self.unit),
                map.to_char(s.end, self.unit),
            ) else {
                self.report.skipped.push(format!(
                    "{where_}: the offsets are outside the text or inside a character"
                ));
                continue;
            };
            if start >= end {
                self.report
                    .skipped
                    .push(format!("{where_}: empty or reversed"));
                continue;
            }
            let covered = map.slice(&doc.text, start, end).unwrap_or_default();
            if let Some(t) = &s.text
                && t != covered
            {
                self.report.skipped.push(format!("{where_}: says it covers {t:?} but the text there is {covered:?}; skipped, not shifted"));
                continue;
            }
            if self.ds.labels.label(&s.label).is_none() {
                self.report
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
            match (id_of.get(&from), id_of.get(&to), self.ds.labels.relation(&kind)) {
            (Some(f), Some(t), Some(_)) => {
                let id = format!("r{}", ann.relations.len() + 1);
                ann.relations.push(Relation { id, kind, from: f.clone(), to: t.clone() });
            }
            _ => self.report.skipped.push(format!("{doc_id}: relation {kind} {from} -> {to}: an end was skipped or the type is unknown")),
        }
        }
        self.report.spans += ann.spans.len();
        self.report.relations += ann.relations.len();
        self.report.documents += 1;
        (self.progress)(self.report.documents);
        // Importing the same file again changes nothing, so it writes nothing.
        let unchanged = before.as_ref().is_some_and(|b| {
            b.spans == ann.spans && b.relations == ann.relations && b.status == ann.status
        });
        if !unchanged {
            self.ds.stage_annotation(&mut ann)?;
        }
        Ok(())
    }

    /// Commits the last batch and returns what was done.
    pub fn finish(self) -> Result<ImportReport> {
        self.ds.hold_commits(false);
        self.ds.commit()?;
        Ok(self.report)
    }
}

/// Writes the records as `annotator`'s annotations.
pub fn apply(
    ds: &mut Dataset,
    records: Vec<ImportedRecord>,
    annotator: &str,
    unit: OffsetUnit,
    create_documents: bool,
    progress: &mut dyn FnMut(usize),
) -> Result<ImportReport> {
    let mut applier = Applier::new(ds, annotator, unit, create_documents, progress)?;
    for rec in records {
        applier.add(rec)?;
    }
    applier.finish()
}
