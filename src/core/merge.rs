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

use super::error::{Error, Result};
use super::fsio;
use super::model::{Annotation, Rejected, Relation, Span, Status};
use super::schemas::{FileKind, schema_problems};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeSet, HashMap, HashSet};
use std::fmt;
use std::path::Path;

/// The `status` of a file that holds an unresolved merge conflict. It is not a [`Status`], so the
/// schema check fails on it and no reader takes the file for a finished annotation.
pub const CONFLICT_STATUS: &str = "merge_conflict";

/// One of the three versions a merge reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Side {
    /// The common ancestor (git's `%O`).
    Base,
    /// Our version (git's `%A`), which the result replaces.
    Ours,
    /// Their version (git's `%B`).
    Theirs,
}

impl fmt::Display for Side {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Side::Base => "BASE",
            Side::Ours => "OURS",
            Side::Theirs => "THEIRS",
        })
    }
}

/// Why three annotations cannot be merged at all: they are not versions of one file, or one of
/// them is inconsistent. Nothing is merged.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InputError {
    /// The version that is wrong.
    pub side: Side,
    /// A JSON pointer into that version.
    pub pointer: String,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}: {}", self.side, self.pointer, self.message)
    }
}

impl std::error::Error for InputError {}

/// Why a span or relation could not be merged.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ConflictReason {
    /// Changed on both sides, differently.
    BothChanged,
    /// Changed on our side, removed on theirs.
    ChangedAndDeleted,
    /// Removed on our side, changed on theirs.
    DeletedAndChanged,
    /// Both sides have a span with this range and label, with different attributes.
    SameRangeDifferentAttrs,
}

/// One conflict of a merge: the item's id and its three versions (`None` where a side has none).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Conflict {
    /// A span conflict.
    Span {
        /// The span id (ours' id for `same_range_different_attrs`).
        id: String,
        /// Why.
        reason: ConflictReason,
        /// The common ancestor's version.
        base: Option<Span>,
        /// Our version.
        ours: Option<Span>,
        /// Their version.
        theirs: Option<Span>,
    },
    /// A relation conflict.
    Relation {
        /// The relation id.
        id: String,
        /// Why.
        reason: ConflictReason,
        /// The common ancestor's version.
        base: Option<Relation>,
        /// Our version.
        ours: Option<Relation>,
        /// Their version (with the new ids of renumbered spans).
        theirs: Option<Relation>,
    },
}

impl Conflict {
    /// One line for people: what conflicts and how the sides differ.
    pub fn describe(&self) -> String {
        match self {
            Conflict::Span {
                id,
                reason,
                ours,
                theirs,
                ..
            } => describe_conflict(
                "span",
                id,
                *reason,
                ours.as_ref().map(describe_span),
                theirs.as_ref().map(describe_span),
                theirs.as_ref().map(|s| s.id.as_str()),
            ),
            Conflict::Relation {
                id,
                reason,
                ours,
                theirs,
                ..
            } => describe_conflict(
                "relation",
                id,
                *reason,
                ours.as_ref().map(describe_relation),
                theirs.as_ref().map(describe_relation),
                None,
            ),
        }
    }
}

fn describe_conflict(
    kind: &str,
    id: &str,
    reason: ConflictReason,
    ours: Option<String>,
    theirs: Option<String>,
    theirs_id: Option<&str>,
) -> String {
    let ours = ours.unwrap_or_default();
    let theirs = theirs.unwrap_or_default();
    match reason {
        ConflictReason::BothChanged => {
            format!(
                "{kind} {id} was changed differently on both sides (ours: {ours}; theirs: {theirs})"
            )
        }
        ConflictReason::ChangedAndDeleted => {
            format!("{kind} {id} was changed on our side ({ours}) and removed on theirs")
        }
        ConflictReason::DeletedAndChanged => {
            format!("{kind} {id} was removed on our side and changed on theirs ({theirs})")
        }
        ConflictReason::SameRangeDifferentAttrs => format!(
            "both sides have a span with this range and label but different attributes (ours {id}: {ours}; theirs {}: {theirs})",
            theirs_id.unwrap_or(id)
        ),
    }
}

fn describe_span(s: &Span) -> String {
    let mut out = format!("{} {}..{} {:?}", s.label, s.start, s.end, s.text);
    if !s.attrs.is_empty() {
        let attrs = serde_json::to_string(&s.attrs).unwrap_or_default();
        out.push_str(&format!(" attrs {attrs}"));
    }
    out
}

fn describe_relation(r: &Relation) -> String {
    format!("{} {} -> {}", r.kind, r.from, r.to)
}

/// The outcome of a merge.
#[derive(Clone, Debug, PartialEq)]
pub struct Merged {
    /// The merged annotation: canonical order, revision and updated set. With conflicts, each
    /// conflicted item is in it in one version (ours' when ours has it, else theirs').
    pub annotation: Annotation,
    /// What could not be merged; empty for a clean merge.
    pub conflicts: Vec<Conflict>,
    /// What the merge did that a user may want to know (renumbered spans, spans kept once,
    /// relations removed with their span).
    pub notes: Vec<String>,
}

impl Merged {
    /// Whether the merge has no conflicts.
    pub fn is_clean(&self) -> bool {
        self.conflicts.is_empty()
    }

    /// The file to write: the canonical annotation for a clean merge, else the conflict file.
    pub fn to_json(&self) -> Vec<u8> {
        if self.is_clean() {
            fsio::to_canonical_json(&self.annotation)
        } else {
            fsio::to_canonical_json(&ConflictFile::new(self))
        }
    }
}

