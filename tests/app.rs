//! The real app driven by egui_kittest, with the bundled font installed (a missing glyph fails
//! the test). After each step the annotation file on disk must say what the screen shows.

#[path = "common/app_harness.rs"]
mod app_harness;
mod common;
use biaozhu::app::{
    BiaozhuApp, DatasetAction, EditAction, FindAction, NavAction, ReviewAction, SelectAction,
    Settings, ViewAction,
};
use biaozhu::core::annotate::session::read_annotation_file;
use biaozhu::core::data::error::ErrorKind;
use biaozhu::core::data::model::{Annotation, Status};
use egui::{Key, Modifiers, Pos2, Vec2};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use std::path::Path;

fn settings(annotator: &str) -> Settings {
    Settings {
        annotator: Some(annotator.into()),
        ..Settings::default()
    }
}

/// The app on `ds` for annotator `tester`, showing document `start` from its first frame.
fn harness(ds: &Path, start: usize) -> Harness<'static, BiaozhuApp> {
    harness_as(ds, start, "tester")
}

fn harness_as(ds: &Path, start: usize, annotator: &str) -> Harness<'static, BiaozhuApp> {
    let ds = ds.to_path_buf();
    let settings = settings(annotator);
    // Every glyph must be in a bundled face (𠮷, U+20BB7, included): kittest fails on a box.
    app_harness::open(&ds, settings, Some(start))
}

fn screen_ann(h: &Harness<'static, BiaozhuApp>) -> Annotation {
    h.state().current().unwrap().ann.clone()
}

/// The annotation file on disk equals what the app holds (revision and time included).
fn assert_disk_matches_screen(h: &Harness<'static, BiaozhuApp>) {
    let s = h.state().session().unwrap();
    let cur = s.current.as_ref().unwrap();
    let disk = read_annotation_file(&s.dataset, "tester", &cur.doc.id).unwrap();
    match disk {
        Some(d) => assert_eq!(d, cur.ann, "the file on disk differs from the screen"),
        None => assert!(cur.ann.spans.is_empty() && cur.ann.status == Status::Todo),
    }
}

fn char_range_of(
    h: &Harness<'static, BiaozhuApp>,
    needle: &str,
    occurrence: usize,
) -> (usize, usize) {
    let text = &h.state().current().unwrap().doc.text;
    let byte = text
        .match_indices(needle)
        .nth(occurrence)
        .unwrap_or_else(|| panic!("{needle} not in the text"))
        .0;
    let start = text[..byte].chars().count();
    (start, start + needle.chars().count())
}

/// Drags over code points start..end with the real pointer.
fn drag_select(h: &mut Harness<'static, BiaozhuApp>, start: usize, end: usize) {
    h.state_mut().apply(ViewAction::ScrollTo(start)).unwrap();
    h.run();
    h.run();
    let first = h.state().article().range_rects(start, start + 1)[0];
    let last = *h
        .state()
        .article()
        .range_rects(end - 1, end)
        .last()
        .unwrap();
    let from = first.left_center() + Vec2::new(1.0, 0.0);
    let to = last.right_center() - Vec2::new(1.0, 0.0);
    h.hover_at(from);
    h.run();
    h.drag_at(from);
    h.run();
    h.hover_at(Pos2::new(
        (from.x + to.x) / 2.0,
        (from.y + to.y) / 2.0 + 0.5,
    ));
    h.run();
    h.hover_at(to);
    h.run();
    h.drop_at(to);
    h.run();
    assert_eq!(
        h.state().selection(),
        Some((start, end)),
        "the drag selected other characters"
    );
}

#[test]
fn drag_then_2_makes_an_amount_span_with_code_point_offsets() {
    let (_tmp, ds) = common::sample_copy();
    let mut h = harness(&ds, 2);
    let (a, b) = char_range_of(&h, "3000万美元", 0);
    drag_select(&mut h, a, b);
    h.key_press(Key::Num2);
    h.run();
    let ann = screen_ann(&h);
    let span = ann
        .spans
        .iter()
        .find(|s| s.start == a && s.end == b && s.label == "amount")
        .expect("an amount span");
    assert_eq!(span.text, "3000万美元");
    assert_eq!(
        (
            span.attrs["value"].as_f64(),
            span.attrs["currency"].as_str(),
            span.attrs["qualifier"].as_str()
        ),
        (Some(3e7), Some("USD"), Some("exact")),
        "typed values are filled on labelling"
    );
    assert_eq!(ann.status, Status::InProgress);
    assert_disk_matches_screen(&h);
}

