//! The text parser on the project's own pages, one per renderer style.

use super::util::{owned, parse_fixture, shape};

/// (fixture, expected (id, parent, author) of every comment)
type StyleCase<'a> = (&'a str, &'a [(&'a str, &'a str, &'a str)]);

#[test]
fn renderer_styles_give_the_same_tree() {
    let cases: &[StyleCase] = &[
        (
            "wordpress-w3m.txt",
            &[
                ("1", "", "Mira"),
                ("1.1", "1", "Tomas"),
                ("2", "", "Ole Lund"),
                ("3", "", ""),
            ],
        ),
        (
            "wordpress-lynx.txt",
            &[
                ("1", "", "Mira"),
                ("1.1", "1", "Tomas"),
                ("2", "", "Ole Lund"),
                ("3", "", ""),
            ],
        ),
        (
            "wordpress-html2text.txt",
            &[
                ("1", "", "Mira"),
                ("1.1", "1", "Tomas Berg"),
                ("2", "", "Ole Lund"),
                ("3", "", ""),
            ],
        ),
        (
            "wordpress-pandoc-flat.txt",
            &[
                ("1", "", "Mira"),
                ("1.1", "1", "Tomas"),
                ("2", "", "Ole Lund"),
            ],
        ),
    ];
    for (name, want) in cases {
        let t = parse_fixture(name);
        assert_eq!(shape(&t), owned(want), "{name}");
        assert_eq!(t.article.title, "Ferry timetable cut again", "{name}");
        let first = &t.comments[0];
        assert!(
            first.text.starts_with("The early boat is the only way"),
            "{name}: {:?}",
            first.text
        );
        assert!(
            first.text.ends_with("off the island."),
            "{name}: {:?}",
            first.text
        );
        let reply = t.find("2").unwrap();
        assert_eq!(
            reply.text, "You are an idiot if you think fuel prices will fall.",
            "{name}"
        );
        for c in &t.comments {
            for furniture in [
                "Reply",
                "LikeLiked",
                "says:",
                "[Avatar]",
                "Leave a",
                "Features",
            ] {
                assert!(!c.text.contains(furniture), "{name} {}: {:?}", c.id, c.text);
            }
        }
    }
}

#[test]
fn dates_and_pingbacks() {
    let t = parse_fixture("wordpress-w3m.txt");
    assert_eq!(t.comments[0].posted_at, "February 3, 2024 at 9:15 am");
    let ping = t.find("3").unwrap();
    assert_eq!(ping.kind, threadmod::thread::CommentKind::Pingback);
    assert!(ping.text.starts_with("Pingback: Island news roundup"));

    let h = parse_fixture("wordpress-html2text.txt");
    assert_eq!(h.comments[1].posted_at, "February 3, 2024 at 10:02 am");
    let p = parse_fixture("wordpress-pandoc-flat.txt");
    assert_eq!(p.comments[2].posted_at, "Feb 4th at 7:30 pm");
}

#[test]
fn a_list_inside_a_comment_is_text_not_replies() {
    let t = parse_fixture("wordpress-w3m.txt");
    let reply = t.find("1.1").unwrap();
    assert!(reply.text.contains("What we need:"));
    assert!(reply.text.contains("a boat at 6:40"), "{:?}", reply.text);
    assert!(reply.text.contains("a boat at 18:10"));
    assert_eq!(t.comments.len(), 4);
}

#[test]
fn wrapped_lines_are_joined_and_paragraphs_kept() {
    let t = parse_fixture("wordpress-w3m.txt");
    assert_eq!(
        t.comments[0].text,
        "The early boat is the only way I can get to my shift at the hospital. Losing it means moving off the island."
    );
    let reply = t.find("1.1").unwrap();
    assert!(
        reply
            .text
            .starts_with("Same here. The council should buy the route back.\n\nWhat we need:")
    );
}

#[test]
fn text_layout_nests_by_column() {
    let t = parse_fixture("text-layout.txt");
    let want = owned(&[
        ("1", "", ""),
        ("1.1", "1", ""),
        ("1.2", "1", ""),
        ("1.2.1", "1.2", ""),
        ("2", "", ""),
        ("3", "", ""),
    ]);
    assert_eq!(shape(&t), want);
    assert_eq!(
        t.find("1.1").unwrap().text,
        "Me too! The dining car was wonderful.\n\nThe old carriages had wooden panels."
    );
    // A line break in an unwrapped file is the writer's own.
    assert_eq!(
        t.find("2").unwrap().paragraphs().collect::<Vec<_>>(),
        [
            "Six years too late, but good news.",
            "I hope they keep the bicycle spaces."
        ]
    );
    assert_eq!(t.article.title, "Night trains return to the northern line");
    assert!(t.article.body.starts_with("The night train between"));
    assert!(t.article.body.ends_with("the same as a hotel room."));
}

