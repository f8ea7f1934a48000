//! `weighted` rules: a score made of words, word pairs and earlier rules,
//! each with a weight; the rule fires when the score reaches its threshold.
//!
//! Weights can be written by hand or learned from past decisions
//! (`threadmod learn`, in learn/, writes the default insult score). A word
//! can also weigh differently when it is aimed at the reader ("you … idiot",
//! "idiots like you"): the same word about a third party is often no insult.
//! The finding says what added up, so a moderator sees why it fired.

use std::collections::BTreeMap;
use std::ops::Range;

use rustc_hash::{FxHashMap, FxHashSet};
use serde::Deserialize;

mod explain;

pub use explain::{Contribution, Explanation, Part};

use super::config::{Rule, settings};
use super::normalize::{Normalized, normalize_term, word_ranges};

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct Settings {
    /// The rule fires when bias + the weights present reach this.
    #[serde(default)]
    threshold: f64,
    #[serde(default)]
    bias: f64,
    /// Weight of each earlier rule (by id) that fired on the comment.
    #[serde(default)]
    rules: BTreeMap<String, f64>,
    /// Weight of ln(1 + how often the weighed rules matched), see [`rule_hits`].
    #[serde(default)]
    rule_hits: f64,
    /// Terms weigh fully in comments of up to this many words, and by
    /// sqrt(this / words) in longer ones (see [`term_scale`]); 0: always fully.
    #[serde(default)]
    full_weight_words: usize,
    /// Weight of each word or pair of words present in the comment.
    #[serde(default)]
    terms: BTreeMap<String, f64>,
    /// Weight of each word when it is aimed at the reader (see [`AIMED_WINDOW`]).
    #[serde(default)]
    aimed: BTreeMap<String, f64>,
    /// Terms at least this heavy are highlighted as the words that fired.
    #[serde(default = "default_highlight")]
    highlight_min: f64,
}

fn default_highlight() -> f64 {
    0.5
}

#[derive(Debug, Clone)]
pub struct Weighted {
    pub threshold: f64,
    bias: f64,
    highlight_min: f64,
    /// Index of an earlier rule in the rule set, its id and its weight.
    rules: Vec<(usize, String, f64)>,
    /// Weight of [`rule_hits`] of the rules above.
    rule_hits: f64,
    /// See [`term_scale`].
    full_weight_words: usize,
    /// Every word of every term, to its number; words outside it cannot
    /// start or end a term, so most words of a comment cost one lookup.
    vocabulary: FxHashMap<String, u32>,
    /// Weight of each word on its own, by its number (0 when it only occurs in pairs).
    single: Vec<Option<f64>>,
    /// Weight of each pair of words, by their numbers.
    pairs: FxHashMap<(u32, u32), f64>,
    /// Weight of each word aimed at the reader, by its number.
    aimed: Vec<Option<f64>>,
    /// Whether a word, by its number, is the first of any pair: most are
    /// not, and need no pair lookup.
    starts_pair: Vec<bool>,
    /// Each word by its number, to name the terms that fired.
    names: Vec<String>,
}

/// A term found in a comment: one word or a pair, by vocabulary numbers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Term {
    One(u32),
    Pair(u32, u32),
    Aimed(u32),
}

/// The terms already counted in the comment being scored. Single words
/// are marked with the comment's stamp, so starting the next comment clears
/// nothing; pairs are few and go in a set.
#[derive(Default)]
struct Seen {
    stamp: u32,
    single: Vec<u32>,
    aimed: Vec<u32>,
    pairs: FxHashSet<(u32, u32)>,
}

impl Seen {
    fn start(&mut self, words: usize) {
        self.pairs.clear();
        if self.single.len() < words {
            self.single.resize(words, 0);
            self.aimed.resize(words, 0);
        }
        self.stamp = self.stamp.wrapping_add(1);
        if self.stamp == 0 {
            // Wrapped: stamps from four billion comments ago would match.
            self.single.fill(0);
            self.aimed.fill(0);
            self.stamp = 1;
        }
    }

    fn first_time(&mut self, term: Term) -> bool {
        match term {
            Term::One(id) | Term::Aimed(id) => {
                let marks = if matches!(term, Term::One(_)) {
                    &mut self.single
                } else {
                    &mut self.aimed
                };
                let mark = &mut marks[id as usize];
                let first = *mark != self.stamp;
                *mark = self.stamp;
                first
            }
            Term::Pair(a, b) => self.pairs.insert((a, b)),
        }
    }
}

/// Words that address the reader; "you're" is read as "you" "re".
pub const YOU_WORDS: [&str; 7] = ["you", "your", "youre", "u", "ur", "ya", "yourself"];

