//! The card's Markdown body, section by section.

use super::CardFacts;
use crate::core::data::labels::LabelSchema;
use crate::core::data::model::ReleaseManifest;
use std::fmt::Write;

/// A table cell: one line, no pipe.
fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace('\n', " ")
}

/// The title, what the dataset is, the licence and the guidelines.
pub(super) fn about(m: &ReleaseManifest, facts: &CardFacts<'_>) -> String {
    let mut out = format!("# {} — release {}\n\n", facts.name, m.version);
    let statuses: Vec<&str> = m.statuses.iter().map(|s| s.as_str()).collect();
    let _ = writeln!(
        out,
        "Chinese investment news annotated with biaozhu (标注): named entities (spans) and typed \
         relations between them, for training and evaluating extractors of investment projects, \
         amounts, places and mechanisms. This release holds {} documents, {} spans and {} \
         relations, the annotations of `{}`{}.\n",
        m.documents,
        m.counts.values().sum::<usize>(),
        m.relations,
        m.annotator,
        if statuses.is_empty() {
            String::new()
        } else {
            format!(" with status {}", statuses.join(" or "))
        }
    );
    if !m.message.is_empty() {
        let _ = writeln!(out, "> {}\n", m.message.replace('\n', "\n> "));
    }
    let _ = writeln!(
        out,
        "Release `{}`, made {} from parent {}; `release.json` lists the sha256 of every file and \
         `biaozhu validate` reports any file changed since.\n",
        m.version,
        m.created,
        m.parent
            .as_deref()
            .map_or("none (the first release)".to_string(), |p| format!("`{p}`"))
    );
    out.push_str("## Licence\n\n");
    match &m.license {
        Some(id) => {
            let _ = writeln!(
                out,
                "{id} (SPDX; <https://spdx.org/licenses/{id}.html>), as `dataset.json` declares.\n"
            );
        }
        None => out.push_str(
            "This dataset declares no licence: `dataset.json` has no `license`, so no one may \
             assume a right to use or share it. Set one with an SPDX id (`biaozhu new --license \
             CC-BY-4.0`, or `\"license\"` in `dataset.json`) and make a new release.\n\n",
        ),
    }
    out.push_str("## Annotation guidelines\n\n");
    if facts.guidelines.is_empty() {
        out.push_str("The dataset has no guidelines file (`guidelines.md` or `guidelines/`).\n\n");
    } else {
        out.push_str("The guidelines the annotators followed, by version (sha256):\n\n");
        for (path, sha) in facts.guidelines {
            let _ = writeln!(out, "- `{path}`: `{sha}`");
        }
        out.push('\n');
    }
    out
}

/// The labels and relation types with their descriptions.
pub(super) fn labels_section(labels: &LabelSchema) -> String {
    let mut out = String::from(
        "## Labels\n\n| label | role | description | attributes |\n| --- | --- | --- | --- |\n",
    );
    for l in &labels.labels {
        let attrs: Vec<String> = l
            .attributes
            .iter()
            .map(|a| format!("`{}`", a.name))
            .collect();
        let _ = writeln!(
            out,
            "| `{}` | {} | {} | {} |",
            l.name,
            l.role.map_or("-".to_string(), |r| format!("{r:?}")),
            cell(&l.description),
            attrs.join(", ")
        );
    }
    let _ = writeln!(
        out,
        "\nSpans {} overlap or nest. Offsets count Unicode code points, end exclusive: in Python, \
         `text[start:end] == span[\"text\"]`. In `datasets` the span `label` is a class label \
         (its index in the table above); in the Parquet files and `data.jsonl` it is the name.\n",
        if labels.allow_overlap {
            "may"
        } else {
            "do not"
        }
    );
    if labels.relations.is_empty() {
        out.push_str("The schema has no relation types.\n\n");
        return out;
    }
    out.push_str("| relation type | from | to | description |\n| --- | --- | --- | --- |\n");
    for r in &labels.relations {
        let _ = writeln!(
            out,
            "| `{}` | `{}` | `{}` | {} |",
            r.name,
            r.from,
            r.to,
            cell(&r.description)
        );
    }
    out.push('\n');
    out
}

