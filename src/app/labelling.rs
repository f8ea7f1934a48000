//! Labels given from the desk: one comment or many in one undo step, each
//! change written to the journal at once so none is lost.

use super::ThreadmodApp;
use crate::desk::state::{Filter, LabelMeta};
use crate::labels::journal;

impl ThreadmodApp {
    /// Appends the decision on comment `i` to the journal.
    pub(super) fn record(&mut self, i: usize, seconds: Option<f64>) {
        self.record_all(&[i], seconds);
    }

    /// Appends the decisions on `comments` to the journal, one event each,
    /// and counts the labels once (per comment, a bulk decision on a large
    /// thread would walk it once per comment).
    pub(super) fn record_all(&mut self, comments: &[usize], seconds: Option<f64>) {
        if self.doc.is_none() || comments.is_empty() {
            return;
        }
        for &i in comments {
            self.append_event(i, seconds);
        }
        if let Some(doc) = &mut self.doc {
            doc.recount_labels_of(comments);
        }
        self.summary = None;
    }

    pub(super) fn append_event(&mut self, i: usize, seconds: Option<f64>) {
        let moderator = self.settings.moderator.clone();
        let Some(doc) = &mut self.doc else {
            return;
        };
        let decision = doc.labels.decision(i).cloned().unwrap_or_default();
        let event = journal::event_for(&doc.thread, i, &decision, &moderator, seconds);
        doc.label_meta[i] =
            (decision.label.is_some() || !decision.note.is_empty()).then(|| LabelMeta {
                moderator,
                at: event.at.clone(),
                seconds,
            });
        doc.changed_since_export = true;
        let result = doc.journal.as_mut().map(|j| j.append(&event));
        if let Some(Err(e)) = result {
            self.show_error(
                "Could not save the label to the journal",
                format!("{e}. The label is kept in this window; export to keep it."),
            );
        }
    }

    pub(super) fn apply_label(&mut self, index: usize) {
        let Some(name) = self.labels.labels.get(index).map(|l| l.name.clone()) else {
            return;
        };
        if self.view.marked.is_empty() {
            self.set_label(Some(name));
        } else {
            let chosen = self.view.chosen();
            self.label_comments(&chosen, index);
        }
    }

    /// One label on many comments: one undo step, and every change still
    /// goes to the journal one event at a time, so a crash loses none.
    pub(super) fn label_comments(&mut self, comments: &[usize], index: usize) {
        let label = self.labels.labels.get(index).map(|l| l.name.clone());
        self.set_labels(comments, label);
    }

    pub(super) fn set_labels(&mut self, comments: &[usize], label: Option<String>) {
        let Some(doc) = &mut self.doc else {
            return;
        };
        let changed = doc.labels.set_labels(comments, label.as_deref());
        self.record_all(&changed, None);
        self.view.marked.clear();
        let n = changed.len();
        if n > 1 {
            let what = label.as_deref().unwrap_or("no label");
            self.show_notice(
                format!("{n} comments labelled {what}"),
                "One undo (Ctrl+Z) takes them all back.",
            );
        }
        self.after_labelling();
    }

    /// Gives each selected comment the label the rules suggest for it, as
    /// one undo step.
    pub(super) fn accept_suggestions(&mut self) {
        let Some(doc) = &mut self.doc else {
            return;
        };
        let labels = &self.labels;
        let suggested: Vec<(usize, Option<&str>)> = self
            .view
            .chosen()
            .into_iter()
            .filter_map(|i| {
                let k = doc.suggestion(i, labels)?;
                Some((i, labels.labels.get(k).map(|l| l.name.as_str())))
            })
            .collect();
        let changed = doc.labels.set_each(&suggested);
        self.record_all(&changed, None);
        self.view.marked.clear();
        if changed.len() > 1 {
            self.show_notice(
                format!("{} comments given the suggested label", changed.len()),
                "One undo (Ctrl+Z) takes them all back.",
            );
        }
        self.after_labelling();
    }

    /// Lists everything `author` wrote, keeping the cursor on their comment.
    pub(super) fn show_author(&mut self, author: String) {
        self.view.filter = Filter::Author(author);
        self.view.search.clear();
        self.view.marked.clear();
        self.refresh_rows();
    }

    pub(super) fn set_label(&mut self, label: Option<String>) {
        let (Some(doc), Some(selected)) = (&mut self.doc, self.view.selected) else {
            return;
        };
        let next_row = self
            .view
            .row_of(selected)
            .and_then(|r| self.view.rows.get(r + 1).copied());
        let changed = doc.labels.set_label(selected, label.as_deref());
        if changed {
            let seconds = (self.selected_since.0 == Some(selected))
                .then(|| (self.selected_since.1.elapsed().as_secs_f64() * 10.0).round() / 10.0);
            self.record(selected, seconds);
        }
        let advance = self.settings.advance_after_label && label.is_some() && changed;
        if advance {
            if let Some(next) = next_row {
                self.view.selected = Some(next);
            }
        }
        self.after_labelling();
    }

    /// The list after labels changed: built again only when the filter
    /// shows comments by their labels (a 100k thread's rows cost
    /// milliseconds); the selection is kept in view either way.
    fn after_labelling(&mut self) {
        if self.view.filter.depends_on_labels() {
            self.refresh_rows();
        } else {
            self.view.scroll_to_selected = true;
        }
    }
}
