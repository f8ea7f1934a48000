//! `wall_of_text` rules: long comments that share little with the article
//! and the conversation around them. Relevance is computed by the engine
//! ([`super::relevance`]): the share of the comment's content words that the
//! article, its parent or enough other comments also use. Under a short
//! article or none, on-topic comments have less to share, so they are judged
//! by a lower threshold of their own.

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
    /// An article with fewer content words than this is short.
    #[serde(default = "default_short_article_words")]
    pub short_article_words: usize,
    /// Under a short article or none, comments less relevant than this are
    /// off topic.
    #[serde(default = "default_max_relevance_short_article")]
    pub max_relevance_short_article: f64,
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
    0.185
}
fn default_short_article_words() -> usize {
    100
}
fn default_max_relevance_short_article() -> f64 {
    0.135
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
        for (key, value) in [
            ("max_relevance", wall.max_relevance),
            (
                "max_relevance_short_article",
                wall.max_relevance_short_article,
            ),
        ] {
            if !value.is_finite() {
                return Err(format!(
                    "`{key}` must be a number (relevance runs from 0 to 1)"
                ));
            }
        }
        Ok(wall)
    }

    /// The threshold for comments under an article of `article_words`
    /// content words.
    pub fn threshold(&self, article_words: usize) -> f64 {
        if article_words < self.short_article_words {
            self.max_relevance_short_article
        } else {
            self.max_relevance
        }
    }

    /// Whether a comment of the given relevance and `words` is a wall of
    /// text. Its words are counted only when its relevance is low enough:
    /// most comments are ruled out without.
    pub fn fires(
        &self,
        words: impl FnOnce() -> usize,
        relevance: f64,
        article_words: usize,
    ) -> bool {
        relevance < self.threshold(article_words) && words() >= self.min_words
    }

    pub fn relevance_settings(&self) -> RelevanceSettings {
        RelevanceSettings {
            thread_share: self.thread_share,
            stem_letters: self.stem_letters,
        }
    }
}

/// A threshold in percent, with a decimal only when it has one ("18.5",
/// "50"): thresholds lie between the CSV's two-decimal relevance values.
fn percent(share: f64) -> String {
    let tenths = (share * 1000.0).round();
    if tenths % 10.0 == 0.0 {
        format!("{:.0}", tenths / 10.0)
    } else {
        format!("{:.1}", tenths / 10.0)
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
        self.fires(|| ctx.word_count(), ctx.relevance, ctx.article_words)
            .then(|| super::kind::Hit {
                spans: Vec::new(),
                measure: Some(format!(
                    "{} words, {:.0}% of its words shared with the article, its parent and the thread (below {}%{})",
                    ctx.word_count(),
                    ctx.relevance * 100.0,
                    percent(self.threshold(ctx.article_words)),
                    if ctx.article_words < self.short_article_words {
                        ", the article being short or missing"
                    } else {
                        ""
                    }
                )),
            })
    }
}
