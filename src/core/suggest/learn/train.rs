//! Training: reads one annotator's finished documents (status `done` or `reviewed`; documents
//! still `in_progress` are left out, because their unlabelled text would teach the model that
//! names not yet labelled are not names), holds out a seeded tenth of them when there are at
//! least five to report a strict F1, builds the span dictionary, and fits the per-label CRFs by
//! AdaGrad with lazy L2 over sentence-sized chains in shuffled mini-batches, some of the chains in
//! each epoch without the rules' tags ([`Options::rule_dropout`]). The gradients of a
//! mini-batch are computed in parallel against the same weights and applied in order, so the
//! model depends only on the input and the seed, not on the number of threads.

use super::crf::Crf;
use super::dictionary::Dictionary;
use super::features::{self, Observations};
use super::fit::{self, Chain};
pub use super::fit::{CONVERGED, Options};
use super::model_file::{self, Body, FeatureConfig, Header, Training};
use super::tag::Model;
use super::warm;
pub use super::warm::{Mismatch, Start, Warm};
use crate::core::data::error::{Error, Result};
use crate::core::data::labels::Role;
use crate::core::data::model::Status;
use crate::core::data::store::Dataset;
use crate::core::data::synth::Rng;
use crate::core::suggest::rules::Rules;
use std::collections::BTreeSet;

pub use super::example::Example;

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
    /// Where the time went.
    pub timing: Timing,
    /// From what it started.
    pub start: Start,
}

/// Where a training's time went, in seconds.
#[derive(Clone, Debug, Default)]
pub struct Timing {
    /// Observing the training documents (jieba, the gazetteer, the rules, the dictionary).
    pub observe_seconds: f64,
    /// Making their feature rows, once.
    pub features_seconds: f64,
    /// Each epoch.
    pub epoch_seconds: Vec<f64>,
    /// All of it, scoring the held-out documents included.
    pub total_seconds: f64,
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
    train_dataset_from(ds, annotator, (docs, exclude), opts, None)
}

/// [`train_dataset`], from the last model when `warm` is given and fits (a warm start; the
/// report says what it started from).
pub fn train_dataset_from(
    ds: &Dataset,
    annotator: &str,
    (docs, exclude): (Option<&[String]>, &[String]),
    opts: &Options,
    warm: Option<&Warm>,
) -> Result<(Header, Crf, Report)> {
    let rules = crate::core::suggest::into_dataset::dataset_rules(ds)?;
    let (examples, skipped) = examples(ds, annotator, docs, exclude)?;
    let labels = label_names(ds);
    let roles: Vec<Option<Role>> = labels.iter().map(|l| ds.labels.role_of(l)).collect();
    let (header, crf, mut report) =
        train_from(&examples, (&labels, &roles, &rules), annotator, opts, warm)?;
    report.skipped_status = skipped;
    Ok((header, crf, report))
}

/// Trains on `examples` for `labels`, whose roles are `roles` (in the same order: the rules'
/// spans of a role feed the layer of the label with that role); `annotator` is recorded in the
/// model.
pub fn train(
    examples: &[Example],
    labels: &[String],
    roles: &[Option<Role>],
    rules: &Rules,
    annotator: &str,
    opts: &Options,
) -> Result<(Header, Crf, Report)> {
    train_from(examples, (labels, roles, rules), annotator, opts, None)
}

/// [`train`] from nothing, or from `warm` when it fits (its model has these labels and this
/// build's features): then only the new and changed documents and a seeded sample of the others
/// are fitted, starting from the last model's weights ([`super::warm`]).
pub(super) fn train_from(
    examples: &[Example],
    (labels, roles, rules): (&[String], &[Option<Role>], &Rules),
    annotator: &str,
    opts: &Options,
    warm: Option<&Warm>,
) -> Result<(Header, Crf, Report)> {
    let total_spans: usize = examples.iter().map(|e| e.spans.len()).sum();
    if examples.is_empty() || total_spans == 0 {
        return Err(Error::Usage(format!(
            "annotator {annotator:?} has no spans in documents marked done or reviewed; nothing to train on"
        )));
    }
    let started = std::time::Instant::now();
    let (order, held) = split_held_out(examples, opts);
    let train_set: Vec<&Example> = order.iter().map(|&i| &examples[i]).collect();
    let start = warm::start(warm, labels, opts, train_set.len());
    let fit_set: Vec<usize> = match &start {
        Start::Warm { .. } => warm::choose(&train_set, warm.map_or(&[], |w| w.changed), opts.seed),
        _ => (0..train_set.len()).collect(),
    };
    let (dict, obs) = observe(&train_set, &fit_set, labels, roles, rules);
    let fitted_docs: Vec<&Example> = fit_set.iter().map(|&i| train_set[i]).collect();
    let (gold, chains) = gold_chains(&fitted_docs, &obs, labels.len());
    let observe_seconds = started.elapsed().as_secs_f64();
    let warm_start = match (&start, warm) {
        (Start::Warm { .. }, Some(w)) => Some(fit::WarmStart {
            crf: w.crf,
            chains_total: chains.len() * train_set.len() / fit_set.len().max(1),
            initial_sum: warm::INITIAL_SUM,
            epochs: w.header.training.epochs,
        }),
        _ => None,
    };
    let warm_opts = Options {
        epochs: opts.epochs.min(warm::EPOCHS),
        ..opts.clone()
    };
    let fit_opts = if warm_start.is_some() {
        &warm_opts
    } else {
        opts
    };
    let fitted = fit::fit(
        &obs,
        &gold,
        &chains,
        labels.len(),
        fit_opts,
        warm_start.as_ref(),
    );
    let epochs = fitted.losses.len();
    // A warm model's weights are the mean of the last model's epochs and its own.
    let averaged = epochs + warm_start.as_ref().map_or(0, |w| w.epochs);
    let header = model_header(labels, annotator, opts, &train_set, averaged, &dict);
    let crf = fitted.crf;
    let held_out = score_held_out(examples, &held, labels, roles, rules, &header, &crf);
    let report = Report {
        documents: header.training.documents,
        characters: header.training.characters,
        spans: header.training.spans,
        skipped_status: 0,
        epochs,
        losses: fitted.losses,
        held_out,
        timing: Timing {
            observe_seconds,
            features_seconds: fitted.features_seconds,
            epoch_seconds: fitted.epoch_seconds,
            total_seconds: started.elapsed().as_secs_f64(),
        },
        start: match start {
            Start::Warm { .. } => Start::Warm {
                fitted: fit_set.len(),
            },
            other => other,
        },
    };
    Ok((header, crf, report))
}

