"""Validates SARIF logs against the official SARIF 2.1.0 JSON Schema vendored in
tests/fixtures/sarif/ (see the README there), with Python's `jsonschema`. Beyond the schema it
asserts that the log's version is "2.1.0" and that it has at least one run (the schema allows an
empty `runs`, but a log without a run names no tool and no result). Exit 1 on any failure,
2 on bad usage.

    python tests/interop/check_sarif.py FILE.sarif...
    biaozhu validate --format sarif DIR | python tests/interop/check_sarif.py -

The validator class comes from the schema's own `$schema` (draft-07 for the vendored file).
Formats (`uri`, `uri-reference`, `date-time`) are checked only when jsonschema's optional format
packages are installed (`pip install 'jsonschema[format-nongpl]'`); with them, an
artifactLocation.uri must be percent-encoded (a space or a Chinese character in a path fails).
"""
import json
import pathlib
import sys

from jsonschema.exceptions import best_match
from jsonschema.validators import validator_for

ROOT = pathlib.Path(__file__).resolve().parents[2]
SCHEMA_PATH = ROOT / "tests" / "fixtures" / "sarif" / "sarif-schema-2.1.0.json"


def load_validator():
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    if "$schema" not in schema:
        sys.exit(f"{SCHEMA_PATH}: the vendored schema has no $schema keyword")
    cls = validator_for(schema, default=None)
    if cls is None:
        sys.exit(f"{SCHEMA_PATH}: jsonschema knows no validator for $schema {schema['$schema']!r}")
    cls.check_schema(schema)
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


def pointer(path):
    return "/" + "/".join(str(p) for p in path)


def describe(error):
    """One line per error; for anyOf/oneOf failures, why each branch failed (or the closest)."""
    line = f"{pointer(error.absolute_path)}: {error.message}"
    if error.context:
        subs = sorted({f"{pointer(e.absolute_path)}: {e.message}" for e in error.context})
        if len(subs) > 4:
            best = best_match(error.context)
            subs = [f"closest: {pointer(best.absolute_path)}: {best.message}"]
        line += " (" + "; ".join(subs) + ")"
    return line


def check(text, validator):
    """Returns the list of problems of one log, empty when it is valid."""
    try:
        log = json.loads(text)
    except json.JSONDecodeError as e:
        return [f"not JSON: {e}"]
    problems = [
        describe(e)
        for e in sorted(validator.iter_errors(log), key=lambda e: list(map(str, e.absolute_path)))
    ]
    if not isinstance(log, dict):
        return problems or ["the log is not a JSON object"]
    if log.get("version") != "2.1.0":
        problems.append(f"/version: expected \"2.1.0\", found {log.get('version')!r}")
    runs = log.get("runs")
    if not isinstance(runs, list) or not runs:
        problems.append("/runs: expected at least one run")
    return problems


def main(argv):
    if not argv or argv[0] in ("-h", "--help"):
        print(__doc__.strip(), file=sys.stderr)
        return 2
    validator = load_validator()
    passed = failed = 0
    for arg in argv:
        try:
            text = sys.stdin.read() if arg == "-" else pathlib.Path(arg).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as e:
            problems = [f"cannot read: {e}"]
        else:
            problems = check(text, validator)
        name = "<stdin>" if arg == "-" else arg
        if problems:
            failed += 1
            for p in problems:
                print(f"FAIL {name}: {p}")
        else:
            passed += 1
            print(f"ok   {name}")
    print(f"sarif: {passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
