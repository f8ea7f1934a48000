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

use std::sync::LazyLock;

use regex::Regex;

use crate::thread::{Article, Comment, CommentKind, Thread};

/// Parses a whole text page. Never fails: a page without comments gives an
/// article and an empty thread.
pub fn parse(text: &str) -> Thread {
    let text = text.trim_start_matches('\u{FEFF}');
    // Sized up front: a growing table would hold up to twice its size.
    let mut lines: Vec<Line> = Vec::with_capacity(text.bytes().filter(|&b| b == b'\n').count() + 1);
    lines.extend(text.split_inclusive('\n').flat_map(split_cr).map(Line::new));

    let section = find_thread_section(&lines);
    let (article_end, comments) = match section {
        Some(s) => (
            s.header.unwrap_or(s.start),
            build_comments(&lines[s.start..s.end], s.start + 1),
        ),
        None => (lines.len(), Vec::new()),
    };
    let comments = drop_furniture_rows(comments);
    let header = section.and_then(|s| s.header).map(|h| &*lines[h].content);
    let article = build_article(&lines[..article_end], header);
    // The line table can be as big as the comments' ids: free it first.
    drop(lines);

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

/// Rows that are page furniture a renderer drew as list items, not
/// something a reader wrote: before the first comment with a header (an
/// author or a date), a word and a count without header or replies
/// ("Kommentare 4", "Pingbacks0").
fn drop_furniture_rows(comments: Vec<Comment>) -> Vec<Comment> {
    static TAB: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"^\p{L}+\s?\d{1,6}$").expect("valid regex"));
    let first_header = comments
        .iter()
        .position(|c| !c.author.is_empty() || !c.posted_at.is_empty())
        .unwrap_or(comments.len());
    let headless = |c: &Comment| {
        c.author.is_empty() && c.posted_at.is_empty() && c.kind == CommentKind::Comment
    };
    let drop: Vec<bool> = comments
        .iter()
        .enumerate()
        .map(|(i, c)| {
            headless(c)
                && i < first_header
                && TAB.is_match(&c.text)
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
    kept
}

fn comments_have_replies(comments: &[Comment], i: usize) -> bool {
    comments
        .get(i + 1)
        .is_some_and(|next| next.parent == Some(i))
}

/// Splits old Mac line endings (lone CR) too.
fn split_cr(s: &str) -> impl Iterator<Item = &str> {
    let s = s.strip_suffix('\n').unwrap_or(s);
    let s = s.strip_suffix('\r').unwrap_or(s);
    s.split('\r')
}

/// One source line with its indentation measured in columns. Line `i` of
/// the table is line `i + 1` of the file.
#[derive(Debug, Clone)]
struct Line<'a> {
    indent: usize,
    /// Trimmed text with tabs turned into spaces.
    content: std::borrow::Cow<'a, str>,
}

impl<'a> Line<'a> {
    fn new(raw: &'a str) -> Line<'a> {
        let mut indent = 0;
        let mut rest = raw;
        for (i, c) in raw.char_indices() {
            match c {
                '\t' => indent = indent / 8 * 8 + 8,
                c if c.is_whitespace() => indent += 1,
                _ => {
                    rest = &raw[i..];
                    break;
                }
            }
            rest = &raw[raw.len()..];
        }
        Line {
            indent,
            // Borrowed from the file unless tabs must become spaces.
            content: if rest.contains('\t') {
                std::borrow::Cow::Owned(rest.replace('\t', " ").trim_end().to_string())
            } else {
                std::borrow::Cow::Borrowed(rest.trim_end())
            },
        }
    }

    fn is_blank(&self) -> bool {
        self.content.is_empty()
    }

    fn char_len(&self) -> usize {
        self.indent + self.content.chars().count()
    }
}

// ---------------------------------------------------------------------------
// Line classification

/// A list marker at the start of a line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum MarkerKind {
    Number(u32),
    Bullet,
    /// No marker: a comment started by an author line alone.
    HeaderOnly,
}

#[derive(Debug, Clone, Copy)]
struct Marker {
    kind: MarkerKind,
    /// Column of the marker's first character.
    start: usize,
    /// Column just after the marker.
    end: usize,
}

static NUMBER_MARKER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(\d{1,9})[.)](?:\s+|$)").expect("valid regex"));
static BULLET_MARKER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:[•◦▪▫○●■□☆★‣⁃∙◆◇►▸]\s*|[*+\-]\s+|[o#]\s+|[*+\-o#]$)").expect("valid regex")
});

