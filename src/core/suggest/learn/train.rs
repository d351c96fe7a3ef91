//! Training: reads one annotator's finished documents (status `done` or `reviewed`; documents
//! still `in_progress` are left out, because their unlabelled text would teach the model that
//! names not yet labelled are not names), holds out a seeded tenth of them when there are at
//! least five to report a strict F1, builds the span dictionary, and fits the per-label CRFs by
//! AdaGrad with lazy L2 over sentence-sized chains in shuffled mini-batches, some of the chains in
//! each epoch without the rules' tags ([`Options::rule_dropout`]). The gradients of a
//! mini-batch are computed in parallel against the same weights and applied in order, so the
//! model depends only on the input and the seed, not on the number of threads.

use super::crf::{Crf, TRANS};
use super::dictionary::Dictionary;
use super::features::{self, Observations};
use super::model_file::{self, Body, FeatureConfig, Header, Training};
use super::tag::Model;
use super::weights::{EpochAverage, RulePrior};
use crate::core::data::error::{Error, Result};
use crate::core::data::model::Status;
use crate::core::data::store::Dataset;
use crate::core::data::synth::Rng;
use crate::core::suggest::rules::Rules;
use std::collections::BTreeSet;

/// One training document: its text, its spans as (start, end, label index), and the
/// suggestions its annotator rejected.
#[derive(Clone, Debug)]
pub struct Example {
    /// The document id.
    pub id: String,
    /// The text.
    pub text: String,
    /// Spans as code-point ranges and label indexes.
    pub spans: Vec<(usize, usize, usize)>,
    /// Rejected suggestions, the same way.
    pub rejected: Vec<(usize, usize, usize)>,
}

/// How to train.
#[derive(Clone, Debug)]
pub struct Options {
    /// Passes over the training chains.
    pub epochs: usize,
    /// Seed of the shuffles and the held-out split.
    pub seed: u64,
    /// Fraction of documents held out for the reported F1 (when there are at least 5).
    pub holdout: f64,
    /// log2 of the number of feature rows.
    pub hash_bits: u32,
    /// AdaGrad's learning rate.
    pub learning_rate: f64,
    /// L2 coefficient (over the whole training set).
    pub l2: f64,
    /// How strongly the model starts from the rules: the weight, for each label, that the rules'
    /// tag at a code point (seen with its neighbours' tags) gives that tag at the start, and that
    /// L2 pulls back to instead of zero. With little evidence the model tags as the rules do; the
    /// other features learn where the rules are wrong. 0 starts from nothing.
    pub rule_prior: f64,
    /// The share of training chains, drawn afresh in each epoch, whose features leave the rules'
    /// tags out. Where the rules tag a name, their window explains it and the other features
    /// learn nothing from it; hidden now and then, the quote, context and character features
    /// must carry those names too, and then find the ones the rules miss (leave-one-out strict
    /// F1 over seeds 1-4: 0.753 without, 0.769 at 0.2, 0.766 at 0.3, 0.767 at 0.4).
    pub rule_dropout: f64,
    /// Counts the epochs done, for a progress display (the app's status bar).
    pub progress: Option<std::sync::Arc<std::sync::atomic::AtomicUsize>>,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            epochs: 20,
            seed: 1,
            holdout: 0.1,
            hash_bits: 20,
            learning_rate: 0.5,
            l2: 1.0,
            rule_prior: 4.0,
            rule_dropout: 0.2,
            progress: None,
        }
    }
}

/// Training stops early when the mean loss per chain of an epoch falls below this (the training
/// data is fitted; more epochs would change nothing that matters).
pub const CONVERGED: f64 = 1e-3;

/// Documents fewer than this get no held-out split.
pub const MIN_DOCS_FOR_HOLDOUT: usize = 5;

/// Strict scores on the held-out documents.
#[derive(Clone, Debug, PartialEq)]
pub struct HeldOut {
    /// Documents held out.
    pub documents: Vec<String>,
    /// Exact (range and label) matches.
    pub correct: usize,
    /// Spans predicted.
    pub predicted: usize,
    /// Spans in the gold annotation.
    pub gold: usize,
}

impl HeldOut {
    /// Strict F1.
    pub fn f1(&self) -> f64 {
        let d = self.predicted + self.gold;
        if d == 0 {
            0.0
        } else {
            2.0 * self.correct as f64 / d as f64
        }
    }
}

