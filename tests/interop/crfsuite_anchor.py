#!/usr/bin/env python3
"""The anchor for the learned model: sklearn-crfsuite (CRFsuite, L-BFGS with elastic net) on the
same leave-one-document-out folds of the dev set, with the character-window features of
`biaozhu train` that do not need biaozhu's own resources (characters at -2..+2, bigrams -2..+1,
trigrams -2..0, character types -1..+1, line start; no jieba, gazetteer, dictionary or rules),
one BIO chain per label as biaozhu does (so nested spans are learned), chains cut after a line
break or 。！？；. Its predictions are imported as annotator `crfsuite-loo` and scored by
`biaozhu eval`, so the numbers are comparable with learn_eval.py's.

    .venv-crf/bin/python tests/interop/crfsuite_anchor.py --dataset target/learn-eval/corpus \\
        [--biaozhu target/release/biaozhu]

Run learn_eval.py first (it builds the dataset); the venv needs `pip install sklearn-crfsuite`.
"""
import argparse
import json
import pathlib
import subprocess
import sys
import time
from importlib.metadata import version

import sklearn_crfsuite

LABELS = ["project", "amount", "region", "mechanism"]
ENDS = set("\n。！？；")


def ctype(c):
    if c.isdigit():
        return "digit"
    if c in "零〇一二三四五六七八九十百千万亿两萬億兩":
        return "cnum"
    if "\u4e00" <= c <= "\u9fff":
        return "han"
    if c.isascii() and c.isalpha():
        return "latin"
    if c.isspace():
        return "space"
    return "punct" if not c.isalnum() else "other"


def features(text, i):
    ch = lambda k: text[i + k] if 0 <= i + k < len(text) else ("<s>" if i + k < 0 else "</s>")
    f = {"bias": 1.0}
    for k in range(-2, 3):
        f[f"c[{k}]"] = ch(k)
    for k in range(-2, 2):
        f[f"b[{k}]"] = ch(k) + ch(k + 1)
    for k in range(-2, 1):
        f[f"t[{k}]"] = ch(k) + ch(k + 1) + ch(k + 2)
    f["type"] = "|".join(ctype(ch(k)) if len(ch(k)) == 1 else ch(k) for k in (-1, 0, 1))
    f["line_start"] = i == 0 or text[i - 1] == "\n"
    return f


def chains(text, keep=()):
    crossing = set()
    for s, e in keep:
        crossing.update(range(s + 1, e))
    out, start = [], 0
    for i, c in enumerate(text):
        if c in ENDS and (i + 1) not in crossing:
            out.append((start, i + 1))
            start = i + 1
    if start < len(text):
        out.append((start, len(text)))
    return out


def bio(n, spans):
    tags = ["O"] * n
    for s, e in sorted(spans, key=lambda x: (x[0], -x[1])):
        if any(t != "O" for t in tags[s:e]):
            continue
        tags[s] = "B"
        for k in range(s + 1, e):
            tags[k] = "I"
    return tags


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--dataset", required=True, type=pathlib.Path)
    ap.add_argument("--biaozhu", default="biaozhu")
    ap.add_argument("--annotator", default="dev")
    args = ap.parse_args()
    ds = args.dataset
    docs = {}
    for p in sorted((ds / "annotations" / args.annotator).glob("*.json")):
        ann = json.loads(p.read_text(encoding="utf-8"))
        doc = json.loads((ds / "documents" / p.name).read_text(encoding="utf-8"))
        docs[doc["id"]] = (doc, ann["spans"])
    ids = sorted(docs)
    cache = {d: [features(docs[d][0]["text"], i) for i in range(len(docs[d][0]["text"]))] for d in ids}
    lines, times = [], []
    for held in ids:
        t = time.perf_counter()
        models = {}
        for label in LABELS:
            X, y = [], []
            for d in ids:
                if d == held:
                    continue
                text, spans = docs[d][0]["text"], docs[d][1]
                ranges = [(s["start"], s["end"]) for s in spans if s["label"] == label]
                tags = bio(len(text), ranges)
                for s, e in chains(text, [(s["start"], s["end"]) for s in spans]):
                    X.append(cache[d][s:e])
                    y.append(tags[s:e])
            crf = sklearn_crfsuite.CRF(algorithm="lbfgs", c1=0.1, c2=0.1, max_iterations=100)
            crf.fit(X, y)
            models[label] = crf
        times.append(time.perf_counter() - t)
        doc = docs[held][0]
        text = doc["text"]
        found = []
        for label, crf in models.items():
            for s, e in chains(text):
                tags = crf.predict_single(cache[held][s:e])
                i = 0
                while i < len(tags):
                    if tags[i] == "B":
                        j = i + 1
                        while j < len(tags) and tags[j] == "I":
                            j += 1
                        found.append((s + i, s + j, label))
                        i = j
                    else:
                        i += 1
        found.sort()
        spans = [{"id": f"s{n + 1}", "start": s, "end": e, "label": l, "text": text[s:e], "attrs": {}}
                 for n, (s, e, l) in enumerate(found)]
        lines.append({"id": doc["id"], "text": text, "sha256": doc["sha256"], "meta": doc["meta"],
                      "spans": spans, "relations": [], "annotator": "crfsuite-loo", "status": "in_progress"})
    out = ds.parent / "crfsuite-loo.jsonl"
    out.write_text("".join(json.dumps(l, ensure_ascii=False) + "\n" for l in lines), encoding="utf-8")
    subprocess.run([args.biaozhu, "import-annotations", str(ds), str(out), "--format", "jsonl",
                    "--annotator", "crfsuite-loo"], check=True, capture_output=True)
    r = subprocess.run([args.biaozhu, "eval", "--gold", f"{ds}#{args.annotator}", "--pred",
                        f"{ds}#crfsuite-loo", "--format", "json"], check=True, capture_output=True, text=True)
    v = json.loads(r.stdout)
    print(f"## sklearn-crfsuite {version('sklearn-crfsuite')}, leave one document out ({len(ids)} folds, pooled)\n")
    print("| label | strict F1 | partial F1 |\n|---|---|---|")
    for label in ["overall"] + LABELS:
        s = v["overall"] if label == "overall" else v["labels"].get(label)
        print(f"| {label} | {s['strict']['f1']:.3f} | {s['partial']['f1']:.3f} |")
    print(f"\ntraining time per fold (4 label models): {', '.join(f'{t:.2f}' for t in times)} s "
          f"(mean {sum(times) / len(times):.2f} s)")
    json.dump({"eval": v, "train_seconds": times}, sys.stderr)


if __name__ == "__main__":
    main()