/// Splits a leading list marker off `line`; returns the marker and the rest.
fn split_marker<'l>(line: &'l Line<'_>) -> Option<(Marker, &'l str)> {
    let s: &str = &line.content;
    // Most lines are text: a marker starts with a digit or a bullet sign.
    let first = s.chars().next()?;
    if first.is_alphabetic() && !matches!(first, 'o') {
        return None;
    }
    // `\d` matches digits of every script, all of them numeric.
    let number = first
        .is_numeric()
        .then(|| NUMBER_MARKER.captures(s))
        .flatten();
    let (kind, len) = if let Some(m) = number {
        // "18. Oktober 2019 um 15:05 Uhr" is a date, not item 18.
        if s[m[0].len()..].starts_with(char::is_alphabetic) && is_date_line(s) {
            return None;
        }
        let n = m[1].parse().unwrap_or(0);
        (MarkerKind::Number(n), m[0].len())
    } else if let Some(m) = BULLET_MARKER.find(s) {
        // Renderers draw "o name": before a lowercase word, "o" is a bullet
        // only when a comment header or an avatar follows.
        let rest = s[m.end()..].trim();
        if s.starts_with('o')
            && rest.starts_with(char::is_lowercase)
            && parse_header(rest, true).is_none()
        {
            return None;
        }
        (MarkerKind::Bullet, m.end())
    } else {
        return None;
    };
    let rest = &s[len..];
    let marker_chars = s[..len].trim_end().chars().count();
    Some((
        Marker {
            kind,
            start: line.indent,
            end: line.indent + marker_chars,
        },
        rest.trim(),
    ))
}

/// Furniture, headers and dates are short; longer lines skip those checks.
const SHORT_LINE: usize = 200;

/// A pattern for whole [`normalized`] lines, with a cheap test of the raw
/// line first: words every match contains. Most lines of a page lack them
/// and are never normalized.
struct LinePattern {
    required: Required,
    /// No match has more words than this: longer lines (prose) are ruled
    /// out after reading a few words.
    max_words: usize,
    pattern: Regex,
}

enum Required {
    /// One of these words, in any case.
    Words(aho_corasick::AhoCorasick),
    /// A digit (of any script, as `\d` matches).
    Digit,
}

impl Required {
    fn words(required: &str) -> Required {
        // A Kelvin sign lowercases to "k": "LIKE" may be written with one.
        let mut words: Vec<String> = required.split('|').map(str::to_string).collect();
        words.extend(
            words
                .iter()
                .filter(|w| w.contains('k'))
                .map(|w| w.replace('k', "\u{212A}"))
                .collect::<Vec<_>>(),
        );
        Required::Words(
            aho_corasick::AhoCorasick::builder()
                .ascii_case_insensitive(true)
                .build(&words)
                .expect("valid word list"),
        )
    }

    fn found_in(&self, s: &str) -> bool {
        match self {
            Required::Words(words) => words.is_match(s),
            Required::Digit => s.chars().any(char::is_numeric),
        }
    }
}

impl LinePattern {
    /// `required`: words separated by `|`, in any case.
    fn new(required: &str, pattern: &str) -> LinePattern {
        LinePattern::with(Required::words(required), pattern)
    }

    fn with(required: Required, pattern: &str) -> LinePattern {
        LinePattern {
            required,
            max_words: usize::MAX,
            pattern: Regex::new(pattern).expect("valid regex"),
        }
    }

    /// Sets [`LinePattern::max_words`]; it must hold for every match.
    fn at_most_words(self, max_words: usize) -> LinePattern {
        LinePattern { max_words, ..self }
    }

    /// Whether line `s`, normalized, matches. Lines longer than
    /// [`SHORT_LINE`] never do.
    fn matches(&self, s: &str) -> bool {
        thread_local! {
            static BUF: std::cell::RefCell<String> = const { std::cell::RefCell::new(String::new()) };
        }
        s.len() <= SHORT_LINE
            && !has_more_words(s, self.max_words)
            && self.required.found_in(s)
            && BUF.with_borrow_mut(|buf| {
                normalize_into(s, buf);
                self.pattern.is_match(buf)
            })
    }
}

/// Whether `s` has more than `max` words. Splitting on ASCII spaces and
/// underscores only, and not counting words of heading marks alone, never
/// counts more words than [`normalized`] leaves.
fn has_more_words(s: &str, max: usize) -> bool {
    if max == usize::MAX {
        return false;
    }
    // Byte by byte: every non-ASCII byte is part of a word, as its character is.
    let mut words = 0;
    let mut counted = false;
    for &b in s.as_bytes() {
        match b {
            b'_' | b'\t' | b'\n' | b'\x0C' | b'\r' | b' ' => counted = false,
            b'*' | b'#' | b'=' => {}
            _ if !counted => {
                counted = true;
                words += 1;
                if words > max {
                    return true;
                }
            }
            _ => {}
        }
    }
    false
}

/// Lowercased line with html2text's underscores and heading stars removed.
fn normalized(s: &str) -> String {
    let mut out = String::new();
    normalize_into(s, &mut out);
    out
}