/// An annotation file with unresolved merge conflicts (the module documentation has its shape).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ConflictFile {
    /// The id of the annotated document.
    pub document: String,
    /// Hex SHA-256 of the document text.
    pub document_sha256: String,
    /// The annotator.
    pub annotator: String,
    /// Always [`CONFLICT_STATUS`].
    pub status: String,
    /// As in a clean merge.
    pub revision: u64,
    /// As in a clean merge.
    pub updated: String,
    /// The merged spans, one version of each conflicted span.
    pub spans: Vec<Span>,
    /// The merged relations, one version of each conflicted relation.
    #[serde(default)]
    pub relations: Vec<Relation>,
    /// The merged rejected suggestions.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rejected: Vec<Rejected>,
    /// The status the merge rule gives, to set once the conflicts are resolved.
    pub status_when_resolved: Status,
    /// What could not be merged.
    pub conflicts: Vec<Conflict>,
}

impl ConflictFile {
    /// The conflict file of a merge.
    pub fn new(merged: &Merged) -> Self {
        let a = &merged.annotation;
        ConflictFile {
            document: a.document.clone(),
            document_sha256: a.document_sha256.clone(),
            annotator: a.annotator.clone(),
            status: CONFLICT_STATUS.to_string(),
            revision: a.revision,
            updated: a.updated.clone(),
            spans: a.spans.clone(),
            relations: a.relations.clone(),
            rejected: a.rejected.clone(),
            status_when_resolved: a.status,
            conflicts: merged.conflicts.clone(),
        }
    }
}

/// What to do about a conflict file, for messages.
pub const HOW_TO_RESOLVE: &str = "keep one version of each conflict in spans or relations, set status, delete status_when_resolved and conflicts, then git add the file (or take one side whole with git checkout --ours or --theirs)";

/// The unresolved merge conflicts a parsed file holds, as (JSON pointer, message) pairs: one per
/// entry of `conflicts`, or one at `/status` when the file is marked but lists none. Empty when
/// the file has neither `"status": "merge_conflict"` nor a `conflicts` key.
pub fn conflict_problems(value: &serde_json::Value) -> Vec<(String, String)> {
    let marked = value.get("status").and_then(|s| s.as_str()) == Some(CONFLICT_STATUS);
    let listed = value.get("conflicts");
    if !marked && listed.is_none() {
        return Vec::new();
    }
    let entries = listed
        .and_then(|l| l.as_array())
        .cloned()
        .unwrap_or_default();
    if entries.is_empty() {
        return vec![(
            if marked { "/status" } else { "/conflicts" }.to_string(),
            format!("unresolved merge conflict; {HOW_TO_RESOLVE}"),
        )];
    }
    entries
        .into_iter()
        .enumerate()
        .map(|(i, entry)| {
            let what = serde_json::from_value::<Conflict>(entry)
                .map(|c| c.describe())
                .unwrap_or_else(|e| format!("an entry biaozhu cannot read ({e})"));
            (
                format!("/conflicts/{i}"),
                format!("unresolved merge conflict: {what}; {HOW_TO_RESOLVE}"),
            )
        })
        .collect()
}

/// Parses one version given to the merge driver. An empty (or blank) BASE is `None`: git gives
/// an empty common ancestor when both sides added the file. Anything else must be an annotation
/// that passes the JSON Schema and holds no merge conflict; errors are `Invalid` at `path`.
pub fn parse_input(path: &Path, bytes: &[u8], side: Side) -> Result<Option<Annotation>> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return if side == Side::Base {
            Ok(None)
        } else {
            Err(Error::invalid(
                path,
                "",
                "the file is empty, not an annotation",
            ))
        };
    }
    let value: serde_json::Value = fsio::parse_json(path, bytes)?;
    let conflicts = conflict_problems(&value);
    if let Some((pointer, _)) = conflicts.first() {
        return Err(Error::invalid(
            path,
            pointer.clone(),
            format!(
                "already holds an unresolved merge conflict ({} listed); resolve it first: {HOW_TO_RESOLVE}",
                conflicts.len()
            ),
        ));
    }
    let problems = schema_problems(FileKind::Annotation, &value);
    if let Some((pointer, message)) = problems.first() {
        let more = match problems.len() {
            1 => String::new(),
            n => format!(" (and {} more problems)", n - 1),
        };
        return Err(Error::invalid(
            path,
            pointer.clone(),
            format!("not a valid annotation file: {message}{more}"),
        ));
    }
    serde_json::from_value(value)
        .map(Some)
        .map_err(|e| Error::invalid(path, "", format!("not a valid annotation file: {e}")))
}

/// The BASE to use when there is none (both sides added the file): `like`'s document, hash and
/// annotator, status todo, revision 0, no spans.
pub fn empty_base(like: &Annotation) -> Annotation {
    Annotation {
        document: like.document.clone(),
        document_sha256: like.document_sha256.clone(),
        annotator: like.annotator.clone(),
        status: Status::Todo,
        revision: 0,
        updated: String::new(),
        spans: Vec::new(),
        relations: Vec::new(),
        rejected: Vec::new(),
    }
}

/// One item of the merge being built.
struct Item<T> {
    value: T,
    /// Ours has this id with exactly this value.
    ours: bool,
    /// Theirs has this value (under this id, or under the id it was renumbered from).
    theirs: bool,
    /// Part of a conflict: never dropped as a duplicate.
    conflicted: bool,
    dropped: bool,
}

impl<T> Item<T> {
    fn new(value: T, ours: bool, theirs: bool) -> Self {
        Item {
            value,
            ours,
            theirs,
            conflicted: false,
            dropped: false,
        }
    }

