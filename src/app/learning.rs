//! "Learn from my labels": the insult score re-fitted to the open article's
//! labels on a worker thread, shown as precision and recall before → after,
//! and put in use only when the moderator says so. The learned rules are
//! written to a file of their own in the data folder, so going back is
//! checking with the previous rules again.

use std::path::{Path, PathBuf};

use super::ThreadmodApp;
use super::tasks::Outcome;
use crate::desk::LearnedOffer;
use crate::export;
use crate::rules::learn::Settings;

/// `learned-rules-N.toml` in `folder`, with the first N not taken: every
/// learning keeps its own file, so the rules in use are never overwritten.
pub fn next_learned_rules_path(folder: &Path) -> PathBuf {
    (1..)
        .map(|n| folder.join(format!("learned-rules-{n}.toml")))
        .find(|p| !p.exists())
        .unwrap_or_else(|| folder.join("learned-rules.toml"))
}

impl ThreadmodApp {
    /// Starts learning from the open article's labels, in the background.
    pub(super) fn start_learning(&mut self, ctx: &egui::Context) {
        let Some(doc) = &self.doc else {
            return;
        };
        let examples = crate::learn::examples_from_decisions(&doc.thread, doc.labels.decisions());
        let rules_path = doc.rules_path.clone();
        self.spawn(ctx, "Learning from your labels".into(), move |phase| {
            let progress = |step: &str| phase.set(step);
            let settings = Settings::default();
            let result =
                crate::learn::from_examples(rules_path.as_deref(), &examples, &settings, &progress)
                    .map(|(learned, report)| {
                        Box::new(LearnedOffer {
                            before: learned.before,
                            after: learned.chosen().copied(),
                            labelled: examples.len(),
                            insults: examples.iter().filter(|e| e.insult).count(),
                            report,
                            rules_text: learned.rules_text,
                        })
                    });
            Outcome::Learned { result }
        });
    }

    /// Writes the learned rules beside the journals and checks the thread
    /// with them; the rules in use before are remembered for going back.
    pub(super) fn use_learned_rules(&mut self, ctx: &egui::Context) {
        let (Some(offer), Some(doc)) = (self.learned.take(), &self.doc) else {
            return;
        };
        let previous = doc.rules_path.clone();
        let path = next_learned_rules_path(&self.data_dir);
        let written = std::fs::create_dir_all(&self.data_dir)
            .map_err(|e| crate::Error::io(&self.data_dir, &e))
            .and_then(|()| {
                export::write_file_atomically(&path, |w| w.write_all(offer.rules_text.as_bytes()))
            });
        if let Err(e) = written {
            self.show_error(
                "The learned rules were not saved; the rules in use stay",
                e.to_string(),
            );
            return;
        }
        self.rules_before_learning = Some(previous);
        self.show_notice(
            "Learned rules in use",
            format!(
                "Saved as {}. Rules → {} goes back.",
                path.display(),
                super::commands::UiCommand::PreviousRules.text()
            ),
        );
        self.start_recheck(ctx, Some(path));
    }

    /// Checks the thread with the rules in use before the learned ones.
    pub(super) fn back_to_previous_rules(&mut self, ctx: &egui::Context) {
        if let Some(previous) = self.rules_before_learning.take() {
            self.start_recheck(ctx, previous);
        }
    }
}
