//! Fitting the linker: AdaGrad on the log loss of the candidate pairs, and the decision
//! threshold chosen by cross-validation over the training documents (the folds fitted on every
//! core).

use super::{
    CV_DOCUMENTS, EPOCHS, FOLDS, L2, LEARNING_RATE, Labelled, LinkedDoc, Row, THRESHOLD, decode,
};
use crate::core::data::labels::LabelSchema;
use crate::core::data::synth::Rng;

/// The threshold with the best relation F1 (strict, pooled) of the links decoded from
/// out-of-fold probabilities: the first [`CV_DOCUMENTS`] documents in [`FOLDS`] folds (by
/// position), each fold fitted on the others of those documents (so that on a large dataset the
/// choice costs five fits of at most 240 documents, not five of the whole), thresholds 0.30 to
/// 0.80 by 0.05, ties to the one nearest 0.5. [`THRESHOLD`] (and 0 folds) when fewer than 3 of
/// those documents have relations.
pub(super) fn choose_threshold(
    docs: &[LinkedDoc],
    labelled: &[Labelled],
    rows: &[Vec<Row>],
    w0: &[f64],
    labels: &LabelSchema,
    seed: u64,
) -> (f64, usize) {
    let n = docs.len().min(CV_DOCUMENTS);
    if labelled[..n].iter().filter(|l| !l.gold.is_empty()).count() < 3 {
        return (THRESHOLD, 0);
    }
    let k = FOLDS.min(n);
    let mut probs: Vec<Vec<f64>> = vec![Vec::new(); n];
    let folds: Vec<usize> = (0..k).collect();
    let fitted = crate::core::data::parallel::map(&folds, |&fold| {
        let train: Vec<&Row> = (0..n)
            .filter(|d| d % k != fold)
            .flat_map(|d| &rows[d])
            .collect();
        fit(&train, w0, seed)
    });
    for (fold, w) in fitted.iter().enumerate() {
        for d in (0..n).filter(|d| d % k == fold) {
            let z = |ids: &Vec<usize>| ids.iter().map(|&j| w[j]).sum::<f64>();
            probs[d] = rows[d].iter().map(|(ids, _)| sigmoid(z(ids))).collect();
        }
    }
    let mut best = (f64::MIN, THRESHOLD);
    for step in 0..=10 {
        let t = 0.3 + 0.05 * f64::from(step);
        let (mut tp, mut total) = (0, 0);
        for d in 0..n {
            let links = decode(&labelled[d].pairs, &probs[d], &docs[d].spans, labels, t);
            total += links.len() + labelled[d].gold.len();
            tp += links
                .into_iter()
                .filter(|r| {
                    labelled[d]
                        .gold
                        .contains(&(r.from.clone(), r.to.clone(), r.kind.clone()))
                })
                .count();
        }
        let f1 = 2.0 * tp as f64 / total.max(1) as f64;
        let tie = (f1 - best.0).abs() <= 1e-9 && (t - 0.5).abs() < (best.1 - 0.5).abs();
        if f1 > best.0 + 1e-9 || tie {
            best = (f1, t);
        }
    }
    ((best.1 * 100.0).round() / 100.0, k)
}

pub(super) fn sigmoid(z: f64) -> f64 {
    1.0 / (1.0 + (-z).exp())
}

/// AdaGrad on the log loss with L2 towards `w0` (applied to the features of each row, scaled
/// by the number of rows), over the rows in a seeded order each epoch.
pub(super) fn fit(rows: &[&Row], w0: &[f64], seed: u64) -> Vec<f64> {
    let mut w = w0.to_vec();
    let mut g2 = vec![1e-8; w.len()];
    let mut order: Vec<usize> = (0..rows.len()).collect();
    let mut rng = Rng::new(seed ^ 0x5245_4c53);
    let l2 = L2 / rows.len().max(1) as f64;
    for _ in 0..EPOCHS {
        for i in (1..order.len()).rev() {
            order.swap(i, rng.below(i + 1));
        }
        for &r in &order {
            let (ids, y) = &rows[r];
            let z: f64 = ids.iter().map(|&j| w[j]).sum();
            let err = sigmoid(z) - y;
            for &j in ids {
                let g = err + l2 * (w[j] - w0[j]);
                g2[j] += g * g;
                w[j] -= LEARNING_RATE * g / g2[j].sqrt();
            }
        }
    }
    w
}
