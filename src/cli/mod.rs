//! The command line: thin clap glue over the core. Exit codes: 0 success, 1 invalid data,
//! 2 usage or I/O errors.

mod commands;

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
    },
    /// Check a dataset folder or single files; never writes.
    Validate {
        /// Dataset folders or JSON files.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// Output format.
        #[arg(long, value_enum, default_value = "text")]
        format: ReportFormat,
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
        None => crate::app::run(None),
    }
}
