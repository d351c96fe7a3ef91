//! The real app in a headless egui context (egui_kittest), as the app tests open it. Included
//! with `#[path]` by the tests that need the app (the other tests build without it).

use biaozhu::app::{BiaozhuApp, NavAction, Settings};
use egui_kittest::Harness;
use std::path::Path;

/// The app on dataset `ds` with `settings` in a 1280×800 window, at document `start` when given
/// and a dataset is open, after its first frames.
pub fn open(ds: &Path, settings: Settings, start: Option<usize>) -> Harness<'static, BiaozhuApp> {
    let ds = ds.to_path_buf();
    let mut h = Harness::builder()
        .with_size([1280.0, 800.0])
        .with_max_steps(40)
        .build_eframe(move |cc| {
            let mut app = BiaozhuApp::with_settings(&cc.egui_ctx, settings, Some(ds));
            if let Some(i) = start
                && app.session().is_some()
            {
                app.apply(NavAction::GoTo(i)).unwrap();
            }
            app
        });
    h.run();
    h
}
