//! Runs a [`RuleSet`] over a [`Thread`] and keeps the findings per comment.

use rustc_hash::FxHashMap;

use super::config::{RuleKind, RuleSet};
use super::normalize::Normalized;
use super::words::{WordBytes, for_each_word};
use super::{Context, Finding};
use crate::thread::Thread;

/// The findings for every comment of a thread, in the thread's order.
#[derive(Debug, Clone, Default)]
pub struct CheckedThread {
    /// What flags each comment.
    pub findings: Vec<Vec<Finding>>,
    /// Words highlighted without flagging the comment: findings of rules
    /// with `flags = false`.
    pub highlights: Vec<Vec<Finding>>,
    /// Relevance of each comment to the article and its parent, 0..1.
    pub relevance: Vec<f64>,
}

impl CheckedThread {
    /// No findings yet for `n` comments (while the rules run).
    pub fn unchecked(n: usize) -> CheckedThread {
        CheckedThread {
            findings: vec![Vec::new(); n],
            highlights: vec![Vec::new(); n],
            relevance: vec![1.0; n],
        }
    }

    /// Every finding whose words are highlighted on comment `i`: the flags
    /// first, then the highlights.
    pub fn shown(&self, i: usize) -> impl Iterator<Item = &Finding> {
        let none: &[Finding] = &[];
        let flags = self.findings.get(i).map_or(none, Vec::as_slice);
        let highlights = self.highlights.get(i).map_or(none, Vec::as_slice);
        flags.iter().chain(highlights)
    }

    /// Distinct categories flagged on comment `i`, in rule order.
    pub fn categories(&self, i: usize) -> Vec<&str> {
        let mut out: Vec<&str> = Vec::new();
        for f in &self.findings[i] {
            if !out.contains(&f.category.as_str()) {
                out.push(&f.category);
            }
        }
        out
    }

    /// Distinct rule ids that fired on comment `i`.
    pub fn rule_ids(&self, i: usize) -> Vec<&str> {
        let mut out: Vec<&str> = Vec::new();
        for f in &self.findings[i] {
            if !out.contains(&f.rule_id.as_str()) {
                out.push(&f.rule_id);
            }
        }
        out
    }

    /// 0 for a clean comment, towards 1 the more and the more serious its findings.
    pub fn score(&self, i: usize) -> f64 {
        let miss: f64 = self.findings[i]
            .iter()
            .map(|f| 1.0 - f.severity.weight())
            .product();
        1.0 - miss
    }
}

/// Checks every comment of `thread`.
pub fn check_thread(rules: &RuleSet, thread: &Thread) -> CheckedThread {
    use rayon::prelude::*;
    let relevance = relevance(thread);
    let check = |(c, &rel): (&crate::thread::Comment, &f64)| {
        let norm = Normalized::new(&c.text);
        let ctx = Context {
            text: &c.text,
            normalized: &norm,
            relevance: rel,
            word_count: c.word_count(),
        };
        check_comment_parts(rules, &ctx)
    };
    // Comments are independent: both cores share them. On one core the
    // calling thread does the work, so its memory is not kept twice (once
    // per thread's allocator arena).
    let (findings, highlights) = if rayon::current_num_threads() > 1 {
        thread
            .comments
            .par_iter()
            .zip(relevance.par_iter())
            .map(check)
            .unzip()
    } else {
        thread.comments.iter().zip(&relevance).map(check).unzip()
    };
    CheckedThread {
        findings,
        highlights,
        relevance,
    }
}

/// Runs every rule on one comment: what flags it.
pub fn check_comment(rules: &RuleSet, ctx: &Context) -> Vec<Finding> {
    check_comment_parts(rules, ctx).0
}

/// Runs every rule on one comment: what flags it, and what only highlights
/// its words (rules with `flags = false`). Quiet rules give neither.
pub fn check_comment_parts(rules: &RuleSet, ctx: &Context) -> (Vec<Finding>, Vec<Finding>) {
    let mut flags = Vec::new();
    let mut highlights = Vec::new();
    for (index, finding) in fire_rules(rules, ctx) {
        let meta = &rules.rules[index].meta;
        if meta.quiet {
            continue;
        }
        if meta.flags {
            flags.push(finding);
        } else {
            highlights.push(finding);
        }
    }
    (flags, highlights)
}

