//! The scores: `eval` reads gold and predictions (JSONL export, DIR@VERSION or DIR#ANNOTATOR),
//! matches documents by id, and prints the scores; `agree` compares a dataset's annotators.

use super::choices;
use super::{EvalFormat, ReportFormat, Scheme};
use crate::core::data::error::{Error, Result};
use crate::core::data::model::Span;
use crate::core::data::model::Status;
use crate::core::data::store::Dataset;
use crate::core::exchange::formats::Record;
use crate::core::exchange::record_source::read_source;
use crate::core::score::agree;
use crate::core::score::eval::{self, Evaluation, SCHEMAS};
use crate::core::score::relation_eval::{self, MATCHINGS, RelationEvaluation};
use clap::{ArgAction, Args};
use std::path::{Path, PathBuf};

fn print_table(ev: &Evaluation) {
    println!("{} documents", ev.documents);
    println!(
        "{:<10} {:<8} {:>5} {:>5} {:>5} {:>5} {:>5} {:>9} {:>9} {:>9}",
        "scope", "schema", "COR", "INC", "PAR", "MIS", "SPU", "precision", "recall", "F1"
    );
    let row = |scope: &str, scores: &eval::SchemaScores| {
        for schema in SCHEMAS {
            let s = &scores[schema];
            println!(
                "{scope:<10} {schema:<8} {:>5} {:>5} {:>5} {:>5} {:>5} {:>9.4} {:>9.4} {:>9.4}",
                s.cor, s.inc, s.par, s.mis, s.spu, s.precision, s.recall, s.f1
            );
        }
    };
    row("overall", &ev.overall);
    for (label, scores) in &ev.labels {
        row(label, scores);
    }
    for schema in SCHEMAS {
        let m = &ev.macro_avg[schema];
        println!(
            "{:<10} {schema:<8} {:>5} {:>5} {:>5} {:>5} {:>5} {:>9.4} {:>9.4} {:>9.4}",
            "macro", "", "", "", "", "", m.precision, m.recall, m.f1
        );
    }
}

fn print_csv(ev: &Evaluation) {
    println!("scope,label,schema,cor,inc,par,mis,spu,precision,recall,f1");
    let mut rows: Vec<(&str, &str, &eval::SchemaScores)> = vec![("overall", "", &ev.overall)];
    rows.extend(ev.labels.iter().map(|(l, s)| ("label", l.as_str(), s)));
    if let Some(docs) = &ev.by_document {
        rows.extend(docs.iter().map(|(d, s)| ("document", d.as_str(), s)));
    }
    for (scope, label, scores) in rows {
        for schema in SCHEMAS {
            let s = &scores[schema];
            println!(
                "{scope},{label},{schema},{},{},{},{},{},{},{},{}",
                s.cor, s.inc, s.par, s.mis, s.spu, s.precision, s.recall, s.f1
            );
        }
    }
    for schema in SCHEMAS {
        let m = &ev.macro_avg[schema];
        println!("macro,,{schema},,,,,,{},{},{}", m.precision, m.recall, m.f1);
    }
}

/// Prints relation scores as a table.
fn print_relations_table(documents: usize, ev: &RelationEvaluation) {
    println!("{documents} documents; relations");
    println!(
        "{:<12} {:<8} {:>5} {:>5} {:>5} {:>9} {:>9} {:>9}",
        "type", "matching", "TP", "FP", "FN", "precision", "recall", "F1"
    );
    for matching in MATCHINGS {
        let m = &ev[matching];
        let rows = std::iter::once(("micro", &m.micro))
            .chain(m.types.iter().map(|(k, s)| (k.as_str(), s)));
        for (kind, s) in rows {
            println!(
                "{kind:<12} {matching:<8} {:>5} {:>5} {:>5} {:>9.4} {:>9.4} {:>9.4}",
                s.tp, s.fp, s.fn_, s.precision, s.recall, s.f1
            );
        }
        println!(
            "{:<12} {matching:<8} {:>5} {:>5} {:>5} {:>9.4} {:>9.4} {:>9.4}",
            "macro", "", "", "", m.macro_avg.precision, m.macro_avg.recall, m.macro_avg.f1
        );
    }
}

