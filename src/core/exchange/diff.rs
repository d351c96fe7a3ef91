//! Differences between two versions of the annotations (two releases, or a release and the
//! working copy): per document, spans added, removed, relabelled and resized, and relations
//! added and removed; totals per label and per relation type. A relation is the same in both
//! versions when its type and both ends (range and label) are; span ids do not matter.

use crate::core::data::model::Span;
use crate::core::exchange::formats::Record;
use serde::Serialize;
use std::collections::BTreeMap;

/// A span in a diff.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct SpanRef {
    /// Start (code points).
    pub start: usize,
    /// End (exclusive).
    pub end: usize,
    /// Label.
    pub label: String,
    /// Covered text.
    pub text: String,
}

/// A span whose label changed.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Relabel {
    /// Start.
    pub start: usize,
    /// End.
    pub end: usize,
    /// Covered text.
    pub text: String,
    /// Label before.
    pub from: String,
    /// Label after.
    pub to: String,
}

/// A span whose boundaries changed.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Resize {
    /// Label.
    pub label: String,
    /// Before.
    pub from: SpanRef,
    /// After.
    pub to: SpanRef,
}

/// The changes in one document.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct DocDiff {
    /// Spans only in the newer version.
    pub added: Vec<SpanRef>,
    /// Spans only in the older version.
    pub removed: Vec<SpanRef>,
    /// Same range, another label.
    pub relabelled: Vec<Relabel>,
    /// Same label, overlapping range.
    pub resized: Vec<Resize>,
    /// Relations only in the newer version.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub relations_added: Vec<RelationRef>,
    /// Relations only in the older version.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub relations_removed: Vec<RelationRef>,
}

/// A relation in a diff: its type and its two ends.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct RelationRef {
    /// The relation type.
    #[serde(rename = "type")]
    pub kind: String,
    /// The span it starts at.
    pub from: SpanRef,
    /// The span it points to.
    pub to: SpanRef,
}

/// Relations added and removed of one type.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize)]
pub struct RelationTotals {
    /// Added relations.
    pub added: usize,
    /// Removed relations.
    pub removed: usize,
}

/// Counts of changes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize)]
pub struct Totals {
    /// Added spans.
    pub added: usize,
    /// Removed spans.
    pub removed: usize,
    /// Relabelled spans.
    pub relabelled: usize,
    /// Resized spans.
    pub resized: usize,
}

/// A whole diff.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Diff {
    /// The older version.
    pub from: String,
    /// The newer version.
    pub to: String,
    /// Totals over all documents.
    #[serde(flatten)]
    pub totals: Totals,
    /// Totals per label (a relabel counts for its new label).
    pub labels: BTreeMap<String, Totals>,
    /// Relations added and removed per type.
    pub relation_types: BTreeMap<String, RelationTotals>,
    /// Documents only in the newer version.
    pub documents_added: Vec<String>,
    /// Documents only in the older version.
    pub documents_removed: Vec<String>,
    /// Changes per document (documents without changes are left out).
    pub documents: BTreeMap<String, DocDiff>,
}

fn span_ref(s: &Span) -> SpanRef {
    SpanRef {
        start: s.start,
        end: s.end,
        label: s.label.clone(),
        text: s.text.clone(),
    }
}

/// Compares the spans of one document.
pub fn diff_spans(old: &[Span], new: &[Span]) -> DocDiff {
    let key = |s: &Span| (s.start, s.end, s.label.clone());
    let old_keys: std::collections::HashSet<_> = old.iter().map(key).collect();
    let new_keys: std::collections::HashSet<_> = new.iter().map(key).collect();
    let mut old_left: Vec<&Span> = old.iter().filter(|s| !new_keys.contains(&key(s))).collect();
    let mut new_left: Vec<&Span> = new.iter().filter(|s| !old_keys.contains(&key(s))).collect();
    let mut d = DocDiff::default();
    // Same range, other label.
    old_left.retain(|o| {
        match new_left
            .iter()
            .position(|n| n.start == o.start && n.end == o.end)
        {
            Some(i) => {
                let n = new_left.remove(i);
                d.relabelled.push(Relabel {
                    start: o.start,
                    end: o.end,
                    text: o.text.clone(),
                    from: o.label.clone(),
                    to: n.label.clone(),
                });
                false
            }
            None => true,
        }
    });
    // Same label, overlapping range: the pair with the largest overlap.
    old_left.retain(|o| {
        let best = new_left
            .iter()
            .enumerate()
            .filter(|(_, n)| n.label == o.label && n.start < o.end && o.start < n.end)
            .max_by_key(|(_, n)| n.end.min(o.end) - n.start.max(o.start))
            .map(|(i, _)| i);
        match best {
            Some(i) => {
                let n = new_left.remove(i);
                d.resized.push(Resize {
                    label: o.label.clone(),
                    from: span_ref(o),
                    to: span_ref(n),
                });
                false
            }
            None => true,
        }
    });
    d.removed = old_left.into_iter().map(span_ref).collect();
    d.added = new_left.into_iter().map(span_ref).collect();
    d
}

