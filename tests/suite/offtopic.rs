//! Off-topic walls beyond English: a long comment pasted into a German
//! thread shares the language's function words with every other comment,
//! yet is flagged; the thread's own long reply is not, with the article or
//! a short one.

use threadmod::rules::{RuleSet, check_thread};
use threadmod::thread::Thread;

use super::util::parse_fixture;

fn off_topic_ids(thread: &Thread) -> Vec<String> {
    let rules = RuleSet::default_rules().unwrap();
    let checked = check_thread(&rules, thread);
    thread
        .comments
        .iter()
        .enumerate()
        .filter(|(i, _)| checked.categories(*i).contains(&"off_topic"))
        .map(|(_, c)| c.id.clone())
        .collect()
}

#[test]
fn a_pasted_german_wall_is_flagged_and_the_long_reply_is_not() {
    let full = parse_fixture("offtopic-german.txt");
    let ids: Vec<&str> = full.comments.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(
        ids,
        ["1", "1.1", "2", "3", "4", "4.1"],
        "the fixture's tree"
    );
    let mut short = full.clone();
    // The first 40 words, as the short variants of the transplant threads
    // (scripts/build-transplant-threads.py) have.
    let words: Vec<&str> = short.article.body.split_whitespace().take(40).collect();
    short.article.body = words.join(" ");
    let mut none = full.clone();
    none.article.title.clear();
    none.article.body.clear();
    for (name, thread) in [("full", &full), ("short", &short)] {
        assert_eq!(off_topic_ids(thread), ["3"], "article {name}");
    }
    // Without an article six comments vouch for little: the reply may be
    // flagged too, but the pasted wall is, and it is the less relevant.
    assert!(off_topic_ids(&none).contains(&"3".to_string()));
    let rules = RuleSet::default_rules().unwrap();
    let checked = check_thread(&rules, &none);
    assert!(checked.relevance[3] < checked.relevance[1]);
}

#[test]
fn the_wall_finding_gives_its_measure() {
    let thread = parse_fixture("offtopic-german.txt");
    let rules = RuleSet::default_rules().unwrap();
    let checked = check_thread(&rules, &thread);
    let wall = checked.findings[3]
        .iter()
        .find(|f| &*f.category == "off_topic")
        .expect("the pasted wall is flagged");
    let measure = wall.measure.as_deref().unwrap_or_default();
    assert!(measure.contains("161 words"), "{measure}");
    assert!(measure.contains("(below 25%)"), "{measure}");
}
