//! Measuring the rules against past decisions: a CSV or JSON-lines file of
//! comments with gold labels gives precision, recall and F1 per category,
//! and the worst false positives and negatives with the words that fired.
//! This is how a moderator tunes rules.toml.

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::path::Path;

use crate::base::{f1, ratio, span_f1};
use crate::error::{Error, Result};
use crate::parse::{self, Format, ParseOptions};
use crate::rules::learn_spans::{SpanExample, highlighted, span_scores};
use crate::rules::{self, CheckedThread, RuleSet};
use crate::thread::Thread;

/// Gold labels per comment of the thread read from the gold file.
pub struct Gold {
    pub thread: Thread,
    /// Per comment; None where the gold file gives no label (an empty
    /// cell): such a comment is left out of the scores, unless unlabelled
    /// rows count as clean.
    pub labels: Vec<Option<BTreeSet<String>>>,
    /// Where the labels came from, for the report.
    pub source: String,
    /// Rows left out because they have no label.
    pub unlabelled: usize,
}

impl Gold {
    /// The comments with a gold label, and their labels.
    pub fn labelled(&self) -> impl Iterator<Item = (usize, &BTreeSet<String>)> {
        self.labels
            .iter()
            .enumerate()
            .filter_map(|(i, l)| l.as_ref().map(|l| (i, l)))
    }
}

/// Labels that mean "nothing to flag".
const CLEAN: &[&str] = &["approve", "approved", "ok", "clean", "none", "0", "false"];

fn is_true(v: &str) -> Option<bool> {
    match v.trim().to_ascii_lowercase().as_str() {
        "1" | "true" | "yes" | "1.0" => Some(true),
        "0" | "false" | "no" | "0.0" | "" => Some(false),
        _ => None,
    }
}

/// Reads the gold file: its comments (as a thread) and the label column —
/// `label` by default (category names, `;`-separated), or a 0/1 column such
/// as `insult`, whose name is then the category. A row whose label cell is
/// empty has no gold label: left out, or clean when `unlabelled_as_clean`.
pub fn read_gold(
    path: &Path,
    label_column: Option<&str>,
    unlabelled_as_clean: bool,
) -> Result<Gold> {
    let bytes = std::fs::read(path).map_err(|e| Error::io(path, &e))?;
    let text = crate::parse::decode::decode(&bytes)
        .map_err(|e| e.with_path(path))?
        .text;
    let format = match parse::detect::detect(&text, path) {
        Format::Csv => Format::Csv,
        Format::Jsonl => Format::Jsonl,
        other => {
            return Err(Error::input(format!(
                "a gold file is CSV or JSON lines with a text and a label column; this looks like {}",
                other.name()
            ))
            .with_path(path));
        }
    };
    let options = ParseOptions {
        format: Some(format),
        thread: None,
    };
    let thread = parse::parse_bytes_with(&bytes, path, &options)?;
    // The label column, read separately in the same row order.
    let rows: Vec<serde_json::Map<String, serde_json::Value>> = match format {
        Format::Csv => {
            let mut reader =
                csv::Reader::from_reader(text.trim_start_matches('\u{FEFF}').as_bytes());
            let headers = reader
                .headers()
                .map_err(|e| Error::input(e.to_string()).with_path(path))?
                .clone();
            reader
                .records()
                .map(|r| {
                    let r = r.map_err(|e| Error::input(e.to_string()).with_path(path))?;
                    Ok(headers
                        .iter()
                        .zip(r.iter())
                        .map(|(h, v)| {
                            (
                                h.trim().to_lowercase(),
                                serde_json::Value::String(v.to_string()),
                            )
                        })
                        .collect())
                })
                .collect::<Result<_>>()?
        }
        _ => text
            .lines()
            .filter(|l| !l.trim().is_empty())
            .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
            .filter_map(|v| v.as_object().cloned())
            .map(|m| m.into_iter().map(|(k, v)| (k.to_lowercase(), v)).collect())
            .collect(),
    };
    let value = |row: &serde_json::Map<String, serde_json::Value>, key: &str| -> Option<String> {
        row.get(key).map(|v| match v {
            serde_json::Value::String(s) => s.clone(),
            serde_json::Value::Null => String::new(),
            other => other.to_string(),
        })
    };
    let column = label_column
        .map(str::to_lowercase)
        .unwrap_or_else(|| "label".into());
    let first = rows.first().cloned().unwrap_or_default();
    if !first.contains_key(&column) {
        return Err(Error::input(format!(
            "no '{column}' column; the columns are: {} (choose one with --label-column)",
            first.keys().cloned().collect::<Vec<_>>().join(", ")
        ))
        .with_path(path));
    }
    let binary = rows
        .iter()
        .all(|r| value(r, &column).is_none_or(|v| is_true(&v).is_some()));
    // The thread keeps source order for flat files without parents, but a
    // file with parent ids is re-ordered: map rows by source line.
    let mut labels = vec![None; thread.comments.len()];
    let mut unlabelled = 0;
    let mut by_line: Vec<(usize, usize)> = thread
        .comments
        .iter()
        .enumerate()
        .map(|(i, c)| (c.source_line as usize, i))
        .collect();
    by_line.sort();
    for ((_, comment), row) in by_line.into_iter().zip(&rows) {
        let v = value(row, &column).unwrap_or_default();
        if v.trim().is_empty() && !unlabelled_as_clean {
            unlabelled += 1;
            continue;
        }
        let set = labels[comment].insert(BTreeSet::new());
        if binary {
            if is_true(&v) == Some(true) {
                set.insert(column.clone());
            }
        } else {
            for l in v.split(';').map(|l| l.trim().to_lowercase()) {
                if !CLEAN.contains(&l.as_str()) {
                    set.insert(l);
                }
            }
        }
    }
    Ok(Gold {
        thread,
        labels,
        source: column,
        unlabelled,
    })
}