/// Every rule that fires on one comment, quiet ones too, by rule index:
/// what a learned score weighs.
pub fn fire_rules(rules: &RuleSet, ctx: &Context) -> Vec<(usize, Finding)> {
    // Findings by rule index, so weighted rules can weigh earlier ones.
    let mut fired: Vec<(usize, Finding)> = Vec::new();
    for (index, rule) in rules.rules.iter().enumerate() {
        let (spans, measure) = match &rule.kind {
            RuleKind::Lexicon(l) => (l.find(ctx.normalized), None),
            RuleKind::Targeted(t) => (t.find(ctx.normalized), None),
            RuleKind::Pattern(p) => (p.find(ctx.text), None),
            RuleKind::WordShares(w) => (w.find(ctx.normalized), None),
            RuleKind::WallOfText(w) => {
                if !w.fires(ctx.word_count, ctx.relevance) {
                    continue;
                }
                let m = format!(
                    "{} words, {:.0}% of its words shared with the article and thread (below {:.0}%)",
                    ctx.word_count,
                    ctx.relevance * 100.0,
                    w.max_relevance * 100.0
                );
                fired.push((index, finding(rule, Vec::new(), Some(m))));
                continue;
            }
            RuleKind::Shouting(s) => match s.check(ctx.text) {
                Some((ratio, spans)) => {
                    let m = format!("{:.0}% capitals", ratio * 100.0);
                    (spans, Some(m))
                }
                None => continue,
            },
            RuleKind::Links(l) => match l.check(ctx.text) {
                Some((n, spans, listed)) => {
                    let mut m = format!("{n} links (more than {} allowed)", l.max_links);
                    if !listed.is_empty() {
                        m = format!("{n} links, listed domains: {}", listed.join(", "));
                    }
                    (spans, Some(m))
                }
                None => continue,
            },
            RuleKind::Weighted(w) => {
                let earlier = |i: usize| {
                    fired
                        .iter()
                        .find(|(at, _)| *at == i)
                        .map(|(_, f)| f.spans.as_slice())
                };
                match w.check(ctx.normalized, earlier) {
                    Some((spans, m)) => {
                        fired.push((index, finding(rule, spans, Some(m))));
                        continue;
                    }
                    None => continue,
                }
            }
        };
        if !spans.is_empty() {
            fired.push((index, finding(rule, spans, measure)));
        }
    }
    fired
}

fn finding(
    rule: &super::config::Rule,
    spans: Vec<std::ops::Range<usize>>,
    measure: Option<String>,
) -> Finding {
    Finding {
        rule_id: rule.meta.id.clone(),
        category: rule.meta.category.clone(),
        severity: rule.meta.severity,
        reason: rule.meta.reason.clone(),
        spans,
        measure,
    }
}

// ---------------------------------------------------------------------------
// Relevance: vocabulary shared with the article and the rest of the thread

const STOPWORDS: &[&str] = &[
    "the",
    "and",
    "for",
    "are",
    "but",
    "not",
    "you",
    "all",
    "any",
    "can",
    "had",
    "her",
    "was",
    "one",
    "our",
    "out",
    "has",
    "have",
    "him",
    "his",
    "how",
    "its",
    "may",
    "new",
    "now",
    "old",
    "see",
    "two",
    "who",
    "did",
    "get",
    "got",
    "let",
    "say",
    "she",
    "too",
    "use",
    "that",
    "with",
    "this",
    "they",
    "them",
    "then",
    "than",
    "there",
    "their",
    "theirs",
    "these",
    "those",
    "from",
    "what",
    "when",
    "where",
    "which",
    "while",
    "will",
    "would",
    "could",
    "should",
    "been",
    "being",
    "were",
    "your",
    "yours",
    "about",
    "into",
    "just",
    "like",
    "more",
    "most",
    "much",
    "many",
    "some",
    "such",
    "only",
    "also",
    "very",
    "even",
    "over",
    "under",
    "again",
    "other",
    "each",
    "because",
    "does",
    "doing",
    "done",
    "here",
    "why",
    "yes",
    "yet",
    "own",
    "same",
    "off",
    "well",
    "make",
    "made",
    "know",
    "think",
    "want",
    "going",
    "really",
    "thing",
    "things",
    "people",
    "said",
    "says",
    "time",
    "good",
    "way",
    "don",
    "didn",
    "doesn",
    "isn",
    "aren",
    "wasn",
    "can't",
    "won't",
    "i'm",
    "it's",
    "that's",
    "don't",
    "you're",
    "they're",
    "i've",
    "after",
    "before",
    "still",
    "ever",
    "never",
    "always",
    "every",
    "anyone",
    "someone",
    "something",
    "anything",
    "nothing",
    "everything",
    "she's",
    "he's",
    "there's",
    "what's",
    "let's",
    "we're",
    "i'd",
    "you'd",
    "he'd",
    "we'll",
    "you'll",
    "i'll",
    "lot",
    "lots",
    "back",
    "come",
    "take",
    "look",
    "need",
    "right",
    "first",
    "last",
    "long",
    "great",
    "little",
    "little",
    "thanks",
];

