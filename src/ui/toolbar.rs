//! The menu bar and the filter bar.

use egui::{Button, Ui};

use super::theme;
use crate::desk::commands::{Command, UiCommand};
use crate::desk::state::Filter;
use crate::desk::{Commands, Desk};

/// A menu entry for a command, with its shortcut and tooltip.
pub fn command_button(ui: &mut Ui, out: &mut Commands, command: UiCommand, enabled: bool) {
    let mut button = Button::new(command.text());
    if let Some(shortcut) = command.shortcuts().first() {
        button = button.shortcut_text(ui.ctx().format_shortcut(shortcut));
    }
    let response = ui
        .add_enabled(enabled, button)
        .on_hover_text(command.tooltip());
    if response.clicked() {
        out.push(command);
        ui.close();
    }
}

fn toggle(ui: &mut Ui, out: &mut Commands, command: UiCommand, on: bool) {
    let mut button = Button::selectable(on, command.text());
    if let Some(shortcut) = command.shortcuts().first() {
        button = button.shortcut_text(ui.ctx().format_shortcut(shortcut));
    }
    if ui.add(button).on_hover_text(command.tooltip()).clicked() {
        out.push(command);
        ui.close();
    }
}

pub fn menu_bar(ui: &mut Ui, desk: &Desk, out: &mut Commands) {
    let has_doc = desk.doc.is_some();
    egui::MenuBar::new().ui(ui, |ui| {
        ui.menu_button("File", |ui| {
            command_button(ui, out, UiCommand::Open, true);
            ui.menu_button("Open Recent", |ui| {
                if desk.settings.recent_files.is_empty() {
                    ui.label("No recent files");
                }
                for path in desk.settings.recent_files.clone() {
                    if ui.button(path.display().to_string()).clicked() {
                        out.push(Command::OpenPath(path));
                        ui.close();
                    }
                }
            });
            if ui.button("Open the sample article").clicked() {
                out.push(Command::OpenSample);
                ui.close();
            }
            ui.separator();
            command_button(ui, out, UiCommand::Export, has_doc);
            ui.separator();
            command_button(ui, out, UiCommand::Quit, true);
        });
        ui.menu_button("Edit", |ui| {
            let (undo, redo) = desk.doc.map_or((false, false), |d| {
                (d.labels.can_undo(), d.labels.can_redo())
            });
            command_button(ui, out, UiCommand::Undo, undo);
            command_button(ui, out, UiCommand::Redo, redo);
            ui.separator();
            command_button(ui, out, UiCommand::AcceptSuggestion, has_doc);
            command_button(ui, out, UiCommand::ClearLabel, has_doc);
            command_button(ui, out, UiCommand::NextFlagged, has_doc);
            ui.separator();
            command_button(ui, out, UiCommand::ExtendDown, has_doc);
            command_button(ui, out, UiCommand::ExtendUp, has_doc);
            command_button(ui, out, UiCommand::SelectSubthread, has_doc);
            command_button(ui, out, UiCommand::SelectAllShown, has_doc);
            ui.separator();
            let selected = desk
                .doc
                .as_ref()
                .zip(desk.view.selected)
                .and_then(|(d, i)| d.thread.comments.get(i));
            let has_url = selected.is_some_and(|c| !c.url().is_empty());
            let has_selection = selected.is_some();
            command_button(ui, out, UiCommand::OpenOnSite, has_url);
            command_button(ui, out, UiCommand::CopyId, has_selection);
        });
        ui.menu_button("View", |ui| {
            toggle(
                ui,
                out,
                UiCommand::ToggleArticle,
                desk.settings.show_article,
            );
            toggle(ui, out, UiCommand::ToggleParent, desk.settings.show_parent);
            toggle(
                ui,
                out,
                UiCommand::ToggleAdvance,
                desk.settings.advance_after_label,
            );
            ui.separator();
            command_button(ui, out, UiCommand::Search, has_doc);
            command_button(ui, out, UiCommand::AuthorView, has_doc);
            command_button(ui, out, UiCommand::PendingQueue, has_doc);
            command_button(ui, out, UiCommand::DisagreementsQueue, has_doc);
            command_button(ui, out, UiCommand::Summary, has_doc);
            ui.separator();
            ui.horizontal(|ui| {
                let label = ui.label("Moderator:");
                let mut name = desk.settings.moderator.clone();
                let response = ui
                    .add(egui::TextEdit::singleline(&mut name).desired_width(140.0))
                    .labelled_by(label.id)
                    .on_hover_text(
                        "Your name, written with every label into the journal and the CSV",
                    );
                if response.changed() {
                    out.push(Command::SetModerator(name));
                }
            });
        });
        ui.menu_button("Rules", |ui| {
            command_button(ui, out, UiCommand::LoadRules, has_doc);
            command_button(ui, out, UiCommand::ReloadRules, has_doc);
            ui.separator();
            command_button(ui, out, UiCommand::LearnFromLabels, has_doc);
            let can_go_back = desk.can_go_back_rules;
            command_button(ui, out, UiCommand::PreviousRules, can_go_back);
        });
        ui.menu_button("Help", |ui| {
            command_button(ui, out, UiCommand::Help, true);
        });
    });
}

