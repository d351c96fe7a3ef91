//! The git team workflow with real git and the real binary: a dataset committed once, cloned
//! twice, `biaozhu git-setup` in each clone, work in parallel, then a merge of one clone into
//! the other through biaozhu's merge driver. Git runs with an empty global config and a fixed
//! identity, so the tests work on a machine with no git identity and ignore the user's settings.

mod common;
use biaozhu::core::data::fsio::to_canonical_json;
use biaozhu::core::data::model::{Annotation, Attrs, Document, Relation, Span, Status};
use common::{read_json, text};
use serde_json::Value;
use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const DRIVER_LINE: &str = "annotations/**/*.json merge=biaozhu";

/// A temporary folder with an isolated git configuration.
struct Env {
    tmp: tempfile::TempDir,
    gitconfig: PathBuf,
}

impl Env {
    fn new() -> Env {
        let git = Command::new("git").arg("--version").output();
        assert!(
            git.is_ok_and(|o| o.status.success()),
            "these tests need git on PATH"
        );
        let tmp = tempfile::tempdir().unwrap();
        let gitconfig = tmp.path().join("gitconfig");
        std::fs::write(
            &gitconfig,
            "[user]\n\tname = Test Annotator\n\temail = test@example.com\n[init]\n\tdefaultBranch = main\n",
        )
        .unwrap();
        Env { tmp, gitconfig }
    }

    fn path(&self, name: &str) -> PathBuf {
        self.tmp.path().join(name)
    }

    fn command(&self, program: impl AsRef<OsStr>, cwd: &Path) -> Command {
        let mut c = Command::new(program);
        c.current_dir(cwd)
            .env("GIT_CONFIG_GLOBAL", &self.gitconfig)
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("GIT_CEILING_DIRECTORIES", self.tmp.path())
            .env("GIT_AUTHOR_NAME", "Test Annotator")
            .env("GIT_AUTHOR_EMAIL", "test@example.com")
            .env("GIT_COMMITTER_NAME", "Test Annotator")
            .env("GIT_COMMITTER_EMAIL", "test@example.com")
            .env("GIT_MERGE_AUTOEDIT", "no")
            .env("LC_ALL", "C");
        c
    }

    fn git(&self, dir: &Path, args: &[&str]) -> Output {
        self.command("git", dir).args(args).output().unwrap()
    }

