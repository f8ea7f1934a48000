//! Comments of a saved page found by their structure, not by one theme's
//! class names: a comment is the outermost element that carries a comment
//! number (`id="comment-42"`, `li-comment-42`, Blogger's `c1234567`, SPIP's
//! `forum42`, a `comment-42` class), or, on pages without numbers, an element
//! marked as a comment by class or schema.org microdata. Its parent is the
//! enclosing comment, or the comment just before the reply list that holds
//! it; `depth-N` classes win where every comment has one. Author, date and
//! text are looked for in the comment's own elements, in order of how
//! reliably each kind of markup names them.

use std::sync::LazyLock;

use ego_tree::{NodeId, NodeRef};
use regex::Regex;
use rustc_hash::FxHashMap;
use scraper::{ElementRef, Html, Node, Selector};

use super::{each_node, is_code, selector, text_of, text_without};

/// A comment container found on the page.
pub(super) struct Found<'a> {
    pub element: ElementRef<'a>,
    /// The page's own comment number, when it shows one.
    pub number: Option<String>,
    /// Index of the parent in the found list.
    pub parent: Option<usize>,
}

/// Ids that number a comment: `comment-42`, `li-comment-42`, `div-comment-42`,
/// Blogger's `c` + a long number, SPIP's `forum42`.
static NUMBERED_ID: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:(?:[a-z]+-)*comment-?(\d+)|c(\d{6,})|forum(\d+))$").expect("valid regex")
});
/// A class that numbers a comment.
static NUMBERED_CLASS: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^comment-(\d+)$").expect("valid regex"));

/// Comments marked by class or microdata, for pages that number none.
static MARKED_COMMENT: LazyLock<Selector> = LazyLock::new(|| {
    selector(
        "li.comment, li.pingback, li.trackback, article.comment, div.comment, \
         [itemtype$='schema.org/Comment'], [itemtype$='schema.org/UserComments']",
    )
});

fn number_of(el: &scraper::node::Element) -> Option<String> {
    if let Some(caps) = el.id().and_then(|id| NUMBERED_ID.captures(id)) {
        return caps
            .iter()
            .skip(1)
            .flatten()
            .next()
            .map(|m| m.as_str().to_string());
    }
    el.classes()
        .find_map(|c| NUMBERED_CLASS.captures(c).map(|m| m[1].to_string()))
}

fn has_text(el: ElementRef<'_>) -> bool {
    el.text().any(|t| !t.trim().is_empty())
}

/// Each number's comment: the outermost element carrying it. An empty
/// anchor (`<a id="comment-42"></a>`, Drupal and SPIP) stands for the
/// comment element right after it, or else for the largest element around
/// it that holds no other comment's number.
fn numbered<'a>(doc: &'a Html) -> Vec<(ElementRef<'a>, String)> {
    let tagged: Vec<(ElementRef<'a>, String)> = doc
        .root_element()
        .descendants()
        .filter_map(ElementRef::wrap)
        .filter(|e| !is_code(e.value().name()))
        .filter_map(|e| number_of(e.value()).map(|n| (e, n)))
        .collect();
    if tagged.is_empty() {
        return Vec::new();
    }
    // For each element, the one number found in it, or None when it holds
    // several: computed once, bottom-up, so climbing costs nothing.
    let mut only_number: FxHashMap<NodeId, Option<String>> = FxHashMap::default();
    for (e, n) in &tagged {
        for node in std::iter::once(**e).chain(e.ancestors()) {
            match only_number.get(&node.id()) {
                None => {
                    only_number.insert(node.id(), Some(n.clone()));
                }
                Some(Some(other)) if other != n => {
                    only_number.insert(node.id(), None);
                }
                // Already holds this number, or several: so do its ancestors.
                Some(Some(_)) => {}
                Some(None) => break,
            }
        }
    }
    let mut chosen: Vec<(ElementRef<'a>, String)> = Vec::new();
    let mut seen: rustc_hash::FxHashSet<String> = Default::default();
    for (e, n) in tagged {
        if seen.contains(&n) {
            continue;
        }
        let element = if has_text(e) {
            e
        } else {
            let next_comment = e
                .next_siblings()
                .filter_map(ElementRef::wrap)
                .next()
                .filter(|s| s.value().classes().any(|c| c.contains("comment")));
            match next_comment {
                Some(s) => s,
                None => {
                    let mut top = e;
                    // Up to the list item at most: a list holding one
                    // reply is not that reply.
                    while let Some(parent) = top.parent().and_then(ElementRef::wrap) {
                        if only_number.get(&parent.id()).and_then(Option::as_deref)
                            != Some(n.as_str())
                            || matches!(parent.value().name(), "body" | "html" | "ul" | "ol")
                        {
                            break;
                        }
                        top = parent;
                    }
                    top
                }
            }
        };
        if !has_text(element) {
            continue;
        }
        seen.insert(n.clone());
        chosen.push((element, n));
    }
    // An anchor's comment may come before an element found earlier.
    let order: FxHashMap<NodeId, usize> = doc
        .root_element()
        .descendants()
        .enumerate()
        .map(|(i, n)| (n.id(), i))
        .collect();
    chosen.sort_by_key(|(e, _)| order.get(&e.id()).copied().unwrap_or(usize::MAX));
    chosen
}

/// Comments marked by class or microdata: an element inside another one
/// that is only its wrapper (its first element, all the way down) is the
/// same comment, not a reply.
fn marked<'a>(doc: &'a Html) -> Vec<ElementRef<'a>> {
    let mut chosen: Vec<ElementRef<'a>> = Vec::new();
    let mut ids: rustc_hash::FxHashSet<NodeId> = Default::default();
    for e in doc.select(&MARKED_COMMENT) {
        let wraps = e
            .ancestors()
            .filter_map(ElementRef::wrap)
            .find(|a| ids.contains(&a.id()))
            .is_some_and(|outer| first_element_path(outer, e));
        if !wraps {
            ids.insert(e.id());
            chosen.push(e);
        }
    }
    chosen
}

