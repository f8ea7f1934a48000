//! The selected comment: where it sits, what it answers, its text with every
//! finding's words highlighted, the findings, the label buttons and a note.

use egui::text::{LayoutJob, TextFormat};
use egui::{RichText, Ui};

use super::theme;
use crate::desk::commands::{Command, UiCommand};
use crate::desk::{Commands, Desk};
use crate::rules::Finding;
use crate::thread::Comment;

pub fn comment_view(ui: &mut Ui, desk: &Desk, out: &mut Commands) {
    let (Some(_), Some(i)) = (&desk.doc, desk.view.selected) else {
        if desk.doc.is_some() {
            ui.label("Select a comment in the list (j/k or ↓/↑).");
        }
        return;
    };

    // The label bar stays in view while the text scrolls.
    egui::Panel::bottom("label-bar")
        .frame(egui::Frame::new().inner_margin(egui::Margin::symmetric(0, 6)))
        .show(ui, |ui| label_buttons(ui, desk, out, i));

    egui::ScrollArea::vertical()
        .id_salt("comment")
        .auto_shrink(false)
        .show(ui, |ui| {
            let Some(doc) = desk.doc else {
                return;
            };
            let comment = &doc.thread.comments[i];
            let findings = &doc.checked.findings[i];
            let highlights = doc.checked.highlights.get(i).map_or(&[][..], Vec::as_slice);
            let shown: Vec<&Finding> = doc.checked.shown(i).collect();
            // Path: 1 › 2 › 2.1, each a link; a top-level comment has none.
            let path = doc.path_of(i);
            ui.horizontal_wrapped(|ui| {
                if path.len() < 2 {
                    return;
                }
                for (k, &p) in path.iter().enumerate() {
                    if k > 0 {
                        ui.label("›");
                    }
                    let id = doc.thread.comments[p].id.as_str();
                    if p == i {
                        ui.label(RichText::new(id).strong());
                    } else if ui.link(id).on_hover_text("Go to this comment").clicked() {
                        out.push(Command::Select(p));
                    }
                }
            });
            let author = if comment.author.is_empty() {
                "anonymous"
            } else {
                &comment.author
            };
            ui.horizontal_wrapped(|ui| {
                ui.heading(format!("Comment {} ·", comment.id));
                let link = egui::Link::new(RichText::new(author).heading());
                if ui
                    .add(link)
                    .on_hover_text(format!("Everything by {author} in this article (u)"))
                    .clicked()
                {
                    out.push(Command::ShowAuthor(comment.author.to_string()));
                }
            });
            let mut meta = Vec::new();
            if !comment.posted_at.is_empty() {
                meta.push(comment.posted_at.to_string());
            }
            meta.push(crate::counted(comment.word_count(), "word", "words"));
            let replies = doc.children[i].len();
            if replies > 0 {
                meta.push(crate::counted(replies, "direct reply", "direct replies"));
            }
            if comment.kind == crate::thread::CommentKind::Pingback {
                meta.push("pingback".into());
            }
            if comment.status != crate::thread::CommentStatus::Visible {
                meta.push(comment.status.as_str().to_string());
            }
            if comment.hidden_replies > 0 {
                meta.push(format!(
                    "{} not loaded",
                    crate::counted(
                        comment.hidden_replies as usize,
                        "more reply",
                        "more replies"
                    )
                ));
            }
            if !comment.source_id().is_empty() {
                meta.push(format!("id {}", comment.source_id()));
            }
            if comment.source_line > 0 {
                meta.push(format!("line {}", comment.source_line));
            }
            ui.label(RichText::new(meta.join(" · ")).color(ui.visuals().weak_text_color()));
            ui.add_space(6.0);

            if let Some(p) = comment.parent {
                let parent = &doc.thread.comments[p];
                let title = format!(
                    "In reply to {} ({})",
                    if parent.author.is_empty() {
                        "anonymous"
                    } else {
                        &parent.author
                    },
                    parent.id
                );
                let open = desk.settings.show_parent;
                let header = egui::CollapsingHeader::new(title)
                    .id_salt("parent")
                    .open(Some(open))
                    .show(ui, |ui| {
                        egui::Frame::group(ui.style()).show(ui, |ui| {
                            ui.set_width(ui.available_width());
                            ui.label(
                                RichText::new(parent.text.as_str())
                                    .color(ui.visuals().weak_text_color()),
                            );
                        });
                    });
                if header.header_response.clicked() {
                    out.push(Command::Ui(UiCommand::ToggleParent));
                }
                ui.add_space(4.0);
            }

            egui::Frame::new()
                .inner_margin(egui::Margin::symmetric(2, 6))
                .show(ui, |ui| highlighted_text(ui, comment, &shown));
            ui.add_space(8.0);

            if doc.checking {
                ui.horizontal(|ui| {
                    ui.spinner();
                    ui.label("The rules are checking the thread…");
                });
            } else {
                findings_list(ui, comment, findings);
                highlights_list(ui, comment, highlights);
            }
            let others = &doc.others[i];
            if !others.is_empty() {
                ui.add_space(6.0);
                let text: Vec<String> = others
                    .iter()
                    .map(|(who, label)| {
                        format!(
                            "{}: {}",
                            if who.is_empty() { "unnamed" } else { who },
                            label.as_deref().unwrap_or("no label")
                        )
                    })
                    .collect();
                ui.label(
                    RichText::new(format!("Labels by moderator — {}", text.join(" · "))).strong(),
                );
            }
        });
}

