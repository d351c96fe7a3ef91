//! `biaozhu tag`, the extractor as a filter: JSON lines `{"id", "text", …}` in, one output per
//! line out, in input order. Used by the CLI and the benches; nothing here touches a dataset.
//!
//! Streaming with bounded memory: [`run`] reads a batch of lines (at most [`BATCH_LINES`] lines
//! or [`BATCH_BYTES`] bytes, plus the line that crosses the limit), has every worker thread take
//! lines from it in turn (parsing and tagging in parallel), writes the batch's outputs in input
//! order and flushes, then reads the next batch. A line longer than [`MAX_LINE_BYTES`] is
//! reported and skipped without being held in memory. So memory is bounded by the batch, the
//! model and one output batch, whatever the size of the input.
//!
//! A line that cannot be read (invalid UTF-8, not a JSON object, no `id`, `text` not a string)
//! gives one `LINE: message` line on the error stream (`FILE:LINE: message` when reading named
//! files) and no output; every other line gives its output. Empty (or blank) lines are skipped
//! silently, so a file ending in a blank line is not an error.

use crate::core::data::labels::LabelSchema;
use crate::core::data::model::{Relation, Span};
use crate::core::suggest::learn::tag::Model;
use crate::core::suggest::rules::Rules;
use serde::Serialize;
use serde_json::{Map, Value};
use std::io::{BufRead, Write};

/// The most lines in one batch.
pub const BATCH_LINES: usize = 2048;
/// A batch ends after the line that takes it to this many bytes.
pub const BATCH_BYTES: usize = 8 << 20;
/// The longest line read (a longer one is reported and skipped).
pub const MAX_LINE_BYTES: usize = 32 << 20;

/// One input line: the document's id and text, and every other field of the line as `meta`.
#[derive(Clone, Debug, PartialEq)]
pub struct Input {
    /// The `id` (an integer id becomes its decimal string).
    pub id: String,
    /// The `text`.
    pub text: String,
    /// The line's other fields, as given.
    pub meta: Map<String, Value>,
}

impl Input {
    /// The `title` of the meta when it is a string, else empty (the table's title column).
    pub fn title(&self) -> &str {
        self.meta.get("title").and_then(Value::as_str).unwrap_or("")
    }

    /// The `date` of the meta when it is a string (the table's date column).
    pub fn date(&self) -> Option<&str> {
        self.meta.get("date").and_then(Value::as_str)
    }
}

/// The JSON type of `v`, for messages.
fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

/// Parses one line. `Ok(None)` for a blank line; `Err` says what is wrong with it.
pub fn parse_line(line: &[u8]) -> Result<Option<Input>, String> {
    if line.iter().all(u8::is_ascii_whitespace) {
        return Ok(None);
    }
    if let Err(e) = std::str::from_utf8(line) {
        return Err(format!(
            "not UTF-8 (invalid byte at offset {} of the line); give UTF-8 JSON lines",
            e.valid_up_to()
        ));
    }
    let value: Value = serde_json::from_slice(line).map_err(|e| format!("not a JSON line: {e}"))?;
    let Value::Object(mut meta) = value else {
        return Err(format!(
            "a JSON {}, not an object such as {{\"id\": \"d1\", \"text\": \"…\"}}",
            kind(&value)
        ));
    };
    let id = match meta.remove("id") {
        None => return Err("no \"id\"; every line needs one (a string or an integer)".into()),
        Some(Value::String(s)) if s.is_empty() => return Err("\"id\" is empty".into()),
        Some(Value::String(s)) => s,
        Some(Value::Number(n)) if n.is_u64() || n.is_i64() => n.to_string(),
        Some(other) => {
            return Err(format!(
                "\"id\" is a {}; give a string or an integer",
                kind(&other)
            ));
        }
    };
    let text = match meta.remove("text") {
        None => return Err(format!("document {id:?} has no \"text\"")),
        Some(Value::String(s)) => s,
        Some(other) => {
            return Err(format!(
                "the \"text\" of document {id:?} is a {}, not a string",
                kind(&other)
            ));
        }
    };
    Ok(Some(Input { id, text, meta }))
}

/// What tags the text: the rules, or a trained model (with its learned links, or the rules'
/// when it has none).
pub enum Extractor {
    /// The rule extractor.
    Rules,
    /// A trained model (its roles set from the labels).
    Model(Box<Model>),
}

/// An extractor with the rules and labels it runs under.
pub struct Tagger {
    extractor: Extractor,
    rules: Rules,
    labels: LabelSchema,
}

