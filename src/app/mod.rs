//! The moderator's desk: an eframe app over the same library the CLI uses.
//!
//! This file is the shell: the app's state, its start, and the frame loop.
//! Each frame the keyboard (`keys.rs`) and the panels ([`crate::ui`], drawing
//! from a read-only [`crate::desk::Desk`]) give [`Command`]s, which
//! [`ThreadmodApp::run_commands`] (`run.rs`) applies at the end of the frame.
//! Labels go through `labelling.rs`; slow work (opening, re-checking,
//! exporting, learning) runs on the worker ([`tasks`], `files.rs`,
//! [`learning`]).

pub mod dialogs;
mod files;
mod keys;
mod labelling;
pub mod learning;
mod run;
pub mod tasks;

// The desk's state and commands, under the names the app has always used.
pub use crate::desk::{Message, RulesDiff, commands, state};

use std::path::PathBuf;

use crate::desk::view::View;
use crate::labels::LabelSet;
use crate::review;
use crate::ui;
use commands::Command;
use dialogs::{Dialogs, NativeDialogs};
use state::{Document, Settings};
use tasks::{Outcome, Tasks};

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
    /// Settings to start from instead of the stored ones.
    pub settings: Option<Settings>,
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
            settings: None,
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
    /// The summary's figures while its window is open; None when they
    /// must be computed again.
    pub summary: Option<crate::review::summary::Summary>,
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
    /// The rules file remembered from last time, until the first opening
    /// has tried it.
    remembered_rules: Option<PathBuf>,
}

impl ThreadmodApp {
    pub fn new(cc: &eframe::CreationContext<'_>, options: AppOptions) -> ThreadmodApp {
        ui::fonts::install(&cc.egui_ctx);
        ui::theme::apply(&cc.egui_ctx);
        let settings: Settings = match &options.settings {
            Some(given) => given.clone(),
            None if options.persist_settings => cc
                .storage
                .and_then(|s| eframe::get_value(s, eframe::APP_KEY))
                .unwrap_or_default(),
            None => Settings::default(),
        };
        // Without --rules, the rules chosen in the app last time (loaded or
        // learned); when they can no longer be read, the built-in ones.
        let remembered_rules = match options.rules {
            Some(_) => None,
            None => settings.rules_file.clone(),
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
            summary: None,
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
            remembered_rules: remembered_rules.clone(),
        };
        app.parse_options = options.parse.clone();
        app.start_open(
            &cc.egui_ctx,
            options.file,
            options.rules.or(remembered_rules),
        );
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
            summary: self.summary.as_ref(),
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