/// The relations of a record with their ends resolved (dangling relations are left out).
fn relation_refs(r: &Record) -> std::collections::BTreeSet<RelationRef> {
    let by_id: BTreeMap<&str, &Span> = r.spans.iter().map(|s| (s.id.as_str(), s)).collect();
    r.relations
        .iter()
        .filter_map(|rel| {
            Some(RelationRef {
                kind: rel.kind.clone(),
                from: span_ref(by_id.get(rel.from.as_str())?),
                to: span_ref(by_id.get(rel.to.as_str())?),
            })
        })
        .collect()
}

/// Compares the relations of one document, into `d`.
fn diff_relations(old: Option<&&Record>, new: Option<&&Record>, d: &mut DocDiff) {
    let (o, n) = (
        old.map(|r| relation_refs(r)).unwrap_or_default(),
        new.map(|r| relation_refs(r)).unwrap_or_default(),
    );
    d.relations_added = n.difference(&o).cloned().collect();
    d.relations_removed = o.difference(&n).cloned().collect();
}

/// Compares two versions.
pub fn diff(from_name: &str, from: &[Record], to_name: &str, to: &[Record]) -> Diff {
    let old: BTreeMap<&str, &Record> = from.iter().map(|r| (r.id.as_str(), r)).collect();
    let new: BTreeMap<&str, &Record> = to.iter().map(|r| (r.id.as_str(), r)).collect();
    let mut out = Diff {
        from: from_name.into(),
        to: to_name.into(),
        ..Diff::default()
    };
    let ids: std::collections::BTreeSet<&str> = old.keys().chain(new.keys()).copied().collect();
    for id in ids {
        let (o, n) = (old.get(id), new.get(id));
        match (o, n) {
            (None, Some(_)) => out.documents_added.push(id.into()),
            (Some(_), None) => out.documents_removed.push(id.into()),
            _ => {}
        }
        let d = diff_records(o.copied(), n.copied());
        if d == DocDiff::default() {
            continue;
        }
        out.count(&d);
        out.documents.insert(id.into(), d);
    }
    out
}

/// The changes in one document between its two versions (`None`: not in that version).
pub fn diff_records(old: Option<&Record>, new: Option<&Record>) -> DocDiff {
    let mut d = diff_spans(
        old.map_or(&[][..], |r| &r.spans),
        new.map_or(&[][..], |r| &r.spans),
    );
    diff_relations(old.as_ref(), new.as_ref(), &mut d);
    d
}

impl Diff {
    /// Adds the changes of one document to the totals (not to `documents`).
    pub fn count(&mut self, d: &DocDiff) {
        let out = self;
        for r in &d.relations_added {
            out.relation_types.entry(r.kind.clone()).or_default().added += 1;
        }
        for r in &d.relations_removed {
            out.relation_types
                .entry(r.kind.clone())
                .or_default()
                .removed += 1;
        }
        for s in &d.added {
            out.labels.entry(s.label.clone()).or_default().added += 1;
        }
        for s in &d.removed {
            out.labels.entry(s.label.clone()).or_default().removed += 1;
        }
        for r in &d.relabelled {
            out.labels.entry(r.to.clone()).or_default().relabelled += 1;
        }
        for r in &d.resized {
            out.labels.entry(r.label.clone()).or_default().resized += 1;
        }
        out.totals.added += d.added.len();
        out.totals.removed += d.removed.len();
        out.totals.relabelled += d.relabelled.len();
        out.totals.resized += d.resized.len();
    }
}

/// The diff as readable text.
pub fn to_text(d: &Diff) -> String {
    let mut s = summary_line(d);
    if !d.documents_added.is_empty() {
        s += &format!("documents added: {}\n", d.documents_added.join(", "));
    }
    if !d.documents_removed.is_empty() {
        s += &format!("documents removed: {}\n", d.documents_removed.join(", "));
    }
    s += &tables(d);
    for (id, doc) in &d.documents {
        s += &document_text(id, doc);
    }
    s
}

/// The first line of the text: the versions and the totals.
pub fn summary_line(d: &Diff) -> String {
    format!(
        "{} -> {}: {} added, {} removed, {} relabelled, {} resized\n",
        d.from, d.to, d.totals.added, d.totals.removed, d.totals.relabelled, d.totals.resized
    )
}

