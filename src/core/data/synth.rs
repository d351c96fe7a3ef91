//! Synthetic articles and datasets for benchmarks and load tests: Chinese investment-news-like
//! text with spans of all four labels, generated deterministically from a seed.

use crate::core::data::ids::sha256_hex;
use crate::core::data::model::{
    Annotation, Attrs, Document, DocumentMeta, FORMAT_NAME, FORMAT_VERSION, Manifest, Relation,
    Span, Status,
};
use std::path::Path;

const FILLER: &[&str] = &[
    "近年来，",
    "围绕产业强市战略，",
    "当地持续优化营商环境，",
    "推动重大项目加快建设。",
    "记者从有关部门了解到，",
    "今年以来，",
    "全力推进招商引资工作，",
    "为企业提供全流程服务。",
    "项目建成后，",
    "预计年产值可观，",
    "带动就业岗位数千个。",
    "据介绍，",
    "相关负责人表示，",
    "将进一步提升服务效能。",
    "\n",
];
const ENTITIES: &[(&str, &str)] = &[
    ("南通开发区", "region"),
    ("镇江新区", "region"),
    ("如皋市", "region"),
    ("长三角", "region"),
    ("海门区", "region"),
    ("智能制造产业园项目", "project"),
    ("新能源电池生产基地", "project"),
    ("罗莱智慧产业园一期工程", "project"),
    ("储能技术创新产业基地项目", "project"),
    ("约1.2亿元", "amount"),
    ("20亿元", "amount"),
    ("超50億元", "amount"),
    ("3000万美元", "amount"),
    ("5000万元以上", "amount"),
    ("信用承诺制审批", "mechanism"),
    ("赛马制", "mechanism"),
    ("拿地即开工", "mechanism"),
    ("不见面审批", "mechanism"),
    ("首席服务员", "mechanism"),
];

/// A small deterministic pseudo-random generator (no dependency, stable across platforms).
#[derive(Clone, Debug)]
pub struct Rng(u64);

impl Rng {
    /// A generator from `seed`.
    pub fn new(seed: u64) -> Self {
        Rng(seed ^ 0x9E37_79B9_7F4A_7C15)
    }

    /// The next number below `n`.
    pub fn below(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((self.0 >> 33) % n as u64) as usize
    }
}

/// Generates an article of about `chars` code points with about `spans` spans; the spans are
/// sorted and their text is exact. About one span in five also carries a nested region.
pub fn article(rng: &mut Rng, chars: usize, spans: usize) -> (String, Vec<Span>) {
    let mut text = String::with_capacity(chars * 3 + 64);
    let mut len = 0usize;
    let mut out = Vec::new();
    let every = (chars / spans.max(1)).max(8);
    let mut next_span_at = every / 2;
    while len < chars {
        if len >= next_span_at && out.len() < spans {
            let (surface, label) = ENTITIES[rng.below(ENTITIES.len())];
            let n = surface.chars().count();
            out.push(Span {
                id: format!("s{}", out.len() + 1),
                start: len,
                end: len + n,
                label: label.into(),
                text: surface.into(),
                attrs: Attrs::new(),
            });
            text.push_str(surface);
            len += n;
            next_span_at = out.len() * every + every / 2;
        } else {
            let f = FILLER[rng.below(FILLER.len())];
            text.push_str(f);
            len += f.chars().count();
        }
    }
    (text, out)
}

