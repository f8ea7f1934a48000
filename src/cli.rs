//! The headless commands: the same engine as the app, for scripts and for
//! measuring. Each command writes to the given writer so tests can read it.

use std::io::Write;
use std::path::{Path, PathBuf};

use clap::{Parser, Subcommand};

use crate::error::{Error, ErrorKind, Result};
use crate::export;
use crate::labels::journal;
use crate::parse;
use crate::review;
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
    Export {
        /// Article file.
        file: PathBuf,
        /// Output file (standard output when absent).
        #[arg(short, long, value_name = "OUT.csv")]
        output: Option<PathBuf>,
        /// Leave the labels out.
        #[arg(long, conflicts_with = "labels")]
        no_labels: bool,
        /// Take labels from this journal instead of FILE.threadmod.jsonl.
        #[arg(long, value_name = "JOURNAL")]
        labels: Option<PathBuf>,
        /// Write cells as they are, without neutralising spreadsheet formulas.
        #[arg(long)]
        raw_cells: bool,
        /// Start the file with a UTF-8 byte-order mark (for Excel).
        #[arg(long)]
        bom: bool,
        /// Write the thread in the text layout instead of CSV (no flags or
        /// labels): a plain, readable copy of any format threadmod opens.
        #[arg(long, conflicts_with_all = ["labels", "raw_cells", "bom"])]
        text: bool,
        /// Print how long each stage took (read and parse, load the rules,
        /// check, write) and its speed in MB/s of the file, to standard error.
        #[arg(long)]
        timings: bool,
    },
    /// Label comments from a script: one comment, or `ID<TAB>LABEL[<TAB>NOTE]`
    /// lines from standard input. Each label is in the journal before
    /// "labelled ID" is printed.
    Label {
        /// Article file.
        file: PathBuf,
        /// Comment id: its position ("2.1") or the platform's id
        /// ("t1_cu5pebp", "1588516991"); read lines from standard input when absent.
        id: Option<String>,
        /// Label name from the label set (empty clears the label).
        label: Option<String>,
        /// Note to keep with the label.
        #[arg(long, default_value = "")]
        note: String,
        /// Moderator name written into the journal.
        #[arg(long, env = "USER", default_value = "")]
        moderator: String,
        /// Journal to append to instead of the article's own (the one the
        /// app and `export` use).
        #[arg(long, value_name = "JOURNAL")]
        journal: Option<PathBuf>,
    },
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
    Eval {
        /// CSV or JSON lines with a text column and gold labels.
        gold: PathBuf,
        /// Column with the gold labels: category names, or 0/1 (e.g. insult).
        #[arg(long, value_name = "COLUMN")]
        label_column: Option<String>,
        /// How many false positives and negatives to list per category.
        #[arg(long, default_value_t = 10)]
        worst: usize,
        /// Count rows with an empty label cell as clean (by default they are
        /// left out, and the report says how many).
        #[arg(long)]
        unlabelled_as_clean: bool,
        /// GOLD marks words instead of labelling comments: CSV with a `text`
        /// column and a `spans` column of character offsets ([3, 4, 5]).
        /// Prints the span F1 of the highlighted words.
        #[arg(long, conflicts_with_all = ["label_column", "unlabelled_as_clean"])]
        spans: bool,
    },
    /// Re-fit the learned insult score to your labels and write a complete
    /// rules file (the --rules file or the built-in rules, with the learned
    /// block replaced). Prints cross-validated precision and recall on your
    /// labels by threshold. With --spans, learns the highlighted word list
    /// instead.
    Learn {
        /// Labelled comments: CSV or JSON lines with a `label` column (as
        /// `threadmod export` writes it; `insult` is the positive label,
        /// any other label negative, empty cells are skipped), or an
        /// article file whose journal holds labels.
        #[arg(value_name = "LABELLED")]
        labelled: Vec<PathBuf>,
        /// Learn which words to highlight from comments whose abusive words
        /// are marked: CSV with a `text` column and a `spans` column of
        /// character offsets ([3, 4, 5]). Writes the word list as the
        /// abuse-words rule and prints its cross-validated span F1 per fold.
        #[arg(long, value_name = "SPANS.csv", conflicts_with_all = ["labelled", "base", "label_column", "precision"])]
        spans: Option<PathBuf>,
        /// The rules file to write.
        #[arg(short, long, value_name = "OUT.toml")]
        output: PathBuf,
        /// How much one of your labels weighs against one base comment (or
        /// against the weights in use, when no --base is given).
        #[arg(long, value_name = "W", default_value_t = rules::learn::DEFAULT_MODERATOR_WEIGHT)]
        weight: f64,
        /// Choose the lowest threshold whose cross-validated precision on
        /// your labels reaches P (0–1); without it, the best F1.
        #[arg(long, value_name = "P")]
        precision: Option<f64>,
        /// Labelled comments to learn from from scratch, at weight 1 (how
        /// the built-in weights are made: scripts/learn-insult-weights.sh).
        /// Without it, learning starts from the weights in use.
        #[arg(long, value_name = "LABELLED")]
        base: Vec<PathBuf>,
        /// A 0/1 column (such as `insult`) instead of `label`.
        #[arg(long, value_name = "COLUMN")]
        label_column: Option<String>,
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

/// Wall time of each stage of `export`, for `--timings`.
struct Stages {
    bytes: u64,
    last: std::time::Instant,
    done: Vec<(&'static str, std::time::Duration)>,
}

impl Stages {
    fn start(file: &Path) -> Stages {
        Stages {
            bytes: std::fs::metadata(file).map_or(0, |m| m.len()),
            last: std::time::Instant::now(),
            done: Vec::new(),
        }
    }

    fn done(&mut self, stage: &'static str) {
        let now = std::time::Instant::now();
        self.done.push((stage, now - self.last));
        self.last = now;
    }

    /// A stage that ran interleaved with the next one: `took` of the time
    /// since the last stage is its, the rest goes to the next.
    fn record(&mut self, stage: &'static str, took: std::time::Duration) {
        self.done.push((stage, took));
        self.last += took;
    }

    /// One line per stage and one for the whole: "parse 0.512 s 89.8 MB/s".
    fn report(&self, err: &mut dyn Write) -> std::io::Result<()> {
        let megabytes = self.bytes as f64 / 1e6;
        let total: std::time::Duration = self.done.iter().map(|(_, d)| *d).sum();
        for (stage, took) in self.done.iter().copied().chain([("total", total)]) {
            let seconds = took.as_secs_f64();
            let speed = if seconds > 0.0 {
                megabytes / seconds
            } else {
                f64::INFINITY
            };
            writeln!(
                err,
                "threadmod timings: {stage:<6} {seconds:.3} s {speed:.1} MB/s"
            )?;
        }
        Ok(())
    }
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
        Some(Command::Export {
            file,
            output,
            no_labels,
            labels,
            raw_cells,
            bom,
            text,
            timings,
        }) => {
            if *text {
                let thread = parse::parse_file_with(file, &cli.parse_options())?;
                warn(err, file, &thread);
                let layout = export::text_layout(&thread);
                return match output {
                    Some(path) => export::write_file_atomically(path, |w: &mut dyn Write| {
                        w.write_all(layout.as_bytes())
                    }),
                    None => out.write_all(layout.as_bytes()).map_err(io),
                };
            }
            let mut stages = Stages::start(file);
            let thread = parse::parse_file_with(file, &cli.parse_options())?;
            stages.done("parse");
            // Relevance needs the whole thread; the rules then run a stretch
            // of comments at a time as the rows are written. It is measured
            // before the rules are built, so that the memory it holds for
            // a moment is free again for them.
            let started = std::time::Instant::now();
            let relevance = rules::engine::relevance(
                &thread,
                &rules::RuleSet::relevance_settings_of(cli.rules.as_deref()),
            );
            let relevance_took = started.elapsed();
            let rules = review::load_rules(cli.rules.as_deref())?;
            stages.record("rules", started.elapsed() - relevance_took);
            let mut spent = export::Spent {
                check: relevance_took,
                ..export::Spent::default()
            };
            warn(err, file, &thread);
            let row_labels = if *no_labels {
                Vec::new()
            } else {
                let journal = match labels {
                    Some(given) if !given.exists() => {
                        return Err(Error::io(
                            given,
                            &std::io::Error::from(std::io::ErrorKind::NotFound),
                        ));
                    }
                    Some(given) => given.clone(),
                    None => review::journal_path(Some(file), &thread, &review::default_data_dir()),
                };
                let restored = review::restore_from(&thread, &journal)?;
                for (line, problem) in &restored.problems {
                    let at = line.map_or(String::new(), |l| format!(":{l}"));
                    let _ = writeln!(err, "{}{at}: warning: {problem}", journal.display());
                }
                review::export_rows(&restored.decisions, &restored.meta)
            };
            let options = export::CsvOptions {
                neutralize_formulas: !raw_cells,
                bom: *bom,
            };
            let mut write = |w: &mut dyn Write| {
                export::check_and_write_csv(
                    w,
                    &thread,
                    &rules,
                    &relevance,
                    &row_labels,
                    options,
                    export::STRETCH,
                    &mut spent,
                )
                .map_err(csv_to_io)
            };
            match output {
                Some(path) => export::write_file_atomically(path, write)?,
                None => write(&mut *out).map_err(io)?,
            }
            stages.record("check", spent.check);
            stages.done("write");
            if *timings {
                stages.report(err).map_err(io)?;
            }
            Ok(())
        }
        Some(Command::Label {
            file,
            id,
            label,
            note,
            moderator,
            journal: journal_path,
        }) => {
            let thread = parse::parse_file_with(file, &cli.parse_options())?;
            warn(err, file, &thread);
            let label_set = review::load_labels(cli.label_set.as_deref())?;
            let ids = thread.ids();
            // The comment and the label, checked before the journal is touched.
            let check = |id: &str, label: &str| -> Result<(usize, Option<String>)> {
                let i = ids
                    .resolve(id)
                    .map_err(|m| Error::input(m).with_path(file))?;
                let label = match label {
                    "" => None,
                    given => Some(review::check_label(&label_set, given)?.to_string()),
                };
                Ok((i, label))
            };
            if let (Some(id), Some(label)) = (id, label) {
                check(id, label)?;
            }
            let journal_path = journal_path.clone().unwrap_or_else(|| {
                review::journal_path(Some(file), &thread, &review::default_data_dir())
            });
            if let Some(dir) = journal_path.parent().filter(|d| !d.as_os_str().is_empty()) {
                // The data folder may not exist yet; a failure shows on opening.
                let _ = std::fs::create_dir_all(dir);
            }
            let mut writer = journal::JournalWriter::open(&journal_path)?;
            let mut apply =
                |id: &str, label: &str, note: &str, out: &mut dyn Write| -> Result<()> {
                    let (i, label) = check(id, label)?;
                    let decision = crate::labels::Decision {
                        label,
                        note: note.to_string(),
                    };
                    writer.append(&journal::event_for(&thread, i, &decision, moderator, None))?;
                    writeln!(out, "labelled {id}")
                        .and_then(|()| out.flush())
                        .map_err(io)
                };
            match (id, label) {
                (Some(id), Some(label)) => apply(id, label, note, out),
                (Some(_), None) => Err(Error::input(
                    "give the label after the comment id (e.g. 2.1 insult)",
                )),
                _ => {
                    let stdin = std::io::stdin();
                    for (n, line) in std::io::BufRead::lines(stdin.lock()).enumerate() {
                        let line =
                            line.map_err(|e| Error::input(format!("standard input: {e}")))?;
                        if line.trim().is_empty() {
                            continue;
                        }
                        let mut parts = line.splitn(3, '\t');
                        let (Some(id), Some(label)) = (parts.next(), parts.next()) else {
                            return Err(Error::input(format!(
                                "standard input line {}: expected ID<TAB>LABEL[<TAB>NOTE], got {line:?}",
                                n + 1
                            )));
                        };
                        apply(id.trim(), label.trim(), parts.next().unwrap_or(""), out).map_err(
                            |e| match e.kind() {
                                ErrorKind::Input | ErrorKind::Usage => Error::input(format!(
                                    "standard input line {}: {}",
                                    n + 1,
                                    e.message()
                                )),
                                _ => e,
                            },
                        )?;
                    }
                    Ok(())
                }
            }
        }
        Some(Command::Merge { a, b, output }) => {
            let report = crate::labels::merge::merge_files(a, b, output)?;
            out.write_all(report.as_bytes()).map_err(io)
        }
        Some(Command::Eval {
            gold,
            label_column,
            worst,
            unlabelled_as_clean,
            spans,
        }) => {
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
        Some(Command::Learn {
            labelled,
            output,
            weight,
            precision,
            base,
            label_column,
            spans,
        }) => {
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
                let (learned, report) =
                    crate::learn::run_spans(spans, cli.rules.as_deref(), &progress)?;
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
    writeln!(
        out,
        "{} · read as {} · rules: {}",
        a.meta_line(),
        thread.encoding,
        rules.source
    )?;
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
        // Highlighted words that flag nothing: what the app colours too.
        for f in checked.highlights.get(i).into_iter().flatten() {
            let words: Vec<String> = f
                .spans
                .iter()
                .filter_map(|s| c.text.get(s.clone()))
                .map(|w| format!("«{}»", preview(w, 40)))
                .collect();
            writeln!(
                out,
                "{indent}    ✎ {} · {} {} — {}",
                f.category,
                f.rule_id,
                words.join(" "),
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
