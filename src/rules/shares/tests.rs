use super::*;

fn rule(entries: &[(&str, f64)], min_share: f64, relative: f64, floor: f64) -> WordShares {
    let entries: Vec<(String, f64)> = entries.iter().map(|(w, s)| (w.to_string(), *s)).collect();
    WordShares::new(&entries, min_share, relative, floor).unwrap()
}

fn found<'a>(rule: &WordShares, text: &'a str) -> Vec<&'a str> {
    rule.find(&Normalized::new(text))
        .into_iter()
        .map(|r| &text[r])
        .collect()
}

#[test]
fn table() {
    let r = rule(
        &[
            ("idiot", 0.9),
            ("fuck", 0.8),
            ("shit", 0.7),
            ("shut up", 0.8),
            ("piece of shit", 0.95),
            ("stupid", 0.6),
            ("ass", 0.6),
            ("bad", 0.1),
        ],
        0.5,
        1.0,
        1.0,
    );
    // (name, text, expected highlighted words)
    let cases: &[(&str, &str, &[&str])] = &[
        ("plain", "what an idiot", &["idiot"]),
        ("case", "IDIOT!", &["IDIOT"]),
        ("below the share", "a bad idea", &[]),
        ("digits", "you 1d10t", &["1d10t"]),
        ("dots", "an i.d.i.o.t here", &["i.d.i.o.t"]),
        ("spaced", "f u c k this", &["f u c k"]),
        ("stretched", "so stuuupid", &["stuuupid"]),
        ("masked end", "what the f***", &["f***"]),
        ("masked inside", "this sh*t again", &["sh*t"]),
        ("masked hash", "sh#t", &["sh#t"]),
        ("footnote star", "Trump* said", &[]),
        ("phrase", "just shut   up now", &["shut   up"]),
        (
            "phrase over its word",
            "a piece of shit",
            &["piece of shit"],
        ),
        ("not a phrase across a comma", "shut, up", &[]),
        ("inside words", "a class assassin", &[]),
        ("accent", "stüpid", &["stüpid"]),
    ];
    for (name, text, want) in cases {
        assert_eq!(&found(&r, text), want, "{name}");
    }
}

/// What learning counts (every candidate) and what matching looks up
/// (phrases only where one can start) select the same words.
#[test]
fn matching_finds_what_the_candidates_give() {
    let r = rule(
        &[
            ("shut up", 0.8),
            ("piece of shit", 0.95),
            ("shit", 0.5),
            ("up", 0.05),
            ("lazy", 0.3),
        ],
        0.6,
        0.7,
        0.2,
    );
    for text in [
        "shut up, you piece of shit",
        "shut the door and shut  up",
        "lazy, lazy piece of work",
        "s h i t happens up there",
        "",
    ] {
        let norm = Normalized::new(text);
        let units = units(&norm.text);
        let cands = candidates(&norm.text, &units, LONGEST_PHRASE);
        let shares: Vec<Option<f64>> = cands.iter().map(|c| r.share(&c.key)).collect();
        let mut want: Vec<Range<usize>> = select(&shares, 0.6, 0.7, 0.2)
            .map(|i| cands[i].range.clone())
            .collect();
        crate::base::merge_ranges(&mut want);
        let mut got = r.find_normalized(&norm);
        crate::base::merge_ranges(&mut got);
        assert_eq!(got, want, "{text}");
    }
}

#[test]
fn a_stop_word_of_the_comments_language_is_no_abuse() {
    let r = rule(
        &[("die", 0.9), ("idiot", 0.9), ("dumm", 0.9)],
        0.5,
        1.0,
        1.0,
    );
    assert_eq!(found(&r, "go die, you idiot"), ["die", "idiot"]);
    let german = "Ich glaube nicht, dass die Regierung die Wahrheit sagt, und das ist dumm";
    assert_eq!(found(&r, german), ["dumm"], "\"die\" is German's article");
    // Too few words to tell the language: the list decides.
    assert_eq!(found(&r, "die Regierung"), ["die"]);
}

#[test]
fn stretches_are_runs_of_three_letters() {
    for (key, want) in [
        ("stuuupid", true),
        ("ééé", false),
        ("FFF", false),
        ("fffuuu", true),
        ("aaah", true),
        ("cool", false),
        ("1000", false),
        ("a", false),
        ("", false),
    ] {
        assert_eq!(has_stretch(key), want, "{key}");
    }
    assert_eq!(squeezed("stuuupid", 1).as_deref(), Some("stupid"));
    assert_eq!(squeezed("cooool", 2).as_deref(), Some("cool"));
    assert_eq!(squeezed("cool", 2), None);
    // A listed one-letter word is not found in a letter drawn out.
    let r = rule(&[("f", 0.9), ("ah", 0.6)], 0.5, 1.0, 1.0);
    assert_eq!(found(&r, "what the FFF, f this"), ["f"]);
    assert_eq!(found(&r, "aaah"), ["aaah"]);
    // Listed only as a phrase's first word, "shut" has no share of its own.
    let r = rule(&[("shut up", 0.8)], 0.5, 1.0, 1.0);
    assert_eq!(r.share("shut"), None);
    assert_eq!(r.share("shut up"), Some(0.8));
    assert_eq!(r.len, 1);
}

