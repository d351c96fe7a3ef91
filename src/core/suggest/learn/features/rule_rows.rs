//! Where training starts from: the rows of the rules-window template.

use super::super::bio::{B, I, O};
use super::{RULE_EDGE, row};

/// The rows of the rules-window template (`rules_bio[label][-1,0,+1]`) for every window the
/// rules can produce, each with its layer and the rules' tag at the middle code point: where the
/// training starts from, and is pulled back to, so that with little evidence the model tags as
/// the rules do ([`crate::core::suggest::learn::train::Options::rule_prior`]).
pub fn rule_window_rows(bits: u32, labels: usize) -> Vec<(u32, usize, u8)> {
    let side = [O as u64, B as u64, I as u64, RULE_EDGE];
    let mut out = Vec::new();
    for l in 0..labels {
        for &p in &side {
            for r in [O, B, I] {
                for &n in &side {
                    // The same condition as in `features_at`: no row for a window all outside.
                    if p == O as u64 && r == O && n == O as u64 {
                        continue;
                    }
                    out.push((row(bits, 12, &[l as u64, p, r as u64, n]), l, r));
                }
            }
        }
    }
    out
}
