//! What the model sees of a text: per code point, the folded character, its type, its place in
//! its jieba-rs word, the part-of-speech tags of that word and its neighbours, the GB/T 2260
//! gazetteer and the zones grown from it, the span dictionary, the rule extractor's tags, and the
//! context past the window that `context` finds (quoted runs, organisation endings ahead, the
//! name after an amount) ([`Observations`]); and the hashed feature templates, mostly over a ±2
//! window, that turn them into feature rows of the weight table ([`features_at`],
//! [`chain_features`]).

use super::bio::{O, tag_spans};
use super::context::{self, Quoted};
use super::crf::ChainRows;
use super::dictionary::Dictionary;
use crate::core::data::labels::Role;
use crate::core::suggest::rules::{self, Rules};
use std::sync::LazyLock;

/// The feature templates, in the order they are hashed. The model file records them, and a model
/// trained with other templates is refused on loading (train it again).
pub const TEMPLATES: [&str; 30] = [
    "bias",
    "char[-2..+2]",
    "bigram[-2..+1]",
    "trigram[-2..0]",
    "type[-1,0,+1]",
    "jieba_bmes+len",
    "jieba_bmes+char",
    "jieba_word",
    "gazetteer_bio",
    "gazetteer_bio+char",
    "dict_bio[label]",
    "dict_bio[label]+char",
    "rules_bio+threshold[label][-1,0,+1]",
    "rules_bio+threshold[label]+char",
    "in_quotes",
    "line_start",
    "jieba_pos+bmes",
    "jieba_pos[previous word, word, next word]",
    "quoted: two before the opening mark+place",
    "quoted: two after the closing mark+place",
    "quoted: length+listed+place",
    "organisation_ahead+gazetteer_bio",
    "zone_bio",
    "zone_bio+char",
    "after_amount_de+place",
    "after_amount_de+place+char",
    "quoted: what follows (mechanism head, slogan head, punctuation)+launched+place",
    "project_candidate: place+length",
    "project_candidate: place+what stands before (a predicate's verb apart)+name only a place",
    "project_candidate: place+suffix",
];

/// The rules' tag of a threshold that describes a class of projects (10亿元以上项目): no amount.
const RULE_THRESHOLD: u8 = 3;

/// The rules' "tag" of a position before the start or after the end of the text.
const RULE_EDGE: u64 = 9;

/// The window on each side of a code point.
pub const WINDOW: usize = 2;

static JIEBA: LazyLock<jieba_rs::Jieba> = LazyLock::new(jieba_rs::Jieba::new);

/// Per code point observations of one text. `dict` and `rules` hold one BIO tag per label per
/// code point (`n * labels`).
#[derive(Clone, Debug)]
pub struct Observations {
    /// The text folded to simplified script and half-width digits (one char for one).
    pub chars: Vec<char>,
    ctype: Vec<u8>,
    wpos: Vec<u8>,
    wlen: Vec<u8>,
    word: Vec<u64>,
    /// The jieba part-of-speech tags (hashed) of the code point's word and of the words before
    /// and after it (ns is a place name, nt an organisation, a an adjective…).
    pos: Vec<[u64; 3]>,
    /// BIO tags of the gazetteer's names.
    gaz: Vec<u8>,
    /// BIO tags of the zone candidates grown from them ([`context::zone_candidates`]).
    zone: Vec<u8>,
    /// The place in the name after an amount and 的 ([`context::after_amount`]).
    after_amount: Vec<u8>,
    /// The project-name candidates ([`projects::project_candidates`]).
    pub project_candidates: Vec<projects::Candidate>,
    /// The project-name candidate the code point is in.
    project: Vec<projects::InCandidate>,
    dict: Vec<u8>,
    rules: Vec<u8>,
    /// Whether the code point is between an opening quote mark and its closing one (any length,
    /// up to the end of the line).
    in_quotes: Vec<u8>,
    /// The quoted run the code point is in, when it is a short one ([`context::quoted_runs`]).
    quote_runs: Vec<Quoted>,
    /// Whether an organisation's ending starts ahead ([`context::organisation_ahead`]).
    organisation_ahead: Vec<bool>,
    labels: usize,
}

/// A 64-bit hash of a string, stable across platforms and runs.
pub fn hash_str(s: &str) -> u64 {
    s.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ b as u64).wrapping_mul(0x0100_0000_01b3)
    })
}

