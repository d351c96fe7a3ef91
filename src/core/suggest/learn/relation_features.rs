//! The candidate pairs of the learned linker and what it sees of each: for every span a
//! relation type of `labels.ron` can point at (from a `Project` label), the projects near it —
//! the one whose name encloses it, those of its paragraph, and the nearest one before it within
//! [`REACH`] code points — each pair with the features a linguist would name, drawn from the
//! guidelines (§4 and the label sections), not from the strings of any document:
//!
//! - where the two are: direction (project before, after, or around the target), the distance in
//!   code points and in clauses, sentence and paragraph boundaries between them, the projects and
//!   the spans of the target's label between them, whether the project is the nearest one before
//!   (guidelines §4: a relation starts at the mention nearest before its target) or after, and the
//!   last mention of its name;
//! - what lies between: the character bigrams of the gap (its first and last [`GAP_CAP`] code
//!   points), and the cue words of the guidelines in it and around the target: investment words
//!   (投资, 总投资, 计划投资, 投入), figures that are not a project's investment (销售, 产值, 税收,
//!   带动…), locatives (位于, 落户, 地处, 在), a country or party of origin or signing (来自, 与…签约),
//!   a government body after a place (管委会, 政府), 的 after the target (the amount before 的 of
//!   总投资X的Y项目), a mechanism applied (采用, 实行, 推行…), a reference back to a project in
//!   the target's sentence (该项目, 该工程, a bare 项目), and a class of projects (重点项目,
//!   重大项目, 一批, 各类…: guidelines §4 link no policy applied to a class);
//! - the rules' own link (`suggest::relations`), which the model starts from as a prior.
//!
//! A mechanism's project is often named paragraphs before, and the paragraph says 该项目 (or
//! 该工程, 该基地) before the mechanism: guidelines §4 read it as the last full mention, so the
//! project nearest before the reference is a candidate at any distance, and where the two are and
//! what lies between is measured from the reference (`via_reference`). Amounts and places are
//! given beside the name, and following the reference for them was measured to cost more than
//! it gained (docs/learning.md).

use super::relation_cues::{self as cues_of, cues};
use crate::core::data::labels::{LabelSchema, Role};
use crate::core::data::model::Span;
use std::collections::BTreeSet;

/// How far before a target (in code points) the nearest project of an earlier paragraph is
/// still a candidate.
pub const REACH: usize = 300;
/// Candidates per target at most, nearest first (the enclosing project and the nearest before
/// are always kept).
pub const MAX_CANDIDATES: usize = 8;
/// Code points taken from each end of a long gap for its bigrams.
pub const GAP_CAP: usize = 8;

/// One (project, target) candidate: span indexes, the relation type, and its features.
#[derive(Clone, Debug)]
pub struct Pair {
    /// Index of the project span.
    pub project: usize,
    /// Index of the target span.
    pub target: usize,
    /// The relation type (declared in labels.ron from a project label to the target's label).
    pub kind: String,
    /// Feature names, each prefixed with the type.
    pub features: Vec<String>,
}

mod units;
pub use units::Units;
use units::{ends_clause, ends_sentence};

/// Whether `a` lies inside `b` (and is not `b`'s whole range).
fn inside(a: &Span, b: &Span) -> bool {
    b.start <= a.start && a.end <= b.end && (b.end - b.start) > (a.end - a.start)
}

/// The code points between two spans (0 when they overlap).
fn gap(a: &Span, b: &Span) -> usize {
    if a.end <= b.start {
        b.start - a.end
    } else {
        a.start.saturating_sub(b.end)
    }
}

fn bucket(n: usize) -> usize {
    match n {
        0 => 0,
        1 => 1,
        2..=3 => 2,
        4..=7 => 3,
        8..=15 => 4,
        16..=31 => 5,
        32..=63 => 6,
        64..=127 => 7,
        128..=255 => 8,
        256..=511 => 9,
        _ => 10,
    }
}