    /// Runs git and returns its stdout; panics with everything git said when it fails.
    fn git_ok(&self, dir: &Path, args: &[&str]) -> String {
        let out = self.git(dir, args);
        assert!(
            out.status.success(),
            "git {args:?} in {dir:?}: {}",
            text(&out)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    fn bz(&self, cwd: &Path, args: &[&dyn AsRef<OsStr>]) -> Output {
        self.command(env!("CARGO_BIN_EXE_biaozhu"), cwd)
            .args(args.iter().map(|a| a.as_ref()))
            .output()
            .unwrap()
    }

    fn bz_ok(&self, cwd: &Path, args: &[&dyn AsRef<OsStr>]) -> String {
        let out = self.bz(cwd, args);
        assert_eq!(out.status.code(), Some(0), "biaozhu: {}", text(&out));
        text(&out)
    }

    /// Writes articles into a folder outside every repository and imports them into `ds`.
    fn import(&self, ds: &Path, articles: &[(&str, &str)]) {
        let dir = self.path(&format!("articles-{}", articles[0].0));
        std::fs::create_dir_all(&dir).unwrap();
        for (id, body) in articles {
            std::fs::write(dir.join(format!("{id}.txt")), body).unwrap();
        }
        let said = self.bz_ok(ds, &[&"import", &ds, &dir]);
        assert!(
            said.contains(&format!("{} added", articles.len())),
            "{said}"
        );
    }

    fn commit_all(&self, dir: &Path, message: &str) {
        self.git_ok(dir, &["add", "-A"]);
        self.git_ok(dir, &["commit", "-q", "-m", message]);
    }

    /// Merges the current commit of clone `from` into clone `into`; git's output.
    fn merge(&self, into: &Path, from: &Path) -> Output {
        self.git_ok(into, &["fetch", "-q", from.to_str().unwrap(), "HEAD"]);
        self.git(into, &["merge", "--no-edit", "FETCH_HEAD"])
    }
}

/// Two clones, `a` and `b`, of a dataset made with `biaozhu new` (with `articles` imported and
/// `prepare` run in it before the first commit), each set up with `biaozhu git-setup`.
struct Team {
    env: Env,
    a: PathBuf,
    b: PathBuf,
}

fn team(articles: &[(&str, &str)], prepare: impl FnOnce(&Path)) -> Team {
    let env = Env::new();
    let origin = env.path("origin");
    env.bz_ok(env.tmp.path(), &[&"new", &origin, &"--name", &"南通招商"]);
    if !articles.is_empty() {
        env.import(&origin, articles);
    }
    prepare(&origin);
    env.git_ok(&origin, &["init", "-q"]);
    env.commit_all(&origin, "a new dataset");
    let (a, b) = (env.path("a"), env.path("b"));
    for clone in [&a, &b] {
        env.git_ok(
            env.tmp.path(),
            &[
                "clone",
                "-q",
                origin.to_str().unwrap(),
                clone.to_str().unwrap(),
            ],
        );
    }
    // Once from inside the clone (DIR defaults to the current folder), once with DIR.
    let said_a = env.bz_ok(&a, &[&"git-setup"]);
    let said_b = env.bz_ok(env.tmp.path(), &[&"git-setup", &b]);
    for said in [said_a, said_b] {
        assert!(
            said.contains("merge.biaozhu.driver") && said.contains("merge=biaozhu"),
            "{said}"
        );
    }
    Team { env, a, b }
}

const HAIMEN: (&str, &str) = (
    "haimen-solar",
    "海门光伏产业园项目开工\n3月18日，𠮷祥新能源科技有限公司投资建设的海门光伏产业园项目在海门经济技术开发区开工，项目总投资约35亿元，开发区实行“拿地即开工”。\n",
);
const ZHENJIANG: (&str, &str) = (
    "zhenjiang-park",
    "镇江新区储能电池产业园签约\n总投资20亿元的储能电池产业园项目落户镇江新区，预计明年投产。\n",
);
const RUGAO: (&str, &str) = (
    "rugao-battery",
    "如皋签约新能源电池项目\n3月20日，总投资约50亿元的新能源电池项目落户如皋高新区。\n",
);
const QIDONG: (&str, &str) = (
    "qidong-pharma",
    "启东生物医药产业园开工\n总投资12亿元的启东生物医药产业园项目在启东经济开发区开工建设。\n",
);

/// Writes `annotator`'s annotation of `doc` in dataset `ds`, as the app would save it: each span
/// is (id, covered text, label) at the first occurrence of the text, with code-point offsets
/// and the document's sha256; each relation is (id, type, from, to).
fn annotate(
    ds: &Path,
    annotator: &str,
    doc: &str,
    status: Status,
    revision: u64,
    spans: &[(&str, &str, &str)],
    relations: &[(&str, &str, &str, &str)],
) {
    let document: Document = serde_json::from_slice(
        &std::fs::read(ds.join("documents").join(format!("{doc}.json"))).unwrap(),
    )
    .unwrap();
    let mut ann = Annotation::new(&document, annotator);
    ann.status = status;
    ann.revision = revision;
    ann.updated = format!("2026-11-2{revision}T09:00:00Z");
    for (id, covered, label) in spans {
        let at = document
            .text
            .find(covered)
            .unwrap_or_else(|| panic!("{covered} is not in {doc}"));
        let start = document.text[..at].chars().count();
        ann.spans.push(Span {
            id: id.to_string(),
            start,
            end: start + covered.chars().count(),
            label: label.to_string(),
            text: covered.to_string(),
            attrs: Attrs::new(),
        });
    }
    for (id, kind, from, to) in relations {
        ann.relations.push(Relation {
            id: id.to_string(),
            kind: kind.to_string(),
            from: from.to_string(),
            to: to.to_string(),
            confidence: None,
        });
    }
    ann.normalise_order();
    let path = ds
        .join("annotations")
        .join(annotator)
        .join(format!("{doc}.json"));
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, to_canonical_json(&ann)).unwrap();
}

/// (id, text, label) of the spans of an annotation file.
fn spans_of(path: &Path) -> Vec<(String, String, String)> {
    read_json(path)["spans"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            let field = |k: &str| s[k].as_str().unwrap().to_string();
            (field("id"), field("text"), field("label"))
        })
        .collect()
}

