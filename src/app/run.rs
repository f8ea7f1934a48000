//! Applying the commands gathered in a frame: from the keyboard, the
//! panels and the menus.

use std::path::Path;

use super::ThreadmodApp;
use super::dialogs::Picked;
use crate::desk::commands::{Command, UiCommand};
use crate::desk::state::Filter;

impl ThreadmodApp {
    /// Applies the commands gathered this frame.
    pub fn run_commands(&mut self, ctx: &egui::Context) {
        let commands = self.commands.take();
        for command in commands {
            self.run(ctx, command);
        }
        self.refresh_summary(ctx);
    }

    /// Computes the summary when its window is open and the labels or the
    /// flags changed since it was last computed, so an open window costs
    /// nothing on frames where nothing changed.
    fn refresh_summary(&mut self, ctx: &egui::Context) {
        if !self.show_summary {
            self.summary = None;
            return;
        }
        let Some(doc) = &self.doc else {
            return;
        };
        if self.summary.is_none() {
            self.summary = Some(crate::review::summary::Summary::new(
                &doc.thread,
                &doc.checked,
                doc.labels.decisions(),
                &doc.label_meta,
            ));
            ctx.request_repaint();
        }
    }

    pub(super) fn run(&mut self, ctx: &egui::Context, command: Command) {
        match command {
            Command::Ui(ui_command) => self.run_ui_command(ctx, ui_command),
            Command::Label(index) => self.apply_label(index),
            Command::OpenPath(path) => {
                let rules = self.doc.as_ref().and_then(|d| d.rules_path.clone());
                self.parse_options.thread = None;
                self.start_open(ctx, Some(path), rules);
            }
            Command::OpenThread(id) => {
                let Some(doc) = &self.doc else { return };
                let (path, rules) = (doc.path.clone(), doc.rules_path.clone());
                self.parse_options.thread = Some(id);
                self.start_open(ctx, path, rules);
            }
            Command::OpenSample => {
                let rules = self.doc.as_ref().and_then(|d| d.rules_path.clone());
                self.start_open(ctx, None, rules);
            }
            Command::Select(i) => self.view.select_only(i),
            Command::ClickRow(i, mode) => self.view.select_with(i, mode),
            Command::ShowAuthor(author) => self.show_author(author),
            Command::LabelAuthor(index) => {
                let (Some(doc), Filter::Author(author)) = (&self.doc, &self.view.filter) else {
                    return;
                };
                let comments = doc.by_author(author);
                self.label_comments(&comments, index);
            }
            Command::CloseSummary => self.show_summary = false,
            Command::ConfirmModerator(name) => {
                let name = name.trim();
                if !name.is_empty() {
                    self.settings.moderator = name.to_string();
                    self.settings.moderator_confirmed = true;
                    self.moderator_prompt = None;
                }
            }
            Command::ToggleCollapsed(i) => {
                if let Some(doc) = &self.doc {
                    if !self.view.collapsed.remove(&i) && !doc.children[i].is_empty() {
                        self.view.collapsed.insert(i);
                    }
                    self.view.rebuild(doc);
                    self.view.select(i);
                }
            }
            Command::SetFilter(filter) => {
                self.view.filter = filter;
                // Marks made under another filter would be labelled unseen.
                self.view.marked.clear();
                self.refresh_rows();
            }
            Command::SetSearch(search) => {
                self.view.search = search;
                self.refresh_rows();
            }
            Command::SetModerator(name) => self.settings.moderator = name,
            Command::SetNote(i, note) => {
                if let Some(doc) = &mut self.doc
                    && doc.labels.set_note(i, &note)
                {
                    self.record(i, None);
                }
            }
            Command::CloseNote => {
                if let Some(doc) = &mut self.doc {
                    doc.labels.close_note();
                }
            }
            Command::DismissMessage => self.message = None,
            Command::CloseRulesDiff => self.rules_diff = None,
            Command::TypeModeratorName(name) => {
                if self.moderator_prompt.is_some() {
                    self.moderator_prompt = Some(name);
                }
            }
            Command::CloseHelp => self.show_help = false,
            Command::SearchFocused => self.focus_search = false,
            Command::NoteFocused => self.focus_note = false,
            // A selection made after this frame's drawing still needs its scroll.
            Command::ScrolledTo(selected) => {
                if self.view.selected == selected {
                    self.view.scroll_to_selected = false;
                }
            }
            Command::ListLaidOut {
                offset,
                height,
                page_rows,
            } => {
                self.list_viewport = (offset, height);
                self.list_page_rows = page_rows;
            }
            Command::UseLearnedRules => self.use_learned_rules(ctx),
            Command::DiscardLearnedRules => self.learned = None,
        }
    }

