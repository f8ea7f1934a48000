//! The words of a comment as the `word_shares` rule reads them: plain
//! words, and disguised ones put back together — masked ("f***") with the
//! mask kept as `*`, spelled out ("i.d.i.o.t", "f u c k") joined.

use std::borrow::Cow;
use std::ops::Range;

use crate::rules::normalize::word_ranges;

/// Characters that mask letters in a word ("f***", "sh#t").
fn is_mask(c: char) -> bool {
    matches!(c, '*' | '#')
}

/// Characters that may separate the letters of a spelled-out word.
fn is_letter_gap(c: char) -> bool {
    matches!(c, ' ' | '.' | '-' | '_' | '*')
}

/// One word of a comment as the rule reads it: its key (normalised, a
/// masked letter as `*`) and its range in the normalised text.
#[derive(Debug, Clone, PartialEq)]
pub struct Unit<'a> {
    /// Borrowed from the text unless the word was disguised.
    pub key: Cow<'a, str>,
    pub range: Range<usize>,
}

/// The words of normalised text, disguises undone: masked words keep their
/// mask as `*`, letters spelled out one by one are joined.
pub fn units(text: &str) -> Vec<Unit<'_>> {
    let mut found = UnitBuffers::default();
    units_into(text, &word_ranges(text), &mut found);
    found
        .units
        .iter()
        .map(|u| Unit {
            key: match &u.joined {
                None => Cow::Borrowed(&text[u.range.clone()]),
                Some(k) => Cow::Owned(found.joined[k.clone()].to_string()),
            },
            range: u.range.clone(),
        })
        .collect()
}

/// A unit as [`units_into`] finds it: its range in the text, and where its
/// key is when it is not the text of that range.
#[derive(Debug, Clone)]
pub(super) struct UnitSpan {
    pub(super) range: Range<usize>,
    /// Range of the key in [`UnitBuffers::joined`], for a disguised word.
    pub(super) joined: Option<Range<usize>>,
}

impl UnitSpan {
    pub(super) fn key<'a>(&self, text: &'a str, joined: &'a str) -> &'a str {
        match &self.joined {
            None => &text[self.range.clone()],
            Some(k) => &joined[k.clone()],
        }
    }
}

/// The units of one text, in buffers reused from comment to comment: no
/// allocation per word or per comment once they have grown.
#[derive(Debug, Default)]
pub(super) struct UnitBuffers {
    pub(super) units: Vec<UnitSpan>,
    /// The keys of disguised words, one after another.
    pub(super) joined: String,
}

/// Fills `found` with the units of `text`, as [`units`] gives them, from
/// its words (runs of letters and digits, [`Normalized::words`]).
///
/// [`Normalized::words`]: crate::rules::normalize::Normalized::words
pub(super) fn units_into(text: &str, tokens: &[Range<usize>], found: &mut UnitBuffers) {
    let UnitBuffers { units: out, joined } = found;
    out.clear();
    joined.clear();
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < tokens.len() {
        // Spelled out: three or more single letters, one to three separators apart.
        let mut end = i;
        while end + 1 < tokens.len()
            && is_single_letter(text, &tokens[end])
            && is_single_letter(text, &tokens[end + 1])
            && letter_gap(text, tokens[end].end..tokens[end + 1].start)
        {
            end += 1;
        }
        if end >= i + 2 {
            let from = joined.len();
            for r in &tokens[i..=end] {
                joined.push_str(&text[r.clone()]);
            }
            out.push(UnitSpan {
                range: tokens[i].start..tokens[end].end,
                joined: Some(from..joined.len()),
            });
            i = end + 1;
            continue;
        }
        // Masked: letters and mask characters with nothing else between.
        // Mask characters are ASCII: a byte each.
        let mut last = i;
        let mut at = tokens[i].end;
        let mut masks = 0;
        let mut inner_mask = false;
        loop {
            let run = bytes[at..].iter().take_while(|&&b| is_mask_byte(b)).count();
            if run == 0 {
                break;
            }
            masks += run;
            at += run;
            if last + 1 < tokens.len() && tokens[last + 1].start == at {
                inner_mask = true;
                last += 1;
                at = tokens[last].end;
            } else {
                break;
            }
        }
        // One star after a word is a footnote ("Trump*"), not a mask.
        if masks > 0 && (inner_mask || masks >= 2) {
            let from = joined.len();
            joined.extend(
                text[tokens[i].start..at]
                    .chars()
                    .map(|c| if is_mask(c) { '*' } else { c }),
            );
            out.push(UnitSpan {
                range: tokens[i].start..at,
                joined: Some(from..joined.len()),
            });
            i = last + 1;
            continue;
        }
        out.push(UnitSpan {
            range: tokens[i].clone(),
            joined: None,
        });
        i += 1;
    }
}

/// [`is_mask`] for a byte of UTF-8 text.
fn is_mask_byte(b: u8) -> bool {
    matches!(b, b'*' | b'#')
}

fn is_single_letter(text: &str, r: &Range<usize>) -> bool {
    let mut chars = text[r.clone()].chars();
    matches!((chars.next(), chars.next()), (Some(c), None) if c.is_alphabetic())
}

fn letter_gap(text: &str, gap: Range<usize>) -> bool {
    let between = &text[gap];
    (1..=3).contains(&between.chars().count()) && between.chars().all(is_letter_gap)
}
