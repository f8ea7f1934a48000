//! Relevance of each comment to its thread: the share of its content words
//! that the article, the comment it answers or the rest of the conversation
//! also use. Comments pasted in from elsewhere share little vocabulary with
//! the conversation around them; even long on-topic comments keep naming
//! what the thread is about.
//!
//! A word counts in full when the article or the parent comment uses it, or
//! when enough of the other comments do ([`RelevanceSettings::thread_share`]);
//! a word fewer comments use counts in part. In a long thread every common
//! word turns up in some comment, so one echo proves little there; in a
//! short one it is all the evidence there is (and all there is when the
//! article is short or missing).

use std::collections::BTreeMap;
use std::sync::LazyLock;

use rustc_hash::FxHashMap;

use super::words::{WordBytes, for_each_word};
use crate::thread::Thread;

/// How relevance is measured: settings of the `wall_of_text` rule.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RelevanceSettings {
    /// Share of the thread's comments (at least one) that must also use a
    /// word before it counts in full; a word fewer use counts in part.
    pub thread_share: f64,
    /// Words are compared by their first this many letters, so that
    /// inflections and compounds ("Menschenleben", "Menschen") meet; 0
    /// compares whole words.
    pub stem_letters: usize,
}

pub const DEFAULT_THREAD_SHARE: f64 = 0.02;
pub const DEFAULT_STEM_LETTERS: usize = 7;

impl Default for RelevanceSettings {
    fn default() -> Self {
        RelevanceSettings {
            thread_share: DEFAULT_THREAD_SHARE,
            stem_letters: DEFAULT_STEM_LETTERS,
        }
    }
}

const STOPWORDS_TOML: &str = include_str!("../../assets/stopwords.toml");

/// Words that say nothing about a topic, in every language of
/// `assets/stopwords.toml`, folded as content words are.
static STOPWORDS: LazyLock<Vec<String>> = LazyLock::new(|| {
    // The asset is part of the program; a test parses it, so an edit that
    // breaks it fails there rather than leaving relevance without stop words.
    let lists: BTreeMap<String, Vec<String>> = toml::from_str(STOPWORDS_TOML).unwrap_or_default();
    let mut words = Vec::new();
    let mut buf = String::new();
    for word in lists.values().flatten() {
        for_each_content_word(word, &mut buf, |w| words.push(w.to_string()));
    }
    words.sort();
    words.dedup();
    words
});

/// Calls `f` with each word of `text` that could be a content word:
/// lower-cased, without "'s", plurals folded ("borders" → "border"), three
/// letters or more. The caller skips stop words. `buf` is reused.
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

/// The first `letters` letters of `word`, or all of it when it is shorter
/// or `letters` is 0.
fn stem(word: &str, letters: usize) -> &str {
    if letters == 0 {
        return word;
    }
    if word.is_ascii() {
        return &word[..word.len().min(letters)];
    }
    match word.char_indices().nth(letters) {
        Some((at, _)) => &word[..at],
        None => word,
    }
}

/// Relevance of each comment, 0..1; 1 for a comment without content words
/// (nothing to judge).
pub fn relevance(thread: &Thread, settings: &RelevanceSettings) -> Vec<f64> {
    // With more than one core, each core reads a share of the comments. On
    // one core a single share keeps one vocabulary and nothing to merge.
    relevance_in_shares(thread, settings, rayon::current_num_threads())
}

/// Words numbered as they are met. Keys are stems and, as a shortcut to
/// their stem's number, whole words longer than a stem; every number has
/// exactly one stem key.
#[derive(Clone, Default)]
struct Vocabulary {
    ids: FxHashMap<Box<str>, u32>,
    count: u32,
}

impl Vocabulary {
    /// The number of `key`, numbering it when it is new.
    fn add(&mut self, key: &str) -> u32 {
        if let Some(&id) = self.ids.get(key) {
            return id;
        }
        let id = self.count;
        self.ids.insert(key.into(), id);
        self.count += 1;
        id
    }
}

/// Word ids of a run of comments, one range of `ids` per comment, and the
/// vocabulary they were numbered in.
struct ShareWords {
    vocab: Vocabulary,
    ids: Vec<u32>,
    ends: Vec<usize>,
}

