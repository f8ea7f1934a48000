//! The thread as a list of rows. Only the visible rows are laid out, so a
//! thread of 100,000 comments scrolls as fast as one of ten.

use egui::{Align2, FontId, Rect, Sense, Stroke, Ui, UiBuilder, vec2};

use super::theme;
use crate::app::ThreadmodApp;
use crate::app::commands::Command;

const ROW_HEIGHT: f32 = 28.0;
const INDENT: f32 = 16.0;
/// Deeper replies are drawn at this depth, with the depth written out.
const MAX_DRAWN_DEPTH: usize = 16;

pub fn thread_list(ui: &mut Ui, app: &mut ThreadmodApp) {
    let Some(doc) = &app.doc else {
        ui.add_space(20.0);
        ui.vertical_centered(|ui| {
            if app.tasks.is_busy() {
                ui.spinner();
                ui.label("Loading…");
            } else {
                ui.label("No article open.");
            }
        });
        return;
    };
    if app.view.rows.is_empty() {
        ui.add_space(20.0);
        ui.vertical_centered(|ui| {
            if doc.is_empty() {
                ui.label("This article has no comments.");
            } else {
                ui.label(format!("No comment matches “{}”.", app.view.filter.title()));
            }
        });
        return;
    }

    let spacing = ui.spacing().item_spacing.y;
    let row_pitch = ROW_HEIGHT + spacing;
    let mut scroll = egui::ScrollArea::vertical().auto_shrink(false);
    if app.view.scroll_to_selected {
        if let Some(row) = app.view.selected.and_then(|s| app.view.row_of(s)) {
            let (offset, height) = app.list_viewport;
            let top = row as f32 * row_pitch;
            if top < offset || top + row_pitch > offset + height {
                scroll = scroll.vertical_scroll_offset((top - height / 2.0).max(0.0));
            }
        }
        app.view.scroll_to_selected = false;
    }

    let mut commands = Vec::new();
    let rows = &app.view.rows;
    let output = scroll.show_rows(ui, ROW_HEIGHT, rows.len(), |ui, range| {
        for &i in &rows[range] {
            row(ui, app, i, &mut commands);
        }
    });
    app.list_viewport = (output.state.clamped_offset().y, output.inner_rect.height());
    for c in commands {
        app.push(c);
    }
}

