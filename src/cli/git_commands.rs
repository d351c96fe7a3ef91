//! The git team workflow: `git-setup` registers biaozhu's merge driver in a clone, and
//! `merge-annotations` is that driver (the merge rules are in `core::check::merge`).
//!
//! Git config is not versioned, so every clone runs `biaozhu git-setup` once; the routing of
//! annotation files to the driver is versioned, in the dataset's `.gitattributes`
//! (`annotations/**/*.json merge=biaozhu`), which `git-setup` adds when it is missing.

use crate::core::check::merge::{self, Side};
use crate::core::data::error::{Error, Result};
use crate::core::data::fsio;
use crate::core::data::store::MANIFEST_FILE;
use clap::Args;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// `biaozhu git-setup`.
#[derive(Args, Debug)]
pub struct GitSetupArgs {
    /// The dataset folder, inside a git work tree (default: the current folder).
    dir: Option<PathBuf>,
}

impl GitSetupArgs {
    pub fn run(self) -> Result<i32> {
        git_setup(self.dir.as_deref())
    }
}

/// `biaozhu merge-annotations`.
#[derive(Args, Debug)]
pub struct MergeAnnotationsArgs {
    /// The common ancestor's version (git's %O; empty when both sides added the file).
    base: PathBuf,
    /// Our version (git's %A); the result is written here.
    ours: PathBuf,
    /// Their version (git's %B).
    theirs: PathBuf,
}

impl MergeAnnotationsArgs {
    pub fn run(self) -> Result<i32> {
        merge_annotations(&self.base, &self.ours, &self.theirs)
    }
}

/// The name of the merge driver in git config and `.gitattributes`.
pub const DRIVER: &str = "biaozhu";
/// The `.gitattributes` line that routes annotation files to the driver.
pub const ATTRIBUTES_LINE: &str = "annotations/**/*.json merge=biaozhu";
/// The driver's description (`merge.biaozhu.name`).
const DRIVER_NAME: &str = "biaozhu: three-way merge of annotation files by span id";

/// `biaozhu git-setup [DIR]`: sets `merge.biaozhu.name` and `merge.biaozhu.driver` in the git
/// config of the clone holding DIR (default: the current folder), and checks that git routes
/// annotation files to the driver, adding the line to DIR's `.gitattributes` when DIR is a
/// dataset and git does not. Idempotent; prints what it did. Exit 2 when git is missing or DIR
/// is not in a git work tree, or when another attributes file still overrides the routing.
fn git_setup(dir: Option<&Path>) -> Result<i32> {
    let dir = dir.unwrap_or(Path::new("."));
    if !dir.is_dir() {
        return Err(Error::Io {
            path: dir.to_path_buf(),
            message: "no such folder".into(),
            os: Some(std::io::ErrorKind::NotFound),
        });
    }
    git(dir, &["--version"])?;
    let top = git(dir, &["rev-parse", "--show-toplevel"])?;
    if !top.status.success() {
        return Err(Error::Usage(format!(
            "{}: not inside a git work tree ({}); run `git init` in the dataset folder or clone the dataset's repository, then run `biaozhu git-setup` there",
            dir.display(),
            first_line(&top.stderr)
        )));
    }
    let top = PathBuf::from(String::from_utf8_lossy(&top.stdout).trim_end_matches(['\n', '\r']));
    println!("git work tree {}", top.display());

    let command = driver_command()?;
    for (key, value) in [
        (format!("merge.{DRIVER}.name"), DRIVER_NAME),
        (format!("merge.{DRIVER}.driver"), command.as_str()),
    ] {
        set_config(&top, &key, value)?;
    }

    if !dir.join(MANIFEST_FILE).is_file() {
        println!(
            "note: {} holds no {MANIFEST_FILE}, so no .gitattributes was checked; run `biaozhu git-setup DATASET-FOLDER` to route a dataset's annotation files to the driver",
            dir.display()
        );
        return Ok(0);
    }
    route_annotations(dir)
}

/// Sets a key of the clone's own git config, saying whether it was already set.
fn set_config(top: &Path, key: &str, value: &str) -> Result<()> {
    let current = git(top, &["config", "--local", "--get-all", key])?;
    let values: Vec<String> = String::from_utf8_lossy(&current.stdout)
        .lines()
        .map(str::to_string)
        .collect();
    if current.status.success() && values == [value] {
        println!("{key} already set: {value}");
        return Ok(());
    }
    if !current.status.success() && current.status.code() != Some(1) {
        return Err(Error::Usage(format!(
            "git config --get {key} failed in {}: {}",
            top.display(),
            first_line(&current.stderr)
        )));
    }
    let set = git(top, &["config", "--local", "--replace-all", key, value])?;
    if !set.status.success() {
        return Err(Error::Usage(format!(
            "git config {key} failed in {}: {}",
            top.display(),
            first_line(&set.stderr)
        )));
    }
    if values.is_empty() {
        println!("{key} set: {value}");
    } else {
        println!("{key} set: {value} (was {})", values.join(", "));
    }
    Ok(())
}

