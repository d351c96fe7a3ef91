//! The review queue: the documents an annotator has not finished (no annotation, or status todo
//! or in_progress), most informative first. A document's score is the model's uncertainty on it
//! (mean tag entropy, see [`super::tag::Tagged::uncertainty`]) times its representativeness (the
//! mean cosine similarity of its character-bigram counts to the other candidates'), so typical
//! documents the model is unsure of come first and outliers later. Near-duplicates (Jaccard of
//! character 5-gram shingles at least 0.8) are listed once, under the first.

use super::features::hash_str;
use super::tag::Model;
use crate::core::data::error::Result;
use crate::core::data::model::Status;
use crate::core::data::store::Dataset;
use crate::core::suggest::rules::Rules;
use serde::Serialize;
use std::collections::HashMap;

/// Shingles at least this similar make a near-duplicate.
pub const DUPLICATE_JACCARD: f64 = 0.8;

/// One line of the queue.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Entry {
    /// The document id.
    pub document: String,
    /// Its title.
    pub title: String,
    /// uncertainty × representativeness.
    pub score: f64,
    /// Mean normalised tag entropy, 0 to 1.
    pub uncertainty: f64,
    /// Mean cosine similarity to the other candidates, 0 to 1.
    pub representativeness: f64,
    /// Near-duplicates of this document, left out of the queue.
    pub duplicates: Vec<String>,
}

/// Normalised character-bigram counts, sorted by hash.
fn bigram_vector(text: &str) -> Vec<(u64, f64)> {
    let chars: Vec<char> = text.chars().filter(|c| !c.is_whitespace()).collect();
    let mut counts: HashMap<u64, f64> = HashMap::new();
    for w in chars.windows(2) {
        *counts.entry((w[0] as u64) << 32 | w[1] as u64).or_default() += 1.0;
    }
    let norm = counts
        .values()
        .map(|v| v * v)
        .sum::<f64>()
        .sqrt()
        .max(1e-12);
    let mut v: Vec<(u64, f64)> = counts.into_iter().map(|(k, c)| (k, c / norm)).collect();
    v.sort_by_key(|e| e.0);
    v
}

/// The distinct hashed 5-gram shingles of a text, sorted.
fn shingles(text: &str) -> Vec<u64> {
    let chars: Vec<char> = text.chars().filter(|c| !c.is_whitespace()).collect();
    let mut out: Vec<u64> = chars
        .windows(5)
        .map(|w| hash_str(&w.iter().collect::<String>()))
        .collect();
    if out.is_empty() && !chars.is_empty() {
        out.push(hash_str(&chars.iter().collect::<String>()));
    }
    out.sort_unstable();
    out.dedup();
    out
}

fn jaccard(a: &[u64], b: &[u64]) -> f64 {
    let (mut i, mut j, mut both) = (0, 0, 0usize);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                both += 1;
                i += 1;
                j += 1;
            }
        }
    }
    let union = a.len() + b.len() - both;
    if union == 0 {
        1.0
    } else {
        both as f64 / union as f64
    }
}

/// Ranks the documents `annotator` has not finished.
pub fn queue(ds: &Dataset, model: &Model, annotator: &str, rules: &Rules) -> Result<Vec<Entry>> {
    let mut candidates = Vec::new();
    for entry in ds.documents() {
        let unfinished = match ds.annotation(annotator, &entry.id)? {
            None => true,
            Some(a) => {
                matches!(a.status, Status::Todo | Status::InProgress)
                    || a.document_sha256 != entry.sha256
            }
        };
        if unfinished {
            candidates.push(entry.clone());
        }
    }
    let texts: Vec<String> = candidates
        .iter()
        .map(|e| ds.document(&e.id).map(|d| d.text))
        .collect::<Result<_>>()?;
    let uncertainty = crate::core::data::parallel::map(&texts, |t| model.tag(t, rules).uncertainty);
    let vectors: Vec<Vec<(u64, f64)>> = texts.iter().map(|t| bigram_vector(t)).collect();
    let mut sum: HashMap<u64, f64> = HashMap::new();
    for v in &vectors {
        for &(k, x) in v {
            *sum.entry(k).or_default() += x;
        }
    }
    let n = candidates.len();
    let representativeness: Vec<f64> = vectors
        .iter()
        .map(|v| {
            if n < 2 {
                return 1.0;
            }
            let dot: f64 = v
                .iter()
                .map(|(k, x)| x * sum.get(k).copied().unwrap_or(0.0))
                .sum();
            let self_dot: f64 = v.iter().map(|(_, x)| x * x).sum();
            ((dot - self_dot) / (n - 1) as f64).clamp(0.0, 1.0)
        })
        .collect();
    let mut order: Vec<usize> = (0..n).collect();
    let score = |i: usize| uncertainty[i] * representativeness[i];
    order.sort_by(|&a, &b| {
        score(b)
            .total_cmp(&score(a))
            .then_with(|| candidates[a].id.cmp(&candidates[b].id))
    });
    let shingle_sets: Vec<Vec<u64>> = texts.iter().map(|t| shingles(t)).collect();
    let mut out: Vec<(usize, Entry)> = Vec::new();
    for i in order {
        let a = shingle_sets[i].len() as f64;
        let leader = out.iter_mut().find(|(j, _)| {
            let other = shingle_sets[*j].len() as f64;
            // Jaccard is at most min/max of the sizes: skip pairs that cannot reach the bar.
            a.min(other) >= DUPLICATE_JACCARD * a.max(other)
                && jaccard(&shingle_sets[i], &shingle_sets[*j]) >= DUPLICATE_JACCARD
        });
        match leader {
            Some((_, e)) => e.duplicates.push(candidates[i].id.clone()),
            None => out.push((
                i,
                Entry {
                    document: candidates[i].id.clone(),
                    title: candidates[i].title.clone(),
                    score: round(score(i)),
                    uncertainty: round(uncertainty[i]),
                    representativeness: round(representativeness[i]),
                    duplicates: Vec::new(),
                },
            )),
        }
    }
    Ok(out.into_iter().map(|(_, e)| e).collect())
}

fn round(x: f64) -> f64 {
    (x * 1e6).round() / 1e6
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shingles_find_near_duplicates_only() {
        let base = "南通开发区实行赛马制，孚能科技镇江制造基地总投资53.7亿元，新增用地243亩，\
                    预计年产值可观，带动就业岗位数千个。相关负责人表示，将进一步提升服务效能。";
        let a = shingles(base);
        let b = shingles(&base.replace("243", "244"));
        let c = shingles("如皋市推行拿地即开工，智能制造产业园项目总投资20亿元。");
        assert!(jaccard(&a, &b) >= 0.8, "{}", jaccard(&a, &b));
        assert!(jaccard(&a, &c) < 0.2);
        let v = bigram_vector("南通南通");
        let norm: f64 = v.iter().map(|(_, x)| x * x).sum();
        assert!((norm - 1.0).abs() < 1e-9);
    }
}
