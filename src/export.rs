//! CSV export: one row per comment in thread order (RFC 4180, UTF-8); the
//! thread in the text layout; and the safe file writing every output of
//! threadmod goes through.

use std::fmt::Write as _;
use std::io::Write;
use std::path::Path;

use crate::base::looks_like_formula;
use crate::error::{Error, Result};
use crate::rules::{self, CheckedThread, RuleSet};
use crate::thread::Thread;

/// The columns, in order.
pub const COLUMNS: &[&str] = &[
    "id",
    "source_id",
    "url",
    "parent_id",
    "depth",
    "position",
    "author",
    "posted_at",
    "kind",
    "status",
    "label",
    "note",
    "flags",
    "rules",
    "score",
    "relevance",
    "spans",
    "moderator",
    "labelled_at",
    "seconds",
    "rules_hash",
    "app_version",
    "text",
];

/// A moderator's decision on one comment, as exported.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RowLabel {
    pub label: String,
    pub note: String,
    pub moderator: String,
    /// UTC, RFC 3339.
    pub labelled_at: String,
    /// Seconds spent on the comment before labelling it.
    pub seconds: Option<f64>,
}

/// How to write the CSV.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CsvOptions {
    /// Prefix cells a spreadsheet would run as a formula with `'` (OWASP).
    pub neutralize_formulas: bool,
    /// Start with a UTF-8 byte-order mark, so Excel shows accents.
    pub bom: bool,
}

impl Default for CsvOptions {
    fn default() -> Self {
        CsvOptions {
            neutralize_formulas: true,
            bom: false,
        }
    }
}

/// A cell a spreadsheet would treat as a formula gets a leading `'`, as
/// OWASP's CSV-injection advice says (and so does text that already starts
/// with `'` before one, so the guard can be undone without guessing).
pub fn neutralize(cell: &str) -> std::borrow::Cow<'_, str> {
    if looks_like_formula(cell) {
        format!("'{cell}").into()
    } else {
        cell.into()
    }
}

/// Writes the thread as CSV. `labels[i]` is the decision on comment `i`, if
/// any; comments past the end of `labels` (all of them when it is empty) have none.
pub fn write_csv<W: Write>(
    out: W,
    thread: &Thread,
    checked: &CheckedThread,
    labels: &[Option<RowLabel>],
    rules_hash: &str,
    options: CsvOptions,
) -> csv::Result<()> {
    let mut w = start_csv(out, options)?;
    write_rows(&mut w, thread, checked, 0, labels, rules_hash, options)?;
    w.flush()?;
    Ok(())
}

/// Time spent checking and writing by [`check_and_write_csv`].
#[derive(Debug, Clone, Copy, Default)]
pub struct Spent {
    pub check: std::time::Duration,
    pub write: std::time::Duration,
}

/// Comments checked and written at a time by [`check_and_write_csv`]: enough
/// to share among cores, few enough that their findings take little memory.
pub const STRETCH: usize = 4096;

/// Checks the thread with `rules` and writes it as CSV `stretch` comments at
/// a time ([`STRETCH`] unless testing), so the findings of the whole thread
/// are never held at once; the bytes are those of [`write_csv`] after
/// [`rules::check_thread`]. `relevance` is every comment's
/// ([`rules::engine::relevance`]).
#[allow(clippy::too_many_arguments)]
pub fn check_and_write_csv<W: Write>(
    out: W,
    thread: &Thread,
    rules: &RuleSet,
    relevance: &[f64],
    labels: &[Option<RowLabel>],
    options: CsvOptions,
    stretch: usize,
    spent: &mut Spent,
) -> csv::Result<()> {
    let mut w = start_csv(out, options)?;
    let n = thread.comments.len();
    for first in (0..n).step_by(stretch.max(1)) {
        let started = std::time::Instant::now();
        let stretch = first..(first + stretch).min(n);
        let checked = rules::engine::check_comments(rules, thread, relevance, stretch);
        let checked_at = std::time::Instant::now();
        spent.check += checked_at - started;
        write_rows(
            &mut w,
            thread,
            &checked,
            first,
            labels,
            &rules.hash,
            options,
        )?;
        spent.write += checked_at.elapsed();
    }
    let started = std::time::Instant::now();
    w.flush()?;
    spent.write += started.elapsed();
    Ok(())
}

