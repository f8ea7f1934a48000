//! `word_shares` rules: words and phrases, each with the share of its uses
//! that readers marked as abusive (`threadmod learn --spans` counts them in
//! span-annotated comments). They highlight the words that make a comment
//! abusive the way annotators mark them: whole words, phrases ("shut up"),
//! and disguised words — masked ("f***", "sh*t"), spelled out ("i.d.i.o.t",
//! "f u c k"), with look-alike digits ("1d10t") or stretched ("stuuupid") —
//! each mapped back to its place in the comment.
//!
//! ```toml
//! [[rule]]
//! id = "abuse-words"
//! kind = "word_shares"
//! category = "abuse"
//! reason = "a word readers often mark as abusive"
//! flags = false
//! min_share = 0.55
//! relative = 0.7
//! floor = 0.2
//! [rule.words]
//! "idiot" = 0.93
//! "shut up" = 0.81
//! ```
//!
//! A word is highlighted when its share reaches `min_share`. In a comment
//! whose strongest word reaches `floor`, words reaching `relative` × that
//! strongest share are highlighted too: annotators mark the worst words of a
//! comment, so a word counts more in a comment with nothing worse in it.

use std::collections::BTreeMap;
use std::ops::Range;

use rustc_hash::FxHashMap;
use serde::Deserialize;

use super::config::settings;
use super::normalize::{Normalized, normalize_term};
use super::word_table::WordTable;

mod units;
pub use units::{Unit, units};
use units::{UnitBuffers, units_into};

/// The most words a phrase may have.
pub const LONGEST_PHRASE: usize = 3;

#[derive(Debug, Clone)]
pub struct WordShares {
    /// Normalised word or phrase (words one space apart) to its share and
    /// whether a phrase starts with it: one lookup per word of a comment.
    entries: WordTable<Entry>,
    /// Masked entries ("f***") aside: a masked word in a comment is compared
    /// with the words of the same length.
    by_length: FxHashMap<usize, Vec<(String, f64)>>,
    /// For each word that starts a phrase, the words that come second in
    /// its phrases: most words after "the" or "you" start no phrase with
    /// them, and are ruled out by a few comparisons instead of a lookup.
    second_words: Vec<Vec<String>>,
    longest: usize,
    pub min_share: f64,
    pub relative: f64,
    pub floor: f64,
    /// How many entries the list has, for `rules check`.
    pub len: usize,
}

/// What [`WordShares::find_normalized`] builds for each comment, kept for
/// the next.
#[derive(Debug, Default)]
struct FindBuffers {
    units: UnitBuffers,
    shares: Vec<Option<f64>>,
    ranges: Vec<Range<usize>>,
    phrase: String,
}

#[derive(Debug, Clone, Copy, Default)]
struct Entry {
    /// None for a word listed only as the start of a phrase.
    share: Option<f64>,
    /// Only where a phrase's first word stands does the phrase need looking
    /// up: the index in [`WordShares::second_words`] of the words that can
    /// follow it in a phrase, None when no phrase starts with it.
    phrase_start: Option<usize>,
    /// The language whose stop word this word is ("die": German), if any:
    /// in a comment in that language it is no abuse.
    stop_word_of: Option<u8>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Settings {
    /// Each word or phrase and the share of its uses marked as abusive (0–1).
    words: BTreeMap<String, f64>,
    #[serde(default = "default_min_share")]
    min_share: f64,
    /// Off unless set: only words reaching `min_share` are highlighted.
    #[serde(default = "one")]
    relative: f64,
    #[serde(default = "one")]
    floor: f64,
}

fn default_min_share() -> f64 {
    0.5
}

fn one() -> f64 {
    1.0
}

/// A word or a phrase of consecutive words, as a candidate to highlight.
#[derive(Debug, Clone, PartialEq)]
pub struct Candidate {
    pub key: String,
    pub range: Range<usize>,
    /// The units it spans, by index.
    pub units: Range<usize>,
}

/// Every word and every phrase of up to `longest` consecutive words (only
/// spaces between them) of normalised text.
pub fn candidates(text: &str, units: &[Unit], longest: usize) -> Vec<Candidate> {
    let mut out = Vec::with_capacity(units.len() * longest);
    for (i, u) in units.iter().enumerate() {
        out.push(Candidate {
            key: u.key.to_string(),
            range: u.range.clone(),
            units: i..i + 1,
        });
        let mut key = u.key.to_string();
        for j in i + 1..units.len().min(i + longest) {
            let gap = &text[units[j - 1].range.end..units[j].range.start];
            if !gap.chars().all(char::is_whitespace) {
                break;
            }
            key.push(' ');
            key.push_str(&units[j].key);
            out.push(Candidate {
                key: key.clone(),
                range: u.range.start..units[j].range.end,
                units: i..j + 1,
            });
        }
    }
    out
}

/// Which candidates to highlight, given their shares (None: not listed).
pub fn select(
    shares: &[Option<f64>],
    min_share: f64,
    relative: f64,
    floor: f64,
) -> impl Iterator<Item = usize> + '_ {
    let strongest = shares.iter().flatten().copied().fold(0.0, f64::max);
    let cut = if strongest >= floor && strongest > 0.0 {
        min_share.min(relative * strongest)
    } else {
        min_share
    };
    shares
        .iter()
        .enumerate()
        .filter(move |(_, s)| s.is_some_and(|s| s > 0.0 && s >= cut))
        .map(|(i, _)| i)
}

