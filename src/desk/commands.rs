//! Every action the moderator can take. One list supplies the menu text, the
//! tooltip and the keyboard shortcut, so menus, buttons and the shortcut
//! overlay never disagree.

use std::path::PathBuf;

use egui::{Key, KeyboardShortcut, Modifiers};

use super::state::Filter;
use super::view::SelectMode;

/// The fixed commands (label commands come from the label set).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum UiCommand {
    Open,
    Export,
    LoadRules,
    ReloadRules,
    LearnFromLabels,
    PreviousRules,
    Quit,
    Undo,
    Redo,
    Next,
    Previous,
    First,
    Last,
    PageDown,
    PageUp,
    Collapse,
    Expand,
    NextFlagged,
    AcceptSuggestion,
    ClearLabel,
    EditNote,
    OpenOnSite,
    CopyId,
    Search,
    ToggleArticle,
    ToggleParent,
    ToggleAdvance,
    AuthorView,
    ExtendDown,
    ExtendUp,
    SelectSubthread,
    SelectAllShown,
    ClearSelection,
    PendingQueue,
    DisagreementsQueue,
    Summary,
    Help,
}

impl UiCommand {
    pub const ALL: &'static [UiCommand] = &[
        UiCommand::Open,
        UiCommand::Export,
        UiCommand::LoadRules,
        UiCommand::ReloadRules,
        UiCommand::LearnFromLabels,
        UiCommand::PreviousRules,
        UiCommand::Quit,
        UiCommand::Undo,
        UiCommand::Redo,
        UiCommand::Next,
        UiCommand::Previous,
        UiCommand::First,
        UiCommand::Last,
        UiCommand::PageDown,
        UiCommand::PageUp,
        UiCommand::Collapse,
        UiCommand::Expand,
        UiCommand::NextFlagged,
        UiCommand::AcceptSuggestion,
        UiCommand::ClearLabel,
        UiCommand::EditNote,
        UiCommand::OpenOnSite,
        UiCommand::CopyId,
        UiCommand::Search,
        UiCommand::ToggleArticle,
        UiCommand::ToggleParent,
        UiCommand::ToggleAdvance,
        UiCommand::AuthorView,
        UiCommand::ExtendDown,
        UiCommand::ExtendUp,
        UiCommand::SelectSubthread,
        UiCommand::SelectAllShown,
        UiCommand::ClearSelection,
        UiCommand::PendingQueue,
        UiCommand::DisagreementsQueue,
        UiCommand::Summary,
        UiCommand::Help,
    ];

    pub fn text(self) -> &'static str {
        match self {
            UiCommand::Open => "Open…",
            UiCommand::Export => "Export CSV…",
            UiCommand::LoadRules => "Load rules…",
            UiCommand::ReloadRules => "Reload rules",
            UiCommand::LearnFromLabels => "Learn from my labels…",
            UiCommand::PreviousRules => "Back to the rules before learning",
            UiCommand::Quit => "Quit",
            UiCommand::Undo => "Undo",
            UiCommand::Redo => "Redo",
            UiCommand::Next => "Next comment",
            UiCommand::Previous => "Previous comment",
            UiCommand::First => "First comment",
            UiCommand::Last => "Last comment",
            UiCommand::PageDown => "A page down",
            UiCommand::PageUp => "A page up",
            UiCommand::Collapse => "Collapse / go to parent",
            UiCommand::Expand => "Expand / go to first reply",
            UiCommand::NextFlagged => "Next in the queue",
            UiCommand::AcceptSuggestion => "Accept suggestion",
            UiCommand::ClearLabel => "Clear label",
            UiCommand::EditNote => "Write a note",
            UiCommand::OpenOnSite => "Open on site",
            UiCommand::CopyId => "Copy id",
            UiCommand::Search => "Search",
            UiCommand::ToggleArticle => "Show article",
            UiCommand::ToggleParent => "Show parent comment",
            UiCommand::ToggleAdvance => "Move on after labelling",
            UiCommand::AuthorView => "Everything by this author",
            UiCommand::ExtendDown => "Extend the selection down",
            UiCommand::ExtendUp => "Extend the selection up",
            UiCommand::SelectSubthread => "Select the sub-thread",
            UiCommand::SelectAllShown => "Select everything shown",
            UiCommand::ClearSelection => "Select one comment again",
            UiCommand::PendingQueue => "Pending queue",
            UiCommand::DisagreementsQueue => "Disagreements queue",
            UiCommand::Summary => "Summary of the work",
            UiCommand::Help => "Keyboard shortcuts",
        }
    }

    pub fn tooltip(self) -> &'static str {
        match self {
            UiCommand::Open => "Open an article file (text page with its comments)",
            UiCommand::Export => "Write every comment with its flags, label and note as CSV",
            UiCommand::LoadRules => "Check the thread with another rules file; labels stay",
            UiCommand::ReloadRules => "Read the rules file again and show which flags changed",
            UiCommand::LearnFromLabels => {
                "Re-fit the insult score to your labels in this article, show precision and \
                 recall before and after, and ask before using it"
            }
            UiCommand::PreviousRules => {
                "Check the thread with the rules that were in use before the learned ones"
            }
            UiCommand::Quit => "Close threadmod",
            UiCommand::Undo => "Undo the last label or note change",
            UiCommand::Redo => "Redo what was undone",
            UiCommand::Next => "Select the next comment in the list",
            UiCommand::Previous => "Select the previous comment in the list",
            UiCommand::First => "Select the first comment in the list",
            UiCommand::Last => "Select the last comment in the list",
            UiCommand::PageDown => "Select the comment a screenful further down the list",
            UiCommand::PageUp => "Select the comment a screenful further up the list",
            UiCommand::Collapse => "Fold the replies away, or go to the parent comment",
            UiCommand::Expand => "Unfold the replies, or go to the first reply",
            UiCommand::NextFlagged => {
                "Jump to the next comment of the queue shown, else to the next flagged one \
                 without a label"
            }
            UiCommand::AcceptSuggestion => {
                "Give the label the rules suggest (approve when nothing fired)"
            }
            UiCommand::ClearLabel => "Remove the label from the selected comment",
            UiCommand::EditNote => "Type in the selected comment's note; Esc goes back to the list",
            UiCommand::OpenOnSite => {
                "Open the selected comment on its site, in the browser, to act on it there"
            }
            UiCommand::CopyId => {
                "Copy the selected comment's id on its platform (its position when it has none)"
            }
            UiCommand::Search => "Type to show only comments containing the text",
            UiCommand::ToggleArticle => "Show or hide the article beside the thread",
            UiCommand::ToggleParent => "Show or hide the comment being answered",
            UiCommand::ToggleAdvance => "After labelling, select the next comment automatically",
            UiCommand::AuthorView => {
                "List every comment the selected comment's author wrote in this article; \
                 again to see all comments"
            }
            UiCommand::ExtendDown => "Add the next comment to the selection (for one label on all)",
            UiCommand::ExtendUp => "Add the previous comment to the selection",
            UiCommand::SelectSubthread => "Select the comment and every reply below it",
            UiCommand::SelectAllShown => "Select every comment the list shows now",
            UiCommand::ClearSelection => "Forget the selected comments; keep the current one",
            UiCommand::PendingQueue => {
                "Show flagged comments without a label, in thread order; n walks them"
            }
            UiCommand::DisagreementsQueue => {
                "Show comments that moderators of a merged journal labelled differently; n walks them"
            }
            UiCommand::Summary => {
                "Labels and flags per category, how often each rule was right, time spent"
            }
            UiCommand::Help => "Show every keyboard shortcut",
        }
    }

    /// Shortcuts, most specific first; the first one is shown in menus.
    pub fn shortcuts(self) -> &'static [KeyboardShortcut] {
        macro_rules! k {
            ($modifiers:expr, $key:expr) => {
                KeyboardShortcut {
                    modifiers: $modifiers,
                    logical_key: $key,
                }
            };
        }
        const CMD_SHIFT: Modifiers = Modifiers::COMMAND.plus(Modifiers::SHIFT);
        match self {
            UiCommand::Open => &[k!(Modifiers::COMMAND, Key::O)],
            UiCommand::Export => &[k!(Modifiers::COMMAND, Key::E)],
            UiCommand::LoadRules => &[k!(CMD_SHIFT, Key::R)],
            UiCommand::ReloadRules => &[k!(Modifiers::COMMAND, Key::R)],
            UiCommand::LearnFromLabels => &[k!(Modifiers::COMMAND, Key::L)],
            UiCommand::PreviousRules => &[],
            UiCommand::Quit => &[k!(Modifiers::COMMAND, Key::Q)],
            UiCommand::Undo => &[k!(Modifiers::COMMAND, Key::Z)],
            UiCommand::Redo => &[k!(CMD_SHIFT, Key::Z), k!(Modifiers::COMMAND, Key::Y)],
            UiCommand::Next => &[
                k!(Modifiers::NONE, Key::J),
                k!(Modifiers::NONE, Key::ArrowDown),
            ],
            UiCommand::Previous => &[
                k!(Modifiers::NONE, Key::K),
                k!(Modifiers::NONE, Key::ArrowUp),
            ],
            UiCommand::Collapse => &[
                k!(Modifiers::NONE, Key::ArrowLeft),
                k!(Modifiers::NONE, Key::H),
            ],
            UiCommand::Expand => &[
                k!(Modifiers::NONE, Key::ArrowRight),
                k!(Modifiers::NONE, Key::L),
            ],
            UiCommand::First => &[k!(Modifiers::NONE, Key::Home)],
            UiCommand::Last => &[k!(Modifiers::NONE, Key::End)],
            UiCommand::PageDown => &[k!(Modifiers::NONE, Key::PageDown)],
            UiCommand::PageUp => &[k!(Modifiers::NONE, Key::PageUp)],
            UiCommand::NextFlagged => &[k!(Modifiers::NONE, Key::N)],
            UiCommand::AcceptSuggestion => &[k!(Modifiers::NONE, Key::Enter)],
            UiCommand::ClearLabel => &[
                k!(Modifiers::NONE, Key::Num0),
                k!(Modifiers::NONE, Key::Backspace),
            ],
            // i as in vi's insert, beside j/k/h/l.
            UiCommand::EditNote => &[k!(Modifiers::NONE, Key::I)],
            // With modifiers: a plain letter may be a label's key.
            UiCommand::OpenOnSite => &[k!(CMD_SHIFT, Key::O)],
            UiCommand::CopyId => &[k!(CMD_SHIFT, Key::I)],
            UiCommand::Search => &[
                k!(Modifiers::NONE, Key::Slash),
                k!(Modifiers::COMMAND, Key::F),
            ],
            UiCommand::ToggleArticle => &[k!(Modifiers::NONE, Key::A)],
            UiCommand::ToggleParent => &[k!(Modifiers::NONE, Key::P)],
            UiCommand::ToggleAdvance => &[],
            UiCommand::AuthorView => &[k!(Modifiers::NONE, Key::U)],
            UiCommand::ExtendDown => &[
                k!(Modifiers::SHIFT, Key::J),
                k!(Modifiers::SHIFT, Key::ArrowDown),
            ],
            UiCommand::ExtendUp => &[
                k!(Modifiers::SHIFT, Key::K),
                k!(Modifiers::SHIFT, Key::ArrowUp),
            ],
            UiCommand::SelectSubthread => &[k!(Modifiers::NONE, Key::T)],
            UiCommand::SelectAllShown => &[k!(Modifiers::COMMAND, Key::A)],
            // Esc clears the selection only once overlays, fields and messages are closed.
            UiCommand::ClearSelection => &[],
            UiCommand::PendingQueue => &[k!(Modifiers::SHIFT, Key::P)],
            UiCommand::DisagreementsQueue => &[k!(Modifiers::SHIFT, Key::D)],
            UiCommand::Summary => &[k!(Modifiers::NONE, Key::S)],
            UiCommand::Help => &[
                k!(Modifiers::NONE, Key::Questionmark),
                k!(Modifiers::NONE, Key::F1),
            ],
        }
    }

    /// The order shortcuts are tried in: ones with more modifiers first,
    /// since egui lets Ctrl+Shift+Z also match Ctrl+Z.
    pub fn by_specificity() -> Vec<(UiCommand, KeyboardShortcut)> {
        let mut all: Vec<(UiCommand, KeyboardShortcut)> = UiCommand::ALL
            .iter()
            .flat_map(|&c| c.shortcuts().iter().map(move |&s| (c, s)))
            .collect();
        all.sort_by_key(|(_, s)| {
            let m = s.modifiers;
            std::cmp::Reverse(u8::from(m.shift) + u8::from(m.alt) + u8::from(m.command || m.ctrl))
        });
        all
    }
}