fn assert_clean_merge(env: &Env, into: &Path, merge: &Output) {
    assert!(merge.status.success(), "git merge: {}", text(merge));
    assert!(!text(merge).contains("CONFLICT"), "{}", text(merge));
    assert_eq!(env.git_ok(into, &["status", "--porcelain"]), "");
    let parents = env.git_ok(into, &["log", "-1", "--format=%P"]);
    assert_eq!(parents.split_whitespace().count(), 2, "not a merge commit");
    let said = env.bz_ok(into, &[&"validate", &into]);
    assert!(said.contains("valid"), "{said}");
}

#[test]
fn different_annotators_on_documents_imported_in_parallel_merge_cleanly() {
    let t = team(&[], |_| {});
    let env = &t.env;
    env.import(&t.a, &[RUGAO]);
    annotate(
        &t.a,
        "alice",
        "rugao-battery",
        Status::Done,
        1,
        &[
            ("s1", "新能源电池项目", "project"),
            ("s2", "约50亿元", "amount"),
            ("s3", "如皋高新区", "region"),
        ],
        &[
            ("r1", "has_amount", "s1", "s2"),
            ("r2", "located_in", "s1", "s3"),
        ],
    );
    env.commit_all(&t.a, "alice: rugao");
    env.import(&t.b, &[QIDONG]);
    annotate(
        &t.b,
        "bob",
        "qidong-pharma",
        Status::InProgress,
        1,
        &[
            ("s1", "启东生物医药产业园项目", "project"),
            ("s2", "12亿元", "amount"),
        ],
        &[],
    );
    env.commit_all(&t.b, "bob: qidong");

    let merge = env.merge(&t.a, &t.b);
    assert_clean_merge(env, &t.a, &merge);
    for doc in ["rugao-battery", "qidong-pharma"] {
        assert!(t.a.join(format!("documents/{doc}.json")).is_file());
    }
    assert!(t.a.join("annotations/alice/rugao-battery.json").is_file());
    assert!(t.a.join("annotations/bob/qidong-pharma.json").is_file());
}

#[test]
fn one_annotator_on_different_documents_merges_cleanly() {
    let t = team(&[HAIMEN, ZHENJIANG], |_| {});
    let env = &t.env;
    annotate(
        &t.a,
        "alice",
        "haimen-solar",
        Status::Done,
        1,
        &[
            ("s1", "海门光伏产业园项目", "project"),
            ("s2", "约35亿元", "amount"),
        ],
        &[("r1", "has_amount", "s1", "s2")],
    );
    env.commit_all(&t.a, "alice on a laptop");
    annotate(
        &t.b,
        "alice",
        "zhenjiang-park",
        Status::InProgress,
        1,
        &[
            ("s1", "储能电池产业园项目", "project"),
            ("s2", "镇江新区", "region"),
        ],
        &[("r1", "located_in", "s1", "s2")],
    );
    env.commit_all(&t.b, "alice on a desktop");

    let merge = env.merge(&t.a, &t.b);
    assert_clean_merge(env, &t.a, &merge);
    assert_eq!(
        spans_of(&t.a.join("annotations/alice/haimen-solar.json")).len(),
        2
    );
    assert_eq!(
        spans_of(&t.a.join("annotations/alice/zhenjiang-park.json")).len(),
        2
    );
}

