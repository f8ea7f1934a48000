//! `threadmod learn`: the moderator's labels, read from labelled CSV files
//! or from an article and its journal, re-fit the learned insult score
//! ([`crate::rules::learn`]); the result is a complete rules file.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::eval;
use crate::labels::Decision;
use crate::parse::{self, Format, ParseOptions};
use crate::review;
use crate::rules::config::DEFAULT_RULES;
use crate::rules::learn::{self, Example, Learned, RulesText, Settings};
use crate::rules::learn_spans::{SpanSettings, SpansLearned, learn_spans};
use crate::thread::Thread;

/// The labelled comments of one file: a CSV or JSON-lines file with a label
/// column (`insult` is the positive label, any other label negative, an
/// empty cell unlabelled), or an article whose journal holds labels.
/// `label_column` names a 0/1 column instead of `label`.
pub fn read_labelled(
    path: &Path,
    label_column: Option<&str>,
    moderator: bool,
    parse_options: &ParseOptions,
) -> Result<Vec<Example>> {
    let bytes = std::fs::read(path).map_err(|e| Error::io(path, &e))?;
    let text = parse::decode::decode(&bytes)
        .map_err(|e| e.with_path(path))?
        .text;
    let flat = matches!(
        parse::detect::detect(&text, path),
        Format::Csv | Format::Jsonl
    );
    let mut journal_looked_at = None;
    if flat && parse_options.format.is_none() {
        match eval::read_gold(path, label_column, false) {
            Ok(gold) => {
                let examples: Vec<Example> = gold
                    .labelled()
                    .map(|(i, labels)| Example {
                        text: gold.thread.comments[i].text.to_string(),
                        insult: labels.contains(learn::CATEGORY),
                        moderator,
                    })
                    .collect();
                if !examples.is_empty() {
                    return Ok(examples);
                }
            }
            // Without a label column, a flat file is an article like any other.
            Err(e) if label_column.is_some() => return Err(e),
            Err(_) => {}
        }
    }
    if label_column.is_none() {
        let thread = parse::parse_bytes_with(&bytes, path, parse_options)?;
        let journal = review::journal_path(Some(path), &thread, &review::default_data_dir());
        if journal.exists() {
            let restored = review::restore_from(&thread, &journal)?;
            let examples: Vec<Example> = examples_from_decisions(&thread, &restored.decisions)
                .into_iter()
                .map(|e| Example { moderator, ..e })
                .collect();
            if !examples.is_empty() {
                return Ok(examples);
            }
        }
        journal_looked_at = Some(journal);
    }
    let journal = journal_looked_at
        .map(|j| format!(", nor a journal with labels at {}", j.display()))
        .unwrap_or_default();
    Err(Error::input(format!(
        "no labelled comments: expected a '{}' column with labels (as threadmod export writes \
         it){journal}",
        label_column.unwrap_or("label")
    ))
    .with_path(path))
}

/// The moderator's labelled comments of a thread: `insult` is an insult,
/// any other label is not, comments without a label are left out. The app
/// learns from its open document this way.
pub fn examples_from_decisions(thread: &Thread, decisions: &[Decision]) -> Vec<Example> {
    decisions
        .iter()
        .zip(&thread.comments)
        .filter_map(|(d, c)| {
            d.label.as_ref().map(|label| Example {
                text: c.text.to_string(),
                insult: label == learn::CATEGORY,
                moderator: true,
            })
        })
        .collect()
}

/// What `threadmod learn` was asked to do.
pub struct Request<'a> {
    /// The moderator's labelled files.
    pub labelled: &'a [PathBuf],
    /// Labelled files that weigh as much as the built-in training data did.
    pub base: &'a [PathBuf],
    /// The rules file whose learned block is replaced (built-in when None).
    pub rules: Option<&'a Path>,
    pub label_column: Option<&'a str>,
    pub settings: Settings,
    pub parse_options: ParseOptions,
}

/// Reads the files, learns, and returns the result with a report.
pub fn run(request: &Request, progress: &(dyn Fn(&str) + Sync)) -> Result<(Learned, String)> {
    let (rules, source) = rules_text(request.rules)?;
    let mut examples = Vec::new();
    for path in request.base {
        examples.extend(read_labelled(
            path,
            request.label_column,
            false,
            &request.parse_options,
        )?);
    }
    for path in request.labelled {
        examples.extend(read_labelled(
            path,
            request.label_column,
            true,
            &request.parse_options,
        )?);
    }
    let learned =
        learn::learn(&rules, &examples, &request.settings, progress).map_err(|e| {
            match (request.labelled, e.path()) {
                ([only], None) => e.with_path(only),
                _ => e,
            }
        })?;
    let report = describe(&learned, &examples, &source, &request.settings);
    Ok((learned, report))
}