/// [`relevance`] with the comments read in `shares` runs, in parallel; the
/// result does not depend on `shares`.
fn relevance_in_shares(thread: &Thread, settings: &RelevanceSettings, shares: usize) -> Vec<f64> {
    use rayon::prelude::*;
    let letters = settings.stem_letters;
    // Stop words take the first ids, as whole words: one lookup tells a
    // word's id and whether it counts.
    let mut vocab = Vocabulary::default();
    for w in STOPWORDS.iter() {
        vocab.add(w);
    }
    let stop_ids = vocab.count;
    let mut buf = String::new();
    let mut article: Vec<u32> = Vec::new();
    let article_text = format!("{}\n{}", thread.article.title, thread.article.body);
    words_into(
        &article_text,
        &mut vocab,
        stop_ids,
        letters,
        &mut buf,
        &mut article,
    );
    // Every share starts from the stop words and the article's words; the
    // words it meets first are numbered from `shared` on, in its own
    // vocabulary, and renumbered below.
    let shared = vocab.count;
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
                words_into(
                    &c.text,
                    &mut part.vocab,
                    stop_ids,
                    letters,
                    &mut buf,
                    &mut part.ids,
                );
                part.ends.push(part.ids.len());
            }
            part
        })
        .collect();
    // One numbering for all shares: the first share's is kept, the others'
    // own stems are looked up in it (or added).
    let mut parts_iter = parts.iter_mut();
    let mut vocab = match parts_iter.next() {
        Some(first) => std::mem::take(&mut first.vocab),
        None => vocab,
    };
    for part in parts_iter {
        let mut renumber = vec![0u32; (part.vocab.count - shared) as usize];
        for (word, id) in std::mem::take(&mut part.vocab.ids) {
            if id >= shared && stem(&word, letters).len() == word.len() {
                renumber[(id - shared) as usize] = vocab.add(&word);
            }
        }
        part.ids
            .iter_mut()
            .filter(|id| **id >= shared)
            .for_each(|id| *id = renumber[(*id - shared) as usize]);
    }
    let words_of: Vec<&[u32]> = parts
        .iter()
        .flat_map(|part| {
            part.ends.iter().scan(0, |start, &end| {
                let words = &part.ids[*start..end];
                *start = end;
                Some(words)
            })
        })
        .collect();
    let vocab_size = vocab.count as usize;
    drop(vocab);
    let mut in_article = vec![false; vocab_size];
    for &t in &article {
        in_article[t as usize] = true;
    }
    // How many comments use each word.
    let mut comment_freq = vec![0u32; vocab_size];
    let mut mark = vec![u32::MAX; vocab_size];
    for (i, words) in words_of.iter().enumerate() {
        for &t in *words {
            if mark[t as usize] != i as u32 {
                mark[t as usize] = i as u32;
                comment_freq[t as usize] += 1;
            }
        }
    }
    let need = (settings.thread_share * thread.comments.len() as f64).max(1.0);
    let score = |words: &[u32], parent_mark: Option<u32>, mark: &[u32]| -> f64 {
        if words.is_empty() {
            return 1.0;
        }
        // Words counted in full, and the other comments' uses of the rest:
        // whole numbers, so the sum does not depend on the words' order.
        let mut full = 0u64;
        let mut partial = 0u64;
        for &t in words {
            let t = t as usize;
            let others = u64::from(comment_freq[t].saturating_sub(1));
            if in_article[t] || others as f64 >= need || Some(mark[t]) == parent_mark {
                full += 1;
            } else {
                partial += others;
            }
        }
        (full as f64 + partial as f64 / need) / words.len() as f64
    };
    // Replies by parent, so each parent's words are marked once for all of
    // its replies, however many there are.
    let n = thread.comments.len();
    let mut first_reply = vec![0usize; n + 1];
    for c in &thread.comments {
        if let Some(p) = c.parent.filter(|&p| p < n) {
            first_reply[p + 1] += 1;
        }
    }
    for i in 0..n {
        first_reply[i + 1] += first_reply[i];
    }
    let mut replies = vec![0u32; first_reply[n]];
    let mut filled = first_reply.clone();
    for (i, c) in thread.comments.iter().enumerate() {
        if let Some(p) = c.parent.filter(|&p| p < n) {
            replies[filled[p]] = i as u32;
            filled[p] += 1;
        }
    }
    drop(filled);
    mark.fill(u32::MAX);
    let mut out = vec![1.0; n];
    for (i, c) in thread.comments.iter().enumerate() {
        if c.parent.is_none_or(|p| p >= n) {
            out[i] = score(words_of[i], None, &mark);
        }
    }
    for p in 0..n {
        let replies = &replies[first_reply[p]..first_reply[p + 1]];
        if replies.is_empty() {
            continue;
        }
        for &t in words_of[p] {
            mark[t as usize] = p as u32;
        }
        for &r in replies {
            // A comment that names itself as its parent gets no vouching.
            let parent_mark = (r as usize != p).then_some(p as u32);
            out[r as usize] = score(words_of[r as usize], parent_mark, &mark);
        }
    }
    out
}

