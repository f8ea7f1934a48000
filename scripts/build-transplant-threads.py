#!/usr/bin/env python3
"""Build off-topic test threads from real comment pages by transplanting long comments.

usage: build-transplant-threads.py [THREADS_DIR] [OUT_DIR] [--seed S]

THREADS_DIR  folders NAME/truth.json, each a real page's article and comment
             tree (default ../shared/data/threads beside the repository)
OUT_DIR      where to write the threads (default $TMPDIR/threadmod-transplants);
             they hold other people's text, so never inside the repository

For every page it writes three threads in threadmod's text layout, with a
truth file in the format score_offtopic.py reads:

  NAME.full.txt   the page's title and article, its own comment tree, plus
                  long comments (>= LONG words) taken from other pages' threads
                  and placed at seeded positions, as top-level comments and as
                  replies. The placed comments are off topic; the page's own
                  long comments are the hard on-topic cases.
  NAME.short.txt  the same thread under the title and the article's first
                  SHORT_ARTICLE words only
  NAME.none.txt   the same thread with no title and no article

Donors come from other pages about other subjects (pages whose words are
too alike, as two minimalism blogs are, give none to each other), at most one
per page in each thread (two comments from one page would share that page's
words and vouch for each other), in the target's language when another page
in that language has one, one in five in another language.
The same seed gives the same files. A manifest.json lists what went where.
"""
import collections
import json
import math
import os
import random
import re
import sys
import tempfile

LONG = 120  # the wall rule's min_words and the scorer's "long"
SHORT_ARTICLE = 40
MAX_DEPTH = 5
# Pages at least this alike (cosine of tf-idf word vectors over all the
# pages) are about the same subject: a comment from one is not off topic on
# the other.
SAME_SUBJECT = 0.19

# A few very common function words per language: enough to tell which
# language a page is in, nothing more.
LANGUAGE_MARKERS = {
    "en": {"the", "and", "is", "of", "to", "that", "it", "with"},
    "de": {"der", "die", "und", "ist", "nicht", "das", "ich", "mit"},
    "fr": {"le", "la", "les", "et", "est", "des", "une", "pas"},
}


def word_count(text):
    return len(text.split())


def language(text):
    words = text.lower().split()
    counts = {lang: sum(w in marks for w in words) for lang, marks in LANGUAGE_MARKERS.items()}
    return max(counts, key=counts.get)


def load_pages(threads_dir):
    pages = []
    for name in sorted(os.listdir(threads_dir)):
        path = os.path.join(threads_dir, name, "truth.json")
        if not os.path.isfile(path):
            continue
        with open(path, encoding="utf-8") as f:
            truth = json.load(f)
        comments = truth.get("comments", [])
        sample = truth.get("article_text", "") + " " + " ".join(c["text"] for c in comments)
        pages.append({
            "name": name,
            "title": (truth.get("title") or "").strip(),
            "article": (truth.get("article_text") or "").strip(),
            "comments": comments,
            "lang": language(sample),
        })
    return pages


def subject_vectors(pages):
    """A unit tf-idf vector of each page's words (four letters or more)."""
    counts = {}
    for page in pages:
        text = " ".join([page["title"], page["article"]] + [c["text"] for c in page["comments"]])
        words = re.findall(r"\w+", text.lower())
        counts[page["name"]] = collections.Counter(w for w in words if len(w) >= 4 and not w.isdigit())
    df = collections.Counter()
    for c in counts.values():
        df.update(c.keys())
    vectors = {}
    for name, c in counts.items():
        v = {w: (1 + math.log(k)) * math.log(len(pages) / df[w]) for w, k in c.items()}
        norm = math.sqrt(sum(x * x for x in v.values())) or 1.0
        vectors[name] = {w: x / norm for w, x in v.items()}
    return vectors


def similarity(a, b):
    return sum(x * b.get(w, 0.0) for w, x in a.items())


def build_tree(page):
    """Nodes with children, in the page's order; returns the top-level list."""
    nodes = {}
    roots = []
    for c in page["comments"]:
        node = {
            "text": c["text"].strip(),
            "author": (c.get("author") or "").strip(),
            "date": (c.get("date") or "").strip(),
            "truth": "on_topic",
            "source": f"native:{page['name']}#{c['id']}",
            "children": [],
        }
        nodes[c["id"]] = node
        parent = nodes.get(c.get("parent"))
        (parent["children"] if parent else roots).append(node)
    return roots


def walk(roots, depth=1):
    for node in roots:
        yield node, depth
        yield from walk(node["children"], depth + 1)


def choose_donors(page, pages, vectors, rng):
    """Long comments from other pages: same language first, one per page."""
    same, other = [], []
    for donor in pages:
        if donor["name"] == page["name"]:
            continue
        if similarity(vectors[page["name"]], vectors[donor["name"]]) >= SAME_SUBJECT:
            continue
        longs = [c for c in donor["comments"] if word_count(c["text"]) >= LONG]
        if longs:
            (same if donor["lang"] == page["lang"] else other).append((donor, longs))
    rng.shuffle(same)
    rng.shuffle(other)
    own_longs = sum(word_count(c["text"]) >= LONG for c in page["comments"])
    wanted = rng.randint(2, 4) + min(own_longs, 4) // 2
    # One in five from another language, as pasted text sometimes is.
    picks = []
    while len(picks) < wanted and (same or other):
        pool = other if (rng.random() < 0.2 and other) or not same else same
        donor, longs = pool.pop()
        picks.append((donor, rng.choice(longs)))
    return picks