/// [`normalized`] into a reused buffer: every line of a page is checked
/// for furniture and headers several times.
fn normalize_into(s: &str, out: &mut String) {
    out.clear();
    let s = s.trim_matches(|c: char| c == '*' || c == '#' || c == '=' || c.is_whitespace());
    if s.contains('Σ') {
        // Rare; str::to_lowercase knows a word-final Σ is ς.
        let words = s.replace('_', " ");
        let words: Vec<&str> = words.split_whitespace().collect();
        out.push_str(&words.join(" ").to_lowercase());
        return;
    }
    // Underscores and runs of spaces become one space between words.
    let mut space = false;
    let mut push = |c: char, out: &mut String| {
        if c == '_' || c.is_whitespace() {
            space = !out.is_empty();
        } else {
            if space {
                out.push(' ');
                space = false;
            }
            if c.is_ascii() {
                out.push(c.to_ascii_lowercase());
            } else {
                out.extend(c.to_lowercase());
            }
        }
    };
    if s.is_ascii() {
        s.bytes().for_each(|b| push(char::from(b), out));
    } else {
        s.chars().for_each(|c| push(c, out));
    }
}

use super::vocabulary::{self, alternation};

/// The distinctive word of each phrase (its longest): a line without any
/// of them cannot match, and is never normalized.
fn required_words(phrases: &[String]) -> Required {
    let words: Vec<String> = phrases
        .iter()
        .filter_map(|p| p.split_whitespace().max_by_key(|w| w.len()))
        .map(str::to_string)
        .collect();
    Required::words(&words.join("|"))
}

/// "5 thoughts on …", "51 Kommentare", "This Post Has 80 Comments",
/// "Comments (12)", "Comments 115", "27 commentaires".
static COUNTED_HEADER: LazyLock<LinePattern> = LazyLock::new(|| {
    let words = vocabulary::get();
    let nouns = alternation(&words.counted_nouns);
    let prepositions = alternation(&words.title_prepositions);
    LinePattern::with(
        required_words(&words.counted_nouns),
        &format!(
            r"(?x)^(?:\w+(?:\s+\w+){{0,3}}\s+)?
                (?:\d[\d,.]*|one|two|three|four|five|six|seven|eight|nine|ten|no)\s+
                  (?:{nouns})\s*:?
                  (?:\s+(?:{prepositions})\b.*)?$
              | ^(?:{nouns})\s*[(:]?\s*\d[\d,.]*\)?$"
        ),
    )
});

/// "Comments", "Diskussion": a header without a count.
static PLAIN_HEADER: LazyLock<LinePattern> = LazyLock::new(|| {
    let words = vocabulary::get();
    LinePattern::with(
        required_words(&words.plain_headers),
        &format!(r"^(?:{}):?$", alternation(&words.plain_headers)),
    )
    // "What people are saying:" has four.
    .at_most_words(6)
});

/// Lines after which nothing belongs to the thread any more: the reply
/// form ("Leave a Reply", "Schreibe einen Kommentar"), navigation. Glued
/// renderings ("Leave a ReplyCancel reply") still start with the phrase.
static THREAD_END: LazyLock<LinePattern> = LazyLock::new(|| {
    let words = vocabulary::get();
    LinePattern::with(
        required_words(&words.thread_end),
        &format!(r"^(?:{}).*$", alternation(&words.thread_end)),
    )
});

/// Furniture that ends a comment's text: its reply button, likes.
static CLOSING_FURNITURE: LazyLock<LinePattern> = LazyLock::new(|| {
    let words = vocabulary::get();
    LinePattern::with(
        required_words(&words.reply_lines),
        &format!(
            r"(?x)^(?:[•*+\-]\s*)?(?:
                (?:{replies})(?:\s*(?:↓|\#|→))?(?:\s+(?:{replies}))*
              | like(?:liked)?(?:\s+by\s+\d[\d,]*\s+(?:people|person))?
              | liked\s+by\s+\d[\d,]*\s+(?:people|person)
              | \d+\s+likes?
            )$",
            replies = alternation(&words.reply_lines)
        ),
    )
    // "Like liked by 12 people" has five.
    .at_most_words(8)
});

/// Furniture that is never comment text but does not end a comment.
static OTHER_FURNITURE: LazyLock<LinePattern> = LazyLock::new(|| {
    LinePattern::new(
        "cancel|closed|load|show|[|avatar|profil|●",
        r"(?x)^(?:
            cancel\s+reply|comments\s+are\s+closed\.?|loading\.*|
            load\s+more\s+comments|show\s+more\s+replies|
            (?:\[[^\]]{0,40}\]\s*)+|avatar|\[\s*\]|●|
            (?:\S+'s\s+)?\[?(?:gravatar|avatar|user\s+avatar|profile\s+(?:photo|picture)|profilbild(?:\s+von\s+.{1,40})?)\]?
        )$",
    )
    // "[…]" holds up to 40 characters: twenty words.
    .at_most_words(24)
});

