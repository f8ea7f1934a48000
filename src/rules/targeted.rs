//! `targeted` rules: insults aimed at a person — "you are a …", "you …",
//! "X is a …", "… like you" — and abusive commands ("shut up").
//! A bare insult word may describe a policy; aimed at someone it is an insult.

use std::ops::Range;
use std::sync::{Arc, OnceLock};

use serde::Deserialize;

use super::config::settings;
use super::lexicon::term_pattern;
use super::matcher::{self, Regex};
use super::normalize::Normalized;

#[derive(Debug, Clone)]
pub struct Targeted {
    /// Any insult word or phrase: one pass rules out most comments (on
    /// long threads [`AnyTemplate`] does instead), and within a match it
    /// finds the words to highlight.
    screen: Regex,
    /// Any template or phrase, for the built-in templates: each holds an
    /// insult word, so where none matches the screen would not either. A
    /// rules file's own templates need not hold one, and keep the screen.
    any: Option<Arc<AnyTemplate>>,
    regexes: Vec<Regex>,
    /// Phrases abusive on their own ("shut up").
    phrases: Option<Regex>,
}

/// Every template and phrase as one pattern: one pass rules out most
/// comments that [`Targeted::screen`] lets through (most insult words are
/// not aimed at anyone), and each template then runs only where one of
/// them matches. Compiled for threads of [`ANY_FOR`] comments or more: it
/// takes about as long to compile as the templates save on that many.
#[derive(Debug)]
struct AnyTemplate {
    /// Kept as text and parsed again when compiled: a short thread never
    /// needs it, and the word list's parse is larger than its text.
    insult: String,
    templates: Vec<String>,
    phrases: Option<String>,
    /// None when it cannot be compiled: the screen alone then does.
    compiled: OnceLock<Option<Regex>>,
}

/// The fewest comments a thread has for [`AnyTemplate`] to be compiled.
const ANY_FOR: usize = 10_000;

impl AnyTemplate {
    /// The pattern, if it has been compiled.
    fn get(&self) -> Option<&Regex> {
        self.compiled.get().and_then(Option::as_ref)
    }

    /// Not measured against the size limit as written: each template and
    /// the phrases were when the rule was built, and this is no larger than
    /// they are together. Should it exceed the limit narrowed to ASCII, it
    /// is not built, and the screen goes on alone.
    fn compile(&self) -> Option<Regex> {
        matcher::with_sizes_known_to_fit(|| {
            let shared = matcher::SharedPart::new("{insult}", self.insult.clone(), false).ok()?;
            shared
                .any_of(&self.templates, self.phrases.as_deref(), false, 256 << 20)
                .ok()
        })
    }
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
        let shared = matcher::SharedPart::new("{insult}", insult.clone(), false)
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
        let phrases = (!phrases.is_empty()).then(|| format!("(?:{})", phrases.join("|")));
        let screen = match &phrases {
            None => shared.build("{insult}", false, 256 << 20),
            Some(phrases) => shared.or(phrases, false, 256 << 20),
        }
        .map_err(|e| format!("the word and phrase lists do not compile together: {e}"))?;
        let phrase_regex = phrases
            .as_deref()
            .map(|phrases| matcher::build(phrases, false, matcher::DEFAULT_SIZE_LIMIT))
            .transpose()
            .map_err(|e| format!("the phrase list does not compile: {e}"))?;
        let any = s.patterns.is_empty().then(|| {
            Arc::new(AnyTemplate {
                insult,
                templates,
                phrases,
                compiled: OnceLock::new(),
            })
        });
        Ok(Targeted {
            screen,
            any,
            regexes,
            phrases: phrase_regex,
        })
    }

    /// Original byte ranges of the insult words of the aimed insults.
    pub fn find(&self, norm: &Normalized) -> Vec<Range<usize>> {
        let mut found: Vec<Range<usize>> = Vec::new();
        let may_match = match self.any.as_ref().and_then(|any| any.get()) {
            Some(any) => any.is_match(&norm.text),
            None => self.screen.is_match(&norm.text),
        };
        if !may_match {
            return found;
        }
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

    fn prepare(&self, comments: usize) {
        if let Some(any) = &self.any
            && comments >= ANY_FOR
        {
            any.compiled.get_or_init(|| any.compile());
        }
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

    /// The built-in rule, as `assets/rules.toml` configures it.
    fn built_in() -> Targeted {
        crate::rules::RuleSet::default_rules()
            .unwrap()
            .rules
            .iter()
            .find_map(|rule| rule.settings_of::<Targeted>())
            .unwrap()
            .clone()
    }

    proptest::proptest! {
        /// The one pass that rules comments out before the templates run
        /// matches exactly where one of them does.
        #[test]
        fn any_template_matches_where_one_of_them_does(
            words in proptest::collection::vec(
                proptest::sample::select(vec![
                    "you", "u", "your", "you're", "are", "he", "is", "this", "guy", "a",
                    "such", "so", "not", "like", "him", "idiot", "stupid", "moron",
                    "full", "of", "shit", "shut", "up", "the", "policy", "Idiots",
                    "Émile", "straße", "!", ",", "...", "\n",
                ]),
                0..14,
            ),
        ) {
            static RULE: std::sync::LazyLock<(Targeted, Regex)> = std::sync::LazyLock::new(|| {
                let rule = built_in();
                let any = rule.any.as_ref().unwrap().compile().unwrap();
                (rule, any)
            });
            let (rule, any) = &*RULE;
            let text = Normalized::new(&words.join(" "));
            let one_of_them = rule
                .regexes
                .iter()
                .chain(rule.phrases.as_ref())
                .any(|r| r.is_match(&text.text));
            proptest::prop_assert_eq!(any.is_match(&text.text), one_of_them);
        }
    }

    #[test]
    fn a_long_thread_finds_what_a_short_one_does() {
        use crate::rules::kind::RuleCheck;
        let short = built_in();
        let long = built_in();
        short.prepare(ANY_FOR - 1);
        long.prepare(ANY_FOR);
        let compiled = |rule: &Targeted| rule.any.as_ref().and_then(|any| any.get()).is_some();
        assert!(!compiled(&short));
        assert!(compiled(&long));
        for text in [
            "You are such a moron, and this policy is stupid.",
            "idiots like you",
            "The idiot minister's plan is stupid; shut up about it.",
            "you are not an idiot",
            "Nothing to see here.",
        ] {
            let norm = Normalized::new(text);
            assert_eq!(short.find(&norm), long.find(&norm), "{text}");
        }
        // A rules file's own template without an insult word is searched
        // on a long thread as on a short one: where the comment has no
        // insult word, not at all.
        let mut table = toml::Table::new();
        table.insert("words".into(), vec!["idiot".to_string()].into());
        let patterns = [
            r"\bgo\s+away\b".to_string(),
            r"\byou\s+{insult}".to_string(),
        ];
        table.insert("patterns".into(), patterns.to_vec().into());
        let own = Targeted::from_table(&table).unwrap();
        own.prepare(ANY_FOR);
        assert!(!compiled(&own));
        let norm = Normalized::new("please go away now");
        assert!(own.find(&norm).is_empty());
    }
}
