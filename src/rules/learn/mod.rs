//! Learning the insult score: the weights of the `weighted` rule between the
//! `# BEGIN insult-score` and `# END insult-score` lines of a rules file,
//! fitted to labelled comments by an L2-regularised logistic regression.
//!
//! The features are the ones the weighted rule scores: each word, each pair
//! of adjacent words and each word aimed at the reader, counted once per
//! comment, each insult rule above the block that fired, and how often
//! those rules matched (ln(1 + matches), the rule's `rule_hits`). The fit is
//! written here rather than taken from a crate: the data is a few thousand
//! sparse rows, the moderator's rows weigh more than the others, and
//! without base comments the weights are pulled towards the rules file's own
//! (a prior) instead of towards zero — three things the crates we looked at
//! (linfa-logistic: dense matrices, no row weights, no prior) do not do.
//!
//! Everything is deterministic: features in sorted order, folds by a hash of
//! the text, a fixed optimiser with sums in a fixed order.

use std::collections::BTreeMap;

use rayon::prelude::*;

mod fit;
mod operating;
mod rules_file;

use fit::{fit, score};
pub use operating::{Operating, Scored, auc, operating, table, write_table};
use operating::{candidate_thresholds, choose_threshold};
use rules_file::write_block;
pub use rules_file::{RulesText, marked_block};

use super::Context;
use super::config::RuleSet;
use super::engine::fire_rules;
use super::normalize::Normalized;
use super::weighted::{TermName, Weights, comment_terms, rule_hits, term_scale, word_count};

/// The lines around the learned block in a rules file.
pub const BEGIN: &str = "# BEGIN insult-score";
pub const END: &str = "# END insult-score";
/// The id and category of the learned rule.
pub const LEARNED_ID: &str = "insult-score";
pub const CATEGORY: &str = "insult";

/// One labelled comment.
#[derive(Debug, Clone, PartialEq)]
pub struct Example {
    pub text: String,
    /// Labelled as an insult.
    pub insult: bool,
    /// Labelled by the moderator (weighs [`Settings::moderator_weight`]);
    /// otherwise one of the base comments.
    pub moderator: bool,
}

/// How to learn.
#[derive(Debug, Clone)]
pub struct Settings {
    /// How much one moderator label weighs against one base comment, or
    /// against the prior when there are no base comments.
    pub moderator_weight: f64,
    /// Choose the lowest threshold whose cross-validated precision reaches
    /// this; without it, the threshold with the best F1.
    pub precision: Option<f64>,
    /// A term must occur in this many comments to get a weight.
    pub min_docs: usize,
    /// Inverse strength of the L2 penalty: larger lets weights grow.
    pub inverse_penalty: f64,
    pub folds: usize,
    /// Weights smaller than this are left out of the file.
    pub prune: f64,
    /// Terms weigh fully in comments up to this many words (the weighted
    /// rule's `full_weight_words`); learning from the weights in use keeps
    /// theirs, so the prior means what it meant.
    pub full_weight_words: usize,
}

impl Default for Settings {
    fn default() -> Settings {
        Settings {
            moderator_weight: DEFAULT_MODERATOR_WEIGHT,
            precision: None,
            min_docs: 3,
            inverse_penalty: 0.3,
            folds: 5,
            prune: 0.1,
            full_weight_words: DEFAULT_FULL_WEIGHT_WORDS,
        }
    }
}

/// Chosen with `scripts/community-benchmark.py` (README, "Learning from
/// your labels"): the best F1 after 1,000 labels learned with base comments.
pub const DEFAULT_MODERATOR_WEIGHT: f64 = 3.0;

/// Chosen by 5-fold cross-validation on the tuning part of the bundled
/// comments (README, "Insult score"): 15, 25, 40, 80 and off gave F1 0.757,
/// 0.759, 0.764, 0.762 and 0.760 at precision 0.75; off, a long abusive
/// rant scored below the threshold however many insults it held.
pub const DEFAULT_FULL_WEIGHT_WORDS: usize = 40;

/// Without base comments, how much harder the weights in use hold on to
/// their values than base-comment weights hold on to zero: the weights in
/// use stand for the thousands of comments they were learned from. With the
/// default moderator weight this is the best setting the benchmark found.
const PRIOR_PENALTY_FACTOR: f64 = 3.0;