#[test]
fn ids_are_stable_for_the_same_file() {
    let a = parse_fixture("text-layout.txt");
    let b = parse_fixture("text-layout.txt");
    assert_eq!(shape(&a), shape(&b));
}

#[test]
fn articles_without_comments_and_empty_files() {
    let cases: &[(&str, &str, usize, &str)] = &[
        ("empty", "", 0, ""),
        ("whitespace", "  \n\n \t \n", 0, ""),
        (
            "article only",
            "A title\n\nSome words of an article.\n",
            0,
            "A title",
        ),
        (
            "header no comments",
            "Title\n\nBody.\n\n0 comments\n\nLeave a Reply\n",
            0,
            "Title",
        ),
    ];
    for (name, input, comments, title) in cases {
        let t = threadmod::parse::text::parse(input);
        assert_eq!(t.comments.len(), *comments, "{name}");
        assert_eq!(t.article.title, *title, "{name}");
    }
}

/// Words of a text, for comparing renderings that wrap and punctuate differently.
fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

#[test]
fn renderings_of_unseen_pages_match_their_html() {
    // Pages made by scripts/synth_pages.py (three comment themes, nested
    // replies, lists and quotes in comments, pingbacks), rendered by w3m,
    // lynx, pandoc and html2text as scripts/render-check.sh does.
    for page in ["page0", "page3"] {
        let html = parse_fixture(&format!("rendered/{page}.html"));
        assert!(html.comments.len() > 20, "{page}");
        for renderer in ["w3m", "lynx", "pandoc", "html2text"] {
            let name = format!("rendered/{page}.{renderer}.txt");
            let text = parse_fixture(&name);
            // html2text writes spaces as underscores in names; "harbour_fan"
            // and "harbour fan" cannot be told apart there.
            let plain = |t: &threadmod::thread::Thread| -> Vec<(String, String, String)> {
                shape(t)
                    .into_iter()
                    .map(|(i, p, a)| (i, p, a.replace('_', " ")))
                    .collect()
            };
            assert_eq!(plain(&text), plain(&html), "{name}");
            for (t, h) in text.comments.iter().zip(&html.comments) {
                assert_eq!(words(&t.text), words(&h.text), "{name} comment {}", h.id);
            }
        }
    }
}

#[test]
fn a_run_of_bare_markers_before_the_thread_is_a_widget_not_comments() {
    // A rating widget drawn as five empty list items at the left edge, then
    // the comment form and the thread indented under it.
    let page = "\
Lemon curd tarts

Bake the shells blind, then fill them while warm.

This Post Has 2 Comments
Rate this Recipe
o
o
o
o
o
[Post Comment]
   1.
      Kristine says:
      _October_22,_2020_at_5:17_pm_
      Can I keep the curd in the fridge overnight?
      Reply
         1.
            Bebs says:
            _October_27,_2020_at_1:18_am_
            Yes, covered, for up to three days.
            Reply
   2.
      Gemma says:
      _July_12,_2020_at_4:39_pm_
      Made these twice already.
      Reply
";
    let t = threadmod::parse::text::parse(page);
    assert_eq!(
        shape(&t),
        owned(&[
            ("1", "", "Kristine"),
            ("1.1", "1", "Bebs"),
            ("2", "", "Gemma")
        ])
    );
    assert_eq!(
        t.find("1.1").unwrap().posted_at,
        "October 27, 2020 at 1:18 am"
    );
}

#[test]
fn a_lowercase_name_after_an_o_bullet_is_a_reply_when_a_date_follows() {
    // html2text draws nested bullets as "o"; a name in lowercase after one
    // is a reply's header when the next line is its date.
    let page = "\
Tea without sugar

**** 2 Kommentare ****
   1. Sandra
      14._April_2019
      Green tea needs no sugar at all.
      Antworten
          o teashop
            22._April_2019
            Agreed, and it keeps longer too.
            Antworten
";
    let t = threadmod::parse::text::parse(page);
    assert_eq!(
        shape(&t),
        owned(&[("1", "", "Sandra"), ("1.1", "1", "teashop")])
    );
    assert_eq!(
        t.find("1.1").unwrap().text,
        "Agreed, and it keeps longer too."
    );
}

