//! `stats`: documents, characters, spans per label and relations per type per annotator,
//! statuses, and the recorded time (`effort`).

mod effort;
pub use effort::{EffortGroup, EffortSamples, EffortStats};

use crate::core::data::error::Result;
use crate::core::data::model::Status;
use crate::core::data::store::Dataset;
use serde::Serialize;
use std::collections::BTreeMap;

/// Counts over a dataset.
#[derive(Debug, Default, Serialize, PartialEq)]
pub struct Stats {
    /// Documents in the manifest.
    pub documents: usize,
    /// Code points over all documents.
    pub characters: usize,
    /// Per annotator: spans per label, statuses, and documents annotated.
    pub annotators: BTreeMap<String, AnnotatorStats>,
}

/// One annotator's counts.
#[derive(Debug, Default, Serialize, PartialEq)]
pub struct AnnotatorStats {
    /// Annotation files.
    pub files: usize,
    /// Spans per label.
    pub spans: BTreeMap<String, usize>,
    /// Relations.
    pub relations: usize,
    /// Relations per type.
    pub relation_types: BTreeMap<String, usize>,
    /// Documents per status; documents without a file count as todo.
    pub statuses: BTreeMap<String, usize>,
    /// Recorded active time: documents timed, medians per document and per span.
    pub effort: EffortStats,
}

/// Computes the stats of `ds`.
pub fn compute(ds: &Dataset) -> Result<Stats> {
    let mut stats = Stats {
        documents: ds.documents().len(),
        characters: ds.documents().iter().map(|d| d.chars).sum(),
        ..Stats::default()
    };
    for annotator in ds.annotators()? {
        let mut a = AnnotatorStats::default();
        for label in ds.labels.label_names() {
            a.spans.insert(label.to_string(), 0);
        }
        for kind in &ds.labels.relations {
            a.relation_types.insert(kind.name.clone(), 0);
        }
        for st in Status::ALL {
            a.statuses.insert(st.as_str().to_string(), 0);
        }
        let mut effort = EffortSamples::default();
        for entry in ds.documents() {
            let status = match ds.annotation(&annotator, &entry.id)? {
                Some(ann) => {
                    effort.add(&ann);
                    a.files += 1;
                    a.relations += ann.relations.len();
                    for r in &ann.relations {
                        *a.relation_types.entry(r.kind.clone()).or_default() += 1;
                    }
                    for span in &ann.spans {
                        *a.spans.entry(span.label.clone()).or_default() += 1;
                    }
                    ann.status
                }
                None => Status::Todo,
            };
            *a.statuses.entry(status.as_str().to_string()).or_default() += 1;
        }
        a.effort = effort.summarise();
        stats.annotators.insert(annotator, a);
    }
    Ok(stats)
}
