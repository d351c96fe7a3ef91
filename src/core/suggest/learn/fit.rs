//! Fitting: the options of training and its epoch loop, AdaGrad with lazy L2 over
//! sentence-sized chains in shuffled mini-batches, some of the chains in each epoch without the
//! rules' tags ([`Options::rule_dropout`]). The gradients of a mini-batch are computed in
//! parallel against the same weights and applied in order, so the model depends only on the
//! input and the seed, not on the number of threads.

use super::crf::{Crf, Gradient, TRANS};
use super::features::{self, Observations};
use super::weights::{EpochAverage, RulePrior};
use crate::core::data::synth::Rng;

/// How to train.
#[derive(Clone, Debug)]
pub struct Options {
    /// Passes over the training chains.
    pub epochs: usize,
    /// Seed of the shuffles and the held-out split.
    pub seed: u64,
    /// Fraction of documents held out for the reported F1 (when there are at least 5).
    pub holdout: f64,
    /// log2 of the number of feature rows.
    pub hash_bits: u32,
    /// AdaGrad's learning rate.
    pub learning_rate: f64,
    /// L2 coefficient (over the whole training set).
    pub l2: f64,
    /// How strongly the model starts from the rules: the weight, for each label, that the rules'
    /// tag at a code point (seen with its neighbours' tags) gives that tag at the start, and that
    /// L2 pulls back to instead of zero. With little evidence the model tags as the rules do; the
    /// other features learn where the rules are wrong. 0 starts from nothing.
    pub rule_prior: f64,
    /// The share of training chains, drawn afresh in each epoch, whose features leave the rules'
    /// tags out. Where the rules tag a name, their window explains it and the other features
    /// learn nothing from it; hidden now and then, the quote, context and character features
    /// must carry those names too, and then find the ones the rules miss (leave-one-out strict
    /// F1 over seeds 1-4: 0.753 without, 0.769 at 0.2, 0.766 at 0.3, 0.767 at 0.4).
    pub rule_dropout: f64,
    /// Counts the epochs done, for a progress display (the app's status bar).
    pub progress: Option<std::sync::Arc<std::sync::atomic::AtomicUsize>>,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            epochs: 20,
            seed: 1,
            holdout: 0.1,
            hash_bits: 20,
            learning_rate: 0.5,
            l2: 1.0,
            rule_prior: 4.0,
            rule_dropout: 0.2,
            progress: None,
        }
    }
}

/// Training stops early when the mean loss per chain of an epoch falls below this (the training
/// data is fitted; more epochs would change nothing that matters).
pub const CONVERGED: f64 = 1e-3;

/// One chain: a document's observations and a range of it.
pub(super) struct Chain {
    /// The document, an index into the observations and gold tags.
    pub(super) doc: usize,
    /// The first code point.
    pub(super) start: usize,
    /// One past the last code point.
    pub(super) end: usize,
}

/// Fits a CRF of `nl` label layers to `chains` of the documents observed as `obs` with gold tags
/// `gold`: the epoch-averaged weights and the mean loss per chain of each epoch.
pub(super) fn fit(
    obs: &[Observations],
    gold: &[Vec<u8>],
    chains: &[Chain],
    nl: usize,
    opts: &Options,
) -> (Crf, Vec<f64>) {
    let mut crf = Crf::new(nl, opts.hash_bits);
    let prior = RulePrior::new(&mut crf, opts.rule_prior as f32);
    let mut adagrad = AdaGrad::new(prior, nl, chains.len(), opts);
    let batch = if chains.len() < 512 { 1 } else { 16 };
    let mut losses = Vec::new();
    let mut rng = Rng::new(opts.seed);
    let mut sequence: Vec<usize> = (0..chains.len()).collect();
    // A generator of its own, so that the shuffles do not depend on the dropout.
    let mut drop_rng = Rng::new(opts.seed ^ 0x5255_4c45);
    let gradient = |crf: &Crf, c: &Chain, with_rules: bool| {
        let (feats, offs) =
            features::chain_features(&obs[c.doc], (c.start, c.end), opts.hash_bits, with_rules);
        crf.gradient(&feats, &offs, &gold[c.doc][c.start * nl..c.end * nl])
    };
    let mut average = EpochAverage::new(&crf);
    for epoch in 0..opts.epochs {
        if let Some(p) = &opts.progress {
            p.store(epoch, std::sync::atomic::Ordering::Relaxed);
        }
        shuffle(&mut sequence, &mut rng);
        let mut loss = 0.0;
        for part in sequence.chunks(batch) {
            let drops = with_rules_draws(part, &mut drop_rng, opts.rule_dropout);
            let grads = if part.len() == 1 {
                vec![gradient(&crf, &chains[part[0]], drops[0].1)]
            } else {
                crate::core::data::parallel::map(&drops, |&(c, w)| gradient(&crf, &chains[c], w))
            };
            for g in grads {
                loss += g.loss;
                adagrad.apply(&mut crf, &g);
            }
        }
        losses.push(loss / chains.len().max(1) as f64);
        average.add(&crf);
        if losses.last().is_some_and(|&l| l < CONVERGED) {
            break;
        }
    }
    average.apply(&mut crf);
    (crf, losses)
}

