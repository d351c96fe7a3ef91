"""Proof by the real readers that a biaozhu release is a dataset training tools load in one line.

Makes releases with splits with the real biaozhu binary (BIAOZHU_BIN) of
- the bundled sample (spans after the astral character 𠮷, nested spans, relations), and
- a synthetic dataset of several hundred imported articles annotated by the rules
  (`biaozhu suggest`), with a licence (`biaozhu new --license CC-BY-4.0`),
then checks, against data.jsonl (the source of truth):
- Hugging Face datasets: load_dataset(<release dir>) picks up the card's configs and splits (the
  splits of release.json, with their document counts), its span label is the class label the card
  declares, and every split gives the same ids, texts, spans and offsets;
- pandas (pyarrow), polars and DuckDB read the Parquet shards and give the same rows;
- text[start:end] equals each span's text (offsets are code points);
- the Python in the card's "Loading" section runs as written (with the release's path).
Exit 1 on any mismatch.

Run by .ci/run:  BIAOZHU_BIN=target/debug/biaozhu target/interop-venv/bin/python tests/interop/release_readers.py
"""
import glob
import json
import os
import pathlib
import re
import shutil
import subprocess
import sys
import tempfile

ROOT = pathlib.Path(__file__).resolve().parents[2]
BIN = os.environ.get("BIAOZHU_BIN", str(ROOT / "target" / "debug" / "biaozhu"))
os.environ["HF_HUB_OFFLINE"] = "1"
os.environ["HF_DATASETS_OFFLINE"] = "1"

import datasets  # noqa: E402
import duckdb  # noqa: E402
import pandas as pd  # noqa: E402
import polars as pl  # noqa: E402

passed, failed = 0, []


def check(ok, what):
    global passed
    if ok:
        passed += 1
    else:
        failed.append(what)
        print(f"FAILED: {what}", file=sys.stderr)


def run(*args):
    r = subprocess.run([BIN, *map(str, args)], capture_output=True, text=True)
    if r.returncode != 0:
        sys.exit(f"biaozhu {' '.join(map(str, args))} exited {r.returncode}:\n{r.stdout}{r.stderr}")
    return r.stdout


