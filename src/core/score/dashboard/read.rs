//! One document's share of the dashboard: each annotator's file of it read once, keeping only
//! what the dashboard counts (status, last save, spans as range and label, rejected
//! suggestions, effort), and turned into counts that [`super::sum`] adds up.

use crate::core::data::error::{Error, Result};
use crate::core::data::fsio;
use crate::core::data::model::{DocumentEntry, Effort, Status};
use crate::core::data::store::Dataset;
use crate::core::score::agree::{CharLabels, LabelTable, PairCounts, SpanTriple};
use serde::Deserialize;
use std::borrow::Cow;
use std::cell::RefCell;
use std::io::Read;
use std::path::{Path, PathBuf};

/// The part of an annotation file the dashboard reads; other fields are skipped unread.
#[derive(Deserialize)]
struct Light<'a> {
    status: Status,
    #[serde(borrow)]
    updated: Cow<'a, str>,
    #[serde(borrow)]
    spans: Vec<LightSpan<'a>>,
    #[serde(default, borrow)]
    rejected: Vec<LightSpan<'a>>,
    #[serde(default)]
    effort: Option<Effort>,
}

/// A span's range and label.
#[derive(Deserialize)]
struct LightSpan<'a> {
    start: usize,
    end: usize,
    #[serde(borrow)]
    label: Cow<'a, str>,
}

impl Light<'_> {
    fn triples(&self) -> Vec<SpanTriple<'_>> {
        self.spans
            .iter()
            .map(|s| (s.start, s.end, s.label.as_ref()))
            .collect()
    }
}

/// One human annotator's file of the document.
#[derive(Debug)]
pub struct HumanFacts {
    /// Its status.
    pub status: Status,
    /// The day of its last save (`YYYY-MM-DD`), when it is done or reviewed.
    pub finished_on: Option<String>,
    /// Spans per label, in the order first seen.
    pub labels: Vec<(String, usize)>,
    /// Active seconds recorded (0 when none).
    pub active_seconds: u64,
    /// Characters per label (O included) under its spans, for the agreement of each pair it is
    /// in; empty when it is in no pair on this document.
    pub chars_per_label: Vec<(String, usize)>,
}

/// Two human annotators who both have a file of the document.
#[derive(Debug)]
pub struct PairFacts {
    /// Their span counts and characters compared and alike on it (the characters per label
    /// are each one's [`HumanFacts::chars_per_label`]).
    pub counts: PairCounts,
    /// Whether their spans differ (one has a range and label the other has not).
    pub differ: bool,
}

/// What one document adds to the dashboard.
#[derive(Debug)]
pub struct DocFacts {
    /// Per human annotator (in the order given): their file, or none.
    pub humans: Vec<Option<HumanFacts>>,
    /// Per pair of human annotators (i < j, in order of i then j), when both have a file.
    pub pairs: Vec<Option<PairFacts>>,
    /// (machine annotator's index, label, [accepted, corrected, rejected]).
    pub suggestions: Vec<(usize, String, [usize; 3])>,
}

thread_local! {
    /// Each thread's buffers for the files of one document, kept from one document to the
    /// next: reading 40,000 files into fresh buffers spent a tenth of the time in the allocator.
    static BUFFERS: RefCell<Vec<Vec<u8>>> = const { RefCell::new(Vec::new()) };
}

/// Reads `path` whole into `bytes` (emptied first); `false` when there is no such file.
fn read_optional(path: &Path, bytes: &mut Vec<u8>) -> Result<bool> {
    bytes.clear();
    let file = match std::fs::File::open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(false),
        Err(e) => return Err(Error::io(path, e)),
    };
    file.take(fsio::MAX_JSON_BYTES + 1)
        .read_to_end(bytes)
        .map_err(|e| Error::io(path, e))?;
    if bytes.len() as u64 > fsio::MAX_JSON_BYTES {
        return Err(Error::invalid(
            path,
            "",
            format!("biaozhu reads at most {} bytes here", fsio::MAX_JSON_BYTES),
        ));
    }
    Ok(true)
}

/// The day part of an RFC 3339 time, checked.
fn day_of(path: &Path, updated: &str) -> Result<String> {
    let day = updated.get(..10).unwrap_or(updated);
    let format = time::macros::format_description!("[year]-[month]-[day]");
    match time::Date::parse(day, &format) {
        Ok(_) => Ok(day.to_string()),
        Err(_) => Err(Error::invalid(
            path,
            "/updated",
            format!("{updated:?} is not an RFC 3339 time"),
        )),
    }
}

fn human_facts(path: &Path, ann: &Light<'_>) -> Result<HumanFacts> {
    let finished = matches!(ann.status, Status::Done | Status::Reviewed);
    let mut labels: Vec<(String, usize)> = Vec::new();
    for s in &ann.spans {
        match labels.iter_mut().find(|(l, _)| *l == s.label) {
            Some((_, n)) => *n += 1,
            None => labels.push((s.label.to_string(), 1)),
        }
    }
    Ok(HumanFacts {
        status: ann.status,
        finished_on: finished.then(|| day_of(path, &ann.updated)).transpose()?,
        labels,
        active_seconds: ann.effort.map_or(0, |e| e.active_seconds),
        chars_per_label: Vec::new(),
    })
}

/// Sorted, deduplicated span identities, to tell whether two annotators' spans differ.
fn key_set<'a>(spans: &[SpanTriple<'a>]) -> Vec<SpanTriple<'a>> {
    let mut keys = spans.to_vec();
    keys.sort_unstable();
    keys.dedup();
    keys
}

