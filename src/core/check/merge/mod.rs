//! Three-way merge of one annotation file (`annotations/<annotator>/<id>.json`): the logic of
//! git's merge driver `biaozhu merge-annotations BASE OURS THEIRS`, which `biaozhu git-setup`
//! registers in a clone and a dataset's `.gitattributes` routes annotation files to
//! (`annotations/**/*.json merge=biaozhu`).
//!
//! Two clones of a dataset edit the same annotation file when one annotator works on two
//! machines, or an annotator and a reviewer work in parallel. Git's line merge either conflicts
//! on every pair of added spans (they land next to each other in the sorted list) or, worse,
//! merges two spans both called `s2` into a file that is valid JSON but wrong. This merge works
//! on spans and relations by id instead. It is pure: three [`Annotation`]s in, a [`Merged`] out
//! (the merged annotation, its conflicts, and notes for the user). Reading the files, writing
//! the result and the exit codes are the CLI's (`src/cli/git_commands.rs`).
//!
//! # Rules
//!
//! `document`, `document_sha256` and `annotator` must be equal in BASE, OURS and THEIRS, or the
//! files are not versions of one annotation and [`merge`] refuses them ([`InputError`]), as it
//! refuses a side that uses a span or relation id twice. When both sides added the file, git
//! passes an empty BASE: use [`empty_base`], an annotation with no spans.
//!
//! Spans are matched by id and compared whole (start, end, label, text and attrs); relations
//! are matched by id and compared whole (type, from, to). For each id:
//!
//! - unchanged on both sides, or changed the same way on both: kept as it is;
//! - changed on one side only: that side's version;
//! - changed differently on both sides: a `both_changed` conflict;
//! - removed on one side and unchanged on the other, or removed on both: removed;
//! - removed on one side and changed on the other: a `changed_and_deleted` conflict (ours
//!   changed it, theirs removed it) or a `deleted_and_changed` one;
//! - added on one side: kept;
//! - added on both sides identically: kept once;
//! - added on both sides under the same id with a different range or label (two clones both
//!   call their next span `s2`): both kept; theirs gets the next free `s<N>` (one more than the
//!   largest number of any span id in BASE, OURS and THEIRS, in (start, end, label) order), and
//!   theirs' relations that point at it are rewritten. Relations added on both sides under the
//!   same id are renumbered the same way (`r<N>`);
//! - the same range and label added on both sides (under the same id or not), or a span theirs
//!   added or changed that equals one ours has: kept once, as ours' span, and relations that
//!   pointed at theirs' id point at ours'. When the two differ in `attrs`, that is a
//!   `same_range_different_attrs` conflict.
//!
//! After that, relations whose `from` or `to` span is gone go with it, and a relation that
//! ends up twice (same type, from and to under two ids) is kept once, as ours'.
//!
//! `rejected` is the union of both sides' lists minus the entries either side removed from
//! BASE's list (ours' order, then theirs' additions).
//!
//! `effort` is added up: each counter (active seconds, spans by hand, suggestions accepted,
//! accepted then changed, rejected) is ours + theirs − BASE, never below zero, so the time both
//! clones recorded since BASE counts once each; `suggestions_shown` is true when either side's
//! is. When neither side has an `effort`, the result has none. Effort never conflicts, and a
//! change of effort alone does not count as a change for the status rule.
//!
//! `revision` is one more than the larger of ours and theirs; `updated` is the later of the two
//! (they are RFC 3339 UTC strings of one format, which compare correctly as text), so the result
//! does not depend on when the merge ran.
//!
//! `status`: when both sides have the same status, that one. When one side changed nothing
//! since BASE (same spans, relations, rejected and status), the other side's. Otherwise the less
//! advanced of the two (todo < in_progress < done < reviewed): `done` or `reviewed` are
//! judgements about the spans that side saw, and the merged spans include work the judgement
//! did not cover, so the annotator or reviewer must look again.
//!
//! # Conflicts
//!
//! A merge with conflicts still produces a whole file ([`ConflictFile`], written by
//! [`Merged::to_json`]) that is never silently wrong: it is parseable JSON so the app and the
//! user can read it, but its `status` is [`CONFLICT_STATUS`], which is not a status, so the
//! JSON Schema check of `biaozhu validate` reports it (`FILE:/status: ...`) and every other
//! reader of annotations refuses the file. Its shape, keys in this order:
//!
//! ```text
//! {
//!   "document": ..., "document_sha256": ..., "annotator": ...,
//!   "status": "merge_conflict",
//!   "revision": ..., "updated": ...,          (as in a clean merge)
//!   "spans": [...], "relations": [...],       (the merge, with one version of each conflicted
//!   "rejected": [...],                         item: ours' when ours has it, else theirs')
//!   "taken": {...}, "effort": {...},          (as in a clean merge, when there are any)
//!   "status_when_resolved": "in_progress",    (the status the merge rule gives)
//!   "conflicts": [
//!     { "kind": "span", "id": "s3", "reason": "both_changed",
//!       "base": {span} | null, "ours": {span} | null, "theirs": {span} | null },
//!     { "kind": "relation", "id": "r2", "reason": "deleted_and_changed",
//!       "base": {relation} | null, "ours": null, "theirs": {relation} }
//!   ]
//! }
//! ```
//!
//! `reason` is `both_changed`, `changed_and_deleted`, `deleted_and_changed` or
//! `same_range_different_attrs` (then `id` is ours' span id, `theirs` keeps its own id and
//! `base` is null). `null` means the side has no such item. Theirs' relations are shown with
//! the new ids of renumbered spans. To resolve by hand: for each conflict put the version you
//! want into `spans` or `relations` (replacing the one with that id) or remove it, set `status`
//! (to `status_when_resolved` or another), delete `status_when_resolved` and `conflicts`, run
//! `biaozhu validate`, then `git add` the file. [`conflict_problems`] describes a conflict file
//! for a validator.

