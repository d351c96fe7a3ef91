//! The checks of an annotation's `effort` that the schema cannot express. Its shape (whole
//! numbers of at least zero, a boolean, no other keys) is the schema's; the app reads a damaged
//! one as zero, so it never keeps a document from opening.

use crate::core::data::model::Annotation;
use crate::core::data::problem::DatasetMisfit;

/// The problems of `ann.effort`, as (JSON pointer, message) pairs: counts that contradict each
/// other.
pub(super) fn effort_problems(ann: &Annotation, out: &mut Vec<(String, DatasetMisfit)>) {
    let Some(e) = &ann.effort else {
        return;
    };
    if e.suggestions_accepted_then_changed > e.suggestions_accepted {
        out.push((
            "/effort/suggestions_accepted_then_changed".into(),
            format!(
                "is {} but only {} suggestions were accepted; a changed suggestion counts as accepted too",
                e.suggestions_accepted_then_changed, e.suggestions_accepted
            )
            .into(),
        ));
    }
    let settled = e
        .suggestions_accepted
        .saturating_add(e.suggestions_rejected);
    if settled > 0 && !e.suggestions_shown {
        out.push((
            "/effort/suggestions_shown".into(),
            format!(
                "is false but {settled} suggestions were accepted or rejected, which needs them shown"
            )
            .into(),
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::data::model::{Document, Effort};

    #[test]
    fn contradicting_counts_are_problems_and_consistent_ones_are_not() {
        let doc = Document {
            id: "d".into(),
            text: "abc".into(),
            sha256: String::new(),
            meta: Default::default(),
        };
        let mut ann = Annotation::new(&doc, "alice");
        let mut out = Vec::new();
        effort_problems(&ann, &mut out);
        assert!(out.is_empty(), "no effort, nothing to check");
        ann.effort = Some(Effort {
            active_seconds: 40,
            spans_by_hand: 2,
            suggestions_accepted: 3,
            suggestions_accepted_then_changed: 1,
            suggestions_rejected: 1,
            suggestions_shown: true,
        });
        effort_problems(&ann, &mut out);
        assert!(out.is_empty(), "{out:?}");
        ann.effort = Some(Effort {
            suggestions_accepted: 1,
            suggestions_accepted_then_changed: 2,
            ..Effort::default()
        });
        effort_problems(&ann, &mut out);
        let pointers: Vec<&str> = out.iter().map(|(p, _)| p.as_str()).collect();
        assert_eq!(
            pointers,
            [
                "/effort/suggestions_accepted_then_changed",
                "/effort/suggestions_shown"
            ]
        );
    }
}
