//! `biaozhu tag` through the real binary: order over many lines, meta passed through, bad lines
//! reported by number while good lines are written, `--output table` equal to `biaozhu table`
//! on the same documents, `--model` with a model trained on the sample, and a model of a newer
//! biaozhu refused with exit 2.

mod common;

use common::{biaozhu, sample_copy, text};
use serde_json::{Value, json};
use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

/// Runs `biaozhu tag ARGS` with `input` on standard input.
fn tag(args: &[&str], input: &[u8]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_biaozhu"))
        .arg("tag")
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary runs");
    let mut stdin = child.stdin.take().unwrap();
    let input = input.to_vec();
    let writer = std::thread::spawn(move || stdin.write_all(&input));
    let out = child.wait_with_output().unwrap();
    writer.join().unwrap().unwrap();
    out
}

fn json_lines(out: &[u8]) -> Vec<Value> {
    String::from_utf8(out.to_vec())
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

/// An investment sentence of its own for document `n`.
fn news(n: usize) -> String {
    let places = ["南通市", "苏州工业园区", "合肥高新区", "海门区", "宁波市"];
    let things = [
        "新能源电池",
        "光伏组件",
        "生物医药",
        "智能装备",
        "半导体封测",
    ];
    format!(
        "{}“{}{n}号基地”项目在{}签约落户，总投资{}.5亿元。该项目实行“拿地即开工”。",
        places[n % 5],
        things[(n / 5) % 5],
        places[(n + 2) % 5],
        10 + n % 90
    )
}

#[test]
fn predictions_keep_input_order_and_pass_meta_through() {
    // More lines than one batch holds (2,048), so order is kept across batches too.
    let mut input = String::new();
    for n in 0..2500 {
        let line = json!({"id": format!("doc-{n:04}"), "text": news(n), "url": format!("https://x/{n}"), "n": n});
        input.push_str(&line.to_string());
        input.push('\n');
        if n % 100 == 0 {
            input.push('\n');
        }
    }
    let out = tag(&[], input.as_bytes());
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    assert!(out.stderr.is_empty(), "{}", text(&out));
    let lines = json_lines(&out.stdout);
    assert_eq!(
        lines.len(),
        2500,
        "one output per input line, blank lines skipped"
    );
    for (n, p) in lines.iter().enumerate() {
        assert_eq!(p["id"], format!("doc-{n:04}"));
        assert_eq!(p["meta"], json!({"url": format!("https://x/{n}"), "n": n}));
        assert_eq!(p["annotator"], "model-rules");
        assert!(p.get("text").is_none(), "the text is not echoed");
    }
    // Every span has its typed values and a confidence; the amount is read as a number.
    let first = &lines[0];
    let spans = first["spans"].as_array().unwrap();
    let amount = spans.iter().find(|s| s["label"] == "amount").unwrap();
    assert_eq!(amount["text"], "10.5亿元");
    assert_eq!(amount["attrs"]["value"], json!(1.05e9));
    assert_eq!(amount["attrs"]["currency"], "CNY");
    let region = spans.iter().find(|s| s["text"] == "南通市").unwrap();
    assert_eq!(region["attrs"]["adcode"], "320600", "{region}");
    assert!(spans.iter().all(|s| s["attrs"]["confidence"] == json!(1.0)));
    let relations = first["relations"].as_array().unwrap();
    assert!(
        relations.iter().any(|r| r["type"] == "has_amount"),
        "{first}"
    );
    // The same as a file, and the same again with one thread.
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("in.jsonl");
    std::fs::write(&file, &input).unwrap();
    let from_file = biaozhu(&[&"tag", &file, &"--threads", &"1"]);
    assert_eq!(from_file.status.code(), Some(0), "{}", text(&from_file));
    assert_eq!(from_file.stdout, out.stdout);
}

#[test]
fn bad_lines_are_reported_by_number_and_good_lines_still_written() {
    let mut input: Vec<u8> = Vec::new();
    input.extend(b"{\"id\": \"a\", \"text\": \"\xe6\xb5\xb7\xe9\x97\xa8\"}\n"); // 1 good
    input.extend(b"not json\n"); // 2
    input.extend(b"{\"id\": \"b\", \"text\": 12}\n"); // 3
    input.extend(b"\n"); // 4, skipped
    input.extend(b"{\"text\": \"x\"}\n"); // 5
    input.extend(b"{\"id\": \"c\", \"text\": \"\xff\xfe\"}\n"); // 6
    input.extend(b"{\"id\": 42, \"text\": \"\xe6\xb5\xb7\xe9\x97\xa8\"}\n"); // 7 good
    input.extend(b"[\"id\", \"text\"]"); // 8, no final newline
    let out = tag(&[], &input);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    let ids: Vec<Value> = json_lines(&out.stdout)
        .iter()
        .map(|p| p["id"].clone())
        .collect();
    assert_eq!(ids, vec![json!("a"), json!("42")]);
    let err = String::from_utf8(out.stderr).unwrap();
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(lines.len(), 6, "{err}");
    assert!(lines[0].starts_with("2: not a JSON line"), "{err}");
    assert!(
        lines[1].starts_with("3: the \"text\" of document \"b\" is a number"),
        "{err}"
    );
    assert!(lines[2].starts_with("5: no \"id\""), "{err}");
    assert!(lines[3].starts_with("6: not UTF-8"), "{err}");
    assert!(lines[4].starts_with("8: a JSON array"), "{err}");
    assert!(lines[5].contains("5 lines could not be read"), "{err}");
    assert!(!err.contains("panicked"));

    // With files, the error names the file; a missing file is a usage error before anything.
    let dir = tempfile::tempdir().unwrap();
    let (good, bad) = (dir.path().join("good.jsonl"), dir.path().join("bad.jsonl"));
    std::fs::write(&good, "{\"id\": \"g\", \"text\": \"海门\"}\n").unwrap();
    std::fs::write(
        &bad,
        "{\"id\": \"h\", \"text\": \"海门\"}\n{\"id\": \"i\"}\n",
    )
    .unwrap();
    let both = biaozhu(&[&"tag", &good, &bad]);
    assert_eq!(both.status.code(), Some(1), "{}", text(&both));
    assert_eq!(json_lines(&both.stdout).len(), 2);
    let said = String::from_utf8_lossy(&both.stderr);
    assert!(
        said.starts_with(&format!(
            "{}:2: document \"i\" has no \"text\"",
            bad.display()
        )),
        "{said}"
    );
    let missing = biaozhu(&[&"tag", &good, &dir.path().join("none.jsonl")]);
    assert_eq!(missing.status.code(), Some(2), "{}", text(&missing));
    assert!(
        text(&missing).contains("no such file"),
        "{}",
        text(&missing)
    );
    assert!(missing.stdout.is_empty());
}

/// The input lines `tag` takes for the documents of a dataset: id, text, title and date.
fn dataset_lines(ds: &Path) -> String {
    let mut paths: Vec<_> = std::fs::read_dir(ds.join("documents"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    paths.sort();
    let mut out = String::new();
    for p in paths {
        let doc: Value = serde_json::from_slice(&std::fs::read(p).unwrap()).unwrap();
        let line = json!({"id": doc["id"], "text": doc["text"], "title": doc["meta"]["title"], "date": doc["meta"]["date"]});
        out.push_str(&line.to_string());
        out.push('\n');
    }
    out
}

/// Rows sorted by document (stable, so each document's own order stays).
fn by_document(mut rows: Vec<Value>) -> Vec<Value> {
    rows.sort_by_key(|r| r["document"].as_str().unwrap().to_string());
    rows
}

#[test]
fn output_table_equals_biaozhu_table_on_the_same_documents() {
    let (tmp, ds) = sample_copy();
    let news_dir = tmp.path().join("news");
    std::fs::create_dir_all(&news_dir).unwrap();
    for n in 0..12 {
        let body = format!("第{n}号招商快讯\n{}\n{}", news(n), news(n + 7));
        std::fs::write(news_dir.join(format!("n{n:02}.txt")), body).unwrap();
    }
    let imported = biaozhu(&[&"import", &ds, &news_dir]);
    assert_eq!(imported.status.code(), Some(0), "{}", text(&imported));
    let suggested = biaozhu(&[&"suggest", &ds]);
    assert_eq!(suggested.status.code(), Some(0), "{}", text(&suggested));
    let table = biaozhu(&[
        &"table",
        &ds,
        &"--annotator",
        &"model-rules",
        &"--format",
        &"jsonl",
        &"--out",
        &"-",
    ]);
    assert_eq!(table.status.code(), Some(0), "{}", text(&table));
    let expected = by_document(json_lines(&table.stdout));
    assert!(expected.len() >= 20, "{} rows", expected.len());

    let ds_arg = ds.to_str().unwrap();
    let tagged = tag(
        &["--output", "table", "--dataset", ds_arg],
        dataset_lines(&ds).as_bytes(),
    );
    assert_eq!(tagged.status.code(), Some(0), "{}", text(&tagged));
    let rows = json_lines(&tagged.stdout);
    let keys = |v: &Value| v.as_object().unwrap().keys().cloned().collect::<Vec<_>>();
    assert_eq!(keys(&rows[0]), keys(&expected[0]), "the same columns");
    assert_eq!(by_document(rows), expected);
}

#[test]
fn a_model_trained_on_the_sample_tags_and_a_newer_model_exits_2() {
    let (tmp, ds) = sample_copy();
    let model = tmp.path().join("model.bin");
    let trained = biaozhu(&[&"train", &ds, &"--annotator", &"sample", &"--out", &model]);
    assert_eq!(trained.status.code(), Some(0), "{}", text(&trained));
    let input = dataset_lines(&ds);
    let model_arg = model.to_str().unwrap();
    let out = tag(&["--model", model_arg], input.as_bytes());
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    let lines = json_lines(&out.stdout);
    assert_eq!(lines.len(), 4);
    let spans: Vec<&Value> = lines
        .iter()
        .flat_map(|p| p["spans"].as_array().unwrap())
        .collect();
    assert!(spans.len() >= 10, "{} spans", spans.len());
    for s in &spans {
        let c = s["attrs"]["confidence"].as_f64().unwrap();
        assert!((0.35..=1.0).contains(&c), "{s}");
    }
    assert!(lines.iter().all(|p| p["annotator"] == "model-crf"));
    assert!(
        lines
            .iter()
            .any(|p| !p["relations"].as_array().unwrap().is_empty())
    );
    // The model's predictions are those `suggest --model` writes into the dataset.
    let suggested = biaozhu(&[&"suggest", &ds, &"--model", &model]);
    assert_eq!(suggested.status.code(), Some(0), "{}", text(&suggested));
    let ann: Value = serde_json::from_slice(
        &std::fs::read(ds.join("annotations/model-crf/01-haimen-solar.json")).unwrap(),
    )
    .unwrap();
    let first = lines.iter().find(|p| p["id"] == "01-haimen-solar").unwrap();
    assert_eq!(first["spans"], ann["spans"]);
    assert_eq!(first["relations"], ann["relations"]);

    let good = std::fs::read(&model).unwrap();
    let nl = good.iter().position(|&b| b == b'\n').unwrap();
    let mut header: Value = serde_json::from_slice(&good[..nl]).unwrap();
    header["format_version"] = 4.into();
    let mut newer = serde_json::to_vec(&header).unwrap();
    newer.extend_from_slice(&good[nl..]);
    let newer_path = tmp.path().join("newer.bin");
    std::fs::write(&newer_path, newer).unwrap();
    let refused = tag(&["--model", newer_path.to_str().unwrap()], input.as_bytes());
    assert_eq!(refused.status.code(), Some(2), "{}", text(&refused));
    assert!(
        text(&refused).contains("newer than this biaozhu supports"),
        "{}",
        text(&refused)
    );
    assert!(refused.stdout.is_empty());
    assert!(!text(&refused).contains("panicked"));
}