/// Whether `key` is a stretched word: a run of three or more of the same
/// letter, and some other character beside it. One letter drawn out ("FFF",
/// "zzz") is no word stretched: squeezed, it would read as the letter alone.
#[inline]
fn has_stretch(key: &str) -> bool {
    // Too short for a run of three and another character.
    if key.len() < 4 {
        return false;
    }
    if key.is_ascii() {
        has_stretch_ascii(key.as_bytes())
    } else {
        has_stretch_chars(key)
    }
}

/// [`has_stretch`] character by character.
fn has_stretch_chars(key: &str) -> bool {
    let mut previous = None;
    let mut run = 0;
    let mut stretched = false;
    for c in key.chars() {
        if previous == Some(c) {
            run += 1;
            stretched |= run >= 3 && c.is_alphabetic();
        } else {
            previous = Some(c);
            run = 1;
        }
    }
    stretched && key.chars().any(|c| Some(c) != previous)
}

/// [`has_stretch`] for ASCII text, a byte at a time: most words.
fn has_stretch_ascii(key: &[u8]) -> bool {
    let mut run = 1;
    let mut stretched = false;
    for pair in key.windows(2) {
        if pair[0] == pair[1] {
            run += 1;
            stretched |= run >= 3 && pair[1].is_ascii_alphabetic();
        } else {
            run = 1;
        }
    }
    // The last character, and some other one before it.
    let last = key[key.len() - 1];
    stretched && key.iter().any(|&b| b != last)
}

/// Whether ASCII `text` has the same letter three times running, the
/// least a stretched word has ([`has_stretch`]). Reads the whole text
/// without stopping early, so that it runs many bytes at a time.
fn has_ascii_letter_run(text: &[u8]) -> bool {
    let Some(n) = text.len().checked_sub(2) else {
        return false;
    };
    let (first, second, third) = (&text[..n], &text[1..n + 1], &text[2..]);
    first
        .chunks(64)
        .zip(second.chunks(64))
        .zip(third.chunks(64))
        .any(|((a, b), c)| {
            a.iter().zip(b).zip(c).fold(false, |run, ((&a, &b), &c)| {
                run | ((a == b) & (b == c) & a.is_ascii_alphabetic())
            })
        })
}

/// Runs of three or more of the same letter, shortened to one ("stuuupid"
/// → "stupid") or two ("cooool" → "cool"); None when there is none. Most
/// words have none: callers ask [`has_stretch`] before building anything.
fn squeezed(key: &str, keep: usize) -> Option<String> {
    let mut out = String::with_capacity(key.len());
    let mut changed = false;
    let mut chars = key.chars().peekable();
    while let Some(c) = chars.next() {
        let mut run = 1;
        while chars.peek() == Some(&c) {
            chars.next();
            run += 1;
        }
        let kept = if run >= 3 && c.is_alphabetic() {
            changed = true;
            keep
        } else {
            run
        };
        out.extend(std::iter::repeat_n(c, kept));
    }
    changed.then_some(out)
}