/// Avatars before a name: "[avatar]", "[52eafb]", "Unknown's avatar", "●".
static AVATAR_PREFIX: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:\[[^\]]{0,40}\]\s*|●\s*|\S+'s\s+avatar\s+|(?i:avatar|gravatar)\s+)+")
        .expect("valid regex")
});

/// Words every [`SAYS`] match holds. On ASCII lines, where case folding is
/// plain ASCII, lines without any are ruled out before the slower regex.
static SAYS_WORDS: LazyLock<Required> = LazyLock::new(|| required_words(&vocabulary::get().says));

fn may_say(s: &str) -> bool {
    !s.is_ascii() || SAYS_WORDS.found_in(s)
}

/// "Ann says:", "Ann sagt:", html2text's glued "Annsagt:".
static SAYS: LazyLock<Regex> = LazyLock::new(|| {
    let verbs = alternation(&vocabulary::get().says);
    Regex::new(&format!(
        r"(?i)^(.{{1,60}}?)(?:\s+(?:{verbs})\s*:?|\s*(?:{verbs})\s*:)$"
    ))
    .expect("valid regex")
});

/// A date as pages show it, in any language of the vocabulary, with an
/// optional time: "June 20th, 2019 at 2:41 am", "18. Oktober 2019 um 15:05
/// Uhr", "Do 9 Apr 2020 / 08:34", "(22 juin 2018 @11h13)", "18.10.2019,
/// 16:18", "3 days ago", "vor 3 Tagen".
static DATE: LazyLock<String> = LazyLock::new(|| {
    let words = vocabulary::get();
    let months = alternation(&words.months);
    let weekdays = alternation(&words.weekdays);
    let joins = alternation(&words.date_time_words);
    let suffixes = alternation(&words.time_suffixes);
    let units = alternation(&words.relative_date_units);
    let ago = alternation(&words.relative_date_words);
    format!(
        r"(?:\(?(?:(?:on|am|le|el|il|op|den|der)\s+)?(?:(?:{weekdays})\.?,?\s+)?(?:
            (?:{months})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?,?(?:\s+\d{{4}})?
          | \d{{1,2}}(?:st|nd|rd|th|er|\.)?\s+(?:{months})\.?,?\s+\d{{4}}
          | \d{{4}}-\d{{2}}-\d{{2}}(?:[t\s]\d{{2}}:\d{{2}}(?::\d{{2}}(?:\.\d{{1,9}})?)?(?:z|[+-]\d{{2}}:?\d{{2}})?)?
          | \d{{1,2}}[./]\d{{1,2}}[./]\d{{2,4}}
          )(?:\s*(?:{joins})?\s*\d{{1,2}}(?:[:.h]\d{{2}})(?:\s*(?:{suffixes}))?)?\)?
          | \d+\s+(?:{units})\s+(?:{ago}) | (?:{ago})\s+\d+\s+(?:{units}))"
    )
});

static DATE_LINE: LazyLock<LinePattern> =
    // "on Sept. 23rd, 2024 at 12:00 pm" has seven words.
    LazyLock::new(|| {
        LinePattern::with(Required::Digit, &format!(r"(?ix)^{}$", *DATE)).at_most_words(10)
    });
/// "Ann Lee June 20, 2019 at 2:41 am", "Ben 19. Juni 2018 um 15:28 Uhr -
/// Antworten": a name, a date, maybe a reply word after it.
static AUTHOR_AND_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?ix)^(.{{1,80}}?)\s*(?:[|·•–—,-]\s*)?({})(?:\s*[-–|·]?\s*(?:{}))*$",
        *DATE,
        alternation(&vocabulary::get().reply_lines)
    ))
    .expect("valid regex")
});
static PINGBACK: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)^(?:pingback|trackback)\s*:").expect("valid regex"));

fn is_date_line(s: &str) -> bool {
    DATE_LINE.matches(s)
}

/// Date text as the page shows it, without html2text's underscores.
fn clean_date(s: &str) -> String {
    s.trim_matches(|c: char| c == '_' || c.is_whitespace())
        .replace('_', " ")
}

