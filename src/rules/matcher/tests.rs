use super::*;

/// What `ours` and the `regex` crate's `theirs` find in `text`: the
/// range of every match, and whether there is one.
fn found_by_both(
    ours: &Regex,
    theirs: &regex::Regex,
    text: &str,
) -> [(Vec<std::ops::Range<usize>>, bool); 2] {
    [
        (
            ours.find_iter(text).map(|m| m.range()).collect(),
            ours.is_match(text),
        ),
        (
            theirs.find_iter(text).map(|m| m.range()).collect(),
            theirs.is_match(text),
        ),
    ]
}

/// `pattern` with its screen, if any, compiled already.
fn screened(pattern: &str, case_insensitive: bool) -> Regex {
    let r = build(pattern, case_insensitive, DEFAULT_SIZE_LIMIT).unwrap();
    if let Some(s) = &r.unicode.screen {
        let compiled = s.compiled.get_or_init(|| r.unicode.compile_screen());
        assert!(compiled.is_some(), "{pattern}");
    }
    r
}

/// Patterns whose prefilter is left out find what `regex` finds.
#[test]
fn same_matches_as_the_regex_crate() {
    let texts = [
        "F u c k you, and s.t.f.u",
        "you are an i.d.i.o.t and he is d u mb",
        "Fuck off",
        "ſtfu straße ΣΑΣ",
        "",
        // Non-ASCII text next to and inside the words: the screen's case.
        "you’re an idiot’s idiot, l’idiot, idiotés, éidiot, “idiot”",
        "you’re nothing of the sort — f u c k you",
        "naïve idiot\u{301} moron—moron",
    ];
    for (pattern, case_insensitive) in [
        (r"\bf[\s.*]{0,3}u[\s.*]{0,3}c?k+\s*(?:you|off)\b", true),
        (
            r"\b(?:you|u)\s+(?:are\s+)?(?:an?\s+)?(?:i[\s.]+d[\s.]*i[\s.]*o[\s.]*t|d[\s.]*u[\s.]+m[\s.]*b)\b",
            true,
        ),
        (r"\bs[\s.*_-]{1,3}t[\s.*_-]{1,3}f[\s.*_-]{1,3}u\b", true),
        (r"(?:i+d+i+o+t+|m+o+r+o+n+|f+u+c+k+)", false),
        (r"\bstraße|σας", true),
        (r"\bidiot\b|\bmoron\B", false),
        (r"^you|moron$", false),
    ] {
        let ours = screened(pattern, case_insensitive);
        let theirs = regex::RegexBuilder::new(pattern)
            .case_insensitive(case_insensitive)
            .build()
            .unwrap();
        for text in texts {
            let [a, b] = found_by_both(&ours, &theirs, text);
            assert_eq!(a, b, "{pattern} on {text:?}");
        }
    }
}

proptest::proptest! {
    /// On any text, screened or not, the matches are the `regex` crate's.
    #[test]
    fn screened_matches_are_the_regex_crates(
        text in "[idotu yrea’é.\\-ſ\u{212A}\u{a0}•ü_]{0,40}",
        which in 0usize..7,
    ) {
        let pattern = [
            r"\bidiot\b|\bid\b",
            r"\b(?:you|u)\s+(?:are\s+)?(?:an?\s+)?idiot",
            r"(?:i+d+i+o+t+|i[\s.]{1,3}d[\s.]{1,3}i)(?:e?s)?\b",
            r"\bt\B|e\b",
            r"\b\w*",
            r"(?i)\bs\b|k\W+\b.",
            r"\b[a-zA-Z0-9_]+\b",
        ][which];
        let ours = screened(pattern, false);
        let theirs = regex::Regex::new(pattern).unwrap();
        let [a, b] = found_by_both(&ours, &theirs, &text);
        proptest::prop_assert_eq!(a, b);
    }
}

