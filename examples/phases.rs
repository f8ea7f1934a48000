//! Times each stage on one file: `cargo run --release --example phases -- FILE`.
use std::time::Instant;
fn main() {
    let path = std::path::PathBuf::from(std::env::args().nth(1).expect("a file"));
    let bytes = std::fs::read(&path).expect("readable");
    let t = Instant::now();
    let thread = threadmod::parse::parse_bytes(&bytes, &path).expect("parses");
    let parse = t.elapsed();
    // STOP_AFTER=parse|relevance: peak memory of a prefix of the pipeline.
    let stop = std::env::var("STOP_AFTER").unwrap_or_default();
    if stop == "parse" {
        println!("parsed {} comments in {parse:?}", thread.comments.len());
        return;
    }
    let rules = threadmod::rules::RuleSet::default_rules().expect("rules");
    let t = Instant::now();
    let relevance = threadmod::rules::engine::relevance(&thread, &rules.relevance_settings());
    let rel = t.elapsed();
    if stop == "relevance" {
        println!("relevance of {} comments in {rel:?}", relevance.len());
        return;
    }
    let t = Instant::now();
    let checked = threadmod::rules::check_thread(&rules, &thread);
    let check = t.elapsed();
    let t = Instant::now();
    let labels = vec![None; thread.comments.len()];
    let mut out = Vec::new();
    threadmod::export::write_csv(
        &mut out,
        &thread,
        &checked,
        &labels,
        &rules.hash,
        Default::default(),
    )
    .expect("csv");
    let csv = t.elapsed();
    if std::env::var_os("PER_RULE").is_some() {
        per_rule(&thread);
    }
    // ONE_RULE=ID REPEAT=N: that rule alone, N times over the thread (for a profiler).
    if let Ok(id) = std::env::var("ONE_RULE") {
        let repeat: usize = std::env::var("REPEAT")
            .ok()
            .and_then(|n| n.parse().ok())
            .unwrap_or(1);
        one_rule(&thread, &id, repeat);
    }
    let mb = bytes.len() as f64 / 1e6;
    println!(
        "{} comments, {mb:.1} MB: parse {parse:?} ({:.0} MB/s), relevance {rel:?}, rules {check:?}, csv {csv:?}; {}",
        thread.comments.len(),
        mb / parse.as_secs_f64(),
        relevance.len()
    );
}

/// Times each default rule alone (single rules keep the engine's overhead).
#[allow(dead_code)]
fn per_rule(thread: &threadmod::thread::Thread) {
    let all = threadmod::rules::RuleSet::default_rules().expect("rules");
    for rule in &all.rules {
        let one = threadmod::rules::RuleSet {
            rules: vec![rule.clone()],
            source: String::new(),
            hash: String::new(),
        };
        let t = Instant::now();
        let _ = threadmod::rules::check_thread(&one, thread);
        println!("  {:<24} {:?}", rule.meta.id, t.elapsed());
    }
}

/// Runs rule `id` alone over every comment `repeat` times, without the
/// relevance pass, and prints the time per pass.
fn one_rule(thread: &threadmod::thread::Thread, id: &str, repeat: usize) {
    let all = threadmod::rules::RuleSet::default_rules().expect("rules");
    let rule = all
        .rules
        .iter()
        .find(|r| &*r.meta.id == id)
        .expect("a rule id of the built-in rules");
    let one = threadmod::rules::RuleSet {
        rules: vec![rule.clone()],
        source: String::new(),
        hash: String::new(),
    };
    let relevance = vec![1.0; thread.comments.len()];
    let t = Instant::now();
    let mut findings = 0;
    for _ in 0..repeat {
        let checked = threadmod::rules::engine::check_comments(
            &one,
            thread,
            &relevance,
            0..thread.comments.len(),
        );
        findings += checked
            .findings
            .iter()
            .chain(&checked.highlights)
            .filter(|f| !f.is_empty())
            .count();
    }
    println!(
        "  {id}: {:?} per pass, {} comments with findings",
        t.elapsed() / repeat as u32,
        findings / repeat
    );
}
