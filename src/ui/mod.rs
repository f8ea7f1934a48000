//! Drawing the app, one file per panel. Panels read the [`Desk`] (a view of
//! the app's state for one frame) and push [`Commands`]; they never change
//! state themselves and never see the app.

pub mod article;
pub mod comment;
pub mod fonts;
pub mod help;
pub mod learn;
pub mod prompt;
pub mod status;
pub mod summary;
pub mod theme;
pub mod toolbar;
pub mod tree;

use crate::desk::commands::Command;
use crate::desk::{Commands, Desk};

/// Draws the whole window.
pub fn draw(ui: &mut egui::Ui, desk: &Desk, out: &mut Commands) {
    egui::Panel::top("menu").show(ui, |ui| toolbar::menu_bar(ui, desk, out));
    egui::Panel::top("filters").show(ui, |ui| toolbar::filter_bar(ui, desk, out));
    egui::Panel::bottom("status").show(ui, |ui| status::status_bar(ui, desk));
    egui::Panel::left("thread")
        .resizable(true)
        .default_size(500.0)
        .min_size(280.0)
        .show(ui, |ui| tree::thread_list(ui, desk, out));
    if desk.settings.show_article && desk.doc.is_some() {
        egui::Panel::right("article")
            .resizable(true)
            .default_size(320.0)
            .min_size(200.0)
            .show(ui, |ui| article::article_view(ui, desk, out));
    }
    egui::CentralPanel::default().show(ui, |ui| {
        message_banner(ui, desk, out);
        comment::comment_view(ui, desk, out);
    });
    help::help_window(ui.ctx(), desk, out);
    summary::summary_window(ui.ctx(), desk, out);
    prompt::moderator_prompt(ui.ctx(), desk, out);
    rules_diff_window(ui.ctx(), desk, out);
    learn::learned_window(ui.ctx(), desk, out);
}

/// Errors and notices, at the top of the comment view until dismissed.
fn message_banner(ui: &mut egui::Ui, desk: &Desk, out: &mut Commands) {
    let Some(message) = desk.message else {
        return;
    };
    let (fill, stroke) = if message.is_error {
        theme::error_colors(ui.visuals())
    } else {
        theme::notice_colors(ui.visuals())
    };
    egui::Frame::new()
        .fill(fill)
        .stroke(egui::Stroke::new(1.0, stroke))
        .inner_margin(10.0)
        .corner_radius(6.0)
        .show(ui, |ui| {
            ui.set_width(ui.available_width());
            ui.horizontal(|ui| {
                let text = if message.is_error {
                    format!("⚠ {}", message.title)
                } else {
                    message.title.clone()
                };
                ui.label(egui::RichText::new(text).strong());
                ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                    if ui.button("Dismiss").clicked() {
                        out.push(Command::DismissMessage);
                    }
                });
            });
            // A long list of notices scrolls: the comment below stays in view.
            egui::ScrollArea::vertical()
                .id_salt("message-body")
                .max_height(110.0)
                .show(ui, |ui| ui.label(&message.body));
        });
    ui.add_space(8.0);
}

fn rules_diff_window(ctx: &egui::Context, desk: &Desk, out: &mut Commands) {
    let Some(diff) = desk.rules_diff else {
        return;
    };
    let Some(doc) = desk.doc else {
        return;
    };
    let mut open = true;
    let mut selected = None;
    egui::Window::new("Flags after the rules change")
        .open(&mut open)
        .default_width(460.0)
        .show(ctx, |ui| {
            ui.label(format!("Rules: {}", diff.rules));
            ui.label(format!(
                "{} flags appeared, {} disappeared. Labels are unchanged.",
                diff.appeared.len(),
                diff.disappeared.len()
            ));
            egui::ScrollArea::vertical()
                .max_height(360.0)
                .show(ui, |ui| {
                    for (sign, list) in [("+", &diff.appeared), ("−", &diff.disappeared)] {
                        for (i, category) in list {
                            let c = &doc.thread.comments[*i];
                            let text = format!(
                                "{sign} {category}  {}  {}",
                                c.id,
                                theme::preview(&c.text, 60)
                            );
                            if ui.link(text).clicked() {
                                selected = Some(*i);
                            }
                        }
                    }
                });
        });
    if let Some(i) = selected {
        out.push(Command::Select(i));
    }
    if !open {
        out.push(Command::CloseRulesDiff);
    }
}
