//! `validate` output for CI systems: GitHub workflow commands and SARIF 2.1.0, each problem
//! placed at the line and column of the wrong value in its file.

use crate::core::check::json_position;
use crate::core::check::validate::{Finding, Report, Severity};
use serde_json::{Value, json};
use std::collections::HashMap;
use std::path::Path;

/// A problem with the place it points at.
struct Placed<'a> {
    problem: &'a Finding,
    file: String,
    line: usize,
    col: usize,
}

/// Places every problem: reads each file once and maps each JSON pointer to its line and column.
fn place(report: &Report) -> Vec<Placed<'_>> {
    let mut texts: HashMap<&Path, Option<String>> = HashMap::new();
    report
        .problems
        .iter()
        .map(|p| {
            let file = p.at.file.as_deref().unwrap_or(Path::new(""));
            let text = texts
                .entry(file)
                .or_insert_with(|| std::fs::read_to_string(file).ok());
            let (line, col) = syntax_position(&p.message())
                .or_else(|| {
                    text.as_deref()
                        .and_then(|t| json_position::locate(t, &pointer(p)))
                })
                .unwrap_or((1, 1));
            Placed {
                problem: p,
                file: display_path(file),
                line,
                col,
            }
        })
        .collect()
}

/// The position serde_json gives in a syntax error's message ("at line 3 column 7").
fn syntax_position(message: &str) -> Option<(usize, usize)> {
    let at = message.rfind(" at line ")?;
    let mut words = message[at..].split_whitespace();
    let line = words.nth(2)?.parse().ok()?;
    let col = words
        .nth(1)?
        .trim_end_matches(|c: char| !c.is_ascii_digit());
    Some((line, col.parse().ok()?))
}

/// A path as CI systems want it: relative, with `/`, without a leading `./`.
fn display_path(p: &Path) -> String {
    let s = p.to_string_lossy().replace('\\', "/");
    s.trim_start_matches("./").to_string()
}

/// A relative path as a URI reference: every byte but unreserved ones and `/` percent-encoded.
fn uri(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The JSON pointer of a finding (empty for the whole file).
fn pointer(p: &Finding) -> String {
    p.at.place.to_string()
}

fn what(p: &Finding) -> String {
    let pointer = pointer(p);
    if pointer.is_empty() {
        p.message()
    } else {
        format!("{pointer}: {}", p.message())
    }
}

/// GitHub workflow commands, one per problem, such as
/// `::error file=annotations/ann/doc.json,line=12,col=7,title=biaozhu::…`.
pub fn github(report: &Report) -> String {
    let escape_data = |s: &str| {
        s.replace('%', "%25")
            .replace('\r', "%0D")
            .replace('\n', "%0A")
    };
    let escape_property = |s: &str| escape_data(s).replace(':', "%3A").replace(',', "%2C");
    let mut out = String::new();
    for p in place(report) {
        let level = match p.problem.severity() {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        out.push_str(&format!(
            "::{level} file={},line={},col={},title=biaozhu::{}\n",
            escape_property(&p.file),
            p.line,
            p.col,
            escape_data(&what(p.problem))
        ));
    }
    out
}

/// A SARIF 2.1.0 log with one run of biaozhu and one result per problem.
pub fn sarif(report: &Report) -> Value {
    let results: Vec<Value> = place(report)
        .into_iter()
        .map(|p| {
            let (rule, level) = match p.problem.severity() {
                Severity::Error => ("biaozhu/invalid", "error"),
                Severity::Warning => ("biaozhu/warning", "warning"),
            };
            let mut location = json!({
                "physicalLocation": {
                    "artifactLocation": { "uri": uri(&p.file) },
                    "region": { "startLine": p.line, "startColumn": p.col }
                }
            });
            let pointer = pointer(p.problem);
            if !pointer.is_empty() {
                location["logicalLocations"] = json!([{
                    "fullyQualifiedName": pointer,
                    "kind": "element"
                }]);
            }
            json!({
                "ruleId": rule,
                "level": level,
                "message": { "text": what(p.problem) },
                "locations": [location]
            })
        })
        .collect();
    json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {
                "driver": {
                    "name": "biaozhu",
                    "version": env!("CARGO_PKG_VERSION"),
                    "rules": [
                        {
                            "id": "biaozhu/invalid",
                            "name": "InvalidDatasetFile",
                            "shortDescription": { "text": "A dataset file breaks the biaozhu dataset contract." },
                            "defaultConfiguration": { "level": "error" }
                        },
                        {
                            "id": "biaozhu/warning",
                            "name": "DatasetWarning",
                            "shortDescription": { "text": "A dataset file is valid but worth a look." },
                            "defaultConfiguration": { "level": "warning" }
                        }
                    ]
                }
            },
            "columnKind": "unicodeCodePoints",
            "results": results
        }]
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::data::problem::Problem;

    #[test]
    fn serde_positions_are_read_from_messages() {
        assert_eq!(
            syntax_position("the JSON ends too early: EOF while parsing at line 3 column 7"),
            Some((3, 7))
        );
        assert_eq!(syntax_position("no position"), None);
    }

    #[test]
    fn sarif_uris_are_percent_encoded() {
        assert_eq!(
            uri("annotations/a b/南.json"),
            "annotations/a%20b/%E5%8D%97.json"
        );
    }

    #[test]
    fn github_commands_escape_their_fields() {
        let report = Report {
            problems: vec![Problem::warning(
                Path::new("./a,b:c.json"),
                "/x",
                "100% wrong\nhere",
            )],
            files_checked: 1,
        };
        assert_eq!(
            github(&report),
            "::warning file=a%2Cb%3Ac.json,line=1,col=1,title=biaozhu::/x: 100%25 wrong%0Ahere\n"
        );
    }
}
