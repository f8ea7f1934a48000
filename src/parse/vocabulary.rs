//! The words comment pages put around their comments, per language, read
//! from `assets/page-words.toml`: adding a language is editing that file.

use std::sync::LazyLock;

use serde::Deserialize;

/// Every list is lowercase; see the asset for what each holds.
#[derive(Debug, Default, Deserialize)]
pub struct Vocabulary {
    pub counted_nouns: Vec<String>,
    pub title_prepositions: Vec<String>,
    pub plain_headers: Vec<String>,
    pub says: Vec<String>,
    pub reply_lines: Vec<String>,
    pub thread_end: Vec<String>,
    pub months: Vec<String>,
    pub weekdays: Vec<String>,
    pub date_time_words: Vec<String>,
    pub time_suffixes: Vec<String>,
    pub relative_date_units: Vec<String>,
    pub relative_date_words: Vec<String>,
}

const PAGE_WORDS: &str = include_str!("../../assets/page-words.toml");

static VOCABULARY: LazyLock<Vocabulary> = LazyLock::new(|| {
    // The asset is part of the program; a test parses it, so an edit that
    // breaks it fails there rather than leaving the parser without words.
    let mut words: Vocabulary = toml::from_str(PAGE_WORDS).unwrap_or_default();
    for list in [
        &mut words.counted_nouns,
        &mut words.title_prepositions,
        &mut words.plain_headers,
        &mut words.says,
        &mut words.reply_lines,
        &mut words.thread_end,
        &mut words.months,
        &mut words.weekdays,
        &mut words.date_time_words,
        &mut words.time_suffixes,
        &mut words.relative_date_units,
        &mut words.relative_date_words,
    ] {
        for w in list.iter_mut() {
            *w = w.to_lowercase();
        }
        // Longest first, so an alternation tries "a écrit" before "a".
        list.sort_by(|a, b| b.len().cmp(&a.len()).then(a.cmp(b)));
        list.dedup();
    }
    words
});

/// The page vocabulary.
pub fn get() -> &'static Vocabulary {
    &VOCABULARY
}

/// A regex alternation of `words`, each escaped.
pub fn alternation(words: &[String]) -> String {
    words
        .iter()
        // `\s+` between words: a literal space would vanish in the `(?x)`
        // patterns that use these lists.
        .map(|w| regex::escape(w).replace(' ', r"\s+"))
        .collect::<Vec<_>>()
        .join("|")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_asset_parses_and_every_list_has_words() {
        let parsed: Vocabulary = toml::from_str(PAGE_WORDS).expect("assets/page-words.toml");
        for (name, list) in [
            ("counted_nouns", &parsed.counted_nouns),
            ("says", &parsed.says),
            ("reply_lines", &parsed.reply_lines),
            ("thread_end", &parsed.thread_end),
            ("months", &parsed.months),
        ] {
            assert!(!list.is_empty(), "{name}");
        }
        assert!(get().says.iter().any(|w| w == "sagt"));
        assert!(get().months.iter().any(|w| w == "oktober"));
    }
}
