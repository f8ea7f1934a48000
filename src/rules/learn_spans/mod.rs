//! Learning which words annotators mark: `threadmod learn --spans` counts,
//! in comments whose abusive words are marked at character level, how often
//! each word and phrase is marked when it occurs, and writes the words with
//! their shares as a `word_shares` rule (the block between the
//! `# BEGIN abuse-words` and `# END abuse-words` lines of a rules file).
//!
//! The thresholds of the rule — `min_share`, and `relative` for comments
//! without a strong word — are chosen by cross-validation inside the
//! training part only; the score of the result is measured on the part left
//! out, by the real rule engine, so it is the figure a moderator sees.
//! Folds are fixed (row number modulo the number of folds): the same file
//! gives the same figures.

use std::fmt::Write as _;
use std::ops::Range;

use rayon::prelude::*;
use rustc_hash::FxHashMap;

use super::Context;
use super::config::RuleSet;
use super::engine::check_comment_parts;
use super::normalize::Normalized;
use super::shares::{LONGEST_PHRASE, candidates, select, units};
use crate::base::{char_offsets, char_ranges, merge_ranges, span_f1};

mod left_out;
pub use left_out::GROUP_NAMES;
use left_out::{NameUses, written_as_name};

/// The lines around the learned word list in a rules file.
pub const BEGIN: &str = "# BEGIN abuse-words";
pub const END: &str = "# END abuse-words";
pub const LEARNED_ID: &str = "abuse-words";
pub const CATEGORY: &str = "abuse";

/// How many uses of average share each word's count is given on top of
/// its own: a word seen three times is not known to be marked every time.
/// One use scored a little better in cross-validation than none, two, three
/// or five (span F1 0.6415 against 0.6402, 0.6405, 0.6399, 0.6385).
const SMOOTHING_USES: f64 = 1.0;

/// One comment with the character offsets annotators marked in it.
#[derive(Debug, Clone, PartialEq)]
pub struct SpanExample {
    pub text: String,
    /// Sorted, without repeats; offsets count characters, not bytes.
    pub gold: Vec<usize>,
}

/// How to learn.
#[derive(Debug, Clone)]
pub struct SpanSettings {
    pub folds: usize,
    /// Folds of the training part that choose the thresholds.
    pub inner_folds: usize,
    /// A word must occur this often to get a share.
    pub min_count: usize,
    /// A phrase must occur this often, and be marked more often than each
    /// of its words: phrases are many and each is rare.
    pub phrase_min_count: usize,
    /// The share a comment's strongest word needs before weaker words of
    /// the comment are shown. Not chosen by cross-validation: the annotated
    /// comments were all picked as abusive, while most comments a moderator
    /// reads are not, and a weak word in a clean comment is noise.
    pub floor: f64,
    pub min_shares: Vec<f64>,
    pub relatives: Vec<f64>,
}

impl Default for SpanSettings {
    fn default() -> SpanSettings {
        SpanSettings {
            folds: 5,
            inner_folds: 4,
            min_count: 3,
            phrase_min_count: 10,
            floor: 0.2,
            min_shares: vec![0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8],
            relatives: vec![0.5, 0.6, 0.7, 0.8, 0.9, 1.0],
        }
    }
}

/// A fitted word list and its thresholds.
#[derive(Debug, Clone, PartialEq)]
pub struct SpanFit {
    /// Word or phrase and its share, most often marked first.
    pub entries: Vec<(String, f64)>,
    pub min_share: f64,
    pub relative: f64,
    pub floor: f64,
    /// How many comments it was counted in.
    pub comments: usize,
}

/// One outer fold: the thresholds its training part chose, and the span F1
/// of the rules with its word list on the comments left out.
#[derive(Debug, Clone, PartialEq)]
pub struct FoldResult {
    pub min_share: f64,
    pub relative: f64,
    pub words: usize,
    pub span_f1: f64,
    pub comments: usize,
}

/// What learning gives.
#[derive(Debug, Clone)]
pub struct SpansLearned {
    pub folds: Vec<FoldResult>,
    pub fit: SpanFit,
    /// The rules file with the new word list.
    pub rules_text: String,
}

