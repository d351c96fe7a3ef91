//! `import-annotations`: reads spans from an export back into a dataset under an annotator
//! name, in any format whose [`ExchangeFormat::import`](super::ExchangeFormat::import) has a
//! reader (every format but the export-only `hf`). Records match documents by the sha256 of
//! their text, then by id. Offsets are converted from the format's unit, and a span whose
//! covered text does not match the document is reported and skipped, never shifted.

use super::{Format, ImportedRecord, ImportedSpan, Reader};
use crate::core::data::error::{Error, Result};
use crate::core::data::ids::{self, sha256_hex};
use crate::core::data::labels::RelationMisfit;
use crate::core::data::model::{Annotation, Attrs, Document, DocumentMeta, Relation, Span, Status};
use crate::core::data::offsets::{OffsetMap, OffsetUnit};
use crate::core::data::problem::{
    Location, Place, Problem, ProblemKind, SkippedRelation, SkippedSpan, SpanMisfit,
};
use crate::core::data::store::Dataset;
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
    /// Problems: records not matched, spans and relations skipped, and why.
    pub skipped: Vec<Problem>,
}

/// How `format` reads back; a usage error for an export-only format.
fn reader(format: Format) -> Result<Reader> {
    format
        .import()
        .ok_or_else(|| Error::Usage(super::export_only(format)))
}

/// Reads the records of `path` in `format`. CoNLL needs the dataset to align characters.
pub fn read(ds: &Dataset, format: Format, path: &Path) -> Result<Vec<ImportedRecord>> {
    let mut out = Vec::new();
    let mut push = |rec| {
        out.push(rec);
        Ok(())
    };
    match reader(format)? {
        Reader::Lines(record) => read_lines(path, record, &mut push)?,
        Reader::Stream(stream) => stream(path, &mut push)?,
        Reader::Whole(read) => return read(ds, path),
    }
    Ok(out)
}

/// Reads `path` in `format` and writes every record through `applier`. Line-based formats
/// (jsonl, doccano, cluener) and streaming ones (Label Studio's JSON list) are read one record
/// at a time; the others are read whole.
pub fn import_path(applier: &mut Applier, format: Format, path: &Path) -> Result<()> {
    match reader(format)? {
        Reader::Lines(record) => pipelined(applier, move |sink| read_lines(path, record, sink)),
        Reader::Stream(stream) => pipelined(applier, move |sink| stream(path, sink)),
        Reader::Whole(read) => {
            for rec in read(applier.ds, path)? {
                applier.add(rec)?;
            }
            Ok(())
        }
    }
}

/// Runs `produce` (the parsing of a streamed input) on its own thread and applies each record
/// it hands over on this one, so that parsing and writing share the cores. At most a few
/// records wait between the two, so memory stays bounded. The first error of either side
/// stops both and is returned.
fn pipelined(
    applier: &mut Applier,
    produce: impl FnOnce(&mut dyn FnMut(ImportedRecord) -> Result<()>) -> Result<()> + Send,
) -> Result<()> {
    let (send, receive) = std::sync::mpsc::sync_channel::<ImportedRecord>(64);
    std::thread::scope(|scope| {
        let parser = scope.spawn(move || {
            produce(&mut |rec| {
                send.send(rec)
                    .map_err(|_| Error::Usage("the import stopped".into()))
            })
        });
        let mut applied = Ok(());
        for rec in receive.iter() {
            applied = applier.add(rec);
            if applied.is_err() {
                break;
            }
        }
        // Dropping the receiver makes the parser's next send fail, so it stops too.
        drop(receive);
        let parsed = parser.join().expect("the parser thread does not panic");
        applied?;
        parsed
    })
}