/// The relation type from a project label to `label`, if one is declared.
fn kind_to<'a>(labels: &'a LabelSchema, label: &str) -> Option<&'a str> {
    labels
        .relations
        .iter()
        .find(|r| labels.role_of(&r.from) == Some(Role::Project) && r.to == label)
        .map(|r| r.name.as_str())
}

/// The candidate pairs of a document's spans, with their features; `rules` holds the rules'
/// links as (project id, target id, type).
pub fn pairs(
    units: &Units,
    spans: &[Span],
    labels: &LabelSchema,
    rules: &BTreeSet<(String, String, String)>,
) -> Vec<Pair> {
    let projects: Vec<usize> = (0..spans.len())
        .filter(|&i| labels.role_of(&spans[i].label) == Some(Role::Project))
        .collect();
    let mut out = Vec::new();
    for (ti, t) in spans.iter().enumerate() {
        if projects.contains(&ti) {
            continue;
        }
        let Some(kind) = kind_to(labels, &t.label) else {
            continue;
        };
        let follow = labels.role_of(&t.label) == Some(Role::Mechanism);
        let target = Target::new(units, spans, &projects, ti, follow);
        for pi in candidates(units, spans, &projects, ti, &target) {
            let rule = rules.contains(&(spans[pi].id.clone(), t.id.clone(), kind.to_string()));
            let features = features(units, spans, &projects, (pi, ti), kind, rule, &target);
            out.push(Pair {
                project: pi,
                target: ti,
                kind: kind.to_string(),
                features,
            });
        }
    }
    out
}

/// The projects that may be `t`'s: around it, in its paragraph, the nearest before it within
/// [`REACH`] (at any distance when the paragraph refers back to a project with 该项目…), and the
/// one a 该项目 before it in its paragraph refers back to; nearest first, at most
/// [`MAX_CANDIDATES`] besides those.
fn candidates(
    units: &Units,
    spans: &[Span],
    projects: &[usize],
    ti: usize,
    target: &Target,
) -> Vec<usize> {
    let t = &spans[ti];
    let para = |i: usize| Units::at(&units.paragraph, i);
    let before = nearest_before(spans, projects, ti);
    let mut near: Vec<usize> = projects
        .iter()
        .copied()
        .filter(|&p| {
            let s = &spans[p];
            inside(t, s)
                || para(s.start) == para(t.start)
                || Some(p) == before
                || Some(p) == target.referred
        })
        .filter(|&p| {
            Some(p) != before
                || t.start.saturating_sub(spans[p].end) <= REACH
                || target.paragraph_refers_back()
        })
        .collect();
    near.sort_by_key(|&p| (gap(&spans[p], t), spans[p].start > t.start, p));
    let keep = |k: usize, p: usize| {
        k < MAX_CANDIDATES
            || Some(p) == before
            || Some(p) == target.referred
            || inside(t, &spans[p])
    };
    near.into_iter()
        .enumerate()
        .filter(|&(k, p)| keep(k, p))
        .map(|(_, p)| p)
        .collect()
}

/// The project ending nearest before target `ti` starts (not one around it).
fn nearest_before(spans: &[Span], projects: &[usize], ti: usize) -> Option<usize> {
    nearest_ending_by(spans, projects, spans[ti].start)
}

/// The project ending nearest before code point `at` (the longer of two ending there).
fn nearest_ending_by(spans: &[Span], projects: &[usize], at: usize) -> Option<usize> {
    projects
        .iter()
        .copied()
        .filter(|&p| spans[p].end <= at)
        .max_by_key(|&p| (spans[p].end, std::cmp::Reverse(spans[p].start)))
}

/// The project starting nearest after target `ti` ends.
fn nearest_after(spans: &[Span], projects: &[usize], ti: usize) -> Option<usize> {
    let t = &spans[ti];
    projects
        .iter()
        .copied()
        .filter(|&p| spans[p].start >= t.end)
        .min_by_key(|&p| (spans[p].start, p))
}

