//! The article our first user gave us: its tree, its text and its flags.

use threadmod::rules::{RuleSet, check_thread};

use super::util::asset;

fn sample() -> threadmod::thread::Thread {
    threadmod::parse::parse_file(&asset("sample-article.txt")).expect("the sample parses")
}

#[test]
fn tree_has_the_eight_comments_in_place() {
    let t = sample();
    let got: Vec<(&str, Option<&str>)> = t
        .comments
        .iter()
        .map(|c| (c.id.as_str(), c.parent.map(|p| t.comments[p].id.as_str())))
        .collect();
    let want = vec![
        ("1", None),
        ("2", None),
        ("2.1", Some("2")),
        ("2.2", Some("2")),
        ("3", None),
        ("4", None),
        ("5", None),
        ("6", None),
    ];
    assert_eq!(got, want);
    let depths: Vec<u32> = t.comments.iter().map(|c| c.depth).collect();
    assert_eq!(depths, [1, 1, 2, 2, 1, 1, 1, 1]);
}

#[test]
fn continuation_paragraphs_belong_to_their_comment() {
    let t = sample();
    let reply = t.find("2.1").unwrap();
    let paragraphs: Vec<&str> = reply.paragraphs().collect();
    assert_eq!(paragraphs.len(), 5, "{paragraphs:#?}");
    assert!(paragraphs[0].starts_with("I doubt you know Pashinyan"));
    assert!(paragraphs[1].starts_with("How do you think the Aliyev’s criminal gang"));
    assert!(paragraphs[4].ends_with("like we did to his late father!"));

    let five = t.find("5").unwrap();
    let paragraphs: Vec<&str> = five.paragraphs().collect();
    assert_eq!(paragraphs.len(), 2);
    assert!(paragraphs[1].starts_with("This dictator with his Mafia"));
    assert!(paragraphs[1].ends_with("Call upon us when you need us."));

    assert!(
        t.find("2.2")
            .unwrap()
            .text
            .starts_with("Ararat, you could sell")
    );
    assert!(!t.find("2").unwrap().text.contains("I doubt"));
    assert!(t.find("6").unwrap().text.ends_with("reached that limit"));
    // The bullet is a marker, not text.
    assert!(t.comments.iter().all(|c| !c.text.starts_with('•')));
}

#[test]
fn article_title_and_body() {
    let t = sample();
    assert_eq!(
        t.article.title,
        "Armenia and Azerbaijan agree to create commission to demarcate border"
    );
    assert_eq!(t.article.author, "Lillian Avedian");
    let body = &t.article.body;
    assert!(body.starts_with("Azerbaijani President Ilham Aliyev, Russian President"));
    assert!(body.contains("The leaders of Armenia, Azerbaijan and Russia agreed"));
    assert!(
        body.trim_end()
            .ends_with("after straying into Azerbaijani territory.")
    );
    assert!(
        !body.contains("three ring clown"),
        "comments are not article text"
    );
    assert!(!body.contains("Leave a Reply"));
    assert!(
        !body.contains("assistant editor"),
        "the author box is not article text"
    );
    assert_eq!(t.encoding, "UTF-8");
}

#[test]
fn default_rules_flag_insults() {
    // Insults aimed at a participant flag (the learned score); insult words
    // aimed at politicians or a party are highlighted without flagging.
    let t = sample();
    let rules = RuleSet::default_rules().unwrap();
    let checked = check_thread(&rules, &t);
    let idx = |id: &str| t.comments.iter().position(|c| c.id == id).unwrap();
    let shown_words = |id: &str| -> Vec<String> {
        let i = idx(id);
        checked
            .shown(i)
            .filter(|f| &*f.category == "insult")
            .flat_map(|f| {
                f.spans
                    .iter()
                    .map(|s| t.comments[i].text[s.clone()].to_lowercase())
            })
            .collect()
    };
    assert!(
        checked.categories(idx("2.1")).contains(&"insult"),
        "2.1 is an insult aimed at another commenter"
    );
    assert!(checked.rule_ids(idx("2.1")).contains(&"insult-score"));
    for id in ["1", "2.2"] {
        assert!(
            !checked.categories(idx(id)).contains(&"insult"),
            "{id} insults third parties: highlighted, not flagged"
        );
    }
    assert!(shown_words("1").contains(&"liar".to_string()));
    assert!(shown_words("1").contains(&"traitor".to_string()));
    assert!(shown_words("2.1").contains(&"lapdog".to_string()));
    assert!(shown_words("2.2").contains(&"idiots".to_string()));
    for id in ["3", "4"] {
        assert!(
            checked.findings[idx(id)].is_empty(),
            "{id}: {:?}",
            checked.findings[idx(id)]
        );
    }
}
