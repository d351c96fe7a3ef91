//! The command line: thin clap glue over the core. Exit codes: 0 success, 1 invalid data,
//! 2 usage or I/O errors.

mod commands;
mod eval_commands;
mod exchange_commands;
mod git_commands;
mod learn_commands;
mod progress;
mod report_commands;

use crate::core::exchange::formats;
use clap::{Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

/// biaozhu (标注): label projects, amounts, regions and mechanisms in Chinese investment news.
#[derive(Parser, Debug)]
#[command(name = "biaozhu", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// Output formats of reports.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    Text,
    Json,
}

/// Output formats of `table`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum TableFormat {
    /// Comma-separated values for spreadsheets.
    Csv,
    /// One JSON object per line.
    Jsonl,
}

/// Output formats of `validate`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ValidateFormat {
    /// One line per problem, FILE:JSON-POINTER: message.
    Text,
    /// One JSON report.
    Json,
    /// GitHub workflow commands (`::error file=…,line=…,col=…`), for annotations on a PR.
    Github,
    /// A SARIF 2.1.0 log, for code-scanning tools.
    Sarif,
}

/// `--format` of `export` and `import-annotations`: a name from `formats::FORMATS`, which
/// gives the choices, their help and the error that lists them. For `import-annotations`
/// (`import`), only formats that read back are offered, and an export-only one is refused with
/// the reason.
#[derive(Clone, Copy, Debug)]
struct FormatParser {
    import: bool,
}

impl clap::builder::TypedValueParser for FormatParser {
    type Value = String;

    fn parse_ref(
        &self,
        cmd: &clap::Command,
        arg: Option<&clap::Arg>,
        value: &std::ffi::OsStr,
    ) -> Result<String, clap::Error> {
        if let Some(format) = value.to_str().and_then(formats::format)
            && self.import
            && format.import().is_none()
        {
            let message = format!("{}\n", formats::export_only(format));
            return Err(
                clap::Error::raw(clap::error::ErrorKind::InvalidValue, message).with_cmd(cmd),
            );
        }
        let choices = self.possible_values().into_iter().flatten();
        clap::builder::PossibleValuesParser::new(choices).parse_ref(cmd, arg, value)
    }

    fn possible_values(
        &self,
    ) -> Option<Box<dyn Iterator<Item = clap::builder::PossibleValue> + '_>> {
        Some(Box::new(
            formats::FORMATS
                .iter()
                .filter(|f| !self.import || f.import().is_some())
                .map(|f| clap::builder::PossibleValue::new(f.name()).help(f.describe())),
        ))
    }
}

