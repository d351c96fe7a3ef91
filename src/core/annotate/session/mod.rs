//! An editing session: one annotator working through a dataset, one document at a time.
//!
//! Every change goes through `Session::apply` (an `Edit` with an inverse), is saved atomically
//! before the call returns (write-through), and is rolled back when the save fails, so the screen
//! never shows what the disk does not hold. Undo and redo histories are kept per document for the
//! whole session. The app, the tests and scripts all drive this same type.

mod edits;
mod effort;
mod review;
mod suggestions;

use crate::core::annotate::edit::{Edit, History};
use crate::core::annotate::selection::Selection;
use crate::core::data::error::{Error, Result};
use crate::core::data::fsio;
use crate::core::data::model::{Annotation, Document, Span, Status};
use crate::core::data::offsets::OffsetMap;
use crate::core::data::problem::ProblemKind;
use crate::core::data::store::Dataset;
use std::collections::HashMap;
use std::path::Path;

/// Why the open document's annotation cannot be edited; its `Display` is the command line's
/// English (the app says it in the window's language).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LockedReason {
    /// The annotation was made on another version of the text (its `document_sha256` differs).
    OtherVersion,
    /// The annotation file could not be read (the error's text, and the problem in parts when
    /// it is known, as when the file does not parse); it is left as it is.
    Unreadable {
        error: String,
        typed: Option<Box<ProblemKind>>,
    },
}

impl std::fmt::Display for LockedReason {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            LockedReason::OtherVersion => f.write_str(
                "the annotation was made on another version of this text (document_sha256 differs); it is shown read-only",
            ),
            LockedReason::Unreadable { error, .. } => write!(
                f,
                "{error}; the file is left as it is and this document is read-only"
            ),
        }
    }
}

/// The open document of a session.
#[derive(Debug)]
pub struct OpenDocument {
    /// Its position in the dataset's document order.
    pub index: usize,
    /// The document.
    pub doc: Document,
    /// Offsets over its text.
    pub map: OffsetMap,
    /// The annotator's annotation (empty when there is no file yet).
    pub ann: Annotation,
    /// Why the annotation cannot be edited, when it cannot.
    pub locked_reason: Option<LockedReason>,
    /// Spans of the suggestion annotators (`model-rules`, or the two sides of a review) for
    /// this text, sorted.
    pub suggestions: Vec<Span>,
    /// For each suggestion, the annotators that have it (both sides: they agree).
    pub suggestion_origins: Vec<Vec<String>>,
    /// The relations of the suggestion annotators, by their ends.
    pub suggested_relations: Vec<crate::core::annotate::pending_relations::SuggestedRelation>,
    /// The links a model in memory suggests over the annotator's spans and the suggested ones
    /// ([`Session::set_memory_relations`]), by their ends.
    pub memory_relations: Vec<crate::core::annotate::pending_relations::SuggestedRelation>,
    /// Effort added since the annotation was last written ([`Session::add_effort`]); it goes
    /// into the file with the next save.
    pub pending_effort: crate::core::data::model::Effort,
}

/// Per-document figures for the document list.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct DocSummary {
    /// Status of the annotator's work.
    pub status: Status,
    /// Number of spans.
    pub spans: usize,
}

/// One annotator's session over one dataset.
#[derive(Debug)]
pub struct Session {
    /// The dataset.
    pub dataset: Dataset,
    /// Who is annotating.
    pub annotator: String,
    /// The open document.
    pub current: Option<OpenDocument>,
    /// Status and span count of every document, by position in the document order.
    pub summaries: Vec<DocSummary>,
    /// The annotators whose spans are shown as suggestions: `model-rules` by default, the two
    /// sides in a review.
    pub suggestion_sources: Vec<String>,
    /// Suggestions whose `attrs.confidence` is below this are not offered (spans without a
    /// confidence, such as the rules', always are).
    pub min_confidence: f64,
    /// The two annotators under review, when this session adjudicates them into its annotator
    /// ([`Session::open_review`]).
    pub review: Option<(String, String)>,
    histories: HashMap<String, History>,
}

impl Session {
    /// Opens `dir` for `annotator`. When another process holds the write lock, the session is
    /// read-only (`is_read_only`).
    pub fn open(dir: &Path, annotator: &str) -> Result<Session> {
        Self::open_with_suggestions(
            dir,
            annotator,
            vec![crate::core::data::annotators::RULES_ANNOTATOR.into()],
        )
    }

    /// `open`, showing the spans of `sources` as suggestions (the two sides of a review).
    pub fn open_with_suggestions(
        dir: &Path,
        annotator: &str,
        sources: Vec<String>,
    ) -> Result<Session> {
        crate::core::data::annotators::AnnotatorName::parse(annotator)?;
        let mut dataset = Dataset::open(dir)?;
        dataset.try_lock()?;
        let mut session = Session {
            dataset,
            annotator: annotator.to_string(),
            current: None,
            summaries: Vec::new(),
            suggestion_sources: sources,
            min_confidence: 0.0,
            review: None,
            histories: HashMap::new(),
        };
        session.refresh_summaries();
        if !session.dataset.documents().is_empty() {
            session.go_to(0)?;
        }
        Ok(session)
    }

