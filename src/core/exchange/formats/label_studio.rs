//! Label Studio: a JSON list of tasks with `annotations[].result[]` (span results of type
//! `labels`, relation results), plus the labelling config XML that matches them. Label Studio's
//! `Text` counts code points. Span attributes travel in the result's `meta`.

use super::group::Group;
use super::{
    ExchangeFormat, ExportCtx, ExportOptions, ImportedRecord, ImportedSpan, Layout, Output, Reader,
    Record, spans_in,
};
use crate::core::data::error::Error;
use crate::core::data::labels::LabelSchema;
use crate::core::data::problem::{Location, Place, Problem};
use serde_json::{Value, json};
use std::path::{Path, PathBuf};

/// Label Studio tasks and labelling config.
pub struct LabelStudio;

impl ExchangeFormat for LabelStudio {
    fn name(&self) -> &'static str {
        "label-studio"
    }

    fn describe(&self) -> &'static str {
        "`data.json` tasks with `annotations[].result[]` (attributes in `meta`) and `labeling_config.xml`"
    }

    fn layout(&self) -> Layout {
        Layout::Folder
    }

    fn supports_utf16(&self) -> bool {
        true
    }

    fn flat(&self) -> bool {
        false
    }

    fn carries_relations(&self) -> bool {
        true
    }

    /// Streams the tasks into `<stem>.json`, a task at a time.
    fn export_group(
        &self,
        group: &Group,
        ctx: &ExportCtx,
        out: &mut dyn Output,
    ) -> crate::core::data::error::Result<()> {
        out.file(&format!("{}.json", ctx.stem), &mut |w| {
            write_group(group, ctx.options, w)
        })
    }

    /// `labeling_config.xml`, once for all splits.
    fn extra_files(
        &self,
        labels: &LabelSchema,
        out: &mut dyn Output,
    ) -> crate::core::data::error::Result<()> {
        out.bytes("labeling_config.xml", config(labels).as_bytes())
    }

    fn import(&self) -> Option<Reader> {
        Some(Reader::Stream(read_path))
    }
}

fn xml_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The labelling config: `<Labels name="label" toName="text">`, `<Text name="text">`, relations.
pub fn config(labels: &LabelSchema) -> String {
    let mut x = String::from("<View>\n  <Labels name=\"label\" toName=\"text\">\n");
    for l in &labels.labels {
        x += &format!(
            "    <Label value=\"{}\" background=\"{}\" hotkey=\"{}\"/>\n",
            xml_escape(&l.name),
            xml_escape(&l.color),
            xml_escape(&l.key)
        );
    }
    x += "  </Labels>\n  <Text name=\"text\" value=\"$text\" granularity=\"symbol\"/>\n  <Relations>\n";
    for r in &labels.relations {
        x += &format!("    <Relation value=\"{}\"/>\n", xml_escape(&r.name));
    }
    x += "  </Relations>\n</View>\n";
    x
}

/// The task of record `r`, numbered `id`.
fn task(id: usize, r: &Record, opts: &ExportOptions) -> Value {
    let mut result: Vec<Value> = spans_in(r, opts.offsets)
        .iter()
        .map(|s| {
            let mut item = json!({
                "id": s.id, "from_name": "label", "to_name": "text", "type": "labels", "origin": "manual",
                "value": {"start": s.start, "end": s.end, "text": s.text, "labels": [s.label]},
            });
            if !s.attrs.is_empty() {
                item["meta"] = json!({"text": [serde_json::to_string(&s.attrs).expect("attrs serialise")], "attrs": s.attrs});
            }
            item
        })
        .collect();
    result.extend(r.relations.iter().map(|rel| json!({"from_id": rel.from, "to_id": rel.to, "type": "relation", "direction": "right", "labels": [rel.kind]})));
    json!({
        "id": id,
        "data": {"text": r.text, "doc_id": r.id, "sha256": r.sha256},
        // Label Studio takes `completed_by` only as the id or e-mail of one of its own users and
        // refuses anything else (HTTP 400), so the annotator's name travels in the task's
        // `meta`, which it stores and exports as it is.
        "annotations": [{"result": result, "was_cancelled": false}],
        "meta": {"status": r.status, "annotator": r.annotator},
    })
}