/// A word is aimed at the reader when one of [`YOU_WORDS`] is at most this
/// many words before it ("you are an idiot", "you're a moron": three).
pub const AIMED_WINDOW: usize = 3;

fn is_you_word(word: &str) -> bool {
    // Asked of every word of every comment: most fail on their first byte.
    word.as_bytes()
        .first()
        .is_some_and(|&b| YOU_WORD_FIRST_BYTES[usize::from(b)])
        && YOU_WORDS.contains(&word)
}

/// The bytes [`YOU_WORDS`] start with.
static YOU_WORD_FIRST_BYTES: [bool; 256] = {
    let mut table = [false; 256];
    let mut i = 0;
    while i < YOU_WORDS.len() {
        table[YOU_WORDS[i].as_bytes()[0] as usize] = true;
        i += 1;
    }
    table
};

/// What the word walk reports: each word, and each word aimed at the reader.
#[derive(Debug, Clone, PartialEq)]
enum WordEvent {
    Word(Range<usize>),
    /// May come after later words: "idiots like you" is known at "you".
    Aimed(Range<usize>),
}

/// Walks the words of normalised text, reporting which are aimed at the
/// reader: those up to [`AIMED_WINDOW`] words after a word of
/// [`YOU_WORDS`], and a word right before "like you". Scoring and learning
/// both walk this way, so learned aimed weights mean the same when scored.
fn walk_words(norm: &Normalized, mut event: impl FnMut(WordEvent)) {
    let text = &norm.text;
    let mut last_you: Option<usize> = None;
    // The two words before the current one.
    let mut before: [Option<Range<usize>>; 2] = [None, None];
    for (index, &Range { start: s, end: e }) in norm.words().iter().enumerate() {
        let word = &text[s..e];
        event(WordEvent::Word(s..e));
        if is_you_word(word) {
            if word == "you"
                && let [Some(first), Some(like)] = &before
                && &text[like.clone()] == "like"
                && !is_you_word(&text[first.clone()])
            {
                event(WordEvent::Aimed(first.clone()));
            }
            last_you = Some(index);
        } else if last_you.is_some_and(|at| index - at <= AIMED_WINDOW) {
            event(WordEvent::Aimed(s..e));
        }
        before = [before[1].take(), Some(s..e)];
    }
}

/// A term of the weighted rule by its words, as the rules file names it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum TermName {
    Word(String),
    Pair(String, String),
    /// A word aimed at the reader.
    Aimed(String),
}

impl TermName {
    /// How a finding names the term.
    pub fn describe(&self) -> String {
        match self {
            TermName::Word(w) => format!("“{w}”"),
            TermName::Pair(a, b) => format!("“{a} {b}”"),
            TermName::Aimed(w) => format!("aimed “{w}”"),
        }
    }
}

/// Every term of a comment, each once: its words, its pairs of adjacent
/// words and its words aimed at the reader (what a weight can be learned for).
pub fn comment_terms(norm: &Normalized) -> Vec<TermName> {
    let text = &norm.text;
    let mut out: FxHashSet<TermName> = FxHashSet::default();
    let mut previous: Option<Range<usize>> = None;
    walk_words(norm, |event| match event {
        WordEvent::Word(r) => {
            out.insert(TermName::Word(text[r.clone()].to_string()));
            if let Some(p) = previous.replace(r.clone()) {
                out.insert(TermName::Pair(text[p].to_string(), text[r].to_string()));
            }
        }
        WordEvent::Aimed(r) => {
            out.insert(TermName::Aimed(text[r].to_string()));
        }
    });
    let mut terms: Vec<TermName> = out.into_iter().collect();
    terms.sort();
    terms
}

/// How strongly the weighed rules matched, as the score counts it: ln(1 +
/// their matches). Each rule's own weight counts once however often it
/// matches; this grows slowly with repeats ("idiot … moron … shut up"), and
/// is shared by all the rules, so rules that rarely fire alone still add up.
pub fn rule_hits(matches: usize) -> f64 {
    (matches as f64).ln_1p()
}

/// How much the terms of a comment of `words` words weigh: fully up to
/// `full_weight_words`, then by sqrt(full_weight_words / words). A long
/// comment holds many words, each a little for or against; summed at full
/// weight they drown the few that matter, and a long rant would score below
/// its one-line insult.
pub fn term_scale(full_weight_words: usize, words: usize) -> f64 {
    if full_weight_words == 0 || words <= full_weight_words {
        1.0
    } else {
        (full_weight_words as f64 / words as f64).sqrt()
    }
}

/// The number of words of normalised text, as terms are counted.
pub fn word_count(norm: &Normalized) -> usize {
    norm.words().len()
}