    /// Rebuilds the rows and keeps a sensible selection.
    pub(super) fn refresh_rows(&mut self) {
        let Some(doc) = &self.doc else {
            return;
        };
        self.view.rebuild(doc);
        let still_there = self
            .view
            .selected
            .is_some_and(|s| self.view.row_of(s).is_some());
        if !still_there {
            let next = self
                .view
                .selected
                .and_then(|s| self.view.rows.iter().copied().find(|&r| r > s))
                .or_else(|| self.view.rows.last().copied());
            self.view.selected = next;
        }
        self.view.scroll_to_selected = true;
    }

    pub(super) fn move_selection(&mut self, delta: isize) {
        if self.view.rows.is_empty() {
            return;
        }
        let pos = self
            .view
            .selected
            .and_then(|s| self.view.row_of(s))
            .map_or(0, |p| {
                (p as isize + delta).clamp(0, self.view.rows.len() as isize - 1) as usize
            });
        self.view.select_only(self.view.rows[pos]);
    }

    /// A page of rows, less one so the last row seen stays in view.
    pub(super) fn page_step(&self) -> isize {
        self.list_page_rows.saturating_sub(1).max(1) as isize
    }

    pub(super) fn run_ui_command(&mut self, ctx: &egui::Context, command: UiCommand) {
        match command {
            UiCommand::Open => match self.dialogs.open_article() {
                Picked::Path(p) => self.push(Command::OpenPath(p)),
                Picked::Cancelled => {}
                Picked::Unavailable => self.no_dialog(),
            },
            UiCommand::Export => {
                let Some(doc) = &self.doc else {
                    return;
                };
                let suggested = format!(
                    "{}.csv",
                    Path::new(&doc.name)
                        .file_stem()
                        .map_or("thread".into(), |s| s.to_string_lossy())
                );
                match self.dialogs.save_csv(&suggested) {
                    Picked::Path(p) => self.start_export(ctx, p),
                    Picked::Cancelled => {}
                    Picked::Unavailable => self.export_without_dialog(ctx),
                }
            }
            UiCommand::LoadRules => match self.dialogs.open_rules() {
                Picked::Path(p) => self.start_recheck(ctx, Some(p)),
                Picked::Cancelled => {}
                Picked::Unavailable => self.no_dialog(),
            },
            UiCommand::ReloadRules => {
                let path = self.doc.as_ref().and_then(|d| d.rules_path.clone());
                self.start_recheck(ctx, path);
            }
            UiCommand::LearnFromLabels => self.start_learning(ctx),
            UiCommand::PreviousRules => self.back_to_previous_rules(ctx),
            UiCommand::Quit => ctx.send_viewport_cmd(egui::ViewportCommand::Close),
            UiCommand::Undo | UiCommand::Redo => {
                let Some(doc) = &mut self.doc else {
                    return;
                };
                let touched = if command == UiCommand::Undo {
                    doc.labels.undo()
                } else {
                    doc.labels.redo()
                };
                if let Some(&first) = touched.first() {
                    self.view.reveal(doc, first);
                    self.view.rebuild(doc);
                    self.view.select_only(first);
                }
                self.record_all(&touched, None);
            }
            UiCommand::Next => self.move_selection(1),
            UiCommand::Previous => self.move_selection(-1),
            UiCommand::First => {
                if let Some(&first) = self.view.rows.first() {
                    self.view.select_only(first);
                }
            }
            UiCommand::Last => {
                if let Some(&last) = self.view.rows.last() {
                    self.view.select_only(last);
                }
            }
            UiCommand::ExtendDown => self.view.extend_by(1),
            UiCommand::ExtendUp => self.view.extend_by(-1),
            UiCommand::SelectSubthread => {
                let (Some(doc), Some(sel)) = (&self.doc, self.view.selected) else {
                    return;
                };
                self.view.marked = doc.subthread(sel).collect();
                self.view.anchor = Some(sel);
            }
            UiCommand::SelectAllShown => {
                self.view.marked = self.view.rows.iter().copied().collect();
            }
            UiCommand::ClearSelection => {
                self.view.marked.clear();
                self.view.anchor = self.view.selected;
            }
            UiCommand::AuthorView => {
                if matches!(self.view.filter, Filter::Author(_)) {
                    self.push(Command::SetFilter(Filter::All));
                } else if let Some(author) = self.selected_comment().map(|c| c.author.to_string()) {
                    self.show_author(author);
                }
            }
            UiCommand::PendingQueue => self.push(Command::SetFilter(Filter::Pending)),
            UiCommand::DisagreementsQueue => self.push(Command::SetFilter(Filter::Disagreements)),
            UiCommand::Summary => self.show_summary ^= true,
            UiCommand::PageDown => self.move_selection(self.page_step()),
            UiCommand::PageUp => self.move_selection(-self.page_step()),
            UiCommand::EditNote => self.focus_note = self.view.selected.is_some(),
            UiCommand::Collapse | UiCommand::Expand => {
                let (Some(doc), Some(sel)) = (&self.doc, self.view.selected) else {
                    return;
                };
                let has_children = !doc.children[sel].is_empty();
                let folded = self.view.collapsed.contains(&sel);
                if command == UiCommand::Collapse {
                    if has_children && !folded && self.view.is_tree_mode() {
                        self.push(Command::ToggleCollapsed(sel));
                    } else if let Some(p) = doc.thread.comments[sel].parent {
                        self.view.reveal(doc, p);
                        self.view.select(p);
                    }
                } else if has_children && folded {
                    self.push(Command::ToggleCollapsed(sel));
                } else if let Some(&first) = doc.children[sel].first() {
                    self.view.select(first);
                }
            }
            UiCommand::NextFlagged | UiCommand::AcceptSuggestion
                if self.doc.as_ref().is_some_and(|d| d.checking) =>
            {
                self.show_notice(
                    "The rules are still running",
                    "Flags and suggestions appear in a moment.",
                );
            }
            UiCommand::NextFlagged if self.view.filter.is_queue() => self.next_in_list(),
            UiCommand::NextFlagged => self.next_flagged(),
            UiCommand::AcceptSuggestion if !self.view.marked.is_empty() => {
                self.accept_suggestions()
            }
            UiCommand::AcceptSuggestion => {
                let (Some(doc), Some(sel)) = (&self.doc, self.view.selected) else {
                    return;
                };
                if let Some(i) = doc.suggestion(sel, &self.labels) {
                    self.apply_label(i);
                }
            }
            UiCommand::ClearLabel if !self.view.marked.is_empty() => {
                let chosen = self.view.chosen();
                self.set_labels(&chosen, None);
            }
            UiCommand::ClearLabel => self.set_label(None),
            UiCommand::OpenOnSite => {
                let Some(url) = self.selected_comment().map(|c| c.url().to_string()) else {
                    return;
                };
                if url.is_empty() {
                    self.show_notice(
                        "No link for this comment",
                        "The file it came from gives no address for it on its site.",
                    );
                } else {
                    ctx.open_url(egui::OpenUrl::new_tab(url));
                }
            }
            UiCommand::CopyId => {
                let Some(comment) = self.selected_comment() else {
                    return;
                };
                // The platform's id is what its moderation tools take.
                let id = if comment.source_id().is_empty() {
                    &comment.id
                } else {
                    comment.source_id()
                };
                ctx.copy_text(id.to_string());
            }
            UiCommand::Search => self.focus_search = !ctx.egui_wants_keyboard_input(),
            UiCommand::ToggleArticle => self.settings.show_article ^= true,
            UiCommand::ToggleParent => self.settings.show_parent ^= true,
            UiCommand::ToggleAdvance => self.settings.advance_after_label ^= true,
            UiCommand::Help => self.show_help ^= true,
        }
    }

