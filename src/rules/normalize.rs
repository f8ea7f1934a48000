//! Text normalised for matching word lists, with a map back to the original
//! bytes so findings can point at the exact words a moderator sees.
//!
//! Lower case, accents removed, and inside words that contain letters the
//! usual look-alike digits and symbols read as letters ("1d10t" → "idiot",
//! "$tupid" → "stupid"). Numbers such as "2020" stay numbers.

use std::ops::Range;

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// Normalised text and, for every byte of it, the original byte range.
#[derive(Debug, Clone, Default)]
pub struct Normalized {
    pub text: String,
    /// `origin[i]` is the original byte range of normalised byte `i`;
    /// empty when every byte maps to itself (ASCII text, the common case).
    origin: Vec<(u32, u32)>,
    identity: bool,
    /// Its words, found when a rule first asks and shared by the rules
    /// that read word by word: one pass over the text for all of them.
    words: std::cell::OnceCell<Vec<Range<usize>>>,
}

/// What a word of normalised text is: a run of letters and digits.
static LETTERS_AND_DIGITS: crate::rules::words::WordBytes =
    crate::rules::words::WordBytes::alphanumeric_and(b"");

/// The words of normalised text, in order: its runs of letters and digits
/// (of any script), as the rules that read word by word take them.
pub fn word_ranges(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    crate::rules::words::for_each_word(text, &LETTERS_AND_DIGITS, |s, e| out.push(s..e));
    out
}

fn leet(c: char) -> Option<char> {
    Some(match c {
        '0' => 'o',
        '1' | '!' | '|' => 'i',
        '3' => 'e',
        '4' | '@' => 'a',
        '5' | '$' => 's',
        '7' | '+' => 't',
        '8' => 'b',
        _ => return None,
    })
}

/// [`leet`] for each ASCII byte (0 for none): the ASCII way looks up every
/// byte of every comment.
static LEET_BYTE: [u8; 256] = {
    let mut table = [0u8; 256];
    let mut b = 0;
    while b < 128 {
        table[b] = match b as u8 {
            b'0' => b'o',
            b'1' | b'!' | b'|' => b'i',
            b'3' => b'e',
            b'4' | b'@' => b'a',
            b'5' | b'$' => b's',
            b'7' | b'+' => b't',
            b'8' => b'b',
            _ => 0,
        };
        b += 1;
    }
    table
};

impl Normalized {
    /// The words of the text ([`word_ranges`]), found once.
    pub fn words(&self) -> &[Range<usize>] {
        self.words.get_or_init(|| word_ranges(&self.text))
    }

    pub fn new(original: &str) -> Normalized {
        if original.is_ascii() {
            return Normalized::ascii(original);
        }
        Normalized::between_symbols(original).unwrap_or_else(|| Normalized::by_char(original))
    }

    /// Text whose only non-ASCII characters are symbols ("’", "•", "—"),
    /// most non-ASCII comments: a symbol is no part of a word, so the ASCII
    /// stretches between them normalise as ASCII text does, a stretch at a
    /// time, and only the symbols go character by character. None when a
    /// non-ASCII character is a letter or a digit.
    fn between_symbols(original: &str) -> Option<Normalized> {
        let mut out = Normalized {
            text: String::with_capacity(original.len()),
            origin: Vec::with_capacity(original.len()),
            identity: false,
            words: std::cell::OnceCell::new(),
        };
        let mut stretch_start = 0;
        let bytes = original.as_bytes();
        while let Some(found) = bytes[stretch_start..].iter().position(|b| !b.is_ascii()) {
            let at = stretch_start + found;
            let c = original[at..].chars().next()?;
            if c.is_alphanumeric() {
                return None;
            }
            out.push_ascii_stretch(&original[stretch_start..at], stretch_start);
            out.push_char(c, at, at + c.len_utf8());
            stretch_start = at + c.len_utf8();
        }
        out.push_ascii_stretch(&original[stretch_start..], stretch_start);
        Some(out)
    }

