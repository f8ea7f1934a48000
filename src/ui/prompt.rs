//! The first-start prompt for the moderator's name: every journal event and
//! export row carries it, so merged journals always say who decided what.

use egui::RichText;

use crate::desk::commands::Command;
use crate::desk::{Commands, Desk};

pub fn moderator_prompt(ctx: &egui::Context, desk: &Desk, out: &mut Commands) {
    let Some(mut name) = desk.moderator_prompt.map(str::to_string) else {
        return;
    };
    let mut confirmed = false;
    // Modal: no click reaches the desk (a label given now would carry no name).
    egui::Modal::new(egui::Id::unique("moderator-prompt")).show(ctx, |ui| {
        ui.set_width(420.0);
        ui.heading("Welcome to threadmod");
        ui.label(
            "Your name goes with every label you give, into the journal and the CSV, so \
             labels merged from several moderators say who decided what. You can change it \
             later under View.",
        );
        ui.add_space(8.0);
        let label = ui.label("Your name");
        let field = ui
            .add(egui::TextEdit::singleline(&mut name).desired_width(f32::INFINITY))
            .labelled_by(label.id);
        // Asked of egui's memory, not of the response: before the window
        // has the system's focus the response never has it, and asking
        // for focus on every frame resets the input method and keeps the
        // keys out.
        let focused = ui.memory(|m| m.has_focus(field.id));
        if !focused && !field.lost_focus() {
            field.request_focus();
        }
        let entered = field.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
        let empty = name.trim().is_empty();
        if empty {
            ui.label(
                RichText::new("A name is needed (initials are enough).")
                    .color(ui.visuals().weak_text_color()),
            );
        }
        ui.add_space(8.0);
        let start = ui.add_enabled(!empty, egui::Button::new("Start moderating"));
        confirmed = !empty && (entered || start.clicked());
    });
    if confirmed {
        out.push(Command::ConfirmModerator(name));
    } else if desk.moderator_prompt != Some(name.as_str()) {
        out.push(Command::TypeModeratorName(name));
    }
}
