#!/usr/bin/env bash
# Times `threadmod export` on generated threads against the Python peer
# alt-profanity-check scoring the same comments, in the same run, on one core.
#
# Usage: scripts/measure-speed.sh [RUNS] [SIZES...]
#   RUNS   runs per measurement, the median is reported (default 5)
#   SIZES  thread sizes in comments (default: 10000 100000)
#
# Needs python3 with venv and network access to PyPI the first time (the peer
# is installed into target/speed/peer-venv). Runs alternate between threadmod
# and the peer so that both see the same machine state.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
runs="${1:-5}"
shift || true
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(10000 100000)
work="$here/target/speed"
mkdir -p "$work"

cargo build --release --quiet --manifest-path "$here/Cargo.toml" --bin threadmod --example generate
bin="$here/target/release/threadmod"

venv="$work/peer-venv"
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet alt-profanity-check
fi
cat > "$work/peer.py" <<'EOF'
import sys
from profanity_check import predict_prob
lines = open(sys.argv[1], encoding="utf-8").read().split("\n")[:-1]
probs = predict_prob(lines)
print(len(lines), int((probs >= 0.5).sum()))
EOF

# Wall seconds and peak resident KB of one run pinned to the given cores.
measure() {
  local cores="$1"
  shift
  /usr/bin/time -f "%e %M" -o "$work/time.txt" taskset -c "$cores" "$@" > /dev/null
  cat "$work/time.txt"
}

median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

printf '%-9s %9s %9s %9s %9s %11s %9s %9s %8s\n' comments MB "1 core s" "MB/s" "2 cores s" "peak MB" "peer s" "wc -w s" "vs peer"
for n in "${sizes[@]}"; do
  thread="$work/thread-$n.txt"
  [ -s "$thread" ] || "$here/target/release/examples/generate" "$n" > "$thread"
  # The peer gets the same comment texts, one per line, as extracted by
  # threadmod itself (CSV column "text").
  peer_in="$work/peer-$n.txt"
  if [ ! -s "$peer_in" ]; then
    "$bin" export "$thread" --no-labels -o "$work/export-$n.csv"
    python3 - "$work/export-$n.csv" "$peer_in" <<'EOF'
import csv, sys
with open(sys.argv[1], newline="", encoding="utf-8") as src, open(sys.argv[2], "w", encoding="utf-8") as dst:
    for row in csv.DictReader(src):
        dst.write(" ".join(row["text"].split()) + "\n")
EOF
  fi
  : > "$work/one.txt"; : > "$work/two.txt"; : > "$work/peer.txt"; : > "$work/wc.txt"
  for _ in $(seq "$runs"); do
    measure 0 "$bin" export "$thread" --no-labels -o "$work/out.csv" >> "$work/one.txt"
    measure 0,1 "$bin" export "$thread" --no-labels -o "$work/out.csv" >> "$work/two.txt"
    measure 0 "$venv/bin/python" "$work/peer.py" "$peer_in" >> "$work/peer.txt"
    measure 0 wc -w "$thread" >> "$work/wc.txt"
  done
  mb=$(awk -v b="$(stat -L -c %s "$thread")" 'BEGIN { printf "%.1f", b / 1e6 }')
  one=$(cut -d' ' -f1 "$work/one.txt" | median)
  two=$(cut -d' ' -f1 "$work/two.txt" | median)
  peak=$(cut -d' ' -f2 "$work/one.txt" | median)
  peer=$(cut -d' ' -f1 "$work/peer.txt" | median)
  wcw=$(cut -d' ' -f1 "$work/wc.txt" | median)
  awk -v n="$n" -v mb="$mb" -v one="$one" -v two="$two" -v peak="$peak" -v peer="$peer" -v wcw="$wcw" 'BEGIN {
    printf "%-9s %9s %9.2f %9.1f %9.2f %6.0f (%.1fx) %9.2f %9.2f %7.1fx\n",
      n, mb, one, mb / one, two, peak / 1000, peak / 1000 / mb, peer, wcw, peer / one }'
  rm -f "$work/out.csv"
done
