//! `threadmod learn`: the insult score re-fitted to a moderator's labels.

use std::io::Write as _;
use std::path::Path;
use std::process::{Command, Stdio};

use super::util::fixture;

fn run(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_threadmod"))
        .args(args)
        .env(
            "XDG_DATA_HOME",
            std::env::temp_dir().join("threadmod-learn-tests"),
        )
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn learn(dir: &Path, name: &str, args: &[&str]) -> (String, String) {
    let out = dir.join(name);
    let out = out.to_str().unwrap();
    let mut all = vec!["learn"];
    all.extend_from_slice(args);
    all.extend_from_slice(&["-o", out]);
    let (code, stdout, stderr) = run(&all);
    assert_eq!(code, 0, "learn {args:?} failed: {stderr}");
    (std::fs::read_to_string(out).unwrap(), stdout)
}

/// The value of `key = …` in the learned block.
fn setting(rules: &str, key: &str) -> f64 {
    let block = &rules[rules.find("# BEGIN insult-score").unwrap()..];
    block
        .lines()
        .find_map(|l| l.strip_prefix(&format!("{key} = ")))
        .unwrap_or_else(|| panic!("no {key} in the learned block"))
        .parse()
        .unwrap()
}

/// The `flags` column of each exported row, by text.
fn flags(rules: &Path, csv_file: &Path) -> Vec<(String, String)> {
    let (code, stdout, stderr) = run(&[
        "--rules",
        rules.to_str().unwrap(),
        "export",
        csv_file.to_str().unwrap(),
        "--no-labels",
    ]);
    assert_eq!(code, 0, "{stderr}");
    let mut reader = csv::Reader::from_reader(stdout.as_bytes());
    let headers = reader.headers().unwrap().clone();
    let col = |name: &str| headers.iter().position(|h| h == name).unwrap();
    let (text, flags) = (col("text"), col("flags"));
    reader
        .records()
        .map(|r| {
            let r = r.unwrap();
            (r[text].to_string(), r[flags].to_string())
        })
        .collect()
}

#[test]
fn a_labelled_csv_gives_rules_that_export_uses() {
    let dir = tempfile::tempdir().unwrap();
    let labels = fixture("learn/labels.csv");
    let (rules, report) = learn(dir.path(), "out.toml", &[labels.to_str().unwrap()]);
    // The whole built-in file, with the learned block replaced.
    assert!(
        rules.contains("id = \"insult-words\""),
        "rules above the block kept"
    );
    assert!(rules.contains("written by `threadmod learn`"));
    assert!(
        report.contains("50 labelled comments (20 insults; 50 of them the moderator's labels)"),
        "{report}"
    );
    assert!(report.contains("← chosen"), "{report}");
    assert!(report.contains("before, the rules in use"), "{report}");
    // "flumph" is this community's insult: unknown to the built-in rules,
    // learned from the labels, aimed and not.
    let comments = dir.path().join("new.csv");
    std::fs::write(
        &comments,
        "id,text\n1,you flumph\n2,the flumph pies at the station are good\n3,the timetable changes in May\n",
    )
    .unwrap();
    let before = flags(Path::new("assets/rules.toml"), &comments);
    assert_eq!(before[0].1, "", "built-in rules do not know the word");
    let after = flags(&dir.path().join("out.toml"), &comments);
    assert_eq!(after[0].1, "insult", "{after:?}");
    assert_eq!(after[2].1, "", "{after:?}");
    assert!(
        rules.lines().any(|l| l.starts_with("\"flumph\" = ")),
        "the word has a weight"
    );
}

#[test]
fn learning_twice_from_the_same_labels_writes_the_same_file() {
    let dir = tempfile::tempdir().unwrap();
    let labels = fixture("learn/labels.csv");
    let (first, _) = learn(dir.path(), "a.toml", &[labels.to_str().unwrap()]);
    let (second, _) = learn(dir.path(), "b.toml", &[labels.to_str().unwrap()]);
    assert_eq!(first, second);
}

#[test]
fn a_zero_one_column_and_a_base_file_are_read_too() {
    let dir = tempfile::tempdir().unwrap();
    let binary = fixture("learn/binary.jsonl");
    let (rules, report) = learn(
        dir.path(),
        "base.toml",
        &[
            "--base",
            binary.to_str().unwrap(),
            "--label-column",
            "insult",
        ],
    );
    assert!(
        report.contains("; 0 of them the moderator's labels"),
        "{report}"
    );
    assert!(
        report.contains("cross-validated on the labelled comments"),
        "{report}"
    );
    assert!(rules.lines().any(|l| l.starts_with("\"flumph\" = ")));
    // Learning from scratch: none of the built-in terms without the data
    // (in the learned block: the highlighted word list below it has words too).
    let block = &rules[rules.find("# BEGIN insult-score").unwrap()..];
    let block = &block[..block.find("# END insult-score").unwrap()];
    assert!(
        !block.contains("\"mouth\" = "),
        "built-in weights were not the start"
    );
}

#[test]
fn a_target_precision_raises_the_threshold() {
    let dir = tempfile::tempdir().unwrap();
    let labels = fixture("learn/labels.csv");
    let labels = labels.to_str().unwrap();
    let (best_f1, _) = learn(dir.path(), "f1.toml", &[labels]);
    let (precise, report) = learn(dir.path(), "p.toml", &[labels, "--precision", "1.0"]);
    assert!(
        setting(&precise, "threshold") >= setting(&best_f1, "threshold"),
        "{report}"
    );
    let chosen = report
        .lines()
        .find(|l| l.ends_with("← chosen"))
        .unwrap()
        .split_whitespace()
        .collect::<Vec<_>>();
    let precision: f64 = chosen[2].parse().unwrap();
    assert!(
        precision >= 1.0 || report.contains("no threshold reaches precision"),
        "{report}"
    );
    let (code, _, stderr) = run(&["learn", labels, "--precision", "1.5", "-o", "/dev/null"]);
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("--precision must be between 0 and 1"));
}

