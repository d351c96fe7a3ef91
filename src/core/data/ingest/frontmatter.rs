//! YAML front matter (`---` … `---` at the top of Markdown-style files): parsed into meta and kept
//! out of the text.

use crate::core::data::problem::Problem;
use std::collections::BTreeMap;

/// Front matter split from the body.
#[derive(Debug, Default, PartialEq)]
pub struct FrontMatter {
    /// `title`, when given.
    pub title: Option<String>,
    /// `date`, when given, as written.
    pub date: Option<String>,
    /// Every other key.
    pub other: BTreeMap<String, serde_json::Value>,
}

/// Splits `text` (with `\n` line endings) into front matter and body. Returns `Ok(None)` when the
/// text has no front matter, and an error when it has one that is not valid YAML.
pub fn split(text: &str) -> Result<Option<(FrontMatter, &str)>, Problem> {
    let Some(rest) = text.strip_prefix("---\n") else {
        return Ok(None);
    };
    let mut offset = 0;
    let mut end = None;
    for line in rest.split_inclusive('\n') {
        let bare = line.trim_end();
        if bare == "---" || bare == "..." {
            end = Some((offset, offset + line.len()));
            break;
        }
        offset += line.len();
    }
    let Some((yaml_end, body_start)) = end else {
        return Ok(None);
    };
    let yaml = &rest[..yaml_end];
    let body = &rest[body_start..];
    let value: serde_json::Value = if yaml.trim().is_empty() {
        serde_json::Value::Object(Default::default())
    } else {
        serde_yaml_ng::from_str(yaml)
            .map_err(|e| Problem::new(format!("the YAML front matter is not valid: {e}")))?
    };
    let serde_json::Value::Object(map) = value else {
        return Err(Problem::new(
            "the YAML front matter is not a mapping of keys to values",
        ));
    };
    let mut fm = FrontMatter::default();
    for (key, value) in map {
        let as_text = match &value {
            serde_json::Value::String(s) => Some(s.clone()),
            serde_json::Value::Number(n) => Some(n.to_string()),
            _ => None,
        };
        match key.as_str() {
            "title" if as_text.is_some() => fm.title = as_text,
            "date" if as_text.is_some() => fm.date = as_text,
            _ => {
                fm.other.insert(key, value);
            }
        }
    }
    Ok(Some((fm, body)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn front_matter_goes_to_meta() {
        let (fm, body) = split("---\nlayout: post\ntitle: \"标题\"\ndate: 2021-12-31 11:38:34 +0800\ntags: 新闻\n---\n<p>正文</p>\n")
            .unwrap()
            .unwrap();
        assert_eq!(fm.title.as_deref(), Some("标题"));
        assert_eq!(fm.date.as_deref(), Some("2021-12-31 11:38:34 +0800"));
        assert_eq!(fm.other["layout"], "post");
        assert_eq!(body, "<p>正文</p>\n");
    }

    #[test]
    fn no_front_matter_or_broken_front_matter() {
        assert_eq!(split("正文\n---\n").unwrap(), None);
        assert_eq!(split("---\nno end").unwrap(), None);
        assert!(split("---\n: [\n---\n").is_err());
    }
}
