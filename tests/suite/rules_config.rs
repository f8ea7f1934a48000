//! Rules files: every mistake gets the file, line, column and rule id.

use threadmod::rules::RuleSet;

const GOOD_RULE: &str = "[[rule]]\nid = \"a\"\nkind = \"lexicon\"\ncategory = \"insult\"\nreason = \"r\"\nwords = [\"idiot\"]\n";

#[test]
fn default_rules_load() {
    let rules = RuleSet::default_rules().unwrap();
    let kinds: Vec<&str> = rules.rules.iter().map(|r| &*r.meta.category).collect();
    assert!(kinds.contains(&"insult") && kinds.contains(&"off_topic"));
}

/// The built-in rules are built without measuring their patterns against
/// their size limits, as known to fit: built as a moderator's own file
/// is, measured, they must load the same.
#[test]
fn the_built_in_rules_fit_their_size_limits() {
    let measured = RuleSet::parse(threadmod::rules::config::DEFAULT_RULES, "a copy").unwrap();
    let trusted = RuleSet::default_rules().unwrap();
    assert_eq!(measured.hash, trusted.hash);
    assert_eq!(measured.rules.len(), trusted.rules.len());
}

/// (name, rules text, expected line, expected rule id, words in the message).
/// The line is that of the key or value that is wrong; of the rule's
/// `[[rule]]` when a key is missing or nothing points closer.
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
            Some(3),
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
            Some(6),
            Some("a"),
            &["urgent"],
        ),
        (
            "category not a word",
            GOOD_RULE.replace("\"insult\"", "\"Off Topic\""),
            Some(4),
            Some("a"),
            &["lower-case word"],
        ),
        (
            "duplicate id",
            format!("{GOOD_RULE}{GOOD_RULE}"),
            Some(8),
            Some("a"),
            &["earlier rule"],
        ),
        (
            "unknown setting",
            GOOD_RULE.replace("words", "wrods"),
            Some(6),
            Some("a"),
            &["wrods"],
        ),
        (
            "wall thread_share not a share",
            "[[rule]]\nid = \"wall\"\nkind = \"wall_of_text\"\ncategory = \"off_topic\"\nreason = \"r\"\nthread_share = 5.0\n".into(),
            Some(6),
            Some("wall"),
            &["thread_share", "from 0 to 1", "got 5"],
        ),
        (
            "empty words",
            GOOD_RULE.replace("[\"idiot\"]", "[]"),
            Some(6),
            Some("a"),
            &["empty"],
        ),
        (
            "weighted rule weighs a rule below it",
            format!("{WEIGHTED}{GOOD_RULE}"),
            Some(9),
            Some("score"),
            &["'a', which is not a rule above", "rules above: none"],
        ),
        (
            "weighted term of three words",
            format!("{GOOD_RULE}{}", WEIGHTED.replace("go = 1.0", "\"go away now\" = 1.0")),
            Some(7),
            Some("score"),
            &["one word or two"],
        ),
        (
            "weighted rule with nothing to weigh",
            "[[rule]]\nid = \"score\"\nkind = \"weighted\"\ncategory = \"insult\"\nreason = \"r\"\n".into(),
            Some(1),
            Some("score"),
            &["expected `rules`, `terms` or `aimed`"],
        ),
    ];
    let mut wrong_lines = Vec::new();
    for (name, text, line, rule, words) in cases {
        let err = RuleSet::parse(text, "test.toml").expect_err(name);
        if err.line() != *line {
            wrong_lines.push(format!("{name}: {err}"));
        }
        assert!(err.column().is_some(), "{name}: {err}");
        assert_eq!(err.rule(), *rule, "{name}: {err}");
        for w in *words {
            assert!(err.to_string().contains(w), "{name}: {err} lacks {w:?}");
        }
    }
    assert!(wrong_lines.is_empty(), "{wrong_lines:#?}");
}

const WEIGHTED: &str = "[[rule]]\nid = \"score\"\nkind = \"weighted\"\ncategory = \"insult\"\nreason = \"adds up\"\nthreshold = 1.0\nbias = -1.0\nhighlight_min = 1.0\n[rule.rules]\na = 1.5\n[rule.terms]\nyou = 0.4\n\"go away\" = 1.2\ngo = 1.0\nthanks = -3.0\n";

#[test]
fn weighted_rules_add_up_what_fired_and_quiet_rules_only_feed_them() {
    use threadmod::rules::Context;
    use threadmod::rules::engine::check_comment;
    use threadmod::rules::normalize::Normalized;
    let text = format!(
        "{}{WEIGHTED}",
        GOOD_RULE.replace("kind", "quiet = true\nkind")
    );
    let rules = RuleSet::parse(&text, "test.toml").unwrap();
    let check = |comment: &str| {
        let norm = Normalized::new(comment);
        let ctx = Context::new(comment, &norm, 1.0, 0);
        check_comment(&rules, &ctx)
    };
    // idiot (quiet rule a, +1.5) + you (+0.4) - 1.0 = 0.9: below 1.0, and a alone shows nothing.
    assert!(check("you idiot").is_empty());
    // + "go" (+1.0) + "go away" (+1.2) = 3.1.
    let comment = "Go away, you IDIOT";
    let found = check(comment);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(&*found[0].rule_id, "score");
    let shown: Vec<&str> = found[0].spans.iter().map(|r| &comment[r.clone()]).collect();
    assert_eq!(
        shown,
        ["Go away", "IDIOT"],
        "you (0.4) adds but is not highlighted"
    );
    let measure = found[0].measure.as_deref().unwrap();
    assert!(
        measure.starts_with(
            "score 3.10 (fires at 1.00): a +1.5, “go away” +1.2, “go” +1.0, “you” +0.4"
        ),
        "{measure}"
    );
    // A negative word pulls the score back below the threshold.
    assert!(check("thanks, go away you idiot").is_empty());
}

