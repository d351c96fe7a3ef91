//! Runs a process to its end and reports its wall time and peak RSS (VmHWM from
//! /proc/<pid>/status, polled every 2 ms), for the benches that measure whole commands.

use std::ffi::OsStr;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Runs `bin` with `args` (standard output discarded) and returns its wall time and its peak
/// RSS in MB; panics when it fails.
pub fn run_with_peak_rss<A: AsRef<OsStr>>(bin: &Path, args: &[A]) -> (Duration, f64) {
    let t = Instant::now();
    let mut child = Command::new(bin)
        .args(args)
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    let status_file = format!("/proc/{}/status", child.id());
    let mut peak_kb = 0u64;
    let status = loop {
        if let Ok(text) = std::fs::read_to_string(&status_file)
            && let Some(line) = text.lines().find(|l| l.starts_with("VmHWM:"))
            && let Some(kb) = line.split_whitespace().nth(1).and_then(|v| v.parse().ok())
        {
            peak_kb = peak_kb.max(kb);
        }
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        std::thread::sleep(Duration::from_millis(2));
    };
    let took = t.elapsed();
    assert!(
        status.success(),
        "{} {:?}: {status}",
        bin.display(),
        args.iter().map(|a| a.as_ref()).collect::<Vec<_>>()
    );
    (took, peak_kb as f64 / 1024.0)
}
