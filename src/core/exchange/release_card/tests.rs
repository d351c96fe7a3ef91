use super::*;
use crate::core::data::model::ReleaseSplit;
use std::collections::BTreeMap;

fn manifest(license: Option<&str>) -> ReleaseManifest {
    let counts: BTreeMap<String, usize> = [("project", 3), ("amount", 2)]
        .into_iter()
        .map(|(l, n)| (l.to_string(), n))
        .collect();
    let split = |name: &str, share: f64, documents: usize, p: usize, a: usize| ReleaseSplit {
        name: name.into(),
        share,
        documents,
        counts: [("project".to_string(), p), ("amount".to_string(), a)].into(),
        files: vec![format!("data/{name}-00000-of-00001.parquet")],
    };
    ReleaseManifest {
        format: "biaozhu-release".into(),
        format_version: 2,
        version: "v1".into(),
        parent: None,
        created: "2026-11-23T19:16:05Z".into(),
        message: "first".into(),
        annotator: "gold".into(),
        statuses: Vec::new(),
        documents: 4,
        counts,
        relations: 1,
        relation_counts: [("has_amount".to_string(), 1)].into(),
        license: license.map(str::to_string),
        splits: vec![split("train", 0.75, 3, 2, 2), split("test", 0.25, 1, 1, 0)],
        files: BTreeMap::new(),
    }
}

fn card(m: &ReleaseManifest, agreement: Option<&Agreement>) -> String {
    let labels = LabelSchema::from_ron(crate::core::data::labels::DEFAULT_LABELS_RON).unwrap();
    let guidelines = vec![("guidelines.md".to_string(), "ab".repeat(32))];
    let annotators = vec![("alice".to_string(), 4), ("gold".to_string(), 4)];
    render(
        m,
        &CardFacts {
            name: "江苏 investment news",
            labels: &labels,
            guidelines: &guidelines,
            annotators: &annotators,
            agreement,
            changelog: "# v1 (2026-11-23T19:16:05Z)\n\nfirst\n\n## Changes from the parent\n\nadded 5 spans\n",
        },
    )
}

/// The card's front matter, parsed as YAML.
fn front(card: &str) -> serde_yaml_ng::Value {
    let rest = card.strip_prefix("---\n").expect("front matter first");
    let end = rest.find("\n---\n").expect("front matter closed");
    serde_yaml_ng::from_str(&rest[..end]).unwrap()
}

#[test]
fn the_front_matter_declares_the_hub_metadata_configs_and_class_labels() {
    let text = card(&manifest(Some("CC-BY-4.0")), None);
    let y = front(&text);
    assert_eq!(y["pretty_name"].as_str(), Some("江苏 investment news"));
    assert_eq!(y["language"][0].as_str(), Some("zh"));
    assert_eq!(y["license"].as_str(), Some("cc-by-4.0"));
    assert_eq!(
        y["task_categories"][0].as_str(),
        Some("token-classification")
    );
    assert_eq!(y["task_ids"][0].as_str(), Some("named-entity-recognition"));
    assert_eq!(y["size_categories"][0].as_str(), Some("n<1K"));
    let files = &y["configs"][0]["data_files"];
    assert_eq!(files[0]["split"].as_str(), Some("train"));
    assert_eq!(files[0]["path"].as_str(), Some("data/train-*.parquet"));
    assert_eq!(files[1]["split"].as_str(), Some("test"));
    let features = y["dataset_info"]["features"].as_sequence().unwrap();
    let names: Vec<&str> = features
        .iter()
        .map(|f| f["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        [
            "id",
            "text",
            "spans",
            "relations",
            "annotator",
            "status",
            "meta"
        ]
    );
    let label = &features[2]["list"][3];
    assert_eq!(label["name"].as_str(), Some("label"));
    let classes = &label["dtype"]["class_label"]["names"];
    // Keys are the strings "0", "1", … in the schema's label order.
    assert_eq!(classes["0"].as_str(), Some("project"));
    assert_eq!(classes["3"].as_str(), Some("mechanism"));
    // The same release gives the same card.
    assert_eq!(text, card(&manifest(Some("CC-BY-4.0")), None));
}

