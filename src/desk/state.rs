//! What the app knows: the open document, how the moderator is looking at it
//! (filter, search, folded replies, selection) and the settings kept across runs.

use std::path::PathBuf;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use super::search::contains_ignoring_case;
use crate::labels::journal::{Event, JournalWriter};
use crate::labels::{LabelSet, LabelStore};
use crate::rules::{CheckedThread, RuleSet};
use crate::thread::Thread;

/// Settings remembered across runs.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(default)]
pub struct Settings {
    /// Most recent first.
    pub recent_files: Vec<PathBuf>,
    /// After a label key, select the next comment in the list.
    pub advance_after_label: bool,
    pub show_article: bool,
    pub show_parent: bool,
    /// Written into every journal event and export row.
    pub moderator: String,
    /// The moderator has confirmed their name once; until then the app asks
    /// at start, so no journal gets events without a name.
    pub moderator_confirmed: bool,
    /// The rules file chosen in the app (loaded or learned), used at the
    /// next start when none is given; None for the built-in rules.
    pub rules_file: Option<PathBuf>,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            recent_files: Vec::new(),
            advance_after_label: true,
            show_article: true,
            show_parent: true,
            moderator: std::env::var("USER")
                .or_else(|_| std::env::var("USERNAME"))
                .unwrap_or_default(),
            moderator_confirmed: false,
            rules_file: None,
        }
    }
}

impl Settings {
    pub const MAX_RECENT: usize = 10;

    pub fn remember(&mut self, path: PathBuf) {
        self.recent_files.retain(|p| p != &path);
        self.recent_files.insert(0, path);
        self.recent_files.truncate(Self::MAX_RECENT);
    }
}

/// Which comments the list shows.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Filter {
    #[default]
    All,
    Flagged,
    Unlabelled,
    Label(String),
    Category(String),
    /// Everything one author wrote in this article.
    Author(String),
    /// The queue of work left: flagged and not labelled yet.
    Pending,
    /// The queue after a merge: comments moderators labelled differently.
    Disagreements,
}

impl Filter {
    pub fn title(&self) -> String {
        match self {
            Filter::All => "All".into(),
            Filter::Flagged => "Flagged".into(),
            Filter::Unlabelled => "Unlabelled".into(),
            Filter::Label(l) => format!("Labelled {l}"),
            Filter::Category(c) => format!("Flag {c}"),
            Filter::Author(a) => format!("By {}", author_name(a)),
            Filter::Pending => "Pending".into(),
            Filter::Disagreements => "Disagreements".into(),
        }
    }

    /// Whether a label given or taken changes what the filter shows.
    pub fn depends_on_labels(&self) -> bool {
        matches!(
            self,
            Filter::Unlabelled | Filter::Label(_) | Filter::Pending
        )
    }

    /// A queue is walked with `n`; the other filters only narrow the list.
    pub fn is_queue(&self) -> bool {
        matches!(self, Filter::Pending | Filter::Disagreements)
    }
}

/// How an author is shown: the platform leaves some comments unsigned.
pub fn author_name(author: &str) -> &str {
    if author.is_empty() {
        "anonymous"
    } else {
        author
    }
}

/// An open article with its findings and labels.
pub struct Document {
    /// None for the bundled sample.
    pub path: Option<PathBuf>,
    pub name: String,
    /// Shared with the jobs that check or export it: a thread of 100,000
    /// comments is not copied for each.
    pub thread: Arc<Thread>,
    /// Replaced whole when the rules run again; shared with an export job
    /// instead of copied (the findings of 100,000 comments take tens of MB).
    pub checked: Arc<CheckedThread>,
    pub rules: RuleSet,
    /// Where the rules came from, when not built in (for Reload).
    pub rules_path: Option<PathBuf>,
    pub labels: LabelStore,
    pub children: Vec<Vec<usize>>,
    /// Replies at any depth below each comment.
    pub descendants: Vec<usize>,
    /// Where the CSV was last written, and whether labels changed since.
    pub exported_to: Option<PathBuf>,
    pub changed_since_export: bool,
    /// Counts for the filter bar, kept current by [`Document::refresh_counts`]
    /// so drawing a frame never walks the whole thread.
    pub counts: Counts,
    /// Where every label change is appended; None when it could not be opened.
    pub journal: Option<JournalWriter>,
    pub journal_path: Option<PathBuf>,
    /// Who labelled each comment, when, after how many seconds (for the CSV).
    pub label_meta: Vec<Option<LabelMeta>>,
    /// Labels by every moderator in the journal, when there are several.
    pub others: Vec<Vec<(String, Option<String>)>>,
    /// Journal labels whose comment is no longer in the article.
    pub orphans: Vec<Event>,
    /// The rules are still running on this thread.
    pub checking: bool,
}

pub use crate::review::LabelMeta;

