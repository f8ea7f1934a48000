//! The thread as a list of rows. Only the visible rows are laid out, so a
//! thread of 100,000 comments scrolls as fast as one of ten.

use egui::text::{LayoutJob, TextFormat};
use egui::{Align2, FontId, Rect, Sense, Stroke, Ui, UiBuilder, vec2};

use super::theme;
use crate::desk::commands::Command;
use crate::desk::state::author_name;
use crate::desk::view::SelectMode;
use crate::desk::{Commands, Desk};

const ROW_HEIGHT: f32 = 28.0;
const INDENT: f32 = 16.0;
/// Deeper replies are drawn at this depth, with the depth written out.
const MAX_DRAWN_DEPTH: usize = 16;

pub fn thread_list(ui: &mut Ui, desk: &Desk, out: &mut Commands) {
    if desk.doc.is_none() {
        ui.add_space(20.0);
        ui.vertical_centered(|ui| {
            if desk.busy.is_some() {
                ui.spinner();
                ui.label("Loading…");
            } else {
                ui.label("No article open.");
            }
        });
        return;
    };
    if let crate::desk::state::Filter::Author(author) = &desk.view.filter {
        author_header(ui, desk, out, author.clone());
    }
    let Some(doc) = desk.doc else {
        return;
    };
    if desk.view.rows.is_empty() {
        ui.add_space(20.0);
        ui.vertical_centered(|ui| {
            if doc.is_empty() {
                ui.label("This article has no comments.");
            } else {
                ui.label(format!(
                    "No comment matches “{}”.",
                    desk.view.filter.title()
                ));
            }
        });
        return;
    }

    let spacing = ui.spacing().item_spacing.y;
    let row_pitch = ROW_HEIGHT + spacing;
    let mut scroll = egui::ScrollArea::vertical().auto_shrink(false);
    if desk.view.scroll_to_selected {
        if let Some(row) = desk.view.selected.and_then(|s| desk.view.row_of(s)) {
            let (offset, height) = desk.list_viewport;
            let top = row as f32 * row_pitch;
            if top < offset || top + row_pitch > offset + height {
                scroll = scroll.vertical_scroll_offset((top - height / 2.0).max(0.0));
            }
        }
        out.push(Command::ScrolledTo(desk.view.selected));
    }

    let rows = &desk.view.rows;
    let output = scroll.show_rows(ui, ROW_HEIGHT, rows.len(), |ui, range| {
        for &i in &rows[range] {
            row(ui, desk, i, out);
        }
    });
    out.push(Command::ListLaidOut {
        offset: output.state.clamped_offset().y,
        height: output.inner_rect.height(),
        page_rows: (output.inner_rect.height() / row_pitch) as usize,
    });
}

