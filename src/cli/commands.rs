//! The bodies of the subcommands: each reads its arguments, calls the core and prints.

use super::exchange_commands;
use super::progress::Progress;
use super::{Command, ReportFormat, ValidateFormat};
use crate::core::error::{Error, Result};
use crate::core::import::{self, CleanupOptions, Outcome};
use crate::core::model::Cleanup;
use crate::core::stats;
use crate::core::store::Dataset;
use crate::core::validate;
use std::io::Write;
use std::path::Path;

/// Runs one command and returns its exit code.
pub fn run(command: Command) -> i32 {
    let result = match command {
        Command::Open { dir } => {
            if !crate::core::layout::is_dataset(&dir) {
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
        Command::Stats { dir, format } => print_stats(&dir, format),
        Command::Table {
            source,
            annotator,
            release,
            format,
            out,
            no_bom,
        } => table(
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
        } => adjudicate(&dir, &annotators, &into, format),
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
                .unwrap_or(crate::core::suggest_into::RULES_ANNOTATOR),
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
        } => super::learn_commands::train(
            &dir,
            &annotator,
            super::learn_commands::Selection {
                docs: docs.as_deref(),
                exclude: exclude_docs.as_deref(),
            },
            &out,
            crate::core::learn::train::Options {
                epochs,
                seed,
                holdout,
                learning_rate,
                l2,
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
    let rules = import::dataset_chrome_rules(&ds)?;
    let (files, skipped) = import::collect_files(paths)?;
    let mut progress = Progress::new("files", Some(files.len()), quiet);
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let summary = import::import_files(&mut ds, &files, &rules, options, |file, outcome| {
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
        ValidateFormat::Github => print!("{}", crate::core::ci_report::github(&report)),
        ValidateFormat::Sarif => println!(
            "{}",
            serde_json::to_string_pretty(&crate::core::ci_report::sarif(&report))
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

fn print_stats(dir: &Path, format: ReportFormat) -> Result<i32> {
    let ds = Dataset::open(dir)?;
    let s = stats::compute(&ds)?;
    if format == ReportFormat::Json {
        println!(
            "{}",
            serde_json::to_string_pretty(&s).expect("stats serialise")
        );
        return Ok(0);
    }
    println!("dataset     {}", ds.manifest.name);
    println!("documents   {}", s.documents);
    println!("characters  {}", s.characters);
    if s.annotators.is_empty() {
        println!("no annotations yet");
    }
    for (name, a) in &s.annotators {
        println!();
        println!("annotator {name}: {} files", a.files);
        let spans: Vec<String> = a.spans.iter().map(|(l, n)| format!("{l} {n}")).collect();
        let total: usize = a.spans.values().sum();
        println!("  spans     {total} ({})", spans.join(", "));
        let kinds: Vec<String> = a
            .relation_types
            .iter()
            .map(|(k, n)| format!("{k} {n}"))
            .collect();
        println!("  relations {} ({})", a.relations, kinds.join(", "));
        let statuses: Vec<String> = a
            .statuses
            .iter()
            .map(|(st, n)| format!("{st} {n}"))
            .collect();
        println!("  statuses  {}", statuses.join(", "));
    }
    Ok(0)
}

/// `table`: the investment table of a source, written to `out` (atomically) or stdout.
fn table(
    source: &str,
    annotator: Option<&str>,
    release: Option<&str>,
    format: super::TableFormat,
    out: &Path,
    bom: bool,
) -> Result<i32> {
    use crate::core::table;
    let records = crate::core::record_source::select(source, annotator, release)?;
    let rows: Vec<table::Row> = records.iter().flat_map(table::rows).collect();
    let write = |w: &mut dyn std::io::Write| match format {
        super::TableFormat::Csv => table::write_csv(&rows, bom, w),
        super::TableFormat::Jsonl => table::write_jsonl(&rows, w),
    };
    if out == Path::new("-") {
        let stdout = std::io::stdout();
        let mut lock = stdout.lock();
        match write(&mut lock) {
            // A reader that stops early (`| head`) is not an error.
            Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {}
            other => other.map_err(|e| Error::io(out, e))?,
        }
    } else {
        crate::core::fsio::write_atomic_with(out, write)?;
        let missing = rows.iter().filter(|r| !r.missing().is_empty()).count();
        eprintln!(
            "{} rows from {} documents ({missing} rows lack an amount or a region) -> {}",
            rows.len(),
            records.len(),
            out.display()
        );
    }
    Ok(0)
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

fn adjudicate(dir: &Path, annotators: &str, into: &str, format: ReportFormat) -> Result<i32> {
    let names: Vec<&str> = annotators.split(',').map(str::trim).collect();
    let [a, b] = names[..] else {
        return Err(Error::Usage(format!(
            "--annotators takes two names, as a,b; got {annotators:?}"
        )));
    };
    let mut ds = Dataset::open_for_writing(dir)?;
    let reviews = crate::core::review::adjudicate(&mut ds, a, b, into)?;
    let left: usize = reviews.iter().map(|r| r.differences.len()).sum();
    match format {
        ReportFormat::Json => println!(
            "{}",
            serde_json::to_string_pretty(&serde_json::json!({
                "annotators": [a, b],
                "into": into,
                "differences": left,
                "documents": reviews,
            }))
            .expect("a review serialises")
        ),
        ReportFormat::Text => {
            for r in &reviews {
                println!(
                    "{}: {} agreed ({} added to {into}), {} differences; relations: {} agreed ({} added), {} differences",
                    r.document,
                    r.agreed,
                    r.added,
                    r.differences.len(),
                    r.relations_agreed,
                    r.relations_added,
                    r.relation_differences.len()
                );
                for d in &r.differences {
                    println!(
                        "  only {}: {}..{} {} {:?}",
                        d.only_in, d.start, d.end, d.label, d.text
                    );
                }
                for d in &r.relation_differences {
                    println!(
                        "  only {}: {} {}..{} {} -> {}..{} {}",
                        d.only_in, d.kind, d.from.0, d.from.1, d.from.2, d.to.0, d.to.1, d.to.2
                    );
                }
            }
            println!(
                "{} documents reviewed into {into}; {left} differences left{}",
                reviews.len(),
                if left > 0 {
                    ": settle each in the app (Review menu: A accepts, X rejects), then run adjudicate again"
                } else {
                    ""
                }
            );
        }
    }
    Ok(if left > 0 { 1 } else { 0 })
}
