"""Checks the independent dev-set annotation (tests/fixtures/devset/corpus-annotations.json)
against a biaozhu dataset that holds the imported corpus (../shared/corpus). Standard library only.

    rm -rf /tmp/devset-ds && biaozhu new /tmp/devset-ds \
        && biaozhu import /tmp/devset-ds ../shared/corpus/0*.txt
    python tests/interop/check_devset.py /tmp/devset-ds [ANNOTATIONS.json]

For every annotated document: a document in DATASET/documents/ has that sha256 (the sha256 of the
imported text, UTF-8), the same code-point length and, when the dataset records it, the same source
file name. For every span: a unique id, spans sorted by start, 0 <= start < end <= chars,
text[start:end] equals the stored covered text, the stored before/after context (at most 3 code
points each) equals the text around the span, the label is one of project, amount, region,
mechanism, and the span neither starts nor ends with whitespace, punctuation, quote marks or
brackets (guidelines section 1). For every relation: a unique id, both ends name spans of the same
document, and the type fits: has_amount project->amount, located_in project->region,
uses project->mechanism.

The file stores only offsets, labels and up to 3 code points of context, never the articles' text,
so a mismatch usually means the importer's cleanup changed; re-annotate against the new text
rather than shifting offsets blindly. Exit 0 when all is well, 1 with one line per problem,
2 on bad usage.
"""
import hashlib
import json
import pathlib
import sys
import unicodedata

ROOT = pathlib.Path(__file__).resolve().parents[2]
DEFAULT_ANNOTATIONS = ROOT / "tests" / "fixtures" / "devset" / "corpus-annotations.json"
LABELS = {"project", "amount", "region", "mechanism"}
RELATION_TYPES = {
    "has_amount": ("project", "amount"),
    "located_in": ("project", "region"),
    "uses": ("project", "mechanism"),
}
CONTEXT = 3
# Quote marks and brackets named in the guidelines, plus ASCII/full-width punctuation in general.
EDGE_CHARS = set("“”‘’「」『』《》〈〉()（）[]【】{}\"'")


def bad_edge(ch):
    return ch.isspace() or ch in EDGE_CHARS or unicodedata.category(ch).startswith("P")


def load_dataset(dataset):
    docs_dir = dataset / "documents"
    if not docs_dir.is_dir():
        return None
    by_sha = {}
    for path in sorted(docs_dir.glob("*.json")):
        doc = json.loads(path.read_text(encoding="utf-8"))
        text = doc.get("text")
        if not isinstance(text, str):
            continue
        sha = hashlib.sha256(text.encode("utf-8")).hexdigest()
        stored = doc.get("sha256")
        meta = doc.get("meta") or {}
        source = meta.get("source_file") or meta.get("source")
        entry = {"path": path, "text": text, "source": source, "stored_sha": stored}
        by_sha[sha] = entry
        if stored and stored != sha:
            # Still findable by the stored hash, but flagged below when used.
            by_sha.setdefault(stored, entry)
    return by_sha


