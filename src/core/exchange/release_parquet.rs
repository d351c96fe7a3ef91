//! A release's records as Parquet, beside `data.jsonl` (which stays the source of truth): one
//! file per shard, `data/<split>-00000-of-00001.parquet`, as Hugging Face `datasets`, pandas,
//! polars, DuckDB and Spark read them. The schema is documented in `schemas/release-parquet.md`:
//!
//! ```text
//! id: string, text: string,
//! spans: list<struct<id: string, start: int64, end: int64, label: string, text: string,
//!                    attrs: string (JSON)>>,
//! relations: list<struct<id: string, type: string, from: string, to: string>>,
//! annotator: string, status: string, meta: string (JSON)
//! ```
//!
//! Offsets count code points, as in `data.jsonl`. Pages are compressed with Snappy; a shard
//! holds at most [`MAX_SHARD_BYTES`], in row groups of about [`ROW_GROUP_BYTES`] of records,
//! written as the records arrive. The bytes depend only on the records (no timestamps), so
//! the same records give the same files.

use crate::core::data::error::{Error, Result};
use crate::core::exchange::formats::{OutFile, Record};
use arrow_array::{ArrayRef, Int64Array, ListArray, RecordBatch, StringArray, StructArray};
use arrow_buffer::OffsetBuffer;
use arrow_schema::{DataType, Field, Fields, Schema, SchemaRef};
use parquet::arrow::ArrowWriter;
use parquet::basic::Compression;
use parquet::file::properties::WriterProperties;
use std::sync::Arc;

/// The most bytes one Parquet shard may hold.
pub const MAX_SHARD_BYTES: usize = 100 * 1024 * 1024;

/// The folder of a release that holds the Parquet shards.
pub const DATA_DIR: &str = "data";

/// The fields of one span.
fn span_fields() -> Fields {
    Fields::from(vec![
        Field::new("id", DataType::Utf8, false),
        Field::new("start", DataType::Int64, false),
        Field::new("end", DataType::Int64, false),
        Field::new("label", DataType::Utf8, false),
        Field::new("text", DataType::Utf8, false),
        Field::new("attrs", DataType::Utf8, false),
    ])
}

/// The fields of one relation.
fn relation_fields() -> Fields {
    Fields::from(vec![
        Field::new("id", DataType::Utf8, false),
        Field::new("type", DataType::Utf8, false),
        Field::new("from", DataType::Utf8, false),
        Field::new("to", DataType::Utf8, false),
    ])
}

/// The item field of a list of structs with `fields`.
fn item(fields: Fields) -> Arc<Field> {
    Arc::new(Field::new("item", DataType::Struct(fields), false))
}

/// The schema of every shard.
pub fn schema() -> SchemaRef {
    let text = |name: &str| Field::new(name, DataType::Utf8, false);
    Arc::new(Schema::new(vec![
        text("id"),
        text("text"),
        Field::new("spans", DataType::List(item(span_fields())), false),
        Field::new("relations", DataType::List(item(relation_fields())), false),
        text("annotator"),
        text("status"),
        text("meta"),
    ]))
}

/// The shard file names of `split` when it has `count` shards.
pub fn shard_name(split: &str, index: usize, count: usize) -> String {
    format!("{DATA_DIR}/{split}-{index:05}-of-{count:05}.parquet")
}

/// The Parquet shards of one split, as (path in the release folder, bytes): always at least
/// one (an empty split has one shard with no rows), none over `max_bytes` unless one record
/// alone is larger. Written as [`ShardWriter`] writes them.
pub fn shards(split: &str, records: &[&Record], max_bytes: usize) -> Result<Vec<OutFile>> {
    let mut writer = ShardWriter::new(max_bytes, Box::new(|_| Ok(Vec::new())));
    for r in records {
        writer.push(r)?;
        if writer.pending_bytes() >= ROW_GROUP_BYTES {
            writer.write_pending()?;
        }
    }
    let files = writer.finish()?;
    let count = files.len();
    Ok(files
        .into_iter()
        .enumerate()
        .map(|(i, bytes)| (shard_name(split, i, count), bytes))
        .collect())
}

