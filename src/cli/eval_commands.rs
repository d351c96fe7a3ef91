//! `eval`: reads gold and predictions (JSONL export, DIR@VERSION or DIR#ANNOTATOR), matches
//! documents by id, and prints the scores.

use crate::core::data::error::{Error, Result};
use crate::core::data::model::Span;
use crate::core::data::model::Status;
use crate::core::data::store::Dataset;
use crate::core::exchange::formats::Record;
use crate::core::exchange::record_source::read_source;
use crate::core::score::eval::{self, Evaluation, SCHEMAS};
use crate::core::score::relation_eval::{self, MATCHINGS, RelationEvaluation};
use std::collections::BTreeMap;
use std::path::Path;

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

/// What `eval` is asked for.
pub struct EvalArgs<'a> {
    pub gold: &'a str,
    pub pred: &'a str,
    pub format: &'a str,
    pub by_document: bool,
    pub min_f1: Option<f64>,
    pub scheme: Option<&'a str>,
    pub relations: bool,
}

/// Pairs every gold record with the predicted record of the same id (or none), refusing a
/// prediction made on another text.
fn pair_records(
    pred_path: &str,
    gold: Vec<Record>,
    pred: Vec<Record>,
) -> Result<Vec<(Record, Option<Record>)>> {
    let mut by_id: BTreeMap<String, Record> = pred.into_iter().map(|r| (r.id.clone(), r)).collect();
    gold.into_iter()
        .map(|g| {
            let p = by_id.remove(&g.id);
            if let Some(p) = &p
                && !p.sha256.is_empty()
                && p.sha256 != g.sha256
            {
                return Err(Error::invalid(
                    Path::new(pred_path),
                    format!("/{}", g.id),
                    format!(
                        "document {} has another text in the predictions (sha256 {} vs {}); offsets cannot be compared",
                        g.id, p.sha256, g.sha256
                    ),
                ));
            }
            Ok((g, p))
        })
        .collect()
}

pub fn eval(a: EvalArgs<'_>) -> Result<i32> {
    if !matches!(a.format, "table" | "json" | "csv") {
        return Err(Error::Usage(format!(
            "--format {:?}: use table, json or csv",
            a.format
        )));
    }
    let schemes: &[&str] = if a.relations { &MATCHINGS } else { &SCHEMAS };
    if let Some(s) = a.scheme
        && !schemes.contains(&s)
    {
        return Err(Error::Usage(format!(
            "--scheme {s:?}: use {}",
            schemes.join(", ")
        )));
    }
    let gold = read_source(a.gold)?;
    let pred = read_source(a.pred)?;
    for note in &pred.assumed {
        eprintln!("{}: assumed for {note}", a.pred);
    }
    for note in &gold.assumed {
        eprintln!("{}: assumed for {note}", a.gold);
    }
    let pairs = pair_records(a.pred, gold.records, pred.records)?;
    let f1 = if a.relations {
        let sides: Vec<_> = pairs
            .iter()
            .map(|(g, p)| {
                let gold = relation_eval::Side {
                    spans: &g.spans,
                    relations: &g.relations,
                };
                let pred = match p {
                    Some(p) => relation_eval::Side {
                        spans: &p.spans,
                        relations: &p.relations,
                    },
                    None => relation_eval::Side {
                        spans: &[],
                        relations: &[],
                    },
                };
                (gold, pred)
            })
            .collect();
        let ev = relation_eval::evaluate(&sides);
        match a.format {
            "json" => println!(
                "{}",
                serde_json::to_string_pretty(
                    &serde_json::json!({"documents": pairs.len(), "relations": ev})
                )
                .expect("scores serialise")
            ),
            "csv" => print_relations_csv(&ev),
            _ => print_relations_table(pairs.len(), &ev),
        }
        a.scheme.map(|s| ev[s].micro.f1)
    } else {
        let docs: Vec<(String, Vec<Span>, Vec<Span>)> = pairs
            .into_iter()
            .map(|(g, p)| (g.id, g.spans, p.map(|p| p.spans).unwrap_or_default()))
            .collect();
        let ev = eval::evaluate(&docs, a.by_document);
        match a.format {
            "json" => println!(
                "{}",
                serde_json::to_string_pretty(&ev).expect("scores serialise")
            ),
            "csv" => print_csv(&ev),
            _ => print_table(&ev),
        }
        a.scheme.map(|s| ev.overall[s].f1)
    };
    if let (Some(min), Some(f1), Some(s)) = (a.min_f1, f1, a.scheme)
        && f1 < min
    {
        eprintln!("F1 under {s} is {f1:.4}, below the required {min}");
        return Ok(1);
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
        let mut relations = Vec::with_capacity(names.len());
        for n in &names {
            match ds.annotation(n, &entry.id)? {
                Some(a) if statuses.as_ref().is_none_or(|st| st.contains(&a.status)) => {
                    spans.push(a.spans);
                    relations.push(a.relations);
                }
                _ => break,
            }
        }
        if spans.len() == names.len() {
            docs.push(crate::core::score::agree::DocSpans {
                id: entry.id.clone(),
                chars: entry.chars,
                spans,
                relations,
            });
        }
    }
    let report = crate::core::score::agree::agree(&names, &docs);
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

pub fn suggest(
    dir: &Path,
    docs: Option<&str>,
    annotator: &str,
    link_spans_of: Option<&str>,
) -> Result<i32> {
    let mut ds = Dataset::open_for_writing(dir)?;
    let wanted: Option<Vec<&str>> = docs.map(|d| d.split(',').map(str::trim).collect());
    let done = match link_spans_of {
        Some(from) => crate::core::suggest::into_dataset::link_into(
            &mut ds,
            wanted.as_deref(),
            from,
            annotator,
        )?,
        None => {
            crate::core::suggest::into_dataset::suggest_into(&mut ds, wanted.as_deref(), annotator)?
        }
    };
    let (spans, relations) = done.counts();
    println!(
        "{} documents suggested as {annotator}: {spans}; relations: {relations}",
        done.documents
    );
    Ok(0)
}
