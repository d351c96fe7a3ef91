//! The investment table: one row per project mention that has at least one relation, with its
//! amount, region and mechanisms read from the typed attributes of the linked spans. Used by
//! `biaozhu table` (CSV or JSONL) and by the app's Projects view.
//!
//! The combination rule: a project with several amounts or regions gets one row per
//! (amount, region) pair, amounts and regions each in text order; a project with amounts but no
//! region (or the reverse) gets one row per amount (or region) with the other columns empty.
//! Mechanisms are not multiplied: every row of the project lists all of them, joined with `;`
//! in text order. Values come only from the attributes; a missing one is empty, never guessed.

use crate::core::data::labels::{LabelSchema, Role};
use crate::core::data::model::{Attrs, DocumentMeta, Relation, Span};
use crate::core::exchange::formats::Record;
use serde::Serialize;
use serde_json::Value;
use std::collections::BTreeMap;

/// The columns, in order.
pub const COLUMNS: [&str; 16] = [
    "document",
    "title",
    "date",
    "project",
    "project_start",
    "project_end",
    "amount",
    "amount_value",
    "currency",
    "qualifier",
    "value_min",
    "value_max",
    "region",
    "adcode",
    "canonical",
    "mechanisms",
];

/// One row of the table. Missing values are `None` (empty in CSV, null in JSONL).
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Row {
    pub document: String,
    pub title: String,
    pub date: Option<String>,
    pub project: String,
    pub project_start: usize,
    pub project_end: usize,
    pub amount: Option<String>,
    pub amount_value: Option<Value>,
    pub currency: Option<String>,
    pub qualifier: Option<String>,
    pub value_min: Option<Value>,
    pub value_max: Option<Value>,
    pub region: Option<String>,
    pub adcode: Option<String>,
    pub canonical: Option<String>,
    pub mechanisms: String,
    /// The id of the project span (for the app: a click selects it); not a column.
    #[serde(skip)]
    pub project_span: String,
}

impl Row {
    /// What the row lacks that an investment needs: "amount", "region" or both.
    pub fn missing(&self) -> Vec<&'static str> {
        let mut out = Vec::new();
        if self.amount.is_none() {
            out.push("amount");
        }
        if self.region.is_none() {
            out.push("region");
        }
        out
    }

    /// The cells as text, in `COLUMNS` order (empty for missing values).
    pub fn cells(&self) -> Vec<String> {
        let opt = |v: &Option<String>| v.clone().unwrap_or_default();
        let num = |v: &Option<Value>| v.as_ref().map(value_text).unwrap_or_default();
        vec![
            self.document.clone(),
            self.title.clone(),
            opt(&self.date),
            self.project.clone(),
            self.project_start.to_string(),
            self.project_end.to_string(),
            opt(&self.amount),
            num(&self.amount_value),
            opt(&self.currency),
            opt(&self.qualifier),
            num(&self.value_min),
            num(&self.value_max),
            opt(&self.region),
            opt(&self.adcode),
            opt(&self.canonical),
            self.mechanisms.clone(),
        ]
    }
}

