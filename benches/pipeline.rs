//! Criterion benchmarks of each stage, and of the whole export, on generated
//! threads of 1k, 10k and 100k comments: `cargo bench --bench pipeline`.
//! Throughput is in bytes of the text file.

use std::path::Path;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};

mod thread_gen;

fn stages(c: &mut Criterion) {
    let rules = threadmod::rules::RuleSet::default_rules().expect("built-in rules");
    let mut group = c.benchmark_group("pipeline");
    group.sample_size(10);
    for count in [1_000usize, 10_000, 100_000] {
        let text = thread_gen::thread(count);
        group.throughput(Throughput::Bytes(text.len() as u64));
        // What `threadmod export` does between reading the file and writing it.
        group.bench_with_input(BenchmarkId::new("export", count), &text, |b, text| {
            b.iter(|| {
                let thread = threadmod::parse::parse_bytes(text.as_bytes(), Path::new("t.txt"))
                    .expect("parses");
                let checked = threadmod::rules::check_thread(&rules, &thread);
                let mut out = Vec::with_capacity(text.len() * 2);
                threadmod::export::write_csv(
                    &mut out,
                    &thread,
                    &checked,
                    &[],
                    &rules.hash,
                    Default::default(),
                )
                .expect("writes");
                out
            })
        });
        group.bench_with_input(BenchmarkId::new("parse", count), &text, |b, text| {
            b.iter(|| {
                threadmod::parse::parse_bytes(text.as_bytes(), Path::new("t.txt")).expect("parses")
            })
        });
        let thread =
            threadmod::parse::parse_bytes(text.as_bytes(), Path::new("t.txt")).expect("parses");
        group.bench_with_input(BenchmarkId::new("rules", count), &thread, |b, thread| {
            b.iter(|| threadmod::rules::check_thread(&rules, thread))
        });
        let checked = threadmod::rules::check_thread(&rules, &thread);
        let labels = vec![None; thread.comments.len()];
        group.bench_with_input(BenchmarkId::new("csv", count), &thread, |b, thread| {
            b.iter(|| {
                let mut out = Vec::with_capacity(text.len() * 2);
                threadmod::export::write_csv(
                    &mut out,
                    thread,
                    &checked,
                    &labels,
                    &rules.hash,
                    Default::default(),
                )
                .expect("writes");
                out
            })
        });
    }
    group.finish();
}

criterion_group!(benches, stages);
criterion_main!(benches);
