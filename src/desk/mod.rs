//! The moderator's desk as data: the open document, how it is viewed, the
//! commands that change it, and [`Desk`], the read-only view the panels
//! ([`crate::ui`]) draw from. The app ([`crate::app`]) owns the state and
//! applies the [`Commands`] the panels and the keyboard give; the panels
//! never see the app itself.

pub mod commands;
pub mod search;
pub mod state;
pub mod view;

use std::time::Duration;

use crate::labels::LabelSet;
use crate::rules::learn::Operating;
use commands::Command;
use state::{Document, Settings};
use view::View;

/// A message in the window: an error that needs reading, or a notice.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    pub is_error: bool,
    pub title: String,
    pub body: String,
}

/// Flags that appeared and disappeared when the rules changed.
#[derive(Debug, Clone, Default)]
pub struct RulesDiff {
    pub rules: String,
    /// (comment, category)
    pub appeared: Vec<(usize, String)>,
    pub disappeared: Vec<(usize, String)>,
}

/// What learning from the moderator's labels produced, waiting for their
/// answer.
#[derive(Debug, Clone)]
pub struct LearnedOffer {
    /// The rules in use, on the moderator's labels.
    pub before: Option<Operating>,
    /// The learned rules, cross-validated on the same labels.
    pub after: Option<Operating>,
    /// How many labelled comments it learned from, and how many insults.
    pub labelled: usize,
    pub insults: usize,
    /// The whole report, as `threadmod learn` prints it.
    pub report: String,
    /// The complete rules file with the learned block.
    pub rules_text: String,
}

/// The background job in progress, as the status bar tells it.
#[derive(Debug, Clone)]
pub struct BusyLine {
    pub what: String,
    /// The step it is on ("checking every comment").
    pub step: String,
    pub elapsed: Duration,
}

/// Everything a panel may read, borrowed from the app for one frame.
pub struct Desk<'a> {
    pub settings: &'a Settings,
    pub labels: &'a LabelSet,
    pub doc: Option<&'a Document>,
    pub view: &'a View,
    pub busy: Option<BusyLine>,
    pub message: Option<&'a Message>,
    pub rules_diff: Option<&'a RulesDiff>,
    pub learned: Option<&'a LearnedOffer>,
    pub show_help: bool,
    pub show_summary: bool,
    /// The summary's figures, computed while its window is open.
    pub summary: Option<&'a crate::review::summary::Summary>,
    /// The first-start prompt for the moderator's name, with what has been
    /// typed so far.
    pub moderator_prompt: Option<&'a str>,
    /// Give keyboard focus to the search field, or the note field.
    pub focus_search: bool,
    pub focus_note: bool,
    /// Last frame's list scroll offset and height, to keep the selection in view.
    pub list_viewport: (f32, f32),
    /// Learned rules are in use and the ones before can come back.
    pub can_go_back_rules: bool,
}

/// The commands gathered in a frame, applied by the app at its end.
#[derive(Debug, Default)]
pub struct Commands(Vec<Command>);

impl Commands {
    pub fn push(&mut self, command: impl Into<Command>) {
        self.0.push(command.into());
    }

    /// The commands gathered so far, in order; none are left.
    pub fn take(&mut self) -> Vec<Command> {
        std::mem::take(&mut self.0)
    }
}

impl Extend<Command> for Commands {
    fn extend<I: IntoIterator<Item = Command>>(&mut self, commands: I) {
        self.0.extend(commands);
    }
}