/// One output line of `biaozhu tag`: the document's spans and relations.
#[derive(Debug, Serialize)]
pub struct Prediction<'a> {
    /// The document id.
    pub id: &'a str,
    /// `model-rules` or `model-crf`: who made the spans (as `biaozhu suggest` names them).
    pub annotator: &'static str,
    /// The spans, sorted by (start, end, label), with typed values and `attrs.confidence`.
    pub spans: Vec<Span>,
    /// The relations between them.
    pub relations: Vec<Relation>,
    /// The input line's other fields.
    pub meta: &'a Map<String, Value>,
}

impl Tagger {
    /// The rule extractor under `labels`.
    pub fn rules(rules: Rules, labels: LabelSchema) -> Self {
        Tagger {
            extractor: Extractor::Rules,
            rules,
            labels,
        }
    }

    /// A trained model under `labels` (which must declare its labels: the caller checks), with
    /// the rules it takes as features.
    pub fn model(model: Model, rules: Rules, labels: LabelSchema) -> Self {
        let model = model.for_labels(&labels);
        Tagger {
            extractor: Extractor::Model(Box::new(model)),
            rules,
            labels,
        }
    }

    /// The labels the spans are named by.
    pub fn labels(&self) -> &LabelSchema {
        &self.labels
    }

    /// The annotator name of the spans.
    pub fn annotator(&self) -> &'static str {
        match self.extractor {
            Extractor::Rules => crate::core::data::annotators::RULES_ANNOTATOR,
            Extractor::Model(_) => crate::core::suggest::learn::MODEL_ANNOTATOR,
        }
    }

    /// The spans and relations of `text`, as `biaozhu suggest` writes them. The rules' spans
    /// get `attrs.confidence` 1 (the rules do not weigh what they match) and the rules' links; a
    /// model's spans carry their probability and are linked by the model's learned linker (each
    /// link with its confidence), or by the rules when it has none.
    pub fn tag(&self, text: &str) -> (Vec<Span>, Vec<Relation>) {
        let spans = match &self.extractor {
            Extractor::Rules => {
                let mut spans = super::into_dataset::rule_spans(text, &self.rules, &self.labels);
                for s in &mut spans {
                    s.attrs.insert("confidence".into(), Value::from(1.0));
                }
                spans
            }
            Extractor::Model(model) => model.spans(text, &self.rules),
        };
        let relations = match &self.extractor {
            Extractor::Rules => super::relations::link(text, &spans, &self.labels),
            Extractor::Model(model) => {
                super::learn::relation_train::link_with(model, text, &spans, &self.labels)
            }
        };
        (spans, relations)
    }

    /// The prediction for `input`.
    pub fn predict<'a>(&self, input: &'a Input) -> Prediction<'a> {
        let (spans, relations) = self.tag(&input.text);
        Prediction {
            id: &input.id,
            annotator: self.annotator(),
            spans,
            relations,
            meta: &input.meta,
        }
    }
}

impl Prediction<'_> {
    /// Appends the prediction as one JSON line.
    pub fn write_line(&self, out: &mut Vec<u8>) {
        serde_json::to_writer(&mut *out, self).expect("a prediction serialises");
        out.push(b'\n');
    }
}

/// Where input lines come from: a name for messages (`None` for standard input read alone) and
/// the reader.
pub struct Source<'a> {
    /// The file name in error lines (`FILE:LINE: message`); `None` gives `LINE: message`.
    pub name: Option<String>,
    /// The lines.
    pub reader: Box<dyn BufRead + 'a>,
}

/// What a run read and wrote.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Summary {
    /// Documents tagged (lines that gave an output).
    pub documents: usize,
    /// Lines that could not be read, each reported on the error stream.
    pub bad_lines: usize,
    /// Bytes of document text tagged.
    pub text_bytes: u64,
}

/// Why a run stopped before the end of its input.
#[derive(Debug)]
pub enum Stop {
    /// Opening or reading the source named (or standard input) failed.
    Read(Option<String>, std::io::Error),
    /// Writing the output (or the error lines) failed; a broken pipe is a reader that left.
    Write(std::io::Error),
}

/// Reads every source in turn (each opened when its turn comes, so a thousand files are not
/// open at once) and writes `each`'s output for every good line to `out`, in input order, on
/// `threads` threads; error lines go to `errors`. `each` appends its output for one input to
/// the buffer it is given (a prediction line, or table rows).
pub fn run<'a>(
    sources: impl IntoIterator<Item = Result<Source<'a>, Stop>>,
    out: &mut dyn Write,
    errors: &mut dyn Write,
    threads: usize,
    each: &(dyn Fn(&Input, &mut Vec<u8>) + Sync),
) -> Result<Summary, Stop> {
    let mut summary = Summary::default();
    for source in sources {
        let mut source = source?;
        let mut line_no = 0;
        loop {
            let batch = read_batch(&mut *source.reader, &mut line_no)
                .map_err(|e| Stop::Read(source.name.clone(), e))?;
            if batch.is_empty() {
                break;
            }
            let done = in_parallel(&batch, threads, |(_, line)| match line {
                Line::TooLong => Err(format!(
                    "longer than {} MiB; split the document",
                    MAX_LINE_BYTES >> 20
                )),
                Line::Bytes(bytes) => parse_line(bytes).map(|input| {
                    input.map(|input| {
                        let mut buf = Vec::new();
                        each(&input, &mut buf);
                        (buf, input.text.len())
                    })
                }),
            });
            write_batch(&batch, done, &source.name, out, errors, &mut summary)?;
        }
    }
    Ok(summary)
}

