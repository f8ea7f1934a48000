//! The keyboard and dropped files, turned into commands. Overlays take
//! the keys first.

use std::path::PathBuf;

use egui::Key;

use super::ThreadmodApp;
use crate::desk::commands::{Command, UiCommand};

impl ThreadmodApp {
    /// Turns key presses into commands. Single keys only act when no text
    /// field has focus, so typing a note never labels a comment.
    pub(super) fn read_keyboard(&mut self, ctx: &egui::Context) {
        if self.has_overlay() {
            self.read_keyboard_under_overlay(ctx);
        } else {
            self.read_desk_keys(ctx);
        }
    }

    /// The desk's keys: shortcuts and label keys when no text field has
    /// focus; Esc leaves a text field, or else forgets the selected
    /// comments, or else dismisses the message.
    pub(super) fn read_desk_keys(&mut self, ctx: &egui::Context) {
        if !self.view.marked.is_empty()
            && !ctx.egui_wants_keyboard_input()
            && ctx.input_mut(|i| i.consume_key(egui::Modifiers::NONE, Key::Escape))
        {
            self.push(UiCommand::ClearSelection);
            return;
        }
        if self.message.is_some()
            && !ctx.egui_wants_keyboard_input()
            && ctx.input_mut(|i| i.consume_key(egui::Modifiers::NONE, Key::Escape))
        {
            self.message = None;
            return;
        }
        if ctx.egui_wants_keyboard_input() {
            // Escape leaves a text field for the list; nothing else is a shortcut.
            if ctx.input_mut(|i| i.consume_key(egui::Modifiers::NONE, Key::Escape)) {
                ctx.memory_mut(|m| {
                    if let Some(id) = m.focused() {
                        m.surrender_focus(id);
                    }
                });
            }
            return;
        }
        let mut found = Vec::new();
        ctx.input_mut(|input| {
            for (command, shortcut) in UiCommand::by_specificity() {
                let plain = !(shortcut.modifiers.command || shortcut.modifiers.ctrl);
                if plain && (input.modifiers.command || input.modifiers.ctrl || input.modifiers.alt)
                {
                    continue;
                }
                if input.consume_shortcut(&shortcut) {
                    found.push(Command::Ui(command));
                }
            }
            if input.modifiers.command || input.modifiers.ctrl || input.modifiers.alt {
                return;
            }
            for (i, label) in self.labels.labels.iter().enumerate() {
                if let Some(key) = Key::from_name(&label.key.to_string())
                    && input.consume_key(egui::Modifiers::NONE, key)
                {
                    found.push(Command::Label(i));
                }
            }
        });
        self.commands.extend(found);
    }

    /// True while a window floats over the desk: the shortcuts or the
    /// rules change.
    pub fn has_overlay(&self) -> bool {
        self.show_help
            || self.show_summary
            || self.rules_diff.is_some()
            || self.learned.is_some()
            || self.moderator_prompt.is_some()
    }

    /// Esc closes the topmost overlay before it does anything else. The
    /// shortcuts overlay hides the list, so while it is open no key reaches
    /// the list or a text field behind it; the rules change leaves the desk
    /// in view and its keys working.
    pub(super) fn read_keyboard_under_overlay(&mut self, ctx: &egui::Context) {
        // The name prompt's field takes every key; it closes with a name.
        if self.moderator_prompt.is_some() {
            return;
        }
        let escape = ctx.input_mut(|i| i.consume_key(egui::Modifiers::NONE, Key::Escape));
        if escape {
            if self.show_help {
                self.show_help = false;
            } else if self.show_summary {
                self.show_summary = false;
            } else if self.learned.is_some() {
                self.learned = None;
            } else {
                self.rules_diff = None;
            }
            return;
        }
        if !self.show_help && !self.show_summary {
            self.read_desk_keys(ctx);
            return;
        }
        let toggle = if self.show_help {
            UiCommand::Help
        } else {
            UiCommand::Summary
        };
        let shortcuts = toggle.shortcuts();
        let closes = ctx.input_mut(|i| shortcuts.iter().any(|s| i.consume_shortcut(s)));
        if closes {
            self.show_help = false;
            self.show_summary = false;
        }
        ctx.input_mut(|i| {
            i.events
                .retain(|e| !matches!(e, egui::Event::Text(_) | egui::Event::Key { .. }));
        });
    }

    pub(super) fn read_dropped_files(&mut self, ctx: &egui::Context) {
        let dropped: Vec<PathBuf> = ctx.input(|i| {
            i.raw
                .dropped_files
                .iter()
                .map(|f| f.path().to_path_buf())
                .filter(|p| !p.as_os_str().is_empty())
                .collect()
        });
        if let Some(path) = dropped.into_iter().next() {
            self.push(Command::OpenPath(path));
        }
    }
}
