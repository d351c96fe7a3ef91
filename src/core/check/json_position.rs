//! Where a JSON pointer points in a file's text: the 1-based line and column of the value, so
//! that a CI system can annotate the changed file at the value that is wrong.
//!
//! The scanner follows only the pointer's path and skips everything else, so one lookup costs
//! one pass over the file at most. Columns count Unicode code points, as editors show them.

/// The line and column (both 1-based) of the value at `pointer` in `text`, or of the deepest
/// value on the way when the pointer goes further than the file (a missing key: the object
/// that lacks it). `None` when the text is not JSON that far.
pub fn locate(text: &str, pointer: &str) -> Option<(usize, usize)> {
    let bytes = text.as_bytes();
    let mut at = skip_ws(bytes, 0);
    let tokens: Vec<String> = if pointer.is_empty() {
        Vec::new()
    } else {
        pointer
            .strip_prefix('/')?
            .split('/')
            .map(|t| t.replace("~1", "/").replace("~0", "~"))
            .collect()
    };
    for token in &tokens {
        match bytes.get(at)? {
            b'{' => match find_member(bytes, at, token) {
                Some(value_at) => at = value_at,
                None => break,
            },
            b'[' => {
                let Ok(index) = token.parse::<usize>() else {
                    break;
                };
                match find_element(bytes, at, index) {
                    Some(value_at) => at = value_at,
                    None => break,
                }
            }
            _ => break,
        }
    }
    Some(line_col(text, at))
}

fn line_col(text: &str, at: usize) -> (usize, usize) {
    let before = &text[..at.min(text.len())];
    let line = before.bytes().filter(|&b| b == b'\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, before[line_start..].chars().count() + 1)
}

fn skip_ws(b: &[u8], mut i: usize) -> usize {
    while i < b.len() && matches!(b[i], b' ' | b'\t' | b'\n' | b'\r') {
        i += 1;
    }
    i
}

/// The end of the string starting at `i` (which is `"`), past the closing quote.
fn skip_string(b: &[u8], mut i: usize) -> Option<usize> {
    i += 1;
    while i < b.len() {
        match b[i] {
            b'\\' => i += 2,
            b'"' => return Some(i + 1),
            _ => i += 1,
        }
    }
    None
}

/// The end of the value starting at `i`.
fn skip_value(b: &[u8], i: usize) -> Option<usize> {
    match *b.get(i)? {
        b'"' => skip_string(b, i),
        b'{' | b'[' => {
            let mut depth = 0usize;
            let mut j = i;
            while j < b.len() {
                match b[j] {
                    b'"' => {
                        j = skip_string(b, j)?;
                        continue;
                    }
                    b'{' | b'[' => depth += 1,
                    b'}' | b']' => {
                        depth -= 1;
                        if depth == 0 {
                            return Some(j + 1);
                        }
                    }
                    _ => {}
                }
                j += 1;
            }
            None
        }
        _ => {
            let mut j = i;
            while j < b.len() && !matches!(b[j], b',' | b'}' | b']' | b' ' | b'\n' | b'\r' | b'\t')
            {
                j += 1;
            }
            Some(j)
        }
    }
}

/// The start of the value of member `key` of the object starting at `i`.
fn find_member(b: &[u8], i: usize, key: &str) -> Option<usize> {
    let mut j = skip_ws(b, i + 1);
    while j < b.len() && b[j] != b'}' {
        let key_end = skip_string(b, j)?;
        let raw: String = serde_json::from_slice(&b[j..key_end]).ok()?;
        let colon = skip_ws(b, key_end);
        let value = skip_ws(b, colon + 1);
        if raw == key {
            return Some(value);
        }
        let end = skip_ws(b, skip_value(b, value)?);
        j = if b.get(end) == Some(&b',') {
            skip_ws(b, end + 1)
        } else {
            end
        };
    }
    None
}

/// The start of element `index` of the array starting at `i`.
fn find_element(b: &[u8], i: usize, index: usize) -> Option<usize> {
    let mut j = skip_ws(b, i + 1);
    let mut n = 0;
    while j < b.len() && b[j] != b']' {
        if n == index {
            return Some(j);
        }
        let end = skip_ws(b, skip_value(b, j)?);
        j = if b.get(end) == Some(&b',') {
            skip_ws(b, end + 1)
        } else {
            end
        };
        n += 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pointers_land_on_their_values_in_pretty_and_compact_json() {
        let v = serde_json::json!({
            "document": "d1",
            "spans": [
                {"id": "s1", "start": 0, "end": 2, "text": "南通", "attrs": {"a/b": [1, 2]}},
                {"id": "s2", "start": 5, "end": 3, "text": "x,}]\"y"}
            ]
        });
        let pretty = serde_json::to_string_pretty(&v).unwrap();
        let compact = serde_json::to_string(&v).unwrap();
        for text in [&pretty, &compact] {
            for (pointer, expect) in [
                ("/document", "\"d1\""),
                ("/spans/1/end", "3"),
                ("/spans/1/text", "\"x,}]"),
                ("/spans/0/attrs/a~1b/1", "2"),
                ("/spans/1", "{"),
            ] {
                let (line, col) = locate(text, pointer).unwrap();
                let l = text.lines().nth(line - 1).unwrap();
                let rest: String = l.chars().skip(col - 1).collect();
                assert!(rest.starts_with(expect), "{pointer}: {rest:?}");
            }
        }
        assert_eq!(locate(&pretty, ""), Some((1, 1)));
        // A missing key points at the object that lacks it.
        let (line, _) = locate(&pretty, "/spans/0/label").unwrap();
        assert!(
            pretty
                .lines()
                .nth(line - 1)
                .unwrap()
                .trim_start()
                .starts_with('{')
        );
    }

    #[test]
    fn columns_count_code_points() {
        let text = "{\"t\": \"𠮷\", \"n\": 1}";
        assert_eq!(locate(text, "/n"), Some((1, 17)));
    }
}