/// About how many bytes of records (before compression) a row group holds: the records wait
/// in memory until then, so a release holds about this much of them, whatever its size.
pub const ROW_GROUP_BYTES: usize = 4 * 1024 * 1024;

/// Opens the sink of shard `i` of a split.
pub type OpenShard<W> = Box<dyn FnMut(usize) -> Result<W>>;

/// The shards of one split, written as records arrive: records wait in memory until
/// [`ShardWriter::write_pending`] writes them as one row group (the caller decides when, as
/// [`ROW_GROUP_BYTES`] of them wait); a shard holds consecutive records whose uncompressed
/// size stays within its limit, then the next shard starts.
pub struct ShardWriter<W: std::io::Write + Send> {
    max_bytes: usize,
    open: OpenShard<W>,
    writer: Option<ArrowWriter<W>>,
    /// The uncompressed size of the records in the open shard.
    shard_size: usize,
    pending: Vec<Record>,
    pending_size: usize,
    done: Vec<W>,
}

impl<W: std::io::Write + Send> ShardWriter<W> {
    /// A split's shards of at most `max_bytes`, shard `i` written into `open(i)`.
    pub fn new(max_bytes: usize, open: OpenShard<W>) -> Self {
        ShardWriter {
            max_bytes,
            open,
            writer: None,
            shard_size: 0,
            pending: Vec::new(),
            pending_size: 0,
            done: Vec::new(),
        }
    }

    /// Adds a record, closing the shard first when it would grow over the limit.
    pub fn push(&mut self, r: &Record) -> Result<()> {
        let n = plain_size(r);
        let size = self.shard_size + self.pending_size;
        if size > 0 && size + n > self.max_bytes {
            self.write_pending()?;
            self.close_shard()?;
        }
        self.pending.push(r.clone());
        self.pending_size += n;
        Ok(())
    }

    /// The uncompressed size of the records waiting for their row group.
    pub fn pending_bytes(&self) -> usize {
        self.pending_size
    }

    /// Writes the waiting records as one row group of the open shard (opening one if none is).
    pub fn write_pending(&mut self) -> Result<()> {
        if self.pending.is_empty() {
            return Ok(());
        }
        let writer = match &mut self.writer {
            Some(w) => w,
            None => {
                let sink = (self.open)(self.done.len())?;
                self.writer.insert(
                    ArrowWriter::try_new(sink, schema(), Some(properties())).map_err(failed)?,
                )
            }
        };
        let records: Vec<&Record> = self.pending.iter().collect();
        writer.write(&batch(&records)).map_err(failed)?;
        writer.flush().map_err(failed)?;
        self.shard_size += self.pending_size;
        self.pending.clear();
        self.pending_size = 0;
        Ok(())
    }

    fn close_shard(&mut self) -> Result<()> {
        if let Some(w) = self.writer.take() {
            self.done.push(w.into_inner().map_err(failed)?);
            self.shard_size = 0;
        }
        Ok(())
    }

    /// Writes what waits and closes the last shard; returns the sinks of every shard in order
    /// (one with no rows when the split is empty).
    pub fn finish(mut self) -> Result<Vec<W>> {
        self.write_pending()?;
        self.close_shard()?;
        if self.done.is_empty() {
            let sink = (self.open)(0)?;
            let empty = ArrowWriter::try_new(sink, schema(), Some(properties())).map_err(failed)?;
            self.done.push(empty.into_inner().map_err(failed)?);
        }
        Ok(self.done)
    }
}

/// How every shard is written: Snappy pages, and no timestamp, so the same records give the same
/// bytes.
fn properties() -> WriterProperties {
    WriterProperties::builder()
        .set_compression(Compression::SNAPPY)
        .set_created_by(format!("biaozhu {}", env!("CARGO_PKG_VERSION")))
        .build()
}

