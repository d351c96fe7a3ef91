//! Safe identifiers for documents, annotators, spans and relations.
//!
//! An id is used as a file name, so it is restricted to lowercase ASCII letters, digits, `_` and
//! `-`, at most 64 characters. Anything else (`../x`, `/abs`, empty) is rejected before it can
//! reach a path.

use sha2::{Digest, Sha256};

/// Longest id accepted.
pub const MAX_ID_LEN: usize = 64;

/// The JSON Schema pattern that matches a safe id.
pub const ID_PATTERN: &str = "^[a-z0-9_-]{1,64}$";

/// Whether `id` is a safe name.
pub fn is_safe_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= MAX_ID_LEN
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_' || b == b'-')
}

/// Explains why `id` is unsafe, or `None` when it is safe.
pub fn id_problem(id: &str) -> Option<String> {
    if id.is_empty() {
        Some("the id is empty".into())
    } else if id.len() > MAX_ID_LEN {
        Some(format!(
            "the id is {} characters long; at most {MAX_ID_LEN} are allowed",
            id.len()
        ))
    } else if !is_safe_id(id) {
        Some(format!(
            "the id {id:?} is not a safe name: use only lowercase ASCII letters, digits, '_' and '-'"
        ))
    } else {
        None
    }
}

/// Hex SHA-256 of `bytes`.
pub fn sha256_hex(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    let mut out = String::with_capacity(64);
    for b in digest {
        use std::fmt::Write;
        let _ = write!(out, "{b:02x}");
    }
    out
}

/// Derives a document id from a file stem.
///
/// ASCII letters and digits are kept (lowercased), runs of anything else become one `-`. A stem
/// with non-ASCII characters (a Chinese file name) keeps whatever ASCII it has and gets the first
/// 10 hex digits of the SHA-256 of the stem appended, so the id is stable for the same file name
/// and different for different Chinese names.
pub fn id_from_stem(stem: &str) -> String {
    let mut slug = String::new();
    let mut pending_dash = false;
    for c in stem.chars() {
        if c.is_ascii_alphanumeric() || c == '_' {
            if pending_dash && !slug.is_empty() {
                slug.push('-');
            }
            pending_dash = false;
            slug.push(c.to_ascii_lowercase());
        } else {
            pending_dash = true;
        }
    }
    let has_non_ascii = !stem.is_ascii();
    if has_non_ascii || slug.is_empty() {
        let hash = &sha256_hex(stem.as_bytes())[..10];
        slug.truncate(MAX_ID_LEN - 11 - 4);
        if slug.is_empty() {
            format!("doc-{hash}")
        } else {
            format!("{slug}-{hash}")
        }
    } else {
        slug.truncate(MAX_ID_LEN);
        slug
    }
}

/// Returns `base`, or `base-2`, `base-3`, … whichever `taken` does not contain.
pub fn unique_id(base: &str, taken: impl Fn(&str) -> bool) -> String {
    if !taken(base) {
        return base.to_string();
    }
    (2..)
        .map(|n| {
            let suffix = format!("-{n}");
            let mut b = base.to_string();
            b.truncate(MAX_ID_LEN - suffix.len());
            b + &suffix
        })
        .find(|candidate| !taken(candidate))
        .expect("an unbounded range always yields a free id")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn safe_ids() {
        assert!(is_safe_id("000_9b419a80bf918470"));
        for bad in ["", "../x", "/abs", "A", "a b", "x.json", &"a".repeat(65)] {
            assert!(!is_safe_id(bad), "{bad:?}");
            assert!(id_problem(bad).is_some());
        }
    }

    #[test]
    fn ids_from_file_names() {
        assert_eq!(id_from_stem("000_9b419a80bf918470"), "000_9b419a80bf918470");
        assert_eq!(id_from_stem("Nantong News (2021)"), "nantong-news-2021");
        let chinese = id_from_stem("南通开发区新闻");
        assert!(chinese.starts_with("doc-") && is_safe_id(&chinese));
        assert_eq!(chinese, id_from_stem("南通开发区新闻"), "stable");
        assert_ne!(chinese, id_from_stem("镇江新区新闻"));
        let mixed = id_from_stem("2021年南通");
        assert!(mixed.starts_with("2021-") && is_safe_id(&mixed));
        assert!(is_safe_id(&id_from_stem(&"长".repeat(200))));
        assert!(is_safe_id(&id_from_stem(&"a".repeat(200))));
    }

    #[test]
    fn unique_ids_get_suffixes() {
        let taken = ["a", "a-2"];
        assert_eq!(unique_id("a", |c| taken.contains(&c)), "a-3");
        assert_eq!(unique_id("b", |c| taken.contains(&c)), "b");
    }
}
