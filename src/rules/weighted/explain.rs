//! How the weighted rule explains a score: the parts that made it up,
//! where each matched, and the finding's measure line.

use std::ops::Range;

use rustc_hash::FxHashMap;

use super::{Term, TermName, Weighted, rule_hits, term_scale, word_count};
use crate::rules::normalize::Normalized;

/// One part of a comment's score, for the finding's explanation; named
/// with [`Weighted::describe`] only when shown, since a long comment has
/// hundreds of parts and shows six.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Contribution {
    pub part: Part,
    pub weight: f64,
}

/// What a [`Contribution`] is.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Part {
    /// The rule at this position of the weighed rules fired.
    Rule(usize),
    /// How often the weighed rules matched, all together.
    RuleHits(usize),
    Term(Term),
}

/// The parts of a comment's score and where each matched: `spans` holds
/// (index into `parts`, original byte range), in the order met.
#[derive(Debug, Clone, Default)]
pub struct Explanation {
    pub parts: Vec<Contribution>,
    pub spans: Vec<(usize, Range<usize>)>,
}

impl Weighted {
    /// What made up a comment's score, with the original spans of each part
    /// and the weight it added (terms scaled by [`term_scale`]).
    pub fn contributions<'a>(
        &self,
        norm: &Normalized,
        fired: impl Fn(usize) -> Option<&'a [Range<usize>]>,
    ) -> Explanation {
        let mut met = Vec::new();
        self.scan(norm, |term, weight, range| met.push((term, weight, range)));
        self.explained(norm, fired, &met)
    }

    /// [`Weighted::contributions`] from the terms the scan met, in the
    /// order it met them (term, weight, normalised range).
    fn explained<'a>(
        &self,
        norm: &Normalized,
        fired: impl Fn(usize) -> Option<&'a [Range<usize>]>,
        met: &[(Term, f64, Range<usize>)],
    ) -> Explanation {
        let mut out = Explanation::default();
        let mut matches = 0;
        for (position, (index, _, w)) in self.rules.iter().enumerate() {
            if let Some(spans) = fired(*index) {
                matches += spans.len();
                let at = out.parts.len();
                out.parts.push(Contribution {
                    part: Part::Rule(position),
                    weight: *w,
                });
                out.spans.extend(spans.iter().map(|r| (at, r.clone())));
            }
        }
        if matches > 0 && self.rule_hits != 0.0 {
            // The words are already shown with their rules.
            out.parts.push(Contribution {
                part: Part::RuleHits(matches),
                weight: self.rule_hits * rule_hits(matches),
            });
        }
        let mut seen: FxHashMap<Term, usize> = FxHashMap::default();
        let first_term = out.parts.len();
        for (term, weight, range) in met {
            let at = *seen.entry(*term).or_insert_with(|| {
                out.parts.push(Contribution {
                    part: Part::Term(*term),
                    weight: *weight,
                });
                out.parts.len() - 1
            });
            out.spans.push((at, norm.original_range(range.clone())));
        }
        let scale = term_scale(self.full_weight_words, word_count(norm));
        for part in &mut out.parts[first_term..] {
            part.weight *= scale;
        }
        out
    }

    /// How a finding names a part of the score.
    pub fn describe(&self, part: Part) -> String {
        let name = |id: u32| self.names[id as usize].clone();
        match part {
            Part::Rule(position) => self.rules[position].1.clone(),
            Part::RuleHits(matches) => crate::counted(
                matches,
                "match of the rules above",
                "matches of the rules above",
            ),
            Part::Term(Term::One(id)) => TermName::Word(name(id)).describe(),
            Part::Term(Term::Pair(a, b)) => TermName::Pair(name(a), name(b)).describe(),
            Part::Term(Term::Aimed(id)) => TermName::Aimed(name(id)).describe(),
        }
    }

    /// Spans to highlight and the measure line, when the rule fires.
    pub fn check<'a>(
        &self,
        norm: &Normalized,
        fired: impl Fn(usize) -> Option<&'a [Range<usize>]>,
    ) -> Option<(Vec<Range<usize>>, String)> {
        thread_local! {
            // Reused from comment to comment: no allocation per comment.
            static MET: std::cell::RefCell<Vec<(Term, f64, Range<usize>)>> =
                const { std::cell::RefCell::new(Vec::new()) };
        }
        // Most comments stay below the threshold: only those that fire are
        // explained, from the terms their scoring met.
        let (score, explanation) = MET.with_borrow_mut(|met| {
            met.clear();
            let score = self.score_noting(
                norm,
                |i| fired(i).map(<[_]>::len),
                |term, weight, range| met.push((term, weight, range)),
            );
            let explanation = (score >= self.threshold).then(|| self.explained(norm, &fired, met));
            (score, explanation)
        });
        let Explanation { mut parts, spans } = explanation?;
        // The rules' own words are highlighted when they add to the score:
        // they matched as insults; terms only when heavy enough by their
        // own weight, however long the comment.
        let heavy = self.highlight_min * term_scale(self.full_weight_words, word_count(norm));
        let highlighted = |p: &Contribution| match p.part {
            Part::Rule(_) => p.weight >= heavy || p.weight > 0.0,
            _ => p.weight >= heavy,
        };
        let mut spans: Vec<Range<usize>> = spans
            .into_iter()
            .filter(|(at, r)| highlighted(&parts[*at]) && r.start < r.end)
            .map(|(_, r)| r)
            .collect();
        spans.sort_by_key(|r| (r.start, r.end));
        // "you" inside "you are" is one highlight, not two.
        let mut merged: Vec<Range<usize>> = Vec::with_capacity(spans.len());
        for r in spans {
            match merged.last_mut() {
                Some(last) if r.start <= last.end => last.end = last.end.max(r.end),
                _ => merged.push(r),
            }
        }
        parts.sort_by(|a, b| b.weight.abs().total_cmp(&a.weight.abs()));
        let shown: Vec<String> = parts
            .iter()
            .take(6)
            .map(|p| format!("{} {:+.1}", self.describe(p.part), p.weight))
            .collect();
        let more = if parts.len() > 6 {
            format!(", {} more", parts.len() - 6)
        } else {
            String::new()
        };
        let measure = format!(
            "score {score:.2} (fires at {:.2}): {}{more}",
            self.threshold,
            shown.join(", ")
        );
        Some((merged, measure))
    }
}
