//! `wall_of_text` rules: long comments that share little with the article
//! and the conversation around them. Relevance is computed by the engine
//! ([`super::engine::relevance`]): the share of the comment's content words
//! that the article or other comments also use.

use serde::Deserialize;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WallOfText {
    /// Comments shorter than this are never walls.
    #[serde(default = "default_min_words")]
    pub min_words: usize,
    /// Comments less relevant than this are off topic.
    #[serde(default = "default_max_relevance")]
    pub max_relevance: f64,
}

fn default_min_words() -> usize {
    120
}
fn default_max_relevance() -> f64 {
    0.45
}

impl WallOfText {
    pub fn fires(&self, words: usize, relevance: f64) -> bool {
        words >= self.min_words && relevance < self.max_relevance
    }
}
