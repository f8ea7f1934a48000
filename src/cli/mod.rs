//! The headless commands: the same engine as the app, for scripts and for
//! measuring. Each command writes to the given writer so tests can read it.

use std::io::Write;
use std::path::{Path, PathBuf};

use clap::{Parser, Subcommand};

use crate::error::{Error, Result};
use crate::parse;
use crate::review;
use crate::rules::{self, CheckedThread, RuleSet};
use crate::thread::Thread;

mod eval;
mod export;
mod label;
mod learn;
mod report;

pub use report::write_report;

#[derive(Debug, Parser)]
#[command(
    name = "threadmod",
    version,
    about = "Review and label the comment threads under news articles.",
    long_about = "Review and label the comment threads under news articles.\n\n\
        Without a command, opens FILE (or the bundled sample article) for review.\n\
        The commands below run the same parser and rules headless."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    /// Article file to open: a page saved as text or HTML, or a Disqus,
    /// Reddit, Hacker News, CSV or JSON-lines export of its comments.
    pub file: Option<PathBuf>,
    /// Rules file to use instead of the built-in rules.
    #[arg(long, global = true, value_name = "RULES")]
    pub rules: Option<PathBuf>,
    /// Read the file as this format instead of detecting it.
    #[arg(long, global = true, value_enum)]
    pub format: Option<parse::Format>,
    /// Labels file (TOML: `[[label]]` name, key, color) instead of the
    /// built-in labels, for the app and for `label`.
    #[arg(long, global = true, value_name = "LABELS.toml")]
    pub label_set: Option<PathBuf>,
    /// Which thread of a Disqus export to open (its dsq:id, id or link);
    /// the thread with the most comments by default.
    #[arg(long, global = true, value_name = "ID")]
    pub thread: Option<String>,
}

impl Cli {
    pub fn parse_options(&self) -> parse::ParseOptions {
        parse::ParseOptions {
            format: self.format,
            thread: self.thread.clone(),
        }
    }
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Print the comment tree with its flags and the words that fired.
    Check {
        /// Article file.
        file: PathBuf,
    },
    /// Write the comments, flags and labels as CSV.
    Export(export::ExportArgs),
    /// Label comments from a script: one comment, or `ID<TAB>LABEL[<TAB>NOTE]`
    /// lines from standard input. Each label is in the journal before
    /// "labelled ID" is printed.
    Label(label::LabelArgs),
    /// Merge two moderators' journals for one article; list where they
    /// disagree and print Cohen's kappa.
    Merge {
        /// First journal.
        a: PathBuf,
        /// Second journal.
        b: PathBuf,
        /// Merged journal to write.
        #[arg(short, long, value_name = "OUT.jsonl")]
        output: PathBuf,
    },
    /// Measure the rules against gold labels: precision, recall and F1 per
    /// category, and the worst false positives and negatives.
    Eval(eval::EvalArgs),
    /// Re-fit the learned insult score to your labels and write a complete
    /// rules file (the --rules file or the built-in rules, with the learned
    /// block replaced). Prints cross-validated precision and recall on your
    /// labels by threshold. With --spans, learns the highlighted word list
    /// instead.
    Learn(learn::LearnArgs),
    /// Work with rules files.
    Rules {
        #[command(subcommand)]
        action: RulesAction,
    },
}

#[derive(Debug, Subcommand)]
pub enum RulesAction {
    /// Validate a rules file and say what is wrong.
    Check {
        /// Rules file.
        file: PathBuf,
    },
    /// Print the built-in rules, a starting point for your own.
    Default,
}

/// Parses an article file, then loads the rules and checks it. The rules
/// are compiled after parsing, once the file's bytes are freed: the two
/// never take memory at the same time.
pub fn open_and_check(
    file: &Path,
    rules_path: Option<&Path>,
    options: &parse::ParseOptions,
) -> Result<(Thread, RuleSet, CheckedThread)> {
    let thread = parse::parse_file_with(file, options)?;
    let rules = review::load_rules(rules_path)?;
    let checked = rules::check_thread(&rules, &thread);
    Ok((thread, rules, checked))
}

/// Runs a headless command. Output goes to `out`, warnings to `err`.
pub fn run(cli: &Cli, out: &mut dyn Write, err: &mut dyn Write) -> Result<()> {
    let io = |e: std::io::Error| Error::write(&e);
    match &cli.command {
        Some(Command::Check { file }) => {
            let (thread, rules, checked) =
                open_and_check(file, cli.rules.as_deref(), &cli.parse_options())?;
            warn(err, file, &thread);
            write_report(out, &thread, &checked, &rules).map_err(io)
        }
        Some(Command::Export(args)) => export::run(cli, args, out, err),
        Some(Command::Label(args)) => label::run(cli, args, out, err),
        Some(Command::Merge { a, b, output }) => {
            let report = crate::labels::merge::merge_files(a, b, output)?;
            out.write_all(report.as_bytes()).map_err(io)
        }
        Some(Command::Eval(args)) => eval::run(cli, args, out),
        Some(Command::Learn(args)) => learn::run(cli, args, out),
        Some(Command::Rules { action }) => match action {
            RulesAction::Check { file } => {
                let rules = RuleSet::load(file)?;
                writeln!(
                    out,
                    "{}: {} rules, no problems",
                    file.display(),
                    rules.rules.len()
                )
                .map_err(io)?;
                for r in &rules.rules {
                    writeln!(
                        out,
                        "  {:<24} {:<12} {:<10} {}",
                        r.meta.id,
                        r.kind,
                        r.meta.category,
                        r.meta.severity.as_str()
                    )
                    .map_err(io)?;
                }
                Ok(())
            }
            RulesAction::Default => out
                .write_all(crate::rules::config::DEFAULT_RULES.as_bytes())
                .map_err(io),
        },
        // The app is the binary's business; the library prints the report.
        None => {
            let (thread, rules, checked) = match &cli.file {
                Some(file) => {
                    let opened = open_and_check(file, cli.rules.as_deref(), &cli.parse_options())?;
                    warn(err, file, &opened.0);
                    opened
                }
                None => {
                    let rules = review::load_rules(cli.rules.as_deref())?;
                    let thread = crate::sample_thread();
                    let checked = rules::check_thread(&rules, &thread);
                    (thread, rules, checked)
                }
            };
            write_report(out, &thread, &checked, &rules).map_err(io)
        }
    }
}

fn csv_to_io(e: csv::Error) -> std::io::Error {
    match e.into_kind() {
        csv::ErrorKind::Io(io) => io,
        other => std::io::Error::other(format!("{other:?}")),
    }
}

fn warn(err: &mut dyn Write, file: &Path, thread: &Thread) {
    for w in &thread.warnings {
        let _ = writeln!(err, "{}: warning: {w}", file.display());
    }
}
