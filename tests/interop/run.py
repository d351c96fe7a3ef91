"""Proof by the real readers: exports a test dataset with the real biaozhu binary and loads
every export with the Python package its users load it with. Exit 1 on any mismatch.

The test dataset is the bundled sample (a nested span, spans after the astral character 𠮷)
plus a span across a line break added here. Checked:
- spaCy: spacy.blank("zh"), Doc.char_span(start, end, label, alignment_mode="strict") for every
  span of the jsonl export, none may be None; then a DocBin.
- seqeval: the conll and conll-bioes exports, with scheme given, have as many entities as the
  export kept spans (the outermost ones), and score 1.0 against themselves.
- HuggingFace datasets: load_dataset("json") with ClassLabel features from tags.json, offline.
- jsonschema: every jsonl line validates against schemas/record.schema.json.
- brat and CLUENER: every .ann T line's offsets cover its text; every CLUENER mention equals
  text[s:e+1]; every R line names a type of annotation.conf and T ids of its file of the types
  that relation joins.
- doccano: the relation JSONL shape (entities with integer ids, relations from_id/to_id/type
  pointing at them).

Run by .ci/run:  BIAOZHU_BIN=target/debug/biaozhu python tests/interop/run.py
"""
import json
import os
import pathlib
import shutil
import subprocess
import sys
import tempfile

ROOT = pathlib.Path(__file__).resolve().parents[2]
BIN = os.environ.get("BIAOZHU_BIN", str(ROOT / "target" / "debug" / "biaozhu"))
os.environ["HF_HUB_OFFLINE"] = "1"
os.environ["HF_DATASETS_OFFLINE"] = "1"

passed, failed = 0, []


def check(ok, what):
    global passed
    if ok:
        passed += 1
    else:
        failed.append(what)
        print("FAIL", what)


def run(*args):
    r = subprocess.run([BIN, *map(str, args)], capture_output=True, text=True)
    if r.returncode != 0:
        sys.exit(f"biaozhu {' '.join(map(str, args))} failed ({r.returncode}):\n{r.stdout}{r.stderr}")
    return r


def outermost(spans):
    kept, reach = [], 0
    for s in sorted(spans, key=lambda s: (s["start"], -s["end"], s["label"])):
        if not kept or s["start"] >= reach:
            kept.append(s)
            reach = s["end"]
    return kept


tmp = pathlib.Path(tempfile.mkdtemp(prefix="biaozhu-interop-"))
ds = tmp / "ds"
shutil.copytree(ROOT / "assets" / "sample", ds)