#[test]
fn a_span_after_an_astral_character_keeps_code_point_offsets() {
    let (_tmp, ds) = common::sample_copy();
    let mut h = harness(&ds, 0);
    let (a, b) = char_range_of(&h, "约35亿元", 1);
    let text = h.state().current().unwrap().doc.text.clone();
    assert!(
        text.chars().take(a).any(|c| c as u32 > 0xFFFF),
        "the span must come after 𠮷"
    );
    drag_select(&mut h, a, b);
    h.key_press(Key::Num2);
    h.run();
    let ann = screen_ann(&h);
    let span = ann
        .spans
        .iter()
        .find(|s| s.start == a && s.end == b && s.label == "amount" && s.id.starts_with('s'))
        .unwrap();
    assert_eq!(span.text, "约35亿元");
    assert_eq!(
        text.chars()
            .skip(span.start)
            .take(span.end - span.start)
            .collect::<String>(),
        "约35亿元"
    );
    assert_disk_matches_screen(&h);
}

#[test]
fn a_drag_across_a_line_break_selects_exact_characters() {
    let (_tmp, ds) = common::sample_copy();
    let mut h = harness(&ds, 3);
    let text = h.state().current().unwrap().doc.text.clone();
    let nl = text.chars().position(|c| c == '\n').unwrap();
    let (a, b) = (nl - 3, nl + 4);
    drag_select(&mut h, a, b);
    h.key_press(Key::Num4);
    h.run();
    // The label leaves out punctuation at the edges of the drag (guidelines §1).
    let covered: String = text.chars().skip(a).take(b - a).collect();
    let (a, b) = biaozhu::core::annotate::selection::trim_edges(&covered, a, b);
    let ann = screen_ann(&h);
    let span = ann
        .spans
        .iter()
        .find(|s| s.start == a && s.end == b)
        .expect("a span across the line break");
    assert!(span.text.contains('\n') && span.label == "mechanism");
    assert_disk_matches_screen(&h);
}

#[test]
fn relabel_delete_and_undo_redo_round_trip() {
    let (_tmp, ds) = common::sample_copy();
    let mut h = harness(&ds, 3);
    let original = screen_ann(&h);
    let (a, b) = char_range_of(&h, "启东市", 0);
    h.state_mut().dispatch(SelectAction::Range(a, b));
    h.run();
    h.key_press(Key::Num1);
    h.run();
    let id = h
        .state()
        .selected_span()
        .map(str::to_string)
        .expect("the new span is selected");
    assert_disk_matches_screen(&h);
    h.key_press(Key::Num3); // relabel
    h.run();
    assert_eq!(screen_ann(&h).span(&id).unwrap().label, "region");
    assert_disk_matches_screen(&h);
    h.key_press_modifiers(Modifiers::SHIFT, Key::ArrowLeft); // shrink the end
    h.run();
    assert_eq!(screen_ann(&h).span(&id).unwrap().text, "启东");
    assert_disk_matches_screen(&h);
    h.key_press(Key::Delete);
    h.run();
    assert!(screen_ann(&h).span(&id).is_none());
    assert_disk_matches_screen(&h);
    for _ in 0..4 {
        h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
        h.run();
        assert_disk_matches_screen(&h);
    }
    let undone = screen_ann(&h);
    assert_eq!(
        (undone.spans.clone(), undone.status),
        (original.spans.clone(), original.status),
        "four undos restore the document"
    );
    h.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::Z);
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, Key::Y);
    h.run();
    assert_eq!(
        screen_ann(&h).span(&id).unwrap().label,
        "region",
        "two redos give the relabelled span back"
    );
    assert_disk_matches_screen(&h);
}

#[test]
fn next_previous_and_done_and_next() {
    let (_tmp, ds) = common::sample_copy();
    let mut h = harness(&ds, 0);
    let index = |h: &Harness<'static, BiaozhuApp>| h.state().current().unwrap().index;
    assert_eq!(index(&h), 0);
    h.key_press(Key::N);
    h.run();
    assert_eq!(index(&h), 1);
    h.key_press(Key::P);
    h.run();
    assert_eq!(index(&h), 0);
    h.key_press_modifiers(Modifiers::COMMAND, Key::Enter);
    h.run();
    assert_eq!(index(&h), 1, "the next document that is not done");
    let s = h.state().session().unwrap();
    assert_eq!(
        read_annotation_file(&s.dataset, "tester", "01-haimen-solar")
            .unwrap()
            .unwrap()
            .status,
        Status::Done
    );
    assert_eq!(s.summaries[0].status, Status::Done);
}

