//! Unit tests of the learned linker: its candidates, features, training and decoding.

use super::relation_features::{Pair, Units, pairs};
use super::relation_model::{LinkedDoc, train};
use crate::core::data::labels::LabelSchema;
use crate::core::data::model::{Relation, Span};
use std::collections::BTreeSet;

/// The spans of `text` for (id, label, part, which occurrence of part).
fn spans(text: &str, parts: &[(&str, &str, &str, usize)]) -> Vec<Span> {
    parts
        .iter()
        .map(|&(id, label, part, nth)| {
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
        })
        .collect()
}

fn rel(id: &str, kind: &str, from: &str, to: &str) -> Relation {
    Relation {
        id: id.into(),
        kind: kind.into(),
        from: from.into(),
        to: to.into(),
        confidence: None,
    }
}

fn pairs_of(text: &str, spans: &[Span]) -> Vec<Pair> {
    pairs(
        &Units::new(text),
        spans,
        &LabelSchema::default_schema(),
        &BTreeSet::new(),
    )
}

fn has(p: &Pair, feature: &str) -> bool {
    p.features.iter().any(|f| f == feature)
}

#[test]
fn a_nested_region_and_the_guidelines_cue_words_are_features() {
    let text = "来自德国的如东风电项目总投资12亿元的。";
    let s = spans(
        text,
        &[
            ("r1", "region", "德国", 0),
            ("p1", "project", "如东风电项目", 0),
            ("r2", "region", "如东", 0),
            ("a1", "amount", "12亿元", 0),
        ],
    );
    let ps = pairs_of(text, &s);
    let find = |t: &str| ps.iter().find(|p| s[p.target].id == t).unwrap();
    assert!(has(find("r1"), "located_in|pre_cue=origin"));
    assert!(has(find("r1"), "located_in|post=的"));
    assert!(has(find("r2"), "located_in|dir=nested"));
    assert!(has(find("a1"), "has_amount|pre_cue=invest"));
    assert!(ps.iter().all(|p| s[p.project].id == "p1"));
}

#[test]
fn an_earlier_paragraph_s_project_is_a_candidate_far_away_only_when_referred_back_to() {
    let filler = "园区建设稳步推进，".repeat(40);
    let plain = format!("甲项目开工。\n{filler}\n区里推行容缺受理。");
    let referred = format!("甲项目开工。\n{filler}\n该项目推行容缺受理。");
    for (text, expected) in [(&plain, 0), (&referred, 1)] {
        let s = spans(
            text,
            &[
                ("p1", "project", "甲项目", 0),
                ("m1", "mechanism", "容缺受理", 0),
            ],
        );
        let ps = pairs_of(text, &s);
        assert_eq!(ps.len(), expected, "{}", &text[text.len() - 30..]);
        if let Some(p) = ps.first() {
            assert!(has(p, "uses|paragraph_refers_back|nearest_before=true"));
            // 该项目 stands for the project's mention: the pair is measured from it, two code
            // points before the mechanism, in its sentence.
            assert!(has(p, "uses|via_reference"));
            assert!(has(p, "uses|dist=2|before"));
            assert!(has(p, "uses|sentences=0"));
            assert!(!has(p, "uses|paragraph_between"));
        }
    }
}

/// Documents where the annotator never links a country of origin (来自X的) although the rules
/// do, and links the place after 落户.
fn origin_docs(n: usize) -> Vec<LinkedDoc> {
    (0..n)
        .map(|i| {
            let text = format!("来自德国的第{i}号项目落户海门区。");
            let name = format!("第{i}号项目");
            let s = spans(
                &text,
                &[
                    ("r1", "region", "德国", 0),
                    ("p1", "project", &name, 0),
                    ("r2", "region", "海门区", 0),
                ],
            );
            LinkedDoc {
                id: format!("d{i}"),
                text,
                spans: s,
                relations: vec![rel("r1", "located_in", "p1", "r2")],
            }
        })
        .collect()
}

#[test]
fn the_linker_learns_where_the_rules_are_wrong_and_says_how_sure_it_is() {
    let labels = LabelSchema::default_schema();
    let docs = origin_docs(6);
    let rules = crate::core::suggest::relations::link(&docs[0].text, &docs[0].spans, &labels);
    assert_eq!(rules.len(), 2, "the rules take 德国 for the location too");
    let (model, report) = train(&docs, &labels, 1);
    let model = model.expect("there were relations to learn from");
    assert_eq!((report.relations, report.unreachable), (6, 0));
    assert!(report.skipped.is_empty());
    assert_eq!(model.training.threshold_folds, 5);
    let held = &origin_docs(8)[7];
    let links = model.link(&held.text, &held.spans, &labels);
    assert_eq!(links.len(), 1, "{links:?}");
    assert_eq!((links[0].from.as_str(), links[0].to.as_str()), ("p1", "r2"));
    let p = links[0].confidence.unwrap();
    assert!((model.threshold..=1.0).contains(&p), "{p}");
}

#[test]
fn bad_training_relations_are_reported_and_skipped_and_none_means_no_model() {
    let labels = LabelSchema::default_schema();
    let mut docs = origin_docs(1);
    docs[0].relations = vec![
        rel("r7", "located_in", "p1", "s404"),
        rel("r8", "has_amount", "p1", "r2"),
        rel("r9", "owns", "p1", "r2"),
    ];
    let (model, report) = train(&docs, &labels, 1);
    assert!(
        model.is_none(),
        "nothing valid to learn from: the rules link"
    );
    assert_eq!(report.skipped.len(), 3);
    assert!(report.skipped[0].contains("\"s404\" is not among the document's spans"));
    assert!(report.skipped[1].contains("joins a project span to a region span"));
    assert!(report.skipped[2].contains("\"owns\" is not declared"));
}

#[test]
fn one_project_per_amount_and_one_mention_per_project_name() {
    let labels = LabelSchema::default_schema();
    let text = "乙项目和丙项目总投资20亿元，乙项目位于海门区。";
    let docs: Vec<LinkedDoc> = (0..4)
        .map(|i| {
            let s = spans(
                text,
                &[
                    ("p1", "project", "乙项目", 0),
                    ("p2", "project", "丙项目", 0),
                    ("a1", "amount", "20亿元", 0),
                    ("p3", "project", "乙项目", 1),
                    ("r1", "region", "海门区", 0),
                ],
            );
            LinkedDoc {
                id: format!("d{i}"),
                text: text.into(),
                spans: s,
                relations: vec![
                    rel("r1", "has_amount", "p2", "a1"),
                    rel("r2", "located_in", "p3", "r1"),
                ],
            }
        })
        .collect();
    let (model, _) = train(&docs, &labels, 3);
    let model = model.unwrap();
    let links = model.link(text, &docs[0].spans, &labels);
    let amounts = links.iter().filter(|r| r.kind == "has_amount").count();
    let places: Vec<&str> = links
        .iter()
        .filter(|r| r.kind == "located_in")
        .map(|r| r.from.as_str())
        .collect();
    assert_eq!(amounts, 1, "{links:?}");
    assert_eq!(
        places,
        ["p3"],
        "the mention nearest before, once: {links:?}"
    );
}