/// Whether `inner` is reached from `outer` through first element children only.
fn first_element_path(outer: ElementRef<'_>, inner: ElementRef<'_>) -> bool {
    let mut node = *inner;
    while node.id() != outer.id() {
        let Some(parent) = node.parent() else {
            return false;
        };
        let first = parent.children().find(|c| c.value().is_element());
        if first.map(|f| f.id()) != Some(node.id()) {
            return false;
        }
        node = parent;
    }
    true
}

fn depth_class(el: &scraper::node::Element) -> Option<usize> {
    el.classes()
        .find_map(|c| c.strip_prefix("depth-").and_then(|d| d.parse().ok()))
}

/// Parents from `depth-N` classes: each comment's parent is the last one
/// seen a level up.
fn parents_by_depth(depths: &[usize]) -> Vec<Option<usize>> {
    let mut open: Vec<usize> = Vec::new();
    depths
        .iter()
        .enumerate()
        .map(|(i, &depth)| {
            let depth = depth.clamp(1, 100_000);
            open.truncate(depth - 1);
            let parent = open.last().copied();
            while open.len() < depth - 1 {
                open.push(parent.unwrap_or(i));
            }
            open.push(i);
            parent
        })
        .collect()
}

/// Parents from the page's structure: the nearest enclosing comment, or the
/// comment right before the reply list that encloses this one.
fn parents_by_nesting(found: &[ElementRef<'_>]) -> Vec<Option<usize>> {
    let index: FxHashMap<NodeId, usize> =
        found.iter().enumerate().map(|(i, e)| (e.id(), i)).collect();
    found
        .iter()
        .enumerate()
        .map(|(i, e)| {
            for a in e.ancestors() {
                if let Some(&p) = index.get(&a.id()) {
                    return Some(p);
                }
                if a.value()
                    .as_element()
                    .is_some_and(|el| matches!(el.name(), "body" | "html"))
                {
                    break;
                }
                let before = a.prev_siblings().find(|s| s.value().is_element());
                if let Some(&p) = before.and_then(|b| index.get(&b.id()))
                    && p < i
                {
                    return Some(p);
                }
            }
            None
        })
        .collect()
}

/// Every comment on the page, in document order, with its parent.
pub(super) fn find(doc: &Html) -> Vec<Found<'_>> {
    let numbered = numbered(doc);
    let (elements, numbers): (Vec<ElementRef<'_>>, Vec<Option<String>>) = if numbered.is_empty() {
        marked(doc).into_iter().map(|e| (e, None)).unzip()
    } else {
        numbered.into_iter().map(|(e, n)| (e, Some(n))).unzip()
    };
    let depths: Option<Vec<usize>> = elements.iter().map(|e| depth_class(e.value())).collect();
    let parents = match depths {
        Some(depths) if !depths.is_empty() => parents_by_depth(&depths),
        _ => parents_by_nesting(&elements),
    };
    elements
        .into_iter()
        .zip(numbers)
        .zip(parents)
        .map(|((element, number), parent)| Found {
            element,
            number,
            parent,
        })
        .collect()
}

// ---------------------------------------------------------------------------
// A comment's own parts

/// Words a class names an author by, split on `-` and `_`.
const AUTHOR_WORDS: &[&str] = &[
    "author",
    "fn",
    "user",
    "username",
    "name",
    "nick",
    "commenter",
    "poster",
];
/// Words of classes around an author that are not the name.
const NOT_AUTHOR_WORDS: &[&str] = &[
    "avatar", "url", "says", "reply", "link", "photo", "img", "image", "pic", "bio", "badge",
    "role",
];
const DATE_WORDS: &[&str] = &[
    "date",
    "time",
    "datetime",
    "published",
    "posted",
    "submitted",
    "timestamp",
    "ago",
];

