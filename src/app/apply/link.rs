//! Handler for the linking actions of [`EditAction`]: R starts link mode from the selected span,
//! a number or a click picks the target (and the type, when two fit), Esc cancels. The link is
//! one undoable edit through the session; linking an existing link removes it.

use super::{no_document, usage};
use crate::app::BiaozhuApp;
use crate::app::actions::EditAction;
use crate::app::i18n::Language;
use crate::app::keymap::key_for;
use crate::app::linking::LinkMode;
use crate::core::annotate::edit::Edit;
use crate::core::annotate::linking::{self, Fit};
use crate::core::data::display_names::Displayed;
use crate::core::data::error::Result;
use crate::core::data::labels::LabelSchema;
use crate::tr;

/// A relation type by its display name in `lang`.
fn kind_name(labels: &LabelSchema, lang: Language, kind: &str) -> String {
    labels
        .relation(kind)
        .map_or(kind.to_string(), |r| r.display(lang.tag()).to_string())
}

impl BiaozhuApp {
    /// Starts link mode from the selected span.
    pub(super) fn start_link(&mut self) -> Result<()> {
        let lang = self.lang();
        let source = self.selection.span.clone().ok_or_else(|| {
            usage(tr!(
                lang,
                "err-select-span-to-link",
                key = key_for(EditAction::StartLink)
            ))
        })?;
        let session = self.session_ref()?;
        let cur = session.current.as_ref().ok_or_else(|| no_document(lang))?;
        let candidates: Vec<String> =
            linking::candidates(&cur.doc.text, &cur.ann, &session.dataset.labels, &source)
                .into_iter()
                .map(|s| s.id.clone())
                .collect();
        let cancel = key_for(EditAction::CancelLink);
        let text = if candidates.is_empty() {
            tr!(lang, "msg-link-no-candidates", cancel = cancel)
        } else {
            tr!(lang, "msg-link-how", n = candidates.len(), cancel = cancel)
        };
        self.info(text);
        self.link = Some(LinkMode {
            source,
            candidates,
            choosing: Vec::new(),
        });
        Ok(())
    }

    /// Picks number `n` (from 1): a type while choosing one, else a candidate.
    pub(super) fn link_choice(&mut self, n: usize) -> Result<()> {
        let Some(mode) = &self.link else {
            return Ok(());
        };
        if !mode.choosing.is_empty() {
            let Some(fit) = mode.choosing.get(n.wrapping_sub(1)).cloned() else {
                return Ok(());
            };
            return self.make_link(fit);
        }
        match mode.candidates.get(n.wrapping_sub(1)).cloned() {
            Some(target) => self.link_to(target),
            None => Ok(()),
        }
    }

    /// Links the source to `target`: at once when one type fits, else asks for the type.
    pub(super) fn link_to(&mut self, target: String) -> Result<()> {
        let lang = self.lang();
        let Some(mode) = &self.link else {
            return Ok(());
        };
        let session = self.session_ref()?;
        let cur = session.current.as_ref().ok_or_else(|| no_document(lang))?;
        let (Some(a), Some(b)) = (cur.ann.span(&mode.source), cur.ann.span(&target)) else {
            self.link = None;
            return Err(usage(tr!(lang, "err-link-span-gone")));
        };
        let labels = &session.dataset.labels;
        let label_name = |l: &str| {
            labels
                .label(l)
                .map_or(l.to_string(), |d| d.display(lang.tag()).to_string())
        };
        let mut fits = linking::fitting_types(&session.dataset.labels, a, b);
        match fits.len() {
            0 => {
                let kinds: Vec<String> = session
                    .dataset
                    .labels
                    .relations
                    .iter()
                    .map(|r| {
                        let (from, to) = (label_name(&r.from), label_name(&r.to));
                        format!("{} {from} -> {to}", r.display(lang.tag()))
                    })
                    .collect();
                Err(usage(tr!(
                    lang,
                    "err-no-relation-type",
                    from = label_name(&a.label),
                    to = label_name(&b.label),
                    types = kinds.join(", "),
                    cancel = key_for(EditAction::CancelLink),
                )))
            }
            1 => self.make_link(fits.remove(0)),
            _ => {
                let list: Vec<String> = fits
                    .iter()
                    .enumerate()
                    .map(|(i, f)| format!("{} {}", i + 1, kind_name(labels, lang, &f.kind)))
                    .collect();
                self.info(tr!(lang, "msg-which-relation", choices = list.join(", ")));
                if let Some(mode) = &mut self.link {
                    mode.choosing = fits;
                }
                Ok(())
            }
        }
    }

    /// Applies the link (or its removal) and leaves link mode.
    fn make_link(&mut self, fit: Fit) -> Result<()> {
        let lang = self.lang();
        let edit = self
            .current()
            .and_then(|c| linking::link_edit(&c.ann, &fit))
            .ok_or_else(|| usage(tr!(lang, "err-link-span-gone")))?;
        let removed = matches!(edit, Edit::RemoveRelation(_));
        self.apply_edit(edit)?;
        self.link = None;
        let kind = match &self.session {
            Some(s) => kind_name(&s.dataset.labels, lang, &fit.kind),
            None => fit.kind.clone(),
        };
        self.info(if removed {
            tr!(
                lang,
                "msg-link-removed",
                kind = kind,
                undo = key_for(EditAction::Undo)
            )
        } else {
            tr!(lang, "msg-linked", kind = kind)
        });
        Ok(())
    }

    /// Removes relation `id` (one undoable edit).
    pub(super) fn remove_relation(&mut self, id: &str) -> Result<()> {
        let rel = self
            .current()
            .and_then(|c| c.ann.relations.iter().find(|r| r.id == id).cloned())
            .ok_or_else(|| usage(tr!(self.lang(), "err-relation-gone")))?;
        self.apply_edit(Edit::RemoveRelation(rel))
    }
}