#[test]
fn find_matches_traditional_forms_and_label_all_matches_is_one_step() {
    let (_tmp, ds) = common::sample_copy();
    let mut h = harness(&ds, 1);
    h.key_press_modifiers(Modifiers::COMMAND, Key::F);
    h.run();
    h.state_mut().dispatch(FindAction::Query("镇江".into())); // simplified query
    h.run();
    let text = h.state().current().unwrap().doc.text.clone();
    let expected = text.matches("鎮江").count() + text.matches("镇江").count();
    assert!(expected >= 2);
    assert_eq!(h.state().find().matches().len(), expected);
    h.state_mut().dispatch(FindAction::Close);
    h.run();
    let (a, b) = char_range_of(&h, "鎮江", 0);
    h.state_mut().dispatch(SelectAction::Range(a, b));
    h.run();
    let before = screen_ann(&h);
    let already = before
        .spans
        .iter()
        .filter(|s| s.label == "region" && s.text == "鎮江")
        .count();
    h.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::Num3);
    h.run();
    let after = screen_ann(&h);
    let regions = after
        .spans
        .iter()
        .filter(|s| s.label == "region" && s.text == "鎮江")
        .count();
    assert_eq!(
        regions,
        text.matches("鎮江").count(),
        "every match is a region now"
    );
    assert!(regions > already);
    assert_disk_matches_screen(&h);
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    assert_eq!(
        screen_ann(&h).spans,
        before.spans,
        "one undo takes back the whole bulk edit"
    );
    assert_disk_matches_screen(&h);
}

#[test]
fn reopening_the_dataset_shows_the_same_spans() {
    let (_tmp, ds) = common::sample_copy();
    let expected = {
        let mut h = harness(&ds, 2);
        let (a, b) = char_range_of(&h, "帮办代办", 0);
        h.state_mut().dispatch(SelectAction::Range(a, b));
        h.run();
        h.key_press(Key::Num4);
        h.run();
        screen_ann(&h)
    };
    let h = harness(&ds, 2);
    let reopened = screen_ann(&h);
    assert_eq!(
        (&reopened.spans, &reopened.relations, reopened.status),
        (&expected.spans, &expected.relations, expected.status)
    );
    // Closing the first window wrote what it recorded since the last save (effort).
    assert_eq!(reopened.effort.map(|e| e.spans_by_hand), Some(1));
    assert!(
        !h.state().session().unwrap().is_read_only(),
        "the first window released its lock"
    );
}

#[test]
fn a_dataset_locked_by_another_writer_opens_read_only_and_edits_are_refused() {
    let (_tmp, ds) = common::sample_copy();
    let _other = biaozhu::core::data::store::Dataset::open_for_writing(&ds).unwrap();
    let mut h = harness(&ds, 0);
    assert!(h.state().session().unwrap().is_read_only());
    assert!(
        h.state()
            .messages()
            .iter()
            .any(|m| m.is_lock() && m.text.contains("read-only")),
        "the lock is reported as a lock, not as bad data"
    );
    let before = common::tree_hash(&ds);
    h.state_mut().dispatch(SelectAction::Range(0, 2));
    h.run();
    h.key_press(Key::Num1);
    h.run();
    assert_eq!(common::tree_hash(&ds), before, "nothing is written");
    assert!(
        h.state()
            .messages()
            .iter()
            .any(|m| m.error_kind == Some(ErrorKind::Locked)
                && m.text.contains("another biaozhu process")),
        "a refused edit keeps the kind of the core error"
    );
}

#[test]
fn snapshot_of_the_main_window() {
    if std::env::var_os("BIAOZHU_SKIP_SNAPSHOT").is_some() {
        return;
    }
    let (_tmp, ds) = common::sample_copy();
    let mut h = harness_as(&ds, 1, "sample");
    let (a, b) = char_range_of(&h, "12GWh", 0);
    h.state_mut().dispatch(SelectAction::Range(a, b));
    h.run();
    h.snapshot("main_window");
}

#[test]
fn first_run_asks_for_the_name_and_then_opens_the_dataset() {
    let (_tmp, ds) = common::sample_copy();
    let mut h = Harness::builder()
        .with_size([1280.0, 800.0])
        .build_eframe(move |cc| {
            BiaozhuApp::with_settings(&cc.egui_ctx, Settings::default(), Some(ds))
        });
    h.run();
    assert!(h.state().is_asking_name() && h.state().session().is_none());
    h.get_by_label("Start").click();
    h.run();
    assert!(!h.state().is_asking_name());
    let session = h
        .state()
        .session()
        .expect("the dataset opens once the name is given");
    assert_eq!(
        session.annotator,
        biaozhu::app::settings::default_annotator()
    );
}

