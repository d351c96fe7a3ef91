//! The BIO tags of the model's label layers, and writing spans as those tags. The features, the
//! dictionary, the CRF and training all speak them; this file uses none of them.

/// Tags of the BIO layers: outside, begin, inside.
pub const O: u8 = 0;
/// Begin.
pub const B: u8 = 1;
/// Inside.
pub const I: u8 = 2;

/// Writes BIO tags of `spans` (code-point ranges) into `layer`, every `stride`-th entry from
/// `offset`; a span that overlaps one already tagged is left out.
pub fn tag_spans(spans: &[(usize, usize)], layer: &mut [u8], stride: usize, offset: usize) {
    let n = layer.len() / stride;
    for &(s, e) in spans {
        let e = e.min(n);
        if s >= e || (s..e).any(|i| layer[i * stride + offset] != O) {
            continue;
        }
        layer[s * stride + offset] = B;
        for i in s + 1..e {
            layer[i * stride + offset] = I;
        }
    }
}
