//! Work that must not freeze the window — reading, parsing and checking a
//! file, re-checking with new rules, writing a CSV — runs on a worker thread.
//! The result comes back over a channel, polled once a frame.

use std::path::PathBuf;
use std::sync::mpsc::{Receiver, Sender, channel};
use std::sync::{Arc, Mutex};
use std::time::Instant;

use crate::error::Error;
use crate::rules::{CheckedThread, RuleSet};
use crate::thread::Thread;

/// A finished piece of work.
pub enum Outcome {
    Opened {
        path: Option<PathBuf>,
        rules_path: Option<PathBuf>,
        result: Result<Box<Opened>, Error>,
        /// The rules are still running; `Checked` follows.
        checking: bool,
    },
    /// The rules' findings for the thread just opened.
    Checked { checked: CheckedThread },
    Rechecked {
        rules_path: Option<PathBuf>,
        result: Result<(CheckedThread, RuleSet), Error>,
    },
    Exported {
        path: PathBuf,
        result: Result<(), Error>,
    },
    /// The insult score re-fitted to the moderator's labels.
    Learned {
        result: Result<Box<crate::desk::LearnedOffer>, Error>,
    },
}

/// An article read, checked, with its journal replayed.
pub struct Opened {
    pub thread: Arc<Thread>,
    pub checked: CheckedThread,
    pub rules: RuleSet,
    pub journal_path: PathBuf,
    pub journal: crate::labels::journal::Replay,
}

/// Lets a job say which step it is on ("Parsing…") and hand over results
/// before it is done.
#[derive(Clone, Default)]
pub struct Phase(Arc<Mutex<String>>, Option<(Sender<Outcome>, egui::Context)>);

impl Phase {
    /// Sends a result now; the job goes on.
    pub fn send(&self, outcome: Outcome) {
        if let Some((tx, ctx)) = &self.1 {
            // The app may be gone; then nobody needs the result.
            let _ = tx.send(outcome);
            ctx.request_repaint();
        }
    }

    pub fn set(&self, text: &str) {
        if let Ok(mut p) = self.0.lock() {
            *p = text.to_string();
        }
    }
    pub fn get(&self) -> String {
        self.0.lock().map(|p| p.clone()).unwrap_or_default()
    }
}

/// The job in progress.
pub struct Busy {
    pub what: String,
    pub phase: Phase,
    pub started: Instant,
}

pub struct Tasks {
    tx: Sender<Outcome>,
    rx: Receiver<Outcome>,
    pub busy: Option<Busy>,
}

impl Default for Tasks {
    fn default() -> Self {
        let (tx, rx) = channel();
        Tasks { tx, rx, busy: None }
    }
}

impl Tasks {
    /// Starts `job` on a worker thread; false when another job is running.
    pub fn spawn(
        &mut self,
        ctx: &egui::Context,
        what: String,
        job: impl FnOnce(&Phase) -> Outcome + Send + 'static,
    ) -> bool {
        if self.busy.is_some() {
            return false;
        }
        let phase = Phase(Arc::default(), Some((self.tx.clone(), ctx.clone())));
        let worker_phase = phase.clone();
        let spawned = std::thread::Builder::new()
            .name("threadmod-worker".into())
            .spawn(move || worker_phase.send(job(&worker_phase)));
        if spawned.is_err() {
            return false;
        }
        self.busy = Some(Busy {
            what,
            phase,
            started: Instant::now(),
        });
        true
    }

    pub fn poll(&mut self) -> Option<Outcome> {
        let outcome = self.rx.try_recv().ok()?;
        let more = matches!(outcome, Outcome::Opened { checking: true, .. });
        if !more {
            self.busy = None;
        }
        Some(outcome)
    }

    pub fn is_busy(&self) -> bool {
        self.busy.is_some()
    }
}