/// A number as a person writes it: integral values without a fraction or exponent
/// (2000000000, not 2e9 or 2000000000.0).
pub fn value_text(v: &Value) -> String {
    match v {
        Value::Number(n) => match n.as_f64() {
            Some(f) if f.fract() == 0.0 && f.abs() < 1e15 && n.is_f64() => format!("{f:.0}"),
            _ => n.to_string(),
        },
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

fn text_attr(attrs: &Attrs, key: &str) -> Option<String> {
    match attrs.get(key)? {
        Value::Null => None,
        Value::String(s) if s.is_empty() => None,
        v => Some(value_text(v)),
    }
}

fn number_attr(attrs: &Attrs, key: &str) -> Option<Value> {
    attrs.get(key).filter(|v| v.is_number()).cloned()
}

/// What makes an investment in a label schema, by role: the label of projects and the relation
/// types from it to the amount (`Money`), region (`Place`) and mechanism labels. The table and
/// the Projects view read relations through it, so they work whatever the labels are called.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Investment {
    /// The label with the `Project` role.
    pub project: Option<String>,
    /// The relation type from projects to amounts.
    pub has_amount: Option<String>,
    /// The relation type from projects to regions.
    pub located_in: Option<String>,
    /// The relation type from projects to mechanisms.
    pub uses: Option<String>,
}

impl Investment {
    /// The investment shape of `labels`.
    pub fn of(labels: &LabelSchema) -> Self {
        let to = |role| {
            labels
                .relation_for(Role::Project, role)
                .map(|r| r.name.clone())
        };
        Investment {
            project: labels.label_for(Role::Project).map(str::to_string),
            has_amount: to(Role::Money),
            located_in: to(Role::Place),
            uses: to(Role::Mechanism),
        }
    }

    /// The shape of the default labels, for records read without their dataset's labels.
    pub fn default_labels() -> Self {
        Self::of(&LabelSchema::default_schema())
    }

    fn is_project(&self, span: &Span) -> bool {
        self.project.as_deref() == Some(span.label.as_str())
    }
}

/// The rows of one record whose labels have the shape `shape`.
pub fn rows(r: &Record, shape: &Investment) -> Vec<Row> {
    document_rows(&r.id, &r.meta, &r.spans, &r.relations, shape)
}

/// The rows of one document's spans and relations (the app's Projects view reads these).
pub fn document_rows(
    document: &str,
    meta: &DocumentMeta,
    spans: &[Span],
    relations: &[Relation],
    shape: &Investment,
) -> Vec<Row> {
    let by_id: BTreeMap<&str, &Span> = spans.iter().map(|s| (s.id.as_str(), s)).collect();
    let mut projects: Vec<&Span> = spans.iter().filter(|s| shape.is_project(s)).collect();
    projects.sort_by_key(|s| (s.start, s.end));
    // The relations by their source span, so each project looks only at its own (the app's
    // Projects view calls this every frame on documents with thousands of both).
    let mut from: BTreeMap<&str, Vec<&Relation>> = BTreeMap::new();
    for rel in relations {
        from.entry(rel.from.as_str()).or_default().push(rel);
    }
    let mut out = Vec::new();
    for p in projects {
        let own = from.get(p.id.as_str()).map(Vec::as_slice).unwrap_or(&[]);
        let linked = |kind: &Option<String>| {
            let mut v: Vec<&Span> = own
                .iter()
                .filter(|rel| kind.as_deref() == Some(rel.kind.as_str()))
                .filter_map(|rel| by_id.get(rel.to.as_str()).copied())
                .collect();
            v.sort_by_key(|s| (s.start, s.end));
            v.dedup_by_key(|s| s.id.clone());
            v
        };
        let (amounts, regions, mechanisms) = (
            linked(&shape.has_amount),
            linked(&shape.located_in),
            linked(&shape.uses),
        );
        if amounts.is_empty() && regions.is_empty() && mechanisms.is_empty() {
            continue;
        }
        let base = Row {
            document: document.to_string(),
            title: meta.title.clone(),
            date: meta.date.clone(),
            project: p.text.clone(),
            project_start: p.start,
            project_end: p.end,
            mechanisms: mechanisms
                .iter()
                .map(|m| m.text.as_str())
                .collect::<Vec<_>>()
                .join(";"),
            project_span: p.id.clone(),
            ..Row::default()
        };
        let amount_options: Vec<Option<&Span>> = if amounts.is_empty() {
            vec![None]
        } else {
            amounts.into_iter().map(Some).collect()
        };
        let region_options: Vec<Option<&Span>> = if regions.is_empty() {
            vec![None]
        } else {
            regions.into_iter().map(Some).collect()
        };
        for a in &amount_options {
            for g in &region_options {
                let mut row = base.clone();
                if let Some(a) = a {
                    row.amount = Some(a.text.clone());
                    row.amount_value = number_attr(&a.attrs, "value");
                    row.currency = text_attr(&a.attrs, "currency");
                    row.qualifier = text_attr(&a.attrs, "qualifier");
                    row.value_min = number_attr(&a.attrs, "value_min");
                    row.value_max = number_attr(&a.attrs, "value_max");
                }
                if let Some(g) = g {
                    row.region = Some(g.text.clone());
                    row.adcode = text_attr(&g.attrs, "adcode");
                    row.canonical = text_attr(&g.attrs, "canonical");
                }
                out.push(row);
            }
        }
    }
    out
}

/// The project spans that lack an amount or a region (no `has_amount` or no `located_in`
/// relation), with what each lacks, in text order.
pub fn projects_lacking<'a>(
    spans: &'a [Span],
    relations: &[Relation],
    shape: &Investment,
) -> Vec<(&'a Span, Vec<&'static str>)> {
    // One pass over the relations, so a document with thousands of both stays cheap per frame.
    let linked: std::collections::HashSet<(&str, &str)> = relations
        .iter()
        .map(|r| (r.from.as_str(), r.kind.as_str()))
        .collect();
    spans
        .iter()
        .filter(|s| shape.is_project(s))
        .filter_map(|p| {
            let has = |kind: &Option<String>| {
                kind.as_deref()
                    .is_some_and(|k| linked.contains(&(p.id.as_str(), k)))
            };
            let mut lacks = Vec::new();
            if !has(&shape.has_amount) {
                lacks.push("amount");
            }
            if !has(&shape.located_in) {
                lacks.push("region");
            }
            (!lacks.is_empty()).then_some((p, lacks))
        })
        .collect()
}

/// A CSV field with RFC 4180 quoting: in double quotes, inner quotes doubled, when it holds a
/// comma, a quote or a line break, or starts or ends with a space.
fn csv_field(field: &str) -> std::borrow::Cow<'_, str> {
    let needs =
        field.contains([',', '"', '\r', '\n']) || field.starts_with(' ') || field.ends_with(' ');
    if needs {
        format!("\"{}\"", field.replace('"', "\"\"")).into()
    } else {
        field.into()
    }
}

fn csv_line(w: &mut dyn std::io::Write, fields: &[String]) -> std::io::Result<()> {
    let line: Vec<std::borrow::Cow<'_, str>> = fields.iter().map(|f| csv_field(f)).collect();
    w.write_all(line.join(",").as_bytes())?;
    w.write_all(b"\r\n")
}

