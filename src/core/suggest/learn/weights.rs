//! What training starts from and what it writes, beyond plain AdaGrad: the rule prior (the
//! rules-window rows start at, and are pulled back to, the rules' tags) and the epoch average
//! (the written weights are the mean of each epoch's).

use super::crf::Crf;
use super::features;

/// The mean of the weights at the end of each epoch (Polyak averaging): the model that is
/// written. One epoch's weights depend on the order of its last updates, hence on the seed; their
/// mean does much less (leave-one-out strict F1 over seeds 1-4 spread 0.650-0.699 without it,
/// 0.668-0.683 with it).
pub(super) struct EpochAverage {
    w: Vec<f32>,
    trans: Vec<f32>,
    epochs: usize,
}

impl EpochAverage {
    pub(super) fn new(crf: &Crf) -> Self {
        EpochAverage {
            w: vec![0.0; crf.w.len()],
            trans: vec![0.0; crf.trans.len()],
            epochs: 0,
        }
    }

    /// Adds one epoch's weights, as a running mean.
    pub(super) fn add(&mut self, crf: &Crf) {
        self.epochs += 1;
        let k = 1.0 / self.epochs as f32;
        for (a, w) in self.w.iter_mut().zip(&crf.w) {
            *a += (w - *a) * k;
        }
        for (a, w) in self.trans.iter_mut().zip(&crf.trans) {
            *a += (w - *a) * k;
        }
    }

    /// Replaces the weights of `crf` with the mean (nothing when no epoch ran).
    pub(super) fn apply(self, crf: &mut Crf) {
        if self.epochs > 0 {
            crf.w = self.w;
            crf.trans = self.trans;
        }
    }
}

/// Where the rules-window rows start and what L2 pulls them back to (zero for every other row).
pub(super) struct RulePrior {
    /// Per row, per layer, the centre; only rows of the rules-window template are present.
    centres: std::collections::HashMap<(usize, usize), [f32; 3]>,
    has: Vec<bool>,
}

impl RulePrior {
    /// Sets the rules-window rows of `crf` to favour the rules' tag by `strength`.
    pub(super) fn new(crf: &mut Crf, strength: f32) -> Self {
        let mut has = vec![false; 1usize << crf.bits];
        let mut centres = std::collections::HashMap::new();
        if strength != 0.0 {
            let k = crf.width();
            for (r, l, tag) in features::rule_window_rows(crf.bits, crf.labels) {
                let r = r as usize;
                let mut c = [0.0f32; 3];
                c[tag as usize] = strength;
                // Two windows may hash to one row: the first keeps it.
                if centres.contains_key(&(r, l)) {
                    continue;
                }
                crf.w[r * k + l * 3..r * k + l * 3 + 3].copy_from_slice(&c);
                centres.insert((r, l), c);
                has[r] = true;
            }
        }
        RulePrior { centres, has }
    }

    /// The centre of row `r`, layer `l`.
    #[inline]
    pub(super) fn centre(&self, r: usize, l: usize) -> [f32; 3] {
        if !self.has[r] {
            return [0.0; 3];
        }
        self.centres.get(&(r, l)).copied().unwrap_or([0.0; 3])
    }
}