impl Observations {
    /// Observes `text` for a model over `labels` (whose roles are `roles`, in the same order:
    /// the rules' spans of a role are the layer of the label with that role), with the rules
    /// and the dictionary; `own` lists (folded string, label index) pairs the dictionary must
    /// not count (the document's own spans, when it is a training document).
    pub fn new(
        text: &str,
        labels: &[String],
        roles: &[Option<Role>],
        rules: &Rules,
        dict: &Dictionary,
        own: &[(String, usize)],
    ) -> Self {
        let chars: Vec<char> = crate::core::annotate::values::fold_amount_text(text)
            .chars()
            .collect();
        let n = chars.len();
        let nl = labels.len();
        let ctype = chars.iter().map(|&c| char_type(c)).collect();
        let (mut wpos, mut wlen, mut word) = (vec![3u8; n], vec![1u8; n], vec![0u64; n]);
        let mut pos = vec![[0u64; 3]; n];
        let mut at = 0;
        for line in chars.split(|&c| c == '\n') {
            let line_text: String = line.iter().collect();
            let tagged = JIEBA.tag(&line_text, true);
            for (k_word, w) in tagged.iter().enumerate() {
                let len = w.end.saturating_sub(w.start);
                let h = hash_str(w.word);
                let tag_of = |j: Option<usize>| {
                    j.and_then(|j| tagged.get(j))
                        .map_or(1, |t: &jieba_rs::Tag| hash_str(t.tag))
                };
                let tags = [
                    tag_of(k_word.checked_sub(1)),
                    tag_of(Some(k_word)),
                    tag_of(Some(k_word + 1)),
                ];
                for k in 0..len {
                    let i = at + w.start + k;
                    if i >= n {
                        break;
                    }
                    // B, M, E, S as 0, 1, 2, 3.
                    wpos[i] = context::place_in_run(len, k) - 1;
                    wlen[i] = len.min(6) as u8;
                    word[i] = if len >= 2 { h } else { 0 };
                    pos[i] = tags;
                }
            }
            at += line.len() + 1;
        }
        let mut gaz = vec![O; n];
        let places = rules::gazetteer_matches(&chars);
        tag_spans(&places, &mut gaz, 1, 0);
        let mut zone = vec![O; n];
        tag_spans(&context::zone_candidates(&chars, &places), &mut zone, 1, 0);
        let mut rule_tags = vec![O; n * nl];
        let (suggested, thresholds) = rules::suggest_folded(text, chars.clone(), rules);
        for (l, role) in roles.iter().enumerate() {
            let Some(role) = role else { continue };
            let ranges: Vec<(usize, usize)> = suggested
                .iter()
                .filter(|s| s.label == role.default_label())
                .map(|s| (s.start, s.end))
                .collect();
            tag_spans(&ranges, &mut rule_tags, nl, l);
        }
        // A threshold (10亿元以上项目) is its own value of the rules' amount tag, so the model
        // can learn from it that the guidelines leave such a figure out.
        if let Some(l) = roles.iter().position(|r| *r == Some(Role::Money)) {
            for (s, e) in thresholds {
                (s..e).for_each(|i| rule_tags[i * nl + l] = RULE_THRESHOLD);
            }
        }
        let amounts: Vec<(usize, usize)> = suggested
            .iter()
            .filter(|s| s.label == Role::Money.default_label())
            .map(|s| (s.start, s.end))
            .collect();
        let after_amount = context::after_amount(&chars, &amounts);
        let (project_candidates, project) = projects::observe(&chars, &places, &amounts);
        let dict_tags = dict.tags(&chars, nl, own);
        let in_quotes = inside_quotes(&chars);
        Observations {
            quote_runs: context::quoted_runs(&chars),
            organisation_ahead: context::organisation_ahead(&chars),
            chars,
            ctype,
            wpos,
            wlen,
            word,
            pos,
            gaz,
            zone,
            after_amount,
            project_candidates,
            project,
            dict: dict_tags,
            rules: rule_tags,
            in_quotes,
            labels: nl,
        }
    }

    /// The number of code points.
    pub fn len(&self) -> usize {
        self.chars.len()
    }

    /// Whether the text is empty.
    pub fn is_empty(&self) -> bool {
        self.chars.is_empty()
    }

    fn ch(&self, i: isize) -> u64 {
        if i < 0 {
            0x11_0001
        } else if i as usize >= self.chars.len() {
            0x11_0002
        } else {
            self.chars[i as usize] as u64
        }
    }

    fn rule(&self, i: isize, l: usize) -> u64 {
        if i < 0 || i as usize >= self.chars.len() {
            RULE_EDGE
        } else {
            self.rules[i as usize * self.labels + l] as u64
        }
    }
}

