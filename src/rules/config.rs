//! Reading rules files: TOML with one `[[rule]]` table per rule.
//!
//! ```toml
//! [[rule]]
//! id = "insult-words"
//! kind = "lexicon"
//! category = "insult"
//! severity = "high"
//! reason = "insulting word"
//! words = ["idiot", "moron*"]
//! ```

use std::path::Path;

use serde::Deserialize;
use serde::de::DeserializeOwned;
use toml::Spanned;

use super::{Severity, lexicon, links, pattern, shouting, targeted, wall, weighted};
use crate::base::line_col;
use crate::error::{Error, Result};

/// The rule kinds a rules file may use.
pub const KNOWN_KINDS: &[&str] = &[
    "lexicon",
    "pattern",
    "targeted",
    "wall_of_text",
    "shouting",
    "links",
    "weighted",
];

/// The default rules, built into the binary.
pub const DEFAULT_RULES: &str = include_str!("../../assets/rules.toml");

/// What every rule has, whatever its kind.
#[derive(Debug, Clone)]
pub struct RuleMeta {
    pub id: String,
    pub category: String,
    pub severity: Severity,
    pub reason: String,
    /// Only feeds `weighted` rules; never shown as a flag of its own.
    pub quiet: bool,
}

/// A rule ready to run.
#[derive(Debug, Clone)]
pub enum RuleKind {
    Lexicon(lexicon::Lexicon),
    Pattern(pattern::Pattern),
    Targeted(targeted::Targeted),
    WallOfText(wall::WallOfText),
    Shouting(shouting::Shouting),
    Links(links::Links),
    Weighted(weighted::Weighted),
}

#[derive(Debug, Clone)]
pub struct Rule {
    pub meta: RuleMeta,
    pub kind: RuleKind,
}

/// All the rules of one file.
#[derive(Debug, Clone)]
pub struct RuleSet {
    pub rules: Vec<Rule>,
    /// Where the rules came from, for the status bar and CSV.
    pub source: String,
    /// FNV-1a hash of the rules file's text, to tell versions apart.
    pub hash: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    #[serde(default)]
    rule: Vec<Spanned<toml::Table>>,
}

#[derive(Deserialize)]
struct RawMeta {
    id: String,
    kind: String,
    category: String,
    #[serde(default)]
    severity: Severity,
    reason: String,
    #[serde(default = "default_true")]
    enabled: bool,
    #[serde(default)]
    quiet: bool,
}

fn default_true() -> bool {
    true
}

/// A TOML syntax or type error, at its line and column in `text`.
pub fn toml_error(text: &str, e: &toml::de::Error) -> Error {
    let err = Error::rules(e.message().trim().to_string());
    match e.span() {
        Some(span) => {
            let (line, col) = line_col(text, span.start);
            err.at(line, col)
        }
        None => err,
    }
}

fn fnv1a(text: &str) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in text.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{h:016x}")
}

/// Settings of one kind, read from the rule's table, minus the common keys.
pub(crate) fn settings<T: DeserializeOwned>(table: &toml::Table) -> Result<T, String> {
    let mut rest = table.clone();
    for key in [
        "id", "kind", "category", "severity", "reason", "enabled", "quiet",
    ] {
        rest.remove(key);
    }
    T::deserialize(toml::Value::Table(rest)).map_err(|e| e.message().to_string())
}

impl RuleSet {
    /// The rules built into threadmod.
    pub fn default_rules() -> Result<RuleSet> {
        RuleSet::parse(DEFAULT_RULES, "built-in rules")
    }

    pub fn load(path: &Path) -> Result<RuleSet> {
        let bytes = std::fs::read(path).map_err(|e| Error::io(path, &e))?;
        let text = String::from_utf8(bytes).map_err(|e| {
            let (line, col) = line_col(
                &String::from_utf8_lossy(e.as_bytes()),
                e.utf8_error().valid_up_to(),
            );
            Error::rules("the rules file is not UTF-8 text")
                .with_path(path)
                .at(line, col)
        })?;
        RuleSet::parse(&text, &path.display().to_string()).map_err(|e| e.with_path(path))
    }

    /// Parses rules from TOML text; `source` names it in messages.
    pub fn parse(text: &str, source: &str) -> Result<RuleSet> {
        let raw: RawFile = toml::from_str(text).map_err(|e| toml_error(text, &e))?;
        let mut rules = Vec::new();
        let mut seen = std::collections::HashSet::new();
        for spanned in &raw.rule {
            let (line, col) = line_col(text, spanned.span().start);
            let table = spanned.get_ref();
            let at = |e: Error| e.at(line, col);
            let meta: RawMeta =
                toml::Value::Table(table.clone())
                    .try_into()
                    .map_err(|e: toml::de::Error| {
                        let mut err = Error::rules(e.message().trim().to_string());
                        if let Some(id) = table.get("id").and_then(|v| v.as_str()) {
                            err = err.in_rule(id);
                        }
                        at(err)
                    })?;
            let id = meta.id.clone();
            if id.trim().is_empty() {
                return Err(at(Error::rules("a rule has an empty id")));
            }
            if !seen.insert(id.clone()) {
                return Err(at(
                    Error::rules("this id is used by an earlier rule").in_rule(id)
                ));
            }
            if !is_category_word(&meta.category) {
                return Err(at(Error::rules(format!(
                    "category '{}' must be a lower-case word (letters, digits and _), like insult or off_topic",
                    meta.category
                ))
                .in_rule(id)));
            }
            if !meta.enabled {
                continue;
            }
            let build = || -> Result<RuleKind, String> {
                Ok(match meta.kind.as_str() {
                    "lexicon" => RuleKind::Lexicon(lexicon::Lexicon::from_table(table)?),
                    "pattern" => RuleKind::Pattern(pattern::Pattern::from_table(table)?),
                    "targeted" => RuleKind::Targeted(targeted::Targeted::from_table(table)?),
                    "wall_of_text" => RuleKind::WallOfText(settings(table)?),
                    "shouting" => RuleKind::Shouting(settings(table)?),
                    "links" => RuleKind::Links(links::Links::from_table(table)?),
                    "weighted" => {
                        RuleKind::Weighted(weighted::Weighted::from_table(table, &rules)?)
                    }
                    other => {
                        return Err(format!(
                            "unknown kind '{other}'; known kinds: {}",
                            KNOWN_KINDS.join(", ")
                        ));
                    }
                })
            };
            let kind = build().map_err(|msg| at(Error::rules(msg).in_rule(id.clone())))?;
            rules.push(Rule {
                meta: RuleMeta {
                    id,
                    category: meta.category,
                    severity: meta.severity,
                    reason: meta.reason,
                    quiet: meta.quiet,
                },
                kind,
            });
        }
        Ok(RuleSet {
            rules,
            source: source.to_string(),
            hash: fnv1a(text),
        })
    }
}

fn is_category_word(s: &str) -> bool {
    !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}
