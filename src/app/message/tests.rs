use super::*;
use std::path::PathBuf;

#[test]
fn an_error_whose_parts_are_known_is_said_in_the_windows_language() {
    let locked = Error::Locked {
        path: PathBuf::from("/data/team"),
    };
    let text = Message::error(Language::ZhCn, &locked).text;
    assert!(
        text.contains("/data/team：另一个 biaozhu 进程正在写入"),
        "{text}"
    );
    assert!(!text.contains("another"), "{text}");

    let duplicate = Error::Edit(EditError::Duplicate {
        start: 3,
        end: 7,
        label: "amount".into(),
    });
    let text = Message::error(Language::ZhTw, &duplicate).text;
    assert!(text.contains("3..7 處已有一個相同的 amount 標註"), "{text}");

    let older = Error::OlderFormat {
        dir: PathBuf::from("ds"),
        found: 1,
        supported: 2,
    };
    let text = Message::error(Language::En, &older).text;
    assert!(text.contains("run `biaozhu migrate ds`"), "{text}");
    assert!(text.contains("format_version 2"), "{text}");
}

#[test]
fn an_error_in_the_cores_words_names_its_place_and_says_the_detail_is_english() {
    let invalid = Error::Invalid {
        path: PathBuf::from("annotations/d1/ann.json"),
        pointer: "/spans/0/end".into(),
        message: "end is past the text".into(),
        typed: None,
    };
    let text = Message::error(Language::ZhCn, &invalid).text;
    assert!(text.starts_with("数据集中的某个文件无效"), "{text}");
    assert!(
        text.contains("位置：annotations/d1/ann.json:/spans/0/end"),
        "{text}"
    );
    assert!(
        text.contains("详情（英文，与命令行相同）：end is past the text"),
        "{text}"
    );
    // English keeps the command line's one line.
    let text = Message::error(Language::En, &invalid).text;
    assert!(
        text.ends_with("annotations/d1/ann.json:/spans/0/end: end is past the text"),
        "{text}"
    );
}

#[test]
fn a_file_that_is_not_json_is_said_in_the_windows_language_with_its_line_and_column() {
    let path = Path::new("annotations/bob/d1.json");
    let broken = crate::core::data::fsio::parse_json::<serde_json::Value>(
        path,
        b"{\n  \"spans\": [1, 2,,]\n}",
    )
    .unwrap_err();
    // English is the command line's line, word for word.
    let en = Message::error(Language::En, &broken).text;
    assert!(en.ends_with(&broken.to_string()), "{en}");
    let zh = Message::error(Language::ZhCn, &broken).text;
    assert!(
        zh.contains("annotations/bob/d1.json：文件不是有效的 JSON：第 2 行第 18 列有误"),
        "{zh}"
    );
    assert!(zh.contains("解析器的原话（英文）：expected value"), "{zh}");
    assert!(!zh.contains("at line"), "{zh}");
    // validate's problem of the same file, in the problems panel.
    let Error::Invalid {
        typed: Some(kind), ..
    } = &broken
    else {
        panic!("{broken:?}");
    };
    let problem = Problem {
        at: Location::file(path),
        kind: (**kind).clone(),
    };
    assert_eq!(problem_text(Language::En, &problem), problem.to_string());
    let truncated =
        crate::core::data::fsio::parse_json::<serde_json::Value>(path, b"{\"a\": [").unwrap_err();
    let tw = Message::error(Language::ZhTw, &truncated).text;
    assert!(tw.contains("JSON 在第 1 行第 7 欄提前結束"), "{tw}");
}

#[test]
fn a_labels_ron_that_does_not_parse_is_said_in_the_windows_language() {
    use crate::core::data::labels::LabelSchema;
    let path = Path::new("ds/labels.ron");
    let broken = LabelSchema::from_ron(
        "(\n  labels: [\n    (name: \"project\" color: \"#ff0000\"),\n  ],\n)",
    )
    .unwrap_err()
    .in_file(path);
    let en = Message::error(Language::En, &broken).text;
    assert!(
        en.ends_with(
            "ds/labels.ron: the file is not valid RON: Expected comma at line 3 column 22"
        ),
        "{en}"
    );
    let zh = Message::error(Language::ZhCn, &broken).text;
    assert!(
        zh.contains("ds/labels.ron：文件不是有效的 RON：第 3 行第 22 列有误"),
        "{zh}"
    );
    assert!(zh.contains("解析器的原话（英文）："), "{zh}");
    let cut = LabelSchema::from_ron("(labels: [")
        .unwrap_err()
        .in_file(path);
    let tw = Message::error(Language::ZhTw, &cut).text;
    // ron says a cut file lacks what comes next, not that it ends early.
    assert!(
        tw.contains("檔案不是有效的 RON：第 1 行第 10 欄有誤"),
        "{tw}"
    );
    // A schema that parses but declares a key twice.
    let twice = LabelSchema::from_ron(
        "(labels: [(name: \"项目\", key: \"1\", color: \"#ff0000\"), (name: \"金额\", key: \"1\", color: \"#00ff00\")])",
    )
    .unwrap_err()
    .in_file(path);
    let zh = Message::error(Language::ZhCn, &twice).text;
    assert!(
        zh.ends_with("ds/labels.ron：标签“金额”：快捷键“1”用了两次"),
        "{zh}"
    );
    let en = Message::error(Language::En, &twice).text;
    assert!(en.ends_with(&twice.to_string()), "{en}");
}

