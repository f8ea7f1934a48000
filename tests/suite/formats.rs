//! Every format yields the same thread model: saved pages, Disqus, Reddit,
//! Hacker News, CSV and JSON lines, detected by content.

use std::path::Path;

use threadmod::parse::{self, Format, ParseOptions};
use threadmod::thread::{CommentKind, CommentStatus, Thread};

use super::util::{fixture, owned, parse_fixture, shape};

#[path = "../../benches/deep_page.rs"]
mod deep_page;

fn texts(t: &Thread) -> Vec<&str> {
    t.comments.iter().map(|c| c.text.as_str()).collect()
}

#[test]
fn wordpress_page_trusts_depth_classes() {
    let t = parse_fixture("wordpress-page.html");
    assert_eq!(
        shape(&t),
        owned(&[
            ("1", "", "Mira"),
            ("1.1", "1", "Tomas"),
            ("2", "", "Ole Lund"),
            ("3", "", "")
        ])
    );
    assert_eq!(
        texts(&t),
        [
            "The early boat is the only way I can get to my shift.\n\nLosing it means moving off the island.",
            "Same here & the council should buy the route back.",
            "You are an idiot if you think fuel prices will fall.",
            "Pingback: Island news roundup | Harbour Town Gazette",
        ]
    );
    assert_eq!(t.comments[3].kind, CommentKind::Pingback);
    assert_eq!(t.comments[0].posted_at, "February 3, 2024 at 9:15 am");
    assert_eq!(t.article.title, "Ferry timetable cut again");
    assert_eq!(t.article.author, "Hana Berg");
    assert!(
        t.article
            .body
            .starts_with("The island ferry will run four times")
    );
    assert!(t.encoding.starts_with("HTML"));
    // The script's fake comment is never read, let alone run.
    assert!(t.comments.iter().all(|c| !c.text.contains("not a comment")));
}

#[test]
fn a_comment_never_takes_its_replys_author_date_or_text() {
    // The parent has no author, date or content element of its own; its
    // reply has all three, nested inside the parent's list item.
    let html = r#"<html><body><ol class="comment-list">
      <li class="comment" id="comment-1"><div class="comment-body"><p>Parent words.</p></div>
        <ol class="children">
          <li class="comment" id="comment-2"><article class="comment-body">
            <cite class="fn">Bob</cite><time>June 1, 2024</time>
            <div class="comment-content"><p>Reply words.</p></div></article></li>
        </ol></li>
    </ol></body></html>"#;
    let t = parse::parse_bytes(html.as_bytes(), Path::new("page.html")).unwrap();
    assert_eq!(
        shape(&t),
        owned(&[("1", "", ""), ("1.1", "1", "Bob")]),
        "the parent has no author"
    );
    assert_eq!(t.comments[0].posted_at, "");
    assert_eq!(t.comments[0].text, "Parent words.");
    assert_eq!(t.comments[1].text, "Reply words.");
    assert_eq!(t.comments[1].posted_at, "June 1, 2024");
}

#[test]
fn deep_reply_chains_without_depth_classes_nest_one_under_another() {
    let depth = 400;
    let html = deep_page::reply_chain(depth);
    let t = parse::parse_bytes(html.as_bytes(), Path::new("deep.html")).unwrap();
    assert_eq!(t.comments.len(), depth);
    for (i, c) in t.comments.iter().enumerate() {
        assert_eq!(c.parent, i.checked_sub(1), "comment {i}");
        assert_eq!(c.depth as usize, i + 1, "comment {i}");
        assert_eq!(c.text, format!("Reply {i}"), "comment {i}");
    }
}

#[test]
fn other_pages_fall_back_to_their_lists() {
    let t = parse_fixture("generic-list.html");
    assert_eq!(t.article.title, "Night trains return to the northern line");
    let got: Vec<(String, String)> = shape(&t).into_iter().map(|(id, p, _)| (id, p)).collect();
    assert_eq!(
        got,
        [
            ("1".into(), "".into()),
            ("1.1".into(), "1".into()),
            ("2".into(), "".into())
        ]
    );
    assert_eq!(t.comments[1].text, "Me too! The dining car was wonderful.");
}

