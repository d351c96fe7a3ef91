//! The app in zh-CN, zh-TW and en (driven by egui_kittest, with the bundled fonts: a missing
//! glyph fails the test), switching language from the View menu, and typing Chinese through an
//! input method: composed text lands in the text fields, and no single-key shortcut fires while
//! a field has the keyboard or a composition is open.

#[path = "common/app_harness.rs"]
mod app_harness;
mod common;
use biaozhu::app::i18n::Language;
use biaozhu::app::{BiaozhuApp, FindAction, SelectAction, Settings, ViewAction};
use egui::accesskit::Role;
use egui::{Event, ImeEvent, Key};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use std::path::Path;

fn harness_in(
    ds: &Path,
    annotator: Option<&str>,
    lang: Option<Language>,
) -> Harness<'static, BiaozhuApp> {
    let ds = ds.to_path_buf();
    let settings = Settings {
        annotator: annotator.map(str::to_string),
        language: lang,
        ..Settings::default()
    };
    app_harness::open(&ds, settings, Some(1))
}

fn snapshot(h: &mut Harness<'static, BiaozhuApp>, name: &str) {
    if std::env::var_os("BIAOZHU_SKIP_SNAPSHOT").is_none() {
        h.snapshot(name);
    }
}

/// The main window, the shortcut sheet and the Projects view in `lang`, each looked up by words
/// of that language and snapshotted.
fn draws_in(lang: Language, file_menu: &str, first_label: &str, sheet: &str, projects: &str) {
    let (_tmp, ds) = common::sample_copy();
    let mut h = harness_in(&ds, Some("sample"), Some(lang));
    let tag = lang.tag();
    h.get_by_label(file_menu);
    h.get_by_label(first_label);
    snapshot(&mut h, &format!("main_window_{tag}"));

    h.state_mut().dispatch(ViewAction::ToggleHelp);
    h.run();
    h.get_by_label(sheet);
    snapshot(&mut h, &format!("help_sheet_{tag}"));
    h.state_mut().dispatch(ViewAction::ToggleHelp);

    h.state_mut().dispatch(ViewAction::ToggleProjects);
    h.run();
    h.get_by_label_contains(projects);
    snapshot(&mut h, &format!("projects_{tag}"));
}

#[test]
fn the_window_in_simplified_chinese() {
    draws_in(Language::ZhCn, "文件", "1  项目", "键盘快捷键", "项目：");
}

#[test]
fn the_window_in_traditional_chinese() {
    draws_in(Language::ZhTw, "檔案", "1  項目", "鍵盤快捷鍵", "項目：");
}

#[test]
fn the_window_in_english() {
    draws_in(
        Language::En,
        "File",
        "1  project",
        "Keyboard shortcuts",
        "Projects:",
    );
}

#[test]
fn view_language_switches_at_once_and_is_kept_in_the_settings() {
    let (_tmp, ds) = common::sample_copy();
    let mut h = harness_in(&ds, Some("sample"), None);
    assert_eq!(h.state().settings().language, None);
    h.get_by_label("File");
    h.get_by_label("View").click();
    h.run();
    h.get_by_label("Language").click();
    h.run();
    h.get_by_label("简体中文").click();
    h.run();
    assert_eq!(h.state().settings().language, Some(Language::ZhCn));
    h.get_by_label("文件");
    assert!(
        h.query_by_label("File").is_none(),
        "the menu is all Chinese at once"
    );
    // And back, from the Chinese menu, by the language's own name.
    h.get_by_label("视图").click();
    h.run();
    h.get_by_label("语言").click();
    h.run();
    h.get_by_label("繁體中文").click();
    h.run();
    assert_eq!(h.state().settings().language, Some(Language::ZhTw));
    h.get_by_label("檔案");
}

/// The keys that would act on the document if they reached the keymap.
const SHORTCUTS: [Key; 9] = [
    Key::Num1,
    Key::Num2,
    Key::A,
    Key::X,
    Key::R,
    Key::N,
    Key::P,
    Key::T,
    Key::Delete,
];

/// What the shortcuts would change: the document, its spans, the views shown.
fn observable(h: &Harness<'static, BiaozhuApp>) -> (usize, usize, bool, bool) {
    let cur = h.state().current().unwrap();
    (
        cur.index,
        cur.ann.spans.len(),
        h.state().projects_shown(),
        h.state().link_mode().is_some(),
    )
}

