//! What a single character is: its type, and whether it stands inside quote marks.

use super::super::context;

/// The type of a character: 0 other, 1 digit, 2 Chinese numeral, 3 han, 4 latin, 5 punctuation,
/// 6 whitespace.
pub(super) fn char_type(c: char) -> u8 {
    if c.is_ascii_digit() {
        1
    } else if "零〇一二三四五六七八九十百千万亿两".contains(c) {
        2
    } else if ('\u{4e00}'..='\u{9fff}').contains(&c) || ('\u{3400}'..='\u{4dbf}').contains(&c) {
        3
    } else if c.is_ascii_alphabetic() {
        4
    } else if c.is_whitespace() {
        6
    } else if c.is_ascii_punctuation()
        || ('\u{3000}'..='\u{303f}').contains(&c)
        || ('\u{ff00}'..='\u{ffef}').contains(&c)
        || "“”‘’—…·".contains(c)
    {
        5
    } else {
        0
    }
}

/// Per code point, 1 when it is between an opening quote mark and its closing one (any length,
/// up to the end of the line).
pub(super) fn inside_quotes(chars: &[char]) -> Vec<u8> {
    let mut in_quotes = vec![0u8; chars.len()];
    let mut inside = false;
    for (i, &c) in chars.iter().enumerate() {
        if context::QUOTES.iter().any(|&(open, _)| open == c) {
            inside = true;
        } else if c == '\n' || context::QUOTES.iter().any(|&(_, close)| close == c) {
            inside = false;
        } else {
            in_quotes[i] = inside as u8;
        }
    }
    in_quotes
}
