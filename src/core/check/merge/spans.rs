//! The span phases of the merge: pick each span id, renumber theirs' spans whose ids clash with
//! ours', and keep once the spans both sides have.

use super::*;

/// The notes and conflicts the merge collects as it goes, in the order it finds them.
#[derive(Default)]
pub(super) struct Findings {
    pub(super) notes: Vec<String>,
    pub(super) conflicts: Vec<Conflict>,
}

/// The merged spans, and the ids of theirs' spans that relations must follow.
pub(super) struct MergedSpans {
    pub(super) items: Vec<Item<Span>>,
    /// Theirs' ids that theirs' relations must follow (their ids clash with ours').
    pub(super) renamed: HashMap<String, String>,
    /// Ids of theirs' spans (not clashing with ours') that every relation must follow.
    pub(super) same_as: HashMap<String, String>,
}

impl MergedSpans {
    /// The ids of the spans the merge keeps.
    pub(super) fn kept_ids(&self) -> HashSet<String> {
        self.items
            .iter()
            .filter(|s| !s.dropped)
            .map(|s| s.value.id.clone())
            .collect()
    }
}

/// Spans by id: base, ours and theirs.
pub(super) type SpansById<'a> = HashMap<&'a str, &'a Span>;

/// Merges the spans of the three sides (see the module documentation for the rules).
pub(super) fn merge_spans(
    base: &SpansById,
    ours: &SpansById,
    theirs: &SpansById,
    found: &mut Findings,
) -> MergedSpans {
    let ids: BTreeSet<&str> = base
        .keys()
        .chain(ours.keys())
        .chain(theirs.keys())
        .copied()
        .collect();
    let (mut items, renumber) = pick_spans(&ids, base, ours, theirs, found);
    let twins = OursByKey::new(&items);
    let next = largest_number("s", ids.iter().copied());
    let renamed = renumber_clashing_spans(&mut items, renumber, &twins, next, found);
    let same_as = keep_shared_spans_once(&mut items, &twins, found);
    MergedSpans {
        items,
        renamed,
        same_as,
    }
}

/// Picks each span id three ways; returns the spans kept and theirs' spans added under an id
/// ours added too with a different range or label (to renumber).
fn pick_spans(
    ids: &BTreeSet<&str>,
    base: &SpansById,
    ours: &SpansById,
    theirs: &SpansById,
    found: &mut Findings,
) -> (Vec<Item<Span>>, Vec<Span>) {
    let mut spans: Vec<Item<Span>> = Vec::new();
    let mut renumber: Vec<Span> = Vec::new();
    for &id in ids {
        let (b, o, t) = (
            base.get(id).copied(),
            ours.get(id).copied(),
            theirs.get(id).copied(),
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
                found.conflicts.push(conflict(reason));
                spans.push(Item::conflicted(keep, ours));
            }
            Pick::BothAdded { ours, theirs } => {
                if span_key(&ours) == span_key(&theirs) {
                    found
                        .conflicts
                        .push(conflict(ConflictReason::SameRangeDifferentAttrs));
                    spans.push(Item::conflicted(ours, true));
                } else {
                    spans.push(Item::new(ours, true, false));
                    renumber.push(theirs);
                }
            }
        }
    }
    (spans, renumber)
}

/// Ours' unconflicted spans by range and label: a span theirs added or changed that has the
/// range and label of one of ours is kept once, as ours'.
struct OursByKey(HashMap<(usize, usize, String), usize>);

impl OursByKey {
    /// Indexes ours' spans among `spans` as they are after the pick.
    fn new(spans: &[Item<Span>]) -> Self {
        let mut ours_by_key: HashMap<(usize, usize, String), usize> = HashMap::new();
        for (i, item) in spans.iter().enumerate() {
            if item.ours && !item.conflicted {
                let (start, end, label) = span_key(&item.value);
                ours_by_key
                    .entry((start, end, label.to_string()))
                    .or_insert(i);
            }
        }
        OursByKey(ours_by_key)
    }

    /// The index of ours' span with the range and label of `s`.
    fn twin(&self, s: &Span) -> Option<usize> {
        let (start, end, label) = span_key(s);
        self.0.get(&(start, end, label.to_string())).copied()
    }
}

/// Keeps ours' span `j` for theirs' `dup`: a note, or a conflict when the attributes differ.
fn keep_ours(spans: &mut [Item<Span>], j: usize, dup: Span, found: &mut Findings) {
    let kept = &mut spans[j];
    if kept.value.attrs == dup.attrs {
        found.notes.push(format!(
            "both sides have {}: kept once, as ours' {} (theirs called it {})",
            describe_span(&kept.value),
            kept.value.id,
            dup.id
        ));
    } else {
        found.conflicts.push(Conflict::Span {
            id: kept.value.id.clone(),
            reason: ConflictReason::SameRangeDifferentAttrs,
            base: None,
            ours: Some(kept.value.clone()),
            theirs: Some(dup),
        });
        kept.conflicted = true;
    }
}

/// Gives theirs' clashing spans the next free ids after `next` (or keeps ours' twin of one);
/// returns theirs' old ids with the ids they now have.
fn renumber_clashing_spans(
    spans: &mut Vec<Item<Span>>,
    mut renumber: Vec<Span>,
    twins: &OursByKey,
    mut next: u64,
    found: &mut Findings,
) -> HashMap<String, String> {
    renumber.sort_by(|a, b| span_key(a).cmp(&span_key(b)));
    let mut renamed: HashMap<String, String> = HashMap::new();
    for mut span in renumber {
        if let Some(j) = twins.twin(&span) {
            renamed.insert(span.id.clone(), spans[j].value.id.clone());
            keep_ours(spans, j, span, found);
            continue;
        }
        next += 1;
        let new_id = format!("s{next}");
        found.notes.push(format!(
            "both sides added a span {:?}; theirs ({}) is now {new_id}",
            span.id,
            describe_span(&span)
        ));
        renamed.insert(span.id.clone(), new_id.clone());
        span.id = new_id;
        spans.push(Item::new(span, false, true));
    }
    renamed
}

/// Drops theirs' spans that equal one of ours in range and label, keeping ours'; returns their
/// ids with the ids of ours' spans that replace them.
fn keep_shared_spans_once(
    spans: &mut [Item<Span>],
    twins: &OursByKey,
    found: &mut Findings,
) -> HashMap<String, String> {
    let mut same_as: HashMap<String, String> = HashMap::new();
    for i in 0..spans.len() {
        let item = &spans[i];
        if !item.theirs || item.ours || item.conflicted {
            continue;
        }
        let Some(j) = twins.twin(&item.value) else {
            continue;
        };
        let dup = item.value.clone();
        same_as.insert(dup.id.clone(), spans[j].value.id.clone());
        spans[i].dropped = true;
        keep_ours(spans, j, dup, found);
    }
    same_as
}