fn press_all(h: &mut Harness<'static, BiaozhuApp>) {
    for key in SHORTCUTS {
        h.key_press(key);
        h.run();
    }
}

fn preedit(text: &str) -> Event {
    Event::Ime(ImeEvent::Preedit {
        text: text.into(),
        active_range_chars: None,
    })
}

#[test]
fn composed_text_lands_in_the_find_bar_and_no_shortcut_fires_meanwhile() {
    let (_tmp, ds) = common::sample_copy();
    let mut h = harness_in(&ds, Some("sample"), Some(Language::ZhCn));
    let before = observable(&h);
    h.state_mut().dispatch(FindAction::Open);
    h.run();
    h.event(preedit("xiangmu"));
    h.run();
    assert!(h.state().is_composing());
    press_all(&mut h);
    assert_eq!(
        observable(&h),
        before,
        "a shortcut fired while composing in the find field"
    );
    h.event(Event::Ime(ImeEvent::Commit("项目".into())));
    h.run();
    assert!(!h.state().is_composing());
    assert_eq!(h.state().find().query, "项目");
    // Still typing into the field after the commit: the keys stay the field's.
    press_all(&mut h);
    assert_eq!(observable(&h), before);
}

#[test]
fn composed_text_lands_in_the_document_filter() {
    let (_tmp, ds) = common::sample_copy();
    let mut h = harness_in(&ds, Some("sample"), Some(Language::ZhCn));
    let before = observable(&h);
    h.get_by_role_and_label(Role::TextInput, "筛选").focus();
    h.run();
    h.event(preedit("nantong"));
    h.run();
    press_all(&mut h);
    h.event(Event::Ime(ImeEvent::Commit("南通".into())));
    h.run();
    assert_eq!(h.state().doc_filter(), "南通");
    assert_eq!(observable(&h), before);
}

#[test]
fn composed_text_lands_in_the_name_prompt() {
    let (_tmp, ds) = common::sample_copy();
    let mut h = harness_in(&ds, None, Some(Language::ZhTw));
    assert!(h.state().is_asking_name());
    let typed = h.state().name_typed().unwrap().to_string();
    h.event(preedit("zhang"));
    h.run();
    h.event(Event::Ime(ImeEvent::Commit("張".into())));
    h.run();
    assert_eq!(h.state().name_typed(), Some(format!("{typed}張").as_str()));
}

#[test]
fn an_open_composition_holds_the_label_keys_even_with_no_field_focused() {
    let (_tmp, ds) = common::sample_copy();
    let mut h = harness_in(&ds, Some("sample"), Some(Language::ZhCn));
    let text = h.state().current().unwrap().doc.text.clone();
    // Three characters with no span on them yet.
    let cur = h.state().current().unwrap();
    let n = text.chars().count();
    let start = (0..n - 3)
        .find(|&a| {
            let covered = |i: usize| cur.ann.spans.iter().any(|s| s.start <= i && i < s.end);
            (a..a + 3).all(|i| !covered(i))
                && text.chars().skip(a).take(3).all(|c| c.is_alphanumeric())
        })
        .unwrap();
    h.state_mut()
        .dispatch(SelectAction::Range(start, start + 3));
    h.run();
    let spans = h.state().current().unwrap().ann.spans.len();
    h.event(preedit("x"));
    h.run();
    h.key_press(Key::Num1);
    h.run();
    assert_eq!(
        h.state().current().unwrap().ann.spans.len(),
        spans,
        "label key fired while composing"
    );
    h.event(Event::Ime(ImeEvent::Commit(String::new())));
    h.run();
    h.key_press(Key::Num1);
    h.run();
    assert_eq!(
        h.state().current().unwrap().ann.spans.len(),
        spans + 1,
        "after the composition the label key labels (the guard is a real condition)"
    );
}

