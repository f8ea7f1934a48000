//! Inputs that must not crash, hang or blow up memory.

use std::path::Path;

#[test]
fn a_reply_chain_100000_deep_goes_through_every_stage() {
    let n = 100_000;
    let mut jsonl = String::new();
    for i in 0..n {
        let parent = if i == 0 {
            String::new()
        } else {
            format!(", \"parent_id\": \"c{}\"", i - 1)
        };
        jsonl.push_str(&format!(
            "{{\"id\": \"c{i}\"{parent}, \"text\": \"you idiot number {i}\"}}\n"
        ));
    }
    let thread = threadmod::parse::parse_bytes(jsonl.as_bytes(), Path::new("deep.jsonl")).unwrap();
    assert_eq!(thread.comments.len(), n);
    assert_eq!(thread.comments[n - 1].depth as usize, n);
    let rules = threadmod::rules::RuleSet::default_rules().unwrap();
    let checked = threadmod::rules::check_thread(&rules, &thread);
    assert!(checked.categories(n - 1).contains(&"insult"));
    let mut csv = Vec::new();
    let labels = vec![None; n];
    threadmod::export::write_csv(
        &mut csv,
        &thread,
        &checked,
        &labels,
        &rules.hash,
        Default::default(),
    )
    .unwrap();
    // Ids stay short: the CSV is not quadratic in the depth.
    assert!(csv.len() < 40 * n + 200 * n, "{} bytes", csv.len());
}

/// (name, file bytes, expected exit code, words in stderr or stdout)
type BadCase = (&'static str, Vec<u8>, i32, &'static str);

#[test]
fn the_command_line_meets_bad_inputs_with_clear_messages() {
    let dir = tempfile::tempdir().unwrap();
    let long_line = format!("Title\n\n  1. {}\n", "word idiot ".repeat(500_000));
    let cases: Vec<BadCase> = vec![
        ("empty", Vec::new(), 0, "the file is empty"),
        (
            "whitespace",
            b"  \n\t\n   \n".to_vec(),
            0,
            "the file is empty",
        ),
        (
            "binary",
            vec![0x7F, b'E', b'L', b'F', 2, 1, 1, 0, 0, 0, 0, 0],
            1,
            "binary file",
        ),
        (
            "truncated utf-8",
            "Title\n\n  1. Ереван".as_bytes()[..20].to_vec(),
            0,
            "1 comments",
        ),
        (
            "utf-16",
            {
                let mut v = vec![0xFF, 0xFE];
                v.extend(
                    "Title\n\n  1. hello\n"
                        .encode_utf16()
                        .flat_map(u16::to_le_bytes),
                );
                v
            },
            0,
            "1 comments",
        ),
        (
            "deep json",
            format!("{}{}", "[".repeat(50_000), "]".repeat(50_000)).into_bytes(),
            0,
            "recursion limit",
        ),
        (
            "5 MB single line",
            long_line.into_bytes(),
            0,
            "1 comments, 1 flagged",
        ),
        (
            "broken html",
            b"<html><body><li class='comment depth-1'><p>unclosed <b>bold <i>and".to_vec(),
            0,
            "1 comments",
        ),
        (
            "not a comment csv",
            b"a,b\n1,2\n".to_vec(),
            0,
            "needs a 'text' column",
        ),
    ];
    for (name, bytes, code, words) in cases {
        let ext = match name {
            "deep json" => "json",
            "broken html" => "html",
            "not a comment csv" => "csv",
            _ => "txt",
        };
        let path = dir.path().join(format!("{}.{ext}", name.replace(' ', "-")));
        std::fs::write(&path, &bytes).unwrap();
        let started = std::time::Instant::now();
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_threadmod"))
            .args(["check", path.to_str().unwrap()])
            .output()
            .unwrap();
        let all = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        assert_eq!(out.status.code(), Some(code), "{name}: {all}");
        assert!(all.contains(words), "{name}: {all}");
        if code != 0 {
            assert!(
                all.contains(path.file_name().unwrap().to_str().unwrap()),
                "{name} names the file: {all}"
            );
        }
        assert!(
            started.elapsed().as_secs() < 60,
            "{name} took {:?}",
            started.elapsed()
        );
    }
}

#[test]
fn a_journal_with_garbage_lines_still_opens() {
    let dir = tempfile::tempdir().unwrap();
    let article = dir.path().join("a.txt");
    std::fs::write(&article, "Title\n\n  1. first\n\n  2. second\n").unwrap();
    let journal = threadmod::labels::journal::journal_path_for(&article);
    let good = r#"{"comment":"2","fingerprint":"x","label":"spam","at":"2026-01-01T00:00:00Z","excerpt":"second"}"#;
    std::fs::write(
        &journal,
        format!("garbage\n\u{0}\u{1}binary\n{good}\n[1,2,3]\n{{\"comment\":"),
    )
    .unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_threadmod"))
        .args(["export", article.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    for line in [1, 2, 4, 5] {
        assert!(
            err.contains(&format!("a.txt.threadmod.jsonl:{line}: warning: skipped")),
            "line {line}: {err}"
        );
    }
    let csv = String::from_utf8_lossy(&out.stdout);
    assert!(csv.lines().nth(2).unwrap().contains(",spam,"), "{csv}");
}

/// Inputs the fuzz targets once failed on (tests/data/fuzz/FORMAT-what):
/// each goes through parse, rules and the CSV round trip again.
#[test]
fn fuzz_findings_stay_fixed() {
    use threadmod::parse::Format;
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/fuzz");
    let mut seen = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let format = match name.split('-').next().unwrap() {
            "text" => Some(Format::Text),
            "html" => Some(Format::Html),
            "disqus" => Some(Format::Disqus),
            "reddit" => Some(Format::Reddit),
            "hn" => Some(Format::Hn),
            "csv" => Some(Format::Csv),
            "jsonl" => Some(Format::Jsonl),
            "detect" => None,
            other => panic!("{name}: unknown target {other}"),
        };
        let bytes = std::fs::read(&path).unwrap();
        super::invariants::article(&bytes, format);
        seen += 1;
    }
    assert!(
        seen >= 2,
        "the regression inputs are missing from {}",
        dir.display()
    );
}

/// A million one-word comments: every stage finishes, every comment is kept.
#[test]
fn a_million_tiny_comments() {
    let n = 1_000_000;
    let mut text = String::from("Tiny\n\n1000000 Comments\n\n");
    for i in 1..=n {
        text.push_str(&format!("  {i}. ok\n"));
    }
    let thread = threadmod::parse::parse_bytes(text.as_bytes(), Path::new("million.txt")).unwrap();
    drop(text);
    assert_eq!(thread.comments.len(), n);
    assert_eq!(thread.comments[n - 1].id, n.to_string());
    assert!(
        thread
            .comments
            .iter()
            .all(|c| c.text == "ok" && c.parent.is_none())
    );
    let rules = threadmod::rules::RuleSet::default_rules().unwrap();
    let checked = threadmod::rules::check_thread(&rules, &thread);
    assert!(checked.findings.iter().all(Vec::is_empty));
    let mut rows = LineCounter(0);
    threadmod::export::write_csv(
        &mut rows,
        &thread,
        &checked,
        &vec![None; n],
        &rules.hash,
        Default::default(),
    )
    .unwrap();
    assert_eq!(rows.0, n + 1, "a header and one row per comment");
}

/// Counts the lines written to it.
struct LineCounter(usize);

impl std::io::Write for LineCounter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0 += buf.iter().filter(|&&b| b == b'\n').count();
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}