#[test]
fn weaker_words_count_in_comments_without_stronger_ones() {
    let r = rule(
        &[("idiot", 0.9), ("lazy", 0.3), ("corrupt", 0.4)],
        0.5,
        0.7,
        0.2,
    );
    // The strongest word is 0.4: words from 0.28 on are shown.
    assert_eq!(found(&r, "lazy and corrupt"), ["lazy", "corrupt"]);
    // Next to an idiot (0.9), 0.63 is needed.
    assert_eq!(found(&r, "lazy corrupt idiot"), ["idiot"]);
    // Below the floor nothing is shown.
    let low = rule(&[("lazy", 0.1)], 0.5, 0.7, 0.2);
    assert!(found(&low, "lazy").is_empty());
}

#[test]
fn offsets_map_back_through_accents_emoji_and_cjk() {
    let r = rule(&[("idiot", 0.9), ("f***", 0.9)], 0.5, 1.0, 1.0);
    let text = "Café naïve 😀 中文字 — quel 1d10t, f***!";
    let got = found(&r, text);
    assert_eq!(got, ["1d10t", "f***"]);
}

#[test]
fn mistakes_are_named() {
    let table = |s: &str| -> Result<WordShares, String> {
        WordShares::from_table(&toml::from_str(s).map_err(|e| e.to_string())?)
    };
    assert!(
        table("[words]\nidiot = 1.5")
            .unwrap_err()
            .contains("between 0 and 1")
    );
    assert!(table("[words]").unwrap_err().contains("empty"));
    assert!(
        table("[words]\n\"one two three four\" = 0.5")
            .unwrap_err()
            .contains("up to 3")
    );
    assert!(
        table("min_share = 2\n[words]\na = 0.5")
            .unwrap_err()
            .contains("`min_share`")
    );
    assert!(table("limit = 2\n[words]\na = 0.5").is_err());
}

/// Words and disguises for the generated comments below.
const WORDS: &[&str] = &[
    "idiot", "IDIOT", "iiidiot", "shit", "sh*t", "f**k", "f##k", "fuuuck", "shut", "up", "to",
    "stupid", "hood", "s", "h", "i", "t", "é", "x", "die", "the", "Trump*", "piece", "of", "your",
    "mouth", "",
];
/// What separates them.
const GAPS: &[&str] = &[" ", "  ", ".", "-", " . ", ", ", "’", "*", "\n", ""];

proptest::proptest! {
    /// The byte-wise test for stretched ASCII words agrees with the
    /// character-wise one.
    #[test]
    fn stretches_of_ascii_words_are_found_byte_by_byte(key in "[a-c1!]{0,8}") {
        proptest::prop_assert_eq!(has_stretch(&key), has_stretch_chars(&key));
    }

    /// On any text, the lookup with reused buffers highlights what the
    /// candidates and their shares give, and [`units`] agrees with the
    /// buffers it is built from, comment after comment.
    #[test]
    fn reused_buffers_find_what_the_candidates_give(
        texts in proptest::collection::vec(
            proptest::collection::vec((0usize..WORDS.len(), 0usize..GAPS.len()), 0..12),
            1..4,
        ),
    ) {
        let texts: Vec<String> = texts
            .iter()
            .map(|words| words.iter().map(|&(w, g)| format!("{}{}", WORDS[w], GAPS[g])).collect())
            .collect();
        let r = rule(
            &[
                ("idiot", 0.9),
                ("shit", 0.7),
                ("f**k", 0.8),
                ("shut up", 0.8),
                ("up to", 0.3),
                // Phrases sharing their first word, of two and three words,
                // one whose first two words are no phrase of their own.
                ("shut your mouth", 0.9),
                ("shut the hood", 0.7),
                ("piece of shit", 0.95),
                ("the shit", 0.6),
                ("stupid", 0.4),
                ("hood", 0.25),
            ],
            0.6,
            0.7,
            0.2,
        );
        for text in &texts {
            let norm = Normalized::new(text);
            let units = units(&norm.text);
            let cands = candidates(&norm.text, &units, LONGEST_PHRASE);
            let shares: Vec<Option<f64>> = cands.iter().map(|c| r.share(&c.key)).collect();
            let mut want: Vec<Range<usize>> = select(&shares, 0.6, 0.7, 0.2)
                .map(|i| cands[i].range.clone())
                .collect();
            crate::base::merge_ranges(&mut want);
            let mut got = r.find_normalized(&norm);
            crate::base::merge_ranges(&mut got);
            proptest::prop_assert_eq!(got, want, "{:?}", text);
        }
    }
}

proptest::proptest! {
    /// The block-wise test for a letter three times running says what a
    /// byte-by-byte look says, and is true of every ASCII text holding a
    /// stretched word: ruling words out by it loses none.
    #[test]
    fn letter_runs_are_found_as_byte_by_byte(text in "[a-cA-C .!1*]{0,200}") {
        let bytes = text.as_bytes();
        let expected = bytes
            .windows(3)
            .any(|w| w[0] == w[1] && w[1] == w[2] && w[0].is_ascii_alphabetic());
        proptest::prop_assert_eq!(has_ascii_letter_run(bytes), expected);
        let stretched_word = text
            .split(|c: char| !c.is_ascii_alphanumeric())
            .any(has_stretch);
        proptest::prop_assert!(!stretched_word || expected);
    }
}

#[test]
fn a_stretched_word_is_found_past_the_first_block() {
    let r = rule(&[("stupid", 0.9)], 0.5, 1.0, 1.0);
    let text = format!("{} so stuuupid", "plain words ".repeat(20));
    assert_eq!(found(&r, &text), ["stuuupid"]);
    assert!(found(&r, &"plain words ".repeat(20)).is_empty());
}
