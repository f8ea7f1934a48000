//! Times the real app on a big thread without a display (egui_kittest):
//! `cargo run --release --example gui_frame -- FILE`.
//! Prints the time to the first interactive frame and the median wall time
//! of frames while scrolling (j) and labelling (1).

use std::time::{Duration, Instant};

#[path = "../benches/app_harness.rs"]
mod app_harness;

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn main() {
    let data = tempfile::tempdir().expect("a temporary folder");
    // A copy: the timed frames label comments, and labels are journaled
    // beside the file opened, which must not be the moderator's own.
    let file = std::env::args().nth(1).map(|given| {
        let given = std::path::PathBuf::from(given);
        let copy = data.path().join(given.file_name().unwrap_or_default());
        std::fs::copy(&given, &copy).expect("a readable file");
        copy
    });
    let start = Instant::now();
    let mut harness = app_harness::open(file.as_deref(), data.path());
    let first = start.elapsed();
    app_harness::wait_for_flags(&mut harness);
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
