//! Project-name candidates, from the guidelines' definition of a project (§2.1): the whole name
//! with its suffix (项目, 基地, 产业园, 工程, 厂, 园区…), the phase that follows it (一期工程,
//! 二期项目), the owner or company part in front, and not what precedes the name (总投资20亿元的,
//! 新开工的) nor a class of projects without a name (重大项目, 在建项目). Each candidate runs
//! back from its suffix to a boundary cue; whether it is a project is for the model to learn, from
//! where the candidate starts, how long it is, what it ends with and whether its name is only a
//! place (海安项目 names no project).

use super::super::context::place_in_run;
use std::collections::HashMap;

/// Endings of a project's name (guidelines §2.1, with 工厂 and 中心 of the same kind), longest
/// first so that 产业园 wins over 园区's shorter kin.
pub const PROJECT_SUFFIXES: [&str; 8] = [
    "产业园",
    "项目",
    "工程",
    "基地",
    "园区",
    "工厂",
    "中心",
    "厂",
];

/// Phase words that continue a name (罗莱智慧产业园一期工程, XX基地二期项目).
const PHASES: [&str; 5] = ["一期", "二期", "三期", "四期", "五期"];

/// Words that end right before a project's name and are not part of it: investment, building
/// and signing verbs, and descriptors (百亿级, 在建).
const CUES: [&str; 24] = [
    "总投资",
    "投资",
    "签约",
    "开工",
    "建设",
    "落户",
    "推进",
    "引进",
    "打造成",
    "打造",
    "建成",
    "位于",
    "在建",
    "新建",
    "续建",
    "包括",
    "实施",
    "加快",
    "启动",
    "服务",
    "竣工",
    "投产",
    "开建",
    "级",
];

/// Verbs after which a name is what something is to become or counts as, not a project of its
/// own: the predicate of 打造成, 成为, 定位为, 作为 describes its subject (项目致力于打造成…基地,
/// a goal; 项目作为…重大产业项目, a class). Longest first; checked before [`CUES`]. Not 建成 or
/// 建设成: 将建成甲乙中心 finishes a project, and 建设成都… is 建设 before a place.
const PREDICATE_CUES: [&str; 8] = [
    "建设成为",
    "打造成为",
    "打造成",
    "打造为",
    "定位为",
    "升级为",
    "成为",
    "作为",
];

/// Characters that cannot stand inside a name (function words, and the units of an amount).
const STOPS: &str = "的在了和与及是为将把对从向于等该此其个亿万元";

/// Words that, right before a suffix, make a class of projects rather than a name (重大项目,
/// 全市重点工程, 一批项目).
const CLASS_WORDS: [&str; 12] = [
    "重大", "重点", "在建", "新建", "续建", "一批", "这个", "这些", "产业", "招商", "签约", "开工",
];

/// The longest name before the suffix that a candidate takes.
const MAX_NAME: usize = 20;

/// What stands before a candidate: 1 punctuation, a space or the start of the text, 2 的,
/// 3 a cue word ([`CUES`]), 4 another function character, 5 a project suffix (重大项目XX…),
/// 6 an amount, 7 nothing (the run was cut at [`MAX_NAME`]), 8 a verb that makes the name a
/// predicate ([`PREDICATE_CUES`]).
pub type Before = u8;

/// One candidate: the code points `start..end`, the suffix's index in [`PROJECT_SUFFIXES`] (of
/// the last suffix of the name), what stands before it, and whether its name (without the
/// suffix) is only a place name of the gazetteer.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Candidate {
    pub start: usize,
    /// Where the name ends and the suffix begins.
    pub name_end: usize,
    pub end: usize,
    pub suffix: u8,
    pub before: Before,
    pub place_only: bool,
}

/// Whether `word` stands in `chars` at `at`.
fn at_word(chars: &[char], at: usize, word: &str) -> bool {
    let mut rest = chars.get(at..).unwrap_or(&[]).iter();
    word.chars().all(|c| rest.next() == Some(&c))
}

/// Whether `word` ends in `chars` right before `at`.
fn ends_at(chars: &[char], at: usize, word: &str) -> bool {
    let n = word.chars().count();
    at >= n && at_word(chars, at - n, word)
}

/// The suffix starting at `at` (index, length).
fn suffix_at(chars: &[char], at: usize) -> Option<(u8, usize)> {
    PROJECT_SUFFIXES
        .iter()
        .position(|s| at_word(chars, at, s))
        .map(|k| (k as u8, PROJECT_SUFFIXES[k].chars().count()))
}