    /// Appends ASCII text that starts at byte `start` of the original and
    /// is bounded by symbols or the text's ends, as [`Normalized::ascii`]
    /// normalises it.
    fn push_ascii_stretch(&mut self, stretch: &str, start: usize) {
        self.text.push_str(&Normalized::ascii(stretch).text);
        self.origin
            .extend((start..start + stretch.len()).map(|at| (at as u32, at as u32 + 1)));
    }

    /// Character by character: any text.
    fn by_char(original: &str) -> Normalized {
        let mut out = Normalized {
            text: String::with_capacity(original.len()),
            origin: Vec::with_capacity(original.len()),
            identity: false,
            words: std::cell::OnceCell::new(),
        };
        // Work token by token so look-alikes are only read as letters inside words.
        let mut token_start = None;
        for (i, c) in original.char_indices() {
            let is_tokenish = c.is_alphanumeric() || leet(c).is_some();
            match (is_tokenish, token_start) {
                (true, None) => token_start = Some(i),
                (false, Some(s)) => {
                    out.push_token(original, s, i);
                    token_start = None;
                    out.push_char(c, i, i + c.len_utf8());
                }
                (false, None) => out.push_char(c, i, i + c.len_utf8()),
                (true, Some(_)) => {}
            }
        }
        if let Some(s) = token_start {
            out.push_token(original, s, original.len());
        }
        out
    }

    /// ASCII text maps byte for byte: lower case, look-alikes inside words.
    fn ascii(original: &str) -> Normalized {
        // Lower case everywhere; then only the tokens holding a look-alike
        // need a second look (most words have none).
        let mut out = original.to_ascii_lowercase().into_bytes();
        let is_leet = |b: u8| LEET_BYTE[usize::from(b)] != 0;
        let is_tokenish = |b: u8| b.is_ascii_alphanumeric() || is_leet(b);
        let mut i = 0;
        while let Some(found) = out[i..].iter().position(|&b| is_leet(b)) {
            let at = i + found;
            let start = out[..at]
                .iter()
                .rposition(|&b| !is_tokenish(b))
                .map_or(0, |p| p + 1);
            let end = out[at..]
                .iter()
                .position(|&b| !is_tokenish(b))
                .map_or(out.len(), |p| at + p);
            let token = &mut out[start..end];
            if token.iter().any(u8::is_ascii_alphabetic) {
                // A trailing "!" ends a sentence; it is not an "i".
                let kept = token.iter().rev().take_while(|&&b| b == b'!').count();
                let mapped = token.len() - kept;
                for b in &mut token[..mapped] {
                    let l = LEET_BYTE[usize::from(*b)];
                    if l != 0 {
                        *b = l;
                    }
                }
            }
            i = end;
        }
        Normalized {
            // Only ASCII bytes were written.
            text: String::from_utf8(out).unwrap_or_default(),
            origin: Vec::new(),
            identity: true,
            words: std::cell::OnceCell::new(),
        }
    }

    fn push_token(&mut self, original: &str, start: usize, end: usize) {
        let token = &original[start..end];
        if token.is_ascii() {
            self.push_ascii_token(token.as_bytes(), start);
            return;
        }
        let has_letter = token.chars().any(char::is_alphabetic);
        for (i, c) in token.char_indices() {
            let (s, e) = (start + i, start + i + c.len_utf8());
            match leet(c) {
                // A trailing "!" ends a sentence; it is not an "i".
                Some(l) if has_letter && !(c == '!' && token[i..].chars().all(|x| x == '!')) => {
                    self.push_char(l, s, e)
                }
                _ => self.push_char(c, s, e),
            }
        }
    }