/// Up to `max` relations over `spans` (sorted by start): each project is linked to the next
/// amount, region and mechanism after it, as a relation type of the default labels joins them.
pub fn relations(spans: &[Span], max: usize) -> Vec<Relation> {
    let kind_to = |label: &str| match label {
        "amount" => Some("has_amount"),
        "region" => Some("located_in"),
        "mechanism" => Some("uses"),
        _ => None,
    };
    let mut out = Vec::new();
    for (i, p) in spans.iter().enumerate() {
        if p.label != "project" {
            continue;
        }
        let mut seen = std::collections::BTreeSet::new();
        for t in spans[i + 1..].iter().take(12) {
            if out.len() >= max {
                return out;
            }
            if let Some(kind) = kind_to(&t.label)
                && seen.insert(kind)
            {
                out.push(Relation {
                    id: format!("r{}", out.len() + 1),
                    kind: kind.into(),
                    from: p.id.clone(),
                    to: t.id.clone(),
                    confidence: None,
                });
            }
        }
    }
    out
}

/// Writes a synthetic dataset of `docs` documents to `dir` (plain writes: this is fixture
/// generation, not user data). Annotator `synth` has every document `done`.
pub fn write_dataset(dir: &Path, docs: usize, chars: usize, spans: usize) -> std::io::Result<()> {
    write_dataset_with_relations(dir, docs, chars, spans, 0)
}

/// As [`write_dataset`], with up to `relations_per_doc` relations per document.
pub fn write_dataset_with_relations(
    dir: &Path,
    docs: usize,
    chars: usize,
    spans: usize,
    relations_per_doc: usize,
) -> std::io::Result<()> {
    write_articles(dir, docs, relations_per_doc, |rng| {
        article(rng, chars, spans)
    })
}

/// Writes a synthetic dataset of `docs` documents made by `article` from one generator seeded
/// 42 (plain writes: this is fixture generation, not user data). Annotator `synth` has every
/// document `done`, with up to `relations_per_doc` relations each.
pub fn write_articles(
    dir: &Path,
    docs: usize,
    relations_per_doc: usize,
    mut article: impl FnMut(&mut Rng) -> (String, Vec<Span>),
) -> std::io::Result<()> {
    std::fs::create_dir_all(crate::core::data::layout::documents_dir(dir))?;
    std::fs::create_dir_all(crate::core::data::layout::annotations_dir(dir).join("synth"))?;
    std::fs::create_dir_all(dir.join(crate::core::data::layout::SOURCES_DIR))?;
    std::fs::write(
        dir.join(crate::core::data::layout::LABELS_FILE),
        crate::core::data::labels::DEFAULT_LABELS_RON,
    )?;
    let mut rng = Rng::new(42);
    for i in 0..docs {
        let id = format!("doc-{i:05}");
        let (text, spans) = article(&mut rng);
        let sha256 = sha256_hex(text.as_bytes());
        let doc = Document {
            id: id.clone(),
            text,
            sha256: sha256.clone(),
            meta: DocumentMeta {
                title: id.clone(),
                ..DocumentMeta::default()
            },
        };
        let ann = Annotation {
            document: id.clone(),
            document_sha256: sha256.clone(),
            annotator: "synth".into(),
            status: Status::Done,
            revision: 1,
            updated: "2026-01-01T00:00:00Z".into(),
            relations: relations(&spans, relations_per_doc),
            spans,
            rejected: Vec::new(),
            taken: Default::default(),
            effort: None,
        };
        std::fs::write(
            crate::core::data::layout::document_file(dir, &id),
            crate::core::data::fsio::to_canonical_json(&doc),
        )?;
        std::fs::write(
            crate::core::data::layout::annotations_dir(dir).join(format!("synth/{id}.json")),
            crate::core::data::fsio::to_canonical_json(&ann),
        )?;
    }
    let manifest = Manifest {
        format: FORMAT_NAME.into(),
        format_version: FORMAT_VERSION,
        name: "synthetic".into(),
        created: "2026-01-01T00:00:00Z".into(),
        license: None,
        settings: Default::default(),
    };
    std::fs::write(
        dir.join(crate::core::data::layout::MANIFEST_FILE),
        crate::core::data::fsio::to_canonical_json(&manifest),
    )
}

/// The people of a synthetic team: `synth` (the generated spans) and three more.
pub const TEAM: [&str; 4] = ["alice", "bob", "carol", "synth"];