impl SpansLearned {
    /// The mean span F1 of the folds.
    pub fn mean_f1(&self) -> f64 {
        let n = self.folds.len().max(1) as f64;
        self.folds.iter().map(|f| f.span_f1).sum::<f64>() / n
    }
}

/// A candidate of one comment before numbering: its key, the keys of its
/// words when it is a phrase, its character range, whether it is marked,
/// and for a word inside a sentence whether it is written as a name
/// ([`written_as_name`]).
type RawCandidate = (String, Vec<String>, Range<usize>, bool, Option<bool>);

/// How often each key occurs, and how often it is marked.
type Counts = (Vec<u32>, Vec<u32>);

/// The candidates of every comment, their keys numbered.
struct Prepared {
    /// Per comment: (key number, character range, marked by annotators).
    candidates: Vec<Vec<(u32, Range<usize>, bool)>>,
    keys: Vec<String>,
    /// For phrases, the key numbers of their words; empty for words.
    parts: Vec<Vec<u32>>,
    /// Keys that are or hold one of [`GROUP_NAMES`].
    group: Vec<bool>,
}

fn prepare(examples: &[SpanExample]) -> Prepared {
    let per_comment: Vec<Vec<RawCandidate>> = examples
        .par_iter()
        .map(|e| {
            let norm = Normalized::new(&e.text);
            let units = units(&norm.text);
            let cands = candidates(&norm.text, &units, LONGEST_PHRASE);
            // Original byte ranges of the units, then in characters.
            let unit_bytes: Vec<Range<usize>> = units
                .iter()
                .map(|u| norm.original_range(u.range.clone()))
                .collect();
            let mut bytes: Vec<usize> = unit_bytes.iter().flat_map(|r| [r.start, r.end]).collect();
            bytes.sort_unstable();
            bytes.dedup();
            let chars = char_offsets(&e.text, &bytes);
            let at = |b: usize| bytes.binary_search(&b).map_or(0, |k| chars[k]);
            let unit_chars: Vec<Range<usize>> =
                unit_bytes.iter().map(|r| at(r.start)..at(r.end)).collect();
            // A word is marked when annotators marked at least half of it.
            let marked: Vec<bool> = unit_chars
                .iter()
                .map(|r| {
                    let from = e.gold.partition_point(|&g| g < r.start);
                    let to = e.gold.partition_point(|&g| g < r.end);
                    r.end > r.start && 2 * (to - from) >= r.end - r.start
                })
                .collect();
            cands
                .into_iter()
                .map(|c| {
                    let parts: Vec<String> = if c.units.len() > 1 {
                        units[c.units.clone()]
                            .iter()
                            .map(|u| u.key.to_string())
                            .collect()
                    } else {
                        Vec::new()
                    };
                    let range = unit_chars[c.units.start].start..unit_chars[c.units.end - 1].end;
                    let all_marked = marked[c.units.clone()].iter().all(|&m| m);
                    let name_use = (c.units.len() == 1)
                        .then(|| written_as_name(&e.text, unit_bytes[c.units.start].clone()))
                        .flatten();
                    (c.key, parts, range, all_marked, name_use)
                })
                .collect()
        })
        .collect();
    let mut numbers: FxHashMap<String, u32> = FxHashMap::default();
    let mut keys: Vec<String> = Vec::new();
    let mut parts: Vec<Vec<u32>> = Vec::new();
    fn number(
        key: &str,
        numbers: &mut FxHashMap<String, u32>,
        keys: &mut Vec<String>,
        parts: &mut Vec<Vec<u32>>,
    ) -> u32 {
        if let Some(&n) = numbers.get(key) {
            return n;
        }
        let n = u32::try_from(keys.len()).unwrap_or(u32::MAX);
        numbers.insert(key.to_string(), n);
        keys.push(key.to_string());
        parts.push(Vec::new());
        n
    }
    let mut candidates = Vec::with_capacity(per_comment.len());
    let mut name_uses = NameUses::default();
    for comment in per_comment {
        let mut out = Vec::with_capacity(comment.len());
        for (key, words, range, marked, name_use) in comment {
            let n = number(&key, &mut numbers, &mut keys, &mut parts);
            if let Some(is_name) = name_use {
                name_uses.count(n, is_name);
            }
            if !words.is_empty() && parts[n as usize].is_empty() {
                let ids: Vec<u32> = words
                    .iter()
                    .map(|w| number(w, &mut numbers, &mut keys, &mut parts))
                    .collect();
                parts[n as usize] = ids;
            }
            out.push((n, range, marked));
        }
        candidates.push(out);
    }
    let is_name = |word: &str| numbers.get(word).is_some_and(|&n| name_uses.is_name(n));
    let group = keys
        .iter()
        .map(|k| k.split(' ').any(|w| GROUP_NAMES.contains(&w) || is_name(w)))
        .collect();
    Prepared {
        candidates,
        keys,
        parts,
        group,
    }
}

