//! The status bar: progress, file, rules and save state.

use egui::Ui;

use crate::app::ThreadmodApp;

pub fn status_bar(ui: &mut Ui, app: &mut ThreadmodApp) {
    ui.horizontal(|ui| {
        if let Some(busy) = &app.tasks.busy {
            ui.spinner();
            let phase = busy.phase.get();
            ui.label(format!(
                "{} — {phase} ({:.1} s)",
                busy.what,
                busy.started.elapsed().as_secs_f32()
            ));
            ui.separator();
        }
        let Some(doc) = &app.doc else {
            ui.label("No article open. File > Open… (Ctrl+O), or drop a file on the window.");
            return;
        };
        let total = doc.len();
        let done = doc.labels.labelled_count();
        let fraction = if total == 0 {
            1.0
        } else {
            done as f32 / total as f32
        };
        ui.add(
            egui::ProgressBar::new(fraction)
                .desired_width(180.0)
                .text(format!("{done} of {total} labelled")),
        );
        ui.separator();
        let file = doc.path.as_ref().map_or_else(
            || "bundled sample article".to_string(),
            |p| p.display().to_string(),
        );
        ui.label(format!("File: {file}"))
            .on_hover_text(format!("Read as {}", doc.thread.encoding));
        ui.separator();
        ui.label(format!("Rules: {}", doc.rules.source));
        ui.separator();
        let save = match (&doc.exported_to, doc.changed_since_export) {
            (_, false) if done == 0 => "Nothing labelled yet".to_string(),
            (Some(p), false) => format!("Exported to {}", p.display()),
            (Some(_), true) => "Changed since the last export".to_string(),
            (None, _) => "Not exported yet — Export CSV… (Ctrl+E)".to_string(),
        };
        ui.label(save);
    });
}
