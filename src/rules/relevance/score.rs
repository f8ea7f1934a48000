//! Scoring each comment's relevance from the content words of all of them:
//! how many comments use each word, which the article uses, which the
//! parent uses, and which comments write in another language.

use super::super::language::{LANGUAGE_JUDGED, LanguageCounts, MAX_LANGUAGES};
use super::{ARTICLE_WORDS_PER_USE, MainLanguage, RelevanceSettings, ShareWords};
use crate::thread::Thread;

/// A comment with at least [`LANGUAGE_JUDGED`] marker words (stop words of
/// one language only) is judged by its language; with at least
/// [`LANGUAGE_VOTE`] it votes for the thread's language, the article with
/// [`ARTICLE_VOTES`] votes.
const LANGUAGE_VOTE: u32 = 3;
const ARTICLE_VOTES: u32 = 3;
/// A comment is in a foreign language when fewer than this share of the
/// other votes (at least [`LANGUAGE_MIN_VOTES`] of them) are for its
/// language: a thread where a quarter write English is bilingual.
const LANGUAGE_MIN_SHARE: f64 = 0.25;
const LANGUAGE_MIN_VOTES: u32 = 3;

/// What [`relevance_in_shares`] scores comments with, once their words are
/// read.
pub(super) struct Scores<'a> {
    thread: &'a Thread,
    ends: &'a [usize],
    foreign: Box<dyn Fn(usize) -> bool + 'a>,
    /// How many comments use each word.
    comment_freq: Vec<u32>,
    /// How often the article uses each word, and how often it must for the
    /// word to count in full.
    article_uses: Vec<u32>,
    article_need: f64,
    /// How many comments must use a word for it to count in full.
    need: f64,
    /// Uses of each word in the comment being scored; zero between comments.
    uses: Vec<u32>,
    /// The comment whose words were marked last, for each word.
    mark: Vec<u32>,
}

impl<'a> Scores<'a> {
    pub(super) fn new(
        thread: &'a Thread,
        settings: &RelevanceSettings,
        article: &[u32],
        article_languages: &LanguageCounts,
        words: &'a ShareWords,
        vocab_size: usize,
    ) -> Scores<'a> {
        let mut article_uses = vec![0u32; vocab_size];
        for &t in article {
            article_uses[t as usize] += 1;
        }
        Scores {
            thread,
            ends: &words.ends,
            foreign: Box::new(foreign_language(
                &words.languages,
                MainLanguage::of(article_languages),
            )),
            comment_freq: vec![0u32; vocab_size],
            article_uses,
            article_need: (article.len() as f64 / ARTICLE_WORDS_PER_USE).max(1.0),
            need: (settings.thread_share * thread.comments.len() as f64).max(1.0),
            uses: vec![0u32; vocab_size],
            mark: vec![u32::MAX; vocab_size],
        }
    }

    /// The ids of comment `i`'s content words.
    fn words_of<'i, T>(&self, ids: &'i [T], i: usize) -> &'i [T] {
        let start = i.checked_sub(1).map_or(0, |p| self.ends[p]);
        &ids[start..self.ends[i]]
    }

    /// Every comment's relevance, from `ids`, the words of all comments.
    pub(super) fn all<T: Copy + Into<u32>>(&mut self, ids: &[T]) -> Vec<f64> {
        let n = self.thread.comments.len();
        for i in 0..n {
            for &t in self.words_of(ids, i) {
                let t = t.into() as usize;
                if self.mark[t] != i as u32 {
                    self.mark[t] = i as u32;
                    self.comment_freq[t] += 1;
                }
            }
        }
        // Replies by parent, so each parent's words are marked once for all
        // of its replies, however many there are.
        let mut first_reply = vec![0usize; n + 1];
        for c in &self.thread.comments {
            if let Some(p) = c.parent.filter(|&p| p < n) {
                first_reply[p + 1] += 1;
            }
        }
        for i in 0..n {
            first_reply[i + 1] += first_reply[i];
        }
        let mut replies = vec![0u32; first_reply[n]];
        let mut filled = first_reply.clone();
        for (i, c) in self.thread.comments.iter().enumerate() {
            if let Some(p) = c.parent.filter(|&p| p < n) {
                replies[filled[p]] = i as u32;
                filled[p] += 1;
            }
        }
        drop(filled);
        self.mark.fill(u32::MAX);
        let mut out = vec![1.0; n];
        for (i, c) in self.thread.comments.iter().enumerate() {
            if c.parent.is_none_or(|p| p >= n) {
                out[i] = self.score(self.words_of(ids, i), i, None);
            }
        }
        for p in 0..n {
            let replies = &replies[first_reply[p]..first_reply[p + 1]];
            if replies.is_empty() {
                continue;
            }
            for &t in self.words_of(ids, p) {
                self.mark[t.into() as usize] = p as u32;
            }
            for &r in replies {
                let r = r as usize;
                // A comment that names itself as its parent gets no vouching.
                let parent_mark = (r != p).then_some(p as u32);
                out[r] = self.score(self.words_of(ids, r), r, parent_mark);
            }
        }
        out
    }

    /// The relevance of comment `i`, whose content words are `words`; the
    /// words of its parent, if any, are marked `parent_mark`.
    fn score<T: Copy + Into<u32>>(
        &mut self,
        words: &[T],
        i: usize,
        parent_mark: Option<u32>,
    ) -> f64 {
        if words.is_empty() {
            return 1.0;
        }
        if (self.foreign)(i) {
            return 0.0;
        }
        for &t in words {
            self.uses[t.into() as usize] += 1;
        }
        // Each word's support, 0..1, weighed by the square root of its uses:
        // a comment's own topic words recur, but ten uses of one word are not
        // ten times the evidence. Summed in the comment's order, at each
        // word's first use, so the sum does not depend on how the comments
        // were shared out.
        let mut support = 0.0;
        let mut weight = 0.0;
        for &t in words {
            let t = t.into() as usize;
            if self.uses[t] == 0 {
                continue;
            }
            let w = f64::from(self.uses[t]).sqrt();
            self.uses[t] = 0;
            let others = f64::from(self.comment_freq[t].saturating_sub(1));
            let s = if others >= self.need || Some(self.mark[t]) == parent_mark {
                1.0
            } else {
                let in_article = (f64::from(self.article_uses[t]) / self.article_need).min(1.0);
                (others / self.need).max(in_article)
            };
            support += w * s;
            weight += w;
        }
        support / weight
    }
}

/// Tells whether comment `i` is written in a language few of the others
/// (and the article) write in. Each comment with [`LANGUAGE_VOTE`] marker
/// words or more votes for its main language.
fn foreign_language<'a>(
    comments: &'a [MainLanguage],
    article: MainLanguage,
) -> impl Fn(usize) -> bool + 'a {
    let mut votes = [0u32; MAX_LANGUAGES];
    if article.markers >= LANGUAGE_VOTE {
        votes[usize::from(article.language)] += ARTICLE_VOTES;
    }
    for comment in comments {
        if comment.markers >= LANGUAGE_VOTE {
            votes[usize::from(comment.language)] += 1;
        }
    }
    let total: u32 = votes.iter().sum();
    move |i| {
        let MainLanguage { language, markers } = comments[i];
        if markers < LANGUAGE_JUDGED {
            return false;
        }
        // The comment's own vote does not count for its language.
        let others = total - 1;
        others >= LANGUAGE_MIN_VOTES
            && f64::from(votes[usize::from(language)] - 1) < LANGUAGE_MIN_SHARE * f64::from(others)
    }
}