#[test]
fn labelling_leaves_out_punctuation_and_whitespace_at_the_edges() {
    let (_tmp, ds) = common::sample_copy();
    let mut h = harness_in(&ds, Some("sample"), Some(Language::ZhCn));
    let text = h.state().current().unwrap().doc.text.clone();
    let chars: Vec<char> = text.chars().collect();
    // A quoted name, selected with its quote marks.
    let open = chars
        .iter()
        .position(|&c| c == '“')
        .expect("a quote in the sample");
    let close = open + chars[open..].iter().position(|&c| c == '”').unwrap();
    let inner: String = chars[open + 1..close].iter().collect();
    h.state_mut().dispatch(SelectAction::Range(open, close + 1));
    h.run();
    h.key_press(Key::Num1);
    h.run();
    let id = h
        .state()
        .selected_span()
        .expect("the new span is selected")
        .to_string();
    let s = h.state().session().unwrap();
    let doc = &s.current.as_ref().unwrap().doc.id;
    let ann = biaozhu::core::annotate::session::read_annotation_file(&s.dataset, "sample", doc)
        .unwrap()
        .expect("the annotation is on disk");
    let span = ann.span(&id).unwrap();
    assert_eq!(
        (span.start, span.end, span.text.as_str()),
        (open + 1, close, inner.as_str())
    );
}

#[test]
fn g_opens_the_guidelines_at_the_selected_span_s_label_in_the_window_s_language() {
    let (_tmp, ds) = common::sample_copy();
    let mut h = harness_in(&ds, Some("sample"), Some(Language::ZhCn));
    let amount = h
        .state()
        .current()
        .unwrap()
        .ann
        .spans
        .iter()
        .find(|s| s.label == "amount")
        .expect("an amount in the sample")
        .id
        .clone();
    h.state_mut().dispatch(SelectAction::Span(amount));
    h.run();
    h.key_press(Key::G);
    h.run();
    let g = h.state().guidelines();
    assert!(g.shown);
    assert_eq!(g.section.as_deref(), Some("amount"));
    h.get_by_label("标注准则");
    h.get_by_label_contains("2.2 金额 amount");
    assert!(
        h.query_by_label_contains("2.1 项目").is_none(),
        "only the amount section is shown"
    );
    snapshot(&mut h, "guidelines_zh-CN");
    h.get_by_label("显示全文").click();
    h.run();
    h.get_by_label_contains("2.1 项目 project");
    // G again hides them.
    h.key_press(Key::G);
    h.run();
    assert!(!h.state().guidelines().shown);
}

/// The sample with a second annotator who disagrees on one document.
fn sample_with_two_annotators() -> (tempfile::TempDir, std::path::PathBuf) {
    let (tmp, ds) = common::sample_copy();
    let from = ds.join("annotations/sample");
    let to = ds.join("annotations/li");
    std::fs::create_dir_all(&to).unwrap();
    for entry in std::fs::read_dir(&from).unwrap() {
        let path = entry.unwrap().path();
        let mut ann: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        ann["annotator"] = "li".into();
        if path
            .file_name()
            .unwrap()
            .to_string_lossy()
            .starts_with("02")
        {
            // li leaves out the first span (and the relations that use it).
            let first = ann["spans"][0]["id"].clone();
            ann["spans"].as_array_mut().unwrap().remove(0);
            ann["relations"]
                .as_array_mut()
                .unwrap()
                .retain(|r| r["from"] != first && r["to"] != first);
        }
        std::fs::write(
            to.join(path.file_name().unwrap()),
            serde_json::to_string_pretty(&ann).unwrap(),
        )
        .unwrap();
    }
    (tmp, ds)
}

#[test]
fn the_dashboard_computes_in_the_background_and_a_matrix_cell_lists_the_disagreements() {
    let (_tmp, ds) = sample_with_two_annotators();
    let mut h = harness_in(&ds, Some("sample"), Some(Language::ZhCn));
    h.get_by_label("视图").click();
    h.run();
    h.get_by_label("仪表盘").click();
    h.run();
    // The numbers come from a background thread: frames go on meanwhile.
    for _ in 0..200 {
        if !h.state().dashboard().is_computing() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
        h.run();
    }
    h.run();
    h.get_by_label_contains("各状态的文档数");
    snapshot(&mut h, "dashboard_zh-CN");
    // The matrix has a cell for li × sample and one for sample × li.
    let cells = h.get_all_by_label_contains("\nκ ").collect::<Vec<_>>();
    assert_eq!(cells.len(), 2, "the agreement matrix is drawn");
    cells[0].click();
    h.run();
    let (what, ids) = h
        .state()
        .doc_list_only()
        .expect("the list is filtered")
        .clone();
    assert!(what.contains("li") && what.contains("sample"));
    assert_eq!(ids, vec!["02-zhenjiang-battery".to_string()]);
}