/// The splitmix64 finaliser.
fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// Hashes a template id and its values into a row of a table of `2^bits` rows.
#[inline]
fn row(bits: u32, template: u64, values: &[u64]) -> u32 {
    let mut h = mix(template.wrapping_mul(0x9e37_79b9_7f4a_7c15) ^ 0x5bd1_e995);
    for &v in values {
        h = mix(h ^ v.wrapping_mul(0xff51_afd7_ed55_8ccd));
    }
    (h >> (64 - bits)) as u32
}

/// Appends the feature rows of code point `i` to `out`, those of the rules' tags last (so that a
/// chain shown without them takes a prefix of each code point's rows).
fn features_at(obs: &Observations, i: usize, bits: u32, with_rules: bool, out: &mut Vec<u32>) {
    character_features(obs, i, bits, out);
    context_features(obs, i, bits, out);
    if with_rules {
        rule_features(obs, i, bits, out);
    }
}

/// The rows of the characters around `i`, their types and jieba's words.
fn character_features(obs: &Observations, i: usize, bits: u32, out: &mut Vec<u32>) {
    let ii = i as isize;
    let c = obs.ch(ii);
    out.push(row(bits, 0, &[]));
    for k in -2..=2isize {
        out.push(row(bits, 1, &[k as u64, obs.ch(ii + k)]));
    }
    for k in -2..=1isize {
        out.push(row(
            bits,
            2,
            &[k as u64, obs.ch(ii + k), obs.ch(ii + k + 1)],
        ));
    }
    for k in -2..=0isize {
        out.push(row(
            bits,
            3,
            &[
                k as u64,
                obs.ch(ii + k),
                obs.ch(ii + k + 1),
                obs.ch(ii + k + 2),
            ],
        ));
    }
    let ty = |k: isize| {
        let j = ii + k;
        if j < 0 || j as usize >= obs.len() {
            7
        } else {
            obs.ctype[j as usize] as u64
        }
    };
    out.push(row(bits, 4, &[ty(-1), ty(0), ty(1)]));
    out.push(row(bits, 5, &[obs.wpos[i] as u64, obs.wlen[i] as u64]));
    out.push(row(bits, 6, &[obs.wpos[i] as u64, c]));
    if obs.word[i] != 0 {
        out.push(row(bits, 7, &[obs.word[i], obs.wpos[i] as u64]));
    }
    let [before, this, after] = obs.pos[i];
    out.push(row(bits, 16, &[this, obs.wpos[i] as u64]));
    out.push(row(bits, 17, &[before, this, after]));
}

/// The rows of the gazetteer, the dictionary, quotes, line starts and the context past the
/// window.
fn context_features(obs: &Observations, i: usize, bits: u32, out: &mut Vec<u32>) {
    let c = obs.ch(i as isize);
    out.push(row(bits, 8, &[obs.gaz[i] as u64]));
    if obs.gaz[i] != O {
        out.push(row(bits, 9, &[obs.gaz[i] as u64, c]));
    }
    for l in 0..obs.labels {
        let d = obs.dict[i * obs.labels + l];
        if d != O {
            out.push(row(bits, 10, &[l as u64, d as u64]));
            out.push(row(bits, 11, &[l as u64, d as u64, c]));
        }
    }
    out.push(row(bits, 14, &[obs.in_quotes[i] as u64]));
    let line_start = i == 0 || obs.chars[i - 1] == '\n';
    out.push(row(bits, 15, &[line_start as u64]));
    let q = obs.quote_runs[i];
    if q.place != 0 {
        let place = q.place as u64;
        out.push(row(bits, 18, &[q.before, place]));
        out.push(row(bits, 19, &[q.after, place]));
        out.push(row(bits, 20, &[q.length as u64, q.listed as u64, place]));
        out.push(row(
            bits,
            26,
            &[q.after_class as u64, q.launched as u64, place],
        ));
    }
    if obs.organisation_ahead[i] || obs.gaz[i] != O {
        out.push(row(
            bits,
            21,
            &[obs.organisation_ahead[i] as u64, obs.gaz[i] as u64],
        ));
    }
    if obs.after_amount[i] != 0 {
        out.push(row(bits, 24, &[obs.after_amount[i] as u64]));
        out.push(row(bits, 25, &[obs.after_amount[i] as u64, c]));
    }
    if obs.zone[i] != O {
        out.push(row(bits, 22, &[obs.zone[i] as u64]));
        out.push(row(bits, 23, &[obs.zone[i] as u64, c]));
    }
    let p = obs.project[i];
    if p.place != 0 {
        let place = p.place as u64;
        out.push(row(bits, 27, &[place, p.length as u64]));
        out.push(row(
            bits,
            28,
            &[place, p.before as u64, p.place_only as u64],
        ));
        out.push(row(bits, 29, &[place, p.suffix as u64]));
    }
}