/// Prints relation scores as CSV.
fn print_relations_csv(ev: &RelationEvaluation) {
    println!("scope,type,matching,tp,fp,fn,precision,recall,f1");
    for matching in MATCHINGS {
        let m = &ev[matching];
        println!(
            "micro,,{matching},{},{},{},{},{},{}",
            m.micro.tp, m.micro.fp, m.micro.fn_, m.micro.precision, m.micro.recall, m.micro.f1
        );
        for (kind, s) in &m.types {
            println!(
                "type,{kind},{matching},{},{},{},{},{},{}",
                s.tp, s.fp, s.fn_, s.precision, s.recall, s.f1
            );
        }
        let a = &m.macro_avg;
        println!("macro,,{matching},,,,{},{},{}", a.precision, a.recall, a.f1);
    }
}

/// `biaozhu eval`.
#[derive(Args, Debug)]
pub struct EvalArgs {
    /// Gold: a jsonl file (an export, or lines of just `id`, `text` and `spans` of `start`,
    /// `end`, `label`), DIR@VERSION (a release) or DIR#ANNOTATOR (a working copy).
    #[arg(long)]
    gold: String,
    /// Predictions, in the same forms.
    #[arg(long)]
    pred: String,
    /// Output format: table, json or csv.
    #[arg(long, default_value = "table", value_parser = choices::EVAL_FORMAT)]
    format: EvalFormat,
    /// Also score each document.
    #[arg(long)]
    by_document: bool,
    /// Exit 1 when F1 under --scheme falls below this.
    #[arg(long, requires = "scheme")]
    min_f1: Option<f64>,
    /// The schema --min-f1 applies to: strict, exact, partial or type (with --relations:
    /// strict or lenient).
    #[arg(long, value_parser = choices::SCHEME)]
    scheme: Option<Scheme>,
    /// Score relations instead of spans: strict (both ends match exactly, same type) and
    /// lenient (both ends overlap, same type), per type, micro and macro.
    #[arg(long)]
    relations: bool,
}

impl EvalArgs {
    pub fn run(self) -> Result<i32> {
        let schemes: &[&str] = if self.relations { &MATCHINGS } else { &SCHEMAS };
        let scheme = self.scheme.map(Scheme::name);
        if let Some(s) = scheme
            && !schemes.contains(&s)
        {
            return Err(Error::Usage(format!(
                "--scheme {s:?}: use {}",
                schemes.join(", ")
            )));
        }
        let gold = read_source(&self.gold)?;
        let pred = read_source(&self.pred)?;
        for note in &pred.assumed {
            eprintln!("{}: assumed for {note}", self.pred);
        }
        for note in &gold.assumed {
            eprintln!("{}: assumed for {note}", self.gold);
        }
        let pairs = eval::pair_records(Path::new(&self.pred), gold.records, pred.records)?;
        let f1 = if self.relations {
            score_relations(&pairs, self.format, scheme)
        } else {
            score_spans(pairs, self.format, self.by_document, scheme)
        };
        if let (Some(min), Some(f1), Some(s)) = (self.min_f1, f1, scheme)
            && f1 < min
        {
            eprintln!("F1 under {s} is {f1:.4}, below the required {min}");
            return Ok(1);
        }
        Ok(0)
    }
}

/// Scores and prints the spans of `pairs`; returns the overall F1 under `scheme`.
fn score_spans(
    pairs: Vec<(Record, Option<Record>)>,
    format: EvalFormat,
    by_document: bool,
    scheme: Option<&str>,
) -> Option<f64> {
    let docs: Vec<(String, Vec<Span>, Vec<Span>)> = pairs
        .into_iter()
        .map(|(g, p)| (g.id, g.spans, p.map(|p| p.spans).unwrap_or_default()))
        .collect();
    let ev = eval::evaluate(&docs, by_document);
    match format {
        EvalFormat::Json => println!(
            "{}",
            serde_json::to_string_pretty(&ev).expect("scores serialise")
        ),
        EvalFormat::Csv => print_csv(&ev),
        EvalFormat::Table => print_table(&ev),
    }
    scheme.map(|s| ev.overall[s].f1)
}

