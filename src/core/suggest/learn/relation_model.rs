//! Learned relations: a logistic regression over the candidate (project, span) pairs of
//! [`relation_features`](super::relation_features), trained on the annotator's relations in the
//! same documents as the span model, by AdaGrad with L2 towards a prior that is the rules' own
//! link and what the guidelines say of a few cue words (so with few relations the model links as
//! the rules do, and learns where they are wrong).
//!
//! Decoding: for each target span, the candidates whose probability is at least the model's
//! threshold; one project per amount (guidelines §4: one `has_amount` per amount mention), and
//! for the other types one mention per project name (the most probable, which the features make
//! the nearest before). Each relation carries its probability as `confidence`. The threshold is
//! chosen at training time by cross-validation on the training documents (the best strict
//! relation F1 of out-of-fold links), not on any evaluation set.
//!
//! A relation in the training data whose ends are missing, of labels its type does not join, or of
//! a type labels.ron does not declare, is reported and skipped.

use super::relation_features::{self, Pair, Units};
use crate::core::data::labels::{LabelSchema, Role};
use crate::core::data::model::{Relation, Span};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet, HashMap};

mod fit;
use fit::{choose_threshold, fit, sigmoid};

/// The `kind` of the relation model in the model file.
pub const KIND: &str = "logistic regression over (project, span) pairs";
/// The feature set's name: a model made with other features is refused (train it again).
pub const FEATURES: &str = "relation-features-2";
/// The probability a link needs when training cannot choose one by cross-validation.
pub const THRESHOLD: f64 = 0.5;
/// Folds of the cross-validation that chooses the threshold.
const FOLDS: usize = 5;
/// Documents the cross-validation uses at most (the first ones).
const CV_DOCUMENTS: usize = 300;
/// Passes over the pairs.
const EPOCHS: usize = 30;
/// AdaGrad's learning rate.
const LEARNING_RATE: f64 = 0.3;
/// L2 towards the prior, over the whole training set.
const L2: f64 = 1.0;
/// The prior weight of the rules' link, and of the bias (so the rules' link alone gives 0.73,
/// and no link 0.27).
const RULE_PRIOR: f64 = 2.0;
const BIAS_PRIOR: f64 = -1.0;
/// The prior weight of a cue word the guidelines name (see [`prior`]).
const CUE_PRIOR: f64 = 1.0;

/// What training the relation model did.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RelationTraining {
    /// Documents whose relations were learned.
    pub documents: usize,
    /// Relations learned from (valid, and among the candidate pairs).
    pub relations: usize,
    /// Candidate pairs seen.
    pub pairs: usize,
    /// Valid relations that were not among the candidates (too far apart).
    pub unreachable: usize,
    /// Relations skipped as invalid.
    pub skipped: usize,
    /// Passes over the pairs.
    pub epochs: usize,
    /// AdaGrad's learning rate.
    pub learning_rate: f64,
    /// L2 coefficient.
    pub l2: f64,
    /// The prior weight of the rules' link.
    pub rule_prior: f64,
    /// The seed of the shuffles.
    pub seed: u64,
    /// Folds of the cross-validation that chose the threshold (0: too few documents with
    /// relations; the default threshold).
    pub threshold_folds: usize,
}

/// The learned linker.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RelationModel {
    /// Always [`KIND`].
    pub kind: String,
    /// The feature set ([`FEATURES`]).
    pub features: String,
    /// The probability a link needs.
    pub threshold: f64,
    /// What training did.
    pub training: RelationTraining,
    /// The weight of each feature (prefixed with its relation type); absent features weigh 0.
    pub weights: BTreeMap<String, f64>,
}

/// What relation training found, for the report.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RelationReport {
    /// Documents read.
    pub documents: usize,
    /// Relations learned from.
    pub relations: usize,
    /// Valid relations not among the candidates.
    pub unreachable: usize,
    /// Each relation skipped, and why.
    pub skipped: Vec<String>,
    /// Seconds spent reading the documents' relations and fitting the linker (the threshold's
    /// cross-validation included).
    pub seconds: f64,
}

