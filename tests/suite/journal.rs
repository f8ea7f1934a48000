//! Labels are never lost: the journal survives kills, reopening, re-saved
//! articles and a second moderator; CSV export is safe.

use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use threadmod::labels::journal;

use super::util::fixture;

fn threadmod() -> Command {
    Command::new(env!("CARGO_BIN_EXE_threadmod"))
}

/// An article in the text layout with `n` comments, a third of them replies.
fn write_article(dir: &Path, n: usize) -> PathBuf {
    let mut text =
        String::from("Harbour works start\n\nThe harbour will be dredged over the summer.\n\n");
    let mut top = 0;
    for i in 0..n {
        if i % 3 == 2 {
            text.push_str(&format!(
                "    • Reply number {i} about the dredging plan.\n\n"
            ));
        } else {
            top += 1;
            text.push_str(&format!(
                "  {top}. Comment number {i} on the harbour works and boats.\n\n"
            ));
        }
    }
    text.push_str("Leave a Reply\n");
    let path = dir.join("harbour.txt");
    std::fs::write(&path, text).unwrap();
    path
}

/// Small deterministic generator: kill points differ per seed, runs repeat.
struct Lcg(u64);
impl Lcg {
    fn below(&mut self, n: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) % n
    }
}

fn restored_labels(article: &Path) -> Vec<Option<String>> {
    let thread = threadmod::parse::parse_file(article).unwrap();
    let replay = journal::read(&journal::journal_path_for(article)).unwrap();
    journal::attach(&thread, &replay.events)
        .decisions
        .into_iter()
        .map(|d| d.and_then(|placed| placed.0.label))
        .collect()
}