/// What training did.
#[derive(Clone, Debug)]
pub struct Report {
    /// Documents trained on.
    pub documents: usize,
    /// Code points trained on.
    pub characters: usize,
    /// Spans trained on.
    pub spans: usize,
    /// Documents of the annotator left out for their status.
    pub skipped_status: usize,
    /// Epochs run.
    pub epochs: usize,
    /// The mean loss per chain of each epoch.
    pub losses: Vec<f64>,
    /// Scores on the held-out documents, when there were enough documents.
    pub held_out: Option<HeldOut>,
}

/// Reads the training examples of `annotator` from `ds`: documents in `docs` (all when
/// `None`) and not in `exclude`, whose annotation is done or reviewed and matches the text.
/// Unknown document ids are a usage error.
pub fn examples(
    ds: &Dataset,
    annotator: &str,
    docs: Option<&[String]>,
    exclude: &[String],
) -> Result<(Vec<Example>, usize)> {
    for id in docs.into_iter().flatten().chain(exclude) {
        if ds.entry(id).is_none() {
            return Err(Error::Usage(format!(
                "no document {id:?} in {}",
                ds.root().display()
            )));
        }
    }
    let labels = label_names(ds);
    let index = |l: &str| labels.iter().position(|x| x == l);
    let mut out = Vec::new();
    let mut skipped = 0;
    for entry in ds.documents() {
        if docs.is_some_and(|d| !d.contains(&entry.id)) || exclude.contains(&entry.id) {
            continue;
        }
        let Some(ann) = ds.annotation(annotator, &entry.id)? else {
            continue;
        };
        if !matches!(ann.status, Status::Done | Status::Reviewed) {
            skipped += 1;
            continue;
        }
        let doc = ds.document(&entry.id)?;
        if ann.document_sha256 != doc.sha256 {
            skipped += 1;
            continue;
        }
        let n = doc.text.chars().count();
        let spans = ann
            .spans
            .iter()
            .filter(|s| s.start < s.end && s.end <= n)
            .filter_map(|s| index(&s.label).map(|l| (s.start, s.end, l)))
            .collect();
        let rejected = ann
            .rejected
            .iter()
            .filter(|s| s.start < s.end && s.end <= n)
            .filter_map(|s| index(&s.label).map(|l| (s.start, s.end, l)))
            .collect();
        out.push(Example {
            id: doc.id,
            text: doc.text,
            spans,
            rejected,
        });
    }
    Ok((out, skipped))
}

/// (folded string, label) of each range of `ex`.
fn strings(chars: &[char], ranges: &[(usize, usize, usize)]) -> Vec<(String, usize)> {
    ranges
        .iter()
        .map(|&(s, e, l)| (chars[s..e].iter().collect(), l))
        .collect()
}

/// One chain: a document's observations and a range of it.
struct Chain {
    doc: usize,
    start: usize,
    end: usize,
}

/// Trains on `annotator`'s done and reviewed documents of `ds` (those in `docs` when given, and
/// not in `exclude`) with the dataset's labels and rules: the one training path of the command
/// line and the app. The report counts the documents left out for their status.
pub fn train_dataset(
    ds: &Dataset,
    annotator: &str,
    docs: Option<&[String]>,
    exclude: &[String],
    opts: &Options,
) -> Result<(Header, Crf, Report)> {
    let rules = crate::core::suggest::into_dataset::dataset_rules(ds)?;
    let (examples, skipped) = examples(ds, annotator, docs, exclude)?;
    let labels = label_names(ds);
    let (header, crf, mut report) = train(&examples, &labels, &rules, annotator, opts)?;
    report.skipped_status = skipped;
    Ok((header, crf, report))
}