/// The subcommands.
#[derive(Subcommand, Debug)]
pub enum Command {
    /// Open a dataset in the desktop app (with no command at all, the app opens the last one).
    Open {
        /// The dataset folder.
        dir: PathBuf,
    },
    /// Create a new, empty dataset.
    New {
        /// The folder to create.
        dir: PathBuf,
        /// The dataset's name (default: the folder name).
        #[arg(long)]
        name: Option<String>,
        /// A label schema to use instead of the default four labels.
        #[arg(long, value_name = "FILE.ron")]
        labels: Option<PathBuf>,
    },
    /// Import .txt, .md and .html articles (files or folders, recursively).
    Import {
        /// The dataset.
        dir: PathBuf,
        /// Files and folders to import.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// Keep paragraphs that repeat an earlier one.
        #[arg(long)]
        keep_duplicates: bool,
        /// Keep page-chrome lines (app banners, share and comment widgets).
        #[arg(long)]
        keep_chrome: bool,
        /// Keep inline pinyin such as 項(xiàng)目.
        #[arg(long)]
        keep_pinyin: bool,
        /// Print only errors and the summary: no progress, no line per file.
        #[arg(long, short)]
        quiet: bool,
    },
    /// Check a dataset folder or single files (checked in their dataset's context, as
    /// pre-commit passes them); never writes.
    Validate {
        /// Dataset folders or JSON files.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// Output format.
        #[arg(long, value_enum, default_value = "text")]
        format: ValidateFormat,
    },
    /// Export one annotator's spans for training and scoring tools.
    Export {
        /// The dataset.
        source: PathBuf,
        /// The format to write.
        #[arg(long, value_parser = FormatParser { import: false })]
        format: String,
        /// The output file (single-file formats without --split) or folder.
        #[arg(long)]
        out: PathBuf,
        /// Whose annotations (default: the only annotator).
        #[arg(long)]
        annotator: Option<String>,
        /// Export a release instead of the working copy.
        #[arg(long)]
        release: Option<String>,
        /// Split documents by a hash of their id, as in train=0.8,dev=0.1,test=0.1.
        #[arg(long)]
        split: Option<String>,
        /// Offset unit: codepoint (default) or utf16 (doccano's default).
        #[arg(long, default_value = "codepoint")]
        offsets: String,
        /// No progress on the terminal.
        #[arg(long, short)]
        quiet: bool,
    },
    /// Read spans from an export (any format but the export-only ones) back into the dataset
    /// under an annotator.
    ImportAnnotations {
        /// The dataset.
        dir: PathBuf,
        /// The format of PATH.
        #[arg(long, value_parser = FormatParser { import: true })]
        format: String,
        /// The annotator to write as (such as model-crf-v3).
        #[arg(long)]
        annotator: String,
        /// The file (or brat folder) to read.
        path: PathBuf,
        /// Add documents that are not in the dataset yet.
        #[arg(long)]
        create_documents: bool,
        /// Offset unit of the input: codepoint (default) or utf16.
        #[arg(long, default_value = "codepoint")]
        offsets: String,
        /// No progress on the terminal.
        #[arg(long, short)]
        quiet: bool,
    },
    /// Freeze one annotator's working copy as releases/VERSION.
    Release {
        /// The dataset.
        dir: PathBuf,
        /// The version name, such as v1 or 2026.11.
        version: String,
        /// What changed.
        #[arg(short, long, default_value = "")]
        message: String,
        /// Whose annotations (default: the only annotator).
        #[arg(long)]
        annotator: Option<String>,
        /// Only documents with these statuses, as in done,reviewed.
        #[arg(long)]
        status: Option<String>,
    },
    /// Compare two releases, or a release and the working copy (`working`).
    Diff {
        /// The dataset.
        dir: PathBuf,
        /// The older version (or `working`).
        from: String,
        /// The newer version (or `working`).
        to: String,
        /// Whose working copy `working` means (default: the only annotator).
        #[arg(long)]
        annotator: Option<String>,
        /// Output format.
        #[arg(long, value_enum, default_value = "text")]
        format: ReportFormat,
    },
    /// Score predictions against gold: SemEval-2013 counts, precision, recall and F1 for the
    /// strict, exact, partial and type schemas (the numbers nervaluate gives).
    Eval {
        /// Gold: a jsonl file (an export, or lines of just `id`, `text` and `spans` of `start`,
        /// `end`, `label`), DIR@VERSION (a release) or DIR#ANNOTATOR (a working copy).
        #[arg(long)]
        gold: String,
        /// Predictions, in the same forms.
        #[arg(long)]
        pred: String,
        /// Output format: table, json or csv.
        #[arg(long, default_value = "table")]
        format: String,
        /// Also score each document.
        #[arg(long)]
        by_document: bool,
        /// Exit 1 when F1 under --scheme falls below this.
        #[arg(long, requires = "scheme")]
        min_f1: Option<f64>,
        /// The schema --min-f1 applies to: strict, exact, partial or type (with --relations:
        /// strict or lenient).
        #[arg(long)]
        scheme: Option<String>,
        /// Score relations instead of spans: strict (both ends match exactly, same type) and
        /// lenient (both ends overlap, same type), per type, micro and macro.
        #[arg(long)]
        relations: bool,
    },
    /// Agreement between annotators: pairwise span F1 (exact and overlap), Cohen's kappa per
    /// pair, and the spans each document's annotators disagree on.
    Agree {
        /// The dataset.
        dir: PathBuf,
        /// The annotators to compare, as a,b,c (default: all).
        #[arg(long)]
        annotators: Option<String>,
        /// Only documents every annotator has marked with one of these statuses, as in done.
        #[arg(long)]
        status: Option<String>,
        /// Output format.
        #[arg(long, value_enum, default_value = "text")]
        format: ReportFormat,
    },
    /// Run the built-in rule extractor (or, with --model, a trained model) and write its spans
    /// as an annotator (default model-rules, or model-crf with --model).
    Suggest {
        /// The dataset.
        dir: PathBuf,
        /// Only these documents, as id1,id2.
        #[arg(long)]
        docs: Option<String>,
        /// The annotator the suggestions are written as (default: model-rules, or model-crf
        /// with --model).
        #[arg(long)]
        annotator: Option<String>,
        /// A model made by `biaozhu train`: its spans carry attrs.confidence.
        #[arg(long, conflicts_with = "link_spans_of")]
        model: Option<PathBuf>,
        /// Only suggest links: the rules link this annotator's own spans, written (spans and
        /// links) as --annotator; the app then offers the links to them as suggested links.
        #[arg(long, value_name = "ANNOTATOR")]
        link_spans_of: Option<String>,
    },
    /// Train a character-level model (a linear-chain CRF per label) on one annotator's done and
    /// reviewed documents, on the CPU; prints documents, characters, time and the strict F1 on
    /// a held-out tenth of the documents (when there are at least 5).
    Train {
        /// The dataset.
        dir: PathBuf,
        /// Whose spans to learn.
        #[arg(long)]
        annotator: String,
        /// Only these documents, as id1,id2.
        #[arg(long)]
        docs: Option<String>,
        /// Leave these documents out, as id1,id2.
        #[arg(long)]
        exclude_docs: Option<String>,
        /// Where to write the model (a file; outside the dataset, or anywhere in it but
        /// documents/, annotations/ and releases/).
        #[arg(long)]
        out: PathBuf,
        /// Seed of the shuffles and the held-out split.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Passes over the training data at most (training stops when the mean loss per chain falls below 0.001).
        #[arg(long, default_value_t = crate::core::suggest::learn::train::Options::default().epochs)]
        epochs: usize,
        /// Fraction of documents held out for the reported F1 and not trained on (0: train on
        /// all).
        #[arg(long, default_value_t = 0.1)]
        holdout: f64,
        /// AdaGrad's learning rate.
        #[arg(long, default_value_t = crate::core::suggest::learn::train::Options::default().learning_rate)]
        learning_rate: f64,
        /// L2 regularisation over the whole training set (larger: smoother, more cautious).
        #[arg(long, default_value_t = crate::core::suggest::learn::train::Options::default().l2)]
        l2: f64,
        /// How strongly the model starts from the rules' tags and is pulled back to them (0:
        /// from nothing; see docs/learning.md).
        #[arg(long, default_value_t = crate::core::suggest::learn::train::Options::default().rule_prior)]
        rule_prior: f64,
        /// The share of training chains, drawn afresh each epoch, that are shown without the
        /// rules' tags, so that the other features learn what the rules already catch and the
        /// model finds names the rules miss (0: never; see docs/learning.md).
        #[arg(long, default_value_t = crate::core::suggest::learn::train::Options::default().rule_dropout)]
        rule_dropout: f64,
    },
    /// List the documents an annotator has not finished, most informative for the model first:
    /// the model's uncertainty weighted by how typical the document is; near-duplicates are
    /// listed once, under the first.
    Queue {
        /// The dataset.
        dir: PathBuf,
        /// A model made by `biaozhu train`.
        #[arg(long)]
        model: PathBuf,
        /// Whose work (default: the annotator the model was trained on).
        #[arg(long)]
        annotator: Option<String>,
        /// Output format.
        #[arg(long, value_enum, default_value = "text")]
        format: ReportFormat,
    },
    /// Review two annotators into a third: write the spans both agree on into it, list every
    /// difference per document, and exit 1 while differences remain.
    Adjudicate {
        /// The dataset.
        dir: PathBuf,
        /// The two annotators to review, as a,b.
        #[arg(long)]
        annotators: String,
        /// The annotator to write into.
        #[arg(long, default_value = crate::core::annotate::review::ADJUDICATED)]
        into: String,
        /// Output format.
        #[arg(long, value_enum, default_value = "text")]
        format: ReportFormat,
    },
    /// Rewrite a dataset of an older format_version in the current one.
    Migrate {
        /// The dataset.
        dir: PathBuf,
    },
    /// Register biaozhu's merge driver for annotation files in this clone's git config
    /// (merge.biaozhu.name and merge.biaozhu.driver), and route annotations/**/*.json to it in
    /// the dataset's .gitattributes, adding the line when it is missing. Run it once per clone.
    GitSetup {
        /// The dataset folder, inside a git work tree (default: the current folder).
        dir: Option<PathBuf>,
    },
    /// Git's merge driver for one annotation file (git runs it as `merge-annotations %O %A
    /// %B`): a three-way merge by span id written into OURS. Exits 1 on a conflict, leaving a
    /// file with "status": "merge_conflict" and both versions under "conflicts".
    MergeAnnotations {
        /// The common ancestor's version (git's %O; empty when both sides added the file).
        base: PathBuf,
        /// Our version (git's %A); the result is written here.
        ours: PathBuf,
        /// Their version (git's %B).
        theirs: PathBuf,
    },
    /// The investment table: one row per project mention with a relation, with its amount,
    /// region and mechanisms (one row per amount × region; mechanisms joined with `;`).
    Table {
        /// A dataset folder, a jsonl file, DIR@VERSION or DIR#ANNOTATOR.
        source: String,
        /// Whose annotations (needed when the dataset has several annotators).
        #[arg(long)]
        annotator: Option<String>,
        /// Read this release of the dataset instead of the working copy.
        #[arg(long)]
        release: Option<String>,
        /// csv (UTF-8 with a byte-order mark, RFC 4180) or jsonl (null for missing values).
        #[arg(long, value_enum)]
        format: TableFormat,
        /// Where to write the table (`-` for standard output).
        #[arg(long)]
        out: PathBuf,
        /// Leave out the UTF-8 byte-order mark of the CSV.
        #[arg(long)]
        no_bom: bool,
    },
    /// Print documents, characters, spans per label per annotator, and statuses.
    Stats {
        /// The dataset.
        dir: PathBuf,
        /// Output format.
        #[arg(long, value_enum, default_value = "text")]
        format: ReportFormat,
    },
}

/// Parses `args` and runs the command; returns the process exit code.
pub fn run<I, T>(args: I) -> i32
where
    I: IntoIterator<Item = T>,
    T: Into<std::ffi::OsString> + Clone,
{
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            return code;
        }
    };
    match cli.command {
        Some(command) => commands::run(command),
        None => commands::open_app(None),
    }
}
