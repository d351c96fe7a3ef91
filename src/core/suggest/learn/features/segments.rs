//! Where a text is cut into the chains a model tags.

/// Where a text is cut into chains: after a line break or 。！？；, unless a span of `keep`
/// crosses the cut. Returns code-point ranges that cover the text.
pub fn segments(chars: &[char], keep: &[(usize, usize)]) -> Vec<(usize, usize)> {
    let mut crossing = vec![false; chars.len() + 1];
    for &(s, e) in keep {
        for c in crossing.iter_mut().take(e.min(chars.len())).skip(s + 1) {
            *c = true;
        }
    }
    let mut out = Vec::new();
    let mut start = 0;
    for (i, &c) in chars.iter().enumerate() {
        let cut = i + 1;
        if matches!(c, '\n' | '。' | '！' | '？' | '；') && !crossing[cut.min(chars.len())] {
            out.push((start, cut));
            start = cut;
        }
    }
    if start < chars.len() {
        out.push((start, chars.len()));
    }
    out
}
