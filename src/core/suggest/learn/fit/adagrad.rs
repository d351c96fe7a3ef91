//! AdaGrad with lazy L2, the optimiser of a layer's rows.

use super::*;

/// AdaGrad's state that is not kept in the rows (each row holds its squared gradients summed per
/// layer and the step it was last updated at, for the lazy L2 decay, after its weights): the
/// transitions' sums, the rule prior and the step count.
pub(super) struct AdaGrad {
    pub(super) prior: RulePrior,
    pub(super) trans_acc: Vec<f32>,
    pub(super) lr: f32,
    pub(super) per_chain_l2: f32,
    pub(super) chains: usize,
    pub(super) step: u32,
    pub(super) nl: usize,
}

impl AdaGrad {
    /// Starts with nothing summed, for `nl` layers and `chains` chains (what L2 is shared over).
    pub(super) fn new(prior: RulePrior, nl: usize, chains: usize, opts: &Options) -> Self {
        AdaGrad {
            prior,
            trans_acc: vec![0.0f32; TRANS * nl],
            lr: opts.learning_rate as f32,
            per_chain_l2: (opts.l2 / chains.max(1) as f64) as f32,
            chains,
            step: 0,
            nl,
        }
    }

    /// Applies one chain's gradient: one step, the feature rows it touches, then the transitions.
    pub(super) fn apply(&mut self, crf: &mut Crf, g: &Gradient) {
        self.step += 1;
        self.update_rows(crf, g);
        self.update_transitions(crf, g);
    }

    /// Updates each feature row the gradient touches, decayed for the steps since its last update.
    pub(super) fn update_rows(&mut self, crf: &mut Crf, g: &Gradient) {
        let (k, stride) = (crf.width(), crf.stride);
        let (nl, lr, step) = (self.nl, self.lr, self.step);
        for (j, &r) in g.rows.iter().enumerate() {
            let r = r as usize;
            let row = &mut crf.w[r * stride..(r + 1) * stride];
            let (weights, state) = row.split_at_mut(k);
            let gap = (step - state[nl].to_bits()).min(self.chains as u32) as f32;
            state[nl] = f32::from_bits(step);
            let decay = self.per_chain_l2 * gap;
            let grad = &g.vals[j * k..(j + 1) * k];
            for l in 0..nl {
                let mut sq = 0.0;
                let mut full = [0.0f32; 3];
                let centre = self.prior.centre(r, l);
                for t in 0..3 {
                    full[t] = grad[l * 3 + t] + decay * (weights[l * 3 + t] - centre[t]);
                    sq += full[t] * full[t];
                }
                // A layer the chain has (numerically) nothing to say about is left as it is.
                if sq < 1e-14 {
                    continue;
                }
                let a = &mut state[l];
                *a += sq;
                if *a > 0.0 {
                    let rate = lr / a.sqrt();
                    for t in 0..3 {
                        weights[l * 3 + t] -= rate * full[t];
                    }
                }
            }
        }
    }

    /// Updates the transition weights.
    pub(super) fn update_transitions(&mut self, crf: &mut Crf, g: &Gradient) {
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