/// The features of the pair (project `pi`, target `ti`) of type `kind`. When a 该项目 in the
/// target's paragraph refers back to the project (guidelines §4: it points back to the last full
/// mention), the reference stands for the project's mention: where the two are and what lies
/// between is measured from it.
fn features(
    units: &Units,
    spans: &[Span],
    projects: &[usize],
    (pi, ti): (usize, usize),
    kind: &str,
    rule: bool,
    target: &Target,
) -> Vec<String> {
    let via_reference;
    let spans = match target.reference {
        Some((start, end)) if target.referred == Some(pi) => {
            let mut moved = spans.to_vec();
            moved[pi] = Span {
                start,
                end,
                ..spans[pi].clone()
            };
            via_reference = moved;
            via_reference.as_slice()
        }
        _ => spans,
    };
    let (p, t) = (&spans[pi], &spans[ti]);
    let dir = if inside(t, p) {
        "nested"
    } else if p.end <= t.start {
        "before"
    } else if t.end <= p.start {
        "after"
    } else {
        "overlap"
    };
    let mut f: Vec<String> = vec!["bias".into(), format!("dir={dir}")];
    if target.referred == Some(pi) {
        f.push("via_reference".into());
    }
    if rule {
        f.push("rule".into());
        f.push(format!("rule|dir={dir}"));
    }
    position(units, spans, projects, pi, ti, dir, &mut f);
    between(units, p, t, dir, &mut f);
    around_target(units, t, &mut f);
    reference(
        target,
        nearest_before(spans, projects, ti) == Some(pi),
        dir,
        &mut f,
    );
    f.sort();
    f.dedup();
    f.into_iter().map(|x| format!("{kind}|{x}")).collect()
}

/// Distances, boundaries, the spans between, nearest and last mention.
fn position(
    units: &Units,
    spans: &[Span],
    projects: &[usize],
    pi: usize,
    ti: usize,
    dir: &str,
    f: &mut Vec<String>,
) {
    let (p, t) = (&spans[pi], &spans[ti]);
    let (lo, hi) = if p.end <= t.start {
        (p.end, t.start)
    } else {
        (t.end.min(p.start), p.start.max(t.end))
    };
    let gap_text: Vec<char> = units.text(lo, hi).chars().collect();
    let clauses = gap_text.iter().filter(|&&c| ends_clause(c)).count();
    let sentences = gap_text.iter().filter(|&&c| ends_sentence(c)).count();
    let paragraphs = gap_text.iter().filter(|&&c| c == '\n').count();
    f.push(format!("dist={}|{dir}", bucket(gap(p, t))));
    f.push(format!("clauses={}|{dir}", clauses.min(4)));
    f.push(format!("sentences={}", sentences.min(3)));
    if paragraphs > 0 {
        f.push("paragraph_between".into());
    }
    let within = |s: &Span| lo <= s.start && s.end <= hi;
    let others = projects
        .iter()
        .filter(|&&q| q != pi && within(&spans[q]))
        .count();
    f.push(format!("projects_between={}|{dir}", others.min(2)));
    let same = spans
        .iter()
        .enumerate()
        .filter(|&(i, s)| i != ti && s.label == t.label && within(s))
        .count();
    f.push(format!("same_label_between={}|{dir}", same.min(2)));
    let nb = nearest_before(spans, projects, ti) == Some(pi);
    let na = nearest_after(spans, projects, ti) == Some(pi);
    let sent = Units::at(&units.sentence, p.start) == Units::at(&units.sentence, t.start);
    f.push(format!("nearest_before={nb}|same_sentence={sent}"));
    f.push(format!("nearest_after={na}|same_sentence={sent}"));
    let nested_elsewhere = projects.iter().any(|&q| q != pi && inside(t, &spans[q]));
    if nested_elsewhere {
        f.push("inside_another_project".into());
    }
    let t_sentence_has_project = projects.iter().any(|&q| {
        Units::at(&units.sentence, spans[q].start) == Units::at(&units.sentence, t.start)
    });
    f.push(format!(
        "target_sentence_has_project={t_sentence_has_project}"
    ));
    let later_same_name = projects.iter().any(|&q| {
        q != pi && spans[q].text == p.text && spans[q].end <= t.start && spans[q].start > p.start
    });
    if later_same_name {
        f.push("a_later_mention_of_the_name_before_target".into());
    }
}

