//! `lexicon` rules: words and phrases, matched as whole words in any case and
//! with or without accents, seeing through the usual disguises — digits for
//! letters ("1d10t"), stretched letters ("stuuupid") and separators
//! ("i.d.i.o.t") — with an allow-list against false hits.

use std::ops::Range;

use serde::Deserialize;

use super::config::settings;
use super::matcher::{self, Regex};
use super::normalize::{Normalized, normalize_term};

#[derive(Debug, Clone)]
pub struct Lexicon {
    matcher: Option<Regex>,
    allow: Option<Regex>,
    /// The rule only fires when the comment also has one of these words.
    requires: Option<Regex>,
    /// How many entries the list has, for `rules check`.
    pub len: usize,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Settings {
    words: Vec<String>,
    #[serde(default)]
    allow: Vec<String>,
    /// Fire only when the comment also contains one of these words or
    /// phrases anywhere (e.g. "you", "your": aimed at someone in the thread),
    /// as written: no plural endings, since "u" would also read "us".
    #[serde(default)]
    requires_any: Vec<String>,
    /// Also match plural endings of entries without `*` (default true).
    #[serde(default = "yes")]
    plurals: bool,
}

fn yes() -> bool {
    true
}

/// Endings a `*` entry accepts: "moron*" matches "morons", "moronic",
/// "moronically", but not the name "Moroni".
const STAR_ENDINGS: &str =
    r"(?:s|es|ic|ics|ish|ity|ities|ically|ly|y|ies|ed|ing|er|ers|ness|head|heads)?";

/// Regex source for one entry. `*` at the end accepts common endings;
/// otherwise plural endings are accepted.
pub fn term_pattern(term: &str) -> Option<String> {
    term_pattern_with(term, true)
}

/// Like [`term_pattern`]; `plurals` false matches entries as written.
pub fn term_pattern_with(term: &str, plurals: bool) -> Option<String> {
    let (body, prefix) = match term.trim().strip_suffix('*') {
        Some(b) => (b, true),
        None => (term.trim(), false),
    };
    let norm = normalize_term(body);
    let words: Vec<&str> = norm.split_whitespace().collect();
    if words.is_empty() {
        return None;
    }
    let letter = |c: char| {
        let e = regex::escape(&c.to_string());
        if c.is_alphabetic() {
            format!("{e}+")
        } else {
            e
        }
    };
    let suffix = match (prefix, plurals) {
        (true, _) => STAR_ENDINGS,
        (false, true) => r"(?:e?s)?",
        (false, false) => "",
    };
    // As written, letters stretched ("stuuupid"), words apart by spaces or dashes.
    let plain: Vec<String> = words
        .iter()
        .map(|w| w.chars().map(letter).collect::<String>())
        .collect();
    let mut forms = vec![format!(r"{}{suffix}", plain.join(r"[\s\-]+"))];
    // Spelled out with one separator between every letter ("i.d.i.o.t",
    // "f u c k"), for words of four letters or more.
    let letters: String = words.concat();
    if letters.chars().count() >= 4 {
        let spaced: Vec<String> = letters
            .chars()
            .map(|c| regex::escape(&c.to_string()))
            .collect();
        forms.push(spaced.join(r"[\s._*\-]{1,3}"));
    }
    Some(format!(r"\b(?:{})\b", forms.join("|")))
}

/// One regex matching any of `terms`.
pub fn compile_terms(terms: &[String]) -> Result<Option<Regex>, String> {
    compile_terms_with(terms, true)
}

fn compile_terms_with(terms: &[String], plurals: bool) -> Result<Option<Regex>, String> {
    let parts: Vec<String> = terms
        .iter()
        .filter_map(|t| term_pattern_with(t, plurals))
        .collect();
    if parts.is_empty() {
        return Ok(None);
    }
    matcher::build(&format!("(?:{})", parts.join("|")), false, 256 << 20)
        .map(Some)
        .map_err(|e| format!("the word list does not compile: {e}"))
}

impl Lexicon {
    pub fn from_table(table: &toml::Table) -> Result<Lexicon, String> {
        let s: Settings = settings(table)?;
        if s.words
            .iter()
            .all(|w| w.trim().trim_end_matches('*').is_empty())
        {
            return Err("`words` is empty; expected at least one word or phrase".into());
        }
        let allow_terms: Vec<String> = s.allow.iter().map(|a| normalize_term(a)).collect();
        let allow = if allow_terms.is_empty() {
            None
        } else {
            let alts: Vec<String> = allow_terms.iter().map(|a| regex::escape(a)).collect();
            Some(
                matcher::build(
                    &format!(r"\b(?:{})\w*", alts.join("|")),
                    false,
                    matcher::DEFAULT_SIZE_LIMIT,
                )
                .map_err(|e| format!("the allow list does not compile: {e}"))?,
            )
        };
        Ok(Lexicon {
            matcher: compile_terms_with(&s.words, s.plurals)?,
            allow,
            requires: compile_terms_with(&s.requires_any, false)?,
            len: s.words.len(),
        })
    }

