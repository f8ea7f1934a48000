//! Relevance of each comment to its thread: the share of its content words
//! that the article, the comment it answers or the rest of the conversation
//! also use. Comments pasted in from elsewhere share little vocabulary with
//! the conversation around them; even long on-topic comments keep naming
//! what the thread is about.
//!
//! A word counts in full when the parent comment uses it, when enough of the
//! other comments do ([`RelevanceSettings::thread_share`]), or when the
//! article uses it often enough for its length (once in every
//! [`ARTICLE_WORDS_PER_USE`] content words: a long article uses many common
//! words once, and a pasted comment would meet them there by chance); a word
//! fewer comments or article uses count in part. In a long thread every
//! common word turns up in some comment, so one echo proves little there; in
//! a short one it is all the evidence there is (and all there is when the
//! article is short or missing).
//!
//! A comment written in another language than nearly all of its thread (told
//! by the stop words of each language) is given relevance 0: whatever words
//! it shares with the thread, its readers cannot follow it.

use rustc_hash::FxHashMap;

use super::language::{
    LANGUAGE_JUDGED, LanguageCounts, MAX_LANGUAGES, STOPWORDS, for_each_content_word,
    language_count, main_language,
};
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

pub const DEFAULT_THREAD_SHARE: f64 = 0.05;
pub const DEFAULT_STEM_LETTERS: usize = 0;

impl Default for RelevanceSettings {
    fn default() -> Self {
        RelevanceSettings {
            thread_share: DEFAULT_THREAD_SHARE,
            stem_letters: DEFAULT_STEM_LETTERS,
        }
    }
}

/// Words used once in every this many content words of the article count in
/// full; words it uses less often count in part.
pub const ARTICLE_WORDS_PER_USE: f64 = 200.0;

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

/// Word ids of a run of comments, one range of `ids` per comment, each
/// comment's main language, and the vocabulary they were numbered in.
struct ShareWords {
    vocab: Vocabulary,
    ids: WordIds,
    ends: Vec<usize>,
    languages: Vec<MainLanguage>,
}

/// A comment's main language and how many marker words it has
/// ([`main_language`]).
#[derive(Clone, Copy)]
struct MainLanguage {
    language: u8,
    markers: u32,
}

impl MainLanguage {
    fn of(counts: &LanguageCounts) -> MainLanguage {
        let (language, markers) = main_language(counts);
        MainLanguage {
            // Below MAX_LANGUAGES.
            language: language as u8,
            markers,
        }
    }
}

/// The word ids of all comments, one after the other: two bytes each while
/// every id fits (a thread of up to 65,536 different words, which is
/// nearly every thread), four after. They are the largest thing relevance
/// holds: 3.5M ids for 100k comments.
enum WordIds {
    Narrow(Vec<u16>),
    Wide(Vec<u32>),
}

impl WordIds {
    fn len(&self) -> usize {
        match self {
            WordIds::Narrow(ids) => ids.len(),
            WordIds::Wide(ids) => ids.len(),
        }
    }

    fn push(&mut self, id: u32) {
        match self {
            WordIds::Narrow(ids) => match u16::try_from(id) {
                Ok(id) => ids.push(id),
                Err(_) => {
                    let mut wide: Vec<u32> = Vec::with_capacity(ids.capacity().max(ids.len() + 1));
                    wide.extend(ids.iter().map(|&id| u32::from(id)));
                    wide.push(id);
                    *self = WordIds::Wide(wide);
                }
            },
            WordIds::Wide(ids) => ids.push(id),
        }
    }

    fn iter(&self) -> Box<dyn Iterator<Item = u32> + '_> {
        match self {
            WordIds::Narrow(ids) => Box::new(ids.iter().map(|&id| u32::from(id))),
            WordIds::Wide(ids) => Box::new(ids.iter().copied()),
        }
    }
}

/// The stop words' ids (they are numbered first) and the language each marks.
struct StopWords<'a> {
    count: u32,
    language: &'a [Option<u8>],
}

