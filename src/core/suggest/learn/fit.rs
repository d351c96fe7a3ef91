//! Fitting: the options of training and its epoch loop, AdaGrad with lazy L2 over shuffled
//! sentence-sized chains, some of the chains in each epoch without the rules' tags
//! ([`Options::rule_dropout`]). Each document's feature rows are made once, renumbered compactly
//! (most used first), and the label layers, independent CRFs that share their features, are
//! fitted in groups on parallel threads, so the model depends only on the input and the seed,
//! not on the number of threads ([`fit`]).

use super::crf::{ChainRows, Crf, Gradient, TRANS};
use super::features::{self, DocFeatures, Observations};
use super::weights::{EpochAverage, RulePrior};
use crate::core::data::synth::Rng;

/// Training documents a warm start needs by default. On a 1,000-document dataset a full
/// training takes about a minute and a warm one seconds; on 200 a full one takes about 10 s, and
/// below that a warm start saves little while it fits worse: on the five-article dev set a warm
/// start with one article added scored 0.028 below a full training (docs/learning.md).
pub const WARM_MIN_DOCUMENTS: usize = 200;

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
    /// A warm start is made only with at least this many training documents; with fewer, a
    /// full training is about as quick and fits better, and is made instead.
    pub warm_min_documents: usize,
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
            warm_min_documents: WARM_MIN_DOCUMENTS,
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

/// What a fitting gives: the epoch-averaged weights and how it went.
pub(super) struct Fitted {
    /// The weights.
    pub(super) crf: Crf,
    /// The mean loss per chain of each epoch run.
    pub(super) losses: Vec<f64>,
    /// Seconds spent making the feature rows of every document (once, before the epochs).
    pub(super) features_seconds: f64,
    /// Seconds of each epoch.
    pub(super) epoch_seconds: Vec<f64>,
}

/// Where a warm start begins: the last model's weights (same labels and features), and how many
/// chains the whole training set has, so that L2 weighs as much per chain as in a full training
/// although the fitting sees only part of it.
pub(super) struct WarmStart<'a> {
    /// The last model's weights.
    pub(super) crf: &'a Crf,
    /// Chains in the whole training set.
    pub(super) chains_total: usize,
    /// AdaGrad's sums of squared gradients to begin with, for every weight.
    pub(super) initial_sum: f32,
    /// The epochs the last model's weights are the mean of: the warm epochs are averaged in
    /// with them.
    pub(super) epochs: usize,
}

/// What every layer group of one fitting reads.
struct Shared<'a> {
    /// Each chain's rows (compact).
    rows: Vec<ChainRows>,
    gold: &'a [Vec<u8>],
    chains: &'a [Chain],
    nl: usize,
    opts: &'a Options,
    /// The hashed row of each compact row.
    ids: Vec<u32>,
    /// The compact row of each hashed row (`u32::MAX`: none).
    compact: Vec<u32>,
    warm: Option<&'a WarmStart<'a>>,
}

/// Fits a CRF of `nl` label layers to `chains` of the documents observed as `obs` with gold tags
/// `gold`, from nothing (the rule prior) or from `warm`. Each document's feature rows are made
/// once and renumbered compactly, the most frequent first, and each chain's distinct rows are
/// listed once ([`ChainRows`]), so that an epoch neither hashes nor looks a row up twice; each
/// row keeps the optimiser's state beside its weights, so that an update finds them in the
/// cache lines the chain's emissions just read. The label layers are independent CRFs that share only their
/// features, so they are fitted in groups on parallel threads, each by plain sequential AdaGrad;
/// the result does not depend on the number of threads.
pub(super) fn fit(
    obs: &[Observations],
    gold: &[Vec<u8>],
    chains: &[Chain],
    nl: usize,
    opts: &Options,
    warm: Option<&WarmStart>,
) -> Fitted {
    let groups = layer_groups(nl, crate::core::data::parallel::threads());
    fit_in_groups(obs, gold, chains, (nl, &groups), opts, warm)
}

