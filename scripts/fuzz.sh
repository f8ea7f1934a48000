#!/usr/bin/env bash
# Fuzzes every parser, the rules file and journal replay with cargo-fuzz
# (needs the nightly toolchain and `cargo install cargo-fuzz`). Seeds each
# corpus from the project's own fixtures, then runs the targets two at a time.
# Usage: scripts/fuzz.sh [SECONDS_PER_TARGET] [TARGET…]   (default 600, all)
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
secs="${1:-600}"
shift || true
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=(text html disqus reddit hn csv jsonl detect rules journal)
cd "$here/fuzz"
data="$here/tests/data"
mkdir -p corpus/{text,html,disqus,reddit,hn,csv,jsonl,detect,rules,journal}
cp "$data"/*.txt "$data"/rendered/*.txt "$here/assets/sample-article.txt" corpus/text/
cp "$data"/*.html "$data"/rendered/*.html corpus/html/
cp "$data"/disqus.xml corpus/disqus/
cp "$data"/reddit.json corpus/reddit/
cp "$data"/hn.json corpus/hn/
cp "$data"/*.jsonl corpus/jsonl/
for d in text html disqus reddit hn jsonl; do cp -f corpus/$d/* corpus/detect/; done
cp "$here/assets/rules.toml" corpus/rules/
cargo build --release --quiet --manifest-path "$here/Cargo.toml"
"$here/target/release/threadmod" export "$here/assets/sample-article.txt" -o corpus/csv/sample.csv
"$here/target/release/threadmod" export "$data/reddit.json" -o corpus/csv/reddit.csv
printf '%s\n' \
  '{"comment":"1","fingerprint":"x","label":"approve","note":"","moderator":"m","at":"2026-11-28T08:15:00Z"}' \
  '{"comment":"1.1","fingerprint":"y","label":null,"note":"see","at":"2026-11-28T08:16:00Z","seconds":2.5}' \
  '{"comment":"9","fingerprint":"z","label":"remove","at":"2026-11-28T08:17:00Z"}' \
  '{"comment":"2","finger' > corpus/journal/seed.jsonl
# No sanitizer: threadmod has no unsafe code, so what fuzzing finds is panics,
# hangs and runaway memory, and without ASan it runs several times faster.
cargo +nightly fuzz build --release -s none
run() {
  local t="$1"
  cargo +nightly fuzz run --release -s none "$t" "corpus/$t" -- \
    -max_total_time="$secs" -rss_limit_mb=4096 -max_len=65536 -timeout=20 \
    >"fuzz-$t.log" 2>&1 && echo "$t: $(grep -E '^Done' "fuzz-$t.log")" || echo "$t: FAILED, see fuzz/fuzz-$t.log and fuzz/artifacts/$t"
}
i=0
for t in "${targets[@]}"; do
  run "$t" &
  i=$((i + 1))
  if (( i % 2 == 0 )); then wait; fi
done
wait
