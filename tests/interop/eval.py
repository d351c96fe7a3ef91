"""biaozhu eval against the reference implementations: nervaluate (all four schemas, overall and
per label, counts and scores) and seqeval (strict IOB2 on the CoNLL export). Gold is the bundled
sample; predictions are made from it with missed spans, boundary errors, label errors and spurious
spans. Every figure must be equal to 1e-9. Exit 1 on any mismatch.

Run by .ci/run:  BIAOZHU_BIN=target/debug/biaozhu python tests/interop/eval.py
"""
import json
import os
import pathlib
import shutil
import subprocess
import sys
import tempfile

from nervaluate import Evaluator
from seqeval.metrics import f1_score, precision_score, recall_score
from seqeval.scheme import IOB2

ROOT = pathlib.Path(__file__).resolve().parents[2]
BIN = os.environ.get("BIAOZHU_BIN", str(ROOT / "target" / "debug" / "biaozhu"))
LABELS = ["project", "amount", "region", "mechanism"]
passed, failed = 0, []


def check(ok, what):
    global passed
    if ok:
        passed += 1
    else:
        failed.append(what)
        print("FAIL", what)


def run(*args, ok=(0,)):
    r = subprocess.run([BIN, *map(str, args)], capture_output=True, text=True)
    if r.returncode not in ok:
        sys.exit(f"biaozhu {' '.join(map(str, args))} failed ({r.returncode}):\n{r.stdout}{r.stderr}")
    return r


def outermost(spans):
    kept, reach = [], 0
    for s in sorted(spans, key=lambda s: (s["start"], -s["end"], s["label"])):
        if not kept or s["start"] >= reach:
            kept.append(s)
            reach = s["end"]
    return kept


def perturb(record):
    """Predictions with every kind of error, made deterministically from the gold spans."""
    text, spans, out = record["text"], record["spans"], []
    for i, s in enumerate(spans):
        k = i % 7
        start, end, label = s["start"], s["end"], s["label"]
        if k == 0:
            continue  # missed
        if k == 1 and end - start > 1:
            end -= 1  # boundary error
        if k == 2:
            label = LABELS[(LABELS.index(label) + 1) % 4]  # label error
        if k == 3 and end < len(text) and "\n" not in text[start : end + 1]:
            start, end = start + 1, end + 1  # shifted
        out.append({"start": start, "end": end, "label": label})
    covered = set()
    for s in spans:
        covered.update(range(s["start"], s["end"]))
    added = 0
    for at in range(0, len(text) - 2, 37):
        if added < 3 and not covered.intersection(range(at, at + 2)) and "\n" not in text[at : at + 2]:
            out.append({"start": at, "end": at + 2, "label": LABELS[added % 4]})  # spurious
            added += 1
    unique = {(s["start"], s["end"], s["label"]): s for s in out}
    spans = sorted(unique.values(), key=lambda s: (s["start"], s["end"], s["label"]))
    return [dict(s, id=f"s{i + 1}", text=text[s["start"] : s["end"]], attrs={}) for i, s in enumerate(spans)]


def write_jsonl(path, records):
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")


tmp = pathlib.Path(tempfile.mkdtemp(prefix="biaozhu-eval-"))
ds = tmp / "ds"
shutil.copytree(ROOT / "assets" / "sample", ds)
run("export", ds, "--format", "jsonl", "--out", tmp / "gold.jsonl", "--annotator", "sample")
gold = [json.loads(l) for l in (tmp / "gold.jsonl").read_text(encoding="utf-8").splitlines()]
pred = [dict(r, spans=perturb(r), relations=[], annotator="pred") for r in gold]
write_jsonl(tmp / "pred.jsonl", pred)
gold_flat = [dict(r, spans=outermost(r["spans"]), relations=[], annotator="gold-flat") for r in gold]
pred_flat = [dict(r, spans=outermost(r["spans"]), relations=[], annotator="pred-flat") for r in pred]
write_jsonl(tmp / "gold-flat.jsonl", gold_flat)
write_jsonl(tmp / "pred-flat.jsonl", pred_flat)
for name in ["pred", "gold-flat", "pred-flat"]:
    run("import-annotations", ds, "--format", "jsonl", "--annotator", name, tmp / f"{name}.jsonl")


def ours(gold_src, pred_src):
    return json.loads(run("eval", "--gold", gold_src, "--pred", pred_src, "--format", "json").stdout)