/// [`fit`] with the layers fitted in `groups`, each on a thread of its own.
fn fit_in_groups(
    obs: &[Observations],
    gold: &[Vec<u8>],
    chains: &[Chain],
    (nl, groups): (usize, &[Vec<usize>]),
    opts: &Options,
    warm: Option<&WarmStart>,
) -> Fitted {
    let started = std::time::Instant::now();
    let mut docs: Vec<DocFeatures> =
        crate::core::data::parallel::map(obs, |o| DocFeatures::new(o, opts.hash_bits));
    let (ids, compact) = compact_rows(&docs, opts.hash_bits, nl);
    for_each_mut(&mut docs, |d| d.renumber(&compact));
    let rows = chain_rows(&docs, chains, ids.len());
    drop(docs);
    let features_seconds = started.elapsed().as_secs_f64();
    let shared = Shared {
        rows,
        gold,
        chains,
        nl,
        opts,
        ids,
        compact,
        warm,
    };
    let sync = EpochSync::new(groups.len(), nl, chains.len());
    let fitted: Vec<(Crf, Vec<f64>)> = std::thread::scope(|scope| {
        let handles: Vec<_> = groups
            .iter()
            .enumerate()
            .map(|(k, layers)| {
                let (shared, sync) = (&shared, &sync);
                scope.spawn(move || fit_layers(shared, layers, sync, k == 0))
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().unwrap_or_else(|p| std::panic::resume_unwind(p)))
            .collect()
    });
    let mut crf = match warm {
        Some(w) => w.crf.clone(),
        None => Crf::new(nl, opts.hash_bits),
    };
    let mut epoch_seconds = Vec::new();
    for (layers, (part, seconds)) in groups.iter().zip(fitted) {
        merge(&mut crf, &part, layers, &shared.ids);
        if epoch_seconds.is_empty() {
            epoch_seconds = seconds;
        }
    }
    Fitted {
        crf,
        losses: sync.losses(),
        features_seconds,
        epoch_seconds,
    }
}

/// `f` on every item, the items split over the threads.
fn for_each_mut<T: Send>(items: &mut [T], f: impl Fn(&mut T) + Sync) {
    let per = items
        .len()
        .div_ceil(crate::core::data::parallel::threads())
        .max(1);
    let f = &f;
    std::thread::scope(|scope| {
        for part in items.chunks_mut(per) {
            scope.spawn(move || part.iter_mut().for_each(f));
        }
    });
}

/// Each chain's distinct rows and local feature indexes, made on parallel threads from the
/// documents' compact rows (of which there are `rows`).
fn chain_rows(docs: &[DocFeatures], chains: &[Chain], rows: usize) -> Vec<ChainRows> {
    let per = chains
        .len()
        .div_ceil(crate::core::data::parallel::threads())
        .max(1);
    std::thread::scope(|scope| {
        let handles: Vec<_> = chains
            .chunks(per)
            .map(|part| {
                scope.spawn(move || {
                    let mut seen = vec![u32::MAX; rows];
                    part.iter()
                        .map(|c| docs[c.doc].chain_rows((c.start, c.end), &mut seen))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap_or_else(|p| std::panic::resume_unwind(p)))
            .collect()
    })
}

/// The hashed rows the documents use (and every rules-window row), most used first: the hashed
/// row of each compact row, and the compact row of each hashed row (`u32::MAX` for none).
fn compact_rows(docs: &[DocFeatures], bits: u32, nl: usize) -> (Vec<u32>, Vec<u32>) {
    let mut counts = vec![0u32; 1usize << bits];
    for d in docs {
        for &f in &d.feats {
            counts[f as usize] = counts[f as usize].saturating_add(1);
        }
    }
    for (r, _, _) in features::rule_window_rows(bits, nl) {
        counts[r as usize] = counts[r as usize].max(1);
    }
    let mut ids: Vec<u32> = (0..counts.len() as u32)
        .filter(|&r| counts[r as usize] > 0)
        .collect();
    ids.sort_by_key(|&r| (std::cmp::Reverse(counts[r as usize]), r));
    let mut compact = vec![u32::MAX; counts.len()];
    for (c, &r) in ids.iter().enumerate() {
        compact[r as usize] = c as u32;
    }
    (ids, compact)
}

/// The dataset layers split into at most `threads` groups of neighbours.
fn layer_groups(nl: usize, threads: usize) -> Vec<Vec<usize>> {
    let groups = threads.clamp(1, nl.max(1));
    let per = nl.div_ceil(groups).max(1);
    (0..nl)
        .collect::<Vec<_>>()
        .chunks(per)
        .map(|c| c.to_vec())
        .collect()
}

/// Writes the compact weights of `part` (the layers `layers`) into `crf` at their hashed rows.
fn merge(crf: &mut Crf, part: &Crf, layers: &[usize], ids: &[u32]) {
    let (k, kp) = (crf.width(), part.stride);
    for (c, &r) in ids.iter().enumerate() {
        let row = &part.w[c * kp..(c + 1) * kp];
        for (j, &l) in layers.iter().enumerate() {
            let at = r as usize * k + l * 3;
            crf.w[at..at + 3].copy_from_slice(&row[j * 3..j * 3 + 3]);
        }
    }
    for (j, &l) in layers.iter().enumerate() {
        crf.trans[l * TRANS..(l + 1) * TRANS]
            .copy_from_slice(&part.trans[j * TRANS..(j + 1) * TRANS]);
    }
}

/// The epochs' losses, gathered per layer from the groups, and the point where the groups wait
/// for each other at the end of an epoch (to stop together when the data is fitted).
struct EpochSync {
    barrier: std::sync::Barrier,
    losses: std::sync::Mutex<Vec<Vec<f64>>>,
    nl: usize,
    chains: usize,
}

impl EpochSync {
    fn new(groups: usize, nl: usize, chains: usize) -> Self {
        EpochSync {
            barrier: std::sync::Barrier::new(groups),
            losses: std::sync::Mutex::new(Vec::new()),
            nl,
            chains,
        }
    }

    /// Records the losses of `layers` in `epoch`, waits for the other groups, and returns the
    /// epoch's mean loss per chain over all layers (summed in layer order: the same in every
    /// group, whatever the threads).
    fn epoch_done(&self, epoch: usize, layers: &[usize], loss: &[f64]) -> f64 {
        {
            let mut all = self.losses.lock().unwrap_or_else(|p| p.into_inner());
            while all.len() <= epoch {
                all.push(vec![0.0; self.nl]);
            }
            for (&l, &v) in layers.iter().zip(loss) {
                all[epoch][l] = v;
            }
        }
        self.barrier.wait();
        let all = self.losses.lock().unwrap_or_else(|p| p.into_inner());
        all[epoch].iter().sum::<f64>() / self.chains.max(1) as f64
    }

    /// The mean loss per chain of each epoch.
    fn losses(&self) -> Vec<f64> {
        let all = self.losses.lock().unwrap_or_else(|p| p.into_inner());
        all.iter()
            .map(|e| e.iter().sum::<f64>() / self.chains.max(1) as f64)
            .collect()
    }
}

/// Fits the layers `layers` over compact rows: the epoch-averaged weights (`layers.len()` layers)
/// and the seconds of each epoch. `first` counts the epochs for the progress display.
fn fit_layers(s: &Shared, layers: &[usize], sync: &EpochSync, first: bool) -> (Crf, Vec<f64>) {
    let (g, nl, opts) = (layers.len(), s.nl, s.opts);
    let rows = s.ids.len();
    // Each row: its weights (3 per layer), then AdaGrad's sum per layer and its last step.
    let stride = 3 * g + g + 1;
    let mut crf = Crf {
        labels: g,
        bits: opts.hash_bits,
        w: vec![0.0; rows * stride],
        stride,
        trans: vec![0.0; TRANS * g],
    };
    let prior = RulePrior::new(
        (opts.hash_bits, nl),
        layers,
        &s.compact,
        rows,
        opts.rule_prior as f32,
    );
    let chains_total = match s.warm {
        Some(w) => {
            start_from(&mut crf, w.crf, layers, &s.ids, w.initial_sum);
            w.chains_total
        }
        None => {
            prior.initialise(&mut crf);
            s.chains.len()
        }
    };
    let gold: Vec<Vec<u8>> = s
        .gold
        .iter()
        .map(|t| {
            t.chunks(nl)
                .flat_map(|c| layers.iter().map(move |&l| c[l]))
                .collect()
        })
        .collect();
    let mut adagrad = AdaGrad::new(prior, g, chains_total, opts);
    if let Some(w) = s.warm {
        adagrad.trans_acc.fill(w.initial_sum);
    }
    let mut rng = Rng::new(opts.seed);
    let mut sequence: Vec<usize> = (0..s.chains.len()).collect();
    // A generator of its own, so that the shuffles do not depend on the dropout.
    let mut drop_rng = Rng::new(opts.seed ^ 0x5255_4c45);
    let mut average = match s.warm {
        Some(w) => EpochAverage::continuing(&crf, w.epochs),
        None => EpochAverage::new(&crf),
    };
    let mut seconds = Vec::new();
    for epoch in 0..opts.epochs {
        let started = std::time::Instant::now();
        if let (true, Some(p)) = (first, &opts.progress) {
            p.store(epoch, std::sync::atomic::Ordering::Relaxed);
        }
        shuffle(&mut sequence, &mut rng);
        let mut loss = vec![0.0; g];
        for &c in &sequence {
            let with_rules = (drop_rng.below(1000) as f64) / 1000.0 >= opts.rule_dropout;
            let ch = &s.chains[c];
            let gold = &gold[ch.doc][ch.start * g..ch.end * g];
            let grad = crf.chain_gradient(&s.rows[c], with_rules, gold);
            for (a, v) in loss.iter_mut().zip(&grad.losses) {
                *a += v;
            }
            adagrad.apply(&mut crf, &grad);
        }
        average.add(&crf);
        seconds.push(started.elapsed().as_secs_f64());
        if sync.epoch_done(epoch, layers, &loss) < CONVERGED {
            break;
        }
    }
    average.apply(&mut crf);
    (crf, seconds)
}

/// Copies the weights of `layers` of the full model `from` into the compact `crf`, each row's
/// AdaGrad sums set to `initial_sum`.
fn start_from(crf: &mut Crf, from: &Crf, layers: &[usize], ids: &[u32], initial_sum: f32) {
    let (k, kc, g) = (from.width(), crf.stride, layers.len());
    for (c, &r) in ids.iter().enumerate() {
        for (j, &l) in layers.iter().enumerate() {
            let at = r as usize * k + l * 3;
            crf.w[c * kc + j * 3..c * kc + j * 3 + 3].copy_from_slice(&from.w[at..at + 3]);
            crf.w[c * kc + 3 * g + j] = initial_sum;
        }
    }
    for (j, &l) in layers.iter().enumerate() {
        crf.trans[j * TRANS..(j + 1) * TRANS]
            .copy_from_slice(&from.trans[l * TRANS..(l + 1) * TRANS]);
    }
}

/// Fisher-Yates with the project's deterministic generator.
pub(super) fn shuffle(items: &mut [usize], rng: &mut Rng) {
    for i in (1..items.len()).rev() {
        let j = rng.below(i + 1);
        items.swap(i, j);
    }
}

mod adagrad;
use adagrad::AdaGrad;

#[cfg(test)]
mod tests;
