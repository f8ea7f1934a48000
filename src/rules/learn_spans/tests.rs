use super::*;

/// `text` with the characters of each of `marked` (found left to right) marked.
fn example(text: &str, marked: &[&str]) -> SpanExample {
    let mut gold = Vec::new();
    let mut from = 0;
    for m in marked {
        let at = from + text[from..].find(m).unwrap();
        let start = text[..at].chars().count();
        gold.extend(start..start + m.chars().count());
        from = at + m.len();
    }
    SpanExample {
        text: text.to_string(),
        gold,
    }
}

/// Comments where "idiot" and "shut up" are always marked, "crap" in
/// two uses of three, "shut" and "up" apart and "the" never.
fn examples() -> Vec<SpanExample> {
    (0..120)
        .map(|i| match i % 6 {
            0 => example("the council is run by an idiot", &["idiot"]),
            1 => example("oh shut up about the budget", &["shut up"]),
            2 => example("what crap from the mayor", &["crap"]),
            3 => example("crap, the idiot again", &["crap", "idiot"]),
            4 => example("the crap in the river is from the mill", &[]),
            _ => example(
                "shut it up, shut it up, shut it up, shut it up, shut it up",
                &[],
            ),
        })
        .collect()
}

#[test]
fn learns_the_marked_words_and_phrases_and_scores_folds_apart() {
    let rules = "[[rule]]\nid = \"x\"\nkind = \"lexicon\"\ncategory = \"spam\"\nreason = \"r\"\nwords = [\"zzz\"]\n";
    let learned = learn_spans(
        rules,
        "test",
        &examples(),
        &SpanSettings::default(),
        &|_| {},
    )
    .unwrap();
    let share = |w: &str| {
        learned
            .fit
            .entries
            .iter()
            .find(|(k, _)| k == w)
            .map(|(_, s)| *s)
    };
    // Counted shares, pulled a little towards the average word's.
    assert!(share("idiot").unwrap() > 0.95, "{:?}", share("idiot"));
    assert!(share("shut up").unwrap() > 0.9, "{:?}", share("shut up"));
    let crap = share("crap").unwrap();
    assert!(crap < 2.0 / 3.0 && crap > 0.6, "{crap}");
    assert_eq!(share("the"), None);
    assert_eq!(learned.folds.len(), 5);
    assert!(learned.folds.iter().all(|f| f.comments == 24));
    // Every marked word is learnable here; only "crap" in the comment
    // that does not mark it costs F1: one comment in six scores 0.
    for fold in &learned.folds {
        assert!((fold.span_f1 - 5.0 / 6.0).abs() < 1e-9, "{fold:?}");
    }
    // The written file reads back, with the rule above it kept.
    let set = RuleSet::parse(&learned.rules_text, "test").unwrap();
    let ids: Vec<&str> = set.rules.iter().map(|r| &*r.meta.id).collect();
    assert_eq!(ids, ["x", LEARNED_ID]);
    assert!(!set.rules[1].meta.flags);
}

#[test]
fn words_written_as_names_are_not_learned() {
    // "Hamas" is marked wherever it stands, and always written as a
    // name inside a sentence; "idiot" is marked too, written in lower case.
    let mut examples = examples();
    examples.extend((0..30).map(|_| example("and then Hamas sent an idiot", &["Hamas", "idiot"])));
    let learned = learn_spans("", "test", &examples, &SpanSettings::default(), &|_| {}).unwrap();
    let learned_words: Vec<&str> = learned
        .fit
        .entries
        .iter()
        .map(|(k, _)| k.as_str())
        .collect();
    assert!(learned_words.contains(&"idiot"), "{learned_words:?}");
    assert!(!learned_words.contains(&"hamas"), "{learned_words:?}");
}

#[test]
fn the_block_is_replaced_or_added() {
    let block = format!("{BEGIN}\nnew\n{END}\n");
    let with = format!("head\n{BEGIN} (old)\nold\n{END}\ntail\n");
    assert_eq!(replace_block(&with, &block), format!("head\n{block}tail\n"));
    assert_eq!(replace_block("head", &block), format!("head\n\n{block}"));
    assert_eq!(replace_block("", &block), block);
}

#[test]
fn too_few_comments_is_an_error() {
    let err = learn_spans(
        "",
        "test",
        &examples()[..5],
        &SpanSettings::default(),
        &|_| {},
    )
    .unwrap_err();
    assert!(err.to_string().contains("too few"), "{err}");
}
