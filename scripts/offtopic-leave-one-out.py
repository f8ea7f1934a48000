#!/usr/bin/env python3
"""Tune the off-topic wall rule with leave-one-thread-out, and report held-out scores.

usage: offtopic-leave-one-out.py [--shared DIR] [--own DIR] [--bin PATH]
                                 [--max-fpr F] [--table] [--cache FILE]

Threads: the shipped off-topic threads (SHARED/data/offtopic) and the
transplant threads scripts/build-transplant-threads.py writes (--own, default
$TMPDIR/threadmod-transplants; built there first when it is missing). Each
thread is exported once for every pair of relevance settings in the grid
(thread_share x stem_letters, written into a copy of assets/rules.toml); the
CSV's relevance column then gives the flags at any threshold (a comment is
flagged when it has at least min_words words and its relevance is below
max_relevance, or below max_relevance_short_article when the article has
fewer than short_article_words content words; the CSV rounds relevance to
two decimals, so the thresholds lie halfway between two of its values). The export flags every long comment under a long article and
none under a short one, which tells the script which threshold applies.

Leave-one-thread-out: the threads of one page form a group (a shipped page's
parts, and the full / short / no-article variants of a transplant page, and
the shipped and transplant threads of the same page). For each group the
settings and the two thresholds are chosen on all other groups (best F1 of long
off-topic comments, the mean of the shipped threads' and the transplant
threads', with at most --max-fpr of long on-topic comments flagged when
given), and that group is scored with them. The pooled held-out counts
are what a user would see on threads nobody tuned on.

The last lines give the choice on all the threads: the defaults for
assets/rules.toml. Counts follow score_offtopic.py (SHARED/tools): comments
matched by text, long = 120 words or more, precision over every flagged row.
"""
import argparse
import collections
import csv
import importlib.util
import itertools
import json
import os
import re
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
THREAD_SHARES = [0.0, 0.02, 0.05, 0.1]
STEM_LETTERS = [0, 5, 6, 7]
# Halfway between the CSV's two-decimal relevance values, so that a rounded
# value is below a threshold exactly when the comment's relevance is.
THRESHOLDS = [round(t / 100 + 0.005, 3) for t in range(5, 80)]


def load_scorer(shared):
    path = os.path.join(shared, "tools", "score_offtopic.py")
    spec = importlib.util.spec_from_file_location("score_offtopic", path)
    if spec is None or spec.loader is None:
        sys.exit(f"{path}: cannot load the scorer")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def page_of(name):
    """The page a thread was built from: its leave-one-out group."""
    name = re.sub(r"^wp_", "", name)
    name = re.sub(r"_part\d+$", "", name)
    return re.sub(r"\.(full|short|none)$", "", name)


def rules_with(settings, base_text):
    """A rules file with only the wall rule of assets/rules.toml, its
    relevance settings replaced: relevance does not depend on the other
    rules, and without them each export takes milliseconds."""
    share, letters = settings
    m = re.search(r"\[\[rule\]\]\n(?:(?!\[\[rule\]\]).*\n)*?kind = \"wall_of_text\"\n(?:(?!\[\[rule\]\]).*(?:\n|$))*", base_text)
    if m is None:
        sys.exit("assets/rules.toml: no wall_of_text rule")
    rule = m.group(0)
    rule = re.sub(r"\n(max_relevance|max_relevance_short_article|thread_share|stem_letters) = [0-9.]+", "", rule)
    # Every long comment is flagged under a long article and none under a
    # short one: the flags tell which threshold a thread is judged by.
    return rule.rstrip() + (f"\nmax_relevance = 1.01\nmax_relevance_short_article = -1.0\n"
                            f"thread_share = {share}\nstem_letters = {letters}\n")


def min_words_of(base_text):
    m = re.search(r"kind = \"wall_of_text\"(?:\n(?!\[\[rule\]\]).*)*?\nmin_words = (\d+)", base_text)
    return int(m.group(1)) if m else 120


def export(binary, thread, rules, out):
    result = subprocess.run(
        [binary, "export", thread, "--no-labels", "--rules", rules, "-o", out],
        capture_output=True, text=True,
    )
    if result.returncode != 0:
        sys.exit(f"{thread}: threadmod export failed: {result.stderr.strip()}")


def read_rows(path):
    csv.field_size_limit(1 << 30)
    with open(path, newline="", encoding="utf-8-sig") as f:
        rows = []
        for line, row in enumerate(csv.DictReader(f), 2):
            try:
                rel = float(row["relevance"])
            except (KeyError, ValueError):
                sys.exit(f"{path}:{line}: expected a number in the relevance column")
            rows.append({"text": row.get("text") or "", "flags": row.get("flags") or "", "relevance": rel})
        return rows