    fn conflicted(value: T, ours: bool) -> Self {
        Item {
            conflicted: true,
            ..Item::new(value, ours, !ours)
        }
    }
}

/// The three-way decision for one id.
enum Pick<T> {
    Keep {
        value: T,
        ours: bool,
        theirs: bool,
    },
    Drop,
    Conflict {
        reason: ConflictReason,
        keep: T,
        ours: bool,
    },
    BothAdded {
        ours: T,
        theirs: T,
    },
}

fn pick<T: PartialEq + Clone>(b: Option<&T>, o: Option<&T>, t: Option<&T>) -> Pick<T> {
    let keep = |value: &T, ours, theirs| Pick::Keep {
        value: value.clone(),
        ours,
        theirs,
    };
    match (b, o, t) {
        (Some(b), Some(o), Some(t)) => {
            if o == t {
                keep(o, true, true)
            } else if o == b {
                keep(t, false, true)
            } else if t == b {
                keep(o, true, false)
            } else {
                Pick::Conflict {
                    reason: ConflictReason::BothChanged,
                    keep: o.clone(),
                    ours: true,
                }
            }
        }
        (Some(b), Some(o), None) if o != b => Pick::Conflict {
            reason: ConflictReason::ChangedAndDeleted,
            keep: o.clone(),
            ours: true,
        },
        (Some(b), None, Some(t)) if t != b => Pick::Conflict {
            reason: ConflictReason::DeletedAndChanged,
            keep: t.clone(),
            ours: false,
        },
        (Some(_), _, _) | (None, None, None) => Pick::Drop,
        (None, Some(o), None) => keep(o, true, false),
        (None, None, Some(t)) => keep(t, false, true),
        (None, Some(o), Some(t)) if o == t => keep(o, true, true),
        (None, Some(o), Some(t)) => Pick::BothAdded {
            ours: o.clone(),
            theirs: t.clone(),
        },
    }
}

/// Spans and relations, which merge by id.
trait HasId {
    fn id(&self) -> &str;
}

impl HasId for Span {
    fn id(&self) -> &str {
        &self.id
    }
}

impl HasId for Relation {
    fn id(&self) -> &str {
        &self.id
    }
}

/// Items by id; refuses an id used twice.
fn index<'a, T: HasId>(
    items: &'a [T],
    side: Side,
    what: &str,
) -> std::result::Result<HashMap<&'a str, &'a T>, InputError> {
    let mut out = HashMap::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        if out.insert(item.id(), item).is_some() {
            return Err(InputError {
                side,
                pointer: format!("/{what}/{i}/id"),
                message: format!(
                    "the id {:?} is used twice; fix the file (biaozhu validate shows it) and merge again",
                    item.id()
                ),
            });
        }
    }
    Ok(out)
}

fn largest_number<'a>(prefix: &str, ids: impl Iterator<Item = &'a str>) -> u64 {
    ids.filter_map(|id| id.strip_prefix(prefix)?.parse::<u64>().ok())
        .max()
        .unwrap_or(0)
}

fn span_key(s: &Span) -> (usize, usize, &str) {
    (s.start, s.end, s.label.as_str())
}

