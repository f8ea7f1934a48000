//! Step 5: the comments and their nesting, read line by line inside the
//! thread section.

use std::borrow::Cow;
use std::sync::LazyLock;

use regex::Regex;

use super::headers::*;
use super::lines::Line;
use super::markers::{Marker, MarkerKind, same_level, split_marker, split_o_bullet};
use super::pieces::{Separator, TextPieces};
use super::section::starts_with_avatar_header;
use crate::parse::vocabulary;
use crate::thread::{Comment, CommentKind, Origin};

/// Parse state of a comment being assembled; its text and header fields
/// go straight into the [`Comment`] at the same index, so the text is never
/// copied from a draft into a comment.
#[derive(Debug)]
pub(super) struct Draft {
    /// The comment in the output.
    index: usize,
    marker: Marker,
    /// Leftmost column of the comment's own lines; text further left is not its.
    anchor: usize,
    /// The next line starts a new paragraph.
    new_paragraph: bool,
    /// A "Reply"/"Like" line was seen: the comment's text is over.
    closed: bool,
    /// Nothing but header lines seen so far.
    fresh: bool,
    /// The comment's marker or avatar stood alone on its line ("1.",
    /// "[Bez]"): the next line is its header, a name and a date may be all
    /// it holds ("Ann February 23, 2017", "IwonaMay 30, 2019 at 1:06 PM").
    header_expected: bool,
    /// Column where the comment's first line of text starts.
    text_column: Option<usize>,
    last_line_end: usize,
    /// The comment's text is not empty.
    has_text: bool,
}

impl Draft {
    fn new(index: usize, marker: Marker) -> Draft {
        Draft {
            index,
            marker,
            anchor: marker.start,
            new_paragraph: true,
            closed: false,
            fresh: true,
            header_expected: false,
            text_column: None,
            last_line_end: 0,
            has_text: false,
        }
    }

    /// Appends a line to `comment`'s text: joined to the last line, or as a
    /// new paragraph after a blank line.
    fn push_text(
        &mut self,
        comment: &mut Comment,
        texts: &mut TextPieces<'_>,
        text: &str,
        line_end: usize,
        soft_wrap: bool,
    ) {
        if self.fresh && PINGBACK.is_match(text) {
            comment.kind = CommentKind::Pingback;
        }
        self.fresh = false;
        let separator = match (self.has_text, self.new_paragraph, soft_wrap) {
            (false, _, _) => Separator::Nothing,
            (true, true, _) => Separator::Paragraph,
            (true, false, true) => Separator::Space,
            (true, false, false) => Separator::Line,
        };
        texts.push(self.index, separator, text);
        self.has_text |= !text.is_empty();
        self.new_paragraph = false;
        self.last_line_end = line_end;
    }
}

/// Whether a comment has a header: an author or a date.
pub(super) fn has_header(c: &Comment) -> bool {
    !c.author.is_empty() || !c.posted_at.is_empty()
}

/// Reads threadmod's own "[id: …] URL" line into `c` when it has no id or
/// link yet; false when `s` is not such a line.
fn take_permalink(c: &mut Comment, s: &str) -> bool {
    // Every such line starts with "[": most lines skip the regex.
    if !s.starts_with('[') || !c.source_id().is_empty() || !c.url().is_empty() {
        return false;
    }
    let Some(m) = PERMALINK.captures(s) else {
        return false;
    };
    c.origin = Origin::new(
        m.name("id").map_or("", |id| id.as_str()),
        (m.name("url").or_else(|| m.name("url2"))).map_or("", |url| url.as_str()),
    );
    true
}

/// Where a new comment with `marker` goes: its parent. Closes the open
/// comments it follows.
pub(super) fn place(open: &mut Vec<Draft>, comments: &[Comment], marker: Marker) -> Option<usize> {
    while let Some(top) = open.last() {
        let t = top.marker;
        if same_level(t, marker) {
            let index = top.index;
            open.pop();
            return comments[index].parent;
        }
        let deeper = t.start < marker.start
            || (t.start == marker.start
                && t.kind == MarkerKind::HeaderOnly
                && marker.kind != MarkerKind::HeaderOnly);
        if deeper {
            return Some(top.index);
        }
        open.pop();
    }
    None
}