fn start_csv<W: Write>(mut out: W, options: CsvOptions) -> csv::Result<csv::Writer<W>> {
    if options.bom {
        out.write_all("\u{FEFF}".as_bytes())?;
    }
    let mut w = csv::Writer::from_writer(out);
    w.write_record(COLUMNS)?;
    Ok(w)
}

/// The rows of the comments `checked` holds, from comment `first` on
/// (`checked`'s index 0 is comment `first`).
fn write_rows<W: Write>(
    w: &mut csv::Writer<W>,
    thread: &Thread,
    checked: &CheckedThread,
    first: usize,
    labels: &[Option<RowLabel>],
    rules_hash: &str,
    options: CsvOptions,
) -> csv::Result<()> {
    // Borrowed unless a formula must be neutralised: no copy of every text.
    let cell = |s| -> std::borrow::Cow<'_, str> {
        if options.neutralize_formulas {
            neutralize(s)
        } else {
            s.into()
        }
    };
    // Kept from row to row: the cells below cost no allocation per row.
    let (mut depth, mut position, mut flags, mut rules) =
        (String::new(), String::new(), String::new(), String::new());
    let (mut score, mut relevance, mut spans, mut seconds) =
        (String::new(), String::new(), String::new(), String::new());
    let join_into = |out: &mut String, parts: Vec<&str>| {
        out.clear();
        for (n, part) in parts.into_iter().enumerate() {
            if n > 0 {
                out.push(';');
            }
            out.push_str(part);
        }
    };
    for (k, c) in thread.comments[first..first + checked.findings.len()]
        .iter()
        .enumerate()
    {
        let i = first + k;
        let parent_id = c.parent.map_or("", |p| thread.comments[p].id.as_str());
        let label = labels.get(i).and_then(Option::as_ref);
        // Writing into a String cannot fail.
        depth.clear();
        let _ = write!(depth, "{}", c.depth);
        position.clear();
        let _ = write!(position, "{}", i + 1);
        join_into(&mut flags, checked.categories(k));
        join_into(&mut rules, checked.rule_ids(k));
        score.clear();
        let _ = write!(score, "{:.2}", checked.score(k));
        relevance.clear();
        let _ = write!(relevance, "{:.2}", checked.relevance[k]);
        // Character offsets of the highlighted words, flags and highlights
        // alike: "insult:12-17;abuse:30-34".
        spans.clear();
        write_spans_cell(&mut spans, &c.text, checked.shown(k));
        seconds.clear();
        if let Some(s) = label.and_then(|l| l.seconds) {
            let _ = write!(seconds, "{s:.1}");
        }
        w.write_record([
            c.id.as_str(),
            &cell(c.source_id()),
            &cell(c.url()),
            parent_id,
            &depth,
            &position,
            &cell(&c.author),
            &cell(&c.posted_at),
            c.kind.as_str(),
            c.status.as_str(),
            &cell(label.map_or("", |l| l.label.as_str())),
            &cell(label.map_or("", |l| l.note.as_str())),
            &flags,
            &rules,
            &score,
            &relevance,
            &spans,
            &cell(label.map_or("", |l| l.moderator.as_str())),
            label.map_or("", |l| l.labelled_at.as_str()),
            &seconds,
            rules_hash,
            env!("CARGO_PKG_VERSION"),
            &cell(&c.text),
        ])?;
    }
    Ok(())
}

