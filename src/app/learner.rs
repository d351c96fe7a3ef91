//! The learner in the app: retrains the annotator's model in a background thread after every
//! few documents marked done (or when asked), tags the open document with it in another
//! background thread, and ranks the documents still to annotate (the queue). No frame waits for
//! any of it: each frame only polls the channels. The model also goes to
//! `<dataset>/models/<annotator>.model` (written through the dataset, under its write lock; a
//! failed write shows in the status bar), where `biaozhu suggest --model` and `queue` can use it.

use crate::core::annotate::pending_relations::SuggestedRelation;
use crate::core::data::labels::LabelSchema;
use crate::core::data::model::Span;
use crate::core::data::store::Dataset;
use crate::core::suggest::learn::tag::Model;
use crate::core::suggest::learn::train::{Mismatch, Start};
use crate::core::suggest::learn::{model_file, relation_train, train};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{Receiver, channel};
use std::time::Instant;

/// Retrain after this many documents are marked done.
pub const RETRAIN_EVERY: usize = 3;

/// The suggestion source the model's spans are shown as.
pub const SOURCE: &str = crate::core::suggest::learn::MODEL_ANNOTATOR;

/// What the learner is doing, for the status bar.
#[derive(Clone, Debug, Default)]
pub enum LearnerState {
    /// No model yet.
    #[default]
    Idle,
    /// Training since this moment; the epochs begun so far, of at most `epochs`.
    Training {
        /// When it started.
        since: Instant,
        /// Epochs begun (the training thread counts them).
        epoch: Arc<AtomicUsize>,
        /// Epochs at most (training may stop earlier, when it has converged).
        epochs: usize,
    },
    /// A model is ready: trained on this many documents.
    Ready(usize),
    /// A model is ready, updated from the last one (a warm start): trained on this many
    /// documents, of which this many were fitted (the new and changed ones and a sample).
    Updated(usize, usize),
    /// A model is ready, trained on this many documents from nothing although a warm start was
    /// asked, because the last model could not be continued.
    Restarted(usize, Mismatch),
    /// A model is ready (trained on this many documents) and suggests, but its file could not
    /// be written into the dataset, for this reason.
    Unsaved(usize, String),
    /// The last training failed, with the reason.
    Failed(String),
}

impl LearnerState {
    /// One line for the status bar, in `lang`.
    pub fn describe(&self, lang: crate::app::i18n::Language) -> String {
        use crate::tr;
        match self {
            LearnerState::Idle => tr!(lang, "model-none"),
            LearnerState::Training {
                since,
                epoch,
                epochs,
            } => tr!(
                lang,
                "model-training",
                epoch = epoch.load(Ordering::Relaxed) + 1,
                epochs = *epochs,
                seconds = since.elapsed().as_secs(),
            ),
            LearnerState::Ready(docs) => tr!(lang, "model-ready", docs = *docs),
            LearnerState::Updated(docs, fitted) => {
                tr!(lang, "model-updated", docs = *docs, fitted = *fitted)
            }
            LearnerState::Restarted(docs, Mismatch::Features) => {
                tr!(lang, "model-restarted-features", docs = *docs)
            }
            LearnerState::Restarted(docs, Mismatch::Labels) => {
                tr!(lang, "model-restarted-labels", docs = *docs)
            }
            LearnerState::Restarted(docs, Mismatch::FewDocuments) => {
                tr!(lang, "model-restarted-few", docs = *docs)
            }
            LearnerState::Unsaved(docs, why) => {
                tr!(lang, "model-unsaved", docs = *docs, why = why)
            }
            LearnerState::Failed(_) => tr!(lang, "model-failed"),
        }
    }

    /// The documents the ready model was trained on.
    fn ready_documents(&self) -> Option<usize> {
        match self {
            LearnerState::Ready(d)
            | LearnerState::Updated(d, _)
            | LearnerState::Restarted(d, _) => Some(*d),
            _ => None,
        }
    }
}

/// A finished training: the model, its document count, what it started from and its file's
/// bytes, or why it failed.
type Trained = crate::core::data::error::Result<(Model, usize, Start, Vec<u8>)>;

/// A document tagged in the background: its id and the model's spans.
type Tagged = (String, Vec<Span>);

/// A document linked in the background: its id and the model's links, by their ends.
type Linked = (String, Vec<SuggestedRelation>);

