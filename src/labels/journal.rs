//! The journal: every label or note change, appended at once to a JSON-lines
//! file beside the article and synced to disk (by the app on a thread of its
//! own, right after), so an hour of labelling survives a crash, a power cut
//! or a re-saved article.
//!
//! Each line holds the whole decision on one comment after the change, so
//! replaying is "the last line for a comment wins". Lines name the comment by
//! its position, its platform id (when the source has one) and a fingerprint
//! of its text; when the article changed, labels re-attach by platform id,
//! then by fingerprint, and those whose comment is gone are reported and kept
//! in the file.

use std::collections::HashMap;
use std::fs::{File, OpenOptions};
use std::io::{BufRead, BufReader, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};

use super::Decision;
use crate::base::format_utc;
use crate::error::{Error, ErrorKind, Result};
use crate::thread::Thread;

/// One journal line.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Event {
    /// Comment id (position path) when the event was written.
    pub comment: String,
    /// The platform's own id for the comment (Disqus post id, Reddit
    /// fullname…), when the source has one: labels follow it first when the
    /// article changed.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub source_id: String,
    /// Fingerprint of the comment's text, to find it again after edits.
    pub fingerprint: String,
    pub label: Option<String>,
    #[serde(default)]
    pub note: String,
    #[serde(default)]
    pub moderator: String,
    /// UTC, RFC 3339 ("2026-11-28T08:15:00Z").
    pub at: String,
    /// Seconds the moderator spent on the comment before this change.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub seconds: Option<f64>,
    /// The comment's first words, for people reading the journal and to
    /// find a comment that was edited in place.
    #[serde(default)]
    pub excerpt: String,
}

