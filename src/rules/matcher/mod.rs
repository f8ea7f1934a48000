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
//!
//! ASCII text and ASCII images are searched with the pattern narrowed to
//! ASCII, which finds the same matches there. A Unicode `\s` or `\w` is
//! hundreds of automaton states, repeated wherever the pattern uses it: the
//! built-in rules' patterns take 3.8 MB narrowed against 14.8 MB as
//! written. The pattern as written is compiled only when a text needs it.
//!
//! A case-insensitive pattern whose matches start with whole words is
//! searched in the text lowered, with its lower-case letters alone
//! ([`case`]): its prefilter then looks for one spelling of each word
//! instead of every mix of cases. Matches are the same either way.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, OnceLock};

use regex_automata::meta;
use regex_automata::nfa::thompson;
use regex_automata::util::prefilter::Prefilter;
use regex_automata::util::syntax;
use regex_automata::{Match, MatchKind};
use regex_syntax::hir::{self, Hir, HirKind, Look};

mod ascii_image;
use ascii_image::{AsciiImage, Image};
mod case;
mod shared_part;
pub use shared_part::SharedPart;

/// A compiled rule pattern.
#[derive(Debug, Clone)]
pub struct Regex {
    /// The pattern with its classes, literals and word boundaries narrowed
    /// to ASCII ([`narrowed_to_ascii`]). On ASCII text, and on an ASCII
    /// image, it finds exactly what the pattern finds, and it compiles to a
    /// fraction of the states: a Unicode `\s` or `\w` is hundreds of them,
    /// repeated in every place the pattern uses it.
    ascii: meta::Regex,
    /// `ascii` is the narrowed pattern's lower-case form ([`case`]), given
    /// text in lower case: the pattern cannot tell the cases apart, and
    /// its prefilter then looks for one spelling of each word, not every
    /// mix of cases.
    ascii_reads_lower_case: bool,
    /// The pattern as written, for non-ASCII text that has no image.
    unicode: Arc<Unicode>,
    /// When the pattern has Unicode word boundaries and its classes leave
    /// room for stand-ins: how to search non-ASCII text at DFA speed.
    image: Option<Arc<AsciiImage>>,
}

/// The pattern as written, compiled the first time a text needs it: most
/// comments are ASCII or have an ASCII image, and the built-in rules'
/// Unicode forms take about four times the memory of their ASCII ones.
#[derive(Debug)]
struct Unicode {
    source: Box<str>,
    case_insensitive: bool,
    size_limit: usize,
    /// Compiled without a size limit: the pattern parsed, and its size was
    /// checked against the limit when it was built. None would mean the
    /// regex engine refused it all the same; it then matches nothing.
    compiled: OnceLock<Option<meta::Regex>>,
    /// When the pattern has Unicode word boundaries.
    screen: Option<Screen>,
}

/// The pattern without its word boundaries and other look-arounds: a
/// superset of its matches. Compiled only once enough non-ASCII comments
/// have been searched to repay it: compiling every screen of the built-in
/// rules costs about 0.3 s, more than a small article takes to check.
#[derive(Debug, Default)]
struct Screen {
    /// Non-ASCII comments searched without it so far.
    searched: AtomicUsize,
    compiled: OnceLock<Option<meta::Regex>>,
}

impl Unicode {
    /// The screen, compiled; None if it cannot be (a screen that cannot be
    /// built only costs speed).
    fn compile_screen(&self) -> Option<meta::Regex> {
        let hir = parse(&self.source, self.case_insensitive).ok()?;
        build_from_hir(&without_looks(&hir), self.size_limit).ok()
    }
}

/// Non-ASCII comments a pattern searches before its screen is compiled.
const SCREEN_AFTER: usize = 2_000;

impl Regex {
    /// The pattern as written, for non-ASCII text without an image.
    fn unicode(&self) -> Option<&meta::Regex> {
        let u = &self.unicode;
        u.compiled
            .get_or_init(|| {
                let hir = parse(&u.source, u.case_insensitive).ok()?;
                build_from_hir(&hir, usize::MAX).ok()
            })
            .as_ref()
    }

    /// Whether the pattern can have a match in non-ASCII `haystack`; false
    /// means it has none.
    fn may_match(&self, haystack: &str) -> bool {
        let u = &self.unicode;
        let Some(screen) = &u.screen else {
            return true;
        };
        let compiled = match screen.compiled.get() {
            Some(compiled) => compiled,
            None if screen.searched.fetch_add(1, Ordering::Relaxed) >= SCREEN_AFTER => {
                // A screen that cannot be built only costs speed.
                screen.compiled.get_or_init(|| u.compile_screen())
            }
            None => return true,
        };
        compiled.as_ref().is_none_or(|c| c.is_match(haystack))
    }