/// The weights of a weighted rule, by name: what learning starts from.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Weights {
    pub bias: f64,
    pub threshold: f64,
    pub rules: Vec<(String, f64)>,
    /// The weight of [`rule_hits`].
    pub rule_hits: f64,
    /// See [`term_scale`].
    pub full_weight_words: usize,
    pub terms: Vec<(TermName, f64)>,
}

impl Weighted {
    /// This rule's weights by name.
    pub fn weights(&self) -> Weights {
        let mut terms = Vec::new();
        for (id, name) in self.names.iter().enumerate() {
            if let Some(w) = self.single[id] {
                terms.push((TermName::Word(name.clone()), w));
            }
            if let Some(w) = self.aimed[id] {
                terms.push((TermName::Aimed(name.clone()), w));
            }
        }
        for (&(a, b), &w) in &self.pairs {
            let pair = TermName::Pair(
                self.names[a as usize].clone(),
                self.names[b as usize].clone(),
            );
            terms.push((pair, w));
        }
        terms.sort_by(|a, b| a.0.cmp(&b.0));
        Weights {
            bias: self.bias,
            threshold: self.threshold,
            rules: self
                .rules
                .iter()
                .map(|(_, id, w)| (id.clone(), *w))
                .collect(),
            rule_hits: self.rule_hits,
            full_weight_words: self.full_weight_words,
            terms,
        }
    }

    /// `earlier` are the rules before this one; only they can be weighed.
    pub fn from_table(table: &toml::Table, earlier: &[Rule]) -> Result<Weighted, String> {
        let s: Settings = settings(table)?;
        let finite = |what: &str, w: f64| {
            if w.is_finite() {
                Ok(w)
            } else {
                Err(format!("{what} must be a finite number"))
            }
        };
        finite("threshold", s.threshold)?;
        finite("bias", s.bias)?;
        finite("rule_hits", s.rule_hits)?;
        let mut rules = Vec::new();
        for (id, &w) in &s.rules {
            finite(&format!("the weight of rule '{id}'"), w)?;
            let Some(index) = earlier.iter().position(|r| *r.meta.id == **id) else {
                let known: Vec<&str> = earlier.iter().map(|r| &*r.meta.id).collect();
                return Err(format!(
                    "`rules` names '{id}', which is not a rule above this one; rules above: {}",
                    if known.is_empty() {
                        "none".to_string()
                    } else {
                        known.join(", ")
                    }
                ));
            };
            rules.push((index, id.clone(), w));
        }
        let mut vocabulary: FxHashMap<String, u32> = FxHashMap::default();
        let mut single: Vec<Option<f64>> = Vec::new();
        let mut pairs: FxHashMap<(u32, u32), f64> = FxHashMap::default();
        let mut aimed: Vec<Option<f64>> = Vec::new();
        let mut number =
            |word: &str, single: &mut Vec<Option<f64>>, aimed: &mut Vec<Option<f64>>| {
                let next = u32::try_from(vocabulary.len()).unwrap_or(u32::MAX);
                *vocabulary.entry(word.to_string()).or_insert_with(|| {
                    single.push(None);
                    aimed.push(None);
                    next
                })
            };
        for (term, &w) in &s.terms {
            finite(&format!("the weight of term '{term}'"), w)?;
            let norm = normalize_term(term);
            let parts: Vec<&str> = word_ranges(&norm).into_iter().map(|r| &norm[r]).collect();
            if parts.is_empty() || parts.len() > 2 {
                return Err(format!(
                    "term '{term}' has {} words; a term is one word or two",
                    parts.len()
                ));
            }
            match parts[..] {
                [one] => {
                    let id = number(one, &mut single, &mut aimed) as usize;
                    single[id] = Some(single[id].unwrap_or(0.0) + w);
                }
                [first, second] => {
                    let key = (
                        number(first, &mut single, &mut aimed),
                        number(second, &mut single, &mut aimed),
                    );
                    *pairs.entry(key).or_insert(0.0) += w;
                }
                _ => {}
            }
        }
        for (term, &w) in &s.aimed {
            finite(&format!("the weight of aimed word '{term}'"), w)?;
            let norm = normalize_term(term);
            let parts: Vec<&str> = word_ranges(&norm).into_iter().map(|r| &norm[r]).collect();
            let [one] = parts[..] else {
                return Err(format!(
                    "aimed word '{term}' has {} words; an aimed term is one word",
                    parts.len()
                ));
            };
            let id = number(one, &mut single, &mut aimed) as usize;
            aimed[id] = Some(aimed[id].unwrap_or(0.0) + w);
        }
        if rules.is_empty() && vocabulary.is_empty() {
            return Err("expected `rules`, `terms` or `aimed` with at least one weight".into());
        }
        let mut names = vec![String::new(); vocabulary.len()];
        for (word, &id) in &vocabulary {
            names[id as usize] = word.clone();
        }
        let mut starts_pair = vec![false; names.len()];
        for &(first, _) in pairs.keys() {
            starts_pair[first as usize] = true;
        }
        Ok(Weighted {
            starts_pair,
            names,
            threshold: s.threshold,
            bias: s.bias,
            rule_hits: s.rule_hits,
            full_weight_words: s.full_weight_words,
            highlight_min: s.highlight_min,
            rules,
            vocabulary,
            single,
            pairs,
            aimed,
        })
    }

