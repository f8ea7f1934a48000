//! What the learned list never holds: names of groups of people, and words
//! the annotated comments write as names (people, places, organisations).
//! Annotators mark both inside abusive sentences, so both reach high
//! shares; highlighted on their own they would present the group, the
//! place or the person itself as the abuse, in every comment naming it.

use std::ops::Range;

/// Names of groups of people, never learned. Annotators mark them inside
/// hateful sentences ("… are the biggest racists"), so they reach high
/// shares; highlighted on their own they would present the group itself as
/// the abuse, in every comment that names it.
pub const GROUP_NAMES: &[&str] = &[
    "african",
    "africans",
    "american",
    "americans",
    "arab",
    "arabs",
    "asian",
    "asians",
    "black",
    "blacks",
    "buddhist",
    "buddhists",
    "catholic",
    "catholics",
    "chinese",
    "christian",
    "christians",
    "conservative",
    "conservatives",
    "democrat",
    "democrats",
    "feminist",
    "feminists",
    "gay",
    "gays",
    "hindu",
    "hindus",
    "hispanic",
    "hispanics",
    "homosexual",
    "homosexuals",
    "immigrant",
    "immigrants",
    "indian",
    "indians",
    "islam",
    "islamic",
    "jew",
    "jewish",
    "jews",
    "latino",
    "latinos",
    "lesbian",
    "lesbians",
    "lgbt",
    "liberal",
    "liberals",
    "man",
    "men",
    "mexican",
    "mexicans",
    "migrant",
    "migrants",
    "muslim",
    "muslims",
    "native",
    "natives",
    "queer",
    "refugee",
    "refugees",
    "republican",
    "republicans",
    "trans",
    "transgender",
    "white",
    "whites",
    "woman",
    "women",
];

/// A word written with a capital inside a sentence in at least this share
/// of its uses there is a name (a person, a place, an organisation):
/// never learned, like [`GROUP_NAMES`]. Annotators mark names inside
/// abusive sentences, and highlighted alone a name would read as the
/// abuse in every comment that mentions it.
const NAME_SHARE: f64 = 0.8;

/// Uses inside a sentence a word needs before it can be told a name.
const NAME_MIN_USES: u32 = 2;

/// Whether the word at `range` of `text` is written as a name: a capital
/// and then lower-case letters ("Gaza"), not all capitals ("STUPID").
/// None at the start of a sentence, where every word has a capital, and
/// for words that are not letters alone.
pub(super) fn written_as_name(text: &str, range: Range<usize>) -> Option<bool> {
    let word = text.get(range.clone())?;
    if !word.chars().all(char::is_alphabetic) {
        return None;
    }
    let before = text[..range.start].trim_end_matches([' ', '\t']);
    match before.chars().next_back() {
        None | Some('.' | '!' | '?' | '\n' | '\r' | ':' | '"' | '\u{201C}' | '(' | '-') => {
            return None;
        }
        Some(_) => {}
    }
    let mut chars = word.chars();
    let first_upper = chars.next().is_some_and(char::is_uppercase);
    let rest = chars.as_str();
    Some(first_upper && !rest.is_empty() && rest.chars().all(char::is_lowercase))
}

/// How often each key (by number) is used inside a sentence, and how many
/// of those uses are written as a name ("Hamas", not "hamas" or "HAMAS").
#[derive(Debug, Default)]
pub(super) struct NameUses {
    inside_sentence: Vec<u32>,
    as_name: Vec<u32>,
}

impl NameUses {
    /// One use of key `key` inside a sentence.
    pub(super) fn count(&mut self, key: u32, is_name: bool) {
        let at = key as usize;
        if self.inside_sentence.len() <= at {
            self.inside_sentence.resize(at + 1, 0);
            self.as_name.resize(at + 1, 0);
        }
        self.inside_sentence[at] += 1;
        self.as_name[at] += u32::from(is_name);
    }

    /// Whether key `key` is a name: written as one in at least
    /// [`NAME_SHARE`] of at least [`NAME_MIN_USES`] uses inside a sentence.
    pub(super) fn is_name(&self, key: u32) -> bool {
        let at = key as usize;
        let uses = self.inside_sentence.get(at).copied().unwrap_or(0);
        let named = self.as_name.get(at).copied().unwrap_or(0);
        uses >= NAME_MIN_USES && f64::from(named) >= NAME_SHARE * f64::from(uses)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_word_is_written_as_a_name_with_a_capital_inside_a_sentence() {
        let at = |text: &str, word: &str| {
            let start = text.find(word).unwrap();
            written_as_name(text, start..start + word.len())
        };
        assert_eq!(at("they blame Gaza for it", "Gaza"), Some(true));
        assert_eq!(at("they blame gaza for it", "gaza"), Some(false));
        // All capitals is shouting, not a name.
        assert_eq!(at("you are STUPID", "STUPID"), Some(false));
        // At a sentence's start every word has a capital: not counted.
        assert_eq!(at("Gaza again. Idiot", "Idiot"), None);
        assert_eq!(at("Gaza again", "Gaza"), None);
        assert_eq!(at("see \"Idiot\" here", "Idiot"), None);
        // Not letters alone.
        assert_eq!(at("the F1 race", "F1"), None);
    }

    #[test]
    fn a_name_is_written_as_one_in_most_of_two_or_more_uses() {
        let mut uses = NameUses::default();
        uses.count(3, true);
        assert!(!uses.is_name(3), "one use is too few");
        uses.count(3, true);
        assert!(uses.is_name(3));
        // Four of five is the share; three of five is not.
        for is_name in [true, true, true, true, false] {
            uses.count(7, is_name);
        }
        for is_name in [true, true, true, false, false] {
            uses.count(8, is_name);
        }
        assert!(uses.is_name(7));
        assert!(!uses.is_name(8));
        uses.count(3, false);
        assert!(!uses.is_name(3), "two of three");
        assert!(!uses.is_name(99), "never counted");
    }
}