/// [`relevance`] with the comments read in `shares` runs, in parallel; the
/// result does not depend on `shares`.
fn relevance_in_shares(thread: &Thread, settings: &RelevanceSettings, shares: usize) -> Vec<f64> {
    use rayon::prelude::*;
    let letters = settings.stem_letters;
    // Stop words take the first ids, as whole words: one lookup tells a
    // word's id and whether it counts.
    let mut vocab = Vocabulary::default();
    let mut stop_language = Vec::with_capacity(STOPWORDS.len());
    let languages = language_count();
    for (w, language) in STOPWORDS.iter() {
        vocab.add(w);
        stop_language.push(language.filter(|&l| usize::from(l) < languages));
    }
    let stop = StopWords {
        count: vocab.count,
        language: &stop_language,
    };
    let mut buf = String::new();
    let mut article = WordIds::Wide(Vec::new());
    let mut article_languages = LanguageCounts::default();
    let article_text = format!("{}\n{}", thread.article.title, thread.article.body);
    words_into(
        &article_text,
        &mut vocab,
        &stop,
        letters,
        &mut buf,
        (&mut article, &mut article_languages),
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
                ids: WordIds::Narrow(Vec::new()),
                ends: Vec::with_capacity(comments.len()),
                languages: Vec::with_capacity(comments.len()),
            };
            let mut buf = String::new();
            for c in comments {
                let mut languages = LanguageCounts::default();
                words_into(
                    &c.text,
                    &mut part.vocab,
                    &stop,
                    letters,
                    &mut buf,
                    (&mut part.ids, &mut languages),
                );
                part.ends.push(part.ids.len());
                part.languages.push(MainLanguage::of(&languages));
            }
            part
        })
        .collect();
    // One numbering for all shares: the first share's is kept, the others'
    // own stems are looked up in it (or added), and their ids appended to
    // the first share's, each share dropped as soon as it is.
    let rest = parts.split_off(parts.len().min(1));
    let mut all = parts.pop().unwrap_or(ShareWords {
        vocab,
        ids: WordIds::Narrow(Vec::new()),
        ends: Vec::new(),
        languages: Vec::new(),
    });
    let mut vocab = std::mem::take(&mut all.vocab);
    for mut part in rest {
        let mut renumber = vec![0u32; (part.vocab.count - shared) as usize];
        for (word, id) in std::mem::take(&mut part.vocab.ids) {
            if id >= shared && stem(&word, letters).len() == word.len() {
                renumber[(id - shared) as usize] = vocab.add(&word);
            }
        }
        let offset = all.ids.len();
        for id in part.ids.iter() {
            all.ids.push(if id >= shared {
                renumber[(id - shared) as usize]
            } else {
                id
            });
        }
        all.ends.extend(part.ends.iter().map(|&end| offset + end));
        all.languages.extend_from_slice(&part.languages);
    }
    let vocab_size = vocab.count as usize;
    drop(vocab);
    let article: Vec<u32> = article.iter().collect();
    let mut scores = Scores::new(
        thread,
        settings,
        &article,
        &article_languages,
        &all,
        vocab_size,
    );
    match &all.ids {
        WordIds::Narrow(ids) => scores.all(ids),
        WordIds::Wide(ids) => scores.all(ids),
    }
}

/// What [`relevance_in_shares`] scores comments with, once their words are
/// read.
struct Scores<'a> {
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
    fn new(
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
    fn all<T: Copy + Into<u32>>(&mut self, ids: &[T]) -> Vec<f64> {
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

/// Appends the ids of `text`'s content words to `ids` and counts its marker
/// words in `languages`, numbering new stems in `vocab`; stop words (ids
/// below `stop.count`) are left out of `ids`.
fn words_into(
    text: &str,
    vocab: &mut Vocabulary,
    stop: &StopWords,
    letters: usize,
    buf: &mut String,
    (ids, languages): (&mut WordIds, &mut LanguageCounts),
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
        if id >= stop.count {
            ids.push(id);
        } else if let Some(l) = stop.language[id as usize] {
            languages[usize::from(l)] += 1;
        }
    });
}