/// How often each key occurs and is marked in the comments `rows`.
fn count(prepared: &Prepared, rows: &[usize]) -> Counts {
    let mut seen = vec![0u32; prepared.keys.len()];
    let mut marked = vec![0u32; prepared.keys.len()];
    for &row in rows {
        for (key, _, m) in &prepared.candidates[row] {
            seen[*key as usize] += 1;
            marked[*key as usize] += u32::from(*m);
        }
    }
    (seen, marked)
}

/// The share of each key kept in the list (None: left out).
fn shares(
    prepared: &Prepared,
    counts: &Counts,
    settings: &SpanSettings,
    min_share: f64,
    relative: f64,
) -> Vec<Option<f64>> {
    let (seen, marked) = counts;
    // Below this a word can never be shown, whatever the comment.
    let lowest = min_share.min(relative * settings.floor);
    // A share counts one more use, marked as often as the average word is:
    // with the comments of the toxic-spans training file, "3 of 3" reads
    // 0.77 rather than 1 and "1 of 3" 0.27 rather than 0.33, while the
    // shares of common words stay as counted.
    let (all_seen, all_marked) = (0..prepared.keys.len())
        .filter(|&k| prepared.parts[k].is_empty())
        .fold((0u64, 0u64), |(s, m), k| {
            (s + u64::from(seen[k]), m + u64::from(marked[k]))
        });
    let average = if all_seen == 0 {
        0.0
    } else {
        all_marked as f64 / all_seen as f64
    };
    let raw = |k: usize, min: usize| -> Option<f64> {
        (seen[k] as usize >= min.max(1)).then(|| {
            (f64::from(marked[k]) + SMOOTHING_USES * average)
                / (f64::from(seen[k]) + SMOOTHING_USES)
        })
    };
    (0..prepared.keys.len())
        .map(|k| {
            if prepared.group[k] {
                return None;
            }
            let parts = &prepared.parts[k];
            let share = if parts.is_empty() {
                raw(k, settings.min_count)?
            } else {
                let share = raw(k, settings.phrase_min_count)?;
                let best_part = parts
                    .iter()
                    .filter_map(|&p| raw(p as usize, settings.min_count))
                    .fold(0.0, f64::max);
                if share <= best_part {
                    return None;
                }
                share
            };
            (share >= lowest && share > 0.0).then_some(share)
        })
        .collect()
}

/// Mean span F1 of the fast reading of the list (the rule's selection on
/// the counted candidates) over the comments `rows`.
fn mean_f1(
    prepared: &Prepared,
    examples: &[SpanExample],
    rows: &[usize],
    table: &[Option<f64>],
    min_share: f64,
    relative: f64,
    floor: f64,
) -> f64 {
    let total: f64 = rows
        .iter()
        .map(|&row| {
            let cands = &prepared.candidates[row];
            let found: Vec<Option<f64>> =
                cands.iter().map(|(k, _, _)| table[*k as usize]).collect();
            let mut ranges: Vec<Range<usize>> = select(&found, min_share, relative, floor)
                .map(|i| cands[i].1.clone())
                .collect();
            merge_ranges(&mut ranges);
            span_f1(&examples[row].gold, &ranges)
        })
        .sum();
    total / rows.len().max(1) as f64
}

