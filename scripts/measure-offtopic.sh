#!/usr/bin/env bash
# Scores off_topic flags with the project's scorer, with the built-in rules:
# on the shipped off-topic threads and on transplant threads built from the
# real pages (scripts/build-transplant-threads.py, into a temporary folder:
# they hold other people's text). Then tunes the wall rule with
# leave-one-page-out and prints the held-out figures and the per-thread
# table (scripts/offtopic-leave-one-out.py).
# Usage: scripts/measure-offtopic.sh [../shared]
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
shared="${1:-$here/../shared}"
out="${TMPDIR:-/tmp}/threadmod-offtopic"
own="${TMPDIR:-/tmp}/threadmod-transplants"
mkdir -p "$out/shipped" "$out/own"
cargo build --release --quiet --manifest-path "$here/Cargo.toml"
python3 "$here/scripts/build-transplant-threads.py" "$shared/data/threads" "$own"
score() { # truth folder, csv folder
  for f in "$1"/*.txt; do
    "$here/target/release/threadmod" export "$f" --no-labels -o "$2/$(basename "$f" .txt).csv" 2>/dev/null
  done
  python3 "$shared/tools/score_offtopic.py" "$1" "$2" | tail -1
}
echo "built-in rules, shipped threads:     $(score "$shared/data/offtopic" "$out/shipped")"
echo "built-in rules, transplant threads:  $(score "$own" "$out/own")"
python3 "$here/scripts/offtopic-leave-one-out.py" --shared "$shared" --own "$own" --table
