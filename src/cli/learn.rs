//! `threadmod learn`: the insult score or the highlighted word list fitted
//! to labels, written as a complete rules file.

use std::io::Write;
use std::path::PathBuf;

use clap::Args;

use super::Cli;
use crate::error::{Error, ErrorKind, Result};
use crate::{export, rules};

#[derive(Debug, Args)]
pub struct LearnArgs {
    /// Labelled comments: CSV or JSON lines with a `label` column (as
    /// `threadmod export` writes it; `insult` is the positive label,
    /// any other label negative, empty cells are skipped), or an
    /// article file whose journal holds labels.
    #[arg(value_name = "LABELLED")]
    pub labelled: Vec<PathBuf>,
    /// Learn which words to highlight from comments whose abusive words
    /// are marked: CSV with a `text` column and a `spans` column of
    /// character offsets ([3, 4, 5]). Writes the word list as the
    /// abuse-words rule and prints its cross-validated span F1 per fold.
    #[arg(long, value_name = "SPANS.csv", conflicts_with_all = ["labelled", "base", "label_column", "precision"])]
    pub spans: Option<PathBuf>,
    /// The rules file to write.
    #[arg(short, long, value_name = "OUT.toml")]
    pub output: PathBuf,
    /// How much one of your labels weighs against one base comment (or
    /// against the weights in use, when no --base is given).
    #[arg(long, value_name = "W", default_value_t = rules::learn::DEFAULT_MODERATOR_WEIGHT)]
    pub weight: f64,
    /// Choose the lowest threshold whose cross-validated precision on
    /// your labels reaches P (0–1); without it, the best F1.
    #[arg(long, value_name = "P")]
    pub precision: Option<f64>,
    /// Labelled comments to learn from from scratch, at weight 1 (how
    /// the built-in weights are made: scripts/learn-insult-weights.sh).
    /// Without it, learning starts from the weights in use.
    #[arg(long, value_name = "LABELLED")]
    pub base: Vec<PathBuf>,
    /// A 0/1 column (such as `insult`) instead of `label`.
    #[arg(long, value_name = "COLUMN")]
    pub label_column: Option<String>,
}

/// Runs `learn`; the report goes to `out`, progress to standard error.
pub fn run(cli: &Cli, args: &LearnArgs, out: &mut dyn Write) -> Result<()> {
    let io = |e: std::io::Error| Error::write(&e);
    let LearnArgs {
        labelled,
        output,
        weight,
        precision,
        base,
        label_column,
        spans,
    } = args;
    let progress = |step: &str| {
        let _ = writeln!(std::io::stderr(), "threadmod learn: {step}");
    };
    // The whole rules file, then what was learned and where it went.
    let mut write_learned = |rules_text: &str, report: &str| -> Result<()> {
        export::write_file_atomically(output, |w: &mut dyn Write| {
            w.write_all(rules_text.as_bytes())
        })?;
        out.write_all(report.as_bytes()).map_err(io)?;
        writeln!(out, "wrote {}", output.display()).map_err(io)
    };
    if let Some(spans) = spans {
        let (learned, report) = crate::learn::run_spans(spans, cli.rules.as_deref(), &progress)?;
        return write_learned(&learned.rules_text, &report);
    }
    if labelled.is_empty() && base.is_empty() {
        return Err(Error::new(
            ErrorKind::Usage,
            "expected at least one labelled file (LABELLED or --base)",
        ));
    }
    if !(weight.is_finite() && *weight > 0.0) {
        return Err(Error::new(
            ErrorKind::Usage,
            format!("--weight must be a positive number, not {weight}"),
        ));
    }
    if let Some(p) = precision
        && !(0.0..=1.0).contains(p)
    {
        return Err(Error::new(
            ErrorKind::Usage,
            format!("--precision must be between 0 and 1, not {p}"),
        ));
    }
    let request = crate::learn::Request {
        labelled,
        base,
        rules: cli.rules.as_deref(),
        label_column: label_column.as_deref(),
        settings: rules::learn::Settings {
            moderator_weight: *weight,
            precision: *precision,
            ..Default::default()
        },
        parse_options: cli.parse_options(),
    };
    let (learned, report) = crate::learn::run(&request, &progress)?;
    write_learned(&learned.rules_text, &report)
}
