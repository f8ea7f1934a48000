//! The moderator's desk: an eframe app over the same library the CLI uses.
//!
//! UI functions never change state directly; they push [`Command`]s that
//! [`ThreadmodApp::run_commands`] applies at the end of the frame. Slow work
//! (opening, re-checking, exporting) runs in [`tasks`].

pub mod dialogs;
pub mod learning;
pub mod tasks;

// The desk's state and commands, under the names the app has always used.
pub use crate::desk::{Message, RulesDiff, commands, state};

use std::path::{Path, PathBuf};

use egui::Key;

use crate::export;
use crate::labels::journal::{self, JournalWriter};
use crate::labels::{Decision, LabelSet};
use crate::review;
use crate::rules;
use crate::ui;
use commands::{Command, UiCommand};
use dialogs::{Dialogs, NativeDialogs, Picked};
use state::{Document, Filter, LabelMeta, Settings, View};
use tasks::{Opened, Outcome, Tasks};

/// How the app starts.
pub struct AppOptions {
    /// The article to open; the bundled sample when None.
    pub file: Option<PathBuf>,
    /// Rules file; the built-in rules when None.
    pub rules: Option<PathBuf>,
    /// Forced format and the thread of a multi-thread export.
    pub parse: crate::parse::ParseOptions,
    /// The labels to give; the built-in set when None.
    pub labels: Option<LabelSet>,
    pub dialogs: Box<dyn Dialogs>,
    /// Read and write settings (recent files…) in eframe's storage.
    pub persist_settings: bool,
    /// Where journals go when the article's folder cannot hold one (and for
    /// the bundled sample). Default: the user's data folder.
    pub data_dir: Option<PathBuf>,
}

impl Default for AppOptions {
    fn default() -> Self {
        AppOptions {
            file: None,
            rules: None,
            parse: crate::parse::ParseOptions::default(),
            labels: None,
            dialogs: Box::new(NativeDialogs),
            persist_settings: true,
            data_dir: None,
        }
    }
}

pub struct ThreadmodApp {
    pub settings: Settings,
    pub labels: LabelSet,
    pub doc: Option<Document>,
    pub view: View,
    pub tasks: Tasks,
    dialogs: Box<dyn Dialogs>,
    pub message: Option<Message>,
    pub rules_diff: Option<RulesDiff>,
    /// Rules learned from the moderator's labels, waiting for a yes or no.
    pub learned: Option<crate::desk::LearnedOffer>,
    /// The rules file in use before the learned rules (None: built-in).
    pub rules_before_learning: Option<Option<PathBuf>>,
    pub show_help: bool,
    pub show_summary: bool,
    /// The first-start prompt for the moderator's name is open, with what
    /// has been typed so far.
    pub moderator_prompt: Option<String>,
    /// Move keyboard focus to the search field next frame.
    pub focus_search: bool,
    /// Move keyboard focus to the note field next frame.
    pub focus_note: bool,
    /// How many rows the list shows at once (for PageUp/PageDown).
    pub list_page_rows: usize,
    commands: crate::desk::Commands,
    persist_settings: bool,
    /// Last frame's list scroll position, to keep the selection in view.
    pub list_viewport: (f32, f32),
    window_title: String,
    data_dir: PathBuf,
    /// How files are read (forced format, chosen thread).
    parse_options: crate::parse::ParseOptions,
    /// When the selected comment was selected, for "seconds spent".
    selected_since: (Option<usize>, std::time::Instant),
}