fn row(ui: &mut Ui, app: &ThreadmodApp, i: usize, commands: &mut Vec<Command>) {
    let Some(doc) = &app.doc else {
        return;
    };
    let c = &doc.thread.comments[i];
    let selected = app.view.selected == Some(i);
    let visuals = ui.visuals().clone();
    let (rect, response) =
        ui.allocate_exact_size(vec2(ui.available_width(), ROW_HEIGHT), Sense::click());
    let author = if c.author.is_empty() {
        "anonymous"
    } else {
        c.author.as_str()
    };
    let label = doc.labels.label(i);
    response.widget_info(|| {
        egui::WidgetInfo::selected(
            egui::Role::ListItem,
            true,
            selected,
            format!("Comment {} by {author}", c.id),
        )
    });
    if response.clicked() {
        commands.push(Command::Select(i));
    }

    let painter = ui.painter_at(rect);
    if selected {
        painter.rect_filled(rect, 4.0, visuals.selection.bg_fill);
    } else if response.hovered() {
        painter.rect_filled(rect, 4.0, visuals.widgets.hovered.weak_bg_fill);
    }

    // Indentation guides, one per level.
    let depth = c.depth.saturating_sub(1);
    let drawn_depth = depth.min(MAX_DRAWN_DEPTH);
    let guide = Stroke::new(1.0, visuals.widgets.noninteractive.bg_stroke.color);
    for level in 0..drawn_depth {
        let x = rect.left() + 8.0 + level as f32 * INDENT;
        painter.line_segment(
            [egui::pos2(x, rect.top()), egui::pos2(x, rect.bottom())],
            guide,
        );
    }
    let mut x = rect.left() + 4.0 + drawn_depth as f32 * INDENT;

    // Fold triangle.
    let has_children = !doc.children[i].is_empty();
    let folded = app.view.collapsed.contains(&i);
    let text_color = visuals.text_color();
    let weak = visuals.weak_text_color();
    if has_children && app.view.is_tree_mode() {
        let tri_rect = Rect::from_min_size(egui::pos2(x, rect.top()), vec2(16.0, ROW_HEIGHT));
        let tri = ui.interact(tri_rect, response.id.with("fold"), Sense::click());
        tri.widget_info(|| {
            egui::WidgetInfo::labeled(
                egui::Role::Button,
                true,
                format!(
                    "{} replies to {}",
                    if folded { "Show" } else { "Hide" },
                    c.id
                ),
            )
        });
        if tri.clicked() {
            commands.push(Command::ToggleCollapsed(i));
        }
        painter.text(
            tri_rect.center(),
            Align2::CENTER_CENTER,
            if folded { "▶" } else { "▼" },
            FontId::proportional(11.0),
            weak,
        );
    }
    x += 18.0;

    let mut inner = Rect::from_min_max(egui::pos2(x, rect.top()), rect.max);
    inner.max.x -= 4.0;
    let mut child = ui.new_child(
        UiBuilder::new()
            .max_rect(inner)
            .layout(egui::Layout::left_to_right(egui::Align::Center)),
    );
    // Within the list too: a row half out of view must not paint over the status bar.
    child.shrink_clip_rect(inner);

    // Right-hand side first so the preview takes what is left.
    child.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
        if let Some(name) = label {
            let color = app.labels.by_name(name).map_or(text_color, |l| {
                egui::Color32::from_rgb(l.color[0], l.color[1], l.color[2])
            });
            theme::label_chip(ui, &format!("✔ {name}"), color);
        }
        for cat in doc.checked.categories(i).iter().rev() {
            theme::badge(ui, cat, theme::category_color(cat, &visuals));
        }
        // What the platform says of the comment, in grey.
        let status = match (c.kind, c.status) {
            (_, crate::thread::CommentStatus::Visible)
                if c.kind == crate::thread::CommentKind::Pingback =>
            {
                "pingback"
            }
            (_, s) => s.as_str(),
        };
        if !status.is_empty() {
            theme::badge(ui, status, weak);
        }
        let replies = doc.descendants[i];
        if replies > 0 {
            let count = crate::counted(replies, "reply", "replies");
            let text = if folded {
                format!("+{replies} hidden")
            } else {
                count.clone()
            };
            ui.label(egui::RichText::new(text).small().color(weak))
                .on_hover_text(format!("{count} below this comment"));
        }
        ui.with_layout(egui::Layout::left_to_right(egui::Align::Center), |ui| {
            if depth > MAX_DRAWN_DEPTH {
                ui.label(
                    egui::RichText::new(format!("[depth {}]", c.depth))
                        .small()
                        .color(weak),
                );
            }
            ui.label(egui::RichText::new(short_id(&c.id)).small().color(weak))
                .on_hover_text(&c.id);
            if !c.author.is_empty() {
                ui.label(egui::RichText::new(&c.author).strong().color(text_color));
            }
            let preview = theme::preview(&c.text, 140);
            ui.add(egui::Label::new(egui::RichText::new(preview).color(text_color)).truncate());
        });
    });
}

/// The end of a deep comment's id ("…1.3.2" for "4.1.1.1.1.1.3.2"): the
/// indentation already shows the depth, and the preview keeps its room.
/// The comment view shows the whole path.
fn short_id(id: &str) -> std::borrow::Cow<'_, str> {
    const SHOWN: usize = 3;
    let parts = id.split('.').count();
    if parts <= SHOWN + 1 {
        return id.into();
    }
    let tail: Vec<&str> = id.split('.').skip(parts - SHOWN).collect();
    format!("…{}", tail.join(".")).into()
}

#[cfg(test)]
mod tests {
    use super::short_id;

    #[test]
    fn deep_ids_keep_their_end() {
        assert_eq!(short_id("3"), "3");
        assert_eq!(short_id("3.1.2.4"), "3.1.2.4");
        assert_eq!(short_id("3.1.2.4.5"), "…2.4.5");
        assert_eq!(short_id("1…#100000"), "1…#100000");
    }
}
