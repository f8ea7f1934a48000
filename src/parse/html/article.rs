//! The article of a saved page: its text by a Readability port
//! (`dom_smoothie`), which scores the page's blocks by their prose rather
//! than trusting one theme's container names; title, author and date from
//! the page's metadata where it has them.

use std::sync::LazyLock;

use scraper::{ElementRef, Html, Selector};

use super::{first_text, selector, text_of};
use crate::thread::Article;

/// Title candidates, best first.
static TITLES: LazyLock<Vec<Selector>> = LazyLock::new(|| {
    [
        ".entry-title",
        "[itemprop=headline]",
        ".post-title",
        "article h1",
    ]
    .into_iter()
    .map(selector)
    .collect()
});
static H1: LazyLock<Selector> = LazyLock::new(|| selector("h1"));
static PARAGRAPH: LazyLock<Selector> = LazyLock::new(|| selector("p"));
static META_TITLE: LazyLock<Selector> = LazyLock::new(|| selector("meta[property='og:title']"));
static DOC_TITLE: LazyLock<Selector> = LazyLock::new(|| selector("title"));
static ARTICLE_BODY: LazyLock<Selector> = LazyLock::new(|| {
    selector(
        ".entry-content, [itemprop=articleBody], .post-content, .article-body, article .content",
    )
});
static ARTICLE_AUTHOR: LazyLock<Selector> = LazyLock::new(|| {
    selector(
        "meta[name=author], .entry-meta .author .fn, .byline .author, .author.vcard .fn, a[rel=author]",
    )
});
static ARTICLE_DATE: LazyLock<Selector> = LazyLock::new(|| {
    selector(
        "meta[property='article:published_time'], time.entry-date, .entry-meta time, time[datetime]",
    )
});

/// Where comment threads sit on a page: removed before Readability reads
/// it, so a long thread is never taken for the article.
const THREAD_SELECTORS: &str = "#comments, #respond, #disqus_thread, .comments-area, \
    .comment-list, .commentlist, ol.comments, .comment-respond, li.comment, article.comment, \
    div.comment, ul.forum, .comment-thread, [itemtype$='schema.org/Comment']";

static CANONICAL: LazyLock<Selector> =
    LazyLock::new(|| selector("link[rel=canonical], meta[property='og:url']"));

/// The page's own address, from its canonical link or `og:url`, without a
/// fragment: comment permalinks are built on it.
pub(super) fn page_url(doc: &Html) -> Option<String> {
    doc.root_element()
        .select(&CANONICAL)
        .filter_map(|e| e.value().attr("href").or_else(|| e.value().attr("content")))
        .map(|u| u.split('#').next().unwrap_or(u).trim().to_string())
        .find(|u| u.starts_with("http://") || u.starts_with("https://"))
}

/// An article, and whether its text came from Readability.
pub(super) struct Found {
    pub article: Article,
    pub from_reader: bool,
}

/// The article text by Readability, with the comment threads taken out first.
fn readable(html: &str) -> Option<dom_smoothie::Article> {
    let document = dom_query::Document::from(html);
    if let Some(threads) = document.try_select(THREAD_SELECTORS) {
        threads.remove();
    }
    let config = dom_smoothie::Config {
        text_mode: dom_smoothie::TextMode::Formatted,
        ..dom_smoothie::Config::default()
    };
    let mut reader = dom_smoothie::Readability::with_document(document, None, Some(config)).ok()?;
    reader.parse().ok()
}

/// "By Ann Lee", "Posted by Ann Lee", "von Ann Lee · 3. Mai": the name alone.
fn clean_byline(byline: &str, commenters: &[&str]) -> String {
    let mut name = byline.split_whitespace().collect::<Vec<_>>().join(" ");
    let lower = name.to_lowercase();
    for prefix in [
        "posted by",
        "written by",
        "published by",
        "veröffentlicht von",
        "geschrieben von",
        "publié par",
        "écrit par",
        "by",
        "von:",
        "von",
        "autor:",
        "autor",
        "author:",
        "par",
        "por",
        "di",
        "door",
    ] {
        if lower.starts_with(prefix) && lower[prefix.len()..].starts_with([' ', ':']) {
            name = name[prefix.len()..]
                .trim_start_matches([' ', ':'])
                .to_string();
            break;
        }
    }
    // A date or a separator after the name is not part of it.
    if let Some(cut) = name.find(['·', '|', '•']).or_else(|| {
        name.char_indices()
            .find(|(_, c)| c.is_ascii_digit())
            .map(|(i, _)| i)
    }) {
        name.truncate(cut);
    }
    let name = name
        .trim()
        .trim_end_matches([',', '-', '–', '/'])
        .trim()
        .to_string();
    let is_commenter = commenters.iter().any(|c| c.eq_ignore_ascii_case(&name));
    let says = crate::parse::vocabulary::get()
        .says
        .iter()
        .any(|verb| name.to_lowercase().ends_with(&format!(" {verb}:")));
    if name.is_empty() || is_commenter || says || name.split_whitespace().count() > 6 {
        String::new()
    } else {
        name
    }
}

