//! `threadmod label`: labels from a script, each in the journal before it
//! is reported.

use std::io::Write;
use std::path::PathBuf;

use clap::Args;

use super::{Cli, warn};
use crate::error::{Error, ErrorKind, Result};
use crate::labels::journal;
use crate::{parse, review};

#[derive(Debug, Args)]
pub struct LabelArgs {
    /// Article file.
    pub file: PathBuf,
    /// Comment id: its position ("2.1") or the platform's id
    /// ("t1_cu5pebp", "1588516991"); read lines from standard input when absent.
    pub id: Option<String>,
    /// Label name from the label set (empty clears the label).
    pub label: Option<String>,
    /// Note to keep with the label.
    #[arg(long, default_value = "")]
    pub note: String,
    /// Moderator name written into the journal.
    #[arg(long, env = "USER", default_value = "")]
    pub moderator: String,
    /// Journal to append to instead of the article's own (the one the
    /// app and `export` use).
    #[arg(long, value_name = "JOURNAL")]
    pub journal: Option<PathBuf>,
}

/// Runs `label`: one comment, or `ID<TAB>LABEL[<TAB>NOTE]` lines from
/// standard input.
pub fn run(cli: &Cli, args: &LabelArgs, out: &mut dyn Write, err: &mut dyn Write) -> Result<()> {
    let io = |e: std::io::Error| Error::write(&e);
    let LabelArgs {
        file,
        id,
        label,
        note,
        moderator,
        journal: journal_path,
    } = args;
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
    let journal_path = journal_path
        .clone()
        .unwrap_or_else(|| review::journal_path(Some(file), &thread, &review::default_data_dir()));
    if let Some(dir) = journal_path.parent().filter(|d| !d.as_os_str().is_empty()) {
        // The data folder may not exist yet; a failure shows on opening.
        let _ = std::fs::create_dir_all(dir);
    }
    let mut writer = journal::JournalWriter::open(&journal_path)?;
    let mut apply = |id: &str, label: &str, note: &str, out: &mut dyn Write| -> Result<()> {
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
                let line = line.map_err(|e| Error::input(format!("standard input: {e}")))?;
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
                        ErrorKind::Input | ErrorKind::Usage => {
                            Error::input(format!("standard input line {}: {}", n + 1, e.message()))
                        }
                        _ => e,
                    },
                )?;
            }
            Ok(())
        }
    }
}
