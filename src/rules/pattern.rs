//! `pattern` rules: regular expressions over the comment's text.

use std::ops::Range;

use serde::Deserialize;

use super::config::settings;
use super::matcher::{self, Regex};

#[derive(Debug, Clone)]
pub struct Pattern {
    /// All the patterns as one alternation: one pass over the text.
    regex: Regex,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Settings {
    patterns: Vec<String>,
    #[serde(default = "yes")]
    case_insensitive: bool,
}

fn yes() -> bool {
    true
}

impl Pattern {
    pub fn from_table(table: &toml::Table) -> Result<Pattern, String> {
        let s: Settings = settings(table)?;
        if s.patterns.is_empty() {
            return Err("`patterns` is empty; expected at least one regular expression".into());
        }
        let joined: Vec<String> = s.patterns.iter().map(|p| format!("(?:{p})")).collect();
        let together = matcher::build(&joined.join("|"), s.case_insensitive, 64 << 20);
        match together {
            Ok(regex) => Ok(Pattern { regex }),
            Err(e) => {
                // Each pattern alone, so the error names the one at fault.
                for p in &s.patterns {
                    matcher::build(p, s.case_insensitive, matcher::DEFAULT_SIZE_LIMIT)
                        .map_err(|e| format!("bad regular expression {p:?}: {e}"))?;
                }
                Err(format!("the patterns do not compile together: {e}"))
            }
        }
    }

    pub fn find(&self, text: &str) -> Vec<Range<usize>> {
        self.regex
            .find_iter(text)
            .map(|m| m.range())
            .filter(|r| !r.is_empty())
            .collect()
    }
}

pub const KIND: super::kind::Kind = super::kind::Kind {
    name: "pattern",
    parse: |table, _| Ok(std::sync::Arc::new(Pattern::from_table(table)?)),
};

impl super::kind::RuleCheck for Pattern {
    fn check<'f>(
        &self,
        ctx: &super::Context,
        _: &super::kind::Earlier<'f>,
    ) -> Option<super::kind::Hit> {
        super::kind::Hit::words(self.find(ctx.text))
    }
}
