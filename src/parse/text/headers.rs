//! Step 3: the page vocabulary as line patterns: thread headers, comment
//! headers ("X says:", a name and a date), reply and furniture lines, dates.

use std::sync::LazyLock;

use regex::Regex;

use super::lines::{Line, LinePattern, Required, SHORT_LINE, has_digit};
use crate::parse::vocabulary::{self, alternation};

/// The words a line needs for a pattern to match it, a group for each
/// pattern that has some: a line without any of them cannot match, and is
/// never normalized. All groups are searched in one pass
/// ([`super::lines::LineFacts`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum WordGroup {
    CountedHeader,
    PlainHeader,
    ThreadEnd,
    ClosingFurniture,
    OtherFurniture,
}

impl WordGroup {
    pub(super) const ALL: [WordGroup; 5] = [
        WordGroup::CountedHeader,
        WordGroup::PlainHeader,
        WordGroup::ThreadEnd,
        WordGroup::ClosingFurniture,
        WordGroup::OtherFurniture,
    ];

    /// The group's bit in [`super::lines::LineFacts`], which holds eight.
    pub(super) fn bit(self) -> u8 {
        const _: () = assert!(WordGroup::ALL.len() <= 8);
        1 << self as u8
    }

    /// The group's words, in lower case.
    pub(super) fn words(self) -> Vec<String> {
        let words = vocabulary::get();
        match self {
            WordGroup::CountedHeader => distinctive_words(&words.counted_nouns),
            WordGroup::PlainHeader => distinctive_words(&words.plain_headers),
            WordGroup::ThreadEnd => distinctive_words(&words.thread_end),
            WordGroup::ClosingFurniture => distinctive_words(&words.reply_lines),
            WordGroup::OtherFurniture => [
                "cancel", "closed", "load", "show", "[", "avatar", "profil", "●",
            ]
            .map(str::to_string)
            .to_vec(),
        }
    }
}

/// The distinctive word of each phrase (its longest).
fn distinctive_words(phrases: &[String]) -> Vec<String> {
    phrases
        .iter()
        .filter_map(|p| p.split_whitespace().max_by_key(|w| w.len()))
        .map(str::to_string)
        .collect()
}

/// "5 thoughts on …", "51 Kommentare", "This Post Has 80 Comments",
/// "Comments (12)", "Comments 115", "27 commentaires". A count does not end
/// in a full stop: "1520. Thought to …" is a numbered comment, not a header.
pub(super) static COUNTED_HEADER: LazyLock<LinePattern> = LazyLock::new(|| {
    let words = vocabulary::get();
    let nouns = alternation(&words.counted_nouns);
    let prepositions = alternation(&words.title_prepositions);
    LinePattern::with(
        Required::Words(WordGroup::CountedHeader),
        &format!(
            r"(?x)^(?:\w+(?:\s+\w+){{0,3}}\s+)?
                (?:\d(?:[\d,.]*\d)?|one|two|three|four|five|six|seven|eight|nine|ten|no)\s+
                  (?:{nouns})\s*:?
                  (?:\s+(?:{prepositions})\b.*)?$
              | ^(?:{nouns})\s*[(:]?\s*\d[\d,.]*\)?$"
        ),
    )
});

/// "Comments", "Diskussion": a header without a count.
pub(super) static PLAIN_HEADER: LazyLock<LinePattern> = LazyLock::new(|| {
    let words = vocabulary::get();
    LinePattern::with(
        Required::Words(WordGroup::PlainHeader),
        &format!(r"^(?:{}):?$", alternation(&words.plain_headers)),
    )
    // "What people are saying:" has four.
    .at_most_words(6)
});

/// Lines after which nothing belongs to the thread any more: the reply
/// form ("Leave a Reply", "Schreibe einen Kommentar"), navigation. Glued
/// renderings ("Leave a ReplyCancel reply") still start with the phrase.
pub(super) static THREAD_END: LazyLock<LinePattern> = LazyLock::new(|| {
    let words = vocabulary::get();
    LinePattern::with(
        Required::Words(WordGroup::ThreadEnd),
        &format!(r"^(?:{}).*$", alternation(&words.thread_end)),
    )
});