/// Counts for one category.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Score {
    pub category: String,
    pub tp: usize,
    pub fp: usize,
    pub fn_: usize,
}

impl Score {
    pub fn precision(&self) -> f64 {
        ratio(self.tp, self.tp + self.fp)
    }
    pub fn recall(&self) -> f64 {
        ratio(self.tp, self.tp + self.fn_)
    }
    pub fn f1(&self) -> f64 {
        f1(self.precision(), self.recall())
    }
}

/// Scores every category that the gold file or the rules use.
pub fn score(gold: &Gold, checked: &CheckedThread, rules: &RuleSet) -> Vec<Score> {
    let mut categories: BTreeSet<String> =
        gold.labels.iter().flatten().flatten().cloned().collect();
    categories.extend(rules.rules.iter().map(|r| r.meta.category.to_string()));
    categories
        .into_iter()
        .map(|category| {
            let mut s = Score {
                category: category.clone(),
                ..Score::default()
            };
            for (i, truth) in gold.labelled() {
                let predicted = checked.categories(i).contains(&category.as_str());
                match (truth.contains(&category), predicted) {
                    (true, true) => s.tp += 1,
                    (false, true) => s.fp += 1,
                    (true, false) => s.fn_ += 1,
                    (false, false) => {}
                }
            }
            s
        })
        .collect()
}

