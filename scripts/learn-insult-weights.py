#!/usr/bin/env python3
"""Learns the weights of the default `insult-score` rule and writes them into
assets/rules.toml, between the "BEGIN insult-score" and "END insult-score" lines.

The score weighs the insult rules above it (word lists, aimed insults,
masked abuse) and the words and word pairs of a comment. The weights come
from a logistic regression on the tuning part of the labelled comments (the
same fixed 70/30 split by sha1 of the id as scripts/measure-insults.sh; the
30 % is never read here); the threshold is the one with the best F1 in
5-fold cross-validation on the tuning part. Deterministic: the same data
gives the same file.

Needs scikit-learn (python3 -m venv /tmp/learn && /tmp/learn/bin/pip install
scikit-learn) and a release build of threadmod, which it runs to get the
rules' verdicts.

Usage: scripts/learn-insult-weights.py [../shared/data/labelled/insults-train.jsonl]
"""
import csv
import hashlib
import json
import os
import re
import subprocess
import sys
import tempfile
import tomllib
import unicodedata

import numpy as np
from scipy.sparse import csr_matrix, hstack
from sklearn.feature_extraction.text import CountVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import cross_val_predict

HERE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
RULES = os.path.join(HERE, "assets", "rules.toml")
BIN = os.path.join(HERE, "target", "release", "threadmod")
BEGIN = "# BEGIN insult-score"
END = "# END insult-score"
# The quiet rules the score weighs.
FEATURE_RULES = ["insult-words", "insult-words-addressed", "insult-aimed", "insult-masked"]
MIN_DOCS = 3  # a word or pair must occur in this many tuning comments
C = 0.3  # inverse regularisation strength
PRUNE = 0.1  # weights smaller than this are left out of the file
HIGHLIGHT = 1.0  # lighter words ("you", "are a") add to the score but are not highlighted

# The same reading of look-alikes as threadmod's normaliser (normalize.rs).
LEET = {"0": "o", "1": "i", "!": "i", "|": "i", "3": "e", "4": "a", "@": "a",
        "5": "s", "$": "s", "7": "t", "+": "t", "8": "b"}


def words(text):
    """Lower case, no accents, look-alikes read as letters inside words, then
    runs of letters and digits: what the weighted rule matches terms on."""
    text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    out = []
    for token in re.findall(r"[\w!|@$+]+", text.lower()):
        if re.search(r"[^\W\d_]", token):
            token = "".join(LEET.get(c, c) for c in token)
        out += re.findall(r"[^\W_]+", token)
    return out


def rule_verdicts(rows, rules_text):
    """Which FEATURE_RULES fire on each comment, from threadmod itself."""
    # The rules above the learned block, shown rather than quiet.
    base = rules_text.split(BEGIN)[0].replace("quiet = true\n", "")
    with tempfile.TemporaryDirectory() as tmp:
        rules_path = os.path.join(tmp, "rules.toml")
        with open(rules_path, "w", encoding="utf-8") as f:
            f.write(base)
        gold = os.path.join(tmp, "tune.jsonl")
        with open(gold, "w", encoding="utf-8") as f:
            for row in rows:
                f.write(json.dumps({"id": row["id"], "text": row["text"]}) + "\n")
        out = os.path.join(tmp, "tune.csv")
        subprocess.run([BIN, "--rules", rules_path, "export", gold, "--no-labels",
                        "--raw-cells", "-o", out], check=True)
        with open(out, encoding="utf-8", newline="") as f:
            fired = [set(r["rules"].split(";")) for r in csv.DictReader(f)]
    if len(fired) != len(rows):
        sys.exit(f"threadmod read {len(fired)} comments, expected {len(rows)}")
    return csr_matrix(np.array([[1.0 if r in f else 0.0 for r in FEATURE_RULES] for f in fired]))