/// Furniture that ends a comment's text: its reply button, likes.
pub(super) static CLOSING_FURNITURE: LazyLock<LinePattern> = LazyLock::new(|| {
    let words = vocabulary::get();
    LinePattern::with(
        Required::Words(WordGroup::ClosingFurniture),
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
pub(super) static OTHER_FURNITURE: LazyLock<LinePattern> = LazyLock::new(|| {
    LinePattern::with(
        Required::Words(WordGroup::OtherFurniture),
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
pub(super) static AVATAR_PREFIX: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:\[[^\]]{0,40}\]\s*|●\s*|\S+'s\s+avatar\s+|(?i:avatar|gravatar)\s+)+")
        .expect("valid regex")
});

/// How every [`SAYS`] match ends: a verb, maybe a colon. Searched from the
/// line's end, it rules out nearly every line of prose (in any script)
/// before the slower regex, which also finds the name.
static SAYS_AT_END: LazyLock<Regex> = LazyLock::new(|| {
    let verbs = alternation(&vocabulary::get().says);
    Regex::new(&format!(r"(?i)(?:{verbs})\s*:?$")).expect("valid regex")
});

pub(super) fn may_say(s: &str) -> bool {
    SAYS_AT_END.is_match(s)
}

/// "Ann says:", "Ann sagt:", html2text's glued "Annsagt:".
pub(super) static SAYS: LazyLock<Regex> = LazyLock::new(|| {
    let verbs = alternation(&vocabulary::get().says);
    Regex::new(&format!(
        r"(?i)^(.{{1,60}}?)(?:\s+(?:{verbs})\s*:?|\s*(?:{verbs})\s*:)$"
    ))
    .expect("valid regex")
});

/// A date as pages show it, in any language of the vocabulary, with an
/// optional time: "June 20th, 2019 at 2:41 am", "18. Oktober 2019 um 15:05
/// Uhr", "Do 9 Apr 2020 / 08:34", "(22 juin 2018 @11h13)", "18.10.2019,
/// 16:18", "3 days ago", "vor 3 Tagen". Digits are ASCII: a Unicode `\d`
/// (every script's digits) made each of the three patterns built on this
/// one twice the size, and pages in the languages threadmod reads write
/// dates in ASCII digits.
pub(super) static DATE: LazyLock<String> = LazyLock::new(|| {
    let words = vocabulary::get();
    let months = alternation(&words.months);
    let weekdays = alternation(&words.weekdays);
    let joins = alternation(&words.date_time_words);
    let suffixes = alternation(&words.time_suffixes);
    let units = alternation(&words.relative_date_units);
    let ago = alternation(&words.relative_date_words);
    format!(
        r"(?:\(?(?:(?:on|am|le|el|il|op|den|der)\s+)?(?:(?:{weekdays})\.?,?\s+)?(?:
            (?:{months})\.?\s+[0-9]{{1,2}}(?:st|nd|rd|th)?,?(?:\s+[0-9]{{4}})?
          | [0-9]{{1,2}}(?:st|nd|rd|th|er|\.)?\s+(?:{months})\.?,?\s+[0-9]{{4}}
          | [0-9]{{4}}-[0-9]{{2}}-[0-9]{{2}}(?:[t\s][0-9]{{2}}:[0-9]{{2}}(?::[0-9]{{2}}(?:\.[0-9]{{1,9}})?)?(?:z|[+-][0-9]{{2}}:?[0-9]{{2}})?)?
          | [0-9]{{1,2}}[./][0-9]{{1,2}}[./][0-9]{{2,4}}
          )(?:\s*(?:{joins})?\s*[0-9]{{1,2}}(?:[:.h][0-9]{{2}})(?:\s*(?:{suffixes}))?)?\)?
          | [0-9]+\s+(?:{units})\s+(?:{ago}) | (?:{ago})\s+[0-9]+\s+(?:{units}))"
    )
});