def check(annotations, by_sha):
    problems = []
    docs = annotations.get("documents")
    if not isinstance(docs, list) or not docs:
        return ["annotations: no documents"]
    seen_sha = set()
    for di, adoc in enumerate(docs):
        where = f"documents[{di}] ({adoc.get('source', '?')})"
        sha = adoc.get("sha256")
        if sha in seen_sha:
            problems.append(f"{where}: sha256 {sha} annotated twice")
        seen_sha.add(sha)
        entry = by_sha.get(sha)
        if entry is None:
            problems.append(f"{where}: no document in the dataset has sha256 {sha} "
                            "(was the corpus imported with this importer version?)")
            continue
        text = entry["text"]
        real_sha = hashlib.sha256(text.encode("utf-8")).hexdigest()
        if real_sha != sha:
            problems.append(f"{where}: {entry['path'].name} stores sha256 {sha} but its text "
                            f"hashes to {real_sha}")
        if adoc.get("chars") != len(text):
            problems.append(f"{where}: chars is {adoc.get('chars')}, imported text has {len(text)}")
        if entry["source"] and adoc.get("source") and entry["source"] != adoc["source"]:
            problems.append(f"{where}: dataset document {entry['path'].name} comes from "
                            f"{entry['source']!r}, annotation says {adoc['source']!r}")

        spans = {}
        last_start = -1
        for si, span in enumerate(adoc.get("spans", [])):
            sid = span.get("id")
            sw = f"{where} span {sid or '#' + str(si)}"
            if not sid:
                problems.append(f"{sw}: missing id")
            elif sid in spans:
                problems.append(f"{sw}: duplicate id")
            spans[sid] = span
            label = span.get("label")
            if label not in LABELS:
                problems.append(f"{sw}: label {label!r} is not one of {sorted(LABELS)}")
            start, end = span.get("start"), span.get("end")
            if not (isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(text)):
                problems.append(f"{sw}: bad offsets {start}..{end} (text has {len(text)} code points)")
                continue
            if start < last_start:
                problems.append(f"{sw}: spans not sorted by start ({start} after {last_start})")
            last_start = start
            covered = text[start:end]
            if covered != span.get("text"):
                problems.append(f"{sw} [{start},{end}) {label}: covers {covered!r}, "
                                f"annotation expects {span.get('text')!r}")
                continue
            before, after = text[max(0, start - CONTEXT):start], text[end:end + CONTEXT]
            for key, actual in (("before", before), ("after", after)):
                want = span.get(key)
                if want is None:
                    problems.append(f"{sw}: missing {key}")
                elif len(want) > CONTEXT:
                    problems.append(f"{sw}: {key} context longer than {CONTEXT} code points")
                elif want != actual:
                    problems.append(f"{sw} {covered!r}: {key} is {actual!r} in the text, "
                                    f"annotation expects {want!r}")
            if bad_edge(covered[0]) or bad_edge(covered[-1]):
                problems.append(f"{sw} {covered!r}: starts or ends with whitespace, punctuation, "
                                "a quote mark or a bracket")

        rel_ids = set()
        for ri, rel in enumerate(adoc.get("relations", [])):
            rid = rel.get("id")
            rw = f"{where} relation {rid or '#' + str(ri)}"
            if not rid:
                problems.append(f"{rw}: missing id")
            elif rid in rel_ids:
                problems.append(f"{rw}: duplicate id")
            rel_ids.add(rid)
            rtype = rel.get("type")
            if rtype not in RELATION_TYPES:
                problems.append(f"{rw}: type {rtype!r} is not one of {sorted(RELATION_TYPES)}")
                continue
            src, dst = spans.get(rel.get("from")), spans.get(rel.get("to"))
            if src is None or dst is None:
                missing = [k for k, v in (("from", src), ("to", dst)) if v is None]
                problems.append(f"{rw}: {', '.join(missing)} names no span of this document "
                                f"({rel.get('from')!r} -> {rel.get('to')!r})")
                continue
            want_from, want_to = RELATION_TYPES[rtype]
            if (src.get("label"), dst.get("label")) != (want_from, want_to):
                problems.append(f"{rw}: {rtype} must go {want_from} -> {want_to}, got "
                                f"{src.get('label')} {rel['from']} -> {dst.get('label')} {rel['to']}")
    return problems


def main(argv):
    if len(argv) not in (2, 3) or argv[1] in ("-h", "--help"):
        print(__doc__, file=sys.stderr)
        return 2
    dataset = pathlib.Path(argv[1])
    ann_path = pathlib.Path(argv[2]) if len(argv) == 3 else DEFAULT_ANNOTATIONS
    try:
        annotations = json.loads(ann_path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as e:
        print(f"usage error: cannot read {ann_path}: {e}", file=sys.stderr)
        return 2
    by_sha = load_dataset(dataset)
    if by_sha is None:
        print(f"usage error: {dataset / 'documents'} is not a directory (expected a biaozhu dataset)",
              file=sys.stderr)
        return 2
    problems = check(annotations, by_sha)
    if problems:
        for p in problems:
            print(f"check_devset: {p}", file=sys.stderr)
        print(f"check_devset: FAILED, {len(problems)} problem(s) in {ann_path}", file=sys.stderr)
        return 1
    docs = annotations["documents"]
    n_spans = sum(len(d.get("spans", [])) for d in docs)
    n_rels = sum(len(d.get("relations", [])) for d in docs)
    print(f"check_devset: ok, {len(docs)} documents, {n_spans} spans, {n_rels} relations "
          f"match {dataset}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
