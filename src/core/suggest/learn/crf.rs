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
        let (k, s) = (self.width(), self.stride);
        let n = pos.len();
        let mut em = vec![0.0f32; n * k];
        for (i, feats) in pos.iter().enumerate() {
            let out = &mut em[i * k..(i + 1) * k];
            for &f in *feats {
                let row = &self.w[f as usize * s..f as usize * s + k];
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

/// How many rows ahead a chain's gathering asks the processor to fetch: the rows are scattered
/// over a table larger than the caches, and most of a training's time was waiting for them.
const PREFETCH_AHEAD: usize = 8;

/// Asks the processor to bring the cache line of `at[0]` closer (a hint; nothing on other
/// architectures).
#[inline(always)]
fn prefetch(at: &[f32]) {
    #[cfg(target_arch = "x86_64")]
    // SAFETY: a prefetch is a hint that never faults, and the pointer is of a live slice.
    unsafe {
        std::arch::x86_64::_mm_prefetch::<{ std::arch::x86_64::_MM_HINT_T0 }>(
            at.as_ptr() as *const i8
        );
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = at;
}

/// Adds the rows `idx` of `table` (rows of `k`) to `out`; unrolled for the usual widths (one to
/// four layers), which the loops of a training spend most of their time in.
#[inline]
fn gather_sum(k: usize, out: &mut [f32], table: &[f32], idx: &[u32]) {
    fn fixed<const K: usize>(out: &mut [f32], table: &[f32], idx: &[u32]) {
        let out: &mut [f32; K] = out.try_into().expect("a row of K");
        for &j in idx {
            let row: &[f32; K] = table[j as usize * K..(j as usize + 1) * K]
                .try_into()
                .expect("a row of K");
            for t in 0..K {
                out[t] += row[t];
            }
        }
    }
    match k {
        3 => fixed::<3>(out, table, idx),
        6 => fixed::<6>(out, table, idx),
        9 => fixed::<9>(out, table, idx),
        12 => fixed::<12>(out, table, idx),
        _ => {
            for &j in idx {
                let row = &table[j as usize * k..(j as usize + 1) * k];
                out.iter_mut().zip(row).for_each(|(o, w)| *o += w);
            }
        }
    }
}

/// Adds `g` (a row of `k`) to the rows `idx` of `table`; unrolled as [`gather_sum`].
#[inline]
fn scatter_add(k: usize, table: &mut [f32], g: &[f32], idx: &[u32]) {
    fn fixed<const K: usize>(table: &mut [f32], g: &[f32], idx: &[u32]) {
        let g: &[f32; K] = g.try_into().expect("a row of K");
        for &j in idx {
            let row: &mut [f32; K] = (&mut table[j as usize * K..(j as usize + 1) * K])
                .try_into()
                .expect("a row of K");
            for t in 0..K {
                row[t] += g[t];
            }
        }
    }
    match k {
        3 => fixed::<3>(table, g, idx),
        6 => fixed::<6>(table, g, idx),
        9 => fixed::<9>(table, g, idx),
        12 => fixed::<12>(table, g, idx),
        _ => {
            for &j in idx {
                let row = &mut table[j as usize * k..(j as usize + 1) * k];
                row.iter_mut().zip(g).for_each(|(v, x)| *v += x);
            }
        }
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
            losses[l] = lat.log_z - score;
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

#[cfg(test)]
mod tests {
    use super::*;

    fn toy() -> (Crf, Vec<&'static [u32]>) {
        let mut crf = Crf::new(1, 4);
        for (i, w) in crf.w.iter_mut().enumerate() {
            *w = ((i * 7919) % 13) as f32 / 5.0 - 1.2;
        }
        for (i, w) in crf.trans.iter_mut().enumerate() {
            *w = ((i * 31) % 7) as f32 / 4.0 - 0.5;
        }
        let pos: Vec<&'static [u32]> = vec![&[0, 3], &[1, 5], &[2, 7], &[9, 4]];
        (crf, pos)
    }

    #[test]
    fn marginals_and_span_probabilities_are_probabilities() {
        let (crf, pos) = toy();
        let em = crf.emissions(&pos);
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
        let (mut crf, pos) = toy();
        let gold = vec![0u8, 1, 2, 0];
        let g = crf.gradient(&pos, &gold);
        let row = g.rows[1] as usize;
        let h = 1e-3f32;
        crf.w[row * 3 + 1] += h;
        let up = crf.gradient(&pos, &gold).loss();
        crf.w[row * 3 + 1] -= 2.0 * h;
        let down = crf.gradient(&pos, &gold).loss();
        let numeric = (up - down) / (2.0 * h as f64);
        assert!(
            (numeric - g.vals[3 + 1] as f64).abs() < 1e-2,
            "{numeric} {}",
            g.vals[4]
        );
    }

    #[test]
    fn chain_rows_put_the_rows_of_the_rules_last_and_leave_them_out_when_asked() {
        let (crf, pos) = toy();
        let rules: Vec<&[u32]> = vec![&[11, 3], &[], &[12], &[11]];
        let mut seen = vec![u32::MAX; 16];
        let chain = ChainRows::new(&pos, &rules, &mut seen);
        assert!(
            seen.iter().all(|&s| s == u32::MAX),
            "the scratch is clean again"
        );
        assert_eq!(chain.rows, vec![0, 3, 1, 5, 2, 7, 9, 4, 11, 12]);
        assert_eq!(chain.plain, 8);
        let gold = vec![0u8, 1, 2, 0];
        let without = crf.chain_gradient(&chain, false, &gold);
        let plain = crf.gradient(&pos, &gold);
        assert_eq!((without.rows, without.vals), (plain.rows, plain.vals));
        let both: Vec<Vec<u32>> = pos
            .iter()
            .zip(&rules)
            .map(|(p, r)| [*p, *r].concat())
            .collect();
        let both: Vec<&[u32]> = both.iter().map(|v| v.as_slice()).collect();
        let with = crf.chain_gradient(&chain, true, &gold);
        let direct = crf.gradient(&both, &gold);
        let by_row = |g: &Gradient| {
            let mut v: Vec<(u32, Vec<f32>)> = (g.rows.iter().enumerate())
                .map(|(j, &r)| (r, g.vals[j * 3..j * 3 + 3].to_vec()))
                .collect();
            v.sort_by_key(|p| p.0);
            v
        };
        assert_eq!(by_row(&with), by_row(&direct));
        assert_eq!(with.losses, direct.losses);
    }

    #[test]
    fn posterior_decoding_takes_every_likely_span_that_does_not_overlap_a_likelier_one() {
        let (crf, pos) = toy();
        let lat = crf.lattice(&crf.emissions(&pos), 0);
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