pub(super) static DATE_LINE: LazyLock<LinePattern> =
    // "on Sept. 23rd, 2024 at 12:00 pm" has seven words.
    LazyLock::new(|| {
        LinePattern::with(Required::Digit, &format!(r"(?ix)^{}$", *DATE)).at_most_words(10)
    });
/// "Ann Lee June 20, 2019 at 2:41 am", "Ben 19. Juni 2018 um 15:28 Uhr -
/// Antworten": a name, a date, maybe a reply word after it.
pub(super) static AUTHOR_AND_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        // The name ends at a space or a separator, never inside a word
        // ("Lee Wasson on 8/26/2022" is not "Lee Wass" + "on …").
        // A separator left at the end is the reply word's, wrapped onto
        // the next line ("… 16:11 Uhr -" / "Antworten").
        r"(?ix)^(.{{1,80}}?)(?:\s+|\s*[|·•–—,-]\s*)({})(?:\s*[-–|·]?\s*(?:{}))*(?:\s+[-–|·])?$",
        *DATE,
        alternation(&vocabulary::get().reply_lines)
    ))
    .expect("valid regex")
});
/// A header wrapped over two lines: a long name (a pingback's post title)
/// on the first, the rest of it and the date on the second.
static WRAPPED_HEADER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?ix)^(.{{1,200}}?)(?:\s+|\s*[|·•–—,-]\s*)({})(?:\s*[-–|·]?\s*(?:{}))*$",
        *DATE,
        alternation(&vocabulary::get().reply_lines)
    ))
    .expect("valid regex")
});

/// Author and date of a header wrapped after `first`, its date on `second`.
pub(super) fn parse_wrapped_header(first: &str, second: &str) -> Option<(String, String)> {
    if first.len() > SHORT_LINE || second.len() > SHORT_LINE || !has_digit(second) {
        return None;
    }
    let joined = format!("{first} {second}").replace('_', " ");
    let m = WRAPPED_HEADER.captures(&joined)?;
    let (name, date) = (m.get(1)?, m.get(2)?);
    // The date is on the second line and the name reaches into it, or a
    // reply word after the date says it is a header wherever it wrapped;
    // a sentence is not a name.
    let name_words = name.as_str().split_whitespace().count();
    let reply_follows = joined[date.end()..].chars().any(char::is_alphabetic);
    let ok = ((date.start() > first.len() && name.end() > first.len()) || reply_follows)
        && name_words <= 20
        && !name.as_str().trim_end().ends_with(['.', '!', '?']);
    ok.then(|| (clean_name(name.as_str()), clean_date(date.as_str())))
}

/// The platform id and link threadmod's text layout writes under a comment's
/// header: "[id: t1_cu5pebp] https://…", "[id: c-101]", "[link] https://…".
pub(super) static PERMALINK: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:\[id: (?P<id>[^\]\s]+)\](?: (?P<url>https?://\S+))?|\[link\] (?P<url2>https?://\S+))$")
        .expect("valid regex")
});
pub(super) static PINGBACK: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)^(?:pingback|trackback)\s*:").expect("valid regex"));

pub(super) fn is_date_line(s: &str) -> bool {
    DATE_LINE.matches(s)
}

/// [`is_date_line`] of a line's content.
pub(super) fn is_date_line_at(line: &Line) -> bool {
    DATE_LINE.matches_line(line)
}

/// Date text as the page shows it, without html2text's underscores.
pub(super) fn clean_date(s: &str) -> String {
    s.trim_matches(|c: char| c == '_' || c.is_whitespace())
        .replace('_', " ")
}

