//! One small page per markup family and per language, written for these
//! tests: the tree, the authors and the dates each must give.

use super::util::parse_fixture;

/// (file, [(id, parent id, author, date, first words of the text)])
type Expected = (
    &'static str,
    &'static [(
        &'static str,
        &'static str,
        &'static str,
        &'static str,
        &'static str,
    )],
);

const FAMILIES: &[Expected] = &[
    // Permalink words beside the name, a comment without one, a numbered
    // list inside a comment, the site's menus drawn as list items after it.
    (
        "families/french-spip-w3m.txt",
        &[
            ("1", "", "", "(12 mars 2024 @09h15)", "Enfin une"),
            (
                "2",
                "",
                "Claire Dubois",
                "(12 mars 2024 @10h02)",
                "Deux ans",
            ),
            ("3", "", "Marc", "(13 mars 2024 @18h40)", "Et le vélo"),
        ],
    ),
    // A bare number, then "Name Date Reply" with initials; a bare "+" reply.
    (
        "families/english-lynx-initials.txt",
        &[
            (
                "1",
                "",
                "Chris A.",
                "February 23, 2024 at 12:33 pm",
                "Third delay",
            ),
            (
                "1.1",
                "1",
                "Dana Price",
                "February 23, 2024 at 1:05 pm",
                "The contractor",
            ),
            (
                "2",
                "",
                "Amna",
                "March 1, 2024 at 9:40 am",
                "Is the footpath",
            ),
            (
                "3",
                "",
                "Kwame B.",
                "March 2, 2024 at 7:33 am",
                "Yes, the east",
            ),
        ],
    ),
    // Comments that are not list items, found by the header shape the page
    // repeats: a name, a joining word, a date, a permalink.
    (
        "families/german-drupal-w3m.txt",
        &[
            (
                "1",
                "",
                "Greta Lind",
                "am 18. Oktober 2023 - 11:20",
                "Endlich!",
            ),
            (
                "2",
                "",
                "Henrik",
                "am 18. Oktober 2023 - 12:05",
                "Sechs Monate",
            ),
            (
                "3",
                "",
                "Mara Okafor",
                "am 19. Oktober 2023 - 08:47",
                "Gibt es",
            ),
        ],
    ),
    // An avatar, a name, points and a dated line with the reply links.
    (
        "families/german-deals-html2text.txt",
        &[
            ("1", "", "Paulina", "18.10.2019, 16:18", "Letzte Woche"),
            ("1.1", "1", "Jonte", "18.10.2019, 16:31", "Danke, dann"),
            ("2", "", "kaffeetante", "18.10.2019, 18:32", "Die Bohnen"),
        ],
    ),
    (
        "families/bem.html",
        &[
            ("1", "", "Ines", "March 4, 2024 at 10:15 am", "Good to see"),
            (
                "1.1",
                "1",
                "Olaf",
                "March 4, 2024 at 11:02 am",
                "The masons",
            ),
            ("2", "", "Pia", "March 5, 2024 at 8:40 am", "Will the north"),
        ],
    ),
    (
        "families/w-comments.html",
        &[
            ("1", "", "Lukas", "12 April 2024", "Finally a way"),
            ("1.1", "1", "Rosa", "13 April 2024", "Book early"),
        ],
    ),
    (
        "families/microdata.html",
        &[
            ("1", "", "Tomas", "1 Feb 2024, 09:00", "Sunday is"),
            ("1.1", "1", "Vera", "1 Feb 2024, 10:30", "Same here"),
        ],
    ),
    (
        "families/drupal.html",
        &[
            ("1", "", "Greta", "18. Oktober 2023 - 11:20", "Endlich kann"),
            (
                "1.1",
                "1",
                "Henrik",
                "18. Oktober 2023 - 12:05",
                "Unter der",
            ),
            (
                "2",
                "",
                "Ilse",
                "19. Oktober 2023 - 08:00",
                "Schön geworden",
            ),
        ],
    ),
    (
        "families/blogger.html",
        &[
            ("1", "", "Wren", "May 3, 2020 at 6:12 PM", "Made it"),
            ("1.1", "1", "Yann", "May 3, 2020 at 7:01 PM", "Walnuts work"),
        ],
    ),
    (
        "families/spip.html",
        &[
            ("1", "", "Camille", "(22 juin 2018 @11h13)", "Courage aux"),
            ("1.1", "1", "Denis", "(22 juin 2018 @12h40)", "La salle"),
        ],
    ),
    (
        "families/german-w3m.txt",
        &[
            (
                "1",
                "",
                "Greta",
                "18. Oktober 2023 um 11:20 Uhr",
                "Endlich kann",
            ),
            (
                "1.1",
                "1",
                "Henrik",
                "18. Oktober 2023 um 12:05 Uhr",
                "Unter der",
            ),
            (
                "2",
                "",
                "Ilse",
                "19. Oktober 2023 um 8:00 Uhr",
                "Schön geworden",
            ),
        ],
    ),
    (
        "families/french-lynx.txt",
        &[
            ("1", "", "Camille", "22 juin 2018 à 11h13", "Courage aux"),
            ("1.1", "1", "Denis", "22 juin 2018 à 12h40", "La salle"),
            ("2", "", "Élodie", "23 juin 2018 à 9h05", "Le pont"),
        ],
    ),
    (
        "families/english-html2text.txt",
        &[
            (
                "1",
                "",
                "Lukas",
                "April 12, 2024 at 9:10 am",
                "Finally a way",
            ),
            (
                "1.1",
                "1",
                "Rosa",
                "April 13, 2024 at 7:45 pm",
                "Book early",
            ),
        ],
    ),
];