#[test]
fn export_from_the_app_writes_what_the_command_line_writes() {
    let (tmp, ds) = common::sample_copy();
    let mut h = harness_as(&ds, 0, "sample");
    let out = tmp.path().join("exports");
    std::fs::create_dir_all(&out).unwrap();
    h.state_mut().dispatch(DatasetAction::Export(
        &biaozhu::core::exchange::formats::jsonl::Jsonl,
        out.clone(),
    ));
    h.state_mut().dispatch(DatasetAction::Export(
        &biaozhu::core::exchange::formats::brat::Brat,
        out.clone(),
    ));
    h.run();
    let jsonl = std::fs::read_to_string(out.join("sample.jsonl")).unwrap();
    assert_eq!(jsonl.lines().count(), 4);
    assert!(out.join("sample-brat/annotation.conf").is_file());
    assert!(
        h.state()
            .messages()
            .iter()
            .any(|m| !m.is_error() && m.text.contains("Exported 4 documents"))
    );
}

#[test]
fn suggestions_are_accepted_rejected_and_undone_through_the_edit_path() {
    let (_tmp, ds) = common::sample_copy();
    let out = common::biaozhu(&[&"suggest", &ds]);
    assert_eq!(out.status.code(), Some(0), "{}", common::text(&out));
    let mut h = harness(&ds, 2);
    let pending = h.state().pending_suggestions();
    assert!(pending.len() > 5, "the rule extractor suggests spans here");
    let first = pending[0].clone();
    h.key_press(Key::A);
    h.run();
    let ann = screen_ann(&h);
    let accepted = ann
        .spans
        .iter()
        .find(|s| s.start == first.start && s.end == first.end && s.label == first.label)
        .expect("A accepts the first suggestion");
    if first.label == "amount" {
        assert!(
            accepted.attrs.contains_key("value"),
            "typed values come along"
        );
    }
    assert_eq!(h.state().pending_suggestions().len(), pending.len() - 1);
    assert_disk_matches_screen(&h);
    h.key_press(Key::X);
    h.run();
    assert_eq!(
        h.state().pending_suggestions().len(),
        pending.len() - 2,
        "X rejects the next one"
    );
    h.key_press_modifiers(Modifiers::SHIFT, Key::A);
    h.run();
    let left = h.state().pending_suggestions();
    assert!(
        left.iter().all(|s| s.label != first.label),
        "Shift+A accepts every pending {} suggestion",
        first.label
    );
    assert_disk_matches_screen(&h);
    assert_eq!(
        screen_ann(&h).rejected.len(),
        1,
        "the rejection is saved with the annotation"
    );
    for _ in 0..3 {
        h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
        h.run();
    }
    let undone = screen_ann(&h);
    assert!(
        undone.spans.is_empty() && undone.rejected.is_empty(),
        "three undos take back both acceptances and the rejection"
    );
    assert_disk_matches_screen(&h);
}

#[test]
fn a_review_settles_every_difference_into_gold_before_it_can_be_marked_reviewed() {
    let (tmp, ds) = common::sample_copy();
    // A second annotator who lacks the first span of every document and labels one extra span.
    let out = tmp.path().join("sample.jsonl");
    assert_eq!(
        common::biaozhu(&[
            &"export",
            &ds,
            &"--format",
            &"jsonl",
            &"--out",
            &out,
            &"--annotator",
            &"sample"
        ])
        .status
        .code(),
        Some(0)
    );
    let mut lines: Vec<serde_json::Value> = common::read_jsonl(&out);
    for l in &mut lines {
        l["spans"].as_array_mut().unwrap().remove(0);
        l["relations"] = serde_json::json!([]);
    }
    common::write_jsonl(&out, &lines);
    assert_eq!(
        common::biaozhu(&[
            &"import-annotations",
            &ds,
            &"--format",
            &"jsonl",
            &"--annotator",
            &"second",
            &out
        ])
        .status
        .code(),
        Some(0)
    );

    let mut h = harness(&ds, 2);
    h.state_mut()
        .dispatch(ReviewAction::Start("sample".into(), "second".into()));
    h.run();
    assert_eq!(h.state().session().unwrap().annotator, "gold");
    let cur_spans = {
        let s = h.state().session().unwrap();
        s.dataset
            .annotation("sample", s.current_id().unwrap())
            .unwrap()
            .unwrap()
            .spans
    };
    assert_eq!(
        h.state().pending_suggestions().len(),
        cur_spans.len(),
        "the union of both sides is pending"
    );
    let agreed = {
        let cur = h.state().current().unwrap();
        cur.suggestion_origins
            .iter()
            .filter(|o| o.len() == 2)
            .count()
    };
    assert_eq!(
        agreed,
        cur_spans.len() - 1,
        "every span but the removed one is agreed"
    );

    h.key_press(Key::A); // accept the first difference (sample's own span)
    h.run();
    h.state_mut()
        .dispatch(EditAction::SetStatus(Status::Reviewed));
    h.run();
    assert!(
        h.state()
            .messages()
            .iter()
            .any(|m| m.error_kind == Some(ErrorKind::Edit) && m.text.contains("not settled")),
        "reviewed is refused while differences are open"
    );
    while !h.state().pending_suggestions().is_empty() {
        h.key_press(Key::X);
        h.run();
    }
    h.state_mut()
        .dispatch(EditAction::SetStatus(Status::Reviewed));
    h.run();
    let s = h.state().session().unwrap();
    let gold = read_annotation_file(&s.dataset, "gold", s.current_id().unwrap())
        .unwrap()
        .unwrap();
    assert_eq!(gold.status, Status::Reviewed);
    assert_eq!(gold.spans.len(), 1, "one span accepted, the rest rejected");
    assert_eq!(gold.annotator, "gold");
}