/// The project-name candidates of `chars`; `places` are the gazetteer's matches and
/// `amount_ends` where amounts end (in any order).
pub fn project_candidates(
    chars: &[char],
    places: &[(usize, usize)],
    amount_ends: &[usize],
) -> Vec<Candidate> {
    let mut amount_ends = amount_ends.to_vec();
    amount_ends.sort_unstable();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let Some((mut suffix, len)) = suffix_at(chars, i) else {
            i += 1;
            continue;
        };
        // The name runs on over further suffixes and phases: 产业园一期工程, 基地项目. 项目 is the
        // outermost ending, so only a phase continues it; an ending right after it (甲项目工程建设)
        // makes a second, longer candidate over the same name (甲项目工程), the other reading.
        let mut end = i + len;
        let mut only_phase = PROJECT_SUFFIXES[suffix as usize] == "项目";
        loop {
            if let Some((k, l)) = suffix_at(chars, end).filter(|_| !only_phase) {
                (suffix, end) = (k, end + l);
                only_phase = PROJECT_SUFFIXES[k as usize] == "项目";
            } else if let Some(p) = PHASES.iter().find(|p| at_word(chars, end, p)) {
                end += p.chars().count();
                only_phase = false;
            } else {
                break;
            }
        }
        let (start, before) = name_start(chars, i, &amount_ends);
        let name = &chars[start..i];
        let class = CLASS_WORDS.iter().any(|w| ends_at(name, name.len(), w));
        if !name.is_empty() && !class {
            let place_only = places.iter().any(|&(s, e)| s == start && e == i);
            out.push(Candidate {
                start,
                name_end: i,
                end,
                suffix,
                before,
                place_only,
            });
        }
        i = end;
    }
    out
}

/// Where the name before the suffix at `suffix_start` begins, and what stands before it
/// (`amount_ends` sorted).
fn name_start(chars: &[char], suffix_start: usize, amount_ends: &[usize]) -> (usize, Before) {
    let mut start = suffix_start;
    loop {
        if start == 0 {
            return (start, 1);
        }
        if amount_ends.binary_search(&start).is_ok() {
            return (start, 6);
        }
        if PREDICATE_CUES.iter().any(|w| ends_at(chars, start, w)) {
            return (start, 8);
        }
        if CUES.iter().any(|w| ends_at(chars, start, w)) {
            return (start, 3);
        }
        if start < suffix_start && PROJECT_SUFFIXES.iter().any(|w| ends_at(chars, start, w)) {
            return (start, 5);
        }
        let c = chars[start - 1];
        if c == '的' {
            return (start, 2);
        }
        if STOPS.contains(c) {
            return (start, 4);
        }
        if !(c.is_alphanumeric() || c == '+' || c == '-') {
            return (start, 1);
        }
        if suffix_start - start >= MAX_NAME {
            return (start, 7);
        }
        start -= 1;
    }
}

/// Short mentions of the projects `found` in a text (start, end, probability): each candidate
/// of `candidates` whose name (two code points or more, not only a place) begins a longer found
/// project and that overlaps none, with the probability of that project (the most probable
/// one). The guidelines label a project wherever it is named, the company's short name and its
/// suffix too (甲乙项目 after 甲乙智慧产业园一期工程).
pub fn short_mentions(
    chars: &[char],
    candidates: &[Candidate],
    found: &[(usize, usize, f64)],
) -> Vec<(usize, usize, f64)> {
    // The found projects by their first character, and the code points they cover: a long
    // document has thousands of both.
    let mut by_first: HashMap<char, Vec<(usize, usize, f64)>> = HashMap::new();
    let mut taken = vec![false; chars.len()];
    for &f in found {
        by_first.entry(chars[f.0]).or_default().push(f);
        taken[f.0..f.1].iter_mut().for_each(|t| *t = true);
    }
    let mut out = Vec::new();
    for c in candidates {
        let name = &chars[c.start..c.name_end];
        if c.place_only || name.len() < 2 || taken[c.start..c.end].iter().any(|&t| t) {
            continue;
        }
        let repeated = by_first
            .get(&name[0])
            .into_iter()
            .flatten()
            .filter(|f| f.1 - f.0 > c.end - c.start && chars[f.0..f.1].starts_with(name))
            .map(|f| f.2)
            .max_by(f64::total_cmp);
        if let Some(p) = repeated {
            out.push((c.start, c.end, p));
        }
    }
    out
}

