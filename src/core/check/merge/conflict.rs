//! What a merge gives back: sides, input errors, conflicts, the merged annotation and the
//! conflict file that `validate` flags.

use super::*;
use crate::core::data::problem::DatasetMisfit;

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

pub(super) fn describe_conflict(
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

pub(super) fn describe_span(s: &Span) -> String {
    let mut out = format!("{} {}..{} {:?}", s.label, s.start, s.end, s.text);
    if !s.attrs.is_empty() {
        let attrs = serde_json::to_string(&s.attrs).unwrap_or_default();
        out.push_str(&format!(" attrs {attrs}"));
    }
    out
}

pub(super) fn describe_relation(r: &Relation) -> String {
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
    /// The merged record of what a review took (both sides' together).
    #[serde(default, skip_serializing_if = "Taken::is_empty")]
    pub taken: Taken,
    /// The merged effort (both sides' added up).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub effort: Option<Effort>,
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
            taken: a.taken.clone(),
            effort: a.effort,
            status_when_resolved: a.status,
            conflicts: merged.conflicts.clone(),
        }
    }
}

/// What to do about a conflict file, for messages.
pub use crate::core::data::problem::HOW_TO_RESOLVE;

/// The unresolved merge conflicts a parsed file holds, as (JSON pointer, problem) pairs: one per
/// entry of `conflicts`, or one at `/status` when the file is marked but lists none. Empty when
/// the file has neither `"status": "merge_conflict"` nor a `conflicts` key.
pub fn conflict_problems(value: &serde_json::Value) -> Vec<(String, DatasetMisfit)> {
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
            DatasetMisfit::MergeConflict { what: None },
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
                DatasetMisfit::MergeConflict { what: Some(what) },
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
        taken: Taken::default(),
        effort: None,
    }
}