fn row(ui: &mut Ui, desk: &Desk, i: usize, out: &mut Commands) {
    let Some(doc) = desk.doc else {
        return;
    };
    let c = &doc.thread.comments[i];
    let selected = desk.view.selected == Some(i);
    let marked = desk.view.marked.contains(&i);
    let visuals = ui.visuals().clone();
    // Not focusable: arrow keys move the selection, not egui's focus.
    let (rect, response) =
        ui.allocate_exact_size(vec2(ui.available_width(), ROW_HEIGHT), Sense::CLICK);
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
    // Select on press, not on release: a slow press or a press that wanders
    // a few pixels is not a click to egui, but is one to a moderator.
    let modifiers = ui.input(|input| input.modifiers);
    let mode = if modifiers.shift {
        SelectMode::Range
    } else if modifiers.command || modifiers.ctrl {
        SelectMode::Toggle
    } else {
        SelectMode::Only
    };
    if mode != SelectMode::Only {
        // On the click, once: a press that is held must not toggle every
        // frame, and a real window may deliver press and release together.
        if response.clicked() {
            out.push(Command::ClickRow(i, mode));
        }
    } else if (!selected || !desk.view.marked.is_empty())
        && (response.is_pointer_button_down_on() || response.clicked())
    {
        out.push(Command::ClickRow(i, SelectMode::Only));
    }

    let painter = ui.painter_at(rect);
    let bulk = !desk.view.marked.is_empty();
    if selected && (marked || !bulk) {
        painter.rect_filled(rect, 4.0, visuals.selection.bg_fill);
    } else if selected {
        // The cursor outside the selection: a label key does not reach it.
        painter.rect_stroke(
            rect.shrink(1.0),
            4.0,
            Stroke::new(1.5, visuals.selection.bg_fill),
            egui::StrokeKind::Inside,
        );
    } else if marked {
        painter.rect_filled(rect, 4.0, visuals.selection.bg_fill.gamma_multiply(0.45));
    } else if response.hovered() {
        painter.rect_filled(rect, 4.0, visuals.widgets.hovered.weak_bg_fill);
    }
    if marked {
        // A bar as well as the fill: the mark reads without colour vision.
        let bar = Rect::from_min_size(rect.min, vec2(3.0, ROW_HEIGHT));
        painter.rect_filled(bar, 1.0, visuals.selection.stroke.color);
    }

    // Indentation guides, one per level.
    let depth = c.depth.saturating_sub(1) as usize;
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
    let folded = desk.view.collapsed.contains(&i);
    let text_color = visuals.text_color();
    let weak = visuals.weak_text_color();
    if has_children && desk.view.is_tree_mode() {
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
            out.push(Command::ToggleCollapsed(i));
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
    // Selectable text would take the row's clicks (and a double click would
    // select a word): the whole row is one target.
    child.style_mut().interaction.selectable_labels = false;

    // Right-hand side first so the preview takes what is left.
    child.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
        if let Some(name) = label {
            let color = desk.labels.by_name(name).map_or(text_color, |l| {
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
                .on_hover_text(c.id.as_str());
            if !c.author.is_empty() {
                let name = egui::Label::new(
                    egui::RichText::new(c.author.as_str())
                        .strong()
                        .color(text_color),
                )
                .sense(Sense::click());
                let response = ui
                    .add(name)
                    .on_hover_cursor(egui::CursorIcon::PointingHand)
                    .on_hover_text(format!("Everything by {} (u)", c.author));
                if response.clicked() {
                    // The row under the click stays the current comment.
                    out.push(Command::ClickRow(i, SelectMode::Only));
                    out.push(Command::ShowAuthor(c.author.to_string()));
                }
            }
            let search = desk.view.search.trim();
            let preview = preview_near_match(&c.text, search);
            let font = egui::TextStyle::Body.resolve(ui.style());
            let marked = theme::search_highlight(&visuals);
            let job = highlighted_preview(&preview, search, font, text_color, marked);
            ui.add(egui::Label::new(job).truncate());
        });
    });
}

/// Above the author view: who, how much they wrote and how it was judged,
/// and one click to label it all.
fn author_header(ui: &mut Ui, desk: &Desk, out: &mut Commands, author: String) {
    let Some(doc) = desk.doc else {
        return;
    };
    let comments = doc.by_author(&author);
    let flagged = comments.iter().filter(|&&i| doc.is_flagged(i)).count();
    let labelled = comments
        .iter()
        .filter(|&&i| doc.labels.label(i).is_some())
        .count();
    egui::Frame::group(ui.style()).show(ui, |ui| {
        ui.set_width(ui.available_width());
        ui.horizontal_wrapped(|ui| {
            ui.label(
                egui::RichText::new(format!("Everything by {}", author_name(&author)))
                    .heading()
                    .strong(),
            );
            if ui
                .button("Back to all (u)")
                .on_hover_text("Show every comment again")
                .clicked()
            {
                out.push(Command::SetFilter(crate::desk::state::Filter::All));
            }
        });
        ui.label(format!(
            "{} · {flagged} flagged · {labelled} labelled",
            crate::counted(comments.len(), "comment", "comments"),
        ));
        ui.horizontal_wrapped(|ui| {
            ui.label("Label all by this author:");
            for (k, label) in desk.labels.labels.iter().enumerate() {
                let color = theme::label_color(label.color, ui.visuals());
                let text = egui::RichText::new(&label.name).color(color);
                if ui
                    .button(text)
                    .on_hover_text(format!(
                        "Label all {} comments by {} {}; one undo takes it back",
                        comments.len(),
                        author_name(&author),
                        label.name
                    ))
                    .clicked()
                {
                    out.push(Command::LabelAuthor(k));
                }
            }
        });
    });
}