impl WordShares {
    pub fn from_table(table: &toml::Table) -> Result<WordShares, String> {
        let s: Settings = settings(table)?;
        for (what, v) in [
            ("min_share", s.min_share),
            ("relative", s.relative),
            ("floor", s.floor),
        ] {
            if !(0.0..=1.0).contains(&v) {
                return Err(format!("`{what}` must be between 0 and 1, not {v}"));
            }
        }
        let entries: Vec<(String, f64)> = s.words.into_iter().collect();
        WordShares::new(&entries, s.min_share, s.relative, s.floor)
    }

    /// A rule from entries (word or phrase, share) and its settings.
    pub fn new(
        entries: &[(String, f64)],
        min_share: f64,
        relative: f64,
        floor: f64,
    ) -> Result<WordShares, String> {
        let mut table: FxHashMap<String, Entry> = FxHashMap::default();
        let mut by_length: FxHashMap<usize, Vec<(String, f64)>> = FxHashMap::default();
        let mut second_words: Vec<Vec<String>> = Vec::new();
        let mut len = 0;
        let mut longest = 1;
        for (entry, share) in entries {
            if !(0.0..=1.0).contains(share) {
                return Err(format!(
                    "the share of '{entry}' must be between 0 and 1, not {share}"
                ));
            }
            let norm = normalize_term(entry);
            let keys: Vec<String> = units(&norm)
                .into_iter()
                .map(|u| u.key.into_owned())
                .collect();
            if keys.is_empty() || keys.len() > LONGEST_PHRASE {
                return Err(format!(
                    "'{entry}' has {} words; an entry is a word or a phrase of up to {LONGEST_PHRASE}",
                    keys.len()
                ));
            }
            longest = longest.max(keys.len());
            if keys.len() > 1 {
                let first = table.entry(keys[0].clone()).or_default();
                let at = *first.phrase_start.get_or_insert_with(|| {
                    second_words.push(Vec::new());
                    second_words.len() - 1
                });
                if !second_words[at].contains(&keys[1]) {
                    second_words[at].push(keys[1].clone());
                }
            }
            let key = keys.join(" ");
            if keys.len() == 1 && !key.contains('*') {
                by_length
                    .entry(key.chars().count())
                    .or_default()
                    .push((key.clone(), *share));
            }
            let listed = table.entry(key).or_default();
            if listed.share.is_none() {
                len += 1;
            }
            listed.share = Some(*share);
            if keys.len() == 1 {
                listed.stop_word_of = super::language::stop_word_language(&keys[0]);
            }
        }
        if len == 0 {
            return Err("`words` is empty; expected words with their shares".into());
        }
        Ok(WordShares {
            len,
            entries: WordTable::new(table),
            by_length,
            second_words,
            longest,
            min_share,
            relative,
            floor,
        })
    }

    /// The share of a word or phrase of a comment: as listed, or for a
    /// masked word the most abusive listed word it can stand for, or for a
    /// stretched word its usual spelling.
    pub fn share(&self, key: &str) -> Option<f64> {
        self.entries
            .get(key)
            .and_then(|e| e.share)
            .or_else(|| self.disguised_share(key))
    }

    /// The share of a word not listed as it stands: masked or stretched.
    fn disguised_share(&self, key: &str) -> Option<f64> {
        if key.contains('*') && !key.contains(' ') {
            let pattern: Vec<char> = key.chars().collect();
            return self
                .by_length
                .get(&pattern.len())?
                .iter()
                .filter(|(word, _)| word.chars().zip(&pattern).all(|(w, &p)| p == '*' || w == p))
                .map(|(_, s)| *s)
                .reduce(f64::max);
        }
        self.stretched_share(key)
    }

    /// The share of a stretched word by its usual spelling.
    #[inline]
    fn stretched_share(&self, key: &str) -> Option<f64> {
        // Most words have no such run: nothing to build.
        if !has_stretch(key) {
            return None;
        }
        [1, 2]
            .into_iter()
            .filter_map(|keep| squeezed(key, keep))
            .find_map(|k| self.entries.get(&k).and_then(|e| e.share))
    }

