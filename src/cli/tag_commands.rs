//! `biaozhu tag`: glue over `core::suggest::tag_stream` (reading, tagging, writing) and
//! `core::exchange::table` (the `--output table` rows).

use crate::core::data::error::{Error, Result};
use crate::core::data::labels::LabelSchema;
use crate::core::data::model::DocumentMeta;
use crate::core::exchange::table;
use crate::core::suggest::learn::tag::Model;
use crate::core::suggest::rules::{self, Rules};
use crate::core::suggest::tag_stream::{self, Input, Source, Stop, Tagger};
use clap::{Args, ValueEnum};
use std::io::{BufReader, Write};
use std::path::{Path, PathBuf};

/// What `tag` writes per input line.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum TagOutput {
    /// One JSON line per document: id, annotator, spans (typed values, confidence), relations
    /// and meta (the line's other fields).
    Predictions,
    /// The investment table's rows (the `biaozhu table --format jsonl` shape), none for a
    /// document without a linked project.
    Table,
}

/// `biaozhu tag`.
#[derive(Args, Debug)]
pub struct TagArgs {
    /// JSON lines files of {"id", "text", …} (other fields are passed through as `meta`; an
    /// id may be a string or an integer); none or `-` reads standard input. Blank lines are
    /// skipped.
    files: Vec<PathBuf>,
    /// A model made by `biaozhu train` (default: the rules). Its spans are linked by its
    /// learned linker, or by the rules when it has none, as `suggest --model` does.
    #[arg(long)]
    model: Option<PathBuf>,
    /// What to write: predictions, or the investment table's rows.
    #[arg(long, value_enum, default_value = "predictions")]
    output: TagOutput,
    /// Take the labels (labels.ron) and rules (rules.ron) of this dataset instead of the
    /// default ones.
    #[arg(long, value_name = "DIR")]
    dataset: Option<PathBuf>,
    /// Worker threads (default: every core; on a cluster, the cores each task is given).
    #[arg(long)]
    threads: Option<usize>,
}

impl TagArgs {
    /// Exit codes: 0 every line tagged; 1 some lines could not be read (each reported on
    /// stderr as `LINE: message`, the others tagged); 2 nothing could be tagged (a model,
    /// dataset or input that cannot be read, a model of a newer biaozhu) or output failed.
    pub fn run(self) -> Result<i32> {
        let tagger = match self.tagger() {
            Ok(t) => t,
            Err(e) => {
                eprintln!("error: {e}");
                return Ok(2);
            }
        };
        if self.threads == Some(0) {
            return Err(Error::Usage("--threads 0: give 1 or more".into()));
        }
        let threads = self.threads.unwrap_or_else(tag_stream::all_cores);
        let inputs = self.inputs()?;
        // Opened in turn, so a thousand files are not open at once.
        let sources = inputs.iter().map(|f| open_source(f, inputs.len() == 1));
        let shape = table::Investment::of(tagger.labels());
        let each = |input: &Input, buf: &mut Vec<u8>| match self.output {
            TagOutput::Predictions => tagger.predict(input).write_line(buf),
            TagOutput::Table => table_rows(&tagger, &shape, input, buf),
        };
        let stdout = std::io::stdout();
        let mut out = std::io::BufWriter::with_capacity(1 << 20, stdout.lock());
        let stderr = std::io::stderr();
        let mut errors = stderr.lock();
        let summary = match tag_stream::run(sources, &mut out, &mut errors, threads, &each) {
            Ok(s) => s,
            // A reader that stops early (`| head`) is not an error.
            Err(Stop::Write(e)) if e.kind() == std::io::ErrorKind::BrokenPipe => return Ok(0),
            Err(Stop::Write(e)) => return Err(Error::io(Path::new("<standard output>"), e)),
            Err(Stop::Read(name, e)) => {
                let name = name.unwrap_or_else(|| "<standard input>".into());
                return Err(Error::io(Path::new(&name), e));
            }
        };
        if summary.bad_lines > 0 {
            let _ = writeln!(
                errors,
                "error: {} lines could not be read (listed above) and have no output; the other {} were tagged",
                summary.bad_lines, summary.documents
            );
            return Ok(1);
        }
        Ok(0)
    }

    /// The rules or the model, with the labels and rules of `--dataset` or the defaults.
    fn tagger(&self) -> Result<Tagger> {
        let (labels, rules) = match &self.dataset {
            Some(dir) => {
                let ds = crate::core::data::store::Dataset::open(dir)?;
                let rules = rules::dataset_rules(ds.root())?;
                (ds.labels, rules)
            }
            None => (
                LabelSchema::default_schema(),
                Rules::from_ron(rules::DEFAULT_RULES_RON).expect("the default rules parse"),
            ),
        };
        let Some(path) = &self.model else {
            return Ok(Tagger::rules(rules, labels));
        };
        let model = Model::load(path)?;
        for label in model.labels() {
            if labels.label(label).is_none() {
                let whose = match &self.dataset {
                    Some(dir) => format!("{}/labels.ron", dir.display()),
                    None => "the default labels (give --dataset DIR to use a dataset's)".into(),
                };
                return Err(Error::invalid(
                    path,
                    "/labels",
                    format!("the model tags {label:?}, which {whose} do not declare"),
                ));
            }
        }
        Ok(Tagger::model(model, rules, labels))
    }

    /// The inputs (`-` for standard input), each file checked to exist.
    fn inputs(&self) -> Result<Vec<PathBuf>> {
        if self.files.is_empty() {
            return Ok(vec![PathBuf::from("-")]);
        }
        for f in &self.files {
            if f != Path::new("-") && !f.is_file() {
                let why = if f.exists() {
                    "not a file"
                } else {
                    "no such file"
                };
                return Err(Error::Usage(format!("{}: {why}", f.display())));
            }
        }
        Ok(self.files.clone())
    }
}

/// The source of one FILE argument, opened.
fn open_source(f: &Path, alone: bool) -> std::result::Result<Source<'static>, Stop> {
    if f == Path::new("-") {
        return Ok(stdin_source((!alone).then(|| "-".to_string())));
    }
    let name = f.display().to_string();
    let file = std::fs::File::open(f).map_err(|e| Stop::Read(Some(name.clone()), e))?;
    Ok(Source {
        name: Some(name),
        reader: Box::new(BufReader::with_capacity(1 << 20, file)),
    })
}

/// Standard input as a source named `name`.
fn stdin_source(name: Option<String>) -> Source<'static> {
    Source {
        name,
        reader: Box::new(BufReader::with_capacity(1 << 20, std::io::stdin().lock())),
    }
}

/// The investment table's rows of one document, as `biaozhu table --format jsonl` writes them.
fn table_rows(tagger: &Tagger, shape: &table::Investment, input: &Input, buf: &mut Vec<u8>) {
    let (spans, relations) = tagger.tag(&input.text);
    let meta = DocumentMeta {
        title: input.title().to_string(),
        date: input.date().map(str::to_string),
        ..DocumentMeta::default()
    };
    let rows = table::document_rows(&input.id, &meta, &spans, &relations, shape);
    table::write_jsonl(&rows, buf).expect("writing to memory does not fail");
}
