//! The annotators' workplace under a team's load, through the real app in a headless egui
//! context (egui_kittest, no GPU), in Chinese:
//! - the first frame of a 10,000-document dataset with 4 annotators (opening the dataset
//!   included; validation runs in the background and is not waited for);
//! - the Dashboard of that dataset: the time until its numbers are computed in the background,
//!   and the longest frame while they are computed (frames go on at once, paced at 60 Hz as a
//!   window with vsync draws them).
//!
//! - the validation started on opening, to its end (at the lowest priority), and the frames
//!   meanwhile and after (its problems listed).
//!
//! Budgets (issue 19): first frame ≤ 300 ms; dashboard ≤ 1 s; no frame over 16 ms meanwhile.
//! The 1 MB article's first frame is measured by `cargo bench --bench article_view`.
//! Run with `cargo bench --bench workplace` (BIAOZHU_BENCH_DOCS=… for another size).

#[path = "common/util.rs"]
mod util;

use biaozhu::app::i18n::Language;
use biaozhu::app::{BiaozhuApp, Settings, ViewAction};
use biaozhu::core::data::synth;
use egui_kittest::Harness;
use std::time::{Duration, Instant};

fn main() {
    let docs = util::docs(10_000);
    let tmp = tempfile::tempdir().unwrap();
    let ds = tmp.path().join("team");
    synth::write_dataset_with_relations(&ds, docs, 3_000, 30, 10).unwrap();
    // alice, bob and carol beside synth, with model-rules suggestions, statuses, days and time.
    synth::make_team(&ds).unwrap();
    let settings = Settings {
        annotator: Some("alice".into()),
        language: Some(Language::ZhCn),
        ..Settings::default()
    };
    // The core's part of the first frame, on its own: the document index and alice's list.
    let t = Instant::now();
    let session = biaozhu::core::annotate::session::Session::open(&ds, "alice").unwrap();
    let open = t.elapsed();
    drop(session);
    let path = ds.clone();
    let t = Instant::now();
    let mut h = Harness::builder()
        .with_size([1280.0, 800.0])
        .build_eframe(move |cc| BiaozhuApp::with_settings(&cc.egui_ctx, settings, Some(path)));
    let first = t.elapsed();
    let opened = Instant::now();
    println!(
        "workplace: {docs} documents × 3,000 characters, 30 spans each, 4 annotators and model-rules suggestions (zh-CN)"
    );
    println!(
        "  first frame (open + frame): {:.0} ms (budget 300 ms)",
        first.as_secs_f64() * 1e3
    );
    println!(
        "  of which the core opens the dataset (document index, the annotator's list): {:.0} ms",
        open.as_secs_f64() * 1e3
    );

    // The baseline: a second of frames before the Dashboard opens (the open's validation goes
    // on in the background meanwhile, as it does under the Dashboard).
    let mut before = Vec::new();
    let t = Instant::now();
    while t.elapsed() < Duration::from_secs(1) {
        before.push(paced_frame(&mut h));
    }
    // The Dashboard: its numbers are computed on a thread; frames go on meanwhile.
    h.state_mut().dispatch(ViewAction::ToggleDashboard);
    let t = Instant::now();
    let mut frames = Vec::new();
    loop {
        frames.push(paced_frame(&mut h));
        if !h.state().dashboard().is_computing() && frames.len() > 1 {
            break;
        }
        if t.elapsed() > Duration::from_secs(120) {
            panic!("the dashboard was not computed in 120 s");
        }
    }
    let computed = t.elapsed();
    // The frame that first draws the charts, once the numbers are in.
    let f = Instant::now();
    h.step();
    let drawn = f.elapsed();
    // A second of frames with the charts on screen (every frame draws them again).
    let mut shown = Vec::new();
    let t = Instant::now();
    while t.elapsed() < Duration::from_secs(1) {
        shown.push(paced_frame(&mut h));
    }
    let (at, longest) = frames
        .iter()
        .enumerate()
        .skip(1)
        .max_by_key(|(_, d)| **d)
        .map(|(i, d)| (i, *d))
        .unwrap_or_default();
    println!(
        "  dashboard computed in the background: {:.0} ms (budget 1,000 ms)",
        computed.as_secs_f64() * 1e3
    );
    println!(
        "  frames while computing: {}, the longest {:.1} ms after the first (frame {at}; budget \
         16 ms); the first {:.1} ms; the frame that draws the charts {:.1} ms",
        frames.len(),
        longest.as_secs_f64() * 1e3,
        frames[0].as_secs_f64() * 1e3,
        drawn.as_secs_f64() * 1e3
    );
    println!(
        "  frames with the charts on screen, for a second: {}, the longest {:.1} ms (budget 16 ms)",
        shown.len(),
        shown
            .iter()
            .max()
            .copied()
            .unwrap_or_default()
            .as_secs_f64()
            * 1e3
    );
    let longest_before = before.iter().max().copied().unwrap_or_default();
    println!(
        "  baseline, frames in the second before the Dashboard opens: {}, the longest {:.1} ms",
        before.len(),
        longest_before.as_secs_f64() * 1e3
    );
    // The validation started on opening, to its end, and a second of frames after it (with
    // its problems, if any, listed in their panel).
    let mut during = Vec::new();
    while h.state().is_validating() {
        during.push(paced_frame(&mut h));
    }
    let mut after = Vec::new();
    let t = Instant::now();
    while t.elapsed() < Duration::from_secs(1) {
        after.push(paced_frame(&mut h));
    }
    println!(
        "  validation on opening: done {:.1} s after the first frame, {} problems; the longest \
         frame until then {:.1} ms, in the second after {:.1} ms",
        opened.elapsed().as_secs_f64(),
        h.state().problems().len(),
        during
            .iter()
            .max()
            .copied()
            .unwrap_or_default()
            .as_secs_f64()
            * 1e3,
        after
            .iter()
            .max()
            .copied()
            .unwrap_or_default()
            .as_secs_f64()
            * 1e3
    );
}

/// Steps one frame and returns its time, then waits for the next tick of a 60 Hz display, as
/// eframe draws with vsync: frames back to back would keep a core busy drawing a spinner no
/// screen shows.
fn paced_frame(h: &mut Harness<'_, BiaozhuApp>) -> Duration {
    let f = Instant::now();
    h.step();
    let took = f.elapsed();
    std::thread::sleep(
        (f + Duration::from_micros(16_667)).saturating_duration_since(Instant::now()),
    );
    took
}
