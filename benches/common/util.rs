//! What every bench needs: the document count (BIAOZHU_BENCH_DOCS), a median, milliseconds.
//! Each bench includes this file with `#[path]` and uses what it needs.
#![allow(dead_code)]

use std::time::Duration;

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
