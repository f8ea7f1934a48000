//! Step 1: the page as a table of lines, and the cheap tests that classify
//! them (required words first, a normalized line only when they are there).

use std::sync::LazyLock;

use regex::Regex;

use super::headers::WordGroup;

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
    /// Columns, 32-bit so that a line with its facts takes 24 bytes
    /// ([`Line::indent`]).
    indent: u32,
    /// Trimmed text with tabs turned into spaces ([`untab`]). Borrowed,
    /// not a `Cow`: a page of 300k lines holds 2 MB less.
    pub(super) content: &'a str,
    pub(super) facts: LineFacts,
}

/// What the line patterns ask of a line before anything costly, read once
/// when the line is made: each line is asked by several patterns, and most
/// lines are ruled out by these alone.
#[derive(Debug, Clone, Copy)]
pub(super) struct LineFacts {
    /// Words as [`word_count`] counts them, up to [`u8::MAX`].
    words: u8,
    /// The groups of required words ([`WordGroup`]) the line holds, a bit
    /// each.
    groups: u8,
}

impl LineFacts {
    /// The facts of a line's content. A line longer than [`SHORT_LINE`]
    /// matches no pattern and is not read.
    pub(super) fn of(content: &str) -> LineFacts {
        if content.len() > SHORT_LINE {
            return LineFacts {
                words: u8::MAX,
                groups: 0,
            };
        }
        LineFacts {
            words: u8::try_from(word_count(content, usize::from(u8::MAX))).unwrap_or(u8::MAX),
            groups: REQUIRED_WORDS.groups_in(content),
        }
    }
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
        // Tabs still in: see [`untab`]. The facts read a tab as the space
        // it becomes.
        let content = rest.trim_end();
        Line {
            // Four billion columns of indentation read as that many.
            indent: u32::try_from(indent).unwrap_or(u32::MAX),
            content,
            facts: LineFacts::of(content),
        }
    }

    /// Columns of indentation, a tab to the next multiple of eight.
    pub(super) fn indent(&self) -> usize {
        self.indent as usize
    }

    pub(super) fn is_blank(&self) -> bool {
        self.content.is_empty()
    }

    pub(super) fn char_len(&self) -> usize {
        self.indent() + self.content.chars().count()
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

// A short line has at most SHORT_LINE / 2 words: its facts count them all.
const _: () = assert!(SHORT_LINE / 2 < u8::MAX as usize);

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

#[derive(Debug, Clone, Copy)]
pub(super) enum Required {
    /// One of the words of this group, in any case.
    Words(WordGroup),
    /// An ASCII digit, as dates are written ([`super::headers::DATE`]).
    Digit,
}

impl Required {
    /// Whether line content `s`, whose facts are `facts`, holds it.
    fn found(&self, s: &str, facts: LineFacts) -> bool {
        match self {
            Required::Words(group) => facts.groups & group.bit() != 0,
            Required::Digit => has_digit(s),
        }
    }
}

/// Whether `s` has an ASCII digit, as every date does ([`Required::Digit`]).
pub(super) fn has_digit(s: &str) -> bool {
    s.bytes().any(|b| b.is_ascii_digit())
}

/// Which words each [`WordGroup`] requires, searched for all groups at
/// once: one pass over a line tells every pattern whether to go on.
struct RequiredWords {
    searcher: aho_corasick::AhoCorasick,
    /// The group bit of each word the searcher looks for.
    group_of: Vec<u8>,
}

static REQUIRED_WORDS: LazyLock<RequiredWords> = LazyLock::new(|| {
    let mut words = Vec::new();
    let mut group_of = Vec::new();
    for group in WordGroup::ALL {
        for word in group.words() {
            // A Kelvin sign lowercases to "k": "LIKE" may be written with one.
            if word.contains('k') {
                words.push(word.replace('k', "\u{212A}"));
                group_of.push(group.bit());
            }
            words.push(word);
            group_of.push(group.bit());
        }
    }
    RequiredWords {
        // Every occurrence, overlapping ones too: a word of one group
        // inside a word of another still counts for its own.
        searcher: aho_corasick::AhoCorasick::builder()
            .ascii_case_insensitive(true)
            // Every short line of a page is searched: a full DFA (0.4 MB
            // for the built-in vocabulary) parses a long page a tenth faster
            // than the default searcher.
            .kind(Some(aho_corasick::AhoCorasickKind::DFA))
            .build(&words)
            .expect("valid word list"),
        group_of,
    }
});

impl RequiredWords {
    /// The bits of the groups that have a word in `s`.
    fn groups_in(&self, s: &str) -> u8 {
        self.searcher.find_overlapping_iter(s).fold(0, |groups, m| {
            groups | self.group_of[m.pattern().as_usize()]
        })
    }
}

impl LinePattern {
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
        if s.len() > SHORT_LINE {
            return false;
        }
        // Only the facts this pattern asks for, and words only as far as it
        // counts them: the text of every comment line of a page without
        // dates is asked whether it is a date.
        let facts = LineFacts {
            words: u8::try_from(word_count(s, self.max_words.min(usize::from(u8::MAX) - 1)))
                .unwrap_or(u8::MAX),
            groups: match self.required {
                Required::Words(_) => REQUIRED_WORDS.groups_in(s),
                Required::Digit => 0,
            },
        };
        self.matches_with(s, facts)
    }

    /// [`LinePattern::matches`] of a line's content, from the facts the
    /// line read when it was made.
    pub(super) fn matches_line(&self, line: &Line) -> bool {
        self.matches_with(line.content, line.facts)
    }

    /// Whether `s`, whose facts are `facts`, matches: ruled out by the
    /// facts where they tell, normalized and matched where they do not.
    fn matches_with(&self, s: &str, facts: LineFacts) -> bool {
        thread_local! {
            static BUF: std::cell::RefCell<String> = const { std::cell::RefCell::new(String::new()) };
        }
        s.len() <= SHORT_LINE
            && usize::from(facts.words) <= self.max_words
            && self.required.found(s, facts)
            && BUF.with_borrow_mut(|buf| {
                normalize_into(s, buf);
                self.pattern.is_match(buf)
            })
    }
}

