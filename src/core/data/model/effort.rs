//! `effort`: how long an annotator worked on a document and how the spans came about, as the app
//! records it (the annotator can turn the recording off). Optional in annotation files.
//!
//! Reading is lenient, so a damaged `effort` never keeps a document from opening: a field of the
//! wrong type, a negative number or an `effort` that is not an object reads as zero (false for
//! `suggestions_shown`), and unknown keys are ignored. The JSON Schema is strict, so `validate`
//! reports such a file (and the check in `check::validate::effort` what a schema cannot see).

use schemars::JsonSchema;
use serde::{Deserialize, Deserializer, Serialize};

/// One annotator's effort on one document, summed over every time they had it open.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct Effort {
    /// Seconds with the document open and input (a key or the pointer) within the last 60.
    pub active_seconds: u64,
    /// Spans the annotator added by hand (labelling a selection, or every match of it).
    pub spans_by_hand: u64,
    /// Suggestions (of the rules, a model or a review's sides) accepted as spans.
    pub suggestions_accepted: u64,
    /// Accepted suggestions whose range or label the annotator changed afterwards, while the
    /// document was still open; counted in `suggestions_accepted` as well.
    pub suggestions_accepted_then_changed: u64,
    /// Suggestions rejected.
    pub suggestions_rejected: u64,
    /// Whether suggestions were shown while the annotator worked on the document.
    pub suggestions_shown: bool,
}

/// The counters of [`Effort`] by name, in on-disk order (all but `suggestions_shown`).
pub const EFFORT_COUNTERS: [&str; 5] = [
    "active_seconds",
    "spans_by_hand",
    "suggestions_accepted",
    "suggestions_accepted_then_changed",
    "suggestions_rejected",
];

impl Effort {
    /// Whether nothing was recorded: every counter zero and no suggestion shown.
    pub fn is_empty(&self) -> bool {
        *self == Effort::default()
    }

    /// The counters, in the order of [`EFFORT_COUNTERS`].
    pub fn counters(&self) -> [u64; 5] {
        [
            self.active_seconds,
            self.spans_by_hand,
            self.suggestions_accepted,
            self.suggestions_accepted_then_changed,
            self.suggestions_rejected,
        ]
    }

    fn with_counters(counters: [u64; 5], suggestions_shown: bool) -> Effort {
        let [
            active_seconds,
            spans_by_hand,
            suggestions_accepted,
            suggestions_accepted_then_changed,
            suggestions_rejected,
        ] = counters;
        Effort {
            active_seconds,
            spans_by_hand,
            suggestions_accepted,
            suggestions_accepted_then_changed,
            suggestions_rejected,
            suggestions_shown,
        }
    }

    /// `self` and `more` together: counters added (saturating), shown if either was.
    pub fn plus(&self, more: &Effort) -> Effort {
        let (a, b) = (self.counters(), more.counters());
        Effort::with_counters(
            std::array::from_fn(|i| a[i].saturating_add(b[i])),
            self.suggestions_shown || more.suggestions_shown,
        )
    }

    /// The three-way merge of git's merge driver: each counter is ours + theirs − base (what
    /// both sides added to base, added up; never below zero), `suggestions_shown` is true when
    /// either side's is. `None` when neither side has an effort.
    pub fn merge(
        base: Option<&Effort>,
        ours: Option<&Effort>,
        theirs: Option<&Effort>,
    ) -> Option<Effort> {
        if ours.is_none() && theirs.is_none() {
            return None;
        }
        let counters = |e: Option<&Effort>| e.copied().unwrap_or_default().counters();
        let (b, o, t) = (counters(base), counters(ours), counters(theirs));
        let merged = std::array::from_fn(|i| {
            let sum = i128::from(o[i]) + i128::from(t[i]) - i128::from(b[i]);
            u64::try_from(sum.max(0)).unwrap_or(u64::MAX)
        });
        let shown = |e: Option<&Effort>| e.is_some_and(|e| e.suggestions_shown);
        Some(Effort::with_counters(merged, shown(ours) || shown(theirs)))
    }