/// Writes the tasks of `records` as one JSON list into `w`, a task at a time, so the export
/// never holds more than one task's JSON.
pub fn write_tasks(
    records: &[Record],
    opts: &ExportOptions,
    w: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    let all = |_: &str| true;
    write_group(&Group::new(&records, &all, false), opts, w)
}

/// [`write_tasks`] of a group's records, read a record at a time.
fn write_group(
    group: &Group,
    opts: &ExportOptions,
    w: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    w.write_all(b"[")?;
    let mut n = 0;
    group.each(&mut |r| {
        w.write_all(if n == 0 { b"\n" } else { b",\n" })?;
        n += 1;
        serde_json::to_writer_pretty(&mut *w, &task(n, r, opts)).map_err(std::io::Error::other)
    })?;
    w.write_all(b"\n]\n")
}

/// Reads Label Studio tasks (the first annotation of each task, else its first prediction).
pub fn import(bytes: &[u8]) -> Result<Vec<ImportedRecord>, Problem> {
    let mut out = Vec::new();
    stream(bytes, &mut |rec| {
        out.push(rec);
        Ok(())
    })?;
    Ok(out)
}

/// Streams the tasks of `path` (a tasks file, or the folder an export wrote) into `sink`.
fn read_path(
    path: &Path,
    sink: &mut dyn FnMut(ImportedRecord) -> crate::core::data::error::Result<()>,
) -> crate::core::data::error::Result<()> {
    let tasks = tasks_file(path)?;
    let file = std::fs::File::open(&tasks).map_err(|e| Error::io(&tasks, e))?;
    let mut failed: Option<Error> = None;
    let mut n = 0;
    let outcome = stream(file, &mut |mut rec| {
        n += 1;
        rec.origin = Some(Location::from(Place::Task(n)).in_file(&tasks));
        sink(rec).map_err(|e| {
            // The sink's own error is returned as it is; the problem only stops the stream.
            let p = Problem::new(e.to_string());
            failed = Some(e);
            p
        })
    });
    if let Some(e) = failed {
        return Err(e);
    }
    outcome.map_err(|p| p.in_file(&tasks))
}

/// The tasks file of a Label Studio import: `path` itself, or the one JSON file in the folder
/// that `biaozhu export --format label-studio` writes (beside `labeling_config.xml`).
fn tasks_file(path: &Path) -> crate::core::data::error::Result<PathBuf> {
    if !path.is_dir() {
        return Ok(path.to_path_buf());
    }
    let mut json: Vec<PathBuf> = std::fs::read_dir(path)
        .map_err(|e| Error::io(path, e))?
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    json.sort();
    match json.len() {
        1 => Ok(json.remove(0)),
        0 => Err(Error::Usage(format!(
            "{}: this folder has no .json tasks file; give the tasks file of the Label Studio export",
            path.display()
        ))),
        _ => Err(Error::Usage(format!(
            "{}: this folder has several .json files ({}); give the tasks file to import",
            path.display(),
            json.iter()
                .filter_map(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
                .collect::<Vec<_>>()
                .join(", ")
        ))),
    }
}

/// Reads the tasks of a Label Studio export one at a time and hands each task's record to
/// `sink`, so a large export never sits in memory whole. An error names the task.
pub fn stream(
    reader: impl std::io::Read,
    sink: &mut dyn FnMut(ImportedRecord) -> Result<(), Problem>,
) -> Result<(), Problem> {
    use serde::de::{Deserializer, SeqAccess, Visitor};
    struct Tasks<'a>(&'a mut dyn FnMut(ImportedRecord) -> Result<(), Problem>);
    impl<'de> Visitor<'de> for Tasks<'_> {
        type Value = Option<Problem>;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("a JSON list of Label Studio tasks")
        }
        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Option<Problem>, A::Error> {
            let mut n = 0;
            while let Some(task) = seq.next_element::<Value>()? {
                let outcome = task_record(n, &task).and_then(|rec| (self.0)(rec));
                if let Err(m) = outcome {
                    // Stop at the first bad task; the problem is returned, not a serde error.
                    while seq.next_element::<serde::de::IgnoredAny>()?.is_some() {}
                    return Ok(Some(m));
                }
                n += 1;
            }
            Ok(None)
        }
    }
    let mut de =
        serde_json::Deserializer::from_reader(std::io::BufReader::with_capacity(1 << 20, reader));
    let stopped = de
        .deserialize_seq(Tasks(sink))
        .map_err(|e| Problem::new(format!("not a JSON list of Label Studio tasks: {e}")))?;
    if let Some(m) = stopped {
        return Err(m);
    }
    de.end()
        .map_err(|e| Problem::new(format!("after the list of tasks: {e}")))
}