def thread_items(scorer, truth, rows, min_words):
    """(kind, relevance) for every row that could be flagged: kind is 'off'
    for a long off-topic comment, 'on' for a long on-topic one, 'other' for
    the rest; the numbers of long off-topic and long on-topic comments; and
    whether the thread is judged as one under a short article."""
    matched = scorer.match([dict(t) for t in truth], [dict(r, flags="") for r in rows])
    kind_of_row = {}
    off = on = 0
    missing_off = []
    for i, t in enumerate(truth):
        long_ = t["words"] >= scorer.LONG
        kind = ("off" if t["truth"] == "off_topic" else "on") if long_ else "other"
        off += kind == "off"
        on += kind == "on"
        if i in matched:
            kind_of_row[matched[i]] = kind
        elif kind == "off":
            missing_off.append(i)
    items = []
    short_article = True
    for j, r in enumerate(rows):
        if len(r["text"].split()) >= min_words:
            items.append((kind_of_row.get(j, "other"), r["relevance"]))
            short_article = short_article and "off_topic" not in r["flags"]
    return items, off, on, short_article


def counts(items, off, on, threshold):
    tp = sum(1 for k, r in items if k == "off" and r < threshold)
    flagged = sum(1 for _, r in items if r < threshold)
    fp_long = sum(1 for k, r in items if k == "on" and r < threshold)
    return (tp, flagged, off, on, fp_long)


def add(a, b):
    return tuple(x + y for x, y in zip(a, b))


def f1(c):
    tp, flagged, off, _, _ = c
    return 2 * tp / (flagged + off) if flagged + off else 0.0


def figures(c):
    tp, flagged, off, on, fp_long = c
    nan = float("nan")
    return {
        "f1": f1(c),
        "recall": tp / off if off else nan,
        "precision": tp / flagged if flagged else nan,
        "fpr_long": fp_long / on if on else nan,
    }


def tables(data):
    """Counts by settings, page, (set, short article) and threshold."""
    out = {}
    for settings, per_thread in data.items():
        by = collections.defaultdict(dict)
        for (tag, _), (group, items, off, on, short) in per_thread.items():
            row = by[group].setdefault((tag, short), [(0, 0, 0, 0, 0)] * len(THRESHOLDS))
            for k, t in enumerate(THRESHOLDS):
                row[k] = add(row[k], counts(items, off, on, t))
        out[settings] = by
    return out


def best_choice(tabs, groups, max_fpr):
    """The settings and the thresholds (long article, short one) with the
    best F1 over `groups`: the mean of the F1 on the shipped threads and on
    the transplant threads, so that the few shipped threads weigh as much as
    the many built ones."""
    best = None
    zero = [(0, 0, 0, 0, 0)] * len(THRESHOLDS)
    for settings, by_group in tabs.items():
        by = {}
        for group in groups:
            for key, row in by_group.get(group, {}).items():
                by[key] = [add(a, b) for a, b in zip(by.get(key, zero), row)]
        tags = sorted({tag for tag, _ in by})
        for i, t_long in enumerate(THRESHOLDS):
            longs = [by.get((tag, False), zero)[i] for tag in tags]
            for j, t_short in enumerate(THRESHOLDS):
                per_tag = [add(c, by.get((tag, True), zero)[j]) for tag, c in zip(tags, longs)]
                on = sum(c[3] for c in per_tag)
                fp_long = sum(c[4] for c in per_tag)
                if max_fpr is not None and on and fp_long / on > max_fpr:
                    continue
                score = sum(f1(c) for c in per_tag) / max(len(per_tag), 1)
                # Ties: the thresholds nearest the middle of the grid.
                key = (round(score, 9), -abs(t_long - 0.35) - abs(t_short - 0.35))
                if best is None or key > best[0]:
                    best = (key, settings, (t_long, t_short))
    return best[1], best[2]


