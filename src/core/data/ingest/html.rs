//! Extracts article text from HTML: drops head, script, style and comments, turns block elements
//! and `<br>` into line breaks, decodes entities (html5ever via scraper), and finds a title.

use scraper::{Html, Node, Selector};

/// Text and title taken from an HTML page.
#[derive(Debug, Default, PartialEq)]
pub struct HtmlText {
    /// The visible text, one block per line.
    pub text: String,
    /// `<title>`, else the first `<h1>`.
    pub title: Option<String>,
    /// Elements dropped with their content, and comments.
    pub removed: usize,
}

const SKIPPED: &[&str] = &[
    "head", "script", "style", "noscript", "template", "iframe", "svg", "object", "select",
];
const BLOCKS: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "body",
    "dd",
    "div",
    "dl",
    "dt",
    "figcaption",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hr",
    "html",
    "li",
    "main",
    "nav",
    "ol",
    "p",
    "pre",
    "section",
    "table",
    "tbody",
    "thead",
    "tfoot",
    "tr",
    "ul",
];

/// Whether `text` looks like HTML markup rather than plain text.
pub fn looks_like_html(text: &str) -> bool {
    let lower = text.to_ascii_lowercase();
    [
        "<p>", "<p ", "<div", "<br", "<html", "<body", "<article", "<h1", "<span",
    ]
    .iter()
    .any(|t| lower.contains(t))
}

/// Extracts the text of an HTML document or fragment.
pub fn extract(html: &str) -> HtmlText {
    let doc = Html::parse_document(html);
    let mut out = String::new();
    let mut removed = 0;
    let mut skip_depth = 0usize;
    let mut pre_depth = 0usize;
    for edge in doc.tree.root().traverse() {
        match edge {
            ego_tree::iter::Edge::Open(node) => match node.value() {
                Node::Element(el) => {
                    let name = el.name();
                    if SKIPPED.contains(&name) {
                        if skip_depth == 0 {
                            removed += 1;
                        }
                        skip_depth += 1;
                    } else if skip_depth == 0 {
                        if name == "br" {
                            out.push('\n');
                        } else if BLOCKS.contains(&name) {
                            break_line(&mut out);
                        } else if matches!(name, "td" | "th") {
                            out.push(' ');
                        }
                        if name == "pre" {
                            pre_depth += 1;
                        }
                    }
                }
                Node::Text(t) if skip_depth == 0 => {
                    if pre_depth > 0 {
                        out.push_str(t);
                    } else {
                        push_collapsed(&mut out, t);
                    }
                }
                Node::Comment(_) if skip_depth == 0 => removed += 1,
                _ => {}
            },
            ego_tree::iter::Edge::Close(node) => {
                if let Node::Element(el) = node.value() {
                    let name = el.name();
                    if SKIPPED.contains(&name) {
                        skip_depth = skip_depth.saturating_sub(1);
                    } else if skip_depth == 0 && BLOCKS.contains(&name) {
                        break_line(&mut out);
                        if name == "pre" {
                            pre_depth = pre_depth.saturating_sub(1);
                        }
                    }
                }
            }
        }
    }
    let title = first_text(&doc, "title").or_else(|| first_text(&doc, "h1"));
    HtmlText {
        text: out,
        title,
        removed,
    }
}

/// Ends the current line unless it is already ended, so nested blocks give one break.
fn break_line(out: &mut String) {
    if !out.is_empty() && !out.ends_with('\n') {
        out.push('\n');
    }
}

/// Appends `text` with runs of HTML whitespace collapsed to one space.
fn push_collapsed(out: &mut String, text: &str) {
    let mut last_space = out.ends_with([' ', '\n']) || out.is_empty();
    for c in text.chars() {
        if matches!(c, ' ' | '\t' | '\n' | '\r' | '\u{c}') {
            if !last_space {
                out.push(' ');
                last_space = true;
            }
        } else {
            out.push(c);
            last_space = false;
        }
    }
}

fn first_text(doc: &Html, tag: &str) -> Option<String> {
    let selector = Selector::parse(tag).ok()?;
    let el = doc.select(&selector).next()?;
    let mut s = String::new();
    for t in el.text() {
        push_collapsed(&mut s, t);
    }
    let s = s.trim().to_string();
    (!s.is_empty()).then_some(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_become_lines_and_head_is_dropped() {
        let h = extract(
            "<html><head><title>标题 &amp; 副题</title><style>p{}</style></head><body><!-- x --><h1>大标题</h1><p>第一段<br>第二行</p><script>var a;</script><p>总投资&nbsp;20亿元</p></body></html>",
        );
        let lines: Vec<&str> = h
            .text
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .collect();
        assert_eq!(lines, ["大标题", "第一段", "第二行", "总投资\u{a0}20亿元"]);
        assert_eq!(h.title.as_deref(), Some("标题 & 副题"));
        assert_eq!(h.removed, 3, "head, script and the comment");
    }

    #[test]
    fn detection() {
        assert!(looks_like_html("<p>abc</p>"));
        assert!(!looks_like_html("项目（一期）工程 a<b"));
    }
}