/// The rows of the rules' tags around `i`, per label.
fn rule_features(obs: &Observations, i: usize, bits: u32, out: &mut Vec<u32>) {
    let ii = i as isize;
    let c = obs.ch(ii);
    for l in 0..obs.labels {
        let (p, r, n) = (obs.rule(ii - 1, l), obs.rule(ii, l), obs.rule(ii + 1, l));
        if p != O as u64 || r != O as u64 || n != O as u64 {
            out.push(row(bits, 12, &[l as u64, p, r, n]));
        }
        if r != O as u64 {
            out.push(row(bits, 13, &[l as u64, r, c]));
        }
    }
}

/// The feature rows of the code points `start..end` of `obs`, all in one list, with the offset
/// where each code point's rows begin (and one past the last): what the CRF takes for a chain
/// (through [`positions`]).
pub fn chain_features(
    obs: &Observations,
    (start, end): (usize, usize),
    bits: u32,
    with_rules: bool,
) -> (Vec<u32>, Vec<usize>) {
    let mut feats = Vec::with_capacity((end - start) * ROWS_PER_CODE_POINT);
    let mut offs = Vec::with_capacity(end - start + 1);
    offs.push(0);
    for i in start..end {
        features_at(obs, i, bits, with_rules, &mut feats);
        offs.push(feats.len());
    }
    (feats, offs)
}

/// Each code point's rows out of [`chain_features`]'s list and offsets.
pub fn positions<'a>(feats: &'a [u32], offs: &[usize]) -> Vec<&'a [u32]> {
    offs.windows(2).map(|w| &feats[w[0]..w[1]]).collect()
}

/// The feature rows of every code point of a document, made once for all the epochs of a
/// training: per code point, the rows without the rules' tags, then those of the rules' tags.
pub struct DocFeatures {
    /// The rows, code point after code point.
    pub feats: Vec<u32>,
    /// Where each code point's rows begin, and one past the last (`n + 1` offsets).
    offs: Vec<u32>,
    /// Where each code point's rows of the rules' tags begin.
    rules_at: Vec<u32>,
}

impl DocFeatures {
    /// The rows of every code point of `obs` in a table of `2^bits` rows.
    pub fn new(obs: &Observations, bits: u32) -> Self {
        let n = obs.len();
        let mut feats = Vec::with_capacity(n * ROWS_PER_CODE_POINT / 2);
        let mut offs = Vec::with_capacity(n + 1);
        let mut rules_at = Vec::with_capacity(n);
        offs.push(0);
        for i in 0..n {
            character_features(obs, i, bits, &mut feats);
            context_features(obs, i, bits, &mut feats);
            rules_at.push(feats.len() as u32);
            rule_features(obs, i, bits, &mut feats);
            offs.push(feats.len() as u32);
        }
        feats.shrink_to_fit();
        DocFeatures {
            feats,
            offs,
            rules_at,
        }
    }

    /// Replaces each row by `compact[row]`.
    pub fn renumber(&mut self, compact: &[u32]) {
        for f in &mut self.feats {
            *f = compact[*f as usize];
        }
    }

    /// The rows of the code points `start..end` as a chain ([`ChainRows`]); `seen` is scratch
    /// of one entry per row (all `u32::MAX`).
    pub fn chain_rows(&self, (start, end): (usize, usize), seen: &mut [u32]) -> ChainRows {
        let (o, r) = (&self.offs, &self.rules_at);
        let slice = |a: u32, b: u32| &self.feats[a as usize..b as usize];
        let plain: Vec<&[u32]> = (start..end).map(|i| slice(o[i], r[i])).collect();
        let rules: Vec<&[u32]> = (start..end).map(|i| slice(r[i], o[i + 1])).collect();
        ChainRows::new(&plain, &rules, seen)
    }
}

/// About how many rows one code point has (for the capacity of [`chain_features`]'s list).
const ROWS_PER_CODE_POINT: usize = 48;

mod chars;
pub mod projects;
mod rule_rows;
use chars::{char_type, inside_quotes};
mod segments;
pub use rule_rows::rule_window_rows;
pub use segments::segments;