/// Learns from one article's labelled comments ([`examples_from_decisions`])
/// against the rules in use: the file at `rules_path`, or the built-in
/// rules. The app's "Learn from my labels" runs this in the background.
pub fn from_examples(
    rules_path: Option<&Path>,
    examples: &[Example],
    settings: &Settings,
    progress: &(dyn Fn(&str) + Sync),
) -> Result<(Learned, String)> {
    if examples.is_empty() {
        return Err(Error::input(
            "no labelled comments yet: label some insults and some other comments first",
        ));
    }
    let (rules, source) = rules_text(rules_path)?;
    let learned = learn::learn(&rules, examples, settings, progress)?;
    let report = describe(&learned, examples, &source, settings);
    Ok((learned, report))
}

/// The rules file to learn into (the built-in rules when None), cut
/// around its learned block, and how to name it.
fn rules_text(path: Option<&Path>) -> Result<(RulesText, String)> {
    let (text, source) = rules_file(path)?;
    let rules = RulesText::split(&text, &source).map_err(|e| match path {
        Some(path) => e.with_path(path),
        None => e,
    })?;
    Ok((rules, source))
}

/// The text of the rules file at `path` (the built-in rules when None),
/// and how to name it in messages.
fn rules_file(path: Option<&Path>) -> Result<(String, String)> {
    match path {
        Some(path) => {
            let bytes = std::fs::read(path).map_err(|e| Error::io(path, &e))?;
            let text = String::from_utf8(bytes)
                .map_err(|_| Error::rules("the rules file is not UTF-8 text").with_path(path))?;
            Ok((text, path.display().to_string()))
        }
        None => Ok((DEFAULT_RULES.to_string(), "built-in rules".to_string())),
    }
}

/// What was learned, from what, and how well it does: before and after on
/// the moderator's labels, the table by threshold, the chosen threshold.
pub fn describe(
    learned: &Learned,
    examples: &[Example],
    source: &str,
    settings: &Settings,
) -> String {
    let mut report = String::new();
    let moderator = examples.iter().filter(|e| e.moderator).count();
    let insults = examples.iter().filter(|e| e.insult).count();
    let _ = writeln!(
        report,
        "learned from {} ({insults} insults; {moderator} of them the moderator's labels); \
         rules: {source}; {} terms",
        crate::counted(examples.len(), "labelled comment", "labelled comments"),
        learned.terms
    );
    let judged = if moderator > 0 {
        "the moderator's labels"
    } else {
        "the labelled comments"
    };
    if let Some(before) = &learned.before {
        let _ = writeln!(
            report,
            "before, the rules in use on {judged}: precision {:.3}, recall {:.3}, F1 {:.3}",
            before.precision(),
            before.recall(),
            before.f1()
        );
    }
    let _ = writeln!(
        report,
        "after, {}-fold cross-validated on {judged} (the insult flag: the score at the \
         threshold, or an insult rule that flags on its own):",
        settings.folds
    );
    learn::write_table(
        &mut report,
        &learned.cross_validated,
        learned.threshold,
        "chosen",
    );
    let _ = writeln!(
        report,
        "threshold {:.2}: {}; ROC AUC of the score {:.3}",
        learned.threshold, learned.note, learned.auc
    );
    report
}

/// `learn --spans`: learns the highlighted word list from a span-annotated
/// file into the rules file, and reports the cross-validated span F1.
pub fn run_spans(
    spans: &Path,
    rules: Option<&Path>,
    progress: &(dyn Fn(&str) + Sync),
) -> Result<(SpansLearned, String)> {
    let (text, source) = rules_file(rules)?;
    let examples = eval::read_span_gold(spans)?;
    let settings = SpanSettings::default();
    let learned =
        learn_spans(&text, &source, &examples, &settings, progress).map_err(|e| {
            match (rules, e.path()) {
                (Some(path), None) => e.with_path(path),
                _ => e,
            }
        })?;
    let mut report = String::new();
    let _ = writeln!(
        report,
        "learned from {} ({} with marked words); rules: {source}",
        crate::counted(examples.len(), "annotated comment", "annotated comments"),
        examples.iter().filter(|e| !e.gold.is_empty()).count()
    );
    let _ = writeln!(
        report,
        "{}-fold cross-validation (thresholds chosen inside each training part; span F1 of \
         the rules on the comments left out):",
        learned.folds.len()
    );
    let _ = writeln!(
        report,
        "{:>5} {:>9} {:>10} {:>9} {:>7} {:>8}",
        "fold", "comments", "min_share", "relative", "words", "span F1"
    );
    for (k, f) in learned.folds.iter().enumerate() {
        let _ = writeln!(
            report,
            "{:>5} {:>9} {:>10.2} {:>9.2} {:>7} {:>8.3}",
            k + 1,
            f.comments,
            f.min_share,
            f.relative,
            f.words,
            f.span_f1
        );
    }
    let _ = writeln!(report, "mean span F1 {:.4}", learned.mean_f1());
    let _ = writeln!(
        report,
        "on every comment: {} words and phrases, min_share {:.2}, relative {:.2}, floor {:.2}",
        learned.fit.entries.len(),
        learned.fit.min_share,
        learned.fit.relative,
        learned.fit.floor
    );
    Ok((learned, report))
}