impl ThreadmodApp {
    pub fn new(cc: &eframe::CreationContext<'_>, options: AppOptions) -> ThreadmodApp {
        ui::fonts::install(&cc.egui_ctx);
        ui::theme::apply(&cc.egui_ctx);
        let settings: Settings = if options.persist_settings {
            cc.storage
                .and_then(|s| eframe::get_value(s, eframe::APP_KEY))
                .unwrap_or_default()
        } else {
            Settings::default()
        };
        // Asked once per installation: settings that are not kept (tests,
        // benches) would ask on every start.
        let moderator_prompt = (options.persist_settings && !settings.moderator_confirmed)
            .then(|| settings.moderator.clone());
        let mut app = ThreadmodApp {
            settings,
            labels: options
                .labels
                .clone()
                .unwrap_or_else(LabelSet::default_labels),
            doc: None,
            view: View::default(),
            tasks: Tasks::default(),
            dialogs: options.dialogs,
            message: None,
            rules_diff: None,
            learned: None,
            rules_before_learning: None,
            show_help: false,
            show_summary: false,
            moderator_prompt,
            focus_search: false,
            focus_note: false,
            list_page_rows: 10,
            commands: crate::desk::Commands::default(),
            persist_settings: options.persist_settings,
            list_viewport: (0.0, 0.0),
            window_title: String::new(),
            data_dir: options
                .data_dir
                .clone()
                .unwrap_or_else(review::default_data_dir),
            parse_options: crate::parse::ParseOptions::default(),
            selected_since: (None, std::time::Instant::now()),
        };
        app.parse_options = options.parse.clone();
        app.start_open(&cc.egui_ctx, options.file, options.rules);
        app
    }

