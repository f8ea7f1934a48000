//! Unit tests of the line patterns against their plain definitions.

use super::headers::*;
use super::lines::*;

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
        // Dates are read in ASCII digits only: not a header.
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
            assert!(has_digit(line), "{line:?}");
        }
    }
    assert_eq!((says, dated), (7, 2), "the sample lines are headers");
    // The checks rule lines out, or they would not save anything.
    assert!(!may_say("Just a sentence with no header in it."));
    assert!(!may_say(
        "It’s a sentence that says nothing about who said it."
    ));
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
                // Phrases of several words, in the `(?x)` pattern.
                "Zum Antworten anmelden",
                "Reply to this comment",
                "Gefällt mir",
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

#[test]
fn tabs_inside_a_line_become_spaces_and_leading_tabs_indent() {
    let page = "\tHello\tworld\t\n  plain line\n\t\t\tdeep\tone";
    let mut lines: Vec<Line> = page
        .split_inclusive('\n')
        .flat_map(split_cr)
        .map(Line::new)
        .collect();
    let untabbed = untabbed_contents(&lines);
    untab(&mut lines, &untabbed);
    let got: Vec<(usize, &str)> = lines.iter().map(|l| (l.indent(), l.content)).collect();
    assert_eq!(
        got,
        [(8, "Hello world"), (2, "plain line"), (24, "deep one")]
    );
    // A line without tabs still reads the page itself.
    assert!(
        page.as_bytes()
            .as_ptr_range()
            .contains(&lines[1].content.as_ptr())
    );
}