    /// Whether another process is writing the dataset, so this session cannot.
    pub fn is_read_only(&self) -> bool {
        !self.dataset.is_writable()
    }

    /// Re-reads every document's status and span count, on every core (only those two fields
    /// are read from each file).
    pub fn refresh_summaries(&mut self) {
        let dataset = &self.dataset;
        let annotator = self.annotator.as_str();
        self.summaries = crate::core::data::parallel::map(dataset.documents(), |e| {
            dataset
                .annotation_summary(annotator, &e.id)
                .map(|(status, spans)| DocSummary { status, spans })
                .unwrap_or_default()
        });
    }

    /// Opens the document at position `index` of the document order, after writing the pending
    /// effort of the document it leaves (a failure there never keeps the next one from opening).
    pub fn go_to(&mut self, index: usize) -> Result<()> {
        if index >= self.dataset.documents().len() {
            return Err(Error::Usage(format!("no document at position {index}")));
        }
        let _ = self.flush_effort();
        let entry = self
            .dataset
            .documents()
            .get(index)
            .ok_or_else(|| Error::Usage(format!("no document at position {index}")))?;
        let doc = self.dataset.document(&entry.id)?;
        let (ann, locked_reason) = match self.dataset.annotation(&self.annotator, &doc.id) {
            Ok(Some(ann)) if ann.document_sha256 == doc.sha256 => (ann, None),
            Ok(Some(ann)) => (ann, Some(LockedReason::OtherVersion)),
            Ok(None) => (Annotation::new(&doc, &self.annotator), None),
            Err(e) => (
                Annotation::new(&doc, &self.annotator),
                Some(LockedReason::Unreadable {
                    error: e.to_string(),
                    typed: match e {
                        Error::Invalid { typed, .. } => typed,
                        _ => None,
                    },
                }),
            ),
        };
        let map = OffsetMap::new(&doc.text);
        let found = suggestions::collect(
            &self.dataset,
            &self.suggestion_sources,
            &self.annotator,
            &doc,
        );
        self.current = Some(OpenDocument {
            index,
            doc,
            map,
            ann,
            locked_reason,
            suggestions: found.spans,
            suggestion_origins: found.origins,
            suggested_relations: found.relations,
            memory_relations: Vec::new(),
            pending_effort: Default::default(),
        });
        Ok(())
    }

    /// The open document's id.
    pub fn current_id(&self) -> Option<&str> {
        self.current.as_ref().map(|c| c.doc.id.as_str())
    }

    /// Applies an edit to the open document and saves it before returning. On any error the
    /// annotation is as it was.
    pub fn apply(&mut self, edit: Edit) -> Result<()> {
        self.apply_selecting(edit, Selection::default(), Selection::default())
    }

    /// Applies `edit` as [`Session::apply`], recording the selection `before` it and the one
    /// it leaves (`after`), which undo and redo give back.
    pub fn apply_selecting(
        &mut self,
        edit: Edit,
        before: Selection,
        after: Selection,
    ) -> Result<()> {
        self.check_writable()?;
        let Some(cur) = self.current.as_mut() else {
            return Err(Error::Usage("no document is open".into()));
        };
        // A relation is written only between spans whose labels its type joins.
        if let Some(rel) = edits::misfit_relation(&edit, &cur.ann, &self.dataset.labels) {
            return Err(Error::Usage(format!(
                "a {} relation cannot join {} and {} (see the relations in labels.ron)",
                rel.kind, rel.from, rel.to
            )));
        }
        let history = self.histories.entry(cur.doc.id.clone()).or_default();
        history.apply(
            &edit,
            &mut cur.ann,
            &cur.doc.text,
            &cur.map,
            (before, after),
        )?;
        if let Err(e) = save(&self.dataset, cur) {
            let _ = history.undo(&mut cur.ann, &cur.doc.text, &cur.map);
            history.drop_last();
            return Err(e);
        }
        self.sync_summary();
        Ok(())
    }

    /// Undoes the last edit of the open document; returns the selection from before that edit,
    /// or `None` when there was nothing to undo.
    pub fn undo(&mut self) -> Result<Option<Selection>> {
        self.step(true)
    }

    /// Redoes the last undone edit of the open document; returns the selection that edit left,
    /// or `None` when there was nothing to redo.
    pub fn redo(&mut self) -> Result<Option<Selection>> {
        self.step(false)
    }

    fn step(&mut self, undo: bool) -> Result<Option<Selection>> {
        self.check_writable()?;
        let Some(cur) = self.current.as_mut() else {
            return Ok(None);
        };
        let history = self.histories.entry(cur.doc.id.clone()).or_default();
        let stepped = if undo {
            history.undo(&mut cur.ann, &cur.doc.text, &cur.map)
        } else {
            history.redo(&mut cur.ann, &cur.doc.text, &cur.map)
        }?;
        if stepped.is_some()
            && let Err(e) = save(&self.dataset, cur)
        {
            // Put the annotation back as the disk holds it.
            let _ = if undo {
                history.redo(&mut cur.ann, &cur.doc.text, &cur.map)
            } else {
                history.undo(&mut cur.ann, &cur.doc.text, &cur.map)
            };
            return Err(e);
        }
        self.sync_summary();
        Ok(stepped)
    }

