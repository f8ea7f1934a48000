#!/usr/bin/env python3
"""Writes a large comment thread for speed measurements, deterministically.

usage: gen-speed-thread.py N_COMMENTS OUT.txt [--clean]

The words come from the bundled sample article (its typographic apostrophes
too, so many comments are not pure ASCII, as real ones are not). About one
comment in five carries an insult aimed at someone, which is what a busy
news thread looks like; --clean leaves them out, for the clean-text figure.
A few comments are long walls. The layout is the numbered text layout
threadmod reads: top-level comments "  N. ", replies "•", two columns
deeper per level (at most 8 levels).
"""
import random
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent.parent
WORDS = re.findall(r"[A-Za-z][A-Za-z'’-]+", (HERE / "assets/sample-article.txt").read_text(encoding="utf-8"))
INSULTS = ["idiot", "moron", "traitor", "liar", "clown", "stupid", "fool", "hyena", "criminal", "imbecile"]


def main() -> None:
    n, out = int(sys.argv[1]), sys.argv[2]
    clean = "--clean" in sys.argv[3:]
    rnd = random.Random(42)

    def comment_text() -> list[str]:
        k = rnd.choice([8, 15, 30, 45, 60, 90, 140]) if rnd.random() > 0.03 else rnd.randint(300, 900)
        words = [rnd.choice(WORDS) for _ in range(k)]
        # Drawn in both modes, so clean and dense threads have the same shape.
        insult = rnd.random() < 0.2
        aimed = rnd.choice(["you", "you are a", "what a"]) + " " + rnd.choice(INSULTS)
        at = rnd.randrange(len(words))
        if insult and not clean:
            words.insert(at, aimed)
        paras, i = [], 0
        while i < len(words):
            step = rnd.randint(40, 160)
            paras.append(" ".join(words[i : i + step]).capitalize() + ".")
            i += step
        return paras

    lines = ["Generated thread for speed measurements", "", " ".join(rnd.choice(WORDS) for _ in range(300)) + ".", ""]
    depth_before, top, path = 0, 0, []
    for c in range(n):
        depth = 0 if c == 0 or rnd.random() < 0.35 else min(8, rnd.randint(1, depth_before + 1))
        if depth == 0:
            top += 1
            indent, marker = 2, f"{top}. "
        else:
            indent, marker = 2 + 2 * depth, "• "
        depth_before = depth
        paras = comment_text()
        lines.append(" " * indent + marker + paras[0])
        lines.append("")
        for p in paras[1:]:
            lines.append(" " * (indent + len(marker)) + p)
            lines.append("")
    lines.append("Leave a Reply")
    Path(out).write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
