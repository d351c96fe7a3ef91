//! The `effort` of `stats`: per annotator, how many documents carry recorded active time and
//! the median time per document and per span, over all of them and split by whether
//! suggestions were shown.

use crate::core::data::model::Annotation;
use serde::Serialize;

/// One annotator's recorded time (see [`crate::core::data::model::Effort`]).
#[derive(Debug, Default, Serialize, PartialEq)]
pub struct EffortStats {
    /// Annotation files whose `effort` has active seconds above zero.
    pub documents_timed: usize,
    /// The median of their active seconds; null when no document is timed.
    pub median_active_seconds_per_document: Option<f64>,
    /// The median of their active seconds divided by their spans, over the timed documents
    /// that have spans; null when none has.
    pub median_active_seconds_per_span: Option<f64>,
    /// The same over the timed documents worked on with suggestions shown; null when none was.
    pub with_suggestions: Option<EffortGroup>,
    /// The same over the timed documents worked on without suggestions; null when none was.
    pub without_suggestions: Option<EffortGroup>,
}

/// The figures of [`EffortStats`] over one group of timed documents.
#[derive(Debug, Default, Serialize, PartialEq)]
pub struct EffortGroup {
    /// Timed documents in the group (at least one).
    pub documents_timed: usize,
    /// The median of their active seconds.
    pub median_active_seconds_per_document: f64,
    /// The median of active seconds per span over those with spans; null when none has.
    pub median_active_seconds_per_span: Option<f64>,
}

/// The timed documents of one annotator, collected file by file.
#[derive(Debug, Default)]
pub struct EffortSamples {
    /// (active seconds, spans, suggestions shown) per timed document.
    timed: Vec<(f64, usize, bool)>,
}

impl EffortSamples {
    /// Notes `ann` when its effort has active time.
    pub fn add(&mut self, ann: &Annotation) {
        if let Some(e) = &ann.effort
            && e.active_seconds > 0
        {
            self.timed.push((
                e.active_seconds as f64,
                ann.spans.len(),
                e.suggestions_shown,
            ));
        }
    }

    /// The figures over everything added.
    pub fn summarise(&self) -> EffortStats {
        let all: Vec<_> = self.timed.iter().collect();
        let group = |shown: bool| {
            let docs: Vec<_> = self.timed.iter().filter(|t| t.2 == shown).collect();
            Some(EffortGroup {
                documents_timed: docs.len(),
                median_active_seconds_per_document: median(per_document(&docs))?,
                median_active_seconds_per_span: median(per_span(&docs)),
            })
        };
        EffortStats {
            documents_timed: all.len(),
            median_active_seconds_per_document: median(per_document(&all)),
            median_active_seconds_per_span: median(per_span(&all)),
            with_suggestions: group(true),
            without_suggestions: group(false),
        }
    }
}

fn per_document(docs: &[&(f64, usize, bool)]) -> Vec<f64> {
    docs.iter().map(|t| t.0).collect()
}

fn per_span(docs: &[&(f64, usize, bool)]) -> Vec<f64> {
    docs.iter()
        .filter(|t| t.1 > 0)
        .map(|t| t.0 / t.1 as f64)
        .collect()
}

/// The median (the mean of the two middle values for an even count); `None` for no values.
fn median(mut values: Vec<f64>) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    values.sort_by(f64::total_cmp);
    let mid = values.len() / 2;
    Some(if values.len() % 2 == 1 {
        values[mid]
    } else {
        (values[mid - 1] + values[mid]) / 2.0
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::data::model::{Document, Effort, Span};

    fn timed(seconds: u64, spans: usize, shown: bool) -> Annotation {
        let doc = Document {
            id: "d".into(),
            text: "abcdef".into(),
            sha256: String::new(),
            meta: Default::default(),
        };
        let mut ann = Annotation::new(&doc, "alice");
        ann.spans = (0..spans)
            .map(|i| Span::bare(&format!("s{i}"), i, i + 1, "project"))
            .collect();
        ann.effort = Some(Effort {
            active_seconds: seconds,
            suggestions_shown: shown,
            ..Effort::default()
        });
        ann
    }

    #[test]
    fn medians_over_all_and_split_by_suggestions() {
        let mut s = EffortSamples::default();
        for ann in [
            timed(100, 2, true),
            timed(60, 3, true),
            timed(300, 0, false),
            timed(0, 5, true),
        ] {
            s.add(&ann);
        }
        let mut untimed = timed(1, 1, true);
        untimed.effort = None;
        s.add(&untimed);
        let stats = s.summarise();
        assert_eq!(
            stats.documents_timed, 3,
            "zero seconds and no effort are not timed"
        );
        assert_eq!(stats.median_active_seconds_per_document, Some(100.0));
        assert_eq!(stats.median_active_seconds_per_span, Some(35.0));
        assert_eq!(
            stats.with_suggestions,
            Some(EffortGroup {
                documents_timed: 2,
                median_active_seconds_per_document: 80.0,
                median_active_seconds_per_span: Some(35.0),
            })
        );
        assert_eq!(
            stats.without_suggestions,
            Some(EffortGroup {
                documents_timed: 1,
                median_active_seconds_per_document: 300.0,
                median_active_seconds_per_span: None,
            })
        );
        assert_eq!(EffortSamples::default().summarise(), EffortStats::default());
    }
}
