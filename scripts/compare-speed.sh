#!/usr/bin/env bash
# Times `threadmod export` of a binary built before a change against the
# one built now, in alternating runs on one core, so that both see the same
# machine state: this machine's speed drifts from hour to hour by more than
# most changes gain, and only runs side by side tell them apart.
#
# Usage: scripts/compare-speed.sh BEFORE_BINARY [RUNS] [FILES...]
#   BEFORE_BINARY  a threadmod binary built from the commit before the change
#   RUNS           runs per binary and file (default 5); the median is shown
#   FILES          default: the dense and clean 100k-comment threads of
#                  scripts/measure-speed.sh (written when missing)
# Prints, per file, each binary's median wall time and peak memory, and the
# change in per cent.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
before="${1:?usage: scripts/compare-speed.sh BEFORE_BINARY [RUNS] [FILES...]}"
runs="${2:-5}"
shift $(( $# < 2 ? $# : 2 ))
files=("$@")
work="$here/target/speed"
mkdir -p "$work"
if [ ${#files[@]} -eq 0 ]; then
  for kind in dense clean; do
    thread="$work/thread-$kind-100000.txt"
    if [ ! -s "$thread" ]; then
      flag=""
      [ "$kind" = clean ] && flag="--clean"
      python3 "$here/scripts/gen-speed-thread.py" 100000 "$thread" $flag
    fi
    files+=("$thread")
  done
fi
cargo build --release --quiet --manifest-path "$here/Cargo.toml" --bin threadmod
after="$here/target/release/threadmod"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT

printf '%-28s %10s %10s %8s %10s %10s\n' file "before s" "after s" change "before MB" "after MB"
for file in "${files[@]}"; do
  : > "$out/before.txt"
  : > "$out/after.txt"
  for _ in $(seq "$runs"); do
    for which in before after; do
      binary=$before
      [ "$which" = after ] && binary=$after
      /usr/bin/time -f "%e %M" -a -o "$out/$which.txt" \
        taskset -c 0 "$binary" export "$file" --no-labels -o "$out/out.csv" > /dev/null 2>&1
    done
  done
  python3 - "$file" "$out/before.txt" "$out/after.txt" <<'EOF'
import statistics, sys, os
def read(path):
    rows = [line.split() for line in open(path) if line.strip()]
    return (statistics.median(float(r[0]) for r in rows),
            statistics.median(int(r[1]) for r in rows) / 1000)
(bt, bm), (at, am) = read(sys.argv[2]), read(sys.argv[3])
name = os.path.basename(sys.argv[1])[:28]
print(f"{name:<28} {bt:10.2f} {at:10.2f} {100 * (at - bt) / bt:+7.1f}% {bm:10.1f} {am:10.1f}")
EOF
done