#[test]
fn the_readme_keys_table_is_the_keymap() {
    let readme =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    let start = readme
        .find("| keys | what they do |")
        .expect("the README has a keys table");
    let end = readme[start..]
        .find("\n\n")
        .map_or(readme.len(), |n| start + n + 1);
    let labels = biaozhu::core::data::labels::LabelSchema::default_schema();
    let table = biaozhu::app::keymap::readme_table(&labels);
    if std::env::var_os("BIAOZHU_UPDATE_README").is_some() {
        let updated = format!("{}{table}{}", &readme[..start], &readme[end..]);
        std::fs::write(
            Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md"),
            updated,
        )
        .unwrap();
        return;
    }
    assert_eq!(
        &readme[start..end],
        table,
        "the README's keys table differs from src/app/keymap.rs (BIAOZHU_UPDATE_README=1 cargo test --test app the_readme rewrites it)"
    );
}

#[test]
fn the_help_sheet_and_the_label_keys_come_from_labels_ron() {
    let labels = biaozhu::core::data::labels::LabelSchema::default_schema();
    let rows = biaozhu::app::keymap::sheet_rows(&labels);
    assert!(
        rows.iter()
            .any(|(k, _)| k == "1 project, 2 amount, 3 region, 4 mechanism")
    );
    assert!(rows.iter().any(|(k, _)| k == "Ctrl+Shift+1–4"));
    assert_eq!(biaozhu::app::keymap::label_key_range(&labels, "-"), "1-4");
}

/// Linking from the keyboard and the mouse: R numbers the candidates, 1 links (not relabels),
/// linking again removes the link, Esc cancels, a click on a span links it, deleting a span
/// removes its relations in the same undoable step, and the disk follows every step.
#[test]
fn r_links_spans_toggles_and_undo_covers_links() {
    let (_tmp, ds) = common::sample_copy();
    // A missing glyph (an arrow, a tick) fails this test, as it fails every test here.
    let mut h = harness(&ds, 2);
    let label = |h: &mut Harness<'static, BiaozhuApp>, text: &str, nth: usize, key: Key| {
        let (a, b) = char_range_of(h, text, nth);
        h.state_mut().dispatch(SelectAction::Range(a, b));
        h.run();
        h.key_press(key);
        h.run();
        h.state().selected_span().unwrap().to_string()
    };
    let project = label(&mut h, "苏皋精工智能装备产业园一期工程", 1, Key::Num1);
    let amount = label(&mut h, "约1.2亿元", 0, Key::Num2);
    let region = label(&mut h, "如皋高新区", 0, Key::Num3);
    h.state_mut().dispatch(SelectAction::Span(project.clone()));
    h.run();
    h.key_press(Key::R);
    h.run();
    let mode = h.state().link_mode().expect("R starts link mode").clone();
    assert_eq!(
        mode.candidates,
        vec![amount.clone()],
        "only the amount is in the paragraph"
    );
    h.key_press(Key::Num1);
    h.run();
    assert!(h.state().link_mode().is_none());
    let ann = screen_ann(&h);
    assert_eq!(
        ann.span(&project).unwrap().label,
        "project",
        "1 linked, it did not relabel"
    );
    assert_eq!(ann.relations.len(), 1);
    let rel = &ann.relations[0];
    assert_eq!(
        (rel.kind.as_str(), rel.from.as_str(), rel.to.as_str()),
        ("has_amount", project.as_str(), amount.as_str())
    );
    assert_disk_matches_screen(&h);
    // Again: the same link toggles off; Ctrl+Z brings it back.
    h.key_press(Key::R);
    h.run();
    h.key_press(Key::Num1);
    h.run();
    assert!(screen_ann(&h).relations.is_empty());
    assert_disk_matches_screen(&h);
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    assert_eq!(screen_ann(&h).relations.len(), 1);
    assert_disk_matches_screen(&h);
    // Esc leaves link mode and changes nothing.
    h.key_press(Key::R);
    h.run();
    h.key_press(Key::Escape);
    h.run();
    assert!(h.state().link_mode().is_none());
    assert_eq!(screen_ann(&h).relations.len(), 1);
    // A click on the region (another paragraph) links it: located_in.
    h.key_press(Key::R);
    h.run();
    let (a, b) = char_range_of(&h, "如皋高新区", 0);
    h.state_mut().apply(ViewAction::ScrollTo(a)).unwrap();
    h.run();
    h.run();
    let at = h.state().article().range_rects(a, b)[0].center();
    h.hover_at(at);
    h.run();
    h.drag_at(at);
    h.run();
    h.drop_at(at);
    h.run();
    let ann = screen_ann(&h);
    assert!(
        ann.relations
            .iter()
            .any(|r| r.kind == "located_in" && r.from == project && r.to == region),
        "{:?}",
        ann.relations
    );
    assert_disk_matches_screen(&h);
    // Deleting the project removes both relations in one step; one undo restores all three.
    h.state_mut().dispatch(SelectAction::Span(project.clone()));
    h.run();
    h.key_press(Key::Delete);
    h.run();
    let ann = screen_ann(&h);
    assert!(ann.span(&project).is_none() && ann.relations.is_empty());
    assert_disk_matches_screen(&h);
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    let ann = screen_ann(&h);
    assert!(ann.span(&project).is_some());
    assert_eq!(ann.relations.len(), 2);
    assert_disk_matches_screen(&h);
    // T shows the Projects view with the project's row.
    h.key_press(Key::T);
    h.run();
    assert!(h.state().projects_shown());
    h.get_by_label_contains("Projects: 1 rows");
}

