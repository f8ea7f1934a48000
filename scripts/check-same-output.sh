#!/usr/bin/env bash
# Checks that a change left threadmod's output alone: the CSV that
# `threadmod export` writes for every file under the data folder and for
# generated benchmark threads (hit-dense and clean) must be byte-identical
# between a binary built before the change and the one built now, and the
# new binary must write the same bytes on one core as on all of them.
#
# Usage: scripts/check-same-output.sh BEFORE_BINARY [DATA_DIR]
#   BEFORE_BINARY  a threadmod binary built from the commit before the change
#                  (e.g. `git stash; cargo build --release; cp target/release/threadmod /tmp/before`)
#   DATA_DIR       default ../shared/data
# Exits 1 and lists the files whose output differs.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
before="${1:?usage: scripts/check-same-output.sh BEFORE_BINARY [DATA_DIR]}"
data="${2:-$here/../shared/data}"
cargo build --release --quiet --manifest-path "$here/Cargo.toml" --bin threadmod
after="$here/target/release/threadmod"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# Generated threads in the benchmark's layout: about one comment in five
# with an insult, and the same without them.
python3 "$here/scripts/gen-speed-thread.py" 20000 "$work/dense.txt"
python3 "$here/scripts/gen-speed-thread.py" 20000 "$work/clean.txt" --clean

# Every file, exported by both binaries; a file either refuses must be
# refused by both, with the same message.
export_csv() { # binary file out cores
  taskset -c "$4" "$1" export "$2" --no-labels -o "$3" > /dev/null 2> "$3.err" || echo "exit $?" >> "$3.err"
  # Messages name the binary's own path nowhere, but may name the output.
  sed -i "s|$3|OUT|g" "$3.err"
}
files=()
while IFS= read -r -d '' f; do files+=("$f"); done < <(find "$data" -type f -print0 | sort -z)
files+=("$work/dense.txt" "$work/clean.txt")
checked=0
differ=0
for f in "${files[@]}"; do
  export_csv "$before" "$f" "$work/before.csv" 0
  export_csv "$after" "$f" "$work/after.csv" 0
  export_csv "$after" "$f" "$work/after-all.csv" "0-$(($(nproc) - 1))"
  checked=$((checked + 1))
  for out in after after-all; do
    if ! cmp -s "$work/before.csv" "$work/$out.csv" 2> /dev/null \
      || ! cmp -s "$work/before.csv.err" "$work/$out.csv.err"; then
      echo "differs ($out): $f"
      differ=$((differ + 1))
    fi
  done
done
echo "$checked files checked, $differ differences"
[ "$differ" -eq 0 ]