    /// [`Normalized::push_token`] for an ASCII token, most tokens of most
    /// comments: byte for byte, as [`Normalized::ascii`] maps them.
    fn push_ascii_token(&mut self, token: &[u8], start: usize) {
        let has_letter = token.iter().any(u8::is_ascii_alphabetic);
        // A trailing "!" ends a sentence; it is not an "i".
        let mapped = if has_letter {
            token.len() - token.iter().rev().take_while(|&&b| b == b'!').count()
        } else {
            0
        };
        self.text.extend(token.iter().enumerate().map(|(i, &b)| {
            let b = b.to_ascii_lowercase();
            let l = LEET_BYTE[usize::from(b)];
            char::from(if i < mapped && l != 0 { l } else { b })
        }));
        self.origin
            .extend((start..start + token.len()).map(|at| (at as u32, at as u32 + 1)));
    }

    fn push_char(&mut self, c: char, start: usize, end: usize) {
        let origin = (start as u32, end as u32);
        // Typographic apostrophes read as the plain one ("you’re").
        let c = if matches!(c, '\u{2019}' | '\u{2018}' | '\u{02BC}') {
            '\''
        } else {
            c
        };
        if c.is_ascii() {
            self.text.push(c.to_ascii_lowercase());
            self.origin.push(origin);
            return;
        }
        for d in c
            .nfd()
            .filter(|d| !is_combining_mark(*d))
            .flat_map(char::to_lowercase)
        {
            self.text.push(d);
            for _ in 0..d.len_utf8() {
                self.origin.push(origin);
            }
        }
    }

    /// The original byte ranges of normalised ranges, in their order.
    pub fn original_ranges(&self, ranges: Vec<Range<usize>>) -> Vec<Range<usize>> {
        ranges.into_iter().map(|r| self.original_range(r)).collect()
    }

    /// The original byte range of normalised range `r`.
    pub fn original_range(&self, r: Range<usize>) -> Range<usize> {
        if self.identity {
            return r.start.min(self.text.len())..r.end.min(self.text.len());
        }
        if r.start >= r.end || r.start >= self.origin.len() {
            return 0..0;
        }
        let start = self.origin[r.start].0 as usize;
        let end = self.origin[(r.end - 1).min(self.origin.len() - 1)].1 as usize;
        start..end
    }
}