/// Pages whose lines are all narrower than this, in characters, were
/// wrapped by their renderer.
const WRAPPED_BELOW: usize = 150;

/// The width in characters of the widest of `lines`, or any width of at
/// least `enough` once a line that wide is met. Characters are counted
/// only in lines with more bytes than the widest so far: a line has no
/// more characters than bytes.
fn widest_line(lines: &[Line<'_>], enough: usize) -> usize {
    let mut widest = 0;
    for line in lines {
        if line.indent() + line.content.len() > widest {
            widest = widest.max(line.char_len());
            if widest >= enough {
                break;
            }
        }
    }
    widest
}

/// The comments in `lines`, the first of which is line `first_line` of the
/// file; their texts go to `texts`.
pub(super) fn build_comments(
    lines: &[Line<'_>],
    first_line: usize,
    texts: &mut TextPieces<'_>,
) -> Vec<Comment> {
    // Lines no longer than the widest line were wrapped by the renderer;
    // files with long lines (a hand-made dump) keep every line break.
    let wrap_width = widest_line(lines, WRAPPED_BELOW);
    let wrapped = wrap_width < WRAPPED_BELOW;
    let is_soft_break = |prev_end: usize, next: &str| {
        let first_word = next
            .split_whitespace()
            .next()
            .map_or(0, |w| w.chars().count());
        wrapped && prev_end + 1 + first_word + 2 >= wrap_width
    };

    let mut comments: Vec<Comment> = Vec::new();
    // Parse state of the comments still open, from the top-level one down
    // to the one being read: only those can take more lines.
    let mut open: Vec<Draft> = Vec::new();
    let mut underscores_for_spaces = false;
    // Column of the top-level comments' markers.
    let mut root_column: Option<usize> = None;
    // Marker glyphs that have started comments, and whether comments end
    // with "Reply"/"Like" lines: both tell replies from lists in a comment.
    let mut comment_glyphs: Vec<char> = Vec::new();
    // Pages whose comments end with "Reply" lines: known before the first one.
    let uses_closing_lines = lines
        .iter()
        .filter(|l| CLOSING_FURNITURE.matches_line(l))
        .take(2)
        .count()
        >= 2;

    let next_content = |i: usize| {
        lines[i + 1..]
            .iter()
            .find(|l| !l.is_blank() && !OTHER_FURNITURE.matches_line(l))
    };

    // A marker alone on its line, as (glyph, column).
    let bare_marker = |line: &Line<'_>| {
        split_marker(line)
            .filter(|(_, rest)| rest.trim().is_empty())
            .map(|(m, _)| (m.glyph(line), m.start))
    };
    let next_nonblank = |i: usize| lines[i + 1..].iter().find(|l| !l.is_blank());
    // Shape of a run of bare markers being skipped: a widget (rating stars,
    // a pager) drawn as empty list items, never comments.
    let mut widget_run: Option<(char, usize)> = None;

    // The lines after a bare marker at `i` start with a header: a name and
    // a date, or a name alone above a date line.
    let header_follows = |i: usize| {
        let Some(j) = (i + 1..lines.len())
            .find(|&j| !lines[j].is_blank() && !OTHER_FURNITURE.matches_line(&lines[j]))
        else {
            return false;
        };
        let next = &lines[j].content;
        parse_header(next, true).is_some()
            || is_date_line_at(&lines[j])
            || (looks_like_name(next) && next_content(j).is_some_and(|l| is_date_line_at(l)))
    };

    // The second line of a wrapped header, already read.
    let mut wrapped_header_end: Option<usize> = None;

    for (i, line) in lines.iter().enumerate() {
        if wrapped_header_end == Some(i) {
            continue;
        }
        if line.is_blank() {
            if let Some(cur) = open.last_mut() {
                cur.new_paragraph = true;
            }
            continue;
        }
        // threadmod's own id line goes to the comment being read, even
        // under a header it could not read ("[deleted] says:").
        if let Some(cur) = open.last()
            && take_permalink(&mut comments[cur.index], line.content)
        {
            continue;
        }
        // "• permalien" above a date starts a comment without a name; a
        // footer line elsewhere closes the comment being read.
        let starts_nameless_comment =
            || split_marker(line).is_some() && next_content(i).is_some_and(|l| is_date_line_at(l));
        if CLOSING_FURNITURE.matches_line(line) && !starts_nameless_comment() {
            // "Reply" right under a header, before any text, is part of the
            // header; after the text it ends the comment.
            if let Some(cur) = open.last_mut() {
                let header_only = cur.fresh && has_header(&comments[cur.index]);
                cur.closed = !header_only;
            }
            continue;
        }
        if OTHER_FURNITURE.matches_line(line) {
            continue;
        }

        let shape = bare_marker(line);
        if shape.is_some()
            && (widget_run == shape || next_nonblank(i).and_then(bare_marker) == shape)
        {
            widget_run = shape;
            continue;
        }
        widget_run = None;
        // A new comment: a list marker, or an author line after a finished comment.
        // "o teashop" above a date line: a bullet and a lowercase name.
        let split = split_marker(line).or_else(|| {
            split_o_bullet(line).filter(|_| next_content(i).is_some_and(|l| is_date_line_at(l)))
        });
        // Borrowed from the line: no allocation per line.
        let (mut marker, mut rest): (_, Cow<str>) = match split {
            Some((m, rest)) => (Some(m), Cow::Borrowed(rest)),
            None => (None, Cow::Borrowed(line.content)),
        };
        // Position in `open` of the comment being read.
        let current = open.len().checked_sub(1);
        // A list inside an open comment's text, not a reply.
        if let (Some(m), Some(c)) = (marker, current) {
            let d = &open[c];
            let inside_text =
                !d.fresh && !d.closed && d.text_column.is_some_and(|col| m.start >= col);
            // Renderers mark nested comments with their own bullets (•, ◦, □…);
            // writers type "-", "*" or "+" for a list of their own.
            let glyph = m.glyph(line);
            let typed_list = matches!(glyph, '-' | '*' | '+') && !comment_glyphs.contains(&glyph);
            // An item that starts with an avatar is a reply's header.
            let avatar_item = AVATAR_PREFIX.is_match(&rest);
            // Under a comment with a header, a reply has one too: an item
            // without ("1. How does this license…") is the comment's own list.
            let headed_parent = has_header(&comments[d.index]);
            let header_found = parse_header(&rest, true).is_some()
                || next_content(i).is_some_and(|l| is_date_line_at(l))
                || (rest.is_empty() && header_follows(i));
            let unheaded_item = headed_parent && !(rest.is_empty() || header_found);
            // ... and an item with a header under one is a reply, whatever
            // its bullet ("-    Roberto, Do 9 Apr 2020 / 20:50").
            let headed_reply = headed_parent && header_found;
            let list_item = unheaded_item || ((uses_closing_lines || typed_list) && !headed_reply);
            if inside_text && !avatar_item && list_item {
                // A list item of the comment's text; renderers draw its bullet
                // as •, ◦, o, * or +: keep one kind.
                rest = match m.kind {
                    MarkerKind::Bullet => Cow::Owned(format!("• {rest}")),
                    _ => Cow::Borrowed(line.content),
                };
                marker = None;
            }
        }
        // Text at the thread's left edge after a finished comment is the page
        // again (footer, newsletter box): the thread is over.
        if marker.is_none()
            && current.is_some_and(|c| open[c].closed)
            && root_column.is_some_and(|col| line.indent() <= col)
            && parse_header(line.content, false).is_none()
        {
            break;
        }
        let starts_comment = marker.is_some()
            || (starts_with_avatar_header(line.content)
                && current.is_none_or(|c| !open[c].fresh || open[c].closed));
        let target = if starts_comment {
            let marker = marker.unwrap_or(Marker {
                kind: MarkerKind::HeaderOnly,
                start: line.indent(),
                end: line.indent(),
            });
            let glyph = marker.glyph(line);
            if !comment_glyphs.contains(&glyph) {
                comment_glyphs.push(glyph);
            }
            let parent = place(&mut open, &comments, marker);
            if parent.is_none() {
                root_column = Some(root_column.map_or(marker.start, |c| c.min(marker.start)));
            }
            open.push(Draft::new(comments.len(), marker));
            comments.push(Comment {
                parent,
                source_line: crate::thread::saturating_u32(first_line + i),
                ..Comment::default()
            });
            if rest.is_empty() {
                if let Some(d) = open.last_mut() {
                    d.header_expected = true;
                }
                continue;
            }
            open.len() - 1
        } else {
            let Some(cur) = current else {
                continue; // text before the first comment: page furniture
            };
            if open[cur].closed {
                continue; // text after "Reply": furniture between comments
            }
            // Until its "Reply" line, text belongs to the open comment even
            // where a renderer moved it left (lynx and blockquotes).
            if uses_closing_lines {
                cur
            } else {
                // The deepest open comment whose column the line sits in.
                let mut target = cur;
                for (c, d) in open.iter().enumerate().rev() {
                    target = c;
                    if d.anchor <= line.indent() || d.fresh {
                        break;
                    }
                }
                target
            }
        };

        let d = &mut open[target];
        let c = &mut comments[d.index];
        if d.fresh {
            d.anchor = d.anchor.min(line.indent());
            // Beside the number of a comment without an author.
            if take_permalink(c, &rest) {
                continue;
            }
            // A header's leftovers are not text: punctuation (" :" under a
            // date) or the word that would join a date the page left out ("at").
            if has_header(c)
                && (rest
                    .chars()
                    .all(|ch| ":|-–—·".contains(ch) || ch.is_whitespace())
                    || vocabulary::get()
                        .date_time_words
                        .iter()
                        .any(|w| rest.eq_ignore_ascii_case(w)))
            {
                continue;
            }
            // An avatar bracket is never comment text.
            if c.author.is_empty()
                && AVATAR_PREFIX
                    .find(&rest)
                    .is_some_and(|m| m.len() == rest.trim_end().len())
            {
                d.header_expected = true;
                continue;
            }
            if c.author.is_empty()
                && c.posted_at.is_empty()
                && let Some((author, date)) =
                    parse_header(&rest, marker.is_some() || d.header_expected)
            {
                c.author = author.into();
                c.posted_at = date.into();
                continue;
            }
            // A long name wrapped onto the next line, the date after it.
            if d.header_expected
                && c.author.is_empty()
                && c.posted_at.is_empty()
                && let Some(next) = lines.get(i + 1).filter(|l| !l.is_blank())
                && let Some((author, date)) = parse_wrapped_header(&rest, next.content)
            {
                c.author = author.into();
                c.posted_at = date.into();
                wrapped_header_end = Some(i + 1);
                continue;
            }
            if c.posted_at.is_empty() && is_date_line(&rest) {
                if rest.contains('_') {
                    underscores_for_spaces = true;
                }
                c.posted_at = clean_date(&rest).into();
                continue;
            }
            if c.author.is_empty()
                && c.posted_at.is_empty()
                && looks_like_name(&rest)
                && next_content(i).is_some_and(|l| is_date_line_at(l))
            {
                c.author = clean_name(&rest).into();
                continue;
            }
        }
        if d.text_column.is_none() {
            d.text_column = Some(line.char_len() - rest.chars().count());
        }
        let soft = !d.new_paragraph && is_soft_break(d.last_line_end, &rest);
        // Only a wrapped page asks where a line ended.
        let line_end = if wrapped { line.char_len() } else { 0 };
        d.push_text(c, texts, &rest, line_end, soft);
    }

    if underscores_for_spaces {
        for c in &mut comments {
            c.author = c.author.replace('_', " ").into();
        }
    }
    texts.group_by_comment();
    comments
}

/// Rows after the thread that are page furniture drawn as list items (the
/// site's footer menus): where nearly every comment has a header (author or
/// date), the top-level rows after the last one that has, with no header
/// of their own, are not comments.
pub(super) fn drop_trailing_furniture_rows(
    mut comments: Vec<Comment>,
    texts: &mut TextPieces<'_>,
) -> Vec<Comment> {
    let Some(last_headed) = comments.iter().rposition(has_header) else {
        return comments;
    };
    let headed = comments[..=last_headed]
        .iter()
        .filter(|c| has_header(c))
        .count();
    if headed < 3 || headed * 5 < (last_headed + 1) * 4 {
        return comments;
    }
    // A menu is several short entries ("Le journal", "Abonnements"), under
    // the last comment or beside it; a reader's words without a name, even
    // one line, are kept.
    let first_row = last_headed + 1;
    let rows: Vec<_> = (first_row..comments.len()).map(|i| texts.text(i)).collect();
    let short = rows.iter().all(|t| t.split_whitespace().count() <= 8);
    let sentences = rows
        .iter()
        .filter(|t| t.trim_end().ends_with(['.', '!', '?']))
        .count();
    if rows.len() >= 3 && short && sentences * 5 <= rows.len() {
        comments.truncate(first_row);
        texts.truncate(first_row);
    }
    comments
}

/// Rows that are page furniture a renderer drew as list items, not
/// something a reader wrote: before the first comment with a header (an
/// author or a date), a word and a count without header or replies
/// ("Kommentare 4", "Pingbacks0").
pub(super) fn drop_furniture_rows(
    comments: Vec<Comment>,
    texts: &mut TextPieces<'_>,
) -> Vec<Comment> {
    static TAB: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"^\p{L}+\s?\d{1,6}$").expect("valid regex"));
    let first_header = comments
        .iter()
        .position(has_header)
        .unwrap_or(comments.len());
    let headless = |c: &Comment| !has_header(c) && c.kind == CommentKind::Comment;
    let drop: Vec<bool> = comments
        .iter()
        .enumerate()
        .map(|(i, c)| {
            headless(c)
                && i < first_header
                && TAB.is_match(&texts.text(i))
                && !comments_have_replies(&comments, i)
        })
        .collect();
    if !drop.contains(&true) {
        return comments;
    }
    // Where each row ends up: a dropped row's place is its parent's.
    let mut new_index: Vec<Option<usize>> = vec![None; comments.len()];
    let mut kept = Vec::with_capacity(comments.len());
    for (i, mut c) in comments.into_iter().enumerate() {
        let parent = c.parent.and_then(|p| new_index[p]);
        if drop[i] {
            new_index[i] = parent;
            continue;
        }
        c.parent = parent;
        new_index[i] = Some(kept.len());
        kept.push(c);
    }
    // Where each row's text goes: nowhere when the row is dropped.
    let moved: Vec<Option<usize>> = drop
        .iter()
        .zip(&new_index)
        .map(|(&dropped, &i)| if dropped { None } else { i })
        .collect();
    texts.renumber(&moved);
    kept
}

pub(super) fn comments_have_replies(comments: &[Comment], i: usize) -> bool {
    comments
        .get(i + 1)
        .is_some_and(|next| next.parent == Some(i))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The widest line by counting every line's characters.
    fn widest_by_counting(lines: &[Line<'_>]) -> usize {
        lines.iter().map(Line::char_len).max().unwrap_or(0)
    }

    #[test]
    fn the_widest_line_is_counted_in_characters_and_stops_once_wide_enough() {
        let accented = "é".repeat(60);
        let cases: &[&[&str]] = &[
            &[],
            &["short", "  indented line", "mid"],
            // More bytes than characters: the longer line in bytes is not
            // the wider one.
            &[&accented, &"a".repeat(70)],
            &[&"a".repeat(70), &accented, "b"],
        ];
        for raw in cases {
            let lines: Vec<Line> = raw.iter().map(|r| Line::new(r)).collect();
            assert_eq!(
                widest_line(&lines, 150),
                widest_by_counting(&lines),
                "{raw:?}"
            );
        }
        let long = "x".repeat(200);
        let lines: Vec<Line> = ["a", long.as_str(), "b"].map(Line::new).to_vec();
        assert!(widest_line(&lines, 150) >= 150);
    }
}
