//! Step 6: the article above the thread: its title, byline and paragraphs.

use std::sync::LazyLock;

use regex::Regex;

use super::headers::*;
use super::lines::{Line, normalized};
use super::markers::split_marker;
use crate::thread::Article;

pub(super) static BYLINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:by|written\s+by|posted\s+by|published\s+by|author:?)\s+(.{2,60})$")
        .expect("valid regex")
});
pub(super) static POSTED_ON: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?ix)^(?:posted|published|updated)?\s*(?:on\s+)?({})",
        *DATE
    ))
    .expect("valid regex")
});

pub(super) fn paragraphs_of(lines: &[Line<'_>]) -> Vec<String> {
    let mut paragraphs: Vec<String> = Vec::new();
    let mut new_paragraph = true;
    for line in lines {
        if line.is_blank() {
            new_paragraph = true;
            continue;
        }
        match paragraphs.last_mut() {
            Some(p) if !new_paragraph => {
                p.push(' ');
                p.push_str(line.content);
            }
            _ => paragraphs.push(line.content.to_string()),
        }
        new_paragraph = false;
    }
    paragraphs
}

pub(super) fn unquote_title(header: &str) -> Option<String> {
    let start = header.find(['“', '"', '‘', '«'])?;
    let inner = &header[start..];
    let first = inner.chars().next()?;
    let inner = &inner[first.len_utf8()..];
    let end = inner.rfind(['”', '"', '’', '»']).unwrap_or(inner.len());
    let title = inner[..end].trim();
    (!title.is_empty()).then(|| title.to_string())
}

/// Without a thread header naming it, the title is the longest short,
/// stand-alone line shortly before the first long paragraph of prose.
pub(super) fn guess_title(lines: &[Line<'_>]) -> Option<usize> {
    let blank_at = |i: usize| lines.get(i).is_none_or(Line::is_blank);
    let standalone = |i: usize| (i == 0 || blank_at(i - 1)) && blank_at(i + 1);
    // First paragraph of 40+ words, or else of a dozen words ending a sentence.
    let mut prose_at = None;
    let mut short_prose_at = None;
    let mut para_start = 0;
    let mut words = 0;
    for (i, l) in lines.iter().enumerate() {
        // Menus are lists of short items, not prose.
        if l.is_blank() || split_marker(l).is_some() || l.content.contains('»') {
            words = 0;
            para_start = i + 1;
            continue;
        }
        words += l.content.split_whitespace().count();
        if words >= 40 {
            prose_at = Some(para_start);
            break;
        }
        if words >= 12 && short_prose_at.is_none() && l.content.ends_with(['.', '!', '?', '"', '”'])
        {
            short_prose_at = Some(para_start);
        }
    }
    let Some(prose_at) = prose_at.or(short_prose_at) else {
        return lines.iter().position(|l| !l.is_blank());
    };
    let from = prose_at.saturating_sub(30);
    let candidate = |i: &usize| {
        let l = &lines[*i];
        let n = l.content.split_whitespace().count();
        standalone(*i)
            && (3..=25).contains(&n)
            && !l.content.ends_with([':', ','])
            && !l.content.contains('»')
            && !l.content.to_lowercase().starts_with("skip to")
            && split_marker(l).is_none()
    };
    (from..prose_at)
        .filter(candidate)
        .max_by_key(|&i| {
            let words = lines[i].content.split_whitespace().count() as i64;
            let sentence_penalty = if lines[i].content.ends_with('.') {
                5
            } else {
                0
            };
            (words - sentence_penalty, std::cmp::Reverse(i))
        })
        .or_else(|| lines.iter().position(|l| !l.is_blank()))
}

pub(super) fn build_article(lines: &[Line<'_>], header: Option<&str>) -> Article {
    let mut article = Article::default();
    let quoted = header.and_then(unquote_title);
    let title_at = quoted
        .as_deref()
        .and_then(|t| {
            let t = normalized(t);
            lines.iter().rposition(|l| normalized(l.content) == t)
        })
        .or_else(|| guess_title(lines));
    let Some(title_at) = title_at else {
        return article;
    };
    article.title = lines[title_at]
        .content
        .trim_matches(|c: char| c == '*' || c == '#' || c == '=' || c.is_whitespace())
        .to_string();
    if article.title.is_empty() {
        article.title = quoted.unwrap_or_default();
    }

    let mut paragraphs = paragraphs_of(&lines[title_at + 1..]);
    // An author box at the end: the name twice, then "Name is …".
    if let Some(pos) = paragraphs.windows(2).rposition(|w| {
        w[0] == w[1]
            && w[0].split_whitespace().count() <= 4
            && !w[0].ends_with('.')
            && w[0].chars().any(char::is_alphabetic)
    }) {
        article.author = paragraphs[pos].clone();
        paragraphs.truncate(pos);
    }
    let mut body = Vec::new();
    for (i, p) in paragraphs.into_iter().enumerate() {
        if i < 4 && article.author.is_empty() {
            if let Some(m) = BYLINE.captures(&p) {
                article.author = m[1].trim().to_string();
                continue;
            }
        }
        if article.posted_at.is_empty()
            && p.chars().count() < 80
            && let Some(m) = POSTED_ON.captures(&p)
        {
            article.posted_at = m[1].trim().to_string();
            continue;
        }
        body.push(p);
    }
    article.body = body.join("\n\n");
    article
}
