//! The real app in egui_kittest (no display or GPU), opened on a file and
//! driven until it takes keys: shared by the gui_frame bench and example.

use std::path::Path;
use std::time::Duration;

use egui_kittest::Harness;
use threadmod::app::dialogs::ScriptedDialogs;
use threadmod::app::{AppOptions, ThreadmodApp};

/// The app with `file` (or the bundled sample) open and taking keys; its
/// rules may still run. Settings and journals of the sample go to `data`.
pub fn open(file: Option<&Path>, data: &Path) -> Harness<'static, ThreadmodApp> {
    let options = AppOptions {
        file: file.map(Path::to_path_buf),
        dialogs: Box::new(ScriptedDialogs::default()),
        persist_settings: false,
        settings: None,
        data_dir: Some(data.to_path_buf()),
        ..AppOptions::default()
    };
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1280.0, 800.0))
        .build_eframe(|cc| ThreadmodApp::new(cc, options));
    while harness.state().doc.is_none() {
        harness.step();
        std::thread::sleep(Duration::from_millis(1));
    }
    harness.step();
    harness
}

/// Steps the app until its rules are done and the flags are shown.
pub fn wait_for_flags(harness: &mut Harness<'static, ThreadmodApp>) {
    while harness.state().is_busy() {
        harness.step();
        std::thread::sleep(Duration::from_millis(1));
    }
}
