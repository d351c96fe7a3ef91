//! The per-item rule of the merge (base, ours, theirs: one pick) and the id helpers it needs.

use super::*;

/// One item of the merge being built.
pub(super) struct Item<T> {
    pub(super) value: T,
    /// Ours has this id with exactly this value.
    pub(super) ours: bool,
    /// Theirs has this value (under this id, or under the id it was renumbered from).
    pub(super) theirs: bool,
    /// Part of a conflict: never dropped as a duplicate.
    pub(super) conflicted: bool,
    pub(super) dropped: bool,
}

impl<T> Item<T> {
    pub(super) fn new(value: T, ours: bool, theirs: bool) -> Self {
        Item {
            value,
            ours,
            theirs,
            conflicted: false,
            dropped: false,
        }
    }

    pub(super) fn conflicted(value: T, ours: bool) -> Self {
        Item {
            conflicted: true,
            ..Item::new(value, ours, !ours)
        }
    }
}

/// The three-way decision for one id.
pub(super) enum Pick<T> {
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

pub(super) fn pick<T: PartialEq + Clone>(b: Option<&T>, o: Option<&T>, t: Option<&T>) -> Pick<T> {
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
pub(super) trait HasId {
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
pub(super) fn index<'a, T: HasId>(
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

pub(super) fn largest_number<'a>(prefix: &str, ids: impl Iterator<Item = &'a str>) -> u64 {
    ids.filter_map(|id| id.strip_prefix(prefix)?.parse::<u64>().ok())
        .max()
        .unwrap_or(0)
}

pub(super) fn span_key(s: &Span) -> (usize, usize, &str) {
    (s.start, s.end, s.label.as_str())
}

pub(super) fn check_identity(
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