/// Splits "X says:" or "[av] X Jun 20th at 2:41 am" into author and date.
fn parse_header(s: &str, allow_bare_date_suffix: bool) -> Option<(String, String)> {
    if s.len() > SHORT_LINE {
        return None;
    }
    // html2text draws a bold header as "***** Ann  June 1, 2024 *****".
    let s = s.trim_matches(|c: char| c == '*' || c.is_whitespace());
    let had_avatar = AVATAR_PREFIX.is_match(s);
    let s = AVATAR_PREFIX.replace(s, "");
    let s = s.trim();
    if may_say(s)
        && let Some(m) = SAYS.captures(s)
        && m[1].split_whitespace().count() <= 6
        && !m[1].contains(['!', '?'])
        && !m[1].ends_with(',')
        // "Zara K." and "Jr." end with a dot; sentences do not say "says:".
        && (!m[1].ends_with('.') || m[1].split_whitespace().last().is_some_and(|w| w.len() <= 3))
    {
        return Some((clean_name(&m[1]), String::new()));
    }
    if had_avatar || allow_bare_date_suffix {
        let flat = s.replace('_', " ");
        // Every date holds a digit (`\d`, numeric in any script).
        if Required::Digit.found_in(&flat)
            && let Some(m) = AUTHOR_AND_DATE.captures(&flat)
        {
            let name = m[1].trim();
            if !name.is_empty() && name.split_whitespace().count() <= 8 && !name.ends_with('.') {
                return Some((clean_name(name), clean_date(&m[2])));
            }
        }
    }
    None
}

fn clean_name(s: &str) -> String {
    let s = AVATAR_PREFIX.replace(s.trim(), "");
    s.trim_matches(|c: char| c == '_' || c == '*' || c.is_whitespace())
        .to_string()
}

/// A short line that could be a commenter's name (html2text puts the name
/// alone on a line, followed by the date).
fn looks_like_name(s: &str) -> bool {
    let s = AVATAR_PREFIX.replace(s, "");
    let s = s.trim();
    !s.is_empty()
        && s.chars().count() <= 60
        && s.split_whitespace().count() <= 6
        && !s.ends_with(['.', '!', '?', ',', ':', ';'])
}

// ---------------------------------------------------------------------------
// Finding the thread

#[derive(Debug, Clone, Copy)]
struct Section {
    header: Option<usize>,
    start: usize,
    end: usize,
}

fn is_comment_start(line: &Line<'_>) -> bool {
    split_marker(line).is_some() || starts_with_avatar_header(&line.content)
}

/// "[avatar] Name says:" or "[] Name Jun 20th at 2:41 am": a comment that
/// starts without a list marker. Plain "X says:" lines are too often a
/// quote inside a comment to start one.
fn starts_with_avatar_header(s: &str) -> bool {
    AVATAR_PREFIX.is_match(s) && parse_header(s, false).is_some()
}

fn find_thread_section(lines: &[Line<'_>]) -> Option<Section> {
    // The thread ends at the first end-of-thread line after its first
    // comment: some pages put the comment form above the comments.
    let ends_at = |from: usize| {
        let first = (from..lines.len())
            .find(|&i| is_comment_start(&lines[i]))
            .unwrap_or(lines.len());
        (first..lines.len())
            .find(|&i| THREAD_END.matches(&lines[i].content))
            .unwrap_or(lines.len())
    };
    // The last thread header that has comments below it, counted ones
    // first; among them the least indented, since a comment's own text
    // ("… 2024 comments") sits indented under its number.
    // Dated lines (a comment header or a date) up to each line: a thread
    // has one per comment, a header in a footer or a share bar has none
    // below it. Counted only when two headers compete.
    let dated_before = std::cell::OnceCell::new();
    let dated_between = |from: usize, to: usize| -> usize {
        let counts: &Vec<usize> = dated_before.get_or_init(|| {
            let mut counts = Vec::with_capacity(lines.len() + 1);
            let mut n = 0;
            counts.push(0);
            for l in lines {
                if is_date_line(&l.content) || parse_header(&l.content, true).is_some() {
                    n += 1;
                }
                counts.push(n);
            }
            counts
        });
        counts[to] - counts[from]
    };
    for header in [&*COUNTED_HEADER, &*PLAIN_HEADER] {
        // (line, end) of every header with comments below it.
        let candidates: Vec<(usize, usize)> = (0..lines.len())
            .filter(|&h| header.matches(&lines[h].content))
            .map(|h| (h, ends_at(h + 1)))
            .filter(|&(h, end)| (h + 1..end).any(|i| is_comment_start(&lines[i])))
            .collect();
        // As a comment's own "… 2024 comments" sits indented under its
        // number, the least indented; then the last. A header with no dated
        // line below it (one repeated in the footer) gives way to the one
        // with the most.
        let by_place = |&(h, _): &(usize, usize)| (std::cmp::Reverse(lines[h].indent), h);
        let mut best = candidates.iter().copied().max_by_key(by_place);
        if candidates.len() > 1
            && let Some((h, end)) = best
            && dated_between(h + 1, end) == 0
        {
            best = candidates
                .iter()
                .copied()
                .max_by_key(|c| (dated_between(c.0 + 1, c.1), by_place(c)));
        }
        if let Some((h, end)) = best {
            return Some(Section {
                header: Some(h),
                start: h + 1,
                end,
            });
        }
    }
    // No header: the numbered list "1. 2. 3. …" with the longest run of
    // siblings, the way a thread is usually numbered.
    let mut best: Option<(usize, u32)> = None;
    for (i, line) in lines.iter().enumerate() {
        let Some((m, _)) = split_marker(line) else {
            continue;
        };
        if m.kind != MarkerKind::Number(1) {
            continue;
        }
        let end = ends_at(i + 1);
        let mut expect = 2;
        for l in &lines[i + 1..end] {
            if let Some((n, _)) = split_marker(l)
                && n.kind == MarkerKind::Number(expect)
                && n.start.abs_diff(m.start) <= 1
            {
                expect += 1;
            }
        }
        if best.is_none_or(|(_, run)| expect > run) {
            best = Some((i, expect - 1));
        }
    }
    if let Some((start, _)) = best {
        return Some(Section {
            header: None,
            start,
            end: ends_at(start + 1),
        });
    }
    // Or the first "X says:" line.
    let start = lines
        .iter()
        .position(|l| SAYS.is_match(AVATAR_PREFIX.replace(&l.content, "").trim()))?;
    Some(Section {
        header: None,
        start,
        end: ends_at(start + 1),
    })
}

// ---------------------------------------------------------------------------
// Building the comments

/// Parse state of a comment being assembled; its text and header fields
/// go straight into the [`Comment`] at the same index, so the text is never
/// copied from a draft into a comment.
#[derive(Debug)]
struct Draft {
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
    /// Column where the comment's first line of text starts.
    text_column: Option<usize>,
    last_line_end: usize,
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
            text_column: None,
            last_line_end: 0,
        }
    }

    /// Appends a line to `comment`'s text: joined to the last line, or as a
    /// new paragraph after a blank line.
    fn push_text(&mut self, comment: &mut Comment, text: &str, line_end: usize, soft_wrap: bool) {
        if self.fresh && PINGBACK.is_match(text) {
            comment.kind = CommentKind::Pingback;
        }
        self.fresh = false;
        if !comment.text.is_empty() {
            comment
                .text
                .push_str(match (self.new_paragraph, soft_wrap) {
                    (true, _) => "\n\n",
                    (false, true) => " ",
                    (false, false) => "\n",
                });
        }
        comment.text.push_str(text);
        self.new_paragraph = false;
        self.last_line_end = line_end;
    }
}

