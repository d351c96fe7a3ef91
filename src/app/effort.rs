//! Time as a measure: the app records how long the annotator works on each document and how its
//! spans came about, into the annotation's `effort` (see [`Effort`]). The annotator can turn it
//! off (View > Record annotation time, `Settings::record_effort`).
//!
//! - Active time: while a document is open, the time until 60 s after the last key or pointer
//!   event counts ([`EffortClock`], fed with egui's input time at the start of each frame, so it
//!   is tested without a clock).
//! - Counters, from what an action did to the open annotation ([`BiaozhuApp::apply`] looks
//!   before and after): spans added by labelling a selection (or all its matches) are by hand;
//!   spans added by accepting suggestions are accepted; a rejection is rejected; an accepted
//!   suggestion relabelled or resized later while the document is open is accepted then changed
//!   (once).
//!
//! Nothing here writes: the session adds it to the open document and writes it with the next
//! save, on leaving the document and when the window closes. It is never an undoable edit.

use super::BiaozhuApp;
use super::actions::{Action, EditAction, ReviewAction};
use crate::core::data::model::{Effort, SpanKey};
use std::collections::{HashMap, HashSet};

/// After this many seconds without input, time stops counting as active.
pub const IDLE_AFTER_SECONDS: f64 = 60.0;

/// Active time from frame timestamps: the part of each interval between two frames that lies
/// within [`IDLE_AFTER_SECONDS`] after the last input. Whole seconds are handed out; the rest is
/// carried to the next frame.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct EffortClock {
    last_frame: Option<f64>,
    last_input: Option<f64>,
    carry: f64,
}

impl EffortClock {
    /// Notes a frame at `now` (seconds on a monotonic clock) with input in it or not. Returns
    /// the whole active seconds to record now, and whether any of the time since the last frame
    /// was active.
    pub fn tick(&mut self, now: f64, input: bool) -> (u64, bool) {
        let mut active = 0.0;
        if let (Some(prev), Some(last)) = (self.last_frame, self.last_input) {
            let from = prev.max(last);
            let to = now.min(last + IDLE_AFTER_SECONDS);
            if to > from {
                active = to - from;
            }
        }
        self.last_frame = Some(now);
        if input {
            self.last_input = Some(now);
        }
        self.carry += active;
        let whole = self.carry.floor();
        self.carry -= whole;
        (whole as u64, active > 0.0)
    }

    /// Forgets everything: the time until the next frame does not count (recording is off).
    pub fn pause(&mut self) {
        *self = EffortClock::default();
    }
}

/// The app's side of the recording: the clock, and the suggestions accepted in the open
/// document (to notice when one is changed later).
#[derive(Debug, Default)]
pub(crate) struct EffortRecorder {
    clock: EffortClock,
    /// The annotator and document the accepted span ids belong to.
    doc: Option<(String, String)>,
    accepted: HashSet<String>,
}

impl EffortRecorder {
    /// Starts over with the accepted ids when another document (or annotator) is open.
    fn follow(&mut self, annotator: &str, doc: &str) {
        if self
            .doc
            .as_ref()
            .is_none_or(|(a, d)| a != annotator || d != doc)
        {
            self.doc = Some((annotator.to_string(), doc.to_string()));
            self.accepted.clear();
        }
    }
}

/// What an action may count, noted before it runs.
pub(crate) struct EffortBefore {
    what: Counted,
    doc: String,
    spans: HashMap<String, SpanKey>,
    rejected: usize,
}

enum Counted {
    ByHand,
    Accepted,
    Rejected,
    /// A change of the span with this id (counted when it is an accepted suggestion).
    Changed(String),
}

/// Whether `event` is the annotator's input (a key, text, or the pointer).
fn is_input(event: &egui::Event) -> bool {
    use egui::Event as E;
    matches!(
        event,
        E::Key { .. }
            | E::Text(_)
            | E::Ime(_)
            | E::PointerMoved(_)
            | E::MouseMoved(_)
            | E::PointerButton { .. }
            | E::MouseWheel { .. }
            | E::Touch { .. }
            | E::Zoom(_)
            | E::Rotate(_)
            | E::Copy
            | E::Cut
            | E::Paste(_)
    )
}

impl BiaozhuApp {
    /// At the start of a frame: counts the active time since the last frame towards the open
    /// document (with whether suggestions are shown), and writes the pending effort when the
    /// window is closing.
    pub(super) fn track_effort(&mut self, ctx: &egui::Context) {
        let (now, input, closing) = ctx.input(|i| {
            let input = i.events.iter().any(is_input);
            (i.time, input, i.viewport().close_requested())
        });
        if !self.settings.record_effort {
            self.effort.clock.pause();
        } else if let Some(session) = self.session.as_mut()
            && let Some(cur) = session.current.as_ref()
        {
            self.effort.follow(&session.annotator, &cur.doc.id);
            let (seconds, _) = self.effort.clock.tick(now, input);
            if seconds > 0 {
                let shown = !session.pending_suggestions().is_empty();
                session.add_effort(&Effort {
                    active_seconds: seconds,
                    suggestions_shown: shown,
                    ..Effort::default()
                });
            }
        } else {
            self.effort.clock.pause();
        }
        if closing && let Some(session) = self.session.as_mut() {
            let _ = session.flush_effort();
        }
    }

