//! Warm starts: retraining that begins at the last model's weights and fits only the documents
//! that are new or changed since it was trained, mixed with a seeded sample of the others (so
//! that what the model knew is refreshed, not forgotten). The span dictionary and the model's
//! figures still come from every training document. A last model of other labels or other
//! features cannot be continued: training then starts from nothing and says why.

use super::crf::Crf;
use super::example::Example;
use super::fit::Options;
use super::model_file::{FeatureConfig, Header};
use crate::core::data::synth::Rng;

/// Where a warm start begins.
#[derive(Clone, Copy, Debug)]
pub struct Warm<'a> {
    /// The last model's header.
    pub header: &'a Header,
    /// Its weights.
    pub crf: &'a Crf,
    /// The documents new or changed since it was trained.
    pub changed: &'a [String],
}

/// What a training started from.
#[derive(Clone, Debug, Default, PartialEq)]
pub enum Start {
    /// From nothing (the rule prior), as asked.
    #[default]
    Full,
    /// From the last model, fitting this many documents: the new and changed ones and a sample
    /// of the others.
    Warm {
        /// Documents fitted.
        fitted: usize,
    },
    /// From nothing although a warm start was asked, because the last model could not be
    /// continued.
    FullInstead(Mismatch),
}

/// Why a last model cannot be continued.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mismatch {
    /// It was made with other features (templates, window or hash size).
    Features,
    /// It has other labels than the dataset now.
    Labels,
    /// The documents to train on are fewer than `Options::warm_min_documents`.
    FewDocuments,
}

impl std::fmt::Display for Mismatch {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Mismatch::Features => {
                "the last model was made with other features than this biaozhu makes"
            }
            Mismatch::Labels => "the labels have changed since the last model",
            Mismatch::FewDocuments => {
                "the documents are few enough that a full training is about as quick and fits \
                 better; --warm-min-docs sets how many a warm start needs"
            }
        })
    }
}

/// Of the documents not changed, the share fitted in a warm start…
pub const SAMPLE_SHARE: f64 = 0.1;
/// …but at least this many (all when there are fewer)…
pub const SAMPLE_MIN: usize = 30;
/// …and at most this many.
pub const SAMPLE_MAX: usize = 200;

/// Epochs of a warm start at most: it starts from a trained model, and more passes over its
/// few documents would fit them at the others' expense.
pub const EPOCHS: usize = 3;

/// AdaGrad's sums of squared gradients a warm start begins with, for every weight: what keeps
/// its first steps small (a rate of at most `learning_rate / sqrt(INITIAL_SUM)`), as a training
/// that has run for a while has them, instead of the full first steps of a fresh one.
pub const INITIAL_SUM: f32 = 1000.0;

/// Whether `warm` can be continued for `labels` with `opts` on `documents` training documents:
/// [`Start::Warm`] (its count is filled in later), [`Start::Full`] when none was asked, or why
/// not.
pub(super) fn start(
    warm: Option<&Warm>,
    labels: &[String],
    opts: &Options,
    documents: usize,
) -> Start {
    let Some(w) = warm else {
        return Start::Full;
    };
    let current = FeatureConfig::current(opts.hash_bits);
    if w.header.features != current
        || w.crf.bits != opts.hash_bits
        || w.crf.w.len() != (1usize << opts.hash_bits) * 3 * labels.len()
    {
        return Start::FullInstead(Mismatch::Features);
    }
    if w.header.labels != labels || w.crf.labels != labels.len() {
        return Start::FullInstead(Mismatch::Labels);
    }
    if documents < opts.warm_min_documents {
        return Start::FullInstead(Mismatch::FewDocuments);
    }
    Start::Warm { fitted: 0 }
}

/// The documents a warm start fits, as indexes into `train_set` (in its order): those in
/// `changed`, and a sample of the others drawn with `seed` ([`SAMPLE_SHARE`] of them, from
/// [`SAMPLE_MIN`] to [`SAMPLE_MAX`]).
pub(super) fn choose(train_set: &[&Example], changed: &[String], seed: u64) -> Vec<usize> {
    let (mut chosen, mut others): (Vec<usize>, Vec<usize>) =
        (0..train_set.len()).partition(|&i| changed.contains(&train_set[i].id));
    let k = ((others.len() as f64 * SAMPLE_SHARE).round() as usize)
        .clamp(SAMPLE_MIN, SAMPLE_MAX)
        .min(others.len());
    super::fit::shuffle(&mut others, &mut Rng::new(seed ^ 0x5741_524d));
    chosen.extend_from_slice(&others[..k]);
    chosen.sort_unstable();
    chosen
}

#[cfg(test)]
mod tests {
    use super::*;

    fn example(id: &str) -> Example {
        Example {
            id: id.into(),
            text: String::new(),
            spans: Vec::new(),
            rejected: Vec::new(),
        }
    }

    #[test]
    fn a_warm_start_fits_the_changed_documents_and_a_sample_of_the_rest() {
        let all: Vec<Example> = (0..1000).map(|i| example(&format!("d{i:04}"))).collect();
        let set: Vec<&Example> = all.iter().collect();
        let changed = ["d0007".to_string(), "d0500".into(), "d0999".into()];
        let chosen = choose(&set, &changed, 1);
        assert_eq!(chosen.len(), 3 + 100);
        assert!([7, 500, 999].iter().all(|i| chosen.contains(i)));
        assert!(chosen.windows(2).all(|w| w[0] < w[1]));
        assert_eq!(chosen, choose(&set, &changed, 1), "seeded");
        let few: Vec<&Example> = all[..20].iter().collect();
        assert_eq!(choose(&few, &[], 1).len(), 20, "all of a small set");
    }
}