#[test]
fn one_annotator_adding_different_spans_to_one_document_merges_through_the_driver() {
    let t = team(&[HAIMEN], |origin| {
        annotate(
            origin,
            "alice",
            "haimen-solar",
            Status::InProgress,
            1,
            &[("s1", "海门光伏产业园项目", "project")],
            &[],
        );
    });
    let env = &t.env;
    let file = "annotations/alice/haimen-solar.json";
    // Both clones call their new span s2, and link it to s1 as r1.
    annotate(
        &t.a,
        "alice",
        "haimen-solar",
        Status::InProgress,
        2,
        &[
            ("s1", "海门光伏产业园项目", "project"),
            ("s2", "约35亿元", "amount"),
        ],
        &[("r1", "has_amount", "s1", "s2")],
    );
    env.commit_all(&t.a, "the amount");
    annotate(
        &t.b,
        "alice",
        "haimen-solar",
        Status::InProgress,
        3,
        &[
            ("s1", "海门光伏产业园项目", "project"),
            ("s2", "海门经济技术开发区", "region"),
        ],
        &[("r1", "located_in", "s1", "s2")],
    );
    env.commit_all(&t.b, "the region");

    let merge = env.merge(&t.a, &t.b);
    assert!(
        text(&merge).contains("biaozhu: merged annotation alice/haimen-solar"),
        "the driver did not run: {}",
        text(&merge)
    );
    assert_clean_merge(env, &t.a, &merge);
    let merged = read_json(&t.a.join(file));
    assert_eq!(
        spans_of(&t.a.join(file)),
        [
            ("s1".into(), "海门光伏产业园项目".into(), "project".into()),
            ("s3".into(), "海门经济技术开发区".into(), "region".into()),
            ("s2".into(), "约35亿元".into(), "amount".into()),
        ]
    );
    let relations: Vec<(&str, &str, &str, &str)> = merged["relations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            let f = |k: &str| r[k].as_str().unwrap();
            (f("id"), f("type"), f("from"), f("to"))
        })
        .collect();
    assert_eq!(
        relations,
        [
            ("r1", "has_amount", "s1", "s2"),
            ("r2", "located_in", "s1", "s3")
        ]
    );
    assert_eq!(merged["revision"], 4);
    assert_eq!(merged["updated"], "2026-11-23T09:00:00Z");
    // The committed file is canonical JSON.
    let bytes = std::fs::read(t.a.join(file)).unwrap();
    let ann: Annotation = serde_json::from_slice(&bytes).unwrap();
    assert_eq!(bytes, to_canonical_json(&ann));
    let merges = env.git_ok(&t.a, &["log", "--merges", "--oneline"]);
    assert_eq!(merges.lines().count(), 1, "{merges}");
}

#[test]
fn the_same_span_changed_on_both_sides_is_a_conflict_that_validate_reports() {
    let t = team(&[HAIMEN], |origin| {
        annotate(
            origin,
            "alice",
            "haimen-solar",
            Status::InProgress,
            1,
            &[
                ("s1", "海门光伏产业园项目", "project"),
                ("s2", "拿地即开工", "region"),
            ],
            &[],
        );
    });
    let env = &t.env;
    let file = "annotations/alice/haimen-solar.json";
    let both = |ds: &Path, label: &str, revision| {
        annotate(
            ds,
            "alice",
            "haimen-solar",
            Status::InProgress,
            revision,
            &[
                ("s1", "海门光伏产业园项目", "project"),
                ("s2", "拿地即开工", label),
            ],
            &[],
        );
    };
    both(&t.a, "mechanism", 2);
    env.commit_all(&t.a, "s2 is a mechanism");
    both(&t.b, "project", 2);
    env.commit_all(&t.b, "s2 is a project");

    let merge = env.merge(&t.a, &t.b);
    let said = text(&merge);
    assert!(!merge.status.success(), "{said}");
    assert!(said.contains("CONFLICT") && said.contains(file), "{said}");
    assert!(said.contains("span s2 was changed differently"), "{said}");
    let status = env.git_ok(&t.a, &["status", "--porcelain"]);
    assert!(status.contains(&format!("UU {file}")), "{status}");

    // Parseable JSON holding both versions.
    let value = read_json(&t.a.join(file));
    assert_eq!(value["status"], "merge_conflict");
    assert_eq!(value["conflicts"][0]["id"], "s2");
    assert_eq!(value["conflicts"][0]["ours"]["label"], "mechanism");
    assert_eq!(value["conflicts"][0]["theirs"]["label"], "project");

    let out = env.bz(&t.a, &[&"validate", &t.a]);
    let said = text(&out);
    assert_eq!(out.status.code(), Some(1), "{said}");
    assert!(
        said.contains(&format!("{file}:/conflicts/0"))
            && said.contains("unresolved merge conflict"),
        "{said}"
    );
}

