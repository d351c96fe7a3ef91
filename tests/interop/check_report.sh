#!/usr/bin/env bash
# `biaozhu report` in a real SVG renderer: Debian's rsvg-convert (librsvg2-bin) draws each chart
# to PNG, and a small pure-Python PNG reader (zlib only; PIL is not needed) checks that no
# picture is blank: at least 3 distinct colours and at least 1% of the pixels not white. The
# dataset is assets/sample plus a second annotator (the sample's spans with every fifth left out
# and rejected instead, other days, recorded time) and the rule extractor's suggestions, so every
# chart has data. A one-annotator dataset's agreement chart, which has none, must render too
# and say so (its title and frame: 2 colours or more). index.html must show all six charts with
# no script and no network address.
#
# Run from anywhere:  BIAOZHU_BIN=target/debug/biaozhu bash tests/interop/check_report.sh
# When rsvg-convert is missing it installs librsvg2-bin with apt-get (as root).
set -euo pipefail
cd "$(dirname "$0")/../.."
BIN=${BIAOZHU_BIN:-target/debug/biaozhu}
WORK=target/report-check

if ! command -v rsvg-convert >/dev/null 2>&1; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq librsvg2-bin >/dev/null
fi
rsvg-convert --version

rm -rf "$WORK"
mkdir -p "$WORK"
cp -r assets/sample "$WORK/team"
cp -r assets/sample "$WORK/alone"
python3 - "$WORK/team" <<'PY'
import json, pathlib, sys
ds = pathlib.Path(sys.argv[1])
to = ds / "annotations" / "reviewer"
to.mkdir()
def effort(seconds):
    return {"active_seconds": seconds, "spans_by_hand": 3, "suggestions_accepted": 2,
            "suggestions_accepted_then_changed": 0, "suggestions_rejected": 1,
            "suggestions_shown": True}
for k, f in enumerate(sorted((ds / "annotations" / "sample").glob("*.json"))):
    a = json.loads(f.read_text(encoding="utf-8"))
    a["updated"] = f"2026-11-{20 + k:02d}T10:00:00Z"
    a["effort"] = effort(90 + 45 * k)
    f.write_text(json.dumps(a, ensure_ascii=False, indent=2), encoding="utf-8")
    spans = a["spans"]
    a["annotator"] = "reviewer"
    a["spans"] = [s for i, s in enumerate(spans) if i % 5 != 4]
    a["rejected"] = [{"start": s["start"], "end": s["end"], "label": s["label"]}
                     for i, s in enumerate(spans) if i % 5 == 4]
    a["relations"] = []
    a["status"] = "done" if k % 2 == 0 else "reviewed"
    a["updated"] = f"2026-11-{21 + k:02d}T15:00:00+08:00"
    a["effort"] = effort(200 + 30 * k)
    (to / f.name).write_text(json.dumps(a, ensure_ascii=False, indent=2), encoding="utf-8")
PY
"$BIN" suggest "$WORK/team" >/dev/null
"$BIN" report "$WORK/team" --out "$WORK/team-report"
"$BIN" report "$WORK/alone" --out "$WORK/alone-report" >/dev/null

CHARTS="progress statuses spans_per_label agreement suggestions time_per_document"
for c in $CHARTS; do
  rsvg-convert -o "$WORK/team-report/$c.png" "$WORK/team-report/$c.svg"
done
rsvg-convert -o "$WORK/alone-report/agreement.png" "$WORK/alone-report/agreement.svg"

python3 - "$WORK" $CHARTS <<'PY'
import pathlib, struct, sys, zlib

def pixels(path):
    """The pixels of an 8-bit PNG (grey, grey+alpha, RGB or RGBA; not interlaced) as tuples."""
    data = pathlib.Path(path).read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", f"{path}: not a PNG"
    pos, idat, header = 8, b"", None
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos:pos + 4])
        kind, body = data[pos + 4:pos + 8], data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    width, height, depth, colour, _, _, interlace = header
    assert depth == 8 and interlace == 0, f"{path}: bit depth {depth}, interlace {interlace}"
    channels = {0: 1, 2: 3, 4: 2, 6: 4}[colour]
    raw = zlib.decompress(idat)
    stride = width * channels
    rows, previous = [], bytearray(stride)
    for y in range(height):
        start = y * (stride + 1)
        kind, line = raw[start], bytearray(raw[start + 1:start + 1 + stride])
        for i in range(stride):
            left = line[i - channels] if i >= channels else 0
            up = previous[i]
            corner = previous[i - channels] if i >= channels else 0
            if kind == 1:
                line[i] = (line[i] + left) & 255
            elif kind == 2:
                line[i] = (line[i] + up) & 255
            elif kind == 3:
                line[i] = (line[i] + (left + up) // 2) & 255
            elif kind == 4:
                p = left + up - corner
                pa, pb, pc = abs(p - left), abs(p - up), abs(p - corner)
                pred = left if pa <= pb and pa <= pc else up if pb <= pc else corner
                line[i] = (line[i] + pred) & 255
        rows.append(bytes(line))
        previous = line
    for line in rows:
        for x in range(width):
            yield tuple(line[x * channels:(x + 1) * channels])

def look(path):
    seen, total, ink = set(), 0, 0
    for p in pixels(path):
        seen.add(p)
        total += 1
        if p[:3] != (255, 255, 255) and (len(p) % 2 == 1 or p[-1] != 0):
            ink += 1
    return len(seen), ink / total

work, charts = pathlib.Path(sys.argv[1]), sys.argv[2:]
failed = []
for c in charts:
    colours, share = look(work / "team-report" / f"{c}.png")
    print(f"{c}.png: {colours} colours, {share:.1%} not white")
    if colours < 3 or share < 0.01:
        failed.append(f"{c}.png is blank")
    svg = (work / "team-report" / f"{c}.svg").read_text(encoding="utf-8")
    if ": no data" in svg:
        failed.append(f"{c}.svg says it has no data")
colours, share = look(work / "alone-report" / "agreement.png")
print(f"one annotator, agreement.png: {colours} colours, {share:.1%} not white")
if colours < 2:
    failed.append("the one-annotator agreement.png is blank")
if ": no data" not in (work / "alone-report" / "agreement.svg").read_text(encoding="utf-8"):
    failed.append("the one-annotator agreement.svg does not say it has no data")
index = (work / "team-report" / "index.html").read_text(encoding="utf-8")
for c in charts:
    if f'<img src="{c}.svg"' not in index:
        failed.append(f"index.html does not show {c}.svg")
if "<script" in index or "http" in index:
    failed.append("index.html has a script or a network address")
if failed:
    sys.exit("\n".join(failed))
print("report: every chart drawn by rsvg-convert, none blank")
PY