/// The background learner.
#[derive(Default)]
pub struct Learner {
    /// What it is doing.
    pub state: LearnerState,
    /// The model, once trained.
    model: Option<Arc<Model>>,
    /// Documents marked done since the last training started.
    pub done_since: usize,
    /// Finished documents (done or reviewed) marked or edited since the last training started:
    /// what a warm start fits besides its sample.
    changed: BTreeSet<String>,
    /// Those of the training that runs (given back to `changed` if it fails).
    in_flight: BTreeSet<String>,
    training: Option<Receiver<Trained>>,
    tagging: Option<Receiver<(String, Vec<Span>)>>,
    queueing: Option<Receiver<Vec<String>>>,
    linking: Option<Receiver<Linked>>,
    /// What the last linking was started on ([`Learner::start_linking`]'s key).
    linked: Option<u64>,
    /// How many models have been ready: a new one links again.
    generation: u64,
    /// The queue order (document ids, most informative first), once ranked.
    pub queue: Option<Vec<String>>,
}

impl Learner {
    /// Whether a training runs.
    pub fn is_training(&self) -> bool {
        self.training.is_some()
    }

    /// The model, when one is ready.
    pub fn model(&self) -> Option<&Arc<Model>> {
        self.model.as_ref()
    }

    /// Notes that finished document `doc` was marked done or edited: the next warm start fits it.
    pub fn note_changed(&mut self, doc: &str) {
        if !self.changed.contains(doc) {
            self.changed.insert(doc.to_string());
        }
    }

    /// Starts training `annotator`'s model on the dataset at `root` in a background thread: from
    /// the last model, on the documents changed since and a sample of the others (a warm start,
    /// when there is a last model of `annotator`), or from nothing when `full`.
    pub fn start_training(&mut self, root: &Path, annotator: &str, full: bool) {
        if self.training.is_some() {
            return;
        }
        let last = self
            .model
            .clone()
            .filter(|m| !full && m.header.training.annotator == annotator);
        self.in_flight = std::mem::take(&mut self.changed);
        let changed: Vec<String> = self.in_flight.iter().cloned().collect();
        let (tx, rx) = channel();
        let (root, annotator) = (root.to_path_buf(), annotator.to_string());
        let epoch = Arc::new(AtomicUsize::new(0));
        let options = train::Options {
            holdout: 0.0,
            progress: Some(epoch.clone()),
            ..Default::default()
        };
        self.state = LearnerState::Training {
            since: Instant::now(),
            epoch,
            epochs: options.epochs,
        };
        std::thread::spawn(move || {
            // Retraining (and the threads it starts) yields the cores to drawing.
            crate::core::data::parallel::yield_to_foreground();
            let _ = tx.send(train_now(&root, &annotator, &options, last, &changed));
        });
        self.training = Some(rx);
        self.done_since = 0;
    }

    /// Tags document `doc` (its `text`) with the model in a background thread.
    pub fn start_tagging(&mut self, root: &Path, doc: &str, text: &str) {
        let Some(model) = self.model.clone() else {
            return;
        };
        let (tx, rx) = channel();
        let (root, doc, text) = (root.to_path_buf(), doc.to_string(), text.to_string());
        std::thread::spawn(move || {
            let rules = crate::core::suggest::rules::dataset_rules(&root).unwrap_or_else(|_| {
                crate::core::suggest::rules::Rules::from_ron(
                    crate::core::suggest::rules::DEFAULT_RULES_RON,
                )
                .expect("the default rules parse")
            });
            let _ = tx.send((doc, model.spans(&text, &rules)));
        });
        self.tagging = Some(rx);
    }

    /// Links the open document's spans with the model in a background thread (the annotator's
    /// `own` spans and the `suggested` ones; see [`relation_train::live_links`]), unless the last
    /// linking was started on the same `key` (a hash of the document and its spans) with the same
    /// model, or one runs.
    pub fn start_linking(
        &mut self,
        key: u64,
        doc: &str,
        text: &str,
        spans: (&[Span], &[Span]),
        labels: &LabelSchema,
    ) {
        let Some(model) = self.model.clone() else {
            return;
        };
        let key = key ^ self.generation.wrapping_mul(0x9e37_79b9_7f4a_7c15);
        if self.linking.is_some() || self.linked == Some(key) {
            return;
        }
        self.linked = Some(key);
        let (tx, rx) = channel();
        let (doc, text, labels) = (doc.to_string(), text.to_string(), labels.clone());
        let (own, suggested) = (spans.0.to_vec(), spans.1.to_vec());
        std::thread::spawn(move || {
            let links = relation_train::live_links(&model, &text, &own, &suggested, &labels);
            let _ = tx.send((doc, links));
        });
        self.linking = Some(rx);
    }

