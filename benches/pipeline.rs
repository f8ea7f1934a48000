//! Criterion benchmarks of each stage, and of the whole export, on generated
//! threads of 1k, 10k and 100k comments: `cargo bench --bench pipeline`.
//! Throughput is in bytes of the text file.

use std::path::Path;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};

mod deep_page;
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

/// The rules on hit-dense and on clean text of the same shape (one comment
/// in five aims an insult, or none does), and the whole export of the
/// hit-dense thread: what a busy thread costs against a quiet one.
fn by_density(c: &mut Criterion) {
    use thread_gen::Hits;
    let rules = threadmod::rules::RuleSet::default_rules().expect("built-in rules");
    let mut group = c.benchmark_group("density");
    group.sample_size(10);
    let count = 20_000;
    for (name, hits) in [("dense", Hits::Dense), ("clean", Hits::Clean)] {
        let text = thread_gen::thread_with(count, hits);
        group.throughput(Throughput::Bytes(text.len() as u64));
        let thread =
            threadmod::parse::parse_bytes(text.as_bytes(), Path::new("t.txt")).expect("parses");
        group.bench_with_input(
            BenchmarkId::new(format!("parse/{name}"), count),
            &text,
            |b, text| {
                b.iter(|| {
                    threadmod::parse::parse_bytes(text.as_bytes(), Path::new("t.txt"))
                        .expect("parses")
                })
            },
        );
        group.bench_with_input(
            BenchmarkId::new(format!("rules/{name}"), count),
            &thread,
            |b, thread| b.iter(|| threadmod::rules::check_thread(&rules, thread)),
        );
        let checked = threadmod::rules::check_thread(&rules, &thread);
        group.bench_with_input(
            BenchmarkId::new(format!("csv/{name}"), count),
            &thread,
            |b, thread| {
                b.iter(|| {
                    let mut out = Vec::with_capacity(text.len() * 2);
                    threadmod::export::write_csv(
                        &mut out,
                        thread,
                        &checked,
                        &[],
                        &rules.hash,
                        Default::default(),
                    )
                    .expect("writes");
                    out
                })
            },
        );
    }
    group.finish();
}

/// A moderator's own word list of a few hundred entries, made here of the
/// built-in insult and aimed-insult words in one lexicon rule: the lazy DFA
/// must keep enough states for it (with 2 MB it fell back to a search 37x
/// slower).
fn big_word_list(c: &mut Criterion) {
    let defaults: toml::Table =
        toml::from_str(include_str!("../assets/rules.toml")).expect("built-in rules parse");
    let mut words: Vec<toml::Value> = Vec::new();
    for rule in defaults["rule"].as_array().expect("a rule list") {
        if matches!(rule["id"].as_str(), Some("insult-words" | "insult-aimed")) {
            for key in ["words", "phrases"] {
                if let Some(list) = rule.get(key).and_then(|v| v.as_array()) {
                    words.extend(list.iter().cloned());
                }
            }
        }
    }
    let mut rule = toml::Table::new();
    rule.insert("id".into(), "merged".into());
    rule.insert("kind".into(), "lexicon".into());
    rule.insert("category".into(), "insult".into());
    rule.insert("reason".into(), "one long list".into());
    rule.insert("words".into(), toml::Value::Array(words));
    let mut file = toml::Table::new();
    file.insert("rule".into(), toml::Value::Array(vec![rule.into()]));
    let source = toml::to_string(&file).expect("serialises");
    let rules = threadmod::rules::RuleSet::parse(&source, "merged.toml").expect("compiles");
    let text = thread_gen::thread(10_000);
    let thread =
        threadmod::parse::parse_bytes(text.as_bytes(), Path::new("t.txt")).expect("parses");
    let mut group = c.benchmark_group("big_word_list");
    group.sample_size(10);
    group.throughput(Throughput::Bytes(text.len() as u64));
    group.bench_function("rules/10000", |b| {
        b.iter(|| threadmod::rules::check_thread(&rules, &thread))
    });
    group.finish();
}

/// A saved page whose replies nest 5,000 deep, without depth classes:
/// reading each comment must not read the replies inside it (it did, and a
/// 20,000-deep page took 142 s; html5ever's own scope checks remain).
fn deep_reply_chain(c: &mut Criterion) {
    let html = deep_page::reply_chain(5_000);
    let mut group = c.benchmark_group("deep_page");
    group.sample_size(10);
    group.throughput(Throughput::Bytes(html.len() as u64));
    group.bench_function("parse/5000", |b| {
        b.iter(|| {
            threadmod::parse::parse_bytes(html.as_bytes(), Path::new("deep.html")).expect("parses")
        })
    });
    group.finish();
}

criterion_group!(benches, stages, by_density, big_word_list, deep_reply_chain);
criterion_main!(benches);
