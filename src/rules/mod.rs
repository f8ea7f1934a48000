//! The rule engine: rules configured in TOML flag comments, and every flag
//! ([`Finding`]) carries the rule, its reason and the exact words that fired.

pub mod config;
pub mod engine;
pub mod kind;
pub mod language;
pub mod learn;
pub mod learn_spans;
pub mod lexicon;
pub mod links;
pub mod matcher;
pub mod normalize;
pub mod pattern;
pub mod relevance;
pub mod shares;
pub mod shouting;
pub mod targeted;
pub mod wall;
pub mod weighted;
pub mod word_table;
pub mod words;

use std::ops::Range;
use std::sync::Arc;

use serde::Deserialize;

pub use config::RuleSet;
pub use engine::{CheckedThread, check_thread};

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Low,
    #[default]
    Medium,
    High,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Low => "low",
            Severity::Medium => "medium",
            Severity::High => "high",
        }
    }

    /// Weight of one finding in a comment's score.
    pub fn weight(self) -> f64 {
        match self {
            Severity::Low => 0.3,
            Severity::Medium => 0.6,
            Severity::High => 0.9,
        }
    }
}

/// One reason to look at a comment.
#[derive(Debug, Clone, PartialEq)]
pub struct Finding {
    /// Shared with the rule: a thread's findings hold no copies of these.
    pub rule_id: Arc<str>,
    pub category: Arc<str>,
    pub severity: Severity,
    pub reason: Arc<str>,
    /// Byte ranges in the comment's text of the words that fired.
    pub spans: Vec<Range<usize>>,
    /// For whole-comment rules: what was measured ("312 words, relevance 0.02").
    pub measure: Option<String>,
}

/// What a rule sees of a comment: its text and its context in the thread.
pub struct Context<'a> {
    pub text: &'a str,
    pub normalized: &'a normalize::Normalized,
    /// Relevance of the comment to the article, its parent and the thread, 0..1.
    pub relevance: f64,
    /// Content words of the thread's article (0 when there is none): the
    /// wall rule judges comments under a short article by its own threshold.
    pub article_words: usize,
    /// Counted when a rule first asks: most comments are ruled out by
    /// something cheaper first.
    word_count: std::cell::OnceCell<usize>,
}

impl<'a> Context<'a> {
    pub fn new(
        text: &'a str,
        normalized: &'a normalize::Normalized,
        relevance: f64,
        article_words: usize,
    ) -> Context<'a> {
        Context {
            text,
            normalized,
            relevance,
            article_words,
            word_count: std::cell::OnceCell::new(),
        }
    }

    /// Words of the comment, separated by whitespace.
    pub fn word_count(&self) -> usize {
        *self
            .word_count
            .get_or_init(|| crate::thread::word_count(self.text))
    }
}
