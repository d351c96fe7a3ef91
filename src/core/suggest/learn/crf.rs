//! The model: one linear-chain CRF per label over the tags O, B, I (so a region inside a
//! project name is tagged in the region layer and the project layer at once), sharing hashed
//! feature rows. Forward-backward (scaled, in f64) gives real marginal probabilities, the
//! probability of a span's exact tag sequence, the spans above a probability (posterior
//! decoding) and the log-likelihood gradient. Transitions O→I and a chain starting with I are
//! impossible.

use super::bio::{B, I, O};

/// Parameters of the transitions of one layer: 3 start weights, then 3×3 from→to.
pub const TRANS: usize = 12;

/// Whether a tag may follow another (`None`: at the start of a chain).
fn allowed(prev: Option<usize>, cur: usize) -> bool {
    !(cur == I as usize && matches!(prev, None | Some(0)))
}

/// The weights: `w` has `2^bits` rows of `3 * labels` floats; `trans` has `TRANS` per label.
/// While training, rows are renumbered compactly and carry the optimiser's state after their
/// weights (`stride` floats a row); a model as written and read has `stride == width()`.
#[derive(Clone, Debug, PartialEq)]
pub struct Crf {
    /// The number of label layers.
    pub labels: usize,
    /// log2 of the number of feature rows.
    pub bits: u32,
    /// Emission weights, row-major.
    pub w: Vec<f32>,
    /// Floats per row of `w`: the row's weights, then (while training) the optimiser's state.
    pub stride: usize,
    /// Transition weights per layer.
    pub trans: Vec<f32>,
}

/// Forward-backward of one layer over one chain.
pub struct Lattice {
    n: usize,
    psi: Vec<f64>,
    alpha: Vec<f64>,
    beta: Vec<f64>,
    c: Vec<f64>,
    m: [[f64; 3]; 3],
    /// The sum of each position's highest emission (the scale taken out of `psi`).
    top_sum: f64,
}

impl Lattice {
    /// The log of the partition function (what training needs; tagging only needs the
    /// marginals, so it is summed here, on demand, from the scales kept).
    pub fn log_z(&self) -> f64 {
        self.c.iter().fold(self.top_sum, |z, c| z + c.ln())
    }

    /// The marginal probability of tag `t` at `i`.
    pub fn marginal(&self, i: usize, t: usize) -> f64 {
        self.alpha[i * 3 + t] * self.beta[i * 3 + t]
    }

    /// The probability that the chain has exactly the span `s..e` (B, then I up to `e`, and no
    /// I right after it).
    pub fn span_probability(&self, s: usize, e: usize) -> f64 {
        let mut p = self.alpha[s * 3 + B as usize];
        for k in s + 1..e {
            p *= self.inside_factor(k, k == s + 1);
        }
        (p * self.end_factor(e, e == s + 1)).clamp(0.0, 1.0)
    }

    /// The factor that continuing a span with I at `k` adds (`after_begin`: the tag before is B).
    fn inside_factor(&self, k: usize, after_begin: bool) -> f64 {
        let prev = if after_begin { B } else { I } as usize;
        self.m[prev][I as usize] * self.psi[k * 3 + I as usize] / self.c[k]
    }

    /// The factor that ending a span before `e` adds: what follows is not I (1 at the chain's
    /// end).
    fn end_factor(&self, e: usize, after_begin: bool) -> f64 {
        if e >= self.n {
            return 1.0;
        }
        let prev = if after_begin { B } else { I } as usize;
        [O as usize, B as usize]
            .iter()
            .map(|&u| self.m[prev][u] * self.psi[e * 3 + u] * self.beta[e * 3 + u])
            .sum::<f64>()
            / self.c[e]
    }

    /// The spans whose probability ([`Lattice::span_probability`]) is at least `threshold`, taken
    /// most probable first, each left out when it overlaps one already taken: posterior decoding.
    /// Unlike the single best path it can be tuned for F1. A span's probability is at most the
    /// marginal of B at its start and of I at each code point inside it, which prunes the search;
    /// the product up to each end is carried along, so a start costs one pass over its ends.
    pub fn spans_above(&self, threshold: f64) -> Vec<(usize, usize, f64)> {
        // A NaN (which a broken model could give) counts as below, so it stops a search.
        let below = |x: f64| x.partial_cmp(&threshold).is_none_or(|o| o.is_lt());
        let mut candidates = Vec::new();
        for s in 0..self.n {
            if below(self.marginal(s, B as usize)) {
                continue;
            }
            let mut prefix = self.alpha[s * 3 + B as usize];
            let mut e = s + 1;
            loop {
                let p = (prefix * self.end_factor(e, e == s + 1)).clamp(0.0, 1.0);
                if !below(p) {
                    candidates.push((s, e, p));
                }
                if e >= self.n || below(self.marginal(e, I as usize)) {
                    break;
                }
                prefix *= self.inside_factor(e, e == s + 1);
                e += 1;
            }
        }
        candidates.sort_by(|a, b| b.2.total_cmp(&a.2).then((a.0, a.1).cmp(&(b.0, b.1))));
        let mut taken = vec![false; self.n];
        let mut out = Vec::new();
        for (s, e, p) in candidates {
            if taken[s..e].iter().any(|&t| t) {
                continue;
            }
            taken[s..e].iter_mut().for_each(|t| *t = true);
            out.push((s, e, p));
        }
        out
    }
}