#[test]
fn file_errors_name_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("mine.toml");
    std::fs::write(&path, GOOD_RULE.replace("lexicon", "magic")).unwrap();
    let msg = RuleSet::load(&path).unwrap_err().to_string();
    assert!(
        msg.starts_with(&format!("{}:3:8: rule 'a': unknown kind", path.display())),
        "{msg}"
    );
    let missing = RuleSet::load(&dir.path().join("nope.toml")).unwrap_err();
    assert!(missing.to_string().contains("no such file"), "{missing}");
}

#[test]
fn every_mistake_is_listed_at_its_own_place() {
    // Line 6: a bad severity; line 11: an unknown kind; line 18: a setting of
    // the wrong type; the rule at line 22 lacks a reason, its id (line 23) is
    // taken and its category (line 24) is not a word.
    let text = "\
[[rule]]
id = \"a\"
kind = \"lexicon\"
category = \"insult\"
reason = \"r\"
severity = \"urgent\"
words = [\"idiot\"]

[[rule]]
id = \"b\"
kind = \"magic\"
category = \"insult\"
reason = \"r\"

[[rule]]
id = \"c\"
kind = \"lexicon\"
words = \"idiot\"
category = \"insult\"
reason = \"r\"

[[rule]]
id = \"c\"
category = \"Off Topic\"
kind = \"lexicon\"
words = [\"moron\"]
";
    let err = RuleSet::parse(text, "test.toml").expect_err("the file has mistakes");
    let found: Vec<(Option<usize>, Option<usize>, Option<&str>)> = err
        .all()
        .map(|e| (e.line(), e.column(), e.rule()))
        .collect();
    assert_eq!(
        found,
        [
            (Some(6), Some(12), Some("a")),
            (Some(11), Some(8), Some("b")),
            (Some(18), Some(1), Some("c")),
            (Some(22), Some(1), Some("c")),
            (Some(23), Some(6), Some("c")),
            (Some(24), Some(12), Some("c")),
        ],
        "{err}"
    );
    let messages: Vec<String> = err.all().map(|e| e.message().to_string()).collect();
    assert!(messages[0].contains("urgent"), "{messages:?}");
    assert!(messages[1].contains("unknown kind 'magic'"), "{messages:?}");
    assert!(messages[2].contains("words"), "{messages:?}");
    assert!(messages[3].contains("reason"), "{messages:?}");
    assert!(messages[4].contains("earlier rule"), "{messages:?}");
    assert!(messages[5].contains("lower-case word"), "{messages:?}");
    // One mistake a line when printed.
    assert_eq!(err.to_string().lines().count(), 6, "{err}");
}

#[test]
fn rules_check_prints_every_mistake_with_its_position() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("mine.toml");
    let text = format!(
        "{}{}",
        GOOD_RULE.replace("reason = \"r\"", "reason = \"r\"\nseverity = \"urgent\""),
        GOOD_RULE
            .replace("\"a\"", "\"b\"")
            .replace("lexicon", "magic")
    );
    std::fs::write(&path, text).unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_threadmod"))
        .args(["rules", "check", path.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    let shown = path.display().to_string();
    assert!(
        stderr.contains(&format!("{shown}:6:12: rule 'a': `severity`")),
        "{stderr}"
    );
    assert!(
        stderr.contains(&format!("{shown}:10:8: rule 'b': unknown kind 'magic'")),
        "{stderr}"
    );
}

/// Relevance is measured before the rules are built, from settings read
/// straight from the file: they must be the ones the built rules give.
#[test]
fn relevance_settings_read_without_building_the_rules_match_the_built_ones() {
    let wall = |id: &str, extra: &str| {
        format!(
            "[[rule]]\nid = \"{id}\"\nkind = \"wall_of_text\"\ncategory = \"off_topic\"\nreason = \"r\"\n{extra}"
        )
    };
    let cases = [
        ("no wall rule", GOOD_RULE.to_string()),
        ("the defaults", wall("w", "")),
        (
            "a share and stems",
            wall("w", "thread_share = 0.2\nstem_letters = 6\n"),
        ),
        (
            "the first enabled one",
            format!(
                "{}{}{}",
                wall("off", "enabled = false\nthread_share = 0.3\n"),
                wall("on", "thread_share = 0.1\n"),
                wall("later", "thread_share = 0.4\n")
            ),
        ),
    ];
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in cases {
        let path = dir.path().join("rules.toml");
        std::fs::write(&path, &text).unwrap();
        let built = RuleSet::load(&path).unwrap().relevance_settings();
        assert_eq!(RuleSet::relevance_settings_of(Some(&path)), built, "{name}");
    }
    assert_eq!(
        RuleSet::relevance_settings_of(None),
        RuleSet::default_rules().unwrap().relevance_settings()
    );
    // Not the defaults everywhere: the case with a share of its own.
    let path = dir.path().join("share.toml");
    std::fs::write(&path, wall("w", "thread_share = 0.2\n")).unwrap();
    assert_eq!(
        RuleSet::relevance_settings_of(Some(&path)).thread_share,
        0.2
    );
}