/// The thresholds with the best mean F1 over inner folds of `rows`.
fn choose(
    prepared: &Prepared,
    examples: &[SpanExample],
    rows: &[usize],
    settings: &SpanSettings,
) -> (f64, f64) {
    let inner = settings.inner_folds.max(2);
    let folds: Vec<(Vec<usize>, Counts)> = (0..inner)
        .map(|f| {
            let in_test = |k: &usize| k % inner == f;
            let test: Vec<usize> = (0..rows.len()).filter(in_test).map(|k| rows[k]).collect();
            let train: Vec<usize> = (0..rows.len())
                .filter(|k| !in_test(k))
                .map(|k| rows[k])
                .collect();
            let counts = count(prepared, &train);
            (test, counts)
        })
        .collect();
    let grid: Vec<(f64, f64)> = settings
        .min_shares
        .iter()
        .flat_map(|&m| settings.relatives.iter().map(move |&r| (m, r)))
        .collect();
    let scored: Vec<f64> = grid
        .par_iter()
        .map(|&(min_share, relative)| {
            folds
                .iter()
                .map(|(test, counts)| {
                    let table = shares(prepared, counts, settings, min_share, relative);
                    mean_f1(
                        prepared,
                        examples,
                        test,
                        &table,
                        min_share,
                        relative,
                        settings.floor,
                    )
                })
                .sum::<f64>()
        })
        .collect();
    // The first best in grid order: the same data chooses the same.
    let mut best = 0;
    for (i, s) in scored.iter().enumerate() {
        if *s > scored[best] + 1e-12 {
            best = i;
        }
    }
    grid.get(best).copied().unwrap_or((0.5, 1.0))
}

/// Fits the list on the comments `rows` with the given thresholds.
fn fit(
    prepared: &Prepared,
    rows: &[usize],
    settings: &SpanSettings,
    min_share: f64,
    relative: f64,
) -> SpanFit {
    let counts = count(prepared, rows);
    let table = shares(prepared, &counts, settings, min_share, relative);
    let mut entries: Vec<(String, f64)> = table
        .iter()
        .enumerate()
        .filter_map(|(k, s)| s.map(|s| (prepared.keys[k].clone(), s)))
        .collect();
    entries.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    SpanFit {
        entries,
        min_share,
        relative,
        floor: settings.floor,
        comments: rows.len(),
    }
}

/// The rule written for a fitted list, between its BEGIN and END lines.
pub fn rule_block(fit: &SpanFit) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{BEGIN} (written by `threadmod learn --spans`: edit the words freely, or learn again)"
    );
    let _ = writeln!(
        out,
        "# Counted in {} comments whose abusive words annotators marked: each word or\n\
         # phrase with the share of its uses they marked. Thresholds chosen by\n\
         # cross-validation. Names of groups of people, and words written as names\n\
         # (\"Gaza\", \"Hamas\") in the comments, are left out: highlighted alone they\n\
         # would present the group, place or person itself as the abuse.",
        fit.comments
    );
    let _ = writeln!(
        out,
        "[[rule]]\n\
         id = \"{LEARNED_ID}\"\n\
         kind = \"word_shares\"\n\
         category = \"{CATEGORY}\"\n\
         severity = \"low\"\n\
         reason = \"a word readers often mark as abusive or profane\"\n\
         # Highlights only; set flags = true to flag comments with these words too.\n\
         flags = false\n\
         # Shown when its share reaches min_share; in a comment whose strongest word\n\
         # reaches floor, also when it reaches relative x that strongest share.\n\
         min_share = {:.2}\n\
         relative = {:.2}\n\
         floor = {:.2}\n\
         [rule.words]",
        fit.min_share, fit.relative, fit.floor
    );
    for (word, share) in &fit.entries {
        let _ = writeln!(out, "{} = {share:.3}", toml::Value::String(word.clone()));
    }
    let _ = writeln!(out, "{END}");
    out
}

