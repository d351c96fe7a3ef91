//! The shape of the code, checked from its sources:
//!
//! - the core's layers keep their order: a file of one layer uses only the layers below it
//!   (data < annotate < {suggest, exchange} < {score, check}; the two layers of one rank do not
//!   use each other);
//! - no two files (or subfolders) inside any folder of `src/` use each other in a cycle;
//! - no function in `src/` is over 100 lines, but for the few listed in [`LONG_FUNCTIONS`];
//! - no GUI in the core, and no source file over 500 lines.
//!
//! Each check has a test that feeds it a made-up violation and sees it fail.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

const MAX_LINES: usize = 500;
const MAX_FUNCTION_LINES: usize = 100;

/// The core's layers and their ranks: a layer may use those of a lower rank.
const LAYERS: [(&str, u8); 6] = [
    ("data", 0),
    ("annotate", 1),
    ("suggest", 2),
    ("exchange", 2),
    ("score", 3),
    ("check", 3),
];

/// Functions allowed over [`MAX_FUNCTION_LINES`] (file, name), each with why it stays whole.
const LONG_FUNCTIONS: [(&str, &str); 0] = [];

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The code of a file without comments and without its test module (`#[cfg(test)] mod tests`,
/// inline or in its own file); other `#[cfg(test)]` items stay, as they are code of the module.
fn code(path: &Path) -> String {
    let text = std::fs::read_to_string(path).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    let mut kept = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let is_test_module = lines[i].trim() == "#[cfg(test)]"
            && lines
                .get(i + 1)
                .is_some_and(|next| next.trim_start().starts_with("mod tests"));
        if is_test_module {
            // A `mod tests;` line declares a file that is skipped on its own; an inline module
            // ends at the closing brace with the indentation of its `mod` line (rustfmt's).
            let head = lines[i + 1];
            i += 2;
            if !head.trim_end().ends_with(';') {
                let close = format!("{}}}", &head[..head.len() - head.trim_start().len()]);
                while i < lines.len() && lines[i] != close {
                    i += 1;
                }
                i += 1;
            }
            continue;
        }
        kept.push(lines[i].split("//").next().unwrap_or(""));
        i += 1;
    }
    kept.join("\n")
}

/// Whether `path` is a test module's own file (`tests.rs` or `tests/…`).
fn is_test_file(path: &Path) -> bool {
    path.components()
        .any(|c| c.as_os_str() == "tests" || c.as_os_str() == "tests.rs")
}

/// One source file: its path under `src/`, its module path (`core::data::store`) and its code.
struct Source {
    file: String,
    module: Vec<String>,
    code: String,
}

/// The module path of a file under `src/`: `core/data/store.rs` is `core::data::store`, a
/// `mod.rs` is its folder, `lib.rs` and `main.rs` are the crate root.
fn module_of(rel: &Path) -> Vec<String> {
    let mut parts: Vec<String> = rel
        .with_extension("")
        .components()
        .map(|c| c.as_os_str().to_string_lossy().to_string())
        .collect();
    if matches!(
        parts.last().map(String::as_str),
        Some("mod" | "lib" | "main")
    ) {
        parts.pop();
    }
    parts
}

/// Every non-test source file of `src/`.
fn sources() -> Vec<Source> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    files.sort();
    files
        .into_iter()
        .filter(|f| !is_test_file(f))
        .map(|f| {
            let rel = f.strip_prefix(&src).unwrap().to_path_buf();
            Source {
                file: rel.display().to_string(),
                module: module_of(&rel),
                code: code(&f),
            }
        })
        .collect()
}

