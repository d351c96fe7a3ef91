use super::*;
use crate::core::data::labels::Role;
use crate::core::suggest::learn::dictionary::Dictionary;
use crate::core::suggest::rules::{DEFAULT_RULES_RON, Rules};

fn data() -> (Vec<Observations>, Vec<Vec<u8>>, Vec<Chain>) {
    let labels: Vec<String> = ["project", "amount", "region", "mechanism"]
        .map(String::from)
        .to_vec();
    let roles: Vec<Option<Role>> = labels.iter().map(|l| Role::by_name(l)).collect();
    let rules = Rules::from_ron(DEFAULT_RULES_RON).unwrap();
    let dict = Dictionary::new(labels.len());
    let mut rng = Rng::new(3);
    let (mut obs, mut gold, mut chains) = (Vec::new(), Vec::new(), Vec::new());
    for d in 0..3 {
        let (text, spans) = crate::core::data::synth_news::article(&mut rng, 400, 5);
        let o = Observations::new(&text, &labels, &roles, &rules, &dict, &[]);
        let mut tags = vec![super::super::bio::O; o.len() * labels.len()];
        for (l, name) in labels.iter().enumerate() {
            let ranges: Vec<(usize, usize)> = spans
                .iter()
                .filter(|s| &s.label == name)
                .map(|s| (s.start, s.end))
                .collect();
            super::super::bio::tag_spans(&ranges, &mut tags, labels.len(), l);
        }
        for (start, end) in features::segments(&o.chars, &[]) {
            chains.push(Chain { doc: d, start, end });
        }
        obs.push(o);
        gold.push(tags);
    }
    (obs, gold, chains)
}

#[test]
fn the_model_does_not_depend_on_how_the_layers_are_grouped_on_threads() {
    let (obs, gold, chains) = data();
    let opts = Options {
        epochs: 3,
        hash_bits: 14,
        ..Default::default()
    };
    let fit_with =
        |groups: &[Vec<usize>]| fit_in_groups(&obs, &gold, &chains, (4, groups), &opts, None);
    let one = fit_with(&[vec![0, 1, 2, 3]]);
    assert_eq!(one.losses.len(), 3);
    assert!(one.losses[2] < one.losses[0], "{:?}", one.losses);
    for groups in [layer_groups(4, 2), layer_groups(4, 4), layer_groups(4, 3)] {
        let other = fit_with(&groups);
        assert_eq!(other.crf, one.crf, "{groups:?}");
        assert_eq!(other.losses, one.losses, "{groups:?}");
    }
    assert_eq!(layer_groups(4, 2), vec![vec![0, 1], vec![2, 3]]);
    assert_eq!(layer_groups(4, 8).len(), 4);
}

#[test]
fn a_warm_start_keeps_the_rows_it_does_not_see_and_moves_the_ones_it_does() {
    let (obs, gold, chains) = data();
    let opts = Options {
        epochs: 2,
        hash_bits: 14,
        ..Default::default()
    };
    let full = fit(&obs, &gold, &chains, 4, &opts, None).crf;
    let mut start = full.clone();
    // A row no document uses, with a weight: the warm start leaves it alone.
    let docs: Vec<DocFeatures> = obs.iter().map(|o| DocFeatures::new(o, 14)).collect();
    let (_, compact) = compact_rows(&docs, 14, 4);
    let unused = (0..compact.len())
        .find(|&r| compact[r] == u32::MAX)
        .unwrap();
    start.w[unused * 12] = 0.75;
    let warm = WarmStart {
        crf: &start,
        chains_total: chains.len(),
        initial_sum: 100.0,
        epochs: 0,
    };
    let again = fit(
        &obs[..1],
        &gold[..1],
        &chains_of(&chains, 0),
        4,
        &opts,
        Some(&warm),
    );
    assert_eq!(again.crf.w[unused * 12], 0.75);
    assert_ne!(again.crf.w, start.w, "the rows of document 0 moved");
}

fn chains_of(chains: &[Chain], doc: usize) -> Vec<Chain> {
    chains
        .iter()
        .filter(|c| c.doc == doc)
        .map(|c| Chain {
            doc: c.doc,
            start: c.start,
            end: c.end,
        })
        .collect()
}