    /// Saves the open annotation again (Ctrl+S); edits are saved already, so this only rewrites
    /// (with the pending effort).
    pub fn save_now(&mut self) -> Result<()> {
        self.check_writable()?;
        if let Some(cur) = self.current.as_mut()
            && (!cur.ann.spans.is_empty() || cur.ann.status != Status::Todo)
        {
            save(&self.dataset, cur)?;
        } else {
            self.flush_effort()?;
        }
        Ok(())
    }

    /// How many steps the open document can undo and redo.
    pub fn history_depth(&self) -> (usize, usize) {
        self.current_id()
            .and_then(|id| self.histories.get(id))
            .map_or((0, 0), |h| (h.undo_len(), h.redo_len()))
    }

    fn check_writable(&self) -> Result<()> {
        if self.is_read_only() {
            return Err(Error::Locked {
                path: self.dataset.root().to_path_buf(),
            });
        }
        if let Some(reason) = self.current.as_ref().and_then(|c| c.locked_reason.as_ref()) {
            return Err(Error::ReadOnly {
                path: self.dataset.root().to_path_buf(),
                reason: reason.to_string(),
            });
        }
        Ok(())
    }

    fn sync_summary(&mut self) {
        if let Some(cur) = &self.current
            && let Some(s) = self.summaries.get_mut(cur.index)
        {
            *s = DocSummary {
                status: cur.ann.status,
                spans: cur.ann.spans.len(),
            };
        }
    }
}

fn save(dataset: &Dataset, cur: &mut OpenDocument) -> Result<()> {
    // The screen holds the annotation in the order the file has (an undo may put a relation
    // back at the end); edits refer to ids, so the order is free to change.
    cur.ann.normalise_order();
    let mut copy = cur.ann.clone();
    effort::with_pending(cur, &mut copy);
    dataset.save_annotation(&mut copy)?;
    cur.ann.revision = copy.revision;
    cur.ann.updated = copy.updated;
    cur.ann.effort = copy.effort;
    cur.pending_effort = Default::default();
    Ok(())
}

/// Reads an annotation file as it is on disk (for checks that the screen and the disk agree).
pub fn read_annotation_file(
    dataset: &Dataset,
    annotator: &str,
    id: &str,
) -> Result<Option<Annotation>> {
    let path = dataset.annotation_path(annotator, id)?;
    if !path.exists() {
        return Ok(None);
    }
    fsio::read_json(&path).map(Some)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_list_summaries_equal_what_the_full_files_say() {
        let dir = tempfile::tempdir().unwrap();
        crate::core::data::synth::write_dataset(dir.path(), 40, 300, 7).unwrap();
        crate::core::data::synth::make_team(dir.path()).unwrap();
        for annotator in ["synth", "alice", "bob", "nobody"] {
            let s = Session::open(dir.path(), annotator).unwrap();
            let full: Vec<DocSummary> = s
                .dataset
                .documents()
                .iter()
                .map(|e| match s.dataset.annotation(annotator, &e.id).unwrap() {
                    Some(a) => DocSummary {
                        status: a.status,
                        spans: a.spans.len(),
                    },
                    None => DocSummary::default(),
                })
                .collect();
            assert_eq!(s.summaries, full, "{annotator}");
        }
        let s = Session::open(dir.path(), "synth").unwrap();
        assert!(s.summaries.iter().all(|d| d.spans == 7));
    }

    #[test]
    fn edits_are_on_disk_when_apply_returns_and_undo_is_too() {
        let dir = tempfile::tempdir().unwrap();
        crate::core::data::synth::write_dataset(dir.path(), 2, 300, 0).unwrap();
        let mut s = Session::open(dir.path(), "tester").unwrap();
        let edit = s.label_edit(3, 7, "amount").unwrap();
        s.apply(edit).unwrap();
        let on_disk = read_annotation_file(&s.dataset, "tester", "doc-00000")
            .unwrap()
            .unwrap();
        assert_eq!(on_disk.spans.len(), 1);
        assert_eq!(on_disk.status, Status::InProgress);
        assert_eq!(on_disk, s.current.as_ref().unwrap().ann);
        assert!(s.undo().unwrap().is_some());
        let on_disk = read_annotation_file(&s.dataset, "tester", "doc-00000")
            .unwrap()
            .unwrap();
        assert!(on_disk.spans.is_empty() && on_disk.status == Status::Todo);
        assert!(s.redo().unwrap().is_some());
        assert_eq!(
            s.summaries[0],
            DocSummary {
                status: Status::InProgress,
                spans: 1
            }
        );
        let second = Session::open(dir.path(), "tester").unwrap();
        assert!(
            second.is_read_only(),
            "a second session is read-only while the first holds the lock"
        );
    }
}