/// One training document: its id, text, spans and relations.
#[derive(Clone, Debug)]
pub struct LinkedDoc {
    /// The document id (for messages).
    pub id: String,
    /// The text.
    pub text: String,
    /// The annotator's spans.
    pub spans: Vec<Span>,
    /// The annotator's relations.
    pub relations: Vec<Relation>,
}

/// Why `r` cannot be learned from, if it cannot: an end missing, a type not declared, or ends
/// of labels the type does not join.
fn invalid(r: &Relation, spans: &[Span], labels: &LabelSchema) -> Option<String> {
    let end = |id: &str| spans.iter().find(|s| s.id == id);
    let (Some(from), Some(to)) = (end(&r.from), end(&r.to)) else {
        let missing = if end(&r.from).is_none() {
            &r.from
        } else {
            &r.to
        };
        return Some(format!(
            "its end {missing:?} is not among the document's spans"
        ));
    };
    let Some(decl) = labels.relations.iter().find(|d| d.name == r.kind) else {
        return Some(format!("type {:?} is not declared in labels.ron", r.kind));
    };
    if decl.from != from.label || decl.to != to.label {
        return Some(format!(
            "{} joins {} to {}, but this one joins a {} span to a {} span",
            r.kind, decl.from, decl.to, from.label, to.label
        ));
    }
    None
}

/// The rules' links of `spans`, as (project id, target id, type).
fn rule_links(
    text: &str,
    spans: &[Span],
    labels: &LabelSchema,
) -> BTreeSet<(String, String, String)> {
    crate::core::suggest::relations::link(text, spans, labels)
        .into_iter()
        .map(|r| (r.from, r.to, r.kind))
        .collect()
}

/// A training document's candidate pairs, whether each is linked (1.0) or not, and its valid
/// relations as (project id, target id, type).
struct Labelled {
    pairs: Vec<Pair>,
    ys: Vec<f64>,
    gold: BTreeSet<(String, String, String)>,
    /// Valid relations among the candidates.
    found: usize,
    /// Valid relations not among them.
    unreachable: usize,
    /// The invalid relations, each with why.
    skipped: Vec<String>,
}

/// The candidate pairs of a document, labelled by the annotator's relations; counts the valid
/// relations and those not among the candidates, and reports the invalid ones.
fn labelled_pairs(doc: &LinkedDoc, labels: &LabelSchema) -> Labelled {
    let units = Units::new(&doc.text);
    let rules = rule_links(&doc.text, &doc.spans, labels);
    let pairs = relation_features::pairs(&units, &doc.spans, labels, &rules);
    let mut gold = BTreeSet::new();
    let mut skipped = Vec::new();
    for r in &doc.relations {
        match invalid(r, &doc.spans, labels) {
            Some(why) => skipped.push(format!(
                "document {:?}, relation {:?} ({}): {why}; skipped",
                doc.id, r.id, r.kind
            )),
            None => {
                gold.insert((r.from.clone(), r.to.clone(), r.kind.clone()));
            }
        }
    }
    let ys: Vec<f64> = pairs
        .iter()
        .map(|p| {
            let key = (
                doc.spans[p.project].id.clone(),
                doc.spans[p.target].id.clone(),
                p.kind.clone(),
            );
            f64::from(u8::from(gold.contains(&key)))
        })
        .collect();
    let found = ys.iter().filter(|&&y| y > 0.0).count();
    let unreachable = gold.len().saturating_sub(found);
    Labelled {
        pairs,
        ys,
        gold,
        found,
        unreachable,
        skipped,
    }
}