/// Calls `f` with each word of `text` that could be a content word:
/// lower-cased, without "'s", plurals folded ("borders" → "border"), three
/// letters or more. The caller skips [`STOPWORDS`]. `buf` is reused.
fn for_each_content_word(text: &str, buf: &mut String, mut f: impl FnMut(&str)) {
    let mut emit = |w: &str, buf: &mut String| {
        let w = w.trim_matches('\'');
        if w.len() < 3 {
            return;
        }
        buf.clear();
        if w.is_ascii() {
            if !w.bytes().any(|b| b.is_ascii_alphabetic()) {
                return;
            }
            buf.push_str(w);
            buf.make_ascii_lowercase();
        } else {
            if !w.chars().any(char::is_alphabetic) {
                return;
            }
            buf.extend(w.chars().flat_map(char::to_lowercase));
            if buf.chars().count() < 3 {
                return;
            }
        }
        if buf.ends_with("'s") {
            buf.truncate(buf.len() - 2);
        }
        // Crude plural folding: "borders" and "border" are one word.
        if buf.len() > 4 && buf.ends_with('s') && !buf.ends_with("ss") {
            buf.pop();
        }
        f(buf);
    };
    // Runs of letters, digits and apostrophes.
    static WORD_BYTES: WordBytes = WordBytes::alphanumeric_and(b"'");
    for_each_word(text, &WORD_BYTES, |s, e| emit(&text[s..e], buf));
}

/// Relevance of each comment: the share of its content words that the
/// article or another comment of the thread also uses. Comments pasted in
/// from elsewhere share little vocabulary with the conversation around them;
/// even long on-topic comments keep naming what the thread is about.
pub fn relevance(thread: &Thread) -> Vec<f64> {
    // With more than one core, each core reads a share of the comments. On
    // one core a single share keeps one vocabulary and nothing to merge.
    relevance_in_shares(thread, rayon::current_num_threads())
}

/// Word ids of a run of comments, one range of `ids` per comment, and the
/// vocabulary they were numbered in.
struct ShareWords {
    vocab: FxHashMap<Box<str>, u32>,
    ids: Vec<u32>,
    ends: Vec<usize>,
}

/// [`relevance`] with the comments read in `shares` runs, in parallel; the
/// result does not depend on `shares`.
fn relevance_in_shares(thread: &Thread, shares: usize) -> Vec<f64> {
    use rayon::prelude::*;
    // Stop words take the first ids: one lookup tells a word's id and
    // whether it counts.
    let mut vocab: FxHashMap<Box<str>, u32> = FxHashMap::default();
    for &w in STOPWORDS {
        let id = vocab.len() as u32;
        vocab.entry(w.into()).or_insert(id);
    }
    let stop_ids = vocab.len() as u32;
    let mut buf = String::new();
    let mut article: Vec<u32> = Vec::new();
    let article_text = format!("{}\n{}", thread.article.title, thread.article.body);
    words_into(&article_text, &mut vocab, stop_ids, &mut buf, &mut article);
    // Every share starts from the stop words and the article's words; the
    // words it meets first are numbered from `shared` on, in its own
    // vocabulary, and renumbered below.
    let shared = vocab.len() as u32;
    let per_share = thread.comments.len().div_ceil(shares.max(1)).max(1);
    let mut parts: Vec<ShareWords> = thread
        .comments
        .par_chunks(per_share)
        .map(|comments| {
            let mut part = ShareWords {
                vocab: vocab.clone(),
                ids: Vec::new(),
                ends: Vec::with_capacity(comments.len()),
            };
            let mut buf = String::new();
            for c in comments {
                words_into(&c.text, &mut part.vocab, stop_ids, &mut buf, &mut part.ids);
                part.ends.push(part.ids.len());
            }
            part
        })
        .collect();
    // One numbering for all shares: the first share's is kept, the others'
    // own words are looked up in it (or added).
    let mut parts_iter = parts.iter_mut();
    let mut vocab = match parts_iter.next() {
        Some(first) => std::mem::take(&mut first.vocab),
        None => vocab,
    };
    for part in parts_iter {
        let mut renumber = vec![0u32; part.vocab.len() - shared as usize];
        for (word, id) in std::mem::take(&mut part.vocab) {
            if id >= shared {
                let next = vocab.len() as u32;
                renumber[(id - shared) as usize] = *vocab.entry(word).or_insert(next);
            }
        }
        part.ids
            .iter_mut()
            .filter(|id| **id >= shared)
            .for_each(|id| *id = renumber[(*id - shared) as usize]);
    }
    let comments = parts.iter().flat_map(|part| {
        part.ends.iter().scan(0, |start, &end| {
            let words = &part.ids[*start..end];
            *start = end;
            Some(words)
        })
    });
    let mut in_article = vec![false; vocab.len()];
    for &t in &article {
        in_article[t as usize] = true;
    }
    drop(vocab);
    // How many comments use each word.
    let mut comment_freq = vec![0u32; in_article.len()];
    let mut seen = vec![u32::MAX; in_article.len()];
    for (i, words) in comments.clone().enumerate() {
        for &t in words {
            if seen[t as usize] != i as u32 {
                seen[t as usize] = i as u32;
                comment_freq[t as usize] += 1;
            }
        }
    }
    comments
        .map(|words| {
            if words.is_empty() {
                return 1.0;
            }
            let shared = words
                .iter()
                .filter(|&&t| in_article[t as usize] || comment_freq[t as usize] > 1)
                .count();
            shared as f64 / words.len() as f64
        })
        .collect()
}

