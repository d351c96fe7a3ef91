//! `eval`: reads gold and predictions (JSONL export, DIR@VERSION or DIR#ANNOTATOR), matches
//! documents by id, and prints the scores.

use crate::core::error::{Error, Result};
use crate::core::eval::{self, Evaluation, SCHEMAS};
use crate::core::exchange::{self, Record};
use crate::core::model::Status;
use crate::core::release;
use crate::core::store::Dataset;
use std::collections::BTreeMap;
use std::path::Path;

/// Reads the records a source names.
pub fn read_source(source: &str) -> Result<Vec<Record>> {
    let as_path = Path::new(source);
    if as_path.is_file() {
        let bytes =
            crate::core::fsio::read_bounded(as_path, crate::core::fsio::MAX_JSON_BYTES * 4)?;
        let text = std::str::from_utf8(&bytes)
            .map_err(|e| Error::invalid(as_path, "", format!("not UTF-8: {e}")))?;
        return text
            .lines()
            .enumerate()
            .filter(|(_, l)| !l.trim().is_empty())
            .map(|(n, l)| {
                serde_json::from_str(l)
                    .map_err(|e| Error::invalid(as_path, format!("line {}", n + 1), e.to_string()))
            })
            .collect();
    }
    if let Some((dir, version)) = source.rsplit_once('@') {
        return release::records(Dataset::open(Path::new(dir))?.root(), version);
    }
    if let Some((dir, annotator)) = source.rsplit_once('#') {
        let ds = Dataset::open(Path::new(dir))?;
        if !ds.annotators()?.iter().any(|a| a == annotator) {
            return Err(Error::Usage(format!(
                "{dir} has no annotations by {annotator:?}"
            )));
        }
        // Documents the annotator never touched are not gold (or predictions) of anything.
        let records = exchange::working_records(&ds, annotator, None)?;
        return Ok(records
            .into_iter()
            .filter(|r| !(r.status == Status::Todo && r.spans.is_empty()))
            .collect());
    }
    Err(Error::Usage(format!(
        "{source}: not a file, DIR@VERSION or DIR#ANNOTATOR"
    )))
}

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

pub fn eval(
    gold: &str,
    pred: &str,
    format: &str,
    by_document: bool,
    min_f1: Option<f64>,
    scheme: Option<&str>,
) -> Result<i32> {
    if !matches!(format, "table" | "json" | "csv") {
        return Err(Error::Usage(format!(
            "--format {format:?}: use table, json or csv"
        )));
    }
    if let Some(s) = scheme
        && !SCHEMAS.contains(&s)
    {
        return Err(Error::Usage(format!(
            "--scheme {s:?}: use strict, exact, partial or type"
        )));
    }
    let gold_records = read_source(gold)?;
    let pred_records: BTreeMap<String, Record> = read_source(pred)?
        .into_iter()
        .map(|r| (r.id.clone(), r))
        .collect();
    let mut docs = Vec::with_capacity(gold_records.len());
    for g in gold_records {
        let p = match pred_records.get(&g.id) {
            Some(p) if p.sha256 != g.sha256 => {
                return Err(Error::invalid(
                    Path::new(pred),
                    format!("/{}", g.id),
                    format!(
                        "document {} has another text in the predictions (sha256 {} vs {}); offsets cannot be compared",
                        g.id, p.sha256, g.sha256
                    ),
                ));
            }
            Some(p) => p.spans.clone(),
            None => Vec::new(),
        };
        docs.push((g.id, g.spans, p));
    }
    let ev = eval::evaluate(&docs, by_document);
    match format {
        "json" => println!(
            "{}",
            serde_json::to_string_pretty(&ev).expect("scores serialise")
        ),
        "csv" => print_csv(&ev),
        _ => print_table(&ev),
    }
    if let (Some(min), Some(s)) = (min_f1, scheme) {
        let f1 = ev.overall[s].f1;
        if f1 < min {
            eprintln!("F1 under {s} is {f1:.4}, below the required {min}");
            return Ok(1);
        }
    }
    Ok(0)
}

pub fn agree(
    dir: &Path,
    annotators: Option<&str>,
    status: Option<&str>,
    format: super::ReportFormat,
) -> Result<i32> {
    let ds = Dataset::open(dir)?;
    let all = ds.annotators()?;
    let names: Vec<String> = match annotators {
        Some(list) => list.split(',').map(|a| a.trim().to_string()).collect(),
        None => all.clone(),
    };
    if names.len() < 2 {
        return Err(Error::Usage(format!(
            "agreement needs two or more annotators; the dataset has {}",
            all.join(", ")
        )));
    }
    for n in &names {
        if !all.contains(n) {
            return Err(Error::Usage(format!(
                "{} has no annotations by {n:?}",
                dir.display()
            )));
        }
    }
    let statuses: Option<Vec<Status>> = status
        .map(|s| {
            s.split(',')
                .map(|x| {
                    Status::parse(x.trim())
                        .ok_or_else(|| Error::Usage(format!("unknown status {x:?}")))
                })
                .collect()
        })
        .transpose()?;
    let mut docs = Vec::new();
    for entry in ds.documents() {
        let mut spans = Vec::with_capacity(names.len());
        for n in &names {
            match ds.annotation(n, &entry.id)? {
                Some(a) if statuses.as_ref().is_none_or(|st| st.contains(&a.status)) => {
                    spans.push(a.spans)
                }
                _ => break,
            }
        }
        if spans.len() == names.len() {
            docs.push(crate::core::agree::DocSpans {
                id: entry.id.clone(),
                chars: entry.chars,
                spans,
            });
        }
    }
    let report = crate::core::agree::agree(&names, &docs);
    if format == super::ReportFormat::Json {
        println!(
            "{}",
            serde_json::to_string_pretty(&report).expect("report serialises")
        );
        return Ok(0);
    }
    println!(
        "{} documents that all of {} annotated{}",
        report.documents,
        names.join(", "),
        status.map(|s| format!(" (status {s})")).unwrap_or_default()
    );
    for (title, matrix) in [
        ("span F1, exact match", &report.matrix_exact),
        ("span F1, overlap match", &report.matrix_overlap),
    ] {
        println!("\n{title}");
        print!("{:>14}", "");
        for n in &names {
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
    Ok(0)
}

pub fn suggest(dir: &Path, docs: Option<&str>, annotator: &str) -> Result<i32> {
    let mut ds = Dataset::open_for_writing(dir)?;
    let wanted: Option<Vec<&str>> = docs.map(|d| d.split(',').map(str::trim).collect());
    let done = crate::core::suggest_into::suggest_into(&mut ds, wanted.as_deref(), annotator)?;
    let per: Vec<String> = done.spans.iter().map(|(l, n)| format!("{l} {n}")).collect();
    println!(
        "{} documents suggested as {annotator}: {}",
        done.documents,
        per.join(", ")
    );
    Ok(0)
}
