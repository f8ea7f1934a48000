//! What must hold for any input, shared by the tests and the fuzz targets
//! (fuzz/src/lib.rs includes this file): the invariants of a parsed thread,
//! rule spans inside their comment, and a CSV export that reads back as the
//! same tree.

use std::path::Path;
use std::sync::LazyLock;

use threadmod::export::{CsvOptions, write_csv};
use threadmod::parse::{Format, ParseOptions, parse_bytes_with};
use threadmod::rules::{CheckedThread, RuleSet, check_thread};
use threadmod::thread::Thread;

/// Compiled once: building the rules per input would be most of the time.
static RULES: LazyLock<RuleSet> =
    LazyLock::new(|| RuleSet::default_rules().expect("built-in rules load"));

/// Parses `data` as `format` (or detects it) and checks the whole pipeline.
/// Returns the thread when the input parsed.
pub fn article(data: &[u8], format: Option<Format>) -> Option<Thread> {
    let options = ParseOptions {
        format,
        thread: None,
    };
    // Errors are fine (they are the clear messages); panics are not.
    let Ok(thread) = parse_bytes_with(data, Path::new("fuzz.input"), &options) else {
        return None;
    };
    check_tree(&thread);
    let rules = &*RULES;
    let checked = check_thread(rules, &thread);
    check_spans(&thread, &checked);
    let mut csv = Vec::new();
    write_csv(
        &mut csv,
        &thread,
        &checked,
        &vec![None; thread.comments.len()],
        &rules.hash,
        CsvOptions::default(),
    )
    .expect("CSV into memory");
    let again = parse_bytes_with(
        &csv,
        Path::new("fuzz.csv"),
        &ParseOptions {
            format: Some(Format::Csv),
            thread: None,
        },
    )
    .expect("threadmod reads its own CSV");
    assert_eq!(
        again.comments.len(),
        thread.comments.len(),
        "CSV round trip"
    );
    for (a, b) in thread.comments.iter().zip(&again.comments) {
        assert_eq!(a.id, b.id, "CSV round trip: id");
        assert_eq!(a.parent, b.parent, "CSV round trip: parent of {}", a.id);
        assert_eq!(a.text, b.text, "CSV round trip: text of {}", a.id);
        assert_eq!(
            a.source_id(),
            b.source_id(),
            "CSV round trip: source id of {}",
            a.id
        );
        assert_eq!(a.url(), b.url(), "CSV round trip: url of {}", a.id);
    }
    Some(thread)
}

/// Every span of every finding, flag or highlight, lies inside its
/// comment's text, on character boundaries.
pub fn check_spans(thread: &Thread, checked: &CheckedThread) {
    for (i, comment) in thread.comments.iter().enumerate() {
        for f in checked.shown(i) {
            for span in &f.spans {
                assert!(
                    comment.text.get(span.clone()).is_some(),
                    "rule {} span {span:?} is not inside comment {} ({} bytes)",
                    f.rule_id,
                    comment.id,
                    comment.text.len()
                );
            }
        }
    }
}

/// Thread order: parents first, depth = parent's depth + 1, ids unique.
pub fn check_tree(thread: &Thread) {
    let mut ids = std::collections::HashSet::new();
    for (i, c) in thread.comments.iter().enumerate() {
        assert!(ids.insert(c.id.as_str()), "duplicate id {}", c.id);
        match c.parent {
            None => assert_eq!(c.depth, 1, "top-level {} has depth {}", c.id, c.depth),
            Some(p) => {
                assert!(p < i, "{} comes before its parent", c.id);
                assert_eq!(c.depth, thread.comments[p].depth + 1, "depth of {}", c.id);
            }
        }
    }
}