/// Runs the rules over the gold file and writes the report.
pub fn run(
    gold_path: &Path,
    label_column: Option<&str>,
    unlabelled_as_clean: bool,
    rules: &RuleSet,
    worst: usize,
) -> Result<String> {
    let gold = read_gold(gold_path, label_column, unlabelled_as_clean)?;
    let checked = rules::check_thread(rules, &gold.thread);
    let scores = score(&gold, &checked, rules);
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{}: {} comments, gold labels from '{}', rules: {}",
        gold_path.display(),
        gold.thread.comments.len(),
        gold.source,
        rules.source
    );
    if gold.unlabelled > 0 {
        let _ = writeln!(
            out,
            "{} without a gold label left out of the scores \
             (--unlabelled-as-clean counts them as clean)",
            crate::counted(gold.unlabelled, "comment", "comments"),
        );
    }
    let _ = writeln!(
        out,
        "{:<14} {:>6} {:>6} {:>6} {:>10} {:>8} {:>6}",
        "category", "gold", "flagged", "tp", "precision", "recall", "F1"
    );
    for s in &scores {
        if s.tp + s.fp + s.fn_ == 0 {
            continue;
        }
        let _ = writeln!(
            out,
            "{:<14} {:>6} {:>6} {:>6} {:>10.3} {:>8.3} {:>6.3}",
            s.category,
            s.tp + s.fn_,
            s.tp + s.fp,
            s.tp,
            s.precision(),
            s.recall(),
            s.f1()
        );
    }
    // The learned score's threshold is the moderator's sensitivity setting:
    // what other thresholds would give on the same labels.
    let comments: Vec<(&str, bool)> = gold
        .labelled()
        .map(|(i, truth)| {
            (
                gold.thread.comments[i].text.as_str(),
                truth.contains(rules::learn::CATEGORY),
            )
        })
        .collect();
    if comments.iter().any(|c| c.1)
        && let Some((threshold, scored)) = rules::learn::scores_by_learned_rule(rules, &comments)
    {
        let _ = writeln!(
            out,
            "
{} flags by the threshold of {} (and by insult rules that flag on their own):",
            rules::learn::CATEGORY,
            rules::learn::LEARNED_ID
        );
        let rows = rules::learn::table(threshold, &scored);
        rules::learn::write_table(&mut out, &rows, threshold, "in use");
    }
    // Per rule and per word: which ones are noisy.
    let _ = writeln!(
        out,
        "\n{:<22} {:<12} {:>7} {:>8} {:>10}",
        "rule", "category", "fired", "correct", "precision"
    );
    for rule in &rules.rules {
        let (mut fired, mut correct) = (0, 0);
        for (i, truth) in gold.labelled() {
            if checked.findings[i]
                .iter()
                .any(|f| f.rule_id == rule.meta.id)
            {
                fired += 1;
                correct += usize::from(truth.contains(&*rule.meta.category));
            }
        }
        if fired > 0 {
            let _ = writeln!(
                out,
                "{:<22} {:<12} {:>7} {:>8} {:>10.3}",
                rule.meta.id,
                rule.meta.category,
                fired,
                correct,
                ratio(correct, fired)
            );
        }
    }
    let mut words: std::collections::BTreeMap<(String, String), (usize, usize)> =
        Default::default();
    for (i, truth) in gold.labelled() {
        let c = &gold.thread.comments[i];
        let mut seen = BTreeSet::new();
        for f in &checked.findings[i] {
            for r in &f.spans {
                let w = c.text.get(r.clone()).unwrap_or("").to_lowercase();
                let w: String = w.split_whitespace().take(4).collect::<Vec<_>>().join(" ");
                if seen.insert((f.category.clone(), w.clone())) {
                    let e = words.entry((f.category.to_string(), w)).or_default();
                    if truth.contains(&*f.category) {
                        e.0 += 1
                    } else {
                        e.1 += 1
                    }
                }
            }
        }
    }
    let mut noisy: Vec<_> = words.into_iter().filter(|(_, (_, fp))| *fp > 0).collect();
    noisy.sort_by(|a, b| b.1.1.cmp(&a.1.1).then(a.1.0.cmp(&b.1.0)));
    if !noisy.is_empty() {
        let _ = writeln!(
            out,
            "\nwords in most false positives (category: words — false, true):"
        );
        for ((cat, w), (tp, fp)) in noisy.iter().take(worst) {
            let _ = writeln!(out, "  {cat}: «{w}» — {fp} false, {tp} true");
        }
    }
    for s in scores.iter().filter(|s| s.tp + s.fn_ > 0) {
        let cat = s.category.as_str();
        let mut fps: Vec<(f64, usize)> = Vec::new();
        let mut fns: Vec<usize> = Vec::new();
        for (i, truth) in gold.labelled() {
            let predicted = checked.categories(i).contains(&cat);
            if predicted && !truth.contains(cat) {
                fps.push((checked.score(i), i));
            } else if !predicted && truth.contains(cat) {
                fns.push(i);
            }
        }
        fps.sort_by(|a, b| b.0.total_cmp(&a.0));
        if !fps.is_empty() {
            let _ = writeln!(
                out,
                "\nfalse positives for {cat} ({}; worst {}):",
                fps.len(),
                worst.min(fps.len())
            );
            for (_, i) in fps.iter().take(worst) {
                let c = &gold.thread.comments[*i];
                let fired: Vec<String> = checked.findings[*i]
                    .iter()
                    .filter(|f| *f.category == *cat)
                    .map(|f| {
                        let words: Vec<&str> = f
                            .spans
                            .iter()
                            .filter_map(|r| c.text.get(r.clone()))
                            .collect();
                        format!("{} «{}»", f.rule_id, words.join("» «"))
                    })
                    .collect();
                let _ = writeln!(
                    out,
                    "  line {:<6} {} — {}",
                    c.source_line,
                    fired.join("; "),
                    preview(&c.text)
                );
            }
        }
        if !fns.is_empty() {
            // Shortest first: the misses a rule could most easily catch.
            fns.sort_by_key(|&i| gold.thread.comments[i].text.len());
            let _ = writeln!(
                out,
                "\nfalse negatives for {cat} ({}; shortest {}):",
                fns.len(),
                worst.min(fns.len())
            );
            for i in fns.iter().take(worst) {
                let c = &gold.thread.comments[*i];
                let _ = writeln!(out, "  line {:<6} {}", c.source_line, preview(&c.text));
            }
        }
    }
    Ok(out)
}

fn preview(s: &str) -> String {
    let flat: String = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.chars().count() > 110 {
        format!("{}…", flat.chars().take(110).collect::<String>())
    } else {
        flat
    }
}