#[test]
fn git_setup_is_idempotent_and_refuses_a_folder_outside_git() {
    let env = Env::new();
    let ds = env.path("ds");
    env.bz_ok(env.tmp.path(), &[&"new", &ds]);

    let out = env.bz(&ds, &[&"git-setup"]);
    let said = text(&out);
    assert_eq!(out.status.code(), Some(2), "{said}");
    assert!(said.contains("not inside a git work tree"), "{said}");

    let no_git = env.path("no-git");
    std::fs::create_dir_all(&no_git).unwrap();
    let out = env
        .command(env!("CARGO_BIN_EXE_biaozhu"), &ds)
        .arg("git-setup")
        .env("PATH", &no_git)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    assert!(
        text(&out).contains("git is not installed"),
        "{}",
        text(&out)
    );

    env.git_ok(&ds, &["init", "-q"]);
    let first = env.bz_ok(&ds, &[&"git-setup"]);
    assert!(first.contains("merge.biaozhu.driver"), "{first}");
    let second = env.bz_ok(&ds, &[&"git-setup", &"."]);
    assert!(
        second.contains("merge.biaozhu.name already set")
            && second.contains("merge.biaozhu.driver already set")
            && second.contains("annotation files are routed to the driver")
            && !second.contains("added"),
        "{second}"
    );
    let drivers = env.git_ok(
        &ds,
        &["config", "--local", "--get-all", "merge.biaozhu.driver"],
    );
    assert_eq!(drivers.lines().count(), 1, "{drivers}");
    assert!(
        drivers.contains(env!("CARGO_BIN_EXE_biaozhu"))
            && drivers.trim_end().ends_with(" merge-annotations %O %A %B"),
        "{drivers}"
    );
    let names = env.git_ok(
        &ds,
        &["config", "--local", "--get-all", "merge.biaozhu.name"],
    );
    assert_eq!(names.lines().count(), 1, "{names}");
    let attributes = std::fs::read_to_string(ds.join(".gitattributes")).unwrap();
    assert_eq!(
        attributes
            .lines()
            .filter(|l| l.trim() == DRIVER_LINE)
            .count(),
        1,
        "{attributes}"
    );
    let routed = env.git_ok(&ds, &["check-attr", "merge", "--", "annotations/x/y.json"]);
    assert!(routed.trim_end().ends_with("merge: biaozhu"), "{routed}");
}

#[test]
fn git_setup_adds_the_attributes_line_when_it_is_missing() {
    let env = Env::new();
    let repo = env.path("repo");
    let ds = repo.join("data");
    env.bz_ok(env.tmp.path(), &[&"new", &ds]);
    env.git_ok(&repo, &["init", "-q"]);
    // A dataset inside a bigger repository, with an attributes file that lacks the line.
    std::fs::write(ds.join(".gitattributes"), "*.txt text").unwrap();
    let said = env.bz_ok(&repo, &[&"git-setup", &ds]);
    assert!(
        said.contains("added `annotations/**/*.json merge=biaozhu`"),
        "{said}"
    );
    assert_eq!(
        std::fs::read_to_string(ds.join(".gitattributes")).unwrap(),
        format!("*.txt text\n{DRIVER_LINE}\n")
    );
    let routed = env.git_ok(
        &repo,
        &["check-attr", "merge", "--", "data/annotations/a/b.json"],
    );
    assert!(routed.trim_end().ends_with("merge: biaozhu"), "{routed}");
    // Outside a dataset only the config is set.
    let said = env.bz_ok(&repo, &[&"git-setup"]);
    assert!(
        said.contains("already set") && said.contains("holds no dataset.json"),
        "{said}"
    );
}

