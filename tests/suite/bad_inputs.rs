//! Inputs that must not crash, hang or blow up memory.

use std::path::Path;

#[test]
fn a_reply_chain_100000_deep_goes_through_every_stage() {
    let n = 100_000;
    let mut jsonl = String::new();
    for i in 0..n {
        let parent = if i == 0 {
            String::new()
        } else {
            format!(", \"parent_id\": \"c{}\"", i - 1)
        };
        jsonl.push_str(&format!(
            "{{\"id\": \"c{i}\"{parent}, \"text\": \"you idiot number {i}\"}}\n"
        ));
    }
    let thread = threadmod::parse::parse_bytes(jsonl.as_bytes(), Path::new("deep.jsonl")).unwrap();
    assert_eq!(thread.comments.len(), n);
    assert_eq!(thread.comments[n - 1].depth, n);
    let rules = threadmod::rules::RuleSet::default_rules().unwrap();
    let checked = threadmod::rules::check_thread(&rules, &thread);
    assert!(checked.categories(n - 1).contains(&"insult"));
    let mut csv = Vec::new();
    let labels = vec![None; n];
    threadmod::export::write_csv(
        &mut csv,
        &thread,
        &checked,
        &labels,
        &rules.hash,
        Default::default(),
    )
    .unwrap();
    // Ids stay short: the CSV is not quadratic in the depth.
    assert!(csv.len() < 40 * n + 200 * n, "{} bytes", csv.len());
}
