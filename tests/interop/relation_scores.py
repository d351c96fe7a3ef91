#!/usr/bin/env python3
"""Relations, learned and rules side by side, leave one document out on the dev set.

    python3 tests/interop/relation_scores.py [--biaozhu target/debug/biaozhu] [--corpus ../shared/corpus]
        [--work target/relation-scores] [--seeds 1,2,3] [--no-extra] [--json OUT.json]

All through the real binary. The dataset is devset.py's (the five real articles of ../shared/corpus
with their independent annotation as `dev`), plus, as training data only, the bundled sample's four
articles and the team-written articles of tests/fixtures/team-written (all imported as `dev`, status
done; `--no-extra` leaves them out). Scores are on the five real articles only.

For each seed and each real article THAT: `biaozhu train DS --annotator dev --exclude-docs THAT
--holdout 0 --seed N --out m`, then
  - links over the gold spans: `biaozhu suggest DS --model m --docs THAT --link-spans-of dev`;
  - end to end: `biaozhu suggest DS --model m --docs THAT` (learned spans, learned links).
The rules, which learn nothing from the dev set: `suggest --link-spans-of dev` (links over the gold
spans), `suggest` (rules' spans and links), and the rules' links over the learned spans
(`suggest --link-spans-of` the end-to-end annotator). `biaozhu eval --relations` scores relations
(strict: both ends exact; lenient: both ends overlap; same type), counts pooled over the five
articles; the investment table (`biaozhu table`) gives the (document, project, amount) and
(document, project, region) pairs, compared as text, F1 pooled. With several seeds: the mean and
the range over the seeds.
"""
import argparse
import json
import pathlib
import shutil
import statistics
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
import devset  # noqa: E402

ROOT = devset.ROOT
TEAM = ROOT / "tests/fixtures/team-written"
TYPES = ["has_amount", "located_in", "uses"]
run = devset.run


def doc_ids(ds):
    return sorted(p.stem for p in (ds / "documents").glob("*.json"))


def import_as_dev(biaozhu, ds, jsonl):
    """Imports the records of `jsonl` (id, text, spans, relations) as `dev`, status done."""
    lines = []
    for line in jsonl.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        rec = json.loads(line)
        rec["status"] = "done"
        rec["annotator"] = "dev"
        lines.append(json.dumps(rec, ensure_ascii=False))
    tmp = ds.parent / f"extra-{jsonl.stem}.jsonl"
    tmp.write_text("\n".join(lines) + "\n", encoding="utf-8")
    run([biaozhu, "import-annotations", ds, tmp, "--format", "jsonl", "--annotator", "dev",
         "--create-documents"])


def add_extra(biaozhu, ds, work):
    """The sample's articles and the team-written ones, as training data."""
    sample = work / "sample-src"
    if sample.exists():
        shutil.rmtree(sample)
    shutil.copytree(ROOT / "assets/sample", sample)
    exported = work / "sample.jsonl"
    run([biaozhu, "export", sample, "--format", "jsonl", "--out", exported, "--annotator", "sample"])
    import_as_dev(biaozhu, ds, exported)
    for f in sorted(TEAM.glob("*.jsonl")):
        import_as_dev(biaozhu, ds, f)


def real_only(biaozhu, ds, annotator, docs):
    """`annotator`'s annotations of the real articles only, as an export file (eval and table
    would count the extra training articles too)."""
    out = ds.parent / f"real-{annotator}.jsonl"
    run([biaozhu, "export", ds, "--format", "jsonl", "--out", out, "--annotator", annotator])
    lines = [l for l in out.read_text(encoding="utf-8").splitlines()
             if l.strip() and json.loads(l)["id"] in docs]
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return out


def relation_scores(biaozhu, ds, pred, docs):
    gold, got = real_only(biaozhu, ds, "dev", docs), real_only(biaozhu, ds, pred, docs)
    out = json.loads(run([biaozhu, "eval", "--gold", gold, "--pred", got,
                          "--relations", "--format", "json"]))["relations"]
    scores = {}
    for matching in ["strict", "lenient"]:
        m = out[matching]
        scores[matching] = {"micro": m["micro"]["f1"]}
        for t in TYPES:
            scores[matching][t] = m["types"].get(t, {}).get("f1", 0.0)
    return scores


def table_pairs(biaozhu, ds, annotator, docs):
    rows = run([biaozhu, "table", real_only(biaozhu, ds, annotator, docs), "--format", "jsonl",
                "--out", "-"])
    amounts, regions = set(), set()
    for line in rows.splitlines():
        r = json.loads(line)
        if r["document"] not in docs:
            continue
        if r["amount"]:
            amounts.add((r["document"], r["project"], r["amount"]))
        if r["region"]:
            regions.add((r["document"], r["project"], r["region"]))
    return amounts, regions


def f1(gold, pred):
    tp = len(gold & pred)
    return 2 * tp / (len(gold) + len(pred)) if gold or pred else 0.0


