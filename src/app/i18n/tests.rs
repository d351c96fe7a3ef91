use super::*;

#[test]
fn system_locales_map_to_the_three_languages() {
    for (locale, want) in [
        ("zh_CN.UTF-8", Language::ZhCn),
        ("zh-CN", Language::ZhCn),
        ("zh_SG", Language::ZhCn),
        ("zh-Hans-HK", Language::ZhCn),
        ("zh", Language::ZhCn),
        ("zh_TW.UTF-8", Language::ZhTw),
        ("zh_HK.UTF-8", Language::ZhTw),
        ("zh_MO", Language::ZhTw),
        ("zh-Hant", Language::ZhTw),
        ("zh-Hant-CN", Language::ZhTw),
        ("en_US.UTF-8", Language::En),
        ("C", Language::En),
        ("", Language::En),
        ("ja_JP", Language::En),
    ] {
        assert_eq!(Language::from_locale(locale), want, "{locale}");
    }
}

#[test]
fn messages_format_with_their_arguments_in_each_language() {
    assert_eq!(
        tr!(Language::En, "docs-progress", done = 3, total = 10),
        "3 / 10 done"
    );
    assert_eq!(
        tr!(Language::ZhCn, "docs-progress", done = 3, total = 10),
        "已完成 3 / 10"
    );
    assert_eq!(tr!(Language::ZhTw, "menu-file"), "檔案");
    assert_eq!(
        tr!(Language::ZhCn, "status-name", status = "done"),
        "已完成"
    );
    assert_eq!(
        tr!(Language::En, "status-name", status = "in_progress"),
        "in progress"
    );
    // No Unicode isolation marks around arguments: egui would draw them as boxes.
    let s = tr!(Language::ZhCn, "find-matches", n = 4);
    assert!(!s.contains('\u{2068}') && !s.contains('\u{2069}'), "{s:?}");
}

#[test]
fn an_unknown_id_shows_as_itself_in_brackets() {
    assert_eq!(
        text(Language::ZhCn, "no-such-message", None),
        "⟦no-such-message⟧"
    );
}

fn sources(zh_cn: Sources) -> [(Language, Sources); 3] {
    let files = |lang: Language| {
        Ok(FILES
            .iter()
            .zip(embedded(lang))
            .map(|(n, t)| (n.to_string(), t.to_string()))
            .collect())
    };
    [
        (Language::ZhCn, zh_cn),
        (Language::ZhTw, files(Language::ZhTw)),
        (Language::En, files(Language::En)),
    ]
}

#[test]
fn a_syntax_error_falls_back_to_english_with_one_message() {
    let broken = vec![(
        "zh-CN/app.ftl".to_string(),
        "menu-file = 文件\nthis line is not fluent {\n".to_string(),
    )];
    let c = Catalog::from_sources(sources(Ok(broken)));
    assert_eq!(c.problems().len(), 1, "{:?}", c.problems());
    assert!(c.problems()[0].contains("zh-CN"), "{:?}", c.problems());
    assert!(c.problems()[0].contains("line 2"), "{:?}", c.problems());
    assert!(!c.has(Language::ZhCn));
    assert_eq!(c.text(Language::ZhCn, "menu-file", None), "File");
    assert_eq!(c.text(Language::ZhTw, "menu-file", None), "檔案");
}

#[test]
fn a_missing_locale_folder_falls_back_to_english_with_one_message() {
    let dir = tempfile::tempdir().unwrap();
    for lang in [Language::En, Language::ZhTw] {
        let folder = dir.path().join(lang.tag());
        std::fs::create_dir_all(&folder).unwrap();
        for (name, text) in FILES.iter().zip(embedded(lang)) {
            std::fs::write(folder.join(name), text).unwrap();
        }
    }
    let c = Catalog::from_dir(dir.path());
    assert_eq!(c.problems().len(), 1, "{:?}", c.problems());
    assert!(c.problems()[0].contains("zh-CN"));
    assert_eq!(c.text(Language::ZhCn, "menu-file", None), "File");
    assert_eq!(c.text(Language::ZhTw, "menu-file", None), "檔案");
    // A folder that is not there at all: every language falls back, English is compiled in.
    let c = Catalog::from_dir(&dir.path().join("nowhere"));
    assert_eq!(c.problems().len(), 3);
    assert_eq!(c.text(Language::ZhTw, "menu-file", None), "File");
}

#[test]
fn the_compiled_in_catalog_loads_without_problems() {
    assert!(Catalog::embedded().problems().is_empty());
}