# A span across a line break, written the way another program would.
ann_path = ds / "annotations" / "sample" / "04-qidong-services.json"
ann = json.loads(ann_path.read_text(encoding="utf-8"))
doc = json.loads((ds / "documents" / "04-qidong-services.json").read_text(encoding="utf-8"))
nl = doc["text"].index("\n")
start, end = nl - 2, nl + 3
ann["spans"].append({"id": "s900", "start": start, "end": end, "label": "mechanism", "text": doc["text"][start:end], "attrs": {}})
ann_path.write_text(json.dumps(ann, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
run("validate", ds)

out = tmp / "out"
run("export", ds, "--format", "jsonl", "--out", out / "data.jsonl")
run("export", ds, "--format", "conll", "--out", out / "iob2.conll")
run("export", ds, "--format", "conll-bioes", "--out", out / "bioes.conll")
run("export", ds, "--format", "hf", "--out", out / "hf")
run("export", ds, "--format", "brat", "--out", out / "brat")
run("export", ds, "--format", "cluener", "--out", out / "cluener.json")
run("export", ds, "--format", "doccano", "--out", out / "doccano.jsonl")

records = [json.loads(l) for l in (out / "data.jsonl").read_text(encoding="utf-8").splitlines() if l.strip()]
all_spans = sum(len(r["spans"]) for r in records)
check(any("\n" in s["text"] for r in records for s in r["spans"]), "the test data has a span across a line break")
check(any(any(ord(c) > 0xFFFF for c in r["text"][: s["start"]]) for r in records for s in r["spans"]), "the test data has a span after an astral character")
check(any(o is not s and o["start"] <= s["start"] and s["end"] <= o["end"] for r in records for s in r["spans"] for o in r["spans"]), "the test data has a nested span")

# spaCy
import spacy
from spacy.tokens import DocBin

nlp = spacy.blank("zh")
docbin = DocBin()
none_spans = 0
for r in records:
    d = nlp.make_doc(r["text"])
    spans = []
    for s in r["spans"]:
        sp = d.char_span(s["start"], s["end"], label=s["label"], alignment_mode="strict")
        if sp is None or sp.text != s["text"]:
            none_spans += 1
        else:
            spans.append(sp)
    d.spans["sc"] = spans
    d.ents = spacy.util.filter_spans(spans)
    docbin.add(d)
check(none_spans == 0, f"spaCy char_span aligned every span strictly ({none_spans} of {all_spans} did not)")
docbin.to_disk(tmp / "train.spacy")
check(len(list(DocBin().from_disk(tmp / "train.spacy").get_docs(nlp.vocab))) == len(records), "spaCy DocBin round trip")
print(f"spaCy: {all_spans} spans over {len(records)} docs aligned with alignment_mode=strict")

# seqeval
from seqeval.metrics import f1_score
from seqeval.scheme import IOB2, IOBES, Entities


def read_conll(path):
    sentences, cur = [], []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("-DOCSTART-"):
            continue
        if not line.strip():
            if cur:
                sentences.append(cur)
                cur = []
            continue
        cur.append(line.split("\t")[1])
    if cur:
        sentences.append(cur)
    return sentences


kept = sum(len(outermost(r["spans"])) for r in records)
for name, scheme in [("iob2.conll", IOB2), ("bioes.conll", IOBES)]:
    tags = read_conll(out / name)
    n = sum(len(sentence) for sentence in Entities(tags, scheme).entities)
    check(n == kept, f"seqeval {name}: {n} entities with scheme {scheme.__name__}, the export kept {kept} spans")
    check(f1_score(tags, tags, mode="strict", scheme=scheme) == 1.0, f"seqeval {name} scores 1.0 against itself")
    print(f"seqeval: {name}: {n} entities ({all_spans - kept} nested spans left out, as the export warned)")

# HuggingFace datasets
from datasets import ClassLabel, Features, Sequence, Value, load_dataset

tag_names = json.loads((out / "hf" / "tags.json").read_text(encoding="utf-8"))
features = Features({"id": Value("string"), "tokens": Sequence(Value("string")), "ner_tags": Sequence(ClassLabel(names=tag_names))})
hf = load_dataset("json", data_files=str(out / "hf" / "data.jsonl"), features=features, split="train")
check(len(hf) == len(records), f"datasets loaded {len(hf)} rows for {len(records)} documents")
by_id = {r["id"]: r for r in records}
for row in hf:
    check(len(row["tokens"]) == len(by_id[row["id"]]["text"]), f"datasets {row['id']}: one token per code point")
hf_entities = 0
for row in hf:
    names = [tag_names[i] for i in row["ner_tags"]]
    hf_entities += sum(1 for t in names if t.startswith("B-"))
check(hf_entities == kept, f"datasets: {hf_entities} B- tags, the export kept {kept} spans")
print(f"datasets: {len(hf)} rows, ClassLabel with {len(tag_names)} tags")

# jsonschema
from jsonschema import Draft202012Validator

schema = json.loads((ROOT / "schemas" / "record.schema.json").read_text(encoding="utf-8"))
Draft202012Validator.check_schema(schema)
validator = Draft202012Validator(schema)
bad_lines = [e.message for r in records for e in validator.iter_errors(r)]
check(not bad_lines, f"every jsonl line validates against record.schema.json ({bad_lines[:1]})")
print(f"jsonschema: {len(records)} lines valid")

# brat
t_lines = 0
for ann_file in sorted((out / "brat").glob("*.ann")):
    text = ann_file.with_suffix(".txt").read_text(encoding="utf-8")
    for line in ann_file.read_text(encoding="utf-8").splitlines():
        if not line.startswith("T"):
            continue
        t_lines += 1
        _, type_offsets, covered = line.split("\t")
        fragments = [tuple(map(int, f.split())) for f in type_offsets.split(" ", 1)[1].split(";")]
        check(" ".join(text[a:b] for a, b in fragments) == covered, f"brat {ann_file.name}: {line}")
check(t_lines == all_spans, f"brat has {t_lines} T lines for {all_spans} spans")
print(f"brat: {t_lines} T lines cover their text")

# brat relations: every R line names a type of annotation.conf's [relations] and two T ids of its
# own file whose types are the ones the type declares (Arg1 and Arg2, as brat's own parser reads).
conf = (out / "brat" / "annotation.conf").read_text(encoding="utf-8")
rel_types = {}
section = None
for line in conf.splitlines():
    if line.startswith("["):
        section = line.strip("[]")
    elif section == "relations" and line and not line.startswith("<"):
        name, args = line.split("\t", 1)
        rel_types[name] = dict(a.strip().split(":", 1) for a in args.split(","))
all_relations = sum(len(r["relations"]) for r in records)
r_lines = 0
for ann_file in sorted((out / "brat").glob("*.ann")):
    t_types = {}
    lines = ann_file.read_text(encoding="utf-8").splitlines()
    for line in lines:
        if line.startswith("T"):
            tid, type_offsets, _ = line.split("\t")
            t_types[tid] = type_offsets.split(" ", 1)[0]
    for line in lines:
        if not line.startswith("R"):
            continue
        r_lines += 1
        rid, body = line.split("\t")
        kind, a1, a2 = body.split(" ")
        arg1, arg2 = a1.removeprefix("Arg1:"), a2.removeprefix("Arg2:")
        check(kind in rel_types, f"brat {ann_file.name}: {rid} type {kind} is in annotation.conf")
        check(arg1 in t_types and arg2 in t_types, f"brat {ann_file.name}: {rid} points at T ids of the file")
        if kind in rel_types and arg1 in t_types and arg2 in t_types:
            check((t_types[arg1], t_types[arg2]) == (rel_types[kind]["Arg1"], rel_types[kind]["Arg2"]),
                  f"brat {ann_file.name}: {rid} joins {t_types[arg1]} and {t_types[arg2]}")
check(r_lines == all_relations and all_relations > 0, f"brat has {r_lines} R lines for {all_relations} relations")
print(f"brat: {r_lines} R lines point at T ids of their file, typed as annotation.conf says")

# doccano relation JSONL (the shape doccano's relation-extraction project imports): `text`,
# `entities` of {id, label, start_offset, end_offset}, `relations` of {id, from_id, to_id, type}.
doccano_relations = 0
for line in (out / "doccano.jsonl").read_text(encoding="utf-8").splitlines():
    r = json.loads(line)
    check({"text", "entities", "relations"} <= set(r), f"doccano line keys {sorted(r)}")
    ids = set()
    for e in r["entities"]:
        check({"id", "label", "start_offset", "end_offset"} <= set(e), f"doccano entity {e}")
        check(isinstance(e["id"], int), f"doccano entity ids are integers: {e['id']!r}")
        ids.add(e["id"])
    for rel in r["relations"]:
        doccano_relations += 1
        check({"id", "from_id", "to_id", "type"} <= set(rel), f"doccano relation {rel}")
        check(rel["from_id"] in ids and rel["to_id"] in ids, f"doccano relation {rel} points at entities")
check(doccano_relations == all_relations, f"doccano has {doccano_relations} relations for {all_relations}")
print(f"doccano: {doccano_relations} relations point at entity ids")

# CLUENER
mentions = 0
for line in (out / "cluener.json").read_text(encoding="utf-8").splitlines():
    r = json.loads(line)
    for label, ms in r["label"].items():
        for mention, ranges in ms.items():
            for s, e in ranges:
                mentions += 1
                check(r["text"][s : e + 1] == mention, f"CLUENER {r['id']}: {mention} at [{s}, {e}]")
check(mentions == all_spans, f"CLUENER has {mentions} mentions for {all_spans} spans")
print(f"CLUENER: {mentions} mentions equal text[s:e+1]")

shutil.rmtree(tmp, ignore_errors=True)
print(f"interop: {passed} passed, {len(failed)} failed")
sys.exit(1 if failed else 0)