/// The merge attribute git gives an annotation file of the dataset in `dir`.
fn merge_attribute(dir: &Path) -> Result<String> {
    let out = git(
        dir,
        &[
            "check-attr",
            "merge",
            "--",
            "annotations/someone/document.json",
        ],
    )?;
    if !out.status.success() {
        return Err(Error::Usage(format!(
            "git check-attr failed in {}: {}",
            dir.display(),
            first_line(&out.stderr)
        )));
    }
    let text = String::from_utf8_lossy(&out.stdout);
    Ok(text
        .trim_end()
        .rsplit(": ")
        .next()
        .unwrap_or_default()
        .to_string())
}

/// Makes git route the dataset's annotation files to the driver, adding [`ATTRIBUTES_LINE`] to
/// its `.gitattributes` when they are not.
fn route_annotations(dir: &Path) -> Result<i32> {
    let path = dir.join(".gitattributes");
    if merge_attribute(dir)? == DRIVER {
        println!(
            "annotation files are routed to the driver (annotations/**/*.json: merge={DRIVER})"
        );
        return Ok(0);
    }
    let old = match std::fs::read(&path) {
        Ok(bytes) => bytes,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Vec::new(),
        Err(e) => return Err(Error::io(&path, e)),
    };
    let last_line = String::from_utf8_lossy(&old)
        .lines()
        .rev()
        .find(|l| !l.trim().is_empty())
        .map(|l| l.trim().to_string());
    if last_line.as_deref() != Some(ATTRIBUTES_LINE) {
        let mut new = old.clone();
        if !new.is_empty() && !new.ends_with(b"\n") {
            new.push(b'\n');
        }
        new.extend_from_slice(ATTRIBUTES_LINE.as_bytes());
        new.push(b'\n');
        fsio::write_atomic(&path, &new)?;
        println!(
            "{}: added `{ATTRIBUTES_LINE}`; commit it so that every clone merges annotation files with the driver",
            path.display()
        );
    }
    let now = merge_attribute(dir)?;
    if now == DRIVER {
        return Ok(0);
    }
    eprintln!(
        "error: git still gives annotation files merge={now}: another attributes file overrides {} (see `git check-attr -a annotations/someone/document.json` in {}); remove that setting and run `biaozhu git-setup` again",
        path.display(),
        dir.display()
    );
    Ok(2)
}

/// The driver command for git config: this executable's absolute path, quoted for the shell
/// git runs drivers with, so it works when biaozhu is not on PATH. When `biaozhu` on PATH is
/// this same file (often a symlink such as /usr/local/bin/biaozhu), that path is used instead,
/// so an upgrade that moves the real file keeps working.
fn driver_command() -> Result<String> {
    let exe = std::env::current_exe().map_err(|e| {
        Error::Usage(format!(
            "cannot find the path of this biaozhu executable ({e}), which the merge driver needs"
        ))
    })?;
    let exe = path_entry_for(&exe).unwrap_or(exe);
    let Some(exe) = exe.to_str() else {
        return Err(Error::Usage(format!(
            "the path of this biaozhu executable is not UTF-8 ({}); git config cannot hold it reliably. Install biaozhu in a folder with a UTF-8 name",
            exe.display()
        )));
    };
    #[cfg(windows)]
    let exe = &exe.replace('\\', "/");
    Ok(format!("{} merge-annotations %O %A %B", shell_quote(exe)))
}

/// The entry of PATH that resolves to the executable `exe`, if any.
fn path_entry_for(exe: &Path) -> Option<PathBuf> {
    let real = std::fs::canonicalize(exe).ok()?;
    let name = format!("biaozhu{}", std::env::consts::EXE_SUFFIX);
    std::env::split_paths(&std::env::var_os("PATH")?)
        .map(|dir| dir.join(&name))
        .find(|candidate| {
            candidate.is_absolute() && std::fs::canonicalize(candidate).is_ok_and(|c| c == real)
        })
}

/// `s` quoted for a POSIX shell: as it is when it holds only safe characters, else in single
/// quotes.
fn shell_quote(s: &str) -> String {
    let safe = |c: char| c.is_ascii_alphanumeric() || "/._-+:@,=%".contains(c);
    if !s.is_empty() && s.chars().all(safe) {
        s.to_string()
    } else {
        format!("'{}'", s.replace('\'', r"'\''"))
    }
}

