#!/usr/bin/env python3
"""Span F1 of threadmod's insult findings against toxic-span annotations
(SemEval-2021 task 5 scoring: per-comment F1 over character offsets,
averaged; a comment with no gold and no predicted spans scores 1).

usage: span_f1.py GOLD.csv EXPORT.csv   (EXPORT from `threadmod export GOLD.csv`)
"""
import ast, csv, sys

csv.field_size_limit(1 << 30)
gold_rows = list(csv.DictReader(open(sys.argv[1], encoding="utf-8", newline="")))
pred_rows = list(csv.DictReader(open(sys.argv[2], encoding="utf-8-sig", newline="")))
if len(gold_rows) != len(pred_rows):
    sys.exit(f"{len(gold_rows)} gold rows but {len(pred_rows)} exported rows")
scores, flagged = [], 0
for g, p in zip(gold_rows, pred_rows):
    gold = set(ast.literal_eval(g["spans"]))
    pred = set()
    for item in filter(None, p["spans"].split(";")):
        cat, _, rng = item.partition(":")
        if cat == "insult":
            a, b = map(int, rng.split("-"))
            pred.update(range(a, b))
    flagged += bool(pred)
    if not gold and not pred:
        scores.append(1.0)
    elif not gold or not pred:
        scores.append(0.0)
    else:
        tp = len(gold & pred)
        prec, rec = tp / len(pred), tp / len(gold)
        scores.append(0 if tp == 0 else 2 * prec * rec / (prec + rec))
print(f"span_f1={sum(scores) / len(scores):.3f} comments={len(scores)} with_insult_spans={flagged}")
