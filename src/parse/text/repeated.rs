//! Step 5, second way: comments found by a header shape the page repeats,
//! for pages whose comments are not list items ("Ann am 18. Oktober 2023 -
//! 13:11 Permalink", or an avatar, a name and a dated line "18.10.2019,
//! 16:18 Reply Quote"). Every comment of a thread carries a date; the dated
//! lines of one shape, repeated down the page, mark where comments are.

use std::sync::LazyLock;

use regex::Regex;

use super::headers::*;
use super::lines::{Line, SHORT_LINE};
use super::markers::split_marker;
use crate::thread::Comment;

/// Fewer dated lines of one shape than this are not a thread.
const MIN_REPEATS: usize = 3;
/// Header lines above a dated line (avatar, name, points) that still
/// belong to the comment's header.
const MAX_HEADER_LINES: usize = 4;
/// Words a header may have before and after its date.
const MAX_HEADER_WORDS: usize = 6;

// Word boundaries are checked by hand (`date_in`): a Unicode `\b` would
// send every search to the regex crate's slowest engine.
static DATE_IN_LINE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(&format!(r"(?ix){}", *DATE)).expect("valid regex"));

/// The first date in `s` that is a whole word ("2013" in "November 2013" is
/// not a day).
fn date_in(s: &str) -> Option<regex::Match<'_>> {
    let mut from = 0;
    while let Some(m) = DATE_IN_LINE.find_at(s, from) {
        let alnum_before = s[..m.start()]
            .chars()
            .next_back()
            .is_some_and(char::is_alphanumeric);
        let alnum_after = s[m.end()..]
            .chars()
            .next()
            .is_some_and(char::is_alphanumeric);
        if !alnum_before && !alnum_after {
            return Some(m);
        }
        from = m.start() + s[m.start()..].chars().next().map_or(1, char::len_utf8);
    }
    None
}

/// A dated line split around its date, with the comment's author.
struct DatedLine {
    line: usize,
    /// Text before the date ("Ann am"), without list marker or avatar,
    /// underscores as spaces.
    before: String,
    date: String,
    author: String,
}

impl DatedLine {
    /// What every header of one thread shares: a name before the date or
    /// not, and the short word that joins them ("am", "on", "le", "|").
    fn shape(&self) -> (bool, String) {
        (self.before.is_empty(), joiner(&self.before).to_lowercase())
    }
}

/// The last word of `before` when it is a joining word, not part of a name.
fn joiner(before: &str) -> &str {
    let Some(last) = before.split_whitespace().last() else {
        return "";
    };
    let short = last.chars().count() <= 3;
    let lower_or_sign = last
        .chars()
        .all(|c| c.is_lowercase() || !c.is_alphanumeric());
    // "Ann am", or a sign: "Ann |", "Ann -".
    let joins = short && lower_or_sign && before.split_whitespace().count() > 1;
    if joins || !last.chars().any(char::is_alphanumeric) {
        last
    } else {
        ""
    }
}

/// `lines[i]` split around a date, when it is short enough to be a header.
fn split_at_date(line: &Line<'_>) -> Option<(String, String)> {
    let s: &str = line.content;
    if s.len() > SHORT_LINE || !s.bytes().any(|b| b.is_ascii_digit()) {
        return None;
    }
    let s = split_marker(line).map_or(s, |(_, rest)| rest);
    let flat = AVATAR_PREFIX.replace(s, "").replace('_', " ");
    let m = date_in(&flat)?;
    let before = flat[..m.start()].trim();
    let after = flat[m.end()..].trim();
    let words = |s: &str| s.split_whitespace().count();
    if words(before) > MAX_HEADER_WORDS || words(after) > MAX_HEADER_WORDS {
        return None;
    }
    // A sentence that mentions a date is not a header.
    if before.ends_with(['.', '!', '?', ',', ';']) && words(before) > 1 {
        return None;
    }
    Some((before.to_string(), clean_date(m.as_str())))
}

/// The dated lines of the shape the page repeats most: lines with an
/// author, a date and text below them. `None` when no shape repeats often
/// enough to be a thread.
fn repeated_headers(lines: &[Line<'_>]) -> Option<Vec<DatedLine>> {
    let mut dated: Vec<DatedLine> = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let Some((before, date)) = split_at_date(line) else {
            continue;
        };
        let floor = dated.last().map_or(0, |d| d.line + 1);
        let author = author_of(&before, lines, &header_lines(lines, i, floor));
        if !author.is_empty() {
            dated.push(DatedLine {
                line: i,
                before,
                date,
                author,
            });
        }
    }
    // A dated line followed by text before the next one heads a comment;
    // one followed by another (an archive list, a calendar) heads nothing.
    let has_text_after = |k: usize| {
        let next = dated.get(k + 1).map_or(lines.len(), |d| d.line);
        lines[dated[k].line + 1..next].iter().any(|l| {
            !l.is_blank()
                && !CLOSING_FURNITURE.matches_line(l)
                && !OTHER_FURNITURE.matches_line(l)
                && l.content.split_whitespace().count() >= 3
        })
    };
    let mut shapes: Vec<((bool, String), usize)> = Vec::new();
    for (k, d) in dated.iter().enumerate() {
        if !has_text_after(k) {
            continue;
        }
        let shape = d.shape();
        match shapes.iter_mut().find(|(s, _)| *s == shape) {
            Some((_, n)) => *n += 1,
            None => shapes.push((shape, 1)),
        }
    }
    let (best, count) = shapes.into_iter().max_by_key(|(_, n)| *n)?;
    (count >= MIN_REPEATS).then(|| dated.into_iter().filter(|d| d.shape() == best).collect())
}

