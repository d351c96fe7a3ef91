//! The relation phases of the merge: pick each relation id, renumber theirs' relations whose ids
//! clash with ours', then drop the relations whose span is gone and keep duplicates once.

use super::*;

/// Relations by id: base, ours and theirs.
type RelationsById<'a> = HashMap<&'a str, &'a Relation>;

/// Merges the relations of the three sides, against the merged `spans` (see the module
/// documentation for the rules).
pub(super) fn merge_relations(
    base: &RelationsById,
    ours: &RelationsById,
    theirs: &Annotation,
    spans: &MergedSpans,
    found: &mut Findings,
) -> std::result::Result<Vec<Item<Relation>>, InputError> {
    let their_relations = follow_renamed_spans(&theirs.relations, &spans.renamed);
    let theirs = index(&their_relations, Side::Theirs, "relations")?;
    let ids: BTreeSet<&str> = base
        .keys()
        .chain(ours.keys())
        .chain(theirs.keys())
        .copied()
        .collect();
    let (mut relations, renumber) = pick_relations(&ids, base, ours, &theirs, found);
    let next = largest_number("r", ids.iter().copied());
    renumber_clashing_relations(&mut relations, renumber, next, found);
    drop_dangling_relations(&mut relations, spans, found);
    keep_duplicate_relations_once(&mut relations, found);
    Ok(relations)
}

/// Theirs' relations with the new ids of renumbered spans.
fn follow_renamed_spans(
    relations: &[Relation],
    renamed: &HashMap<String, String>,
) -> Vec<Relation> {
    relations
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
        .collect()
}

/// Picks each relation id three ways; returns the relations kept and theirs' relations added
/// under an id ours added too (to renumber).
fn pick_relations(
    ids: &BTreeSet<&str>,
    base: &RelationsById,
    ours: &RelationsById,
    theirs: &RelationsById,
    found: &mut Findings,
) -> (Vec<Item<Relation>>, Vec<Relation>) {
    let mut relations: Vec<Item<Relation>> = Vec::new();
    let mut renumber: Vec<Relation> = Vec::new();
    for &id in ids {
        let (b, o, t) = (
            base.get(id).copied(),
            ours.get(id).copied(),
            theirs.get(id).copied(),
        );
        match pick(b, o, t) {
            Pick::Keep {
                value,
                ours,
                theirs,
            } => relations.push(Item::new(value, ours, theirs)),
            Pick::Drop => {}
            Pick::Conflict { reason, keep, ours } => {
                found.conflicts.push(Conflict::Relation {
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
    (relations, renumber)
}

/// Gives theirs' clashing relations the next free ids after `next`.
fn renumber_clashing_relations(
    relations: &mut Vec<Item<Relation>>,
    mut renumber: Vec<Relation>,
    mut next: u64,
    found: &mut Findings,
) {
    renumber.sort_by(|a, b| (&a.kind, &a.from, &a.to).cmp(&(&b.kind, &b.from, &b.to)));
    for mut relation in renumber {
        next += 1;
        let new_id = format!("r{next}");
        found.notes.push(format!(
            "both sides added a relation {:?}; theirs ({}) is now {new_id}",
            relation.id,
            describe_relation(&relation)
        ));
        relation.id = new_id;
        relations.push(Item::new(relation, false, true));
    }
}

/// Points relations at the spans kept once and drops those whose span is gone.
fn drop_dangling_relations(
    relations: &mut [Item<Relation>],
    spans: &MergedSpans,
    found: &mut Findings,
) {
    let span_ids = spans.kept_ids();
    for item in relations {
        for end in [&mut item.value.from, &mut item.value.to] {
            if let Some(kept) = spans.same_as.get(end.as_str()) {
                *end = kept.clone();
            }
        }
        let r = &item.value;
        for end in [&r.from, &r.to] {
            if !item.dropped && !span_ids.contains(end) {
                item.dropped = true;
                if !item.conflicted {
                    found.notes.push(format!(
                        "relation {} ({}) removed: span {end} was removed",
                        r.id,
                        describe_relation(r)
                    ));
                }
            }
        }
    }
}

/// Keeps a relation that is there twice (same type, from and to) once: ours' first, then by id.
fn keep_duplicate_relations_once(relations: &mut [Item<Relation>], found: &mut Findings) {
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
                found.notes.push(format!(
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