/// Trains on `examples` for `labels`; `annotator` is recorded in the model.
pub fn train(
    examples: &[Example],
    labels: &[String],
    rules: &Rules,
    annotator: &str,
    opts: &Options,
) -> Result<(Header, Crf, Report)> {
    let total_spans: usize = examples.iter().map(|e| e.spans.len()).sum();
    if examples.is_empty() || total_spans == 0 {
        return Err(Error::Usage(format!(
            "annotator {annotator:?} has no spans in documents marked done or reviewed; nothing to train on"
        )));
    }
    let mut order: Vec<usize> = (0..examples.len()).collect();
    order.sort_by(|&a, &b| examples[a].id.cmp(&examples[b].id));
    let mut held: Vec<usize> = Vec::new();
    if opts.holdout > 0.0 && examples.len() >= MIN_DOCS_FOR_HOLDOUT {
        let mut rng = Rng::new(opts.seed ^ 0x4845_4c44);
        shuffle(&mut order, &mut rng);
        let k =
            ((examples.len() as f64 * opts.holdout).round() as usize).clamp(1, examples.len() - 1);
        held = order.split_off(order.len() - k);
        order.sort_by(|&a, &b| examples[a].id.cmp(&examples[b].id));
        held.sort_by(|&a, &b| examples[a].id.cmp(&examples[b].id));
    }
    let train_set: Vec<&Example> = order.iter().map(|&i| &examples[i]).collect();
    let folded: Vec<Vec<char>> = crate::core::data::parallel::map(&train_set, |e| {
        crate::core::annotate::values::fold_amount_text(&e.text)
            .chars()
            .collect()
    });
    let own: Vec<Vec<(String, usize)>> = train_set
        .iter()
        .zip(&folded)
        .map(|(e, c)| strings(c, &e.spans))
        .collect();
    let mut rejected: BTreeSet<(String, usize)> = BTreeSet::new();
    for (e, c) in train_set.iter().zip(&folded) {
        rejected.extend(strings(c, &e.rejected));
    }
    let mut dict = Dictionary::new(labels.len());
    for pairs in &own {
        dict.add_document(pairs, &rejected);
    }
    let items: Vec<usize> = (0..train_set.len()).collect();
    let obs: Vec<Observations> = crate::core::data::parallel::map(&items, |&i| {
        Observations::new(&train_set[i].text, labels, rules, &dict, &own[i])
    });
    let nl = labels.len();
    let mut gold: Vec<Vec<u8>> = Vec::with_capacity(train_set.len());
    let mut chains = Vec::new();
    for (d, e) in train_set.iter().enumerate() {
        let n = obs[d].len();
        let mut tags = vec![super::bio::O; n * nl];
        for l in 0..nl {
            let mut ranges: Vec<(usize, usize)> = e
                .spans
                .iter()
                .filter(|s| s.2 == l)
                .map(|s| (s.0, s.1))
                .collect();
            ranges.sort_by_key(|&(s, e)| (s, std::cmp::Reverse(e)));
            super::bio::tag_spans(&ranges, &mut tags, nl, l);
        }
        let keep: Vec<(usize, usize)> = e.spans.iter().map(|s| (s.0, s.1)).collect();
        for (start, end) in features::segments(&obs[d].chars, &keep) {
            chains.push(Chain { doc: d, start, end });
        }
        gold.push(tags);
    }
    let mut crf = Crf::new(nl, opts.hash_bits);
    let k = crf.width();
    let rows = 1usize << opts.hash_bits;
    let prior = RulePrior::new(&mut crf, opts.rule_prior as f32);
    let mut acc = vec![0.0f32; rows * nl];
    let mut last = vec![0u32; rows];
    let mut trans_acc = vec![0.0f32; TRANS * nl];
    let batch = if chains.len() < 512 { 1 } else { 16 };
    let lr = opts.learning_rate as f32;
    let per_chain_l2 = (opts.l2 / chains.len().max(1) as f64) as f32;
    let mut step: u32 = 0;
    let mut losses = Vec::new();
    let mut rng = Rng::new(opts.seed);
    let mut sequence: Vec<usize> = (0..chains.len()).collect();
    // A generator of its own, so that the shuffles do not depend on the dropout.
    let mut drop_rng = Rng::new(opts.seed ^ 0x5255_4c45);
    let gradient = |crf: &Crf, c: &Chain, with_rules: bool| {
        let (feats, offs) =
            features::chain_features(&obs[c.doc], (c.start, c.end), opts.hash_bits, with_rules);
        crf.gradient(&feats, &offs, &gold[c.doc][c.start * nl..c.end * nl])
    };
    let mut average = EpochAverage::new(&crf);
    for epoch in 0..opts.epochs {
        if let Some(p) = &opts.progress {
            p.store(epoch, std::sync::atomic::Ordering::Relaxed);
        }
        shuffle(&mut sequence, &mut rng);
        let mut loss = 0.0;
        for part in sequence.chunks(batch) {
            let drops: Vec<(usize, bool)> = part
                .iter()
                .map(|&c| {
                    (
                        c,
                        (drop_rng.below(1000) as f64) / 1000.0 >= opts.rule_dropout,
                    )
                })
                .collect();
            let grads = if part.len() == 1 {
                vec![gradient(&crf, &chains[part[0]], drops[0].1)]
            } else {
                crate::core::data::parallel::map(&drops, |&(c, w)| gradient(&crf, &chains[c], w))
            };
            for g in grads {
                step += 1;
                loss += g.loss;
                for (j, &r) in g.rows.iter().enumerate() {
                    let r = r as usize;
                    let gap = (step - last[r]).min(chains.len() as u32) as f32;
                    last[r] = step;
                    let decay = per_chain_l2 * gap;
                    let row = &mut crf.w[r * k..(r + 1) * k];
                    let grad = &g.vals[j * k..(j + 1) * k];
                    for l in 0..nl {
                        let mut sq = 0.0;
                        let mut full = [0.0f32; 3];
                        let centre = prior.centre(r, l);
                        for t in 0..3 {
                            full[t] = grad[l * 3 + t] + decay * (row[l * 3 + t] - centre[t]);
                            sq += full[t] * full[t];
                        }
                        // A layer the chain has (numerically) nothing to say about is left as
                        // it is.
                        if sq < 1e-14 {
                            continue;
                        }
                        let a = &mut acc[r * nl + l];
                        *a += sq;
                        if *a > 0.0 {
                            let rate = lr / a.sqrt();
                            for t in 0..3 {
                                row[l * 3 + t] -= rate * full[t];
                            }
                        }
                    }
                }
                for (j, gv) in g.trans.iter().enumerate() {
                    let full = gv + per_chain_l2 * crf.trans[j];
                    trans_acc[j] += full * full;
                    if trans_acc[j] > 0.0 {
                        crf.trans[j] -= lr * full / trans_acc[j].sqrt();
                    }
                }
            }
        }
        losses.push(loss / chains.len().max(1) as f64);
        average.add(&crf);
        if losses.last().is_some_and(|&l| l < CONVERGED) {
            break;
        }
    }
    average.apply(&mut crf);
    let header = Header {
        format: model_file::FORMAT.into(),
        format_version: model_file::FORMAT_VERSION,
        kind: model_file::KIND.into(),
        labels: labels.to_vec(),
        features: FeatureConfig::current(opts.hash_bits),
        training: Training {
            annotator: annotator.into(),
            documents: train_set.len(),
            characters: obs.iter().map(|o| o.len()).sum(),
            spans: train_set.iter().map(|e| e.spans.len()).sum(),
            epochs: losses.len(),
            seed: opts.seed,
            learning_rate: opts.learning_rate,
            l2: opts.l2,
            rule_prior: opts.rule_prior,
            rule_dropout: opts.rule_dropout,
        },
        dictionary: dict.to_lists(labels),
        body: Body {
            rows: 0,
            bytes: 0,
            sha256: String::new(),
        },
    };
    let held_out = if held.is_empty() {
        None
    } else {
        let model = Model::new(header.clone(), crf.clone());
        let mut h = HeldOut {
            documents: held.iter().map(|&i| examples[i].id.clone()).collect(),
            correct: 0,
            predicted: 0,
            gold: 0,
        };
        let scored = crate::core::data::parallel::map(&held, |&i| {
            let e = &examples[i];
            let found: BTreeSet<(usize, usize, String)> = model
                .tag(&e.text, rules)
                .spans
                .into_iter()
                .map(|s| (s.start, s.end, s.label))
                .collect();
            let want: BTreeSet<(usize, usize, String)> = e
                .spans
                .iter()
                .map(|&(s, en, l)| (s, en, labels[l].clone()))
                .collect();
            (found.intersection(&want).count(), found.len(), want.len())
        });
        for (c, p, g) in scored {
            h.correct += c;
            h.predicted += p;
            h.gold += g;
        }
        Some(h)
    };
    let report = Report {
        documents: header.training.documents,
        characters: header.training.characters,
        spans: header.training.spans,
        skipped_status: 0,
        epochs: losses.len(),
        losses,
        held_out,
    };
    Ok((header, crf, report))
}

/// The dataset's label names in layer order, owned (the model's header keeps them).
fn label_names(ds: &Dataset) -> Vec<String> {
    ds.labels
        .label_names()
        .iter()
        .map(|s| s.to_string())
        .collect()
}

/// Fisher-Yates with the project's deterministic generator.
fn shuffle(items: &mut [usize], rng: &mut Rng) {
    for i in (1..items.len()).rev() {
        let j = rng.below(i + 1);
        items.swap(i, j);
    }
}