def pair_scores(biaozhu, ds, pred, docs, gold_pairs):
    a, r = table_pairs(biaozhu, ds, pred, docs)
    return {"amount": f1(gold_pairs[0], a), "region": f1(gold_pairs[1], r),
            "predicted": [len(a), len(r)], "gold": [len(gold_pairs[0]), len(gold_pairs[1])]}


def system(biaozhu, ds, pred, docs, gold_pairs):
    return {"relations": relation_scores(biaozhu, ds, pred, docs),
            "pairs": pair_scores(biaozhu, ds, pred, docs, gold_pairs)}


def learned(biaozhu, ds, work, real, seed, extra_args):
    """One leave-one-out pass with `seed`: annotators links-S and e2e-S, and e2e-rules-S."""
    model = work / f"loo-{seed}.model"
    for d in real:
        run([biaozhu, "train", ds, "--annotator", "dev", "--exclude-docs", d, "--holdout", "0",
             "--seed", str(seed), "--out", model, *extra_args])
        run([biaozhu, "suggest", ds, "--model", model, "--docs", d, "--annotator", f"e2e-{seed}"])
        run([biaozhu, "suggest", ds, "--model", model, "--docs", d, "--link-spans-of", "dev",
             "--annotator", f"links-{seed}"])
    run([biaozhu, "suggest", ds, "--docs", ",".join(real), "--link-spans-of", f"e2e-{seed}",
         "--annotator", f"e2e-rules-{seed}"])


def flat(s):
    """The figures of one system, by name."""
    out = {}
    for matching in ["strict", "lenient"]:
        for k, v in s["relations"][matching].items():
            out[f"{matching} {k}"] = v
    out["pairs amount"] = s["pairs"]["amount"]
    out["pairs region"] = s["pairs"]["region"]
    return out


def cell(values):
    if len(values) == 1:
        return f"{values[0]:.3f}"
    return f"{statistics.mean(values):.3f} ({min(values):.3f}–{max(values):.3f})"


def report(rows, seeds):
    names = list(flat(next(iter(rows.values()))[0]).keys())
    print(f"## Relations, leave one document out on the five real articles (seeds {','.join(map(str, seeds))})\n")
    print("| system | " + " | ".join(names) + " |")
    print("|---|" + "---|" * len(names))
    for label, runs in rows.items():
        figures = [flat(s) for s in runs]
        print(f"| {label} | " + " | ".join(cell([f[n] for f in figures]) for n in names) + " |")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--biaozhu", default=ROOT / "target/debug/biaozhu", type=pathlib.Path)
    ap.add_argument("--corpus", default=ROOT.parent / "shared/corpus", type=pathlib.Path)
    ap.add_argument("--work", default=ROOT / "target/relation-scores", type=pathlib.Path)
    ap.add_argument("--seeds", default="1")
    ap.add_argument("--no-extra", action="store_true", help="train on the real articles only")
    ap.add_argument("--train-args", default="", help="extra arguments for `biaozhu train`")
    ap.add_argument("--json", type=pathlib.Path)
    args = ap.parse_args()
    if not args.corpus.is_dir():
        sys.exit(f"{args.corpus}: no corpus folder (give --corpus)")
    b = args.biaozhu
    args.work.mkdir(parents=True, exist_ok=True)
    ds = devset.build_devset(b, args.corpus, args.work)
    real = doc_ids(ds)
    if not args.no_extra:
        add_extra(b, ds, args.work)
    gold_pairs = table_pairs(b, ds, "dev", set(real))
    docs = ",".join(real)
    run([b, "suggest", ds, "--docs", docs])
    run([b, "suggest", ds, "--docs", docs, "--link-spans-of", "dev", "--annotator", "links-rules"])
    seeds = [int(s) for s in args.seeds.split(",")]
    rows = {
        "rules, links over gold spans": [system(b, ds, "links-rules", set(real), gold_pairs)],
        "rules, end to end": [system(b, ds, "model-rules", set(real), gold_pairs)],
        "learned links over gold spans": [],
        "learned spans + rules' links": [],
        "learned, end to end": [],
    }
    for seed in seeds:
        learned(b, ds, args.work, real, seed, args.train_args.split())
        rows["learned links over gold spans"].append(system(b, ds, f"links-{seed}", set(real), gold_pairs))
        rows["learned spans + rules' links"].append(system(b, ds, f"e2e-rules-{seed}", set(real), gold_pairs))
        rows["learned, end to end"].append(system(b, ds, f"e2e-{seed}", set(real), gold_pairs))
    report(rows, seeds)
    print(f"\ntraining documents per fold: 4 real articles"
          + ("" if args.no_extra else f" + {len(doc_ids(ds)) - len(real)} extra (sample, team-written)"))
    print(f"gold: {sum(1 for _ in gold_pairs[0])} (project, amount) pairs, {len(gold_pairs[1])} (project, region) pairs")
    if args.json:
        args.json.write_text(json.dumps({"seeds": seeds, "rows": rows}, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
