//! A pattern that cannot tell upper case from lower case, read in lower
//! case. Written case-insensitively, each letter of a literal is a class of
//! both its cases, and a literal prefilter must look for every mix of them
//! ("make", "Make", "MAKE", …: sixteen for a word of four letters). Given
//! text in lower case, the pattern's lower-case letters alone find the same
//! matches, and its prefilter looks for one spelling of each word: the
//! spam-phrase rule searched 100k comments five times as fast.

use regex_automata::MatchKind;
use regex_automata::util::prefilter::Prefilter;
use regex_syntax::hir::literal::{ExtractKind, Extractor};
use regex_syntax::hir::{self, Hir, HirKind};

/// `hir` with its upper-case ASCII letters left out, when `hir` (a pattern
/// narrowed to ASCII) treats every ASCII letter as its other case: then on
/// ASCII text lowered, it matches exactly where `hir` matches on the text.
/// None when some part of `hir` tells the cases apart.
pub(super) fn lower_case_form(hir: &Hir) -> Option<Hir> {
    super::rewrite_leaves(hir, &|leaf| lower_case_leaf(leaf).ok_or(())).ok()
}

/// [`lower_case_form`] of a leaf of the pattern.
fn lower_case_leaf(leaf: &Hir) -> Option<Hir> {
    Some(match leaf.kind() {
        HirKind::Literal(hir::Literal(bytes)) if bytes.iter().any(u8::is_ascii_alphabetic) => {
            return None;
        }
        HirKind::Class(hir::Class::Unicode(class)) => {
            let mut folded = class.clone();
            folded.case_fold_simple();
            // Folding adds the other case of each letter, and characters
            // beyond ASCII ("k" gains the Kelvin sign): only the ASCII part
            // is compared.
            if super::ascii_part(&folded) != *class {
                return None;
            }
            let mut lower = class.clone();
            lower.difference(&hir::ClassUnicode::new([hir::ClassUnicodeRange::new(
                'A', 'Z',
            )]));
            Hir::class(hir::Class::Unicode(lower))
        }
        HirKind::Class(hir::Class::Bytes(class)) => {
            let mut folded = class.clone();
            folded.case_fold_simple();
            if folded != *class {
                return None;
            }
            let mut lower = class.clone();
            lower.difference(&hir::ClassBytes::new([hir::ClassBytesRange::new(
                b'A', b'Z',
            )]));
            Hir::class(hir::Class::Bytes(lower))
        }
        // Empty, look-arounds and literals without letters: no case.
        _ => leaf.clone(),
    })
}

/// Whether every match of `lower` starts with one of a few words of three
/// letters or more, which a prefilter can jump between. Starts of one or
/// two letters ("f", "s", "u") are met at nearly every word; stopping at
/// each costs more than the automaton scanning straight on.
pub(super) fn looks_for_words(lower: &Hir) -> bool {
    let prefixes = Extractor::new().kind(ExtractKind::Prefix).extract(lower);
    prefixes
        .min_literal_len()
        .is_some_and(|shortest| shortest >= 3)
        && Prefilter::from_hir_prefix(MatchKind::LeftmostFirst, lower).is_some_and(|p| p.is_fast())
}

/// A buffer kept for lowered texts up to this size; a longer one is given
/// back once searched, not held for the rest of the run.
const KEPT_BUFFER: usize = 1 << 20;

thread_local! {
    /// Reused from search to search: no allocation per comment.
    static LOWERED: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// Calls `search` with `ascii` in lower case.
pub(super) fn with_lowered<T>(ascii: &str, search: impl FnOnce(&[u8]) -> T) -> T {
    LOWERED.with_borrow_mut(|lowered| {
        lowered.clear();
        lowered.extend_from_slice(ascii.as_bytes());
        lowered.make_ascii_lowercase();
        let found = search(lowered);
        if lowered.capacity() > KEPT_BUFFER {
            *lowered = Vec::new();
        }
        found
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use regex_automata::util::syntax;

    fn narrowed(pattern: &str, case_insensitive: bool) -> Hir {
        let hir = syntax::parse_with(
            pattern,
            &syntax::Config::new().case_insensitive(case_insensitive),
        )
        .unwrap();
        super::super::narrowed_to_ascii(&hir)
    }

    #[test]
    fn a_long_text_lowered_is_not_held_after_its_search() {
        let kept = || LOWERED.with_borrow(Vec::capacity);
        assert_eq!(with_lowered("Click HERE", <[u8]>::to_vec), b"click here");
        assert!(kept() >= "Click HERE".len());
        let long = "AB".repeat(KEPT_BUFFER);
        assert!(with_lowered(&long, |lowered| lowered
            .iter()
            .all(|&b| b == b'a' || b == b'b')));
        assert_eq!(kept(), 0);
    }

    #[test]
    fn only_patterns_blind_to_case_have_a_lower_case_form() {
        for pattern in [r"\bclick\s+here\b", r"[a-c]\d+-\W", r"(?:buy|order)\s+now"] {
            assert!(
                lower_case_form(&narrowed(pattern, true)).is_some(),
                "{pattern}"
            );
        }
        // Case tells apart: a literal letter, a class of one case, a part
        // made case-sensitive again.
        for (pattern, case_insensitive) in [
            (r"click", false),
            (r"[a-z]+", false),
            (r"(?-i:Click)\s+here", true),
            (r"click\s+[[:upper:]]", false),
        ] {
            assert!(
                lower_case_form(&narrowed(pattern, case_insensitive)).is_none(),
                "{pattern}"
            );
        }
        // Neither letters nor case: nothing to tell apart.
        assert!(lower_case_form(&narrowed(r"\d+\s*\$", false)).is_some());
    }
}