impl Marker {
    /// What the marker looks like, whatever its number.
    fn glyph(self, line: &Line<'_>) -> char {
        match self.kind {
            MarkerKind::Number(_) => '1',
            MarkerKind::HeaderOnly => ' ',
            MarkerKind::Bullet => line.content.chars().next().unwrap_or(' '),
        }
    }
}

/// Two markers at the same nesting level?
fn same_level(a: Marker, b: Marker) -> bool {
    match (a.kind, b.kind) {
        // Numbers are right- or left-aligned: "9." and "10." share one edge.
        (MarkerKind::Number(_), MarkerKind::Number(_)) => a.start == b.start || a.end == b.end,
        (MarkerKind::Bullet, MarkerKind::Bullet)
        | (MarkerKind::HeaderOnly, MarkerKind::HeaderOnly) => a.start == b.start,
        _ => false,
    }
}

/// Where a new comment with `marker` goes: its parent. Closes the open
/// comments it follows.
fn place(open: &mut Vec<Draft>, comments: &[Comment], marker: Marker) -> Option<usize> {
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

/// The comments in `lines`, the first of which is line `first_line` of the file.
fn build_comments(lines: &[Line<'_>], first_line: usize) -> Vec<Comment> {
    // Lines no longer than the widest line were wrapped by the renderer;
    // files with long lines (a hand-made dump) keep every line break.
    let wrap_width = lines.iter().map(Line::char_len).max().unwrap_or(0);
    let wrapped = wrap_width < 150;
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
        .filter(|l| CLOSING_FURNITURE.matches(&l.content))
        .take(2)
        .count()
        >= 2;

    let next_content = |i: usize| {
        lines[i + 1..]
            .iter()
            .find(|l| !l.is_blank() && !OTHER_FURNITURE.matches(&l.content))
    };

    for (i, line) in lines.iter().enumerate() {
        if line.is_blank() {
            if let Some(cur) = open.last_mut() {
                cur.new_paragraph = true;
            }
            continue;
        }
        if CLOSING_FURNITURE.matches(&line.content) {
            if let Some(cur) = open.last_mut() {
                cur.closed = true;
            }
            continue;
        }
        if OTHER_FURNITURE.matches(&line.content) {
            continue;
        }

        // A new comment: a list marker, or an author line after a finished comment.
        let (mut marker, mut rest) = match split_marker(line) {
            Some((m, rest)) => (Some(m), rest.to_string()),
            None => (None, line.content.to_string()),
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
            if inside_text && (uses_closing_lines || typed_list) {
                // A list item of the comment's text; renderers draw its bullet
                // as •, ◦, o, * or +: keep one kind.
                rest = match m.kind {
                    MarkerKind::Bullet => format!("• {rest}"),
                    _ => line.content.to_string(),
                };
                marker = None;
            }
        }
        // Text at the thread's left edge after a finished comment is the page
        // again (footer, newsletter box): the thread is over.
        if marker.is_none()
            && current.is_some_and(|c| open[c].closed)
            && root_column.is_some_and(|col| line.indent <= col)
            && parse_header(&line.content, false).is_none()
        {
            break;
        }
        let starts_comment = marker.is_some()
            || (starts_with_avatar_header(&line.content)
                && current.is_none_or(|c| !open[c].fresh || open[c].closed));
        let target = if starts_comment {
            let marker = marker.unwrap_or(Marker {
                kind: MarkerKind::HeaderOnly,
                start: line.indent,
                end: line.indent,
            });
            let glyph = marker.glyph(line);
            if !comment_glyphs.contains(&glyph) {
                comment_glyphs.push(glyph);
            }
            let parent = place(&mut open, &comments, marker);
            if parent.is_none() {
                root_column = Some(root_column.map_or(marker.start, |c| c.min(marker.start)));
            }
            // The previous comment is most likely complete: give back the
            // room its growing text reserved (up to half of a big file).
            if let Some(prev) = comments.last_mut() {
                prev.text.shrink_to_fit();
            }
            open.push(Draft::new(comments.len(), marker));
            comments.push(Comment {
                parent,
                source_line: first_line + i,
                ..Comment::default()
            });
            if rest.is_empty() {
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
                    if d.anchor <= line.indent || d.fresh {
                        break;
                    }
                }
                target
            }
        };

        let d = &mut open[target];
        let c = &mut comments[d.index];
        if d.fresh {
            d.anchor = d.anchor.min(line.indent);
            if c.author.is_empty()
                && c.posted_at.is_empty()
                && let Some((author, date)) = parse_header(&rest, marker.is_some())
            {
                c.author = author;
                c.posted_at = date;
                continue;
            }
            if c.posted_at.is_empty() && is_date_line(&rest) {
                if rest.contains('_') {
                    underscores_for_spaces = true;
                }
                c.posted_at = clean_date(&rest);
                continue;
            }
            if c.author.is_empty()
                && c.posted_at.is_empty()
                && looks_like_name(&rest)
                && next_content(i).is_some_and(|l| is_date_line(&l.content))
            {
                c.author = clean_name(&rest);
                continue;
            }
        }
        if d.text_column.is_none() {
            d.text_column = Some(line.char_len() - rest.chars().count());
        }
        let soft = !d.new_paragraph && is_soft_break(d.last_line_end, &rest);
        d.push_text(c, &rest, line.char_len(), soft);
    }

    if underscores_for_spaces {
        for c in &mut comments {
            c.author = c.author.replace('_', " ");
        }
    }
    comments
}

// ---------------------------------------------------------------------------
// The article

static BYLINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:by|written\s+by|posted\s+by|published\s+by|author:?)\s+(.{2,60})$")
        .expect("valid regex")
});
static POSTED_ON: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?ix)^(?:posted|published|updated)?\s*(?:on\s+)?({})",
        *DATE
    ))
    .expect("valid regex")
});

