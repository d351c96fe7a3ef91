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
    /// The mean weights, `width` a row (the rows' optimiser state is not averaged).
    w: Vec<f32>,
    trans: Vec<f32>,
    epochs: usize,
}

impl EpochAverage {
    pub(super) fn new(crf: &Crf) -> Self {
        EpochAverage {
            w: vec![0.0; crf.w.len() / crf.stride * crf.width()],
            trans: vec![0.0; crf.trans.len()],
            epochs: 0,
        }
    }

    /// A mean that already holds `epochs` epochs whose mean is the weights of `crf`: a warm start
    /// continues the last model's average instead of replacing it with a few noisy epochs.
    pub(super) fn continuing(crf: &Crf, epochs: usize) -> Self {
        let mut a = EpochAverage::new(crf);
        let width = crf.width();
        for (a, row) in a.w.chunks_mut(width).zip(crf.w.chunks(crf.stride)) {
            a.copy_from_slice(&row[..width]);
        }
        a.trans.copy_from_slice(&crf.trans);
        a.epochs = epochs;
        a
    }

    /// Adds one epoch's weights, as a running mean.
    pub(super) fn add(&mut self, crf: &Crf) {
        self.epochs += 1;
        let k = 1.0 / self.epochs as f32;
        let width = crf.width();
        for (a, row) in self.w.chunks_mut(width).zip(crf.w.chunks(crf.stride)) {
            for (a, w) in a.iter_mut().zip(row) {
                *a += (w - *a) * k;
            }
        }
        for (a, w) in self.trans.iter_mut().zip(&crf.trans) {
            *a += (w - *a) * k;
        }
    }

    /// Replaces the weights of `crf` with the mean (nothing when no epoch ran).
    pub(super) fn apply(self, crf: &mut Crf) {
        if self.epochs > 0 {
            let width = crf.width();
            for (row, a) in crf.w.chunks_mut(crf.stride).zip(self.w.chunks(width)) {
                row[..width].copy_from_slice(a);
            }
            crf.trans = self.trans;
        }
    }
}

/// Where the rules-window rows start and what L2 pulls them back to (zero for every other row),
/// for the layers one fitting trains, over its compact rows.
pub(super) struct RulePrior {
    /// Per compact row and layer of the fitting, the centre; only rows of the rules-window
    /// template are present.
    centres: std::collections::HashMap<(usize, usize), [f32; 3]>,
    has: Vec<bool>,
}

impl RulePrior {
    /// The centres of the rules-window rows for the dataset layers `layers` (of `labels`) with
    /// `strength`, where `compact` gives each hashed row of a table of `2^bits` its compact row
    /// (`u32::MAX` for none) among `rows`.
    pub(super) fn new(
        (bits, labels): (u32, usize),
        layers: &[usize],
        compact: &[u32],
        rows: usize,
        strength: f32,
    ) -> Self {
        let mut has = vec![false; rows];
        let mut centres = std::collections::HashMap::new();
        if strength != 0.0 {
            for (r, l, tag) in features::rule_window_rows(bits, labels) {
                let Some(j) = layers.iter().position(|&x| x == l) else {
                    continue;
                };
                let c = compact[r as usize];
                if c == u32::MAX {
                    continue;
                }
                let mut centre = [0.0f32; 3];
                centre[tag as usize] = strength;
                // Two windows may hash to one row: the first keeps it.
                centres.entry((c as usize, j)).or_insert(centre);
                has[c as usize] = true;
            }
        }
        RulePrior { centres, has }
    }

    /// Sets the rules-window rows of `crf` (compact, with the fitting's layers) to their centres:
    /// where a fresh training starts.
    pub(super) fn initialise(&self, crf: &mut Crf) {
        let k = crf.stride;
        for (&(r, j), c) in &self.centres {
            crf.w[r * k + j * 3..r * k + j * 3 + 3].copy_from_slice(c);
        }
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
