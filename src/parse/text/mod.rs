//! Parser for articles saved as text: a page dumped by a browser (w3m, lynx,
//! pandoc, html2text) or copied by hand, with its comment thread below the
//! article.
//!
//! The page is read as lines. The thread section starts after a header such
//! as "5 thoughts on …" (or, without one, at the list that numbers the
//! comments) and ends at furniture such as "Leave a Reply". Inside it, list
//! markers ("1.", "•", "+", …) start comments, and their columns give the
//! nesting; "X says:" and date lines become author and date; "Reply" and
//! "Like" lines close a comment.

mod article;
mod headers;
mod lines;
mod markers;
mod pieces;
mod repeated;
mod section;
#[cfg(test)]
mod tests;
mod tree;

use crate::thread::{Article, Comment, Thread};

use article::build_article;
use lines::{Line, split_cr};
use pieces::{TextPieces, TextPlan};
use section::find_thread_section;
use tree::{build_comments, drop_furniture_rows, drop_trailing_furniture_rows, has_header};

/// Parses a whole text page. Never fails: a page without comments gives an
/// article and an empty thread. The comments get copies of their texts;
/// [`parse_owned`] spares them.
pub fn parse(text: &str) -> Thread {
    let (article, mut comments, plan) = read(text);
    if let Some(plan) = plan {
        plan.copy_into(&mut comments, text);
    }
    thread_of(article, comments)
}

/// Parses a whole text page it is given to keep: the comments' texts are
/// written into the page's own buffer and share it, so the thread holds
/// them once.
pub fn parse_owned(text: String) -> Thread {
    let (article, mut comments, plan) = read(&text);
    if let Some(plan) = plan {
        plan.compact_into(&mut comments, text);
    }
    thread_of(article, comments)
}

/// The article, the comments, and where the comments' texts are in `file`
/// (`None` when the comments already hold them).
fn read(file: &str) -> (Article, Vec<Comment>, Option<TextPlan>) {
    let text = file.trim_start_matches('\u{FEFF}');
    // Sized up front: a growing table would hold up to twice its size.
    let mut lines: Vec<Line> = Vec::with_capacity(text.bytes().filter(|&b| b == b'\n').count() + 1);
    lines.extend(text.split_inclusive('\n').flat_map(split_cr).map(Line::new));
    let untabbed = lines::untabbed_contents(&lines);
    lines::untab(&mut lines, &untabbed);

    let mut texts = TextPieces::new(file);
    let section = find_thread_section(&lines);
    let (mut article_end, comments) = match section {
        Some(s) => (
            s.header.unwrap_or(s.start),
            build_comments(&lines[s.start..s.end], s.start + 1, &mut texts),
        ),
        None => (lines.len(), Vec::new()),
    };
    let comments = drop_furniture_rows(comments, &mut texts);
    let mut comments = drop_trailing_furniture_rows(comments, &mut texts);
    let mut plan = Some(texts.into_plan());
    // Comments that are not list items: when the list reading found few
    // headers, the header shape the page repeats finds them — unless nearly
    // all name the same author: a signature quoted in a few comments (and
    // the article's byline), not a thread.
    let headed = comments.iter().filter(|c| has_header(c)).count();
    if (headed < 20 || headed * 2 < comments.len())
        && let Some(found) = repeated::comments_by_repeated_headers(&lines, 1)
        && found.len() > 2 * headed
        && !one_author_signs_most(&found)
    {
        article_end = article_end.min(found[0].source_line as usize - 1);
        comments = found;
        plan = None;
    }
    let header = section.and_then(|s| s.header).map(|h| &*lines[h].content);
    let article = build_article(&lines[..article_end], header);
    (article, comments, plan)
}

fn thread_of(article: Article, comments: Vec<Comment>) -> Thread {
    let mut thread = Thread {
        article,
        comments,
        encoding: "UTF-8".into(),
        warnings: Vec::new(),
        ..Thread::default()
    };
    thread.assign_ids();
    thread
}

/// More than three in four of `comments` (and at least three) carry the same
/// author.
fn one_author_signs_most(comments: &[Comment]) -> bool {
    let mut counts: std::collections::HashMap<&str, usize> = Default::default();
    for c in comments {
        *counts.entry(c.author.as_str()).or_default() += 1;
    }
    counts
        .values()
        .any(|&n| n >= 3 && n * 4 > comments.len() * 3)
}
