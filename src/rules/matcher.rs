//! The regular expressions of rules, built as the `regex` crate builds them
//! but without a prefilter the regex engine itself judges slow.
//!
//! A prefilter jumps to where a match could start. When the pattern can
//! start with one of many single letters ("f", "s", "u" in either case) it
//! stops at nearly every word, and each stop costs more than the lazy DFA
//! scanning straight on: the masked-abuse rule took 2.8× as long with its
//! prefilter as without on 100k comments. Matches are the same either way.

use regex_automata::MatchKind;
use regex_automata::meta;
use regex_automata::util::prefilter::Prefilter;
use regex_automata::util::syntax;

pub use regex_automata::meta::Regex;

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
    let hir = syntax::parse_with(
        pattern,
        &syntax::Config::new().case_insensitive(case_insensitive),
    )
    .map_err(|e| e.to_string())?;
    let slow_prefilter =
        Prefilter::from_hir_prefix(MatchKind::LeftmostFirst, &hir).is_some_and(|p| !p.is_fast());
    meta::Builder::new()
        .configure(
            meta::Config::new()
                .nfa_size_limit(Some(size_limit))
                .hybrid_cache_capacity(LAZY_DFA_CACHE)
                .auto_prefilter(!slow_prefilter),
        )
        .build_from_hir(&hir)
        .map_err(|e| match (e.syntax_error(), e.size_limit()) {
            (Some(syntax), _) => syntax.to_string(),
            (None, Some(limit)) => {
                format!("Compiled regex exceeds size limit of {limit} bytes.")
            }
            (None, None) => e.to_string(),
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Patterns whose prefilter is left out find what `regex` finds.
    #[test]
    fn same_matches_as_the_regex_crate() {
        let texts = [
            "F u c k you, and s.t.f.u",
            "you are an i.d.i.o.t and he is d u mb",
            "Fuck off",
            "ſtfu straße ΣΑΣ",
            "",
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
        ] {
            let ours = build(pattern, case_insensitive, DEFAULT_SIZE_LIMIT).unwrap();
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
