//! `threadmod export`: the thread, its flags and labels as CSV (or in the
//! text layout), checked a stretch of comments at a time.

use std::io::Write;
use std::path::{Path, PathBuf};

use clap::Args;

use super::{Cli, csv_to_io, warn};
use crate::error::{Error, Result};
use crate::{export, parse, review, rules};

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// Article file.
    pub file: PathBuf,
    /// Output file (standard output when absent).
    #[arg(short, long, value_name = "OUT.csv")]
    pub output: Option<PathBuf>,
    /// Leave the labels out.
    #[arg(long, conflicts_with = "labels")]
    pub no_labels: bool,
    /// Take labels from this journal instead of FILE.threadmod.jsonl.
    #[arg(long, value_name = "JOURNAL")]
    pub labels: Option<PathBuf>,
    /// Write cells as they are, without neutralising spreadsheet formulas.
    #[arg(long)]
    pub raw_cells: bool,
    /// Start the file with a UTF-8 byte-order mark (for Excel).
    #[arg(long)]
    pub bom: bool,
    /// Write the thread in the text layout instead of CSV (no flags or
    /// labels): a plain, readable copy of any format threadmod opens.
    #[arg(long, conflicts_with_all = ["labels", "raw_cells", "bom"])]
    pub text: bool,
    /// Print how long each stage took (read and parse, load the rules,
    /// check, write) and its speed in MB/s of the file, to standard error.
    #[arg(long)]
    pub timings: bool,
}

/// Runs `export`. Output goes to `out` unless a file is given, warnings
/// and timings to `err`.
pub fn run(cli: &Cli, args: &ExportArgs, out: &mut dyn Write, err: &mut dyn Write) -> Result<()> {
    let io = |e: std::io::Error| Error::write(&e);
    let ExportArgs {
        file,
        output,
        no_labels,
        labels,
        raw_cells,
        bom,
        text,
        timings,
    } = args;
    if *text {
        return write_text_layout(cli, file, output.as_deref(), out, err);
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
        labels_to_export(file, labels.as_deref(), &thread, err)?
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

/// `export --text`: the thread in the text layout, no flags or labels.
fn write_text_layout(
    cli: &Cli,
    file: &Path,
    output: Option<&Path>,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<()> {
    let thread = parse::parse_file_with(file, &cli.parse_options())?;
    warn(err, file, &thread);
    let layout = export::text_layout(&thread);
    match output {
        Some(path) => {
            export::write_file_atomically(path, |w: &mut dyn Write| w.write_all(layout.as_bytes()))
        }
        None => out
            .write_all(layout.as_bytes())
            .map_err(|e| Error::write(&e)),
    }
}

/// Each comment's label from the journal given, or from the article's own
/// journal; problems in the journal are warnings on `err`, not errors.
fn labels_to_export(
    file: &Path,
    given: Option<&Path>,
    thread: &crate::thread::Thread,
    err: &mut dyn Write,
) -> Result<Vec<Option<export::RowLabel>>> {
    let journal = match given {
        Some(given) if !given.exists() => {
            return Err(Error::io(
                given,
                &std::io::Error::from(std::io::ErrorKind::NotFound),
            ));
        }
        Some(given) => given.to_path_buf(),
        None => review::journal_path(Some(file), thread, &review::default_data_dir()),
    };
    let restored = review::restore_from(thread, &journal)?;
    for (line, problem) in &restored.problems {
        let at = line.map_or(String::new(), |l| format!(":{l}"));
        let _ = writeln!(err, "{}{at}: warning: {problem}", journal.display());
    }
    Ok(review::export_rows(&restored.decisions, &restored.meta))
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
