#!/usr/bin/env python3
"""The learned model against the rules on the dev set, honestly: leave one document out.

    python3 tests/interop/learn_eval.py [--biaozhu target/release/biaozhu] [--corpus ../shared/corpus]
        [--work target/learn-eval] [--json OUT.json] [--no-curve] [--train-args "..."]
        [--seeds 1,2,3,4] [--team-written]

Steps (all through the real binary): devset.py's dataset of the five corpus articles with the
independent annotation as `dev`; for each article THAT, `biaozhu train DS --annotator dev
--exclude-docs THAT --holdout 0 --out m` then `biaozhu suggest DS --model m --docs THAT
--annotator crf-loo`; after the five folds `biaozhu eval --gold DS#dev --pred DS#crf-loo` pools
the counts of the five held-out articles. The rules (`biaozhu suggest` without a model, which
learns nothing from the dev set) are scored on the same five articles. Then a learning curve over
the sample plus the dev set (nine articles, the sample's spans imported as `dev`): for each dev
article held out, train on the first k of the other eight (a fixed seeded order) and score the
held-out one; counts pooled over the five held-out articles. With `--seeds`, the leave-one-out
runs once per seed (`train --seed N`) and a table gives each seed's strict F1 per label, then the
mean and the range over the seeds (the curve is skipped). With `--warm`, each fold is also
trained as the app retrains after one more document: a model of the fold's documents but the last
(in id order), then `train --warm-from` it with `--changed-docs` that last one; the table gives
full and warm strict F1 per seed. (`--warm-min-docs 0` forces the warm start: by default a
dataset this small is trained afresh, as the app does.) With `--team-written`, the team-written
articles of tests/fixtures/team-written are imported as `dev` (status done) and are training data
in every fold, never held out or scored (as relation_scores.py uses them).
"""
import argparse
import json
import pathlib
import random
import shutil
import subprocess
import sys
import time

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
import devset  # noqa: E402

ROOT = devset.ROOT
LABELS = devset.LABELS


def run(cmd):
    return devset.run(cmd)


def doc_ids(ds):
    return sorted(p.stem for p in (ds / "documents").glob("*.json"))


# With --team-written: the real articles, the only ones scored.
SCORED = []


def scored_only(biaozhu, side):
    """`DS#annotator` as an export of the SCORED documents only (eval counts every document of
    the gold side, the team-written ones too)."""
    ds, annotator = side.rsplit("#", 1)
    out = pathlib.Path(ds).parent / f"scored-{annotator}.jsonl"
    run([biaozhu, "export", ds, "--format", "jsonl", "--out", out, "--annotator", annotator])
    lines = [l for l in out.read_text(encoding="utf-8").splitlines()
             if l.strip() and json.loads(l)["id"] in SCORED]
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return out


def span_eval(biaozhu, gold, pred):
    if SCORED:
        gold, pred = scored_only(biaozhu, str(gold)), scored_only(biaozhu, str(pred))
    return json.loads(run([biaozhu, "eval", "--gold", gold, "--pred", pred, "--format", "json"]))


TRAIN_ARGS = []


def loo(biaozhu, ds, work, annotator, docs, train_docs=None, tag="crf-loo"):
    """Leave-one-out over `docs`; returns seconds of training per fold."""
    times = []
    model = work / "loo.model"
    for d in docs:
        cmd = [biaozhu, "train", ds, "--annotator", annotator, "--holdout", "0", "--out", model]
        cmd += TRAIN_ARGS
        if train_docs is None:
            cmd += ["--exclude-docs", d]
        else:
            cmd += ["--docs", ",".join(train_docs(d))]
        t = time.perf_counter()
        run(cmd)
        times.append(time.perf_counter() - t)
        run([biaozhu, "suggest", ds, "--model", model, "--docs", d, "--annotator", tag])
    return times


def side_by_side(rules, learned, extra=None):
    head = "| label | rules strict | learned strict | rules partial | learned partial |"
    sep = "|---|---|---|---|---|"
    if extra:
        head += f" {extra[0]} strict | {extra[0]} partial |"
        sep += "---|---|"
    out = [head, sep]
    for label in ["overall"] + LABELS:
        def get(s):
            return s["overall"] if label == "overall" else s["labels"].get(label)
        r, l = get(rules), get(learned)
        row = (f"| {label} | {r['strict']['f1']:.3f} | {l['strict']['f1']:.3f} | "
               f"{r['partial']['f1']:.3f} | {l['partial']['f1']:.3f} |")
        if extra:
            e = extra[1].get(label, {})
            row += f" {e.get('strict', float('nan')):.3f} | {e.get('partial', float('nan')):.3f} |"
        out.append(row)
    return "\n".join(out)


