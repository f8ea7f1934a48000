//! The article, beside the thread, to judge what is on topic.

use egui::{RichText, Ui};

use crate::desk::{Commands, Desk};

pub fn article_view(ui: &mut Ui, desk: &Desk, out: &mut Commands) {
    let Some(doc) = desk.doc else {
        return;
    };
    let a = &doc.thread.article;
    let mut hide = false;
    ui.horizontal(|ui| {
        ui.label(RichText::new("Article").strong());
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            if ui
                .small_button("Hide (a)")
                .on_hover_text("Hide the article")
                .clicked()
            {
                hide = true;
            }
        });
    });
    ui.separator();
    egui::ScrollArea::vertical()
        .id_salt("article")
        .auto_shrink(false)
        .show(ui, |ui| {
            let title = if a.title.is_empty() {
                "(untitled article)"
            } else {
                &a.title
            };
            ui.label(RichText::new(title).heading());
            ui.label(RichText::new(a.meta_line()).color(ui.visuals().weak_text_color()));
            ui.add_space(6.0);
            for paragraph in a.body.split("\n\n") {
                ui.label(paragraph);
                ui.add_space(4.0);
            }
        });
    if hide {
        out.push(crate::desk::commands::UiCommand::ToggleArticle);
    }
}
