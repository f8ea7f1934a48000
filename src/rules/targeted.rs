//! `targeted` rules: insults aimed at a person — "you are a …", "you …",
//! "X is a …", "… like you" — and abusive commands ("shut up").
//! A bare insult word may describe a policy; aimed at someone it is an insult.

use std::ops::Range;

use serde::Deserialize;

use super::config::settings;
use super::lexicon::term_pattern;
use super::matcher::{self, Regex};
use super::normalize::Normalized;

#[derive(Debug, Clone)]
pub struct Targeted {
    /// Any insult word or phrase: one pass rules out most comments, and
    /// the templates only run where it matches.
    screen: Regex,
    regexes: Vec<Regex>,
    /// Phrases abusive on their own ("shut up").
    phrases: Option<Regex>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Settings {
    /// Insult words; `{insult}` in the patterns stands for any of them.
    words: Vec<String>,
    /// Phrases that are abusive whatever follows ("shut up").
    #[serde(default)]
    phrases: Vec<String>,
    /// Replaces the built-in templates.
    #[serde(default)]
    patterns: Vec<String>,
}

/// Filler words allowed between the target and the insult.
const FILLER: &str = r"(?:(?:such|so|a|an|the|one|just|nothing|but|total|totally|complete|completely|real|really|absolute|absolutely|little|big|pathetic|sad|fucking|fuckin|effing|bloody|damn|dumb|stupid|ignorant|old|typical|utter|certified|right|wing|left|and|as|too|very|clearly|obviously|truly|still|also|all|guys|people)\s+){0,4}(?:[\w'\-]+\s+){0,2}?";

fn templates() -> Vec<String> {
    vec![
        // "you idiot", "you are an idiot", "you're such a stupid troll"
        format!(
            r"\b(?:you|u|ya|yo|ur|youre)(?:\s+are|'re|\s+r|re|\s+were|\s+sound\s+like|\s+look\s+like|\s+act\s+like|\s+must\s+be|\s+seem)?\s+{FILLER}{{insult}}"
        ),
        // "are you stupid?"
        format!(r"\bare\s+(?:you|u)\s+{FILLER}{{insult}}"),
        // "your stupid …", "your such an idiot" (you're, misspelled)
        format!(
            r"\byour\s+(?:(?:such|so|a|an|just|as|the|one|really|truly|clearly)\s+)*(?:[\w'\-]+\s+)?{{insult}}"
        ),
        // "he is a …", "this guy is …": a person, not a policy
        format!(
            r"\b(?:he|she|they|(?:this|that|the)\s+(?:guy|man|woman|person|dude|author|writer|poster|commenter|reporter|journalist|clown|idiot))(?:\s+(?:is|are|was|were)|'s|'re)\s+{FILLER}{{insult}}"
        ),
        // "idiots like you", "an idiot like him"
        r"{insult}\s+(?:like\s+)?(?:you|u|him|her|them|yourself)\b".to_string(),
    ]
}

impl Targeted {
    pub fn from_table(table: &toml::Table) -> Result<Targeted, String> {
        let s: Settings = settings(table)?;
        let words: Vec<String> = s.words.iter().filter_map(|w| term_pattern(w)).collect();
        if words.is_empty() {
            return Err("`words` is empty; expected the insult words to look for".into());
        }
        let insult = format!("(?:{})", words.join("|"));
        let templates = if s.patterns.is_empty() {
            templates()
        } else {
            s.patterns.clone()
        };
        // The insult words are parsed once for all the templates.
        let shared = matcher::SharedPart::new("{insult}", insult, false)
            .map_err(|e| format!("the word list does not compile: {e}"))?;
        let mut regexes = Vec::new();
        for t in &templates {
            regexes.push(
                shared
                    .build(t, false, 256 << 20)
                    .map_err(|e| format!("bad pattern {t:?}: {e}"))?,
            );
        }
        let phrases: Vec<String> = s.phrases.iter().filter_map(|p| term_pattern(p)).collect();
        let screen = if phrases.is_empty() {
            shared.build("{insult}", false, 256 << 20)
        } else {
            shared.or(&format!("(?:{})", phrases.join("|")), false, 256 << 20)
        }
        .map_err(|e| format!("the word and phrase lists do not compile together: {e}"))?;
        let phrases = if phrases.is_empty() {
            None
        } else {
            Some(
                matcher::build(
                    &format!("(?:{})", phrases.join("|")),
                    false,
                    matcher::DEFAULT_SIZE_LIMIT,
                )
                .map_err(|e| format!("the phrase list does not compile: {e}"))?,
            )
        };
        Ok(Targeted {
            screen,
            regexes,
            phrases,
        })
    }

