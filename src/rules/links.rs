//! `links` rules: link spam — too many links, or links to listed domains.

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;
use serde::Deserialize;

use super::config::settings;

static URL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\b(?:https?://|www\.)[^\s<>()\[\]]+|\b[a-z0-9][a-z0-9-]*\.(?:com|net|org|info|biz|ru|xyz|top|io|co|ly|me)(?:/[^\s<>()\[\]]*)?\b",
    )
    .expect("valid regex")
});

/// Whether `text` has what every [`URL`] match has: "://", "www." or a
/// dot before a letter or digit. Sentences end with ". ": most comments
/// are ruled out without running the pattern.
fn may_hold_link(text: &str) -> bool {
    let bytes = text.as_bytes();
    text.match_indices('.').any(|(i, _)| {
        bytes.get(i + 1).is_some_and(u8::is_ascii_alphanumeric)
            || (i >= 3 && bytes[i - 3..i].eq_ignore_ascii_case(b"www"))
    }) || text.contains("://")
}

#[derive(Debug, Clone)]
pub struct Links {
    pub max_links: usize,
    pub domains: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Settings {
    #[serde(default = "default_max")]
    max_links: usize,
    #[serde(default)]
    domains: Vec<String>,
}

fn default_max() -> usize {
    2
}

impl Links {
    pub fn from_table(table: &toml::Table) -> Result<Links, String> {
        let s: Settings = settings(table)?;
        Ok(Links {
            max_links: s.max_links,
            domains: s.domains.iter().map(|d| d.trim().to_lowercase()).collect(),
        })
    }

    /// Number of links and their ranges, when the comment is link spam.
    pub fn check(&self, text: &str) -> Option<(usize, Vec<Range<usize>>, Vec<String>)> {
        if !may_hold_link(text) {
            return None;
        }
        let links: Vec<Range<usize>> = URL.find_iter(text).map(|m| m.range()).collect();
        let listed: Vec<String> = links
            .iter()
            .filter_map(|r| {
                let url = text[r.clone()].to_lowercase();
                self.domains
                    .iter()
                    .find(|d| url.contains(d.as_str()))
                    .cloned()
            })
            .collect();
        if links.len() > self.max_links || !listed.is_empty() {
            Some((links.len(), links, listed))
        } else {
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_quick_test_never_rules_out_a_link() {
        let texts = [
            "see http://localhost now",
            "HTTPS://EXAMPLE",
            "go to WWW.-odd",
            "www.123.net",
            "visit example.COM today",
            "bit.ly/abc and t.co/x",
            "e.g. this one",
            "Plain sentences. Nothing else… (really).",
            "a number 3.14 and a dot.",
        ];
        for text in texts {
            if URL.is_match(text) {
                assert!(may_hold_link(text), "{text:?}");
            }
        }
        assert!(!may_hold_link("Plain sentences. Nothing else… (really)."));
        assert!(may_hold_link("visit example.COM today"));
    }
}