def theirs(gold_records, pred_records):
    to_ents = lambda r: [{"label": s["label"], "start": s["start"], "end": s["end"] - 1} for s in sorted(r["spans"], key=lambda s: (s["start"], s["end"] - 1, s["label"]))]
    by_id = {r["id"]: r for r in pred_records}
    true = [to_ents(r) for r in gold_records]
    predicted = [to_ents(by_id[r["id"]]) if r["id"] in by_id else [] for r in gold_records]
    return Evaluator(true, predicted, tags=LABELS, loader="default").evaluate()


SCHEMA_NAMES = {"strict": "strict", "exact": "exact", "partial": "partial", "type": "ent_type"}


def compare(what, mine, ref):
    for schema, ref_name in SCHEMA_NAMES.items():
        a, b = mine[schema], ref[ref_name]
        for key, attr in [("cor", "correct"), ("inc", "incorrect"), ("par", "partial"), ("mis", "missed"), ("spu", "spurious")]:
            check(a[key] == getattr(b, attr), f"{what} {schema} {key}: ours {a[key]}, nervaluate {getattr(b, attr)}")
        for key in ["precision", "recall", "f1"]:
            check(abs(a[key] - getattr(b, key)) <= 1e-9, f"{what} {schema} {key}: ours {a[key]}, nervaluate {getattr(b, key)}")


ref = theirs(gold, pred)
for gold_src, pred_src in [(tmp / "gold.jsonl", tmp / "pred.jsonl"), (f"{ds}#sample", f"{ds}#pred")]:
    mine = ours(gold_src, pred_src)
    compare(f"overall ({gold_src})", mine["overall"], ref["overall"])
    for label in LABELS:
        if label in ref["entities"]:
            compare(f"{label} ({gold_src})", mine["labels"][label], ref["entities"][label])
counts = ours(tmp / "gold.jsonl", tmp / "pred.jsonl")["overall"]["strict"]
print(f"nervaluate: equal on 4 schemas x (overall + {len(ref['entities'])} labels); strict COR {counts['cor']} INC {counts['inc']} MIS {counts['mis']} SPU {counts['spu']}")

# seqeval, strict IOB2, on the CoNLL exports of the flat gold and predictions.
def conll_docs(path):
    docs, cur = {}, None
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("-DOCSTART-"):
            cur = line.split("\t")[0].split(" ", 1)[1]
            docs[cur] = []
        elif line.strip():
            docs[cur].append(line.split("\t")[1])
    return docs


run("export", ds, "--format", "conll", "--annotator", "gold-flat", "--out", tmp / "gold.conll")
run("export", ds, "--format", "conll", "--annotator", "pred-flat", "--out", tmp / "pred.conll")
g_docs, p_docs = conll_docs(tmp / "gold.conll"), conll_docs(tmp / "pred.conll")
ids = sorted(g_docs)
y_true, y_pred = [g_docs[i] for i in ids], [p_docs[i] for i in ids]
check(all(len(a) == len(b) for a, b in zip(y_true, y_pred)), "the two CoNLL exports have the same tokens")
mine = ours(f"{ds}#gold-flat", f"{ds}#pred-flat")["overall"]["strict"]
for key, fn in [("precision", precision_score), ("recall", recall_score), ("f1", f1_score)]:
    ref_value = fn(y_true, y_pred, mode="strict", scheme=IOB2)
    check(abs(mine[key] - ref_value) <= 1e-9, f"seqeval strict IOB2 {key}: ours {mine[key]}, seqeval {ref_value}")
print(f"seqeval: strict IOB2 P={mine['precision']:.6f} R={mine['recall']:.6f} F1={mine['f1']:.6f}, equal")

# The CI gate: --min-f1 fails below the threshold and passes at it.
r = run("eval", "--gold", tmp / "gold.jsonl", "--pred", tmp / "pred.jsonl", "--min-f1", "0.99", "--scheme", "strict", ok=(0, 1))
check(r.returncode == 1, "--min-f1 0.99 --scheme strict exits 1 on imperfect predictions")
r = run("eval", "--gold", tmp / "gold.jsonl", "--pred", tmp / "gold.jsonl", "--min-f1", "1.0", "--scheme", "strict", ok=(0, 1))
check(r.returncode == 0, "--min-f1 1.0 passes gold against itself")

shutil.rmtree(tmp, ignore_errors=True)
print(f"eval interop: {passed} passed, {len(failed)} failed")
sys.exit(1 if failed else 0)