    /// Normalised ranges of the words to highlight, in order, overlaps merged.
    pub fn find_normalized(&self, norm: &Normalized) -> Vec<Range<usize>> {
        thread_local! {
            // Reused from comment to comment: no allocation per comment.
            static BUFFERS: std::cell::RefCell<FindBuffers> = std::cell::RefCell::default();
        }
        BUFFERS.with_borrow_mut(|buffers| self.find_with(norm, buffers))
    }

    fn find_with(&self, norm: &Normalized, buffers: &mut FindBuffers) -> Vec<Range<usize>> {
        let text = &norm.text;
        let FindBuffers {
            units: found,
            shares,
            ranges,
            phrase,
        } = buffers;
        units_into(text, norm.words(), found);
        let units = &found.units;
        let joined = found.joined.as_str();
        // The same candidates as [`candidates`] gives, each looked up as it
        // is met: most words are in no phrase and need no key of their own.
        shares.clear();
        ranges.clear();
        // A stop word of the comment's own language ("die" in German) is no
        // abuse, whatever its share in the comments the list was learned
        // from; the comment's language is told only once such a word is met.
        let mut language: Option<Option<u8>> = None;
        // Most comments have no letter three times running: no word of
        // theirs as written is stretched, and none needs asking.
        let may_stretch = !text.is_ascii() || has_ascii_letter_run(text.as_bytes());
        for (i, u) in units.iter().enumerate() {
            let key = u.key(text, joined);
            let entry = self.entries.get(key);
            let own_stop_word = entry.and_then(|e| e.stop_word_of).is_some_and(|l| {
                *language.get_or_insert_with(|| super::language::text_language(text)) == Some(l)
            });
            let share = if own_stop_word {
                None
            } else {
                entry.and_then(|e| e.share).or_else(|| match u.joined {
                    // A word as written has no mask: at most stretched.
                    None if may_stretch => self.stretched_share(key),
                    None => None,
                    Some(_) => self.disguised_share(key),
                })
            };
            // Only listed words can be highlighted: the others are not kept.
            if share.is_some() {
                shares.push(share);
                ranges.push(u.range.clone());
            }
            let Some(seconds) = entry
                .and_then(|e| e.phrase_start)
                .and_then(|at| self.second_words.get(at))
            else {
                continue;
            };
            // No phrase goes on with the next word: none to look up.
            if !units
                .get(i + 1)
                .is_some_and(|next| seconds.iter().any(|s| s == next.key(text, joined)))
            {
                continue;
            }
            phrase.clear();
            phrase.push_str(key);
            for j in i + 1..units.len().min(i + self.longest) {
                let gap = &text[units[j - 1].range.end..units[j].range.start];
                if !gap.chars().all(char::is_whitespace) {
                    break;
                }
                phrase.push(' ');
                phrase.push_str(units[j].key(text, joined));
                if let Some(s) = self.entries.get(phrase).and_then(|e| e.share) {
                    shares.push(Some(s));
                    ranges.push(u.range.start..units[j].range.end);
                }
            }
        }
        let mut found: Vec<Range<usize>> =
            select(shares, self.min_share, self.relative, self.floor)
                .map(|i| ranges[i].clone())
                .collect();
        found.sort_by_key(|r| (r.start, r.end));
        let mut merged: Vec<Range<usize>> = Vec::with_capacity(found.len());
        for r in found {
            match merged.last_mut() {
                Some(last) if r.start < last.end => last.end = last.end.max(r.end),
                _ => merged.push(r),
            }
        }
        merged
    }

    /// Original byte ranges of the words to highlight.
    pub fn find(&self, norm: &Normalized) -> Vec<Range<usize>> {
        norm.original_ranges(self.find_normalized(norm))
    }
}

pub const KIND: super::kind::Kind = super::kind::Kind {
    name: "word_shares",
    parse: |table, _| Ok(std::sync::Arc::new(WordShares::from_table(table)?)),
};

impl super::kind::RuleCheck for WordShares {
    fn check<'f>(
        &self,
        ctx: &super::Context,
        _: &super::kind::Earlier<'f>,
    ) -> Option<super::kind::Hit> {
        super::kind::Hit::words(self.find(ctx.normalized))
    }
}

#[cfg(test)]
mod tests;
