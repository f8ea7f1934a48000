//! The regular expressions of rules, built as the `regex` crate builds them
//! but without a prefilter the regex engine itself judges slow, and with a
//! screen that rules out most non-ASCII comments at full speed.
//!
//! A prefilter jumps to where a match could start. When the pattern can
//! start with one of many single letters ("f", "s", "u" in either case) it
//! stops at nearly every word, and each stop costs more than the lazy DFA
//! scanning straight on: the masked-abuse rule took 2.8× as long with its
//! prefilter as without on 100k comments. Matches are the same either way.
//!
//! The lazy DFA cannot decide a Unicode word boundary (`\b`) next to a
//! non-ASCII character, so on a comment holding one — a typographic
//! apostrophe is enough — the engine falls back to a search ten times
//! slower. Every match of a pattern is also a match of the same pattern
//! with its boundaries left out, which the DFA runs on any text; when that
//! looser pattern finds nothing, neither can the pattern, and the slow
//! search is skipped. Matches are the same either way.
//!
//! Better still, such a comment is usually searched in its ASCII image:
//! each non-ASCII character replaced by an ASCII byte that the pattern
//! cannot tell from it (a word character for "é", a symbol for "’"). Every
//! class, literal and word boundary of the pattern treats the two alike, so
//! the image has the same matches, character for character, and the lazy
//! DFA searches it at full speed. Only when some character has no such
//! stand-in does the screen, then the slow search, take over.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, OnceLock};

use regex_automata::meta;
use regex_automata::util::prefilter::Prefilter;
use regex_automata::util::syntax;
use regex_automata::{Match, MatchKind};
use regex_syntax::hir::{self, Hir, HirKind};

mod ascii_image;
use ascii_image::{AsciiImage, Image};

/// A compiled rule pattern.
#[derive(Debug, Clone)]
pub struct Regex {
    exact: meta::Regex,
    /// When the pattern has Unicode word boundaries.
    screen: Option<Arc<Screen>>,
    /// When the pattern has Unicode word boundaries and its classes leave
    /// room for stand-ins: how to search non-ASCII text at DFA speed.
    image: Option<Arc<AsciiImage>>,
}

/// The pattern without its word boundaries and other look-arounds: a
/// superset of its matches. Compiled only once enough non-ASCII comments
/// have been searched to repay it: compiling every screen of the built-in
/// rules costs about 0.3 s, more than a small article takes to check.
/// Until then only the pattern's source is kept: its parsed form takes
/// several times the memory, and most threads never need it.
#[derive(Debug)]
struct Screen {
    source: Box<str>,
    case_insensitive: bool,
    size_limit: usize,
    /// Non-ASCII comments searched without it so far.
    searched: AtomicUsize,
    compiled: OnceLock<Option<meta::Regex>>,
}

/// Non-ASCII comments a pattern searches before its screen is compiled.
const SCREEN_AFTER: usize = 2_000;

impl Regex {
    /// Whether the pattern can have a match in `haystack`; false means it
    /// has none. Only non-ASCII text needs the screen: on ASCII the lazy DFA
    /// decides boundaries itself.
    fn may_match(&self, haystack: &str) -> bool {
        let Some(screen) = &self.screen else {
            return true;
        };
        if haystack.is_ascii() {
            return true;
        }
        let compiled = match screen.compiled.get() {
            Some(compiled) => compiled,
            None if screen.searched.fetch_add(1, Ordering::Relaxed) >= SCREEN_AFTER => {
                // A screen that cannot be built only costs speed.
                screen.compiled.get_or_init(|| screen.compile())
            }
            None => return true,
        };
        compiled.as_ref().is_none_or(|c| c.is_match(haystack))
    }

    /// The ASCII image of `haystack` when it is not ASCII and the pattern
    /// needs one ([`AsciiImage`]).
    fn image_of(&self, haystack: &str) -> Option<Image> {
        if haystack.is_ascii() {
            return None;
        }
        self.image.as_ref()?.of(haystack)
    }

    pub fn is_match(&self, haystack: &str) -> bool {
        if let Some(image) = self.image_of(haystack) {
            return self.exact.is_match(&image.ascii);
        }
        self.may_match(haystack) && self.exact.is_match(haystack)
    }

    /// Every match, leftmost-first, as `regex::Regex::find_iter`.
    pub fn find_iter<'r, 'h>(&'r self, haystack: &'h str) -> Matches<'r, 'h> {
        if let Some(image) = self.image_of(haystack) {
            let found: Vec<Match> = self
                .exact
                .find_iter(&image.ascii)
                .map(|m| {
                    let range = image.original(m.start())..image.original(m.end());
                    Match::new(m.pattern(), range)
                })
                .collect();
            return Matches::Mapped(found.into_iter());
        }
        if self.may_match(haystack) {
            Matches::Direct(self.exact.find_iter(haystack))
        } else {
            Matches::Mapped(Vec::new().into_iter())
        }
    }
}

/// The matches of [`Regex::find_iter`]: found in the text itself, or in its
/// ASCII image and mapped back.
pub enum Matches<'r, 'h> {
    Direct(meta::FindMatches<'r, 'h>),
    Mapped(std::vec::IntoIter<Match>),
}

impl Iterator for Matches<'_, '_> {
    type Item = Match;

    fn next(&mut self) -> Option<Match> {
        match self {
            Matches::Direct(m) => m.next(),
            Matches::Mapped(m) => m.next(),
        }
    }
}

