//! The shape of the code, checked from its sources: no cycle among the core's modules (a module
//! may use those below it, never one that uses it back), no GUI in the core, and no source file
//! over 500 lines.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

const CORE: &str = "src/core";
const MAX_LINES: usize = 500;

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

/// The words that follow `prefix` in `code`, and those of a `prefix{a, b::c}` group.
fn names_after(code: &str, prefix: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let ident = |s: &str| -> String {
        s.chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect()
    };
    for (i, _) in code.match_indices(prefix) {
        let before = code[..i].chars().last();
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == ':') {
            continue;
        }
        let rest = &code[i + prefix.len()..];
        if let Some(group) = rest.strip_prefix('{') {
            // The top-level names of a group, nested groups (`a::{X, Y}, b`) included.
            let mut depth = 0;
            let mut start = 0;
            for (k, c) in group.char_indices() {
                match c {
                    '{' => depth += 1,
                    '}' if depth == 0 => {
                        out.insert(ident(group[start..k].trim()));
                        break;
                    }
                    '}' => depth -= 1,
                    ',' if depth == 0 => {
                        out.insert(ident(group[start..k].trim()));
                        start = k + 1;
                    }
                    _ => {}
                }
            }
        } else {
            out.insert(ident(rest));
        }
    }
    out
}

/// Core module -> the core modules its files use.
fn core_graph() -> BTreeMap<String, BTreeSet<String>> {
    let core = Path::new(env!("CARGO_MANIFEST_DIR")).join(CORE);
    let mut modules = BTreeSet::new();
    for entry in std::fs::read_dir(&core).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_stem().unwrap().to_string_lossy().to_string();
        if name != "mod" {
            modules.insert(name);
        }
    }
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for m in &modules {
        let dir = core.join(m);
        let mut files = Vec::new();
        if dir.is_dir() {
            rust_files(&dir, &mut files);
        } else {
            files.push(core.join(format!("{m}.rs")));
        }
        let uses = graph.entry(m.clone()).or_default();
        for f in files.into_iter().filter(|f| !is_test_file(f)) {
            let code = code(&f);
            // How many `super::` reach the core from this file.
            let depth = f.strip_prefix(&core).unwrap().components().count()
                - usize::from(f.file_name().unwrap() == "mod.rs");
            let up = "super::".repeat(depth);
            for prefix in ["crate::core::".to_string(), up] {
                for name in names_after(&code, &prefix) {
                    if modules.contains(&name) && name != *m {
                        uses.insert(name);
                    }
                }
            }
        }
    }
    graph
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

#[test]
fn the_core_modules_have_no_cycle() {
    let graph = core_graph();
    assert!(graph.len() > 20, "the core's modules were not found");
    assert!(
        graph["session"].contains("edit") && graph["store"].contains("layout"),
        "the scan misses uses it should see: {graph:?}"
    );
    if let Some(cycle) = find_cycle(&graph) {
        panic!(
            "core modules use each other in a cycle: {}",
            cycle.join(" -> ")
        );
    }
}

#[test]
fn the_cycle_check_finds_a_cycle() {
    let mut graph = core_graph();
    graph
        .get_mut("layout")
        .unwrap()
        .insert("session".to_string());
    assert!(find_cycle(&graph).is_some());
}

#[test]
fn the_core_has_no_gui() {
    let mut files = Vec::new();
    rust_files(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join(CORE),
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
    let mut files = Vec::new();
    rust_files(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
        &mut files,
    );
    let long: Vec<String> = files
        .iter()
        .filter_map(|f| {
            let n = std::fs::read_to_string(f).unwrap().lines().count();
            (n > MAX_LINES).then(|| format!("{} ({n} lines)", f.display()))
        })
        .collect();
    assert!(long.is_empty(), "over {MAX_LINES} lines: {long:?}");
}
