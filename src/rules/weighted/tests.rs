use super::*;

fn rule(toml_text: &str) -> Result<Weighted, String> {
    let table: toml::Table = toml::from_str(toml_text).map_err(|e| e.to_string())?;
    Weighted::from_table(&table, &[])
}

#[test]
fn seen_terms_are_forgotten_at_the_next_comment_even_when_stamps_wrap() {
    let mut seen = Seen::default();
    seen.start(3);
    assert!(seen.first_time(Term::One(1)));
    assert!(!seen.first_time(Term::One(1)));
    assert!(seen.first_time(Term::Pair(1, 2)));
    assert!(!seen.first_time(Term::Pair(1, 2)));
    seen.start(3);
    assert!(seen.first_time(Term::One(1)));
    assert!(seen.first_time(Term::Pair(1, 2)));
    // Word 0 marked four billion comments ago, at stamp 1; the last
    // stamp before wrapping; then the wrap, which must not take word 0
    // as seen.
    seen.single[0] = 1;
    seen.stamp = u32::MAX - 1;
    seen.start(3);
    assert!(seen.first_time(Term::One(2)));
    seen.start(3);
    assert!(seen.first_time(Term::One(0)));
    assert!(seen.first_time(Term::One(2)));
    assert!(!seen.first_time(Term::One(2)));
    // A longer vocabulary (another weighted rule) grows the marks.
    seen.start(10);
    assert!(seen.first_time(Term::One(9)));
}

#[test]
fn words_are_runs_of_letters_and_digits() {
    let text = "you're a 2nd-rate ереван!";
    let got: Vec<&str> = word_ranges(text).into_iter().map(|r| &text[r]).collect();
    assert_eq!(got, ["you", "re", "a", "2nd", "rate", "ереван"]);
}

#[test]
fn scores_words_and_pairs_once_each() {
    let w = rule(
        "threshold = 1.0\nbias = -1.0\n[terms]\n\"you\" = 0.5\n\"you are\" = 1.0\nidiot = 2.0\nthanks = -3.0",
    )
    .unwrap();
    let norm = Normalized::new("You are... you ARE an idiot");
    let score = w.score(&norm, |_| None);
    assert!((score - 2.5).abs() < 1e-9, "{score}");
    let (spans, measure) = w.check(&norm, |_| None).unwrap();
    let text = "You are... you ARE an idiot";
    let shown: Vec<&str> = spans.iter().map(|r| &text[r.clone()]).collect();
    assert_eq!(shown, ["You are", "you ARE", "idiot"]);
    assert!(
        measure.starts_with("score 2.50 (fires at 1.00): “idiot” +2.0"),
        "{measure}"
    );
    let thanked = Normalized::new("thanks, you are an idiot");
    assert!(w.check(&thanked, |_| None).is_none());
}

#[test]
fn words_after_you_or_before_like_you_are_aimed() {
    let aimed = |text: &str| -> Vec<String> {
        comment_terms(&Normalized::new(text))
            .into_iter()
            .filter_map(|t| match t {
                TermName::Aimed(w) => Some(w),
                _ => None,
            })
            .collect()
    };
    // Three words after "you" are aimed, the fourth is not.
    assert_eq!(aimed("You are such a moron"), ["a", "are", "such"]);
    assert_eq!(aimed("you're an idiot"), ["an", "idiot", "re"]);
    assert_eq!(aimed("ur dumb"), ["dumb"]);
    assert_eq!(aimed("Idiots like you ruin it"), ["idiots", "it", "ruin"]);
    // About a third party: nothing is aimed.
    assert!(aimed("the minister is an idiot").is_empty());
    // "you" is a word in "youth", not a you-word.
    assert!(aimed("youth idiot").is_empty());
}

#[test]
fn aimed_weights_count_only_when_aimed_and_are_named_so() {
    let w = rule("bias = -1.0\n[aimed]\nidiot = 2.0\n[terms]\nidiot = 0.5").unwrap();
    let third_party = Normalized::new("the minister is an idiot");
    assert!((w.score(&third_party, |_| None) - -0.5).abs() < 1e-9);
    let text = "you are an idiot";
    let aimed = Normalized::new(text);
    assert!((w.score(&aimed, |_| None) - 1.5).abs() < 1e-9);
    let (spans, measure) = w.check(&aimed, |_| None).unwrap();
    assert_eq!(&text[spans[0].clone()], "idiot");
    assert!(
        measure.starts_with("score 1.50 (fires at 0.00): aimed “idiot” +2.0, “idiot” +0.5"),
        "{measure}"
    );
    let like_you = Normalized::new("idiots like you, idiot");
    let explained = w.contributions(&like_you, |_| None);
    let aimed_part = explained
        .parts
        .iter()
        .position(|p| w.describe(p.part) == "aimed “idiot”")
        .unwrap();
    let aimed_spans: Vec<Range<usize>> = explained
        .spans
        .iter()
        .filter(|(at, _)| *at == aimed_part)
        .map(|(_, r)| r.clone())
        .collect();
    // The second "idiot" follows "you"; "idiots" is another word.
    assert_eq!(aimed_spans, vec![17..22]);
    assert_eq!(
        w.weights().terms,
        [
            (TermName::Word("idiot".into()), 0.5),
            (TermName::Aimed("idiot".into()), 2.0)
        ]
    );
}

#[test]
fn mistakes_are_named() {
    assert!(
        rule("[aimed]\n\"you idiot\" = 1.0")
            .unwrap_err()
            .contains("an aimed term is one word")
    );
    assert!(
        rule("threshold = 1.0")
            .unwrap_err()
            .contains("expected `rules`, `terms` or `aimed`")
    );
    assert!(
        rule("[terms]\n\"a b c\" = 1.0")
            .unwrap_err()
            .contains("one word or two")
    );
    assert!(
        rule("[rules]\nnope = 1.0")
            .unwrap_err()
            .contains("not a rule above")
    );
    assert!(
        rule("threshold = nan\n[terms]\na = 1.0")
            .unwrap_err()
            .contains("finite")
    );
    assert!(
        rule("weights = 1\n[terms]\na = 1.0")
            .unwrap_err()
            .contains("unknown field")
    );
}
