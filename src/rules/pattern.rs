//! `pattern` rules: regular expressions over the comment's text.

use std::ops::Range;

use regex::Regex;
use serde::Deserialize;

use super::config::settings;

#[derive(Debug, Clone)]
pub struct Pattern {
    regexes: Vec<Regex>,
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
        let regexes = s
            .patterns
            .iter()
            .map(|p| {
                regex::RegexBuilder::new(p)
                    .case_insensitive(s.case_insensitive)
                    .build()
                    .map_err(|e| format!("bad regular expression {p:?}: {e}"))
            })
            .collect::<Result<_, _>>()?;
        Ok(Pattern { regexes })
    }

    pub fn find(&self, text: &str) -> Vec<Range<usize>> {
        self.regexes
            .iter()
            .flat_map(|r| r.find_iter(text).map(|m| m.range()))
            .filter(|r| !r.is_empty())
            .collect()
    }
}
