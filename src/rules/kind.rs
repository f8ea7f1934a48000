//! What every rule kind shares: its name in a rules file, how it reads its
//! settings, and what it finds in a comment. A new kind is one file that
//! implements [`RuleCheck`] and gives a [`Kind`], and one line in [`KINDS`].

use std::any::Any;
use std::ops::Range;
use std::sync::Arc;

use super::Context;
use super::config::Rule;

/// What a rule found in one comment: the words that fired (byte ranges in
/// the comment's text; none for whole-comment rules) and, for rules that
/// measure, what was measured.
#[derive(Debug, Clone, PartialEq)]
pub struct Hit {
    pub spans: Vec<Range<usize>>,
    pub measure: Option<String>,
}

impl Hit {
    /// Words that fired, or nothing when there are none.
    pub fn words(spans: Vec<Range<usize>>) -> Option<Hit> {
        (!spans.is_empty()).then_some(Hit {
            spans,
            measure: None,
        })
    }
}

/// The spans of the rules above this one that fired, by rule index: what a
/// `weighted` rule weighs.
pub type Earlier<'f> = dyn Fn(usize) -> Option<&'f [Range<usize>]> + 'f;

/// A rule of some kind, ready to run. `Any`, so the few places that need
/// one kind's own settings (learning reads the weighted rule's weights) can
/// ask for them ([`super::config::Rule::settings_of`]).
pub trait RuleCheck: Any + std::fmt::Debug + Send + Sync {
    /// What the rule finds in one comment; None when it does not fire.
    fn check<'f>(&self, ctx: &Context, earlier: &Earlier<'f>) -> Option<Hit>;

    /// Called before the comments of a thread of `comments` comments are
    /// checked: a rule may build what pays for itself only on a long thread.
    /// What it finds must not depend on it.
    fn prepare(&self, _comments: usize) {}
}

/// Reads a kind's settings from its `[[rule]]` table; `earlier` are the
/// rules above it in the file. An error names the setting it is about.
pub type ParseSettings = fn(&toml::Table, &[Rule]) -> Result<Arc<dyn RuleCheck>, String>;

/// A rule kind as a rules file names it.
pub struct Kind {
    pub name: &'static str,
    pub parse: ParseSettings,
}

/// Every kind a rules file may use.
pub const KINDS: &[Kind] = &[
    super::lexicon::KIND,
    super::pattern::KIND,
    super::targeted::KIND,
    super::wall::KIND,
    super::shouting::KIND,
    super::links::KIND,
    super::weighted::KIND,
    super::shares::KIND,
];

/// The kind called `name`.
pub fn by_name(name: &str) -> Option<&'static Kind> {
    KINDS.iter().find(|k| k.name == name)
}

/// The names of all kinds, for messages.
pub fn names() -> Vec<&'static str> {
    KINDS.iter().map(|k| k.name).collect()
}

#[cfg(test)]
mod tests {
    use super::{KINDS, by_name, names};

    #[test]
    fn every_kind_has_its_own_name_and_is_found_by_it() {
        let mut seen = names();
        seen.sort_unstable();
        seen.dedup();
        assert_eq!(seen.len(), KINDS.len(), "names are unique");
        for kind in KINDS {
            assert_eq!(by_name(kind.name).map(|k| k.name), Some(kind.name));
        }
        assert!(by_name("lexicons").is_none());
    }

    #[test]
    fn a_kind_without_its_settings_says_so_or_takes_defaults() {
        // No panic for any kind on an empty table; an error is a message.
        for kind in KINDS {
            if let Err(message) = (kind.parse)(&toml::Table::new(), &[]) {
                assert!(!message.trim().is_empty(), "{}", kind.name);
            }
        }
    }
}