/// The author of a comment whose dated line starts with `before`, with
/// `header` the indices in `lines` of the short lines above it (nearest last).
fn author_of(before: &str, lines: &[Line<'_>], header: &[usize]) -> String {
    if !before.is_empty() {
        let name = before.strip_suffix(joiner(before)).unwrap_or(before);
        let name = clean_name(name.trim_end_matches([',', ':', '-', '|', '·', ' ']));
        return if looks_like_name(&name) {
            name
        } else {
            String::new()
        };
    }
    // A header line may carry the comment's number or bullet ("1. Ann").
    let unmarked = |&i: &usize| -> String {
        let l = &lines[i];
        split_marker(l).map_or_else(|| l.content.to_string(), |(_, rest)| rest.to_string())
    };
    // "Ann says:" above the date, else the nearest line that reads as a name.
    if let Some((author, _)) = header
        .iter()
        .rev()
        .find_map(|l| parse_header(&unmarked(l), false))
    {
        return author;
    }
    header
        .iter()
        .rev()
        .map(|l| clean_name(&unmarked(l)))
        .find(|name| {
            looks_like_name(name) && !name.starts_with('[') && name.chars().any(char::is_alphabetic)
        })
        .unwrap_or_default()
}

/// The short lines above the dated line `line` that may belong to its
/// comment's header (avatar, name, points), blank lines between them
/// allowed, as indices, top first; never above `floor`.
fn header_lines(lines: &[Line<'_>], line: usize, floor: usize) -> Vec<usize> {
    let mut header = Vec::new();
    let mut i = line;
    while i > floor && header.len() < MAX_HEADER_LINES {
        i -= 1;
        let above = &lines[i];
        if above.is_blank() {
            continue;
        }
        if above.char_len() > 80 || CLOSING_FURNITURE.matches_line(above) {
            break;
        }
        header.push(i);
    }
    header.reverse();
    header
}

/// Where the comment dated at `line` starts: the topmost header line that
/// names its author ("Profilbild von Ann", "Ann"), else the dated line.
fn comment_start(lines: &[Line<'_>], d: &DatedLine, floor: usize) -> usize {
    header_lines(lines, d.line, floor)
        .into_iter()
        .find(|&i| lines[i].content.contains(d.author.as_str()))
        .unwrap_or(d.line)
}

/// The comments of a page whose headers repeat one dated shape, nested by
/// the columns of those headers; `None` when the page has no such shape.
/// `first_line` is the file's line number of `lines[0]`.
pub(super) fn comments_by_repeated_headers(
    lines: &[Line<'_>],
    first_line: usize,
) -> Option<Vec<Comment>> {
    let headers = repeated_headers(lines)?;
    // The thread ends at the reply form or page furniture after its last header.
    let last = headers.last().map_or(0, |d| d.line);
    let end = (last + 1..lines.len())
        .find(|&i| THREAD_END.matches_line(&lines[i]))
        .unwrap_or(lines.len());

    let mut comments: Vec<Comment> = Vec::with_capacity(headers.len());
    // (column, index) of the comments that can still take replies.
    let mut open: Vec<(usize, usize)> = Vec::new();
    let mut floor = 0;
    let starts: Vec<usize> = headers
        .iter()
        .map(|d| {
            let start = comment_start(lines, d, floor);
            floor = d.line + 1;
            start
        })
        .collect();
    for (k, d) in headers.iter().enumerate() {
        let column = lines[d.line].indent();
        while open.last().is_some_and(|&(c, _)| c >= column) {
            open.pop();
        }
        let parent = open.last().map(|&(_, index)| index);
        open.push((column, comments.len()));
        let text_end = starts.get(k + 1).copied().unwrap_or(end);
        comments.push(Comment {
            parent,
            author: d.author.clone().into(),
            posted_at: d.date.clone().into(),
            text: text_between(&lines[d.line + 1..text_end.max(d.line + 1)]).into(),
            source_line: crate::thread::saturating_u32(first_line + starts[k]),
            ..Comment::default()
        });
    }
    Some(comments)
}

/// A comment's text: its lines up to its reply line, paragraphs kept.
fn text_between(lines: &[Line<'_>]) -> String {
    let mut paragraphs: Vec<String> = Vec::new();
    let mut current = String::new();
    for line in lines {
        if line.is_blank() {
            if !current.is_empty() {
                paragraphs.push(std::mem::take(&mut current));
            }
            continue;
        }
        if CLOSING_FURNITURE.matches_line(line) {
            break;
        }
        if OTHER_FURNITURE.matches_line(line) {
            continue;
        }
        let rest = split_marker(line).map_or(line.content, |(_, rest)| rest);
        if !current.is_empty() {
            current.push(' ');
        }
        current.push_str(rest.trim());
    }
    if !current.is_empty() {
        paragraphs.push(current);
    }
    paragraphs.join("\n\n")
}
