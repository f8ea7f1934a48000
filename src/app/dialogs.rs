//! Every file dialog of the app, in one place, so tests can hand in paths.
//! rfd asks the desktop portal and falls back to zenity; with neither there
//! is no dialog, and the app says so instead of silently doing nothing.

use std::path::PathBuf;

/// What came back from a dialog.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Picked {
    Path(PathBuf),
    Cancelled,
    /// This system has no file dialog (no desktop portal, no zenity).
    Unavailable,
}

/// The dialogs the app needs.
pub trait Dialogs {
    fn open_article(&mut self) -> Picked;
    fn open_rules(&mut self) -> Picked;
    fn save_csv(&mut self, suggested_name: &str) -> Picked;
}

/// Native dialogs through rfd.
#[derive(Default)]
pub struct NativeDialogs;

fn program_on_path(name: &str) -> bool {
    std::env::var_os("PATH")
        .is_some_and(|paths| std::env::split_paths(&paths).any(|dir| dir.join(name).is_file()))
}

/// A desktop portal needs a session bus; zenity is the fallback.
pub fn dialogs_available() -> bool {
    std::env::var_os("DBUS_SESSION_BUS_ADDRESS").is_some() || program_on_path("zenity")
}

fn picked(path: Option<PathBuf>) -> Picked {
    match path {
        Some(p) => Picked::Path(p),
        None => Picked::Cancelled,
    }
}

impl Dialogs for NativeDialogs {
    fn open_article(&mut self) -> Picked {
        if !dialogs_available() {
            return Picked::Unavailable;
        }
        picked(
            rfd::FileDialog::new()
                .set_title("Open article")
                .add_filter(
                    "Article pages",
                    &["txt", "text", "html", "htm", "csv", "json", "jsonl", "xml"],
                )
                .add_filter("All files", &["*"])
                .pick_file(),
        )
    }

    fn open_rules(&mut self) -> Picked {
        if !dialogs_available() {
            return Picked::Unavailable;
        }
        picked(
            rfd::FileDialog::new()
                .set_title("Load rules")
                .add_filter("Rules (TOML)", &["toml"])
                .pick_file(),
        )
    }

    fn save_csv(&mut self, suggested_name: &str) -> Picked {
        if !dialogs_available() {
            return Picked::Unavailable;
        }
        picked(
            rfd::FileDialog::new()
                .set_title("Export CSV")
                .set_file_name(suggested_name)
                .add_filter("CSV", &["csv"])
                .save_file(),
        )
    }
}

/// Dialogs that answer from a queue: for tests and scripted runs.
#[derive(Default)]
pub struct ScriptedDialogs {
    pub answers: std::collections::VecDeque<Picked>,
}

impl ScriptedDialogs {
    fn next(&mut self) -> Picked {
        self.answers.pop_front().unwrap_or(Picked::Cancelled)
    }
}

impl Dialogs for ScriptedDialogs {
    fn open_article(&mut self) -> Picked {
        self.next()
    }
    fn open_rules(&mut self) -> Picked {
        self.next()
    }
    fn save_csv(&mut self, _suggested_name: &str) -> Picked {
        self.next()
    }
}