/// What learning produced.
#[derive(Debug, Clone)]
pub struct Learned {
    /// The whole rules file, with the new block.
    pub rules_text: String,
    pub threshold: f64,
    /// Cross-validated on the moderator's labels (on the base comments
    /// when there are none), by threshold.
    pub cross_validated: Vec<Operating>,
    /// Area under the ROC curve of the cross-validated scores (the score
    /// alone, without the word lists' own flags).
    pub auc: f64,
    /// The rules in use on the same labels, before learning.
    pub before: Option<Operating>,
    pub terms: usize,
    /// A line on what the threshold is and why.
    pub note: String,
}

impl Learned {
    /// The cross-validated precision and recall at the chosen threshold.
    pub fn chosen(&self) -> Option<&Operating> {
        self.cross_validated
            .iter()
            .find(|r| (r.threshold - self.threshold).abs() < 1e-9)
    }
}

/// A feature: an insult rule above the block, how often those rules
/// matched, or a term.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Feature {
    Rule(String),
    RuleHits,
    Term(TermName),
}

/// One example as the rules above the block read it.
struct ReadExample {
    /// The insult rules that fired and the terms present.
    features: Vec<Feature>,
    /// How often those rules matched, all together.
    matches: usize,
    /// The weight of its terms ([`term_scale`]).
    term_scale: f64,
    /// Whether an insult rule shown as a flag fired.
    shown: bool,
}

/// The examples as rows of feature numbers and values (1 but for
/// [`Feature::RuleHits`]).
struct Encoded {
    features: Vec<Feature>,
    rows: Vec<Vec<(u32, f64)>>,
    /// The terms' [`term_scale`] setting the rows were read with.
    full_weight_words: usize,
    /// Whether an insult rule shown as a flag fired on the example.
    shown: Vec<bool>,
    truth: Vec<bool>,
    moderator: Vec<bool>,
}

/// Reads each example's features: the terms of its text and the insult
/// rules above the block that fire on it. Terms of `prior` (the weights
/// learning is pulled towards, if any) are kept however rare.
fn encode(
    rules: &RulesText,
    examples: &[Example],
    prior: Option<&Weights>,
    settings: &Settings,
) -> Encoded {
    let insult_rules = rules.insult_rules();
    let full_weight_words = prior.map_or(settings.full_weight_words, |w| w.full_weight_words);
    let raw: Vec<ReadExample> = examples
        .par_iter()
        .map(|ex| {
            let norm = Normalized::new(&ex.text);
            let ctx = lone_comment(&ex.text, &norm);
            let fired = fire_rules(&rules.above, &ctx);
            let mut features = Vec::new();
            let mut shown = false;
            let mut matches = 0;
            for (index, id, is_shown) in &insult_rules {
                if let Some((_, finding)) = fired.iter().find(|(at, _)| at == index) {
                    features.push(Feature::Rule(id.clone()));
                    matches += finding.spans.len();
                    shown |= is_shown;
                }
            }
            features.extend(comment_terms(&norm).into_iter().map(Feature::Term));
            ReadExample {
                features,
                matches,
                term_scale: term_scale(full_weight_words, word_count(&norm)),
                shown,
            }
        })
        .collect();
    let mut docs: BTreeMap<&Feature, usize> = BTreeMap::new();
    for ex in &raw {
        for f in &ex.features {
            *docs.entry(f).or_default() += 1;
        }
    }
    // Only a prior's terms: the weights in use were fitted on all the base
    // comments, so with base comments their terms would smuggle the held-out
    // folds' labels into cross-validation (and rare terms back in).
    let in_prior: std::collections::BTreeSet<&TermName> = prior
        .iter()
        .flat_map(|w| w.terms.iter().map(|(t, _)| t))
        .collect();
    let mut features: Vec<Feature> = insult_rules
        .iter()
        .map(|(_, id, _)| Feature::Rule(id.clone()))
        .collect();
    if !insult_rules.is_empty() {
        features.push(Feature::RuleHits);
    }
    features.extend(docs.iter().filter_map(|(f, &n)| match f {
        Feature::Term(t) if n >= settings.min_docs || in_prior.contains(t) => Some((*f).clone()),
        _ => None,
    }));
    features.sort();
    let number: BTreeMap<&Feature, u32> = features
        .iter()
        .enumerate()
        .map(|(i, f)| (f, u32::try_from(i).unwrap_or(u32::MAX)))
        .collect();
    let hits = number.get(&Feature::RuleHits).copied();
    let rows = raw
        .iter()
        .map(|ex| {
            let mut row: Vec<(u32, f64)> = ex
                .features
                .iter()
                .filter_map(|f| {
                    let value = if matches!(f, Feature::Term(_)) {
                        ex.term_scale
                    } else {
                        1.0
                    };
                    number.get(f).map(|&j| (j, value))
                })
                .collect();
            if let Some(j) = hits
                && ex.matches > 0
            {
                row.push((j, rule_hits(ex.matches)));
            }
            row
        })
        .collect();
    Encoded {
        rows,
        shown: raw.iter().map(|ex| ex.shown).collect(),
        full_weight_words,
        truth: examples.iter().map(|e| e.insult).collect(),
        moderator: examples.iter().map(|e| e.moderator).collect(),
        features,
    }
}

