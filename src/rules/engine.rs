//! Runs a [`RuleSet`] over a [`Thread`] and keeps the findings per comment.

use super::config::RuleSet;
use super::normalize::Normalized;
pub use super::relevance::relevance;
use super::{Context, Finding};
use crate::thread::Thread;
use std::sync::Arc;

/// The findings for every comment of a thread, in the thread's order.
#[derive(Debug, Clone, Default)]
pub struct CheckedThread {
    /// What flags each comment.
    pub findings: Vec<Vec<Finding>>,
    /// Words highlighted without flagging the comment: findings of rules
    /// with `flags = false`.
    pub highlights: Vec<Vec<Finding>>,
    /// Relevance of each comment to the article, its parent and the rest of
    /// the thread, 0..1 ([`super::relevance`]).
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
    pub fn shown(&self, i: usize) -> impl Iterator<Item = &Finding> + Clone {
        let none: &[Finding] = &[];
        let flags = self.findings.get(i).map_or(none, Vec::as_slice);
        let highlights = self.highlights.get(i).map_or(none, Vec::as_slice);
        flags.iter().chain(highlights)
    }

    /// Distinct categories flagged on comment `i`, in rule order.
    pub fn categories(&self, i: usize) -> Vec<&str> {
        let mut out: Vec<&str> = Vec::new();
        for f in &self.findings[i] {
            if !out.contains(&&*f.category) {
                out.push(&f.category);
            }
        }
        out
    }

    /// Distinct rule ids that fired on comment `i`.
    pub fn rule_ids(&self, i: usize) -> Vec<&str> {
        let mut out: Vec<&str> = Vec::new();
        for f in &self.findings[i] {
            if !out.contains(&&*f.rule_id) {
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
    let relevance = relevance(thread, &rules.relevance_settings());
    let (findings, highlights) = check_stretch(rules, thread, &relevance, 0..thread.comments.len());
    CheckedThread {
        findings,
        highlights,
        relevance,
    }
}

/// Checks the comments `range` of `thread`, given every comment's relevance
/// ([`relevance`]): the result's index 0 is comment `range.start`. Export
/// checks a thread a stretch at a time, so that the findings of only one
/// stretch are held at once.
pub fn check_comments(
    rules: &RuleSet,
    thread: &Thread,
    relevance: &[f64],
    range: std::ops::Range<usize>,
) -> CheckedThread {
    let (findings, highlights) = check_stretch(rules, thread, relevance, range.clone());
    CheckedThread {
        findings,
        highlights,
        relevance: relevance[range].to_vec(),
    }
}

/// What flags and what highlights each comment of `range`.
fn check_stretch(
    rules: &RuleSet,
    thread: &Thread,
    relevance: &[f64],
    range: std::ops::Range<usize>,
) -> (Vec<Vec<Finding>>, Vec<Vec<Finding>>) {
    use rayon::prelude::*;
    for rule in &rules.rules {
        rule.check.prepare(thread.comments.len());
    }
    let comments = &thread.comments[range.clone()];
    let relevance = &relevance[range];
    // The article alone: cheap beside a stretch of comments.
    let article_words = super::relevance::article_words(thread);
    let check = |(c, &rel): (&crate::thread::Comment, &f64)| {
        let norm = Normalized::new(&c.text);
        let ctx = Context::new(&c.text, &norm, rel, article_words);
        check_comment_parts(rules, &ctx)
    };
    // Comments are independent: both cores share them. On one core the
    // calling thread does the work, so its memory is not kept twice (once
    // per thread's allocator arena).
    if rayon::current_num_threads() > 1 {
        comments
            .par_iter()
            .zip(relevance.par_iter())
            .map(check)
            .unzip()
    } else {
        comments.iter().zip(relevance).map(check).unzip()
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
        let earlier = |i: usize| {
            fired
                .iter()
                .find(|(at, _)| *at == i)
                .map(|(_, f)| f.spans.as_slice())
        };
        if let Some(hit) = rule.check.check(ctx, &earlier) {
            fired.push((index, finding(rule, hit.spans, hit.measure)));
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
        rule_id: Arc::clone(&rule.meta.id),
        category: Arc::clone(&rule.meta.category),
        severity: rule.meta.severity,
        reason: Arc::clone(&rule.meta.reason),
        spans,
        measure,
    }
}