/// The prior weights: the rules' link and the bias of each declared type, and what the
/// guidelines say of the cue words around a target, by the role of the target's label: a place
/// after 位于/落户/在 is where a project is, a country of origin (来自) or a party signed with
/// (与…签约) or a government body (…管委会) is not (§2.3, §4); an amount after 总投资/投资 is an
/// investment, one after 销售/产值/税收/带动 is not (§2.2, §4); a mechanism applied to a class of
/// projects is not linked (§4).
fn prior(labels: &LabelSchema) -> HashMap<String, f64> {
    let mut w = HashMap::new();
    for r in &labels.relations {
        let k = &r.name;
        w.insert(format!("{k}|rule"), RULE_PRIOR);
        w.insert(format!("{k}|bias"), BIAS_PRIOR);
        let cues: &[(&str, f64)] = match labels.role_of(&r.to) {
            Some(Role::Place) => &[
                ("pre_cue=locative", CUE_PRIOR),
                ("pre_cue=origin", -CUE_PRIOR),
                ("post_cue=signing", -CUE_PRIOR),
                ("post_cue=government", -CUE_PRIOR),
            ],
            Some(Role::Money) => &[
                ("pre_cue=invest", CUE_PRIOR),
                ("pre_cue=not_invest", -CUE_PRIOR),
            ],
            Some(Role::Mechanism) => &[
                ("class_of_projects|before", -CUE_PRIOR),
                ("class_of_projects|after", -CUE_PRIOR),
            ],
            _ => &[],
        };
        for (cue, v) in cues {
            w.insert(format!("{k}|{cue}"), *v);
        }
    }
    w
}

/// A feature row: the indexes of its features and its label.
type Row = (Vec<usize>, f64);

/// Trains the linker on `docs`; `None` when they hold no relation to learn from (then the
/// rules link).
pub fn train(
    docs: &[LinkedDoc],
    labels: &LabelSchema,
    seed: u64,
) -> (Option<RelationModel>, RelationReport) {
    let mut report = RelationReport {
        documents: docs.len(),
        ..Default::default()
    };
    // Each document's pairs on its own (on every core), counted in the documents' order.
    let labelled: Vec<Labelled> =
        crate::core::data::parallel::map(docs, |d| labelled_pairs(d, labels));
    for l in &labelled {
        report.relations += l.found;
        report.unreachable += l.unreachable;
        report.skipped.extend(l.skipped.iter().cloned());
    }
    if report.relations == 0 {
        return (None, report);
    }
    let mut index: HashMap<String, usize> = HashMap::new();
    let rows: Vec<Vec<Row>> = labelled
        .iter()
        .map(|l| {
            let mut id = |f: &String| {
                let n = index.len();
                *index.entry(f.clone()).or_insert(n)
            };
            let rows = l
                .pairs
                .iter()
                .map(|p| p.features.iter().map(&mut id).collect());
            rows.zip(l.ys.iter().copied()).collect()
        })
        .collect();
    let priors = prior(labels);
    let mut w0 = vec![0.0; index.len()];
    for (name, &i) in &index {
        w0[i] = priors.get(name).copied().unwrap_or(0.0);
    }
    let all: Vec<&Row> = rows.iter().flatten().collect();
    let (w, (threshold, folds)) = std::thread::scope(|scope| {
        // The model on every document beside the threshold's cross-validation.
        let whole = scope.spawn(|| fit(&all, &w0, seed));
        let chosen = choose_threshold(docs, &labelled, &rows, &w0, labels, seed);
        let w = whole
            .join()
            .unwrap_or_else(|p| std::panic::resume_unwind(p));
        (w, chosen)
    });
    let mut weights = BTreeMap::new();
    for (name, i) in index {
        let v = (w[i] * 1e6).round() / 1e6;
        if v != 0.0 {
            weights.insert(name, v);
        }
    }
    let model = RelationModel {
        kind: KIND.into(),
        features: FEATURES.into(),
        threshold,
        training: RelationTraining {
            documents: docs.len(),
            relations: report.relations,
            pairs: all.len(),
            unreachable: report.unreachable,
            skipped: report.skipped.len(),
            epochs: EPOCHS,
            learning_rate: LEARNING_RATE,
            l2: L2,
            rule_prior: RULE_PRIOR,
            seed,
            threshold_folds: folds,
        },
        weights,
    };
    (Some(model), report)
}