/// Appends the ids of `text`'s content words to `ids`, numbering new stems
/// in `vocab`; stop words (ids below `stop_ids`) are left out.
fn words_into(
    text: &str,
    vocab: &mut Vocabulary,
    stop_ids: u32,
    letters: usize,
    buf: &mut String,
    ids: &mut Vec<u32>,
) {
    for_each_content_word(text, buf, |w| {
        let id = match vocab.ids.get(w) {
            Some(&id) => id,
            None => {
                let stem = stem(w, letters);
                let id = vocab.add(stem);
                if stem.len() < w.len() {
                    // The whole word too, so its next use is one lookup.
                    vocab.ids.insert(w.into(), id);
                }
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

    fn whole_words(thread_share: f64) -> RelevanceSettings {
        RelevanceSettings {
            thread_share,
            stem_letters: 0,
        }
    }

    #[test]
    fn the_stop_word_asset_parses_and_has_english_german_and_french() {
        let lists: BTreeMap<String, Vec<String>> =
            toml::from_str(STOPWORDS_TOML).expect("assets/stopwords.toml");
        for language in ["en", "de", "fr"] {
            assert!(
                lists.get(language).is_some_and(|l| l.len() > 100),
                "{language}"
            );
        }
        for word in ["the", "und", "nicht", "avec", "être"] {
            assert!(STOPWORDS.iter().any(|w| w == word), "{word}");
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
        assert_eq!(
            relevance_in_shares(&t, &whole_words(0.0), 1),
            vec![0.5, 0.5, 1.0]
        );
    }

    #[test]
    fn stop_words_of_every_language_say_nothing() {
        // German and French function words are shared by any two texts in
        // the language; only "Hafen" and "port" are content words here.
        let t = thread(
            "",
            &[
                "Der Hafen ist nicht, und das ist auch gut so.".to_string(),
                "Das ist nicht wahr, und auch nicht gut.".to_string(),
                "Le port est avec nous, et nous sommes dans le port.".to_string(),
                "Nous sommes avec vous.".to_string(),
            ],
        );
        let r = relevance_in_shares(&t, &whole_words(0.0), 1);
        // "hafen" once; "wahr" once; "port" twice but only in comment 3.
        assert_eq!(r[0], 0.0);
        assert_eq!(r[1], 0.0);
        assert_eq!(r[2], 0.0);
        assert_eq!(r[3], 1.0, "stop words only");
    }

    #[test]
    fn stems_join_inflections_and_compounds() {
        let t = thread(
            "Die Fährverbindungen werden eingestellt",
            &["Fährverbindung gestrichen".to_string()],
        );
        let stems = RelevanceSettings {
            thread_share: 0.0,
            stem_letters: 6,
        };
        // Whole words: "fährverbindung" is not the article's
        // "fährverbindungen". Stems: both are "fährve"; "gestri" is not
        // the article's "einges".
        assert_eq!(relevance_in_shares(&t, &whole_words(0.0), 1), vec![0.0]);
        assert_eq!(relevance_in_shares(&t, &stems, 1), vec![0.5]);
    }

    #[test]
    fn the_parent_vouches_in_full_where_one_other_comment_counts_in_part() {
        // Twenty comments, so with thread_share 0.1 a word needs two other
        // comments for full credit.
        let mut comments: Vec<String> = (0..18).map(|i| format!("filler{i}")).collect();
        comments.push("lighthouse keeper".to_string()); // 18: the parent
        comments.push("lighthouse keeper".to_string()); // 19: its reply
        let mut t = thread("", &comments);
        let settings = whole_words(0.1);
        // Not yet a reply: each word has one other comment, half the need.
        assert_eq!(relevance_in_shares(&t, &settings, 1)[19], 0.5);
        t.comments[19].parent = Some(18);
        t.comments[19].depth = 2;
        let r = relevance_in_shares(&t, &settings, 1);
        assert_eq!(r[19], 1.0, "the parent uses both words");
        assert_eq!(r[18], 0.5, "a reply does not vouch for its parent");
        // With thread_share 0 one other comment is enough, as before.
        t.comments[19].parent = None;
        assert_eq!(relevance_in_shares(&t, &whole_words(0.0), 1)[19], 1.0);
    }

    #[test]
    fn relevance_does_not_depend_on_how_the_comments_are_shared_out() {
        // Comments drawn from a small vocabulary, so words recur across
        // shares, plus words only one comment uses; some are replies.
        let pool = [
            "harbour",
            "harbours",
            "harbourmaster",
            "ferry",
            "council",
            "councillors",
            "budget",
            "Penguins",
            "road",
            "tax's",
            "o'clock",
            "Ünïcodeword",
            "Ünïcode",
            "idiot",
            "BORDERS",
            "border",
            "x1",
            "2024",
            "und",
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
        let mut t = thread("The council's harbour budget", &comments);
        for i in 1..t.comments.len() {
            if next() % 3 == 0 {
                t.comments[i].parent = Some(next() % i);
            }
        }
        for settings in [
            RelevanceSettings::default(),
            whole_words(0.0),
            RelevanceSettings {
                thread_share: 0.2,
                stem_letters: 4,
            },
        ] {
            let one = relevance_in_shares(&t, &settings, 1);
            assert!(one.iter().any(|&r| r < 1.0) && one.iter().any(|&r| r > 0.0));
            for shares in [2, 3, 7, 61, 100] {
                assert_eq!(
                    relevance_in_shares(&t, &settings, shares),
                    one,
                    "{shares} shares, {settings:?}"
                );
            }
        }
        assert!(relevance_in_shares(&thread("", &[]), &RelevanceSettings::default(), 4).is_empty());
    }
}
