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

use std::sync::Arc;

use super::kind::{self, RuleCheck};
use super::{Severity, wall};
use crate::base::line_col;
use crate::error::{Error, Result};

/// The default rules, built into the binary.
pub const DEFAULT_RULES: &str = include_str!("../../assets/rules.toml");

/// What every rule has, whatever its kind.
#[derive(Debug, Clone)]
pub struct RuleMeta {
    pub id: Arc<str>,
    pub category: Arc<str>,
    pub severity: Severity,
    pub reason: Arc<str>,
    /// Only feeds `weighted` rules; never shown as a flag of its own.
    pub quiet: bool,
    /// Whether a finding flags the comment (`flags = true`, the default), or
    /// only highlights its words (`flags = false`): highlights show in every
    /// comment without filling the queue.
    pub flags: bool,
}

#[derive(Debug, Clone)]
pub struct Rule {
    pub meta: RuleMeta,
    /// The kind's name, as the file gives it.
    pub kind: &'static str,
    /// The kind's settings, ready to run.
    pub check: Arc<dyn RuleCheck>,
}

impl Rule {
    /// The rule's settings when it is of kind `T`.
    pub fn settings_of<T: 'static>(&self) -> Option<&T> {
        let check: &dyn std::any::Any = &*self.check;
        check.downcast_ref::<T>()
    }
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

/// What every rule has, as written in the file.
struct RawMeta {
    kind: String,
    category: String,
    severity: Severity,
    reason: String,
    quiet: bool,
    flags: bool,
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
        "id", "kind", "category", "severity", "reason", "enabled", "quiet", "flags",
    ] {
        rest.remove(key);
    }
    T::deserialize(toml::Value::Table(rest.clone())).map_err(|e| {
        let message = e.message().trim().to_string();
        match wrong_setting::<T>(&rest) {
            Some(key) if !message.contains(&format!("`{key}`")) => format!("`{key}`: {message}"),
            _ => message,
        }
    })
}

/// The setting a type error is about. A table has no positions, so the table
/// is written out as TOML and read back: the error's position in that text
/// falls on the line of the wrong key.
fn wrong_setting<T: DeserializeOwned>(table: &toml::Table) -> Option<String> {
    let text = toml::to_string(table).ok()?;
    let span = toml::from_str::<T>(&text).err()?.span()?;
    let line_start = text[..span.start].rfind('\n').map_or(0, |n| n + 1);
    let line = &text[line_start..];
    let key = line.split('=').next()?.trim().trim_matches('"');
    table.contains_key(key).then(|| key.to_string())
}

impl RuleSet {
    /// How relevance is measured: the settings of the first `wall_of_text`
    /// rule, else the defaults. Relevance is measured once per thread, for
    /// the CSV as well as for the rules.
    pub fn relevance_settings(&self) -> super::relevance::RelevanceSettings {
        self.rules
            .iter()
            .find_map(|rule| rule.settings_of::<wall::WallOfText>())
            .map(wall::WallOfText::relevance_settings)
            .unwrap_or_default()
    }

    /// [`RuleSet::relevance_settings`] of the rules file `path` (or of the
    /// built-in rules), read without building the rules. Relevance holds
    /// every word of the thread while it is measured; measured before the
    /// rules are built, the two do not add up in memory. A file that does
    /// not load gives the defaults here and its errors when it is loaded.
    pub fn relevance_settings_of(path: Option<&Path>) -> super::relevance::RelevanceSettings {
        let text = match path {
            Some(p) => std::fs::read_to_string(p).ok(),
            None => Some(DEFAULT_RULES.to_string()),
        };
        text.as_deref()
            .map(relevance_settings_in)
            .unwrap_or_default()
    }