def over_seeds(biaozhu, ds, work, docs, rules, seeds):
    """Leave-one-out once per seed: each seed's strict F1 per label, then mean and range."""
    extra = list(TRAIN_ARGS)
    rows = []
    for seed in seeds:
        TRAIN_ARGS[:] = extra + ["--seed", str(seed)]
        loo(biaozhu, ds, work, "dev", docs)
        rows.append((seed, span_eval(biaozhu, f"{ds}#dev", f"{ds}#crf-loo")))
    TRAIN_ARGS[:] = extra
    names = ["overall"] + LABELS

    def f1(s, label):
        return (s["overall"] if label == "overall" else s["labels"][label])["strict"]["f1"]
    print(f"## Leave one document out over seeds {','.join(map(str, seeds))} (strict F1)\n")
    print("| seed | " + " | ".join(names) + " |\n|---|" + "---|" * len(names))
    print("| rules | " + " | ".join(f"{f1(rules, n):.3f}" for n in names) + " |")
    for seed, s in rows:
        print(f"| {seed} | " + " | ".join(f"{f1(s, n):.3f}" for n in names) + " |")
    cells = []
    for n in names:
        v = [f1(s, n) for _, s in rows]
        cells.append(f"{sum(v) / len(v):.3f} ({min(v):.3f}–{max(v):.3f})")
    print("| mean (range) | " + " | ".join(cells) + " |")


def loo_warm(biaozhu, ds, work, docs, tag="crf-warm"):
    """Leave one document out, the model of each fold made as the app makes it after one more
    document: a model of the other documents but the last (in id order), then a warm start
    (`train --warm-from --changed-docs`) with that last one."""
    last, warm = work / "warm-last.model", work / "warm.model"
    for d in docs:
        others = [x for x in docs if x != d]
        run([biaozhu, "train", ds, "--annotator", "dev", "--holdout", "0", "--out", last,
             "--docs", ",".join(others[:-1])] + TRAIN_ARGS)
        run([biaozhu, "train", ds, "--annotator", "dev", "--holdout", "0", "--out", warm,
             "--exclude-docs", d, "--warm-from", last, "--changed-docs", others[-1],
             "--warm-min-docs", "0"] + TRAIN_ARGS)
        run([biaozhu, "suggest", ds, "--model", warm, "--docs", d, "--annotator", tag])


def warm_vs_full(biaozhu, ds, work, docs, seeds):
    """Per seed, leave-one-document-out strict F1 of full trainings and of warm starts."""
    extra = list(TRAIN_ARGS)
    names = ["overall"] + LABELS
    print("## Warm start against full training, leave one document out (strict F1)\n")
    print("| seed | training | " + " | ".join(names) + " |\n|---|---|" + "---|" * len(names))
    diffs = []
    for seed in seeds:
        TRAIN_ARGS[:] = extra + ["--seed", str(seed)]
        loo(biaozhu, ds, work, "dev", docs)
        full = span_eval(biaozhu, f"{ds}#dev", f"{ds}#crf-loo")
        loo_warm(biaozhu, ds, work, docs)
        warm = span_eval(biaozhu, f"{ds}#dev", f"{ds}#crf-warm")
        for kind, s in (("full", full), ("warm", warm)):
            cells = [(s["overall"] if n == "overall" else s["labels"][n])["strict"]["f1"] for n in names]
            print(f"| {seed} | {kind} | " + " | ".join(f"{c:.3f}" for c in cells) + " |")
        diffs.append(warm["overall"]["strict"]["f1"] - full["overall"]["strict"]["f1"])
    TRAIN_ARGS[:] = extra
    print(f"\nwarm minus full, overall: {', '.join(f'{x:+.3f}' for x in diffs)} "
          f"(mean {sum(diffs) / len(diffs):+.3f})")


def combined(biaozhu, ds, work):
    """Adds the sample's four articles to the dev dataset, their spans as `dev` (status done)."""
    sample = work / "sample-src"
    if sample.exists():
        shutil.rmtree(sample)
    shutil.copytree(ROOT / "assets/sample", sample)
    exported = work / "sample.jsonl"
    run([biaozhu, "export", sample, "--format", "jsonl", "--out", exported, "--annotator", "sample"])
    lines = []
    for line in exported.read_text(encoding="utf-8").splitlines():
        rec = json.loads(line)
        rec["status"] = "done"
        rec["annotator"] = "dev"
        lines.append(json.dumps(rec, ensure_ascii=False))
    exported.write_text("\n".join(lines) + "\n", encoding="utf-8")
    run([biaozhu, "import-annotations", ds, exported, "--format", "jsonl", "--annotator", "dev",
         "--create-documents"])


