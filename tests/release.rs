//! Releases as training tools load them, through the real binary: the dataset card, the
//! licence, splits recorded in `release.json` and equal to `export --split`, Parquet shards that
//! hold what `data.jsonl` holds, and a shard changed after release reported by `validate`.

mod common;
use arrow_array::{Array, ListArray, StringArray, StructArray};
use common::*;
use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::Path;

/// (id, text, [(start, end, label, text)]) of a record.
type Row = (String, String, Vec<(i64, i64, String, String)>);

/// The rows of a Parquet shard.
fn parquet_rows(path: &Path) -> Vec<Row> {
    let file = std::fs::File::open(path).unwrap();
    let reader = ParquetRecordBatchReaderBuilder::try_new(file)
        .unwrap()
        .build()
        .unwrap();
    let mut out = Vec::new();
    for batch in reader {
        let batch = batch.unwrap();
        let strings = |name: &str| {
            batch
                .column_by_name(name)
                .unwrap()
                .as_any()
                .downcast_ref::<StringArray>()
                .unwrap()
                .clone()
        };
        let (ids, texts) = (strings("id"), strings("text"));
        let spans = batch.column_by_name("spans").unwrap();
        let spans = spans.as_any().downcast_ref::<ListArray>().unwrap();
        for i in 0..batch.num_rows() {
            let list = spans.value(i);
            let s = list.as_any().downcast_ref::<StructArray>().unwrap();
            let text_at = |name: &str, k: usize| {
                let c = s.column_by_name(name).unwrap();
                c.as_any()
                    .downcast_ref::<StringArray>()
                    .unwrap()
                    .value(k)
                    .to_string()
            };
            let int_at = |name: &str, k: usize| {
                let c = s.column_by_name(name).unwrap();
                c.as_any()
                    .downcast_ref::<arrow_array::Int64Array>()
                    .unwrap()
                    .value(k)
            };
            let row_spans = (0..s.len())
                .map(|k| {
                    (
                        int_at("start", k),
                        int_at("end", k),
                        text_at("label", k),
                        text_at("text", k),
                    )
                })
                .collect();
            out.push((
                ids.value(i).to_string(),
                texts.value(i).to_string(),
                row_spans,
            ));
        }
    }
    out
}

/// The rows of `data.jsonl`.
fn jsonl_rows(path: &Path) -> Vec<Row> {
    read_jsonl(path)
        .iter()
        .map(|r| {
            let spans = r["spans"]
                .as_array()
                .unwrap()
                .iter()
                .map(|s| {
                    (
                        s["start"].as_i64().unwrap(),
                        s["end"].as_i64().unwrap(),
                        s["label"].as_str().unwrap().to_string(),
                        s["text"].as_str().unwrap().to_string(),
                    )
                })
                .collect();
            (
                r["id"].as_str().unwrap().to_string(),
                r["text"].as_str().unwrap().to_string(),
                spans,
            )
        })
        .collect()
}

/// The YAML front matter of a card.
fn front_matter(card: &str) -> serde_yaml_ng::Value {
    let rest = card
        .strip_prefix("---\n")
        .expect("the card starts with front matter");
    serde_yaml_ng::from_str(&rest[..rest.find("\n---\n").unwrap()]).unwrap()
}

fn release(args: &[&dyn AsRef<std::ffi::OsStr>]) -> std::process::Output {
    let mut all: Vec<&dyn AsRef<std::ffi::OsStr>> = vec![&"release"];
    all.extend_from_slice(args);
    biaozhu(&all)
}

