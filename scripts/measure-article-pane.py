#!/usr/bin/env python3
"""How clean the article pane is on the page corpus: `threadmod export
PAGE.html --text` writes the article and then the thread; this scores the
part before the thread heading threadmod writes ("N thoughts on “…”" or
"N Comments") against each page's truth article, by distinct words as
../shared/tools/score_corpus.py does for the whole output.

usage: scripts/measure-article-pane.py [THREADS_DIR] [--bin PATH]
Prints recall and precision per page, then the means.
"""
import json, os, re, subprocess, sys, tempfile

here = os.path.dirname(os.path.abspath(__file__))
args = sys.argv[1:]
binary = os.path.join(here, "..", "target", "release", "threadmod")
if "--bin" in args:
    i = args.index("--bin")
    binary = args[i + 1]
    del args[i:i + 2]
root = args[0] if args else os.path.join(here, "..", "..", "shared", "data", "threads")
sys.path.insert(0, os.path.join(root, "..", "..", "tools"))
from score_parser import norm_words  # noqa: E402

HEADING = re.compile(r"^\d+ (?:Comments|thoughts on “.*”)$", re.M)
recalls, precisions = [], []
with tempfile.TemporaryDirectory() as tmp:
    out = os.path.join(tmp, "a.txt")
    for page in sorted(os.listdir(root)):
        truth_path = os.path.join(root, page, "truth.json")
        html = os.path.join(root, page, f"{page}.html")
        if not (os.path.exists(truth_path) and os.path.exists(html)):
            continue
        with open(truth_path, encoding="utf-8") as f:
            want = set(norm_words(json.load(f).get("article_text", "")))
        if len(want) < 20:
            continue
        p = subprocess.run([binary, "export", html, "--text", "-o", out], capture_output=True)
        if p.returncode != 0:
            print(f"{page[:42]:42} export failed")
            recalls.append(0.0)
            precisions.append(0.0)
            continue
        with open(out, encoding="utf-8", errors="replace") as f:
            text = f.read()
        headings = list(HEADING.finditer(text))
        pane = text[: headings[-1].start()] if headings else text
        got = set(norm_words(pane))
        recall = len(want & got) / len(want)
        precision = len(want & got) / len(got) if got else 0.0
        recalls.append(recall)
        precisions.append(precision)
        print(f"{page[:42]:42} recall {recall:.3f} precision {precision:.3f}")
n = len(recalls)
if n == 0:
    sys.exit("no page with a truth article")
print(f"article pane pages={n} recall_mean={sum(recalls) / n:.3f} precision_mean={sum(precisions) / n:.3f}")
