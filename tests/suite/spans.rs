//! Highlights apart from flags, `eval --spans` and `learn --spans`.

use std::process::Command;

use threadmod::rules::RuleSet;
use threadmod::rules::check_thread;
use threadmod::thread::{Comment, Thread};

use super::util::fixture;

fn threadmod(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_threadmod"))
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn thread_of(texts: &[&str]) -> Thread {
    Thread {
        comments: texts
            .iter()
            .map(|t| Comment {
                text: (*t).into(),
                ..Comment::default()
            })
            .collect(),
        ..Thread::default()
    }
}

fn span_rules() -> RuleSet {
    RuleSet::load(&fixture("spans/rules.toml")).unwrap()
}

#[test]
fn a_highlight_shows_in_a_comment_that_is_not_flagged() {
    let thread = thread_of(&["What crap, damn it.", "What an idiot, and what crap."]);
    let checked = check_thread(&span_rules(), &thread);
    // The first comment: highlighted words, no flag, no score.
    assert!(checked.findings[0].is_empty());
    assert!(checked.categories(0).is_empty());
    assert_eq!(checked.score(0), 0.0);
    let words: Vec<&str> = checked
        .shown(0)
        .flat_map(|f| f.spans.iter().map(|r| &thread.comments[0].text[r.clone()]))
        .collect();
    assert_eq!(words, ["crap", "damn"]);
    // The second: flagged for the insult, its other word highlighted.
    assert_eq!(checked.categories(1), ["insult"]);
    let shown: Vec<(&str, &str)> = checked
        .shown(1)
        .flat_map(|f| {
            f.spans
                .iter()
                .map(|r| (&*f.category, &thread.comments[1].text[r.clone()]))
        })
        .collect();
    assert_eq!(shown, [("insult", "idiot"), ("abuse", "crap")]);
}

#[test]
fn flags_true_makes_a_highlight_rule_flag() {
    let text = std::fs::read_to_string(fixture("spans/rules.toml"))
        .unwrap()
        .replace("flags = false", "flags = true");
    let rules = RuleSet::parse(&text, "test").unwrap();
    let checked = check_thread(&rules, &thread_of(&["What crap."]));
    assert_eq!(checked.categories(0), ["abuse"]);
    assert!(checked.highlights[0].is_empty());
}

#[test]
fn flags_must_be_true_or_false() {
    let text = std::fs::read_to_string(fixture("spans/rules.toml"))
        .unwrap()
        .replace("flags = false", "flags = \"no\"");
    let err = RuleSet::parse(&text, "test").unwrap_err();
    assert!(err.to_string().contains("`flags`"), "{err}");
    assert_eq!(err.line(), Some(17), "{err}");
}

#[test]
fn the_built_in_rules_highlight_profanity_that_is_no_insult() {
    let rules = RuleSet::default_rules().unwrap();
    let text = "This plan is crap, and the damn council knows it.";
    let checked = check_thread(&rules, &thread_of(&[text]));
    assert!(
        !checked.categories(0).contains(&"insult"),
        "{:?}",
        checked.findings[0]
    );
    let words: Vec<String> = checked
        .shown(0)
        .flat_map(|f| f.spans.iter().map(|r| text[r.clone()].to_lowercase()))
        .collect();
    assert!(words.iter().any(|w| w.contains("crap")), "{words:?}");
}

#[test]
fn export_writes_highlights_in_characters() {
    let dir = tempfile::tempdir().unwrap();
    let article = dir.path().join("comments.csv");
    std::fs::write(&article, "id,author,text\n1,ann,Café 😀 中文 what crap\n").unwrap();
    let rules = fixture("spans/rules.toml");
    let (code, out, err) = threadmod(&[
        "export",
        article.to_str().unwrap(),
        "--no-labels",
        "--rules",
        rules.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    let mut reader = csv::Reader::from_reader(out.as_bytes());
    let headers = reader.headers().unwrap().clone();
    let row = reader.records().next().unwrap().unwrap();
    let cell = |name: &str| {
        row.get(headers.iter().position(|h| h == name).unwrap())
            .unwrap()
    };
    assert_eq!(cell("flags"), "");
    // "Café 😀 中文 what " is 15 characters (and 21 bytes).
    assert_eq!(cell("spans"), "abuse:15-19");
}

#[test]
fn eval_spans_prints_the_span_f1_of_a_fixture() {
    let gold = fixture("spans/gold.csv");
    let rules = fixture("spans/rules.toml");
    let (code, out, err) = threadmod(&[
        "eval",
        "--spans",
        gold.to_str().unwrap(),
        "--rules",
        rules.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    // Per comment: idiot 1, nothing and nothing 1, crap after emoji and
    // CJK 1, "idiot" of "stupid idiot" 2·(5/12)/(1+5/12), "shut up" missed 0.
    let want = (3.0 + 2.0 * (5.0 / 12.0) / (1.0 + 5.0 / 12.0)) / 5.0;
    assert!(
        out.contains(&format!("span F1 {want:.3}")),
        "want {want:.3} in\n{out}"
    );
    assert!(out.contains("5 comments (4 with marked words)"), "{out}");
    let abuse = out
        .lines()
        .find(|l| l.starts_with("abuse"))
        .unwrap_or_else(|| panic!("{out}"));
    assert_eq!(
        abuse.split_whitespace().collect::<Vec<_>>(),
        ["abuse", "1", "0.400"]
    );
}

#[test]
fn eval_spans_names_the_line_of_a_bad_cell() {
    for (name, expected) in [
        ("spans/bad-offset.csv", "past the end of the text"),
        ("spans/bad-cell.csv", "expected e.g. [3, 4, 5]"),
    ] {
        let gold = fixture(name);
        let (code, out, err) = threadmod(&["eval", "--spans", gold.to_str().unwrap()]);
        assert_eq!(code, 1, "{name}: {out}");
        assert!(err.contains(expected), "{name}: {err}");
        assert!(err.contains(&format!("{name}:3")), "{name}: {err}");
    }
    let (code, _, err) = threadmod(&["eval", "--spans", fixture("gold.jsonl").to_str().unwrap()]);
    assert_eq!(code, 1);
    assert!(
        err.contains("'spans' column") || err.contains("'text' column"),
        "{err}"
    );
}

#[test]
fn learn_spans_writes_the_word_list_and_reports_each_fold() {
    let dir = tempfile::tempdir().unwrap();
    let spans = dir.path().join("spans.csv");
    let mut writer = csv::Writer::from_path(&spans).unwrap();
    writer.write_record(["spans", "text"]).unwrap();
    for i in 0..60 {
        let (text, marked) = match i % 3 {
            0 => ("the council is run by an idiot", Some("idiot")),
            1 => ("what crap from the mayor", Some("crap")),
            _ => ("the budget is fine", None),
        };
        let offsets: Vec<usize> = marked
            .map(|m| {
                let at = text.find(m).unwrap();
                (at..at + m.len()).collect()
            })
            .unwrap_or_default();
        writer
            .write_record([format!("{offsets:?}"), text.to_string()])
            .unwrap();
    }
    writer.flush().unwrap();
    let out = dir.path().join("rules.toml");
    let (code, report, err) = threadmod(&[
        "learn",
        "--spans",
        spans.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(
        report.contains("learned from 60 annotated comments (40 with marked words)"),
        "{report}"
    );
    // A table row per fold, each fold's words all learnable.
    let folds: Vec<&str> = report
        .lines()
        .filter(|l| {
            let cells: Vec<&str> = l.split_whitespace().collect();
            cells.len() == 6 && cells[0].parse::<usize>().is_ok()
        })
        .collect();
    assert_eq!(folds.len(), 5, "{report}");
    assert!(folds.iter().all(|l| l.ends_with("1.000")), "{report}");
    let written = std::fs::read_to_string(&out).unwrap();
    let block = &written[written.find("# BEGIN abuse-words").expect("the block")..];
    let idiot: f64 = block
        .lines()
        .find_map(|l| l.strip_prefix("\"idiot\" = "))
        .expect("idiot in the list")
        .parse()
        .unwrap();
    assert!(idiot > 0.9, "{block}");
    assert!(!block.contains("\"the\" ="), "{block}");
    // The built-in rules are kept above it, and the file reads back.
    assert!(written.contains("id = \"insult-score\""));
    let (code, _, err) = threadmod(&["rules", "check", out.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    // Labelled files and a span file are two different lessons.
    let (code, _, err) = threadmod(&[
        "learn",
        "--spans",
        spans.to_str().unwrap(),
        spans.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(code, 2, "{err}");
}

#[test]
fn check_lists_highlights_apart_from_flags() {
    let dir = tempfile::tempdir().unwrap();
    let article = dir.path().join("comments.csv");
    std::fs::write(&article, "id,author,text\n1,ann,What crap and damn\n").unwrap();
    let rules = fixture("spans/rules.toml");
    let (code, out, err) = threadmod(&[
        "check",
        article.to_str().unwrap(),
        "--rules",
        rules.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("✎ abuse · abuse-test «crap» «damn»"), "{out}");
    assert!(!out.contains("⚑"), "{out}");
    assert!(out.contains("1 comments, 0 flagged"), "{out}");
}