#[test]
fn every_family_gives_its_tree_authors_and_dates() {
    for (file, want) in FAMILIES {
        let thread = parse_fixture(file);
        let got: Vec<(String, String, String, String, bool)> = thread
            .comments
            .iter()
            .zip(want.iter())
            .map(|(c, w)| {
                let parent = c
                    .parent
                    .map_or(String::new(), |p| thread.comments[p].id.to_string());
                (
                    c.id.to_string(),
                    parent,
                    c.author.to_string(),
                    c.posted_at.to_string(),
                    c.text.starts_with(w.4),
                )
            })
            .collect();
        let expected: Vec<(String, String, String, String, bool)> = want
            .iter()
            .map(|w| (w.0.into(), w.1.into(), w.2.into(), w.3.into(), true))
            .collect();
        assert_eq!(thread.comments.len(), want.len(), "{file}: {got:?}");
        assert_eq!(got, expected, "{file}");
    }
}

#[test]
fn page_furniture_never_becomes_comment_text() {
    for (file, _) in FAMILIES {
        let thread = parse_fixture(file);
        for c in &thread.comments {
            for furniture in [
                "Reply",
                "Antworten",
                "Répondre",
                "[",
                "says",
                "sagt",
                "dit :",
            ] {
                assert!(!c.text.contains(furniture), "{file}: {:?}", c.text);
            }
        }
    }
}

#[test]
fn saved_pages_keep_their_article() {
    for (file, title, words) in [
        (
            "families/bem.html",
            "Harbour wall repaired",
            "harbour wall that storms broke",
        ),
        (
            "families/drupal.html",
            "Radweg am Fluss eröffnet",
            "Der neue Radweg",
        ),
        (
            "families/spip.html",
            "La rivière déborde",
            "Après trois jours de pluie",
        ),
    ] {
        let thread = parse_fixture(file);
        assert!(
            thread.article.title.contains(title),
            "{file}: {:?}",
            thread.article.title
        );
        assert!(
            thread.article.body.contains(words),
            "{file}: {:?}",
            thread.article.body
        );
        // The thread stays out of the article.
        for c in &thread.comments {
            assert!(
                !thread.article.body.contains(c.text.as_str()),
                "{file}: {:?}",
                c.text
            );
        }
    }
}