/// Whether `s` has more than `max` words, as a line's facts count them:
/// what the tests check the count by.
#[cfg(test)]
pub(super) fn has_more_words(s: &str, max: usize) -> bool {
    max != usize::MAX && word_count(s, max) > max
}

/// The words of `s`, counted up to `limit + 1`. Splitting on ASCII spaces
/// and underscores only, and not counting words of heading marks alone,
/// never counts more words than [`normalized`] leaves.
fn word_count(s: &str, limit: usize) -> usize {
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
                if words > limit {
                    return words;
                }
            }
            _ => {}
        }
    }
    words
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

#[cfg(test)]
mod tests {
    use super::*;

    /// The groups of `s` found one group at a time, each by its own search
    /// for any of its words, as a line pattern once did.
    fn groups_one_by_one(s: &str) -> u8 {
        WordGroup::ALL
            .into_iter()
            .filter(|group| {
                let words = group.words();
                let kelvin = words.iter().map(|w| w.replace('k', "\u{212A}"));
                let all: Vec<String> = words.iter().cloned().chain(kelvin).collect();
                aho_corasick::AhoCorasick::builder()
                    .ascii_case_insensitive(true)
                    .build(&all)
                    .unwrap()
                    .is_match(s)
            })
            .fold(0, |bits, group| bits | group.bit())
    }

    proptest::proptest! {
        /// One search for every group finds each group a search of its
        /// own would, words inside other words ("replies", "[Reply]") too;
        /// and a line's facts answer as the line's text does.
        #[test]
        fn one_search_finds_the_groups_each_search_would(
            words in proptest::collection::vec(
                proptest::sample::select(vec![
                    "Reply", "replies", "REPLY", "Antworten", "comments", "Kommentare",
                    "Leave", "a", "like", "LI\u{212A}E", "Liked", "[", "]", "●", "load",
                    "more", "show", "Cancel", "avatar", "Profilbild", "1", "2024", "de",
                    "thoughts", "on", "Réponse", "\t", "said", "x", "",
                ]),
                0..12,
            ),
            glue in proptest::sample::select(vec![" ", "", "\t", "  "]),
        ) {
            let s = words.join(glue);
            proptest::prop_assert_eq!(REQUIRED_WORDS.groups_in(&s), groups_one_by_one(&s));
            let line = Line::new(&s);
            let content = line.content.replace('\t', " ");
            let untabbed = Line { content: &content, ..line.clone() };
            for pattern in [
                &*super::super::headers::COUNTED_HEADER,
                &*super::super::headers::PLAIN_HEADER,
                &*super::super::headers::THREAD_END,
                &*super::super::headers::CLOSING_FURNITURE,
                &*super::super::headers::OTHER_FURNITURE,
                &*super::super::headers::DATE_LINE,
            ] {
                proptest::prop_assert_eq!(pattern.matches_line(&untabbed), pattern.matches(&content));
            }
        }
    }
}
