//! The ASCII image of a text for one pattern: each non-ASCII character
//! replaced by an ASCII byte that every class, literal and word boundary
//! of the pattern treats alike, so that the lazy DFA, which gives up on a
//! Unicode word boundary next to a non-ASCII character, searches the image
//! at full speed and finds the same matches, character for character.

use regex_syntax::hir::{self, Class, Hir, HirKind};
use rustc_hash::FxHashMap;

/// How a pattern sees characters, so that a non-ASCII text can be searched
/// in an all-ASCII copy with the same matches ([`AsciiImage::of`]).
#[derive(Debug)]
pub(super) struct AsciiImage {
    /// The pattern's classes that hold non-ASCII characters ("\w", ".",
    /// "[^a]", a case-folded "s" with "ſ"), as sorted ranges.
    wide_classes: Vec<Vec<(char, char)>>,
    /// Whether the pattern tests Unicode / ASCII word boundaries.
    word_unicode: bool,
    word_ascii: bool,
    /// For each way of belonging to `wide_classes` and of being a word
    /// character, an ASCII byte that belongs so and to no class that is
    /// all ASCII (so it matches no literal either).
    stand_ins: FxHashMap<u128, u8>,
    /// The stand-in of each character from U+0080 to [`COMMON_END`], or
    /// [`NO_STAND_IN`]: worked out when the first non-ASCII text is
    /// searched, since a rule may never see one, and working it out for
    /// every pattern slowed the loading of the rules.
    common: std::sync::OnceLock<Box<[u8]>>,
}

impl AsciiImage {
    /// None when the pattern tests bytes beyond ASCII one by one, or has
    /// more distinct classes than a signature holds.
    pub(super) fn new(hir: &Hir) -> Option<AsciiImage> {
        let mut wide: Vec<Vec<(char, char)>> = Vec::new();
        let mut taken = [false; 128];
        collect_classes(hir, &mut wide, &mut taken)?;
        wide.sort();
        wide.dedup();
        let looks = hir.properties().look_set();
        let mut image = AsciiImage {
            wide_classes: wide,
            word_unicode: looks.contains_word_unicode(),
            word_ascii: looks.contains_word_ascii(),
            stand_ins: FxHashMap::default(),
            common: std::sync::OnceLock::new(),
        };
        if image.wide_classes.len() > 126 {
            return None;
        }
        // Line ends are left out: anchors such as "(?m)^" look at them.
        for b in (0u8..128).filter(|&b| !taken[usize::from(b)] && b != b'\n' && b != b'\r') {
            let signature = image.signature(char::from(b));
            image.stand_ins.entry(signature).or_insert(b);
        }
        Some(image)
    }

    /// The table of [`AsciiImage::common`], worked out.
    fn common(&self) -> &[u8] {
        self.common.get_or_init(|| {
            (0x80..COMMON_END)
                .map(|u| {
                    char::from_u32(u)
                        .and_then(|c| self.stand_ins.get(&self.signature(c)).copied())
                        .unwrap_or(NO_STAND_IN)
                })
                .collect()
        })
    }

    /// Which of the pattern's wide classes hold `c`, and whether it is a
    /// word character in the senses the pattern tests.
    fn signature(&self, c: char) -> u128 {
        let mut bits = 0u128;
        for (i, class) in self.wide_classes.iter().enumerate() {
            let inside = class
                .binary_search_by(|&(lo, hi)| {
                    if hi < c {
                        std::cmp::Ordering::Less
                    } else if lo > c {
                        std::cmp::Ordering::Greater
                    } else {
                        std::cmp::Ordering::Equal
                    }
                })
                .is_ok();
            bits |= u128::from(inside) << i;
        }
        if self.word_unicode && regex_syntax::is_word_character(c) {
            bits |= 1 << 126;
        }
        if self.word_ascii && (c.is_ascii_alphanumeric() || c == '_') {
            bits |= 1 << 127;
        }
        bits
    }