/// Draws, for each chain of a mini-batch in order, whether it keeps the rules' tags.
fn with_rules_draws(part: &[usize], drop_rng: &mut Rng, rule_dropout: f64) -> Vec<(usize, bool)> {
    part.iter()
        .map(|&c| (c, (drop_rng.below(1000) as f64) / 1000.0 >= rule_dropout))
        .collect()
}

/// AdaGrad's state: the squared gradients summed per feature row and layer and per transition
/// weight, and the step each row was last updated at (for the lazy L2 decay).
struct AdaGrad {
    prior: RulePrior,
    acc: Vec<f32>,
    last: Vec<u32>,
    trans_acc: Vec<f32>,
    lr: f32,
    per_chain_l2: f32,
    chains: usize,
    step: u32,
    nl: usize,
}

impl AdaGrad {
    /// Starts with nothing summed, for `chains` chains of `nl` layers.
    fn new(prior: RulePrior, nl: usize, chains: usize, opts: &Options) -> Self {
        let rows = 1usize << opts.hash_bits;
        AdaGrad {
            prior,
            acc: vec![0.0f32; rows * nl],
            last: vec![0u32; rows],
            trans_acc: vec![0.0f32; TRANS * nl],
            lr: opts.learning_rate as f32,
            per_chain_l2: (opts.l2 / chains.max(1) as f64) as f32,
            chains,
            step: 0,
            nl,
        }
    }

    /// Applies one chain's gradient: one step, the feature rows it touches, then the transitions.
    fn apply(&mut self, crf: &mut Crf, g: &Gradient) {
        self.step += 1;
        self.update_rows(crf, g);
        self.update_transitions(crf, g);
    }

    /// Updates each feature row the gradient touches, decayed for the steps since its last update.
    fn update_rows(&mut self, crf: &mut Crf, g: &Gradient) {
        let k = crf.width();
        let (nl, lr, step) = (self.nl, self.lr, self.step);
        for (j, &r) in g.rows.iter().enumerate() {
            let r = r as usize;
            let gap = (step - self.last[r]).min(self.chains as u32) as f32;
            self.last[r] = step;
            let decay = self.per_chain_l2 * gap;
            let row = &mut crf.w[r * k..(r + 1) * k];
            let grad = &g.vals[j * k..(j + 1) * k];
            for l in 0..nl {
                let mut sq = 0.0;
                let mut full = [0.0f32; 3];
                let centre = self.prior.centre(r, l);
                for t in 0..3 {
                    full[t] = grad[l * 3 + t] + decay * (row[l * 3 + t] - centre[t]);
                    sq += full[t] * full[t];
                }
                // A layer the chain has (numerically) nothing to say about is left as it is.
                if sq < 1e-14 {
                    continue;
                }
                let a = &mut self.acc[r * nl + l];
                *a += sq;
                if *a > 0.0 {
                    let rate = lr / a.sqrt();
                    for t in 0..3 {
                        row[l * 3 + t] -= rate * full[t];
                    }
                }
            }
        }
    }

    /// Updates the transition weights.
    fn update_transitions(&mut self, crf: &mut Crf, g: &Gradient) {
        let lr = self.lr;
        for (j, gv) in g.trans.iter().enumerate() {
            let full = gv + self.per_chain_l2 * crf.trans[j];
            self.trans_acc[j] += full * full;
            if self.trans_acc[j] > 0.0 {
                crf.trans[j] -= lr * full / self.trans_acc[j].sqrt();
            }
        }
    }
}

/// Fisher-Yates with the project's deterministic generator.
pub(super) fn shuffle(items: &mut [usize], rng: &mut Rng) {
    for i in (1..items.len()).rev() {
        let j = rng.below(i + 1);
        items.swap(i, j);
    }
}