/// Runs git in `dir`; a missing git is a usage error that says so.
fn git(dir: &Path, args: &[&str]) -> Result<Output> {
    Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .output()
        .map_err(|e| {
            if e.kind() == std::io::ErrorKind::NotFound {
                Error::Usage(
                    "git is not installed (or not on PATH); install git and run `biaozhu git-setup` again"
                        .into(),
                )
            } else {
                Error::io(Path::new("git"), e)
            }
        })
}

fn first_line(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes)
        .lines()
        .next()
        .unwrap_or("no message")
        .trim()
        .to_string()
}

/// `biaozhu merge-annotations BASE OURS THEIRS`: git's merge driver for one annotation file.
/// Writes the merge into OURS atomically and exits 0, or writes the conflict file (see
/// `core::check::merge`) and exits 1. Bad input (a file that is not an annotation, torn JSON, a file
/// that already holds a conflict, versions of different files) is named with its side and path,
/// exits 1 (2 when a file cannot be read), and leaves OURS as it was.
fn merge_annotations(base: &Path, ours: &Path, theirs: &Path) -> Result<i32> {
    let path_of = |side| match side {
        Side::Base => base,
        Side::Ours => ours,
        Side::Theirs => theirs,
    };
    let refuse = |side: Side, e: Error| {
        eprintln!("error: {side} file {e}");
        eprintln!(
            "       nothing was written: {} (OURS) is unchanged",
            ours.display()
        );
        e.exit_code()
    };
    let read = |side| {
        let path = path_of(side);
        fsio::read_bounded(path, fsio::MAX_JSON_BYTES)
            .and_then(|bytes| merge::parse_input(path, &bytes, side))
    };
    let (base_ann, ours_ann, theirs_ann) =
        match (read(Side::Base), read(Side::Ours), read(Side::Theirs)) {
            (Ok(b), Ok(Some(o)), Ok(Some(t))) => (b, o, t),
            (Err(e), _, _) => return Ok(refuse(Side::Base, e)),
            (_, Err(e), _) => return Ok(refuse(Side::Ours, e)),
            (_, _, Err(e)) => return Ok(refuse(Side::Theirs, e)),
            _ => unreachable!("parse_input gives None only for an empty BASE"),
        };
    let base_ann = base_ann.unwrap_or_else(|| merge::empty_base(&ours_ann));
    let merged = match merge::merge(&base_ann, &ours_ann, &theirs_ann) {
        Ok(m) => m,
        Err(e) => {
            let err = Error::invalid(path_of(e.side), e.pointer, e.message);
            return Ok(refuse(e.side, err));
        }
    };
    fsio::write_atomic(ours, &merged.to_json())?;
    let a = &merged.annotation;
    if merged.is_clean() {
        println!(
            "biaozhu: merged annotation {}/{}: {} spans, {} relations, status {}, revision {}",
            a.annotator,
            a.document,
            a.spans.len(),
            a.relations.len(),
            a.status.as_str(),
            a.revision
        );
        for note in &merged.notes {
            println!("  {note}");
        }
        return Ok(0);
    }
    eprintln!(
        "biaozhu: {} conflict(s) merging annotation {}/{}:",
        merged.conflicts.len(),
        a.annotator,
        a.document
    );
    for conflict in &merged.conflicts {
        eprintln!("  {}", conflict.describe());
    }
    for note in &merged.notes {
        eprintln!("  note: {note}");
    }
    eprintln!(
        "  the file now has \"status\": \"{}\" and lists both versions under \"conflicts\" (biaozhu validate reports it); to resolve: {}",
        merge::CONFLICT_STATUS,
        merge::HOW_TO_RESOLVE
    );
    Ok(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shell_quoting() {
        assert_eq!(
            shell_quote("/usr/local/bin/biaozhu"),
            "/usr/local/bin/biaozhu"
        );
        assert_eq!(
            shell_quote("/home/a b/it's/biaozhu"),
            r"'/home/a b/it'\''s/biaozhu'"
        );
        assert_eq!(shell_quote("/opt/标注/biaozhu"), "'/opt/标注/biaozhu'");
        assert_eq!(shell_quote(""), "''");
    }

    #[test]
    fn the_driver_command_names_this_executable() {
        let command = driver_command().unwrap();
        assert!(
            command.ends_with(" merge-annotations %O %A %B"),
            "{command}"
        );
        assert!(command.contains('/'), "{command}");
    }
}
