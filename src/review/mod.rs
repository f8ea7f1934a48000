//! The review of one article, as the app and the command line both do it:
//! where its journal lives, the moderator's decisions replayed from it, the
//! rules and the label set in use, and the rows an export writes. Nothing
//! here knows egui; `cli` and `app` call the same functions, so the labels a
//! moderator saves in the window are the labels `threadmod export` writes.

pub mod summary;

use std::path::{Path, PathBuf};

use crate::error::{Error, ErrorKind, Result};
use crate::export::RowLabel;
use crate::labels::journal::{self, Event, Replay};
use crate::labels::{Decision, LabelSet};
use crate::rules::RuleSet;
use crate::thread::Thread;

/// Who gave a label, and when.
#[derive(Debug, Clone, PartialEq)]
pub struct LabelMeta {
    pub moderator: String,
    pub at: String,
    pub seconds: Option<f64>,
}

/// The user's data folder for threadmod ($XDG_DATA_HOME or ~/.local/share):
/// journals of the bundled sample and of articles in folders threadmod
/// cannot write.
pub fn default_data_dir() -> PathBuf {
    let base = std::env::var_os("XDG_DATA_HOME")
        .map(PathBuf::from)
        .filter(|p| p.is_absolute())
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".local/share")))
        .unwrap_or_else(std::env::temp_dir);
    base.join("threadmod")
}

/// Where the journal of `article` lives before the thread is known: beside
/// it when that folder can be written (or a journal is already there), else
/// in the data folder under a name that keeps articles apart.
pub fn journal_location(article: Option<&Path>, data_dir: &Path) -> PathBuf {
    let Some(path) = article else {
        return data_dir.join("sample-article.txt.threadmod.jsonl");
    };
    let beside = journal::journal_path_for(path);
    if folder_takes_new_files(&beside) || beside.exists() {
        return beside;
    }
    let full = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
    let tag = journal::fingerprint(&full.to_string_lossy());
    let name = path
        .file_name()
        .map_or("article".into(), |n| n.to_string_lossy().into_owned());
    data_dir.join(format!("{tag}-{name}.threadmod.jsonl"))
}

/// Whether threadmod may add `file` to its folder.
fn folder_takes_new_files(file: &Path) -> bool {
    let folder = file
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    // The mode bits first: root may write anywhere, but a folder made
    // read-only is one whose owner wants nothing added to it.
    std::fs::metadata(folder).is_ok_and(|m| !m.permissions().readonly())
        && tempfile::tempfile_in(folder).is_ok()
}

/// Where an export goes when no file dialog can ask: `ARTICLE.labels.csv`
/// beside the article when its folder takes new files, else in the data
/// folder (always, for the bundled sample).
pub fn default_export_path(article: Option<&Path>, data_dir: &Path) -> PathBuf {
    let Some(path) = article else {
        return data_dir.join("sample-article.labels.csv");
    };
    let stem = path
        .file_stem()
        .map_or("article".into(), |s| s.to_string_lossy().into_owned());
    let beside = path.with_file_name(format!("{stem}.labels.csv"));
    if folder_takes_new_files(&beside) {
        beside
    } else {
        data_dir.join(format!("{stem}.labels.csv"))
    }
}

/// The journal of `thread` read from `article`. A file that holds several
/// threads (a Disqus export) keeps one journal per thread; a journal written
/// before that, without the thread in its name, stays with the thread
/// threadmod opens by default.
pub fn journal_path(article: Option<&Path>, thread: &Thread, data_dir: &Path) -> PathBuf {
    let plain = journal_location(article, data_dir);
    let Some(chosen) = thread
        .chosen
        .as_deref()
        .filter(|_| thread.choices.len() > 1)
    else {
        return plain;
    };
    let mut tagged = plain.clone();
    tagged.set_extension(format!("{}.jsonl", journal::fingerprint(chosen)));
    let is_default = thread.choices.first().is_some_and(|c| c.id == chosen);
    if is_default && !tagged.exists() && plain.exists() {
        plain
    } else {
        tagged
    }
}

/// The rules in `path`, or the built-in rules.
pub fn load_rules(path: Option<&Path>) -> Result<RuleSet> {
    match path {
        Some(p) => RuleSet::load(p),
        None => RuleSet::default_rules(),
    }
}

/// The labels in `path`, or the built-in set.
pub fn load_labels(path: Option<&Path>) -> Result<LabelSet> {
    match path {
        Some(p) => LabelSet::load(p),
        None => Ok(LabelSet::default_labels()),
    }
}

/// A label a moderator typed, checked against the label set: the name
/// exactly as the set spells it. Anything else is refused with the names
/// that would do (a key such as `2` or a name in other case gets a hint).
pub fn check_label<'a>(labels: &'a LabelSet, given: &str) -> Result<&'a str> {
    if let Some(l) = labels.by_name(given) {
        return Ok(&l.name);
    }
    let names: Vec<&str> = labels.labels.iter().map(|l| l.name.as_str()).collect();
    let hint = {
        let mut chars = given.chars();
        match (chars.next(), chars.next()) {
            (Some(key), None) => labels
                .by_key(key.to_ascii_lowercase())
                .map(|l| format!(" ('{given}' is the key of {} in the app)", l.name)),
            _ => None,
        }
    }
    .or_else(|| {
        labels
            .labels
            .iter()
            .find(|l| l.name.eq_ignore_ascii_case(given))
            .map(|l| format!(" (did you mean {}?)", l.name))
    })
    .unwrap_or_default();
    Err(Error::new(
        ErrorKind::Usage,
        format!(
            "'{given}' is not a label{hint}; expected one of: {} (or an empty label to clear; \
             --label-set FILE gives other labels)",
            names.join(", ")
        ),
    ))
}

