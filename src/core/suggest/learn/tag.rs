//! Tagging with a model: per label layer, the spans whose probability under the model (of the
//! span's exact tag sequence: B, then I to its end, then not I; from forward-backward) is at
//! least [`DECODE_THRESHOLD`], each with that probability as `attrs.confidence`; the typed
//! values rule suggestions get; and the mean tag entropy, which the review queue ranks by.

use super::context;
use super::crf::Crf;
use super::dictionary::Dictionary;
use super::features::{self, Observations, projects};
use super::model_file::{self, Header};
use super::packed::PackedRows;
use crate::core::data::error::Result;
use crate::core::data::labels::{LabelSchema, Role};
use crate::core::data::model::Span;
use crate::core::suggest::rules::Rules;
use serde_json::json;
use std::path::Path;

/// The probability a span needs to be suggested. For F1, the best threshold on calibrated
/// probabilities is half the F1 the model can reach (Lipton, Elkan and Naryanaswamy, "Optimal
/// thresholding of classifiers to maximize F1", 2014). The model reached about 0.7 on real text
/// when this was set, so 0.35; it now reaches about 0.76, and 0.38 scores the same (0.764 over
/// seeds 1-4). It brings in the likely spans that the single best path drops (when set: best
/// path 0.716, at 0.5 0.721, at 0.35 0.729).
pub const DECODE_THRESHOLD: f64 = 0.35;

/// A loaded model.
#[derive(Clone, Debug)]
pub struct Model {
    /// The header of its file.
    pub header: Header,
    /// The weights.
    pub crf: Crf,
    /// The weights as tagging reads them.
    packed: PackedRows,
    dict: Dictionary,
    /// The role of each label, in layer order: by the label's name until [`Model::for_labels`]
    /// gives the dataset's declarations.
    roles: Vec<Option<Role>>,
}

/// What tagging a text gives.
#[derive(Clone, Debug, Default)]
pub struct Tagged {
    /// Spans sorted by (start, end, label), ids s1, s2…, with typed values and confidence.
    pub spans: Vec<Span>,
    /// Mean over code points and label layers of the entropy of the tag marginals, divided by
    /// ln 3 (so 0 is certain and 1 is uniform).
    pub uncertainty: f64,
}

impl Model {
    /// A model from its parts.
    pub fn new(header: Header, crf: Crf) -> Self {
        let dict = Dictionary::from_lists(&header.labels, &header.dictionary);
        let roles = header.labels.iter().map(|l| Role::by_name(l)).collect();
        Model {
            header,
            packed: PackedRows::new(&crf),
            crf,
            dict,
            roles,
        }
    }

    /// The model with the roles its labels have in `schema` (the dataset it tags for), so the
    /// rules' spans feed the right layers and typed values follow the roles, whatever the labels
    /// are called.
    pub fn for_labels(self, schema: &LabelSchema) -> Self {
        let roles = self
            .header
            .labels
            .iter()
            .map(|l| schema.role_of(l))
            .collect();
        self.with_roles(roles)
    }

    /// The model with these roles of its labels, in layer order.
    pub fn with_roles(mut self, roles: Vec<Option<Role>>) -> Self {
        self.roles = roles;
        self
    }

    /// Reads a model file.
    pub fn load(path: &Path) -> Result<Self> {
        let (header, crf) = model_file::read(path)?;
        Ok(Model::new(header, crf))
    }

    /// The labels, in layer order.
    pub fn labels(&self) -> &[String] {
        &self.header.labels
    }

    /// Tags `text`, with the model's uncertainty over it (what `queue` ranks by).
    pub fn tag(&self, text: &str, rules: &Rules) -> Tagged {
        self.run(text, rules, true)
    }

    /// The spans of `text` alone: [`Self::tag`] without the entropy of every position, which
    /// only the uncertainty needs.
    pub fn spans(&self, text: &str, rules: &Rules) -> Vec<Span> {
        self.run(text, rules, false).spans
    }

    fn run(&self, text: &str, rules: &Rules, uncertainty: bool) -> Tagged {
        let labels = &self.header.labels;
        let obs = Observations::new(text, labels, &self.roles, rules, &self.dict, &[]);
        let original: Vec<char> = text.chars().collect();
        let segs = features::segments(&obs.chars, &[]);
        let per_segment = |&(s, e): &(usize, usize)| {
            let bits = self.header.features.hash_bits;
            let (feats, offs) = features::chain_features(&obs, (s, e), bits, true);
            let em = self.packed.emissions(&features::positions(&feats, &offs));
            let mut found = Vec::new();
            let mut entropy = 0.0;
            for l in 0..labels.len() {
                let lat = self.crf.lattice(&em, l);
                for i in (0..e - s).filter(|_| uncertainty) {
                    entropy -= (0..3)
                        .map(|t| lat.marginal(i, t))
                        .filter(|&p| p > 0.0)
                        .map(|p| p * p.ln())
                        .sum::<f64>();
                }
                for (i, j, p) in lat.spans_above(DECODE_THRESHOLD) {
                    found.push((s + i, s + j, l, p));
                }
            }
            (found, entropy)
        };
        let results = if obs.len() > 20_000 {
            crate::core::data::parallel::map(&segs, per_segment)
        } else {
            segs.iter().map(per_segment).collect()
        };
        let mut spans = Vec::new();
        let mut entropy = 0.0;
        for (found, h) in results {
            entropy += h;
            spans.extend(found);
        }
        if let Some(l) = self.roles.iter().position(|r| *r == Some(Role::Project)) {
            let generic = projects::place_only(&obs.project_candidates);
            spans.retain(|f| f.2 != l || !generic.contains(&(f.0, f.1)));
            let mut found: Vec<(usize, usize, f64)> = spans
                .iter()
                .filter(|f| f.2 == l)
                .map(|&(s, e, _, p)| (s, e, p))
                .collect();
            let others = spans.iter().filter(|f| f.2 != l).map(|f| (f.0, f.1));
            let others: std::collections::HashSet<(usize, usize)> = others.collect();
            let candidates = &obs.project_candidates;
            let again = projects::other_mentions(&obs.chars, candidates, &found, &others);
            spans.extend(again.iter().map(|&(s, e, p)| (s, e, l, p)));
            found.extend(again);
            let short = projects::short_mentions(&obs.chars, candidates, &found);
            spans.extend(short.into_iter().map(|(s, e, p)| (s, e, l, p)));
        }
        if let Some(l) = self.roles.iter().position(|r| *r == Some(Role::Place)) {
            spans.retain(|f| f.2 != l || !context::generic_place(&obs.chars[f.0..f.1]));
        }
        spans.sort_by(|a, b| (a.0, a.1, &labels[a.2]).cmp(&(b.0, b.1, &labels[b.2])));
        let spans = spans
            .into_iter()
            .enumerate()
            .map(|(n, (s, e, l, p))| {
                let text: String = original[s..e].iter().collect();
                let mut attrs = crate::core::annotate::values::typed_attrs(self.roles[l], &text);
                attrs.insert(
                    "confidence".into(),
                    json!((p * 10_000.0).round() / 10_000.0),
                );
                Span {
                    id: format!("s{}", n + 1),
                    start: s,
                    end: e,
                    label: labels[l].clone(),
                    text,
                    attrs,
                }
            })
            .collect();
        let positions = (obs.len() * labels.len()).max(1) as f64;
        Tagged {
            spans,
            uncertainty: entropy / positions / 3f64.ln(),
        }
    }
}