    /// Normalised ranges of the words that match.
    pub fn find_normalized(&self, norm: &Normalized) -> Vec<Range<usize>> {
        let Some(matcher) = &self.matcher else {
            return Vec::new();
        };
        if let Some(requires) = &self.requires
            && !requires.is_match(&norm.text)
        {
            return Vec::new();
        }
        let mut found: Vec<Range<usize>> =
            matcher.find_iter(&norm.text).map(|m| m.range()).collect();
        // Most comments have none of the words: no need to read the allow list.
        if found.is_empty() {
            return found;
        }
        if let Some(allow) = &self.allow {
            let allowed: Vec<Range<usize>> =
                allow.find_iter(&norm.text).map(|m| m.range()).collect();
            found.retain(|r| !allowed.iter().any(|a| a.start <= r.start && r.end <= a.end));
        }
        found
    }

    /// Original byte ranges of the words that match.
    pub fn find(&self, norm: &Normalized) -> Vec<Range<usize>> {
        norm.original_ranges(self.find_normalized(norm))
    }
}

pub const KIND: super::kind::Kind = super::kind::Kind {
    name: "lexicon",
    parse: |table, _| Ok(std::sync::Arc::new(Lexicon::from_table(table)?)),
};

impl super::kind::RuleCheck for Lexicon {
    fn check<'f>(
        &self,
        ctx: &super::Context,
        _: &super::kind::Earlier<'f>,
    ) -> Option<super::kind::Hit> {
        super::kind::Hit::words(self.find(ctx.normalized))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lexicon(words: &[&str], allow: &[&str]) -> Lexicon {
        let mut t = toml::Table::new();
        t.insert(
            "words".into(),
            words
                .iter()
                .map(|w| w.to_string())
                .collect::<Vec<_>>()
                .into(),
        );
        t.insert(
            "allow".into(),
            allow
                .iter()
                .map(|w| w.to_string())
                .collect::<Vec<_>>()
                .into(),
        );
        Lexicon::from_table(&t).unwrap()
    }

    #[test]
    fn table() {
        let lex = lexicon(
            &["idiot", "stupid", "ass", "moron*", "piece of shit", "cunt"],
            &["assassin"],
        );
        // (name, text, expected matched words)
        let cases: &[(&str, &str, &[&str])] = &[
            ("plain", "what an idiot", &["idiot"]),
            ("case", "IDIOT!", &["IDIOT"]),
            ("plural", "idiots all", &["idiots"]),
            ("digits", "you 1d10t", &["1d10t"]),
            ("stretched", "so stuuupid", &["stuuupid"]),
            ("dots", "an i.d.i.o.t", &["i.d.i.o.t"]),
            ("spaced", "an i d i o t here", &["i d i o t"]),
            ("prefix", "moronic take", &["moronic"]),
            ("phrase", "a piece  of shit", &["piece  of shit"]),
            ("class", "a class act", &[]),
            ("scunthorpe", "Scunthorpe United", &[]),
            ("allow-list", "an assassin", &[]),
            ("was sad", "he was sad", &[]),
            ("a name", "Robert Moroni wrote", &[]),
            ("split words", "I haven't watched it", &[]),
            ("prefix endings", "so moronically", &["moronically"]),
            ("accent", "stüpid", &["stüpid"]),
        ];
        for (name, text, want) in cases {
            let norm = Normalized::new(text);
            let got: Vec<&str> = lex.find(&norm).into_iter().map(|r| &text[r]).collect();
            assert_eq!(&got, want, "{name}");
        }
    }

    #[test]
    fn requires_any_word() {
        // "idiots", only in a comment that has one of `requires`.
        let requiring = |requires: &[&str]| {
            let mut t = toml::Table::new();
            t.insert("words".into(), vec!["idiots".to_string()].into());
            let requires: Vec<String> = requires.iter().map(|w| w.to_string()).collect();
            t.insert("requires_any".into(), requires.into());
            Lexicon::from_table(&t).unwrap()
        };
        let lex = requiring(&["you", "your"]);
        assert!(lex.find(&Normalized::new("these idiots again")).is_empty());
        assert_eq!(lex.find(&Normalized::new("you and your idiots")).len(), 1);
        // The words as written: "u" is not "us", "your" not "yours".
        let lex = requiring(&["u", "your"]);
        assert!(
            lex.find(&Normalized::new("they take us for idiots"))
                .is_empty()
        );
        assert!(
            lex.find(&Normalized::new("idiots, the lot of yours"))
                .is_empty()
        );
        assert_eq!(lex.find(&Normalized::new("u idiots")).len(), 1);
    }

    #[test]
    fn empty_list_is_an_error() {
        let mut t = toml::Table::new();
        t.insert("words".into(), Vec::<String>::new().into());
        assert!(Lexicon::from_table(&t).is_err());
    }
}