    /// Original byte ranges of the insult words of the aimed insults.
    pub fn find(&self, norm: &Normalized) -> Vec<Range<usize>> {
        let mut found: Vec<Range<usize>> = Vec::new();
        if !self.screen.is_match(&norm.text) {
            return found;
        }
        // Every template holds an insult word: without one they find nothing.
        for r in self.regexes.iter().chain(self.phrases.as_ref()) {
            for m in r.find_iter(&norm.text) {
                let range = m.range();
                // "you are not an idiot" is not an insult.
                let words = &norm.text[m.range()];
                if words.contains(" not ")
                    || words.contains("n't ")
                    || words.contains(" never ")
                    || words.contains(" no ")
                {
                    continue;
                }
                if found
                    .iter()
                    .any(|f| f.start < range.end && range.start < f.end)
                {
                    continue;
                }
                // The insult words themselves, as annotators mark them:
                // "moron" of "you are such a moron", not the whole phrase.
                let before = found.len();
                found.extend(
                    self.screen
                        .find_iter(words)
                        .map(|w| range.start + w.start()..range.start + w.end()),
                );
                if found.len() == before {
                    found.push(range);
                }
            }
        }
        found.sort_by_key(|r| r.start);
        norm.original_ranges(found)
    }
}

pub const KIND: super::kind::Kind = super::kind::Kind {
    name: "targeted",
    parse: |table, _| Ok(std::sync::Arc::new(Targeted::from_table(table)?)),
};

impl super::kind::RuleCheck for Targeted {
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

    #[test]
    fn every_built_in_template_is_put_together_from_its_pieces_as_parsed_whole() {
        let words: Vec<String> = ["idiot", "stupid*", "full of shit", "ass"]
            .iter()
            .filter_map(|w| term_pattern(w))
            .collect();
        let insult = format!("(?:{})", words.join("|"));
        let shared = matcher::SharedPart::new("{insult}", insult.clone(), false).unwrap();
        for template in templates() {
            let whole = matcher::parsed(&template.replace("{insult}", &insult), false).unwrap();
            assert_eq!(shared.around(&template, false), Some(whole), "{template}");
        }
        // The screen alone, as it is built without phrases.
        let whole = matcher::parsed(&insult, false).unwrap();
        assert_eq!(shared.around("{insult}", false), Some(whole));
    }

    #[test]
    fn table() {
        let mut t = toml::Table::new();
        t.insert(
            "words".into(),
            vec![
                "idiot".to_string(),
                "moron".to_string(),
                "stupid".to_string(),
            ]
            .into(),
        );
        t.insert("phrases".into(), vec!["shut up".to_string()].into());
        let rule = Targeted::from_table(&t).unwrap();
        let cases: &[(&str, &str, bool)] = &[
            ("you noun", "you idiot", true),
            ("you are a", "You are such a moron.", true),
            ("contraction", "you’re an idiot", true),
            ("third person", "he is a complete idiot", true),
            ("a person", "This guy is so stupid", true),
            ("like you", "morons like you", true),
            ("phrase", "just shut up", true),
            ("untargeted", "that was a stupid policy", false),
            ("no insult", "you are a good writer", false),
            ("negated", "you are not an idiot", false),
            ("are you", "are you stupid?", true),
            ("misspelled you're", "your such an idiot", true),
        ];
        for (name, text, want) in cases {
            let got = !rule.find(&Normalized::new(text)).is_empty();
            assert_eq!(got, *want, "{name}: {text}");
        }
        // Highlighted: the insult words, not the whole aimed phrase.
        let spans = |text: &'static str| -> Vec<&'static str> {
            rule.find(&Normalized::new(text))
                .into_iter()
                .map(|r| &text[r])
                .collect()
        };
        assert_eq!(spans("You are such a moron."), ["moron"]);
        assert_eq!(spans("you stupid idiot"), ["stupid", "idiot"]);
        assert_eq!(spans("morons like you"), ["morons"]);
        assert_eq!(spans("oh just shut up"), ["shut up"]);
    }
}
