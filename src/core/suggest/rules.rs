//! The built-in rule extractor behind `biaozhu suggest`: amounts (numerals, units, currencies and
//! qualifiers), regions (the pinned GB/T 2260 gazetteer in `assets/gazetteer/`, short forms, and
//! development-zone suffixes after a place), projects (quoted names and names ending in
//! 项目/基地/产业园/工程/中心 led by a company or place), and mechanisms (quoted terms ending in
//! 制/机制/审批/服务/模式/开工, and the curated list in `assets/rules.ron`).
//!
//! Rules run on the text folded to simplified script one character for one, so traditional text
//! matches and offsets stay those of the document.

use crate::core::annotate::values::{self, AMOUNT};
use crate::core::data::model::{Attrs, Span};
use crate::core::data::problem::Problem;
use regex::Regex;
use serde::Deserialize;

use std::collections::HashSet;
use std::sync::LazyLock;

/// The default word lists.
pub const DEFAULT_RULES_RON: &str = include_str!("../../../assets/rules.ron");

/// The word lists of `rules.ron`.
#[derive(Clone, Debug, Deserialize)]
pub struct Rules {
    /// Named mechanisms.
    pub mechanisms: Vec<String>,
    /// Regions outside the gazetteer.
    pub regions: Vec<String>,
    /// Words that mark a company at the head of a project name.
    pub company_markers: Vec<String>,
    /// The mechanisms folded as a text is ([`mechanisms`]) with their lengths in code points,
    /// folded once, on first use, not once per document.
    #[serde(skip)]
    folded_mechanisms: std::sync::OnceLock<Vec<(String, usize)>>,
}

impl Rules {
    /// Parses `rules.ron`; the caller names the file.
    pub fn from_ron(text: &str) -> Result<Self, Problem> {
        ron::from_str(text).map_err(|e| Problem::new(e.to_string()))
    }

    /// The mechanisms, folded, with their lengths in code points (empty ones left out).
    fn folded_mechanisms(&self) -> &[(String, usize)] {
        self.folded_mechanisms.get_or_init(|| {
            self.mechanisms
                .iter()
                .map(|name| crate::core::annotate::find::fold(&values::fold_amount_text(name)))
                .filter(|needle| !needle.is_empty())
                .map(|needle| (needle.iter().collect(), needle.len()))
                .collect()
        })
    }
}

/// Every prefix of every gazetteer name, so a scan stops as soon as no name can match.
static PREFIXES: LazyLock<HashSet<String>> = LazyLock::new(|| {
    let mut set = HashSet::new();
    for name in crate::core::data::gazetteer::PLACES.keys() {
        let mut prefix = String::new();
        for c in name.chars() {
            prefix.push(c);
            set.insert(prefix.clone());
        }
    }
    set
});

/// The first two code points of every gazetteer name, as `first << 32 | second`, sorted: a
/// name (two code points at least) can start only where the text's two code points are one of
/// these (or an extra region's), so the region rule skips the other positions without building
/// and hashing candidates.
static FIRST_PAIRS: LazyLock<Vec<u64>> = LazyLock::new(|| {
    let mut pairs: Vec<u64> = crate::core::data::gazetteer::PLACES
        .keys()
        .filter_map(|name| first_pair(name))
        .collect();
    pairs.sort_unstable();
    pairs.dedup();
    pairs
});

/// Whether a gazetteer name starts with the code point, a bit per Basic Multilingual Plane code
/// point (all set when a name starts outside it): a cheaper first test than [`FIRST_PAIRS`].
static FIRST_CHARS: LazyLock<Vec<bool>> = LazyLock::new(|| {
    let mut bits = vec![false; 0x10000];
    for &pair in FIRST_PAIRS.iter() {
        match bits.get_mut((pair >> 32) as usize) {
            Some(b) => *b = true,
            None => bits.iter_mut().for_each(|b| *b = true),
        }
    }
    bits
});

/// The first two code points of `name` as one number.
fn first_pair(name: &str) -> Option<u64> {
    let mut chars = name.chars();
    Some((chars.next()? as u64) << 32 | chars.next()? as u64)
}

