//! `index.html`: the charts on one page (each an `<img>` linked to its file) and the agreement
//! numbers as a table, with inline style only: no script, no font or style sheet to fetch.

use super::Chart;
use crate::core::score::dashboard::Dashboard;
use std::fmt::Write;

/// `text` escaped for HTML text and attribute values.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

const STYLE: &str = "body{font-family:sans-serif;margin:2em auto;max-width:64em;padding:0 1em;color:#222}\
img{max-width:100%;border:1px solid #ddd}table{border-collapse:collapse}\
td,th{border:1px solid #ccc;padding:.3em .6em;text-align:left}";

/// The agreement of every pair, as a table with the documents they disagree on.
fn agreement_table(d: &Dashboard, out: &mut String) {
    if d.agreement.is_empty() {
        return;
    }
    out.push_str("<table>\n<tr><th>annotators</th><th>documents</th><th>span F1</th>");
    out.push_str("<th>κ</th><th>documents with different spans</th></tr>\n");
    for p in &d.agreement {
        let mut ids: Vec<String> = p.disagreeing.iter().take(20).map(|i| escape(i)).collect();
        if p.disagreeing.len() > 20 {
            ids.push(format!("… ({} in all)", p.disagreeing.len()));
        }
        let _ = writeln!(
            out,
            "<tr><td>{} – {}</td><td>{}</td><td>{:.3}</td><td>{:.3}</td><td>{}</td></tr>",
            escape(&p.a),
            escape(&p.b),
            p.documents,
            p.f1,
            p.kappa,
            ids.join(", ")
        );
    }
    out.push_str("</table>\n");
}

/// The page.
pub fn index(d: &Dashboard, name: &str, charts: &[Chart]) -> String {
    let mut out = String::new();
    let title = format!("biaozhu report: {}", escape(name));
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html>\n<head>\n<meta charset=\"utf-8\">\n<title>{title}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<h1>{title}</h1>\n"
    );
    let people = if d.annotators.is_empty() {
        "none yet".to_string()
    } else {
        escape(&d.annotators.join(", "))
    };
    let _ = writeln!(
        out,
        "<p>{} documents; human annotators: {people}.</p>",
        d.documents
    );
    out.push_str("<ul>\n");
    for c in charts {
        let _ = writeln!(
            out,
            "<li><a href=\"#{0}\">{1}</a></li>",
            c.file,
            escape(c.title)
        );
    }
    out.push_str("</ul>\n");
    for c in charts {
        let _ = writeln!(out, "<h2 id=\"{}\">{}</h2>", c.file, escape(c.title));
        if let Some(why) = c.empty {
            let _ = writeln!(out, "<p>No data: {}.</p>", escape(why));
        }
        let _ = writeln!(
            out,
            "<p><a href=\"{0}\"><img src=\"{0}\" alt=\"{1}\"></a></p>",
            c.file,
            escape(c.title)
        );
        if c.file == "agreement.svg" {
            agreement_table(d, &mut out);
        }
    }
    out.push_str("</body>\n</html>\n");
    out
}
