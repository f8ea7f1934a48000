//! The day's work in figures: labels and flags per category, how often the
//! moderator agreed with each rule, time spent, and the authors the rules
//! flagged most. The app draws it; nothing here knows egui.

use std::collections::BTreeMap;

use super::LabelMeta;
use crate::labels::Decision;
use crate::rules::CheckedThread;
use crate::thread::Thread;

/// The label that says a comment may stay: a flag it overturns.
pub const APPROVE: &str = "approve";

/// How one rule fared against the moderator's labels.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleAgreement {
    pub rule_id: String,
    pub category: String,
    /// Comments the rule flagged.
    pub flagged: usize,
    /// Flagged and labelled anything but approve: the rule was right.
    pub confirmed: usize,
    /// Flagged and labelled approve: the rule was wrong.
    pub overturned: usize,
}

impl RuleAgreement {
    /// Confirmed among the flags the moderator decided; None before any.
    pub fn precision(&self) -> Option<f64> {
        let decided = self.confirmed + self.overturned;
        (decided > 0).then(|| self.confirmed as f64 / decided as f64)
    }
}

/// An author and how the rules and the moderator saw them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuthorFlags {
    pub author: String,
    pub comments: usize,
    pub flagged: usize,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Summary {
    pub comments: usize,
    pub labelled: usize,
    /// (label, comments) in the order of first use, most used first.
    pub labels: Vec<(String, usize)>,
    /// (category, comments flagged) most flagged first.
    pub flags: Vec<(String, usize)>,
    /// Rules that fired, most flags first.
    pub rules: Vec<RuleAgreement>,
    /// Seconds the moderator spent on the comments they labelled here, and
    /// on how many of them that was measured.
    pub seconds: f64,
    pub timed: usize,
    /// The authors with most flagged comments, at most [`Summary::TOP_AUTHORS`].
    pub authors: Vec<AuthorFlags>,
}

impl Summary {
    pub const TOP_AUTHORS: usize = 5;

    pub fn new(
        thread: &Thread,
        checked: &CheckedThread,
        decisions: &[Decision],
        meta: &[Option<LabelMeta>],
    ) -> Summary {
        let label_of = |i: usize| decisions.get(i).and_then(|d| d.label.as_deref());
        let mut labels: BTreeMap<&str, usize> = BTreeMap::new();
        let mut flags: BTreeMap<&str, usize> = BTreeMap::new();
        let mut rules: BTreeMap<&str, RuleAgreement> = BTreeMap::new();
        let mut authors: BTreeMap<&str, AuthorFlags> = BTreeMap::new();
        let mut summary = Summary {
            comments: thread.comments.len(),
            ..Summary::default()
        };
        for (i, comment) in thread.comments.iter().enumerate() {
            let label = label_of(i);
            if let Some(l) = label {
                summary.labelled += 1;
                *labels.entry(l).or_default() += 1;
            }
            let findings = checked.findings.get(i).map_or(&[][..], Vec::as_slice);
            let author = authors
                .entry(comment.author.as_str())
                .or_insert_with(|| AuthorFlags {
                    author: comment.author.to_string(),
                    comments: 0,
                    flagged: 0,
                });
            author.comments += 1;
            if !findings.is_empty() {
                author.flagged += 1;
            }
            for category in checked.categories(i) {
                *flags.entry(category).or_default() += 1;
            }
            // A rule that fires twice on a comment is judged once there.
            let mut seen: Vec<&str> = Vec::new();
            for f in findings {
                if seen.contains(&&*f.rule_id) {
                    continue;
                }
                seen.push(&f.rule_id);
                let rule = rules.entry(&*f.rule_id).or_insert_with(|| RuleAgreement {
                    rule_id: f.rule_id.to_string(),
                    category: f.category.to_string(),
                    flagged: 0,
                    confirmed: 0,
                    overturned: 0,
                });
                rule.flagged += 1;
                match label {
                    Some(APPROVE) => rule.overturned += 1,
                    Some(_) => rule.confirmed += 1,
                    None => {}
                }
            }
            if label.is_some()
                && let Some(Some(m)) = meta.get(i)
                && let Some(s) = m.seconds
            {
                summary.seconds += s;
                summary.timed += 1;
            }
        }
        summary.labels = most_first(labels);
        summary.flags = most_first(flags);
        let mut rules: Vec<RuleAgreement> = rules.into_values().collect();
        rules.sort_by(|a, b| b.flagged.cmp(&a.flagged).then(a.rule_id.cmp(&b.rule_id)));
        summary.rules = rules;
        let mut authors: Vec<AuthorFlags> =
            authors.into_values().filter(|a| a.flagged > 0).collect();
        authors.sort_by(|a, b| b.flagged.cmp(&a.flagged).then(a.author.cmp(&b.author)));
        authors.truncate(Self::TOP_AUTHORS);
        summary.authors = authors;
        summary
    }
}