#[test]
fn a_problem_of_an_annotation_is_listed_in_the_windows_language() {
    let at = |pointer: &str| Location::pointer(pointer).in_file(Path::new("a/d1.json"));
    let misfit = |m: DatasetMisfit| Problem {
        at: at("/spans/0/text"),
        kind: ProblemKind::Dataset(Box::new(m)),
    };
    let differs = misfit(DatasetMisfit::TextDiffers {
        said: "南通".into(),
        start: 3,
        end: 5,
        covered: "南京".into(),
    });
    // English is the command line's line, word for word.
    assert_eq!(problem_text(Language::En, &differs), differs.to_string());
    let zh = problem_text(Language::ZhCn, &differs);
    assert_eq!(
        zh,
        "a/d1.json:/spans/0/text：写的是“南通”，但文档第 3..5 个码位是“南京”（偏移按 Unicode 码位计，不含结束位置）"
    );
    let orphan = Problem {
        at: Location::file(Path::new("annotations/bob/d7.json")),
        kind: ProblemKind::Dataset(Box::new(DatasetMisfit::Orphan {
            document_invalid: false,
        })),
    };
    assert_eq!(
        problem_text(Language::ZhTw, &orphan),
        "annotations/bob/d7.json：這份標註的文件不在資料集中（documents/ 裡沒有這個檔案）"
    );
    assert_eq!(problem_text(Language::En, &orphan), orphan.to_string());
    let gone = misfit(DatasetMisfit::NoSuchSpan { id: "s9".into() });
    assert!(problem_text(Language::ZhTw, &gone).ends_with("沒有 id 為「s9」的標註"));
    // A problem in the core's own words keeps them, marked as English in Chinese.
    let other = Problem::error(Path::new("labels.ron"), "", "expected `(`");
    assert_eq!(
        problem_text(Language::ZhCn, &other),
        "labels.ron：expected `(`（英文原文）"
    );
    assert_eq!(problem_text(Language::En, &other), other.to_string());
    // A release's file changed after the release, in all three languages; English word for
    // word as the command line says it.
    let changed = Problem {
        at: Location::file(Path::new("releases/v1/data.jsonl")),
        kind: ProblemKind::ReleaseFileChanged {
            version: "v1".into(),
        },
    };
    assert_eq!(problem_text(Language::En, &changed), changed.to_string());
    assert!(problem_text(Language::ZhCn, &changed).contains("在发布 v1 之后被改过"));
    assert!(problem_text(Language::ZhTw, &changed).contains("請還原這個檔案"));
}

#[test]
fn a_broken_rule_of_a_file_s_json_schema_is_said_in_the_windows_language() {
    use crate::core::exchange::schemas::{FileKind, schema_rules};
    let value = serde_json::json!({
        "document": "d1",
        "annotator": "bob",
        "status": "finished",
        "revision": "one",
        "spans": []
    });
    let rules = schema_rules(FileKind::Annotation, &value);
    assert!(!rules.is_empty());
    let listed: Vec<String> = rules
        .into_iter()
        .map(|(pointer, rule)| {
            let p = Problem {
                at: Location::pointer(pointer).in_file(Path::new("a/bob/d1.json")),
                kind: ProblemKind::SchemaRule(Box::new(rule)),
            };
            // English is the command line's line, word for word.
            assert_eq!(problem_text(Language::En, &p), p.to_string());
            problem_text(Language::ZhCn, &p)
        })
        .collect();
    assert!(
        listed
            .iter()
            .any(|t| t.contains("缺少必需的字段 \"document_sha256\"")),
        "{listed:?}"
    );
    assert!(
        listed
            .iter()
            .any(|t| t.starts_with("a/bob/d1.json:/revision：值的类型不对")),
        "{listed:?}"
    );
    assert!(
        listed
            .iter()
            .any(|t| t.starts_with("a/bob/d1.json:/status：不符合文件的 JSON Schema")),
        "{listed:?}"
    );
    assert!(listed.iter().all(|t| t.contains("校验器的原话（英文）：")));
}

