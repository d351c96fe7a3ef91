//! The emission weights as tagging reads them: only the rows that are not all zero, packed
//! together, with a table from each feature row to its place among them.
//!
//! A model's table has `2^hash_bits` rows (a million; 48 MB with four labels) and tagging reads
//! about thirty of them, at random, per code point, so nearly every read missed the caches
//! (a third of `biaozhu tag`'s time). Trained on a few hundred documents, a model has weights in
//! a few percent of its rows: packed, those fit in the caches, and the table of places (4 bytes
//! a row) mostly does too.

use super::crf::{Crf, emissions_with};

/// A row with no weights in the packed table.
const ABSENT: u32 = u32::MAX;

/// The packed rows of one model ([`PackedRows::new`]).
#[derive(Clone, Debug, Default)]
pub struct PackedRows {
    /// Per feature row, its place in `w`, or [`ABSENT`].
    place: Vec<u32>,
    /// The rows with any weight, `k` weights each, in row order.
    w: Vec<f32>,
    /// Weights per row.
    k: usize,
}

impl PackedRows {
    /// Packs the emission weights of `crf`.
    pub fn new(crf: &Crf) -> Self {
        let (k, stride) = (crf.width(), crf.stride);
        let rows = crf.w.len() / stride.max(1);
        let mut place = vec![ABSENT; rows];
        let mut w = Vec::new();
        for (r, slot) in place.iter_mut().enumerate() {
            let row = &crf.w[r * stride..r * stride + k];
            if row.iter().any(|&x| x != 0.0) {
                *slot = (w.len() / k.max(1)) as u32;
                w.extend_from_slice(row);
            }
        }
        PackedRows { place, w, k }
    }

    /// The emission scores of a chain, as [`Crf::emissions`] gives them (rows of zeros add
    /// nothing either way).
    pub fn emissions(&self, pos: &[&[u32]]) -> Vec<f32> {
        let (place, k) = (&self.place, self.k);
        emissions_with(k, pos, &self.w, |f| match place.get(f as usize) {
            Some(&p) if p != ABSENT => Some(p as usize * k),
            _ => None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::PackedRows;
    use crate::core::suggest::learn::crf::Crf;

    #[test]
    fn packed_rows_give_the_emissions_of_the_whole_table() {
        for labels in [1, 4, 7] {
            let mut crf = Crf::new(labels, 6);
            let k = crf.width();
            // Weights in every third row, some of them negative.
            for (i, x) in crf.w.iter_mut().enumerate() {
                if (i / k).is_multiple_of(3) {
                    *x = ((i * 37) % 11) as f32 - 5.0;
                }
            }
            let packed = PackedRows::new(&crf);
            assert_eq!(packed.w.len(), 22 * k, "rows 0, 3, … 63 have weights");
            let chain: Vec<Vec<u32>> = (0..40u32)
                .map(|i| (0..5).map(|j| (i * 7 + j * 13) % 64).collect())
                .collect();
            let pos: Vec<&[u32]> = chain.iter().map(Vec::as_slice).collect();
            assert_eq!(
                packed.emissions(&pos),
                crf.emissions(&pos),
                "{labels} labels"
            );
        }
    }
}
