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
#[derive(Clone, Debug, PartialEq)]
pub struct Crf {
    /// The number of label layers.
    pub labels: usize,
    /// log2 of the number of feature rows.
    pub bits: u32,
    /// Emission weights, row-major.
    pub w: Vec<f32>,
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
    /// log of the partition function.
    pub log_z: f64,
}

impl Lattice {
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
            trans: vec![0.0; TRANS * labels],
        }
    }

    /// Width of a row.
    pub fn width(&self) -> usize {
        3 * self.labels
    }

    /// Emission scores (`n * width`) of a chain whose positions have the features
    /// `feats[offs[i]..offs[i+1]]`.
    pub fn emissions(&self, feats: &[u32], offs: &[usize]) -> Vec<f32> {
        let k = self.width();
        let n = offs.len() - 1;
        let mut em = vec![0.0f32; n * k];
        for i in 0..n {
            let out = &mut em[i * k..(i + 1) * k];
            for &f in &feats[offs[i]..offs[i + 1]] {
                let row = &self.w[f as usize * k..(f as usize + 1) * k];
                for (o, w) in out.iter_mut().zip(row) {
                    *o += w;
                }
            }
        }
        em
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
        let mut log_z = 0.0;
        for i in 0..n {
            let e = &em[i * k + l * 3..i * k + l * 3 + 3];
            let top = e.iter().fold(f32::MIN, |a, &b| a.max(b)) as f64;
            log_z += top;
            for t in 0..3 {
                psi[i * 3 + t] = (e[t] as f64 - top).exp();
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
            log_z += sum.ln();
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
            log_z,
        }
    }
}

/// The gradient of the negative log-likelihood of one chain.
#[derive(Debug, Default)]
pub struct Gradient {
    /// Distinct feature rows touched, in the order the chain first touches them.
    pub rows: Vec<u32>,
    /// `rows.len() * width` values.
    pub vals: Vec<f32>,
    /// `TRANS * labels` values.
    pub trans: Vec<f32>,
    /// The negative log-likelihood.
    pub loss: f64,
}