/// FNV-1a of a text: which fold a comment falls in, whatever the file order.
fn fold_of(text: &str, folds: usize) -> usize {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in text.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    (h % folds.max(1) as u64) as usize
}

/// Fits the insult score to `examples` and writes it into the rules file.
/// With base examples (not the moderator's) the weights start from nothing;
/// without, they start from, and are pulled towards, the file's own.
/// `progress` hears what is being done, for a progress line.
pub fn learn(
    rules: &RulesText,
    examples: &[Example],
    settings: &Settings,
    progress: &(dyn Fn(&str) + Sync),
) -> crate::Result<Learned> {
    let moderator_labels = examples.iter().filter(|e| e.moderator).count();
    let has_base = examples.iter().any(|e| !e.moderator);
    let positives = examples.iter().filter(|e| e.insult).count();
    if positives == 0 || positives == examples.len() {
        return Err(crate::Error::input(format!(
            "expected labelled comments of both kinds, insults and others; got {} insults among {}",
            positives,
            crate::counted(examples.len(), "labelled comment", "labelled comments")
        )));
    }
    progress(&format!(
        "reading {}",
        crate::counted(examples.len(), "comment", "comments")
    ));
    // Without base comments the file's own weights are the prior.
    let prior_weights = if has_base {
        None
    } else {
        rules.current.as_ref()
    };
    let data = encode(rules, examples, prior_weights, settings);
    let prior: Vec<f64> = data
        .features
        .iter()
        .map(|f| match (f, prior_weights) {
            (_, None) => 0.0,
            (Feature::Rule(id), Some(w)) => w
                .rules
                .iter()
                .find(|(r, _)| r == id)
                .map_or(0.0, |(_, v)| *v),
            (Feature::RuleHits, Some(w)) => w.rule_hits,
            (Feature::Term(t), Some(w)) => w
                .terms
                .binary_search_by(|(name, _)| name.cmp(t))
                .map_or(0.0, |at| w.terms[at].1),
        })
        .collect();
    let prior_bias = prior_weights.map_or(0.0, |w| w.bias);
    let from_prior = prior_weights.is_some();

    // Cross-validation on the moderator's labels (the base comments when
    // there are none): each fold scored by a fit that did not see it.
    let judged: Vec<usize> = (0..examples.len())
        .filter(|&i| examples[i].moderator == (moderator_labels > 0))
        .collect();
    let folds = settings.folds.max(2);
    let mut scored: Vec<Scored> = Vec::with_capacity(judged.len());
    let mut fold_scores: Vec<Vec<(usize, f64)>> = Vec::new();
    for k in 0..folds {
        progress(&format!("cross-validating: fold {} of {folds}", k + 1));
        let held: Vec<usize> = judged
            .iter()
            .copied()
            .filter(|&i| fold_of(&examples[i].text, folds) == k)
            .collect();
        if held.is_empty() {
            continue;
        }
        let train: Vec<usize> = (0..examples.len())
            .filter(|i| held.binary_search(i).is_err())
            .collect();
        let x = fit(&data, train, from_prior, &prior, prior_bias, settings);
        fold_scores.push(held.iter().map(|&i| (i, score(&data, i, &x))).collect());
    }
    for (i, s) in fold_scores.into_iter().flatten() {
        scored.push(Scored {
            score: s,
            shown: data.shown[i],
            truth: data.truth[i],
        });
    }
    let all: Vec<Operating> = candidate_thresholds()
        .map(|t| operating(t, &scored))
        .collect();
    let (threshold, note) = choose_threshold(&all, settings.precision);

    progress("fitting on every label");
    let x = fit(
        &data,
        (0..examples.len()).collect(),
        from_prior,
        &prior,
        prior_bias,
        settings,
    );
    let before = (moderator_labels > 0).then(|| {
        let flagged: Vec<Scored> = judged
            .par_iter()
            .map(|&i| Scored {
                // Every insult flag of the rules in use, the score's too.
                score: f64::NEG_INFINITY,
                shown: flags_insult(&rules.all, &examples[i].text),
                truth: examples[i].insult,
            })
            .collect();
        let mut op = operating(f64::INFINITY, &flagged);
        op.threshold = rules.current.as_ref().map_or(0.0, |w| w.threshold);
        op
    });
    let (block, terms) = write_block(
        &data,
        &x,
        (threshold, &note),
        examples,
        moderator_labels,
        settings,
    );
    let mut rules_text = rules.head.clone();
    rules_text.push_str(&block);
    rules_text.push_str(&rules.tail);
    // The file must read back: a mistake here is threadmod's, not the user's.
    RuleSet::parse(&rules_text, "the learned rules")?;
    Ok(Learned {
        rules_text,
        threshold,
        cross_validated: table(threshold, &scored),
        auc: auc(&scored),
        before,
        terms,
        note,
    })
}