fn class_words(el: &scraper::node::Element) -> impl Iterator<Item = &str> {
    el.classes().flat_map(|c| c.split(['-', '_']))
}

/// Classes that mark an author: a word of [`AUTHOR_WORDS`] and none of
/// [`NOT_AUTHOR_WORDS`]. WordPress's `comment-author-LOGIN` class names a
/// login, not the name shown.
fn is_author_element(el: &scraper::node::Element) -> bool {
    let classes = || el.classes().filter(|c| !c.starts_with("comment-author-"));
    let words = || classes().flat_map(|c| c.split(['-', '_']));
    words().any(|w| AUTHOR_WORDS.contains(&w.to_ascii_lowercase().as_str()))
        && !words().any(|w| NOT_AUTHOR_WORDS.contains(&w.to_ascii_lowercase().as_str()))
}

/// A comment's own markup in document order, in one walk: its elements
/// (not the comment itself) and its non-blank text nodes, nothing inside a
/// nested comment.
struct Own<'a> {
    elements: Vec<ElementRef<'a>>,
    texts: Vec<(NodeRef<'a, Node>, &'a str)>,
}

fn own_markup<'a>(comment: ElementRef<'a>, comments: &FxHashMap<NodeId, usize>) -> Own<'a> {
    let mut own = Own {
        elements: Vec::new(),
        texts: Vec::new(),
    };
    each_node(
        comment,
        |e, is_root| !is_root && (comments.contains_key(&e.id()) || is_code(e.value().name())),
        |node| match node.value() {
            Node::Text(t) if !t.trim().is_empty() => own.texts.push((node, t)),
            Node::Element(_) if node.id() != comment.id() => {
                own.elements.extend(ElementRef::wrap(node));
            }
            _ => {}
        },
        |_| {},
    );
    own
}

fn squeeze(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn first_text_leaf(e: ElementRef<'_>) -> Option<String> {
    e.text().map(str::trim).find(|t| !t.is_empty()).map(squeeze)
}

static DATE_LIKE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b(?:19|20)\d\d\b|\b\d{1,2}[./]\d{1,2}[./]\d{2,4}\b|\b\d{1,2}[:h]\d{2}\b|\b\d+\s+\w+\s+ago\b")
        .expect("valid regex")
});

/// Permalinks to a comment: `#comment-42`, `#c123…`, `#forum42`, `?showComment=`.
static PERMALINK: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"#(?:comment-?\d+|c\d{6,}|forum\d+)$|[?&]showComment=").expect("valid regex")
});

static ITEMPROP_AUTHOR: LazyLock<Selector> = LazyLock::new(|| selector("[itemprop=author]"));
static ITEMPROP_NAME: LazyLock<Selector> = LazyLock::new(|| selector("[itemprop=name]"));

/// A name as the page shows it, without "says:" and trailing punctuation.
pub(super) fn clean_author(s: &str) -> String {
    let s = squeeze(s);
    let s = s.trim_end_matches([':', ' ']);
    let lower = s.to_lowercase();
    let mut end = s.len();
    for verb in crate::parse::vocabulary::get().says.iter() {
        if lower.ends_with(&format!(" {verb}")) {
            end = s.len() - verb.len() - 1;
            break;
        }
    }
    s[..end].trim_end_matches([':', ' ']).trim().to_string()
}

/// The content element: a class that says comment + content, text or body.
fn content_element<'a>(own: &[ElementRef<'a>]) -> Option<ElementRef<'a>> {
    let token_with = |part: &str| {
        own.iter().copied().find(|e| {
            e.value().classes().any(|c| {
                let c = c.to_ascii_lowercase();
                (c.contains("comment") && c.contains(part)) || c == "contenttext"
            })
        })
    };
    token_with("content")
        .or_else(|| token_with("text"))
        .or_else(|| {
            own.iter()
                .copied()
                .find(|e| matches!(e.value().attr("itemprop"), Some("text" | "commentText")))
        })
}

/// A comment's body wrapper (`.comment-body`): it may hold the header too,
/// so its text is read without the author and date elements.
fn body_element<'a>(own: &[ElementRef<'a>]) -> Option<ElementRef<'a>> {
    own.iter().copied().find(|e| {
        e.value().classes().any(|c| {
            let c = c.to_ascii_lowercase();
            c.contains("comment") && c.contains("body")
        })
    })
}

/// Author, date and text of one comment.
pub(super) struct Parts {
    pub author: String,
    pub posted_at: String,
    pub text: String,
}