#[test]
fn validates_own_checks_of_a_dataset_are_listed_in_the_windows_language() {
    use crate::core::check::validate::validate_paths;
    use crate::core::data::store::Dataset;
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("ds");
    // Labels whose key is the app's link key, and two shown as 项目 in zh-CN.
    let labels = "(labels: [\n  (name: \"project\", key: \"r\", color: \"#0072B2\", display: {\"zh-CN\": \"项目\"}),\n  (name: \"amount\", key: \"2\", color: \"#E69F00\", display: {\"zh-CN\": \"项目\"}),\n])\n";
    Dataset::create(&root, "t", Some(labels)).unwrap();
    // Two documents of one text, and an annotator folder whose name is not a name.
    let doc = |id: &str| {
        let text = "南通港项目";
        serde_json::json!({"id": id, "text": text,
            "sha256": crate::core::data::ids::sha256_hex(text.as_bytes()), "meta": {}})
    };
    for id in ["d1", "d2"] {
        std::fs::write(
            root.join(format!("documents/{id}.json")),
            serde_json::to_vec_pretty(&doc(id)).unwrap(),
        )
        .unwrap();
    }
    std::fs::create_dir_all(root.join("annotations/bad name")).unwrap();
    let report = validate_paths(std::slice::from_ref(&root)).unwrap();
    let zh: Vec<String> = report
        .problems
        .iter()
        .map(|p| problem_text(Language::ZhCn, p))
        .collect();
    let has = |needle: &str| zh.iter().any(|t| t.contains(needle));
    assert!(
        has(
            "标签“project”的快捷键是“r”，而应用程序用这个键来为选中的标注建立关系（R）；请换一个键"
        ),
        "{zh:#?}"
    );
    assert!(
        has(
            "标签“project”和“amount”在 zh-CN 中都显示为“项目”；请给每个起不同的显示名（labels.ron 第 3 行）"
        ),
        "{zh:#?}"
    );
    assert!(has("警告：与文档 d1 的正文相同；请删除其中一个"), "{zh:#?}");
    assert!(has("标注员文件夹的名字不合规"), "{zh:#?}");
    // English says what the command line says, word for word.
    for p in &report.problems {
        let en = problem_text(Language::En, p);
        assert_eq!(en, p.to_string());
    }
}

#[test]
fn an_import_s_skipped_span_and_a_merge_conflict_are_said_in_the_windows_language() {
    use crate::core::data::problem::{SkippedSpan, SpanMisfit};
    let skipped = Problem::of(ProblemKind::SpanSkipped(Box::new(SkippedSpan {
        key: "s3".into(),
        start: 4,
        end: 9,
        label: "amount".into(),
        why: SpanMisfit::TextDiffers {
            said: "5亿元".into(),
            covered: "3亿元".into(),
        },
    })));
    assert_eq!(problem_text(Language::En, &skipped), skipped.to_string());
    assert_eq!(
        problem_text(Language::ZhTw, &skipped),
        "標註 s3（4..9，amount）：寫的是「5亿元」，但那裡的正文是「3亿元」；已略過，沒有挪動"
    );
    let value = serde_json::json!({"status": "merge_conflict", "spans": []});
    let conflicts = crate::core::check::merge::conflict_problems(&value);
    let conflict = Problem::of(ProblemKind::Dataset(Box::new(conflicts[0].1.clone())));
    assert_eq!(problem_text(Language::En, &conflict), conflict.to_string());
    assert!(
        problem_text(Language::ZhCn, &conflict).starts_with("有未解决的合并冲突；"),
        "{}",
        problem_text(Language::ZhCn, &conflict)
    );
}

#[test]
fn a_review_with_differences_left_is_refused_in_the_windows_language() {
    let refused = crate::core::annotate::review::not_settled(2, "A", "X");
    assert_eq!(
        refused.exit_code(),
        1,
        "the command line's code is unchanged"
    );
    let zh = Message::error(Language::ZhCn, &refused);
    assert_eq!(zh.error_kind, Some(ErrorKind::Edit));
    assert!(
        zh.text
            .ends_with("还有 2 处差异没有处理：请逐一接受（A）或拒绝（X），再标为已审核。"),
        "{}",
        zh.text
    );
    assert!(
        !zh.text.contains("合并冲突"),
        "not a merge conflict: {}",
        zh.text
    );
    let en = Message::error(Language::En, &refused).text;
    assert!(en.ends_with(&refused.to_string()), "{en}");
}

#[test]
fn a_file_the_system_cannot_find_is_said_in_the_windows_language() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("gone.json");
    let err = Error::io(&missing, std::fs::read(&missing).unwrap_err());
    let zh = Message::error(Language::ZhCn, &err).text;
    assert!(
        zh.contains("gone.json：没有这个文件或文件夹（英文原话："),
        "{zh}"
    );
    let tw = Message::error(Language::ZhTw, &err).text;
    assert!(tw.contains("gone.json：沒有這個檔案或資料夾"), "{tw}");
    // English keeps the system's words, as the command line does.
    let en = Message::error(Language::En, &err).text;
    assert!(en.ends_with(&err.to_string()), "{en}");
}
