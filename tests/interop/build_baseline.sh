#!/usr/bin/env bash
# Builds the format-1 biaozhu (commit d291243, the last before dataset format 2; the binary issue
# 10's "today" figures were measured with) into target/baseline/biaozhu-format1, for
# `BIAOZHU_BASELINE_BIN=target/baseline/biaozhu-format1 cargo bench --no-default-features --bench bulk`.
# It shares target/ (only the biaozhu crate is rebuilt), then restores nothing: the next cargo
# build of the working tree rebuilds the current binary.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
wt=$(mktemp -d)
git -C "$root" worktree add --detach "$wt" d291243 >/dev/null
trap 'git -C "$root" worktree remove --force "$wt"' EXIT
(cd "$wt" && CARGO_TARGET_DIR="$root/target" cargo build --release --no-default-features --bin biaozhu)
mkdir -p "$root/target/baseline"
cp "$root/target/release/biaozhu" "$root/target/baseline/biaozhu-format1"
echo "built $root/target/baseline/biaozhu-format1"