/// The counts of every pair of human annotators who both have a file: `spans` and `keys` are
/// each one's spans and their sorted identities ([`key_set`]), none without a file. Each one's
/// characters per label go to `humans` when there is a pair at all.
fn pair_facts(
    entry: &DocumentEntry,
    spans: &[Option<Vec<SpanTriple<'_>>>],
    keys: &[Option<Vec<SpanTriple<'_>>>],
    humans: &mut [Option<HumanFacts>],
) -> Vec<Option<PairFacts>> {
    let table = LabelTable::new(spans.iter().flatten().map(Vec::as_slice));
    let paired = spans.iter().flatten().count() >= 2;
    let chars: Vec<Option<CharLabels>> = spans
        .iter()
        .map(|s| {
            s.as_ref()
                .filter(|_| paired)
                .map(|s| CharLabels::new(entry.chars, s, &table))
        })
        .collect();
    for (human, labels) in humans.iter_mut().zip(&chars) {
        if let (Some(h), Some(labels)) = (human, labels) {
            h.chars_per_label = labels
                .per_label(&table)
                .map(|(l, n)| (l.to_string(), n))
                .collect();
        }
    }
    let mut out = Vec::new();
    for i in 0..spans.len() {
        for j in i + 1..spans.len() {
            out.push(match (&spans[i], &spans[j], &chars[i], &chars[j]) {
                (Some(a), Some(b), Some(ca), Some(cb)) => {
                    let mut counts = PairCounts::default();
                    counts.add_spans(a, b);
                    counts.add_chars_compared(ca, cb);
                    Some(PairFacts {
                        counts,
                        differ: keys[i] != keys[j],
                    })
                }
                _ => None,
            });
        }
    }
    out
}

/// What the human annotators did with one machine annotator's suggestions, per label:
/// [accepted, corrected, rejected], added to `out` under `source`. `keys` are the humans'
/// sorted span identities ([`key_set`]).
fn outcomes(
    source: usize,
    suggested: &Light<'_>,
    humans: &[Option<Light<'_>>],
    keys: &[Option<Vec<SpanTriple<'_>>>],
    out: &mut Vec<(usize, String, [usize; 3])>,
) {
    for (human, has) in humans.iter().zip(keys) {
        let (Some(human), Some(has)) = (human, has) else {
            continue;
        };
        let mut rejected: Vec<SpanTriple<'_>> = human
            .rejected
            .iter()
            .map(|k| (k.start, k.end, k.label.as_ref()))
            .collect();
        rejected.sort_unstable();
        for s in &suggested.spans {
            let key = (s.start, s.end, s.label.as_ref());
            let outcome = if has.binary_search(&key).is_ok() {
                0
            } else if rejected.binary_search(&key).is_ok() {
                2
            } else if human
                .spans
                .iter()
                .any(|h| h.start < s.end && s.start < h.end)
            {
                1
            } else {
                continue;
            };
            match out
                .iter_mut()
                .find(|(m, l, _)| *m == source && *l == s.label)
            {
                Some((_, _, counts)) => counts[outcome] += 1,
                None => {
                    let mut counts = [0; 3];
                    counts[outcome] = 1;
                    out.push((source, s.label.to_string(), counts));
                }
            }
        }
    }
}

fn parse<'a>(path: &Path, bytes: &'a [u8], found: bool) -> Result<Option<Light<'a>>> {
    if !found {
        return Ok(None);
    }
    serde_json::from_slice(bytes)
        .map(Some)
        .map_err(|e| fsio::json_error(path, &e))
}

/// Reads the files of document `entry` by `humans` and `machines` and counts them.
pub fn facts(
    ds: &Dataset,
    entry: &DocumentEntry,
    humans: &[String],
    machines: &[String],
) -> Result<DocFacts> {
    let paths: Vec<PathBuf> = humans
        .iter()
        .chain(machines)
        .map(|a| ds.annotation_path(a, &entry.id))
        .collect::<Result<_>>()?;
    let mut buffers = BUFFERS.with_borrow_mut(std::mem::take);
    buffers.resize_with(buffers.len().max(paths.len()), Vec::new);
    let result = facts_in(entry, humans.len(), &paths, &mut buffers);
    BUFFERS.with_borrow_mut(|kept| *kept = buffers);
    result
}

/// [`facts`] with the files read into `buffers`, one per path.
fn facts_in(
    entry: &DocumentEntry,
    humans: usize,
    paths: &[PathBuf],
    buffers: &mut [Vec<u8>],
) -> Result<DocFacts> {
    let mut found = Vec::with_capacity(paths.len());
    for (path, bytes) in paths.iter().zip(buffers.iter_mut()) {
        found.push(read_optional(path, bytes)?);
    }
    let anns: Vec<Option<Light<'_>>> = paths
        .iter()
        .zip(buffers.iter())
        .zip(&found)
        .map(|((p, b), f)| parse(p, b, *f))
        .collect::<Result<_>>()?;
    let (people, models) = anns.split_at(humans);
    let mut human_list = Vec::with_capacity(people.len());
    for (path, ann) in paths.iter().zip(people) {
        human_list.push(ann.as_ref().map(|a| human_facts(path, a)).transpose()?);
    }
    let spans: Vec<Option<Vec<SpanTriple<'_>>>> = people
        .iter()
        .map(|a| a.as_ref().map(Light::triples))
        .collect();
    let keys: Vec<Option<Vec<SpanTriple<'_>>>> =
        spans.iter().map(|s| s.as_deref().map(key_set)).collect();
    let mut suggestions = Vec::new();
    for (source, ann) in models.iter().enumerate() {
        if let Some(suggested) = ann {
            outcomes(source, suggested, people, &keys, &mut suggestions);
        }
    }
    let pairs = pair_facts(entry, &spans, &keys, &mut human_list);
    Ok(DocFacts {
        humans: human_list,
        pairs,
        suggestions,
    })
}