/// How many comments each filter shows.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Counts {
    pub flagged: usize,
    pub unlabelled: usize,
    /// Flagged and unlabelled.
    pub pending: usize,
    /// Comments that moderators of a merged journal labelled differently.
    pub disagreements: usize,
    /// Flag categories in rule order, with their counts.
    pub categories: Vec<(String, usize)>,
    pub labels: std::collections::HashMap<String, usize>,
    /// The label each comment was counted under, so a label change
    /// recounts only the comments it touched.
    counted_as: Vec<Option<String>>,
}

impl Document {
    pub fn new(
        path: Option<PathBuf>,
        thread: Arc<Thread>,
        checked: CheckedThread,
        rules: RuleSet,
        rules_path: Option<PathBuf>,
    ) -> Document {
        let n = thread.comments.len();
        let mut children = vec![Vec::new(); n];
        for (i, c) in thread.comments.iter().enumerate() {
            if let Some(p) = c.parent {
                children[p].push(i);
            }
        }
        // Children come after parents, so one backward pass sums subtrees.
        let mut descendants = vec![0usize; n];
        for i in (0..n).rev() {
            if let Some(p) = thread.comments[i].parent {
                descendants[p] += descendants[i] + 1;
            }
        }
        let name = path.as_ref().map_or_else(
            || "sample article".to_string(),
            |p| {
                p.file_name().map_or_else(
                    || p.display().to_string(),
                    |f| f.to_string_lossy().into_owned(),
                )
            },
        );
        Document {
            path,
            name,
            labels: LabelStore::new(n),
            thread,
            checked: Arc::new(checked),
            rules,
            rules_path,
            children,
            descendants,
            exported_to: None,
            changed_since_export: false,
            counts: Counts::default(),
            journal: None,
            journal_path: None,
            label_meta: vec![None; n],
            others: vec![Vec::new(); n],
            orphans: Vec::new(),
            checking: false,
        }
        .with_counts()
    }

    fn with_counts(mut self) -> Document {
        self.refresh_counts();
        self
    }

    /// Recounts after labels or rules changed.
    pub fn refresh_counts(&mut self) {
        let mut counts = Counts::default();
        for i in 0..self.len() {
            let cats = self.checked.categories(i);
            if !cats.is_empty() {
                counts.flagged += 1;
            }
            for c in cats {
                match counts.categories.iter_mut().find(|(name, _)| name == c) {
                    Some((_, n)) => *n += 1,
                    None => counts.categories.push((c.to_string(), 1)),
                }
            }
        }
        counts.disagreements = (0..self.len()).filter(|&i| self.disagrees(i)).count();
        self.counts = counts;
        self.refresh_label_counts();
    }

    /// The label counts alone: a label changes them, not the flags (and
    /// counting flags again would cost a 100k thread's frame milliseconds).
    pub fn refresh_label_counts(&mut self) {
        let mut labels: std::collections::HashMap<String, usize> = Default::default();
        let mut unlabelled = 0;
        let mut pending = 0;
        let mut counted_as = Vec::with_capacity(self.len());
        for i in 0..self.len() {
            if self.labels.label(i).is_none() && self.is_flagged(i) {
                pending += 1;
            }
            match self.labels.label(i) {
                Some(l) => match labels.get_mut(l) {
                    Some(n) => *n += 1,
                    None => {
                        labels.insert(l.to_string(), 1);
                    }
                },
                None => unlabelled += 1,
            }
            counted_as.push(self.labels.label(i).map(str::to_string));
        }
        self.counts.labels = labels;
        self.counts.unlabelled = unlabelled;
        self.counts.pending = pending;
        self.counts.counted_as = counted_as;
    }

    /// The label counts after the labels of `comments` changed: only those
    /// comments are counted again, so labelling one comment of a 100k
    /// thread does not walk the thread.
    pub fn recount_labels_of(&mut self, comments: &[usize]) {
        if self.counts.counted_as.len() != self.len() {
            self.refresh_label_counts();
            return;
        }
        for &i in comments {
            let Some(before) = self.counts.counted_as.get(i).cloned() else {
                continue;
            };
            let now = self.labels.label(i).map(str::to_string);
            if before == now {
                continue;
            }
            let flagged = self.is_flagged(i);
            let counts = &mut self.counts;
            match &before {
                Some(l) => {
                    if let Some(n) = counts.labels.get_mut(l) {
                        *n -= 1;
                        if *n == 0 {
                            counts.labels.remove(l);
                        }
                    }
                }
                None => {
                    counts.unlabelled -= 1;
                    counts.pending -= usize::from(flagged);
                }
            }
            match &now {
                Some(l) => *counts.labels.entry(l.clone()).or_insert(0) += 1,
                None => {
                    counts.unlabelled += 1;
                    counts.pending += usize::from(flagged);
                }
            }
            counts.counted_as[i] = now;
        }
    }

    /// Moderators of a merged journal gave comment `i` different labels.
    pub fn disagrees(&self, i: usize) -> bool {
        let Some(others) = self.others.get(i) else {
            return false;
        };
        others.iter().any(|(_, label)| *label != others[0].1)
    }