/// The paths that start with `crate::`, `super::` or `self::` in `code`, groups expanded
/// (`crate::core::{data::store, annotate::edit::Edit}` is two paths), as written.
fn written_paths(code: &str) -> Vec<Vec<String>> {
    fn ident(s: &str) -> &str {
        let n = s
            .find(|c: char| !(c.is_alphanumeric() || c == '_'))
            .unwrap_or(s.len());
        &s[..n]
    }
    /// The paths of `rest`, which follows `prefix::`.
    fn expand(prefix: &[String], rest: &str, out: &mut Vec<Vec<String>>) {
        let rest = rest.trim_start();
        if let Some(group) = rest.strip_prefix('{') {
            let mut depth = 0;
            let mut start = 0;
            for (k, c) in group.char_indices() {
                match c {
                    '{' => depth += 1,
                    '}' if depth > 0 => depth -= 1,
                    '}' | ',' if depth == 0 => {
                        let item = group[start..k].trim();
                        if !item.is_empty() {
                            expand(prefix, item, out);
                        }
                        if c == '}' {
                            return;
                        }
                        start = k + 1;
                    }
                    _ => {}
                }
            }
            return;
        }
        let name = ident(rest);
        if name.is_empty() {
            out.push(prefix.to_vec());
            return;
        }
        let mut path = prefix.to_vec();
        path.push(name.to_string());
        match rest[name.len()..].strip_prefix("::") {
            Some(more) => expand(&path, more, out),
            None => out.push(path),
        }
    }
    let mut out = Vec::new();
    for head in ["crate::", "super::", "self::"] {
        for (i, _) in code.match_indices(head) {
            let before = code[..i].chars().last();
            if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == ':') {
                continue;
            }
            let first = head.trim_end_matches(':').to_string();
            expand(&[first], &code[i + head.len()..], &mut out);
        }
    }
    out
}

/// `path` as written in the file of module `module`, made absolute from the crate root.
fn resolve(module: &[String], path: &[String]) -> Vec<String> {
    let mut at: Vec<String> = module.to_vec();
    let mut rest = path;
    match rest.first().map(String::as_str) {
        Some("crate") => {
            at.clear();
            rest = &rest[1..];
        }
        Some("self") => rest = &rest[1..],
        _ => {}
    }
    while rest.first().is_some_and(|s| s == "super") {
        at.pop();
        rest = &rest[1..];
    }
    at.extend(rest.iter().filter(|s| *s != "self").cloned());
    at
}

/// The absolute module paths a source uses.
fn uses(source: &Source) -> BTreeSet<Vec<String>> {
    written_paths(&source.code)
        .iter()
        .map(|p| resolve(&source.module, p))
        .collect()
}

fn rank(layer: &str) -> Option<u8> {
    LAYERS.iter().find(|(l, _)| *l == layer).map(|(_, r)| *r)
}

/// Every use of a layer that is not below the user's layer, as "file: uses core::x (why)".
fn layer_violations(sources: &[Source]) -> Vec<String> {
    let mut out = Vec::new();
    for s in sources {
        let Some(own) = s.module.get(1).filter(|_| s.module[0] == "core") else {
            continue;
        };
        let Some(own_rank) = rank(own) else { continue };
        for used in uses(s) {
            if used.len() < 2 || used[0] != "core" || used[1] == *own {
                continue;
            }
            if let Some(r) = rank(&used[1])
                && r >= own_rank
            {
                out.push(format!(
                    "{}: uses {} ({own} may not use {})",
                    s.file,
                    used.join("::"),
                    used[1]
                ));
            }
        }
    }
    out
}

/// For every folder of `src/`: its entries (files and subfolders, `mod.rs` aside) and which of
/// them uses which.
fn folder_graphs(sources: &[Source]) -> BTreeMap<Vec<String>, BTreeMap<String, BTreeSet<String>>> {
    let mut graphs: BTreeMap<Vec<String>, BTreeMap<String, BTreeSet<String>>> = BTreeMap::new();
    for s in sources {
        // Every folder above this file: the file belongs to that folder's entry `module[depth]`.
        for depth in 0..s.module.len() {
            let folder = s.module[..depth].to_vec();
            let entry = s.module[depth].clone();
            let graph = graphs.entry(folder.clone()).or_default();
            graph.entry(entry.clone()).or_default();
            for used in uses(s) {
                if used.len() > depth && used[..depth] == folder[..] && used[depth] != entry {
                    graph
                        .entry(entry.clone())
                        .or_default()
                        .insert(used[depth].clone());
                }
            }
        }
    }
    graphs
}

