//! The status bar: progress, file, rules and save state.

use egui::Ui;

use crate::desk::Desk;

pub fn status_bar(ui: &mut Ui, desk: &Desk) {
    // Wrapped: in a narrow window the end of the bar (where the export went)
    // moves to a second line instead of off the edge.
    ui.horizontal_wrapped(|ui| {
        if let Some(busy) = &desk.busy {
            ui.spinner();
            ui.label(format!(
                "{} — {} ({:.1} s)",
                busy.what,
                busy.step,
                busy.elapsed.as_secs_f32()
            ));
            ui.separator();
        }
        let Some(doc) = desk.doc else {
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
        match (&doc.journal, &doc.journal_path) {
            (Some(j), _) => {
                let name = j
                    .path()
                    .file_name()
                    .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
                ui.label(format!("Saved as you go ({name})"))
                    .on_hover_text(format!("Every label and note is in {}", j.path().display()));
            }
            (None, _) => {
                ui.label(
                    egui::RichText::new("Labels are NOT being saved: export to keep them")
                        .color(ui.visuals().error_fg_color),
                );
            }
        }
        if let Some(p) = &doc.exported_to {
            ui.separator();
            let text = if doc.changed_since_export {
                "Changed since the last export".to_string()
            } else {
                format!("Exported to {}", p.display())
            };
            ui.label(text);
        }
        if !doc.orphans.is_empty() {
            ui.separator();
            ui.label(format!("{} labels without a comment", doc.orphans.len()))
                .on_hover_text(
                    doc.orphans
                        .iter()
                        .map(|e| {
                            format!(
                                "{} ({}): {}",
                                e.comment,
                                e.excerpt,
                                e.label.as_deref().unwrap_or("note")
                            )
                        })
                        .collect::<Vec<_>>()
                        .join("\n"),
                );
        }
    });
}