proptest::proptest! {
    /// On ASCII text the pattern narrowed to ASCII finds what the
    /// pattern finds: classes that hold non-ASCII characters, literals
    /// that spell them, case folding ("k" with the Kelvin sign) and
    /// Unicode word boundaries.
    #[test]
    fn narrowed_to_ascii_matches_alike_on_ascii_text(
        text in "[a-zA-Z0-9 _.,'\\t\\n-]{0,40}",
        which in 0usize..8,
    ) {
        let pattern = [
            r"\bk\w+\b",
            r"(?i)\bs[\s.]{1,3}k",
            r"\b\W+\B.",
            r"[^a]\S*e\b",
            r"straße|ka|é+",
            r"(?m)^\w+$",
            r"\b[\w'\-]+\s+(?:[\w'\-]+\s+){0,2}?a",
            r"\p{L}+\d|\p{Greek}|_",
        ][which];
        let ours = build(pattern, false, DEFAULT_SIZE_LIMIT).unwrap();
        let theirs = regex::Regex::new(pattern).unwrap();
        let [a, b] = found_by_both(&ours, &theirs, &text);
        proptest::prop_assert_eq!(a, b);
        // ASCII text never needs the pattern's Unicode form.
        proptest::prop_assert!(ours.unicode.compiled.get().is_none());
    }
}

proptest::proptest! {
    /// Patterns blind to case, read in lower case, find what the
    /// pattern finds in the text as written: upper and mixed case,
    /// ASCII text and non-ASCII text searched in its ASCII image.
    #[test]
    fn patterns_read_in_lower_case_match_alike(
        text in "[cClLiIkKhHeErR \\t.$0-9\u{e9}\u{2019}\u{212A}\u{17F}sS-]{0,40}",
        which in 0usize..4,
    ) {
        let pattern = [
            r"\bclick\s+(?:here|this\s+link)\b",
            r"\b(?:check|click)\s*\$?\d[\d,]*\s*(?:here|k)\b",
            r"(?:\bcheck|sick)\W+\B",
            r"\b(?:here|herr)\b|kle",
        ][which];
        let ours = build(pattern, true, DEFAULT_SIZE_LIMIT).unwrap();
        proptest::prop_assert!(ours.ascii_reads_lower_case, "{}", pattern);
        let theirs = regex::RegexBuilder::new(pattern)
            .case_insensitive(true)
            .build()
            .unwrap();
        let [a, b] = found_by_both(&ours, &theirs, &text);
        proptest::prop_assert_eq!(a, b);
    }
}

#[test]
fn only_case_blind_patterns_with_a_word_to_look_for_read_in_lower_case() {
    let reads_lower = |pattern: &str, case_insensitive: bool| {
        build(pattern, case_insensitive, DEFAULT_SIZE_LIMIT)
            .unwrap()
            .ascii_reads_lower_case
    };
    assert!(reads_lower(r"\b(?:buy|order)\s+(?:now|cheap)\b", true));
    // Case-sensitive: the text as written.
    assert!(!reads_lower(r"\b(?:buy|order)\s+(?:now|cheap)\b", false));
    // Single letters to look for: no prefilter worth having either way.
    assert!(!reads_lower(r"\bf\W{0,3}u|\bs\W{1,3}t", true));
}

#[test]
fn the_unicode_form_is_compiled_only_for_text_without_an_image() {
    // Every ASCII word byte is in an ASCII-only class, so a non-ASCII
    // word character has no stand-in.
    let r = build(
        r"\byou\s+\w+\s+[a-zA-Z0-9_]*idiot\b",
        false,
        DEFAULT_SIZE_LIMIT,
    )
    .unwrap();
    assert!(r.is_match("you utter idiot"));
    // Every character here has a stand-in: searched in the image.
    assert!(r.is_match("well, you utter idiot’s friend"));
    assert!(r.unicode.compiled.get().is_none());
    let text = "you naïve idiot";
    assert!(r.image_of(text).is_none());
    assert!(r.is_match(text));
    assert!(r.unicode.compiled.get().is_some_and(Option::is_some));
    // The narrowed form is the smaller by far: "\w" and "\s" are
    // hundreds of states each in Unicode.
    let unicode = r.unicode().unwrap().memory_usage();
    assert!(r.ascii.memory_usage() * 4 < unicode, "{unicode}");
}

#[test]
fn only_patterns_with_unicode_word_boundaries_get_a_screen() {
    let screen = |p: &str| {
        build(p, false, DEFAULT_SIZE_LIMIT)
            .unwrap()
            .unicode
            .screen
            .is_some()
    };
    assert!(screen(r"\bidiot\b"));
    assert!(!screen(r"(?-u:\b)idiot"));
    assert!(!screen(r"idiot"));
    // The screen is the pattern without its boundaries: it matches inside words.
    let r = build(r"\bidiot\b", false, DEFAULT_SIZE_LIMIT).unwrap();
    let compiled = r.unicode.compile_screen().unwrap();
    assert!(compiled.is_match("éidioté"));
    // Compiled after SCREEN_AFTER non-ASCII comments, then used (here
    // without the ASCII image, which otherwise comes first).
    let r = Regex { image: None, ..r };
    let screen = r.unicode.screen.as_ref().unwrap();
    for _ in 0..=SCREEN_AFTER {
        assert!(!r.is_match("ça va"));
    }
    assert!(screen.compiled.get().is_some_and(Option::is_some));
    assert!(!r.is_match("éidioté"));
    assert!(!r.is_match("ça va"));
    assert!(r.is_match("ça, idiot"));
}

