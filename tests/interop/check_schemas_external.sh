#!/usr/bin/env bash
# Validates the biaozhu dataset files of assets/sample and tests/fixtures/*/ against schemas/
# with two validators that are neither the binary's nor tests/interop/check_schemas.py's:
#   - check-jsonschema (PyPI; Python jsonschema underneath), in target/schema-venv;
#   - ajv-cli with ajv-formats (npm; ajv 8, JavaScript), in target/ajv.
# Files checked in each dataset folder: dataset.json against schemas/dataset.schema.json,
# documents/*.json against document.schema.json, annotations/*/*.json against
# annotation.schema.json. Exit 1 if any check fails, after running them all.
#
# Run from the repository root, no arguments:  bash tests/interop/check_schemas_external.sh
# Needs python3 (with venv) and, for ajv, node and npm: when they are missing it installs
# Debian's nodejs and npm with apt-get (as root; on Debian 12 that is node 18.20.4 and npm 9.2.0,
# 387 packages, about 3 minutes; with recommends it would be 643 packages and over 4.5 minutes).
#
# Flags that matter:
#   ajv: --spec=draft2020 (the schemas are draft 2020-12; without it ajv knows only draft-07 and
#        fails with: no schema with key or ref "https://json-schema.org/draft/2020-12/schema");
#        -c ./tests/interop/ajv-schemars-formats.cjs defines schemars' "uint"/"uint32"/"uint64"
#        formats, which ajv's strict mode otherwise rejects (unknown format "uint" ignored in
#        schema); the alternative, --strict=false, silently skips them. The schemas' $ids need
#        nothing else.
#   check-jsonschema: --schemafile picks the draft from the schema's $schema; it ignores formats
#        it does not know (uint*), so it checks types and ranges only.
set -uo pipefail
cd "$(dirname "$0")/../.." || exit 2

CHECK_JSONSCHEMA_VERSION=0.39.0
AJV_CLI_VERSION=5.0.0
AJV_FORMATS_VERSION=3.0.1
VENV=target/schema-venv
AJV_DIR=target/ajv
AJV_FORMATS_CJS=./tests/interop/ajv-schemars-formats.cjs

now() { date +%s.%N; }
took() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f s", b - a }'; }

echo "== check-jsonschema $CHECK_JSONSCHEMA_VERSION in $VENV"
if [ "$("$VENV/bin/check-jsonschema" --version 2>/dev/null)" != "check-jsonschema, version $CHECK_JSONSCHEMA_VERSION" ]; then
  t=$(now)
  python3 -m venv "$VENV" || exit 2
  "$VENV/bin/pip" install --quiet --disable-pip-version-check "check-jsonschema==$CHECK_JSONSCHEMA_VERSION" || exit 2
  echo "installed in $(took "$t")"
fi
"$VENV/bin/check-jsonschema" --version

echo "== node and npm"
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  t=$(now)
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq && apt-get install -y -qq --no-install-recommends nodejs npm >/dev/null || exit 2
  echo "installed nodejs and npm with apt-get in $(took "$t")"
fi
echo "node $(node --version), npm $(npm --version)"

echo "== ajv-cli $AJV_CLI_VERSION and ajv-formats $AJV_FORMATS_VERSION in $AJV_DIR"
AJV="$AJV_DIR/node_modules/.bin/ajv"
installed() { node -p "require('./$AJV_DIR/node_modules/$1/package.json').version" 2>/dev/null; }
if [ ! -x "$AJV" ] || [ "$(installed ajv-cli)" != "$AJV_CLI_VERSION" ] \
  || [ "$(installed ajv-formats)" != "$AJV_FORMATS_VERSION" ]; then
  t=$(now)
  mkdir -p "$AJV_DIR"
  npm install --prefix "$AJV_DIR" --no-audit --no-fund --loglevel=error \
    "ajv-cli@$AJV_CLI_VERSION" "ajv-formats@$AJV_FORMATS_VERSION" >/dev/null || exit 2
  echo "installed in $(took "$t")"
fi
echo "ajv-cli $(installed ajv-cli), ajv $(installed ajv), ajv-formats $(installed ajv-formats)"

passed=0
failed=0
failures=()

# check KIND FILE...: both validators on the files, against schemas/KIND.schema.json.
check() {
  local kind=$1
  shift
  local schema=schemas/$kind.schema.json
  local d args=()
  for d in "$@"; do args+=(-d "$d"); done
  if "$VENV/bin/check-jsonschema" --schemafile "$schema" "$@"; then
    passed=$((passed + 1))
  else
    failed=$((failed + 1))
    failures+=("check-jsonschema: $kind: $*")
  fi
  if "$AJV" validate --spec=draft2020 -c ajv-formats -c "$AJV_FORMATS_CJS" --all-errors \
    --errors=text -s "$schema" "${args[@]}"; then
    passed=$((passed + 1))
  else
    failed=$((failed + 1))
    failures+=("ajv: $kind: $*")
  fi
}

shopt -s nullglob
datasets=()
for d in assets/sample tests/fixtures/*/; do
  d=${d%/}
  if [ -f "$d/dataset.json" ] || [ -d "$d/documents" ] || [ -d "$d/annotations" ]; then
    datasets+=("$d")
  fi
done
if [ ${#datasets[@]} -eq 0 ]; then
  echo "no dataset folders found: run from the repository root" >&2
  exit 2
fi

for d in "${datasets[@]}"; do
  echo "== $d"
  if [ -f "$d/dataset.json" ] && grep -q '"format_version": 1,' "$d/dataset.json"; then
    # The frozen format-1 fixture: its dataset.json is the old shape on purpose (migrate's input);
    # its documents and annotations are unchanged in format 2 and are checked below.
    echo "$d/dataset.json is format_version 1 (kept for migrate's tests); not checked against format 2"
  elif [ -f "$d/dataset.json" ]; then
    check dataset "$d/dataset.json"
  else
    failed=$((failed + 1))
    failures+=("$d has no dataset.json")
  fi
  docs=("$d"/documents/*.json)
  anns=("$d"/annotations/*/*.json)
  if [ ${#docs[@]} -gt 0 ]; then check document "${docs[@]}"; fi
  if [ ${#anns[@]} -gt 0 ]; then check annotation "${anns[@]}"; fi
done

if [ ${#failures[@]} -gt 0 ]; then
  echo "== failed"
  printf '  %s\n' "${failures[@]}"
fi
echo "schemas-external: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