    /// Comments by `author`, in thread order.
    pub fn by_author(&self, author: &str) -> Vec<usize> {
        (0..self.len())
            .filter(|&i| self.thread.comments[i].author == author)
            .collect()
    }

    /// Comment `i` and every reply below it, in thread order (children come
    /// right after their parent, so a sub-thread is one run of indices).
    pub fn subthread(&self, i: usize) -> std::ops::RangeInclusive<usize> {
        i..=i + self.descendants.get(i).copied().unwrap_or(0)
    }

    pub fn len(&self) -> usize {
        self.thread.comments.len()
    }

    pub fn is_empty(&self) -> bool {
        self.thread.comments.is_empty()
    }

    pub fn is_flagged(&self, i: usize) -> bool {
        !self.checked.findings[i].is_empty()
    }

    /// The label to suggest: "spam" or "remove" for what the platform marked
    /// spam or deleted; else the first flag that names a label, "remove" for
    /// any other flag, "approve" when nothing fired.
    pub fn suggestion(&self, i: usize, labels: &LabelSet) -> Option<usize> {
        let pick = |name: &str| labels.labels.iter().position(|l| l.name == name);
        // What the platform already decided comes first.
        match self.thread.comments[i].status {
            crate::thread::CommentStatus::Spam => return pick("spam").or_else(|| pick("remove")),
            crate::thread::CommentStatus::Deleted | crate::thread::CommentStatus::Removed => {
                return pick("remove");
            }
            crate::thread::CommentStatus::Visible => {}
        }
        let cats = self.checked.categories(i);
        if cats.is_empty() {
            return pick("approve");
        }
        cats.iter().find_map(|c| pick(c)).or_else(|| pick("remove"))
    }

    pub fn matches(&self, i: usize, filter: &Filter, search: &str) -> bool {
        let ok = match filter {
            Filter::All => true,
            Filter::Flagged => self.is_flagged(i),
            Filter::Unlabelled => self.labels.label(i).is_none(),
            Filter::Label(l) => self.labels.label(i) == Some(l.as_str()),
            Filter::Category(c) => self.checked.categories(i).contains(&c.as_str()),
            Filter::Author(a) => self.thread.comments[i].author == *a,
            Filter::Pending => self.is_flagged(i) && self.labels.label(i).is_none(),
            Filter::Disagreements => self.disagrees(i),
        };
        ok && (search.is_empty() || {
            let c = &self.thread.comments[i];
            // An id finds its comment: a position or the platform's own id.
            let id = search.trim();
            c.id == id
                || (!c.source_id().is_empty() && c.source_id() == id)
                || contains_ignoring_case(&c.text, search)
                || contains_ignoring_case(&c.author, search)
        })
    }

    pub fn count(&self, filter: &Filter) -> usize {
        match filter {
            Filter::All => self.len(),
            Filter::Flagged => self.counts.flagged,
            Filter::Unlabelled => self.counts.unlabelled,
            Filter::Label(l) => self.counts.labels.get(l).copied().unwrap_or(0),
            Filter::Category(c) => self
                .counts
                .categories
                .iter()
                .find(|(name, _)| name == c)
                .map_or(0, |(_, n)| *n),
            Filter::Author(a) => self.by_author(a).len(),
            Filter::Pending => self.counts.pending,
            Filter::Disagreements => self.counts.disagreements,
        }
    }

    /// Flag categories used in this thread, in rule order.
    pub fn categories(&self) -> Vec<String> {
        self.counts
            .categories
            .iter()
            .map(|(c, _)| c.clone())
            .collect()
    }

    /// Comment ids from the root down to `i`: "1 › 2 › 2.1".
    pub fn path_of(&self, i: usize) -> Vec<usize> {
        let mut path = vec![i];
        let mut cur = i;
        while let Some(p) = self.thread.comments[cur].parent {
            path.push(p);
            cur = p;
        }
        path.reverse();
        path
    }
}

#[cfg(test)]
mod tests {
    use super::Document;

    #[test]
    fn counting_the_changed_comments_gives_the_full_count() {
        let thread = crate::sample_thread();
        let rules = crate::rules::RuleSet::default_rules().unwrap();
        let checked = crate::rules::check_thread(&rules, &thread);
        let mut doc = Document::new(None, std::sync::Arc::new(thread), checked, rules, None);
        doc.refresh_counts();
        let n = doc.len();
        assert!((0..n).any(|i| doc.is_flagged(i)), "pending is exercised");
        // Labels set, changed and cleared in turn, in a fixed pseudo-random order.
        let names = [Some("insult"), Some("approve"), None, Some("spam")];
        let mut state = 7usize;
        for step in 0..60 {
            state = (state * 31 + 11) % 1009;
            let i = state % n;
            let label = names[(state / 7 + step) % names.len()];
            doc.labels.set_label(i, label);
            doc.recount_labels_of(&[i]);
            let incremental = doc.counts.clone();
            doc.refresh_label_counts();
            assert_eq!(incremental, doc.counts, "after step {step}");
        }
    }
}