#[test]
fn disqus_threads_posts_and_statuses() {
    let t = parse_fixture("disqus.xml");
    assert_eq!(t.article.title, "Ferry timetable cut again");
    assert_eq!(t.article.author, "Hana Berg");
    assert_eq!(
        t.article.body,
        "The island ferry will run four times a day."
    );
    assert_eq!(
        shape(&t),
        owned(&[
            ("1", "", "Mira"),
            ("1.1", "1", "Tomas"),
            ("1.2", "1", "Gone"),
            ("2", "", "Spammer")
        ])
    );
    // Entities: the five XML ones and character references; no expansion
    // of declared entities, no external file read.
    assert_eq!(t.comments[1].text, "Same here & more — buy it back &ext;");
    assert_eq!(t.comments[2].status, CommentStatus::Deleted);
    assert_eq!(t.comments[3].status, CommentStatus::Spam);
    let choices: Vec<(&str, usize)> = t
        .choices
        .iter()
        .map(|c| (c.id.as_str(), c.comments))
        .collect();
    assert_eq!(choices, [("100", 4), ("200", 1)]);

    // Pick the other thread by id, identifier or link.
    for pick in [
        "200",
        "night-trains",
        "https://gazette.example/night-trains",
    ] {
        let options = ParseOptions {
            thread: Some(pick.into()),
            ..ParseOptions::default()
        };
        let t = parse::parse_file_with(&fixture("disqus.xml"), &options).unwrap();
        assert_eq!(t.article.title, "Night trains return", "{pick}");
        assert_eq!(texts(&t), ["Finally, night trains."]);
    }
    let options = ParseOptions {
        thread: Some("nope".into()),
        ..ParseOptions::default()
    };
    let err = parse::parse_file_with(&fixture("disqus.xml"), &options).unwrap_err();
    assert!(err.to_string().contains("no thread 'nope'"), "{err}");
}

#[test]
fn broken_xml_names_line_and_column() {
    let cases = [
        (
            "unquoted attribute",
            "<disqus>\n  <post dsq:id=12/>\n</disqus>",
            2,
            "attribute",
        ),
        (
            "mismatched tag",
            "<disqus>\n<thread>\n</post>\n</disqus>",
            3,
            "broken XML",
        ),
        (
            "cut short",
            "<disqus>\n<post>\n<message>hi",
            3,
            "ends inside",
        ),
        (
            "not disqus",
            "<?xml version=\"1.0\"?>\n<rss></rss>",
            2,
            "expected <disqus>",
        ),
    ];
    let disqus = ParseOptions {
        format: Some(Format::Disqus),
        ..ParseOptions::default()
    };
    for (name, xml, line, words) in cases {
        let err =
            parse::parse_bytes_with(xml.as_bytes(), Path::new("x.xml"), &disqus).expect_err(name);
        assert_eq!(err.line(), Some(line), "{name}: {err}");
        assert!(err.column().is_some(), "{name}: {err}");
        assert!(err.to_string().contains(words), "{name}: {err}");
        assert!(err.to_string().starts_with("x.xml:"), "{name}: {err}");
        // Detected rather than forced, the file is read as text, and the
        // warning keeps what was wrong and where.
        let thread = parse::parse_bytes(xml.as_bytes(), Path::new("x.xml")).expect(name);
        let warning = thread
            .warnings
            .iter()
            .find(|w| w.starts_with("read as a text page"))
            .unwrap_or_else(|| panic!("{name}: {:?}", thread.warnings));
        assert!(warning.contains("Disqus XML"), "{name}: {warning}");
        assert!(
            warning.contains(&format!("line {line}")),
            "{name}: {warning}"
        );
    }
}

#[test]
fn an_entity_bomb_is_not_expanded() {
    let mut xml =
        String::from("<?xml version=\"1.0\"?>\n<!DOCTYPE disqus [\n<!ENTITY a \"aaaaaaaaaa\">\n");
    for i in 1..10 {
        xml.push_str(&format!(
            "<!ENTITY {} \"&{};&{};&{};&{};&{};&{};&{};&{};&{};&{};\">\n",
            (b'a' + i) as char,
            (b'a' + i - 1) as char,
            (b'a' + i - 1) as char,
            (b'a' + i - 1) as char,
            (b'a' + i - 1) as char,
            (b'a' + i - 1) as char,
            (b'a' + i - 1) as char,
            (b'a' + i - 1) as char,
            (b'a' + i - 1) as char,
            (b'a' + i - 1) as char,
            (b'a' + i - 1) as char
        ));
    }
    xml.push_str("]>\n<disqus><thread dsq:id=\"1\"><title>t</title></thread><post dsq:id=\"2\"><message>&j;</message><thread dsq:id=\"1\"/></post></disqus>");
    let t = parse::parse_bytes(xml.as_bytes(), Path::new("bomb.xml")).unwrap();
    assert_eq!(texts(&t), ["&j;"]);
}

#[test]
fn reddit_post_tree_and_stubs() {
    let t = parse_fixture("reddit.json");
    assert_eq!(t.article.title, "Ferry timetable cut again");
    assert_eq!(t.article.author, "gazette");
    assert_eq!(t.article.posted_at, "2024-02-03T08:00:00Z");
    assert_eq!(
        shape(&t),
        owned(&[
            ("1", "", "mira"),
            ("1.1", "1", "[deleted]"),
            ("1.2", "1", "tomas"),
            ("2", "", "ole")
        ])
    );
    assert_eq!(t.comments[1].status, CommentStatus::Deleted);
    assert_eq!(t.comments[2].status, CommentStatus::Removed);
    assert_eq!(t.comments[2].text, "[removed]");
    assert_eq!(t.comments[0].hidden_replies, 7);
    assert!(
        t.warnings
            .iter()
            .any(|w| w
                == "7 more replies not loaded under one comment (the file does not hold them)"),
        "{:?}",
        t.warnings
    );
    assert!(
        t.warnings
            .iter()
            .any(|w| w == "12 more top-level comments not loaded")
    );
}

