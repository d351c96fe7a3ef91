//! The report subcommands: `stats`, `table` and `adjudicate`, each reading the dataset and
//! printing what it found, and `report`, which draws the dashboard's charts into a folder.

use super::{ReportFormat, TableFormat};
use crate::core::data::error::{Error, Result};
use crate::core::data::store::Dataset;
use crate::core::score::{dashboard, report_svg, stats};
use clap::{ArgAction, Args};
use std::path::{Path, PathBuf};

/// `biaozhu report`.
#[derive(Args, Debug)]
pub struct ReportArgs {
    /// The dataset.
    dir: PathBuf,
    /// The folder to write the charts (SVG) and index.html into; made when missing.
    #[arg(long)]
    out: PathBuf,
}

impl ReportArgs {
    pub fn run(self) -> Result<i32> {
        if self.out.exists() && !self.out.is_dir() {
            return Err(Error::Usage(format!(
                "--out {} is a file; give a folder",
                self.out.display()
            )));
        }
        let ds = Dataset::open(&self.dir)?;
        let d = dashboard::compute(&ds)?;
        for path in report_svg::write_report(&self.out, &d, &ds.manifest.name)? {
            println!("wrote {}", path.display());
        }
        let plural =
            |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
        println!(
            "{}, {}, {} compared",
            plural(d.documents, "document", "documents"),
            plural(d.annotators.len(), "human annotator", "human annotators"),
            plural(d.agreement.len(), "pair", "pairs")
        );
        Ok(0)
    }
}

/// `biaozhu stats`.
#[derive(Args, Debug)]
pub struct StatsArgs {
    /// The dataset.
    dir: PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    format: ReportFormat,
}

impl StatsArgs {
    pub fn run(self) -> Result<i32> {
        print_stats(&self.dir, self.format)
    }
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
        if let Some(line) = effort_line(&a.effort) {
            println!("  effort    {line}");
        }
    }
    Ok(0)
}

/// The recorded time in one line, when any document is timed.
fn effort_line(e: &stats::EffortStats) -> Option<String> {
    let per_doc = e.median_active_seconds_per_document?;
    let mut line = format!(
        "{} documents timed, median {per_doc:.1} s per document",
        e.documents_timed
    );
    if let Some(per_span) = e.median_active_seconds_per_span {
        line.push_str(&format!(", {per_span:.1} s per span"));
    }
    for (name, group) in [
        ("with suggestions", &e.with_suggestions),
        ("without", &e.without_suggestions),
    ] {
        if let Some(g) = group {
            line.push_str(&format!(
                "; {name} {:.1} s ({})",
                g.median_active_seconds_per_document, g.documents_timed
            ));
        }
    }
    Some(line)
}

/// `biaozhu table`.
#[derive(Args, Debug)]
pub struct TableArgs {
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
}

impl TableArgs {
    pub fn run(self) -> Result<i32> {
        table(
            &self.source,
            self.annotator.as_deref(),
            self.release.as_deref(),
            self.format,
            &self.out,
            !self.no_bom,
        )
    }
}

/// `table`: the investment table of a source, written to `out` (atomically) or stdout.
fn table(
    source: &str,
    annotator: Option<&str>,
    release: Option<&str>,
    format: TableFormat,
    out: &Path,
    bom: bool,
) -> Result<i32> {
    use crate::core::exchange::table::{self, TableError, TableFile};
    // The records are read a document at a time as the rows are written.
    let (records, labels) =
        crate::core::exchange::record_source::select_stream(source, annotator, release)?;
    // The table reads relations by role, so it follows the source's own label names.
    let shape = table::Investment::of(&labels);
    let file = match format {
        TableFormat::Csv => TableFile::Csv { bom },
        TableFormat::Jsonl => TableFile::Jsonl,
    };
    let mut read_failed = None;
    let mut counts = table::TableCounts::default();
    let mut write =
        |w: &mut dyn std::io::Write| match table::write_table(&*records, &shape, file, w) {
            Ok(c) => {
                counts = c;
                Ok(())
            }
            Err(TableError::Write(e)) => Err(e),
            Err(TableError::Read(e)) => {
                let io = std::io::Error::other(e.to_string());
                read_failed = Some(e);
                Err(io)
            }
        };
    if out == Path::new("-") {
        let stdout = std::io::stdout();
        let mut lock = std::io::BufWriter::new(stdout.lock());
        let written = write(&mut lock);
        if let Some(e) = read_failed {
            return Err(e);
        }
        match written {
            // A reader that stops early (`| head`) is not an error.
            Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {}
            other => other.map_err(|e| Error::io(out, e))?,
        }
    } else {
        let written = crate::core::data::fsio::write_atomic_with(out, &mut write);
        if let Some(e) = read_failed {
            return Err(e);
        }
        written?;
        eprintln!(
            "{} rows from {} documents ({} rows lack an amount or a region) -> {}",
            counts.rows,
            counts.documents,
            counts.lacking,
            out.display()
        );
    }
    Ok(0)
}

/// `biaozhu adjudicate`.
#[derive(Args, Debug)]
pub struct AdjudicateArgs {
    /// The dataset.
    dir: PathBuf,
    /// The two annotators to review, as a,b.
    #[arg(long, required = true, value_delimiter = ',', action = ArgAction::Set)]
    annotators: Vec<String>,
    /// The annotator to write into.
    #[arg(long, default_value = crate::core::annotate::review::ADJUDICATED)]
    into: String,
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    format: ReportFormat,
}

impl AdjudicateArgs {
    pub fn run(self) -> Result<i32> {
        let [a, b] = &self.annotators[..] else {
            return Err(Error::Usage(format!(
                "--annotators takes two names, as a,b; got {:?}",
                self.annotators.join(",")
            )));
        };
        adjudicate(&self.dir, [a.trim(), b.trim()], &self.into, self.format)
    }
}

fn adjudicate(dir: &Path, [a, b]: [&str; 2], into: &str, format: ReportFormat) -> Result<i32> {
    let mut ds = Dataset::open_for_writing(dir)?;
    let reviews = crate::core::annotate::review::adjudicate(&mut ds, a, b, into)?;
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