/// Scores and prints the relations of `pairs`; returns the micro F1 under `scheme`.
fn score_relations(
    pairs: &[(Record, Option<Record>)],
    format: EvalFormat,
    scheme: Option<&str>,
) -> Option<f64> {
    fn side(r: &Record) -> relation_eval::Side<'_> {
        relation_eval::Side {
            spans: &r.spans,
            relations: &r.relations,
        }
    }
    let nothing = relation_eval::Side {
        spans: &[],
        relations: &[],
    };
    let sides: Vec<_> = pairs
        .iter()
        .map(|(g, p)| (side(g), p.as_ref().map_or(nothing, side)))
        .collect();
    let ev = relation_eval::evaluate(&sides);
    match format {
        EvalFormat::Json => println!(
            "{}",
            serde_json::to_string_pretty(
                &serde_json::json!({"documents": pairs.len(), "relations": ev})
            )
            .expect("scores serialise")
        ),
        EvalFormat::Csv => print_relations_csv(&ev),
        EvalFormat::Table => print_relations_table(pairs.len(), &ev),
    }
    scheme.map(|s| ev[s].micro.f1)
}

/// `biaozhu agree`.
#[derive(Args, Debug)]
pub struct AgreeArgs {
    /// The dataset.
    dir: PathBuf,
    /// The annotators to compare, as a,b,c (default: all).
    #[arg(long, value_delimiter = ',', action = ArgAction::Set)]
    annotators: Option<Vec<String>>,
    /// Only documents every annotator has marked with one of these statuses, as in done.
    #[arg(long, value_delimiter = ',', action = ArgAction::Set, value_parser = choices::STATUS)]
    status: Option<Vec<Status>>,
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    format: ReportFormat,
}

impl AgreeArgs {
    pub fn run(self) -> Result<i32> {
        let ds = Dataset::open(&self.dir)?;
        let (names, docs) =
            agree::collect(&ds, self.annotators.as_deref(), self.status.as_deref())?;
        let report = agree::agree(&names, &docs);
        if self.format == ReportFormat::Json {
            println!(
                "{}",
                serde_json::to_string_pretty(&report).expect("report serialises")
            );
            return Ok(0);
        }
        let status = self.status.as_ref().map(|list| {
            let names: Vec<&str> = list.iter().map(|s| s.as_str()).collect();
            format!(" (status {})", names.join(","))
        });
        println!(
            "{} documents that all of {} annotated{}",
            report.documents,
            names.join(", "),
            status.unwrap_or_default()
        );
        print_matrices(&report);
        print_pairs(&report);
        print_disagreements(&report);
        Ok(0)
    }
}

/// The span F1 matrices, exact and overlap.
fn print_matrices(report: &agree::Agreement) {
    let names = &report.annotators;
    for (title, matrix) in [
        ("span F1, exact match", &report.matrix_exact),
        ("span F1, overlap match", &report.matrix_overlap),
    ] {
        println!("\n{title}");
        print!("{:>14}", "");
        for n in names {
            print!(" {n:>14}");
        }
        println!();
        for (i, row) in matrix.iter().enumerate() {
            print!("{:>14}", names[i]);
            for v in row {
                print!(" {v:>14.4}");
            }
            println!();
        }
    }
}

/// Relation F1, kappa and exact F1 per label, per pair.
fn print_pairs(report: &agree::Agreement) {
    println!("\npair                      relations  strict F1  lenient F1");
    for p in &report.pairs {
        println!(
            "{:<24} {:>10} {:>10.4} {:>11.4}",
            format!("{} / {}", p.a, p.b),
            format!("{}/{}", p.relations.a, p.relations.b),
            p.relations.strict,
            p.relations.lenient
        );
    }
    println!("\npair                      kappa   exact F1 per label");
    for p in &report.pairs {
        let per: Vec<String> = p
            .exact
            .labels
            .iter()
            .map(|(l, f)| format!("{l} {f:.3}"))
            .collect();
        println!(
            "{:<24} {:>6.4}   {}",
            format!("{} / {}", p.a, p.b),
            p.kappa,
            per.join(", ")
        );
    }
}

/// Per document, the spans its annotators disagree on.
fn print_disagreements(report: &agree::Agreement) {
    for (doc, list) in &report.disagreements {
        println!("\n{doc}: {} disagreements", list.len());
        for d in list {
            println!(
                "  {} {}..{} {:?}: only {} (not {})",
                d.label,
                d.start,
                d.end,
                d.text,
                d.annotator,
                d.missing_for.join(", ")
            );
        }
    }
}
