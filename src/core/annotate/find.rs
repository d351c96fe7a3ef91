//! Find in an article, where a traditional and a simplified form of the same character match
//! each other (项目 finds 項目). Matches are code-point ranges.

/// Folds text to simplified characters one for one, so positions stay aligned.
pub fn fold(text: &str) -> Vec<char> {
    let folded = fast2s::convert(text);
    let chars: Vec<char> = folded.chars().collect();
    debug_assert_eq!(chars.len(), text.chars().count());
    chars
}

/// All non-overlapping matches of `query` in `haystack` (already folded), as code-point ranges.
pub fn find_folded(haystack: &[char], query: &str) -> Vec<(usize, usize)> {
    let needle = fold(query);
    let n = needle.len();
    if n == 0 || n > haystack.len() {
        return Vec::new();
    }
    let mut out = Vec::new();
    let mut i = 0;
    while i + n <= haystack.len() {
        if haystack[i..i + n] == needle[..] {
            out.push((i, i + n));
            i += n;
        } else {
            i += 1;
        }
    }
    out
}

/// All matches of `query` in `text`, folding traditional and simplified forms.
pub fn find_all(text: &str, query: &str) -> Vec<(usize, usize)> {
    find_folded(&fold(text), query)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn traditional_and_simplified_match_each_other() {
        let text = "南通項目與镇江项目，鎮江新區";
        assert_eq!(find_all(text, "项目"), [(2, 4), (7, 9)]);
        assert_eq!(find_all(text, "項目"), [(2, 4), (7, 9)]);
        assert_eq!(find_all(text, "镇江"), [(5, 7), (10, 12)]);
        assert!(find_all(text, "").is_empty());
        assert_eq!(
            find_all("𠮷项目", "项目"),
            [(1, 3)],
            "offsets are code points after astral characters"
        );
    }
}