/// The first words of a comment, as kept in the journal.
pub fn excerpt(text: &str) -> String {
    let mut out = String::new();
    for word in text.split_whitespace() {
        if out.chars().count() + word.chars().count() > 60 {
            break;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// A journal event for the current decision on comment `i`.
pub fn event_for(
    thread: &Thread,
    i: usize,
    decision: &Decision,
    moderator: &str,
    seconds: Option<f64>,
) -> Event {
    let c = &thread.comments[i];
    Event {
        comment: c.id.to_string(),
        source_id: c.source_id().to_string(),
        fingerprint: fingerprint(&c.text),
        label: decision.label.clone(),
        note: decision.note.clone(),
        moderator: moderator.to_string(),
        at: now_utc(),
        seconds,
        excerpt: excerpt(&c.text),
    }
}

/// Fingerprint of a comment's text: FNV-1a over its words, so re-wrapping
/// or re-indenting the article does not change it.
pub fn fingerprint(text: &str) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for (i, word) in text.split_whitespace().enumerate() {
        if i > 0 {
            h ^= u64::from(b' ');
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
        for b in word.bytes() {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    }
    format!("{h:016x}")
}

/// The journal that goes with an article: `FILE.threadmod.jsonl`.
pub fn journal_path_for(article: &Path) -> PathBuf {
    let mut name = article
        .file_name()
        .map(|n| n.to_os_string())
        .unwrap_or_default();
    name.push(".threadmod.jsonl");
    article.with_file_name(name)
}

/// Current UTC time as RFC 3339, to the second.
pub fn now_utc() -> String {
    let secs = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    format_utc(secs)
}

/// A journal open for appending.
pub struct JournalWriter {
    path: PathBuf,
    file: File,
    /// Syncs the file to disk off the caller's thread, when set.
    syncer: Option<Syncer>,
}

/// A thread that syncs the journal to disk after each append, so the app's
/// frames never wait for the disk. Events are in the file (and survive the
/// app crashing) before `append` returns; the sync guards against power cuts.
struct Syncer {
    requests: Option<std::sync::mpsc::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
    /// The last sync error, reported by the next append.
    failed: std::sync::Arc<std::sync::Mutex<Option<String>>>,
}

impl Syncer {
    fn start(file: File) -> Syncer {
        let (requests, waiting) = std::sync::mpsc::channel::<()>();
        let failed = std::sync::Arc::new(std::sync::Mutex::new(None));
        let report = std::sync::Arc::clone(&failed);
        let thread = std::thread::Builder::new()
            .name("journal sync".into())
            .spawn(move || {
                while waiting.recv().is_ok() {
                    // One sync covers every append made meanwhile.
                    while waiting.try_recv().is_ok() {}
                    if let Err(e) = file.sync_data()
                        && let Ok(mut slot) = report.lock()
                    {
                        *slot = Some(e.to_string());
                    }
                }
            })
            .ok();
        Syncer {
            requests: Some(requests),
            thread,
            failed,
        }
    }

    /// Asks for a sync; false when no thread runs to do it.
    fn request(&self) -> bool {
        self.thread.is_some() && self.requests.as_ref().is_some_and(|r| r.send(()).is_ok())
    }

    fn take_error(&self) -> Option<String> {
        self.failed.lock().ok().and_then(|mut slot| slot.take())
    }
}

impl Drop for Syncer {
    fn drop(&mut self) {
        // Closing the channel ends the thread after its last sync.
        self.requests = None;
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

impl JournalWriter {
    /// Opens (or creates) the journal for appending.
    pub fn open(path: &Path) -> Result<JournalWriter> {
        let mut file = OpenOptions::new()
            .create(true)
            .append(true)
            .open(path)
            .map_err(|e| {
                Error::output(path, format!("cannot open the journal for writing: {e}"))
            })?;
        // A line torn by a crash must not swallow the next event. Only the
        // last byte is read; a journal that cannot be read is taken as whole.
        let last_byte = || -> Option<u8> {
            let mut reader = File::open(path).ok()?;
            reader.seek(SeekFrom::End(-1)).ok()?;
            let mut last = [0u8];
            reader.read_exact(&mut last).ok()?;
            Some(last[0])
        };
        let len = file.metadata().map(|m| m.len()).unwrap_or(0);
        if len > 0 && last_byte().is_some_and(|b| b != b'\n') {
            file.write_all(b"\n")
                .map_err(|e| Error::output(path, format!("cannot write the journal: {e}")))?;
        }
        Ok(JournalWriter {
            path: path.to_path_buf(),
            file,
            syncer: None,
        })
    }

    /// Syncs to disk on a thread of its own from now on: `append` returns
    /// once the event is in the file, without waiting for the disk.
    pub fn sync_in_background(mut self) -> JournalWriter {
        if let Ok(clone) = self.file.try_clone() {
            self.syncer = Some(Syncer::start(clone));
        }
        self
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Appends one event. It is in the file when this returns, and on disk
    /// too — at once, or right after when syncing in the background (a sync
    /// that failed is reported by the next append).
    pub fn append(&mut self, event: &Event) -> Result<()> {
        let mut line = serde_json::to_string(event)
            .map_err(|e| Error::output(&self.path, format!("cannot encode the event: {e}")))?;
        line.push('\n');
        let fail =
            |e: std::io::Error| Error::output(&self.path, format!("cannot write the journal: {e}"));
        self.file.write_all(line.as_bytes()).map_err(fail)?;
        self.file.flush().map_err(fail)?;
        if let Some(e) = self.syncer.as_ref().and_then(Syncer::take_error) {
            return Err(Error::output(
                &self.path,
                format!("cannot save the journal to disk: {e}"),
            ));
        }
        if !self.syncer.as_ref().is_some_and(Syncer::request) {
            self.file.sync_data().map_err(fail)?;
        }
        Ok(())
    }
}

/// What reading a journal found.
#[derive(Debug, Default)]
pub struct Replay {
    /// Every event that parsed, in file order.
    pub events: Vec<Event>,
    /// Lines that could not be read: (line number, why). A torn last line
    /// is reported here too; none of them stops the replay.
    pub skipped: Vec<(usize, String)>,
}

/// Reads a journal. A missing file is an empty journal.
pub fn read(path: &Path) -> Result<Replay> {
    let file = match File::open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Replay::default()),
        Err(e) => return Err(Error::io(path, &e)),
    };
    read_from(BufReader::new(file)).map_err(|e| e.with_path(path))
}

/// Reads journal lines from any reader.
pub fn read_from(reader: impl BufRead) -> Result<Replay> {
    let mut replay = Replay::default();
    for (n, line) in reader.split(b'\n').enumerate() {
        let line = line.map_err(|e| Error::new(ErrorKind::Io, e.to_string()))?;
        let text = String::from_utf8_lossy(&line);
        let text = text.trim();
        if text.is_empty() {
            continue;
        }
        match serde_json::from_str::<Event>(text) {
            Ok(event) => replay.events.push(event),
            Err(e) => replay.skipped.push((n + 1, e.to_string())),
        }
    }
    Ok(replay)
}

/// Labels from a journal matched to the comments of a thread.
#[derive(Debug, Default)]
pub struct Attached {
    /// Per comment: the decision and the event that made it (boxed: most
    /// comments of a big thread have none, and a `None` costs 8 bytes).
    pub decisions: Vec<Option<Box<(Decision, Event)>>>,
    /// Final events whose comment is no longer in the article.
    pub orphans: Vec<Event>,
    /// Comments found by fingerprint under another id (moved or re-ordered).
    pub moved: usize,
    /// Comments found at their id with edited text (same first words).
    pub edited: usize,
}

/// The last event per comment, matched to `thread`: first by the platform's
/// id (the newest event for it wins), then by position and fingerprint, then
/// by fingerprint alone, then by position and first words (edited in place).
pub fn attach(thread: &Thread, events: &[Event]) -> Attached {
    if events.is_empty() {
        // Nothing to match: no fingerprints of a big thread to compute.
        return Attached {
            decisions: vec![None; thread.comments.len()],
            ..Attached::default()
        };
    }
    // Last event per (id, fingerprint) key: later lines win.
    let mut last: Vec<&Event> = Vec::new();
    let mut index: HashMap<(&str, &str), usize> = HashMap::new();
    for e in events {
        match index.get(&(e.comment.as_str(), e.fingerprint.as_str())) {
            Some(&k) => last[k] = e,
            None => {
                index.insert((&e.comment, &e.fingerprint), last.len());
                last.push(e);
            }
        }
    }
    let prints: Vec<String> = thread
        .comments
        .iter()
        .map(|c| fingerprint(&c.text))
        .collect();
    let by_id: HashMap<&str, usize> = thread
        .comments
        .iter()
        .enumerate()
        .map(|(i, c)| (c.id.as_str(), i))
        .collect();
    let mut by_print: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, p) in prints.iter().enumerate() {
        by_print.entry(p.as_str()).or_default().push(i);
    }
    let mut out = Attached {
        decisions: vec![None; thread.comments.len()],
        ..Attached::default()
    };
    let mut unplaced = Vec::new();
    // The platform's id names the comment wherever it moved and however it
    // was edited; the newest event for it wins, the older ones are history.
    let ids = thread.ids();
    let mut by_source: HashMap<usize, &Event> = HashMap::new();
    let mut rest = Vec::with_capacity(last.len());
    for e in last {
        match (!e.source_id.is_empty())
            .then(|| ids.by_source(&e.source_id))
            .flatten()
        {
            Some(i) => {
                let slot = by_source.entry(i).or_insert(e);
                if e.at >= slot.at {
                    *slot = e;
                }
            }
            None => rest.push(e),
        }
    }
    let mut from_source: Vec<(usize, &Event)> = by_source.into_iter().collect();
    from_source.sort_unstable_by_key(|(i, _)| *i);
    for (i, e) in from_source {
        place(&mut out, i, e);
        if thread.comments[i].id != e.comment {
            out.moved += 1;
        } else if prints[i] != e.fingerprint {
            out.edited += 1;
        }
    }
    // Then exact matches, so a moved comment cannot take another's place.
    for e in &rest {
        match by_id.get(e.comment.as_str()) {
            Some(&i) if prints[i] == e.fingerprint => place(&mut out, i, e),
            _ => unplaced.push(*e),
        }
    }
    for e in unplaced {
        let free = by_print
            .get(e.fingerprint.as_str())
            .and_then(|candidates| candidates.iter().find(|&&i| out.decisions[i].is_none()));
        match free {
            Some(&i) => {
                place(&mut out, i, e);
                out.moved += 1;
            }
            None => {
                // Edited in place: same id, still unclaimed, same first words.
                let edited = by_id.get(e.comment.as_str()).copied().filter(|&i| {
                    out.decisions[i].is_none()
                        && !e.excerpt.is_empty()
                        && excerpt(&thread.comments[i].text).starts_with(first_words(&e.excerpt))
                });
                match edited {
                    Some(i) => {
                        place(&mut out, i, e);
                        out.edited += 1;
                    }
                    None if e.label.is_some() || !e.note.is_empty() => out.orphans.push(e.clone()),
                    None => {}
                }
            }
        }
    }
    out
}

/// What a moderator should hear about a replayed journal: lines that could
/// not be read (with their line number) and labels whose comment is gone.
pub fn problems(replay: &Replay, attached: &Attached) -> Vec<(Option<usize>, String)> {
    let mut out: Vec<(Option<usize>, String)> = replay
        .skipped
        .iter()
        .map(|(line, why)| {
            (
                Some(*line),
                format!("skipped a journal line that cannot be read ({why})"),
            )
        })
        .collect();
    if !attached.orphans.is_empty() {
        let ids: Vec<&str> = attached
            .orphans
            .iter()
            .map(|e| e.comment.as_str())
            .collect();
        out.push((
            None,
            format!(
                "{} labels belong to comments no longer in the article (kept in the journal): {}",
                ids.len(),
                ids.join(", ")
            ),
        ));
    }
    out
}

/// Each moderator's latest label per comment: `[comment] -> [(moderator, label)]`.
pub fn labels_by_moderator(
    thread: &Thread,
    events: &[Event],
) -> Vec<Vec<(String, Option<String>)>> {
    let mut moderators: Vec<&str> = Vec::new();
    for e in events {
        if !moderators.contains(&e.moderator.as_str()) {
            moderators.push(&e.moderator);
        }
    }
    let mut out = vec![Vec::new(); thread.comments.len()];
    if moderators.len() < 2 {
        return out;
    }
    for m in moderators {
        let theirs: Vec<Event> = events
            .iter()
            .filter(|e| e.moderator == m)
            .cloned()
            .collect();
        for (i, d) in attach(thread, &theirs).decisions.into_iter().enumerate() {
            if let Some(placed) = d {
                out[i].push((m.to_string(), placed.0.label));
            }
        }
    }
    out
}

/// The first five words of an excerpt: enough to recognise an edited comment.
fn first_words(excerpt: &str) -> &str {
    match excerpt.match_indices(' ').nth(4) {
        Some((at, _)) => &excerpt[..at],
        None => excerpt,
    }
}

fn place(out: &mut Attached, i: usize, e: &Event) {
    let newer = match &out.decisions[i] {
        Some(placed) => e.at >= placed.1.at,
        None => true,
    };
    if newer {
        let decision = Decision {
            label: e.label.clone(),
            note: e.note.clone(),
        };
        out.decisions[i] = Some(Box::new((decision, e.clone())));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utc_dates() {
        let cases = [
            (0, "1970-01-01T00:00:00Z"),
            (951_782_400, "2000-02-29T00:00:00Z"),
            (1_796_456_145, "2026-12-05T07:35:45Z"),
            (4_107_542_399, "2100-02-28T23:59:59Z"),
        ];
        for (secs, want) in cases {
            assert_eq!(format_utc(secs), want);
        }
    }

    #[test]
    fn fingerprint_ignores_wrapping() {
        assert_eq!(fingerprint("a b\n  c"), fingerprint("a b c"));
        assert_ne!(fingerprint("a b c"), fingerprint("a b d"));
    }

    #[test]
    fn torn_and_garbage_lines_are_skipped() {
        let good =
            r#"{"comment":"1","fingerprint":"x","label":"spam","at":"2026-01-01T00:00:00Z"}"#;
        let text = format!("{good}\nnot json\n\n{good}\n{{\"comment\":\"2\",\"finger");
        let replay = read_from(text.as_bytes()).unwrap();
        assert_eq!(replay.events.len(), 2);
        let lines: Vec<usize> = replay.skipped.iter().map(|(n, _)| *n).collect();
        assert_eq!(lines, [2, 5]);
    }
}
