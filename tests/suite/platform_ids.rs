//! Every decision can be acted on: each format's own comment id and link
//! survive export and reopening.

use std::path::Path;
use std::process::Command;

use super::util::fixture;

fn threadmod() -> Command {
    Command::new(env!("CARGO_BIN_EXE_threadmod"))
}

/// Runs threadmod with its data folder in `data` (never the user's).
fn run_in(data: &Path, args: &[&str]) -> (i32, String, String) {
    let out = threadmod()
        .args(args)
        .env("XDG_DATA_HOME", data)
        .output()
        .expect("threadmod runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// The CSV as (header, rows).
fn csv_table(text: &str) -> (Vec<String>, Vec<Vec<String>>) {
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let header = reader.headers().unwrap().iter().map(String::from).collect();
    let rows = reader
        .records()
        .map(|r| r.unwrap().iter().map(String::from).collect())
        .collect();
    (header, rows)
}

fn column(table: &(Vec<String>, Vec<Vec<String>>), name: &str) -> Vec<String> {
    let at = table
        .0
        .iter()
        .position(|h| h == name)
        .unwrap_or_else(|| panic!("no column {name} in {:?}", table.0));
    table.1.iter().map(|r| r[at].clone()).collect()
}

/// One format: the fixture, its comments' (source id, url) in thread
/// order, and the source id to label.
type Case = (
    &'static str,
    Vec<(&'static str, &'static str)>,
    &'static str,
);

fn formats() -> Vec<Case> {
    vec![
        (
            "reddit.json",
            vec![
                (
                    "t1_c1",
                    "https://www.reddit.com/r/islands/comments/abc/comment/c1/",
                ),
                (
                    "t1_c2",
                    "https://www.reddit.com/r/islands/comments/abc/comment/c2/",
                ),
                (
                    "t1_c3",
                    "https://www.reddit.com/r/islands/comments/abc/comment/c3/",
                ),
                (
                    "t1_c4",
                    "https://www.reddit.com/r/islands/comments/abc/ferry_timetable_cut_again/c4/",
                ),
            ],
            "t1_c3",
        ),
        (
            "disqus.xml",
            vec![
                ("1001", "https://gazette.example/ferry-cut#comment-1001"),
                ("1003", "https://gazette.example/ferry-cut#comment-1003"),
                ("1004", "https://gazette.example/ferry-cut#comment-1004"),
                ("1002", "https://gazette.example/ferry-cut#comment-1002"),
            ],
            "1004",
        ),
        (
            "hn.json",
            vec![
                ("5001", "https://news.ycombinator.com/item?id=5001"),
                ("5002", "https://news.ycombinator.com/item?id=5002"),
                ("5003", "https://news.ycombinator.com/item?id=5003"),
            ],
            "5002",
        ),
        (
            "platform.csv",
            vec![
                ("c-101", "https://news.example/ferry#c-101"),
                ("c-102", "https://news.example/ferry#c-102"),
                ("c-103", "https://news.example/ferry#c-103"),
                ("c-100", ""),
            ],
            "c-103",
        ),
        (
            "platform.jsonl",
            vec![
                ("c-101", "https://news.example/ferry#c-101"),
                ("c-102", "https://news.example/ferry#c-102"),
                ("c-103", "https://news.example/ferry#c-103"),
                ("7", ""),
            ],
            "7",
        ),
    ]
}

#[test]
fn source_ids_and_links_survive_export_reopen_export() {
    let dir = tempfile::tempdir().unwrap();
    for (name, want, _) in formats() {
        let first = dir.path().join(format!("{name}.1.csv"));
        let second = dir.path().join(format!("{name}.2.csv"));
        let source = fixture(name);
        for (from, to) in [(&source, &first), (&first, &second)] {
            let (code, _, err) = run_in(
                dir.path(),
                &[
                    "export",
                    from.to_str().unwrap(),
                    "--no-labels",
                    "-o",
                    to.to_str().unwrap(),
                ],
            );
            assert_eq!(code, 0, "{name}: {err}");
        }
        let a = csv_table(&std::fs::read_to_string(&first).unwrap());
        let b = csv_table(&std::fs::read_to_string(&second).unwrap());
        assert_eq!(a.0[..3], ["id", "source_id", "url"], "{name}");
        let pairs: Vec<(String, String)> = column(&a, "source_id")
            .into_iter()
            .zip(column(&a, "url"))
            .collect();
        let want: Vec<(String, String)> = want
            .iter()
            .map(|(s, u)| (s.to_string(), u.to_string()))
            .collect();
        assert_eq!(pairs, want, "{name}: the first export");
        for col in ["id", "source_id", "url", "parent_id", "author", "text"] {
            assert_eq!(column(&a, col), column(&b, col), "{name}: {col}");
        }
    }
}