/// The row's preview: the start of the text, or, when the search matches
/// further in, the words just before the first match, so the row shows why
/// it is in the list.
fn preview_near_match(text: &str, search: &str) -> String {
    const SHOWN: usize = 140;
    const BEFORE: usize = 30;
    let preview = theme::preview(text, SHOWN);
    // The preview first: most rows show their match there, and a long
    // comment is then not searched again every frame.
    if search.is_empty() || crate::desk::search::contains_ignoring_case(&preview, search) {
        return preview;
    }
    let Some(first) = crate::desk::search::find_ignoring_case(text, search, 0) else {
        return preview;
    };
    let start = text[..first.start]
        .char_indices()
        .rev()
        .nth(BEFORE)
        .map_or(0, |(b, _)| b);
    format!("…{}", theme::preview(&text[start..], SHOWN))
}

/// `preview` with every match of `search` on a highlight.
fn highlighted_preview(
    preview: &str,
    search: &str,
    font: egui::FontId,
    color: egui::Color32,
    marked: egui::Color32,
) -> LayoutJob {
    let plain = TextFormat::simple(font, color);
    let hit = TextFormat {
        background: marked,
        ..plain.clone()
    };
    let mut job = LayoutJob::default();
    let mut at = 0;
    for range in crate::desk::search::match_ranges(preview, search) {
        job.append(&preview[at..range.start], 0.0, plain.clone());
        job.append(&preview[range.clone()], 0.0, hit.clone());
        at = range.end;
    }
    job.append(&preview[at..], 0.0, plain);
    job
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
    use super::{highlighted_preview, preview_near_match, short_id};

    #[test]
    fn the_search_is_marked_in_the_preview() {
        let marked = egui::Color32::YELLOW;
        let job = highlighted_preview(
            "Erdogan said erdogan",
            "erdogan",
            egui::FontId::default(),
            egui::Color32::BLACK,
            marked,
        );
        let hits: Vec<&str> = job
            .sections
            .iter()
            .filter(|s| s.format.background == marked)
            .map(|s| &job.text[s.byte_range.start.0..s.byte_range.end.0])
            .collect();
        assert_eq!(hits, ["Erdogan", "erdogan"]);
        let plain = highlighted_preview(
            "nothing here",
            "",
            egui::FontId::default(),
            egui::Color32::BLACK,
            marked,
        );
        assert!(plain.sections.iter().all(|s| s.format.background != marked));
    }

    #[test]
    fn a_late_match_moves_the_preview_to_it() {
        let text = format!("{} needle at the end", "word ".repeat(60));
        let preview = preview_near_match(&text, "NEEDLE");
        assert!(preview.starts_with('…'), "{preview}");
        assert!(preview.contains("needle"), "{preview}");
        assert!(!preview_near_match("short needle", "needle").starts_with('…'));
    }

    #[test]
    fn deep_ids_keep_their_end() {
        assert_eq!(short_id("3"), "3");
        assert_eq!(short_id("3.1.2.4"), "3.1.2.4");
        assert_eq!(short_id("3.1.2.4.5"), "…2.4.5");
        assert_eq!(short_id("1…#100000"), "1…#100000");
    }
}
