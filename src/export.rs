//! CSV export: one row per comment in thread order (RFC 4180, UTF-8), and
//! the safe file writing every output of threadmod goes through.

use std::io::Write;
use std::path::Path;

use crate::error::{Error, Result};
use crate::rules::CheckedThread;
use crate::thread::Thread;

/// The columns, in order.
pub const COLUMNS: &[&str] = &[
    "id",
    "parent_id",
    "depth",
    "position",
    "author",
    "posted_at",
    "kind",
    "label",
    "note",
    "flags",
    "rules",
    "score",
    "relevance",
    "text",
];

/// A moderator's decision on one comment, as exported.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RowLabel {
    pub label: String,
    pub note: String,
}

/// Writes the thread as CSV. `labels[i]` is the decision on comment `i`, if any.
pub fn write_csv<W: Write>(
    out: W,
    thread: &Thread,
    checked: &CheckedThread,
    labels: &[Option<RowLabel>],
) -> csv::Result<()> {
    let mut w = csv::Writer::from_writer(out);
    w.write_record(COLUMNS)?;
    for (i, c) in thread.comments.iter().enumerate() {
        let parent_id = c.parent.map_or("", |p| thread.comments[p].id.as_str());
        let label = labels.get(i).and_then(Option::as_ref);
        let depth = c.depth.to_string();
        let position = (i + 1).to_string();
        let flags = checked.categories(i).join(";");
        let rules = checked.rule_ids(i).join(";");
        let score = format!("{:.2}", checked.score(i));
        let relevance = format!("{:.2}", checked.relevance[i]);
        w.write_record([
            c.id.as_str(),
            parent_id,
            &depth,
            &position,
            &c.author,
            &c.posted_at,
            c.kind.as_str(),
            label.map_or("", |l| l.label.as_str()),
            label.map_or("", |l| l.note.as_str()),
            &flags,
            &rules,
            &score,
            &relevance,
            &c.text,
        ])?;
    }
    w.flush()?;
    Ok(())
}

/// Writes a file so that a crash or a full disk leaves the old file or the
/// new one, never half of one: a temporary file in the same folder, flushed
/// and renamed over the target. Special files (`/dev/stdout`, pipes) are
/// written directly, since renaming over them would replace them.
pub fn write_file_atomically(
    path: &Path,
    write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> Result<()> {
    let fail = |e: std::io::Error| Error::output(path, format!("cannot write: {e}"));
    let is_special = std::fs::metadata(path).is_ok_and(|m| !m.is_file());
    if is_special {
        let mut f = std::fs::OpenOptions::new()
            .write(true)
            .open(path)
            .map_err(fail)?;
        write(&mut f).map_err(fail)?;
        return f.flush().map_err(fail);
    }
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let mut tmp = tempfile::Builder::new()
        .prefix(".threadmod-")
        .suffix(".tmp")
        .tempfile_in(dir)
        .map_err(|e| {
            Error::output(
                path,
                format!("cannot create a file in {}: {e}", dir.display()),
            )
        })?;
    {
        let mut buffered = std::io::BufWriter::new(tmp.as_file_mut());
        write(&mut buffered).map_err(fail)?;
        buffered.flush().map_err(fail)?;
    }
    tmp.as_file().sync_all().map_err(fail)?;
    tmp.persist(path).map_err(|e| fail(e.error))?;
    Ok(())
}