impl Crf {
    /// All weights zero.
    pub fn new(labels: usize, bits: u32) -> Self {
        Crf {
            labels,
            bits,
            w: vec![0.0; (1usize << bits) * 3 * labels],
            stride: 3 * labels,
            trans: vec![0.0; TRANS * labels],
        }
    }

    /// Width of a row.
    pub fn width(&self) -> usize {
        3 * self.labels
    }

    /// Emission scores (`n * width`) of a chain whose position `i` has the feature rows
    /// `pos[i]`.
    pub fn emissions(&self, pos: &[&[u32]]) -> Vec<f32> {
        let s = self.stride;
        emissions_with(self.width(), pos, &self.w, |f| Some(f as usize * s))
    }

    fn layer_trans(&self, l: usize) -> &[f32] {
        &self.trans[l * TRANS..(l + 1) * TRANS]
    }

    /// Forward-backward of layer `l` over emissions `em` (`n * width`).
    pub fn lattice(&self, em: &[f32], l: usize) -> Lattice {
        let k = self.width();
        let n = em.len() / k;
        let tr = self.layer_trans(l);
        let mut m = [[0.0f64; 3]; 3];
        for (s, row) in m.iter_mut().enumerate() {
            for (t, v) in row.iter_mut().enumerate() {
                *v = if allowed(Some(s), t) {
                    (tr[3 + s * 3 + t] as f64).exp()
                } else {
                    0.0
                };
            }
        }
        let mut psi = vec![0.0f64; n * 3];
        let mut top_sum = 0.0;
        for i in 0..n {
            let e = &em[i * k + l * 3..i * k + l * 3 + 3];
            let top = e.iter().fold(f32::MIN, |a, &b| a.max(b));
            top_sum += top as f64;
            for t in 0..3 {
                // exp(0) is 1 exactly: the highest costs no call.
                psi[i * 3 + t] = if e[t] == top {
                    1.0
                } else {
                    (e[t] as f64 - top as f64).exp()
                };
            }
        }
        let mut alpha = vec![0.0f64; n * 3];
        let mut c = vec![1.0f64; n];
        for i in 0..n {
            let mut sum = 0.0;
            for t in 0..3 {
                let into = if i == 0 {
                    if allowed(None, t) {
                        (tr[t] as f64).exp()
                    } else {
                        0.0
                    }
                } else {
                    (0..3).map(|s| alpha[(i - 1) * 3 + s] * m[s][t]).sum()
                };
                let v = into * psi[i * 3 + t];
                alpha[i * 3 + t] = v;
                sum += v;
            }
            let sum = if sum > 0.0 && sum.is_finite() {
                sum
            } else {
                1e-300
            };
            c[i] = sum;
            for t in 0..3 {
                alpha[i * 3 + t] /= sum;
            }
        }
        let mut beta = vec![1.0f64; n * 3];
        for i in (0..n.saturating_sub(1)).rev() {
            for s in 0..3 {
                beta[i * 3 + s] = (0..3)
                    .map(|t| m[s][t] * psi[(i + 1) * 3 + t] * beta[(i + 1) * 3 + t])
                    .sum::<f64>()
                    / c[i + 1];
            }
        }
        Lattice {
            n,
            psi,
            alpha,
            beta,
            c,
            m,
            top_sum,
        }
    }
}

/// The gradient of the negative log-likelihood of one chain.
#[derive(Debug, Default)]
pub struct Gradient {
    /// Distinct feature rows touched (those of the chain's [`ChainRows`] in use).
    pub rows: Vec<u32>,
    /// `rows.len() * width` values.
    pub vals: Vec<f32>,
    /// `TRANS * labels` values.
    pub trans: Vec<f32>,
    /// The negative log-likelihood of each layer.
    pub losses: Vec<f64>,
}

