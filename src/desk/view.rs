//! How the moderator is looking at the document: filter, search, folded
//! replies, the rows the list shows and the selection.

use std::collections::{BTreeSet, HashSet};

use super::state::{Document, Filter};

/// How the moderator is looking at the document.
#[derive(Debug, Default)]
pub struct View {
    pub filter: Filter,
    pub search: String,
    pub collapsed: HashSet<usize>,
    /// Comment indices of the rows the list shows, in order.
    pub rows: Vec<usize>,
    /// The comment the keys act on (the cursor).
    pub selected: Option<usize>,
    /// Comments chosen for a bulk decision (Shift/Ctrl+click, Shift+j/k, a
    /// sub-thread, everything shown); empty when only the cursor is chosen.
    pub marked: BTreeSet<usize>,
    /// Where a Shift range starts.
    pub anchor: Option<usize>,
    /// Scroll the list so the selection is visible.
    pub scroll_to_selected: bool,
}

/// What a click on a row does to the selection.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SelectMode {
    /// Select this row alone.
    Only,
    /// Ctrl+click: add or remove this row.
    Toggle,
    /// Shift+click: every row from the anchor to this one.
    Range,
}

impl View {
    /// Rebuilds the rows after a filter, search, fold or label change.
    pub fn rebuild(&mut self, doc: &Document) {
        self.rows.clear();
        let tree_mode = self.filter == Filter::All && self.search.is_empty();
        if tree_mode {
            // Skip the subtrees of folded comments.
            let mut i = 0;
            while i < doc.len() {
                self.rows.push(i);
                if self.collapsed.contains(&i) {
                    i += doc.descendants[i] + 1;
                } else {
                    i += 1;
                }
            }
        } else {
            self.rows
                .extend((0..doc.len()).filter(|&i| doc.matches(i, &self.filter, &self.search)));
        }
    }

    pub fn is_tree_mode(&self) -> bool {
        self.filter == Filter::All && self.search.is_empty()
    }

    pub fn row_of(&self, comment: usize) -> Option<usize> {
        self.rows.binary_search(&comment).ok()
    }

    pub fn select(&mut self, comment: usize) {
        self.selected = Some(comment);
        self.scroll_to_selected = true;
    }

    /// Selects `comment` alone: the marks go, and a later Shift range starts here.
    pub fn select_only(&mut self, comment: usize) {
        self.marked.clear();
        self.anchor = Some(comment);
        self.select(comment);
    }

    /// Changes the chosen comments as a click with modifiers does.
    pub fn select_with(&mut self, comment: usize, mode: SelectMode) {
        match mode {
            SelectMode::Only => self.select_only(comment),
            SelectMode::Toggle => {
                if self.marked.is_empty()
                    && let Some(current) = self.selected
                {
                    self.marked.insert(current);
                }
                if !self.marked.remove(&comment) {
                    self.marked.insert(comment);
                }
                self.anchor = Some(comment);
                self.select(comment);
            }
            SelectMode::Range => {
                let anchor = self.anchor.or(self.selected).unwrap_or(comment);
                self.anchor = Some(anchor);
                self.mark_rows_between(anchor, comment);
                self.select(comment);
            }
        }
    }

    /// Marks the rows from `a` to `b` (either order) and nothing else.
    fn mark_rows_between(&mut self, a: usize, b: usize) {
        self.marked.clear();
        let (Some(ra), Some(rb)) = (self.row_of(a), self.row_of(b)) else {
            self.marked.extend([a, b]);
            return;
        };
        let (from, to) = (ra.min(rb), ra.max(rb));
        self.marked.extend(self.rows[from..=to].iter().copied());
    }

    /// Moves the cursor `delta` rows and extends the Shift range to it.
    pub fn extend_by(&mut self, delta: isize) {
        let Some(current) = self.selected else {
            return;
        };
        let Some(row) = self.row_of(current) else {
            return;
        };
        let last = self.rows.len().saturating_sub(1) as isize;
        let target = self.rows[(row as isize + delta).clamp(0, last) as usize];
        self.select_with(target, SelectMode::Range);
    }

    /// The comments a label key acts on: the marked ones, else the cursor.
    pub fn chosen(&self) -> Vec<usize> {
        if self.marked.is_empty() {
            self.selected.into_iter().collect()
        } else {
            self.marked.iter().copied().collect()
        }
    }

    /// Unfolds every ancestor of `comment` so it has a row.
    pub fn reveal(&mut self, doc: &Document, comment: usize) {
        let mut cur = doc.thread.comments[comment].parent;
        let mut changed = false;
        while let Some(p) = cur {
            changed |= self.collapsed.remove(&p);
            cur = doc.thread.comments[p].parent;
        }
        if changed {
            self.rebuild(doc);
        }
    }
}
