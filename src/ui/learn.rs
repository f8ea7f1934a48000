//! The answer to "Learn from my labels": precision and recall of the insult
//! flag before and after, on the moderator's own labels, and the choice to
//! use the learned rules or keep the ones in use.

use egui::RichText;

use crate::desk::commands::Command;
use crate::desk::{Commands, Desk};
use crate::rules::learn::Operating;

pub fn learned_window(ctx: &egui::Context, desk: &Desk, out: &mut Commands) {
    let Some(offer) = &desk.learned else {
        return;
    };
    let mut open = true;
    let mut answer = None;
    egui::Window::new("Learned from your labels")
        .open(&mut open)
        .collapsible(false)
        .default_width(480.0)
        // In the middle, over the comment: the list beside it stays readable.
        .pivot(egui::Align2::CENTER_CENTER)
        .default_pos(ctx.content_rect().center())
        .show(ctx, |ui| {
            ui.label(format!(
                "The insult score, re-fitted to {} of your labels ({} insults).",
                offer.labelled, offer.insults
            ));
            ui.add_space(6.0);
            egui::Grid::new("learned-figures")
                .num_columns(4)
                .striped(true)
                .show(ui, |ui| {
                    ui.label("");
                    for heading in ["precision", "recall", "F1"] {
                        ui.label(RichText::new(heading).strong());
                    }
                    ui.end_row();
                    figures_row(ui, "rules in use", offer.before.as_ref());
                    figures_row(ui, "learned", offer.after.as_ref());
                });
            ui.label(
                RichText::new(
                    "Learned figures are cross-validated: each label is judged by a score \
                     fitted without it.",
                )
                .small()
                .weak(),
            );
            ui.collapsing("Thresholds and details", |ui| {
                ui.label(RichText::new(&offer.report).monospace().small());
            });
            ui.add_space(6.0);
            ui.horizontal(|ui| {
                if ui
                    .button("Use the learned rules")
                    .on_hover_text(
                        "Save them in the data folder and check the thread with them; \
                         Rules → Back to the rules before learning undoes it",
                    )
                    .clicked()
                {
                    answer = Some(Command::UseLearnedRules);
                }
                if ui.button("Keep the rules in use").clicked() {
                    answer = Some(Command::DiscardLearnedRules);
                }
            });
        });
    if !open {
        answer = Some(Command::DiscardLearnedRules);
    }
    if let Some(command) = answer {
        out.push(command);
    }
}

fn figures_row(ui: &mut egui::Ui, name: &str, figures: Option<&Operating>) {
    ui.label(name);
    match figures {
        Some(f) => {
            for value in [f.precision(), f.recall(), f.f1()] {
                ui.label(format!("{value:.2}"));
            }
        }
        None => {
            for _ in 0..3 {
                ui.label("–");
            }
        }
    }
    ui.end_row();
}
