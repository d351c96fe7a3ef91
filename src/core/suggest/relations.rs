//! The rule extractor's relations: each amount, region and mechanism is linked to one project
//! of the same sentence, by the relation type `labels.ron` declares from the `Project` label to
//! its label. Spans are known by their labels' roles ([`Role`]), not by the labels' names.
//!
//! The rules, as they held on the sample and on the dev set of real articles
//! (`tests/interop/devset.py` measures them):
//! - a sentence ends at 。！？；, a line break, or the end of the text;
//! - a region inside a project's name is where that project is: it is linked to the project
//!   around it (the annotators of both sets do this every time);
//! - otherwise the nearest project wins, by the gap in code points between the two spans; on equal gaps
//!   the project before the span wins (Chinese news writes 项目…总投资…, 在…开工的…项目);
//! - an amount is linked only when an investment word (投资, 总投资, 投入, 签约, 落户) comes
//!   between the project and the amount, or right before the amount: sales, output and tax
//!   figures in the same sentence are not a project's amount;
//! - a mechanism is usually named in a later sentence than its project (项目…。该项目采用…): with
//!   no project in its sentence, it goes to the nearest project before it in the same paragraph,
//!   else to one that ends at most 200 code points before it.
//!
//! These rules were chosen by their relation F1 on the sample and the dev set, so the figures
//! `tests/interop/devset.py` prints for them are fitted, not held out.

use crate::core::data::labels::{LabelSchema, Role};
use crate::core::data::model::{Relation, Span};

/// Where sentences end.
fn ends_sentence(c: char) -> bool {
    matches!(c, '。' | '！' | '？' | '；' | '!' | '?' | ';' | '\n')
}

/// Words that tie an amount to a project.
const INVESTMENT_WORDS: [&str; 6] = ["投资", "投資", "投入", "签约", "簽約", "落户"];

/// How far before a mechanism its project may end when they are in different paragraphs.
const MECHANISM_REACH: usize = 200;

/// The number of the unit (sentence or paragraph) of every code point, units ending at `ends`.
fn units_of(chars: &[char], ends: impl Fn(char) -> bool) -> Vec<u32> {
    let mut n = 0;
    chars
        .iter()
        .map(|&c| {
            let here = n;
            if ends(c) {
                n += 1;
            }
            here
        })
        .collect()
}

/// The nearest of `candidates` to `t`; on equal gaps the one before it.
fn nearest<'a>(t: &Span, candidates: impl IntoIterator<Item = &'a Span>) -> Option<&'a Span> {
    candidates
        .into_iter()
        .min_by_key(|p| (gap(p, t), p.start > t.start))
}

fn gap(a: &Span, b: &Span) -> usize {
    if a.end <= b.start {
        b.start - a.end
    } else {
        a.start.saturating_sub(b.end)
    }
}

/// Whether an investment word lies between the project and the amount, or in the few code
/// points before the amount.
fn investment_context(chars: &[char], project: &Span, amount: &Span) -> bool {
    let (from, to) = if project.end <= amount.start {
        (project.end, amount.start)
    } else {
        (amount.start.saturating_sub(6), amount.start)
    };
    let window: String = chars[from.min(chars.len())..to.min(chars.len())]
        .iter()
        .collect();
    INVESTMENT_WORDS.iter().any(|w| window.contains(w))
}

