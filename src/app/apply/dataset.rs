//! Handler for [`DatasetAction`]: opening and creating datasets, importing articles, the
//! annotator's name, saving and exporting.

use super::{no_dataset, usage};
use crate::app::BiaozhuApp;
use crate::app::actions::DatasetAction;
use crate::app::message::Message;
use crate::core::annotate::session::Session;
use crate::core::check::validate;
use crate::core::data::error::Result;
use crate::core::data::ingest::{self, CleanupOptions};
use crate::core::data::store::Dataset;
use crate::core::exchange::formats::{self, ExportOptions, Format};
use crate::tr;
use std::path::{Path, PathBuf};

impl BiaozhuApp {
    pub(super) fn apply_dataset(&mut self, action: DatasetAction) -> Result<()> {
        let lang = self.lang();
        match action {
            DatasetAction::Open(path) => self.open_dataset(&path),
            DatasetAction::New(path) => {
                let name = path
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_else(|| "dataset".into());
                drop(Dataset::create(&path, &name, None)?);
                self.open_dataset(&path);
            }
            DatasetAction::ImportArticles(paths) => self.import_articles(&paths)?,
            DatasetAction::SetAnnotator(name) => {
                if let Err(problem) = crate::core::data::annotators::AnnotatorName::new(&name) {
                    return Err(usage(tr!(
                        lang,
                        "err-annotator-name",
                        problem = problem.to_string()
                    )));
                }
                self.settings.annotator = Some(name);
                self.name_prompt.close();
                let path = self.pending_dataset.take().or_else(|| {
                    self.session
                        .as_ref()
                        .map(|s| s.dataset.root().to_path_buf())
                });
                self.session = None;
                if let Some(path) = path {
                    self.open_dataset(&path);
                }
            }
            DatasetAction::Save => {
                self.session_mut()?.save_now()?;
                self.info(tr!(lang, "msg-saved"));
            }
            DatasetAction::Export(format, dir) => self.export(format, &dir)?,
        }
        Ok(())
    }

    /// Opens the dataset at `path` for the annotator (for `gold` with both sides as suggestions
    /// in a review, else with `model-rules` as suggestions) and validates it. Without an
    /// annotator yet, keeps the path until the name prompt is answered.
    pub(in crate::app) fn open_dataset(&mut self, path: &Path) {
        let Some(annotator) = self.settings.annotator.clone() else {
            self.pending_dataset = Some(path.to_path_buf());
            return;
        };
        self.open_session(path, None, &annotator);
    }

    /// Opens the dataset at `path`: for `annotator` with `model-rules` as suggestions, or, with
    /// `review`, to adjudicate its two annotators into `gold` (the core's
    /// [`Session::open_review`]).
    pub(in crate::app) fn open_session(
        &mut self,
        path: &Path,
        review: Option<(&str, &str)>,
        annotator: &str,
    ) {
        let lang = self.lang();
        let opened = match review {
            Some((a, b)) => Session::open_review(path, a, b),
            None => Session::open(path, annotator),
        };
        match opened {
            Ok(session) => {
                // Validation reads every file: it runs in the background, so a large dataset
                // opens at once and its problems are listed when they are known.
                self.problems.clear();
                let (tx, rx) = std::sync::mpsc::channel();
                let root = path.to_path_buf();
                std::thread::spawn(move || {
                    // It yields the cores to drawing and to the Dashboard.
                    crate::core::data::parallel::yield_to_foreground();
                    let problems = validate::validate_paths(&[root])
                        .map(|r| r.problems)
                        .unwrap_or_default();
                    let _ = tx.send(problems);
                });
                self.validating = Some(rx);
                if session.is_read_only() {
                    self.messages.push(Message {
                        text: tr!(lang, "msg-opened-read-only"),
                        error_kind: Some(crate::core::data::error::ErrorKind::Locked),
                    });
                }
                self.session = Some(session);
                self.settings.last_dataset = Some(path.to_path_buf());
                self.reset_document_state();
            }
            Err(e) => self.messages.push(Message {
                text: tr!(
                    lang,
                    "err-could-not-open",
                    why = crate::app::message::details(lang, &e)
                ),
                error_kind: Some(e.kind()),
            }),
        }
    }

    /// Imports articles; files that fail are listed in one message (with the first one's kind).
    fn import_articles(&mut self, paths: &[PathBuf]) -> Result<()> {
        let lang = self.lang();
        let session = self.session_mut()?;
        let rules = ingest::dataset_chrome_rules(&session.dataset)?;
        let (files, _) = ingest::collect_files(paths)?;
        let mut failed = Vec::new();
        let summary = ingest::import_files(
            &mut session.dataset,
            &files,
            &rules,
            CleanupOptions::default(),
            |_, outcome| {
                if let Err(e) = outcome {
                    failed.push((crate::app::message::details(lang, e), e.kind()));
                }
            },
        )?;
        session.refresh_summaries();
        if session.current.is_none() && !session.dataset.documents().is_empty() {
            session.go_to(0)?;
        }
        self.info(tr!(
            lang,
            "msg-imported",
            added = summary.added,
            files = files.len()
        ));
        if let Some(&(_, kind)) = failed.first() {
            let text: Vec<String> = failed.into_iter().map(|(text, _)| text).collect();
            self.messages.push(Message {
                text: text.join("\n"),
                error_kind: Some(kind),
            });
        }
        Ok(())
    }

    /// Exports the annotator's working copy in `format` into `dir` (as `biaozhu export` does).
    fn export(&mut self, format: Format, dir: &Path) -> Result<()> {
        let lang = self.lang();
        let session = self.session.as_ref().ok_or_else(|| no_dataset(lang))?;
        let records = formats::working_records(&session.dataset, &session.annotator, None)?;
        let out = dir.join(formats::export_name(format, &session.annotator));
        let opts = ExportOptions {
            offsets: crate::core::data::offsets::OffsetUnit::CodePoint,
        };
        let report = formats::export(&records, &session.dataset.labels, format, &opts, None, &out)?;
        let left: usize = report.left_out.values().sum();
        let note = if left > 0 {
            tr!(
                lang,
                "msg-exported-left-out",
                n = left,
                format = format.name()
            )
        } else {
            String::new()
        };
        self.info(tr!(
            lang,
            "msg-exported",
            documents = report.records,
            spans = report.spans,
            format = format.name(),
            path = out.display().to_string(),
            note = note,
        ));
        Ok(())
    }
}