impl Gradient {
    /// The negative log-likelihood over the layers.
    pub fn loss(&self) -> f64 {
        self.losses.iter().sum()
    }
}

/// A chain's feature rows, made once for every epoch: its distinct rows (first those of the
/// features without the rules' tags, then the rows only the rules' tags use) and, for each
/// feature of each position, its index among them. A gradient then sums per row without
/// hashing, and a chain shown without the rules' tags uses a prefix of the rows.
#[derive(Clone, Debug, Default)]
pub struct ChainRows {
    /// The distinct rows.
    pub rows: Vec<u32>,
    /// How many of them the features without the rules' tags use (a prefix).
    pub plain: usize,
    /// Per feature, its index in `rows`.
    local: Vec<u32>,
    /// Where each position's features begin in `local` (and one past the last).
    offs: Vec<u32>,
    /// Where each position's features of the rules' tags begin.
    rules_at: Vec<u32>,
}

impl ChainRows {
    /// The rows of a chain whose position `i` has the features `plain[i]` and then those of
    /// the rules' tags `rules[i]`; `seen` is scratch of one entry per row of the table (all
    /// `u32::MAX` on entry and on return).
    pub fn new(plain: &[&[u32]], rules: &[&[u32]], seen: &mut [u32]) -> Self {
        let mut c = ChainRows::default();
        let mut index = |f: u32, rows: &mut Vec<u32>| {
            let slot = &mut seen[f as usize];
            if *slot == u32::MAX {
                *slot = rows.len() as u32;
                rows.push(f);
            }
            *slot
        };
        for p in plain {
            p.iter().for_each(|&f| _ = index(f, &mut c.rows));
        }
        c.plain = c.rows.len();
        c.offs.push(0);
        for (p, r) in plain.iter().zip(rules) {
            for &f in *p {
                let j = index(f, &mut c.rows);
                c.local.push(j);
            }
            c.rules_at.push(c.local.len() as u32);
            for &f in *r {
                let j = index(f, &mut c.rows);
                c.local.push(j);
            }
            c.offs.push(c.local.len() as u32);
        }
        for &f in &c.rows {
            seen[f as usize] = u32::MAX;
        }
        c
    }

    /// The number of positions.
    pub fn len(&self) -> usize {
        self.rules_at.len()
    }

    /// Whether the chain is empty.
    pub fn is_empty(&self) -> bool {
        self.rules_at.is_empty()
    }

    /// The local indexes of position `i`'s features.
    #[inline]
    fn at(&self, i: usize, with_rules: bool) -> &[u32] {
        let end = if with_rules {
            self.offs[i + 1]
        } else {
            self.rules_at[i]
        };
        &self.local[self.offs[i] as usize..end as usize]
    }
}

impl Crf {
    /// The gradient of one chain (position `i` has the feature rows `pos[i]`) with gold tags
    /// `gold` (`n * labels`, layer-interleaved).
    pub fn gradient(&self, pos: &[&[u32]], gold: &[u8]) -> Gradient {
        let mut seen = vec![u32::MAX; self.w.len() / self.stride];
        let none: Vec<&[u32]> = vec![&[]; pos.len()];
        self.chain_gradient(&ChainRows::new(pos, &none, &mut seen), true, gold)
    }

    /// The gradient of one chain, with or without the features of the rules' tags.
    pub fn chain_gradient(&self, chain: &ChainRows, with_rules: bool, gold: &[u8]) -> Gradient {
        let (k, s, n) = (self.width(), self.stride, chain.len());
        let d = if with_rules {
            chain.rows.len()
        } else {
            chain.plain
        };
        // The chain's rows, gathered once: the sums below read them from a small table.
        let mut table = vec![0.0f32; d * k];
        let rows = &chain.rows[..d];
        for (j, &r) in rows.iter().enumerate() {
            if let Some(&ahead) = rows.get(j + PREFETCH_AHEAD) {
                // Both ends of the row: with the optimiser's state it may span two lines.
                prefetch(&self.w[ahead as usize * s..]);
                prefetch(&self.w[ahead as usize * s + s - 1..]);
            }
            let from = &self.w[r as usize * s..];
            for (t, v) in table[j * k..(j + 1) * k].iter_mut().enumerate() {
                *v = from[t];
            }
        }
        let mut em = vec![0.0f32; n * k];
        for i in 0..n {
            gather_sum(
                k,
                &mut em[i * k..(i + 1) * k],
                &table,
                chain.at(i, with_rules),
            );
        }
        let (gpos, trans, losses) = self.position_gradients(&em, gold);
        // The table becomes the sum of the gradient per row.
        table.iter_mut().for_each(|v| *v = 0.0);
        for i in 0..n {
            scatter_add(
                k,
                &mut table,
                &gpos[i * k..(i + 1) * k],
                chain.at(i, with_rules),
            );
        }
        Gradient {
            rows: chain.rows[..d].to_vec(),
            vals: table,
            trans,
            losses,
        }
    }