/// Anything that changes the app's state, applied at the end of the frame.
#[derive(Debug, Clone, PartialEq)]
pub enum Command {
    Ui(UiCommand),
    /// Give the selected comment the label at this index of the label set.
    Label(usize),
    OpenPath(PathBuf),
    /// Open another thread of the same export (Disqus).
    OpenThread(String),
    OpenSample,
    Select(usize),
    /// A click on a row, with what its modifiers do to the selection.
    ClickRow(usize, SelectMode),
    /// List everything this author wrote.
    ShowAuthor(String),
    /// Give every comment by the author of the author view the label at
    /// this index of the label set, as one undo step.
    LabelAuthor(usize),
    CloseSummary,
    /// The moderator typed their name in the first-start prompt.
    ConfirmModerator(String),
    ToggleCollapsed(usize),
    SetFilter(Filter),
    /// The search text, as typed.
    SetSearch(String),
    /// The moderator's name, as typed under View.
    SetModerator(String),
    /// The note of a comment changed (typing).
    SetNote(usize, String),
    /// The note field lost focus: the next typing is a new undo step.
    CloseNote,
    DismissMessage,
    CloseRulesDiff,
    /// What has been typed so far in the first-start name prompt.
    TypeModeratorName(String),
    /// The `?` overlay's window was closed with its ✖.
    CloseHelp,
    /// The search or the note field has taken the keyboard focus asked for.
    SearchFocused,
    NoteFocused,
    /// The list scrolled to show this selection.
    ScrolledTo(Option<usize>),
    /// The list was laid out: its scroll offset, its height, and how many
    /// rows a page holds (for PageUp/PageDown).
    ListLaidOut {
        offset: f32,
        height: f32,
        page_rows: usize,
    },
    /// Replace the rules in use by the ones just learned.
    UseLearnedRules,
    /// Keep the rules in use; forget what was learned.
    DiscardLearnedRules,
}

impl From<UiCommand> for Command {
    fn from(c: UiCommand) -> Self {
        Command::Ui(c)
    }
}