#[test]
fn sigkill_at_random_moments_loses_no_acknowledged_label() {
    let dir = tempfile::tempdir().unwrap();
    let article = write_article(dir.path(), 1000);
    let thread = threadmod::parse::parse_file(&article).unwrap();
    assert_eq!(thread.comments.len(), 1000);
    let labels = ["approve", "insult", "off_topic", "spam", "remove"];
    let want: Vec<(String, &str)> = thread
        .comments
        .iter()
        .enumerate()
        .map(|(i, c)| (c.id.to_string(), labels[i % labels.len()]))
        .collect();

    let mut rng = Lcg(0x7468_7265_6164);
    let mut acknowledged = 0usize;
    let mut kills = 0;
    while acknowledged < want.len() {
        let mut child = threadmod()
            .args(["label", article.to_str().unwrap(), "--moderator", "stress"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let mut stdin = child.stdin.take().unwrap();
        let rest: String = want[acknowledged..]
            .iter()
            .map(|(id, label)| format!("{id}\t{label}\n"))
            .collect();
        // The child reads while we write; a closed pipe means it was killed.
        let writer = std::thread::spawn(move || {
            let _ = stdin.write_all(rest.as_bytes());
        });
        let kill_after = 1 + rng.below(250) as usize;
        let mut reader = BufReader::new(child.stdout.take().unwrap());
        let mut line = String::new();
        let mut this_run = 0;
        loop {
            line.clear();
            if reader.read_line(&mut line).unwrap_or(0) == 0 {
                break;
            }
            assert_eq!(line.trim(), format!("labelled {}", want[acknowledged].0));
            acknowledged += 1;
            this_run += 1;
            if this_run == kill_after && acknowledged < want.len() {
                child.kill().unwrap(); // SIGKILL on Unix
                kills += 1;
                break;
            }
        }
        let _ = child.wait();
        let _ = writer.join();

        // Reopen: every acknowledged label is back, whatever the kill tore.
        let restored = restored_labels(&article);
        for (i, (id, label)) in want[..acknowledged].iter().enumerate() {
            assert_eq!(
                restored[i].as_deref(),
                Some(*label),
                "comment {id} after kill {kills}"
            );
        }
    }
    assert!(kills >= 5, "the run was killed {kills} times");
    let restored = restored_labels(&article);
    assert!(restored.iter().all(Option::is_some));
}

#[test]
fn labels_reattach_after_the_article_changed() {
    let dir = tempfile::tempdir().unwrap();
    let v1 = "Title\n\nBody of the article here.\n\n  1. First comment about boats.\n\n    • A reply about sails.\n\n  2. Second comment about the harbour fees.\n\n  3. Third comment that will be removed.\n\n  4. Fourth comment that will be edited later on.\n\nLeave a Reply\n";
    let article = dir.path().join("a.txt");
    std::fs::write(&article, v1).unwrap();
    for (id, label) in [
        ("1", "approve"),
        ("1.1", "spam"),
        ("2", "insult"),
        ("3", "remove"),
        ("4", "off_topic"),
    ] {
        let out = threadmod()
            .args(["label", article.to_str().unwrap(), id, label])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    // New comment on top, comment 3 removed, 4 edited, re-wrapped text.
    let v2 = "Title\n\nBody of the article here.\n\n  1. A brand new comment.\n\n  2. First comment\n     about boats.\n\n    • A reply about sails.\n\n  3. Second comment about the harbour fees.\n\n  4. Fourth comment that will be edited later on, now with more words.\n\nLeave a Reply\n";
    std::fs::write(&article, v2).unwrap();
    let thread = threadmod::parse::parse_file(&article).unwrap();
    let replay = journal::read(&journal::journal_path_for(&article)).unwrap();
    let attached = journal::attach(&thread, &replay.events);
    let got: Vec<(String, Option<String>)> = thread
        .comments
        .iter()
        .zip(&attached.decisions)
        .map(|(c, d)| {
            (
                c.id.to_string(),
                d.as_ref().and_then(|placed| placed.0.label.clone()),
            )
        })
        .collect();
    let want = [
        ("1", None),
        ("2", Some("approve")),
        ("2.1", Some("spam")),
        ("3", Some("insult")),
        ("4", Some("off_topic")),
    ];
    let want: Vec<(String, Option<String>)> = want
        .iter()
        .map(|(i, l)| (i.to_string(), l.map(str::to_string)))
        .collect();
    assert_eq!(got, want);
    let orphans: Vec<&str> = attached
        .orphans
        .iter()
        .map(|e| e.comment.as_str())
        .collect();
    assert_eq!(orphans, ["3"], "the removed comment's label is reported");
    assert!(attached.moved >= 3);
    assert_eq!(attached.edited, 1);

    // The CLI reports the orphan and keeps the journal as it was.
    let before = std::fs::read(journal::journal_path_for(&article)).unwrap();
    let out = threadmod()
        .args(["export", article.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("1 labels belong to comments no longer in the article"),
        "{err}"
    );
    assert_eq!(
        std::fs::read(journal::journal_path_for(&article)).unwrap(),
        before
    );
}

fn csv_rows(bytes: &[u8]) -> (csv::StringRecord, Vec<csv::StringRecord>) {
    let mut reader = csv::Reader::from_reader(bytes);
    let headers = reader.headers().unwrap().clone();
    (headers, reader.records().map(Result::unwrap).collect())
}

fn column(headers: &csv::StringRecord, rows: &[csv::StringRecord], name: &str) -> Vec<String> {
    let i = headers
        .iter()
        .position(|h| h == name)
        .unwrap_or_else(|| panic!("no column {name}"));
    rows.iter().map(|r| r[i].to_string()).collect()
}

#[test]
fn export_includes_journal_labels_and_skips_a_torn_line() {
    let dir = tempfile::tempdir().unwrap();
    let article = dir.path().join("ferry.txt");
    std::fs::copy(fixture("wordpress-w3m.txt"), &article).unwrap();
    let path = article.to_str().unwrap();
    for (id, label, note) in [("1", "approve", ""), ("2", "insult", "rude")] {
        let out = threadmod()
            .args([
                "label",
                path,
                id,
                label,
                "--note",
                note,
                "--moderator",
                "mira",
            ])
            .output()
            .unwrap();
        assert!(out.status.success());
    }
    // A crash mid-write leaves half a line.
    let journal_path = journal::journal_path_for(&article);
    let mut f = std::fs::OpenOptions::new()
        .append(true)
        .open(&journal_path)
        .unwrap();
    f.write_all(br#"{"comment":"1.1","fingerpr"#).unwrap();
    drop(f);

    let out = threadmod().args(["export", path]).output().unwrap();
    assert!(out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("ferry.txt.threadmod.jsonl:3: warning: skipped"),
        "{err}"
    );
    let (h, rows) = csv_rows(&out.stdout);
    assert_eq!(column(&h, &rows, "label"), ["approve", "", "insult", ""]);
    assert_eq!(column(&h, &rows, "note"), ["", "", "rude", ""]);
    assert_eq!(column(&h, &rows, "moderator"), ["mira", "", "mira", ""]);
    assert!(column(&h, &rows, "labelled_at")[0].ends_with('Z'));
    let hash = &column(&h, &rows, "rules_hash")[0];
    assert_eq!(hash.len(), 16);
    assert_eq!(
        column(&h, &rows, "app_version")[0],
        env!("CARGO_PKG_VERSION")
    );

    // Labelling again after the torn line still works.
    let out = threadmod()
        .args(["label", path, "1.1", "spam"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let out = threadmod().args(["export", path]).output().unwrap();
    let (h, rows) = csv_rows(&out.stdout);
    assert_eq!(
        column(&h, &rows, "label"),
        ["approve", "spam", "insult", ""]
    );

    let out = threadmod()
        .args(["export", path, "--no-labels"])
        .output()
        .unwrap();
    let (h, rows) = csv_rows(&out.stdout);
    assert!(column(&h, &rows, "label").iter().all(String::is_empty));

    let other = dir.path().join("other.jsonl");
    let out = threadmod()
        .args([
            "label",
            path,
            "2",
            "approve",
            "--journal",
            other.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert!(out.status.success());
    let out = threadmod()
        .args(["export", path, "--labels", other.to_str().unwrap()])
        .output()
        .unwrap();
    let (h, rows) = csv_rows(&out.stdout);
    assert_eq!(column(&h, &rows, "label"), ["", "", "approve", ""]);
}

/// An article whose comments are hard for CSV: commas, quotes, newlines,
/// emoji, Armenian, and cells a spreadsheet would run.
fn tricky_article(dir: &Path) -> PathBuf {
    let text = "Tricky cells\n\nAn article with comments that are hard to write as CSV cells.\n\n  1. Commas, \"quotes\", and ‘curly’ ones\n\n    • Line one\n      Line two, after a line break 🙂\n\n  2. Հայերեն տեքստ, 日本語\n\n  3. =HYPERLINK(\"http://x\",\"click\")\n\n  4. +1 agreed\n\n  5. @everyone look\n\nLeave a Reply\n";
    let path = dir.join("tricky.txt");
    std::fs::write(&path, text).unwrap();
    path
}

#[test]
fn csv_cells_are_safe_and_round_trip() {
    let dir = tempfile::tempdir().unwrap();
    let article = tricky_article(dir.path());
    let thread = threadmod::parse::parse_file(&article).unwrap();
    let out_csv = dir.path().join("out.csv");
    let run = |extra: &[&str]| {
        let mut args = vec![
            "export",
            article.to_str().unwrap(),
            "-o",
            out_csv.to_str().unwrap(),
        ];
        args.extend_from_slice(extra);
        let out = threadmod().args(&args).output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        std::fs::read(&out_csv).unwrap()
    };

    // Default: formulas neutralised, everything else byte for byte.
    let bytes = run(&[]);
    let (h, rows) = csv_rows(&bytes);
    let texts = column(&h, &rows, "text");
    let want: Vec<String> = thread
        .comments
        .iter()
        .map(|c| threadmod::export::neutralize(&c.text).into_owned())
        .collect();
    assert_eq!(texts, want);
    assert_eq!(texts[3], "'=HYPERLINK(\"http://x\",\"click\")");
    assert_eq!(texts[4], "'+1 agreed");
    assert_eq!(texts[5], "'@everyone look");
    assert_eq!(texts[1], "Line one\nLine two, after a line break 🙂");
    assert_eq!(texts[2], "Հայերեն տեքստ, 日本語");

    // --raw-cells: exactly the comments' text.
    let bytes = run(&["--raw-cells"]);
    let (h, rows) = csv_rows(&bytes);
    let texts = column(&h, &rows, "text");
    let raw: Vec<&str> = thread.comments.iter().map(|c| c.text.as_str()).collect();
    assert_eq!(texts, raw);

    // Python's csv module reads the same bytes back (CI has python3).
    let script = "import csv,sys,json\nrows=list(csv.DictReader(open(sys.argv[1],encoding='utf-8-sig',newline='')))\nprint(json.dumps([r['text'] for r in rows]))";
    let py = Command::new("python3")
        .args(["-c", script, out_csv.to_str().unwrap()])
        .output();
    if let Ok(py) = py {
        assert!(
            py.status.success(),
            "{}",
            String::from_utf8_lossy(&py.stderr)
        );
        let from_python: Vec<String> = serde_json::from_slice(&py.stdout).unwrap();
        assert_eq!(from_python, raw);
    } else {
        assert!(std::env::var_os("CI").is_none(), "python3 is needed in CI");
    }

    // --bom starts with the UTF-8 byte-order mark.
    let bytes = run(&["--bom"]);
    assert!(bytes.starts_with("\u{FEFF}id,".as_bytes()));
}

#[cfg(unix)]
#[test]
fn a_failed_export_leaves_the_old_file_whole() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let article = tricky_article(dir.path());
    let out_dir = dir.path().join("out");
    std::fs::create_dir(&out_dir).unwrap();
    let target = out_dir.join("labels.csv");
    std::fs::write(&target, "the old export\n").unwrap();
    std::fs::set_permissions(&out_dir, std::fs::Permissions::from_mode(0o555)).unwrap();
    // Root ignores folder permissions; then there is nothing to test here.
    let writable_anyway = tempfile::tempfile_in(&out_dir).is_ok();
    let out = threadmod()
        .args([
            "export",
            article.to_str().unwrap(),
            "-o",
            target.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    std::fs::set_permissions(&out_dir, std::fs::Permissions::from_mode(0o755)).unwrap();
    if writable_anyway {
        assert!(out.status.success());
        return;
    }
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("labels.csv") && err.contains("cannot"),
        "{err}"
    );
    assert_eq!(
        std::fs::read_to_string(&target).unwrap(),
        "the old export\n"
    );
    let leftovers: Vec<_> = std::fs::read_dir(&out_dir).unwrap().collect();
    assert_eq!(leftovers.len(), 1, "no temporary file left behind");
}

#[test]
fn two_moderators_merge_with_kappa() {
    let dir = tempfile::tempdir().unwrap();
    let article = tricky_article(dir.path());
    let path = article.to_str().unwrap();
    let a = dir.path().join("a.jsonl");
    let b = dir.path().join("b.jsonl");
    let labels_a = [
        ("1", "approve"),
        ("1.1", "approve"),
        ("2", "approve"),
        ("3", "spam"),
        ("4", "approve"),
    ];
    let labels_b = [
        ("1", "approve"),
        ("1.1", "insult"),
        ("2", "approve"),
        ("3", "spam"),
        ("5", "spam"),
    ];
    for (journal_path, who, labels) in [(&a, "ana", &labels_a), (&b, "ben", &labels_b)] {
        let mut child = threadmod()
            .args([
                "label",
                path,
                "--moderator",
                who,
                "--journal",
                journal_path.to_str().unwrap(),
            ])
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .spawn()
            .unwrap();
        let lines: String = labels.iter().map(|(i, l)| format!("{i}\t{l}\n")).collect();
        child
            .stdin
            .take()
            .unwrap()
            .write_all(lines.as_bytes())
            .unwrap();
        assert!(child.wait().unwrap().success());
    }
    let merged = dir.path().join("merged.jsonl");
    let out = threadmod()
        .args([
            "merge",
            a.to_str().unwrap(),
            b.to_str().unwrap(),
            "-o",
            merged.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report = String::from_utf8_lossy(&out.stdout);
    assert!(
        report.contains("labelled by both: 4, only by ana: 1, only by ben: 1"),
        "{report}"
    );
    assert!(report.contains("disagreements: 1"), "{report}");
    assert!(
        report.contains("1.1") && report.contains("ana: approve") && report.contains("ben: insult"),
        "{report}"
    );
    // Pairs: (approve,approve)×2, (approve,insult), (spam,spam):
    // po = 0.75, pe = 0.75·0.5 + 0.25·0.25 = 0.4375, kappa = 0.556.
    assert!(
        report.contains("Cohen's kappa: 0.556 over 4 comments"),
        "{report}"
    );
    let replay = journal::read(&merged).unwrap();
    assert_eq!(replay.events.len(), 10);
    assert!(replay.skipped.is_empty());
}

#[test]
fn syncing_in_the_background_keeps_every_event_in_order() {
    let dir = tempfile::tempdir().unwrap();
    let article = write_article(dir.path(), 30);
    let thread = threadmod::parse::parse_file(&article).unwrap();
    let path = journal::journal_path_for(&article);
    // A torn last line from an earlier crash: the next event starts a line.
    std::fs::write(&path, "{\"comment\":\"1\",\"torn").unwrap();
    let labels = ["approve", "remove", "insult"];
    {
        let mut writer = journal::JournalWriter::open(&path)
            .unwrap()
            .sync_in_background();
        for round in 0..10 {
            for i in 0..thread.comments.len() {
                let decision = threadmod::labels::Decision {
                    label: Some(labels[(i + round) % 3].to_string()),
                    note: String::new(),
                };
                let event = journal::event_for(&thread, i, &decision, "ana", None);
                writer.append(&event).unwrap();
            }
        }
        // Dropping the writer waits for its last sync.
    }
    let replay = journal::read(&path).unwrap();
    assert_eq!(replay.events.len(), 10 * thread.comments.len());
    assert_eq!(replay.skipped.len(), 1, "only the torn line is skipped");
    let restored = restored_labels(&article);
    for (i, label) in restored.iter().enumerate() {
        assert_eq!(label.as_deref(), Some(labels[(i + 9) % 3]), "comment {i}");
    }
}
