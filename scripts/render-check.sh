#!/usr/bin/env bash
# Renders synthetic article pages with w3m, lynx, pandoc and html2text (as
# ../shared/data/SOURCES.md describes) and scores the text parser and the
# HTML parser on them with ../shared/tools/score_parser.py.
# Needs: apt-get install w3m lynx pandoc html2text
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
tools="${SHARED:-$here/../shared}/tools"
out="${TMPDIR:-/tmp}/threadmod-synth"
rm -rf "$out"; mkdir -p "$out"
python3 "$here/scripts/synth_pages.py" "$out" "${1:-6}"
cargo build --release --quiet --manifest-path "$here/Cargo.toml"
bin="$here/target/release/threadmod"
for html in "$out"/page*.html; do
  base="${html%.html}"
  w3m -dump -cols 100 -T text/html "$html" > "$base.w3m.txt"
  lynx -dump -nolist -width=100 "$html" > "$base.lynx.txt"
  pandoc -f html -t plain "$html" -o "$base.pandoc.txt"
  html2text -utf8 -width 100 "$html" > "$base.html2text.txt" 2>/dev/null || html2text "$html" > "$base.html2text.txt"
  for f in "$html" "$base".*.txt; do
    "$bin" export "$f" --no-labels -o "$out/p.csv" 2>/dev/null
    printf "%-28s %s\n" "$(basename "$f")" "$(python3 "$tools/score_parser.py" "$base.truth.json" "$out/p.csv" | tail -1)"
  done
done
