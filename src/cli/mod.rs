//! The command line: thin clap glue over the core. Exit codes: 0 success, 1 invalid data,
//! 2 usage or I/O errors.
//!
//! Each subcommand is an `Args` struct next to the code that runs it, with its own `run`; the
//! values of choice and list flags are types ([`choices`]), so clap refuses a wrong one.

mod choices;
mod commands;
mod eval_commands;
mod exchange_commands;
mod git_commands;
mod learn_commands;
mod progress;
mod report_commands;
mod tag_commands;

pub use choices::{EvalFormat, ReportFormat, Scheme, TableFormat, ValidateFormat};
use clap::{Parser, Subcommand};

/// biaozhu (标注): label projects, amounts, regions and mechanisms in Chinese investment news.
#[derive(Parser, Debug)]
#[command(name = "biaozhu", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// The subcommands.
#[derive(Subcommand, Debug)]
pub enum Command {
    /// Open a dataset in the desktop app (with no command at all, the app opens the last one).
    Open(commands::OpenArgs),
    /// Create a new, empty dataset.
    New(commands::NewArgs),
    /// Import .txt, .md and .html articles (files or folders, recursively).
    Import(commands::ImportArgs),
    /// Check a dataset folder or single files (checked in their dataset's context, as
    /// pre-commit passes them); never writes.
    Validate(commands::ValidateArgs),
    /// Export one annotator's spans for training and scoring tools.
    Export(exchange_commands::ExportArgs),
    /// Read spans from an export (any format but the export-only ones) back into the dataset
    /// under an annotator.
    ImportAnnotations(exchange_commands::ImportAnnotationsArgs),
    /// Freeze one annotator's working copy as releases/VERSION.
    Release(exchange_commands::ReleaseArgs),
    /// Compare two releases, or a release and the working copy (`working`).
    Diff(exchange_commands::DiffArgs),
    /// Score predictions against gold: SemEval-2013 counts, precision, recall and F1 for the
    /// strict, exact, partial and type schemas (the numbers nervaluate gives).
    Eval(eval_commands::EvalArgs),
    /// Agreement between annotators: pairwise span F1 (exact and overlap), Cohen's kappa per
    /// pair, and the spans each document's annotators disagree on.
    Agree(eval_commands::AgreeArgs),
    /// Run the built-in rule extractor (or, with --model, a trained model) and write its spans
    /// as an annotator (default model-rules, or model-crf with --model).
    Suggest(learn_commands::SuggestArgs),
    /// Tag JSON lines of {"id", "text"} from files or standard input with the rules (or
    /// --model) and write one prediction per line to standard output, in input order: spans
    /// with typed values and confidence, and relations; or, with --output table, the
    /// investment table's rows. Streams in bounded memory on every core; a line that cannot be
    /// read is reported on stderr as LINE: message and the exit code is 1.
    Tag(tag_commands::TagArgs),
    /// Train a character-level model (a linear-chain CRF per label) on one annotator's done and
    /// reviewed documents, on the CPU; prints documents, characters, time and the strict F1 on
    /// a held-out tenth of the documents (when there are at least 5).
    Train(learn_commands::TrainArgs),
    /// List the documents an annotator has not finished, most informative for the model first:
    /// the model's uncertainty weighted by how typical the document is; near-duplicates are
    /// listed once, under the first.
    Queue(learn_commands::QueueArgs),
    /// Review two annotators into a third: write the spans both agree on into it, list every
    /// difference per document, and exit 1 while differences remain.
    Adjudicate(report_commands::AdjudicateArgs),
    /// Rewrite a dataset of an older format_version in the current one.
    Migrate(exchange_commands::MigrateArgs),
    /// Register biaozhu's merge driver for annotation files in this clone's git config
    /// (merge.biaozhu.name and merge.biaozhu.driver), and route annotations/**/*.json to it in
    /// the dataset's .gitattributes, adding the line when it is missing. Run it once per clone.
    GitSetup(git_commands::GitSetupArgs),
    /// Git's merge driver for one annotation file (git runs it as `merge-annotations %O %A
    /// %B`): a three-way merge by span id written into OURS. Exits 1 on a conflict, leaving a
    /// file with "status": "merge_conflict" and both versions under "conflicts".
    MergeAnnotations(git_commands::MergeAnnotationsArgs),
    /// The investment table: one row per project mention with a relation, with its amount,
    /// region and mechanisms (one row per amount × region; mechanisms joined with `;`).
    Table(report_commands::TableArgs),
    /// Print documents, characters, spans per label per annotator, and statuses.
    Stats(report_commands::StatsArgs),
    /// Write the dashboard's charts as SVG files (progress, statuses, spans per label, the
    /// agreement heatmap, suggestion outcomes, time per document) and an index.html showing
    /// them into --out: no script, nothing fetched from the network.
    Report(report_commands::ReportArgs),
}

impl Command {
    /// Runs the command and returns its exit code, printing its error (if any) on stderr.
    pub fn run(self) -> i32 {
        let result = match self {
            Command::Open(c) => c.run(),
            Command::New(c) => c.run(),
            Command::Import(c) => c.run(),
            Command::Validate(c) => c.run(),
            Command::Export(c) => c.run(),
            Command::ImportAnnotations(c) => c.run(),
            Command::Release(c) => c.run(),
            Command::Diff(c) => c.run(),
            Command::Eval(c) => c.run(),
            Command::Agree(c) => c.run(),
            Command::Suggest(c) => c.run(),
            Command::Tag(c) => c.run(),
            Command::Train(c) => c.run(),
            Command::Queue(c) => c.run(),
            Command::Adjudicate(c) => c.run(),
            Command::Migrate(c) => c.run(),
            Command::GitSetup(c) => c.run(),
            Command::MergeAnnotations(c) => c.run(),
            Command::Table(c) => c.run(),
            Command::Stats(c) => c.run(),
            Command::Report(c) => c.run(),
        };
        match result {
            Ok(code) => code,
            Err(e) => {
                eprintln!("error: {e}");
                e.exit_code()
            }
        }
    }
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
        Some(command) => command.run(),
        None => commands::open_app(None),
    }
}