pub fn filter_bar(ui: &mut Ui, desk: &Desk, out: &mut Commands) {
    let Some(doc) = desk.doc else {
        ui.add_space(2.0);
        return;
    };
    let mut filters = vec![
        Filter::Pending,
        Filter::Disagreements,
        Filter::All,
        Filter::Flagged,
        Filter::Unlabelled,
    ];
    filters.extend(doc.categories().into_iter().map(Filter::Category));
    let label_filters: Vec<Filter> = desk
        .labels
        .labels
        .iter()
        .map(|l| Filter::Label(l.name.clone()))
        .collect();
    let counts: Vec<usize> = filters.iter().map(|f| doc.count(f)).collect();
    let label_counts: Vec<usize> = label_filters.iter().map(|f| doc.count(f)).collect();
    let mut chosen = None;
    let mut other_thread = None;
    let choices = doc.thread.choices.clone();
    let current = doc.thread.chosen.clone().unwrap_or_default();
    ui.horizontal_wrapped(|ui| {
        if choices.len() > 1 {
            let title = choices
                .iter()
                .find(|c| c.id == current)
                .map_or_else(|| current.clone(), |c| theme::preview(&c.title, 40));
            ui.label("Thread:");
            egui::ComboBox::from_id_salt("thread-picker")
                .selected_text(title)
                .show_ui(ui, |ui| {
                    for c in &choices {
                        let text =
                            format!("{} ({} comments)", theme::preview(&c.title, 60), c.comments);
                        if ui.selectable_label(c.id == current, text).clicked() && c.id != current {
                            other_thread = Some(c.id.clone());
                        }
                    }
                });
            ui.separator();
        }
        ui.label("Queues:");
        for (k, (filter, count)) in filters.iter().zip(counts).enumerate() {
            if k == 2 {
                ui.separator();
                ui.label("Show:");
            }
            let text = match filter {
                Filter::Category(c) => format!("{c} ({count})"),
                other => format!("{} ({count})", other.title()),
            };
            let selected = desk.view.filter == *filter;
            let mut rich = egui::RichText::new(text);
            if let Filter::Category(c) = filter {
                rich = rich.color(theme::category_color(c, ui.visuals()));
            }
            let hover = match filter {
                Filter::Category(c) => format!("Comments the rules flagged {c}"),
                Filter::All => "Every comment, as a tree".to_string(),
                Filter::Flagged => "Comments any rule flagged".to_string(),
                Filter::Pending => UiCommand::PendingQueue.tooltip().to_string(),
                Filter::Disagreements => UiCommand::DisagreementsQueue.tooltip().to_string(),
                _ => "Comments without a label yet".to_string(),
            };
            if ui
                .selectable_label(selected, rich)
                .on_hover_text(hover)
                .clicked()
                && !selected
            {
                chosen = Some(filter.clone());
            }
        }
        let current = match &desk.view.filter {
            Filter::Label(l) => format!("Labelled {l}"),
            _ => "Labelled…".to_string(),
        };
        egui::ComboBox::from_id_salt("label-filter")
            .selected_text(current)
            .show_ui(ui, |ui| {
                for (filter, count) in label_filters.iter().zip(label_counts) {
                    let Filter::Label(name) = filter else {
                        continue;
                    };
                    let selected = desk.view.filter == *filter;
                    if ui
                        .selectable_label(selected, format!("{name} ({count})"))
                        .clicked()
                        && !selected
                    {
                        chosen = Some(filter.clone());
                    }
                }
            })
            .response
            // Screen readers name it by what it does, not by its "Labelled…" text.
            .widget_info(|| egui::WidgetInfo::labeled(egui::Role::ComboBox, true, "Show by label"));
        ui.separator();
        let label = ui.label("Search:");
        // Edited on a copy: the change reaches the view as a command.
        let mut search = desk.view.search.clone();
        let response = ui.add(
            egui::TextEdit::singleline(&mut search)
                .hint_text("text or author  ( / )")
                .desired_width(200.0),
        );
        let response = response.labelled_by(label.id);
        if desk.focus_search {
            response.request_focus();
            out.push(Command::SearchFocused);
        }
        if response.changed() {
            out.push(Command::SetSearch(search));
        }
        if !desk.view.search.is_empty()
            && ui
                .small_button("✖")
                .on_hover_text("Clear the search")
                .clicked()
        {
            out.push(Command::SetSearch(String::new()));
        }
    });
    if let Some(filter) = chosen {
        out.push(Command::SetFilter(filter));
    }
    if let Some(id) = other_thread {
        out.push(Command::OpenThread(id));
    }
}
