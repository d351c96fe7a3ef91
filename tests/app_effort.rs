//! The app records `effort` (time as a measure) through the real window, driven by egui_kittest:
//! a span labelled by hand, a suggestion accepted and then resized, one rejected, active time
//! from the input clock (an idle gap counts one minute), written when the document is left;
//! with View > Record annotation time off, nothing more is recorded.

#[path = "common/app_harness.rs"]
mod app_harness;
mod common;
use biaozhu::app::{BiaozhuApp, SelectAction, Settings};
use biaozhu::core::annotate::session::read_annotation_file;
use biaozhu::core::data::model::{Annotation, Effort};
use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use std::path::Path;

const DOC: &str = "03-rugao-park";

fn harness(ds: &Path) -> Harness<'static, BiaozhuApp> {
    let ds = ds.to_path_buf();
    let settings = Settings {
        annotator: Some("tester".into()),
        ..Settings::default()
    };
    app_harness::open(&ds, settings, Some(2))
}

fn on_disk(h: &Harness<'static, BiaozhuApp>) -> Option<Annotation> {
    let s = h.state().session().unwrap();
    read_annotation_file(&s.dataset, "tester", DOC).unwrap()
}

fn char_range_of(h: &Harness<'static, BiaozhuApp>, needle: &str) -> (usize, usize) {
    let text = &h.state().current().unwrap().doc.text;
    let byte = text.find(needle).unwrap();
    let start = text[..byte].chars().count();
    (start, start + needle.chars().count())
}

fn now(h: &Harness<'static, BiaozhuApp>) -> f64 {
    h.ctx.input(|i| i.time)
}

#[test]
fn effort_is_recorded_by_hand_accepted_changed_rejected_and_timed() {
    let (_tmp, ds) = common::sample_copy();
    let out = common::biaozhu(&[&"suggest", &ds]);
    assert_eq!(out.status.code(), Some(0), "{}", common::text(&out));
    let mut h = harness(&ds);
    assert_eq!(h.state().current().unwrap().doc.id, DOC);
    assert!(h.state().pending_suggestions().len() > 2);

    // A span by hand: select, then 4 (mechanism).
    let (a, b) = char_range_of(&h, "信用承诺制审批");
    h.state_mut().dispatch(SelectAction::Range(a, b));
    h.run();
    // The first input: time counts from here (the key lands in the next frame).
    let first_input = now(&h) + 0.25;
    h.key_press(Key::Num4);
    h.run();
    // Accept the first pending suggestion, then shrink it: accepted, then changed.
    h.state_mut().dispatch(SelectAction::Clear);
    h.run();
    let first = h.state().pending_suggestions()[0].clone();
    h.key_press(Key::A);
    h.run();
    let id = h
        .state()
        .current()
        .unwrap()
        .ann
        .spans
        .iter()
        .find(|s| first.key().is(s))
        .map(|s| s.id.clone())
        .expect("A accepted the first suggestion");
    h.state_mut().dispatch(SelectAction::Span(id));
    h.run();
    h.key_press_modifiers(Modifiers::SHIFT, Key::ArrowLeft);
    h.run();
    // Reject the next one.
    h.state_mut().dispatch(SelectAction::Clear);
    h.run();
    h.key_press(Key::X);
    h.run();
    let ann = on_disk(&h).expect("the edits are saved");
    assert_eq!(ann.rejected.len(), 1);
    assert_eq!(ann.spans.len(), 2);

    // Ten idle minutes with no frame, then a key: one minute of them counts.
    let idle_from = now(&h);
    h.input_mut().time = Some(idle_from + 600.0);
    h.key_press(Key::ArrowRight);
    h.run();
    let revision = on_disk(&h).unwrap().revision;
    // Leaving the document writes the effort, in one more revision.
    h.key_press(Key::N);
    h.run();
    let left = now(&h);
    assert_ne!(h.state().current().unwrap().doc.id, DOC);
    let ann = on_disk(&h).unwrap();
    assert_eq!(ann.revision, revision + 1);
    let effort = ann.effort.expect("an effort on disk");
    assert_eq!(
        Effort {
            active_seconds: 0,
            ..effort
        },
        Effort {
            spans_by_hand: 1,
            suggestions_accepted: 1,
            suggestions_accepted_then_changed: 1,
            suggestions_rejected: 1,
            suggestions_shown: true,
            ..Effort::default()
        }
    );
    // Whole seconds are written; less than one may still be carried.
    let busy = idle_from - first_input;
    let active = effort.active_seconds as f64;
    assert!(
        active >= 60.0 + busy - 1.0 && active <= 60.0 + (left - idle_from - 600.0) + busy + 1.0,
        "{active} s active: {busy} s of work, a minute of the idle gap"
    );

    // View > Record annotation time off: the settings say so and nothing more is recorded.
    h.get_by_label("View").click();
    h.run();
    h.get_by_label("Record annotation time").click();
    h.run();
    assert!(!h.state().settings().record_effort);
    h.key_press(Key::P);
    h.run();
    assert_eq!(h.state().current().unwrap().doc.id, DOC);
    let (a, b) = char_range_of(&h, "赛马制");
    h.state_mut().dispatch(SelectAction::Range(a, b));
    h.run();
    h.key_press(Key::Num4);
    h.run();
    h.run_steps(20);
    h.key_press(Key::N);
    h.run();
    let ann = on_disk(&h).unwrap();
    assert_eq!(ann.spans.len(), 3, "the span is saved");
    assert_eq!(ann.effort, Some(effort), "but no time and no count");
}