/// The text with each finding's words on a category-coloured background;
/// hovering a word shows the rule and reason. Flags come first in
/// `findings`, so where a flag and a highlight cover the same word, the
/// flag's colour shows.
fn highlighted_text(ui: &mut Ui, comment: &Comment, findings: &[&Finding]) {
    let text = &comment.text;
    let visuals = ui.visuals().clone();
    let font = egui::TextStyle::Body.resolve(ui.style());
    // Per byte, the first finding covering it.
    let mut owner: Vec<Option<usize>> = vec![None; text.len()];
    for (f, finding) in findings.iter().enumerate() {
        for span in &finding.spans {
            for slot in owner.get_mut(span.clone()).into_iter().flatten() {
                slot.get_or_insert(f);
            }
        }
    }
    let mut job = LayoutJob::default();
    let mut start = 0;
    while start < text.len() {
        let who = owner[start];
        let mut end = start + 1;
        while end < text.len() && (owner[end] == who || !text.is_char_boundary(end)) {
            end += 1;
        }
        let mut format = TextFormat::simple(font.clone(), visuals.text_color());
        if let Some(f) = who {
            let cat = &findings[f].category;
            format.background = theme::highlight_color(cat, &visuals);
            format.underline = egui::Stroke::new(1.5, theme::category_color(cat, &visuals));
        }
        job.append(&text[start..end], 0.0, format);
        start = end;
    }
    job.wrap.max_width = ui.available_width();
    let (pos, galley, response) = egui::Label::new(job)
        .sense(egui::Sense::hover())
        .selectable(false)
        .layout_in_ui(ui);
    ui.painter()
        .galley(pos, galley.clone(), visuals.text_color());
    if let Some(hover) = response.hover_pos() {
        let cursor = galley.cursor_from_pos(hover - pos);
        let byte = text
            .char_indices()
            .nth(cursor.index.0)
            .map_or(text.len(), |(b, _)| b);
        if let Some(f) = owner.get(byte).copied().flatten() {
            let finding = &findings[f];
            response.on_hover_ui_at_pointer(|ui| {
                ui.label(
                    RichText::new(format!("{} · {}", finding.category, finding.rule_id)).strong(),
                );
                ui.label(&*finding.reason);
            });
        }
    }
}

/// The words a finding covers, each «quoted» and cut short when long.
fn quoted_words(comment: &Comment, f: &Finding) -> String {
    let words: Vec<String> = f
        .spans
        .iter()
        .filter_map(|s| comment.text.get(s.clone()))
        .map(|w| format!("«{}»", theme::preview(w, 40)))
        .collect();
    words.join(" ")
}

/// The words highlighted without flagging the comment, by rule.
fn highlights_list(ui: &mut Ui, comment: &Comment, highlights: &[Finding]) {
    if highlights.is_empty() {
        return;
    }
    ui.add_space(4.0);
    ui.label(RichText::new("Highlighted (not flagged)").strong());
    let visuals = ui.visuals().clone();
    for f in highlights {
        ui.horizontal_wrapped(|ui| {
            theme::badge(
                ui,
                &f.category,
                theme::category_color(&f.category, &visuals),
            );
            ui.label(RichText::new(&*f.rule_id).monospace());
            ui.label(RichText::new(quoted_words(comment, f)).strong());
            ui.label(format!("— {}", f.reason));
        });
    }
}