/// Room for the states the lazy DFA builds as it scans. With the `regex`
/// crate's 2 MB, a word list of a few hundred stretchable entries fills it
/// again and again on ordinary comments, and the engine falls back to a
/// search hundreds of times slower (one list of the built-in insult words
/// and aimed-insult words took 4.5 s on 10k comments instead of 0.2 s). The
/// cache grows only as states are needed.
const LAZY_DFA_CACHE: usize = 16 << 20;

/// The `regex` crate's default limit on a compiled pattern.
pub const DEFAULT_SIZE_LIMIT: usize = 10 << 20;

/// Compiles `pattern` (Unicode, leftmost-first, as `regex::Regex`); errors
/// read as the `regex` crate's.
pub fn build(pattern: &str, case_insensitive: bool, size_limit: usize) -> Result<Regex, String> {
    let hir = parse(pattern, case_insensitive)?;
    let exact = build_from_hir(&hir, size_limit)?;
    let word_unicode = hir.properties().look_set().contains_word_unicode();
    let image = word_unicode
        .then(|| AsciiImage::new(&hir).map(Arc::new))
        .flatten();
    let screen = word_unicode.then(|| {
        Arc::new(Screen {
            source: pattern.into(),
            case_insensitive,
            size_limit,
            searched: AtomicUsize::new(0),
            compiled: OnceLock::new(),
        })
    });
    Ok(Regex {
        exact,
        screen,
        image,
    })
}

impl Screen {
    /// The looser pattern, compiled; None if it cannot be (a screen that
    /// cannot be built only costs speed).
    fn compile(&self) -> Option<meta::Regex> {
        let hir = parse(&self.source, self.case_insensitive).ok()?;
        build_from_hir(&without_looks(&hir), self.size_limit).ok()
    }
}

fn parse(pattern: &str, case_insensitive: bool) -> Result<Hir, String> {
    syntax::parse_with(
        pattern,
        &syntax::Config::new().case_insensitive(case_insensitive),
    )
    .map_err(|e| e.to_string())
}

/// Errors read as the `regex` crate's.
fn build_from_hir(hir: &Hir, size_limit: usize) -> Result<meta::Regex, String> {
    let slow_prefilter =
        Prefilter::from_hir_prefix(MatchKind::LeftmostFirst, hir).is_some_and(|p| !p.is_fast());
    meta::Builder::new()
        .configure(
            meta::Config::new()
                .nfa_size_limit(Some(size_limit))
                .hybrid_cache_capacity(LAZY_DFA_CACHE)
                .auto_prefilter(!slow_prefilter),
        )
        .build_from_hir(hir)
        .map_err(|e| match (e.syntax_error(), e.size_limit()) {
            (Some(syntax), _) => syntax.to_string(),
            (None, Some(limit)) => format!("Compiled regex exceeds size limit of {limit} bytes."),
            (None, None) => e.to_string(),
        })
}

/// `hir` with every look-around (word boundaries, line anchors) replaced
/// by the empty pattern: it matches wherever `hir` matches, and more.
fn without_looks(hir: &Hir) -> Hir {
    match hir.kind() {
        HirKind::Look(_) => Hir::empty(),
        HirKind::Empty | HirKind::Literal(_) | HirKind::Class(_) => hir.clone(),
        HirKind::Repetition(r) => Hir::repetition(hir::Repetition {
            sub: Box::new(without_looks(&r.sub)),
            ..r.clone()
        }),
        HirKind::Capture(c) => Hir::capture(hir::Capture {
            sub: Box::new(without_looks(&c.sub)),
            ..c.clone()
        }),
        HirKind::Concat(subs) => Hir::concat(subs.iter().map(without_looks).collect()),
        HirKind::Alternation(subs) => Hir::alternation(subs.iter().map(without_looks).collect()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `pattern` with its screen, if any, compiled already.
    fn screened(pattern: &str, case_insensitive: bool) -> Regex {
        let r = build(pattern, case_insensitive, DEFAULT_SIZE_LIMIT).unwrap();
        if let Some(s) = &r.screen {
            let compiled = s.compiled.get_or_init(|| s.compile());
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
                let a: Vec<_> = ours.find_iter(text).map(|m| m.range()).collect();
                let b: Vec<_> = theirs.find_iter(text).map(|m| m.range()).collect();
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
            let a: Vec<_> = ours.find_iter(&text).map(|m| m.range()).collect();
            let b: Vec<_> = theirs.find_iter(&text).map(|m| m.range()).collect();
            proptest::prop_assert_eq!(a, b);
            proptest::prop_assert_eq!(ours.is_match(&text), theirs.is_match(&text));
        }
    }

    #[test]
    fn only_patterns_with_unicode_word_boundaries_get_a_screen() {
        let screen = |p: &str| {
            build(p, false, DEFAULT_SIZE_LIMIT)
                .unwrap()
                .screen
                .is_some()
        };
        assert!(screen(r"\bidiot\b"));
        assert!(!screen(r"(?-u:\b)idiot"));
        assert!(!screen(r"idiot"));
        // The screen is the pattern without its boundaries: it matches inside words.
        let r = build(r"\bidiot\b", false, DEFAULT_SIZE_LIMIT).unwrap();
        let screen = r.screen.as_ref().unwrap();
        let compiled = screen.compile().unwrap();
        assert!(compiled.is_match("éidioté"));
        // Compiled after SCREEN_AFTER non-ASCII comments, then used (here
        // without the ASCII image, which otherwise comes first).
        let r = Regex { image: None, ..r };
        let screen = r.screen.as_ref().unwrap();
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
}