/// Whether a name of the gazetteer, or of `extra` (the extra regions' first pairs), can start
/// at `i`: when not, [`longest_place`] finds nothing there.
fn may_start_place(folded: &[char], i: usize, extra: &[u64]) -> bool {
    let Some(&next) = folded.get(i + 1) else {
        return false;
    };
    let pair = (folded[i] as u64) << 32 | next as u64;
    let gazetteer = FIRST_CHARS.get(folded[i] as usize).is_none_or(|&b| b)
        && FIRST_PAIRS.binary_search(&pair).is_ok();
    gazetteer || extra.contains(&pair)
}

/// The longest name (2 to 12 code points) starting at `i` of the folded text that is in the
/// gazetteer or in `extra`.
fn longest_place(folded: &[char], i: usize, extra: &[String]) -> Option<usize> {
    let mut cand = String::new();
    let mut found = None;
    for len in 1..=12.min(folded.len() - i) {
        cand.push(folded[i + len - 1]);
        let in_extra = |c: &str| extra.iter().any(|r| r.starts_with(c));
        if !PREFIXES.contains(&cand) && !in_extra(&cand) {
            break;
        }
        if len >= 2
            && (crate::core::data::gazetteer::PLACES.contains_key(&cand) || extra.contains(&cand))
        {
            found = Some(len);
        }
    }
    found
}

/// The gazetteer names in a folded (simplified) text: the longest at each position, left to
/// right, without the development-zone suffixes the region rule adds. Code-point ranges.
pub fn gazetteer_matches(folded: &[char]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < folded.len() {
        if !may_start_place(folded, i, &[]) {
            i += 1;
            continue;
        }
        match longest_place(folded, i, &[]) {
            Some(len) => {
                out.push((i, i + len));
                i += len;
            }
            None => i += 1,
        }
    }
    out
}

static ZONE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(经济技术开发区|高新技术产业开发区|开发区|高新区|新区|园区)").expect("valid")
});
static QUOTED: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"[“「『\x22]([^”」』\x22\n]{2,20})[”」』\x22]").expect("valid"));
static PROJECT_SUFFIX: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(一期工程|二期工程|项目|基地|产业园|工程|中心)").expect("valid"));

/// What a project name may not contain when extended to the left.
fn stops_project(c: char) -> bool {
    !(c.is_alphanumeric()) || "的在了和与及是为将把对从向于等该此其个亿万元".contains(c)
}

/// Runs every rule over `text` and returns sorted, de-duplicated spans with typed attributes.
pub fn suggest(text: &str, rules: &Rules) -> Vec<Span> {
    suggest_folded(
        text,
        values::fold_amount_text(text).chars().collect(),
        rules,
    )
    .0
}

/// [`suggest`] for a caller that has folded `text` already (`folded` is
/// `values::fold_amount_text(text)` as code points), so it is not folded twice; with the ranges
/// shaped like an amount that are thresholds describing a class of projects (guidelines §2.2:
/// 10亿元以上项目46个, 新签约超10亿元项目), which the rules do not suggest.
pub fn suggest_folded(
    text: &str,
    folded: Vec<char>,
    rules: &Rules,
) -> (Vec<Span>, Vec<(usize, usize)>) {
    let folded = Folded::new(folded);
    let original: Vec<char> = text.chars().collect();
    let mut out: Found = Vec::new();
    let thresholds = amounts(&folded, &original, &mut out);
    regions(&folded, rules, &mut out);
    mechanisms(&folded, rules, &mut out);
    quoted_terms(&folded, &mut out);
    projects(&folded, rules, &mut out);
    (into_spans(out, &original), thresholds)
}

