//! The rules file around the learned block: cutting it at the block's
//! marker lines, and writing the block learning produced.

use std::fmt::Write as _;

use super::{BEGIN, CATEGORY, END, Encoded, Example, Feature, LEARNED_ID, Settings, flags_alone};
use crate::rules::RuleSet;
use crate::rules::Severity;
use crate::rules::weighted::TermName;
use crate::rules::weighted::Weights;

/// A rules file cut around its learned block.
#[derive(Debug, Clone)]
pub struct RulesText {
    /// Everything before the `# BEGIN insult-score` line.
    pub head: String,
    /// Everything after the `# END insult-score` line.
    pub tail: String,
    /// The rules above the block, the ones the score can weigh.
    pub above: RuleSet,
    /// The learned rule's weights as they are, when the file has them.
    pub current: Option<Weights>,
    /// The whole file's rules, as in use before learning.
    pub all: RuleSet,
}

impl RulesText {
    /// Cuts `text` (named `source` in messages) around its learned block.
    pub fn split(text: &str, source: &str) -> crate::Result<RulesText> {
        let missing = |what: &str| {
            crate::Error::rules(format!(
                "expected a line starting with '{what}' around the learned insult score \
                 (the built-in rules have one: threadmod rules default)"
            ))
        };
        let block = marked_block(text, BEGIN, END).map_err(missing)?;
        let (begin, after_end) = (block.start, block.end);
        let all = RuleSet::parse(text, source)?;
        let current = all.rules.iter().find_map(|r| {
            match r.settings_of::<crate::rules::weighted::Weighted>() {
                Some(w) if *r.meta.id == *LEARNED_ID => Some(w.weights()),
                _ => None,
            }
        });
        let head = text[..begin].to_string();
        Ok(RulesText {
            above: RuleSet::parse(&head, source)?,
            head,
            tail: text[after_end..].to_string(),
            current,
            all,
        })
    }

    /// The insult rules above the block: (index, id, shown as a flag).
    pub(super) fn insult_rules(&self) -> Vec<(usize, String, bool)> {
        self.above
            .rules
            .iter()
            .enumerate()
            .filter(|(_, r)| *r.meta.category == *CATEGORY)
            .map(|(i, r)| (i, r.meta.id.to_string(), flags_alone(&r.meta)))
            .collect()
    }
}

/// Where a block of a rules file lies: from the first line starting with
/// `begin` to the end of the next line starting with `end`. Err names the
/// marker line that is missing. Learned blocks (the insult score, the
/// highlighted word list) are found this way.
pub fn marked_block<'m>(
    text: &str,
    begin: &'m str,
    end: &'m str,
) -> Result<std::ops::Range<usize>, &'m str> {
    let start = line_start(text, begin).ok_or(begin)?;
    let end_line = line_start(&text[start..], end)
        .map(|at| start + at)
        .ok_or(end)?;
    let after = text[end_line..]
        .find('\n')
        .map_or(text.len(), |n| end_line + n + 1);
    Ok(start..after)
}

/// Byte offset of the first line of `text` that starts with `prefix`.
fn line_start(text: &str, prefix: &str) -> Option<usize> {
    let mut at = 0;
    for line in text.split_inclusive('\n') {
        if line.starts_with(prefix) {
            return Some(at);
        }
        at += line.len();
    }
    None
}

/// Writes a number as TOML: three decimals, no "-0.000".
fn number(v: f64) -> String {
    let s = format!("{v:.3}");
    if s == "-0.000" { "0.000".into() } else { s }
}

/// The learned block of the rules file, and how many terms it weighs.
pub(super) fn write_block(
    data: &Encoded,
    x: &[f64],
    (threshold, note): (f64, &str),
    examples: &[Example],
    moderator_labels: usize,
    settings: &Settings,
) -> (String, usize) {
    let features = &data.features;
    let n = features.len();
    let insults = examples.iter().filter(|e| e.insult).count();
    let mut rule_weights = Vec::new();
    let mut hits_weight = 0.0;
    let mut terms: Vec<(String, f64)> = Vec::new();
    let mut aimed: Vec<(String, f64)> = Vec::new();
    for (f, &w) in features.iter().zip(&x[..n]) {
        match f {
            Feature::Rule(id) => rule_weights.push((id.clone(), w)),
            Feature::RuleHits => hits_weight = w,
            Feature::Term(_) if w.abs() < settings.prune => {}
            Feature::Term(TermName::Word(word)) => terms.push((word.clone(), w)),
            Feature::Term(TermName::Pair(a, b)) => terms.push((format!("{a} {b}"), w)),
            Feature::Term(TermName::Aimed(word)) => aimed.push((word.clone(), w)),
        }
    }
    let heaviest_first =
        |a: &(String, f64), b: &(String, f64)| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0));
    terms.sort_by(heaviest_first);
    aimed.sort_by(heaviest_first);
    let quoted = |s: &str| serde_json::Value::String(s.to_string()).to_string();
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{BEGIN} (written by `threadmod learn`: learn again, do not edit by hand)"
    );
    let _ = write!(
        out,
        "# Learned from {} ({insults} insults)",
        crate::counted(examples.len(), "labelled comment", "labelled comments"),
    );
    if moderator_labels > 0 {
        let _ = write!(
            out,
            ", {moderator_labels} of them the moderator's (each weighing {})",
            settings.moderator_weight
        );
    }
    let _ = writeln!(out, ";\n# threshold {threshold:.2}: {note}.");
    let _ = writeln!(out, "[[rule]]");
    let _ = writeln!(out, "id = \"{LEARNED_ID}\"");
    let _ = writeln!(out, "kind = \"weighted\"");
    let _ = writeln!(out, "category = \"{CATEGORY}\"");
    let _ = writeln!(out, "severity = \"{}\"", Severity::High.as_str());
    let _ = writeln!(
        out,
        "reason = \"insulting words and the way they are aimed add up past the threshold\""
    );
    let _ = writeln!(out, "threshold = {threshold:.2}");
    let _ = writeln!(out, "bias = {}", number(x[n]));
    let _ = writeln!(
        out,
        "# Words this heavy, and the words of the rules, are highlighted."
    );
    let _ = writeln!(out, "highlight_min = 1.0");
    if data.full_weight_words > 0 {
        let _ = writeln!(
            out,
            "# Terms weigh fully up to this many words, by sqrt(this / words) past it."
        );
        let _ = writeln!(out, "full_weight_words = {}", data.full_weight_words);
    }
    if !rule_weights.is_empty() {
        let _ = writeln!(
            out,
            "# Weighs ln(1 + how often the rules below matched), on top of each rule's own weight."
        );
        let _ = writeln!(out, "rule_hits = {}", number(hits_weight));
    }
    let _ = writeln!(out, "[rule.rules]");
    for (id, w) in &rule_weights {
        let _ = writeln!(out, "{} = {}", quoted(id), number(*w));
    }
    let _ = writeln!(out, "[rule.terms]");
    for (t, w) in &terms {
        let _ = writeln!(out, "{} = {}", quoted(t), number(*w));
    }
    let _ = writeln!(
        out,
        "# Words aimed at the reader: after \"you\", \"your\", … or before \"like you\"."
    );
    let _ = writeln!(out, "[rule.aimed]");
    for (t, w) in &aimed {
        let _ = writeln!(out, "{} = {}", quoted(t), number(*w));
    }
    let _ = writeln!(out, "{END}");
    (out, terms.len() + aimed.len())
}
