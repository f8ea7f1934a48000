//! Step 1: the page as a table of lines, and the cheap tests that classify
//! them (required words first, a normalized line only when they are there).

use regex::Regex;

/// Splits old Mac line endings (lone CR) too.
pub(super) fn split_cr(s: &str) -> impl Iterator<Item = &str> {
    let s = s.strip_suffix('\n').unwrap_or(s);
    let s = s.strip_suffix('\r').unwrap_or(s);
    s.split('\r')
}

/// One source line with its indentation measured in columns. Line `i` of
/// the table is line `i + 1` of the file.
#[derive(Debug, Clone)]
pub(super) struct Line<'a> {
    pub(super) indent: usize,
    /// Trimmed text with tabs turned into spaces ([`untab`]). Borrowed,
    /// not a `Cow`: a page of 300k lines holds 2 MB less.
    pub(super) content: &'a str,
}

impl<'a> Line<'a> {
    pub(super) fn new(raw: &'a str) -> Line<'a> {
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
            // Tabs still in: see [`untab`].
            content: rest.trim_end(),
        }
    }

    pub(super) fn is_blank(&self) -> bool {
        self.content.is_empty()
    }

    pub(super) fn char_len(&self) -> usize {
        self.indent + self.content.chars().count()
    }
}

/// The lines of `lines` that hold tabs, by index, with their contents
/// with each tab made a space, for [`untab`].
pub(super) fn untabbed_contents(lines: &[Line]) -> Vec<(usize, String)> {
    lines
        .iter()
        .enumerate()
        .filter(|(_, line)| line.content.contains('\t'))
        .map(|(i, line)| (i, line.content.replace('\t', " ")))
        .collect()
}

/// Has the lines that hold tabs read `untabbed`, their contents without
/// them ([`untabbed_contents`]). A line's content is read from the page
/// while it is made; the few with tabs are put right afterwards, so that
/// a line can borrow its content from one or the other.
pub(super) fn untab<'a>(lines: &mut [Line<'a>], untabbed: &'a [(usize, String)]) {
    for (i, content) in untabbed {
        lines[*i].content = content;
    }
}

/// Furniture, headers and dates are short; longer lines skip those checks.
pub(super) const SHORT_LINE: usize = 200;

/// A pattern for whole [`normalized`] lines, with a cheap test of the raw
/// line first: words every match contains. Most lines of a page lack them
/// and are never normalized.
pub(super) struct LinePattern {
    pub(super) required: Required,
    /// No match has more words than this: longer lines (prose) are ruled
    /// out after reading a few words.
    pub(super) max_words: usize,
    pub(super) pattern: Regex,
}

pub(super) enum Required {
    /// One of these words, in any case.
    Words(aho_corasick::AhoCorasick),
    /// An ASCII digit, as dates are written ([`super::headers::DATE`]).
    Digit,
}

impl Required {
    pub(super) fn words(required: &str) -> Required {
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

    pub(super) fn found_in(&self, s: &str) -> bool {
        match self {
            Required::Words(words) => words.is_match(s),
            Required::Digit => s.bytes().any(|b| b.is_ascii_digit()),
        }
    }
}

impl LinePattern {
    /// `required`: words separated by `|`, in any case.
    pub(super) fn new(required: &str, pattern: &str) -> LinePattern {
        LinePattern::with(Required::words(required), pattern)
    }

    pub(super) fn with(required: Required, pattern: &str) -> LinePattern {
        LinePattern {
            required,
            max_words: usize::MAX,
            pattern: Regex::new(pattern).expect("valid regex"),
        }
    }

    /// Sets [`LinePattern::max_words`]; it must hold for every match.
    pub(super) fn at_most_words(self, max_words: usize) -> LinePattern {
        LinePattern { max_words, ..self }
    }

    /// Whether line `s`, normalized, matches. Lines longer than
    /// [`SHORT_LINE`] never do.
    pub(super) fn matches(&self, s: &str) -> bool {
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
pub(super) fn has_more_words(s: &str, max: usize) -> bool {
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
pub(super) fn normalized(s: &str) -> String {
    let mut out = String::new();
    normalize_into(s, &mut out);
    out
}

/// [`normalized`] into a reused buffer: every line of a page is checked
/// for furniture and headers several times.
pub(super) fn normalize_into(s: &str, out: &mut String) {
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
