use super::*;
use crate::core::data::model::{Attrs, DocumentMeta, Relation, Span, Status};
use arrow_array::Array;
use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;

fn record(id: &str, text: &str, spans: &[(usize, usize, &str)]) -> Record {
    let chars: Vec<char> = text.chars().collect();
    let mut attrs = Attrs::new();
    attrs.insert("currency".into(), "CNY".into());
    Record {
        id: id.into(),
        text: text.into(),
        sha256: crate::core::data::ids::sha256_hex(text.as_bytes()),
        meta: DocumentMeta {
            title: format!("{id} title"),
            ..DocumentMeta::default()
        },
        spans: spans
            .iter()
            .enumerate()
            .map(|(i, &(start, end, label))| Span {
                id: format!("s{i}"),
                start,
                end,
                label: label.into(),
                text: chars[start..end].iter().collect(),
                attrs: attrs.clone(),
            })
            .collect(),
        relations: if spans.len() > 1 {
            vec![Relation {
                id: "r0".into(),
                kind: "located_in".into(),
                from: "s0".into(),
                to: "s1".into(),
                confidence: None,
            }]
        } else {
            Vec::new()
        },
        annotator: "gold".into(),
        status: Status::Done,
    }
}

/// The rows of a shard as (id, text, [(start, end, label, text, attrs)], relation types).
type Row = (
    String,
    String,
    Vec<(i64, i64, String, String, String)>,
    Vec<String>,
);

fn rows(bytes: Vec<u8>) -> Vec<Row> {
    let reader = ParquetRecordBatchReaderBuilder::try_new(bytes::Bytes::from(bytes))
        .unwrap()
        .build()
        .unwrap();
    let mut out = Vec::new();
    for batch in reader {
        let batch = batch.unwrap();
        assert_eq!(batch.schema(), schema());
        let string = |name: &str| {
            batch
                .column_by_name(name)
                .unwrap()
                .as_any()
                .downcast_ref::<StringArray>()
                .unwrap()
                .clone()
        };
        let list = |name: &str| {
            batch
                .column_by_name(name)
                .unwrap()
                .as_any()
                .downcast_ref::<ListArray>()
                .unwrap()
                .clone()
        };
        let (ids, texts, spans, relations) = (
            string("id"),
            string("text"),
            list("spans"),
            list("relations"),
        );
        for i in 0..batch.num_rows() {
            let s = spans.value(i);
            let s = s.as_any().downcast_ref::<StructArray>().unwrap();
            let col = |n: usize| s.column(n).clone();
            let (sid, start, end, label, text, attrs) =
                (col(0), col(1), col(2), col(3), col(4), col(5));
            let str_at = |a: &ArrayRef, k: usize| {
                a.as_any()
                    .downcast_ref::<StringArray>()
                    .unwrap()
                    .value(k)
                    .to_string()
            };
            let int_at =
                |a: &ArrayRef, k: usize| a.as_any().downcast_ref::<Int64Array>().unwrap().value(k);
            let span_rows = (0..s.len())
                .map(|k| {
                    assert!(str_at(&sid, k).starts_with('s'));
                    (
                        int_at(&start, k),
                        int_at(&end, k),
                        str_at(&label, k),
                        str_at(&text, k),
                        str_at(&attrs, k),
                    )
                })
                .collect();
            let r = relations.value(i);
            let r = r.as_any().downcast_ref::<StructArray>().unwrap();
            let kinds = (0..r.len()).map(|k| str_at(r.column(1), k)).collect();
            out.push((
                ids.value(i).to_string(),
                texts.value(i).to_string(),
                span_rows,
                kinds,
            ));
        }
    }
    out
}

#[test]
fn shards_read_back_with_the_records_ids_texts_and_code_point_offsets() {
    let a = record(
        "a",
        "南通开发区投资20亿元建设智能制造产业园项目",
        &[(0, 5, "region"), (7, 11, "amount")],
    );
    let b = record("b", "no spans here", &[]);
    let files = shards("train", &[&a, &b], MAX_SHARD_BYTES).unwrap();
    assert_eq!(files.len(), 1);
    assert_eq!(files[0].0, "data/train-00000-of-00001.parquet");
    let got = rows(files[0].1.clone());
    assert_eq!(got.len(), 2);
    assert_eq!(
        (got[0].0.as_str(), got[0].1.as_str()),
        ("a", a.text.as_str())
    );
    assert_eq!(
        got[0].2,
        vec![
            (
                0,
                5,
                "region".into(),
                "南通开发区".into(),
                r#"{"currency":"CNY"}"#.into()
            ),
            (
                7,
                11,
                "amount".into(),
                "20亿元".into(),
                r#"{"currency":"CNY"}"#.into()
            ),
        ]
    );
    assert_eq!(got[0].3, vec!["located_in".to_string()]);
    assert!(got[1].2.is_empty() && got[1].3.is_empty());
    // The same records give the same bytes.
    assert_eq!(shards("train", &[&a, &b], MAX_SHARD_BYTES).unwrap(), files);
}

#[test]
fn a_split_larger_than_a_shard_is_cut_into_numbered_shards_of_at_most_the_limit() {
    let long = "投资".repeat(2000);
    let records: Vec<Record> = (0..40)
        .map(|i| record(&format!("d{i:02}"), &long, &[(0, 2, "project")]))
        .collect();
    let refs: Vec<&Record> = records.iter().collect();
    let max = 64 * 1024;
    let files = shards("test", &refs, max).unwrap();
    assert!(files.len() > 1, "{} shards", files.len());
    let n = files.len();
    let mut ids = Vec::new();
    for (i, (name, bytes)) in files.into_iter().enumerate() {
        assert_eq!(name, format!("data/test-{i:05}-of-{n:05}.parquet"));
        assert!(bytes.len() <= max, "{name}: {} bytes", bytes.len());
        ids.extend(rows(bytes).into_iter().map(|r| r.0));
    }
    // Every record once, in order.
    assert_eq!(
        ids,
        records.iter().map(|r| r.id.clone()).collect::<Vec<_>>()
    );
}

#[test]
fn an_empty_split_has_one_shard_with_the_schema_and_no_rows() {
    let files = shards("validation", &[], MAX_SHARD_BYTES).unwrap();
    assert_eq!(files.len(), 1);
    assert_eq!(files[0].0, "data/validation-00000-of-00001.parquet");
    let reader =
        ParquetRecordBatchReaderBuilder::try_new(bytes::Bytes::from(files[0].1.clone())).unwrap();
    assert_eq!(reader.schema(), &schema());
    assert_eq!(reader.metadata().file_metadata().num_rows(), 0);
}

#[test]
fn the_documented_schema_names_every_column_and_field() {
    let doc = include_str!("../../../../schemas/release-parquet.md");
    for field in schema().fields() {
        let row = format!("| `{}` |", field.name());
        assert!(doc.contains(&row), "schemas/release-parquet.md lacks {row}");
        if let DataType::List(item) = field.data_type()
            && let DataType::Struct(inner) = item.data_type()
        {
            for f in inner {
                let row = format!("| `{}.{}` |", field.name(), f.name());
                assert!(doc.contains(&row), "schemas/release-parquet.md lacks {row}");
            }
        }
    }
}