/// Writes a batch's outputs and error lines, in order, and flushes both.
fn write_batch(
    batch: &[(usize, Line)],
    done: Vec<LineResult>,
    name: &Option<String>,
    out: &mut dyn Write,
    errors: &mut dyn Write,
    summary: &mut Summary,
) -> Result<(), Stop> {
    for ((line_no, _), result) in batch.iter().zip(done) {
        match result {
            Ok(None) => {}
            Ok(Some((bytes, text))) => {
                out.write_all(&bytes).map_err(Stop::Write)?;
                summary.documents += 1;
                summary.text_bytes += text as u64;
            }
            Err(message) => {
                summary.bad_lines += 1;
                let at = match name {
                    Some(n) => format!("{n}:{line_no}"),
                    None => line_no.to_string(),
                };
                writeln!(errors, "{at}: {message}").map_err(Stop::Write)?;
            }
        }
    }
    errors.flush().map_err(Stop::Write)?;
    out.flush().map_err(Stop::Write)
}

/// What one line gave: nothing (blank), its output and text length, or an error message.
type LineResult = Result<Option<(Vec<u8>, usize)>, String>;

/// A line as read.
enum Line {
    Bytes(Vec<u8>),
    TooLong,
}

/// The next batch of numbered lines (empty at the end of the input).
fn read_batch(r: &mut dyn BufRead, line_no: &mut usize) -> std::io::Result<Vec<(usize, Line)>> {
    let mut batch = Vec::new();
    let mut bytes = 0;
    while batch.len() < BATCH_LINES && bytes < BATCH_BYTES {
        let mut buf = Vec::new();
        let Some(fits) = read_line(r, &mut buf, MAX_LINE_BYTES)? else {
            break;
        };
        *line_no += 1;
        bytes += buf.len();
        batch.push((
            *line_no,
            if fits {
                Line::Bytes(buf)
            } else {
                Line::TooLong
            },
        ));
    }
    Ok(batch)
}

/// Reads one line into `buf` (without its `\n`), keeping at most `max` bytes and skipping the
/// rest. `None` at the end of the input, else whether the line fitted.
fn read_line(r: &mut dyn BufRead, buf: &mut Vec<u8>, max: usize) -> std::io::Result<Option<bool>> {
    let mut any = false;
    let mut fits = true;
    loop {
        let available = match r.fill_buf() {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if available.is_empty() {
            return Ok(any.then_some(fits));
        }
        any = true;
        let (part, done) = match available.iter().position(|&b| b == b'\n') {
            Some(i) => (&available[..i], i + 1),
            None => (available, available.len()),
        };
        if fits && buf.len() + part.len() <= max {
            buf.extend_from_slice(part);
        } else {
            fits = false;
            buf.clear();
        }
        let ended = done > part.len();
        r.consume(done);
        if ended {
            return Ok(Some(fits));
        }
    }
}

/// `items.iter().map(f)` on `threads` threads, each taking the next item in turn (documents
/// differ in length, so fixed shares would leave threads idle), in the order of `items`.
pub fn in_parallel<T: Sync, R: Send>(
    items: &[T],
    threads: usize,
    f: impl Fn(&T) -> R + Sync,
) -> Vec<R> {
    let threads = threads.clamp(1, items.len().max(1));
    if threads == 1 {
        return items.iter().map(f).collect();
    }
    let next = std::sync::atomic::AtomicUsize::new(0);
    let (f, next) = (&f, &next);
    let parts: Vec<Vec<(usize, R)>> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..threads)
            .map(|_| {
                scope.spawn(move || {
                    let mut done = Vec::new();
                    loop {
                        let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        let Some(item) = items.get(i) else { break };
                        done.push((i, f(item)));
                    }
                    done
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().unwrap_or_else(|p| std::panic::resume_unwind(p)))
            .collect()
    });
    let mut slots: Vec<Option<R>> = (0..items.len()).map(|_| None).collect();
    for (i, r) in parts.into_iter().flatten() {
        slots[i] = Some(r);
    }
    slots
        .into_iter()
        .map(|r| r.expect("every item is done"))
        .collect()
}

/// The number of threads `tag` uses by default: every core this process may use.
pub fn all_cores() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

#[cfg(test)]
mod tests;