/// Counts, most first; ties by name so the order never flickers.
fn most_first(counts: BTreeMap<&str, usize>) -> Vec<(String, usize)> {
    let mut out: Vec<(String, usize)> = counts
        .into_iter()
        .map(|(k, n)| (k.to_string(), n))
        .collect();
    out.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::{Finding, Severity};
    use crate::thread::Comment;

    fn finding(rule: &str, category: &str) -> Finding {
        Finding {
            rule_id: rule.into(),
            category: category.into(),
            severity: Severity::default(),
            reason: "".into(),
            spans: Vec::new(),
            measure: None,
        }
    }

    fn labelled(label: Option<&str>) -> Decision {
        Decision {
            label: label.map(str::to_string),
            note: String::new(),
        }
    }

    /// (author, findings as (rule, category), label, seconds)
    type Row<'a> = (
        &'a str,
        &'a [(&'a str, &'a str)],
        Option<&'a str>,
        Option<f64>,
    );

    #[test]
    fn figures_on_a_small_thread() {
        let rows: &[Row] = &[
            (
                "ann",
                &[("insult-words", "insult")],
                Some("insult"),
                Some(4.0),
            ),
            (
                "ann",
                &[("insult-words", "insult"), ("insult-words", "insult")],
                Some("approve"),
                Some(2.5),
            ),
            (
                "bob",
                &[("insult-words", "insult"), ("links", "spam")],
                Some("spam"),
                None,
            ),
            ("bob", &[("links", "spam")], None, None),
            ("cy", &[], Some("approve"), Some(1.0)),
            ("cy", &[], None, None),
        ];
        let thread = Thread {
            comments: rows
                .iter()
                .map(|(author, ..)| Comment {
                    author: (*author).into(),
                    ..Comment::default()
                })
                .collect(),
            ..Thread::default()
        };
        let mut checked = CheckedThread::unchecked(rows.len());
        checked.findings = rows
            .iter()
            .map(|(_, f, ..)| f.iter().map(|(r, c)| finding(r, c)).collect())
            .collect();
        let decisions: Vec<Decision> = rows.iter().map(|r| labelled(r.2)).collect();
        let meta: Vec<Option<LabelMeta>> = rows
            .iter()
            .map(|r| {
                Some(LabelMeta {
                    moderator: "m".into(),
                    at: String::new(),
                    seconds: r.3,
                })
            })
            .collect();
        let s = Summary::new(&thread, &checked, &decisions, &meta);
        assert_eq!((s.comments, s.labelled), (6, 4));
        let pairs = |v: &[(String, usize)]| -> Vec<(String, usize)> { v.to_vec() };
        assert_eq!(
            pairs(&s.labels),
            [
                ("approve".into(), 2),
                ("insult".into(), 1),
                ("spam".into(), 1)
            ]
        );
        assert_eq!(pairs(&s.flags), [("insult".into(), 3), ("spam".into(), 2)]);
        let insult = &s.rules[0];
        assert_eq!(
            (
                insult.rule_id.as_str(),
                insult.flagged,
                insult.confirmed,
                insult.overturned
            ),
            ("insult-words", 3, 2, 1),
            "twice on one comment counts once"
        );
        assert_eq!(insult.precision(), Some(2.0 / 3.0));
        let links = &s.rules[1];
        assert_eq!(
            (links.flagged, links.confirmed, links.overturned),
            (2, 1, 0)
        );
        assert_eq!(links.precision(), Some(1.0));
        assert_eq!((s.seconds, s.timed), (7.5, 3));
        let authors: Vec<(&str, usize, usize)> = s
            .authors
            .iter()
            .map(|a| (a.author.as_str(), a.comments, a.flagged))
            .collect();
        assert_eq!(authors, [("ann", 2, 2), ("bob", 2, 2)], "cy has no flag");
    }
}
