//! The command line as scripts use it: real processes, exit codes, files.

use std::io::{Read, Write};
use std::process::{Command, Stdio};

use super::util::{asset, fixture};

fn threadmod() -> Command {
    Command::new(env!("CARGO_BIN_EXE_threadmod"))
}

fn run(args: &[&str]) -> (i32, String, String) {
    let out = threadmod().args(args).output().expect("threadmod runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn check_prints_the_tree_with_flags() {
    let sample = asset("sample-article.txt");
    let (code, out, _) = run(&["check", sample.to_str().unwrap()]);
    assert_eq!(code, 0);
    assert!(out.starts_with("Armenia and Azerbaijan agree"));
    assert!(
        out.contains("  2.1 anonymous [insult]: I doubt you know"),
        "{out}"
    );
    assert!(out.contains("«lapdog»"));
    assert!(out.contains("8 comments, "));
    let german = fixture("offtopic-german.txt");
    let (code, out, _) = run(&["check", german.to_str().unwrap()]);
    assert_eq!(code, 0);
    assert!(out.contains("3 Mobilfunk Ratgeber [off_topic]"), "{out}");
    assert!(out.contains("161 words"), "{out}");
}

#[test]
fn export_writes_csv_in_thread_order() {
    let dir = tempfile::tempdir().unwrap();
    let csv_path = dir.path().join("out.csv");
    let sample = asset("sample-article.txt");
    let (code, _, err) = run(&[
        "export",
        sample.to_str().unwrap(),
        "-o",
        csv_path.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    let mut reader = csv::Reader::from_path(&csv_path).unwrap();
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    for col in [
        "id",
        "parent_id",
        "depth",
        "position",
        "author",
        "posted_at",
        "label",
        "note",
        "flags",
        "rules",
        "score",
        "text",
    ] {
        assert!(header.contains(&col.to_string()), "missing {col}");
    }
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let ids: Vec<&str> = rows.iter().map(|r| &r[col("id")]).collect();
    assert_eq!(ids, ["1", "2", "2.1", "2.2", "3", "4", "5", "6"]);
    let parents: Vec<&str> = rows.iter().map(|r| &r[col("parent_id")]).collect();
    assert_eq!(parents, ["", "", "2", "2", "", "", "", ""]);
    assert_eq!(&rows[2][col("flags")], "insult");
    assert!(rows[2][col("rules")].contains("insult-score"));
    assert_eq!(&rows[4][col("flags")], "");
    // The text survives the round trip byte for byte.
    let thread = threadmod::parse::parse_file(&sample).unwrap();
    for (row, c) in rows.iter().zip(&thread.comments) {
        assert_eq!(&row[col("text")], c.text);
    }
}

#[test]
fn export_to_stdout_and_a_closed_pipe() {
    let sample = asset("sample-article.txt");
    let (code, out, _) = run(&["export", sample.to_str().unwrap()]);
    assert_eq!(code, 0);
    assert!(out.starts_with("id,source_id,url,parent_id,depth,position,"));
    // A reader that goes away after the first bytes is not an error.
    let mut child = threadmod()
        .args(["export", sample.to_str().unwrap()])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = [0u8; 10];
    child
        .stdout
        .as_mut()
        .unwrap()
        .read_exact(&mut first)
        .unwrap();
    drop(child.stdout.take());
    let status = child.wait().unwrap();
    let mut err = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut err)
        .unwrap();
    assert!(status.success(), "{err}");
    assert!(!err.contains("error"), "{err}");
}

#[test]
fn errors_name_the_file_and_exit_non_zero() {
    let dir = tempfile::tempdir().unwrap();
    let binary = dir.path().join("image.bin");
    std::fs::write(&binary, [0u8, 1, 2, 3, 0, 0, 255, 0]).unwrap();
    let bad_rules = dir.path().join("bad.toml");
    std::fs::write(
        &bad_rules,
        "[[rule]]\nid = \"x\"\nkind = \"nope\"\ncategory = \"a\"\nreason = \"r\"\n",
    )
    .unwrap();
    let sample = asset("sample-article.txt");
    let cases: Vec<(&str, Vec<String>, &str)> = vec![
        (
            "missing",
            vec![
                "check".into(),
                dir.path().join("none.txt").display().to_string(),
            ],
            "no such file",
        ),
        (
            "directory",
            vec!["check".into(), dir.path().display().to_string()],
            "directory",
        ),
        (
            "binary",
            vec!["export".into(), binary.display().to_string()],
            "binary file",
        ),
        (
            "bad rules",
            vec![
                "check".into(),
                sample.display().to_string(),
                "--rules".into(),
                bad_rules.display().to_string(),
            ],
            "bad.toml:3:8: rule 'x': unknown kind 'nope'",
        ),
        (
            "unwritable output",
            vec![
                "export".into(),
                sample.display().to_string(),
                "-o".into(),
                dir.path().join("no/such/dir/out.csv").display().to_string(),
            ],
            "cannot",
        ),
    ];
    for (name, args, want) in cases {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let (code, out, err) = run(&args);
        assert_eq!(code, 1, "{name}: {err}");
        assert!(err.contains(want), "{name}: {err}");
        assert!(out.is_empty(), "{name}");
    }
}

#[test]
fn an_unreadable_file_is_named() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    std::fs::set_permissions(dir.path(), PermissionsExt::from_mode(0o755)).unwrap();
    let locked = dir.path().join("locked.txt");
    std::fs::copy(asset("sample-article.txt"), &locked).unwrap();
    std::fs::set_permissions(&locked, PermissionsExt::from_mode(0o000)).unwrap();
    let bin = env!("CARGO_BIN_EXE_threadmod");
    // Root reads any file: run as nobody then, from a copy nobody may run
    // wherever the build folder is.
    let mut command = if std::fs::File::open(&locked).is_ok() {
        let copy = dir.path().join("threadmod");
        std::fs::copy(bin, &copy).unwrap();
        let mut c = Command::new("runuser");
        c.args(["-u", "nobody", "--"]).arg(copy);
        c
    } else {
        Command::new(bin)
    };
    let out = command
        .args(["check", locked.to_str().unwrap()])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains(&format!("{}: permission denied", locked.display())),
        "{err}"
    );
}

