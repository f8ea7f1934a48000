//! The summary of the work on this article: labels and flags per category,
//! how often each rule was confirmed or overturned, time spent, the authors
//! with most flags. Bars are drawn with egui's painter: a few rectangles per
//! row need no plotting library.

use egui::{Color32, RichText, Ui, vec2};

use super::theme;
use crate::desk::commands::Command;
use crate::desk::{Commands, Desk};
use crate::review::summary::Summary;

const NAME_WIDTH: f32 = 140.0;
const BAR_WIDTH: f32 = 220.0;
const BAR_HEIGHT: f32 = 14.0;

pub fn summary_window(ctx: &egui::Context, desk: &Desk, out: &mut Commands) {
    // Computed by the app when the window opens and when labels or flags change.
    let (true, Some(summary)) = (desk.show_summary, desk.summary) else {
        return;
    };
    let mut open = true;
    let mut show_author = None;
    egui::Window::new("Summary")
        .open(&mut open)
        .collapsible(false)
        .default_width(560.0)
        // Not resizable: the window then fits its figures on every frame.
        .resizable(false)
        .anchor(egui::Align2::CENTER_CENTER, vec2(0.0, 0.0))
        .show(ctx, |ui| {
            // Scrolls only in a window too short for the figures.
            let room = ctx.content_rect().height() - 120.0;
            egui::ScrollArea::vertical()
                .max_height(room)
                .min_scrolled_height(room)
                .show(ui, |ui| {
                    show_author = draw(ui, desk, summary);
                });
        });
    if let Some(author) = show_author {
        out.push(Command::CloseSummary);
        out.push(Command::ShowAuthor(author));
    }
    if !open {
        out.push(Command::CloseSummary);
    }
}

/// Draws the figures; returns an author the moderator clicked.
fn draw(ui: &mut Ui, desk: &Desk, s: &Summary) -> Option<String> {
    let visuals = ui.visuals().clone();
    ui.label(format!(
        "{} of {} labelled. Esc or s closes this window.",
        s.labelled,
        crate::counted(s.comments, "comment", "comments")
    ));

    section(ui, "Labels");
    let most = s.labels.iter().map(|(_, n)| *n).max().unwrap_or(0);
    if s.labels.is_empty() {
        weak(ui, "No label yet.");
    }
    for (label, n) in &s.labels {
        let color = desk
            .labels
            .by_name(label)
            .map_or(visuals.text_color(), |l| {
                theme::label_color(l.color, &visuals)
            });
        bar_row(ui, label, &[(*n, color)], most, &format!("{label}: {n}"));
    }

    section(ui, "Flags by category");
    let most = s.flags.iter().map(|(_, n)| *n).max().unwrap_or(0);
    if s.flags.is_empty() {
        weak(ui, "No rule fired.");
    }
    for (category, n) in &s.flags {
        let color = theme::category_color(category, &visuals);
        bar_row(
            ui,
            category,
            &[(*n, color)],
            most,
            &format!("{category}: {n} flagged"),
        );
    }

    section(ui, "Agreement with the rules");
    weak(
        ui,
        "Per rule: flags you confirmed (any label but approve) and overturned (approve). \
         Precision is confirmed among the flags you decided.",
    );
    let most = s.rules.iter().map(|r| r.flagged).max().unwrap_or(0);
    let (confirmed, overturned) = (theme::CONFIRMED, theme::OVERTURNED);
    for rule in &s.rules {
        let undecided = rule.flagged - rule.confirmed - rule.overturned;
        let precision = rule.precision().map_or("no decision yet".to_string(), |p| {
            format!("precision {:.0}%", p * 100.0)
        });
        let text = format!(
            "{}: {} confirmed, {} overturned, {} undecided — {precision}",
            rule.rule_id, rule.confirmed, rule.overturned, undecided
        );
        bar_row(
            ui,
            &rule.rule_id,
            &[
                (rule.confirmed, confirmed),
                (rule.overturned, overturned),
                (undecided, visuals.weak_text_color().gamma_multiply(0.5)),
            ],
            most,
            &text,
        );
    }

    section(ui, "Time spent");
    if s.timed == 0 {
        weak(ui, "No label timed yet in this session or the journal.");
    } else {
        ui.label(format!(
            "{} on {} ({} each on average)",
            duration(s.seconds),
            crate::counted(s.timed, "labelled comment", "labelled comments"),
            duration(s.seconds / s.timed as f64)
        ));
    }

    section(ui, "Authors with most flags");
    let mut clicked = None;
    let most = s.authors.iter().map(|a| a.flagged).max().unwrap_or(0);
    if s.authors.is_empty() {
        weak(ui, "No author was flagged.");
    }
    for a in &s.authors {
        let name = crate::desk::state::author_name(&a.author);
        ui.horizontal(|ui| {
            name_column(ui, |ui| {
                let link = ui
                    .link(theme::preview(name, 22))
                    .on_hover_text(format!("Everything by {name}"));
                if link.clicked() {
                    clicked = Some(a.author.clone());
                }
            });
            bar(ui, &[(a.flagged, theme::OVERTURNED)], most);
            ui.label(format!("{} of {} flagged", a.flagged, a.comments));
        });
    }
    clicked
}

