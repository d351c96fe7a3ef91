//! The table written a record at a time, as `biaozhu table` reads its source.

use super::{COLUMNS, Investment, csv_line, rows, write_jsonl};

/// The file [`write_table`] writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TableFile {
    /// CSV as [`write_csv`](super::write_csv) writes it, with a byte-order mark when `bom`.
    Csv { bom: bool },
    /// JSON lines as [`write_jsonl`] writes them.
    Jsonl,
}

/// What [`write_table`] wrote.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct TableCounts {
    /// Rows.
    pub rows: usize,
    /// Records read.
    pub documents: usize,
    /// Rows that lack an amount or a region.
    pub lacking: usize,
}

/// Why [`write_table`] stopped.
#[derive(Debug)]
pub enum TableError {
    /// A record could not be read.
    Read(crate::core::data::error::Error),
    /// The table could not be written.
    Write(std::io::Error),
}

/// Writes the table of `source`'s records into `w`, a record at a time (the rows of one
/// document, then the next), as [`write_csv`](super::write_csv) or [`write_jsonl`] write all the rows at once.
pub fn write_table(
    source: &dyn crate::core::exchange::formats::RecordSource,
    shape: &Investment,
    file: TableFile,
    w: &mut dyn std::io::Write,
) -> Result<TableCounts, TableError> {
    if let TableFile::Csv { bom } = file {
        if bom {
            w.write_all("\u{feff}".as_bytes())
                .map_err(TableError::Write)?;
        }
        let header: Vec<String> = COLUMNS.iter().map(|c| c.to_string()).collect();
        csv_line(w, &header).map_err(TableError::Write)?;
    }
    let mut counts = TableCounts::default();
    let mut failed = None;
    let read = source.each(&|_| true, &mut |r| {
        counts.documents += 1;
        let rows = rows(r, shape);
        counts.rows += rows.len();
        counts.lacking += rows.iter().filter(|r| !r.missing().is_empty()).count();
        let written = match file {
            TableFile::Csv { .. } => rows.iter().try_for_each(|r| csv_line(w, &r.cells())),
            TableFile::Jsonl => write_jsonl(&rows, w),
        };
        written.map_err(|e| {
            let message = e.to_string();
            failed = Some(e);
            crate::core::data::error::Error::Io {
                path: Default::default(),
                message,
                os: None,
            }
        })
    });
    match (failed, read) {
        (Some(e), _) => Err(TableError::Write(e)),
        (None, Err(e)) => Err(TableError::Read(e)),
        (None, Ok(())) => w.flush().map(|()| counts).map_err(TableError::Write),
    }
}
