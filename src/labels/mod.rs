//! The moderator's decisions: the label set, and the store of labels and
//! notes with unlimited undo and redo.

pub mod journal;
pub mod merge;

use serde::Deserialize;

use crate::base::line_col;
use crate::error::{Error, Result};
use crate::rules::config::toml_error;

/// The built-in label set.
pub const DEFAULT_LABELS: &str = include_str!("../../assets/labels.toml");

/// Keys the app already uses; a label cannot take them.
const RESERVED_KEYS: &[char] = &[
    'j', 'k', 'n', 'h', 'l', 'a', 'p', 'i', 'u', 't', 's', '0', '/', '?',
];

/// One label a comment can get.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LabelDef {
    pub name: String,
    /// The key that gives it, a digit or a lower-case letter.
    pub key: char,
    pub color: [u8; 3],
}

/// The labels in use, in display order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LabelSet {
    pub labels: Vec<LabelDef>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLabels {
    label: Vec<toml::Spanned<RawLabel>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLabel {
    name: String,
    key: String,
    color: String,
}

fn parse_color(s: &str) -> Option<[u8; 3]> {
    let hex = s.strip_prefix('#')?;
    if hex.len() != 6 || !hex.is_ascii() {
        return None;
    }
    let byte = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).ok();
    Some([byte(0)?, byte(2)?, byte(4)?])
}

impl LabelSet {
    pub fn default_labels() -> LabelSet {
        // The built-in file is tested; fall back to an empty set rather than panic.
        LabelSet::parse(DEFAULT_LABELS).unwrap_or(LabelSet { labels: Vec::new() })
    }

    /// Reads a labels file.
    pub fn load(path: &std::path::Path) -> Result<LabelSet> {
        let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, &e))?;
        LabelSet::parse(&text).map_err(|e| e.with_path(path))
    }

    /// Parses a labels file (TOML, `[[label]]` tables with name, key, color).
    pub fn parse(text: &str) -> Result<LabelSet> {
        let raw: RawLabels = toml::from_str(text).map_err(|e| toml_error(text, &e))?;
        let mut labels: Vec<LabelDef> = Vec::new();
        for spanned in raw.label {
            let (line, col) = line_col(text, spanned.span().start);
            let l = spanned.into_inner();
            let fail = |msg: String| Err(Error::rules(msg).at(line, col));
            let mut chars = l.key.chars();
            let key = match (chars.next(), chars.next()) {
                (Some(k), None) if k.is_ascii_alphanumeric() => k.to_ascii_lowercase(),
                _ => {
                    return fail(format!(
                        "label '{}': key must be one digit or letter, not {:?}",
                        l.name, l.key
                    ));
                }
            };
            if RESERVED_KEYS.contains(&key) {
                return fail(format!(
                    "label '{}': key '{key}' is used by the app",
                    l.name
                ));
            }
            if let Some(other) = labels.iter().find(|o| o.key == key || o.name == l.name) {
                return fail(format!(
                    "label '{}' clashes with label '{}' (same name or key)",
                    l.name, other.name
                ));
            }
            let Some(color) = parse_color(&l.color) else {
                return fail(format!(
                    "label '{}': color must look like \"#2e9d5b\", not {:?}",
                    l.name, l.color
                ));
            };
            labels.push(LabelDef {
                name: l.name,
                key,
                color,
            });
        }
        Ok(LabelSet { labels })
    }

    pub fn by_key(&self, key: char) -> Option<&LabelDef> {
        self.labels.iter().find(|l| l.key == key)
    }

    pub fn by_name(&self, name: &str) -> Option<&LabelDef> {
        self.labels.iter().find(|l| l.name == name)
    }
}

/// What the moderator decided about one comment.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Decision {
    pub label: Option<String>,
    pub note: String,
}

/// One change, kept for undo.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Edit {
    comment: usize,
    before: Decision,
    after: Decision,
}

/// Labels and notes for every comment of a thread, with unlimited undo:
/// a log of steps and a cursor into it. A step is one edit, or every edit
/// of a bulk decision, so one undo takes back what one key press did.
#[derive(Debug, Clone, Default)]
pub struct LabelStore {
    decisions: Vec<Decision>,
    log: Vec<Vec<Edit>>,
    /// Edits before the cursor are applied; those after it can be redone.
    cursor: usize,
    /// The last edit was a note edit that the next keystroke may extend.
    note_open: Option<usize>,
}

impl LabelStore {
    pub fn new(comments: usize) -> LabelStore {
        LabelStore {
            decisions: vec![Decision::default(); comments],
            ..LabelStore::default()
        }
    }

