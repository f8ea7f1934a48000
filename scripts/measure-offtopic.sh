#!/usr/bin/env bash
# Scores off_topic flags on the off-topic threads with the project's scorer.
# Usage: scripts/measure-offtopic.sh [../shared]
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
shared="${1:-$here/../shared}"
out="${TMPDIR:-/tmp}/threadmod-offtopic"
mkdir -p "$out"
cargo build --release --quiet --manifest-path "$here/Cargo.toml"
for f in "$shared"/data/offtopic/*.txt; do
  "$here/target/release/threadmod" export "$f" --no-labels -o "$out/$(basename "$f" .txt).csv" 2>/dev/null
done
python3 "$shared/tools/score_offtopic.py" "$shared/data/offtopic" "$out" | tail -1