/// Relations between `spans` of `text`, numbered `r1`, `r2`… in the order of their targets.
pub fn link(text: &str, spans: &[Span], labels: &LabelSchema) -> Vec<Relation> {
    let chars: Vec<char> = text.chars().collect();
    let sentence = units_of(&chars, ends_sentence);
    let paragraph = units_of(&chars, |c| c == '\n');
    let unit = |units: &[u32], i: usize| units.get(i).copied().unwrap_or(u32::MAX);
    let role = |s: &Span| labels.role_of(&s.label);
    let projects: Vec<&Span> = spans
        .iter()
        .filter(|s| role(s) == Some(Role::Project))
        .collect();
    let mut out = Vec::new();
    let mut targets: Vec<(&Span, Role)> = spans
        .iter()
        .filter_map(|s| role(s).filter(|r| *r != Role::Project).map(|r| (s, r)))
        .collect();
    targets.sort_by_key(|(s, _)| (s.start, s.end));
    for (t, target_role) in targets {
        let Some(kind) = labels
            .relations
            .iter()
            .find(|r| labels.role_of(&r.from) == Some(Role::Project) && r.to == t.label)
        else {
            continue;
        };
        let encloses = |p: &Span| p.start <= t.start && t.end <= p.end;
        let enclosing = projects.iter().find(|p| encloses(p)).copied();
        let in_sentence: Vec<&Span> = projects
            .iter()
            .copied()
            .filter(|p| unit(&sentence, p.start) == unit(&sentence, t.start) && !encloses(p))
            .filter(|p| target_role != Role::Money || investment_context(&chars, p, t))
            .collect();
        let best = match target_role {
            Role::Place if enclosing.is_some() => enclosing,
            Role::Mechanism if in_sentence.is_empty() => {
                let before = |p: &&Span| p.end <= t.start;
                let same_paragraph: Vec<&Span> = projects
                    .iter()
                    .copied()
                    .filter(before)
                    .filter(|p| unit(&paragraph, p.start) == unit(&paragraph, t.start))
                    .collect();
                if same_paragraph.is_empty() {
                    nearest(
                        t,
                        projects
                            .iter()
                            .copied()
                            .filter(before)
                            .filter(|p| t.start - p.end <= MECHANISM_REACH),
                    )
                } else {
                    nearest(t, same_paragraph)
                }
            }
            _ => nearest(t, in_sentence),
        };
        if let Some(p) = best {
            out.push(Relation {
                id: format!("r{}", out.len() + 1),
                kind: kind.name.clone(),
                from: p.id.clone(),
                to: t.id.clone(),
                confidence: None,
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn span(id: &str, text: &str, part: &str, label: &str, nth: usize) -> Span {
        let byte = text.match_indices(part).nth(nth).unwrap().0;
        let start = text[..byte].chars().count();
        Span {
            id: id.into(),
            start,
            end: start + part.chars().count(),
            label: label.into(),
            text: part.into(),
            attrs: Default::default(),
        }
    }

    fn kinds(rels: &[Relation]) -> Vec<(String, String, String)> {
        rels.iter()
            .map(|r| (r.kind.clone(), r.from.clone(), r.to.clone()))
            .collect()
    }

    #[test]
    fn nearest_project_in_the_sentence_with_investment_words_for_amounts() {
        let text =
            "甲公司在如东县签约光伏项目，总投资12亿元，采用拿地即开工模式。乙项目年销售5亿元。";
        let spans = vec![
            span("s1", text, "如东县", "region", 0),
            span("s2", text, "光伏项目", "project", 0),
            span("s3", text, "12亿元", "amount", 0),
            span("s4", text, "拿地即开工", "mechanism", 0),
            span("s5", text, "乙项目", "project", 0),
            span("s6", text, "5亿元", "amount", 0),
        ];
        let rels = link(text, &spans, &LabelSchema::default_schema());
        assert_eq!(
            kinds(&rels),
            vec![
                ("located_in".into(), "s2".into(), "s1".into()),
                ("has_amount".into(), "s2".into(), "s3".into()),
                ("uses".into(), "s2".into(), "s4".into()),
            ],
            "the sales figure of 乙项目 is not its investment"
        );
    }

    #[test]
    fn a_place_inside_the_project_name_is_where_it_is() {
        let text = "海安新区的南通光伏项目开工。";
        let spans = vec![
            span("s1", text, "海安新区", "region", 0),
            span("s2", text, "南通光伏项目", "project", 0),
            span("s3", text, "南通", "region", 0),
        ];
        let rels = link(text, &spans, &LabelSchema::default_schema());
        assert_eq!(
            kinds(&rels),
            vec![
                ("located_in".into(), "s2".into(), "s1".into()),
                ("located_in".into(), "s2".into(), "s3".into()),
            ]
        );
    }

    #[test]
    fn a_mechanism_in_a_later_sentence_goes_to_the_project_before_it() {
        let text = "丙项目开工。项目推行容缺受理。\n另起一段，实行赛马制。";
        let spans = vec![
            span("s1", text, "丙项目", "project", 0),
            span("s2", text, "容缺受理", "mechanism", 0),
            span("s3", text, "赛马制", "mechanism", 0),
        ];
        let rels = link(text, &spans, &LabelSchema::default_schema());
        assert_eq!(
            kinds(&rels),
            vec![
                ("uses".into(), "s1".into(), "s2".into()),
                ("uses".into(), "s1".into(), "s3".into()),
            ],
            "within 200 code points, even across the paragraph"
        );
    }
}
