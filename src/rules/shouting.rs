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
        let (upper, letters) = if text.is_ascii() {
            // Byte counts the compiler can vectorise: most comments are ASCII.
            let bytes = text.as_bytes();
            let count = |f: fn(&u8) -> bool| bytes.iter().filter(|b| f(b)).count();
            (
                count(u8::is_ascii_uppercase),
                count(u8::is_ascii_alphabetic),
            )
        } else {
            let mut counts = (0, 0);
            for c in text.chars().filter(|c| c.is_alphabetic()) {
                counts.1 += 1;
                if c.is_uppercase() {
                    counts.0 += 1;
                }
            }
            counts
        };
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
