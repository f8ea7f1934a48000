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

/// The ASCII characters of `class`.
fn ascii_part(class: &hir::ClassUnicode) -> hir::ClassUnicode {
    let mut ascii = class.clone();
    ascii.intersect(&hir::ClassUnicode::new([hir::ClassUnicodeRange::new(
        '\0', '\x7F',
    )]));
    ascii
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
                Hir::class(hir::Class::Unicode(ascii_part(class)))
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
mod tests;
