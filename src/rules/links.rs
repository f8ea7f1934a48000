//! `links` rules: link spam — too many links, or links to listed domains.

use std::ops::Range;

use linkify::{LinkFinder, LinkKind};
use serde::Deserialize;

use super::config::settings;

/// Endings of hosts written without a scheme or "www." that are taken as
/// links. A bare "word.word" is far more often a file name ("setup.py"), a
/// framework ("Node.js") or a typo than a link, so only top-level domains
/// that link spam uses count; with a scheme or "www." any host does.
const BARE_TLDS: &[&str] = &[
    "com", "net", "org", "info", "biz", "ru", "xyz", "top", "io", "co", "ly", "me", "be", "gl",
    "gd", "tv", "us", "uk", "de", "fr", "eu", "to", "link", "site", "online", "club", "shop",
    "app",
];

/// The host of a link linkify found, lower case, without a trailing dot;
/// None when it is not a web link (mailto:, a bare word with an unlikely
/// ending).
fn host_of(link: &str) -> Option<String> {
    let lower = link.to_ascii_lowercase();
    let has_scheme = lower.contains("://");
    let parsed = if has_scheme {
        url::Url::parse(link).ok()?
    } else {
        url::Url::parse(&format!("http://{link}")).ok()?
    };
    if !matches!(parsed.scheme(), "http" | "https" | "ftp") {
        return None;
    }
    let host = parsed.host_str()?.trim_end_matches('.').to_string();
    if !has_scheme && !host.starts_with("www.") {
        let tld = host.rsplit('.').next().unwrap_or("");
        if !BARE_TLDS.contains(&tld) {
            return None;
        }
    }
    Some(host)
}

/// A listed domain as a host name: "https://T.co/" and "*.t.co" are "t.co".
fn normalize_domain(listed: &str) -> String {
    let d = listed.trim().to_lowercase();
    let d = d.split_once("://").map_or(d.as_str(), |(_, rest)| rest);
    let d = d.split(['/', '?', '#']).next().unwrap_or("");
    d.trim_start_matches("*.").trim_matches('.').to_string()
}

/// Whether `host` is `domain` or one of its subdomains: "t.co" and "x.t.co"
/// are under "t.co", "microsoft.com" is not.
pub fn host_is_under(host: &str, domain: &str) -> bool {
    !domain.is_empty()
        && (host == domain
            || host
                .strip_suffix(domain)
                .is_some_and(|rest| rest.ends_with('.')))
}

/// Whether `text` has what every link has: "://", "www." or a
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
            domains: s
                .domains
                .iter()
                .map(|d| normalize_domain(d))
                .filter(|d| !d.is_empty())
                .collect(),
        })
    }

    /// Number of links and their ranges, when the comment is link spam.
    /// E-mail addresses are not links.
    pub fn check(&self, text: &str) -> Option<(usize, Vec<Range<usize>>, Vec<String>)> {
        if !may_hold_link(text) {
            return None;
        }
        let mut finder = LinkFinder::new();
        finder.url_must_have_scheme(false);
        let mut links = Vec::new();
        let mut listed = Vec::new();
        for link in finder.links(text) {
            if *link.kind() != LinkKind::Url {
                continue;
            }
            let Some(host) = host_of(link.as_str()) else {
                continue;
            };
            links.push(link.start()..link.end());
            if let Some(d) = self.domains.iter().find(|d| host_is_under(&host, d)) {
                listed.push(d.clone());
            }
        }
        if links.len() > self.max_links || !listed.is_empty() {
            Some((links.len(), links, listed))
        } else {
            None
        }
    }
}

pub const KIND: super::kind::Kind = super::kind::Kind {
    name: "links",
    parse: |table, _| Ok(std::sync::Arc::new(Links::from_table(table)?)),
};

impl super::kind::RuleCheck for Links {
    fn check<'f>(
        &self,
        ctx: &super::Context,
        _: &super::kind::Earlier<'f>,
    ) -> Option<super::kind::Hit> {
        let (n, spans, listed) = Links::check(self, ctx.text)?;
        let measure = if listed.is_empty() {
            format!("{n} links (more than {} allowed)", self.max_links)
        } else {
            format!("{n} links, listed domains: {}", listed.join(", "))
        };
        Some(super::kind::Hit {
            spans,
            measure: Some(measure),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rule(domains: &[&str]) -> Links {
        let mut table = toml::Table::new();
        table.insert(
            "domains".into(),
            toml::Value::Array(domains.iter().map(|d| (*d).into()).collect()),
        );
        Links::from_table(&table).unwrap()
    }

    #[test]
    fn listed_domains_match_the_host_or_a_parent_of_it() {
        let links = rule(&["t.co", "https://Spam.example/", "*.bit.ly"]);
        // (text, links counted, listed domains that fire)
        let cases: &[(&str, usize, &[&str])] = &[
            ("see t.co/x now", 1, &["t.co"]),
            ("see x.t.co", 1, &["t.co"]),
            ("https://T.CO/abc.", 1, &["t.co"]),
            (
                "go to https://a.b.spam.example/page?q=1",
                1,
                &["spam.example"],
            ),
            ("bit.ly/abc", 1, &["bit.ly"]),
            ("try microsoft.com for drivers", 1, &[]),
            ("my blog x.blogspot.com", 1, &[]),
            ("https://notspam.example", 1, &[]),
            ("write to bob@cat.com", 0, &[]),
            ("write to bob@t.co please", 0, &[]),
            ("setup.py and Node.js are not links, e.g. this", 0, &[]),
            ("a number 3.14 and a dot.", 0, &[]),
            ("www.example.dev and http://localhost:8080/x", 2, &[]),
        ];
        for (text, count, fired) in cases {
            let found: Vec<String> = links.check(text).map(|(_, _, l)| l).unwrap_or_default();
            assert_eq!(found, *fired, "{text:?}");
            let all = Links {
                max_links: 0,
                domains: Vec::new(),
            };
            let counted = all.check(text).map_or(0, |(n, _, _)| n);
            assert_eq!(counted, *count, "{text:?}");
        }
    }

    #[test]
    fn hosts_and_parents() {
        assert!(host_is_under("t.co", "t.co"));
        assert!(host_is_under("x.t.co", "t.co"));
        assert!(!host_is_under("microsoft.com", "t.co"));
        assert!(!host_is_under("at.co", "t.co"));
        assert!(!host_is_under("t.co", ""));
    }

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
        let mut finder = LinkFinder::new();
        finder.url_must_have_scheme(false);
        for text in texts {
            if finder.links(text).next().is_some() {
                assert!(may_hold_link(text), "{text:?}");
            }
        }
        assert!(!may_hold_link("Plain sentences. Nothing else… (really)."));
        assert!(may_hold_link("visit example.COM today"));
    }
}