/// The spans found by the rules, in the order found: range, label and attributes.
type Found = Vec<(usize, usize, &'static str, Attrs)>;

/// A text folded to simplified script for the rules, as code points and as a string.
struct Folded {
    chars: Vec<char>,
    text: String,
    /// Byte offsets of the folded text's code points, so a match's byte offset turns into a
    /// code-point offset by a binary search (counting from the start each time is quadratic).
    char_starts: Vec<usize>,
}

impl Folded {
    /// The folded text from its code points.
    fn new(chars: Vec<char>) -> Self {
        let text: String = chars.iter().collect();
        let char_starts: Vec<usize> = text.char_indices().map(|(b, _)| b).collect();
        Folded {
            chars,
            text,
            char_starts,
        }
    }

    /// The code-point offset of byte offset `b` of the folded text.
    fn byte_to_char(&self, b: usize) -> usize {
        self.char_starts.partition_point(|&x| x < b)
    }
}

/// Amounts; a threshold that describes a class of projects (10亿元以上项目) is not an amount.
/// Returns the thresholds' ranges.
fn amounts(f: &Folded, original: &[char], out: &mut Found) -> Vec<(usize, usize)> {
    let mut thresholds = Vec::new();
    for ((s, e), threshold) in amount_runs(f) {
        if threshold {
            thresholds.push((s, e));
            continue;
        }
        let attrs =
            values::amount_attrs(&original[s..e].iter().collect::<String>()).unwrap_or_default();
        out.push((s, e, "amount", attrs));
    }
    thresholds
}

/// Every run shaped like an amount, with whether it is a threshold.
fn amount_runs(f: &Folded) -> Vec<((usize, usize), bool)> {
    let folded = &f.chars;
    let found: Vec<(usize, usize)> = AMOUNT
        .find_iter(&f.text)
        .map(|m| (f.byte_to_char(m.start()), f.byte_to_char(m.end())))
        .collect();
    let mut threshold: Vec<bool> = found
        .iter()
        .map(|&(s, e)| is_threshold(folded, s, e))
        .collect();
    // 5亿元及3000万美元以上项目: the first of two coordinated thresholds is one too.
    for k in (0..found.len().saturating_sub(1)).rev() {
        let (e, next) = (found[k].1, found[k + 1].0);
        if threshold[k + 1] && next == e + 1 && "及和、或与".contains(folded[e]) {
            threshold[k] = true;
        }
    }
    found.into_iter().zip(threshold).collect()
}

/// Regions: the longest gazetteer name at each position, then zone suffixes after a place.
fn regions(f: &Folded, rules: &Rules, out: &mut Found) {
    let folded = &f.chars;
    let extra: Vec<u64> = rules.regions.iter().filter_map(|r| first_pair(r)).collect();
    let mut i = 0;
    while i < folded.len() {
        if !may_start_place(folded, i, &extra) {
            i += 1;
            continue;
        }
        let found = longest_place(folded, i, &rules.regions)
            .map(|len| (len, folded[i..i + len].iter().collect::<String>()));
        if let Some((len, name)) = found {
            let mut end = i + len;
            let rest: String = folded[end..folded.len().min(end + 10)].iter().collect();
            if let Some(z) = ZONE.find(&rest)
                && z.start() == 0
            {
                end += z.as_str().chars().count();
            }
            let attrs = if end == i + len {
                crate::core::annotate::values::place_attrs(&name)
            } else {
                Attrs::new()
            };
            out.push((i, end, "region", attrs));
            i = end;
        } else {
            i += 1;
        }
    }
}

/// Mechanisms of the curated list: each name, folded as the text is, found in the folded text
/// left to right without overlaps (as `annotate::find::find_folded` finds it, by the standard
/// library's substring search rather than a comparison at every code point).
fn mechanisms(f: &Folded, rules: &Rules, out: &mut Found) {
    for (needle, n) in rules.folded_mechanisms() {
        let n = *n;
        for (b, _) in f.text.match_indices(needle.as_str()) {
            let a = f.byte_to_char(b);
            out.push((a, a + n, "mechanism", Attrs::new()));
        }
    }
}

/// Quoted terms: mechanisms by their ending, projects by their suffix.
fn quoted_terms(f: &Folded, out: &mut Found) {
    for caps in QUOTED.captures_iter(&f.text) {
        let inner = caps.get(1).expect("group 1");
        let term = inner.as_str();
        let (s, e) = (f.byte_to_char(inner.start()), f.byte_to_char(inner.end()));
        if ["制", "机制", "审批", "服务", "模式", "开工"]
            .iter()
            .any(|x| term.ends_with(x))
            && term.chars().count() <= 12
        {
            out.push((s, e, "mechanism", Attrs::new()));
        } else if PROJECT_SUFFIX
            .find(term)
            .is_some_and(|m| m.end() == term.len())
        {
            out.push((s, e, "project", Attrs::new()));
        }
    }
}

/// Projects: a suffix, extended left over the name, led by a company or a place.
fn projects(f: &Folded, rules: &Rules, out: &mut Found) {
    let folded = &f.chars;
    for m in PROJECT_SUFFIX.find_iter(&f.text) {
        let end = f.byte_to_char(m.end());
        let suffix_start = f.byte_to_char(m.start());
        let mut start = suffix_start;
        while start > 0 && suffix_start - start < 20 && !stops_project(folded[start - 1]) {
            start -= 1;
        }
        // 产业园 in 产业园项目 or 产业园一期工程 is not a name of its own: keep the longest.
        let rest: String = folded[end..folded.len().min(end + 4)].iter().collect();
        if PROJECT_SUFFIX.find(&rest).is_some_and(|n| n.start() == 0) {
            continue;
        }
        let name: String = folded[start..end].iter().collect();
        let head_is_place = (2..=6.min(suffix_start - start)).any(|n| {
            crate::core::data::gazetteer::PLACES
                .contains_key(&folded[start..start + n].iter().collect::<String>())
        });
        let has_company = rules
            .company_markers
            .iter()
            .any(|w| name[..name.len() - m.as_str().len()].contains(w.as_str()));
        if suffix_start - start >= 2 && (head_is_place || has_company) {
            out.push((start, end, "project", Attrs::new()));
        }
    }
}

/// Sorts the found spans, keeps the first of each range and label, and numbers them s1, s2, ...
/// with the document's text.
fn into_spans(mut out: Found, original: &[char]) -> Vec<Span> {
    out.sort_by(|a, b| (a.0, a.1, a.2).cmp(&(b.0, b.1, b.2)));
    out.dedup_by(|a, b| (a.0, a.1, a.2) == (b.0, b.1, b.2));
    out.into_iter()
        .enumerate()
        .map(|(n, (s, e, label, attrs))| Span {
            id: format!("s{}", n + 1),
            start: s,
            end: e,
            label: label.into(),
            text: original[s..e].iter().collect(),
            attrs,
        })
        .collect()
}

/// The rules of the dataset at `root`: its own `rules.ron` when present, else the default. A
/// `rules.ron` that does not parse is invalid data at its path; one that cannot be read (other
/// than missing) is an I/O error.
pub fn dataset_rules(root: &std::path::Path) -> crate::core::data::error::Result<Rules> {
    let path = root.join(crate::core::data::layout::RULES_FILE);
    let text = crate::core::data::layout::optional_rules_text(&path, DEFAULT_RULES_RON)?;
    Rules::from_ron(&text).map_err(|p| p.in_file(&path))
}

/// Whether the amount at `s..e` of the folded text is a threshold that describes a class of
/// projects rather than money: its 项目 follows within the same clause (10亿元以上项目46个;
/// 总投资20亿元，新增项目用地 is an amount), or a count follows 以上 at once (10亿元以上400多个).
fn is_threshold(folded: &[char], s: usize, e: usize) -> bool {
    let after: String = folded[e..folded.len().min(e + 6)]
        .iter()
        .take_while(|c| !c.is_whitespace() && !is_clause_break(**c))
        .collect();
    let counted = folded[s..e].ends_with(&['以', '上'])
        && folded
            .get(e)
            .is_some_and(|c| c.is_ascii_digit() || "一二三四五六七八九十两".contains(*c));
    after.contains("项目") || counted
}

/// Punctuation that ends a clause (a threshold and its 项目 never straddle one).
fn is_clause_break(c: char) -> bool {
    matches!(
        c,
        '，' | ',' | '。' | '；' | ';' | '：' | ':' | '！' | '？' | '、' | '（' | '）' | '(' | ')'
    )
}

#[cfg(test)]
mod tests;
