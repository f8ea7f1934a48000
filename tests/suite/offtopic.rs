//! Off-topic walls beyond English: a long comment pasted into a German
//! thread shares the language's function words with every other comment,
//! yet is flagged; the thread's own long reply is not, with the article or
//! a short one. Under a short article or none, the wall rule's own
//! threshold applies.

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
        .map(|(_, c)| c.id.to_string())
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
    // The fixture's article is short (four sentences).
    assert!(
        measure.contains("(below 13.5%, the article being short or missing)"),
        "{measure}"
    );
}

/// A wall rule alone, with these thresholds for long and short articles;
/// the fixture's article (about 40 content words) counts as long.
fn wall_rule(max_relevance: f64, short: &str) -> RuleSet {
    RuleSet::parse(
        &format!(
            "[[rule]]\nid = \"wall\"\nkind = \"wall_of_text\"\ncategory = \"off_topic\"\n\
             reason = \"r\"\nmax_relevance = {max_relevance}\nmax_relevance_short_article = {short}\n\
             short_article_words = 20\n"
        ),
        "test.toml",
    )
    .unwrap()
}

fn flagged(rules: &RuleSet, thread: &Thread) -> Vec<String> {
    let checked = check_thread(rules, thread);
    thread
        .comments
        .iter()
        .enumerate()
        .filter(|(i, _)| !checked.findings[*i].is_empty())
        .map(|(_, c)| c.id.to_string())
        .collect()
}

#[test]
fn a_short_article_or_none_is_judged_by_its_own_threshold() {
    let full = parse_fixture("offtopic-german.txt");
    let mut none = full.clone();
    none.article.title.clear();
    none.article.body.clear();
    // The thresholds change the flags, not the relevance.
    let rules = wall_rule(0.5, "0.0");
    assert_eq!(
        check_thread(&rules, &none).relevance,
        check_thread(&wall_rule(0.0, "0.5"), &none).relevance
    );
    assert!(flagged(&rules, &full).contains(&"3".to_string()));
    assert!(flagged(&rules, &none).is_empty(), "nothing is below 0");
    let rules = wall_rule(0.0, "0.5");
    assert!(flagged(&rules, &full).is_empty(), "nothing is below 0");
    assert!(flagged(&rules, &none).contains(&"3".to_string()));
    // The measure says which threshold it was.
    let checked = check_thread(&rules, &none);
    let measure = checked.findings[3][0]
        .measure
        .as_deref()
        .unwrap_or_default();
    assert!(
        measure.contains("(below 50%, the article being short or missing)"),
        "{measure}"
    );
}

#[test]
fn the_short_article_threshold_must_be_a_number() {
    let err = RuleSet::parse(
        "[[rule]]\nid = \"wall\"\nkind = \"wall_of_text\"\ncategory = \"off_topic\"\n\
         reason = \"r\"\nmax_relevance_short_article = nan\n",
        "test.toml",
    )
    .err()
    .map(|e| e.to_string())
    .unwrap_or_default();
    assert!(err.contains("max_relevance_short_article"), "{err}");
}