    /// Calls `found` for every occurrence of a term, in text order (an
    /// aimed word before "like you" when "you" is reached), with its weight
    /// and normalised range.
    /// Reports each weighed term of the comment; returns its number of words.
    fn scan(&self, norm: &Normalized, mut found: impl FnMut(Term, f64, Range<usize>)) -> usize {
        let text = &norm.text;
        let mut previous: Option<(u32, usize)> = None;
        let mut words = 0;
        // The last three words' starts and ids: an aimed word is one of
        // them, so it needs no second lookup.
        let mut recent: [(usize, Option<u32>); 3] = [(usize::MAX, None); 3];
        walk_words(norm, |event| match event {
            WordEvent::Word(word) => {
                words += 1;
                let id = self.vocabulary.get(&text[word.clone()]).copied();
                recent[words % 3] = (word.start, id);
                let Some(id) = id else {
                    previous = None;
                    return;
                };
                if let Some(w) = self.single[id as usize] {
                    found(Term::One(id), w, word.clone());
                }
                if let Some((prev, prev_start)) = previous
                    && self.starts_pair[prev as usize]
                    && let Some(&w) = self.pairs.get(&(prev, id))
                {
                    found(Term::Pair(prev, id), w, prev_start..word.end);
                }
                previous = Some((id, word.start));
            }
            WordEvent::Aimed(word) => {
                let id = match recent.iter().find(|(start, _)| *start == word.start) {
                    Some(&(_, id)) => id,
                    None => self.vocabulary.get(&text[word.clone()]).copied(),
                };
                if let Some(id) = id
                    && let Some(w) = self.aimed[id as usize]
                {
                    found(Term::Aimed(id), w, word);
                }
            }
        });
        words
    }

    /// The score of a comment: bias, earlier rules that fired (`fired`
    /// gives how often a rule matched, None when it did not fire), and each
    /// term present, counted once however often it occurs (as it was
    /// learned), all terms together scaled by [`term_scale`].
    pub fn score(&self, norm: &Normalized, fired: impl Fn(usize) -> Option<usize>) -> f64 {
        self.score_noting(norm, fired, |_, _, _| {})
    }

    /// [`Weighted::score`], calling `met` for every occurrence of a term
    /// as [`Weighted::scan`] reports it: a comment that fires is explained
    /// from these, without reading its words twice.
    fn score_noting(
        &self,
        norm: &Normalized,
        fired: impl Fn(usize) -> Option<usize>,
        mut met: impl FnMut(Term, f64, Range<usize>),
    ) -> f64 {
        let mut score = self.bias;
        let mut matches = 0;
        for (index, _, w) in &self.rules {
            if let Some(n) = fired(*index) {
                score += w;
                matches += n;
            }
        }
        score += self.rule_hits * rule_hits(matches);
        thread_local! {
            // Reused from comment to comment: no allocation per comment.
            static SEEN: std::cell::RefCell<Seen> = std::cell::RefCell::default();
        }
        let mut terms = 0.0;
        let words = SEEN.with_borrow_mut(|seen| {
            seen.start(self.names.len());
            self.scan(norm, |term, w, range| {
                if seen.first_time(term) {
                    terms += w;
                }
                met(term, w, range);
            })
        });
        score + terms * term_scale(self.full_weight_words, words)
    }
}

pub const KIND: super::kind::Kind = super::kind::Kind {
    name: "weighted",
    parse: |table, earlier| Ok(std::sync::Arc::new(Weighted::from_table(table, earlier)?)),
};

impl super::kind::RuleCheck for Weighted {
    fn check<'f>(
        &self,
        ctx: &super::Context,
        earlier: &super::kind::Earlier<'f>,
    ) -> Option<super::kind::Hit> {
        let (spans, measure) = Weighted::check(self, ctx.normalized, earlier)?;
        Some(super::kind::Hit {
            spans,
            measure: Some(measure),
        })
    }
}

#[cfg(test)]
mod tests;