#[test]
fn a_release_with_splits_has_a_card_parquet_shards_and_splits_as_export_makes_them() {
    let (tmp, ds) = sample_copy();
    let split = "train=0.5,validation=0.25,test=0.25";
    let r = release(&[&ds, &"v1", &"-m", &"first", &"--split", &split]);
    assert_eq!(r.status.code(), Some(0), "{}", text(&r));
    assert!(text(&r).contains("declares no licence"), "{}", text(&r));
    let rel = ds.join("releases/v1");
    let m = read_json(&rel.join("release.json"));
    let splits = m["splits"].as_array().unwrap();
    let names: Vec<&str> = splits.iter().map(|s| s["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["train", "validation", "test"]);
    assert_eq!(splits[0]["share"].as_f64(), Some(0.5));
    let total: u64 = splits
        .iter()
        .map(|s| s["documents"].as_u64().unwrap())
        .sum();
    assert_eq!(Some(total), m["documents"].as_u64());
    assert!(m.get("license").is_none(), "{m}");

    // Every shard is listed with its sha256, and the shards together hold data.jsonl.
    let files = m["files"].as_object().unwrap();
    for f in ["data.jsonl", "labels.json", "CHANGELOG.md", "README.md"] {
        assert!(files.contains_key(f), "{f} in {m}");
    }
    let mut from_parquet = Vec::new();
    let mut by_split: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for s in splits {
        let name = s["name"].as_str().unwrap();
        let shards = s["files"].as_array().unwrap();
        assert_eq!(
            shards[0].as_str().unwrap(),
            format!("data/{name}-00000-of-00001.parquet")
        );
        let path = rel.join(shards[0].as_str().unwrap());
        let sha = biaozhu::core::data::ids::sha256_hex(&std::fs::read(&path).unwrap());
        assert_eq!(
            files[shards[0].as_str().unwrap()].as_str(),
            Some(sha.as_str())
        );
        let rows = parquet_rows(&path);
        assert_eq!(rows.len() as u64, s["documents"].as_u64().unwrap());
        by_split.insert(name.into(), rows.iter().map(|r| r.0.clone()).collect());
        from_parquet.extend(rows);
    }
    let mut from_jsonl = jsonl_rows(&rel.join("data.jsonl"));
    from_parquet.sort();
    from_jsonl.sort();
    assert_eq!(from_parquet, from_jsonl);
    assert!(from_jsonl.iter().any(|r| !r.2.is_empty()));

    // The same split as `export --split` makes.
    let out = tmp.path().join("export");
    let e = biaozhu(&[
        &"export",
        &ds,
        &"--format",
        &"jsonl",
        &"--out",
        &out,
        &"--split",
        &split,
    ]);
    assert_eq!(e.status.code(), Some(0), "{}", text(&e));
    for (name, ids) in &by_split {
        let exported: Vec<String> = read_jsonl(&out.join(format!("{name}.jsonl")))
            .iter()
            .map(|r| r["id"].as_str().unwrap().to_string())
            .collect();
        assert_eq!(&exported, ids, "split {name}");
    }

    // The card declares the splits' shards and says that there is no licence.
    let card = std::fs::read_to_string(rel.join("README.md")).unwrap();
    let y = front_matter(&card);
    assert_eq!(y["license"].as_str(), Some("unknown"));
    let data_files = y["configs"][0]["data_files"].as_sequence().unwrap();
    assert_eq!(data_files.len(), 3);
    assert_eq!(
        data_files[1]["path"].as_str(),
        Some("data/validation-*.parquet")
    );
    assert!(card.contains("This dataset declares no licence"));
    assert!(card.contains("| documents | 4 |"), "{card}");

    // The release validates; diff and eval read it as before.
    assert_eq!(biaozhu(&[&"validate", &ds]).status.code(), Some(0));
    let d = biaozhu(&[&"diff", &ds, &"v1", &"working", &"--annotator", &"sample"]);
    assert_eq!(d.status.code(), Some(0), "{}", text(&d));
    let at = format!("{}@v1", ds.display());
    let ev = biaozhu(&[
        &"eval",
        &"--gold",
        &at,
        &"--pred",
        &at,
        &"--format",
        &"json",
    ]);
    assert_eq!(ev.status.code(), Some(0), "{}", text(&ev));
}

#[test]
fn without_split_one_train_split_and_the_same_records_give_the_same_shards() {
    let (_tmp, ds) = sample_copy();
    assert_eq!(release(&[&ds, &"v1"]).status.code(), Some(0));
    assert_eq!(release(&[&ds, &"v2"]).status.code(), Some(0));
    let m = read_json(&ds.join("releases/v1/release.json"));
    assert_eq!(m["splits"].as_array().unwrap().len(), 1);
    assert_eq!(m["splits"][0]["name"], "train");
    assert_eq!(m["splits"][0]["share"].as_f64(), Some(1.0));
    assert_eq!(m["splits"][0]["documents"], m["documents"]);
    let shard = "data/train-00000-of-00001.parquet";
    let v1 = std::fs::read(ds.join("releases/v1").join(shard)).unwrap();
    let v2 = std::fs::read(ds.join("releases/v2").join(shard)).unwrap();
    assert_eq!(v1, v2, "the Parquet bytes depend only on the records");
}

#[test]
fn bad_splits_are_usage_errors_that_write_nothing() {
    let (_tmp, ds) = sample_copy();
    let before = tree_hash(&ds);
    for (split, says) in [
        ("train=0.5,test=0.6", "add up to"),
        ("train=0.5,dev-a=0.5", "letters, digits and '_'"),
        ("train=0.5,train=0.5", "named twice"),
        ("train", "NAME=SHARE"),
    ] {
        let r = release(&[&ds, &"v1", &"--split", &split]);
        assert_eq!(r.status.code(), Some(2), "{split}: {}", text(&r));
        assert!(text(&r).contains(says), "{split}: {}", text(&r));
    }
    assert_eq!(tree_hash(&ds), before);
}

#[test]
fn the_licence_comes_from_new_into_release_json_and_the_card() {
    let tmp = tempfile::tempdir().unwrap();
    let ds = tmp.path().join("ds");
    let bad = biaozhu(&[&"new", &ds, &"--license", &"cc-by-4.0"]);
    assert_eq!(bad.status.code(), Some(2), "{}", text(&bad));
    assert!(
        text(&bad).contains("did you mean \"CC-BY-4.0\""),
        "{}",
        text(&bad)
    );
    assert!(!ds.exists(), "a refused licence writes nothing");
    let r = biaozhu(&[&"new", &ds, &"--license", &"CC-BY-4.0"]);
    assert_eq!(r.status.code(), Some(0), "{}", text(&r));
    assert_eq!(read_json(&ds.join("dataset.json"))["license"], "CC-BY-4.0");
    assert_eq!(biaozhu(&[&"validate", &ds]).status.code(), Some(0));

    let (_tmp, sample) = sample_copy();
    let manifest = sample.join("dataset.json");
    let mut m = read_json(&manifest);
    m["license"] = "MulanPSL-2.0".into();
    std::fs::write(&manifest, serde_json::to_vec_pretty(&m).unwrap()).unwrap();
    let r = release(&[&sample, &"v1"]);
    assert_eq!(r.status.code(), Some(0), "{}", text(&r));
    assert!(!text(&r).contains("declares no licence"));
    let rel = sample.join("releases/v1");
    assert_eq!(
        read_json(&rel.join("release.json"))["license"],
        "MulanPSL-2.0"
    );
    let card = std::fs::read_to_string(rel.join("README.md")).unwrap();
    let y = front_matter(&card);
    assert_eq!(y["license"].as_str(), Some("other"));
    assert_eq!(y["license_name"].as_str(), Some("mulanpsl-2.0"));
    assert!(card.contains("MulanPSL-2.0 (SPDX"), "{card}");
}

#[test]
fn a_release_of_a_dataset_with_an_invalid_licence_exits_1_and_writes_nothing() {
    let (_tmp, ds) = sample_copy();
    let manifest = ds.join("dataset.json");
    let mut m = read_json(&manifest);
    m["license"] = "CC-BY-4".into();
    std::fs::write(&manifest, serde_json::to_vec_pretty(&m).unwrap()).unwrap();
    let before = tree_hash(&ds);
    let r = release(&[&ds, &"v1"]);
    assert_eq!(r.status.code(), Some(1), "{}", text(&r));
    let said = text(&r);
    assert!(
        said.contains("dataset.json") && said.contains("/license") && said.contains("\"CC-BY-4\""),
        "{said}"
    );
    assert!(said.contains("not an SPDX licence id"), "{said}");
    assert_eq!(tree_hash(&ds), before, "nothing was written");
}

#[test]
fn a_shard_changed_or_added_after_release_is_reported_by_validate() {
    let (_tmp, ds) = sample_copy();
    let r = release(&[&ds, &"v1", &"--split", &"train=0.5,test=0.5"]);
    assert_eq!(r.status.code(), Some(0), "{}", text(&r));
    assert_eq!(biaozhu(&[&"validate", &ds]).status.code(), Some(0));
    let shard = ds.join("releases/v1/data/test-00000-of-00001.parquet");
    let mut bytes = std::fs::read(&shard).unwrap();
    let mid = bytes.len() / 2;
    bytes[mid] ^= 0xff;
    std::fs::write(&shard, bytes).unwrap();
    let extra = ds.join("releases/v1/data/extra-00000-of-00001.parquet");
    std::fs::write(&extra, b"PAR1").unwrap();
    let r = biaozhu(&[&"validate", &ds]);
    assert_eq!(r.status.code(), Some(1), "{}", text(&r));
    let said = text(&r);
    assert!(
        said.contains("test-00000-of-00001.parquet") && said.contains("changed after release v1"),
        "{said}"
    );
    assert!(said.contains("extra-00000-of-00001.parquet"), "{said}");
}

#[test]
fn the_card_reports_the_annotators_agreement_when_there_are_two() {
    let (_tmp, ds) = sample_copy();
    let s = biaozhu(&[&"suggest", &ds]);
    assert_eq!(s.status.code(), Some(0), "{}", text(&s));
    let r = release(&[&ds, &"v1", &"--annotator", &"sample"]);
    assert_eq!(r.status.code(), Some(0), "{}", text(&r));
    let card = std::fs::read_to_string(ds.join("releases/v1/README.md")).unwrap();
    assert!(card.contains("- `model-rules`: 4"), "{card}");
    assert!(card.contains("- `sample`: 4"), "{card}");
    let agree = biaozhu(&[&"agree", &ds, &"--format", &"json"]);
    let a: Value = serde_json::from_slice(&agree.stdout).unwrap();
    let pair = &a["pairs"][0];
    let row = format!(
        "| `{}` / `{}` | {:.4} |",
        pair["a"].as_str().unwrap(),
        pair["b"].as_str().unwrap(),
        pair["exact"]["overall"].as_f64().unwrap()
    );
    assert!(card.contains(&row), "{row} in {card}");
}