/// Base, ours and theirs of one annotation, written as files; returns their paths.
fn driver_inputs(dir: &Path) -> [PathBuf; 3] {
    let document = Document {
        id: "haimen-solar".into(),
        text: HAIMEN.1.trim_end().to_string(),
        sha256: biaozhu::core::data::ids::sha256_hex(HAIMEN.1.trim_end().as_bytes()),
        meta: Default::default(),
    };
    let span = |id: &str, covered: &str, label: &str| {
        let at = document.text.find(covered).unwrap();
        let start = document.text[..at].chars().count();
        Span {
            id: id.into(),
            start,
            end: start + covered.chars().count(),
            label: label.into(),
            text: covered.into(),
            attrs: Attrs::new(),
        }
    };
    let mut base = Annotation::new(&document, "alice");
    base.spans.push(span("s1", "海门光伏产业园项目", "project"));
    let mut ours = base.clone();
    ours.spans.push(span("s2", "约35亿元", "amount"));
    let mut theirs = base.clone();
    theirs
        .spans
        .push(span("s2", "海门经济技术开发区", "region"));
    let paths = ["base.json", "ours.json", "theirs.json"].map(|n| dir.join(n));
    for (path, ann) in paths.iter().zip([base, ours, theirs]) {
        std::fs::write(path, to_canonical_json(&ann)).unwrap();
    }
    paths
}

#[test]
fn merge_annotations_refuses_bad_input_and_leaves_ours_as_it_was() {
    let env = Env::new();
    let dir = env.tmp.path();
    let [base, ours, theirs] = driver_inputs(dir);
    let ours_bytes = std::fs::read(&ours).unwrap();
    let good_theirs = std::fs::read(&theirs).unwrap();
    let driver = |base: &Path, ours: &Path, theirs: &Path| {
        env.bz(dir, &[&"merge-annotations", &base, &ours, &theirs])
    };
    let refused = |out: &Output, code: i32, side: &str, path: &Path, why: &str| {
        let said = text(out);
        assert_eq!(out.status.code(), Some(code), "{said}");
        assert!(
            said.contains(&format!("{side} file {}", path.display())) && said.contains(why),
            "{said}"
        );
        assert_eq!(
            std::fs::read(&ours).unwrap(),
            ours_bytes,
            "OURS was written"
        );
    };

    // Not an annotation: a document file.
    std::fs::write(
        &theirs,
        br#"{"id": "x", "text": "", "sha256": "", "meta": {}}"#,
    )
    .unwrap();
    refused(
        &driver(&base, &ours, &theirs),
        1,
        "THEIRS",
        &theirs,
        "not a valid annotation",
    );
    // Torn JSON.
    std::fs::write(&theirs, &good_theirs[..good_theirs.len() / 2]).unwrap();
    refused(
        &driver(&base, &ours, &theirs),
        1,
        "THEIRS",
        &theirs,
        "truncated",
    );
    std::fs::write(&theirs, &good_theirs).unwrap();
    let torn_base = dir.join("torn-base.json");
    std::fs::write(&torn_base, "{").unwrap();
    refused(
        &driver(&torn_base, &ours, &theirs),
        1,
        "BASE",
        &torn_base,
        "truncated",
    );
    // Another document's annotation.
    let mut other: Value = serde_json::from_slice(&good_theirs).unwrap();
    other["document"] = "zhenjiang-park".into();
    let other_path = dir.join("other.json");
    std::fs::write(&other_path, other.to_string()).unwrap();
    refused(
        &driver(&base, &ours, &other_path),
        1,
        "THEIRS",
        &other_path,
        "/document",
    );
    // A missing file is an I/O error.
    let missing = dir.join("missing.json");
    refused(&driver(&base, &ours, &missing), 2, "THEIRS", &missing, "");

    // A file that already holds a conflict: make one with the driver itself.
    let conflicted = dir.join("conflicted.json");
    std::fs::copy(&ours, &conflicted).unwrap();
    let mut relabelled: Value = serde_json::from_slice(&ours_bytes).unwrap();
    relabelled["spans"][1]["label"] = "region".into();
    let relabelled_path = dir.join("relabelled.json");
    std::fs::write(&relabelled_path, relabelled.to_string()).unwrap();
    let mut base_with_s2: Value = serde_json::from_slice(&ours_bytes).unwrap();
    base_with_s2["spans"][1]["label"] = "project".into();
    let base_with_s2_path = dir.join("base-with-s2.json");
    std::fs::write(&base_with_s2_path, base_with_s2.to_string()).unwrap();
    let out = driver(&base_with_s2_path, &conflicted, &relabelled_path);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert_eq!(read_json(&conflicted)["status"], "merge_conflict");
    refused(
        &driver(&base, &ours, &conflicted),
        1,
        "THEIRS",
        &conflicted,
        "already holds an unresolved merge conflict",
    );

    // The good inputs merge, and an empty BASE (both sides added the file) works too.
    let empty = dir.join("empty.json");
    std::fs::write(&empty, "").unwrap();
    let out = driver(&empty, &ours, &theirs);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    let merged = spans_of(&ours);
    assert_eq!(
        merged.iter().map(|s| s.0.as_str()).collect::<Vec<_>>(),
        ["s1", "s3", "s2"]
    );
}

