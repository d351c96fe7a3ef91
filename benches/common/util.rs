//! What every bench needs: the document count (BIAOZHU_BENCH_DOCS), a median, milliseconds, and
//! running the binary to a successful end.
//! Each bench includes this file with `#[path]` and uses what it needs.
#![allow(dead_code)]

use std::process::{Command, Output};
use std::time::Duration;

/// Runs `cmd` to its end; any exit but 0 (a refused input, problems reported) stops the bench,
/// so a run that did not do the whole job is never timed. Its output.
pub fn succeed(cmd: &mut Command) -> Output {
    let out = cmd.output().unwrap();
    assert!(
        out.status.success(),
        "{cmd:?} {:?}: {}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// The documents to bench with: BIAOZHU_BENCH_DOCS when it is a number, else `default`.
pub fn docs(default: usize) -> usize {
    std::env::var("BIAOZHU_BENCH_DOCS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// The middle of `runs` (the upper middle of an even count).
pub fn median<T: Copy + PartialOrd>(mut runs: Vec<T>) -> T {
    runs.sort_by(|a, b| a.partial_cmp(b).expect("times compare"));
    runs[runs.len() / 2]
}

/// `d` in milliseconds.
pub fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}