    /// A store that starts from earlier decisions (replayed from a journal);
    /// they are not undoable.
    pub fn with_decisions(decisions: Vec<Decision>) -> LabelStore {
        LabelStore {
            decisions,
            ..LabelStore::default()
        }
    }

    pub fn decision(&self, comment: usize) -> Option<&Decision> {
        self.decisions.get(comment)
    }

    pub fn label(&self, comment: usize) -> Option<&str> {
        self.decisions.get(comment)?.label.as_deref()
    }

    pub fn labelled_count(&self) -> usize {
        self.decisions.iter().filter(|d| d.label.is_some()).count()
    }

    pub fn decisions(&self) -> &[Decision] {
        &self.decisions
    }

    fn apply(&mut self, comment: usize, after: Decision) -> bool {
        let Some(before) = self.decisions.get(comment).cloned() else {
            return false;
        };
        if before == after {
            return false;
        }
        self.push_step(vec![Edit {
            comment,
            before,
            after,
        }]);
        true
    }

    /// Applies a step's edits and logs them as one undo step.
    fn push_step(&mut self, step: Vec<Edit>) {
        for edit in &step {
            self.decisions[edit.comment] = edit.after.clone();
        }
        self.log.truncate(self.cursor);
        self.log.push(step);
        self.cursor = self.log.len();
    }

    /// Gives every comment of `comments` the same label (or none), as one
    /// undo step. Returns the comments that changed, in the order given.
    pub fn set_labels(&mut self, comments: &[usize], label: Option<&str>) -> Vec<usize> {
        let pairs: Vec<(usize, Option<&str>)> = comments.iter().map(|&c| (c, label)).collect();
        self.set_each(&pairs)
    }

    /// Gives each comment its own label (or none), all as one undo step.
    /// Returns the comments that changed, in the order given.
    pub fn set_each(&mut self, labels: &[(usize, Option<&str>)]) -> Vec<usize> {
        self.note_open = None;
        let mut step = Vec::new();
        // A comment given twice is changed once, by its first entry.
        let mut seen = vec![false; self.decisions.len()];
        for &(comment, label) in labels {
            let Some(before) = self.decisions.get(comment) else {
                continue;
            };
            if std::mem::replace(&mut seen[comment], true) || before.label.as_deref() == label {
                continue;
            }
            let after = Decision {
                label: label.map(str::to_string),
                note: before.note.clone(),
            };
            step.push(Edit {
                comment,
                before: before.clone(),
                after,
            });
        }
        let changed: Vec<usize> = step.iter().map(|e| e.comment).collect();
        if !step.is_empty() {
            self.push_step(step);
        }
        changed
    }

    /// Gives `comment` a label (or none). Returns whether anything changed.
    pub fn set_label(&mut self, comment: usize, label: Option<&str>) -> bool {
        self.note_open = None;
        let Some(current) = self.decisions.get(comment) else {
            return false;
        };
        let after = Decision {
            label: label.map(str::to_string),
            note: current.note.clone(),
        };
        self.apply(comment, after)
    }

    /// Sets the note of `comment`. Typing in one note is one undo step.
    pub fn set_note(&mut self, comment: usize, note: &str) -> bool {
        let Some(current) = self.decisions.get(comment).cloned() else {
            return false;
        };
        if current.note == note {
            return false;
        }
        let after = Decision {
            label: current.label.clone(),
            note: note.to_string(),
        };
        if self.note_open == Some(comment) && self.cursor == self.log.len() && self.cursor > 0 {
            // Extend the open note edit instead of logging every keystroke.
            if let [edit] = self.log[self.cursor - 1].as_mut_slice() {
                edit.after = after.clone();
                self.decisions[comment] = after;
                return true;
            }
        }
        let changed = self.apply(comment, after);
        self.note_open = Some(comment);
        changed
    }

    /// Ends the current note edit, so the next one is its own undo step.
    pub fn close_note(&mut self) {
        self.note_open = None;
    }

    /// Undoes the last step; returns the comments it touched (none when
    /// there is nothing to undo).
    pub fn undo(&mut self) -> Vec<usize> {
        self.note_open = None;
        if self.cursor == 0 {
            return Vec::new();
        }
        self.cursor -= 1;
        let step = &self.log[self.cursor];
        for edit in step.iter().rev() {
            self.decisions[edit.comment] = edit.before.clone();
        }
        step.iter().map(|e| e.comment).collect()
    }