#[test]
fn non_ascii_text_is_searched_in_its_ascii_image_when_every_character_has_a_stand_in() {
    let r = build(r"(?i)\bidiot\b|\bs\W{0,3}t", false, DEFAULT_SIZE_LIMIT).unwrap();
    let text = "you’re an idiot, l’idiot, éidiot, ſ\u{a0}t";
    let image = r.image_of(text).expect("every character has a stand-in");
    let ascii = &image.ascii;
    assert!(ascii.is_ascii());
    assert_eq!(ascii.chars().count(), text.chars().count());
    // Every character boundary maps back to its place in the text.
    let boundaries: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
    let mapped: Vec<usize> = (0..ascii.len()).map(|i| image.original(i)).collect();
    assert_eq!(mapped, boundaries);
    assert_eq!(image.original(ascii.len()), text.len());
    // The case-folded "s" stands for "ſ", which the pattern matches as "s".
    assert!(ascii[ascii.len() - 3..ascii.len() - 2].eq_ignore_ascii_case("s"));
    let found: Vec<&str> = r.find_iter(text).map(|m| &text[m.range()]).collect();
    assert_eq!(found, ["idiot", "idiot", "ſ\u{a0}t"]);
    // Every ASCII word byte is in the pattern's class: "é" has no stand-in,
    // and the search goes to the slower engines, with the same matches.
    let ascii_words = build(r"\b[a-zA-Z0-9_]+\b", false, DEFAULT_SIZE_LIMIT).unwrap();
    assert!(ascii_words.image_of("café au lait").is_none());
    let found: Vec<&str> = ascii_words
        .find_iter("café au lait")
        .map(|m| &"café au lait"[m.range()])
        .collect();
    assert_eq!(found, ["au", "lait"]);
    // A pattern that spells a non-ASCII character gets no image.
    assert!(
        build(r"\bstraße\b", false, DEFAULT_SIZE_LIMIT)
            .unwrap()
            .image
            .is_none()
    );
}

#[test]
fn the_masked_pattern_goes_without_its_prefilter() {
    // Its starts are single letters in either case: a byte-set prefilter.
    let hir = syntax::parse_with(
        r"\bf\W{0,3}u|\bs\W{1,3}t|\b(?:you|u)\s+d",
        &syntax::Config::new().case_insensitive(true),
    )
    .unwrap();
    let prefilter = Prefilter::from_hir_prefix(MatchKind::LeftmostFirst, &hir);
    assert!(prefilter.is_some_and(|p| !p.is_fast()));
}

#[test]
fn only_patterns_known_to_fit_go_unmeasured() {
    // Fits narrowed to ASCII, not as written: a Unicode \w is hundreds
    // of states, an ASCII one a few.
    let limit = 20_000;
    let pattern = r"\w{20}";
    assert!(build(r"[0-9A-Za-z_]{20}", false, limit).is_ok());
    assert!(build(pattern, false, limit).is_err());
    assert!(with_sizes_known_to_fit(|| build(pattern, false, limit)).is_ok());
    // Measured again after, on this thread as on others.
    assert!(build(pattern, false, limit).is_err());
    let other = std::thread::spawn(move || build(pattern, false, limit).is_err());
    assert!(other.join().unwrap());
}

#[test]
fn errors_read_as_the_regex_crates() {
    // From a variable: a literal bad pattern would not get past the linter.
    let unclosed = String::from("(unclosed");
    let ours = build(&unclosed, false, DEFAULT_SIZE_LIMIT).unwrap_err();
    let theirs = regex::Regex::new(&unclosed).unwrap_err().to_string();
    assert_eq!(ours, theirs);
    let ours = build(r"\w{1000}", false, 1000).unwrap_err();
    let theirs = regex::RegexBuilder::new(r"\w{1000}")
        .size_limit(1000)
        .build()
        .unwrap_err()
        .to_string();
    assert_eq!(ours, theirs);
}