/// The page's article. `commenters` are names no byline may take.
pub(super) fn article_of(doc: &Html, html: &str, commenters: &[&str]) -> Found {
    let root = doc.root_element();
    let attr_or_text = |sel: &Selector| -> String {
        root.select(sel)
            .map(|e| {
                e.value()
                    .attr("content")
                    .or_else(|| {
                        e.value()
                            .attr("datetime")
                            .filter(|_| e.value().name() == "meta")
                    })
                    .map_or_else(|| text_of(e, false), str::to_string)
            })
            .find(|t| !t.trim().is_empty())
            .unwrap_or_default()
    };
    let reader = readable(html);
    let mut title = TITLES
        .iter()
        .map(|sel| first_text(root, sel))
        .find(|t| !t.is_empty())
        .unwrap_or_default();
    for fallback in [&*META_TITLE, &*H1, &*DOC_TITLE] {
        if title.is_empty() {
            title = attr_or_text(fallback);
        }
    }
    let reader_body = reader
        .as_ref()
        .map(|a| tidy_paragraphs(&a.text_content))
        .filter(|b| !b.is_empty());
    let from_reader = reader_body.is_some();
    let mut body = reader_body.unwrap_or_default();
    if body.is_empty() {
        body = root
            .select(&ARTICLE_BODY)
            .map(|e| text_of(e, true))
            .max_by_key(String::len)
            .unwrap_or_default();
    }
    if body.is_empty() {
        // Paragraphs outside comments, navigation and footers.
        let outside = |p: &ElementRef<'_>| {
            !p.ancestors().filter_map(ElementRef::wrap).any(|a| {
                let v = a.value();
                matches!(v.name(), "nav" | "footer" | "aside" | "header" | "form")
                    || v.classes().any(|c| {
                        c.contains("comment") || c.contains("sidebar") || c.contains("widget")
                    })
                    || v.id().is_some_and(|id| id.contains("comment"))
            })
        };
        body = root
            .select(&PARAGRAPH)
            .filter(outside)
            .map(|p| text_of(p, true))
            .filter(|t| t.split_whitespace().count() >= 3)
            .collect::<Vec<_>>()
            .join("\n\n");
    }
    let date = reader
        .as_ref()
        .and_then(|a| a.published_time.clone())
        .filter(|d| !d.trim().is_empty());
    let date = date.unwrap_or_else(|| {
        root.select(&ARTICLE_DATE)
            .map(|e| {
                e.value()
                    .attr("content")
                    .map_or_else(|| text_of(e, false), str::to_string)
            })
            .find(|t| !t.trim().is_empty())
            .unwrap_or_default()
    });
    if let Some(reader_title) = reader
        .as_ref()
        .map(|a| a.title.trim())
        .filter(|t| !t.is_empty())
        && title.is_empty()
    {
        title = reader_title.to_string();
    }
    let mut author = attr_or_text(&ARTICLE_AUTHOR).trim().to_string();
    if author.is_empty()
        && let Some(byline) = reader.as_ref().and_then(|a| a.byline.as_deref())
    {
        author = clean_byline(byline, commenters);
    }
    Found {
        article: Article {
            title: title.split_whitespace().collect::<Vec<_>>().join(" "),
            author,
            posted_at: date.trim().to_string(),
            body,
        },
        from_reader,
    }
}

/// Readability's text with each paragraph on one line and one blank line
/// between paragraphs, as every article body is kept.
fn tidy_paragraphs(text: &str) -> String {
    let mut paragraphs: Vec<String> = Vec::new();
    let mut current: Vec<&str> = Vec::new();
    for line in text.lines().map(str::trim) {
        if line.is_empty() {
            if !current.is_empty() {
                paragraphs.push(current.join(" "));
                current.clear();
            }
        } else {
            current.extend(line.split_whitespace());
        }
    }
    if !current.is_empty() {
        paragraphs.push(current.join(" "));
    }
    paragraphs.join("\n\n")
}
