//! The dataset's own subcommands: open, new, import and validate.

use super::ValidateFormat;
use super::progress::Progress;
use crate::core::check::validate;
use crate::core::data::error::{Error, Result};
use crate::core::data::ingest::{self, CleanupOptions, Outcome};
use crate::core::data::model::Cleanup;
use crate::core::data::store::Dataset;
use clap::Args;
use std::io::Write;
use std::path::{Path, PathBuf};

/// `biaozhu open`.
#[derive(Args, Debug)]
pub struct OpenArgs {
    /// The dataset folder.
    dir: PathBuf,
}

impl OpenArgs {
    pub fn run(self) -> Result<i32> {
        if !crate::core::data::layout::is_dataset(&self.dir) {
            return Err(Error::Usage(format!(
                "{}: not a dataset folder (no dataset.json)",
                self.dir.display()
            )));
        }
        Ok(open_app(Some(self.dir)))
    }
}

/// `biaozhu new`.
#[derive(Args, Debug)]
pub struct NewArgs {
    /// The folder to create.
    dir: PathBuf,
    /// The dataset's name (default: the folder name).
    #[arg(long)]
    name: Option<String>,
    /// A label schema to use instead of the default four labels.
    #[arg(long, value_name = "FILE.ron")]
    labels: Option<PathBuf>,
    /// The dataset's licence, an SPDX licence id such as CC-BY-4.0 (releases put it in their
    /// dataset card).
    #[arg(long, value_name = "SPDX-ID")]
    license: Option<String>,
}

impl NewArgs {
    pub fn run(self) -> Result<i32> {
        let dir = &self.dir;
        let labels_text = match &self.labels {
            Some(p) => Some(std::fs::read_to_string(p).map_err(|e| Error::io(p, e))?),
            None => None,
        };
        let name = self.name.unwrap_or_else(|| {
            dir.file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_else(|| "dataset".into())
        });
        if let Some(id) = &self.license {
            // Checked before anything is written.
            crate::core::data::license::check(id)
                .map_err(|m| Error::Usage(format!("--license: {m}")))?;
        }
        let mut ds = Dataset::create(dir, &name, labels_text.as_deref())?;
        if let Some(id) = &self.license {
            crate::core::data::license::set(&mut ds, id)?;
        }
        println!(
            "created dataset {:?} in {} with labels {}",
            name,
            dir.display(),
            ds.labels.label_names().join(", ")
        );
        Ok(0)
    }
}

/// `biaozhu import`.
#[derive(Args, Debug)]
pub struct ImportArgs {
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
}

impl ImportArgs {
    pub fn run(self) -> Result<i32> {
        let options = CleanupOptions {
            duplicates: !self.keep_duplicates,
            chrome: !self.keep_chrome,
            pinyin: !self.keep_pinyin,
        };
        import_paths(&self.dir, &self.paths, options, self.quiet)
    }
}

/// `biaozhu validate`.
#[derive(Args, Debug)]
pub struct ValidateArgs {
    /// Dataset folders or JSON files.
    #[arg(required = true)]
    paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    format: ValidateFormat,
}

impl ValidateArgs {
    pub fn run(self) -> Result<i32> {
        validate_paths(&self.paths, self.format)
    }
}

fn describe_cleanup(c: &Cleanup) -> String {
    let mut parts = Vec::new();
    let mut add = |n: usize, what: &str| {
        if n > 0 {
            parts.push(format!("{n} {what}"));
        }
    };
    add(c.pinyin_removed, "pinyin");
    add(c.duplicate_paragraphs, "repeated paragraphs");
    add(c.chrome_lines, "chrome lines");
    add(c.html_removed, "html elements");
    add(c.carriage_returns, "CRs");
    add(c.trimmed_lines, "trimmed lines");
    if c.bom {
        parts.push("BOM".into());
    }
    if c.front_matter {
        parts.push("front matter".into());
    }
    if parts.is_empty() {
        "nothing".into()
    } else {
        parts.join(", ")
    }
}

fn import_paths(
    dir: &Path,
    paths: &[PathBuf],
    options: CleanupOptions,
    quiet: bool,
) -> Result<i32> {
    let mut ds = Dataset::open_for_writing(dir)?;
    let rules = ingest::dataset_chrome_rules(&ds)?;
    let (files, skipped) = ingest::collect_files(paths)?;
    let mut progress = Progress::new("files", Some(files.len()), quiet);
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let summary = ingest::import_files(&mut ds, &files, &rules, options, |file, outcome| {
        progress.add(1);
        match outcome {
            Ok(Outcome::Added {
                id,
                chars,
                encoding,
                cleanup,
            }) if !quiet => {
                let _ = writeln!(
                    out,
                    "added {id}\t{chars} chars\t{encoding}\tremoved: {}\t({})",
                    describe_cleanup(cleanup),
                    file.display()
                );
            }
            Ok(Outcome::Duplicate { id }) if !quiet => {
                let _ = writeln!(
                    out,
                    "already in the dataset as {id}, not added again\t({})",
                    file.display()
                );
            }
            Ok(_) => {}
            Err(e) => {
                let _ = out.flush();
                eprintln!("error: {e}");
                eprintln!("       nothing was written for this file");
            }
        }
    })?;
    progress.finish();
    let _ = writeln!(
        out,
        "{} added, {} already present, {} failed, {skipped} other files skipped",
        summary.added, summary.duplicates, summary.failed
    );
    Ok(summary.worst_exit)
}

fn validate_paths(paths: &[PathBuf], format: ValidateFormat) -> Result<i32> {
    let report = validate::validate_paths(paths)?;
    match format {
        ValidateFormat::Github => print!("{}", crate::core::check::ci_report::github(&report)),
        ValidateFormat::Sarif => println!(
            "{}",
            serde_json::to_string_pretty(&crate::core::check::ci_report::sarif(&report))
                .expect("a SARIF log serialises")
        ),
        ValidateFormat::Text => {
            for p in &report.problems {
                println!("{p}");
            }
            let warnings = report.problems.len() - report.errors();
            println!(
                "{}: {} errors, {warnings} warnings in {} files",
                if report.is_valid() {
                    "valid"
                } else {
                    "invalid"
                },
                report.errors(),
                report.files_checked
            );
        }
        ValidateFormat::Json => {
            let out = serde_json::json!({
                "valid": report.is_valid(),
                "errors": report.errors(),
                "warnings": report.problems.len() - report.errors(),
                "files_checked": report.files_checked,
                "problems": report.problems,
            });
            println!(
                "{}",
                serde_json::to_string_pretty(&out).expect("report serialises")
            );
        }
    }
    Ok(if report.is_valid() { 0 } else { 1 })
}

/// Runs the desktop app, when this build has it.
pub fn open_app(dir: Option<PathBuf>) -> i32 {
    #[cfg(feature = "app")]
    {
        crate::app::run(dir)
    }
    #[cfg(not(feature = "app"))]
    {
        let _ = dir;
        eprintln!(
            "error: this biaozhu was built without the desktop app (feature \"app\"); use the subcommands, see --help"
        );
        2
    }
}