    /// The comment the moderator has selected.
    pub fn selected_comment(&self) -> Option<&crate::thread::Comment> {
        let doc = self.doc.as_ref()?;
        doc.thread.comments.get(self.view.selected?)
    }

    /// Selects the next row after the selection, wrapping around: the walk
    /// through a queue the list shows.
    pub(super) fn next_in_list(&mut self) {
        let Some(&first) = self.view.rows.first() else {
            self.show_notice("Nothing left", "This queue is empty.");
            return;
        };
        let next = self
            .view
            .selected
            .and_then(|s| self.view.rows.iter().copied().find(|&r| r > s))
            .unwrap_or(first);
        self.view.select_only(next);
    }

    /// Selects the next comment that is flagged and has no label, after the
    /// selection, wrapping around; leaves a filter that hides it.
    pub(super) fn next_flagged(&mut self) {
        let Some(doc) = &self.doc else {
            return;
        };
        let n = doc.len();
        let start = self.view.selected.map_or(0, |s| s + 1);
        let target = (0..n)
            .map(|k| (start + k) % n)
            .find(|&i| doc.is_flagged(i) && doc.labels.label(i).is_none());
        let Some(target) = target else {
            self.show_notice("Nothing left", "Every flagged comment has a label.");
            return;
        };
        if !doc.matches(target, &self.view.filter, &self.view.search) {
            self.view.filter = Filter::All;
            self.view.search.clear();
        }
        self.view.reveal(doc, target);
        self.view.rebuild(doc);
        self.view.select_only(target);
    }
}
