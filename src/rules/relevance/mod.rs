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
    LanguageCounts, STOPWORDS, for_each_content_word, language_count, main_language,
};
use crate::thread::Thread;

mod score;
use score::Scores;

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
    let parts: Vec<ShareWords> = thread
        .comments
        .par_chunks(per_share)
        .map(|comments| {
            // Room for more ids than prose has (one content word in about
            // 13 bytes of it), so that the list is never copied as it grows:
            // a copy would hold it twice for a moment, at the export's peak.
            // Room never written to takes no memory.
            let bytes: usize = comments.iter().map(|c| c.text.len()).sum();
            let mut part = ShareWords {
                vocab: vocab.clone(),
                ids: WordIds::Narrow(Vec::with_capacity(bytes / 6)),
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
    let mut parts = parts.into_iter();
    let mut all = parts.next().unwrap_or(ShareWords {
        vocab,
        ids: WordIds::Narrow(Vec::new()),
        ends: Vec::new(),
        languages: Vec::new(),
    });
    let mut vocab = std::mem::take(&mut all.vocab);
    for mut part in parts {
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
