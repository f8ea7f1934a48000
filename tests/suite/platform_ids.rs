//! Every decision can be acted on: each format's own comment id and link
//! survive export and reopening, a label given by that id lands on that row,
//! and the command line finds the journal wherever the app keeps it.

use std::path::{Path, PathBuf};
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

/// A fixture copied into its own folder, so its journal is the test's own.
fn copy_fixture(dir: &Path, name: &str) -> PathBuf {
    let to = dir.join(Path::new(name).file_name().unwrap());
    std::fs::copy(fixture(name), &to).unwrap();
    to
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
            "families/bem.html",
            vec![
                ("11", "https://island.example/harbour-wall#comment-11"),
                ("12", "https://island.example/harbour-wall#comment-12"),
                ("13", "https://island.example/harbour-wall#comment-13"),
            ],
            "12",
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
        let base = Path::new(name).file_name().unwrap().to_string_lossy();
        let first = dir.path().join(format!("{base}.1.csv"));
        let second = dir.path().join(format!("{base}.2.csv"));
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

#[test]
fn a_label_given_by_source_id_shows_on_that_row() {
    for (name, want, source_id) in formats() {
        let dir = tempfile::tempdir().unwrap();
        let file = copy_fixture(dir.path(), name);
        let file = file.to_str().unwrap();
        let (code, out, err) = run_in(dir.path(), &["label", file, source_id, "spam"]);
        assert_eq!(code, 0, "{name}: {err}");
        assert_eq!(out, format!("labelled {source_id}\n"), "{name}");
        let (code, out, err) = run_in(dir.path(), &["export", file]);
        assert_eq!(code, 0, "{name}: {err}");
        let table = csv_table(&out);
        let labels: Vec<(String, String)> = column(&table, "source_id")
            .into_iter()
            .zip(column(&table, "label"))
            .collect();
        let expected: Vec<(String, String)> = want
            .iter()
            .map(|(s, _)| {
                let label = if *s == source_id { "spam" } else { "" };
                (s.to_string(), label.to_string())
            })
            .collect();
        assert_eq!(labels, expected, "{name}");
        // The journal names the comment both ways.
        let path = Path::new(file);
        let thread = threadmod::parse::parse_file(path).unwrap();
        let journal = threadmod::review::journal_path(Some(path), &thread, dir.path());
        assert_eq!(
            journal.parent(),
            Some(dir.path()),
            "{name}: beside the file"
        );
        let journal = std::fs::read_to_string(journal).unwrap();
        assert!(
            journal.contains(&format!("\"source_id\":\"{source_id}\"")),
            "{name}: {journal}"
        );
    }
}

#[test]
fn label_and_export_honour_the_thread_of_a_disqus_export() {
    let dir = tempfile::tempdir().unwrap();
    let file = copy_fixture(dir.path(), "disqus.xml");
    let file = file.to_str().unwrap();
    // Comment 1 of thread 200 is post 2001; comment 1 of the default thread
    // (100) is post 1001.
    let (code, _, err) = run_in(dir.path(), &["label", file, "--thread", "200", "1", "spam"]);
    assert_eq!(code, 0, "{err}");
    let labelled = |thread: Option<&str>| -> Vec<(String, String)> {
        let mut args = vec!["export", file];
        if let Some(t) = thread {
            args.extend(["--thread", t]);
        }
        let (code, out, err) = run_in(dir.path(), &args);
        assert_eq!(code, 0, "{err}");
        assert!(!err.contains("no longer in the article"), "{err}");
        let table = csv_table(&out);
        column(&table, "source_id")
            .into_iter()
            .zip(column(&table, "label"))
            .filter(|(_, l)| !l.is_empty())
            .collect()
    };
    assert_eq!(labelled(Some("200")), [("2001".into(), "spam".into())]);
    assert_eq!(labelled(None), []);
    // The default thread keeps its own journal; a label there stays there.
    let (code, _, err) = run_in(dir.path(), &["label", file, "1003", "insult"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(labelled(None), [("1003".into(), "insult".into())]);
    assert_eq!(labelled(Some("200")), [("2001".into(), "spam".into())]);
    // --format is honoured too: the export read as text has no post 2001.
    let (code, _, err) = run_in(
        dir.path(),
        &["label", file, "--format", "text", "2001", "spam"],
    );
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("no comment with id '2001'"), "{err}");
}

#[test]
fn export_finds_the_journal_kept_in_the_data_folder_for_a_read_only_folder() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("read-only");
    std::fs::create_dir(&folder).unwrap();
    let file = copy_fixture(&folder, "reddit.json");
    std::fs::set_permissions(&folder, PermissionsExt::from_mode(0o555)).unwrap();
    let data = dir.path().join("data");
    let file_arg = file.to_str().unwrap();
    let (code, _, err) = run_in(&data, &["label", file_arg, "t1_c4", "insult"]);
    let restore = || std::fs::set_permissions(&folder, PermissionsExt::from_mode(0o755));
    if code != 0 {
        restore().unwrap();
        panic!("{err}");
    }
    let beside = folder.join("reddit.json.threadmod.jsonl");
    let (code, out, err) = run_in(&data, &["export", file_arg]);
    // Where the app looks, asked while the folder is still read-only.
    let thread = threadmod::parse::parse_file(&file).unwrap();
    let app_journal =
        threadmod::review::journal_path(Some(&file), &thread, &data.join("threadmod"));
    restore().unwrap();
    assert_eq!(code, 0, "{err}");
    assert!(
        !beside.exists(),
        "nothing is written into a read-only folder"
    );
    let kept: Vec<PathBuf> = std::fs::read_dir(data.join("threadmod"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(kept.len(), 1, "{kept:?}");
    assert_eq!(kept[0], app_journal);
    let table = csv_table(&out);
    let labels: Vec<String> = column(&table, "label");
    assert_eq!(labels, ["", "", "", "insult"]);
}

#[test]
fn labels_outside_the_label_set_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let file = copy_fixture(dir.path(), "platform.jsonl");
    let file_arg = file.to_str().unwrap();
    let journal = dir.path().join("platform.jsonl.threadmod.jsonl");
    let cases = [
        ("bogus", "'bogus' is not a label"),
        ("Insult", "did you mean insult?"),
        ("2", "'2' is the key of insult"),
    ];
    for (label, want) in cases {
        let (code, out, err) = run_in(dir.path(), &["label", file_arg, "c-101", label]);
        assert_eq!(code, 2, "{label}: {err}");
        assert!(err.contains(want), "{label}: {err}");
        assert!(
            err.contains("expected one of: approve, insult, off_topic, spam, remove"),
            "{label}: {err}"
        );
        assert!(out.is_empty(), "{label}");
        assert!(!journal.exists(), "{label}: nothing is written");
    }
    // A label set of one's own gives other labels (and only those).
    let labels = dir.path().join("labels.toml");
    std::fs::write(
        &labels,
        "[[label]]\nname = \"keep\"\nkey = \"1\"\ncolor = \"#2e9d5b\"\n",
    )
    .unwrap();
    let set = labels.to_str().unwrap();
    let (code, _, err) = run_in(
        dir.path(),
        &["label", file_arg, "c-101", "keep", "--label-set", set],
    );
    assert_eq!(code, 0, "{err}");
    let (code, _, err) = run_in(
        dir.path(),
        &["label", file_arg, "c-101", "spam", "--label-set", set],
    );
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("expected one of: keep"), "{err}");
    // From standard input, the line is named.
    let mut child = threadmod()
        .args(["label", file_arg])
        .env("XDG_DATA_HOME", dir.path())
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    std::io::Write::write_all(
        child.stdin.as_mut().unwrap(),
        b"c-101\tspam\nc-102\tbogus\n",
    )
    .unwrap();
    let out = child.wait_with_output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("standard input line 2"), "{err}");
    assert!(err.contains("'bogus' is not a label"), "{err}");
    assert_eq!(String::from_utf8_lossy(&out.stdout), "labelled c-101\n");
}