#[test]
fn the_body_has_labels_counts_guidelines_agreement_changelog_and_loading() {
    let agreement = Agreement {
        annotators: vec!["alice".into(), "gold".into()],
        documents: 4,
        pairs: vec![PairAgreement {
            a: "alice".into(),
            b: "gold".into(),
            exact_f1: 0.8125,
            overlap_f1: 0.9,
            kappa: 0.75,
            relations_f1: 0.5,
        }],
    };
    let text = card(&manifest(Some("CC-BY-4.0")), Some(&agreement));
    for needle in [
        "| `project` | Project | A named investment or industrial project",
        "| `has_amount` | `project` | `amount` |",
        "| documents | 4 | 3 | 1 |",
        "| `amount` spans | 2 | 2 | 0 |",
        "Splits: train=0.75, test=0.25.",
        &format!("- `guidelines.md`: `{}`", "ab".repeat(32)),
        "| `alice` / `gold` | 0.8125 | 0.9000 | 0.7500 | 0.5000 |",
        "CC-BY-4.0 (SPDX",
        "### v1 (2026-11-23T19:16:05Z)",
        "#### Changes from the parent",
        "load_dataset(\"path/to/v1\")",
        "pl.read_parquet(",
        "duckdb.sql(",
        "pd.read_parquet(",
    ] {
        assert!(text.contains(needle), "missing {needle:?} in\n{text}");
    }
}

#[test]
fn a_release_without_a_licence_says_so_and_one_alone_says_why_there_is_no_agreement() {
    let text = card(&manifest(None), None);
    assert_eq!(front(&text)["license"].as_str(), Some("unknown"));
    assert!(text.contains("This dataset declares no licence"), "{text}");
    assert!(text.contains("needs two or more annotators"), "{text}");
}

#[test]
fn licences_the_hub_does_not_list_are_other_with_their_spdx_page() {
    let y = front(&card(&manifest(Some("MulanPSL-2.0")), None));
    assert_eq!(y["license"].as_str(), Some("other"));
    assert_eq!(y["license_name"].as_str(), Some("mulanpsl-2.0"));
    assert_eq!(
        y["license_link"].as_str(),
        Some("https://spdx.org/licenses/MulanPSL-2.0.html")
    );
    assert_eq!(hub_license(Some("GPL-3.0-or-later")).0, "gpl-3.0");
    assert_eq!(hub_license(Some("ODbL-1.0")).0, "odbl");
    assert_eq!(size_category(999), "n<1K");
    assert_eq!(size_category(1_000), "1K<n<10K");
    assert_eq!(size_category(250_000), "100K<n<1M");
}

#[test]
fn the_cards_changelog_is_the_summary_and_leaves_each_documents_changes_to_changelog_md() {
    let ids: Vec<String> = (0..25).map(|i| format!("d{i:02}")).collect();
    let changelog = format!(
        "# v2 (t)\n\nmsg\n\n## Changes from the parent\n\nv1 -> v2: 2 added\ndocuments added: {}\n\n| label | added |\n|---|---|\n| project | 2 |\n\nd00\n  + project 0..2 \"南通\"\n",
        ids.join(", ")
    );
    let text = changelog_summary(&changelog);
    assert!(text.starts_with("### v2 (t)\n"), "{text}");
    assert!(text.contains("#### Changes from the parent"), "{text}");
    assert!(text.contains("d19 and 5 more\n"), "{text}");
    assert!(!text.contains("d20"), "{text}");
    assert!(text.contains("| project | 2 |"), "{text}");
    assert!(!text.contains("南通"), "{text}");
    assert!(
        text.ends_with("The changes per document are in `CHANGELOG.md`.\n"),
        "{text}"
    );
}