/// The rules suggest relations beside their spans: once both ends are accepted, the link is a
/// pending suggestion (dashed); Shift+R accepts it as one undoable edit, on disk at once.
#[test]
fn suggested_links_become_pending_once_both_ends_are_accepted() {
    let (_tmp, ds) = common::sample_copy();
    let out = common::biaozhu(&[&"suggest", &ds]);
    assert_eq!(out.status.code(), Some(0), "{}", common::text(&out));
    let mut h = harness(&ds, 2);
    assert!(h.state().session().unwrap().pending_relations().is_empty());
    // Accept every suggested span (A walks through them).
    while let Some(next) = h.state().pending_suggestions().first().cloned() {
        h.state_mut().dispatch(ReviewAction::Accept);
        h.run();
        assert!(h.state().pending_suggestions().first() != Some(&next));
    }
    let pending = h.state().session().unwrap().pending_relations();
    assert!(
        !pending.is_empty(),
        "the rules linked spans in this document"
    );
    assert!(screen_ann(&h).relations.is_empty());
    h.key_press_modifiers(Modifiers::SHIFT, Key::R);
    h.run();
    let ann = screen_ann(&h);
    assert_eq!(
        ann.relations.len(),
        pending.len(),
        "Shift+R with nothing selected accepts all"
    );
    assert!(h.state().session().unwrap().pending_relations().is_empty());
    assert_disk_matches_screen(&h);
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    assert!(
        screen_ann(&h).relations.is_empty(),
        "one undo takes them back"
    );
    assert_eq!(
        h.state().session().unwrap().pending_relations().len(),
        pending.len()
    );
    assert_disk_matches_screen(&h);
}

/// Undo and redo give the selection back with the edit (the core history carries it): undoing
/// a delete selects the span again, undoing a label leaves the range selected, redo selects the
/// new span.
#[test]
fn undo_and_redo_restore_the_selection() {
    let (_tmp, ds) = common::sample_copy();
    let mut h = harness(&ds, 3);
    let (a, b) = char_range_of(&h, "启东市", 0);
    h.state_mut().dispatch(SelectAction::Range(a, b));
    h.run();
    h.key_press(Key::Num3);
    h.run();
    let id = h.state().selected_span().unwrap().to_string();
    h.key_press(Key::Delete);
    h.run();
    assert_eq!(h.state().selected_span(), None);
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    assert_eq!(
        h.state().selected_span(),
        Some(id.as_str()),
        "undo of a delete selects the span"
    );
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    assert_eq!(
        (h.state().selected_span(), h.state().selection()),
        (None, Some((a, b))),
        "undo of a label leaves the labelled range selected"
    );
    h.key_press_modifiers(Modifiers::COMMAND, Key::Y);
    h.run();
    assert_eq!(
        h.state().selected_span(),
        Some(id.as_str()),
        "redo selects the new span"
    );
    assert_disk_matches_screen(&h);
}