/// The tables of the text: changes per label and per relation type.
pub fn tables(d: &Diff) -> String {
    let mut s = String::new();
    s += "\n| label | added | removed | relabelled | resized |\n|---|---|---|---|---|\n";
    for (label, t) in &d.labels {
        s += &format!(
            "| {label} | {} | {} | {} | {} |\n",
            t.added, t.removed, t.relabelled, t.resized
        );
    }
    if !d.relation_types.is_empty() {
        s += "\n| relation | added | removed |\n|---|---|---|\n";
        for (kind, t) in &d.relation_types {
            s += &format!("| {kind} | {} | {} |\n", t.added, t.removed);
        }
    }
    s
}

/// The text of one document's changes.
pub fn document_text(id: &str, doc: &DocDiff) -> String {
    let mut s = String::new();
    s += &format!("\n{id}\n");
    for (sign, list) in [("+", &doc.relations_added), ("-", &doc.relations_removed)] {
        for r in list {
            s += &format!(
                "  {sign} {} {:?} {}..{} -> {:?} {}..{}\n",
                r.kind, r.from.text, r.from.start, r.from.end, r.to.text, r.to.start, r.to.end
            );
        }
    }
    for a in &doc.added {
        s += &format!("  + {} {}..{} {:?}\n", a.label, a.start, a.end, a.text);
    }
    for r in &doc.removed {
        s += &format!("  - {} {}..{} {:?}\n", r.label, r.start, r.end, r.text);
    }
    for r in &doc.relabelled {
        s += &format!(
            "  ~ {}..{} {:?}: {} -> {}\n",
            r.start, r.end, r.text, r.from, r.to
        );
    }
    for r in &doc.resized {
        s += &format!(
            "  <> {} {}..{} {:?} -> {}..{} {:?}\n",
            r.label, r.from.start, r.from.end, r.from.text, r.to.start, r.to.end, r.to.text
        );
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(start: usize, end: usize, label: &str) -> Span {
        Span {
            id: format!("s{start}{end}{label}"),
            start,
            end,
            label: label.into(),
            text: String::new(),
            attrs: Default::default(),
        }
    }

    #[test]
    fn added_removed_relabelled_resized() {
        let old = [
            s(0, 2, "region"),
            s(5, 9, "project"),
            s(10, 12, "amount"),
            s(20, 22, "region"),
        ];
        let new = [
            s(0, 2, "region"),
            s(5, 9, "mechanism"),
            s(10, 13, "amount"),
            s(30, 33, "amount"),
        ];
        let d = diff_spans(&old, &new);
        assert_eq!(d.relabelled.len(), 1);
        assert_eq!((d.resized.len(), d.resized[0].to.end), (1, 13));
        assert_eq!((d.added.len(), d.added[0].start), (1, 30));
        assert_eq!((d.removed.len(), d.removed[0].start), (1, 20));
    }

    fn record(spans: Vec<Span>, relations: Vec<(&str, &str, &str)>) -> Record {
        Record {
            id: "d".into(),
            text: String::new(),
            sha256: String::new(),
            meta: Default::default(),
            spans,
            relations: relations
                .into_iter()
                .enumerate()
                .map(|(i, (kind, from, to))| crate::core::data::model::Relation {
                    id: format!("r{i}"),
                    kind: kind.into(),
                    from: from.into(),
                    to: to.into(),
                    confidence: None,
                })
                .collect(),
            annotator: "a".into(),
            status: crate::core::data::model::Status::Done,
        }
    }

    /// Relations are compared by type and ends, not ids: renumbered spans change nothing.
    #[test]
    fn relations_added_and_removed_per_type() {
        let p = s(0, 4, "project");
        let (a, r) = (s(5, 8, "amount"), s(9, 11, "region"));
        let old = record(
            vec![p.clone(), a.clone(), r.clone()],
            vec![("has_amount", &p.id, &a.id), ("located_in", &p.id, &r.id)],
        );
        let mut renamed = p.clone();
        renamed.id = "other".into();
        let new = record(
            vec![renamed.clone(), a.clone(), r.clone()],
            vec![("has_amount", "other", &a.id)],
        );
        let d = diff("v1", &[old], "v2", &[new]);
        assert_eq!(d.relation_types["located_in"].removed, 1);
        assert!(!d.relation_types.contains_key("has_amount"));
        assert_eq!(d.documents["d"].relations_removed[0].to.start, 9);
        assert!(to_text(&d).contains("| located_in | 0 | 1 |"));
    }
}