    /// Reads an `effort` value leniently (see the module documentation).
    pub fn from_value(value: &serde_json::Value) -> Effort {
        let count = |name: &str| value.get(name).map_or(0, lenient_count);
        Effort::with_counters(
            EFFORT_COUNTERS.map(count),
            value
                .get("suggestions_shown")
                .and_then(serde_json::Value::as_bool)
                .unwrap_or(false),
        )
    }
}

/// A whole number of at least zero, or zero: a fraction is cut to its whole part, a negative
/// number or any other type is zero, a number too large is `u64::MAX`.
fn lenient_count(value: &serde_json::Value) -> u64 {
    if let Some(n) = value.as_u64() {
        return n;
    }
    match value.as_f64() {
        Some(f) if f.is_finite() && f > 0.0 => {
            if f >= u64::MAX as f64 {
                u64::MAX
            } else {
                f as u64
            }
        }
        _ => 0,
    }
}

impl<'de> Deserialize<'de> for Effort {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let value = serde_json::Value::deserialize(deserializer)?;
        Ok(Effort::from_value(&value))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn effort(counters: [u64; 5], shown: bool) -> Effort {
        Effort::with_counters(counters, shown)
    }

    #[test]
    fn a_damaged_effort_reads_as_zero_and_never_fails() {
        let damaged = json!({
            "active_seconds": -30,
            "spans_by_hand": "many",
            "suggestions_accepted": 4.9,
            "suggestions_rejected": 2,
            "suggestions_shown": "yes",
            "extra": true
        });
        let read: Effort = serde_json::from_value(damaged).unwrap();
        assert_eq!(read, effort([0, 0, 4, 0, 2], false));
        for value in [json!("lots"), json!([1, 2]), json!(7), json!({})] {
            let read: Effort = serde_json::from_value(value).unwrap();
            assert!(read.is_empty());
        }
        assert_eq!(lenient_count(&json!(1e300)), u64::MAX);
    }

    #[test]
    fn serialises_in_declared_order_and_round_trips() {
        let e = effort([95, 3, 4, 1, 2], true);
        let text = serde_json::to_string(&e).unwrap();
        assert_eq!(
            text,
            r#"{"active_seconds":95,"spans_by_hand":3,"suggestions_accepted":4,"suggestions_accepted_then_changed":1,"suggestions_rejected":2,"suggestions_shown":true}"#
        );
        assert_eq!(serde_json::from_str::<Effort>(&text).unwrap(), e);
    }

    #[test]
    fn merge_adds_what_both_sides_added_to_base() {
        let base = effort([100, 2, 1, 0, 0], false);
        let ours = effort([160, 3, 1, 0, 1], false);
        let theirs = effort([130, 2, 4, 1, 0], true);
        let merged = Effort::merge(Some(&base), Some(&ours), Some(&theirs)).unwrap();
        assert_eq!(merged, effort([190, 3, 4, 1, 1], true));
        // Symmetric, and a side that added nothing gives the other side's.
        assert_eq!(
            Effort::merge(Some(&base), Some(&theirs), Some(&ours)),
            Some(merged)
        );
        assert_eq!(
            Effort::merge(Some(&base), Some(&base), Some(&ours)),
            Some(ours)
        );
        // No base (both added the file, or neither had an effort then): the sum.
        assert_eq!(
            Effort::merge(None, Some(&ours), Some(&theirs)),
            Some(ours.plus(&theirs))
        );
        assert_eq!(Effort::merge(None, Some(&ours), None), Some(ours));
        assert_eq!(Effort::merge(Some(&base), None, None), None);
        // A side that lowered a counter below base never takes the sum below zero.
        let lowered = effort([0, 0, 0, 0, 0], false);
        let merged = Effort::merge(Some(&base), Some(&lowered), Some(&lowered)).unwrap();
        assert_eq!(merged.counters(), [0; 5]);
    }
}