/// The model retrains in the background (no frame waits for it), then tags the open document:
/// its suggestions carry a confidence in [0, 1], the threshold hides the weak ones, the queue
/// ranks the unfinished documents, and the model file lands under models/.
#[test]
fn the_model_trains_in_the_background_and_its_suggestions_carry_confidence() {
    let (_tmp, ds) = common::sample_copy();
    // As `sample`, whose documents are done or reviewed but one; on that one (in progress).
    // (Document 0 has 𠮷: the Hanazono subset draws it, and a missing glyph would fail here too.)
    let mut h = harness_as(&ds, 0, "sample");
    let open = (0..4)
        .find(|&i| {
            h.state_mut().apply(NavAction::GoTo(i)).unwrap();
            h.state().current().unwrap().ann.status == Status::InProgress
        })
        .expect("the sample has a document in progress");
    h.state_mut().apply(NavAction::GoTo(open)).unwrap();
    h.state_mut()
        .apply(ReviewAction::MinConfidence(0.0))
        .unwrap();
    h.state_mut().dispatch(ReviewAction::Retrain);
    h.run();
    let started = std::time::Instant::now();
    while h.state().learner().queue.is_none() {
        assert!(
            started.elapsed().as_secs() < 120,
            "training took over 2 minutes"
        );
        std::thread::sleep(std::time::Duration::from_millis(50));
        h.run();
    }
    assert!(
        matches!(h.state().learner().state, biaozhu::app::learner::LearnerState::Ready(n) if n >= 3),
        "trained on sample's done and reviewed documents: {}",
        h.state().learner().state.describe(Default::default())
    );
    let cur = h.state().current().unwrap();
    let learned: Vec<_> = cur
        .suggestions
        .iter()
        .zip(&cur.suggestion_origins)
        .filter(|(_, o)| o.iter().any(|w| w == "model-crf"))
        .map(|(s, _)| s.clone())
        .collect();
    assert!(
        !learned.is_empty(),
        "the model suggests spans on the open document"
    );
    for s in &learned {
        let c = s.attrs["confidence"].as_f64().unwrap();
        assert!((0.0..=1.0).contains(&c), "{c}");
    }
    let shown = h.state().pending_suggestions().len();
    h.state_mut()
        .apply(ReviewAction::MinConfidence(1.0))
        .unwrap();
    let strong = h.state().pending_suggestions();
    assert!(
        strong.len() < shown || learned.iter().all(|s| s.attrs["confidence"] == 1.0),
        "a threshold of 1 hides the learned suggestions below it"
    );
    assert!(strong.iter().all(|s| {
        s.attrs
            .get("confidence")
            .is_none_or(|c| c.as_f64() == Some(1.0))
    }));
    assert!(ds.join("models/sample.model").is_file());
    assert_eq!(biaozhu_validate(&ds), Some(0), "validate ignores the model");
}