/// Content words of the article (title included): the wall rule judges
/// threads with a short article or none by their own threshold.
pub fn article_words(thread: &Thread) -> usize {
    let mut count = 0;
    let mut buf = String::new();
    for text in [&thread.article.title, &thread.article.body] {
        for_each_content_word(text, &mut buf, |w| {
            if STOPWORDS
                .binary_search_by(|(s, _)| s.as_str().cmp(w))
                .is_err()
            {
                count += 1;
            }
        });
    }
    count
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
                    text: text.clone().into(),
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
    fn a_long_article_vouches_in_full_only_for_the_words_it_uses_often() {
        // 400 content words: a word must be used twice to count in full.
        let filler: Vec<String> = (0..397).map(|i| format!("filler{i}")).collect();
        let article = format!("harbour harbour ferry {}", filler.join(" "));
        let t = thread(&article, &["harbour ferry".to_string()]);
        assert_eq!(article_words(&t), 400);
        // "harbour" in full, "ferry" (once) in half.
        assert_eq!(relevance_in_shares(&t, &whole_words(0.0), 1), vec![0.75]);
        // A short article vouches for every word it uses.
        let t = thread("harbour ferry", &["harbour ferry".to_string()]);
        assert_eq!(relevance_in_shares(&t, &whole_words(0.0), 1), vec![1.0]);
    }

    #[test]
    fn repeated_words_weigh_by_the_square_root_of_their_uses() {
        // "penguin" four times (weight 2), unsupported; "harbour" once
        // (weight 1), in the article: 1 / 3.
        let t = thread(
            "harbour",
            &["penguin penguin penguin penguin harbour".to_string()],
        );
        let r = relevance_in_shares(&t, &whole_words(0.0), 1);
        assert!((r[0] - 1.0 / 3.0).abs() < 1e-12, "{r:?}");
    }

    #[test]
    fn a_comment_in_another_language_than_its_thread_is_not_relevant() {
        let german = "Das Freibad ist nicht offen, und das ist auch nicht gut für die Kinder.";
        let english =
            "The pool is not open, and that is not good for the children, which is what they said.";
        let mut comments: Vec<String> = (0..5).map(|_| german.to_string()).collect();
        comments.push(format!("{english} Freibad Kinder"));
        let t = thread("", &comments);
        let r = relevance_in_shares(&t, &whole_words(0.0), 1);
        assert_eq!(r[5], 0.0, "English among German comments");
        assert!(r[0] > 0.0);
        // Where two of the five others write English, English is one of the
        // thread's languages.
        comments.truncate(3);
        comments.push(english.to_string());
        comments.push(english.to_string());
        comments.push(format!("{english} Freibad Kinder"));
        let r = relevance_in_shares(&thread("", &comments), &whole_words(0.0), 1);
        assert!(r[5] > 0.0, "{r:?}");
        // Too few other votes to tell: not judged.
        let few = vec![german.to_string(), format!("{english} Freibad Kinder")];
        let r = relevance_in_shares(&thread("", &few), &whole_words(0.0), 1);
        assert!(r[1] > 0.0, "{r:?}");
    }

    #[test]
    fn word_ids_widen_when_an_id_needs_more_than_two_bytes() {
        let mut ids = WordIds::Narrow(Vec::new());
        ids.push(0);
        ids.push(65_535);
        assert!(matches!(ids, WordIds::Narrow(_)));
        for id in [65_536, 7, u32::MAX] {
            ids.push(id);
        }
        assert!(matches!(ids, WordIds::Wide(_)));
        assert_eq!(ids.len(), 5);
        assert_eq!(
            ids.iter().collect::<Vec<_>>(),
            [0, 65_535, 65_536, 7, u32::MAX]
        );
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
