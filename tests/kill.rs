//! Kills a process that saves annotations in a loop with SIGKILL at random moments, 200 times.
//! After every kill each file must parse and the dataset must validate: atomic writes leave
//! either the old or the new file, never a torn one.

mod common;
use biaozhu::core::annotate::edit::Edit;
use biaozhu::core::check::validate;
use biaozhu::core::data::model::{Annotation, Attrs, Span};
use biaozhu::core::data::offsets::OffsetMap;
use biaozhu::core::data::store::Dataset;
use std::process::{Command, Stdio};
use std::time::Duration;

const CHILD_ENV: &str = "BIAOZHU_KILL_TEST_DATASET";

/// In the child process: add and remove spans on every sample document, saving after each edit,
/// forever. In the parent's own test run this returns at once.
#[test]
fn child_saver() {
    let Some(dir) = std::env::var_os(CHILD_ENV) else {
        return;
    };
    let ds = Dataset::open_for_writing(std::path::Path::new(&dir)).unwrap();
    let ids: Vec<String> = ds.documents().iter().map(|d| d.id.clone()).collect();
    let mut round = 0usize;
    loop {
        for id in &ids {
            let doc = ds.document(id).unwrap();
            let map = OffsetMap::new(&doc.text);
            let mut ann = ds
                .annotation("killer", id)
                .unwrap()
                .unwrap_or_else(|| Annotation::new(&doc, "killer"));
            let start = round % (map.char_count() - 3);
            let edit = match ann.spans.iter().find(|s| s.start == start) {
                Some(s) => Edit::remove_span(&ann, &s.id.clone()).unwrap(),
                None => Edit::AddSpan(Span {
                    id: ann.next_span_id(),
                    start,
                    end: start + 3,
                    label: ["project", "amount", "region", "mechanism"][round % 4].into(),
                    text: String::new(),
                    attrs: Attrs::new(),
                }),
            };
            if edit.apply(&mut ann, &doc.text, &map).is_ok() {
                ds.save_annotation(&mut ann).unwrap();
            }
        }
        round += 1;
    }
}

fn lcg(seed: &mut u64) -> u64 {
    *seed = seed
        .wrapping_mul(6364136223846793005)
        .wrapping_add(1442695040888963407);
    *seed >> 33
}

#[test]
fn sigkill_at_random_moments_never_leaves_a_broken_dataset() {
    if std::env::var_os(CHILD_ENV).is_some() {
        return;
    }
    let (_tmp, ds) = common::sample_copy();
    let exe = std::env::current_exe().unwrap();
    let mut seed = 0x5eed_u64;
    let mut saves_seen = 0u64;
    for round in 0..200 {
        let mut child = Command::new(&exe)
            .args(["--exact", "child_saver", "--nocapture", "--test-threads=1"])
            .env(CHILD_ENV, &ds)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_micros(2_000 + lcg(&mut seed) % 25_000));
        child.kill().unwrap(); // SIGKILL on Unix
        child.wait().unwrap();
        let report = validate::validate_paths(std::slice::from_ref(&ds)).unwrap();
        let errors: Vec<String> = report.problems.iter().map(|p| p.to_string()).collect();
        assert!(report.is_valid(), "after kill {round}: {errors:#?}");
        let opened = Dataset::open(&ds).unwrap();
        for entry in opened.documents() {
            if let Some(ann) = opened.annotation("killer", &entry.id).unwrap() {
                saves_seen = saves_seen.max(ann.revision);
            }
        }
    }
    assert!(
        saves_seen > 20,
        "the child saved too rarely ({saves_seen}) for the kills to hit writes"
    );
}