def place(roots, donors, rng):
    """Puts each donor comment in the tree: alternately top-level and reply."""
    where = []
    for k, (donor, c) in enumerate(donors):
        node = {
            "text": c["text"].strip(),
            "author": (c.get("author") or "").strip(),
            "date": (c.get("date") or "").strip(),
            "truth": "off_topic",
            "source": f"transplant:{donor['name']}#{c['id']}",
            "children": [],
        }
        parents = [(n, d) for n, d in walk(roots) if n["truth"] == "on_topic" and d < MAX_DEPTH]
        as_reply = parents and (k % 2 == 1 or not roots)
        if as_reply:
            parent, _ = rng.choice(parents)
            parent["children"].insert(rng.randint(0, len(parent["children"])), node)
            where.append("reply")
        else:
            roots.insert(rng.randint(0, len(roots)), node)
            where.append("top")
    return where


def text_layout(title, article, roots):
    """The layout `threadmod export --text` writes (src/export.rs text_layout)."""
    out = []
    if title:
        out.append(title + "\n\n")
    for paragraph in article.split("\n\n"):
        if paragraph.strip():
            out.append(paragraph.strip() + "\n\n")
    count = sum(1 for _ in walk(roots))
    out.append(f"{count} thoughts on “{title}”\n\n" if title else f"{count} Comments\n\n")

    def write(nodes, depth):
        for number, node in enumerate(nodes, 1):
            margin = " " * (4 * (depth - 1))
            body = margin + "    "
            out.append(f"{margin}{number:>2}. ")
            lines = node["text"].split("\n")
            if node["author"]:
                out.append(f"{node['author']} says:\n")
                if node["date"]:
                    out.append(f"{body}{node['date']}\n")
                out.append("\n")
            else:
                out.append(lines.pop(0).strip() + "\n")
            for line in lines:
                if line.strip():
                    out.append(body + line.strip())
                out.append("\n")
            out.append(f"\n{body}Reply\n")
            write(node["children"], depth + 1)

    write(roots, 1)
    out.append("\nLeave a Reply\n")
    return "".join(out)


def truth_rows(roots, prefix=""):
    rows = []
    for number, node in enumerate(roots, 1):
        path = f"{prefix}{number}"
        rows.append({
            "path": path,
            "truth": node["truth"],
            "words": word_count(node["text"]),
            "source": node["source"],
            "text": node["text"],
        })
        rows.extend(truth_rows(node["children"], path + "."))
    return rows


def main(argv):
    seed = "threadmod-transplants-v1"
    if "--seed" in argv:
        at = argv.index("--seed")
        if at + 1 >= len(argv):
            sys.exit("--seed needs a value")
        seed = argv[at + 1]
        del argv[at:at + 2]
    repo = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    threads_dir = argv[1] if len(argv) > 1 else os.path.join(repo, "..", "shared", "data", "threads")
    out_dir = argv[2] if len(argv) > 2 else os.path.join(tempfile.gettempdir(), "threadmod-transplants")
    if not os.path.isdir(threads_dir):
        sys.exit(f"{threads_dir}: no such folder (expected NAME/truth.json for each page)")
    pages = load_pages(threads_dir)
    if len(pages) < 2:
        sys.exit(f"{threads_dir}: need at least two pages with truth.json, found {len(pages)}")
    os.makedirs(out_dir, exist_ok=True)
    vectors = subject_vectors(pages)
    manifest = {"seed": seed, "long": LONG, "same_subject": SAME_SUBJECT, "threads": []}
    for page in pages:
        rng = random.Random(f"{seed}:{page['name']}")
        roots = build_tree(page)
        donors = choose_donors(page, pages, vectors, rng)
        where = place(roots, donors, rng)
        rows = truth_rows(roots)
        words = page["article"].split()
        variants = {
            "full": (page["title"], page["article"]),
            "short": (page["title"], " ".join(words[:SHORT_ARTICLE])),
            "none": ("", ""),
        }
        for variant, (title, article) in variants.items():
            name = f"{page['name']}.{variant}"
            with open(os.path.join(out_dir, name + ".txt"), "w", encoding="utf-8") as f:
                f.write(text_layout(title, article, roots))
            with open(os.path.join(out_dir, name + ".truth.json"), "w", encoding="utf-8") as f:
                json.dump(rows, f, ensure_ascii=False, indent=1)
        manifest["threads"].append({
            "page": page["name"],
            "lang": page["lang"],
            "comments": len(rows),
            "off_topic": sum(r["truth"] == "off_topic" for r in rows),
            "native_long": sum(r["truth"] == "on_topic" and r["words"] >= LONG for r in rows),
            "transplants": [
                {
                    "source": d["name"],
                    "lang": d["lang"],
                    "words": word_count(c["text"]),
                    "page_similarity": round(similarity(vectors[page["name"]], vectors[d["name"]]), 3),
                    "where": w,
                }
                for (d, c), w in zip(donors, where)
            ],
        })
    with open(os.path.join(out_dir, "manifest.json"), "w", encoding="utf-8") as f:
        json.dump(manifest, f, ensure_ascii=False, indent=1)
    threads = manifest["threads"]
    print(f"{out_dir}: {3 * len(threads)} threads from {len(threads)} pages, "
          f"{sum(t['off_topic'] for t in threads)} transplants and "
          f"{sum(t['native_long'] for t in threads)} long native comments per variant")


if __name__ == "__main__":
    main(sys.argv)