/// The model's header: its format, labels, features, what training did and the dictionary (the
/// body's size and digest are filled in when it is written).
fn model_header(
    labels: &[String],
    annotator: &str,
    opts: &Options,
    train_set: &[&Example],
    epochs: usize,
    dict: &Dictionary,
) -> Header {
    Header {
        format: model_file::FORMAT.into(),
        format_version: model_file::FORMAT_VERSION,
        kind: model_file::KIND.into(),
        labels: labels.to_vec(),
        features: FeatureConfig::current(opts.hash_bits),
        training: Training {
            annotator: annotator.into(),
            documents: train_set.len(),
            characters: train_set.iter().map(|e| e.text.chars().count()).sum(),
            spans: train_set.iter().map(|e| e.spans.len()).sum(),
            epochs,
            seed: opts.seed,
            learning_rate: opts.learning_rate,
            l2: opts.l2,
            rule_prior: opts.rule_prior,
            rule_dropout: opts.rule_dropout,
        },
        dictionary: dict.to_lists(labels),
        relations: None,
        body: Body {
            rows: 0,
            bytes: 0,
            sha256: String::new(),
        },
    }
}

/// Splits the examples into those trained on and, when there are enough, a seeded share held
/// out: their indexes, each in id order.
fn split_held_out(examples: &[Example], opts: &Options) -> (Vec<usize>, Vec<usize>) {
    let mut order: Vec<usize> = (0..examples.len()).collect();
    order.sort_by(|&a, &b| examples[a].id.cmp(&examples[b].id));
    let mut held: Vec<usize> = Vec::new();
    if opts.holdout > 0.0 && examples.len() >= MIN_DOCS_FOR_HOLDOUT {
        let mut rng = Rng::new(opts.seed ^ 0x4845_4c44);
        fit::shuffle(&mut order, &mut rng);
        let k =
            ((examples.len() as f64 * opts.holdout).round() as usize).clamp(1, examples.len() - 1);
        held = order.split_off(order.len() - k);
        order.sort_by(|&a, &b| examples[a].id.cmp(&examples[b].id));
        held.sort_by(|&a, &b| examples[a].id.cmp(&examples[b].id));
    }
    (order, held)
}

/// Builds the span dictionary of the training documents (their own spans, less the strings
/// their annotators rejected) and the observations of those in `fit_set` (indexes into
/// `train_set`).
fn observe(
    train_set: &[&Example],
    fit_set: &[usize],
    labels: &[String],
    roles: &[Option<Role>],
    rules: &Rules,
) -> (Dictionary, Vec<Observations>) {
    let folded: Vec<Vec<char>> = crate::core::data::parallel::map(train_set, |e| {
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
    let obs: Vec<Observations> = crate::core::data::parallel::map(fit_set, |&i| {
        Observations::new(&train_set[i].text, labels, roles, rules, &dict, &own[i])
    });
    (dict, obs)
}

/// Tags each training document's spans as BIO per layer (`n * nl`, layer-interleaved) and cuts
/// the documents into sentence-sized chains that do not cut a span.
fn gold_chains(
    train_set: &[&Example],
    obs: &[Observations],
    nl: usize,
) -> (Vec<Vec<u8>>, Vec<Chain>) {
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
    (gold, chains)
}

/// Tags the held-out documents with the trained model and counts its strict matches (`None`
/// when none were held out).
fn score_held_out(
    examples: &[Example],
    held: &[usize],
    labels: &[String],
    roles: &[Option<Role>],
    rules: &Rules,
    header: &Header,
    crf: &Crf,
) -> Option<HeldOut> {
    if held.is_empty() {
        return None;
    }
    let model = Model::new(header.clone(), crf.clone()).with_roles(roles.to_vec());
    let mut h = HeldOut {
        documents: held.iter().map(|&i| examples[i].id.clone()).collect(),
        correct: 0,
        predicted: 0,
        gold: 0,
    };
    let scored = crate::core::data::parallel::map(held, |&i| {
        let e = &examples[i];
        let found: BTreeSet<(usize, usize, String)> = model
            .spans(&e.text, rules)
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
}

/// The dataset's label names in layer order, owned (the model's header keeps them).
fn label_names(ds: &Dataset) -> Vec<String> {
    ds.labels
        .label_names()
        .iter()
        .map(|s| s.to_string())
        .collect()
}