fn check_identity(
    base: &Annotation,
    ours: &Annotation,
    theirs: &Annotation,
) -> std::result::Result<(), InputError> {
    type Field = fn(&Annotation) -> &str;
    let fields: [(&str, Field); 3] = [
        ("document", |a| &a.document),
        ("document_sha256", |a| &a.document_sha256),
        ("annotator", |a| &a.annotator),
    ];
    for (name, get) in fields {
        for (side, other) in [(Side::Theirs, theirs), (Side::Base, base)] {
            if get(other) != get(ours) {
                return Err(InputError {
                    side,
                    pointer: format!("/{name}"),
                    message: format!(
                        "is {:?} but OURS has {:?}: these are not versions of one annotation file, so they cannot be merged",
                        get(other),
                        get(ours)
                    ),
                });
            }
        }
    }
    Ok(())
}

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

    let mut notes = Vec::new();
    let mut conflicts = Vec::new();

    // Spans, by id.
    let ids: BTreeSet<&str> = base_spans
        .keys()
        .chain(our_spans.keys())
        .chain(their_spans.keys())
        .copied()
        .collect();
    let mut spans: Vec<Item<Span>> = Vec::new();
    let mut renumber: Vec<Span> = Vec::new();
    for &id in &ids {
        let (b, o, t) = (
            base_spans.get(id).copied(),
            our_spans.get(id).copied(),
            their_spans.get(id).copied(),
        );
        let conflict = |reason| Conflict::Span {
            id: id.to_string(),
            reason,
            base: b.cloned(),
            ours: o.cloned(),
            theirs: t.cloned(),
        };
        match pick(b, o, t) {
            Pick::Keep {
                value,
                ours,
                theirs,
            } => spans.push(Item::new(value, ours, theirs)),
            Pick::Drop => {}
            Pick::Conflict { reason, keep, ours } => {
                conflicts.push(conflict(reason));
                spans.push(Item::conflicted(keep, ours));
            }
            Pick::BothAdded { ours, theirs } => {
                if span_key(&ours) == span_key(&theirs) {
                    conflicts.push(conflict(ConflictReason::SameRangeDifferentAttrs));
                    spans.push(Item::conflicted(ours, true));
                } else {
                    spans.push(Item::new(ours, true, false));
                    renumber.push(theirs);
                }
            }
        }
    }
    // A span theirs added or changed that has the range and label of one of ours is kept once,
    // as ours' (or is a conflict when the attributes differ); the rest of theirs' spans that
    // share an id with a different span of ours get the next free ids.
    let mut ours_by_key: HashMap<(usize, usize, String), usize> = HashMap::new();
    for (i, item) in spans.iter().enumerate() {
        if item.ours && !item.conflicted {
            let (start, end, label) = span_key(&item.value);
            ours_by_key
                .entry((start, end, label.to_string()))
                .or_insert(i);
        }
    }
    let ours_twin = |s: &Span| {
        let (start, end, label) = span_key(s);
        ours_by_key.get(&(start, end, label.to_string())).copied()
    };
    // Keeps ours' span `j` for theirs' `dup`: a note, or a conflict when the attributes differ.
    let mut keep_ours =
        |spans: &mut Vec<Item<Span>>, j: usize, dup: Span, notes: &mut Vec<String>| {
            let kept = &mut spans[j];
            if kept.value.attrs == dup.attrs {
                notes.push(format!(
                    "both sides have {}: kept once, as ours' {} (theirs called it {})",
                    describe_span(&kept.value),
                    kept.value.id,
                    dup.id
                ));
            } else {
                conflicts.push(Conflict::Span {
                    id: kept.value.id.clone(),
                    reason: ConflictReason::SameRangeDifferentAttrs,
                    base: None,
                    ours: Some(kept.value.clone()),
                    theirs: Some(dup),
                });
                kept.conflicted = true;
            }
        };
    renumber.sort_by(|a, b| span_key(a).cmp(&span_key(b)));
    let mut next = largest_number("s", ids.iter().copied());
    // Theirs' ids that theirs' relations must follow (their ids clash with ours').
    let mut renamed: HashMap<String, String> = HashMap::new();
    for mut span in renumber {
        if let Some(j) = ours_twin(&span) {
            renamed.insert(span.id.clone(), spans[j].value.id.clone());
            keep_ours(&mut spans, j, span, &mut notes);
            continue;
        }
        next += 1;
        let new_id = format!("s{next}");
        notes.push(format!(
            "both sides added a span {:?}; theirs ({}) is now {new_id}",
            span.id,
            describe_span(&span)
        ));
        renamed.insert(span.id.clone(), new_id.clone());
        span.id = new_id;
        spans.push(Item::new(span, false, true));
    }
    // Ids of theirs' spans (not clashing with ours') that every relation must follow.
    let mut same_as: HashMap<String, String> = HashMap::new();
    for i in 0..spans.len() {
        let item = &spans[i];
        if !item.theirs || item.ours || item.conflicted {
            continue;
        }
        let Some(j) = ours_twin(&item.value) else {
            continue;
        };
        let dup = item.value.clone();
        same_as.insert(dup.id.clone(), spans[j].value.id.clone());
        spans[i].dropped = true;
        keep_ours(&mut spans, j, dup, &mut notes);
    }
    let span_ids: HashSet<String> = spans
        .iter()
        .filter(|s| !s.dropped)
        .map(|s| s.value.id.clone())
        .collect();

    // Relations, by id; theirs' with the new ids of renumbered spans.
    let their_relations: Vec<Relation> = theirs
        .relations
        .iter()
        .map(|r| {
            let mut r = r.clone();
            for end in [&mut r.from, &mut r.to] {
                if let Some(new_id) = renamed.get(end.as_str()) {
                    *end = new_id.clone();
                }
            }
            r
        })
        .collect();
    let their_relations_by_id = index(&their_relations, Side::Theirs, "relations")?;
    let relation_ids: BTreeSet<&str> = base_relations
        .keys()
        .chain(our_relations.keys())
        .chain(their_relations_by_id.keys())
        .copied()
        .collect();
    let mut relations: Vec<Item<Relation>> = Vec::new();
    let mut renumber: Vec<Relation> = Vec::new();
    for &id in &relation_ids {
        let (b, o, t) = (
            base_relations.get(id).copied(),
            our_relations.get(id).copied(),
            their_relations_by_id.get(id).copied(),
        );
        match pick(b, o, t) {
            Pick::Keep {
                value,
                ours,
                theirs,
            } => relations.push(Item::new(value, ours, theirs)),
            Pick::Drop => {}
            Pick::Conflict { reason, keep, ours } => {
                conflicts.push(Conflict::Relation {
                    id: id.to_string(),
                    reason,
                    base: b.cloned(),
                    ours: o.cloned(),
                    theirs: t.cloned(),
                });
                relations.push(Item::conflicted(keep, ours));
            }
            Pick::BothAdded { ours, theirs } => {
                relations.push(Item::new(ours, true, false));
                renumber.push(theirs);
            }
        }
    }
    renumber.sort_by(|a, b| (&a.kind, &a.from, &a.to).cmp(&(&b.kind, &b.from, &b.to)));
    let mut next = largest_number("r", relation_ids.iter().copied());
    for mut relation in renumber {
        next += 1;
        let new_id = format!("r{next}");
        notes.push(format!(
            "both sides added a relation {:?}; theirs ({}) is now {new_id}",
            relation.id,
            describe_relation(&relation)
        ));
        relation.id = new_id;
        relations.push(Item::new(relation, false, true));
    }
    // Point at the spans kept once, drop relations whose span is gone, keep duplicates once.
    for item in &mut relations {
        for end in [&mut item.value.from, &mut item.value.to] {
            if let Some(kept) = same_as.get(end.as_str()) {
                *end = kept.clone();
            }
        }
        let r = &item.value;
        for end in [&r.from, &r.to] {
            if !item.dropped && !span_ids.contains(end) {
                item.dropped = true;
                if !item.conflicted {
                    notes.push(format!(
                        "relation {} ({}) removed: span {end} was removed",
                        r.id,
                        describe_relation(r)
                    ));
                }
            }
        }
    }
    let mut order: Vec<usize> = (0..relations.len()).collect();
    order.sort_by_key(|&i| (!relations[i].ours, natural_key(&relations[i].value.id)));
    let mut seen: HashMap<(String, String, String), String> = HashMap::new();
    for i in order {
        let item = &mut relations[i];
        if item.dropped {
            continue;
        }
        let r = &item.value;
        let key = (r.kind.clone(), r.from.clone(), r.to.clone());
        match seen.get(&key) {
            Some(first) if !item.conflicted => {
                notes.push(format!(
                    "both sides have the relation {}: kept once, as {first} (not {})",
                    describe_relation(r),
                    r.id
                ));
                item.dropped = true;
            }
            Some(_) => {}
            None => {
                seen.insert(key, r.id.clone());
            }
        }
    }

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
    };
    annotation.normalise_order();
    Ok(Merged {
        annotation,
        conflicts,
        notes,
    })
}

