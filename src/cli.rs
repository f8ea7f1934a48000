//! The headless commands: the same engine as the app, for scripts and for
//! measuring. Each command writes to the given writer so tests can read it.

use std::io::Write;
use std::path::{Path, PathBuf};

use clap::{Parser, Subcommand};

use crate::error::{Error, Result};
use crate::export::{self, RowLabel};
use crate::parse;
use crate::rules::{self, CheckedThread, RuleSet};
use crate::thread::Thread;

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
    /// Article file to open (text dump of a page with its comments).
    pub file: Option<PathBuf>,
    /// Rules file to use instead of the built-in rules.
    #[arg(long, global = true, value_name = "RULES")]
    pub rules: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Print the comment tree with its flags and the words that fired.
    Check {
        /// Article file.
        file: PathBuf,
    },
    /// Write the comments, flags and labels as CSV.
    Export {
        /// Article file.
        file: PathBuf,
        /// Output file (standard output when absent).
        #[arg(short, long, value_name = "OUT.csv")]
        output: Option<PathBuf>,
    },
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

/// Loads `--rules` or the built-in rules.
pub fn load_rules(path: Option<&Path>) -> Result<RuleSet> {
    match path {
        Some(p) => RuleSet::load(p),
        None => RuleSet::default_rules(),
    }
}

/// Parses and checks an article file.
pub fn open_and_check(file: &Path, rules: &RuleSet) -> Result<(Thread, CheckedThread)> {
    let thread = parse::parse_file(file)?;
    let checked = rules::check_thread(rules, &thread);
    Ok((thread, checked))
}

/// Runs a headless command. Output goes to `out`, warnings to `err`.
pub fn run(cli: &Cli, out: &mut dyn Write, err: &mut dyn Write) -> Result<()> {
    let io = |e: std::io::Error| Error::write(&e);
    match &cli.command {
        Some(Command::Check { file }) => {
            let rules = load_rules(cli.rules.as_deref())?;
            let (thread, checked) = open_and_check(file, &rules)?;
            warn(err, file, &thread);
            write_report(out, &thread, &checked, &rules).map_err(io)
        }
        Some(Command::Export { file, output }) => {
            let rules = load_rules(cli.rules.as_deref())?;
            let (thread, checked) = open_and_check(file, &rules)?;
            warn(err, file, &thread);
            let labels: Vec<Option<RowLabel>> = vec![None; thread.comments.len()];
            match output {
                Some(path) => export::write_file_atomically(path, |w| {
                    export::write_csv(w, &thread, &checked, &labels).map_err(csv_to_io)
                }),
                None => export::write_csv(&mut *out, &thread, &checked, &labels)
                    .map_err(|e| io(csv_to_io(e))),
            }
        }
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
                        kind_name(&r.kind),
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
            let rules = load_rules(cli.rules.as_deref())?;
            let (thread, checked) = match &cli.file {
                Some(file) => {
                    let (t, c) = open_and_check(file, &rules)?;
                    warn(err, file, &t);
                    (t, c)
                }
                None => {
                    let thread = crate::sample_thread();
                    let checked = rules::check_thread(&rules, &thread);
                    (thread, checked)
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

fn kind_name(kind: &rules::config::RuleKind) -> &'static str {
    use rules::config::RuleKind::*;
    match kind {
        Lexicon(_) => "lexicon",
        Pattern(_) => "pattern",
        Targeted(_) => "targeted",
        WallOfText(_) => "wall_of_text",
        Shouting(_) => "shouting",
        Links(_) => "links",
    }
}

fn warn(err: &mut dyn Write, file: &Path, thread: &Thread) {
    for w in &thread.warnings {
        let _ = writeln!(err, "{}: warning: {w}", file.display());
    }
}

/// First `n` characters of `s` on one line.
fn preview(s: &str, n: usize) -> String {
    let flat: String = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.chars().count() <= n {
        flat
    } else {
        let cut: String = flat.chars().take(n).collect();
        format!("{cut}…")
    }
}

/// The tree with its flags, for a terminal.
pub fn write_report(
    out: &mut dyn Write,
    thread: &Thread,
    checked: &CheckedThread,
    rules: &RuleSet,
) -> std::io::Result<()> {
    let a = &thread.article;
    writeln!(
        out,
        "{}",
        if a.title.is_empty() {
            "(untitled article)"
        } else {
            &a.title
        }
    )?;
    let mut meta = Vec::new();
    if !a.author.is_empty() {
        meta.push(format!("by {}", a.author));
    }
    if !a.posted_at.is_empty() {
        meta.push(a.posted_at.clone());
    }
    meta.push(format!("{} words", a.body.split_whitespace().count()));
    meta.push(format!("read as {}", thread.encoding));
    meta.push(format!("rules: {}", rules.source));
    writeln!(out, "{}", meta.join(" · "))?;
    writeln!(out)?;
    let mut flagged = 0;
    for (i, c) in thread.comments.iter().enumerate() {
        let indent = "  ".repeat(c.depth.saturating_sub(1).min(20));
        let cats = checked.categories(i);
        if !cats.is_empty() {
            flagged += 1;
        }
        let author = if c.author.is_empty() {
            "anonymous"
        } else {
            &c.author
        };
        let flags = if cats.is_empty() {
            String::new()
        } else {
            format!(" [{}]", cats.join(", "))
        };
        let kind = if c.kind == crate::thread::CommentKind::Pingback {
            " (pingback)"
        } else {
            ""
        };
        writeln!(
            out,
            "{indent}{} {author}{kind}{flags}: {}",
            c.id,
            preview(&c.text, 70)
        )?;
        for f in &checked.findings[i] {
            let words: Vec<String> = f
                .spans
                .iter()
                .filter_map(|s| c.text.get(s.clone()))
                .map(|w| format!("«{}»", preview(w, 40)))
                .collect();
            let what = match (&f.measure, words.is_empty()) {
                (Some(m), true) => m.clone(),
                (Some(m), false) => format!("{m}: {}", words.join(" ")),
                (None, _) => words.join(" "),
            };
            writeln!(
                out,
                "{indent}    ⚑ {} · {} ({}) {} — {}",
                f.category,
                f.rule_id,
                f.severity.as_str(),
                what,
                f.reason
            )?;
        }
    }
    writeln!(out)?;
    writeln!(
        out,
        "{} comments, {} flagged",
        thread.comments.len(),
        flagged
    )
}
