//! Records handed to a format one at a time: the [`RecordSource`] an export reads (a dataset's
//! working copy or a release read a document at a time, or records already in memory) and the
//! [`Group`] of it that one file of the export holds (the whole export, or one split), so an
//! export never holds more than a record at a time, whatever the size of the dataset.

use super::{Record, outermost};
use crate::core::data::error::{Error, Result};
use std::cell::RefCell;
use std::collections::BTreeMap;

/// Where the records of an export (or a release, or a table) come from, in order. A source can be
/// gone through again (an export with splits goes through it once per split, reading only the
/// documents of that split).
pub trait RecordSource {
    /// Hands each record whose id `keep` accepts to `f`, in order, and stops at the first
    /// error: reading one (invalid data, or a file that cannot be read), or `f`'s.
    fn each(
        &self,
        keep: &dyn Fn(&str) -> bool,
        f: &mut dyn FnMut(&Record) -> Result<()>,
    ) -> Result<()>;
}

/// Records already in memory.
impl RecordSource for &[Record] {
    fn each(
        &self,
        keep: &dyn Fn(&str) -> bool,
        f: &mut dyn FnMut(&Record) -> Result<()>,
    ) -> Result<()> {
        self.iter().filter(|r| keep(&r.id)).try_for_each(f)
    }
}

/// What a group's records held, counted on each pass over them.
#[derive(Clone, Debug, Default)]
pub struct Tally {
    /// Records.
    pub records: usize,
    /// Spans handed to the format.
    pub spans: usize,
    /// Relations.
    pub relations: usize,
    /// Spans per label a flat format was not handed (nested or overlapping).
    pub left_out: BTreeMap<String, usize>,
}

/// The records of one group of an export (all of them, or one split's), handed to the format a
/// record at a time: for a flat format, with their outermost spans only.
pub struct Group<'a> {
    source: &'a dyn RecordSource,
    keep: &'a dyn Fn(&str) -> bool,
    flat: bool,
    tally: RefCell<Tally>,
    failed: RefCell<Option<Error>>,
}

impl<'a> Group<'a> {
    /// The records of `source` that `keep` accepts; `flat` keeps their outermost spans only.
    pub fn new(source: &'a dyn RecordSource, keep: &'a dyn Fn(&str) -> bool, flat: bool) -> Self {
        Group {
            source,
            keep,
            flat,
            tally: RefCell::default(),
            failed: RefCell::default(),
        }
    }

    /// Hands each record to `f`, in order, counting them (the counts of the last pass are
    /// [`Group::tally`]). A record that cannot be read stops the pass with an I/O error whose
    /// cause [`Group::failure`] keeps, so the export reports it as it is.
    pub fn each(&self, f: &mut dyn FnMut(&Record) -> std::io::Result<()>) -> std::io::Result<()> {
        *self.tally.borrow_mut() = Tally::default();
        let mut written: Option<std::io::Error> = None;
        let read = self.source.each(self.keep, &mut |r| {
            let flat;
            let r = if self.flat {
                let (kept, left) = outermost(&r.spans);
                let mut tally = self.tally.borrow_mut();
                for (label, n) in left {
                    *tally.left_out.entry(label).or_default() += n;
                }
                flat = Record {
                    spans: kept,
                    ..r.clone()
                };
                &flat
            } else {
                r
            };
            {
                let mut tally = self.tally.borrow_mut();
                tally.records += 1;
                tally.spans += r.spans.len();
                tally.relations += r.relations.len();
            }
            f(r).map_err(|e| {
                let message = e.to_string();
                written = Some(e);
                Error::Io {
                    path: Default::default(),
                    message,
                    os: None,
                }
            })
        });
        if let Some(e) = written {
            return Err(e);
        }
        read.map_err(|e| self.fail(e))
    }

    /// Keeps `e` as the cause of the export's failure and returns an I/O error that stops the
    /// file being written; for formats whose writing in [`Group::each`] meets an error of
    /// this crate (such as writing a file per record).
    pub fn fail(&self, e: Error) -> std::io::Error {
        let io = std::io::Error::other(e.to_string());
        self.failed.borrow_mut().get_or_insert(e);
        io
    }

    /// The error that stopped a pass, when it was not the file's own.
    pub fn failure(&self) -> Option<Error> {
        self.failed.borrow_mut().take()
    }

    /// The counts of the last pass.
    pub fn tally(&self) -> Tally {
        self.tally.borrow().clone()
    }
}
