#!/usr/bin/env bash
# Times `threadmod export` on generated threads, on one core and on two, with
# the time of each stage (export --timings), against `wc -w` on the same file
# in the same run — the ratio to `wc -w` is the figure to quote, since the
# machine's speed drops out of it — and against the Python peer
# alt-profanity-check scoring the same comments.
#
# Two threads per size, from scripts/gen-speed-thread.py: "dense", about one
# comment in five with an aimed insult (a busy news thread), and "clean",
# the same thread without them.
#
# Usage: scripts/measure-speed.sh [RUNS] [SIZES...]
#   RUNS   runs per measurement, the median is reported (default 5)
#   SIZES  thread sizes in comments (default: 10000 100000)
# THREADMOD_NO_PEER=1 leaves the peer out (it needs PyPI the first time: it
# is installed into target/speed/peer-venv). Runs alternate between
# threadmod, the peer and wc so that all see the same machine state.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
runs="${1:-5}"
shift || true
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(10000 100000)
work="$here/target/speed"
mkdir -p "$work"

cargo build --release --quiet --manifest-path "$here/Cargo.toml" --bin threadmod
bin="$here/target/release/threadmod"

peer=""
if [ -z "${THREADMOD_NO_PEER:-}" ]; then
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
  peer="$venv/bin/python"
fi

# Wall seconds and peak resident KB of one run pinned to the given cores;
# what the run prints on standard error (the stage timings) goes to
# $work/stages.txt.
measure() {
  local cores="$1"
  shift
  /usr/bin/time -f "%e %M" -o "$work/time.txt" taskset -c "$cores" "$@" > /dev/null 2> "$work/stages.txt"
  cat "$work/time.txt"
}

median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

stages=(parse rules check write)
printf '%-6s %8s %6s %7s %6s %6s %8s %12s %7s %7s %7s %7s %7s %7s\n' \
  thread comments MB "1core s" "MB/s" "x wc" "2cores s" "peak MB" "parse" "rules" "check" "write" "wc -w s" "peer s"
printf '%-6s %8s %6s %7s %6s %6s %8s %12s %7s %7s %7s %7s %7s %7s\n' \
  "" "" "" "" "" "" "" "(x file)" "MB/s" "s" "MB/s" "MB/s" "" ""
for n in "${sizes[@]}"; do
  for kind in dense clean; do
    thread="$work/thread-$kind-$n.txt"
    if [ ! -s "$thread" ]; then
      if [ "$kind" = clean ]; then
        python3 "$here/scripts/gen-speed-thread.py" "$n" "$thread" --clean
      else
        python3 "$here/scripts/gen-speed-thread.py" "$n" "$thread"
      fi
    fi
    # The peer gets the same comment texts, one per line, as extracted by
    # threadmod itself (CSV column "text").
    peer_in="$work/peer-$kind-$n.txt"
    if [ -n "$peer" ] && [ ! -s "$peer_in" ]; then
      "$bin" export "$thread" --no-labels -o "$work/export.csv"
      python3 -c '
import csv, sys
csv.field_size_limit(sys.maxsize)
with open(sys.argv[1], newline="", encoding="utf-8") as src, open(sys.argv[2], "w", encoding="utf-8") as dst:
    for row in csv.DictReader(src):
        dst.write(" ".join(row["text"].split()) + "\n")
' "$work/export.csv" "$peer_in"
    fi
    : > "$work/one.txt"; : > "$work/two.txt"; : > "$work/peer.txt"; : > "$work/wc.txt"
    for stage in "${stages[@]}"; do : > "$work/stage-$stage.txt"; done
    for _ in $(seq "$runs"); do
      measure 0 "$bin" export "$thread" --no-labels --timings -o "$work/out.csv" >> "$work/one.txt"
      for stage in "${stages[@]}"; do
        awk -v s="$stage" '$3 == s { print $4 }' "$work/stages.txt" >> "$work/stage-$stage.txt"
      done
      measure 0,1 "$bin" export "$thread" --no-labels -o "$work/out.csv" >> "$work/two.txt"
      if [ -n "$peer" ]; then
        measure 0 "$peer" "$work/peer.py" "$peer_in" >> "$work/peer.txt"
      fi
      measure 0 wc -w "$thread" >> "$work/wc.txt"
    done
    mb=$(awk -v b="$(stat -L -c %s "$thread")" 'BEGIN { printf "%.1f", b / 1e6 }')
    one=$(cut -d' ' -f1 "$work/one.txt" | median)
    two=$(cut -d' ' -f1 "$work/two.txt" | median)
    peak=$(cut -d' ' -f2 "$work/one.txt" | median)
    wcw=$(cut -d' ' -f1 "$work/wc.txt" | median)
    peer_s="-"
    [ -s "$work/peer.txt" ] && peer_s=$(cut -d' ' -f1 "$work/peer.txt" | median)
    parse=$(median < "$work/stage-parse.txt")
    rules=$(median < "$work/stage-rules.txt")
    check=$(median < "$work/stage-check.txt")
    write=$(median < "$work/stage-write.txt")
    bytes=$(stat -L -c %s "$thread")
    awk -v kind="$kind" -v n="$n" -v mb="$mb" -v bytes="$bytes" -v one="$one" -v two="$two" -v peak="$peak" \
      -v wcw="$wcw" -v parse="$parse" -v rules="$rules" -v check="$check" -v write="$write" \
      -v peer="$peer_s" 'BEGIN {
      # GNU time reports KiB; the file size is in MB of 10^6 bytes.
      peak_mb = peak * 1024 / 1e6
      printf "%-6s %8s %6s %7.2f %6.1f %6.1f %8.2f %5.1f (%.2fx) %7.1f %7.2f %7.1f %7.1f %7.2f %7s\n",
        kind, n, mb, one, mb / one, one / wcw, two, peak_mb, peak * 1024 / bytes,
        mb / parse, rules, mb / check, mb / write, wcw, peer }'
  done
  rm -f "$work/out.csv"
done
