#!/usr/bin/env python3
"""Leave-one-site-out check of the page parser.

For every page of the corpus, a site's figures count only if no line of the
parser's code or data (src/, assets/) names that site: a rule written for one
site must not be what makes that site pass. The script scores every page with
../shared/tools/score_corpus.py, looks for each site's name in the code and
data, and prints the summary figures over the sites nobody named, next to the
figures over all sites.

usage: scripts/leave-one-site-out.py [--bin target/release/threadmod] [CORPUS_DIR]
"""
import os, re, subprocess, sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TOOLS = os.path.join(ROOT, "..", "shared", "tools")
GENERIC = {"com", "net", "org", "blog", "www", "de", "co", "uk", "fr", "json", "the"}


TLDS = {"com", "net", "org", "de", "co", "uk", "fr", "me", "ca", "at", "ch", "io"}


def site_words(page):
    """The site's own name: the label before its top-level domain
    ('whatever.scalzi.com.december' -> scalzi, 'hpd.de-Homosexuellenhass' -> hpd)."""
    labels = [w.lower() for w in re.split(r"[.-]", page)]
    for i, w in enumerate(labels[1:], 1):
        if w in TLDS and labels[i - 1] not in TLDS:
            return [labels[i - 1]]
    words = [w for w in labels if len(w) >= 5 and w not in GENERIC]
    return words[:1] or [page.lower()]


def named_in_code(word):
    for folder in ("src", "assets"):
        for dirpath, _, files in os.walk(os.path.join(ROOT, folder)):
            for f in files:
                if f.endswith((".ttf", ".otf")):
                    continue
                try:
                    with open(os.path.join(dirpath, f), encoding="utf-8", errors="ignore") as fh:
                        if word in fh.read().lower():
                            return os.path.join(dirpath, f)
                except OSError:
                    pass
    return None


def main():
    args = sys.argv[1:]
    binary = os.path.join(ROOT, "target", "release", "threadmod")
    if args[:1] == ["--bin"]:
        binary, args = args[1], args[2:]
    corpus = args[0] if args else os.path.join(ROOT, "..", "shared", "data", "threads")
    out = subprocess.run([sys.executable, os.path.join(TOOLS, "score_corpus.py"), "--bin", binary, corpus],
                         capture_output=True, text=True).stdout
    rows = {}
    for line in out.splitlines():
        parts = line.split()
        if len(parts) >= 8 and parts[1] in ("html", "w3m", "lynx", "pandoc", "html2text"):
            try:
                tree = float(parts[2])
            except ValueError:
                continue
            author = None if parts[6] == "-" else float(parts[6])
            date = None if parts[7] == "-" else float(parts[7])
            rows.setdefault(parts[0], []).append((parts[1], tree, author, date))
    kept, left_out = {}, []
    for page, r in rows.items():
        hits = [named_in_code(w) for w in site_words(page)]
        where = next((h for h in hits if h), None)
        if where:
            left_out.append((page, os.path.relpath(where, ROOT)))
        else:
            kept[page] = r

    def summary(pages):
        def mean(xs):
            xs = [x for x in xs if x is not None]
            return f"{sum(xs) / len(xs):.3f}" if xs else "n/a"
        all_rows = [row for r in pages.values() for row in r]
        html = [t for f, t, _, _ in all_rows if f == "html"]
        text = [t for f, t, _, _ in all_rows if f != "html"]
        return (f"sites={len(pages)} html_mean={mean(html)} html_min={min(html, default=0):.3f} "
                f"text_mean={mean(text)} text_min={min(text, default=0):.3f} "
                f"author_mean={mean([a for _, _, a, _ in all_rows])} date_mean={mean([d for _, _, _, d in all_rows])}")

    for page, where in left_out:
        print(f"left out: {page} (named in {where})")
    print("all sites:          " + summary(rows))
    print("sites nobody named: " + summary(kept))


if __name__ == "__main__":
    main()