/// Lower-cased, accent-free form of a word-list entry.
pub fn normalize_term(term: &str) -> String {
    Normalized::new(term.trim()).text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table() {
        let cases = [
            ("plain", "You IDIOT", "you idiot"),
            ("leet", "1d10t", "idiot"),
            ("symbols", "$tupid", "stupid"),
            ("numbers stay", "in 2020, 15%", "in 2020, 15%"),
            ("accents", "Crétin naïf", "cretin naif"),
            ("sentence end", "Great!!", "great!!"),
            ("cyrillic", "Ереван", "ереван"),
            ("ascii apostrophe", "you're", "you're"),
            ("typographic apostrophe", "you\u{2019}re", "you're"),
        ];
        for (name, input, want) in cases {
            assert_eq!(Normalized::new(input).text, want, "{name}");
        }
    }

    /// Token by token, as the rules define it, for comparison.
    fn reference_ascii(original: &str) -> String {
        let bytes = original.as_bytes();
        let is_tokenish = |b: u8| b.is_ascii_alphanumeric() || leet(char::from(b)).is_some();
        let mut out = String::new();
        let mut i = 0;
        while i < bytes.len() {
            if !is_tokenish(bytes[i]) {
                out.push(char::from(bytes[i].to_ascii_lowercase()));
                i += 1;
                continue;
            }
            let start = i;
            while i < bytes.len() && is_tokenish(bytes[i]) {
                i += 1;
            }
            let token = &bytes[start..i];
            let has_letter = token.iter().any(u8::is_ascii_alphabetic);
            for (k, &b) in token.iter().enumerate() {
                let trailing_bang = b == b'!' && token[k..].iter().all(|&x| x == b'!');
                match leet(char::from(b)) {
                    Some(l) if has_letter && !trailing_bang => out.push(l),
                    _ => out.push(char::from(b.to_ascii_lowercase())),
                }
            }
        }
        out
    }

    /// Every string of up to four of these characters: letters, a digit and
    /// symbols that read as letters, and what separates words.
    fn short_ascii_texts() -> Vec<String> {
        let alphabet = ['a', 'Z', '1', '!', '$', ' ', '.'];
        let mut texts = vec![String::new()];
        for _ in 0..4 {
            let longer: Vec<String> = texts
                .iter()
                .flat_map(|t| alphabet.iter().map(move |c| format!("{t}{c}")))
                .collect();
            texts.extend(longer);
        }
        texts.dedup();
        texts
    }

    #[test]
    fn words_are_the_runs_of_letters_and_digits_of_the_normalised_text() {
        let n = Normalized::new("Ça va, 1d10t! x2 — l'été");
        let words: Vec<&str> = n.words().iter().map(|r| &n.text[r.clone()]).collect();
        assert_eq!(words, ["ca", "va", "idiot", "x2", "l", "ete"]);
        // Asked again, the same words without a second pass.
        assert!(std::ptr::eq(n.words(), n.words()));
    }

    #[test]
    fn the_byte_table_reads_look_alikes_as_leet_does() {
        for b in 0..=u8::MAX {
            let want = leet(char::from(b))
                .filter(|_| b.is_ascii())
                .map_or(0, |l| l as u8);
            assert_eq!(LEET_BYTE[usize::from(b)], want, "byte {b:#04x}");
        }
    }

    #[test]
    fn ascii_text_normalizes_as_defined() {
        for text in &short_ascii_texts() {
            assert_eq!(
                Normalized::new(text).text,
                reference_ascii(text),
                "{text:?}"
            );
        }
    }

    /// A comment with one non-ASCII character goes the slower way; its ASCII
    /// words come out as on the ASCII way, each byte mapped to itself.
    #[test]
    fn ascii_words_of_other_text_normalize_as_defined() {
        for text in &short_ascii_texts() {
            let other = format!("{text}\u{2014}{text}");
            let n = Normalized::new(&other);
            let want = format!("{0}\u{2014}{0}", reference_ascii(text));
            assert_eq!(n.text, want, "{other:?}");
            let second = text.len() + '\u{2014}'.len_utf8();
            for at in (0..text.len()).chain(second..other.len()) {
                assert_eq!(
                    n.original_range(at..at + 1),
                    at..at + 1,
                    "{other:?} at {at}"
                );
            }
        }
    }

    proptest::proptest! {
        /// Text with symbols between its ASCII words normalises as it does
        /// character by character, and maps back the same.
        #[test]
        fn symbols_between_ascii_words_normalize_as_char_by_char(
            text in "[aZ1!$ .'\u{2019}\u{2022}\u{201C}\u{2014}\u{FF01}]{0,24}",
        ) {
            // ASCII text has its own way, checked above.
            proptest::prop_assume!(!text.is_ascii());
            let fast = Normalized::new(&text);
            let slow = Normalized::by_char(&text);
            proptest::prop_assert_eq!(&fast.text, &slow.text);
            proptest::prop_assert_eq!(&fast.origin, &slow.origin);
            proptest::prop_assert_eq!(fast.identity, slow.identity);
        }
    }

    #[test]
    fn a_letter_beyond_ascii_goes_character_by_character() {
        assert!(Normalized::between_symbols("caf\u{e9} \u{2019}").is_none());
        assert!(Normalized::between_symbols("1\u{2019}d10t\u{2022}").is_some());
        assert_eq!(
            Normalized::new("Caf\u{e9}, 1d10t\u{2019}s").text,
            "cafe, idiot's"
        );
    }

    #[test]
    fn ranges_map_back() {
        let original = "Quel crétin!";
        let n = Normalized::new(original);
        let at = n.text.find("cretin").unwrap();
        let r = n.original_range(at..at + "cretin".len());
        assert_eq!(&original[r], "crétin");
    }
}