    /// The ASCII image of non-ASCII `haystack`, when the pattern has one
    /// ([`AsciiImage`]).
    fn image_of(&self, haystack: &str) -> Option<Image> {
        self.image.as_ref()?.of(haystack)
    }

    pub fn is_match(&self, haystack: &str) -> bool {
        if haystack.is_ascii() {
            return self.ascii_is_match(haystack);
        }
        if let Some(image) = self.image_of(haystack) {
            return self.ascii_is_match(&image.ascii);
        }
        self.may_match(haystack) && self.unicode().is_some_and(|r| r.is_match(haystack))
    }

    /// [`Regex::is_match`] of ASCII text, or of an ASCII image.
    fn ascii_is_match(&self, ascii: &str) -> bool {
        if !self.ascii_reads_lower_case {
            return self.ascii.is_match(ascii);
        }
        case::with_lowered(ascii, |lowered| self.ascii.is_match(lowered))
    }

    /// Every match of ASCII text, or of an ASCII image, in order.
    fn ascii_matches(&self, ascii: &str) -> Vec<Match> {
        if !self.ascii_reads_lower_case {
            return self.ascii.find_iter(ascii).collect();
        }
        case::with_lowered(ascii, |lowered| self.ascii.find_iter(lowered).collect())
    }

    /// Every match, leftmost-first, as `regex::Regex::find_iter`.
    pub fn find_iter<'r, 'h>(&'r self, haystack: &'h str) -> Matches<'r, 'h> {
        if haystack.is_ascii() {
            if self.ascii_reads_lower_case {
                return Matches::Mapped(self.ascii_matches(haystack).into_iter());
            }
            return Matches::Direct(self.ascii.find_iter(haystack));
        }
        if let Some(image) = self.image_of(haystack) {
            let found: Vec<Match> = self
                .ascii_matches(&image.ascii)
                .into_iter()
                .map(|m| {
                    let range = image.original(m.start())..image.original(m.end());
                    Match::new(m.pattern(), range)
                })
                .collect();
            return Matches::Mapped(found.into_iter());
        }
        match self.unicode() {
            Some(unicode) if self.may_match(haystack) => {
                Matches::Direct(unicode.find_iter(haystack))
            }
            _ => Matches::Mapped(Vec::new().into_iter()),
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
    build_parsed(
        pattern,
        parse(pattern, case_insensitive)?,
        case_insensitive,
        size_limit,
    )
}

/// [`build`] with `pattern` already parsed into `hir` (as [`parse`] would).
fn build_parsed(
    pattern: &str,
    hir: Hir,
    case_insensitive: bool,
    size_limit: usize,
) -> Result<Regex, String> {
    // The pattern as written is compiled only when a text needs it, but
    // whether it fits its size limit is told now, where the moderator
    // reads errors. Its forward NFA is what the limit is measured on.
    if !SIZES_KNOWN_TO_FIT.get() {
        thompson::Compiler::new()
            .configure(
                thompson::Config::new()
                    .nfa_size_limit(Some(size_limit))
                    .shrink(false),
            )
            .build_from_hir(&hir)
            .map_err(|e| match e.size_limit() {
                Some(limit) => format!("Compiled regex exceeds size limit of {limit} bytes."),
                None => e.to_string(),
            })?;
    }
    let narrowed = narrowed_to_ascii(&hir);
    // Read in lower case only where that gives a prefilter worth having:
    // lowering the text costs a pass over it.
    let lower_case = case::lower_case_form(&narrowed).filter(case::looks_for_words);
    let ascii_reads_lower_case = lower_case.is_some();
    let ascii = build_from_hir(lower_case.as_ref().unwrap_or(&narrowed), size_limit)?;
    let word_unicode = hir.properties().look_set().contains_word_unicode();
    let image = word_unicode
        .then(|| AsciiImage::new(&hir).map(Arc::new))
        .flatten();
    Ok(Regex {
        ascii,
        ascii_reads_lower_case,
        unicode: Arc::new(Unicode {
            source: pattern.into(),
            case_insensitive,
            size_limit,
            compiled: OnceLock::new(),
            screen: word_unicode.then(Screen::default),
        }),
        image,
    })
}

thread_local! {
    /// Set while [`with_sizes_known_to_fit`] builds patterns on this thread.
    static SIZES_KNOWN_TO_FIT: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Runs `build`, in which [`build`] takes the patterns to fit their size
/// limits without compiling each as written to measure it. That compiling
/// is about half the time it takes to load the built-in rules, at every
/// start of the app and of every export; their patterns are known to fit,
/// since a test builds them with the measure. A rules file of the
/// moderator's own is always measured.
pub fn with_sizes_known_to_fit<T>(build: impl FnOnce() -> T) -> T {
    /// Puts the setting back however `build` ends.
    struct Restore(bool);
    impl Drop for Restore {
        fn drop(&mut self) {
            SIZES_KNOWN_TO_FIT.set(self.0);
        }
    }
    let _restore = Restore(SIZES_KNOWN_TO_FIT.replace(true));
    build()
}

/// The parse of `pattern` as [`build`] makes it, for tests elsewhere.
#[cfg(test)]
pub(crate) fn parsed(pattern: &str, case_insensitive: bool) -> Result<Hir, String> {
    parse(pattern, case_insensitive)
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

/// `hir` with each leaf (empty, literal, class, look-around) replaced by
/// `leaf`'s rewrite of it and its structure (repetitions, captures,
/// concatenations, alternations) kept; the first error `leaf` gives, if any.
/// The pattern's forms ([`narrowed_to_ascii`], [`without_looks`],
/// [`case::lower_case_form`]) differ only in their leaves.
fn rewrite_leaves<E>(hir: &Hir, leaf: &impl Fn(&Hir) -> Result<Hir, E>) -> Result<Hir, E> {
    let all = |subs: &[Hir]| -> Result<Vec<Hir>, E> {
        subs.iter().map(|sub| rewrite_leaves(sub, leaf)).collect()
    };
    Ok(match hir.kind() {
        HirKind::Empty | HirKind::Literal(_) | HirKind::Class(_) | HirKind::Look(_) => leaf(hir)?,
        HirKind::Repetition(r) => Hir::repetition(hir::Repetition {
            sub: Box::new(rewrite_leaves(&r.sub, leaf)?),
            ..r.clone()
        }),
        HirKind::Capture(c) => Hir::capture(hir::Capture {
            sub: Box::new(rewrite_leaves(&c.sub, leaf)?),
            ..c.clone()
        }),
        HirKind::Concat(subs) => Hir::concat(all(subs)?),
        HirKind::Alternation(subs) => Hir::alternation(all(subs)?),
    })
}

/// `hir` as it reads ASCII text: each class narrowed to its ASCII
/// characters, each literal with a non-ASCII byte made one that never
/// matches, each Unicode word boundary made an ASCII one (on ASCII text the
/// two agree). On ASCII text it matches exactly where `hir` matches.
fn narrowed_to_ascii(hir: &Hir) -> Hir {
    let Ok(narrowed) = rewrite_leaves(hir, &|leaf| {
        Ok::<Hir, std::convert::Infallible>(match leaf.kind() {
            HirKind::Literal(hir::Literal(bytes)) if !bytes.is_ascii() => Hir::fail(),
            HirKind::Class(hir::Class::Unicode(class)) => {
                let mut class = class.clone();
                class.intersect(&hir::ClassUnicode::new([hir::ClassUnicodeRange::new(
                    '\0', '\x7F',
                )]));
                Hir::class(hir::Class::Unicode(class))
            }
            HirKind::Class(hir::Class::Bytes(class)) => {
                let mut class = class.clone();
                class.intersect(&hir::ClassBytes::new([hir::ClassBytesRange::new(0, 0x7F)]));
                Hir::class(hir::Class::Bytes(class))
            }
            HirKind::Look(look) => Hir::look(match look {
                Look::WordUnicode => Look::WordAscii,
                Look::WordUnicodeNegate => Look::WordAsciiNegate,
                Look::WordStartUnicode => Look::WordStartAscii,
                Look::WordEndUnicode => Look::WordEndAscii,
                Look::WordStartHalfUnicode => Look::WordStartHalfAscii,
                Look::WordEndHalfUnicode => Look::WordEndHalfAscii,
                other => *other,
            }),
            _ => leaf.clone(),
        })
    });
    narrowed
}

/// `hir` with every look-around (word boundaries, line anchors) replaced
/// by the empty pattern: it matches wherever `hir` matches, and more.
fn without_looks(hir: &Hir) -> Hir {
    let Ok(loose) = rewrite_leaves(hir, &|leaf| {
        Ok::<Hir, std::convert::Infallible>(match leaf.kind() {
            HirKind::Look(_) => Hir::empty(),
            _ => leaf.clone(),
        })
    });
    loose
}

#[cfg(test)]
mod tests {
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
}