#[test]
fn a_file_without_labels_is_refused_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out.toml");
    let unlabelled = fixture("learn/unlabelled.csv");
    let (code, stdout, stderr) = run(&[
        "learn",
        unlabelled.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(code, 1, "{stdout}");
    assert!(stderr.contains("unlabelled.csv"), "{stderr}");
    assert!(stderr.contains("no labelled comments"), "{stderr}");
    assert!(!out.exists());
    let (code, _, stderr) = run(&["learn", "-o", out.to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("expected at least one labelled file"),
        "{stderr}"
    );
    assert!(!out.exists());
}

#[test]
fn an_article_with_its_journal_gives_the_labels() {
    let dir = tempfile::tempdir().unwrap();
    let article = dir.path().join("article.txt");
    std::fs::write(
        &article,
        "Night trains return\n\nThe night train will run again from May.\n\n\
         1. You flumph, nobody wants your trains.\n\n\
         2. Good news for the coast.\n\n\
         3. What a flumph you are.\n\n\
         4. Tickets go on sale next week.\n\n\
         5. Only a flumph would cheer this.\n\n\
         6. My grandfather worked on that line.\n\nLeave a Reply\n",
    )
    .unwrap();
    let mut label = Command::new(env!("CARGO_BIN_EXE_threadmod"))
        .args(["label", article.to_str().unwrap()])
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    label
        .stdin
        .take()
        .unwrap()
        .write_all(b"1\tinsult\n2\tapprove\n3\tinsult\n4\tapprove\n5\tinsult\n6\tspam\n")
        .unwrap();
    assert!(label.wait().unwrap().success());
    let (rules, report) = learn(dir.path(), "out.toml", &[article.to_str().unwrap()]);
    assert!(
        report.contains("(3 insults; 6 of them the moderator's labels)"),
        "{report}"
    );
    assert!(rules.contains("# END insult-score"));
    // Without a journal, the same article has nothing to learn from.
    let bare = dir.path().join("bare.txt");
    std::fs::copy(&article, &bare).unwrap();
    let (code, _, stderr) = run(&["learn", bare.to_str().unwrap(), "-o", "/dev/null"]);
    assert_eq!(code, 1);
    assert!(stderr.contains("nor a journal with labels at"), "{stderr}");
}

#[test]
fn a_rules_file_without_the_learned_block_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let rules = dir.path().join("mine.toml");
    std::fs::write(
        &rules,
        "[[rule]]\nid = \"w\"\nkind = \"lexicon\"\ncategory = \"insult\"\nreason = \"r\"\nwords = [\"x\"]\n",
    )
    .unwrap();
    let labels = fixture("learn/labels.csv");
    let (code, _, stderr) = run(&[
        "--rules",
        rules.to_str().unwrap(),
        "learn",
        labels.to_str().unwrap(),
        "-o",
        "/dev/null",
    ]);
    assert_eq!(code, 1);
    assert!(stderr.contains("mine.toml"), "{stderr}");
    assert!(stderr.contains("# BEGIN insult-score"), "{stderr}");
}