/// Streams the JSON Lines file `path`: each non-blank line parsed, made a record by `record`
/// and handed to `sink`. An error names the file and line, as `FILE:LINE: message`.
fn read_lines(
    path: &Path,
    record: fn(usize, serde_json::Value) -> std::result::Result<ImportedRecord, Problem>,
    sink: &mut dyn FnMut(ImportedRecord) -> Result<()>,
) -> Result<()> {
    use std::io::BufRead;
    let bad = |n: usize, m: String| Problem::on_line(n + 1, m).in_file(path);
    let file = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
    let reader = std::io::BufReader::with_capacity(1 << 20, file);
    for (n, line) in reader.lines().enumerate() {
        let line = line.map_err(|e| bad(n, e.to_string()))?;
        if line.trim().is_empty() {
            continue;
        }
        let value = serde_json::from_str(&line).map_err(|e| bad(n, e.to_string()))?;
        let mut rec = record(n + 1, value).map_err(|p| p.in_file(path))?;
        rec.origin = Some(Location::line(n + 1).in_file(path));
        sink(rec)?;
    }
    Ok(())
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
        crate::core::data::annotators::AnnotatorName::parse(annotator)?;
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
        let name = match &rec.id {
            Some(id) => Place::Record(id.clone()),
            None => Place::RecordNumber(self.records),
        };
        let Some((doc_id, created)) = self.document_for(&rec, &name)? else {
            return Ok(());
        };
        if !self.done.insert(doc_id.clone()) {
            self.skip(name, ProblemKind::RecordTwice { document: doc_id });
            return Ok(());
        }
        let doc = match created {
            Some(doc) => doc,
            None => self.ds.document(&doc_id)?,
        };
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
        // The label of every span key in the input, to name what a relation's end is.
        let rec_spans: HashMap<String, String> = rec
            .spans
            .iter()
            .map(|s| (s.key.clone(), s.label.clone()))
            .collect();
        let id_of = self.add_spans(&mut ann, &doc, &doc_id, rec.spans);
        let at = rec.origin.clone().unwrap_or_else(|| name.into());
        self.add_relations(&mut ann, &doc_id, &at, rec.relations, &rec_spans, &id_of);
        self.count_and_stage(before, ann)
    }

    /// The document `rec` belongs to (by the sha256 of its text, else by its id when it has no
    /// text), or a new one made from its text with `--create-documents`, which is returned
    /// too. `None` when there is none; the reason is in the report.
    fn document_for(
        &mut self,
        rec: &ImportedRecord,
        name: &Place,
    ) -> Result<Option<(String, Option<Document>)>> {
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
        match matched {
            Some(id) => Ok(Some((id, None))),
            None if rec
                .id
                .as_ref()
                .is_some_and(|id| self.ds.entry(id).is_some()) =>
            {
                let document = rec.id.clone().unwrap_or_default();
                self.skip(name.clone(), ProblemKind::TextDiffers { document });
                Ok(None)
            }
            None if self.create_documents && rec.text.is_some() => {
                let doc = self.create_document(rec, name)?;
                Ok(Some((doc.id.clone(), Some(doc))))
            }
            None => {
                self.skip(name.clone(), ProblemKind::NoDocument);
                Ok(None)
            }
        }
    }

    /// Adds a document made from `rec`'s text (`--create-documents`), under its id when that is
    /// safe and free, else under an id made from the text's sha256.
    fn create_document(&mut self, rec: &ImportedRecord, name: &Place) -> Result<Document> {
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
                importer: crate::core::data::ingest::IMPORTER.into(),
                ..DocumentMeta::default()
            },
        };
        self.ds.add_document(doc.clone(), "txt", text.as_bytes())?;
        self.report.created += 1;
        Ok(doc)
    }

    /// Adds the record's spans that fit `doc` to `ann` (once each), reporting the others;
    /// returns the id in `ann` of every input span key kept.
    fn add_spans(
        &mut self,
        ann: &mut Annotation,
        doc: &Document,
        doc_id: &str,
        spans: Vec<ImportedSpan>,
    ) -> HashMap<String, String> {
        let map = OffsetMap::new(&doc.text);
        let mut id_of: HashMap<String, String> = HashMap::new();
        let mut seen: HashMap<(usize, usize, String), String> = HashMap::new();
        for s in spans {
            let misfit = |why| Problem {
                at: Place::Document(doc_id.to_string()).into(),
                kind: ProblemKind::SpanSkipped(Box::new(SkippedSpan {
                    key: s.key.clone(),
                    start: s.start,
                    end: s.end,
                    label: s.label.clone(),
                    why,
                })),
            };
            let (Some(start), Some(end)) = (
                map.to_char(s.start, self.unit),
                map.to_char(s.end, self.unit),
            ) else {
                self.report.skipped.push(misfit(SpanMisfit::Outside));
                continue;
            };
            if start >= end {
                self.report
                    .skipped
                    .push(misfit(SpanMisfit::EmptyOrReversed));
                continue;
            }
            let covered = map.slice(&doc.text, start, end).unwrap_or_default();
            if let Some(t) = &s.text
                && t != covered
            {
                self.report.skipped.push(misfit(SpanMisfit::TextDiffers {
                    said: t.clone(),
                    covered: covered.to_string(),
                }));
                continue;
            }
            if self.ds.labels.label(&s.label).is_none() {
                self.report.skipped.push(misfit(SpanMisfit::UnknownLabel));
                continue;
            }
            if let Some(same) = seen.get(&(start, end, s.label.clone())) {
                // A repeated span is one span: relations to either copy go to it.
                id_of.insert(s.key.clone(), String::clone(same));
                continue;
            }
            let id = format!("s{}", ann.spans.len() + 1);
            id_of.insert(s.key.clone(), id.clone());
            seen.insert((start, end, s.label.clone()), id.clone());
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
        id_of
    }

    /// Adds the record's relations whose type and ends fit to `ann`, reporting the others
    /// (`at` is where the record was read, or its name; `input_labels` and `id_of` are the
    /// input spans' labels and the ids of the kept ones, by input span key).
    fn add_relations(
        &mut self,
        ann: &mut Annotation,
        doc_id: &str,
        at: &Location,
        relations: Vec<(String, String, String)>,
        input_labels: &HashMap<String, String>,
        id_of: &HashMap<String, String>,
    ) {
        for (kind, from, to) in relations {
            let problem = relation_problem(&self.ds.labels, &kind, &from, &to, input_labels, id_of);
            match (problem, id_of.get(&from), id_of.get(&to)) {
                (None, Some(f), Some(t)) => {
                    let id = format!("r{}", ann.relations.len() + 1);
                    ann.relations.push(Relation {
                        id,
                        kind,
                        from: f.clone(),
                        to: t.clone(),
                        confidence: None,
                    });
                }
                (problem, _, _) => self.skip(
                    at.clone(),
                    ProblemKind::RelationSkipped(Box::new(SkippedRelation {
                        document: doc_id.to_string(),
                        relation: kind,
                        from,
                        to,
                        why: problem.unwrap_or_default(),
                    })),
                ),
            }
        }
    }

    /// Reports a record, span or relation of the input as skipped, at `at`, for `kind`.
    fn skip(&mut self, at: impl Into<Location>, kind: ProblemKind) {
        self.report.skipped.push(Problem {
            at: at.into(),
            kind,
        });
    }

    /// Counts the written annotation in the report and stages it, unless it is what `before`
    /// already had.
    fn count_and_stage(&mut self, before: Option<Annotation>, mut ann: Annotation) -> Result<()> {
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

/// What is wrong with a relation of the input, if anything: an unknown type, an end that is
/// not a span of the record (or one that was skipped), or ends whose labels do not fit the type.
fn relation_problem(
    labels: &crate::core::data::labels::LabelSchema,
    kind: &str,
    from: &str,
    to: &str,
    input_labels: &HashMap<String, String>,
    kept: &HashMap<String, String>,
) -> Option<String> {
    if labels.relation(kind).is_none() {
        return Some(RelationMisfit::UnknownType(kind.to_string()).to_string());
    }
    for (role, key) in [("from", from), ("to", to)] {
        if !input_labels.contains_key(key) {
            return Some(format!("no span {key:?} in this record ({role} end)"));
        }
        if !kept.contains_key(key) {
            return Some(format!("its {role} end {key:?} was skipped"));
        }
    }
    labels
        .check_relation(kind, &input_labels[from], &input_labels[to])
        .err()
        .map(|misfit| format!("{misfit} ({from:?} to {to:?})"))
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