/// Spans per label and split, and relations per type.
pub(super) fn counts_section(m: &ReleaseManifest) -> String {
    let mut out = String::from("## Counts\n\n| | all |");
    for s in &m.splits {
        let _ = write!(out, " {} |", s.name);
    }
    out.push_str("\n| --- | --- |");
    out.push_str(&" --- |".repeat(m.splits.len()));
    let _ = write!(out, "\n| documents | {} |", m.documents);
    for s in &m.splits {
        let _ = write!(out, " {} |", s.documents);
    }
    for (label, n) in &m.counts {
        let _ = write!(out, "\n| `{label}` spans | {n} |");
        for s in &m.splits {
            let _ = write!(out, " {} |", s.counts.get(label).copied().unwrap_or(0));
        }
    }
    out.push_str("\n\n");
    if !m.splits.is_empty() {
        let shares: Vec<String> = m
            .splits
            .iter()
            .map(|s| format!("{}={}", s.name, s.share))
            .collect();
        let _ = writeln!(
            out,
            "Splits: {}. A document's split is chosen by a hash of its id alone (as `biaozhu \
             export --split` chooses), so adding documents never moves one.\n",
            shares.join(", ")
        );
    }
    if !m.relation_counts.is_empty() {
        out.push_str("| relation type | relations |\n| --- | --- |\n");
        for (kind, n) in &m.relation_counts {
            let _ = writeln!(out, "| `{kind}` | {n} |");
        }
        out.push('\n');
    }
    out
}

/// Who annotated, and how much they agree when there are two or more.
pub(super) fn annotators_section(m: &ReleaseManifest, facts: &CardFacts<'_>) -> String {
    let mut out = String::from("## Annotators\n\n");
    let _ = writeln!(
        out,
        "This release holds the annotations of `{}`. The dataset's annotators, with the documents \
         each annotated:\n",
        m.annotator
    );
    for (name, n) in facts.annotators {
        let _ = writeln!(out, "- `{name}`: {n}");
    }
    out.push('\n');
    let Some(a) = facts.agreement else {
        out.push_str(
            "Agreement between annotators is not reported: it needs two or more annotators.\n\n",
        );
        return out;
    };
    if a.documents == 0 {
        let _ = writeln!(
            out,
            "Agreement is not reported: no document was annotated by all of {}.\n",
            a.annotators.join(", ")
        );
        return out;
    }
    let _ = writeln!(
        out,
        "Agreement (`biaozhu agree`) of {} on the {} documents all of them annotated:\n",
        a.annotators.join(", "),
        a.documents
    );
    out.push_str(
        "| pair | span F1 (exact) | span F1 (overlap) | Cohen's kappa | relation F1 (strict) |\n\
         | --- | --- | --- | --- | --- |\n",
    );
    for p in &a.pairs {
        let _ = writeln!(
            out,
            "| `{}` / `{}` | {:.4} | {:.4} | {:.4} | {:.4} |",
            p.a, p.b, p.exact_f1, p.overlap_f1, p.kappa, p.relations_f1
        );
    }
    out.push('\n');
    out
}

/// How to load the release with `datasets`, pandas, polars and DuckDB.
pub(super) fn loading_section(m: &ReleaseManifest) -> String {
    let first = m.splits.first().map_or("train", |s| s.name.as_str());
    format!(
        "## Files\n\n\
         - `data/<split>-NNNNN-of-NNNNN.parquet`: the records of each split as Parquet (Snappy), \
         shards of at most 100 MB; columns `id`, `text`, `spans` (list of struct: `id`, `start`, \
         `end`, `label`, `text`, `attrs` as a JSON string), `relations` (list of struct: `id`, \
         `type`, `from`, `to`), `annotator`, `status`, `meta` (a JSON string).\n\
         - `data.jsonl`: every record, one JSON object a line; the source of truth.\n\
         - `labels.json`: the label schema. `release.json`: counts, splits and the sha256 of \
         every file. `CHANGELOG.md`: the changes from the parent release.\n\n\
         ## Loading\n\n\
         From this folder (or a Hub repository holding it):\n\n\
         ```python\n\
         from datasets import load_dataset\n\
         ds = load_dataset(\"path/to/{version}\")  # splits: {splits}\n\
         labels = ds[\"{first}\"].features[\"spans\"].feature[\"label\"].names\n\n\
         import glob, pandas as pd\n\
         df = pd.concat(pd.read_parquet(f) for f in sorted(glob.glob(\"path/to/{version}/data/{first}-*.parquet\")))\n\n\
         import polars as pl\n\
         df = pl.read_parquet(\"path/to/{version}/data/{first}-*.parquet\")\n\
         spans = df.explode(\"spans\").unnest(\"spans\", separator=\".\")\n\n\
         import duckdb\n\
         duckdb.sql(\"SELECT id, unnest(spans, recursive := true) FROM 'path/to/{version}/data/{first}-*.parquet'\")\n\
         ```\n\n",
        version = m.version,
        splits = m
            .splits
            .iter()
            .map(|s| s.name.as_str())
            .collect::<Vec<_>>()
            .join(", "),
    )
}