fn natural_key(id: &str) -> (String, u64, String) {
    let digits_at = id.trim_end_matches(|c: char| c.is_ascii_digit()).len();
    let (prefix, digits) = id.split_at(digits_at);
    (
        prefix.to_string(),
        digits.parse().unwrap_or(0),
        id.to_string(),
    )
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
        && sorted(side) == sorted(base)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::model::Attrs;

    const TEXT: &str = "𠮷利集团拟投资约50亿元在海门建设光伏项目";

    fn span(id: &str, start: usize, end: usize, label: &str) -> Span {
        Span {
            id: id.into(),
            start,
            end,
            label: label.into(),
            text: TEXT.chars().skip(start).take(end - start).collect(),
            attrs: Attrs::new(),
        }
    }

    fn with_attr(mut s: Span, key: &str, value: serde_json::Value) -> Span {
        s.attrs.insert(key.into(), value);
        s
    }

    fn rel(id: &str, kind: &str, from: &str, to: &str) -> Relation {
        Relation {
            id: id.into(),
            kind: kind.into(),
            from: from.into(),
            to: to.into(),
        }
    }

    fn ann(spans: Vec<Span>, relations: Vec<Relation>) -> Annotation {
        Annotation {
            document: "doc".into(),
            document_sha256: "a".repeat(64),
            annotator: "alice".into(),
            status: Status::InProgress,
            revision: 3,
            updated: "2026-11-23T10:00:00Z".into(),
            spans,
            relations,
            rejected: Vec::new(),
        }
    }

    fn ids(a: &Annotation) -> Vec<(&str, usize, usize, &str)> {
        a.spans
            .iter()
            .map(|s| (s.id.as_str(), s.start, s.end, s.label.as_str()))
            .collect()
    }

    fn clean(base: &Annotation, ours: &Annotation, theirs: &Annotation) -> Annotation {
        let m = merge(base, ours, theirs).unwrap();
        assert!(m.is_clean(), "{:?}", m.conflicts);
        m.annotation
    }

    fn company() -> Span {
        span("s1", 0, 4, "project")
    }

    #[test]
    fn spans_added_on_both_sides_under_the_same_id_are_both_kept_and_theirs_renumbered() {
        let base = ann(vec![company()], vec![]);
        let ours = ann(vec![company(), span("s2", 17, 19, "region")], vec![]);
        let theirs = ann(
            vec![company(), span("s2", 8, 13, "amount")],
            vec![rel("r1", "has_amount", "s1", "s2")],
        );
        let m = merge(&base, &ours, &theirs).unwrap();
        assert!(m.is_clean());
        assert_eq!(
            ids(&m.annotation),
            [
                ("s1", 0, 4, "project"),
                ("s3", 8, 13, "amount"),
                ("s2", 17, 19, "region")
            ]
        );
        assert_eq!(
            m.annotation.relations,
            [rel("r1", "has_amount", "s1", "s3")]
        );
        assert!(m.notes[0].contains("is now s3"), "{:?}", m.notes);
    }

    #[test]
    fn renumbering_skips_every_id_any_side_used() {
        let base = ann(vec![span("s7", 0, 4, "project")], vec![]);
        // Ours removed s7; theirs has s9 of its own and an s2 clashing with ours'.
        let ours = ann(vec![span("s2", 17, 19, "region")], vec![]);
        let theirs = ann(
            vec![
                span("s7", 0, 4, "project"),
                span("s2", 8, 13, "amount"),
                span("s9", 14, 16, "region"),
                span("s1", 0, 2, "region"),
            ],
            vec![],
        );
        let a = clean(&base, &ours, &theirs);
        assert_eq!(
            ids(&a),
            [
                ("s1", 0, 2, "region"),
                ("s10", 8, 13, "amount"),
                ("s9", 14, 16, "region"),
                ("s2", 17, 19, "region")
            ]
        );
    }

    #[test]
    fn a_span_added_identically_on_both_sides_is_kept_once() {
        let base = ann(vec![company()], vec![]);
        let both = ann(vec![company(), span("s2", 8, 13, "amount")], vec![]);
        let a = clean(&base, &both, &both);
        assert_eq!(a.spans.len(), 2);
        assert_eq!(a.spans, both.spans);
    }

    #[test]
    fn the_same_range_and_label_under_two_ids_is_kept_once_as_ours() {
        let base = ann(vec![company()], vec![]);
        let ours = ann(
            vec![
                company(),
                span("s2", 17, 19, "region"),
                span("s3", 8, 13, "amount"),
            ],
            vec![],
        );
        let theirs = ann(
            vec![company(), span("s2", 8, 13, "amount")],
            vec![rel("r1", "has_amount", "s1", "s2")],
        );
        let m = merge(&base, &ours, &theirs).unwrap();
        assert!(m.is_clean(), "{:?}", m.conflicts);
        assert_eq!(
            ids(&m.annotation),
            [
                ("s1", 0, 4, "project"),
                ("s3", 8, 13, "amount"),
                ("s2", 17, 19, "region")
            ]
        );
        assert_eq!(
            m.annotation.relations,
            [rel("r1", "has_amount", "s1", "s3")]
        );
        assert!(
            m.notes.iter().any(|n| n.contains("kept once")),
            "{:?}",
            m.notes
        );
    }

    #[test]
    fn the_same_range_and_label_with_different_attrs_is_a_conflict() {
        let base = ann(vec![company()], vec![]);
        let amount = span("s2", 8, 13, "amount");
        let ours = ann(
            vec![
                company(),
                with_attr(amount.clone(), "currency", "CNY".into()),
            ],
            vec![],
        );
        let theirs = ann(
            vec![
                company(),
                with_attr(amount.clone(), "currency", "USD".into()),
            ],
            vec![],
        );
        let m = merge(&base, &ours, &theirs).unwrap();
        assert_eq!(m.conflicts.len(), 1);
        assert!(matches!(
            &m.conflicts[0],
            Conflict::Span { id, reason: ConflictReason::SameRangeDifferentAttrs, base: None, .. } if id == "s2"
        ));
        // Under different ids too.
        let mut theirs_s5 = with_attr(amount, "currency", "USD".into());
        theirs_s5.id = "s5".into();
        let theirs = ann(vec![company(), theirs_s5], vec![]);
        let m = merge(&base, &ours, &theirs).unwrap();
        assert_eq!(m.conflicts.len(), 1, "{:?}", m.conflicts);
        assert_eq!(
            ids(&m.annotation),
            [("s1", 0, 4, "project"), ("s2", 8, 13, "amount")]
        );
        assert!(m.conflicts[0].describe().contains("theirs s5"));
    }

    #[test]
    fn a_span_removed_on_one_side_is_removed_with_its_relations() {
        let amount = span("s2", 8, 13, "amount");
        let base = ann(
            vec![company(), amount.clone()],
            vec![rel("r1", "has_amount", "s1", "s2")],
        );
        // Theirs removed the amount but (as an older tool might) not its relation; ours added a
        // relation to it.
        let ours = ann(
            vec![company(), amount, span("s3", 17, 19, "region")],
            vec![
                rel("r1", "has_amount", "s1", "s2"),
                rel("r2", "located_in", "s1", "s3"),
            ],
        );
        let theirs = ann(vec![company()], vec![rel("r1", "has_amount", "s1", "s2")]);
        let m = merge(&base, &ours, &theirs).unwrap();
        assert!(m.is_clean());
        assert_eq!(
            ids(&m.annotation),
            [("s1", 0, 4, "project"), ("s3", 17, 19, "region")]
        );
        assert_eq!(
            m.annotation.relations,
            [rel("r2", "located_in", "s1", "s3")]
        );
        assert!(
            m.notes.iter().any(|n| n.contains("relation r1")),
            "{:?}",
            m.notes
        );
        // Removed on both sides.
        let gone = clean(&base, &theirs, &theirs);
        assert_eq!(ids(&gone), [("s1", 0, 4, "project")]);
    }

    #[test]
    fn a_change_on_one_side_is_taken_and_the_same_change_on_both_is_taken_once() {
        let base = ann(vec![company(), span("s2", 8, 13, "amount")], vec![]);
        let resized = ann(vec![company(), span("s2", 7, 13, "amount")], vec![]);
        assert_eq!(clean(&base, &base, &resized).spans, resized.spans);
        assert_eq!(clean(&base, &resized, &base).spans, resized.spans);
        assert_eq!(clean(&base, &resized, &resized).spans, resized.spans);
        let with_value = ann(
            vec![
                company(),
                with_attr(span("s2", 8, 13, "amount"), "value", 5e9.into()),
            ],
            vec![],
        );
        assert_eq!(clean(&base, &base, &with_value).spans, with_value.spans);
    }

    #[test]
    fn a_span_changed_differently_on_both_sides_is_a_conflict() {
        let base = ann(vec![span("s1", 17, 19, "region")], vec![]);
        let ours = ann(vec![span("s1", 17, 19, "project")], vec![]);
        let theirs = ann(vec![span("s1", 17, 19, "mechanism")], vec![]);
        let m = merge(&base, &ours, &theirs).unwrap();
        assert!(!m.is_clean());
        assert_eq!(
            m.conflicts,
            [Conflict::Span {
                id: "s1".into(),
                reason: ConflictReason::BothChanged,
                base: Some(base.spans[0].clone()),
                ours: Some(ours.spans[0].clone()),
                theirs: Some(theirs.spans[0].clone()),
            }]
        );
        // Ours' version stands in the spans.
        assert_eq!(m.annotation.spans, ours.spans);
        let described = m.conflicts[0].describe();
        assert!(
            described.contains("changed differently")
                && described.contains("project")
                && described.contains("mechanism"),
            "{described}"
        );
    }

    #[test]
    fn changed_on_one_side_and_removed_on_the_other_is_a_conflict() {
        let base = ann(vec![company(), span("s2", 8, 13, "amount")], vec![]);
        let changed = ann(vec![company(), span("s2", 7, 13, "amount")], vec![]);
        let removed = ann(vec![company()], vec![]);
        let m = merge(&base, &changed, &removed).unwrap();
        assert!(matches!(
            &m.conflicts[..],
            [Conflict::Span {
                reason: ConflictReason::ChangedAndDeleted,
                theirs: None,
                ..
            }]
        ));
        assert_eq!(m.annotation.spans, changed.spans);
        let m = merge(&base, &removed, &changed).unwrap();
        assert!(matches!(
            &m.conflicts[..],
            [Conflict::Span {
                reason: ConflictReason::DeletedAndChanged,
                ours: None,
                ..
            }]
        ));
        // The surviving version (theirs') stands in the spans.
        assert_eq!(m.annotation.spans, changed.spans);
    }

    #[test]
    fn relations_merge_by_id_too() {
        let spans = vec![
            company(),
            span("s2", 8, 13, "amount"),
            span("s3", 17, 19, "region"),
        ];
        let base = ann(spans.clone(), vec![]);
        // Both add r1, different relations: theirs' becomes r2.
        let ours = ann(spans.clone(), vec![rel("r1", "has_amount", "s1", "s2")]);
        let theirs = ann(spans.clone(), vec![rel("r1", "located_in", "s1", "s3")]);
        let a = clean(&base, &ours, &theirs);
        assert_eq!(
            a.relations,
            [
                rel("r1", "has_amount", "s1", "s2"),
                rel("r2", "located_in", "s1", "s3")
            ]
        );
        // The same relation under two ids: kept once, as ours'.
        let theirs = ann(spans.clone(), vec![rel("r7", "has_amount", "s1", "s2")]);
        let a = clean(&base, &ours, &theirs);
        assert_eq!(a.relations, [rel("r1", "has_amount", "s1", "s2")]);
        // Changed differently on both sides.
        let base = ann(spans.clone(), vec![rel("r1", "has_amount", "s1", "s2")]);
        let ours = ann(spans.clone(), vec![rel("r1", "located_in", "s1", "s3")]);
        let theirs = ann(spans, vec![rel("r1", "has_amount", "s3", "s2")]);
        let m = merge(&base, &ours, &theirs).unwrap();
        assert!(matches!(
            &m.conflicts[..],
            [Conflict::Relation {
                reason: ConflictReason::BothChanged,
                ..
            }]
        ));
    }

    #[test]
    fn the_status_rule() {
        use Status::*;
        let base = ann(vec![company()], vec![]);
        let with = |status, spans: Vec<Span>| Annotation {
            status,
            ..ann(spans, vec![])
        };
        let more = vec![company(), span("s2", 8, 13, "amount")];
        let other = vec![company(), span("s3", 17, 19, "region")];
        // Only ours changed anything: ours' status.
        assert_eq!(clean(&base, &with(Done, more.clone()), &base).status, Done);
        // Only theirs did.
        assert_eq!(clean(&base, &base, &with(Done, more.clone())).status, Done);
        // Ours marked done without edits, theirs kept working: the less advanced.
        assert_eq!(
            clean(
                &base,
                &with(Done, vec![company()]),
                &with(InProgress, more.clone())
            )
            .status,
            InProgress
        );
        // A review does not cover edits made elsewhere.
        let done = Annotation {
            status: Done,
            ..base.clone()
        };
        assert_eq!(
            clean(
                &done,
                &with(Reviewed, vec![company()]),
                &with(Done, other.clone())
            )
            .status,
            Done
        );
        // Both changed to the same status.
        assert_eq!(
            clean(&base, &with(Done, more), &with(Done, other)).status,
            Done
        );
    }

    #[test]
    fn revision_and_updated() {
        let base = ann(vec![company()], vec![]);
        let ours = Annotation {
            revision: 9,
            updated: "2026-11-23T12:00:00Z".into(),
            ..ann(vec![company(), span("s2", 8, 13, "amount")], vec![])
        };
        let theirs = Annotation {
            revision: 5,
            updated: "2026-11-24T08:00:00Z".into(),
            ..ann(vec![company(), span("s3", 17, 19, "region")], vec![])
        };
        let a = clean(&base, &ours, &theirs);
        assert_eq!(
            (a.revision, a.updated.as_str()),
            (10, "2026-11-24T08:00:00Z")
        );
        let a = clean(&base, &theirs, &ours);
        assert_eq!(
            (a.revision, a.updated.as_str()),
            (10, "2026-11-24T08:00:00Z")
        );
    }

    #[test]
    fn rejected_is_the_union_minus_what_either_side_removed() {
        let r = |start, end, label: &str| Rejected {
            start,
            end,
            label: label.into(),
        };
        let base = Annotation {
            rejected: vec![r(0, 2, "region"), r(8, 13, "amount")],
            ..ann(vec![], vec![])
        };
        let ours = Annotation {
            rejected: vec![r(0, 2, "region"), r(14, 16, "region")],
            ..ann(vec![], vec![])
        };
        let theirs = Annotation {
            rejected: vec![r(8, 13, "amount"), r(17, 19, "region"), r(14, 16, "region")],
            ..ann(vec![], vec![])
        };
        let a = clean(&base, &ours, &theirs);
        assert_eq!(a.rejected, [r(14, 16, "region"), r(17, 19, "region")]);
    }

    #[test]
    fn both_sides_adding_the_file_merge_over_an_empty_base() {
        let ours = ann(vec![company(), span("s2", 17, 19, "region")], vec![]);
        let theirs = ann(vec![company(), span("s2", 8, 13, "amount")], vec![]);
        let a = clean(&empty_base(&ours), &ours, &theirs);
        assert_eq!(
            ids(&a),
            [
                ("s1", 0, 4, "project"),
                ("s3", 8, 13, "amount"),
                ("s2", 17, 19, "region")
            ]
        );
    }

    #[test]
    fn versions_of_different_files_are_refused() {
        let base = ann(vec![], vec![]);
        for (field, side) in [
            ("document", Side::Theirs),
            ("document_sha256", Side::Theirs),
        ] {
            let mut theirs = base.clone();
            match field {
                "document" => theirs.document = "other".into(),
                _ => theirs.document_sha256 = "b".repeat(64),
            }
            let err = merge(&base, &base, &theirs).unwrap_err();
            assert_eq!(
                (err.side, err.pointer.as_str()),
                (side, &*format!("/{field}"))
            );
        }
        let mut other = base.clone();
        other.annotator = "bob".into();
        let err = merge(&other, &base, &base).unwrap_err();
        assert_eq!((err.side, err.pointer.as_str()), (Side::Base, "/annotator"));
        let twice = ann(vec![company(), company()], vec![]);
        let err = merge(&base, &base, &twice).unwrap_err();
        assert_eq!(
            (err.side, err.pointer.as_str()),
            (Side::Theirs, "/spans/1/id")
        );
    }

    #[test]
    fn the_conflict_file_fails_the_schema_and_says_why() {
        let base = ann(vec![span("s1", 17, 19, "region")], vec![]);
        let ours = ann(vec![span("s1", 17, 19, "project")], vec![]);
        let theirs = ann(vec![span("s1", 17, 19, "mechanism")], vec![]);
        let m = merge(&base, &ours, &theirs).unwrap();
        let bytes = m.to_json();
        let value: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
        assert_eq!(value["status"], CONFLICT_STATUS);
        assert_eq!(value["status_when_resolved"], "in_progress");
        assert_eq!(value["conflicts"][0]["kind"], "span");
        assert_eq!(value["conflicts"][0]["reason"], "both_changed");
        assert_eq!(value["conflicts"][0]["theirs"]["label"], "mechanism");
        let text = String::from_utf8(bytes.clone()).unwrap();
        let at = |key: &str| text.find(&format!("\n  \"{key}\":")).unwrap();
        assert!(at("status") < at("spans") && at("spans") < at("status_when_resolved"));
        assert!(at("status_when_resolved") < at("conflicts"));
        let problems = schema_problems(FileKind::Annotation, &value);
        assert!(problems.iter().any(|(p, _)| p == "/status"), "{problems:?}");
        assert!(serde_json::from_value::<Annotation>(value.clone()).is_err());
        let found = conflict_problems(&value);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].0, "/conflicts/0");
        assert!(found[0].1.contains("span s1"), "{}", found[0].1);
        // It reads back, and a merge refuses it as input.
        let back: ConflictFile = serde_json::from_slice(&bytes).unwrap();
        assert_eq!(back.conflicts, m.conflicts);
        let err = parse_input(Path::new("x.json"), &bytes, Side::Ours).unwrap_err();
        assert!(
            err.to_string()
                .contains("already holds an unresolved merge conflict"),
            "{err}"
        );
    }

    #[test]
    fn a_side_that_changed_nothing_gives_the_other_side() {
        let base = ann(
            vec![company(), span("s2", 8, 13, "amount")],
            vec![rel("r1", "has_amount", "s1", "s2")],
        );
        let edited = Annotation {
            status: Status::Done,
            revision: 4,
            updated: "2026-11-24T08:00:00Z".into(),
            ..ann(
                vec![
                    company(),
                    span("s3", 17, 19, "region"),
                    with_attr(span("s4", 8, 13, "amount"), "currency", "CNY".into()),
                ],
                vec![
                    rel("r2", "located_in", "s1", "s3"),
                    rel("r3", "has_amount", "s1", "s4"),
                ],
            )
        };
        for (ours, theirs) in [(&edited, &base), (&base, &edited)] {
            let m = merge(&base, ours, theirs).unwrap();
            assert!(m.is_clean() && m.notes.is_empty(), "{m:?}");
            let mut expected = edited.clone();
            expected.revision = 5;
            expected.normalise_order();
            assert_eq!(m.annotation, expected);
        }
    }

    #[test]
    fn a_clean_merge_is_canonical() {
        let base = ann(vec![company()], vec![]);
        let ours = ann(vec![company(), span("s2", 17, 19, "region")], vec![]);
        let theirs = ann(vec![span("s2", 8, 13, "amount"), company()], vec![]);
        let m = merge(&base, &ours, &theirs).unwrap();
        let mut expected = m.annotation.clone();
        expected.normalise_order();
        assert_eq!(m.to_json(), fsio::to_canonical_json(&expected));
        assert_eq!(
            parse_input(Path::new("x"), &m.to_json(), Side::Ours).unwrap(),
            Some(m.annotation)
        );
    }

    #[test]
    fn inputs_are_checked() {
        let p = Path::new("in.json");
        assert_eq!(parse_input(p, b"", Side::Base).unwrap(), None);
        assert_eq!(parse_input(p, b" \n", Side::Base).unwrap(), None);
        let empty = parse_input(p, b"", Side::Ours).unwrap_err();
        assert!(empty.to_string().contains("empty"), "{empty}");
        let torn = parse_input(p, b"{\"document\": \"d", Side::Theirs).unwrap_err();
        assert_eq!(torn.exit_code(), 1);
        assert!(torn.to_string().contains("truncated"), "{torn}");
        let doc = br#"{"id": "d", "text": "x", "sha256": "", "meta": {}}"#;
        let not_ann = parse_input(p, doc, Side::Theirs).unwrap_err();
        assert!(
            not_ann.to_string().contains("not a valid annotation file"),
            "{not_ann}"
        );
        let good = fsio::to_canonical_json(&ann(vec![company()], vec![]));
        assert!(parse_input(p, &good, Side::Theirs).unwrap().is_some());
    }
}
