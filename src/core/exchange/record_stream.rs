//! Records read a document at a time, for the commands that go through a whole dataset
//! (`export`, `release`, `table`): an annotator's working copy in the dataset's order, read in
//! small batches on every core, and JSON Lines files (a release's `data.jsonl`, an extractor's
//! lines) read a line at a time. Memory holds the document ids (a
//! [`DocumentOrder`]) and one batch of records, whatever the size of the dataset.

use crate::core::data::doc_index::DocumentOrder;
use crate::core::data::error::{Error, Result};
use crate::core::data::layout;
use crate::core::data::model::Status;
use crate::core::data::store::Dataset;
use crate::core::exchange::formats::{Record, RecordSource, working_record};
use crate::core::exchange::record_lines;
use std::ops::Deref;
use std::path::PathBuf;

/// How many documents the working copy reads at once (on every core) before handing them out.
const BATCH: usize = 64;

/// One annotator's records in a dataset's working copy, in the dataset's order: every
/// document, with the annotator's annotation when there is one (as
/// [`working_records`](crate::core::exchange::formats::working_records) gives them), read a
/// batch at a time. `D` is the dataset, owned or borrowed; open it with
/// [`Dataset::open_unlisted`] so that it does not list its documents in memory.
pub struct WorkingCopy<D> {
    ds: D,
    order: DocumentOrder,
    annotator: String,
    statuses: Vec<Status>,
    touched_only: bool,
}

impl<D: Deref<Target = Dataset> + Sync> WorkingCopy<D> {
    /// The records of `annotator` in `ds`, with one of `statuses` when any are given.
    pub fn new(ds: D, annotator: &str, statuses: &[Status]) -> Result<Self> {
        let dir = layout::documents_dir(ds.root());
        let order = DocumentOrder::scan(&dir).map_err(|e| Error::io(&dir, e))?;
        Ok(WorkingCopy {
            ds,
            order,
            annotator: annotator.to_string(),
            statuses: statuses.to_vec(),
            touched_only: false,
        })
    }

    /// Leaves out the documents the annotator never touched (status `todo` and no spans): they
    /// are gold, or predictions, of nothing.
    pub fn touched_only(mut self) -> Self {
        self.touched_only = true;
        self
    }

    /// The number of documents in the dataset.
    pub fn documents(&self) -> usize {
        self.order.len()
    }

    /// The dataset.
    pub fn dataset(&self) -> &Dataset {
        &self.ds
    }
}

impl<D: Deref<Target = Dataset> + Sync> RecordSource for WorkingCopy<D> {
    fn each(
        &self,
        keep: &dyn Fn(&str) -> bool,
        f: &mut dyn FnMut(&Record) -> Result<()>,
    ) -> Result<()> {
        let ds: &Dataset = &self.ds;
        let mut ids = self.order.ids().filter(|id| keep(id)).peekable();
        while ids.peek().is_some() {
            let batch: Vec<&str> = ids.by_ref().take(BATCH).collect();
            let read = crate::core::data::parallel::map(&batch, |id| {
                working_record(ds, &self.annotator, id)
            });
            for record in read {
                let record = record?;
                let wanted = self.statuses.is_empty() || self.statuses.contains(&record.status);
                let untouched = record.status == Status::Todo && record.spans.is_empty();
                if wanted && !(self.touched_only && untouched) {
                    f(&record)?;
                }
            }
        }
        Ok(())
    }
}

/// The records of a JSON Lines file of full or minimal records (a release's `data.jsonl`, or
/// the lines an extractor writes; see [`record_lines`]), read a line at a time; only
/// `annotator`'s when one is given.
pub struct LinesFile {
    path: PathBuf,
    annotator: Option<String>,
}

impl LinesFile {
    /// The records of the file at `path`.
    pub fn new(path: PathBuf, annotator: Option<&str>) -> Self {
        LinesFile {
            path,
            annotator: annotator.map(str::to_string),
        }
    }
}

impl RecordSource for LinesFile {
    fn each(
        &self,
        keep: &dyn Fn(&str) -> bool,
        f: &mut dyn FnMut(&Record) -> Result<()>,
    ) -> Result<()> {
        record_lines::each_line(&self.path, &mut |r| {
            let mine = self.annotator.as_ref().is_none_or(|a| *a == r.annotator);
            if mine && keep(&r.id) { f(&r) } else { Ok(()) }
        })
        .map(|_| ())
    }
}
