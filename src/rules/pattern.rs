//! `pattern` rules: regular expressions over the comment's text.

use std::ops::Range;

use regex::Regex;
use serde::Deserialize;

use super::config::settings;

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
        // Each pattern alone first, so an error names the one at fault.
        for p in &s.patterns {
            regex::RegexBuilder::new(p)
                .case_insensitive(s.case_insensitive)
                .build()
                .map_err(|e| format!("bad regular expression {p:?}: {e}"))?;
        }
        let joined: Vec<String> = s.patterns.iter().map(|p| format!("(?:{p})")).collect();
        let regex = regex::RegexBuilder::new(&joined.join("|"))
            .case_insensitive(s.case_insensitive)
            .size_limit(64 << 20)
            .build()
            .map_err(|e| format!("the patterns do not compile together: {e}"))?;
        Ok(Pattern { regex })
    }

    pub fn find(&self, text: &str) -> Vec<Range<usize>> {
        self.regex
            .find_iter(text)
            .map(|m| m.range())
            .filter(|r| !r.is_empty())
            .collect()
    }
}
