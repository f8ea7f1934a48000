#!/usr/bin/env bash
# The highlighted words against the toxic-spans annotations: the 5-fold
# cross-validated span F1 of the rules with the abuse-words list learned on
# the other folds (thresholds chosen inside each training part, never on the
# fold scored), and the span F1 of the built-in rules as they are.
# With --write, the built-in list in assets/rules.toml is re-fitted on the
# whole file (the same data gives the same file).
# Usage: scripts/measure-spans.sh [--write] [../shared/data/labelled]
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
write=no
if [[ "${1:-}" == --write ]]; then
  write=yes
  shift
fi
data="${1:-$here/../shared/data/labelled}"
out="${TMPDIR:-/tmp}/threadmod-spans"
mkdir -p "$out"
cargo build --release --quiet --manifest-path "$here/Cargo.toml"
bin="$here/target/release/threadmod"
# The list is learned into the rules without it, so the figure is not helped
# by the shipped list.
python3 - "$here/assets/rules.toml" "$out/rules-without-list.toml" <<'PY'
import sys
text = open(sys.argv[1], encoding="utf-8").read()
begin = text.find("# BEGIN abuse-words")
if begin >= 0:
    end = text.index("# END abuse-words", begin)
    end = text.find("\n", end) + 1 or len(text)
    text = text[:begin].rstrip("\n") + "\n" + text[end:]
open(sys.argv[2], "w", encoding="utf-8").write(text)
PY
"$bin" learn --spans "$data/toxic-spans-train.csv" --rules "$out/rules-without-list.toml" \
  -o "$out/rules.toml" 2>/dev/null
echo "== built-in rules as they are (the list was fitted on this file: not a held-out figure)"
"$bin" eval --spans "$data/toxic-spans-train.csv" | sed -n 2,99p
if [[ $write == yes ]]; then
  cp "$out/rules.toml" "$here/assets/rules.toml"
  echo "wrote $here/assets/rules.toml"
fi