    /// The stand-in of `c`, if it has one: from the table for the common
    /// characters, worked out for the rest.
    fn stand_in(&self, c: char) -> Option<u8> {
        match self.common().get((c as usize).wrapping_sub(0x80)) {
            Some(&NO_STAND_IN) => None,
            Some(&b) => Some(b),
            None => self.stand_ins.get(&self.signature(c)).copied(),
        }
    }

    /// `haystack` with each non-ASCII character replaced by its stand-in,
    /// and where the two part ([`Image::original`]). None when some
    /// character has no stand-in.
    pub(super) fn of(&self, haystack: &str) -> Option<Image> {
        let mut ascii = Vec::with_capacity(haystack.len());
        let mut shifts = Vec::new();
        let mut rest = haystack;
        while let Some(at) = rest.bytes().position(|b| !b.is_ascii()) {
            ascii.extend_from_slice(&rest.as_bytes()[..at]);
            let c = rest[at..].chars().next()?;
            ascii.push(self.stand_in(c)?);
            let extra = shifts.last().map_or(0, |&(_, e)| e) + (c.len_utf8() as u32 - 1);
            shifts.push((u32::try_from(ascii.len()).ok()?, extra));
            rest = &rest[at + c.len_utf8()..];
        }
        ascii.extend_from_slice(rest.as_bytes());
        // Only ASCII bytes were pushed.
        Some(Image {
            ascii: String::from_utf8(ascii).ok()?,
            shifts,
        })
    }
}

/// A text's ASCII image ([`AsciiImage::of`]).
pub(super) struct Image {
    pub(super) ascii: String,
    /// After each stand-in: its end in `ascii`, and how many bytes longer
    /// the text is than `ascii` up to there.
    shifts: Vec<(u32, u32)>,
}

impl Image {
    /// The text's offset of `ascii`'s offset `at` (a character boundary).
    pub(super) fn original(&self, at: usize) -> usize {
        let passed = self.shifts.partition_point(|&(end, _)| end as usize <= at);
        at + passed
            .checked_sub(1)
            .map_or(0, |i| self.shifts[i].1 as usize)
    }
}

/// In [`AsciiImage`]'s table: the character has no stand-in.
const NO_STAND_IN: u8 = 0xFF;

/// Characters below this have their stand-in looked up in a table: Latin
/// letters, typographic quotes, dashes, bullets and the like.
const COMMON_END: u32 = 0x3000;

/// Sorts the classes and literals of `hir`: those holding non-ASCII
/// characters into `wide`, and the ASCII bytes of the others into `taken`.
/// None when a class or literal holds non-ASCII bytes one by one.
fn collect_classes(
    hir: &Hir,
    wide: &mut Vec<Vec<(char, char)>>,
    taken: &mut [bool; 128],
) -> Option<()> {
    match hir.kind() {
        HirKind::Empty | HirKind::Look(_) => {}
        HirKind::Literal(hir::Literal(bytes)) => {
            for &b in bytes.iter() {
                *taken.get_mut(usize::from(b))? = true;
            }
        }
        HirKind::Class(Class::Unicode(class)) => {
            let ranges: Vec<(char, char)> = class
                .ranges()
                .iter()
                .map(|r| (r.start(), r.end()))
                .collect();
            if ranges.last().is_some_and(|&(_, hi)| !hi.is_ascii()) {
                wide.push(ranges);
            } else {
                for &(lo, hi) in &ranges {
                    for b in lo as u8..=hi as u8 {
                        taken[usize::from(b)] = true;
                    }
                }
            }
        }
        HirKind::Class(Class::Bytes(class)) => {
            for r in class.ranges() {
                for b in r.start()..=r.end() {
                    *taken.get_mut(usize::from(b))? = true;
                }
            }
        }
        HirKind::Repetition(r) => collect_classes(&r.sub, wide, taken)?,
        HirKind::Capture(c) => collect_classes(&c.sub, wide, taken)?,
        HirKind::Concat(subs) | HirKind::Alternation(subs) => {
            for sub in subs {
                collect_classes(sub, wide, taken)?;
            }
        }
    }
    Some(())
}