use crate::core::data::error::{Error, Result};
use crate::core::data::fsio;
use crate::core::data::model::{Annotation, Effort, Rejected, Relation, Span, Status, Taken};
use crate::core::exchange::schemas::{FileKind, schema_problems};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeSet, HashMap, HashSet};
use std::fmt;
use std::path::Path;

/// The `status` of a file that holds an unresolved merge conflict. It is not a [`Status`], so the
/// schema check fails on it and no reader takes the file for a finished annotation.
pub const CONFLICT_STATUS: &str = "merge_conflict";

mod conflict;
mod pick;
mod relations;
mod spans;
pub use conflict::*;
use pick::*;
use relations::*;
use spans::*;

/// Merges `ours` and `theirs`, two versions of one annotation descended from `base` (see the
/// module documentation for the rules). Fails only when the three are not versions of one
/// annotation file or one of them uses an id twice.
pub fn merge(
    base: &Annotation,
    ours: &Annotation,
    theirs: &Annotation,
) -> std::result::Result<Merged, InputError> {
    check_identity(base, ours, theirs)?;
    let base_spans = index(&base.spans, Side::Base, "spans")?;
    let our_spans = index(&ours.spans, Side::Ours, "spans")?;
    let their_spans = index(&theirs.spans, Side::Theirs, "spans")?;
    let base_relations = index(&base.relations, Side::Base, "relations")?;
    let our_relations = index(&ours.relations, Side::Ours, "relations")?;
    index(&theirs.relations, Side::Theirs, "relations")?;

    let mut found = Findings::default();
    let spans = merge_spans(&base_spans, &our_spans, &their_spans, &mut found);
    let relations = merge_relations(&base_relations, &our_relations, theirs, &spans, &mut found)?;
    let annotation = merged_annotation(base, ours, theirs, spans.items, relations);
    Ok(Merged {
        annotation,
        conflicts: found.conflicts,
        notes: found.notes,
    })
}

/// The merged annotation: the kept spans and relations, with the merged status, revision,
/// time and rejected suggestions.
fn merged_annotation(
    base: &Annotation,
    ours: &Annotation,
    theirs: &Annotation,
    spans: Vec<Item<Span>>,
    relations: Vec<Item<Relation>>,
) -> Annotation {
    let updated = if theirs.updated > ours.updated {
        &theirs.updated
    } else {
        &ours.updated
    };
    let mut annotation = Annotation {
        document: ours.document.clone(),
        document_sha256: ours.document_sha256.clone(),
        annotator: ours.annotator.clone(),
        status: merge_status(base, ours, theirs),
        revision: ours.revision.max(theirs.revision).saturating_add(1),
        updated: updated.clone(),
        spans: spans
            .into_iter()
            .filter(|s| !s.dropped)
            .map(|s| s.value)
            .collect(),
        relations: relations
            .into_iter()
            .filter(|r| !r.dropped)
            .map(|r| r.value)
            .collect(),
        rejected: merge_rejected(&base.rejected, &ours.rejected, &theirs.rejected),
        taken: crate::core::data::model::Taken::union(&ours.taken, &theirs.taken),
        effort: Effort::merge(
            base.effort.as_ref(),
            ours.effort.as_ref(),
            theirs.effort.as_ref(),
        ),
    };
    annotation.normalise_order();
    annotation
}

/// Ours' entries that theirs did not remove, then theirs' additions.
fn merge_rejected(base: &[Rejected], ours: &[Rejected], theirs: &[Rejected]) -> Vec<Rejected> {
    let mut out: Vec<Rejected> = Vec::new();
    let candidates = ours
        .iter()
        .filter(|r| !base.contains(r) || theirs.contains(r))
        .chain(
            theirs
                .iter()
                .filter(|r| !base.contains(r) && !ours.contains(r)),
        );
    for r in candidates {
        if !out.contains(r) {
            out.push(r.clone());
        }
    }
    out
}

/// The status rule of the module documentation.
fn merge_status(base: &Annotation, ours: &Annotation, theirs: &Annotation) -> Status {
    if ours.status == theirs.status || untouched(base, theirs) {
        ours.status
    } else if untouched(base, ours) {
        theirs.status
    } else {
        ours.status.min(theirs.status)
    }
}

/// Whether `side` has the status, spans, relations and rejected suggestions of `base`.
fn untouched(base: &Annotation, side: &Annotation) -> bool {
    let sorted = |a: &Annotation| {
        let mut a = a.clone();
        a.normalise_order();
        (a.spans, a.relations)
    };
    let same_set = |x: &[Rejected], y: &[Rejected]| {
        x.iter().all(|r| y.contains(r)) && y.iter().all(|r| x.contains(r))
    };
    side.status == base.status
        && same_set(&side.rejected, &base.rejected)
        && side.taken == base.taken
        && sorted(side) == sorted(base)
}

#[cfg(test)]
mod tests;
