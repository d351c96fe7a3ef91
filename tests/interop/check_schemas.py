"""Checks the committed JSON Schemas with Python's `jsonschema`, another validator than the one
the binary embeds: each schema is valid draft 2020-12, and every file of the bundled sample
dataset validates against its schema. Exit 1 on any failure.

Run by .ci/run in a virtual environment:  python tests/interop/check_schemas.py
"""
import json
import pathlib
import sys

from jsonschema import Draft202012Validator

ROOT = pathlib.Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "assets" / "sample"
KINDS = {
    "dataset": [SAMPLE / "dataset.json"],
    "document": sorted((SAMPLE / "documents").glob("*.json")),
    "annotation": sorted((SAMPLE / "annotations").rglob("*.json")),
}

failures = 0
checked = 0
for kind, files in KINDS.items():
    schema = json.loads((ROOT / "schemas" / f"{kind}.schema.json").read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    validator = Draft202012Validator(schema)
    assert files, f"no {kind} files in the sample"
    for f in files:
        checked += 1
        for error in validator.iter_errors(json.loads(f.read_text(encoding="utf-8"))):
            failures += 1
            print(f"FAIL {f.relative_to(ROOT)}:/{'/'.join(map(str, error.path))}: {error.message}")
    # The schema must also reject what the contract forbids.
    if kind == "annotation":
        bad = json.loads(files[0].read_text(encoding="utf-8"))
        bad["spans"][0]["id"] = "../x"
        bad["status"] = "finished"
        if validator.is_valid(bad):
            failures += 1
            print("FAIL the annotation schema accepts an unsafe span id and an unknown status")

print(f"schemas: {checked} passed, {failures} failed")
sys.exit(1 if failures else 0)