/// A cycle of `graph`, if it has one.
fn find_cycle(graph: &BTreeMap<String, BTreeSet<String>>) -> Option<Vec<String>> {
    fn visit(
        v: &str,
        graph: &BTreeMap<String, BTreeSet<String>>,
        state: &mut BTreeMap<String, u8>,
        path: &mut Vec<String>,
    ) -> Option<Vec<String>> {
        state.insert(v.to_string(), 1);
        path.push(v.to_string());
        for w in graph.get(v).into_iter().flatten() {
            match state.get(w.as_str()) {
                Some(1) => {
                    let from = path.iter().position(|p| p == w).unwrap();
                    let mut cycle = path[from..].to_vec();
                    cycle.push(w.clone());
                    return Some(cycle);
                }
                Some(_) => {}
                None => {
                    if let Some(c) = visit(w, graph, state, path) {
                        return Some(c);
                    }
                }
            }
        }
        path.pop();
        state.insert(v.to_string(), 2);
        None
    }
    let mut state = BTreeMap::new();
    for v in graph.keys() {
        if !state.contains_key(v.as_str())
            && let Some(c) = visit(v, graph, &mut state, &mut Vec::new())
        {
            return Some(c);
        }
    }
    None
}

/// Every cycle between the entries of a folder, as "folder: a -> b -> a".
fn folder_cycles(sources: &[Source]) -> Vec<String> {
    folder_graphs(sources)
        .iter()
        .filter_map(|(folder, graph)| {
            find_cycle(graph).map(|c| format!("src/{}: {}", folder.join("/"), c.join(" -> ")))
        })
        .collect()
}

/// The functions of `code` longer than `max` lines, as (name, first line, lines). A function
/// runs from its `fn` line to the closing brace at the same indentation (rustfmt's layout).
fn long_functions(code: &str, max: usize) -> Vec<(String, usize, usize)> {
    let lines: Vec<&str> = code.lines().collect();
    let mut out = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let trimmed = line.trim_start();
        let indent = &line[..line.len() - trimmed.len()];
        let Some(at) = trimmed.find("fn ") else {
            continue;
        };
        let head = &trimmed[..at];
        let is_fn = head.is_empty()
            || head.split_whitespace().all(|w| {
                w == "pub" || w.starts_with("pub(") || ["const", "async", "unsafe"].contains(&w)
            });
        if !is_fn {
            continue;
        }
        let name: String = trimmed[at + 3..]
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect();
        // The signature ends at the first line ending in `{` (a body) or `;` (no body).
        let Some(open) = (i..lines.len()).find(|&k| {
            let l = lines[k].trim_end();
            l.ends_with('{') || l.ends_with(';') || (k > i && l.ends_with('}'))
        }) else {
            continue;
        };
        if !lines[open].trim_end().ends_with('{') {
            continue;
        }
        let close = format!("{indent}}}");
        if let Some(end) = (open + 1..lines.len()).find(|&k| lines[k] == close) {
            let n = end - i + 1;
            if n > max {
                out.push((name, i + 1, n));
            }
        }
    }
    out
}

/// The functions of `src/` over the limit that are not listed as exceptions.
fn too_long(sources: &[(String, String)]) -> Vec<String> {
    let mut out = Vec::new();
    for (file, text) in sources {
        for (name, line, n) in long_functions(text, MAX_FUNCTION_LINES) {
            if !LONG_FUNCTIONS.contains(&(file.as_str(), name.as_str())) {
                out.push(format!("src/{file}:{line}: fn {name} is {n} lines"));
            }
        }
    }
    out
}

/// Every file of `src/`, tests included, with its whole text.
fn all_texts() -> Vec<(String, String)> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    files.sort();
    files
        .into_iter()
        .map(|f| {
            let rel = f.strip_prefix(&src).unwrap().display().to_string();
            (rel, std::fs::read_to_string(&f).unwrap())
        })
        .collect()
}