/// The model in memory links as you annotate: once trained, the open document's spans get its
/// learned links as suggested links (no suggestion annotator on disk has any), Shift+R accepts
/// them, they are on disk at once, and a link through a span you delete is no longer offered.
#[test]
fn the_model_in_memory_suggests_links_over_your_spans() {
    let (_tmp, ds) = common::sample_copy();
    // The document in progress loses its relations: only the model can suggest them.
    let doc = "04-qidong-services";
    {
        let data = biaozhu::core::data::store::Dataset::open_for_writing(&ds).unwrap();
        let mut ann = data.annotation("sample", doc).unwrap().unwrap();
        assert!(!ann.relations.is_empty());
        ann.relations.clear();
        data.save_annotation(&mut ann).unwrap();
    }
    let mut h = harness_as(&ds, 0, "sample");
    let open = (0..4)
        .find(|&i| {
            h.state_mut().apply(NavAction::GoTo(i)).unwrap();
            h.state().current().unwrap().doc.id == doc
        })
        .unwrap();
    h.state_mut().apply(NavAction::GoTo(open)).unwrap();
    assert!(h.state().session().unwrap().pending_relations().is_empty());
    h.state_mut().dispatch(ReviewAction::Retrain);
    h.run();
    let started = std::time::Instant::now();
    let pending = loop {
        let pending = h.state().session().unwrap().pending_relations();
        if !pending.is_empty() && !h.state().learner().busy() {
            break pending;
        }
        assert!(
            started.elapsed().as_secs() < 120,
            "no learned links in 2 minutes"
        );
        std::thread::sleep(std::time::Duration::from_millis(50));
        h.run();
    };
    let ann = screen_ann(&h);
    for r in &pending {
        let (from, to) = (ann.span(&r.from).unwrap(), ann.span(&r.to).unwrap());
        assert_eq!(from.label, "project", "{r:?}");
        assert!(
            r.confidence.is_none(),
            "a suggested link is not yet the annotator's"
        );
        assert_ne!(to.label, "project");
    }
    // Deleting a linked span takes its suggested links away (after the next linking).
    let gone = pending[0].to.clone();
    h.state_mut().dispatch(SelectAction::Span(gone.clone()));
    h.run();
    h.key_press(Key::Delete);
    h.run();
    let started = std::time::Instant::now();
    while h.state().learner().busy()
        || h.state()
            .session()
            .unwrap()
            .pending_relations()
            .iter()
            .any(|r| r.to == gone)
    {
        assert!(
            started.elapsed().as_secs() < 60,
            "the links were not taken again"
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
        h.run();
    }
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    let started = std::time::Instant::now();
    let pending = loop {
        let pending = h.state().session().unwrap().pending_relations();
        if pending.iter().any(|r| r.to == gone) && !h.state().learner().busy() {
            break pending;
        }
        assert!(
            started.elapsed().as_secs() < 60,
            "undo did not bring the link back"
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
        h.run();
    };
    // Undo selected the span again: Shift+R would accept its links only. Esc, then all.
    assert_eq!(h.state().selected_span(), Some(gone.as_str()));
    h.key_press(Key::Escape);
    h.run();
    h.key_press_modifiers(Modifiers::SHIFT, Key::R);
    h.run();
    let ann = screen_ann(&h);
    assert_eq!(
        ann.relations.len(),
        pending.len(),
        "Shift+R accepts them all"
    );
    assert!(h.state().session().unwrap().pending_relations().is_empty());
    let s = h.state().session().unwrap();
    let disk = read_annotation_file(&s.dataset, "sample", doc)
        .unwrap()
        .unwrap();
    assert_eq!(disk.relations, ann.relations, "on disk at once");
    assert_eq!(biaozhu_validate(&ds), Some(0));
}

fn biaozhu_validate(ds: &Path) -> Option<i32> {
    common::biaozhu(&[&"validate", &ds]).status.code()
}

/// When two relation types join the pair (a labels.ron with `funded_by` beside `located_in`,
/// both project → region), linking asks: the types are numbered and the number picks one.
#[test]
fn linking_asks_for_the_type_when_two_fit() {
    let (_tmp, ds) = common::sample_copy();
    let labels = ds.join("labels.ron");
    let text = std::fs::read_to_string(&labels).unwrap().replace(
        "(name: \"uses\",",
        "(name: \"funded_by\", from: \"project\", to: \"region\", description: \"The government that funds it.\"),\n        (name: \"uses\",",
    );
    std::fs::write(&labels, text).unwrap();
    let mut h = harness(&ds, 2);
    let (a, b) = char_range_of(&h, "苏皋精工智能装备产业园一期工程", 1);
    h.state_mut().dispatch(SelectAction::Range(a, b));
    h.run();
    h.key_press(Key::Num1);
    h.run();
    let project = h.state().selected_span().unwrap().to_string();
    let (a, b) = char_range_of(&h, "如皋市", 0);
    h.state_mut().dispatch(SelectAction::Range(a, b));
    h.run();
    h.key_press(Key::Num3);
    h.run();
    let region = h.state().selected_span().unwrap().to_string();
    h.state_mut().dispatch(SelectAction::Span(project.clone()));
    h.run();
    h.key_press(Key::R);
    h.run();
    assert_eq!(
        h.state().link_mode().unwrap().candidates,
        vec![region.clone()]
    );
    h.key_press(Key::Num1);
    h.run();
    let mode = h
        .state()
        .link_mode()
        .expect("two types fit: still linking, asking which");
    let kinds: Vec<&str> = mode.choosing.iter().map(|f| f.kind.as_str()).collect();
    assert_eq!(kinds, vec!["located_in", "funded_by"]);
    h.key_press(Key::Num2);
    h.run();
    assert!(h.state().link_mode().is_none());
    let ann = screen_ann(&h);
    assert_eq!(ann.relations.len(), 1);
    assert_eq!(
        (
            ann.relations[0].kind.as_str(),
            ann.relations[0].from.as_str(),
            ann.relations[0].to.as_str()
        ),
        ("funded_by", project.as_str(), region.as_str())
    );
    assert_disk_matches_screen(&h);
    assert_eq!(common::biaozhu(&[&"validate", &ds]).status.code(), Some(0));
}
