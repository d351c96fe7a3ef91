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
    assert!((total.ln() - lat.log_z()).abs() < 1e-6);
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