impl Crf {
    /// The gradient of one chain with gold tags `gold` (`n * labels`, layer-interleaved).
    pub fn gradient(&self, feats: &[u32], offs: &[usize], gold: &[u8]) -> Gradient {
        let k = self.width();
        let n = offs.len() - 1;
        let em = self.emissions(feats, offs);
        let mut gpos = vec![0.0f32; n * k];
        let mut trans = vec![0.0f32; TRANS * self.labels];
        let mut loss = 0.0;
        for l in 0..self.labels {
            let lat = self.lattice(&em, l);
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
            loss += lat.log_z - score;
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
        // Sum the gradient per distinct row, in first-occurrence order, through a small
        // open-addressing table sized to the chain.
        let size = (feats.len() * 2).next_power_of_two().max(16);
        let mut keys = vec![u32::MAX; size];
        let mut slot_of = vec![0u32; size];
        let mut rows: Vec<u32> = Vec::new();
        let mut vals: Vec<f32> = Vec::new();
        for i in 0..n {
            let g = &gpos[i * k..(i + 1) * k];
            for &f in &feats[offs[i]..offs[i + 1]] {
                let mut h = (f.wrapping_mul(0x9e37_79b9) as usize) & (size - 1);
                while keys[h] != u32::MAX && keys[h] != f {
                    h = (h + 1) & (size - 1);
                }
                if keys[h] == u32::MAX {
                    keys[h] = f;
                    slot_of[h] = rows.len() as u32;
                    rows.push(f);
                    vals.extend(std::iter::repeat_n(0.0, k));
                }
                let at = slot_of[h] as usize * k;
                for (v, x) in vals[at..at + k].iter_mut().zip(g) {
                    *v += x;
                }
            }
        }
        Gradient {
            rows,
            vals,
            trans,
            loss,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toy() -> (Crf, Vec<u32>, Vec<usize>) {
        let mut crf = Crf::new(1, 4);
        for (i, w) in crf.w.iter_mut().enumerate() {
            *w = ((i * 7919) % 13) as f32 / 5.0 - 1.2;
        }
        for (i, w) in crf.trans.iter_mut().enumerate() {
            *w = ((i * 31) % 7) as f32 / 4.0 - 0.5;
        }
        let feats = vec![0, 3, 1, 5, 2, 7, 9, 4];
        let offs = vec![0, 2, 4, 6, 8];
        (crf, feats, offs)
    }

    #[test]
    fn marginals_and_span_probabilities_are_probabilities() {
        let (crf, feats, offs) = toy();
        let em = crf.emissions(&feats, &offs);
        let lat = crf.lattice(&em, 0);
        for i in 0..4 {
            let sum: f64 = (0..3).map(|t| lat.marginal(i, t)).sum();
            assert!((sum - 1.0).abs() < 1e-9, "{sum}");
        }
        assert!(lat.marginal(0, I as usize) < 1e-12);
        // Brute force over every path: P(span 1..3) equals the sum over paths that have it.
        let tr = &crf.trans;
        let mut total = 0.0f64;
        let mut with_span = 0.0f64;
        for code in 0..81usize {
            let p: Vec<usize> = (0..4).map(|i| (code / 3usize.pow(i)) % 3).collect();
            if p[0] == 2 || (1..4).any(|i| p[i] == 2 && p[i - 1] == 0) {
                continue;
            }
            let mut s = tr[p[0]] as f64;
            for i in 0..4 {
                s += em[i * 3 + p[i]] as f64;
                if i > 0 {
                    s += tr[3 + p[i - 1] * 3 + p[i]] as f64;
                }
            }
            total += s.exp();
            if p[1] == 1 && p[2] == 2 && p[3] != 2 {
                with_span += s.exp();
            }
        }
        assert!((total.ln() - lat.log_z).abs() < 1e-6);
        assert!((with_span / total - lat.span_probability(1, 3)).abs() < 1e-9);
    }

    #[test]
    fn the_gradient_matches_finite_differences() {
        let (mut crf, feats, offs) = toy();
        let gold = vec![0u8, 1, 2, 0];
        let g = crf.gradient(&feats, &offs, &gold);
        let row = g.rows[1] as usize;
        let h = 1e-3f32;
        crf.w[row * 3 + 1] += h;
        let up = crf.gradient(&feats, &offs, &gold).loss;
        crf.w[row * 3 + 1] -= 2.0 * h;
        let down = crf.gradient(&feats, &offs, &gold).loss;
        let numeric = (up - down) / (2.0 * h as f64);
        assert!(
            (numeric - g.vals[3 + 1] as f64).abs() < 1e-2,
            "{numeric} {}",
            g.vals[4]
        );
    }

    #[test]
    fn posterior_decoding_takes_every_likely_span_that_does_not_overlap_a_likelier_one() {
        let (crf, feats, offs) = toy();
        let lat = crf.lattice(&crf.emissions(&feats, &offs), 0);
        let all: Vec<(usize, usize, f64)> = (0..4)
            .flat_map(|s| (s + 1..=4).map(move |e| (s, e)))
            .map(|(s, e)| (s, e, lat.span_probability(s, e)))
            .collect();
        for threshold in [0.01, 0.1, 0.3, 0.5] {
            let got = lat.spans_above(threshold);
            for (k, &(s, e, p)) in got.iter().enumerate() {
                assert!(p >= threshold && (p - lat.span_probability(s, e)).abs() < 1e-12);
                assert!(got[..k].iter().all(|&(s2, e2, _)| e2 <= s || e <= s2));
            }
            for &(s, e, p) in all.iter().filter(|a| a.2 >= threshold) {
                let blocked = got.iter().any(|&(s2, e2, p2)| s2 < e && s < e2 && p2 >= p);
                assert!(blocked, "{s}..{e} ({p}) missing at {threshold}");
            }
        }
    }
}
