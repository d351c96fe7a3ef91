#!/usr/bin/env bash
# biaozhu's label-studio export through a real Label Studio server and back:
#   1. target/ls-venv with label-studio==1.23.2 from PyPI (made once, reused while it has that version);
#   2. a copy of assets/sample in a temp folder, with span attributes added to a few spans (so the
#      result `meta` is covered; the sample already has relations, and relations are added here only
#      if it ever has none), checked with `biaozhu validate`;
#   3. `biaozhu export --format label-studio`;
#   4. tests/interop/label_studio_server.py: starts Label Studio on 127.0.0.1 with a throwaway data
#      dir, creates a project with our labeling_config.xml, imports our tasks through the API,
#      exports them through the API, compares span and relation results task by task, writes
#      Label Studio's export, and stops the server;
#   5. a fresh dataset (`biaozhu new --labels`, `biaozhu import` of the sample's sources), into which
#      `biaozhu import-annotations --format label-studio` reads Label Studio's export; then
#      `biaozhu export --format jsonl` of the fresh and of the original dataset must be equal
#      record by record, all fields but the document `meta` (import provenance: the fresh import
#      stamps `imported`, the sample's documents have none).
#
# The annotator: Label Studio keeps no annotator name of ours on the annotation (its export has
# `completed_by` = its own user id). When our export carries the name in the task's
# `meta.annotator`, Label Studio gives it back there (label_studio_server.py checks it equals
# ours), and step 5 imports under that name, so the `annotator` field of the records is compared
# for real. When it is absent, step 5 imports under the original annotator's name and says so.
#
# Exit 0 when all is equal, 1 on any difference or refusal. Run from anywhere:
#   bash tests/interop/check_label_studio_server.sh
# BIAOZHU (default target/debug/biaozhu) is the binary under test.
# Costs (2 cores): pip install about 100 s into a new venv (nothing when reused); the server's first
# start on a fresh data dir 45-60 s (database migrations); the rest a few seconds.
set -uo pipefail
cd "$(dirname "$0")/../.." || exit 2
ROOT=$PWD

LS_VERSION=1.23.2
VENV=target/ls-venv
BIAOZHU=${BIAOZHU:-target/debug/biaozhu}
case $BIAOZHU in /*) ;; *) BIAOZHU=$ROOT/$BIAOZHU ;; esac
[ -x "$BIAOZHU" ] || { echo "no biaozhu binary at $BIAOZHU (set BIAOZHU)" >&2; exit 2; }

now() { date +%s.%N; }
took() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f s", b - a }'; }
fail() { echo "FAIL: $*" >&2; exit 1; }

echo "== label-studio $LS_VERSION in $VENV"
have=$("$VENV/bin/python" -c 'import importlib.metadata as m; print(m.version("label-studio"))' 2>/dev/null || true)
if [ "$have" != "$LS_VERSION" ]; then
  t=$(now)
  python3 -m venv "$VENV" || exit 2
  "$VENV/bin/pip" install --quiet --disable-pip-version-check "label-studio==$LS_VERSION" || fail "pip install label-studio==$LS_VERSION"
  echo "installed in $(took "$t")"
else
  echo "reusing $VENV"
fi

TMP=$(mktemp -d "${TMPDIR:-/tmp}/biaozhu-ls-check.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
DS=$TMP/ds
cp -r assets/sample "$DS"

echo "== test dataset: assets/sample + span attributes (and relations, if the sample had none)"
python3 - "$DS" <<'PY' || exit 2
import json, pathlib, sys
ds = pathlib.Path(sys.argv[1])
files = sorted((ds / "annotations").glob("*/*.json"))
attrs = {
    "amount": {"value": 3500000000, "currency": "CNY", "qualifier": "approx", "note": "约 = approx"},
    "region": {"adcode": "320614", "canonical": "海门区", "ambiguous": False},
    "project": {"note": "一期"},
}
a = json.loads(files[0].read_text(encoding="utf-8"))
done = set()
for s in a["spans"]:
    if s["label"] in attrs and s["label"] not in done:
        s["attrs"] = attrs[s["label"]]
        done.add(s["label"])