#[test]
fn rules_check_and_default() {
    let (code, out, _) = run(&["rules", "default"]);
    assert_eq!(code, 0);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("rules.toml");
    std::fs::File::create(&path)
        .unwrap()
        .write_all(out.as_bytes())
        .unwrap();
    let (code, out, err) = run(&["rules", "check", path.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("no problems"));
    assert!(out.contains("off-topic-wall"));

    std::fs::write(&path, "[[rule]]\nid = \"p\"\nkind = \"pattern\"\ncategory = \"spam\"\nreason = \"r\"\npatterns = [\"[z-a]\"]\n").unwrap();
    let (code, _, err) = run(&["rules", "check", path.to_str().unwrap()]);
    assert_eq!(code, 1);
    assert!(err.contains("rule 'p': bad regular expression"), "{err}");
}

#[test]
fn custom_rules_change_the_flags() {
    let dir = tempfile::tempdir().unwrap();
    let rules = dir.path().join("rules.toml");
    std::fs::write(
        &rules,
        "[[rule]]\nid = \"boats\"\nkind = \"lexicon\"\ncategory = \"boats\"\nreason = \"talks about boats\"\nwords = [\"boat\"]\n",
    )
    .unwrap();
    let page = fixture("wordpress-w3m.txt");
    let (code, out, err) = run(&[
        "export",
        page.to_str().unwrap(),
        "--rules",
        rules.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    let mut reader = csv::Reader::from_reader(out.as_bytes());
    let col = reader
        .headers()
        .unwrap()
        .iter()
        .position(|h| h == "flags")
        .unwrap();
    let flags: Vec<String> = reader
        .records()
        .map(|r| r.unwrap()[col].to_string())
        .collect();
    assert_eq!(flags, ["boats", "boats", "", ""]);
}

#[test]
fn export_as_text_reads_back_as_the_same_thread() {
    let dir = tempfile::tempdir().unwrap();
    for name in [
        "reddit.json",
        "disqus.xml",
        "wordpress-page.html",
        "hn.json",
    ] {
        let source = fixture(name);
        let out = dir.path().join(format!("{name}.txt"));
        let (code, _, err) = run(&[
            "export",
            source.to_str().unwrap(),
            "--text",
            "-o",
            out.to_str().unwrap(),
        ]);
        assert_eq!(code, 0, "{name}: {err}");
        let original = threadmod::parse::parse_file(&source).unwrap();
        let again = threadmod::parse::parse_file(&out).unwrap();
        assert_eq!(again.article.title, original.article.title, "{name}");
        let tree = |t: &threadmod::thread::Thread| -> Vec<(String, Option<usize>, String)> {
            t.comments
                .iter()
                .map(|c| (c.id.to_string(), c.parent, c.posted_at.to_string()))
                .collect()
        };
        assert_eq!(tree(&again), tree(&original), "{name}");
        for (a, b) in original.comments.iter().zip(&again.comments) {
            // Reddit's "[deleted]" and "[removed]" read as page furniture in text.
            if !a.text.starts_with('[') {
                assert_eq!(a.text, b.text, "{name} {}", a.id);
                assert_eq!(a.author, b.author, "{name} {}", a.id);
            }
            // The platform's id and link come back, so a moderator can act on
            // a comment found in the text copy.
            assert_eq!(a.source_id(), b.source_id(), "{name} {}", a.id);
            assert_eq!(a.url(), b.url(), "{name} {}", a.id);
        }
        assert!(
            original.comments.iter().any(|c| !c.source_id().is_empty()),
            "{name}: the fixture should have platform ids"
        );
    }
}

#[test]
fn export_timings_name_every_stage_and_leave_the_csv_alone() {
    let dir = tempfile::tempdir().unwrap();
    let sample = asset("sample-article.txt");
    let sample = sample.to_str().unwrap();
    let (plain, timed) = (dir.path().join("plain.csv"), dir.path().join("timed.csv"));
    let (code, _, err) = run(&[
        "export",
        sample,
        "--no-labels",
        "-o",
        plain.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(!err.contains("timings"), "{err}");
    let (code, _, err) = run(&[
        "export",
        sample,
        "--no-labels",
        "--timings",
        "-o",
        timed.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    let stages: Vec<&str> = err
        .lines()
        .filter_map(|l| l.strip_prefix("threadmod timings: "))
        .map(|l| l.split_whitespace().next().unwrap_or(""))
        .collect();
    assert_eq!(
        stages,
        ["parse", "rules", "check", "write", "total"],
        "{err}"
    );
    for line in err.lines().filter(|l| l.starts_with("threadmod timings: ")) {
        let words: Vec<&str> = line.split_whitespace().collect();
        assert!(words[3].parse::<f64>().is_ok_and(|s| s >= 0.0), "{line}");
        assert_eq!(&words[4..], ["s", words[5], "MB/s"], "{line}");
    }
    assert_eq!(
        std::fs::read(&plain).unwrap(),
        std::fs::read(&timed).unwrap()
    );
}