/// Sets the `effort` of an annotation file (as the app records it) and writes it canonically.
fn set_effort(path: &Path, active_seconds: u64, by_hand: u64, accepted: u64, shown: bool) {
    let mut ann: Annotation = serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap();
    ann.effort = Some(biaozhu::core::data::model::Effort {
        active_seconds,
        spans_by_hand: by_hand,
        suggestions_accepted: accepted,
        suggestions_shown: shown,
        ..Default::default()
    });
    std::fs::write(path, to_canonical_json(&ann)).unwrap();
}

#[test]
fn the_driver_adds_up_the_time_both_clones_recorded() {
    let file = "annotations/alice/haimen-solar.json";
    let t = team(&[HAIMEN], |origin| {
        annotate(
            origin,
            "alice",
            "haimen-solar",
            Status::InProgress,
            1,
            &[("s1", "海门光伏产业园项目", "project")],
            &[],
        );
        set_effort(&origin.join(file), 60, 1, 0, false);
    });
    let env = &t.env;
    // Clone a: 40 more seconds and a span by hand; clone b: 30 more and an accepted suggestion.
    annotate(
        &t.a,
        "alice",
        "haimen-solar",
        Status::InProgress,
        2,
        &[
            ("s1", "海门光伏产业园项目", "project"),
            ("s2", "约35亿元", "amount"),
        ],
        &[],
    );
    set_effort(&t.a.join(file), 100, 2, 0, false);
    env.commit_all(&t.a, "the amount");
    annotate(
        &t.b,
        "alice",
        "haimen-solar",
        Status::InProgress,
        3,
        &[
            ("s1", "海门光伏产业园项目", "project"),
            ("s2", "海门经济技术开发区", "region"),
        ],
        &[],
    );
    set_effort(&t.b.join(file), 90, 1, 1, true);
    env.commit_all(&t.b, "the region");

    let merge = env.merge(&t.a, &t.b);
    assert!(
        text(&merge).contains("biaozhu: merged annotation alice/haimen-solar"),
        "the driver did not run: {}",
        text(&merge)
    );
    assert_clean_merge(env, &t.a, &merge);
    let merged = read_json(&t.a.join(file));
    assert_eq!(spans_of(&t.a.join(file)).len(), 3);
    assert_eq!(
        merged["effort"],
        serde_json::json!({
            "active_seconds": 130,
            "spans_by_hand": 2,
            "suggestions_accepted": 1,
            "suggestions_accepted_then_changed": 0,
            "suggestions_rejected": 0,
            "suggestions_shown": true
        })
    );
    let stats = env.bz_ok(&t.a, &[&"stats", &t.a, &"--format", &"json"]);
    let stats: Value = serde_json::from_str(&stats).unwrap();
    assert_eq!(
        stats["annotators"]["alice"]["effort"]["median_active_seconds_per_document"],
        130.0
    );
}
