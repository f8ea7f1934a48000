//! Criterion benchmarks of the real app on a generated thread of 100k
//! comments, through egui_kittest (no display or GPU): opening the file to
//! the first interactive frame, and one frame while scrolling (j) and while
//! labelling (1). `cargo bench --bench gui_frame`.

use std::time::{Duration, Instant};

use criterion::{Criterion, criterion_group, criterion_main};

mod app_harness;
mod thread_gen;

use app_harness::{open, wait_for_flags};

const COMMENTS: usize = 100_000;

fn frames(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let file = dir.path().join("thread.txt");
    std::fs::write(&file, thread_gen::thread(COMMENTS)).expect("writable temporary folder");

    let mut group = c.benchmark_group("gui_100k");
    group.sample_size(10);
    group.bench_function("open_to_first_frame", |b| {
        b.iter_custom(|iterations| {
            let mut total = Duration::ZERO;
            for _ in 0..iterations {
                let start = Instant::now();
                let mut harness = open(Some(&file), dir.path());
                total += start.elapsed();
                // Let its rules finish untimed, so they do not slow the next run.
                wait_for_flags(&mut harness);
            }
            total
        });
    });

    let mut harness = open(Some(&file), dir.path());
    // Frames are measured once the flags are shown.
    wait_for_flags(&mut harness);
    group.sample_size(100);
    group.bench_function("frame_scrolling", |b| {
        b.iter(|| {
            harness.key_press(egui::Key::J);
            harness.step();
        });
    });
    group.bench_function("frame_labelling", |b| {
        b.iter(|| {
            harness.key_press(egui::Key::Num1);
            harness.step();
        });
    });
    group.finish();
}

criterion_group!(benches, frames);
criterion_main!(benches);
