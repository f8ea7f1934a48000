use super::fit::Problem;
use super::*;

fn scored(rows: &[(f64, bool)]) -> Vec<Scored> {
    rows.iter()
        .map(|&(score, truth)| Scored {
            score,
            shown: false,
            truth,
        })
        .collect()
}

#[test]
fn auc_counts_pairs_in_order_and_ties_as_half() {
    assert_eq!(auc(&scored(&[(0.1, false), (0.9, true)])), 1.0);
    assert_eq!(auc(&scored(&[(0.9, false), (0.1, true)])), 0.0);
    assert_eq!(auc(&scored(&[(0.5, false), (0.5, true)])), 0.5);
    // Pairs: (0.2+, 0.1-) right, (0.2+, 0.3-) wrong, (0.4+, both) right.
    let mixed = scored(&[(0.1, false), (0.2, true), (0.3, false), (0.4, true)]);
    assert!((auc(&mixed) - 0.75).abs() < 1e-12);
}

#[test]
fn the_flag_is_the_score_or_a_shown_rule() {
    let mut rows = scored(&[(1.0, true), (-1.0, true), (0.5, false), (-2.0, false)]);
    rows[1].shown = true;
    let op = operating(0.0, &rows);
    assert_eq!((op.flagged, op.tp, op.positives), (3, 2, 2));
    let all = [op, operating(2.0, &rows)];
    // Precision 1.0 only at 2.0, where the shown rule alone flags.
    assert_eq!(choose_threshold(&all, Some(1.0)).0, 2.0);
    assert_eq!(choose_threshold(&all, None).0, 0.0);
}

#[test]
fn a_rule_that_only_highlights_is_no_flag_of_its_own() {
    // The engine never flags with a `flags = false` rule; learning and
    // eval must not count it as a flag either (only as a score input).
    let above = "[[rule]]\nid = \"w\"\nkind = \"lexicon\"\ncategory = \"insult\"\n\
                 severity = \"high\"\nreason = \"t\"\nflags = false\nwords = [\"zebra\"]\n";
    let block = format!(
        "{BEGIN}\n[[rule]]\nid = \"{LEARNED_ID}\"\nkind = \"weighted\"\ncategory = \"insult\"\n\
         severity = \"high\"\nreason = \"t\"\nthreshold = 5.0\n[rule.rules]\nw = 1.0\n{END}\n"
    );
    let highlighting = RulesText::split(&format!("{above}{block}"), "test").unwrap();
    assert!(!flags_insult(&highlighting.all, "a zebra"));
    assert_eq!(highlighting.insult_rules(), [(0, "w".to_string(), false)]);
    let flagging = RulesText::split(
        &format!("{above}{block}").replace("flags = false\n", ""),
        "test",
    )
    .unwrap();
    assert!(flags_insult(&flagging.all, "a zebra"));
    assert_eq!(flagging.insult_rules(), [(0, "w".to_string(), true)]);
}

#[test]
fn rare_terms_of_the_weights_in_use_are_kept_only_when_they_are_the_prior() {
    // "zebra" has a weight in the file but occurs in one comment: below
    // min_docs. Learning from base comments must not keep it (the weights
    // in use were fitted on those comments, labels of held-out folds too).
    let text = format!(
        "{BEGIN}\n[[rule]]\nid = \"{LEARNED_ID}\"\nkind = \"weighted\"\ncategory = \"insult\"\n\
         severity = \"high\"\nreason = \"test\"\n[rule.terms]\nzebra = 2.0\n{END}\n"
    );
    let rules = RulesText::split(&text, "test").unwrap();
    let example = |text: &str, insult| Example {
        text: text.into(),
        insult,
        moderator: false,
    };
    let examples = [
        example("a zebra idiot", true),
        example("an idiot", true),
        example("a fine day", false),
    ];
    let settings = Settings {
        min_docs: 2,
        ..Settings::default()
    };
    let zebra = Feature::Term(TermName::Word("zebra".into()));
    let idiot = Feature::Term(TermName::Word("idiot".into()));
    let from_base = encode(&rules, &examples, None, &settings);
    assert!(!from_base.features.contains(&zebra));
    assert!(from_base.features.contains(&idiot));
    let from_prior = encode(&rules, &examples, rules.current.as_ref(), &settings);
    assert!(from_prior.features.contains(&zebra));
}

#[test]
fn the_optimiser_finds_the_minimum_of_a_separable_problem() {
    // One feature present in the insults only: its weight must grow
    // positive, held back by the penalty; without data it stays at the prior.
    let data = Encoded {
        features: vec![Feature::Rule("r".into())],
        rows: vec![vec![(0, 1.0)], vec![(0, 1.0)], vec![], vec![]],
        shown: vec![false; 4],
        truth: vec![true, true, false, false],
        moderator: vec![false; 4],
        full_weight_words: 0,
    };
    let settings = Settings::default();
    let x = fit(&data, vec![0, 1, 2, 3], false, &[0.0], 0.0, &settings);
    assert!(x[0] > 0.0 && x[1] < 0.0, "{x:?}");
    let mut grad = vec![0.0; 2];
    let problem = Problem {
        data: &data,
        rows: vec![0, 1, 2, 3],
        row_weight: vec![1.0; 4],
        prior: vec![0.0],
        penalty: 1.0 / settings.inverse_penalty,
    };
    problem.evaluate(&x, &mut grad);
    assert!(grad.iter().all(|g| g.abs() < 1e-4), "{grad:?}");
    let unmoved = fit(&data, Vec::new(), true, &[1.5], -0.5, &settings);
    assert_eq!(unmoved, [1.5, -0.5]);
}
