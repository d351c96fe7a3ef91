//! The rules' tests.

use super::*;

fn labelled(text: &str) -> Vec<(String, String)> {
    let rules = Rules::from_ron(DEFAULT_RULES_RON).unwrap();
    suggest(text, &rules)
        .into_iter()
        .map(|s| (s.label, s.text))
        .collect()
}

#[test]
fn each_rule_finds_its_kind() {
    let found = labelled(
        "南通开发区实行“赛马制”，孚能科技鎮江制造基地總投資53.7億元，新增用地243.82亩，产能5GW。",
    );
    for want in [
        ("region", "南通开发区"),
        ("mechanism", "赛马制"),
        ("project", "孚能科技鎮江制造基地"),
        ("amount", "53.7億元"),
    ] {
        assert!(
            found.contains(&(want.0.to_string(), want.1.to_string())),
            "{want:?} in {found:?}"
        );
    }
    assert!(
        !found
            .iter()
            .any(|(l, t)| l == "amount" && (t.contains('亩') || t.contains("GW"))),
        "{found:?}"
    );
    let thresholds = labelled("新签约10亿元以上项目7个。");
    let counted = labelled("其中10亿元以上400多个，百亿级20个。");
    assert!(!counted.iter().any(|(l, _)| l == "amount"), "{counted:?}");
    let pair = labelled("新签约5亿元及3000万美元以上项目27个，总投资8亿元及2亿美元。");
    let amounts: Vec<&str> = pair
        .iter()
        .filter(|(l, _)| l == "amount")
        .map(|(_, t)| t.as_str())
        .collect();
    assert_eq!(
        amounts,
        ["8亿元", "2亿美元"],
        "coordinated thresholds, then amounts"
    );
    let clause = labelled("项目总投资20亿元，新增项目用地约240亩。");
    assert!(
        clause.iter().any(|(l, t)| l == "amount" && t == "20亿元"),
        "a 项目 after a comma does not make a threshold: {clause:?}"
    );
    assert!(
        !thresholds.iter().any(|(l, _)| l == "amount"),
        "{thresholds:?}"
    );
    let text = "新签约超10亿元项目24个，总投资20亿元。";
    let rules = Rules::from_ron(DEFAULT_RULES_RON).unwrap();
    let (spans, thresholds) = suggest_folded(text, text.chars().collect(), &rules);
    assert!(
        spans
            .iter()
            .any(|s| s.label == "amount" && s.text == "20亿元")
    );
    assert_eq!(
        thresholds,
        vec![(3, 8)],
        "the threshold, for the learned model, and not the amount"
    );
}

#[test]
fn dataset_rules_default_when_missing_and_name_the_file_when_broken() {
    use crate::core::data::error::Error;
    let dir = tempfile::tempdir().unwrap();
    let rules = dataset_rules(dir.path()).unwrap();
    assert!(!rules.mechanisms.is_empty());
    let path = dir.path().join(crate::core::data::layout::RULES_FILE);
    std::fs::write(&path, "(mechanisms: [").unwrap();
    let err = dataset_rules(dir.path()).unwrap_err();
    assert!(
        matches!(&err, Error::Invalid { path: p, .. } if *p == path),
        "{err:?}"
    );
    assert!(
        err.to_string()
            .starts_with(&format!("{}: ", path.display())),
        "{err}"
    );
    assert_eq!(err.exit_code(), 1);
}

#[test]
fn regions_get_codes_or_are_flagged_ambiguous() {
    let rules = Rules::from_ron(DEFAULT_RULES_RON).unwrap();
    let spans = suggest("如皋市和朝阳区", &rules);
    let rugao = spans.iter().find(|s| s.text == "如皋市").unwrap();
    assert_eq!(rugao.attrs["adcode"], "320682");
    let chaoyang = spans.iter().find(|s| s.text == "朝阳区").unwrap();
    assert_eq!(chaoyang.attrs["ambiguous"], true);
    assert!(!chaoyang.attrs.contains_key("adcode"));
}