fn findings_list(ui: &mut Ui, comment: &Comment, findings: &[Finding]) {
    if findings.is_empty() {
        ui.label(
            RichText::new("No rule flagged this comment.").color(ui.visuals().weak_text_color()),
        );
        return;
    }
    ui.label(RichText::new("Why it was flagged").strong());
    let visuals = ui.visuals().clone();
    for f in findings {
        ui.horizontal_wrapped(|ui| {
            theme::badge(
                ui,
                &f.category,
                theme::category_color(&f.category, &visuals),
            );
            ui.label(RichText::new(format!("{} ({})", f.rule_id, f.severity.as_str())).monospace());
            let mut what = quoted_words(comment, f);
            if let Some(m) = &f.measure {
                what = if what.is_empty() {
                    m.clone()
                } else {
                    format!("{m}: {what}")
                };
            }
            ui.label(RichText::new(what).strong());
            ui.label(format!("— {}", f.reason));
        });
    }
}

fn label_buttons(ui: &mut Ui, desk: &Desk, out: &mut Commands, i: usize) {
    let Some(doc) = desk.doc else {
        return;
    };
    let current = doc.labels.label(i).map(str::to_string);
    let suggestion = doc.suggestion(i, desk.labels);
    let bulk = desk.view.marked.len();
    if bulk > 0 {
        ui.horizontal_wrapped(|ui| {
            ui.label(
                RichText::new(format!(
                    "Label {bulk} selected comments at once (one undo step)"
                ))
                .strong(),
            );
            if ui
                .button("Just this one (Esc)")
                .on_hover_text(UiCommand::ClearSelection.tooltip())
                .clicked()
            {
                out.push(Command::Ui(UiCommand::ClearSelection));
            }
        });
    } else {
        ui.label(RichText::new("Label").strong());
    }
    ui.horizontal_wrapped(|ui| {
        for (k, label) in desk.labels.labels.iter().enumerate() {
            let on = current.as_deref() == Some(label.name.as_str());
            let color = theme::label_color(label.color, ui.visuals());
            // The current label is filled with its colour and ticked, so it
            // reads at a glance (and without colour vision).
            let (text, fill, stroke) = if on {
                let ink = theme::ink_on(color);
                let text = RichText::new(format!("✔ {}  {}", label.key, label.name))
                    .color(ink)
                    .strong();
                (text, color, egui::Stroke::new(2.0, ink))
            } else {
                let text = RichText::new(format!("{}  {}", label.key, label.name)).color(color);
                let fill = ui.visuals().widgets.inactive.bg_fill;
                (text, fill, egui::Stroke::new(1.0, color))
            };
            let mut text = text;
            let mut hover = if bulk > 0 {
                format!(
                    "Press {} to label all {bulk} selected {}",
                    label.key, label.name
                )
            } else if on {
                format!("This comment is labelled {}", label.name)
            } else {
                format!("Press {} to label this comment {}", label.key, label.name)
            };
            if suggestion == Some(k) && current.is_none() {
                hover.push_str(" (suggested by the rules: Enter)");
                text = text.underline();
            }
            if ui
                .add(
                    egui::Button::new(text)
                        .selected(on)
                        .fill(fill)
                        .stroke(stroke)
                        .min_size(egui::vec2(72.0, 26.0)),
                )
                .on_hover_text(hover)
                .clicked()
            {
                out.push(Command::Label(k));
            }
        }
        if current.is_some()
            && ui
                .button("Clear (0)")
                .on_hover_text(UiCommand::ClearLabel.tooltip())
                .clicked()
        {
            out.push(Command::Ui(UiCommand::ClearLabel));
        }
    });
    // Once the moderator has decided, the rules' guess is noise.
    let suggestion = suggestion.filter(|_| current.is_none());
    if let Some(s) = suggestion.and_then(|k| desk.labels.labels.get(k)) {
        ui.label(
            RichText::new(format!("Suggested: {} — press Enter to accept", s.name))
                .color(ui.visuals().weak_text_color()),
        );
    }
    let mut advance = desk.settings.advance_after_label;
    if ui
        .checkbox(&mut advance, UiCommand::ToggleAdvance.text())
        .on_hover_text(UiCommand::ToggleAdvance.tooltip())
        .changed()
    {
        out.push(Command::Ui(UiCommand::ToggleAdvance));
    }
    ui.add_space(6.0);
    let note_label = ui.label("Note");
    let mut note = doc
        .labels
        .decision(i)
        .map(|d| d.note.clone())
        .unwrap_or_default();
    let response = ui
        .add(
            egui::TextEdit::multiline(&mut note)
                .hint_text("Why this label? (kept with the export)")
                .desired_rows(2)
                .desired_width(f32::INFINITY),
        )
        .labelled_by(note_label.id);
    if desk.focus_note {
        response.request_focus();
        out.push(Command::NoteFocused);
    }
    if response.changed() {
        out.push(Command::SetNote(i, note));
    }
    if response.lost_focus() {
        out.push(Command::CloseNote);
    }
}