/// Appends the ids of `text`'s content words to `ids`, numbering new words
/// in `vocab`; stop words (ids below `stop_ids`) are left out.
fn words_into(
    text: &str,
    vocab: &mut FxHashMap<Box<str>, u32>,
    stop_ids: u32,
    buf: &mut String,
    ids: &mut Vec<u32>,
) {
    for_each_content_word(text, buf, |w| {
        let id = match vocab.get(w) {
            Some(&id) => id,
            None => {
                let id = vocab.len() as u32;
                vocab.insert(w.into(), id);
                id
            }
        };
        if id >= stop_ids {
            ids.push(id);
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::thread::{Article, Comment};

    fn thread(article: &str, comments: &[String]) -> Thread {
        Thread {
            article: Article {
                body: article.to_string(),
                ..Article::default()
            },
            comments: comments
                .iter()
                .map(|text| Comment {
                    text: text.clone(),
                    ..Comment::default()
                })
                .collect(),
            ..Thread::default()
        }
    }

    #[test]
    fn relevance_is_the_share_of_words_used_elsewhere() {
        let t = thread(
            "The harbour council approves the ferry schedule.",
            &[
                "Ferries and schedules again".to_string(),
                "Schedules for penguins".to_string(),
                "the and you".to_string(),
            ],
        );
        // Comment 1: "schedules" folds to the article's "schedule";
        // "ferries" folds to "ferrie", used nowhere else; "and" and "again"
        // are stop words. Comment 2: "schedule" again, and "penguin", used
        // nowhere else. Comment 3: stop words only, nothing to judge.
        assert_eq!(relevance_in_shares(&t, 1), vec![0.5, 0.5, 1.0]);
    }

    #[test]
    fn relevance_does_not_depend_on_how_the_comments_are_shared_out() {
        // Comments drawn from a small vocabulary, so words recur across
        // shares, plus words only one comment uses.
        let pool = [
            "harbour",
            "ferry",
            "council",
            "budget",
            "Penguins",
            "road",
            "tax's",
            "o'clock",
            "Ünïcode",
            "idiot",
            "BORDERS",
            "border",
            "x1",
            "2024",
        ];
        let mut state = 7u64;
        let mut next = || {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (state >> 33) as usize
        };
        let comments: Vec<String> = (0..61)
            .map(|i| {
                let mut words: Vec<String> = (0..next() % 9)
                    .map(|_| pool[next() % pool.len()].to_string())
                    .collect();
                words.push(format!("only{i}word"));
                words.join(" ")
            })
            .collect();
        let t = thread("The council's harbour budget", &comments);
        let one = relevance_in_shares(&t, 1);
        assert!(one.iter().any(|&r| r < 1.0) && one.iter().any(|&r| r > 0.0));
        for shares in [2, 3, 7, 61, 100] {
            assert_eq!(relevance_in_shares(&t, shares), one, "{shares} shares");
        }
        assert!(relevance_in_shares(&thread("", &[]), 4).is_empty());
    }
}
