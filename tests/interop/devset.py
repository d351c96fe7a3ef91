#!/usr/bin/env python3
"""The dev-set measurement: the rule extractor's spans and relations against independent
annotations of the real articles in ../shared/corpus (tests/fixtures/devset, offsets and short
context only) and against the bundled sample, through the real binary.

    python3 tests/interop/devset.py [--biaozhu target/debug/biaozhu] [--corpus ../shared/corpus]
        [--work target/devset] [--json OUT.json]

Steps: `biaozhu new` + `import` of the corpus; the dev annotations are placed on the imported
documents by sha256 (every span's covered text and context are checked first, by
check_devset.py) and read in with `import-annotations` as annotator `dev`; `biaozhu suggest`
writes the rules' spans and relations as `model-rules`; `biaozhu eval` (spans) and
`biaozhu eval --relations` score them. The same on a copy of assets/sample against `sample`.
Prints a Markdown table; exits 1 when a step fails.
"""
import argparse
import json
import pathlib
import shutil
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parents[2]
FIXTURE = ROOT / "tests/fixtures/devset/corpus-annotations.json"
LABELS = ["project", "amount", "region", "mechanism"]


def run(cmd, **kw):
    r = subprocess.run([str(c) for c in cmd], capture_output=True, text=True, **kw)
    if r.returncode != 0:
        sys.exit(f"failed ({r.returncode}): {' '.join(map(str, cmd))}\n{r.stdout}\n{r.stderr}")
    return r.stdout


def build_devset(biaozhu, corpus, work):
    """A dataset of the imported corpus with the dev annotations as annotator `dev`."""
    ds = work / "corpus"
    if ds.exists():
        shutil.rmtree(ds)
    run([biaozhu, "new", ds])
    run([biaozhu, "import", ds, *sorted(corpus.glob("*.txt")), "--quiet"])
    run([sys.executable, ROOT / "tests/interop/check_devset.py", ds, FIXTURE])
    docs = {}
    for p in (ds / "documents").glob("*.json"):
        d = json.loads(p.read_text(encoding="utf-8"))
        docs[d["sha256"]] = d
    lines = []
    for entry in json.loads(FIXTURE.read_text(encoding="utf-8"))["documents"]:
        d = docs[entry["sha256"]]
        spans = [
            {"id": s["id"], "start": s["start"], "end": s["end"], "label": s["label"],
             "text": s["text"], "attrs": {}}
            for s in entry["spans"]
        ]
        relations = [
            {"id": r["id"], "type": r["type"], "from": r["from"], "to": r["to"]}
            for r in entry["relations"]
        ]
        lines.append({"id": d["id"], "text": d["text"], "sha256": d["sha256"], "meta": d["meta"],
                      "spans": spans, "relations": relations, "annotator": "dev", "status": "done"})
    dev = work / "dev.jsonl"
    dev.write_text("".join(json.dumps(l, ensure_ascii=False) + "\n" for l in lines), encoding="utf-8")
    run([biaozhu, "import-annotations", ds, dev, "--format", "jsonl", "--annotator", "dev"])
    return ds


def scores(biaozhu, gold, pred):
    spans = json.loads(run([biaozhu, "eval", "--gold", gold, "--pred", pred, "--format", "json"]))
    rels = json.loads(run([biaozhu, "eval", "--gold", gold, "--pred", pred, "--relations",
                           "--format", "json"]))["relations"]
    return {"spans": spans, "relations": rels}


def linker_scores(biaozhu, ds, gold):
    """The relation rules alone, on the annotator's own spans: `suggest --link-spans-of`."""
    run([biaozhu, "suggest", ds, "--link-spans-of", gold, "--annotator", "links-rules"])
    return json.loads(run([biaozhu, "eval", "--gold", f"{ds}#{gold}", "--pred", f"{ds}#links-rules",
                           "--relations", "--format", "json"]))["relations"]


def linker_table(rows):
    out = ["| relations on the annotators' spans | strict F1 | precision | recall | per type (strict F1) |",
           "|---|---|---|---|---|"]
    for name, rel in rows:
        m = rel["strict"]["micro"]
        per = ", ".join(f"{k} {v['f1']:.2f}" for k, v in rel["strict"]["types"].items())
        out.append(f"| {name} | {m['f1']:.2f} | {m['precision']:.2f} | {m['recall']:.2f} | {per} |")
    return "\n".join(out)


def table(name, s):
    sp, rel = s["spans"], s["relations"]
    out = [f"| {name} | strict F1 | partial F1 | strict P | strict R |", "|---|---|---|---|---|"]
    rows = [("overall", sp["overall"])] + [(l, sp["labels"][l]) for l in LABELS if l in sp["labels"]]
    for label, v in rows:
        out.append(f"| {label} | {v['strict']['f1']:.2f} | {v['partial']['f1']:.2f} | "
                   f"{v['strict']['precision']:.2f} | {v['strict']['recall']:.2f} |")
    for matching in ["strict", "lenient"]:
        m = rel[matching]["micro"]
        per = ", ".join(f"{k} {v['f1']:.2f}" for k, v in rel[matching]["types"].items())
        out.append(f"| relations {matching} | {m['f1']:.2f} | | {m['precision']:.2f} | {m['recall']:.2f} |"
                   f" <!-- {per} -->")
    return "\n".join(out)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--biaozhu", default=ROOT / "target/debug/biaozhu", type=pathlib.Path)
    ap.add_argument("--corpus", default=ROOT.parent / "shared/corpus", type=pathlib.Path)
    ap.add_argument("--work", default=ROOT / "target/devset", type=pathlib.Path)
    ap.add_argument("--json", type=pathlib.Path, help="also write the scores as JSON")
    args = ap.parse_args()
    if not args.corpus.is_dir():
        sys.exit(f"{args.corpus}: no corpus folder (give --corpus)")
    args.work.mkdir(parents=True, exist_ok=True)
    ds = build_devset(args.biaozhu, args.corpus, args.work)
    run([args.biaozhu, "suggest", ds])
    dev = scores(args.biaozhu, f"{ds}#dev", f"{ds}#model-rules")
    sample = args.work / "sample"
    if sample.exists():
        shutil.rmtree(sample)
    shutil.copytree(ROOT / "assets/sample", sample)
    run([args.biaozhu, "suggest", sample])
    own = scores(args.biaozhu, f"{sample}#sample", f"{sample}#model-rules")
    links = [("dev set", linker_scores(args.biaozhu, ds, "dev")),
             ("sample", linker_scores(args.biaozhu, sample, "sample"))]
    print("## Rules on the dev set (five real articles, independent annotation)\n")
    print(table("dev set", dev))
    print("\n## Rules on the bundled sample\n")
    print(table("sample", own))
    print("\n## The relation rules alone, on the annotators' own spans\n")
    print(linker_table(links))
    if args.json:
        args.json.write_text(json.dumps({"dev": dev, "sample": own, "links": dict(links)}, indent=1),
                             encoding="utf-8")


if __name__ == "__main__":
    main()