/// The other mentions of the projects `found` in a text (start, end, probability): every
/// candidate of `candidates` (not only a place) whose text is the whole text of a found project,
/// that overlaps no found project and is not the range of a span of another label (`others`),
/// with the probability of the most probable mention found. Guidelines §1 label every mention
/// of an entity, not only the first; the model, reading a window, may miss the one whose
/// context differs (a name before a comma that one of the same name after 作为 would have
/// caught). Only where a candidate stands: a copy inside a longer name or a company's name is
/// none.
pub fn other_mentions(
    chars: &[char],
    candidates: &[Candidate],
    found: &[(usize, usize, f64)],
    others: &std::collections::HashSet<(usize, usize)>,
) -> Vec<(usize, usize, f64)> {
    let mut names: HashMap<&[char], f64> = HashMap::new();
    let mut taken = vec![false; chars.len()];
    for &(s, e, p) in found {
        let best = names.entry(&chars[s..e]).or_insert(p);
        *best = best.max(p);
        taken[s..e].iter_mut().for_each(|t| *t = true);
    }
    candidates
        .iter()
        .filter(|c| !c.place_only && !others.contains(&(c.start, c.end)))
        .filter(|c| !taken[c.start..c.end].iter().any(|&t| t))
        .filter_map(|c| Some((c.start, c.end, *names.get(&chars[c.start..c.end])?)))
        .collect()
}

/// The ranges of the candidates whose name is only a place (海安项目): the projects of a place,
/// a class without a name (guidelines §2.1), which are not suggested as projects.
pub fn place_only(candidates: &[Candidate]) -> std::collections::HashSet<(usize, usize)> {
    candidates
        .iter()
        .filter(|c| c.place_only)
        .map(|c| (c.start, c.end))
        .collect()
}

/// The length of a candidate, bucketed: up to 3, 4–5, 6–8, 9–12, 13 and more.
fn length_bucket(n: usize) -> u8 {
    match n {
        0..=3 => 1,
        4..=5 => 2,
        6..=8 => 3,
        9..=12 => 4,
        _ => 5,
    }
}

/// Per code point, what the candidate it is in says, packed for the feature templates: its
/// place in the candidate (1 first, 2 inside, 3 last, 4 the only one; 0 outside any), its length
/// bucket, the suffix, what stands before and whether the name is only a place.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct InCandidate {
    pub place: u8,
    pub length: u8,
    pub suffix: u8,
    pub before: Before,
    pub place_only: bool,
}

/// The candidates of `chars`, with the gazetteer's `places` and the rules' `amounts`, and
/// [`InCandidate`] for every code point.
pub fn observe(
    chars: &[char],
    places: &[(usize, usize)],
    amounts: &[(usize, usize)],
) -> (Vec<Candidate>, Vec<InCandidate>) {
    let ends: Vec<usize> = amounts.iter().map(|&(_, e)| e).collect();
    let candidates = project_candidates(chars, places, &ends);
    let per = per_code_point(chars.len(), &candidates);
    (candidates, per)
}