/// `text` with its learned word list replaced by `block`, or with `block`
/// added at the end when it has none.
pub fn replace_block(text: &str, block: &str) -> String {
    if let Ok(old) = super::learn::marked_block(text, BEGIN, END) {
        return format!("{}{block}{}", &text[..old.start], &text[old.end..]);
    }
    let mut out = text.to_string();
    if !out.is_empty() && !out.ends_with('\n') {
        out.push('\n');
    }
    if !out.is_empty() {
        out.push('\n');
    }
    out.push_str(block);
    out
}

/// The character ranges the rules highlight in each comment: every word
/// any finding shows, flags and highlights alike, sorted and merged.
pub fn highlighted(rules: &RuleSet, examples: &[SpanExample]) -> Vec<Vec<Range<usize>>> {
    examples
        .par_iter()
        .map(|e| {
            let norm = Normalized::new(&e.text);
            // Each comment stands alone here: no article to be off.
            let ctx = Context::new(&e.text, &norm, 1.0, 0);
            let (flags, highlights) = check_comment_parts(rules, &ctx);
            let spans: Vec<Range<usize>> = flags
                .iter()
                .chain(&highlights)
                .flat_map(|f| f.spans.iter().cloned())
                .collect();
            char_ranges(&e.text, &spans)
        })
        .collect()
}

/// Span F1 of each comment as the rules highlight it.
pub fn span_scores(rules: &RuleSet, examples: &[SpanExample]) -> Vec<f64> {
    highlighted(rules, examples)
        .iter()
        .zip(examples)
        .map(|(ranges, e)| span_f1(&e.gold, ranges))
        .collect()
}

/// Learns the word list from `examples` into the rules file `rules_text`
/// (named `source`): per outer fold the thresholds chosen inside its
/// training part and the span F1 on the part left out, then the list fitted
/// on every comment.
pub fn learn_spans(
    rules_text: &str,
    source: &str,
    examples: &[SpanExample],
    settings: &SpanSettings,
    progress: &(dyn Fn(&str) + Sync),
) -> crate::Result<SpansLearned> {
    let folds = settings.folds.max(2);
    if examples.len() < folds * settings.inner_folds.max(2) {
        return Err(crate::Error::input(format!(
            "{} annotated comments are too few to cross-validate; expected at least {}",
            examples.len(),
            folds * settings.inner_folds.max(2)
        )));
    }
    // The rules file must read before and after the list is put in.
    RuleSet::parse(rules_text, source)?;
    progress("reading the words of every comment");
    let prepared = prepare(examples);
    let mut results = Vec::new();
    for f in 0..folds {
        progress(&format!("fold {} of {folds}", f + 1));
        let (test, train): (Vec<usize>, Vec<usize>) =
            (0..examples.len()).partition(|row| row % folds == f);
        let (min_share, relative) = choose(&prepared, examples, &train, settings);
        let fitted = fit(&prepared, &train, settings, min_share, relative);
        let text = replace_block(rules_text, &rule_block(&fitted));
        let rules = RuleSet::parse(&text, source)?;
        let held_out: Vec<SpanExample> = test.iter().map(|&r| examples[r].clone()).collect();
        let scores = span_scores(&rules, &held_out);
        results.push(FoldResult {
            min_share,
            relative,
            words: fitted.entries.len(),
            span_f1: scores.iter().sum::<f64>() / scores.len().max(1) as f64,
            comments: scores.len(),
        });
    }
    progress("fitting on every comment");
    let all: Vec<usize> = (0..examples.len()).collect();
    let (min_share, relative) = choose(&prepared, examples, &all, settings);
    let fitted = fit(&prepared, &all, settings, min_share, relative);
    let text = replace_block(rules_text, &rule_block(&fitted));
    RuleSet::parse(&text, source)?;
    Ok(SpansLearned {
        folds: results,
        fit: fitted,
        rules_text: text,
    })
}

#[cfg(test)]
mod tests;
