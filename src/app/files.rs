//! Opening, re-checking and exporting: each starts a job on the worker
//! ([`super::tasks`]) and [`ThreadmodApp::finish`] takes in its outcome.

use std::path::PathBuf;
use std::sync::Arc;

use super::ThreadmodApp;
use super::tasks::{Opened, Outcome};
use crate::desk::RulesDiff;
use crate::desk::state::Document;
use crate::desk::view::View;
use crate::export;
use crate::labels::Decision;
use crate::labels::journal::{self, JournalWriter};
use crate::review;
use crate::rules;

impl ThreadmodApp {
    pub(super) fn start_open(
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
        // Only the rules remembered from last time may fall back: rules the
        // moderator names now must work or say why.
        let may_fall_back = self
            .remembered_rules
            .take()
            .is_some_and(|r| Some(&r) == rules_path.as_ref());
        let mut rules_path = rules_path;
        self.spawn(ctx, what, move |phase| {
            phase.set("reading the rules");
            let mut fell_back = None;
            let rules = match review::load_rules(rules_path.as_deref()) {
                Err(e) if may_fall_back => {
                    let name = rules_path.take().map(|p| p.display().to_string());
                    fell_back = Some(format!(
                        "The rules used last time ({}) could not be read, so the built-in rules \
                         are in use: {e}",
                        name.unwrap_or_default()
                    ));
                    review::load_rules(None)
                }
                other => other,
            };
            let result = rules.and_then(|rules| {
                phase.set("reading and parsing the file");
                let mut thread = match &path {
                    Some(p) => crate::parse::parse_file_with(p, &parse_options)?,
                    None => crate::sample_thread(),
                };
                thread.warnings.extend(fell_back);
                let journal_path = review::journal_path(path.as_deref(), &thread, &data_dir);
                if journal_path.exists() {
                    phase.set("replaying the journal");
                }
                // An unreadable journal never blocks opening; it is reported.
                let journal = journal::read(&journal_path).unwrap_or_else(|e| journal::Replay {
                    events: Vec::new(),
                    skipped: vec![(0, e.to_string())],
                });
                Ok((Arc::new(thread), rules, journal_path, journal))
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
                    thread: Arc::clone(&thread),
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

    pub(super) fn start_recheck(&mut self, ctx: &egui::Context, rules_path: Option<PathBuf>) {
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

    pub(super) fn start_export(&mut self, ctx: &egui::Context, path: PathBuf) {
        let Some(doc) = &self.doc else {
            return;
        };
        let thread = doc.thread.clone();
        let checked = Arc::clone(&doc.checked);
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
    pub(super) fn export_without_dialog(&mut self, ctx: &egui::Context) {
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

    pub(super) fn finish(&mut self, outcome: Outcome) {
        // Labels, flags or the whole document may change.
        self.summary = None;
        match outcome {
            Outcome::Checked { checked } => {
                if let Some(doc) = &mut self.doc
                    && doc.checking
                    && doc.len() == checked.findings.len()
                {
                    doc.checked = Arc::new(checked);
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
                    doc.checked = Arc::new(checked);
                    doc.rules = rules;
                    self.settings.rules_file = rules_path.clone();
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
    pub(super) fn document_with_journal(
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

    pub(super) fn no_dialog(&mut self) {
        self.show_error(
            "No file dialog on this system",
            "threadmod found neither a desktop portal nor zenity, so it cannot show a file \
             dialog. Drag a file onto the window, or give it on the command line: \
             threadmod path/to/article.txt. Export (Ctrl+E) still works: it writes \
             ARTICLE.labels.csv beside the article and says where.",
        );
    }
}
