//! Saved article pages (.html): the article and the comment tree from
//! WordPress-style markup (`li.comment` with `depth-N` classes), or — for
//! other pages — the page rendered to text and read by the text parser.
//! Parsing never runs scripts or fetches anything: html5ever builds a tree
//! and only text is taken from it.

use ego_tree::NodeRef;
use scraper::{ElementRef, Html, Node, Selector};

mod article;
mod comments;

use super::flat::{FlatComment, build_thread};
use crate::thread::{Comment, CommentKind, Origin, Thread};

fn selector(css: &str) -> Selector {
    // The selectors below are constants; a typo is caught by the tests.
    Selector::parse(css)
        .unwrap_or_else(|_| Selector::parse("threadmod-never-matches").expect("valid selector"))
}

/// Classes whose text is page furniture inside a comment.
const FURNITURE_CLASSES: &[&str] = &[
    "comment-meta",
    "commentmetadata",
    "comment-metadata",
    "comment-author",
    "comment-likes",
    "comment-actions",
    "reply",
    "vcard",
    "comment-awaiting-moderation",
    "sharedaddy",
    "children",
];

const BLOCK_TAGS: &[&str] = &[
    "p",
    "div",
    "br",
    "li",
    "ul",
    "ol",
    "blockquote",
    "pre",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "tr",
    "table",
    "section",
    "article",
    "header",
    "footer",
    "dd",
    "dt",
    "hr",
    "figure",
];