def synthetic_articles(folder, n):
    """n short investment-news articles, deterministic."""
    places = ["南通开发区", "镇江新区", "如皋市", "海门区", "启东市", "吕四港经济开发区"]
    projects = ["智能制造产业园项目", "新能源电池生产基地", "储能材料产业化项目", "海工装备配套项目"]
    amounts = ["约1.2亿元", "20亿元", "超50亿元", "3000万美元", "8.6亿元"]
    mechanisms = ["拿地即开工", "容缺受理", "不见面审批", "首席服务员"]
    folder.mkdir(parents=True)
    for i in range(n):
        p, q = places[i % len(places)], places[(i // 3) % len(places)]
        proj, amt, mech = projects[i % 4], amounts[i % 5], mechanisms[(i // 2) % 4]
        text = (
            f"第{i}号新闻\n\n{p}{proj}总投资{amt}，近日正式开工。"
            f"项目位于{q}，当地推行{mech}，为企业提供全流程服务。"
            f"{'𠮷祥' if i % 7 == 0 else ''}{p}相关负责人表示，将进一步提升服务效能。\n"
        )
        (folder / f"news-{i:04d}.txt").write_text(text, encoding="utf-8")


def jsonl_rows(release):
    rows = {}
    for line in (release / "data.jsonl").read_text(encoding="utf-8").splitlines():
        r = json.loads(line)
        spans = [(s["start"], s["end"], s["label"], s["text"]) for s in r["spans"]]
        rows[r["id"]] = (r["text"], spans)
    return rows


def spans_of(spans, label_name=lambda x: x):
    return [(int(s["start"]), int(s["end"]), label_name(s["label"]), s["text"]) for s in spans]


def check_rows(reader, split, got, expected_ids, truth):
    check(sorted(got) == sorted(expected_ids), f"{reader} {split}: ids {sorted(got)[:5]}…")
    for id_, (text, spans) in got.items():
        check((text, spans) == truth[id_], f"{reader} {split}: record {id_} differs from data.jsonl")


def check_release(release):
    manifest = json.loads((release / "release.json").read_text(encoding="utf-8"))
    labels = [l["name"] for l in json.loads((release / "labels.json").read_text(encoding="utf-8"))["labels"]]
    truth = jsonl_rows(release)
    check(len(truth) == manifest["documents"], f"{release}: data.jsonl has every document")
    for text, spans in truth.values():
        for start, end, _, covered in spans:
            check(text[start:end] == covered, f"text[{start}:{end}] == {covered!r}")
    splits = {s["name"]: s for s in manifest["splits"]}
    for name, s in splits.items():
        for f in s["files"]:
            check(f in manifest["files"], f"{f} listed with its sha256")

    # Hugging Face datasets: the card's configs and splits.
    cache = tempfile.mkdtemp(prefix="hf-cache-")
    ds = datasets.load_dataset(str(release), cache_dir=cache)
    check(list(ds.keys()) == list(splits), f"datasets splits {list(ds.keys())} == {list(splits)}")
    by_split = {}
    for name, s in splits.items():
        part = ds[name]
        check(part.num_rows == s["documents"], f"datasets {name}: {part.num_rows} rows == {s['documents']}")
        label = part.features["spans"].feature["label"]
        check(label.names == labels, f"datasets {name}: class label names {label.names} == {labels}")
        got = {r["id"]: (r["text"], spans_of(r["spans"], label.int2str)) for r in part}
        by_split[name] = sorted(got)
        check_rows("datasets", name, got, by_split[name], truth)
    shutil.rmtree(cache, ignore_errors=True)
    all_ids = sorted(i for ids in by_split.values() for i in ids)
    check(all_ids == sorted(truth), "the splits together hold every document once")

    for name in splits:
        pattern = str(release / "data" / f"{name}-*.parquet")
        # pandas with pyarrow
        df = pd.concat(pd.read_parquet(f, engine="pyarrow") for f in sorted(glob.glob(pattern)))
        got = {r.id: (r.text, spans_of(r.spans)) for r in df.itertuples()}
        check_rows("pandas", name, got, by_split[name], truth)
        # polars
        pdf = pl.read_parquet(pattern)
        got = {r["id"]: (r["text"], spans_of(r["spans"])) for r in pdf.iter_rows(named=True)}
        check_rows("polars", name, got, by_split[name], truth)
        # DuckDB
        rows = duckdb.sql(f"SELECT id, text, spans FROM read_parquet('{pattern}')").fetchall()
        got = {id_: (text, spans_of(spans)) for id_, text, spans in rows}
        check_rows("duckdb", name, got, by_split[name], truth)
        check(
            duckdb.sql(f"SELECT count(*) FROM read_parquet('{pattern}')").fetchall()[0][0] == splits[name]["documents"],
            f"duckdb {name}: count(*)",
        )

    # The card's own loading code runs as written.
    card = (release / "README.md").read_text(encoding="utf-8")
    code = re.search(r"```python\n(.*?)```", card, re.S).group(1)
    code = code.replace(f"path/to/{manifest['version']}", str(release))
    scope = {}
    exec(compile(code, "README.md", "exec"), scope)
    check(scope["labels"] == labels, "the card's datasets snippet gives the label names")
    check(len(scope["df"]) == splits[next(iter(splits))]["documents"], "the card's polars snippet reads the first split")
    return manifest


def main():
    tmp = pathlib.Path(tempfile.mkdtemp(prefix="release-readers-"))
    try:
        sample = tmp / "sample"
        shutil.copytree(ROOT / "assets" / "sample", sample)
        run("release", sample, "v1", "-m", "sample", "--split", "train=0.5,validation=0.25,test=0.25")
        m = check_release(sample / "releases" / "v1")
        print(f"sample: {m['documents']} documents in {', '.join(s['name'] for s in m['splits'])}")

        synth = tmp / "synth"
        run("new", synth, "--license", "CC-BY-4.0")
        synthetic_articles(tmp / "articles", 400)
        run("import", synth, tmp / "articles", "--quiet")
        run("suggest", synth)
        run("release", synth, "v1", "--annotator", "model-rules", "--split", "train=0.8,validation=0.1,test=0.1")
        m = check_release(synth / "releases" / "v1")
        card = (synth / "releases" / "v1" / "README.md").read_text(encoding="utf-8")
        check("\nlicense: cc-by-4.0\n" in card, "the card's licence is the dataset's")
        print(f"synthetic: {m['documents']} documents, {sum(m['counts'].values())} spans, splits "
              + ", ".join(f"{s['name']} {s['documents']}" for s in m["splits"]))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print(f"release readers: {passed} passed, {len(failed)} failed")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
