//! Word boundaries for double-click selection: a number-plus-unit run (53.7億元, 约1.2亿元,
//! 3000万美元) when the click is on one, else the jieba-rs word under the click.

use regex::Regex;
use std::sync::LazyLock;

static AMOUNT_RUN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(约|近|超过|超|逾|不到)?[0-9０-９][0-9０-９.．,，]*(多)?(万亿|萬億|千万|千萬|百万|百萬|亿|億|万|萬|千)?(多)?(美元|港元|港币|港幣|欧元|歐元|人民币|人民幣|元|亩|畝|GWh|GW|MW|kW|%|％|个|個|项|項)?(以上|左右)?")
        .expect("valid amount pattern")
});

static JIEBA: LazyLock<jieba_rs::Jieba> = LazyLock::new(jieba_rs::Jieba::new);

/// The code-point range of the word at code point `at` of `text`, or `None` past the end.
pub fn word_at(text: &str, at: usize) -> Option<(usize, usize)> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    if at >= chars.len() || chars[at].1 == '\n' {
        return None;
    }
    // Work on the line around `at`, which keeps jieba's input short.
    let mut ls = at;
    while ls > 0 && chars[ls - 1].1 != '\n' {
        ls -= 1;
    }
    let mut le = at;
    while le < chars.len() && chars[le].1 != '\n' {
        le += 1;
    }
    if ls == le {
        return None;
    }
    let byte = |i: usize| {
        if i < chars.len() {
            chars[i].0
        } else {
            text.len()
        }
    };
    let line = &text[byte(ls)..byte(le)];
    let at_byte = byte(at) - byte(ls);
    for m in AMOUNT_RUN.find_iter(line) {
        if m.start() <= at_byte && at_byte < m.end() {
            let s = line[..m.start()].chars().count();
            let e = s + m.as_str().chars().count();
            return Some((ls + s, ls + e));
        }
    }
    for token in JIEBA.tokenize(line, jieba_rs::TokenizeMode::Default, true) {
        if token.start <= at - ls && at - ls < token.end {
            return Some((ls + token.start, ls + token.end));
        }
    }
    Some((at, at + 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn word(text: &str, at_char: &str) -> String {
        let at = text
            .find(at_char)
            .map(|b| text[..b].chars().count())
            .unwrap();
        let (s, e) = word_at(text, at).unwrap();
        text.chars().skip(s).take(e - s).collect()
    }

    #[test]
    fn numbers_with_units_and_words() {
        assert_eq!(word("總投資53.7億元的項目", "7"), "53.7億元");
        assert_eq!(word("拟投资约1.2亿元建设", "1"), "约1.2亿元");
        assert_eq!(word("引进3000万美元外资", "3"), "3000万美元");
        let w = word("𠮷利集团在南通开发区投资", "开");
        assert!(w.contains('开') && w.chars().count() >= 2, "{w}");
        assert_eq!(word_at("ab\n", 2), None);
    }
}