/// [`InCandidate`] for every code point of a text of `n` code points (where two candidates
/// overlap, 甲项目 and 甲项目工程, the later one).
pub fn per_code_point(n: usize, candidates: &[Candidate]) -> Vec<InCandidate> {
    let mut out = vec![InCandidate::default(); n];
    for c in candidates {
        let len = c.end - c.start;
        for (k, slot) in out[c.start..c.end].iter_mut().enumerate() {
            *slot = InCandidate {
                place: place_in_run(len, k),
                length: length_bucket(len),
                suffix: c.suffix,
                before: c.before,
                place_only: c.place_only,
            };
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chars(s: &str) -> Vec<char> {
        s.chars().collect()
    }

    fn texts(s: &str, places: &[(usize, usize)], amounts: &[usize]) -> Vec<(String, Before)> {
        let c = chars(s);
        project_candidates(&c, places, amounts)
            .iter()
            .map(|k| (c[k.start..k.end].iter().collect(), k.before))
            .collect()
    }

    #[test]
    fn a_candidate_runs_back_from_its_suffix_to_a_boundary() {
        assert_eq!(
            texts("总投资20亿元的甲乙新能源项目开工", &[], &[7]),
            vec![("甲乙新能源项目".to_string(), 2)],
            "the amount and 的 stay outside"
        );
        assert_eq!(
            texts("在建重大项目丙丁智慧产业园一期工程现场", &[], &[]),
            vec![("丙丁智慧产业园一期工程".to_string(), 5)],
            "重大项目 is a class, and the phase and its 工程 are inside"
        );
        assert_eq!(
            texts("，戊己项目可以签约", &[], &[]),
            vec![("戊己项目".to_string(), 1)]
        );
        assert_eq!(
            texts("，戊己项目工程建设，戊己基地项目二期工程", &[], &[]),
            vec![
                ("戊己项目".to_string(), 1),
                ("戊己项目工程".to_string(), 1),
                ("戊己基地项目二期工程".to_string(), 1)
            ],
            "项目 ends a candidate, the ending after it makes another; a phase continues it"
        );
        assert_eq!(
            texts("百亿级庚辛太阳能项目", &[], &[]),
            vec![("庚辛太阳能项目".to_string(), 3)],
            "级 ends a descriptor"
        );
        assert_eq!(
            texts("致力于打造成大型装备制造基地", &[], &[]),
            vec![("大型装备制造基地".to_string(), 8)],
            "a goal: the predicate of 打造成"
        );
        assert_eq!(
            texts("，将成为区域物流中心，打造甲乙物流中心", &[], &[]),
            vec![
                ("区域物流中心".to_string(), 8),
                ("甲乙物流中心".to_string(), 3)
            ],
            "成为 makes a predicate, 打造 alone an object"
        );
        assert_eq!(
            texts("，建设成都甲乙项目，将建成丙丁中心", &[], &[]),
            vec![("成都甲乙项目".to_string(), 3), ("丙丁中心".to_string(), 3)],
            "建设 before 成都, and 建成 finishes a project: objects, not predicates"
        );
    }

    #[test]
    fn a_class_of_projects_or_a_bare_suffix_is_no_candidate() {
        assert!(texts("全市重大项目和项目。", &[], &[]).is_empty());
        assert!(texts("，重点工程", &[], &[]).is_empty());
    }

    #[test]
    fn a_name_that_is_only_a_place_is_marked() {
        let c = chars("。海安项目建设。海安甲乙项目");
        let found = project_candidates(&c, &[(1, 3), (8, 10)], &[]);
        assert_eq!(found.len(), 2);
        assert!(found[0].place_only);
        assert!(!found[1].place_only, "a place leading a longer name");
        assert_eq!(
            place_only(&found).into_iter().collect::<Vec<_>>(),
            vec![(1, 5)]
        );
    }

    #[test]
    fn a_short_mention_of_a_found_project_is_one_too() {
        let c =
            chars("。甲乙智慧产业园一期工程现场。甲乙项目开工，海安项目和甲乙智慧产业园。丙项目");
        let candidates = project_candidates(&c, &[(22, 24)], &[]);
        let found = [(1, 12, 0.8), (35, 38, 0.9)];
        let short: Vec<(String, f64)> = short_mentions(&c, &candidates, &found)
            .iter()
            .map(|&(s, e, p)| (c[s..e].iter().collect(), p))
            .collect();
        assert_eq!(
            short,
            vec![
                ("甲乙项目".to_string(), 0.8),
                ("甲乙智慧产业园".to_string(), 0.8)
            ],
            "not the found ones again"
        );
        assert!(short_mentions(&c, &candidates, &[]).is_empty());
    }

    #[test]
    fn every_other_mention_of_a_found_project_is_one_too() {
        use std::collections::HashSet;
        let none = HashSet::new();
        let again = |text: &str, found: &[(usize, usize, f64)], others: &HashSet<_>| {
            let c = chars(text);
            other_mentions(&c, &project_candidates(&c, &[], &[]), found, others)
        };
        // 甲乙产业园 is found at 8..13 and 丙丁甲乙产业园 at 14..21. 甲乙产业园 stands again at 0
        // and at 22, and inside 丙丁甲乙产业园, which was found: that one is no other mention.
        let text = "甲乙产业园开工，甲乙产业园。丙丁甲乙产业园，甲乙产业园";
        let found = [(8, 13, 0.7), (14, 21, 0.9)];
        assert_eq!(again(text, &found, &none), vec![(0, 5, 0.7), (22, 27, 0.7)]);
        assert!(again(text, &[], &none).is_empty());
        // Inside a longer name that was not found: no candidate is 甲乙项目 there.
        assert!(again("丙甲乙项目开工，甲乙项目", &[(8, 12, 0.6)], &none).is_empty());
        // A range that is another label's span stays that.
        let text = "，甲乙产业园落成，甲乙产业园";
        assert_eq!(again(text, &[(9, 14, 0.8)], &none), vec![(1, 6, 0.8)]);
        let region: HashSet<(usize, usize)> = [(1, 6)].into_iter().collect();
        assert!(again(text, &[(9, 14, 0.8)], &region).is_empty());
    }

    #[test]
    fn every_code_point_knows_its_place_in_the_candidate() {
        let c = chars("的甲项目。");
        let per = per_code_point(c.len(), &project_candidates(&c, &[], &[]));
        let places: Vec<u8> = per.iter().map(|p| p.place).collect();
        assert_eq!(places, vec![0, 1, 2, 3, 0]);
        assert_eq!(per[1].suffix, 1, "项目");
        assert_eq!(per[1].length, 1);
        assert_eq!(per[1].before, 2);
    }
}