/// Reads a span-annotated file: CSV with a `text` column and a `spans`
/// column listing the character offsets annotators marked, as in
/// `[12, 13, 14]` (the SemEval-2021 toxic-spans layout).
pub fn read_span_gold(path: &Path) -> Result<Vec<SpanExample>> {
    let bytes = std::fs::read(path).map_err(|e| Error::io(path, &e))?;
    let text = crate::parse::decode::decode(&bytes)
        .map_err(|e| e.with_path(path))?
        .text;
    let mut reader = csv::ReaderBuilder::new()
        .flexible(false)
        .from_reader(text.trim_start_matches('\u{FEFF}').as_bytes());
    let headers = reader
        .headers()
        .map_err(|e| Error::input(e.to_string()).with_path(path))?
        .clone();
    let column = |name: &str| -> Result<usize> {
        headers
            .iter()
            .position(|h| h.trim().eq_ignore_ascii_case(name))
            .ok_or_else(|| {
                Error::input(format!(
                    "no '{name}' column; a span file is CSV with a 'text' column and a 'spans' \
                     column of character offsets like [3, 4, 5]; the columns are: {}",
                    headers.iter().collect::<Vec<_>>().join(", ")
                ))
                .with_path(path)
                .at_line(1)
            })
    };
    let (text_at, spans_at) = (column("text")?, column("spans")?);
    let mut examples = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| {
            let line = e.position().map_or(0, |p| p.line() as usize);
            Error::input(e.to_string()).with_path(path).at_line(line)
        })?;
        let line = record.position().map_or(0, |p| p.line() as usize);
        let comment = record.get(text_at).unwrap_or("").to_string();
        let cell = record.get(spans_at).unwrap_or("");
        let gold = parse_offsets(cell, comment.chars().count())
            .map_err(|m| Error::input(m).with_path(path).at_line(line))?;
        examples.push(SpanExample {
            text: comment,
            gold,
        });
    }
    if examples.is_empty() {
        return Err(
            Error::input("no rows: expected annotated comments after the header").with_path(path),
        );
    }
    Ok(examples)
}

/// Character offsets from a cell like `[3, 4, 5]`, each below `len`,
/// sorted and without repeats.
fn parse_offsets(cell: &str, len: usize) -> std::result::Result<Vec<usize>, String> {
    let inner = cell
        .trim()
        .strip_prefix('[')
        .and_then(|c| c.strip_suffix(']'))
        .ok_or_else(|| {
            format!(
                "the spans cell {:?} is not a list of character offsets; expected e.g. [3, 4, 5] or []",
                preview(cell)
            )
        })?;
    let mut offsets = Vec::new();
    for part in inner.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let offset: usize = part.parse().map_err(|_| {
            format!("'{part}' in the spans cell is not a character offset; expected a whole number from 0")
        })?;
        if offset >= len {
            return Err(format!(
                "offset {offset} in the spans cell is past the end of the text ({len} characters)"
            ));
        }
        offsets.push(offset);
    }
    offsets.sort_unstable();
    offsets.dedup();
    Ok(offsets)
}

/// `eval --spans`: the span F1 of the words the rules highlight, against
/// the words annotators marked.
pub fn run_spans(gold_path: &Path, rules: &RuleSet) -> Result<String> {
    let examples = read_span_gold(gold_path)?;
    let scores = span_scores(rules, &examples);
    let mean = |s: &[f64]| s.iter().sum::<f64>() / s.len().max(1) as f64;
    let annotated = examples.iter().filter(|e| !e.gold.is_empty()).count();
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{}: {} ({annotated} with marked words), rules: {}",
        gold_path.display(),
        crate::counted(examples.len(), "comment", "comments"),
        rules.source
    );
    let _ = writeln!(
        out,
        "span F1 {:.3} (per comment over character offsets, averaged; a comment with \
         nothing marked and nothing highlighted scores 1)",
        mean(&scores)
    );
    // Each category alone: which one the figure owes most to.
    let mut categories: Vec<&str> = rules.rules.iter().map(|r| &*r.meta.category).collect();
    categories.sort_unstable();
    categories.dedup();
    let _ = writeln!(
        out,
        "{:<14} {:>12} {:>8}",
        "category", "highlighted", "span F1"
    );
    for category in categories {
        let only = RuleSet {
            rules: rules
                .rules
                .iter()
                .filter(|r| *r.meta.category == *category)
                .cloned()
                .collect(),
            source: rules.source.clone(),
            hash: rules.hash.clone(),
        };
        if only.rules.is_empty() {
            continue;
        }
        let ranges = highlighted(&only, &examples);
        let scores: Vec<f64> = ranges
            .iter()
            .zip(&examples)
            .map(|(r, e)| span_f1(&e.gold, r))
            .collect();
        let highlighted = ranges.iter().filter(|r| !r.is_empty()).count();
        let _ = writeln!(
            out,
            "{category:<14} {highlighted:>12} {:>8.3}",
            mean(&scores)
        );
    }
    Ok(out)
}