/// Hovering a span shows its label (and attribute names) in the window's language, not the
/// stored id.
#[test]
fn the_span_tooltip_names_the_label_in_the_window_s_language() {
    let (_tmp, ds) = common::sample_copy();
    let mut h = harness_in(&ds, Some("sample"), Some(Language::ZhCn));
    let span = {
        let cur = h.state().current().unwrap();
        let s = cur.ann.spans.iter().find(|s| s.label == "amount").unwrap();
        s.clone()
    };
    h.state_mut()
        .apply(ViewAction::ScrollTo(span.start))
        .unwrap();
    h.run();
    let at = h.state().article().range_rects(span.start, span.end)[0].center();
    let tip = format!("金额  「{}」  {}–{}", span.text, span.start, span.end);
    for _ in 0..60 {
        h.hover_at(at);
        h.step();
        if h.query_by_label_contains(&tip).is_some() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(15));
    }
    assert!(
        h.query_by_label_contains(&tip).is_some(),
        "no tooltip with {tip:?}"
    );
    assert!(h.query_by_label_contains("amount  「").is_none());
}

/// An annotation made on another version of its text opens read-only, and the window says why
/// in its language (the command line's English stays in the core).
#[test]
fn a_read_only_document_says_why_in_the_window_s_language() {
    let (_tmp, ds) = common::sample_copy();
    // The harness opens the second document.
    let file = ds.join("annotations/sample/02-zhenjiang-battery.json");
    let text = std::fs::read_to_string(&file).unwrap();
    let changed = text.replace(
        "724f6f1fb135e86d6499c75ef44c0a7d2f475db7cc9a93851cffef6a39b9ed31",
        &"0".repeat(64),
    );
    assert_ne!(
        text, changed,
        "the sample's sha256 is where the test expects it"
    );
    std::fs::write(&file, changed).unwrap();
    let mut h = harness_in(&ds, Some("sample"), Some(Language::ZhCn));
    h.run();
    assert!(h.state().current().unwrap().locked_reason.is_some());
    h.get_by_label_contains("这份标注是在这篇文本的另一个版本上做的");
    assert!(
        h.query_by_label_contains("another version").is_none(),
        "no English beside the status"
    );
}

#[test]
fn an_annotation_file_that_is_not_json_is_said_in_the_window_s_language() {
    let (_tmp, ds) = common::sample_copy();
    // The harness opens the second document; its annotation file is cut short.
    let file = ds.join("annotations/sample/02-zhenjiang-battery.json");
    let text = std::fs::read_to_string(&file).unwrap();
    let half: String = text.chars().take(text.chars().count() / 2).collect();
    std::fs::write(&file, &half).unwrap();
    let mut h = harness_in(&ds, Some("sample"), Some(Language::ZhTw));
    h.run();
    assert!(h.state().current().unwrap().locked_reason.is_some());
    h.get_by_label_contains("標註檔案無法讀取：JSON 在第");
    assert!(
        h.query_by_label_contains("ends too early").is_none(),
        "the kind of trouble is not in English"
    );
    // The file is left as it was.
    assert_eq!(std::fs::read_to_string(&file).unwrap(), half);
}

#[test]
fn a_label_schema_that_cannot_be_used_is_said_in_the_window_s_language() {
    let (_tmp, ds) = common::sample_copy();
    let file = ds.join("labels.ron");
    let text = std::fs::read_to_string(&file).unwrap();
    let twice = text.replacen("key: \"2\"", "key: \"1\"", 1);
    assert_ne!(
        text, twice,
        "the sample's keys are where the test expects them"
    );
    std::fs::write(&file, twice).unwrap();
    let mut h = harness_in(&ds, Some("sample"), Some(Language::ZhCn));
    h.run();
    assert!(h.state().session().is_none());
    h.get_by_label_contains("无法打开数据集：");
    h.get_by_label_contains("快捷键“1”用了两次");
    assert!(
        h.query_by_label_contains("is used twice").is_none(),
        "no English in the message"
    );
}