fn failed(e: parquet::errors::ParquetError) -> Error {
    Error::Io {
        path: DATA_DIR.into(),
        message: format!("writing a Parquet shard failed: {e}"),
        os: None,
    }
}

/// About how many bytes `r` takes in Parquet before compression: its strings, their lengths and
/// the offsets.
fn plain_size(r: &Record) -> usize {
    let spans: usize = r
        .spans
        .iter()
        .map(|s| s.id.len() + s.label.len() + s.text.len() + 64 + 8 * s.attrs.len())
        .sum();
    let relations: usize = r
        .relations
        .iter()
        .map(|x| x.id.len() + x.kind.len() + x.from.len() + x.to.len() + 16)
        .sum();
    r.id.len() + r.text.len() + r.annotator.len() + 512 + spans + relations
}

/// `records` as one Arrow record batch of [`schema`].
fn batch(records: &[&Record]) -> RecordBatch {
    let strings = |f: &dyn Fn(&Record) -> String| -> ArrayRef {
        Arc::new(StringArray::from_iter_values(records.iter().map(|r| f(r))))
    };
    let columns: Vec<ArrayRef> = vec![
        strings(&|r| r.id.clone()),
        strings(&|r| r.text.clone()),
        Arc::new(spans_column(records)),
        Arc::new(relations_column(records)),
        strings(&|r| r.annotator.clone()),
        strings(&|r| r.status.as_str().to_string()),
        strings(&|r| serde_json::to_string(&r.meta).expect("meta serialises")),
    ];
    // Every column is built above with the schema's type and one row per record.
    RecordBatch::try_new(schema(), columns).expect("the columns fit the schema")
}

/// The `spans` column: a list of span structs per record.
fn spans_column(records: &[&Record]) -> ListArray {
    let spans: Vec<_> = records.iter().flat_map(|r| r.spans.iter()).collect();
    let text = |f: &dyn Fn(&crate::core::data::model::Span) -> &str| -> ArrayRef {
        Arc::new(StringArray::from_iter_values(spans.iter().map(|s| f(s))))
    };
    let offset = |f: &dyn Fn(&crate::core::data::model::Span) -> usize| -> ArrayRef {
        Arc::new(Int64Array::from_iter_values(
            spans.iter().map(|s| f(s) as i64),
        ))
    };
    let attrs: Vec<String> = spans
        .iter()
        .map(|s| serde_json::to_string(&s.attrs).expect("attrs serialise"))
        .collect();
    let values = StructArray::new(
        span_fields(),
        vec![
            text(&|s| &s.id),
            offset(&|s| s.start),
            offset(&|s| s.end),
            text(&|s| &s.label),
            text(&|s| &s.text),
            Arc::new(StringArray::from_iter_values(attrs)),
        ],
        None,
    );
    ListArray::new(
        item(span_fields()),
        OffsetBuffer::from_lengths(records.iter().map(|r| r.spans.len())),
        Arc::new(values),
        None,
    )
}

/// The `relations` column: a list of relation structs per record.
fn relations_column(records: &[&Record]) -> ListArray {
    let relations: Vec<_> = records.iter().flat_map(|r| r.relations.iter()).collect();
    let text = |f: &dyn Fn(&crate::core::data::model::Relation) -> &str| -> ArrayRef {
        Arc::new(StringArray::from_iter_values(
            relations.iter().map(|x| f(x)),
        ))
    };
    let values = StructArray::new(
        relation_fields(),
        vec![
            text(&|x| &x.id),
            text(&|x| &x.kind),
            text(&|x| &x.from),
            text(&|x| &x.to),
        ],
        None,
    );
    ListArray::new(
        item(relation_fields()),
        OffsetBuffer::from_lengths(records.iter().map(|r| r.relations.len())),
        Arc::new(values),
        None,
    )
}

#[cfg(test)]
mod tests;