/// Turns the single-annotator synthetic dataset into a team's: alice, bob and carol each
/// start from synth's spans, drop one in ten (a different tenth each) and shorten one in seven
/// by a character; statuses, days (over January) and active seconds vary per document; and
/// model-rules suggests synth's spans, of which every person rejected the ones they dropped.
pub fn make_team(dir: &Path) -> std::io::Result<()> {
    let ds = crate::core::data::store::Dataset::open(dir)
        .map_err(|e| std::io::Error::other(e.to_string()))?;
    let read = |who: &str, id: &str| {
        ds.annotation(who, id)
            .ok()
            .flatten()
            .ok_or_else(|| std::io::Error::other(format!("{who}/{id}: unreadable")))
    };
    for (k, name) in TEAM.iter().enumerate() {
        let folder = dir.join("annotations").join(name);
        std::fs::create_dir_all(&folder)?;
        std::fs::create_dir_all(dir.join("annotations/model-rules"))?;
        for (i, e) in ds.documents().iter().enumerate() {
            let mut ann: Annotation = read("synth", &e.id)?;
            if k == 0 {
                ann.annotator = "model-rules".into();
                ann.effort = None;
                std::fs::write(
                    dir.join(format!("annotations/model-rules/{}.json", e.id)),
                    crate::core::data::fsio::to_canonical_json(&ann),
                )?;
            }
            if *name == "synth" {
                continue;
            }
            let dropped: Vec<_> = (0..ann.spans.len())
                .filter(|j| (j + k) % 10 == 0)
                .map(|j| ann.spans[j].key())
                .collect();
            ann.spans.retain(|s| !dropped.iter().any(|d| d.is(s)));
            // A relation goes with either of its spans, as in the app.
            let kept: std::collections::HashSet<&str> =
                ann.spans.iter().map(|s| s.id.as_str()).collect();
            ann.relations
                .retain(|r| kept.contains(r.from.as_str()) && kept.contains(r.to.as_str()));
            for (j, s) in ann.spans.iter_mut().enumerate() {
                if (j + k) % 7 == 0 && s.end - s.start > 1 {
                    s.end -= 1;
                    s.text = s.text.chars().take(s.end - s.start).collect();
                }
            }
            ann.annotator = name.to_string();
            ann.rejected = dropped;
            ann.status = Status::ALL[(i + k) % 4];
            ann.updated = format!("2026-01-{:02}T10:00:00Z", 1 + (i * 7 + k) % 31);
            ann.effort = Some(crate::core::data::model::Effort {
                active_seconds: 30 + ((i * 13 + k * 17) % 600) as u64,
                ..Default::default()
            });
            std::fs::write(
                folder.join(format!("{}.json", e.id)),
                crate::core::data::fsio::to_canonical_json(&ann),
            )?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn synthetic_datasets_validate() {
        let dir = tempfile::tempdir().unwrap();
        write_dataset(dir.path(), 5, 600, 10).unwrap();
        let report =
            crate::core::check::validate::validate_paths(&[dir.path().to_path_buf()]).unwrap();
        assert!(report.problems.is_empty(), "{:?}", report.problems);
    }

    #[test]
    fn a_synthetic_team_with_relations_validates() {
        let dir = tempfile::tempdir().unwrap();
        write_dataset_with_relations(dir.path(), 12, 900, 20, 8).unwrap();
        make_team(dir.path()).unwrap();
        let report =
            crate::core::check::validate::validate_paths(&[dir.path().to_path_buf()]).unwrap();
        assert!(report.problems.is_empty(), "{:?}", report.problems);
        let ds = crate::core::data::store::Dataset::open(dir.path()).unwrap();
        let id = &ds.documents()[0].id;
        let alice = ds.annotation("alice", id).unwrap().unwrap();
        assert!(!alice.relations.is_empty(), "the team keeps relations");
    }
}