/// `guess`: also take a date-looking text node as the date and a short
/// text before it as the author, when no element names them (not for
/// pingbacks, whose text is a link to another page).
pub(super) fn parts(
    comment: ElementRef<'_>,
    comments: &FxHashMap<NodeId, usize>,
    guess: bool,
) -> Parts {
    let Own {
        elements: own,
        texts,
    } = own_markup(comment, comments);
    let content = content_element(&own);
    let inside_content = |e: &ElementRef<'_>| {
        content.is_some_and(|c| e.id() == c.id() || e.ancestors().any(|a| a.id() == c.id()))
    };
    let outside: Vec<ElementRef<'_>> = own.iter().copied().filter(|e| !inside_content(e)).collect();

    // The date first: its element bounds where a bare author name can be.
    let date_element = outside
        .iter()
        .copied()
        .find(|e| e.value().name() == "time")
        .filter(|e| {
            first_text_leaf(*e).is_some_and(|t| t.chars().any(char::is_numeric))
                || e.value().attr("datetime").is_some_and(|d| !d.is_empty())
        })
        .or_else(|| {
            outside.iter().copied().find(|e| {
                e.value().name() == "a"
                    && e.value()
                        .attr("href")
                        .is_some_and(|h| PERMALINK.is_match(h))
                    && e.text().any(|t| t.chars().any(char::is_numeric))
            })
        })
        .or_else(|| {
            outside.iter().copied().find(|e| {
                class_words(e.value())
                    .any(|w| DATE_WORDS.contains(&w.to_ascii_lowercase().as_str()))
                    && e.text().any(|t| t.chars().any(char::is_numeric))
            })
        });
    let mut posted_at = date_element
        .map(|e| {
            let shown = squeeze(&e.text().collect::<String>());
            if shown.chars().any(char::is_numeric) {
                shown
            } else {
                e.value().attr("datetime").unwrap_or_default().to_string()
            }
        })
        .unwrap_or_default();
    let text_outside = |node: &NodeRef<'_, Node>| {
        !content.is_some_and(|c| node.ancestors().any(|a| a.id() == c.id()))
    };
    if posted_at.is_empty() && guess {
        posted_at = texts
            .iter()
            .filter(|(n, _)| text_outside(n))
            .map(|(_, t)| squeeze(t))
            .find(|t| t.split_whitespace().count() <= 12 && DATE_LIKE.is_match(t))
            .unwrap_or_default();
    }

    let author_element = outside
        .iter()
        .copied()
        .find(|e| ITEMPROP_AUTHOR.matches(e))
        .or_else(|| {
            outside
                .iter()
                .copied()
                .find(|e| is_author_element(e.value()) && first_text_leaf(*e).is_some())
        });
    let mut author = author_element
        .and_then(|a| {
            a.select(&ITEMPROP_NAME)
                .next()
                .and_then(first_text_leaf)
                .or_else(|| first_text_leaf(a))
        })
        .map(|a| clean_author(&a))
        .unwrap_or_default();
    let mut guessed_element = None;
    if author.is_empty()
        && guess
        && let Some(date) = date_element.filter(|d| has_text(*d))
    {
        // A short line of text right before the date, outside the content:
        // the name in "Ann  March 3, 2024".
        let in_date = |node: &NodeRef<'_, Node>| node.ancestors().any(|a| a.id() == date.id());
        let guessed = texts
            .iter()
            .take_while(|(n, _)| !in_date(n))
            .filter(|(n, _)| text_outside(n))
            .map(|(n, t)| (n, clean_author(t)))
            .find(|(_, t)| {
                t.chars().any(char::is_alphabetic)
                    && t.split_whitespace().count() <= 5
                    && t.chars().count() <= 60
                    && !DATE_LIKE.is_match(t)
            });
        if let Some((node, name)) = guessed {
            // The element holding just the name is header, not text.
            guessed_element = node
                .parent()
                .and_then(ElementRef::wrap)
                .filter(|e| squeeze(&e.text().collect::<String>()) == name);
            author = name;
        }
    }
    if squeeze(&posted_at) == author {
        posted_at.clear();
    }
    let text = match content {
        Some(c) => text_of(c, true),
        None => {
            // Without a content element, the header's parts are not text.
            let mut header: Vec<NodeId> = date_element.iter().map(|d| d.id()).collect();
            header.extend(author_element.or(guessed_element).map(|a| a.id()));
            let root = body_element(&own).unwrap_or(comment);
            text_without(root, comments, &header)
        }
    };
    Parts {
        author,
        posted_at,
        text,
    }
}

/// Comments found, by node, for pruning walks at nested comments.
pub(super) fn index(found: &[Found<'_>]) -> FxHashMap<NodeId, usize> {
    found
        .iter()
        .enumerate()
        .map(|(i, f)| (f.element.id(), i))
        .collect()
}
