//! Stop words per language (`assets/stopwords.toml`) and what they tell:
//! the content words of a text, and the language it is written in. The
//! relevance measure leaves stop words out and gives a comment in a foreign
//! language no relevance; the abuse-word list does not judge a language's
//! own stop words.

use std::collections::BTreeMap;
use std::sync::LazyLock;

use super::words::{WordBytes, for_each_word};

const STOPWORDS_TOML: &str = include_str!("../../assets/stopwords.toml");

/// A text with at least this many marker words (stop words of one language
/// only) has a language they tell.
pub(super) const LANGUAGE_JUDGED: u32 = 5;

/// Words that say nothing about a topic, in every language of
/// `assets/stopwords.toml`, folded as content words are, sorted; each with
/// the one language it marks (an index into the lists, in the file's key
/// order), or `None` when several lists have it.
pub(super) static STOPWORDS: LazyLock<Vec<(String, Option<u8>)>> = LazyLock::new(|| {
    // The asset is part of the program; a test parses it, so an edit that
    // breaks it fails there rather than leaving relevance without stop words.
    let lists: BTreeMap<String, Vec<String>> = toml::from_str(STOPWORDS_TOML).unwrap_or_default();
    let mut words: Vec<(String, Option<u8>)> = Vec::new();
    let mut buf = String::new();
    for (language, list) in lists.values().enumerate() {
        let language = u8::try_from(language).ok();
        for word in list {
            for_each_content_word(word, &mut buf, |w| words.push((w.to_string(), language)));
        }
    }
    words.sort();
    words.dedup();
    // One entry per word; a word of several lists marks no language.
    let mut merged: Vec<(String, Option<u8>)> = Vec::with_capacity(words.len());
    for (word, language) in words {
        match merged.last_mut() {
            Some((last, marks)) if *last == word => {
                if *marks != language {
                    *marks = None;
                }
            }
            _ => merged.push((word, language)),
        }
    }
    merged
});

/// How many languages `assets/stopwords.toml` has (at most 8 are told apart).
pub(super) fn language_count() -> usize {
    static COUNT: LazyLock<usize> = LazyLock::new(|| {
        STOPWORDS
            .iter()
            .filter_map(|(_, l)| *l)
            .max()
            .map_or(0, |l| usize::from(l) + 1)
            .min(MAX_LANGUAGES)
    });
    *COUNT
}
pub(super) const MAX_LANGUAGES: usize = 8;

/// Marker words of each language in a text.
pub(super) type LanguageCounts = [u32; MAX_LANGUAGES];

/// The language most of `counts`' markers belong to (the first on a tie),
/// and how many markers there are in all.
pub(super) fn main_language(counts: &LanguageCounts) -> (usize, u32) {
    let mut best = 0;
    for (l, &c) in counts.iter().enumerate() {
        if c > counts[best] {
            best = l;
        }
    }
    (best, counts.iter().sum())
}

/// The language a content word (as [`for_each_content_word`] gives it)
/// marks: the one language whose stop word it is.
fn marked_language(word: &str) -> Option<u8> {
    STOPWORDS
        .binary_search_by(|(s, _)| s.as_str().cmp(word))
        .ok()
        .and_then(|at| STOPWORDS[at].1)
        .filter(|&l| usize::from(l) < language_count())
}

/// The language whose stop word `word` is, when exactly one list has it
/// (an index into the lists of `assets/stopwords.toml`).
pub fn stop_word_language(word: &str) -> Option<u8> {
    let mut language = None;
    for_each_content_word(word, &mut String::new(), |w| {
        language = marked_language(w);
    });
    language
}

/// The language `text` is written in, told by the stop words of each
/// language it uses (at least `LANGUAGE_JUDGED` of them).
pub fn text_language(text: &str) -> Option<u8> {
    let mut counts: LanguageCounts = [0; MAX_LANGUAGES];
    for_each_content_word(text, &mut String::new(), |w| {
        if let Some(l) = marked_language(w) {
            counts[usize::from(l)] += 1;
        }
    });
    let (main, markers) = main_language(&counts);
    u8::try_from(main)
        .ok()
        .filter(|_| markers >= LANGUAGE_JUDGED)
}

/// A lower-case word without "'s" and with plurals folded, crudely:
/// "borders" and "border" are one word.
fn fold_ending(word: &str) -> &str {
    let word = word.strip_suffix("'s").unwrap_or(word);
    if word.len() > 4 && word.ends_with('s') && !word.ends_with("ss") {
        &word[..word.len() - 1]
    } else {
        word
    }
}

/// Calls `f` with each word of `text` that could be a content word:
/// lower-cased, without "'s", plurals folded ("borders" → "border"), three
/// letters or more. The caller skips stop words. `buf` is reused.
pub(super) fn for_each_content_word(text: &str, buf: &mut String, mut f: impl FnMut(&str)) {
    let mut emit = |w: &str, buf: &mut String| {
        let w = w.trim_matches('\'');
        if w.len() < 3 {
            return;
        }
        buf.clear();
        // One look at each byte tells whether the word is ASCII, has a
        // letter and has a capital: every word of every comment is asked.
        let (mut beyond_ascii, mut lower, mut upper) = (0u8, false, false);
        for &b in w.as_bytes() {
            beyond_ascii |= b & 0x80;
            lower |= b.is_ascii_lowercase();
            upper |= b.is_ascii_uppercase();
        }
        if beyond_ascii == 0 {
            if !(lower || upper) {
                return;
            }
            if !upper {
                // Most words are lower case already: no copy to make.
                f(fold_ending(w));
                return;
            }
            buf.push_str(w);
            buf.make_ascii_lowercase();
        } else {
            if !w.chars().any(char::is_alphabetic) {
                return;
            }
            buf.extend(w.chars().flat_map(char::to_lowercase));
            if buf.chars().count() < 3 {
                return;
            }
        }
        f(fold_ending(buf));
    };
    // Runs of letters, digits and apostrophes.
    static WORD_BYTES: WordBytes = WordBytes::alphanumeric_and(b"'");
    for_each_word(text, &WORD_BYTES, |s, e| emit(&text[s..e], buf));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_words_are_lower_case_folded_and_have_a_letter() {
        let mut words = Vec::new();
        let text = "The BORDERS of 2024, 'quoted' Borders' A1 x86 it's ZOË'S café";
        for_each_content_word(text, &mut String::new(), |w| words.push(w.to_string()));
        assert_eq!(
            words,
            [
                "the", "border", "quoted", "border", "x86", "it", "zoë", "café"
            ]
        );
    }

    #[test]
    fn the_stop_word_asset_parses_and_has_english_german_and_french() {
        let lists: BTreeMap<String, Vec<String>> =
            toml::from_str(STOPWORDS_TOML).expect("assets/stopwords.toml");
        for language in ["en", "de", "fr"] {
            assert!(
                lists.get(language).is_some_and(|l| l.len() > 100),
                "{language}"
            );
        }
        for word in ["the", "und", "nicht", "avec", "être"] {
            assert!(STOPWORDS.iter().any(|(w, _)| w == word), "{word}");
        }
    }
}