fn section(ui: &mut Ui, title: &str) {
    ui.add_space(8.0);
    ui.label(RichText::new(title).strong());
}

fn weak(ui: &mut Ui, text: &str) {
    ui.label(RichText::new(text).color(ui.visuals().weak_text_color()));
}

/// A name, a bar and the figures in words (what screen readers and tests read).
fn bar_row(ui: &mut Ui, name: &str, parts: &[(usize, Color32)], most: usize, text: &str) {
    ui.horizontal(|ui| {
        name_column(ui, |ui| {
            ui.add(egui::Label::new(theme::preview(name, 22)).truncate());
        });
        bar(ui, parts, most);
        ui.label(text);
    });
}

/// A fixed-width column, its contents against the bar.
fn name_column(ui: &mut Ui, contents: impl FnOnce(&mut Ui)) {
    ui.allocate_ui_with_layout(
        vec2(NAME_WIDTH, BAR_HEIGHT + 4.0),
        egui::Layout::right_to_left(egui::Align::Center),
        |ui| {
            ui.set_min_width(NAME_WIDTH);
            contents(ui);
        },
    );
}

/// Segments laid end to end, scaled so `most` fills the bar's width.
fn bar(ui: &mut Ui, parts: &[(usize, Color32)], most: usize) {
    let (rect, _) = ui.allocate_exact_size(vec2(BAR_WIDTH, BAR_HEIGHT), egui::Sense::hover());
    let painter = ui.painter_at(rect);
    painter.rect_filled(rect, 2.0, ui.visuals().extreme_bg_color);
    if most == 0 {
        return;
    }
    let mut x = rect.left();
    for &(n, color) in parts {
        let width = BAR_WIDTH * n as f32 / most as f32;
        let segment = egui::Rect::from_min_size(egui::pos2(x, rect.top()), vec2(width, BAR_HEIGHT));
        painter.rect_filled(segment, 2.0, color);
        x += width;
    }
}

/// "1 h 05 min", "3 min 20 s", "7.5 s".
fn duration(seconds: f64) -> String {
    if seconds < 60.0 {
        return format!("{seconds:.1} s");
    }
    let whole = seconds.round() as u64;
    if whole >= 3600 {
        format!("{} h {:02} min", whole / 3600, whole % 3600 / 60)
    } else {
        format!("{} min {:02} s", whole / 60, whole % 60)
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn durations_read_as_people_say_them() {
        let cases = [
            (7.5, "7.5 s"),
            (59.94, "59.9 s"),
            (200.0, "3 min 20 s"),
            (3900.0, "1 h 05 min"),
        ];
        for (seconds, want) in cases {
            assert_eq!(super::duration(seconds), want);
        }
    }
}