#[test]
fn hacker_news_items() {
    let t = parse_fixture("hn.json");
    assert_eq!(t.article.title, "Ferry timetable cut again");
    assert_eq!(t.article.body, "https://gazette.example/ferry");
    assert_eq!(
        shape(&t),
        owned(&[("1", "", "mira"), ("1.1", "1", "tomas"), ("2", "", "")])
    );
    assert_eq!(
        t.comments[0].text,
        "The early boat is the only way.\n\nLosing it means moving."
    );
    assert_eq!(t.comments[1].text, "Same here & agreed.");
    assert_eq!(t.comments[2].status, CommentStatus::Deleted);
}

#[test]
fn json_lines_and_csv_reopen() {
    let t = parse_fixture("comments.jsonl");
    assert_eq!(
        shape(&t),
        owned(&[
            ("1", "", "mira"),
            ("1.1", "1", "tomas"),
            ("1.1.1", "1.1", ""),
            ("2", "", "")
        ])
    );
    assert_eq!(t.comments[2].text, "The council, hopefully.");

    // threadmod's own export reopens as the same tree and texts.
    let dir = tempfile::tempdir().unwrap();
    let csv_path = dir.path().join("export.csv");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_threadmod"))
        .args([
            "export",
            fixture("wordpress-w3m.txt").to_str().unwrap(),
            "-o",
            csv_path.to_str().unwrap(),
            "--no-labels",
        ])
        .output()
        .unwrap();
    assert!(out.status.success());
    let original = parse_fixture("wordpress-w3m.txt");
    let reopened = parse::parse_file(&csv_path).unwrap();
    assert_eq!(shape(&reopened), shape(&original));
    assert_eq!(texts(&reopened), texts(&original));
    assert_eq!(reopened.comments[3].kind, CommentKind::Pingback);
}

#[test]
fn malformed_flat_files_name_the_line() {
    let cases: &[(&str, &str, usize, &str)] = &[
        (
            "c.jsonl",
            "{\"id\": \"1\", \"text\": \"a\"}\n{\"id\": \"2\", \"text\": }\n",
            2,
            "expected one JSON object per line",
        ),
        (
            "c.jsonl",
            "{\"id\": \"1\", \"text\": \"a\"}\n{\"id\": \"2\"}\n",
            2,
            "no \"text\" field",
        ),
        (
            "c.jsonl",
            "{\"id\": \"1\", \"text\": \"a\"}\n[\"2\", \"b\"]\n",
            2,
            "expected a JSON object with a \"text\" field",
        ),
        ("c.csv", "id,text\n1,a\n2,b,extra\n", 3, "the header has 2"),
        ("c.csv", "id,author\n1,a\n", 1, "needs a 'text' column"),
        ("t.json", "{\"children\": [", 1, "expected JSON"),
    ];
    for (name, text, line, words) in cases {
        let format = match *name {
            "c.jsonl" => Format::Jsonl,
            "c.csv" => Format::Csv,
            _ => Format::Hn,
        };
        let forced = ParseOptions {
            format: Some(format),
            ..ParseOptions::default()
        };
        let err =
            parse::parse_bytes_with(text.as_bytes(), Path::new(name), &forced).expect_err(name);
        assert_eq!(err.line(), Some(*line), "{name}: {err}");
        assert!(err.to_string().contains(words), "{name}: {err}");
        // Detected, not forced: read as text with the same reason.
        let thread = parse::parse_bytes(text.as_bytes(), Path::new(name)).expect(name);
        assert!(
            thread
                .warnings
                .iter()
                .any(|w| w.starts_with("read as a text page") && w.contains(words)),
            "{name}: {:?}",
            thread.warnings
        );
    }
}

#[test]
fn a_text_page_that_opens_with_a_bracket_is_read_as_text() {
    let page = "[Site logo]\n\nThe Bridge Opens\n\nThe bridge opened today after three years of work on \
                its piers and deck, and the town came out to walk across it together.\n\n\
                2 Comments\n\n  1. Ann says:\n     Lovely to see it finished.\n\n  \
                2. Bob says:\n     About time too.\n";
    for name in ["page.txt", "page.json"] {
        let thread = parse::parse_bytes(page.as_bytes(), Path::new(name)).expect(name);
        assert_eq!(thread.comments.len(), 2, "{name}: {:?}", thread.warnings);
        assert_eq!(thread.comments[1].author, "Bob", "{name}");
        assert!(
            !thread.warnings.iter().any(|w| w.contains("JSON")),
            "{name}: a bracketed first line is no JSON: {:?}",
            thread.warnings
        );
    }
}

#[test]
fn format_can_be_forced() {
    // A CSV-looking text file read as text, and a JSON file forced to lines.
    let options = ParseOptions {
        format: Some(Format::Text),
        ..ParseOptions::default()
    };
    let t = parse::parse_bytes_with(b"id,text\n1,hello\n", Path::new("x.csv"), &options).unwrap();
    assert!(t.comments.is_empty());
    assert_eq!(t.article.title, "id,text");
}