#[test]
fn the_layers_keep_their_order() {
    let sources = sources();
    let core_files = sources
        .iter()
        .filter(|s| s.module.first().is_some_and(|m| m == "core"));
    assert!(core_files.count() > 60, "the core's files were not found");
    let session = sources
        .iter()
        .find(|s| s.file == "core/annotate/session/mod.rs")
        .expect("the session's file");
    assert!(
        uses(session).iter().any(|u| u.starts_with(&[
            "core".into(),
            "data".into(),
            "store".into()
        ])),
        "the scan misses uses it should see"
    );
    let violations = layer_violations(&sources);
    assert!(
        violations.is_empty(),
        "upward uses:\n{}",
        violations.join("\n")
    );
}

#[test]
fn the_layer_check_finds_an_upward_use() {
    let mut sources = sources();
    sources.push(Source {
        file: "core/data/made_up.rs".into(),
        module: vec!["core".into(), "data".into(), "made_up".into()],
        code: "use super::super::{annotate::edit::Edit, data::ids};".into(),
    });
    sources.push(Source {
        file: "core/suggest/made_up.rs".into(),
        module: vec!["core".into(), "suggest".into(), "made_up".into()],
        code: "fn f() { crate::core::exchange::table::rows(); }".into(),
    });
    let violations = layer_violations(&sources);
    assert_eq!(violations.len(), 2, "{violations:?}");
    assert!(
        violations[0].contains("core::annotate::edit::Edit"),
        "{violations:?}"
    );
}

#[test]
fn no_folder_has_a_file_cycle() {
    let sources = sources();
    let graphs = folder_graphs(&sources);
    let learn = &graphs[&vec![
        "core".to_string(),
        "suggest".to_string(),
        "learn".to_string(),
    ]];
    assert!(
        learn["train"].contains("features"),
        "the scan misses uses it should see: {learn:?}"
    );
    let cycles = folder_cycles(&sources);
    assert!(
        cycles.is_empty(),
        "files use each other in a cycle:\n{}",
        cycles.join("\n")
    );
}

#[test]
fn the_cycle_check_finds_a_file_cycle() {
    let mut sources = sources();
    // layout.rs using the store, which uses layout: a cycle inside core/data.
    sources.push(Source {
        file: "core/data/layout.rs".into(),
        module: vec!["core".into(), "data".into(), "layout".into()],
        code: "use super::store::Dataset;".into(),
    });
    let cycles = folder_cycles(&sources);
    assert!(
        cycles.iter().any(|c| c.starts_with("src/core/data:")),
        "{cycles:?}"
    );
}

#[test]
fn no_function_is_over_100_lines() {
    let long = too_long(&all_texts());
    assert!(
        long.is_empty(),
        "functions over {MAX_FUNCTION_LINES} lines:\n{}",
        long.join("\n")
    );
    assert!(LONG_FUNCTIONS.len() <= 5, "at most five exceptions");
}

#[test]
fn the_length_check_finds_a_long_function() {
    let body = "    let x = 1;\n".repeat(MAX_FUNCTION_LINES);
    let text = format!(
        "impl A {{\n    pub(crate) fn long(\n        a: u8,\n    ) -> u8 {{\n{body}    }}\n    fn short() {{}}\n}}\n"
    );
    let found = long_functions(&text, MAX_FUNCTION_LINES);
    assert_eq!(found, vec![("long".to_string(), 2, MAX_FUNCTION_LINES + 4)]);
    let mut texts = all_texts();
    texts.push(("core/data/made_up.rs".into(), text));
    assert_eq!(too_long(&texts).len(), too_long(&all_texts()).len() + 1);
}

#[test]
fn the_core_has_no_gui() {
    let mut files = Vec::new();
    rust_files(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("src/core"),
        &mut files,
    );
    for f in files {
        let code = code(&f);
        for gui in ["egui", "eframe", "rfd::"] {
            assert!(!code.contains(gui), "{} uses {gui}", f.display());
        }
    }
}

#[test]
fn no_source_file_is_over_500_lines() {
    let long: Vec<String> = all_texts()
        .iter()
        .filter_map(|(f, text)| {
            let n = text.lines().count();
            (n > MAX_LINES).then(|| format!("src/{f} ({n} lines)"))
        })
        .collect();
    assert!(long.is_empty(), "over {MAX_LINES} lines: {long:?}");
}