#[test]
fn a_label_follows_the_platform_id_when_the_article_changed() {
    let dir = tempfile::tempdir().unwrap();
    let file = copy_fixture(dir.path(), "platform.jsonl");
    let file_arg = file.to_str().unwrap();
    let (code, _, err) = run_in(dir.path(), &["label", file_arg, "c-102", "insult"]);
    assert_eq!(code, 0, "{err}");
    // The comment moves under another parent and is edited; a new comment
    // takes its old position.
    std::fs::write(
        &file,
        concat!(
            "{\"id\": \"c-101\", \"text\": \"The early boat is the only way.\"}\n",
            "{\"id\": \"c-104\", \"parent_id\": \"c-101\", \"text\": \"Same here.\"}\n",
            "{\"id\": 7, \"text\": \"Who pays for this?\"}\n",
            "{\"id\": \"c-102\", \"parent_id\": \"7\", \"text\": \"Not the same here at all.\"}\n",
        ),
    )
    .unwrap();
    let (code, out, err) = run_in(dir.path(), &["export", file_arg]);
    assert_eq!(code, 0, "{err}");
    let table = csv_table(&out);
    let labelled: Vec<(String, String, String)> = column(&table, "id")
        .into_iter()
        .zip(column(&table, "source_id"))
        .zip(column(&table, "label"))
        .map(|((id, s), l)| (id, s, l))
        .filter(|(_, _, l)| !l.is_empty())
        .collect();
    assert_eq!(
        labelled,
        [("2.1".to_string(), "c-102".to_string(), "insult".to_string())]
    );
}

#[test]
fn a_position_and_a_source_id_that_disagree_are_named_both_ways() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("ids.jsonl");
    // Source id "1" is the second comment; position 1 is the first.
    std::fs::write(
        &file,
        "{\"id\": \"9\", \"text\": \"first\"}\n{\"id\": \"1\", \"text\": \"second\"}\n",
    )
    .unwrap();
    let file_arg = file.to_str().unwrap();
    let (code, _, err) = run_in(dir.path(), &["label", file_arg, "1", "spam"]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("write position:1 or source:1"), "{err}");
    for (id, row) in [("position:1", 0), ("source:1", 1), ("9", 0)] {
        let (code, _, err) = run_in(dir.path(), &["label", file_arg, id, "spam"]);
        assert_eq!(code, 0, "{id}: {err}");
        let (_, out, _) = run_in(dir.path(), &["export", file_arg]);
        let labels = column(&csv_table(&out), "label");
        assert_eq!(labels[row], "spam", "{id}");
        let (code, _, err) = run_in(dir.path(), &["label", file_arg, id, ""]);
        assert_eq!(code, 0, "{id}: {err}");
    }
}
