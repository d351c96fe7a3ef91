//! The bodies of the subcommands: each reads its arguments, calls the core and prints.

use super::progress::Progress;
use super::{Command, ValidateFormat};
use super::{exchange_commands, report_commands};
use crate::core::check::validate;
use crate::core::data::error::{Error, Result};
use crate::core::data::ingest::{self, CleanupOptions, Outcome};
use crate::core::data::model::Cleanup;
use crate::core::data::store::Dataset;
use std::io::Write;
use std::path::Path;

/// Runs one command and returns its exit code.
pub fn run(command: Command) -> i32 {
    let result = match command {
        Command::Open { dir } => {
            if !crate::core::data::layout::is_dataset(&dir) {
                Err(Error::Usage(format!(
                    "{}: not a dataset folder (no dataset.json)",
                    dir.display()
                )))
            } else {
                Ok(open_app(Some(dir)))
            }
        }
        Command::New { dir, name, labels } => new(&dir, name, labels.as_deref()),
        Command::Import {
            dir,
            paths,
            keep_duplicates,
            keep_chrome,
            keep_pinyin,
            quiet,
        } => {
            let options = CleanupOptions {
                duplicates: !keep_duplicates,
                chrome: !keep_chrome,
                pinyin: !keep_pinyin,
            };
            import_paths(&dir, &paths, options, quiet)
        }
        Command::Validate { paths, format } => validate_paths(&paths, format),
        Command::Stats { dir, format } => report_commands::print_stats(&dir, format),
        Command::Table {
            source,
            annotator,
            release,
            format,
            out,
            no_bom,
        } => report_commands::table(
            &source,
            annotator.as_deref(),
            release.as_deref(),
            format,
            &out,
            !no_bom,
        ),
        Command::Export {
            source,
            format,
            out,
            annotator,
            release,
            split,
            offsets,
            quiet,
        } => exchange_commands::export(
            &source,
            &format,
            &out,
            annotator.as_deref(),
            release.as_deref(),
            split.as_deref(),
            &offsets,
            quiet,
        ),
        Command::ImportAnnotations {
            dir,
            format,
            annotator,
            path,
            create_documents,
            offsets,
            quiet,
        } => exchange_commands::import_annotations(
            &dir,
            &format,
            &annotator,
            &path,
            create_documents,
            &offsets,
            quiet,
        ),
        Command::Release {
            dir,
            version,
            message,
            annotator,
            status,
        } => exchange_commands::release(
            &dir,
            &version,
            &message,
            annotator.as_deref(),
            status.as_deref(),
        ),
        Command::Diff {
            dir,
            from,
            to,
            annotator,
            format,
        } => exchange_commands::diff(&dir, &from, &to, annotator.as_deref(), format),
        Command::Migrate { dir } => exchange_commands::migrate(&dir),
        Command::Adjudicate {
            dir,
            annotators,
            into,
            format,
        } => report_commands::adjudicate(&dir, &annotators, &into, format),
        Command::GitSetup { dir } => super::git_commands::git_setup(dir.as_deref()),
        Command::MergeAnnotations { base, ours, theirs } => {
            super::git_commands::merge_annotations(&base, &ours, &theirs)
        }
        Command::Suggest {
            dir,
            docs,
            annotator,
            model: None,
            link_spans_of,
        } => super::eval_commands::suggest(
            &dir,
            docs.as_deref(),
            annotator
                .as_deref()
                .unwrap_or(crate::core::data::annotators::RULES_ANNOTATOR),
            link_spans_of.as_deref(),
        ),
        Command::Suggest {
            dir,
            docs,
            annotator,
            model: Some(model),
            ..
        } => super::learn_commands::suggest(&dir, docs.as_deref(), annotator.as_deref(), &model),
        Command::Train {
            dir,
            annotator,
            docs,
            exclude_docs,
            out,
            seed,
            epochs,
            holdout,
            learning_rate,
            l2,
            rule_prior,
            rule_dropout,
        } => super::learn_commands::train(
            &dir,
            &annotator,
            super::learn_commands::Selection {
                docs: docs.as_deref(),
                exclude: exclude_docs.as_deref(),
            },
            &out,
            crate::core::suggest::learn::train::Options {
                epochs,
                seed,
                holdout,
                learning_rate,
                l2,
                rule_prior,
                rule_dropout,
                ..Default::default()
            },
        ),
        Command::Queue {
            dir,
            model,
            annotator,
            format,
        } => super::learn_commands::queue(&dir, &model, annotator.as_deref(), format),
        Command::Agree {
            dir,
            annotators,
            status,
            format,
        } => super::eval_commands::agree(&dir, annotators.as_deref(), status.as_deref(), format),
        Command::Eval {
            gold,
            pred,
            format,
            by_document,
            min_f1,
            scheme,
            relations,
        } => super::eval_commands::eval(super::eval_commands::EvalArgs {
            gold: &gold,
            pred: &pred,
            format: &format,
            by_document,
            min_f1,
            scheme: scheme.as_deref(),
            relations,
        }),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e}");
            e.exit_code()
        }
    }
}

fn new(dir: &Path, name: Option<String>, labels: Option<&Path>) -> Result<i32> {
    let labels_text = match labels {
        Some(p) => Some(std::fs::read_to_string(p).map_err(|e| Error::io(p, e))?),
        None => None,
    };
    let name = name.unwrap_or_else(|| {
        dir.file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "dataset".into())
    });
    let ds = Dataset::create(dir, &name, labels_text.as_deref())?;
    println!(
        "created dataset {:?} in {} with labels {}",
        name,
        dir.display(),
        ds.labels.label_names().join(", ")
    );
    Ok(0)
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
    paths: &[std::path::PathBuf],
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

fn validate_paths(paths: &[std::path::PathBuf], format: ValidateFormat) -> Result<i32> {
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
pub fn open_app(dir: Option<std::path::PathBuf>) -> i32 {
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