    /// Redoes the last undone step; returns the comments it touched.
    pub fn redo(&mut self) -> Vec<usize> {
        self.note_open = None;
        let Some(step) = self.log.get(self.cursor) else {
            return Vec::new();
        };
        for edit in step {
            self.decisions[edit.comment] = edit.after.clone();
        }
        self.cursor += 1;
        step.iter().map(|e| e.comment).collect()
    }

    pub fn can_undo(&self) -> bool {
        self.cursor > 0
    }

    pub fn can_redo(&self) -> bool {
        self.cursor < self.log.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_labels() {
        let set = LabelSet::default_labels();
        let names: Vec<(&str, char)> = set
            .labels
            .iter()
            .map(|l| (l.name.as_str(), l.key))
            .collect();
        assert_eq!(
            names,
            [
                ("approve", '1'),
                ("insult", '2'),
                ("off_topic", '3'),
                ("spam", '4'),
                ("remove", '5')
            ]
        );
    }

    #[test]
    fn bad_label_files() {
        let ok = "[[label]]\nname = \"a\"\nkey = \"1\"\ncolor = \"#000000\"\n";
        let cases = [
            (
                "two-char key",
                ok.replace("\"1\"", "\"12\""),
                "one digit or letter",
            ),
            (
                "reserved key",
                ok.replace("\"1\"", "\"j\""),
                "used by the app",
            ),
            (
                "bad color",
                ok.replace("#000000", "red"),
                "color must look like",
            ),
            ("clash", format!("{ok}{ok}"), "clashes"),
            ("unknown field", ok.replace("color", "colour"), "colour"),
        ];
        for (name, text, want) in cases {
            let err = LabelSet::parse(&text).expect_err(name).to_string();
            assert!(err.contains(want), "{name}: {err}");
            assert!(err.starts_with("line "), "{name}: {err}");
        }
    }

    #[test]
    fn undo_and_redo_without_limit() {
        let mut store = LabelStore::new(300);
        for i in 0..300 {
            assert!(store.set_label(i, Some("approve")));
        }
        assert_eq!(store.labelled_count(), 300);
        for i in (0..300).rev() {
            assert_eq!(store.undo(), [i]);
        }
        assert!(store.undo().is_empty());
        assert_eq!(store.labelled_count(), 0);
        assert_eq!(store.redo(), [0]);
        assert_eq!(store.label(0), Some("approve"));
        // A new edit drops the redo tail.
        store.set_label(5, Some("spam"));
        assert!(!store.can_redo());
        assert_eq!(store.labelled_count(), 2);
    }

    #[test]
    fn a_bulk_label_is_one_undo_step() {
        let mut store = LabelStore::new(5);
        store.set_label(1, Some("spam"));
        store.set_note(2, "keep");
        store.close_note();
        // 1 already has the label; 9 is out of range; 3 is given twice.
        let changed = store.set_labels(&[0, 1, 2, 3, 3, 9], Some("spam"));
        assert_eq!(changed, [0, 2, 3]);
        assert_eq!(store.labelled_count(), 4);
        assert_eq!(store.decision(2).unwrap().note, "keep", "notes stay");
        assert_eq!(store.undo(), [0, 2, 3]);
        assert_eq!(store.labelled_count(), 1);
        assert_eq!(store.label(1), Some("spam"));
        assert_eq!(store.redo(), [0, 2, 3]);
        assert_eq!(store.labelled_count(), 4);
        assert!(store.set_labels(&[0, 1], Some("spam")).is_empty());
        assert_eq!(store.undo(), [0, 2, 3], "no empty step was logged");
        // Each its own label, still one step.
        let changed = store.set_each(&[(0, Some("approve")), (1, None), (4, Some("insult"))]);
        assert_eq!(changed, [0, 1, 4]);
        assert_eq!(
            (store.label(0), store.label(1), store.label(4)),
            (Some("approve"), None, Some("insult"))
        );
        assert_eq!(store.undo(), [0, 1, 4]);
        assert_eq!(store.label(1), Some("spam"));
    }

    #[test]
    fn typing_a_note_is_one_undo_step() {
        let mut store = LabelStore::new(2);
        store.set_label(0, Some("insult"));
        for note in ["r", "ru", "rud", "rude"] {
            store.set_note(0, note);
        }
        store.close_note();
        assert_eq!(store.decision(0).unwrap().note, "rude");
        store.undo();
        assert_eq!(
            store.decision(0).unwrap(),
            &Decision {
                label: Some("insult".into()),
                note: String::new()
            }
        );
        store.undo();
        assert_eq!(store.decision(0).unwrap(), &Decision::default());
        assert!(
            !store.set_label(7, Some("x")),
            "out of range is not a change"
        );
    }
}