    /// The rules built into threadmod.
    pub fn default_rules() -> Result<RuleSet> {
        // Known to fit their size limits: the test suite measures them
        // (`the_built_in_rules_fit_their_size_limits`).
        super::matcher::with_sizes_known_to_fit(|| RuleSet::parse(DEFAULT_RULES, "built-in rules"))
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

    /// Parses rules from TOML text; `source` names it in messages. A file
    /// with mistakes gives an error that lists every one of them
    /// ([`Error::all`]), each at the line and column of the key or value
    /// that is wrong.
    pub fn parse(text: &str, source: &str) -> Result<RuleSet> {
        let (rules, problems) = parse_rules(text)?;
        match Error::several(problems) {
            Some(err) => Err(err),
            None => Ok(RuleSet {
                rules,
                source: source.to_string(),
                hash: fnv1a(text),
            }),
        }
    }
}

/// The settings of the first enabled `wall_of_text` rule of `text` whose
/// settings are right, as [`RuleSet::relevance_settings`] finds them once
/// the rules are built.
fn relevance_settings_in(text: &str) -> super::relevance::RelevanceSettings {
    let Ok(raw) = toml::from_str::<RawFile>(text) else {
        return Default::default();
    };
    raw.rule
        .iter()
        .map(Spanned::get_ref)
        .filter(|table| {
            table.get("kind").and_then(|v| v.as_str()) == Some(wall::KIND.name)
                && table.get("enabled").and_then(|v| v.as_bool()) != Some(false)
        })
        .find_map(|table| wall::WallOfText::from_table(table).ok())
        .map(|wall| wall.relevance_settings())
        .unwrap_or_default()
}

/// The rules of `text` that are right, and a located error for each mistake.
/// A TOML syntax error stops there: nothing after it can be trusted.
fn parse_rules(text: &str) -> Result<(Vec<Rule>, Vec<Error>)> {
    let (document, syntax) = toml::de::DeTable::parse_recoverable(text);
    if let Some(err) = Error::several(syntax.iter().map(|e| toml_error(text, e)).collect()) {
        return Err(err);
    }
    // Typed from the same parse, not a second one: reading the rules
    // file twice was a tenth of loading the built-in rules.
    let raw = RawFile::deserialize(toml::de::Deserializer::from(document.clone()))
        .map_err(|e| toml_error(text, &e))?;
    // The same rules again, with the place of every key and value.
    let spanned_rules: Vec<&Spanned<toml::de::DeValue>> =
        match document.get_ref().get("rule").map(|v| v.get_ref()) {
            Some(toml::de::DeValue::Array(rules)) => rules.iter().collect(),
            _ => Vec::new(),
        };
    let mut rules = Vec::new();
    let mut problems = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for (n, spanned) in raw.rule.iter().enumerate() {
        let no_spans = toml::de::DeTable::default();
        let spans = spanned_rules
            .get(n)
            .and_then(|v| v.get_ref().as_table())
            .unwrap_or(&no_spans);
        let table = spanned.get_ref();
        let header = line_col(text, spanned.span().start);
        let place = RulePlace {
            text,
            header,
            spans,
            id: table.get("id").and_then(|v| v.as_str()).map(str::to_string),
        };
        let before = problems.len();
        let meta = read_meta(table, &place, &mut problems);
        if let Some(id) = &meta.id {
            if id.trim().is_empty() {
                problems.push(place.at_value("id", Error::rules("a rule has an empty id")));
            } else if !seen.insert(id.clone()) {
                problems
                    .push(place.at_value("id", Error::rules("this id is used by an earlier rule")));
            }
        }
        if let Some(category) = &meta.category
            && !is_category_word(category)
        {
            problems.push(place.at_value(
                "category",
                Error::rules(format!(
                    "category '{category}' must be a lower-case word (letters, digits and _), like insult or off_topic"
                )),
            ));
        }
        let (Some(id), Some(kind), Some(category), Some(reason)) =
            (meta.id, meta.kind, meta.category, meta.reason)
        else {
            continue;
        };
        if problems.len() > before || !meta.enabled.unwrap_or(true) {
            continue;
        }
        let meta = RawMeta {
            kind,
            category,
            severity: meta.severity.unwrap_or_default(),
            reason,
            quiet: meta.quiet.unwrap_or(false),
            flags: meta.flags.unwrap_or(true),
        };
        let Some(kind) = kind::by_name(&meta.kind) else {
            problems.push(place.at_value(
                "kind",
                Error::rules(format!(
                    "unknown kind '{}'; known kinds: {}",
                    meta.kind,
                    kind::names().join(", ")
                )),
            ));
            continue;
        };
        match (kind.parse)(table, &rules) {
            Ok(check) => rules.push(Rule {
                meta: RuleMeta {
                    id: id.into(),
                    category: meta.category.into(),
                    severity: meta.severity,
                    reason: meta.reason.into(),
                    quiet: meta.quiet,
                    flags: meta.flags,
                },
                kind: kind.name,
                check,
            }),
            Err(message) => {
                let key = named_key(&message, table);
                let err = Error::rules(message);
                problems.push(match key {
                    Some(key) => place.at_key(&key, err),
                    None => place.at_header(err),
                });
            }
        }
    }
    // In the order they appear in the file.
    problems.sort_by_key(|e| (e.line(), e.column()));
    Ok((rules, problems))
}

/// Where the parts of one `[[rule]]` table are in the file.
struct RulePlace<'a, 'i> {
    text: &'a str,
    /// Line and column of the rule itself.
    header: (usize, usize),
    spans: &'a toml::de::DeTable<'i>,
    id: Option<String>,
}

impl RulePlace<'_, '_> {
    fn named(&self, err: Error) -> Error {
        match &self.id {
            Some(id) => err.in_rule(id.clone()),
            None => err,
        }
    }