/// The gap's bigrams and cue words.
fn between(units: &Units, p: &Span, t: &Span, dir: &str, f: &mut Vec<String>) {
    if dir == "nested" || dir == "overlap" {
        return;
    }
    let (lo, hi) = if p.end <= t.start {
        (p.end, t.start)
    } else {
        (t.end, p.start)
    };
    let gap: Vec<char> = units.text(lo, hi).chars().collect();
    if gap.is_empty() {
        f.push(format!("touching|{dir}"));
        return;
    }
    let mut parts: Vec<&[char]> = vec![&gap];
    if gap.len() > 2 * GAP_CAP {
        parts = vec![&gap[..GAP_CAP], &gap[gap.len() - GAP_CAP..]];
    }
    for part in parts {
        for w in part.windows(2) {
            f.push(format!("gap={}{}|{dir}", w[0], w[1]));
        }
        if part.len() == 1 {
            f.push(format!("gap={}|{dir}", part[0]));
        }
    }
    let text: String = gap.iter().collect();
    for c in cues(&text) {
        if c != "class" && c != "reference" {
            f.push(format!("gap_cue={c}|{dir}"));
        }
    }
}

/// Cue words just before the target (within its clause, at most 6 code points) and just after
/// it (5 code points).
fn around_target(units: &Units, t: &Span, f: &mut Vec<String>) {
    let mut from = t.start.saturating_sub(6);
    while from < t.start && units.text(from, t.start).chars().any(ends_clause) {
        from += 1;
    }
    let before = units.text(from, t.start);
    for c in cues(&before) {
        f.push(format!("pre_cue={c}"));
    }
    let after = units.text(t.end, t.end + 5);
    for c in cues(&after) {
        f.push(format!("post_cue={c}"));
    }
    if after.starts_with('的') {
        f.push("post=的".into());
    }
    if let Some(c) = before.chars().last() {
        f.push(format!("pre_char={c}"));
    }
}

/// What is the same for every candidate project of one target: the cues of its sentence
/// before it, whether a project of its own is there, and the last reference back to a project
/// (该项目…) in its paragraph before it, with the project it refers to (the nearest before it).
/// Found once per target, not once per pair.
struct Target {
    cues: Vec<&'static str>,
    own_project: bool,
    reference: Option<(usize, usize)>,
    referred: Option<usize>,
}

impl Target {
    fn new(units: &Units, spans: &[Span], projects: &[usize], ti: usize, follow: bool) -> Self {
        let t = &spans[ti];
        let start = units.sentence_start(t.start);
        let reference = units.reference_before(t.start);
        let referred = reference
            .filter(|_| follow)
            .and_then(|(r, _)| nearest_ending_by(spans, projects, r));
        Target {
            cues: cues(&units.text(start, t.start)),
            own_project: projects
                .iter()
                .any(|&q| spans[q].start >= start && spans[q].end <= t.start),
            reference,
            referred,
        }
    }

    /// Whether the target's paragraph refers back to a project (该项目…) before it.
    fn paragraph_refers_back(&self) -> bool {
        self.reference.is_some()
    }
}

/// A reference back to a project (该项目…) or a class of projects in the target's sentence,
/// before the target; `nb` whether the project is the nearest before it.
fn reference(target: &Target, nb: bool, dir: &str, f: &mut Vec<String>) {
    let (cue, own_project) = (&target.cues, target.own_project);
    if cue.contains(&"reference") && !own_project {
        f.push(format!("refers_back|nearest_before={nb}|{dir}"));
    }
    if cue.contains(&"class") {
        f.push(format!("class_of_projects|{dir}"));
    }
    if target.paragraph_refers_back() && !own_project {
        f.push(format!("paragraph_refers_back|nearest_before={nb}"));
    }
    if cue.contains(&"apply") {
        f.push(format!("applied|nearest_before={nb}"));
    }
}