def export_all(binary, threads, truths, base, scorer, min_words):
    """For each pair of settings: each thread's page, rows and counts."""
    data = {}
    with tempfile.TemporaryDirectory() as work:
        for settings in itertools.product(THREAD_SHARES, STEM_LETTERS):
            rules = os.path.join(work, "rules.toml")
            with open(rules, "w", encoding="utf-8") as f:
                f.write(rules_with(settings, base))
            per_thread = {}
            for tag, name, txt, _ in threads:
                out = os.path.join(work, f"{tag}-{name}.csv")
                export(binary, txt, rules, out)
                items, off, on, short = thread_items(scorer, truths[(tag, name)], read_rows(out), min_words)
                per_thread[(tag, name)] = (page_of(name), items, off, on, short)
            data[settings] = per_thread
    return data


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", default=os.path.join(REPO, "..", "shared"))
    ap.add_argument("--own", default=os.path.join(tempfile.gettempdir(), "threadmod-transplants"))
    ap.add_argument("--bin", default=os.path.join(REPO, "target", "release", "threadmod"))
    ap.add_argument("--max-fpr", type=float, default=0.02,
                    help="choose only settings that flag at most this share of the training threads' long "
                         "on-topic comments (default 0.02: a flag on a real long comment costs a moderator's "
                         "trust, and held out the share runs a point or so above the bound); 1 for the best "
                         "F1 whatever it flags")
    ap.add_argument("--table", action="store_true", help="print the per-thread table")
    ap.add_argument("--cache", help="keep the exports' relevance here, to try other --max-fpr without exporting "
                    "again (used while the binary and the threads are unchanged)")
    args = ap.parse_args()
    scorer = load_scorer(args.shared)
    if not os.path.isdir(args.own):
        subprocess.run([sys.executable, os.path.join(HERE, "build-transplant-threads.py"),
                        os.path.join(args.shared, "data", "threads"), args.own], check=True)
    with open(os.path.join(REPO, "assets", "rules.toml"), encoding="utf-8") as f:
        base = f.read()
    min_words = min_words_of(base)
    threads = []
    for tag, folder in [("shipped", os.path.join(args.shared, "data", "offtopic")), ("own", args.own)]:
        for name in sorted(os.listdir(folder)):
            if name.endswith(".truth.json"):
                stem = name[: -len(".truth.json")]
                threads.append((tag, stem, os.path.join(folder, stem + ".txt"), os.path.join(folder, name)))
    truths = {}
    for tag, name, _, truth_path in threads:
        with open(truth_path, encoding="utf-8") as f:
            truths[(tag, name)] = json.load(f)
    stamp = [2, os.path.getmtime(args.bin), os.path.getsize(args.bin), THREAD_SHARES, STEM_LETTERS,
             sorted(name for _, name, _, _ in threads)]
    data = None
    if args.cache and os.path.exists(args.cache):
        with open(args.cache, encoding="utf-8") as f:
            cached = json.load(f)
        if cached.get("stamp") == stamp:
            data = {tuple(s): {tuple(k): tuple(v) for k, v in per} for s, per in cached["data"]}
    if data is None:
        data = export_all(args.bin, threads, truths, base, scorer, min_words)
        if args.cache:
            with open(args.cache, "w", encoding="utf-8") as f:
                json.dump({"stamp": stamp, "data": [[list(s), [[list(k), list(v)] for k, v in per.items()]]
                                                    for s, per in data.items()]}, f)
    all_groups = {page_of(name) for _, name, _, _ in threads}
    held_out = {}
    tabs = tables(data)
    for group in sorted(all_groups):
        settings, pair = best_choice(tabs, all_groups - {group}, args.max_fpr)
        for key, (g, items, off, on, short) in data[settings].items():
            if g == group:
                t = pair[1] if short else pair[0]
                held_out[key] = (settings, t, counts(items, off, on, t))
    by_set = collections.defaultdict(lambda: (0, 0, 0, 0, 0))
    by_variant = collections.defaultdict(lambda: (0, 0, 0, 0, 0))
    if args.table:
        print(f"{'set':8} {'thread':48} {'share':>5} {'stem':>4} {'max_rel':>7} "
              f"{'off':>4} {'tp':>4} {'flag':>4} {'on':>4} {'fp_on':>5}")
    for (tag, name), (settings, t, c) in sorted(held_out.items()):
        by_set[tag] = add(by_set[tag], c)
        by_set["all"] = add(by_set["all"], c)
        if tag == "own":
            by_variant[name.rsplit(".", 1)[-1]] = add(by_variant[name.rsplit(".", 1)[-1]], c)
        if args.table:
            tp, flagged, off, on, fp_long = c
            print(f"{tag:8} {name[:48]:48} {settings[0]:5.2f} {settings[1]:4d} {t:7.3f} "
                  f"{off:4d} {tp:4d} {flagged:4d} {on:4d} {fp_long:5d}")

    def line(label, c):
        fig = figures(c)
        tp, flagged, off, on, fp_long = c
        return (f"{label:28} f1={fig['f1']:.3f} recall={fig['recall']:.3f} precision={fig['precision']:.3f} "
                f"fpr_long={fig['fpr_long']:.3f}  ({tp}/{off} off-topic flagged, {fp_long}/{on} long on-topic, "
                f"{flagged} flags)")

    print("held out (leave one page out):")
    for tag in ["shipped", "own", "all"]:
        print(line(f"  {tag}", by_set[tag]))
    for variant in ["full", "short", "none"]:
        print(line(f"  own, article {variant}", by_variant[variant]))
    settings, pair = best_choice(tabs, all_groups, args.max_fpr)
    print(f"chosen on all threads: thread_share = {settings[0]}, stem_letters = {settings[1]}, "
          f"max_relevance = {pair[0]:.3f}, max_relevance_short_article = {pair[1]:.3f}")
    for tag in ["shipped", "own"]:
        total = (0, 0, 0, 0, 0)
        for key, (g, items, off, on, short) in data[settings].items():
            if key[0] == tag:
                total = add(total, counts(items, off, on, pair[1] if short else pair[0]))
        print(line(f"  {tag}, tuned on all", total))


if __name__ == "__main__":
    main()
