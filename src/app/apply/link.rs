//! Handler for the linking actions of [`EditAction`]: R starts link mode from the selected span,
//! a number or a click picks the target (and the type, when two fit), Esc cancels. The link is
//! one undoable edit through the session; linking an existing link removes it.

use super::{no_document, usage};
use crate::app::BiaozhuApp;
use crate::app::actions::EditAction;
use crate::app::keymap::key_for;
use crate::app::linking::LinkMode;
use crate::core::annotate::edit::Edit;
use crate::core::annotate::linking::{self, Fit};
use crate::core::data::error::Result;

impl BiaozhuApp {
    /// Starts link mode from the selected span.
    pub(super) fn start_link(&mut self) -> Result<()> {
        let source = self.selection.span.clone().ok_or_else(|| {
            usage(format!(
                "Select a span first (click it), then press {} to link it.",
                key_for(EditAction::StartLink)
            ))
        })?;
        let session = self.session_ref()?;
        let cur = session.current.as_ref().ok_or_else(no_document)?;
        let candidates: Vec<String> =
            linking::candidates(&cur.doc.text, &cur.ann, &session.dataset.labels, &source)
                .into_iter()
                .map(|s| s.id.clone())
                .collect();
        let text = if candidates.is_empty() {
            format!(
                "No span in this paragraph fits a relation from this one: click a span elsewhere, or {}.",
                key_for(EditAction::CancelLink)
            )
        } else {
            format!(
                "Link: press 1–{} or click a span; {} cancels. Linking an existing link removes it.",
                candidates.len(),
                key_for(EditAction::CancelLink)
            )
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
        let Some(mode) = &self.link else {
            return Ok(());
        };
        let session = self.session_ref()?;
        let cur = session.current.as_ref().ok_or_else(no_document)?;
        let (Some(a), Some(b)) = (cur.ann.span(&mode.source), cur.ann.span(&target)) else {
            self.link = None;
            return Err(usage("A span of this link is gone."));
        };
        let mut fits = linking::fitting_types(&session.dataset.labels, a, b);
        match fits.len() {
            0 => {
                let kinds: Vec<String> = session
                    .dataset
                    .labels
                    .relations
                    .iter()
                    .map(|r| format!("{} {} -> {}", r.name, r.from, r.to))
                    .collect();
                Err(usage(format!(
                    "No relation type joins {} and {} (labels.ron has {}). Pick another span, or {}.",
                    a.label,
                    b.label,
                    kinds.join(", "),
                    key_for(EditAction::CancelLink)
                )))
            }
            1 => self.make_link(fits.remove(0)),
            _ => {
                let list: Vec<String> = fits
                    .iter()
                    .enumerate()
                    .map(|(i, f)| format!("{} {}", i + 1, f.kind))
                    .collect();
                self.info(format!("Which relation? {}", list.join(", ")));
                if let Some(mode) = &mut self.link {
                    mode.choosing = fits;
                }
                Ok(())
            }
        }
    }

    /// Applies the link (or its removal) and leaves link mode.
    fn make_link(&mut self, fit: Fit) -> Result<()> {
        let edit = self
            .current()
            .and_then(|c| linking::link_edit(&c.ann, &fit))
            .ok_or_else(|| usage("A span of this link is gone."))?;
        let removed = matches!(edit, Edit::RemoveRelation(_));
        self.apply_edit(edit)?;
        self.link = None;
        self.info(if removed {
            format!(
                "Removed the {} link (it existed; {} brings it back).",
                fit.kind,
                key_for(EditAction::Undo)
            )
        } else {
            format!("Linked: {}.", fit.kind)
        });
        Ok(())
    }

    /// Removes relation `id` (one undoable edit).
    pub(super) fn remove_relation(&mut self, id: &str) -> Result<()> {
        let rel = self
            .current()
            .and_then(|c| c.ann.relations.iter().find(|r| r.id == id).cloned())
            .ok_or_else(|| usage("The relation is gone."))?;
        self.apply_edit(Edit::RemoveRelation(rel))
    }
}