    /// What the panels see this frame.
    pub fn desk(&self) -> crate::desk::Desk<'_> {
        crate::desk::Desk {
            settings: &self.settings,
            labels: &self.labels,
            doc: self.doc.as_ref(),
            view: &self.view,
            busy: self.tasks.busy.as_ref().map(|busy| crate::desk::BusyLine {
                what: busy.what.clone(),
                step: busy.phase.get(),
                elapsed: busy.started.elapsed(),
            }),
            message: self.message.as_ref(),
            rules_diff: self.rules_diff.as_ref(),
            learned: self.learned.as_ref(),
            show_help: self.show_help,
            show_summary: self.show_summary,
            moderator_prompt: self.moderator_prompt.as_deref(),
            focus_search: self.focus_search,
            focus_note: self.focus_note,
            list_viewport: self.list_viewport,
            can_go_back_rules: self.rules_before_learning.is_some(),
        }
    }

    /// True while a file is being opened, re-checked or exported.
    pub fn is_busy(&self) -> bool {
        self.tasks.is_busy()
    }

    pub fn push(&mut self, command: impl Into<Command>) {
        self.commands.push(command.into());
    }

    fn show_error(&mut self, title: impl Into<String>, body: impl Into<String>) {
        self.message = Some(Message {
            is_error: true,
            title: title.into(),
            body: body.into(),
        });
    }

    fn show_notice(&mut self, title: impl Into<String>, body: impl Into<String>) {
        self.message = Some(Message {
            is_error: false,
            title: title.into(),
            body: body.into(),
        });
    }

    /// Starts background work, or says why it cannot start yet.
    fn spawn(
        &mut self,
        ctx: &egui::Context,
        what: String,
        job: impl FnOnce(&tasks::Phase) -> Outcome + Send + 'static,
    ) {
        if !self.tasks.spawn(ctx, what, job) {
            self.show_error(
                "Busy",
                "Wait for the current task to finish, then try again.",
            );
        }
    }

    fn start_open(
        &mut self,
        ctx: &egui::Context,
        path: Option<PathBuf>,
        rules_path: Option<PathBuf>,
    ) {
        let what = match &path {
            Some(p) => format!("Opening {}", p.display()),
            None => "Opening the sample article".to_string(),
        };
        let data_dir = self.data_dir.clone();
        let parse_options = self.parse_options.clone();
        self.spawn(ctx, what, move |phase| {
            phase.set("reading the rules");
            let rules = review::load_rules(rules_path.as_deref());
            let result = rules.and_then(|rules| {
                phase.set("reading and parsing the file");
                let thread = match &path {
                    Some(p) => crate::parse::parse_file_with(p, &parse_options)?,
                    None => crate::sample_thread(),
                };
                let journal_path = review::journal_path(path.as_deref(), &thread, &data_dir);
                if journal_path.exists() {
                    phase.set("replaying the journal");
                }
                // An unreadable journal never blocks opening; it is reported.
                let journal = journal::read(&journal_path).unwrap_or_else(|e| journal::Replay {
                    events: Vec::new(),
                    skipped: vec![(0, e.to_string())],
                });
                Ok((thread, rules, journal_path, journal))
            });
            let (thread, rules, journal_path, journal) = match result {
                Ok(parts) => parts,
                Err(e) => {
                    return Outcome::Opened {
                        path,
                        rules_path,
                        result: Err(e),
                        checking: false,
                    };
                }
            };
            // Show the thread at once; the flags follow when the rules are done.
            let unchecked = rules::CheckedThread::unchecked(thread.comments.len());
            phase.send(Outcome::Opened {
                path,
                rules_path,
                result: Ok(Box::new(Opened {
                    thread: thread.clone(),
                    checked: unchecked,
                    rules: rules.clone(),
                    journal_path,
                    journal,
                })),
                checking: true,
            });
            phase.set("checking every comment");
            Outcome::Checked {
                checked: rules::check_thread(&rules, &thread),
            }
        });
    }

    fn start_recheck(&mut self, ctx: &egui::Context, rules_path: Option<PathBuf>) {
        let Some(doc) = &self.doc else {
            return;
        };
        let thread = doc.thread.clone();
        let what = match &rules_path {
            Some(p) => format!("Checking with {}", p.display()),
            None => "Checking with the built-in rules".to_string(),
        };
        self.spawn(ctx, what, move |phase| {
            phase.set("reading the rules");
            let result = review::load_rules(rules_path.as_deref()).map(|rules| {
                phase.set("checking every comment");
                (rules::check_thread(&rules, &thread), rules)
            });
            Outcome::Rechecked { rules_path, result }
        });
    }

    fn start_export(&mut self, ctx: &egui::Context, path: PathBuf) {
        let Some(doc) = &self.doc else {
            return;
        };
        let thread = doc.thread.clone();
        let checked = doc.checked.clone();
        let labels = review::export_rows(doc.labels.decisions(), &doc.label_meta);
        let rules_hash = doc.rules.hash.clone();
        let what = format!("Exporting to {}", path.display());
        self.spawn(ctx, what, move |phase| {
            phase.set("writing the CSV");
            let result = export::write_file_atomically(&path, |w| {
                export::write_csv(
                    w,
                    &thread,
                    &checked,
                    &labels,
                    &rules_hash,
                    export::CsvOptions::default(),
                )
                .map_err(std::io::Error::other)
            });
            Outcome::Exported { path, result }
        });
    }

    /// With no dialog to ask where, the CSV goes to a fixed place that the
    /// status bar and the notice name.
    fn export_without_dialog(&mut self, ctx: &egui::Context) {
        let Some(doc) = &self.doc else {
            return;
        };
        let path = review::default_export_path(doc.path.as_deref(), &self.data_dir);
        if let Some(folder) = path.parent()
            && let Err(e) = std::fs::create_dir_all(folder)
        {
            self.show_error(
                "Export failed; your labels are still here",
                format!("Could not create {}: {e}", folder.display()),
            );
            return;
        }
        self.start_export(ctx, path);
    }

    fn finish(&mut self, outcome: Outcome) {
        match outcome {
            Outcome::Checked { checked } => {
                if let Some(doc) = &mut self.doc
                    && doc.checking
                    && doc.len() == checked.findings.len()
                {
                    doc.checked = checked;
                    doc.checking = false;
                    doc.refresh_counts();
                    self.view.rebuild(doc);
                }
            }
            Outcome::Opened {
                path,
                rules_path,
                result,
                checking,
            } => match result {
                Ok(opened) => {
                    if let Some(p) = &path {
                        self.settings.remember(p.clone());
                    }
                    let mut warnings = opened.thread.warnings.clone();
                    let mut doc =
                        self.document_with_journal(path, rules_path, *opened, &mut warnings);
                    doc.checking = checking;
                    self.view = View::default();
                    self.view.rebuild(&doc);
                    if let Some(&first) = self.view.rows.first() {
                        self.view.select(first);
                    }
                    self.doc = Some(doc);
                    self.rules_diff = None;
                    self.message = None;
                    if !warnings.is_empty() {
                        self.show_notice("Opened", warnings.join("\n"));
                    }
                }
                Err(e) => {
                    let name =
                        path.map_or("the sample article".into(), |p| p.display().to_string());
                    self.show_error(format!("Could not open {name}"), e.to_string());
                }
            },
            Outcome::Rechecked { rules_path, result } => match (result, &mut self.doc) {
                (Ok((checked, rules)), Some(doc)) => {
                    let mut diff = RulesDiff {
                        rules: rules.source.clone(),
                        ..RulesDiff::default()
                    };
                    for i in 0..doc.len() {
                        let before = doc.checked.categories(i);
                        let after = checked.categories(i);
                        for c in &after {
                            if !before.contains(c) {
                                diff.appeared.push((i, c.to_string()));
                            }
                        }
                        for c in &before {
                            if !after.contains(c) {
                                diff.disappeared.push((i, c.to_string()));
                            }
                        }
                    }
                    doc.checked = checked;
                    doc.rules = rules;
                    doc.rules_path = rules_path;
                    doc.refresh_counts();
                    self.view.rebuild(doc);
                    self.rules_diff = Some(diff);
                }
                (Ok(_), None) => {}
                (Err(e), _) => self.show_error("The rules were not changed", e.to_string()),
            },
            Outcome::Exported { path, result } => match result {
                Ok(()) => {
                    if let Some(doc) = &mut self.doc {
                        doc.exported_to = Some(path.clone());
                        doc.changed_since_export = false;
                        let n = doc.len();
                        let labelled = doc.labels.labelled_count();
                        self.show_notice(
                            "Exported",
                            format!(
                                "{n} comments ({labelled} labelled) written to {}",
                                path.display()
                            ),
                        );
                    }
                }
                Err(e) => {
                    self.show_error("Export failed; your labels are still here", e.to_string())
                }
            },
            Outcome::Learned { result } => match result {
                Ok(offer) => self.learned = Some(*offer),
                Err(e) => self.show_error("Could not learn from your labels", e.to_string()),
            },
        }
    }

    /// Builds the document and restores its labels from the journal.
    fn document_with_journal(
        &mut self,
        path: Option<PathBuf>,
        rules_path: Option<PathBuf>,
        opened: Opened,
        warnings: &mut Vec<String>,
    ) -> Document {
        let Opened {
            thread,
            checked,
            rules,
            journal_path,
            journal: replay,
        } = opened;
        let restored = review::restore(&thread, &replay);
        let others = journal::labels_by_moderator(&thread, &replay.events);
        let mut doc = Document::new(path, thread, checked, rules, rules_path);
        let n = doc.len();
        let review::Restored {
            mut decisions,
            mut meta,
            labelled: restored,
            orphans,
            moved,
            edited,
            problems,
        } = restored;
        decisions.resize(n, Decision::default());
        meta.resize(n, None);
        doc.labels = crate::labels::LabelStore::with_decisions(decisions);
        doc.label_meta = meta;
        doc.others = others;
        doc.refresh_counts();
        let shown = journal_path.display();
        if restored > 0 {
            warnings.push(format!("Restored {restored} labels from {shown}."));
        }
        if edited > 0 {
            warnings.push(format!(
                "{edited} labels kept on comments whose text was edited."
            ));
        }
        if moved > 0 {
            warnings.push(format!(
                "{moved} labels re-attached to comments that moved."
            ));
        }
        for (line, problem) in problems {
            warnings.push(match line {
                Some(l) => format!("{shown}:{l}: {problem}."),
                None => format!("{problem}."),
            });
        }
        doc.orphans = orphans;
        if let Some(dir) = journal_path.parent() {
            let _ = std::fs::create_dir_all(dir);
        }
        match JournalWriter::open(&journal_path) {
            // Frames must not wait for the disk while a moderator labels.
            Ok(w) => doc.journal = Some(w.sync_in_background()),
            Err(e) => warnings.push(format!(
                "Labels will NOT be saved as you go: {e}. Export often."
            )),
        }
        doc.journal_path = Some(journal_path);
        doc
    }

    /// Appends the decision on comment `i` to the journal.
    fn record(&mut self, i: usize, seconds: Option<f64>) {
        self.record_all(&[i], seconds);
    }

    /// Appends the decisions on `comments` to the journal, one event each,
    /// and counts the labels once (per comment, a bulk decision on a large
    /// thread would walk it once per comment).
    fn record_all(&mut self, comments: &[usize], seconds: Option<f64>) {
        if self.doc.is_none() || comments.is_empty() {
            return;
        }
        for &i in comments {
            self.append_event(i, seconds);
        }
        if let Some(doc) = &mut self.doc {
            doc.refresh_label_counts();
        }
    }

    fn append_event(&mut self, i: usize, seconds: Option<f64>) {
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

    /// Turns key presses into commands. Single keys only act when no text
    /// field has focus, so typing a note never labels a comment.
    fn read_keyboard(&mut self, ctx: &egui::Context) {
        if self.has_overlay() {
            self.read_keyboard_under_overlay(ctx);
        } else {
            self.read_desk_keys(ctx);
        }
    }

    /// The desk's keys: shortcuts and label keys when no text field has
    /// focus; Esc leaves a text field, or else forgets the selected
    /// comments, or else dismisses the message.
    fn read_desk_keys(&mut self, ctx: &egui::Context) {
        if !self.view.marked.is_empty()
            && !ctx.egui_wants_keyboard_input()
            && ctx.input_mut(|i| i.consume_key(egui::Modifiers::NONE, Key::Escape))
        {
            self.push(UiCommand::ClearSelection);
            return;
        }
        if self.message.is_some()
            && !ctx.egui_wants_keyboard_input()
            && ctx.input_mut(|i| i.consume_key(egui::Modifiers::NONE, Key::Escape))
        {
            self.message = None;
            return;
        }
        if ctx.egui_wants_keyboard_input() {
            // Escape leaves a text field for the list; nothing else is a shortcut.
            if ctx.input_mut(|i| i.consume_key(egui::Modifiers::NONE, Key::Escape)) {
                ctx.memory_mut(|m| {
                    if let Some(id) = m.focused() {
                        m.surrender_focus(id);
                    }
                });
            }
            return;
        }
        let mut found = Vec::new();
        ctx.input_mut(|input| {
            for (command, shortcut) in UiCommand::by_specificity() {
                let plain = !(shortcut.modifiers.command || shortcut.modifiers.ctrl);
                if plain && (input.modifiers.command || input.modifiers.ctrl || input.modifiers.alt)
                {
                    continue;
                }
                if input.consume_shortcut(&shortcut) {
                    found.push(Command::Ui(command));
                }
            }
            if input.modifiers.command || input.modifiers.ctrl || input.modifiers.alt {
                return;
            }
            for (i, label) in self.labels.labels.iter().enumerate() {
                if let Some(key) = Key::from_name(&label.key.to_string())
                    && input.consume_key(egui::Modifiers::NONE, key)
                {
                    found.push(Command::Label(i));
                }
            }
        });
        self.commands.extend(found);
    }

    /// True while a window floats over the desk: the shortcuts or the
    /// rules change.
    pub fn has_overlay(&self) -> bool {
        self.show_help
            || self.show_summary
            || self.rules_diff.is_some()
            || self.learned.is_some()
            || self.moderator_prompt.is_some()
    }

    /// Esc closes the topmost overlay before it does anything else. The
    /// shortcuts overlay hides the list, so while it is open no key reaches
    /// the list or a text field behind it; the rules change leaves the desk
    /// in view and its keys working.
    fn read_keyboard_under_overlay(&mut self, ctx: &egui::Context) {
        // The name prompt's field takes every key; it closes with a name.
        if self.moderator_prompt.is_some() {
            return;
        }
        let escape = ctx.input_mut(|i| i.consume_key(egui::Modifiers::NONE, Key::Escape));
        if escape {
            if self.show_help {
                self.show_help = false;
            } else if self.show_summary {
                self.show_summary = false;
            } else if self.learned.is_some() {
                self.learned = None;
            } else {
                self.rules_diff = None;
            }
            return;
        }
        if !self.show_help && !self.show_summary {
            self.read_desk_keys(ctx);
            return;
        }
        let toggle = if self.show_help {
            UiCommand::Help
        } else {
            UiCommand::Summary
        };
        let shortcuts = toggle.shortcuts();
        let closes = ctx.input_mut(|i| shortcuts.iter().any(|s| i.consume_shortcut(s)));
        if closes {
            self.show_help = false;
            self.show_summary = false;
        }
        ctx.input_mut(|i| {
            i.events
                .retain(|e| !matches!(e, egui::Event::Text(_) | egui::Event::Key { .. }));
        });
    }

    fn read_dropped_files(&mut self, ctx: &egui::Context) {
        let dropped: Vec<PathBuf> = ctx.input(|i| {
            i.raw
                .dropped_files
                .iter()
                .map(|f| f.path().to_path_buf())
                .filter(|p| !p.as_os_str().is_empty())
                .collect()
        });
        if let Some(path) = dropped.into_iter().next() {
            self.push(Command::OpenPath(path));
        }
    }

    /// Applies the commands gathered this frame.
    pub fn run_commands(&mut self, ctx: &egui::Context) {
        let commands = self.commands.take();
        for command in commands {
            self.run(ctx, command);
        }
    }

    fn no_dialog(&mut self) {
        self.show_error(
            "No file dialog on this system",
            "threadmod found neither a desktop portal nor zenity, so it cannot show a file \
             dialog. Drag a file onto the window, or give it on the command line: \
             threadmod path/to/article.txt. Export (Ctrl+E) still works: it writes \
             ARTICLE.labels.csv beside the article and says where.",
        );
    }

    fn run(&mut self, ctx: &egui::Context, command: Command) {
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
    fn refresh_rows(&mut self) {
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

    fn move_selection(&mut self, delta: isize) {
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
    fn page_step(&self) -> isize {
        self.list_page_rows.saturating_sub(1).max(1) as isize
    }

    fn apply_label(&mut self, index: usize) {
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
    fn label_comments(&mut self, comments: &[usize], index: usize) {
        let label = self.labels.labels.get(index).map(|l| l.name.clone());
        self.set_labels(comments, label);
    }

    fn set_labels(&mut self, comments: &[usize], label: Option<String>) {
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
        self.refresh_rows();
    }

    /// Gives each selected comment the label the rules suggest for it, as
    /// one undo step.
    fn accept_suggestions(&mut self) {
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
        self.refresh_rows();
    }

    /// Lists everything `author` wrote, keeping the cursor on their comment.
    fn show_author(&mut self, author: String) {
        self.view.filter = Filter::Author(author);
        self.view.search.clear();
        self.view.marked.clear();
        self.refresh_rows();
    }

    fn set_label(&mut self, label: Option<String>) {
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
        self.refresh_rows();
    }

    fn run_ui_command(&mut self, ctx: &egui::Context, command: UiCommand) {
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
                } else if let Some(author) = self.selected_comment().map(|c| c.author.clone()) {
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
                let Some(url) = self.selected_comment().map(|c| c.url.clone()) else {
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
                let id = if comment.source_id.is_empty() {
                    &comment.id
                } else {
                    &comment.source_id
                };
                ctx.copy_text(id.clone());
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
    fn next_in_list(&mut self) {
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
    fn next_flagged(&mut self) {
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

impl eframe::App for ThreadmodApp {
    fn logic(&mut self, ctx: &egui::Context, _frame: &mut eframe::Frame) {
        while let Some(outcome) = self.tasks.poll() {
            self.finish(outcome);
        }
        if self.tasks.is_busy() {
            ctx.request_repaint_after(std::time::Duration::from_millis(100));
        }
        self.read_dropped_files(ctx);
        self.read_keyboard(ctx);
        if self.selected_since.0 != self.view.selected {
            self.selected_since = (self.view.selected, std::time::Instant::now());
        }
        let title = match &self.doc {
            Some(doc) => format!("{} — threadmod", doc.name),
            None => "threadmod".to_string(),
        };
        if title != self.window_title {
            ctx.send_viewport_cmd(egui::ViewportCommand::Title(title.clone()));
            self.window_title = title;
        }
    }

    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        let mut drawn = crate::desk::Commands::default();
        ui::draw(ui, &self.desk(), &mut drawn);
        self.commands.extend(drawn.take());
        let ctx = ui.ctx().clone();
        // Commands from the keyboard (logic) and from the widgets (above).
        self.run_commands(&ctx);
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        if self.persist_settings {
            eframe::set_value(storage, eframe::APP_KEY, &self.settings);
        }
    }
}

/// Opens the window. Returns when it is closed.
pub fn run(options: AppOptions) -> eframe::Result {
    let native = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title("threadmod")
            .with_app_id("threadmod")
            .with_inner_size([1280.0, 800.0])
            .with_min_inner_size([720.0, 480.0])
            .with_drag_and_drop(true),
        ..Default::default()
    };
    eframe::run_native(
        "threadmod",
        native,
        Box::new(|cc| Ok(Box::new(ThreadmodApp::new(cc, options)))),
    )
}
