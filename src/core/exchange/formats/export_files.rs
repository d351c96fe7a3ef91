//! An export on disk: each format's files for the whole export or for each split, written
//! atomically a record at a time.

use super::group::{self, Group, RecordSource};
use super::registry::{self, ExportCtx, Format, Layout, Output};
use super::{ExportOptions, ExportReport, FORMATS, Record, split_of};
use crate::core::data::error::{Error, Result};
use crate::core::data::labels::LabelSchema;
use crate::core::data::offsets::OffsetUnit;
use std::path::{Path, PathBuf};

/// The output of an export on disk: `out` itself when the format writes a single file and
/// there is no split, else files in the folder `out`. Every file is written atomically.
struct Written<'a> {
    out: &'a Path,
    single: bool,
    files: Vec<PathBuf>,
}

impl Output for Written<'_> {
    fn file(
        &mut self,
        rel: &str,
        write: &mut dyn FnMut(&mut dyn std::io::Write) -> std::io::Result<()>,
    ) -> Result<()> {
        let path = if self.single {
            assert!(
                self.files.is_empty(),
                "a single-file format wrote a second file, {rel}"
            );
            self.out.to_path_buf()
        } else {
            self.out.join(rel)
        };
        crate::core::data::fsio::write_atomic_with(&path, |w| write(w))?;
        self.files.push(path);
        Ok(())
    }
}

/// Exports `records` in `format` to `out`, split when `split` is given. Single-file formats
/// without a split write the file `out`; otherwise `out` is a folder.
pub fn export(
    records: &[Record],
    labels: &LabelSchema,
    format: Format,
    opts: &ExportOptions,
    split: Option<&[(String, f64)]>,
    out: &Path,
) -> Result<ExportReport> {
    export_from(&records, labels, format, opts, split, out)
}

/// [`export`] of the records of `source`, read a record at a time: every format writes each
/// file a record at a time, and a split reads only its own documents (a split is a hash of the
/// id alone), so the export holds one record at a time whatever the size of the dataset.
pub fn export_from(
    source: &dyn RecordSource,
    labels: &LabelSchema,
    format: Format,
    opts: &ExportOptions,
    split: Option<&[(String, f64)]>,
    out: &Path,
) -> Result<ExportReport> {
    if opts.offsets != OffsetUnit::CodePoint && !format.supports_utf16() {
        let able: Vec<&str> = FORMATS
            .iter()
            .filter(|f| f.supports_utf16())
            .map(|f| f.name())
            .collect();
        return Err(Error::Usage(format!(
            "{} counts characters by definition; --offsets utf16 applies to {}",
            format.name(),
            registry::and_list(&able)
        )));
    }
    let mut output = Written {
        out,
        single: split.is_none() && matches!(format.layout(), Layout::SingleFile { .. }),
        files: Vec::new(),
    };
    let mut tally = group::Tally::default();
    let mut group = |keep: &dyn Fn(&str) -> bool, stem: &str, prefix: &str| {
        let ctx = ExportCtx {
            labels,
            options: opts,
            stem,
            prefix,
        };
        let group = Group::new(source, keep, format.flat());
        let written = format.export_group(&group, &ctx, &mut output);
        if let Some(e) = group.failure() {
            return Err(e);
        }
        written?;
        let t = group.tally();
        tally.records += t.records;
        tally.spans += t.spans;
        tally.relations += t.relations;
        for (label, n) in t.left_out {
            *tally.left_out.entry(label).or_default() += n;
        }
        Ok(())
    };
    match split {
        None => group(&|_| true, "data", "")?,
        Some(splits) => {
            for (name, _) in splits {
                group(
                    &|id| split_of(id, splits) == name,
                    name,
                    &format!("{name}/"),
                )?;
            }
        }
    }
    format.extra_files(labels, &mut output)?;
    let carried = if format.carries_relations() {
        tally.relations
    } else {
        0
    };
    Ok(ExportReport {
        files: output.files,
        spans: tally.spans,
        left_out: tally.left_out,
        records: tally.records,
        relations: carried,
        relations_left_out: tally.relations - carried,
    })
}
