//! `threadmod eval`: precision, recall and F1 against gold labels.

use std::process::Command;

use super::util::fixture;

fn eval(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_threadmod"))
        .arg("eval")
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn row<'a>(report: &'a str, category: &str) -> Vec<&'a str> {
    report
        .lines()
        .find(|l| l.split_whitespace().next() == Some(category))
        .unwrap_or_else(|| panic!("no row for {category} in\n{report}"))
        .split_whitespace()
        .collect()
}

#[test]
fn binary_gold_column() {
    let gold = fixture("gold.jsonl");
    let (code, out, err) = eval(&[gold.to_str().unwrap(), "--label-column", "insult"]);
    assert_eq!(code, 0, "{err}");
    // g1 and g3 are insults aimed at someone and the learned score flags
    // both; g5's "moron" is aimed at nobody: highlighted, not flagged.
    assert_eq!(
        row(&out, "insult"),
        ["insult", "2", "2", "2", "1.000", "1.000", "1.000"]
    );
    assert!(!out.contains("false positives for insult"), "{out}");
    assert!(out.contains("insult-score"), "per-rule table: {out}");
    // The threshold table reaches g5 once the threshold drops far enough.
    assert!(out.contains("      3      0.667    1.000  0.800"), "{out}");
}

#[test]
fn category_label_column() {
    let gold = fixture("gold.jsonl");
    let (code, out, err) = eval(&[gold.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(row(&out, "insult")[1..4], ["2", "2", "2"]);
    // One spam in the gold file, caught by its "click here".
    assert_eq!(
        row(&out, "spam")[1..],
        ["1", "1", "1", "1.000", "1.000", "1.000"]
    );
    assert!(!out.contains("false negatives for spam"), "{out}");
}

#[test]
fn bad_gold_files() {
    let gold = fixture("gold.jsonl");
    let (code, _, err) = eval(&[gold.to_str().unwrap(), "--label-column", "verdict"]);
    assert_eq!(code, 1);
    assert!(
        err.contains("no 'verdict' column") && err.contains("insult"),
        "{err}"
    );
    let (code, _, err) = eval(&[fixture("wordpress-w3m.txt").to_str().unwrap()]);
    assert_eq!(code, 1);
    assert!(err.contains("CSV or JSON lines"), "{err}");
}

#[test]
fn unlabelled_rows_are_left_out_unless_asked_for() {
    let dir = tempfile::tempdir().unwrap();
    let gold = dir.path().join("gold.csv");
    // One insult labelled as such; two more insults nobody labelled yet.
    std::fs::write(
        &gold,
        "id,label,text\n\
         a,insult,You are an idiot and everyone knows it.\n\
         b,,You clown.\n\
         c,,What an idiot you are.\n\
         d,approve,The ferry is late again.\n",
    )
    .unwrap();
    let gold = gold.to_str().unwrap();
    let (code, out, err) = eval(&[gold]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("2 comments without a gold label left out of the scores"),
        "{out}"
    );
    assert_eq!(row(&out, "insult")[1..4], ["1", "1", "1"], "{out}");
    assert_eq!(row(&out, "insult")[4], "1.000", "{out}");
    let (code, out, err) = eval(&[gold, "--unlabelled-as-clean"]);
    assert_eq!(code, 0, "{err}");
    assert!(!out.contains("left out"), "{out}");
    assert_eq!(row(&out, "insult")[1..4], ["1", "3", "1"], "{out}");
    assert_eq!(row(&out, "insult")[4], "0.333", "{out}");
}

#[test]
fn the_learned_score_gets_a_table_by_threshold_that_agrees_with_the_flags() {
    let labels = fixture("learn/labels.csv");
    let (code, out, err) = eval(&[labels.to_str().unwrap(), "--worst", "0"]);
    assert_eq!(code, 0, "{err}");
    let category = row(&out, "insult");
    let table: Vec<Vec<&str>> = out
        .lines()
        .skip_while(|l| !l.starts_with("insult flags by the threshold of insult-score"))
        .skip(2)
        .take_while(|l| !l.trim().is_empty())
        .map(|l| l.split_whitespace().collect())
        .collect();
    assert_eq!(table.len(), 6, "{out}");
    let in_use = table
        .iter()
        .find(|r| r.ends_with(&["in", "use"]))
        .unwrap_or_else(|| panic!("no row in use: {out}"));
    // At the threshold in use, the table says what the flags say.
    assert_eq!(in_use[1], category[2], "flagged: {out}");
    assert_eq!(in_use[2], category[4], "precision: {out}");
    assert_eq!(in_use[3], category[5], "recall: {out}");
    // A higher threshold never flags more.
    let flagged: Vec<usize> = table.iter().map(|r| r[1].parse().unwrap()).collect();
    assert!(flagged.windows(2).all(|w| w[0] >= w[1]), "{out}");
}
