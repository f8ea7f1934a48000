//! `threadmod eval`: the rules measured against gold labels.

use std::io::Write;
use std::path::PathBuf;

use clap::Args;

use super::Cli;
use crate::error::{Error, Result};
use crate::review;

#[derive(Debug, Args)]
pub struct EvalArgs {
    /// CSV or JSON lines with a text column and gold labels.
    pub gold: PathBuf,
    /// Column with the gold labels: category names, or 0/1 (e.g. insult).
    #[arg(long, value_name = "COLUMN")]
    pub label_column: Option<String>,
    /// How many false positives and negatives to list per category.
    #[arg(long, default_value_t = 10)]
    pub worst: usize,
    /// Count rows with an empty label cell as clean (by default they are
    /// left out, and the report says how many).
    #[arg(long)]
    pub unlabelled_as_clean: bool,
    /// GOLD marks words instead of labelling comments: CSV with a `text`
    /// column and a `spans` column of character offsets ([3, 4, 5]).
    /// Prints the span F1 of the highlighted words.
    #[arg(long, conflicts_with_all = ["label_column", "unlabelled_as_clean"])]
    pub spans: bool,
}

/// Runs `eval`; the report goes to `out`.
pub fn run(cli: &Cli, args: &EvalArgs, out: &mut dyn Write) -> Result<()> {
    let io = |e: std::io::Error| Error::write(&e);
    let EvalArgs {
        gold,
        label_column,
        worst,
        unlabelled_as_clean,
        spans,
    } = args;
    let rules = review::load_rules(cli.rules.as_deref())?;
    if *spans {
        let report = crate::eval::run_spans(gold, &rules)?;
        return out.write_all(report.as_bytes()).map_err(io);
    }
    let report = crate::eval::run(
        gold,
        label_column.as_deref(),
        *unlabelled_as_clean,
        &rules,
        *worst,
    )?;
    out.write_all(report.as_bytes()).map_err(io)
}