/// Writes rows as CSV: RFC 4180 (quoted fields, CRLF line ends), a header, and a UTF-8
/// byte-order mark first when `bom` (spreadsheet programs need it to read the file as UTF-8).
pub fn write_csv(rows: &[Row], bom: bool, w: &mut dyn std::io::Write) -> std::io::Result<()> {
    if bom {
        w.write_all("\u{feff}".as_bytes())?;
    }
    let header: Vec<String> = COLUMNS.iter().map(|c| c.to_string()).collect();
    csv_line(w, &header)?;
    for r in rows {
        csv_line(w, &r.cells())?;
    }
    w.flush()
}

/// Writes rows as JSON lines, one object per row with the `COLUMNS` keys (null for missing).
pub fn write_jsonl(rows: &[Row], w: &mut dyn std::io::Write) -> std::io::Result<()> {
    for r in rows {
        serde_json::to_writer(&mut *w, r).map_err(std::io::Error::other)?;
        w.write_all(b"\n")?;
    }
    Ok(())
}

mod stream;
pub use stream::{TableCounts, TableError, TableFile, write_table};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::data::model::Status;
    use serde_json::json;

    fn span(id: &str, start: usize, end: usize, label: &str, text: &str, attrs: Value) -> Span {
        Span {
            id: id.into(),
            start,
            end,
            label: label.into(),
            text: text.into(),
            attrs: serde_json::from_value(attrs).unwrap(),
        }
    }

    fn rel(kind: &str, from: &str, to: &str) -> Relation {
        Relation {
            id: format!("{kind}{from}{to}"),
            kind: kind.into(),
            from: from.into(),
            to: to.into(),
            confidence: None,
        }
    }

    fn record() -> Record {
        Record {
            id: "d1".into(),
            text: String::new(),
            sha256: String::new(),
            meta: crate::core::data::model::DocumentMeta {
                title: "标题, \"引号\"".into(),
                ..Default::default()
            },
            spans: vec![
                span("p", 0, 4, "project", "甲项目", json!({})),
                span(
                    "a1",
                    5,
                    10,
                    "amount",
                    "20亿元",
                    json!({"value": 2e9, "currency": "CNY", "qualifier": "exact"}),
                ),
                span("a2", 12, 16, "amount", "约3亿元", json!({"value": 3e8})),
                span(
                    "g",
                    20,
                    22,
                    "region",
                    "南通",
                    json!({"adcode": "320600", "canonical": "南通市"}),
                ),
                span("m2", 30, 33, "mechanism", "赛马制", json!({})),
                span("m1", 25, 28, "mechanism", "容缺受理", json!({})),
                span("q", 40, 44, "project", "乙项目", json!({})),
            ],
            relations: vec![
                rel("has_amount", "p", "a2"),
                rel("has_amount", "p", "a1"),
                rel("located_in", "p", "g"),
                rel("uses", "p", "m2"),
                rel("uses", "p", "m1"),
            ],
            annotator: "a".into(),
            status: Status::Done,
        }
    }

    #[test]
    fn one_row_per_amount_and_region_mechanisms_joined() {
        let rows = rows(&record(), &Investment::default_labels());
        assert_eq!(
            rows.len(),
            2,
            "two amounts × one region; 乙项目 has no relation"
        );
        assert_eq!(rows[0].amount.as_deref(), Some("20亿元"));
        assert_eq!(rows[1].amount.as_deref(), Some("约3亿元"));
        assert_eq!(rows[1].currency, None, "missing values stay empty");
        assert_eq!(rows[0].mechanisms, "容缺受理;赛马制");
        assert_eq!(rows[0].adcode.as_deref(), Some("320600"));
        assert_eq!(
            value_text(rows[0].amount_value.as_ref().unwrap()),
            "2000000000"
        );
        assert!(rows[0].missing().is_empty());
        let r = record();
        let lacking = projects_lacking(&r.spans, &r.relations, &Investment::default_labels());
        assert_eq!(lacking.len(), 1);
        assert_eq!(lacking[0].0.id, "q");
        assert_eq!(lacking[0].1, vec!["amount", "region"]);
    }

    #[test]
    fn csv_has_bom_crlf_and_rfc4180_quotes() {
        let mut out = Vec::new();
        write_csv(
            &rows(&record(), &Investment::default_labels()),
            true,
            &mut out,
        )
        .unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(text.starts_with("\u{feff}document,title,date,project,"));
        assert!(text.contains("\r\nd1,\"标题, \"\"引号\"\"\",,甲项目,0,4,20亿元,2000000000,CNY,exact,,,南通,320600,南通市,容缺受理;赛马制\r\n"));
        let mut plain = Vec::new();
        write_csv(
            &rows(&record(), &Investment::default_labels()),
            false,
            &mut plain,
        )
        .unwrap();
        assert!(plain.starts_with(b"document,"));
        assert_eq!(csv_field("a\nb"), "\"a\nb\"");
        assert_eq!(csv_field("plain"), "plain");
    }
}
