#!/usr/bin/env python3
"""Writes synthetic WordPress article pages with known comment trees, to
check the text parser on renderings it was not written against.

usage: synth_pages.py OUT_DIR [COUNT]
Writes OUT_DIR/pageN.html and OUT_DIR/pageN.truth.json (the format
../shared/tools/score_parser.py reads). Render them with w3m, lynx, pandoc
and html2text (scripts/render-check.sh) and score the text parser.
"""
import html, json, os, random, sys

WORDS = ("the council harbour ferry vote border summit people minister budget road village "
         "workers prices fuel island history peace winter schedule report reform election "
         "should never always really think know said years again because their would could").split()
NAMES = ["Mira", "Tomas Berg", "Ole Lund", "Ana", "J. Smith", "harbour_fan", "Li Wei", "Zara K."]
THEMES = ["twentynineteen", "classic", "genesis"]


def sentence(r):
    w = [r.choice(WORDS) for _ in range(r.randint(5, 16))]
    return " ".join(w).capitalize() + r.choice([".", ".", "?", "!"])


def paragraph(r):
    return " ".join(sentence(r) for _ in range(r.randint(1, 5)))


def comment_html(r, theme, cid, name, date, paras, extra):
    body = "".join(f"<p>{html.escape(p)}</p>" for p in paras) + extra
    if theme == "twentynineteen":
        return (f'<article id="div-comment-{cid}" class="comment-body"><footer class="comment-meta">'
                f'<div class="comment-author vcard"><img alt="" class="avatar" src="a.png"/>'
                f'<b class="fn">{html.escape(name)}</b> <span class="says">says:</span></div>'
                f'<div class="comment-metadata"><a href="#comment-{cid}"><time>{date}</time></a></div></footer>'
                f'<div class="comment-content">{body}</div>'
                f'<div class="reply"><a class="comment-reply-link" href="#">Reply</a></div></article>')
    if theme == "classic":
        return (f'<div id="div-comment-{cid}" class="comment-body"><div class="comment-author vcard">'
                f'<img alt="" class="avatar" src="a.png"/><cite class="fn">{html.escape(name)}</cite> '
                f'<span class="says">says:</span></div><div class="comment-meta commentmetadata">'
                f'<a href="#comment-{cid}">{date}</a></div>{body}'
                f'<div class="reply"><a href="#">Reply</a></div></div>')
    return (f'<article class="comment-body"><header class="comment-header"><p class="comment-author">'
            f'<img class="avatar" src="a.png"/><span class="comment-author-name">{html.escape(name)}</span> '
            f'<span class="says">says</span></p><p class="comment-meta"><time>{date}</time></p></header>'
            f'<div class="comment-content">{body}</div><div class="comment-reply"><a href="#">Reply</a></div></article>')


def page(r, n):
    theme = THEMES[n % len(THEMES)]
    title = sentence(r).rstrip(".?!")
    truth, out = [], []
    counter = [100 * n]

    def write(depth, parent, siblings):
        out.append('<ol class="children">' if depth > 1 else "")
        for _ in range(siblings):
            counter[0] += 1
            cid = counter[0]
            name = r.choice(NAMES)
            date = f"March {r.randint(1, 28)}, 2024 at {r.randint(1, 12)}:{r.randint(10, 59)} pm"
            paras = [paragraph(r) for _ in range(r.choice([1, 1, 1, 2, 3]))]
            extra, extra_text = "", []
            if r.random() < 0.1:
                items = [sentence(r) for _ in range(3)]
                extra = "<ul>" + "".join(f"<li>{html.escape(i)}</li>" for i in items) + "</ul>"
                extra_text = items
            if r.random() < 0.1:
                q = sentence(r)
                extra += f"<blockquote><p>{html.escape(q)}</p></blockquote>"
                extra_text.append(q)
            cls = f"comment depth-{depth}"
            out.append(f'<li id="comment-{cid}" class="{cls}">')
            out.append(comment_html(r, theme, cid, name, date, paras, extra))
            truth.append({"id": str(cid), "parent": parent, "author": name, "date": date,
                          "text": "\n\n".join(paras + extra_text), "depth": depth, "kind": "comment"})
            if depth < 5 and r.random() < 0.35:
                write(depth + 1, str(cid), r.randint(1, 3))
            out.append("</li>")
        out.append("</ol>" if depth > 1 else "")

    tops = r.randint(4, 14)
    write(1, None, tops)
    if r.random() < 0.7:
        counter[0] += 1
        ping = f"Pingback: {sentence(r).rstrip('.?!')} | Some Blog"
        out.append(f'<li id="comment-{counter[0]}" class="pingback depth-1"><div class="comment-body">'
                   f'Pingback: <a href="#">{html.escape(ping[len("Pingback: "):])}</a></div></li>')
        truth.append({"id": str(counter[0]), "parent": None, "author": "", "date": "", "text": ping,
                      "depth": 1, "kind": "pingback"})
    body = "".join(f"<p>{html.escape(paragraph(r))}</p>" for _ in range(5))
    doc = f"""<!DOCTYPE html><html><head><title>{html.escape(title)} | Gazette</title></head><body>
<header><nav><ul><li><a href="#">Home</a></li><li><a href="#">News</a></li><li><a href="#">Contact us</a></li></ul></nav></header>
<main><article><h1 class="entry-title">{html.escape(title)}</h1><div class="entry-content">{body}</div></article>
<div id="comments" class="comments-area"><h2 class="comments-title">{len(truth)} thoughts on &ldquo;{html.escape(title)}&rdquo;</h2>
<ol class="comment-list">{''.join(out)}</ol>
<div id="respond"><h3 id="reply-title">Leave a Reply <small><a href="#">Cancel reply</a></small></h3>
<form><p>Your email address will not be published. Required fields are marked *</p>
<p><label>Comment</label><textarea></textarea></p><p><label>Name *</label><input type="text"/></p>
<p><input type="submit" value="Post Comment"/></p></form></div></div></main>
<aside><h2>Recent Posts</h2><ul><li><a href="#">{html.escape(sentence(r))}</a></li><li><a href="#">{html.escape(sentence(r))}</a></li></ul></aside>
<footer><p>Proudly powered by WordPress</p></footer></body></html>"""
    return doc, {"source": f"page{n}.html", "title": title, "comments": truth}


def main():
    out = sys.argv[1]
    count = int(sys.argv[2]) if len(sys.argv) > 2 else 6
    os.makedirs(out, exist_ok=True)
    for n in range(count):
        r = random.Random(1000 + n)
        doc, truth = page(r, n)
        open(os.path.join(out, f"page{n}.html"), "w").write(doc)
        json.dump(truth, open(os.path.join(out, f"page{n}.truth.json"), "w"), indent=1)


if __name__ == "__main__":
    main()
