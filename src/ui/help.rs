//! The shortcut overlay, drawn from the same command list as the menus.

use crate::desk::commands::{Command, UiCommand};
use crate::desk::{Commands, Desk};

pub fn help_window(ctx: &egui::Context, desk: &Desk, out: &mut Commands) {
    if !desk.show_help {
        return;
    }
    let mut open = true;
    egui::Window::new("Keyboard shortcuts")
        .open(&mut open)
        .collapsible(false)
        .default_width(520.0)
        .anchor(egui::Align2::CENTER_CENTER, egui::vec2(0.0, 0.0))
        .resizable(false)
        .show(ctx, |ui| {
            // The list is longer than a small window: it scrolls, and the
            // notes below stay in view.
            let room = ctx.content_rect().height() - 260.0;
            egui::ScrollArea::vertical()
                .max_height(room)
                .min_scrolled_height(room)
                .show(ui, |ui| shortcut_grid(ui, desk));
            ui.add_space(6.0);
            ui.label(
                "Mouse: click a comment in the list to select it; Shift+click selects every \
                 row up to it, Ctrl+click adds or removes one. With several selected, a label \
                 key or button labels them all in one undo step. Click an author's name (in \
                 the list or above the comment) to see everything they wrote. Esc closes this \
                 window, the summary or the rules change first, then leaves the search or \
                 note field, then keeps only the current comment selected, then dismisses a \
                 message. Drop a file on the window to open it.",
            );
        });
    if !open {
        out.push(Command::CloseHelp);
    }
}

/// Every label key and command shortcut, with what it does.
fn shortcut_grid(ui: &mut egui::Ui, desk: &Desk) {
    let ctx = ui.ctx().clone();
    egui::Grid::new("shortcuts")
        .striped(true)
        .num_columns(3)
        .show(ui, |ui| {
            for label in &desk.labels.labels {
                ui.monospace(label.key.to_string());
                ui.label(format!("Label {}", label.name));
                ui.label("and move to the next comment");
                ui.end_row();
            }
            for &command in UiCommand::ALL {
                let keys: Vec<String> = command
                    .shortcuts()
                    .iter()
                    .map(|s| ctx.format_shortcut(s))
                    .collect();
                if keys.is_empty() {
                    continue;
                }
                ui.monospace(keys.join("  "));
                ui.label(command.text());
                ui.label(command.tooltip());
                ui.end_row();
            }
        });
}