/// One step of a walk through an element's tree.
enum Step<'a> {
    Open(&'a scraper::node::Element),
    Text(&'a str),
    Close(&'a scraper::node::Element),
}

/// Visits `root` and its descendants in document order without recursion,
/// jumping over (not reading through) every subtree whose element `prune`
/// refuses: reading a comment must not cost the size of the replies
/// nested inside it, or a deep thread costs the square of its size.
/// `prune` is told whether the element is `root` itself.
fn each_node<'a>(
    root: ElementRef<'a>,
    prune: impl Fn(ElementRef<'a>, bool) -> bool,
    mut enter: impl FnMut(NodeRef<'a, Node>),
    mut leave: impl FnMut(NodeRef<'a, Node>),
) {
    let top: NodeRef<'a, Node> = *root;
    let mut node = top;
    'nodes: loop {
        let pruned = ElementRef::wrap(node).is_some_and(|e| prune(e, node.id() == top.id()));
        if !pruned {
            enter(node);
            if let Some(child) = node.first_child() {
                node = child;
                continue;
            }
            leave(node);
        }
        // On to the next sibling, leaving each parent whose last child is done.
        loop {
            if node.id() == top.id() {
                break 'nodes;
            }
            if let Some(sibling) = node.next_sibling() {
                node = sibling;
                continue 'nodes;
            }
            match node.parent() {
                Some(parent) => {
                    node = parent;
                    leave(node);
                }
                None => break 'nodes,
            }
        }
    }
}

/// Walks `root` in document order, leaving out every subtree whose element
/// `skip` refuses (scripts, furniture…).
fn walk<'a>(
    root: ElementRef<'a>,
    skip: impl Fn(&scraper::node::Element, bool) -> bool,
    mut visit: impl FnMut(Step<'a>),
) {
    // Both callbacks visit; a RefCell lets them share it.
    let visit = std::cell::RefCell::new(&mut visit);
    each_node(
        root,
        |e, is_root| skip(e.value(), is_root),
        |node| match node.value() {
            Node::Element(el) => (visit.borrow_mut())(Step::Open(el)),
            Node::Text(t) => (visit.borrow_mut())(Step::Text(t)),
            _ => {}
        },
        |node| {
            if let Node::Element(el) = node.value() {
                (visit.borrow_mut())(Step::Close(el));
            }
        },
    );
}

/// The text of the first element under `root` matching `sel` that has any.
fn first_text(root: ElementRef<'_>, sel: &Selector) -> String {
    root.select(sel)
        .map(|e| text_of(e, false))
        .find(|t| !t.is_empty())
        .unwrap_or_default()
}

/// Elements whose content is never text: scripts, styles and the like.
fn is_code(name: &str) -> bool {
    matches!(name, "script" | "style" | "noscript" | "template" | "svg")
}

/// Page furniture inside a comment: its header, meta line, reply links,
/// likes; named by class, whatever the theme's prefix.
fn is_furniture(el: &scraper::node::Element) -> bool {
    const PARTS: &[&str] = &[
        "meta",
        "metadata",
        "reply",
        "author",
        "avatar",
        "header",
        "footer",
        "actions",
        "likes",
        "rating",
        "awaiting",
        "moderation",
        "nav",
    ];
    el.classes().any(|c| {
        FURNITURE_CLASSES.contains(&c)
            || (c.contains("comment")
                && !c.starts_with("comment-author-")
                && c.split(['-', '_']).any(|w| PARTS.contains(&w)))
    }) || (el.name() == "li" && el.classes().any(|c| c == "comment" || c == "pingback"))
}

/// Text of an element: blocks become paragraphs, furniture and nested
/// comments are skipped, scripts and styles never read.
fn text_of(root: ElementRef<'_>, skip_furniture: bool) -> String {
    let mut out = String::new();
    let skip = |el: &scraper::node::Element, is_root: bool| {
        let furniture = skip_furniture && !is_root && is_furniture(el);
        is_code(el.name()) || furniture
    };
    walk(root, skip, |step| match step {
        Step::Open(el) | Step::Close(el) if BLOCK_TAGS.contains(&el.name()) => {
            push_break(&mut out, el.name() != "br");
        }
        Step::Text(t) => push_words(&mut out, t),
        _ => {}
    });
    tidy(&out)
}

/// Text of a comment's element without the subtrees in `skip` (its author
/// and date) and without nested comments.
fn text_without(
    root: ElementRef<'_>,
    comments: &rustc_hash::FxHashMap<ego_tree::NodeId, usize>,
    skip: &[ego_tree::NodeId],
) -> String {
    let mut out = String::new();
    let visit = std::cell::RefCell::new(&mut out);
    each_node(
        root,
        |e, is_root| {
            !is_root
                && (skip.contains(&e.id())
                    || comments.contains_key(&e.id())
                    || is_code(e.value().name())
                    || is_furniture(e.value()))
        },
        |node| match node.value() {
            Node::Element(el) if BLOCK_TAGS.contains(&el.name()) => {
                push_break(&mut visit.borrow_mut(), el.name() != "br");
            }
            Node::Text(t) => push_words(&mut visit.borrow_mut(), t),
            _ => {}
        },
        |node| {
            if let Node::Element(el) = node.value()
                && BLOCK_TAGS.contains(&el.name())
            {
                push_break(&mut visit.borrow_mut(), el.name() != "br");
            }
        },
    );
    tidy(&out)
}

fn push_words(out: &mut String, text: &str) {
    if text.starts_with(char::is_whitespace) && !out.ends_with([' ', '\n']) && !out.is_empty() {
        out.push(' ');
    }
    let mut first = true;
    for word in text.split_whitespace() {
        if !first {
            out.push(' ');
        }
        out.push_str(word);
        first = false;
    }
    if text.ends_with(char::is_whitespace) && !first {
        out.push(' ');
    }
}

fn push_break(out: &mut String, paragraph: bool) {
    while out.ends_with(' ') {
        out.pop();
    }
    if out.is_empty() {
        return;
    }
    if paragraph {
        if !out.ends_with("\n\n") {
            out.push_str(if out.ends_with('\n') { "\n" } else { "\n\n" });
        }
    } else if !out.ends_with('\n') {
        out.push('\n');
    }
}

/// Trims lines and keeps at most one blank line between paragraphs.
fn tidy(s: &str) -> String {
    let mut out: Vec<&str> = Vec::new();
    for line in s.split('\n').map(str::trim) {
        if line.is_empty() && out.last().is_none_or(|l| l.is_empty()) {
            continue;
        }
        out.push(line);
    }
    while out.last().is_some_and(|l| l.is_empty()) {
        out.pop();
    }
    out.join("\n")
}

/// Plain text of an HTML fragment (Disqus messages, Hacker News comments).
pub fn fragment_to_text(html: &str) -> String {
    if !html.contains('<') && !html.contains('&') {
        return html.trim().to_string();
    }
    let doc = Html::parse_fragment(html);
    text_of(doc.root_element(), false)
}

/// Parses a saved page.
pub fn parse(html: &str) -> Thread {
    let doc = Html::parse_document(html);
    let found = comments::find(&doc);
    if found.is_empty() {
        // No comment markup: read the page as a text browser would show it.
        let mut thread = super::text::parse_owned(render_as_text(&doc));
        let found = article::article_of(&doc, html, &[]);
        if !found.article.title.is_empty() {
            thread.article.title = found.article.title;
        }
        if found.from_reader {
            thread.article.body = found.article.body;
        }
        return thread;
    }
    let index = comments::index(&found);
    let page_url = article::page_url(&doc);
    // The page's own comment number where it shows one: unique per page.
    let key = |i: usize| found[i].number.clone().unwrap_or_else(|| format!("#{i}"));
    let flat: Vec<FlatComment> = found
        .iter()
        .enumerate()
        .map(|(i, f)| {
            let value = f.element.value();
            let is_ping = value.classes().any(|c| c == "pingback" || c == "trackback");
            let parts = comments::parts(f.element, &index, !is_ping);
            FlatComment {
                key: key(i),
                parent_key: f.parent.map(key),
                comment: Comment {
                    // The platform's own id (WordPress `comment-42` → 42) and
                    // the comment's anchor on the page's address.
                    origin: Origin::new(
                        f.number.clone().unwrap_or_default(),
                        match (&page_url, f.element.value().id()) {
                            (Some(page), Some(anchor)) if f.number.is_some() => {
                                format!("{page}#{anchor}")
                            }
                            _ => String::new(),
                        },
                    ),
                    author: parts.author.into(),
                    posted_at: parts.posted_at.into(),
                    text: parts.text.into(),
                    kind: if is_ping {
                        CommentKind::Pingback
                    } else {
                        CommentKind::Comment
                    },
                    ..Comment::default()
                },
            }
        })
        .collect();
    let commenters: Vec<&str> = flat
        .iter()
        .map(|c: &FlatComment| c.comment.author.as_str())
        .collect();
    let article = article::article_of(&doc, html, &commenters).article;
    let mut thread = build_thread(article, flat);
    thread.encoding = "UTF-8".into();
    thread
}

/// The page as text: blocks on their own lines, list items as indented
/// bullets, so the text parser can find the thread.
fn render_as_text(doc: &Html) -> String {
    let mut out = String::new();
    let mut depth = 0usize;
    let skip = |el: &scraper::node::Element, _: bool| is_code(el.name()) || el.name() == "head";
    walk(doc.root_element(), skip, |step| match step {
        Step::Open(el) => match el.name() {
            "ul" | "ol" => depth += 1,
            "li" => {
                out.push_str("\n\n");
                out.push_str(&"  ".repeat(depth.min(200)));
                out.push_str("• ");
            }
            name if BLOCK_TAGS.contains(&name) => out.push_str("\n\n"),
            _ => {}
        },
        Step::Text(t) => push_words(&mut out, t),
        Step::Close(el) if matches!(el.name(), "ul" | "ol") => depth = depth.saturating_sub(1),
        Step::Close(_) => {}
    });
    out
}
