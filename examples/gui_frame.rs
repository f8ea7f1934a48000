//! Times the real app on a big thread without a display (egui_kittest):
//! `cargo run --release --example gui_frame -- FILE`.
//! Prints the time to the first interactive frame and the median CPU time
//! of frames while scrolling (j) and labelling (1).

use std::time::{Duration, Instant};

use egui_kittest::Harness;
use threadmod::app::dialogs::ScriptedDialogs;
use threadmod::app::{AppOptions, ThreadmodApp};

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn main() {
    let file = std::env::args().nth(1).map(std::path::PathBuf::from);
    let data = tempfile::tempdir().expect("a temporary folder");
    let options = AppOptions {
        file,
        dialogs: Box::new(ScriptedDialogs::default()),
        persist_settings: false,
        data_dir: Some(data.path().to_path_buf()),
        ..AppOptions::default()
    };
    let start = Instant::now();
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1280.0, 800.0))
        .build_eframe(|cc| ThreadmodApp::new(cc, options));
    // Interactive: the thread is shown and takes keys (flags may follow).
    while harness.state().doc.is_none() {
        harness.step();
        std::thread::sleep(Duration::from_millis(1));
    }
    harness.step();
    let first = start.elapsed();
    while harness.state().is_busy() {
        harness.step();
        std::thread::sleep(Duration::from_millis(1));
    }
    let flagged = start.elapsed();
    let n = harness.state().doc.as_ref().map_or(0, |d| d.len());
    let mut scroll = Vec::new();
    for _ in 0..60 {
        harness.key_press(egui::Key::J);
        let t = Instant::now();
        harness.step();
        scroll.push(t.elapsed());
    }
    let mut label = Vec::new();
    for _ in 0..60 {
        harness.key_press(egui::Key::Num1);
        let t = Instant::now();
        harness.step();
        label.push(t.elapsed());
    }
    println!(
        "{n} comments: first interactive frame after {first:?}, flags shown after {flagged:?}; frame while scrolling {:?} (median), while labelling {:?} (median)",
        median(scroll),
        median(label)
    );
}
