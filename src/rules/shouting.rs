//! `shouting` rules: comments written mostly in capitals.

use std::ops::Range;

use serde::Deserialize;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Shouting {
    /// Shorter comments are not judged ("OK", "LOL").
    #[serde(default = "default_min_letters")]
    pub min_letters: usize,
    /// Share of capitals among letters that counts as shouting.
    #[serde(default = "default_min_ratio")]
    pub min_ratio: f64,
}

fn default_min_letters() -> usize {
    20
}
fn default_min_ratio() -> f64 {
    0.7
}

impl Shouting {
    /// The share of capitals and the capitalised words, when it is shouting.
    pub fn check(&self, text: &str) -> Option<(f64, Vec<Range<usize>>)> {
        // The ASCII letters counted in one pass the compiler can vectorise
        // (bytes of other characters are never ASCII letters), then the
        // other characters decoded one by one: most comments have few or none.
        let bytes = text.as_bytes();
        let (mut upper, mut letters) = ascii_letters(bytes);
        if !text.is_ascii() {
            // A byte from 0xC0 up starts a character of two or more bytes.
            let starts = bytes.iter().enumerate().filter(|(_, b)| **b >= 0xC0);
            for c in starts.filter_map(|(i, _)| text[i..].chars().next()) {
                if c.is_alphabetic() {
                    letters += 1;
                    upper += usize::from(c.is_uppercase());
                }
            }
        }
        if letters < self.min_letters {
            return None;
        }
        let ratio = upper as f64 / letters as f64;
        if ratio < self.min_ratio {
            return None;
        }
        let mut spans = Vec::new();
        let mut start = None;
        for (i, c) in text
            .char_indices()
            .chain(std::iter::once((text.len(), ' ')))
        {
            match (c.is_alphabetic() && !c.is_lowercase(), start) {
                (true, None) => start = Some(i),
                (false, Some(s)) => {
                    if text[s..i].chars().count() >= 2 {
                        spans.push(s..i);
                    }
                    start = None;
                }
                _ => {}
            }
        }
        Some((ratio, spans))
    }
}

/// Capital and all ASCII letters among `bytes`.
fn ascii_letters(bytes: &[u8]) -> (usize, usize) {
    let (mut upper, mut letters) = (0, 0);
    // Counted a block at a time in bytes, which the compiler vectorises
    // better than a count that could overflow.
    for block in bytes.chunks(255) {
        let (mut block_upper, mut block_letters) = (0u8, 0u8);
        for &b in block {
            block_upper += u8::from(b.wrapping_sub(b'A') < 26);
            block_letters += u8::from((b | 0x20).wrapping_sub(b'a') < 26);
        }
        upper += usize::from(block_upper);
        letters += usize::from(block_letters);
    }
    (upper, letters)
}

pub const KIND: super::kind::Kind = super::kind::Kind {
    name: "shouting",
    parse: |table, _| {
        Ok(std::sync::Arc::new(super::config::settings::<Shouting>(
            table,
        )?))
    },
};

impl super::kind::RuleCheck for Shouting {
    fn check<'f>(
        &self,
        ctx: &super::Context,
        _: &super::kind::Earlier<'f>,
    ) -> Option<super::kind::Hit> {
        let (ratio, spans) = Shouting::check(self, ctx.text)?;
        Some(super::kind::Hit {
            spans,
            measure: Some(format!("{:.0}% capitals", ratio * 100.0)),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rule() -> Shouting {
        Shouting {
            min_letters: default_min_letters(),
            min_ratio: default_min_ratio(),
        }
    }

    /// The share of capitals as letter-by-letter counting has it.
    fn share_by_chars(text: &str) -> f64 {
        let letters: Vec<char> = text.chars().filter(|c| c.is_alphabetic()).collect();
        letters.iter().filter(|c| c.is_uppercase()).count() as f64 / letters.len() as f64
    }

    #[test]
    fn ascii_letters_are_counted_as_the_standard_library_counts_them() {
        let all: Vec<u8> = (0..=u8::MAX).cycle().take(1000).collect();
        for text in [
            &all[..],
            b"",
            b"Hello WORLD, @[`{ az AZ",
            &all[..255],
            &all[..256],
        ] {
            let want = (
                text.iter().filter(|b| b.is_ascii_uppercase()).count(),
                text.iter().filter(|b| b.is_ascii_alphabetic()).count(),
            );
            assert_eq!(ascii_letters(text), want);
        }
    }

    #[test]
    fn capitals_in_any_script_count() {
        let rule = rule();
        let (ratio, spans) = rule.check("STOP LYING TO US, THIS IS A DISGRACE!").unwrap();
        assert_eq!(ratio, 1.0);
        assert_eq!(spans.len(), 7, "every capitalised word but the lone A");
        for text in [
            "ÉCOUTEZ-MOI BIEN, VOUS ÊTES TOUS LÀ-BAS À MENTIR",
            "HÖRT AUF ZU LÜGEN, DAS IST EINE SCHANDE für ALLE",
            "ВЫ ВСЕ ЛЖЕЦЫ И ЭТО ПОЗОР для нас ВСЕХ",
        ] {
            let (ratio, _) = rule.check(text).unwrap_or_else(|| panic!("{text}"));
            assert_eq!(ratio, share_by_chars(text), "{text}");
        }
        for text in [
            "Écoutez-moi bien, vous êtes tous là-bas à mentir",
            "вы все лжецы и это позор для нас всех, ЛОЛ",
            "SHORT ONE",
        ] {
            assert!(rule.check(text).is_none(), "{text}");
        }
    }

    #[test]
    fn counts_match_letter_by_letter_counting() {
        // Texts that mix ASCII with two-, three- and four-byte characters,
        // letters and not, in both cases.
        let pieces = ["A", "b", "É", "ü", "Ж", "я", "’", "—", "😀", "ǅ", " ", "1"];
        let rule = Shouting {
            min_letters: 1,
            min_ratio: 0.0,
        };
        for seed in 0..500u32 {
            let text: String = (0..40)
                .map(|i| pieces[((seed * 31 + i * 17 + i * i * seed) % 12) as usize])
                .collect();
            let (ratio, _) = rule.check(&text).unwrap();
            assert_eq!(ratio, share_by_chars(&text), "{text}");
        }
    }
}