#[test]
fn a_long_header_wrapped_over_two_lines_gives_its_name_and_date() {
    // A pingback's header is its post title, long enough that the renderer
    // wraps it before the date.
    let page = "\
Night trains

2 Kommentare

 1. [a1b2c3]
    Mira 19. Juni 2018 um 15:28 Uhr - Antworten

    Finally a sleeper to the coast.

 2. [d4e5f6]
    Rail Notes - Night trains are back: what changed, and what to book - Rail
    Notes 21. Juni 2018 um 10:40 Uhr - Antworten

    […] the sleeper returns next spring […]
";
    let t = threadmod::parse::text::parse(page);
    assert_eq!(
        shape(&t),
        owned(&[
            ("1", "", "Mira"),
            (
                "2",
                "",
                "Rail Notes - Night trains are back: what changed, and what to book - Rail Notes"
            )
        ])
    );
    assert_eq!(t.find("2").unwrap().posted_at, "21. Juni 2018 um 10:40 Uhr");
    assert!(t.find("2").unwrap().text.starts_with("[…] the sleeper"));
}

#[test]
fn a_long_name_before_a_date_and_a_reply_word_is_a_header() {
    // A pingback's post title as the name, on one line, and once with the
    // reply word wrapped onto the next line after its separator.
    let page = "\
Night trains

4 Kommentare

 1. Mira 19. Juni 2018 um 15:28 Uhr - Antworten

    Finally a sleeper to the coast.

 2. Night trains are back: what changed and what to book - Rail Notes 21. Juni 2018 um 10:40 Uhr - Antworten

    […] the sleeper returns next spring […]

 3. Sleepers, couchettes and seats: a field guide for the long night 22. Juni 2018 um 9:05 Uhr -
    Antworten

    […] book the couchette early […]

 4.

    Couchettes are back! - Rail Notes, the weekly letter for night travellers 23.
    Juni 2018 um 8:00 Uhr - Antworten

    […] the couchettes return […]
";
    let t = threadmod::parse::text::parse(page);
    assert_eq!(
        shape(&t),
        owned(&[
            ("1", "", "Mira"),
            (
                "2",
                "",
                "Night trains are back: what changed and what to book - Rail Notes"
            ),
            (
                "3",
                "",
                "Sleepers, couchettes and seats: a field guide for the long night"
            ),
            (
                "4",
                "",
                "Couchettes are back! - Rail Notes, the weekly letter for night travellers"
            ),
        ])
    );
    assert_eq!(t.find("3").unwrap().posted_at, "22. Juni 2018 um 9:05 Uhr");
    assert!(
        t.find("3")
            .unwrap()
            .text
            .starts_with("[…] book the couchette")
    );
}

#[test]
fn a_signature_quoted_in_a_few_comments_is_not_the_thread_s_header_shape() {
    // A thread whose comments have no headers, where some comments quote
    // the same signed post: the list is the thread, the signature is text.
    let mut page = String::from(
        "Ferry timetable\n\nby Harbour Desk on Aug 9, 2012 12:43 PM EDT\n\n12 comments\n\n",
    );
    for n in 1..=12 {
        page.push_str(&format!("  {n}. Comment number {n} on the ferries.\n\n"));
        if n % 3 == 0 {
            page.push_str(
                "     Quoting the old post:\n\n     by Ole Lund on May 17, 2012 5:11 PM\n\n     More ferries please.\n\n",
            );
        }
    }
    let t = threadmod::parse::text::parse(&page);
    assert_eq!(t.comments.len(), 12, "{:?}", shape(&t));
    assert!(
        t.comments
            .iter()
            .all(|c| c.author.is_empty() && c.parent.is_none())
    );
    assert!(t.find("3").unwrap().text.contains("by Ole Lund on May 17"));
}

#[test]
fn a_numbered_comment_that_starts_like_a_header_stays_a_comment() {
    // "2. Thought to …" reads like "2 thoughts on …" but for its full stop:
    // a thread header there would drop the comments above it.
    let page = "The Ferry\n\nThe council sold the early boat.\n\n\
                  1. Mira says:\n\n     The early boat is the only way to work.\n\n\
                  2. Thought to be the cheapest route, it is now the dearest.\n\n\
                  3. Ole says:\n\n     Buy it back.\n\nLeave a Reply\n";
    let t = threadmod::parse::text::parse(page);
    let texts: Vec<&str> = t.comments.iter().map(|c| c.text.as_str()).collect();
    assert_eq!(texts.len(), 3, "{texts:?}");
    assert!(
        texts[1].starts_with("Thought to be the cheapest route"),
        "{texts:?}"
    );
}
