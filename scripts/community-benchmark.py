#!/usr/bin/env python3
"""Simulates a community that labels its own comments: how much does
`threadmod learn` gain from N of the moderator's labels?

The labelled insult comments are split in two by a hash of their id: part A
stands for the data threadmod ships with, part B for one community. The
unadapted scorer is learned from A alone (`learn --base A`). Then, for
N = 250, 500, 1000 labels drawn from B (three draws each), the scorer is
learned again with those labels — starting from the unadapted weights
(`learn LABELS --rules A.toml`, the default) or from A and the labels
together (`learn --base A LABELS`) — at several moderator weights, and
every scorer is measured on the rest of B, which none of them saw.

Usage: scripts/community-benchmark.py [../shared/data/labelled/insults-train.jsonl] [--weights 1,3,10]
Needs a release build (cargo build --release).
"""
import argparse
import csv
import hashlib
import json
import os
import random
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
# THREADMOD_BIN: another binary (a copy, so a rebuild cannot change it mid-run).
BIN = os.environ.get("THREADMOD_BIN") or os.path.join(HERE, "target", "release", "threadmod")


def write_csv(path, rows):
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(["id", "text", "label"])
        for r in rows:
            w.writerow([r["id"], r["text"], "insult" if int(r["insult"]) else "approve"])


def learn(out, *args):
    subprocess.run([BIN, "learn", *args, "-o", out], check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def measure(rules, gold):
    report = subprocess.run([BIN, "--rules", rules, "eval", gold, "--worst", "0"],
                            check=True, capture_output=True, text=True).stdout
    for line in report.splitlines():
        parts = line.split()
        if parts and parts[0] == "insult":
            return tuple(float(v) for v in parts[4:7])
    raise SystemExit(f"no insult line in the report for {rules}")


def main():
    parser = argparse.ArgumentParser(description="threadmod learn on a simulated community")
    parser.add_argument("labelled", nargs="?",
                        default=os.path.join(HERE, "..", "shared", "data", "labelled", "insults-train.jsonl"))
    parser.add_argument("--weights", default="1,3,10", help="moderator weights to try, comma-separated")
    args = parser.parse_args()
    src = args.labelled
    weights = args.weights.split(",")
    rows = [json.loads(line) for line in open(src, encoding="utf-8")]
    part = lambda r: int(hashlib.sha1(("community:" + r["id"]).encode()).hexdigest(), 16) % 2
    base = [r for r in rows if part(r) == 0]
    community = [r for r in rows if part(r) == 1]
    with tempfile.TemporaryDirectory() as tmp:
        base_csv = os.path.join(tmp, "base.csv")
        write_csv(base_csv, base)
        unadapted = os.path.join(tmp, "unadapted.toml")
        learn(unadapted, "--base", base_csv)
        results = {}
        for n in (250, 500, 1000):
            for seed in (1, 2, 3):
                picked = random.Random(seed).sample(range(len(community)), n)
                chosen = set(picked)
                labels_csv = os.path.join(tmp, f"labels-{n}-{seed}.csv")
                rest_csv = os.path.join(tmp, f"rest-{n}-{seed}.csv")
                write_csv(labels_csv, [community[i] for i in sorted(picked)])
                write_csv(rest_csv, [r for i, r in enumerate(community) if i not in chosen])
                results.setdefault(("unadapted", "-", n), []).append(measure(unadapted, rest_csv))
                for w in weights:
                    prior = os.path.join(tmp, f"prior-{n}-{seed}-{w}.toml")
                    learn(prior, labels_csv, "--rules", unadapted, "--weight", w)
                    results.setdefault(("from the weights in use", w, n), []).append(measure(prior, rest_csv))
                    refit = os.path.join(tmp, f"refit-{n}-{seed}-{w}.toml")
                    learn(refit, "--base", base_csv, labels_csv, "--weight", w)
                    results.setdefault(("base + labels", w, n), []).append(measure(refit, rest_csv))
                print(f"N={n} draw {seed} done", file=sys.stderr)
    print(f"{len(base)} base comments, {len(community)} community comments; "
          "means of 3 draws, scored on the community comments not drawn")
    print(f"| scorer | weight | N | precision | recall | F1 |")
    print("|---|---|---|---|---|---|")
    for (name, w, n), got in sorted(results.items(), key=lambda kv: (kv[0][2], kv[0][0], kv[0][1])):
        mean = [sum(g[i] for g in got) / len(got) for i in range(3)]
        print(f"| {name} | {w} | {n} | {mean[0]:.3f} | {mean[1]:.3f} | {mean[2]:.3f} |")


if __name__ == "__main__":
    main()
