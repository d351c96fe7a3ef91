"""Rebuilds the fallback faces in this folder from Hanazono Mincho (GlyphWiki) and Unihan.

The bundled main face (Droid Sans Fallback) has no glyph outside the Basic Multilingual Plane, so
CJK Extension B and later (for example 𠮷, U+20BB7) would draw as boxes. Hanazono covers those
blocks, but the whole of HanaMinB is 30 MB. This script keeps the characters that modern text uses:
every Extension B-F character that Unihan 15.0 gives a modern source for:

- kIICore (the International Ideographs Core), kHKSCS (Hong Kong), kTGH (the 2013 通用规范汉字表),
  kJIS0213 (Japanese), the Hong Kong and Macau IRG sources;
- the G (PRC) IRG sources from modern standards and registries: the ID-card system (GIDC), place
  names (GDM), personal names (GXM), the police registry (GPGLG), GB 18030 and its kin (GBK, G4K),
  and modern dictionaries (GCH, GCY, GHC, GXC, GJZ, GFZ, GGFZ, GKJ, GZH, GXH, GZA, GU, GWZ, GCYY,
  GFC, GXHZ, GGH, GLGYJ);
- 𠮷, which the bundled sample uses.

Historical dictionary sources (Kangxi GKX, Hanyu Da Zidian GHZ) and the Zhuang sources are left out:
they are 90% of the block and rare in news text. From HanaMinA it keeps the BMP ideographs that
Droid Sans Fallback lacks (U+9FA6 onwards) and the arrows and marks the app's chrome uses.

Run on Debian with: apt-get download fonts-hanazono unicode-data, unpack both with dpkg-deb -x into
DIR, then `python3 make_fallback.py DIR` with fontTools installed (pip install fonttools).
"""

import bz2
import collections
import subprocess
import sys
from pathlib import Path

from fontTools.ttLib import TTFont

MODERN_G = {
    "GIDC", "GDM", "GXM", "GPGLG", "GLGYJ", "GGH", "GCH", "GCY", "GHC", "GBK", "G4K", "GXC",
    "GJZ", "GFZ", "GGFZ", "GKJ", "GZH", "GXH", "GZA", "GU", "GWZ", "GCYY", "GFC", "GXHZ",
}
MODERN_FIELDS = ["kIICore", "kHKSCS", "kTGH", "kJIS0213", "kIRG_HSource", "kIRG_MSource"]
CHROME = "→←↑↓⇧⌘…✓✗"


def unihan(root: Path) -> dict:
    fields = collections.defaultdict(dict)
    for name in ["OtherMappings", "IRGSources"]:
        path = root / "usr/share/unicode" / f"Unihan_{name}.txt.bz2"
        for line in bz2.open(path, "rt", encoding="utf-8"):
            if line.startswith("#") or not line.strip():
                continue
            cp, key, value = line.rstrip("\n").split("\t", 2)
            fields[key][int(cp[2:], 16)] = value
    return fields


def subset(source: Path, codepoints: set, out: Path) -> int:
    listing = out.with_suffix(".codepoints")
    listing.write_text("\n".join(f"U+{c:X}" for c in sorted(codepoints)) + "\n")
    subprocess.run(
        [sys.executable, "-m", "fontTools.subset", str(source), f"--unicodes-file={listing}",
         f"--output-file={out}", "--no-hinting", "--desubroutinize"],
        check=True,
    )
    listing.unlink()
    return len(TTFont(out).getBestCmap())


def main() -> None:
    root = Path(sys.argv[1])
    here = Path(__file__).parent
    fonts = root / "usr/share/fonts/truetype/hanazono"
    fields = unihan(root)
    wanted = {0x20BB7}
    for key in MODERN_FIELDS:
        wanted |= {c for c in fields[key] if c >= 0x20000}
    wanted |= {c for c, v in fields["kIRG_GSource"].items()
               if c >= 0x20000 and v.split("-")[0] in MODERN_G}
    n = subset(fonts / "HanaMinB.ttf", wanted, here / "HanaMinB-modern.ttf")
    print(f"HanaMinB-modern.ttf: {n} of {len(wanted)} chosen characters have a glyph")
    droid = TTFont(here / "DroidSansFallbackFull.ttf").getBestCmap()
    bmp = {c for c in range(0x4E00, 0xA000) if c not in droid} | {ord(c) for c in CHROME}
    n = subset(fonts / "HanaMinA.ttf", bmp, here / "HanaMinA-extra.ttf")
    print(f"HanaMinA-extra.ttf: {n} characters")


if __name__ == "__main__":
    main()