/// "category:start-end" in characters for every span of every finding,
/// appended to `out`.
fn write_spans_cell<'a>(
    out: &mut String,
    text: &str,
    findings: impl IntoIterator<Item = &'a crate::rules::Finding> + Clone,
) {
    let mut offsets: Vec<usize> = findings
        .clone()
        .into_iter()
        .flat_map(|f| f.spans.iter().flat_map(|r| [r.start, r.end]))
        .map(|b| b.min(text.len()))
        .collect();
    if offsets.is_empty() {
        return;
    }
    offsets.sort_unstable();
    offsets.dedup();
    let chars_at = crate::base::char_offsets(text, &offsets);
    let at = |b: usize| {
        offsets
            .binary_search(&b.min(text.len()))
            .map_or(0, |k| chars_at[k])
    };
    let mut first = true;
    for f in findings {
        for r in &f.spans {
            if !first {
                out.push(';');
            }
            first = false;
            let _ = write!(out, "{}:{}-{}", f.category, at(r.start), at(r.end));
        }
    }
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

/// The thread in the text layout threadmod reads (a saved page's comment
/// section as a text browser renders it): title, article, a "N thoughts on"
/// header, then each comment under its number, indented under its parent,
/// with its author, date, paragraphs and a "Reply" line. Reading the result
/// back gives the same tree, authors, dates and texts.
pub fn text_layout(thread: &Thread) -> String {
    let article = &thread.article;
    let mut out = String::new();
    let title = article.title.trim();
    if !title.is_empty() {
        out.push_str(title);
        out.push_str("\n\n");
    }
    for paragraph in article
        .body
        .split("\n\n")
        .map(str::trim)
        .filter(|p| !p.is_empty())
    {
        out.push_str(paragraph);
        out.push_str("\n\n");
    }
    let count = thread.comments.len();
    if title.is_empty() {
        out.push_str(&format!("{count} Comments\n\n"));
    } else {
        out.push_str(&format!("{count} thoughts on “{title}”\n\n"));
    }
    // Number of each comment among its siblings.
    let mut replies = vec![0usize; count];
    let mut top = 0usize;
    for c in &thread.comments {
        let number = match c.parent {
            Some(p) => {
                replies[p] += 1;
                replies[p]
            }
            None => {
                top += 1;
                top
            }
        };
        let margin = " ".repeat(4 * (c.depth.max(1) - 1) as usize);
        let body = format!("{margin}    ");
        let marker = format!("{margin}{number:>2}. ");
        let mut lines = c.text.split('\n');
        let permalink = permalink_line(c);
        if c.author.trim().is_empty() {
            if let Some(permalink) = &permalink {
                // The platform's id beside the number, the text below it.
                out.push_str(&format!("{marker}{permalink}\n\n"));
            } else {
                // No author line: the text starts beside the number.
                out.push_str(&marker);
                out.push_str(lines.next().unwrap_or_default().trim());
                out.push('\n');
            }
        } else {
            out.push_str(&format!("{marker}{} says:\n", c.author.trim()));
            if !c.posted_at.trim().is_empty() {
                out.push_str(&format!("{body}{}\n", c.posted_at.trim()));
            }
            if let Some(permalink) = &permalink {
                out.push_str(&format!("{body}{permalink}\n"));
            }
            out.push('\n');
        }
        for line in lines {
            let line = line.trim();
            if !line.is_empty() {
                out.push_str(&body);
                out.push_str(line);
            }
            out.push('\n');
        }
        out.push_str(&format!("\n{body}Reply\n"));
    }
    out.push_str("\nLeave a Reply\n");
    out
}

/// The comment's platform id and link as the text layout writes them,
/// "[id: t1_cu5pebp] https://…", so that reading the layout back keeps them;
/// `None` when the comment has neither.
fn permalink_line(c: &crate::thread::Comment) -> Option<String> {
    let id = c.source_id().trim();
    let url = c.url().trim();
    // An id holding "]" or spaces could not be read back whole: leave it out.
    let id = (!id.is_empty() && !id.contains([']', ' ', '\t'])).then_some(id);
    let url = (!url.is_empty() && !url.contains(char::is_whitespace)).then_some(url);
    match (id, url) {
        (Some(id), Some(url)) => Some(format!("[id: {id}] {url}")),
        (Some(id), None) => Some(format!("[id: {id}]")),
        (None, Some(url)) => Some(format!("[link] {url}")),
        (None, None) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Checking and writing a stretch at a time writes the bytes that
    /// checking the whole thread first writes, whatever the stretch.
    #[test]
    fn stretches_write_what_the_whole_thread_writes() {
        let sample = include_bytes!("../assets/sample-article.txt");
        let thread = crate::parse::parse_bytes(sample, Path::new("sample-article.txt")).unwrap();
        assert!(thread.comments.len() > 7);
        let rules = RuleSet::default_rules().unwrap();
        let mut labels = vec![None; 3];
        labels[1] = Some(RowLabel {
            label: "insult".into(),
            ..RowLabel::default()
        });
        let options = CsvOptions::default();
        let mut whole = Vec::new();
        let checked = rules::check_thread(&rules, &thread);
        write_csv(&mut whole, &thread, &checked, &labels, &rules.hash, options).unwrap();
        assert!(checked.findings.iter().any(|f| !f.is_empty()));
        for stretch in [1, 3, 7, thread.comments.len(), STRETCH] {
            let mut stretched = Vec::new();
            let mut spent = Spent::default();
            check_and_write_csv(
                &mut stretched,
                &thread,
                &rules,
                &checked.relevance,
                &labels,
                options,
                stretch,
                &mut spent,
            )
            .unwrap();
            assert!(stretched == whole, "stretch {stretch}");
        }
    }

    #[test]
    fn a_write_that_fails_halfway_leaves_the_old_file() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("labels.csv");
        std::fs::write(&target, "old,file\n").unwrap();
        // Like a disk that fills up after the first bytes.
        let err = write_file_atomically(&target, |w| {
            w.write_all(b"new,half")?;
            Err(std::io::Error::other("No space left on device"))
        })
        .unwrap_err();
        assert!(err.to_string().contains("No space left on device"), "{err}");
        assert!(err.to_string().contains("labels.csv"), "{err}");
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "old,file\n");
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, ["labels.csv"], "the temporary file is removed");

        write_file_atomically(&target, |w| w.write_all(b"new,file\n")).unwrap();
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "new,file\n");
    }

    #[test]
    fn spans_are_character_offsets() {
        let text = "Հայ 🙂 idiot and idiot";
        let at =
            |word: &str, nth: usize| text.match_indices(word).nth(nth).map(|(b, _)| b).unwrap();
        let finding = crate::rules::Finding {
            rule_id: "r".into(),
            category: "insult".into(),
            severity: crate::rules::Severity::High,
            reason: "".into(),
            spans: vec![
                at("idiot", 1)..at("idiot", 1) + 5,
                at("idiot", 0)..at("idiot", 0) + 5,
            ],
            measure: None,
        };
        let cell = |findings: &[crate::rules::Finding]| {
            let mut out = String::new();
            write_spans_cell(&mut out, text, findings);
            out
        };
        assert_eq!(cell(&[finding]), "insult:16-21;insult:6-11");
        assert_eq!(cell(&[]), "");
    }

    #[test]
    fn formula_cells() {
        let cases = [
            ("=1+1", "'=1+1"),
            ("+1", "'+1"),
            ("-x", "'-x"),
            ("@a", "'@a"),
            ("\tx", "'\tx"),
            ("\rx", "'\rx"),
            ("a=b", "a=b"),
            ("", ""),
        ];
        for (cell, want) in cases {
            assert_eq!(neutralize(cell), want, "{cell:?}");
        }
    }
}
