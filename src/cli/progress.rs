//! Progress of long commands on a terminal: a count, a rate and the elapsed time on one
//! rewritten stderr line. Silent when stderr is not a terminal, or with `--quiet`.

use std::io::{IsTerminal, Write};
use std::time::{Duration, Instant};

/// One progress line.
pub struct Progress {
    what: &'static str,
    total: Option<usize>,
    done: usize,
    started: Instant,
    last_drawn: Option<Instant>,
    visible: bool,
}

impl Progress {
    /// Progress over `total` items (unknown when `None`) named `what`, such as "files".
    pub fn new(what: &'static str, total: Option<usize>, quiet: bool) -> Self {
        Progress {
            what,
            total,
            done: 0,
            started: Instant::now(),
            last_drawn: None,
            visible: !quiet && std::io::stderr().is_terminal(),
        }
    }

    /// Counts `n` more items, redrawing at most ten times a second.
    pub fn add(&mut self, n: usize) {
        self.done += n;
        if !self.visible {
            return;
        }
        let now = Instant::now();
        if self
            .last_drawn
            .is_some_and(|t| now.duration_since(t) < Duration::from_millis(100))
        {
            return;
        }
        self.last_drawn = Some(now);
        self.draw();
    }

    fn draw(&self) {
        let secs = self.started.elapsed().as_secs_f64().max(1e-3);
        let rate = self.done as f64 / secs;
        let count = match self.total {
            Some(t) => format!("{}/{t}", self.done),
            None => self.done.to_string(),
        };
        let mut err = std::io::stderr().lock();
        let _ = write!(
            err,
            "\r\x1b[2K{count} {} ({rate:.0}/s, {secs:.1} s)",
            self.what
        );
        let _ = err.flush();
    }

    /// Draws the final count and ends the line.
    pub fn finish(&mut self) {
        if self.visible {
            self.draw();
            let _ = writeln!(std::io::stderr());
            self.visible = false;
        }
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        self.finish();
    }
}
