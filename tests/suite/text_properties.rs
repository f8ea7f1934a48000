//! Properties of the text parser on generated threads: written out in the
//! text layout (`export::text_layout`) and read back, every comment keeps its
//! place in the tree, its author, date and every character of its text.

use proptest::prelude::*;
use threadmod::thread::{Article, Comment, Thread};

/// Words of comment text, including ones that look like page furniture or
/// markers when they are not at the start of a line.
const WORDS: &[&str] = &[
    "the",
    "ferry",
    "council",
    "vote",
    "said",
    "never",
    "Reply",
    "says:",
    "1.",
    "2)",
    "•",
    "-",
    "*",
    "2024",
    "9:15",
    "am",
    "Ararat",
    "crétin",
    "naïve",
    "Ереван",
    "東京",
    "😀",
    "don't",
    "—",
    "“quoted”",
    "(aside)",
    "x@y.org",
    "https://example.org/a?b=1",
    "[link]",
    "idiot",
    "Comments",
    "thoughts",
    "on",
    "#1",
    "100%",
    "Jun",
    "20th",
];
const NAMES: &[&str] = &[
    "Mira",
    "Ole Lund",
    "J. Smith",
    "zara_k",
    "Ана",
    "T. O'Neil",
    "anon42",
];
const DATES: &[&str] = &[
    "",
    "February 3, 2024 at 9:15 am",
    "3 March 2023",
    "2024-02-03T09:15:00Z",
    "12/05/2021",
];

prop_compose! {
    fn paragraph()(words in prop::collection::vec(prop::sample::select(WORDS), 1..14),
                   first in prop::sample::select(&["Yes", "Well", "I", "Ferry", "Это"][..]))
                   -> String {
        // A paragraph starts with a plain word, as a comment's first line does.
        let mut p = first.to_string();
        for w in words {
            p.push(' ');
            p.push_str(w);
        }
        p
    }
}

prop_compose! {
    fn comment()(paragraphs in prop::collection::vec(paragraph(), 1..4),
                 author in prop::sample::select(NAMES),
                 named in any::<bool>(),
                 date in prop::sample::select(DATES))
                 -> (String, String, String) {
        let author = if named { author.to_string() } else { String::new() };
        let date = if named { date.to_string() } else { String::new() };
        let mut text = paragraphs.join("\n\n");
        // Without an author line, a first line such as "Mira says:" or
        // "Yes Jun 20th" is a header to any reader, so the generated ones
        // end as a sentence does.
        if !named {
            text.insert(paragraphs[0].len(), '.');
        }
        (author, date, text)
    }
}

/// A thread: depths that each go at most one deeper than the comment before.
fn thread() -> impl Strategy<Value = Thread> {
    (
        prop::collection::vec((0usize..4, comment()), 1..40),
        any::<bool>(),
    )
        .prop_map(|(steps, titled)| {
            let mut comments: Vec<Comment> = Vec::new();
            let mut stack: Vec<usize> = Vec::new(); // open ancestors by depth
            for (step, (author, posted_at, text)) in steps {
                // 0: reply to the previous comment (the first one is top-level);
                // 1: sibling; 2, 3: climb up.
                let depth = match step {
                    0 if !comments.is_empty() => stack.len() + 1,
                    0 | 1 => stack.len().max(1),
                    _ => stack.len().saturating_sub(step - 1).max(1),
                }
                .min(8);
                stack.truncate(depth - 1);
                let parent = stack.last().copied();
                let index = comments.len();
                comments.push(Comment {
                    parent,
                    depth: depth as u32,
                    author: author.into(),
                    posted_at: posted_at.into(),
                    text: text.into(),
                    ..Comment::default()
                });
                stack.push(index);
            }
            let mut thread = Thread {
                article: Article {
                    title: if titled {
                        "Ferry timetable cut again".into()
                    } else {
                        String::new()
                    },
                    body: "The island ferry will run four times a day.\n\nThe council objects."
                        .into(),
                    ..Article::default()
                },
                comments,
                ..Thread::default()
            };
            thread.assign_ids();
            thread
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn written_out_and_read_back_gives_the_same_tree(original in thread()) {
        let layout = threadmod::export::text_layout(&original);
        let parsed = threadmod::parse::text::parse(&layout);
        super::invariants::check_tree(&parsed);
        // Texts written back into the page's own buffer read the same.
        prop_assert_eq!(&threadmod::parse::text::parse_owned(layout.clone()), &parsed);
        prop_assert_eq!(parsed.comments.len(), original.comments.len(), "{}", layout);
        for (a, b) in original.comments.iter().zip(&parsed.comments) {
            prop_assert_eq!(&a.id, &b.id, "{}", layout);
            prop_assert_eq!(a.parent, b.parent, "parent of {}\n{}", a.id, layout);
            prop_assert_eq!(a.depth, b.depth);
            prop_assert_eq!(&a.author, &b.author, "author of {}\n{}", a.id, layout);
            prop_assert_eq!(&a.posted_at, &b.posted_at, "date of {}\n{}", a.id, layout);
            // Every character of the text is in this comment and no other.
            prop_assert_eq!(&a.text, &b.text, "text of {}\n{}", a.id, layout);
        }
    }

    #[test]
    fn any_text_parses_into_a_well_formed_tree(lines in prop::collection::vec(
        (0usize..12, prop::sample::select(&["1. ", "2. ", "• ", "* ", "- ", "", "", "Reply", "Mira says:", "10. "][..]),
         prop::collection::vec(prop::sample::select(WORDS), 0..8)), 0..60)) {
        let mut text = String::from("Title\n\n12 Comments\n\n");
        for (indent, marker, words) in lines {
            text.push_str(&" ".repeat(indent));
            text.push_str(marker);
            text.push_str(&words.join(" "));
            text.push('\n');
        }
        let parsed = threadmod::parse::text::parse(&text);
        super::invariants::check_tree(&parsed);
        // Texts written back into the page's own buffer read the same, even
        // where a parent's text resumes after its replies.
        prop_assert_eq!(&threadmod::parse::text::parse_owned(text.clone()), &parsed);
        // No word is invented: every word of every comment is in the input.
        for c in &parsed.comments {
            // List bullets are written as "•" whatever the page typed.
            for w in c.text.split_whitespace().filter(|w| *w != "•") {
                prop_assert!(text.contains(w), "{:?} not in the input", w);
            }
        }
    }
}