fn paragraphs_of(lines: &[Line<'_>]) -> Vec<String> {
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
                p.push_str(&line.content);
            }
            _ => paragraphs.push(line.content.to_string()),
        }
        new_paragraph = false;
    }
    paragraphs
}

fn unquote_title(header: &str) -> Option<String> {
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
fn guess_title(lines: &[Line<'_>]) -> Option<usize> {
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

fn build_article(lines: &[Line<'_>], header: Option<&str>) -> Article {
    let mut article = Article::default();
    let quoted = header.and_then(unquote_title);
    let title_at = quoted
        .as_deref()
        .and_then(|t| {
            let t = normalized(t);
            lines.iter().rposition(|l| normalized(&l.content) == t)
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

#[cfg(test)]
mod tests {
    use super::*;

    /// The plain definition [`normalize_into`] must agree with.
    fn reference(s: &str) -> String {
        s.trim_matches(|c: char| c == '*' || c == '#' || c == '=' || c.is_whitespace())
            .replace('_', " ")
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase()
    }

    #[test]
    fn header_checks_rule_out_only_lines_the_regexes_would_not_match() {
        let lines = [
            "Zara K. says:",
            "JOHN SMITH WROTE:",
            "Namesays:",
            "mary writes",
            "Bob commented",
            "Al said:",
            "\u{17F}ue \u{17F}ays:",
            "Ana Lopez June 20, 2019 at 2:41 am",
            "Ana Lopez 3 days ago",
            "Ana Lopez \u{661}\u{662}/\u{663}/\u{664}\u{665}\u{666}\u{667}",
            "Just a sentence with no header in it.",
            "",
        ];
        let (mut says, mut dated) = (0, 0);
        for line in lines {
            if SAYS.is_match(line) {
                says += 1;
                assert!(may_say(line), "{line:?}");
            }
            if AUTHOR_AND_DATE.is_match(line) {
                dated += 1;
                assert!(Required::Digit.found_in(line), "{line:?}");
            }
        }
        assert_eq!((says, dated), (7, 3), "the sample lines are headers");
        // The checks rule lines out, or they would not save anything.
        assert!(!may_say("Just a sentence with no header in it."));
        assert!(SAYS.is_match("\u{17F}ue \u{17F}ays:") && may_say("\u{17F}ue \u{17F}ays:"));
        assert_eq!(
            parse_header("Zara K. says:", false),
            Some(("Zara K.".to_string(), String::new()))
        );
    }

    #[test]
    fn line_patterns_find_the_lines_they_describe() {
        let cases: [(&str, &LinePattern, &[&str]); 6] = [
            (
                "counted header",
                &COUNTED_HEADER,
                &[
                    "5 Thoughts on “The Bridge”",
                    "Comments (12)",
                    "THIS POST HAS 80 COMMENTS",
                    "one response",
                ],
            ),
            (
                "plain header",
                &PLAIN_HEADER,
                &[
                    "Comments",
                    "## Join the Discussion",
                    "What readers are saying:",
                ],
            ),
            (
                "thread end",
                &THREAD_END,
                &[
                    "Leave a Reply",
                    "Your email address will not be published.",
                    "Post navigation",
                    "You may also like",
                    "NEXT ARTICLE",
                ],
            ),
            (
                "closing",
                &CLOSING_FURNITURE,
                &[
                    "Reply",
                    "Reply ↓",
                    "LI\u{212A}E",
                    "Liked by 3 people",
                    "12 likes",
                    "Upvote",
                    "Permalink",
                ],
            ),
            (
                "other",
                &OTHER_FURNITURE,
                &[
                    "Cancel reply",
                    "Comments are closed.",
                    "Loading...",
                    "[avatar]",
                    "[ ]",
                    "Profile photo",
                ],
            ),
            (
                "date",
                &DATE_LINE,
                &[
                    "March 3, 2024 at 5:01 pm",
                    "2024-01-02T10:00:00Z",
                    "3 days ago",
                    "12/5/2023",
                ],
            ),
        ];
        for (name, pattern, lines) in cases {
            for line in lines {
                assert!(pattern.matches(line), "{name}: {line:?}");
            }
            assert!(
                !pattern.matches("An ordinary sentence of a comment."),
                "{name}"
            );
        }
    }

    #[test]
    fn normalizing_a_line_agrees_with_its_definition() {
        let cases = [
            "",
            "   ",
            "Reply",
            "  **Leave a Reply**  ",
            "__Reply__",
            "_*Reply*_",
            "5 Thoughts  on\t“The Bridge”",
            "Comments (12)",
            "x\u{0B}y\u{0C}z\u{1C}w",
            "ΟΔΟΣ ΣΤΑ",
            "• Ann · İstanbul KELVIN",
            "Caf\u{e9}_Au Lait\u{a0}Reply",
            "== Discussion ==",
            "###",
            "** Reply ** __ like __",
            "one two three four five six seven",
        ];
        for case in cases {
            let mut fast = String::from("stale");
            normalize_into(case, &mut fast);
            assert_eq!(fast, reference(case), "{case:?}");
            // The quick word count never says "too many" when normalizing would not.
            let words = reference(case).split_whitespace().count();
            for max in 0..6 {
                if has_more_words(case, max) {
                    assert!(
                        words > max,
                        "{case:?} has {words} words, not more than {max}"
                    );
                }
            }
            assert!(!has_more_words(case, words), "{case:?}");
        }
    }

    #[test]
    fn counting_words_byte_by_byte_agrees_with_splitting() {
        // The definition: pieces between underscores and ASCII whitespace
        // that hold something besides heading marks.
        let reference = |s: &str| {
            s.split(|c: char| c == '_' || c.is_ascii_whitespace())
                .filter(|w| w.bytes().any(|b| !matches!(b, b'*' | b'#' | b'=')))
                .count()
        };
        let cases = [
            "",
            "Reply",
            "  ** Reply **  ",
            "a_b\tc\nd\x0Ce\rf g",
            "x\u{0B}y",
            "== ## ** ==",
            "*a* #b# =c=",
            "Caf\u{e9}_Au Lait\u{a0}Reply",
            "ΟΔΟΣ  ΣΤΑ __ ※",
            "one two three four five six seven eight nine ten",
        ];
        for case in cases {
            let words = reference(case);
            for max in 0..12 {
                assert_eq!(has_more_words(case, max), words > max, "{case:?}, {max}");
            }
        }
    }
}