impl RelationModel {
    /// The probability of a pair.
    fn probability(&self, pair: &Pair) -> f64 {
        let z: f64 = pair
            .features
            .iter()
            .filter_map(|f| self.weights.get(f))
            .sum();
        sigmoid(z)
    }

    /// Why the model cannot be used, if it cannot: another kind or feature set, a threshold
    /// outside (0, 1), or a weight that is not finite.
    pub fn problem(&self) -> Option<String> {
        if self.kind != KIND || self.features != FEATURES {
            return Some(format!(
                "the relation model is {:?} with features {:?}; this biaozhu makes {KIND:?} with \
                 {FEATURES:?}: train it again",
                self.kind, self.features
            ));
        }
        if !(self.threshold > 0.0 && self.threshold < 1.0) {
            return Some(format!("threshold {} is outside (0, 1)", self.threshold));
        }
        if let Some((name, _)) = self.weights.iter().find(|(_, v)| !v.is_finite()) {
            return Some(format!("the weight of {name:?} is not a finite number"));
        }
        None
    }

    /// The links between `spans` of `text`, numbered `r1`, `r2`… in the order of their targets,
    /// each with its probability as `confidence`.
    pub fn link(&self, text: &str, spans: &[Span], labels: &LabelSchema) -> Vec<Relation> {
        let units = Units::new(text);
        let rules = rule_links(text, spans, labels);
        let pairs = relation_features::pairs(&units, spans, labels, &rules);
        let probs: Vec<f64> = pairs.iter().map(|p| self.probability(p)).collect();
        decode(&pairs, &probs, spans, labels, self.threshold)
    }
}

/// The links of the pairs whose probability is at least `threshold`: for each target, one
/// project when its type is to the `Money` role, else one mention per project name (the most
/// probable); numbered in the order of their targets.
fn decode(
    pairs: &[Pair],
    probs: &[f64],
    spans: &[Span],
    labels: &LabelSchema,
    threshold: f64,
) -> Vec<Relation> {
    let mut by_target: BTreeMap<usize, Vec<(f64, &Pair)>> = BTreeMap::new();
    for (p, &prob) in pairs.iter().zip(probs) {
        if prob >= threshold {
            by_target.entry(p.target).or_default().push((prob, p));
        }
    }
    let mut order: Vec<usize> = by_target.keys().copied().collect();
    order.sort_by_key(|&t| (spans[t].start, spans[t].end, t));
    let mut out = Vec::new();
    for t in order {
        let mut found = by_target.remove(&t).unwrap_or_default();
        found.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.project.cmp(&b.1.project)));
        let mut names: BTreeSet<&str> = BTreeSet::new();
        for (prob, p) in found {
            let project = &spans[p.project];
            if !names.insert(project.text.as_str()) {
                continue;
            }
            out.push(Relation {
                id: format!("r{}", out.len() + 1),
                kind: p.kind.clone(),
                from: project.id.clone(),
                to: spans[t].id.clone(),
                confidence: Some((prob * 10_000.0).round() / 10_000.0),
            });
            if is_single(labels, &p.kind) {
                break;
            }
        }
    }
    out
}

/// Whether a target takes one project at most: the type to the label of the `Money` role
/// (one `has_amount` per amount mention).
fn is_single(labels: &LabelSchema, kind: &str) -> bool {
    labels
        .relations
        .iter()
        .find(|r| r.name == kind)
        .is_some_and(|r| labels.role_of(&r.to) == Some(crate::core::data::labels::Role::Money))
}