    fn at_header(&self, err: Error) -> Error {
        self.named(err).at(self.header.0, self.header.1)
    }

    fn at_offset(&self, offset: usize, err: Error) -> Error {
        let (line, col) = line_col(self.text, offset);
        self.named(err).at(line, col)
    }

    /// At the value of `key`, or the rule when the key is not there.
    fn at_value(&self, key: &str, err: Error) -> Error {
        match self.spans.get(key) {
            Some(value) => self.at_offset(value.span().start, err),
            None => self.at_header(err),
        }
    }

    /// At `key` itself, or the rule when the key is not there.
    fn at_key(&self, key: &str, err: Error) -> Error {
        match self.spans.get_key_value(key) {
            Some((k, _)) => self.at_offset(k.span().start, err),
            None => self.at_header(err),
        }
    }
}

/// The keys every rule has, each read on its own so that each wrong one is
/// reported at its own place; None for a key missing or wrong.
fn read_meta(table: &toml::Table, place: &RulePlace, problems: &mut Vec<Error>) -> MetaFields {
    let mut field = |key: &str, required: bool| -> Option<toml::Value> {
        match table.get(key) {
            Some(v) => Some(v.clone()),
            None if required => {
                problems.push(place.at_header(Error::rules(format!("missing field `{key}`"))));
                None
            }
            None => None,
        }
    };
    let values = (
        field("id", true),
        field("kind", true),
        field("category", true),
        field("reason", true),
        field("severity", false),
        field("enabled", false),
        field("quiet", false),
        field("flags", false),
    );
    fn read<T: DeserializeOwned>(
        key: &str,
        value: Option<toml::Value>,
        place: &RulePlace,
        problems: &mut Vec<Error>,
    ) -> Option<T> {
        let value = value?;
        T::deserialize(value)
            .map_err(|e| {
                let message = format!("`{key}`: {}", e.message().trim());
                problems.push(place.at_value(key, Error::rules(message)));
            })
            .ok()
    }
    MetaFields {
        id: read("id", values.0, place, problems),
        kind: read("kind", values.1, place, problems),
        category: read("category", values.2, place, problems),
        reason: read("reason", values.3, place, problems),
        severity: read("severity", values.4, place, problems),
        enabled: read("enabled", values.5, place, problems),
        quiet: read("quiet", values.6, place, problems),
        flags: read("flags", values.7, place, problems),
    }
}

/// The common keys of one rule, each None when missing or wrong.
struct MetaFields {
    id: Option<String>,
    kind: Option<String>,
    category: Option<String>,
    reason: Option<String>,
    severity: Option<Severity>,
    enabled: Option<bool>,
    quiet: Option<bool>,
    flags: Option<bool>,
}

/// The first key of `table` that `message` names (`key` or 'key'), so a
/// rule kind's complaint points at the setting it is about.
fn named_key(message: &str, table: &toml::Table) -> Option<String> {
    let mut best: Option<(usize, &String)> = None;
    for key in table.keys() {
        for quoted in [format!("`{key}`"), format!("'{key}'")] {
            if let Some(at) = message.find(&quoted)
                && best.is_none_or(|(b, _)| at < b)
            {
                best = Some((at, key));
            }
        }
    }
    best.map(|(_, key)| key.clone())
}

fn is_category_word(s: &str) -> bool {
    !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}