    /// From emissions `em` and gold tags: the gradient of each position's emission scores
    /// (`n * width`), of the transitions, and the loss of each layer.
    fn position_gradients(&self, em: &[f32], gold: &[u8]) -> (Vec<f32>, Vec<f32>, Vec<f64>) {
        let k = self.width();
        let n = em.len() / k;
        let mut gpos = vec![0.0f32; n * k];
        let mut trans = vec![0.0f32; TRANS * self.labels];
        let mut losses = vec![0.0; self.labels];
        for l in 0..self.labels {
            let lat = self.lattice(em, l);
            let tr = self.layer_trans(l);
            let y = |i: usize| gold[i * self.labels + l] as usize;
            let mut score = 0.0f64;
            for i in 0..n {
                for t in 0..3 {
                    gpos[i * k + l * 3 + t] = lat.marginal(i, t) as f32;
                }
                gpos[i * k + l * 3 + y(i)] -= 1.0;
                score += em[i * k + l * 3 + y(i)] as f64;
                if i == 0 {
                    score += tr[y(0)] as f64;
                } else {
                    score += tr[3 + y(i - 1) * 3 + y(i)] as f64;
                }
            }
            losses[l] = lat.log_z() - score;
            let g = &mut trans[l * TRANS..(l + 1) * TRANS];
            if n > 0 {
                for (t, start) in g.iter_mut().take(3).enumerate() {
                    *start += lat.marginal(0, t) as f32;
                }
                g[y(0)] -= 1.0;
            }
            for i in 1..n {
                for s in 0..3 {
                    for t in 0..3 {
                        let xi = lat.alpha[(i - 1) * 3 + s]
                            * lat.m[s][t]
                            * lat.psi[i * 3 + t]
                            * lat.beta[i * 3 + t]
                            / lat.c[i];
                        g[3 + s * 3 + t] += xi as f32;
                    }
                }
                g[3 + y(i - 1) * 3 + y(i)] -= 1.0;
            }
        }
        (gpos, trans, losses)
    }
}

mod gather;
use gather::{PREFETCH_AHEAD, gather_sum, prefetch, scatter_add};

#[cfg(test)]
mod tests;

/// Emission scores (`n * k`) of a chain whose position `i` has the feature rows `pos[i]`: the
/// sum of the `k` weights of `w` from `at(row)` on, for each row that has any (`at` gives
/// `None` for a row of zeros, which adds nothing).
pub(super) fn emissions_with(
    k: usize,
    pos: &[&[u32]],
    w: &[f32],
    at: impl Fn(u32) -> Option<usize> + Copy,
) -> Vec<f32> {
    // A row as a fixed-size array for the usual numbers of labels, so the adds are vectorised
    // whole (with a row of run-time length a third of `tag`'s time was here).
    match k {
        3 => sum_rows::<3>(pos, w, at),
        6 => sum_rows::<6>(pos, w, at),
        9 => sum_rows::<9>(pos, w, at),
        12 => sum_rows::<12>(pos, w, at),
        15 => sum_rows::<15>(pos, w, at),
        18 => sum_rows::<18>(pos, w, at),
        _ => {
            let mut em = vec![0.0f32; pos.len() * k];
            for (out, feats) in em.chunks_exact_mut(k.max(1)).zip(pos) {
                for at in feats.iter().filter_map(|&f| at(f)) {
                    for (o, w) in out.iter_mut().zip(&w[at..at + k]) {
                        *o += w;
                    }
                }
            }
            em
        }
    }
}

/// [`emissions_with`] for rows of `K` weights, added in the same order.
fn sum_rows<const K: usize>(
    pos: &[&[u32]],
    w: &[f32],
    at: impl Fn(u32) -> Option<usize>,
) -> Vec<f32> {
    let mut em = vec![0.0f32; pos.len() * K];
    for (out, feats) in em.chunks_exact_mut(K).zip(pos) {
        let mut sum = [0.0f32; K];
        for at in feats.iter().filter_map(|&f| at(f)) {
            let row: &[f32; K] = w[at..at + K].try_into().expect("a row of K weights");
            for (o, w) in sum.iter_mut().zip(row) {
                *o += w;
            }
        }
        out.copy_from_slice(&sum);
    }
    em
}