/// The record of task number `n` (0-based). The problem names the task in its message, as
/// `task N: …`, which is how the CLI has always reported it.
fn task_record(n: usize, task: &Value) -> Result<ImportedRecord, Problem> {
    {
        let at = |m: &str| Problem::new(format!("task {n}: {m}"));
        let data = task.get("data").ok_or_else(|| at("no \"data\""))?;
        let mut rec = ImportedRecord {
            id: data
                .get("doc_id")
                .and_then(Value::as_str)
                .map(str::to_string),
            text: data.get("text").and_then(Value::as_str).map(str::to_string),
            ..ImportedRecord::default()
        };
        if let Some(status) = task.get("meta").and_then(|m| m.get("status")) {
            rec.status = serde_json::from_value(status.clone()).ok();
        }
        let result = ["annotations", "predictions"]
            .iter()
            .find_map(|k| {
                task.get(*k)
                    .and_then(Value::as_array)
                    .and_then(|a| a.first())
                    .and_then(|a| a.get("result"))
                    .and_then(Value::as_array)
            })
            .cloned()
            .unwrap_or_default();
        for item in &result {
            match item.get("type").and_then(Value::as_str) {
                Some("labels") => {
                    let v = item
                        .get("value")
                        .ok_or_else(|| at("a labels result has no value"))?;
                    let (Some(s), Some(e), Some(label)) = (
                        v.get("start").and_then(Value::as_u64),
                        v.get("end").and_then(Value::as_u64),
                        v.get("labels")
                            .and_then(|l| l.get(0))
                            .and_then(Value::as_str),
                    ) else {
                        return Err(at("a labels result lacks start, end or labels"));
                    };
                    let attrs = item
                        .get("meta")
                        .and_then(|m| m.get("attrs"))
                        .and_then(|a| serde_json::from_value(a.clone()).ok())
                        .unwrap_or_default();
                    rec.spans.push(ImportedSpan {
                        key: item
                            .get("id")
                            .map(|i| i.as_str().map_or_else(|| i.to_string(), str::to_string))
                            .unwrap_or_default(),
                        start: s as usize,
                        end: e as usize,
                        label: label.into(),
                        text: v.get("text").and_then(Value::as_str).map(str::to_string),
                        attrs,
                    });
                }
                Some("relation") => {
                    let key = |k: &str| {
                        item.get(k)
                            .map(|i| i.as_str().map_or_else(|| i.to_string(), str::to_string))
                    };
                    let kind = item
                        .get("labels")
                        .and_then(|l| l.get(0))
                        .and_then(Value::as_str)
                        .unwrap_or_default();
                    if let (Some(f), Some(t)) = (key("from_id"), key("to_id")) {
                        rec.relations.push((kind.to_string(), f, t));
                    }
                }
                _ => {}
            }
        }
        Ok(rec)
    }
}