/// Splits "X says:" or "[av] X Jun 20th at 2:41 am" into author and date.
pub(super) fn parse_header(s: &str, allow_bare_date_suffix: bool) -> Option<(String, String)> {
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
        let mut flat = s.replace('_', " ");
        // Every date holds a digit (`\d`, numeric in any script).
        let dated = has_digit(&flat);
        if dated
            && !AUTHOR_AND_DATE.is_match(&flat)
            && let Some(unglued) = unglue_name_and_date(&flat)
        {
            flat = unglued;
        }
        if dated && let Some(m) = AUTHOR_AND_DATE.captures(&flat) {
            let name = m[1].trim();
            // A sentence ends with a dot; "Sabrina K." ends with an initial.
            let ends_sentence = name.ends_with('.')
                && name
                    .split_whitespace()
                    .last()
                    .is_none_or(|w| w.chars().count() > 3);
            // A reply word after the date ("… 16:11 Uhr - Antworten", or
            // its separator when the word wrapped) makes the line a header
            // beyond doubt, so a pingback's long post title is a name there.
            let reply_follows = flat[m.get(2).map_or(flat.len(), |d| d.end())..]
                .chars()
                .any(|c| c.is_alphabetic() || matches!(c, '-' | '–' | '|' | '·'));
            let most_words = if reply_follows { 20 } else { 8 };
            if !name.is_empty() && name.split_whitespace().count() <= most_words && !ends_sentence {
                return Some((clean_name(name), clean_date(&m[2])));
            }
        }
    }
    None
}

/// "IwonaMay 30, 2019" as "Iwona May 30, 2019": pages that lay out name
/// and date side by side render without a space between them. Tries a
/// space at each place a word could start inside a longer one (a lowercase
/// letter before an uppercase one, or an uppercase run before "Ma…") and
/// returns the first reading that is a name and a date.
fn unglue_name_and_date(s: &str) -> Option<String> {
    // A capitalised word then a number ("May 30"), as glued dates start.
    let month_then_number = |rest: &str| {
        let mut chars = rest.chars().skip(1).skip_while(|c| c.is_lowercase());
        matches!(chars.next(), Some('.' | ' ')) && {
            let rest: String = chars.take(3).collect();
            rest.trim_start().starts_with(|c: char| c.is_ascii_digit())
        }
    };
    let chars: Vec<(usize, char)> = s.char_indices().collect();
    chars.windows(3).find_map(|w| {
        let [(_, a), (i, b), (_, c)] = [w[0], w[1], w[2]];
        let starts_word =
            b.is_uppercase() && (a.is_lowercase() || (a.is_uppercase() && c.is_lowercase()));
        if !starts_word || !month_then_number(&s[i..]) {
            return None;
        }
        let spaced = format!("{} {}", &s[..i], &s[i..]);
        AUTHOR_AND_DATE.is_match(&spaced).then_some(spaced)
    })
}

/// Footer words beside a name on its header line ("permalien Red Bastard",
/// "Ann Permalink"): a comment's links, not part of the name.
static LINK_WORDS_BESIDE_NAME: LazyLock<Regex> = LazyLock::new(|| {
    let replies = alternation(&vocabulary::get().reply_lines);
    Regex::new(&format!(
        r"(?i)^(?:(?:{replies})(?:\s+|$))+|(?:(?:^|\s+)(?:{replies}))+$"
    ))
    .expect("valid regex")
});

pub(super) fn clean_name(s: &str) -> String {
    let s = AVATAR_PREFIX.replace(s.trim(), "");
    let s = s.trim_matches(|c: char| c == '_' || c == '*' || c.is_whitespace());
    LINK_WORDS_BESIDE_NAME.replace_all(s, "").trim().to_string()
}

/// A short line that could be a commenter's name (html2text puts the name
/// alone on a line, followed by the date).
pub(super) fn looks_like_name(s: &str) -> bool {
    let s = AVATAR_PREFIX.replace(s, "");
    let s = s.trim();
    !s.is_empty()
        && s.chars().count() <= 60
        && s.split_whitespace().count() <= 6
        && !s.ends_with(['.', '!', '?', ',', ':', ';'])
}