files[0].write_text(json.dumps(a, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
print(f"attrs on {len(done)} spans of {files[0].name}")
if not any(json.loads(f.read_text(encoding="utf-8")).get("relations") for f in files):
    # Kinds from the sample's labels.ron: has_amount project->amount, located_in project->region.
    a = json.loads(files[0].read_text(encoding="utf-8"))
    first = lambda label: next(s["id"] for s in a["spans"] if s["label"] == label)
    a["relations"] = [
        {"id": "r1", "type": "has_amount", "from": first("project"), "to": first("amount")},
        {"id": "r2", "type": "located_in", "from": first("project"), "to": first("region")},
    ]
    files[0].write_text(json.dumps(a, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"added 2 relations to {files[0].name}")
PY
"$BIAOZHU" validate "$DS" >/dev/null || fail "biaozhu validate of the test dataset"

echo "== biaozhu export --format label-studio"
"$BIAOZHU" export "$DS" --format label-studio --out "$TMP/ours" --quiet || fail "biaozhu export --format label-studio"

echo "== Label Studio $LS_VERSION: import through the API, export through the API, compare"
t=$(now)
"$VENV/bin/python" tests/interop/label_studio_server.py --export-dir "$TMP/ours" --ls-export-out "$TMP/ls-export.json"
code=$?
echo "(server round trip: $(took "$t"))"
case $code in
  0) ;;
  3) fail "Label Studio $LS_VERSION refused biaozhu's label-studio export (message above)" ;;
  1) fail "Label Studio's export differs from ours (DIFF lines above)" ;;
  *) fail "the Label Studio round trip could not run (exit $code, message above)" ;;
esac

echo "== Label Studio's export back into a fresh dataset, compared with the original"
annotator=$(python3 - "$TMP/ls-export.json" <<'PY'
import json, sys
names = {(t.get("meta") or {}).get("annotator") for t in json.load(open(sys.argv[1], encoding="utf-8"))}
print(names.pop() if len(names) == 1 and None not in names else "")
PY
)
"$BIAOZHU" export "$DS" --format jsonl --out "$TMP/original.jsonl" --quiet || fail "biaozhu export --format jsonl (original)"
original=$(python3 -c 'import json,sys; print(json.loads(open(sys.argv[1], encoding="utf-8").readline())["annotator"])' "$TMP/original.jsonl")
if [ -n "$annotator" ]; then
  echo "annotator from Label Studio's export (task meta.annotator): $annotator"
else
  annotator=$original
  echo "note: Label Studio's export carries no annotator name (no task meta.annotator); importing as the original annotator, $annotator"
fi
FRESH=$TMP/fresh
"$BIAOZHU" new "$FRESH" --labels "$DS/labels.ron" >/dev/null || fail "biaozhu new"
"$BIAOZHU" import "$FRESH" "$DS/sources" --quiet >/dev/null || fail "biaozhu import of the sample's sources"
"$BIAOZHU" import-annotations "$FRESH" "$TMP/ls-export.json" --format label-studio --annotator "$annotator" \
  || fail "biaozhu import-annotations of Label Studio's export"
"$BIAOZHU" export "$FRESH" --format jsonl --out "$TMP/back.jsonl" --quiet || fail "biaozhu export --format jsonl (fresh)"
python3 - "$TMP/original.jsonl" "$TMP/back.jsonl" <<'PY'
import json, sys
load = lambda p: [json.loads(l) for l in open(p, encoding="utf-8") if l.strip()]
a, b = load(sys.argv[1]), load(sys.argv[2])
bad = []
if [r["id"] for r in a] != [r["id"] for r in b]:
    bad.append(f"documents: original {[r['id'] for r in a]}, back {[r['id'] for r in b]}")
for x, y in zip(a, b):
    for k in sorted((set(x) | set(y)) - {"meta"}):
        if x.get(k) != y.get(k):
            if isinstance(x.get(k), list) and isinstance(y.get(k), list):
                only_x = [e for e in x[k] if e not in y[k]]
                only_y = [e for e in y[k] if e not in x[k]]
                bad.append(f"{x['id']}: {k}: only in the original {only_x[:5]}, only after the trip {only_y[:5]}"
                           + ("" if only_x or only_y else " (same items, other order)"))
            else:
                what = "text" if k == "text" else f"{x.get(k)!r} -> {y.get(k)!r}"
                bad.append(f"{x['id']}: {k} differs: {what}")
spans = sum(len(r["spans"]) for r in a)
rels = sum(len(r.get("relations", [])) for r in a)
attrs = sum(1 for r in a for s in r["spans"] if s.get("attrs"))
for m in bad:
    print("DIFF", m)
print(f"jsonl after biaozhu -> Label Studio -> biaozhu: {len(a)} documents, {spans} spans ({attrs} with attrs), "
      f"{rels} relations; {len(bad)} differences")
sys.exit(1 if bad else 0)
PY
[ $? -eq 0 ] || fail "the dataset read back from Label Studio's export differs from the original (DIFF lines above)"
echo "label-studio server round trip: OK"