/// Each comment's learned score, whether another shown insult rule flags
/// it, and its truth: what a precision/recall table by threshold needs.
/// None when the rules have no learned insult score.
pub fn scores_by_learned_rule(
    rules: &RuleSet,
    comments: &[(&str, bool)],
) -> Option<(f64, Vec<Scored>)> {
    let (at, learned) = rules.rules.iter().enumerate().find_map(|(i, r)| {
        match r.settings_of::<super::weighted::Weighted>() {
            Some(w) if *r.meta.id == *LEARNED_ID => Some((i, w)),
            _ => None,
        }
    })?;
    let scored = comments
        .par_iter()
        .map(|&(text, truth)| {
            let norm = Normalized::new(text);
            let ctx = lone_comment(text, &norm);
            let fired = fire_rules(rules, &ctx);
            let score = learned.score(&norm, |i| {
                fired
                    .iter()
                    .find(|(f, _)| *f == i)
                    .map(|(_, f)| f.spans.len())
            });
            let shown = fired.iter().any(|(i, f)| {
                *i != at && *f.category == *CATEGORY && flags_alone(&rules.rules[*i].meta)
            });
            Scored {
                score,
                shown,
                truth,
            }
        })
        .collect();
    Some((learned.threshold, scored))
}

/// A labelled comment seen without its thread: relevance to an article is
/// unknown, and the insult rules do not use it.
fn lone_comment<'a>(text: &'a str, norm: &'a Normalized) -> Context<'a> {
    Context::new(text, norm, 1.0, 0)
}

/// Whether `rules` flag `text` as an insult.
pub fn flags_insult(rules: &RuleSet, text: &str) -> bool {
    let norm = Normalized::new(text);
    let ctx = lone_comment(text, &norm);
    fire_rules(rules, &ctx)
        .iter()
        .any(|(i, f)| *f.category == *CATEGORY && flags_alone(&rules.rules[*i].meta))
}

/// Whether a rule's findings flag a comment by themselves: not quiet (it
/// only feeds scores) and not `flags = false` (it only highlights, as
/// check_comment_parts shows it).
fn flags_alone(meta: &super::config::RuleMeta) -> bool {
    !meta.quiet && meta.flags
}

#[cfg(test)]
mod tests;
