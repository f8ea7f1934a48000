//! `wall_of_text` rules: long comments that share little with the article
//! and the conversation around them. Relevance is computed by the engine
//! ([`super::relevance`]): the share of the comment's content words that the
//! article, its parent or enough other comments also use.

use serde::Deserialize;

use super::relevance::{DEFAULT_STEM_LETTERS, DEFAULT_THREAD_SHARE, RelevanceSettings};

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WallOfText {
    /// Comments shorter than this are never walls.
    #[serde(default = "default_min_words")]
    pub min_words: usize,
    /// Comments less relevant than this are off topic.
    #[serde(default = "default_max_relevance")]
    pub max_relevance: f64,
    /// See [`RelevanceSettings::thread_share`].
    #[serde(default = "default_thread_share")]
    pub thread_share: f64,
    /// See [`RelevanceSettings::stem_letters`].
    #[serde(default = "default_stem_letters")]
    pub stem_letters: usize,
}

fn default_min_words() -> usize {
    120
}
fn default_max_relevance() -> f64 {
    0.25
}
fn default_thread_share() -> f64 {
    DEFAULT_THREAD_SHARE
}
fn default_stem_letters() -> usize {
    DEFAULT_STEM_LETTERS
}

impl WallOfText {
    /// The settings of a `wall_of_text` rule's table, checked.
    pub fn from_table(table: &toml::Table) -> Result<WallOfText, String> {
        let wall: WallOfText = super::config::settings(table)?;
        if !(0.0..=1.0).contains(&wall.thread_share) {
            return Err(format!(
                "`thread_share` must be a share of the comments from 0 to 1, got {}",
                wall.thread_share
            ));
        }
        if !wall.max_relevance.is_finite() {
            return Err("`max_relevance` must be a number (relevance runs from 0 to 1)".into());
        }
        Ok(wall)
    }

    pub fn fires(&self, words: usize, relevance: f64) -> bool {
        words >= self.min_words && relevance < self.max_relevance
    }

    pub fn relevance_settings(&self) -> RelevanceSettings {
        RelevanceSettings {
            thread_share: self.thread_share,
            stem_letters: self.stem_letters,
        }
    }
}

pub const KIND: super::kind::Kind = super::kind::Kind {
    name: "wall_of_text",
    parse: |table, _| Ok(std::sync::Arc::new(WallOfText::from_table(table)?)),
};

impl super::kind::RuleCheck for WallOfText {
    fn check<'f>(
        &self,
        ctx: &super::Context,
        _: &super::kind::Earlier<'f>,
    ) -> Option<super::kind::Hit> {
        self.fires(ctx.word_count, ctx.relevance)
            .then(|| super::kind::Hit {
                spans: Vec::new(),
                measure: Some(format!(
                    "{} words, {:.0}% of its words shared with the article, its parent and the thread (below {:.0}%)",
                    ctx.word_count,
                    ctx.relevance * 100.0,
                    self.max_relevance * 100.0
                )),
            })
    }
}