/// The moderator's decisions on a thread, replayed from its journal.
#[derive(Debug, Default)]
pub struct Restored {
    /// Per comment; empty when the journal holds nothing.
    pub decisions: Vec<Decision>,
    /// Who made each decision, when; same length as `decisions`.
    pub meta: Vec<Option<LabelMeta>>,
    /// Comments that have a label.
    pub labelled: usize,
    /// Journal labels whose comment is no longer in the article.
    pub orphans: Vec<Event>,
    /// Labels found on a comment that moved, or whose text was edited.
    pub moved: usize,
    pub edited: usize,
    /// What the moderator should hear: (journal line, message).
    pub problems: Vec<(Option<usize>, String)>,
}

impl Restored {
    /// Whether any comment has a label or a note.
    pub fn is_empty(&self) -> bool {
        self.meta.iter().all(Option::is_none)
    }
}

/// Replays a journal onto `thread`: the one place where journal events turn
/// into decisions.
pub fn restore(thread: &Thread, replay: &Replay) -> Restored {
    let attached = journal::attach(thread, &replay.events);
    let problems = journal::problems(replay, &attached);
    let mut out = Restored {
        orphans: attached.orphans,
        moved: attached.moved,
        edited: attached.edited,
        problems,
        ..Restored::default()
    };
    if attached.decisions.iter().all(Option::is_none) {
        // Nothing to hold per comment: a big thread's empty rows would
        // cost more than its ids.
        return out;
    }
    out.decisions = vec![Decision::default(); thread.comments.len()];
    out.meta = vec![None; thread.comments.len()];
    for (i, placed) in attached.decisions.into_iter().enumerate() {
        let Some(placed) = placed else { continue };
        let (decision, event) = *placed;
        out.labelled += usize::from(decision.label.is_some());
        if decision.label.is_some() || !decision.note.is_empty() {
            out.meta[i] = Some(LabelMeta {
                moderator: event.moderator,
                at: event.at,
                seconds: event.seconds,
            });
        }
        out.decisions[i] = decision;
    }
    out
}

/// Reads the journal at `path` and replays it onto `thread`.
pub fn restore_from(thread: &Thread, path: &Path) -> Result<Restored> {
    Ok(restore(thread, &journal::read(path)?))
}

/// The label columns of an export, one per comment with a label or a note;
/// empty when no comment has either.
pub fn export_rows(decisions: &[Decision], meta: &[Option<LabelMeta>]) -> Vec<Option<RowLabel>> {
    if decisions
        .iter()
        .all(|d| d.label.is_none() && d.note.is_empty())
    {
        return Vec::new();
    }
    decisions
        .iter()
        .enumerate()
        .map(|(i, d)| {
            let meta = meta.get(i).and_then(Option::as_ref);
            (d.label.is_some() || !d.note.is_empty()).then(|| RowLabel {
                label: d.label.clone().unwrap_or_default(),
                note: d.note.clone(),
                moderator: meta.map(|m| m.moderator.clone()).unwrap_or_default(),
                labelled_at: meta.map(|m| m.at.clone()).unwrap_or_default(),
                seconds: meta.and_then(|m| m.seconds),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_are_checked_against_the_set() {
        let set = LabelSet::default_labels();
        assert_eq!(check_label(&set, "insult").ok(), Some("insult"));
        let cases = [
            ("bogus", "expected one of: approve, insult"),
            ("Insult", "did you mean insult?"),
            ("2", "'2' is the key of insult"),
        ];
        for (given, want) in cases {
            let err = check_label(&set, given).expect_err(given);
            assert_eq!(err.kind(), ErrorKind::Usage, "{given}");
            assert!(err.to_string().contains(want), "{given}: {err}");
        }
    }

    #[test]
    fn several_threads_keep_several_journals() {
        let dir = tempfile::tempdir().unwrap();
        let article = dir.path().join("k.xml");
        let choice = |id: &str| crate::thread::ThreadChoice {
            id: id.into(),
            title: String::new(),
            comments: 1,
        };
        let mut thread = Thread {
            choices: vec![choice("100"), choice("200")],
            chosen: Some("200".into()),
            ..Thread::default()
        };
        let data = dir.path().join("data");
        let other = journal_path(Some(&article), &thread, &data);
        thread.chosen = Some("100".into());
        let default = journal_path(Some(&article), &thread, &data);
        assert_ne!(other, default);
        assert_eq!(other.parent(), Some(dir.path()));
        // A journal from before, without the thread in its name, stays with
        // the default thread.
        let plain = journal::journal_path_for(&article);
        std::fs::write(&plain, "").unwrap();
        assert_eq!(journal_path(Some(&article), &thread, &data), plain);
        thread.chosen = Some("200".into());
        assert_eq!(journal_path(Some(&article), &thread, &data), other);
    }
}