def add_team_written(biaozhu, ds, work):
    """The team-written articles (tests/fixtures/team-written), their spans as `dev` (status
    done): extra training data for every fold."""
    for src in sorted((ROOT / "tests/fixtures/team-written").glob("*.jsonl")):
        lines = []
        for line in src.read_text(encoding="utf-8").splitlines():
            if line.strip():
                rec = json.loads(line)
                rec["status"] = "done"
                rec["annotator"] = "dev"
                lines.append(json.dumps(rec, ensure_ascii=False))
        tmp = work / f"extra-{src.stem}.jsonl"
        tmp.write_text("\n".join(lines) + "\n", encoding="utf-8")
        run([biaozhu, "import-annotations", ds, tmp, "--format", "jsonl", "--annotator", "dev",
             "--create-documents"])


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--biaozhu", default=ROOT / "target/release/biaozhu", type=pathlib.Path)
    ap.add_argument("--corpus", default=ROOT.parent / "shared/corpus", type=pathlib.Path)
    ap.add_argument("--work", default=ROOT / "target/learn-eval", type=pathlib.Path)
    ap.add_argument("--json", type=pathlib.Path)
    ap.add_argument("--no-curve", action="store_true")
    ap.add_argument("--train-args", default="", help="extra arguments for `biaozhu train`, as one string")
    ap.add_argument("--seeds", help="run the leave-one-out once per seed, as 1,2,3,4, and summarise")
    ap.add_argument("--warm", action="store_true",
                    help="compare warm starts (train --warm-from) with full trainings, per seed")
    ap.add_argument("--team-written", action="store_true",
                    help="train every fold on the team-written articles too (never scored)")
    args = ap.parse_args()
    TRAIN_ARGS.extend(args.train_args.split())
    b = args.biaozhu
    args.work.mkdir(parents=True, exist_ok=True)
    ds = devset.build_devset(b, args.corpus, args.work)
    docs = doc_ids(ds)
    if args.team_written:
        add_team_written(b, ds, args.work)
        SCORED.extend(docs)
    run([b, "suggest", ds, "--docs", ",".join(docs)])
    rules = span_eval(b, f"{ds}#dev", f"{ds}#model-rules")
    if args.warm:
        warm_vs_full(b, ds, args.work, docs, [int(x) for x in (args.seeds or "1").split(",")])
        return
    if args.seeds:
        over_seeds(b, ds, args.work, docs, rules, [int(x) for x in args.seeds.split(",")])
        return
    times = loo(b, ds, args.work, "dev", docs)
    learned = span_eval(b, f"{ds}#dev", f"{ds}#crf-loo")
    print(f"## Leave one document out on the dev set ({len(docs)} articles, counts pooled)\n")
    print(side_by_side(rules, learned))
    print(f"\ntraining time per fold: {', '.join(f'{t:.2f}' for t in times)} s "
          f"(mean {sum(times) / len(times):.2f} s, release binary, includes loading)")
    result = {"rules": rules, "learned": learned, "train_seconds": times}
    if not args.no_curve:
        combined(b, ds, args.work)
        everything = doc_ids(ds)
        others = [d for d in everything if d not in docs]
        print(f"\n## Learning curve: sample + dev set ({len(everything)} articles); "
              "each dev article held out in turn, strict F1 pooled\n")
        print("| training documents | strict F1 | partial F1 |\n|---|---|---|")
        curve = []
        for k in [1, 2, 4, 6, 8]:
            def pick(held, k=k):
                pool = sorted(d for d in everything if d != held)
                random.Random(7).shuffle(pool)
                return pool[:k]
            tag = f"crf-curve-{k}"
            loo(b, ds, args.work, "dev", docs, train_docs=pick, tag=tag)
            s = span_eval(b, f"{ds}#dev", f"{ds}#{tag}")
            # eval pairs documents both sides have: the held-out dev articles only.
            curve.append({"k": k, "strict": s["overall"]["strict"]["f1"],
                          "partial": s["overall"]["partial"]["f1"], "documents": s["documents"]})
            print(f"| {k} | {s['overall']['strict']['f1']:.3f} | {s['overall']['partial']['f1']:.3f} |")
        result["curve"] = curve
        result["sample_documents"] = others
    if args.json:
        args.json.write_text(json.dumps(result, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