    /// Takes the links of a finished linking, if any.
    pub fn poll_links(&mut self) -> Option<Linked> {
        let rx = self.linking.as_ref()?;
        let links = rx.try_recv().ok()?;
        self.linking = None;
        Some(links)
    }

    /// Ranks `annotator`'s unfinished documents with the model in a background thread.
    pub fn start_queue(&mut self, root: &Path, annotator: &str) {
        let Some(model) = self.model.clone() else {
            return;
        };
        let (tx, rx) = channel();
        let (root, annotator) = (root.to_path_buf(), annotator.to_string());
        std::thread::spawn(move || {
            crate::core::data::parallel::yield_to_foreground();
            let ranked = Dataset::open(&root).and_then(|ds| {
                let rules = crate::core::suggest::into_dataset::dataset_rules(&ds)?;
                crate::core::suggest::learn::queue::queue(&ds, &model, &annotator, &rules)
            });
            if let Ok(entries) = ranked {
                let _ = tx.send(entries.into_iter().map(|e| e.document).collect());
            }
        });
        self.queueing = Some(rx);
    }

    /// Takes what the background threads finished: returns a new model's file bytes (the caller
    /// writes them through its dataset with [`Learner::saved`], then tags the open document and
    /// ranks the queue) and the tagged spans of a document.
    pub fn poll(&mut self) -> (Option<Vec<u8>>, Option<Tagged>) {
        let mut new_model = None;
        if let Some(rx) = &self.training
            && let Ok(result) = rx.try_recv()
        {
            self.training = None;
            match result {
                Ok((model, docs, start, bytes)) => {
                    self.model = Some(Arc::new(model));
                    self.generation += 1;
                    self.in_flight.clear();
                    self.state = match start {
                        Start::Full => LearnerState::Ready(docs),
                        Start::Warm { fitted } => LearnerState::Updated(docs, fitted),
                        Start::FullInstead(why) => LearnerState::Restarted(docs, why),
                    };
                    new_model = Some(bytes);
                }
                Err(e) => {
                    let back = std::mem::take(&mut self.in_flight);
                    self.changed.extend(back);
                    self.state = LearnerState::Failed(e.to_string());
                }
            }
        }
        let mut tagged = None;
        if let Some(rx) = &self.tagging
            && let Ok(result) = rx.try_recv()
        {
            self.tagging = None;
            tagged = Some(result);
        }
        if let Some(rx) = &self.queueing
            && let Ok(order) = rx.try_recv()
        {
            self.queueing = None;
            self.queue = Some(order);
        }
        (new_model, tagged)
    }

    /// Records how writing the new model's file went: a failure stays in the status bar.
    pub fn saved(&mut self, result: crate::core::data::error::Result<PathBuf>) {
        if let (Err(e), Some(docs)) = (result, self.state.ready_documents()) {
            self.state = LearnerState::Unsaved(docs, e.to_string());
        }
    }

    /// Whether anything runs in the background (the window keeps polling while it does).
    pub fn busy(&self) -> bool {
        self.training.is_some()
            || self.tagging.is_some()
            || self.queueing.is_some()
            || self.linking.is_some()
    }
}

/// Trains on the annotator's finished documents (all of them: no held-out part), from `last`
/// when given (a warm start that fits the `changed` documents and a sample of the others). The
/// model's file is written by the main thread, through the dataset that holds the write lock.
fn train_now(
    root: &Path,
    annotator: &str,
    options: &train::Options,
    last: Option<Arc<Model>>,
    changed: &[String],
) -> Trained {
    let ds = Dataset::open(root)?;
    let (header, crf, report, _) = match &last {
        Some(m) => {
            let warm = train::Warm {
                header: &m.header,
                crf: &m.crf,
                changed,
            };
            relation_train::train_dataset_warm(&ds, annotator, (None, &[]), &warm, options)?
        }
        None => relation_train::train_dataset(&ds, annotator, None, &[], options)?,
    };
    let bytes = model_file::to_bytes(&header, &crf);
    let model = Model::new(header, crf).for_labels(&ds.labels);
    Ok((model, report.documents, report.start, bytes))
}
