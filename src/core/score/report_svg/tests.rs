use super::*;
use crate::core::score::dashboard::{PairAgreement, Progress, SuggestionOutcomes};
use std::collections::BTreeMap;

fn counts(pairs: &[(&str, usize)]) -> BTreeMap<String, usize> {
    pairs.iter().map(|(k, n)| (k.to_string(), *n)).collect()
}

/// Two annotators, one with a Chinese name and a label that needs escaping.
fn dashboard() -> Dashboard {
    let statuses = counts(&[
        ("todo", 1),
        ("in_progress", 1),
        ("done", 2),
        ("reviewed", 0),
    ]);
    Dashboard {
        annotators: vec!["alice".into(), "张三".into()],
        labels: vec!["project".into(), "a<b&c".into()],
        documents: 4,
        progress: vec![
            Progress {
                days: vec![("2026-03-01".into(), 1, 1), ("2026-03-02".into(), 1, 2)],
            },
            Progress {
                days: vec![("2026-03-02".into(), 2, 2)],
            },
        ],
        statuses: vec![statuses.clone(), statuses],
        spans_per_label: vec![
            counts(&[("project", 3), ("a<b&c", 1)]),
            counts(&[("project", 2), ("a<b&c", 0)]),
        ],
        agreement: vec![PairAgreement {
            a: "alice".into(),
            b: "张三".into(),
            f1: 0.75,
            kappa: 0.6,
            documents: 2,
            disagreeing: vec!["d1".into()],
        }],
        suggestions: vec![SuggestionOutcomes {
            source: "model-rules".into(),
            label: "project".into(),
            accepted: 2,
            corrected: 1,
            rejected: 1,
        }],
        time_per_document: vec![vec![("d1".into(), 60), ("d2".into(), 95)], vec![]],
    }
}

fn parses(svg: &str) -> roxmltree::Document<'_> {
    roxmltree::Document::parse(svg).unwrap_or_else(|e| panic!("{e}:\n{svg}"))
}

fn elements(doc: &roxmltree::Document<'_>, names: &[&str]) -> usize {
    let named = |n: &roxmltree::Node<'_, '_>| names.contains(&n.tag_name().name());
    doc.descendants().filter(named).count()
}

#[test]
fn every_chart_is_svg_with_its_data_and_text_is_escaped() {
    let charts = charts(&dashboard()).unwrap();
    let files: Vec<&str> = charts.iter().map(|c| c.file).collect();
    assert_eq!(
        files,
        [
            "progress.svg",
            "statuses.svg",
            "spans_per_label.svg",
            "agreement.svg",
            "suggestions.svg",
            "time_per_document.svg",
        ]
    );
    for chart in &charts {
        assert_eq!(chart.empty, None, "{}", chart.file);
        let doc = parses(&chart.svg);
        assert!(
            elements(&doc, &["rect", "polyline", "circle"]) > 5,
            "{}",
            chart.file
        );
        let texts: Vec<&str> = doc.descendants().filter_map(|n| n.text()).collect();
        assert!(
            texts.iter().any(|t| t.contains(chart.title)),
            "{}",
            chart.file
        );
    }
    let spans = parses(&charts[2].svg);
    let text = |doc: &roxmltree::Document<'_>, s: &str| {
        doc.descendants()
            .any(|n| n.text().is_some_and(|t| t.trim() == s))
    };
    assert!(text(&spans, "a<b&c") && text(&spans, "张三"));
    assert!(charts[2].svg.contains("a&lt;b&amp;c"));
    let agreement = parses(&charts[3].svg);
    assert!(text(&agreement, "F1 0.75") && text(&agreement, "κ 0.60"));
}

#[test]
fn a_chart_without_data_says_so_in_its_title() {
    let mut d = dashboard();
    d.annotators.truncate(1);
    d.agreement.clear();
    d.suggestions.clear();
    d.time_per_document = vec![vec![]];
    let charts = charts(&d).unwrap();
    for (file, empty) in [
        ("agreement.svg", true),
        ("suggestions.svg", true),
        ("time_per_document.svg", true),
        ("progress.svg", false),
    ] {
        let chart = charts.iter().find(|c| c.file == file).unwrap();
        assert_eq!(chart.empty.is_some(), empty, "{file}");
        let doc = parses(&chart.svg);
        let titled = doc
            .descendants()
            .any(|n| n.text().is_some_and(|t| t.contains(": no data")));
        assert_eq!(titled, empty, "{file}");
    }
}

#[test]
fn the_page_links_every_chart_and_fetches_nothing() {
    let d = dashboard();
    let charts = charts(&d).unwrap();
    let page = html::index(&d, "招商<新闻>", &charts);
    for c in &charts {
        assert!(
            page.contains(&format!("<img src=\"{}\"", c.file)),
            "{}",
            c.file
        );
    }
    assert!(page.contains("招商&lt;新闻&gt;"));
    assert!(!page.contains("<script") && !page.contains("http"));
}