def best_threshold(y, scores, shown):
    """The threshold with the best F1 of the flags a moderator sees: the
    score's, or those of the rules that flag on their own (`shown`)."""
    best = (-1.0, 0.0)
    for t in np.arange(-2.0, 3.0, 0.05):
        pred = (scores >= t) | shown
        tp = int((pred & (y == 1)).sum())
        p = tp / max(1, int(pred.sum()))
        r = tp / max(1, int((y == 1).sum()))
        f1 = 2 * p * r / (p + r) if p + r else 0.0
        if f1 > best[0] + 1e-9:
            best = (f1, float(t))
    return best


def main():
    src = sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, "..", "shared", "data", "labelled", "insults-train.jsonl")
    rows = []
    with open(src, encoding="utf-8") as f:
        for line in f:
            row = json.loads(line)
            if int(hashlib.sha1(row["id"].encode()).hexdigest(), 16) % 10 < 7:
                rows.append(row)
    y = np.array([int(r["insult"]) for r in rows])
    with open(RULES, encoding="utf-8") as f:
        rules_text = f.read()
    if BEGIN not in rules_text or END not in rules_text:
        sys.exit(f"{RULES}: no '{BEGIN}' … '{END}' block to replace")

    quiet = {r["id"] for r in tomllib.loads(rules_text)["rule"] if r.get("quiet")}
    vec = CountVectorizer(tokenizer=words, lowercase=False, token_pattern=None,
                          ngram_range=(1, 2), binary=True, min_df=MIN_DOCS)
    verdicts = rule_verdicts(rows, rules_text)
    x = hstack([vec.fit_transform([r["text"] for r in rows]), verdicts]).tocsr()
    shown_cols = [i for i, r in enumerate(FEATURE_RULES) if r not in quiet]
    shown = np.asarray(verdicts[:, shown_cols].sum(axis=1)).ravel() > 0
    model = LogisticRegression(C=C, max_iter=5000, class_weight="balanced")
    cv_scores = cross_val_predict(model, x, y, cv=5, method="decision_function")
    cv_f1, threshold = best_threshold(y, cv_scores, shown)
    model.fit(x, y)
    weights = model.coef_[0]
    names = list(vec.get_feature_names_out()) + FEATURE_RULES

    rule_weights = {n: w for n, w in zip(names[-len(FEATURE_RULES):], weights[-len(FEATURE_RULES):])}
    terms = sorted(((n, w) for n, w in zip(names[:-len(FEATURE_RULES)], weights) if abs(w) >= PRUNE),
                   key=lambda t: (-t[1], t[0]))
    lines = [
        BEGIN + " (written by scripts/learn-insult-weights.py: rerun it, do not edit by hand)",
        f"# Learned from {len(rows)} labelled news comments ({int(y.sum())} insults);",
        f"# F1 {cv_f1:.3f} in 5-fold cross-validation at this threshold, together with",
        f"# the insult rules that flag on their own ({', '.join(r for r in FEATURE_RULES if r not in quiet)}).",
        "[[rule]]",
        'id = "insult-score"',
        'kind = "weighted"',
        'category = "insult"',
        'severity = "high"',
        'reason = "insulting words and the way they are aimed add up past the threshold"',
        f"threshold = {threshold:.2f}",
        f"bias = {model.intercept_[0]:.3f}",
        "# Words this heavy, and the words of the rules, are highlighted.",
        f"highlight_min = {HIGHLIGHT:.1f}",
        "[rule.rules]",
    ]
    lines += [f'"{n}" = {w:.3f}' for n, w in rule_weights.items()]
    lines.append("[rule.terms]")
    lines += [f"{json.dumps(n, ensure_ascii=False)} = {w:.3f}" for n, w in terms]
    lines.append(END)
    head, rest = rules_text.split(BEGIN, 1)
    tail = rest.split(END, 1)[1]
    new_text = head + "\n".join(lines) + tail
    tmp = RULES + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        f.write(new_text)
    os.replace(tmp, RULES)
    print(f"{len(terms)} terms, threshold {threshold:.2f}, cross-validated F1 {cv_f1:.3f}")


if __name__ == "__main__":
    main()
