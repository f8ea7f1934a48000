//! Rules files: every mistake gets the file, line, column and rule id.

use threadmod::rules::RuleSet;

const GOOD_RULE: &str = "[[rule]]\nid = \"a\"\nkind = \"lexicon\"\ncategory = \"insult\"\nreason = \"r\"\nwords = [\"idiot\"]\n";

#[test]
fn default_rules_load() {
    let rules = RuleSet::default_rules().unwrap();
    let kinds: Vec<&str> = rules
        .rules
        .iter()
        .map(|r| r.meta.category.as_str())
        .collect();
    assert!(kinds.contains(&"insult") && kinds.contains(&"off_topic"));
}

/// (name, rules text, expected line, expected rule id, words in the message)
type BrokenCase<'a> = (
    &'a str,
    String,
    Option<usize>,
    Option<&'a str>,
    &'a [&'a str],
);

#[test]
fn broken_rules_files() {
    let cases: &[BrokenCase] = &[
        (
            "toml syntax",
            "[[rule]]\nid = \"a\nkind = 1\n".into(),
            Some(2),
            None,
            &[],
        ),
        (
            "unknown kind",
            GOOD_RULE.replace("lexicon", "magic"),
            Some(1),
            Some("a"),
            &[
                "unknown kind 'magic'",
                "lexicon",
                "wall_of_text",
                "targeted",
            ],
        ),
        (
            "bad regex",
            format!(
                "\n\n{}",
                "[[rule]]\nid = \"links-x\"\nkind = \"pattern\"\ncategory = \"spam\"\nreason = \"r\"\npatterns = [\"(unclosed\"]\n"
            ),
            Some(3),
            Some("links-x"),
            &["bad regular expression", "(unclosed"],
        ),
        (
            "missing reason",
            GOOD_RULE.replace("reason = \"r\"\n", ""),
            Some(1),
            Some("a"),
            &["reason"],
        ),
        (
            "bad severity",
            GOOD_RULE.replace("reason = \"r\"", "reason = \"r\"\nseverity = \"urgent\""),
            Some(1),
            Some("a"),
            &["urgent"],
        ),
        (
            "category not a word",
            GOOD_RULE.replace("\"insult\"", "\"Off Topic\""),
            Some(1),
            Some("a"),
            &["lower-case word"],
        ),
        (
            "duplicate id",
            format!("{GOOD_RULE}{GOOD_RULE}"),
            Some(7),
            Some("a"),
            &["earlier rule"],
        ),
        (
            "unknown setting",
            GOOD_RULE.replace("words", "wrods"),
            Some(1),
            Some("a"),
            &["wrods"],
        ),
        (
            "empty words",
            GOOD_RULE.replace("[\"idiot\"]", "[]"),
            Some(1),
            Some("a"),
            &["empty"],
        ),
    ];
    for (name, text, line, rule, words) in cases {
        let err = RuleSet::parse(text, "test.toml").expect_err(name);
        assert_eq!(err.line(), *line, "{name}: {err}");
        assert!(err.column().is_some(), "{name}: {err}");
        assert_eq!(err.rule(), *rule, "{name}: {err}");
        for w in *words {
            assert!(err.to_string().contains(w), "{name}: {err} lacks {w:?}");
        }
    }
}

#[test]
fn file_errors_name_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("mine.toml");
    std::fs::write(&path, GOOD_RULE.replace("lexicon", "magic")).unwrap();
    let msg = RuleSet::load(&path).unwrap_err().to_string();
    assert!(
        msg.starts_with(&format!("{}:1:1: rule 'a': unknown kind", path.display())),
        "{msg}"
    );
    let missing = RuleSet::load(&dir.path().join("nope.toml")).unwrap_err();
    assert!(missing.to_string().contains("no such file"), "{missing}");
}