    /// What `action` may count, when recording and a document is open.
    pub(super) fn effort_before(&self, action: &Action) -> Option<EffortBefore> {
        if !self.settings.record_effort {
            return None;
        }
        let what = match action {
            Action::Edit(EditAction::Label(_)) => match &self.selection.span {
                Some(id) => Counted::Changed(id.clone()),
                None => Counted::ByHand,
            },
            Action::Edit(EditAction::LabelAllMatches(_)) => Counted::ByHand,
            Action::Edit(EditAction::MoveEnd(_) | EditAction::MoveStart(_)) => {
                Counted::Changed(self.selection.span.clone()?)
            }
            Action::Review(ReviewAction::Accept | ReviewAction::AcceptAllOfLabel) => {
                Counted::Accepted
            }
            Action::Review(ReviewAction::Reject) => Counted::Rejected,
            _ => return None,
        };
        if let Counted::Changed(id) = &what
            && !self.effort.accepted.contains(id)
        {
            return None;
        }
        let cur = self.current()?;
        Some(EffortBefore {
            what,
            doc: cur.doc.id.clone(),
            spans: cur
                .ann
                .spans
                .iter()
                .map(|s| (s.id.clone(), s.key()))
                .collect(),
            rejected: cur.ann.rejected.len(),
        })
    }

    /// Counts what the action noted in `before` did to the open annotation.
    pub(super) fn effort_after(&mut self, before: Option<EffortBefore>) {
        let Some(before) = before else {
            return;
        };
        let Some(session) = self.session.as_mut() else {
            return;
        };
        let Some(cur) = session.current.as_ref() else {
            return;
        };
        if cur.doc.id != before.doc {
            return;
        }
        self.effort.follow(&session.annotator, &cur.doc.id);
        let added: Vec<String> = cur
            .ann
            .spans
            .iter()
            .filter(|s| !before.spans.contains_key(&s.id))
            .map(|s| s.id.clone())
            .collect();
        let mut delta = Effort::default();
        match before.what {
            Counted::ByHand => delta.spans_by_hand = added.len() as u64,
            Counted::Accepted => {
                delta.suggestions_accepted = added.len() as u64;
                delta.suggestions_shown = !added.is_empty();
                self.effort.accepted.extend(added);
            }
            Counted::Rejected => {
                let n = cur.ann.rejected.len().saturating_sub(before.rejected) as u64;
                delta.suggestions_rejected = n;
                delta.suggestions_shown = n > 0;
            }
            Counted::Changed(id) => {
                let changed = match (before.spans.get(&id), cur.ann.span(&id)) {
                    (Some(was), Some(now)) => *was != now.key(),
                    _ => false,
                };
                if changed && self.effort.accepted.remove(&id) {
                    delta.suggestions_accepted_then_changed = 1;
                }
            }
        }
        if !delta.is_empty() {
            session.add_effort(&delta);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Frames every `step` seconds from `from` to `to` (inclusive), with input at the times in
    /// `inputs`; the whole seconds handed out in all.
    fn run(clock: &mut EffortClock, from: f64, to: f64, step: f64, inputs: &[f64]) -> u64 {
        let mut total = 0;
        let mut t = from;
        while t <= to + 1e-9 {
            let input = inputs.iter().any(|&i| (i - t).abs() < 1e-9);
            total += clock.tick(t, input).0;
            t += step;
        }
        total
    }

    #[test]
    fn time_counts_until_a_minute_after_the_last_input() {
        let mut clock = EffortClock::default();
        // Input at 0 and 30; frames every second until 200: active from 0 to 90.
        assert_eq!(run(&mut clock, 0.0, 200.0, 1.0, &[0.0, 30.0]), 90);
        // One frame long after: nothing more.
        assert_eq!(clock.tick(500.0, false), (0, false));
    }

    #[test]
    fn an_idle_gap_without_frames_counts_only_its_first_minute() {
        let mut clock = EffortClock::default();
        assert_eq!(clock.tick(10.0, true), (0, false));
        // The next frame comes ten minutes later (egui draws nothing while idle), with input.
        assert_eq!(clock.tick(610.0, true), (60, true));
        // From there on, time counts again.
        assert_eq!(clock.tick(615.0, false), (5, true));
    }

    #[test]
    fn no_input_no_time_and_fractions_carry() {
        let mut clock = EffortClock::default();
        assert_eq!(run(&mut clock, 0.0, 100.0, 0.5, &[]), 0);
        let mut clock = EffortClock::default();
        // Frames every 0.25 s with input in the first: a whole second every fourth frame.
        let handed: Vec<u64> = (0..9)
            .map(|i| clock.tick(f64::from(i) * 0.25, i == 0).0)
            .collect();
        assert_eq!(handed, [0, 0, 0, 0, 1, 0, 0, 0, 1]);
    }

    #[test]
    fn a_pause_drops_the_time_until_the_next_frame_and_time_never_runs_back() {
        let mut clock = EffortClock::default();
        clock.tick(0.0, true);
        clock.tick(10.0, false);
        clock.pause();
        assert_eq!(clock.tick(40.0, true), (0, false), "paused: nothing");
        assert_eq!(clock.tick(45.0, false), (5, true));
        assert_eq!(clock.tick(44.0, true), (0, false), "a clock that runs back");
        assert_eq!(clock.tick(46.0, false), (2, true));
    }
}
