#!/usr/bin/env bash
# Rewrites the learned insult score in assets/rules.toml (the block between
# "# BEGIN insult-score" and "# END insult-score") with `threadmod learn`,
# from the tuning 70 % of the labelled insult comments — the same split by
# comment id as scripts/measure-insults.sh, whose 30 % is never read here.
# The same data gives the same file: run it and `git diff` shows nothing.
# Usage: scripts/learn-insult-weights.sh [../shared/data/labelled]
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
data="${1:-$here/../shared/data/labelled}"
out="${TMPDIR:-/tmp}/threadmod-learn"
mkdir -p "$out"
cargo build --release --quiet --manifest-path "$here/Cargo.toml"
python3 - "$data/insults-train.jsonl" "$out/tune.jsonl" <<'PY'
import hashlib, json, sys
src, tune = sys.argv[1], sys.argv[2]
with open(tune, "w") as f:
    for line in open(src, encoding="utf-8"):
        row = json.loads(line)
        if int(hashlib.sha1(row["id"].encode()).hexdigest(), 16) % 10 < 7:
            f.write(json.dumps(row) + "\n")
PY
"$here/target/release/threadmod" --rules "$here/assets/rules.toml" learn \
  --base "$out/tune.jsonl" --label-column insult --precision 0.75 -o "$here/assets/rules.toml"
