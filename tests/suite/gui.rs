//! The real app, driven through egui_kittest: keyboard labelling, undo,
//! export, filters, and errors that leave the app usable.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use threadmod::app::dialogs::{Picked, ScriptedDialogs};
use threadmod::app::{AppOptions, ThreadmodApp};

use super::util::fixture;

/// A private folder for the app's journals, so tests never share labels.
fn data_dir() -> PathBuf {
    tempfile::tempdir().expect("a temporary folder").keep()
}

fn app_with(file: Option<PathBuf>, answers: Vec<Picked>) -> Harness<'static, ThreadmodApp> {
    app_in(file, answers, data_dir())
}

fn app_in(
    file: Option<PathBuf>,
    answers: Vec<Picked>,
    data_dir: PathBuf,
) -> Harness<'static, ThreadmodApp> {
    let options = AppOptions {
        file,
        rules: None,
        dialogs: Box::new(ScriptedDialogs {
            answers: answers.into(),
        }),
        persist_settings: false,
        settings: None,
        data_dir: Some(data_dir),
        parse: Default::default(),
        labels: None,
    };
    start(options)
}

/// The app in a 1280×800 window, once its background work is done.
fn start(options: AppOptions) -> Harness<'static, ThreadmodApp> {
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1280.0, 800.0))
        .build_eframe(|cc| ThreadmodApp::new(cc, options));
    settle(&mut harness);
    harness
}

/// A rules file in `dir` with one rule: "corridor" flags the word corridor.
fn corridor_rules(dir: &std::path::Path) -> PathBuf {
    let rules = dir.join("strict.toml");
    std::fs::write(
        &rules,
        "[[rule]]\nid = \"corridor\"\nkind = \"lexicon\"\ncategory = \"corridor\"\nreason = \"mentions the corridor\"\nwords = [\"corridor\"]\n",
    )
    .unwrap();
    rules
}

/// Steps the app until its background work is done.
fn settle(harness: &mut Harness<'static, ThreadmodApp>) {
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        harness.step();
        if !harness.state().is_busy() {
            break;
        }
        assert!(Instant::now() < deadline, "the app stayed busy");
        std::thread::sleep(Duration::from_millis(5));
    }
    harness.run_steps(3);
}

fn press(harness: &mut Harness<'static, ThreadmodApp>, key: Key) {
    harness.key_press(key);
    harness.run_steps(2);
}

fn selected_id(harness: &Harness<'static, ThreadmodApp>) -> String {
    let app = harness.state();
    let doc = app.doc.as_ref().expect("a document is open");
    doc.thread.comments[app.view.selected.expect("a selection")]
        .id
        .to_string()
}

/// How many comments of the open document have a label.
fn labelled_count(harness: &Harness<'static, ThreadmodApp>) -> usize {
    harness
        .state()
        .doc
        .as_ref()
        .unwrap()
        .labels
        .labelled_count()
}

fn label_of(harness: &Harness<'static, ThreadmodApp>, id: &str) -> Option<String> {
    let doc = harness.state().doc.as_ref().unwrap();
    let i = doc.thread.comments.iter().position(|c| c.id == id).unwrap();
    doc.labels.label(i).map(str::to_string)
}

#[test]
fn label_the_sample_from_the_keyboard_undo_and_export() {
    let dir = tempfile::tempdir().unwrap();
    let csv_path = dir.path().join("labels.csv");
    let mut harness = app_with(None, vec![Picked::Path(csv_path.clone())]);

    // The first comment is selected and keys work without a click.
    assert_eq!(selected_id(&harness), "1");
    harness.get_by_label("Comment 1 by anonymous");

    // 1 insult, 2 approve, 2.1 off_topic, 2.2 insult, 3 approve, 4 spam,
    // 5 remove, 6 via Enter (the rules suggest approve).
    let keys = [
        Key::Num2,
        Key::Num1,
        Key::Num3,
        Key::Num2,
        Key::Num1,
        Key::Num4,
        Key::Num5,
        Key::Enter,
    ];
    for key in keys {
        press(&mut harness, key);
    }
    let want = [
        ("1", "insult"),
        ("2", "approve"),
        ("2.1", "off_topic"),
        ("2.2", "insult"),
        ("3", "approve"),
        ("4", "spam"),
        ("5", "remove"),
        ("6", "approve"),
    ];
    for (id, label) in want {
        assert_eq!(
            label_of(&harness, id).as_deref(),
            Some(label),
            "comment {id}"
        );
    }
    assert_eq!(labelled_count(&harness), 8);
    harness.get_by_label_contains("8 of 8 labelled");

    // Undo the last label, then redo and undo again: 7 stay.
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run_steps(2);
    assert_eq!(label_of(&harness, "6"), None);
    assert_eq!(selected_id(&harness), "6");
    harness.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::Z);
    harness.run_steps(2);
    assert_eq!(label_of(&harness, "6").as_deref(), Some("approve"));
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run_steps(2);

    // Export (Ctrl+E) writes what the CLI writes, with the labels.
    harness.key_press_modifiers(Modifiers::COMMAND, Key::E);
    harness.run_steps(1);
    settle(&mut harness);
    let mut reader = csv::Reader::from_path(&csv_path).expect("the CSV was written");
    let headers = reader.headers().unwrap().clone();
    let col = |name: &str| headers.iter().position(|h| h == name).unwrap();
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let got: Vec<(String, String)> = rows
        .iter()
        .map(|r| (r[col("id")].to_string(), r[col("label")].to_string()))
        .collect();
    let mut expected: Vec<(String, String)> = want
        .iter()
        .map(|(i, l)| (i.to_string(), l.to_string()))
        .collect();
    expected[7].1 = String::new();
    assert_eq!(got, expected);
    assert_eq!(&rows[2][col("flags")], "insult");
    harness.get_by_label_contains("Exported to");
}

#[test]
fn navigation_keys() {
    let mut harness = app_with(None, vec![]);
    press(&mut harness, Key::J);
    assert_eq!(selected_id(&harness), "2");
    press(&mut harness, Key::ArrowDown);
    assert_eq!(selected_id(&harness), "2.1");
    press(&mut harness, Key::ArrowLeft);
    assert_eq!(
        selected_id(&harness),
        "2",
        "left on a leaf goes to the parent"
    );
    press(&mut harness, Key::ArrowLeft);
    assert!(
        harness.state().view.collapsed.contains(&1),
        "left folds the replies"
    );
    press(&mut harness, Key::J);
    assert_eq!(selected_id(&harness), "3", "folded replies are skipped");
    press(&mut harness, Key::K);
    press(&mut harness, Key::ArrowRight);
    assert!(harness.state().view.collapsed.is_empty(), "right unfolds");
    press(&mut harness, Key::K);
    assert_eq!(selected_id(&harness), "1");
    // n: the next flagged comment without a label.
    press(&mut harness, Key::N);
    assert_eq!(selected_id(&harness), "2.1");
    // 2.1 is the sample's only flag: n stays on it.
    press(&mut harness, Key::N);
    assert_eq!(selected_id(&harness), "2.1");
    // ? shows every shortcut, from the same list as the menus.
    press(&mut harness, Key::Questionmark);
    assert!(harness.state().show_help);
    assert!(harness.query_all_by_label("Next in the queue").count() >= 1);
    assert!(
        harness.query_all_by_label("Label insult").count() == 1,
        "labels are listed too"
    );
}

#[test]
fn filters_show_counts_and_keep_working() {
    let mut harness = app_with(None, vec![]);
    harness.get_by_label("Flagged (1)").click();
    harness.run_steps(2);
    assert_eq!(harness.state().view.rows.len(), 1);
    assert_eq!(selected_id(&harness), "2.1");
    harness.get_by_label("insult (1)").click();
    harness.run_steps(2);
    let rows: Vec<String> = {
        let app = harness.state();
        let doc = app.doc.as_ref().unwrap();
        app.view
            .rows
            .iter()
            .map(|&i| doc.thread.comments[i].id.to_string())
            .collect()
    };
    assert_eq!(rows, ["2.1"]);

    // In "Unlabelled", a labelled comment leaves the list and the next is selected.
    harness.get_by_label("Unlabelled (8)").click();
    harness.run_steps(2);
    let first = selected_id(&harness);
    press(&mut harness, Key::Num1);
    harness.get_by_label("Unlabelled (7)");
    harness.get_by_label("Flagged (1)"); // a label leaves the flag counts as they were
    assert_ne!(selected_id(&harness), first);
    assert_eq!(harness.state().view.rows.len(), 7);

    // Search: "/" focuses the field, typing narrows the list.
    harness.get_by_label("All (8)").click();
    harness.run_steps(2);
    press(&mut harness, Key::Slash);
    harness.get_by_label("Search:").type_text("Erdogan");
    harness.run_steps(3);
    let app = harness.state();
    assert_eq!(app.view.search, "Erdogan");
    assert_eq!(app.view.rows.len(), 2, "2.1 and 2.2 name him");
}

#[test]
fn a_file_that_fails_shows_an_error_and_the_app_stays_usable() {
    let dir = tempfile::tempdir().unwrap();
    let binary = dir.path().join("photo.jpg");
    std::fs::write(&binary, [0xFFu8, 0xD8, 0xFF, 0xE0, 0, 0x10, 0, 0, 1, 2, 3]).unwrap();
    let mut harness = app_with(None, vec![Picked::Path(binary), Picked::Unavailable]);

    harness.key_press_modifiers(Modifiers::COMMAND, Key::O);
    harness.run_steps(1);
    settle(&mut harness);
    let message = harness.state().message.clone().expect("an error is shown");
    assert!(message.is_error);
    assert!(message.title.contains("photo.jpg"), "{}", message.title);
    assert!(message.body.contains("binary file"), "{}", message.body);
    harness.get_by_label_contains("Could not open");

    // The sample is still open and the keys still work.
    assert_eq!(harness.state().doc.as_ref().unwrap().len(), 8);
    press(&mut harness, Key::J);
    assert_eq!(selected_id(&harness), "2");

    // No file dialog on this system: say so, and point to the alternatives.
    harness.key_press_modifiers(Modifiers::COMMAND, Key::O);
    harness.run_steps(2);
    let message = harness.state().message.clone().unwrap();
    assert!(message.title.contains("No file dialog"));
    assert!(message.body.contains("Drag a file"));
    harness.get_by_label("Dismiss").click();
    harness.run_steps(2);
    assert!(harness.state().message.is_none());
}

/// A copy of a fixture in a fresh folder, so its journal lands there.
fn copy_fixture(name: &str) -> PathBuf {
    let path = data_dir().join(name);
    std::fs::copy(fixture(name), &path).unwrap();
    path
}

#[test]
fn opens_a_file_given_at_start() {
    let page = copy_fixture("wordpress-w3m.txt");
    let harness = app_with(Some(page.clone()), vec![]);
    let app = harness.state();
    let doc = app.doc.as_ref().unwrap();
    assert_eq!(doc.thread.article.title, "Ferry timetable cut again");
    assert_eq!(doc.len(), 4);
    assert_eq!(app.settings.recent_files, [page]);
    harness.get_by_label("Comment 1 by Mira");
}

#[test]
fn typing_a_note_does_not_label() {
    let mut harness = app_with(None, vec![]);
    let note = harness.get_by_label("Note");
    note.focus();
    harness.run_steps(1);
    harness.get_by_label("Note").type_text("12 j");
    harness.run_steps(3);
    let app = harness.state();
    let doc = app.doc.as_ref().unwrap();
    assert_eq!(doc.labels.decision(0).unwrap().note, "12 j");
    assert_eq!(doc.labels.labelled_count(), 0);
    assert_eq!(selected_id(&harness), "1");
}

#[test]
fn every_script_renders_without_missing_glyphs() {
    // The harness fails on any glyph no installed font has.
    let mut harness = app_with(Some(copy_fixture("scripts.txt")), vec![]);
    assert_eq!(harness.state().doc.as_ref().unwrap().len(), 6);
    for _ in 0..6 {
        press(&mut harness, Key::J);
    }
    assert_eq!(selected_id(&harness), "5");
}

#[test]
fn loading_rules_shows_what_changed_and_keeps_labels() {
    let dir = tempfile::tempdir().unwrap();
    let rules = corridor_rules(dir.path());
    let mut harness = app_with(None, vec![Picked::Path(rules.clone())]);
    press(&mut harness, Key::Num1);
    harness.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::R);
    harness.run_steps(1);
    settle(&mut harness);
    let app = harness.state();
    let diff = app.rules_diff.as_ref().expect("the change is shown");
    let doc = app.doc.as_ref().unwrap();
    let ids = |list: &Vec<(usize, String)>, cat: &str| -> Vec<String> {
        list.iter()
            .filter(|(_, c)| c == cat)
            .map(|(i, _)| doc.thread.comments[*i].id.to_string())
            .collect()
    };
    assert_eq!(ids(&diff.appeared, "corridor"), ["1", "2"]);
    assert_eq!(ids(&diff.disappeared, "insult"), ["2.1"]);
    assert_eq!(doc.labels.label(0), Some("approve"), "labels stay");
    assert_eq!(doc.rules_path.as_deref(), Some(rules.as_path()));
    harness.get_by_label_contains("flags appeared");

    // Reload reads the same file again: nothing changes.
    harness.key_press_modifiers(Modifiers::COMMAND, Key::R);
    harness.run_steps(1);
    settle(&mut harness);
    let diff = harness.state().rules_diff.as_ref().unwrap();
    assert!(diff.appeared.is_empty() && diff.disappeared.is_empty());
}

#[test]
fn labels_and_notes_come_back_after_reopening() {
    let data = data_dir();
    let page = copy_fixture("wordpress-w3m.txt");
    {
        let mut harness = app_in(Some(page.clone()), vec![], data.clone());
        harness.state_mut().settings.moderator = "mira".into();
        press(&mut harness, Key::Num2);
        press(&mut harness, Key::Num1);
        let note = harness.get_by_label("Note");
        note.focus();
        harness.run_steps(1);
        harness.get_by_label("Note").type_text("checked twice");
        harness.run_steps(3);
        harness.get_by_label_contains("Saved as you go");
    } // the app is gone, as after a crash: nothing was exported
    let journal_file = threadmod::labels::journal::journal_path_for(&page);
    assert!(journal_file.exists());
    let harness = app_in(Some(page), vec![], data);
    let doc = harness.state().doc.as_ref().unwrap();
    assert_eq!(doc.labels.label(0), Some("insult"));
    assert_eq!(doc.labels.label(1), Some("approve"));
    assert_eq!(doc.labels.decision(2).unwrap().note, "checked twice");
    assert_eq!(doc.label_meta[0].as_ref().unwrap().moderator, "mira");
    let notice = harness.state().message.clone().unwrap();
    assert!(notice.body.contains("Restored 2 labels"), "{}", notice.body);
    // Undo does not reach into the previous session.
    assert!(!doc.labels.can_undo());
}

#[test]
fn the_sample_keeps_its_journal_in_the_data_folder() {
    let data = data_dir();
    {
        let mut harness = app_in(None, vec![], data.clone());
        press(&mut harness, Key::Num4);
    }
    assert!(data.join("sample-article.txt.threadmod.jsonl").exists());
    let harness = app_in(None, vec![], data);
    assert_eq!(
        harness.state().doc.as_ref().unwrap().labels.label(0),
        Some("spam")
    );
}

#[test]
fn a_disqus_export_offers_its_threads() {
    let page = copy_fixture("disqus.xml");
    let mut harness = app_with(Some(page), vec![]);
    assert_eq!(
        harness.state().doc.as_ref().unwrap().thread.article.title,
        "Ferry timetable cut again"
    );
    // Enter takes what the platform decided: deleted → remove, spam → spam.
    for _ in 0..4 {
        press(&mut harness, Key::Enter);
    }
    assert_eq!(label_of(&harness, "1.2").as_deref(), Some("remove"));
    assert_eq!(label_of(&harness, "2").as_deref(), Some("spam"));
    harness.push_thread("200");
    settle(&mut harness);
    let doc = harness.state().doc.as_ref().unwrap();
    assert_eq!(doc.thread.article.title, "Night trains return");
    assert_eq!(doc.len(), 1);
}

trait PushThread {
    fn push_thread(&mut self, id: &str);
}

impl PushThread for Harness<'static, ThreadmodApp> {
    /// What choosing a thread in the picker does.
    fn push_thread(&mut self, id: &str) {
        self.state_mut()
            .push(threadmod::app::commands::Command::OpenThread(id.into()));
        self.run_steps(2);
    }
}

#[test]
fn a_custom_label_set_takes_its_keys() {
    let set = threadmod::labels::LabelSet::parse(
        "[[label]]\nname = \"keep\"\nkey = \"7\"\ncolor = \"#2e9d5b\"\n\n[[label]]\nname = \"drop\"\nkey = \"8\"\ncolor = \"#d1453b\"\n",
    )
    .unwrap();
    let options = AppOptions {
        file: None,
        rules: None,
        dialogs: Box::new(ScriptedDialogs::default()),
        persist_settings: false,
        settings: None,
        data_dir: Some(data_dir()),
        parse: Default::default(),
        labels: Some(set),
    };
    let mut harness = start(options);
    press(&mut harness, Key::Num8);
    press(&mut harness, Key::Num1); // not a label any more
    assert_eq!(label_of(&harness, "1").as_deref(), Some("drop"));
    assert_eq!(label_of(&harness, "2"), None);
    harness.get_by_label_contains("7  keep");
}

/// The bad-input catalogue, opened one after another in one app: each file
/// gets an error panel naming it, or opens with a notice; the tree, keys and
/// labels keep working throughout; nothing crashes or hangs.
#[test]
fn the_app_meets_the_bad_input_catalogue() {
    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str, bytes: Vec<u8>| {
        let path = dir.path().join(name);
        std::fs::write(&path, bytes).unwrap();
        path
    };
    let mut deep = String::new();
    for i in 0..10_000 {
        let parent = if i == 0 {
            String::new()
        } else {
            format!(", \"parent_id\": \"c{}\"", i - 1)
        };
        deep.push_str(&format!(
            "{{\"id\": \"c{i}\"{parent}, \"text\": \"reply {i}\"}}\n"
        ));
    }
    let bomb = "<?xml version=\"1.0\"?><!DOCTYPE d [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\"><!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">]><disqus xmlns=\"http://disqus.com\"><thread dsq:id=\"1\" xmlns:dsq=\"http://disqus.com/disqus-internals\"><title>&c;</title></thread><post dsq:id=\"p1\" xmlns:dsq=\"http://disqus.com/disqus-internals\"><message>&c;</message><thread dsq:id=\"1\"/></post></disqus>";
    // (file, Some(words of the error) or None when it opens)
    let cases: Vec<(PathBuf, Option<&str>)> = vec![
        (write("empty.txt", Vec::new()), None),
        (write("blank.txt", b"  \n\t\n".to_vec()), None),
        (
            write("photo.jpg", vec![0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10, 0, 1]),
            Some("binary file"),
        ),
        (
            write(
                "deep.json",
                format!("{}{}", "[".repeat(50_000), "]".repeat(50_000)).into_bytes(),
            ),
            // Too deep for the JSON reader: read as a text page, with a warning.
            None,
        ),
        (write("table.csv", b"a,b\n1,2\n".to_vec()), None),
        (
            write(
                "broken.html",
                b"<li class='comment depth-1'><p>unclosed <b>bold".to_vec(),
            ),
            None,
        ),
        (write("bomb.xml", bomb.as_bytes().to_vec()), None),
        (write("chain.jsonl", deep.into_bytes()), None),
        (dir.path().join("missing.txt"), Some("no such file")),
        (dir.path().to_path_buf(), Some("directory")),
    ];
    let nowhere = dir.path().join("no/such/folder/out.csv");
    let answers = cases
        .iter()
        .map(|(p, _)| Picked::Path(p.clone()))
        .chain([Picked::Path(nowhere.clone())])
        .collect();
    let mut harness = app_with(None, answers);
    for (path, error) in &cases {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let before = harness.state().doc.as_ref().map(|d| d.len());
        harness.key_press_modifiers(Modifiers::COMMAND, Key::O);
        harness.run_steps(1);
        settle(&mut harness);
        let message = harness.state().message.clone();
        match error {
            Some(words) => {
                let m = message.unwrap_or_else(|| panic!("{name}: no error shown"));
                assert!(m.is_error, "{name}: {}", m.title);
                assert!(m.title.contains(&name), "{name}: {}", m.title);
                assert!(m.body.contains(words), "{name}: {}", m.body);
                harness.get_by_label_contains("Could not open");
                // The document that was open stays open.
                assert_eq!(
                    harness.state().doc.as_ref().map(|d| d.len()),
                    before,
                    "{name}"
                );
            }
            None => {
                assert!(
                    message.as_ref().is_none_or(|m| !m.is_error),
                    "{name}: {message:?}"
                );
                let doc = harness.state().doc.as_ref().expect("a document is open");
                assert!(doc.path.as_deref() == Some(path.as_path()), "{name}");
            }
        }
        if harness.state().message.is_some() {
            harness.get_by_label("Dismiss").click();
            harness.run_steps(2);
        }
        // The keys still work: down, up, and a label on the selection.
        let len = harness.state().doc.as_ref().map_or(0, |d| d.len());
        if len > 0 {
            press(&mut harness, Key::J);
            press(&mut harness, Key::K);
            let selected = harness.state().view.selected.expect("a selection");
            press(&mut harness, Key::Num1);
            let doc = harness.state().doc.as_ref().unwrap();
            assert!(doc.labels.label(selected).is_some(), "{name}: no label");
        }
    }
    // Export into a folder that does not exist: an error, labels kept.
    let labelled = harness
        .state()
        .doc
        .as_ref()
        .unwrap()
        .labels
        .decisions()
        .to_vec();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::E);
    harness.run_steps(1);
    settle(&mut harness);
    let m = harness
        .state()
        .message
        .clone()
        .expect("an export error is shown");
    assert!(m.is_error, "{}", m.title);
    assert!(
        format!("{} {}", m.title, m.body).contains("out.csv"),
        "{}: {}",
        m.title,
        m.body
    );
    assert!(!nowhere.exists());
    assert_eq!(
        harness.state().doc.as_ref().unwrap().labels.decisions(),
        labelled
    );
    assert!(labelled_count(&harness) > 0);
}

/// Feeds `events` one per frame (a step would run them all and keep only the
/// last frame's output) and gathers what the app asked of the platform:
/// opening a link, copying text.
fn platform_commands(
    harness: &mut Harness<'static, ThreadmodApp>,
    events: Vec<egui::Event>,
) -> Vec<egui::OutputCommand> {
    let mut commands = Vec::new();
    for event in events {
        harness.event(event);
        harness.step();
        commands.extend(harness.output().platform_output.commands.iter().cloned());
    }
    commands
}

/// A key pressed and released with modifiers, as events.
fn shortcut(modifiers: Modifiers, key: Key) -> Vec<egui::Event> {
    [true, false]
        .map(|pressed| egui::Event::Key {
            key,
            pressed,
            modifiers,
            repeat: false,
            physical_key: None,
        })
        .to_vec()
}

/// A click on the widget with this label, as events.
fn click_on(harness: &Harness<'static, ThreadmodApp>, label: &str) -> Vec<egui::Event> {
    // Menu entries carry their shortcut in their label: "Copy id Ctrl+Shift+I".
    let at = harness.get_by_label_contains(label).rect().center();
    let button = |pressed| egui::Event::PointerButton {
        pos: at,
        button: egui::PointerButton::Primary,
        pressed,
        modifiers: Modifiers::default(),
    };
    vec![egui::Event::PointerMoved(at), button(true), button(false)]
}

#[test]
fn open_on_site_opens_the_selected_comment_in_the_browser() {
    let mut harness = app_with(Some(copy_fixture("reddit.json")), vec![]);
    press(&mut harness, Key::J);
    assert_eq!(selected_id(&harness), "1.1");
    let keys = shortcut(Modifiers::COMMAND | Modifiers::SHIFT, Key::O);
    let opened: Vec<egui::OpenUrl> = platform_commands(&mut harness, keys)
        .into_iter()
        .filter_map(|c| match c {
            egui::OutputCommand::OpenUrl(url) => Some(url),
            _ => None,
        })
        .collect();
    assert_eq!(
        opened,
        [egui::OpenUrl::new_tab(
            "https://www.reddit.com/r/islands/comments/abc/comment/c2/"
        )]
    );
    // The menu entry does the same; a comment without a link says so.
    let mut harness = app_with(None, vec![]);
    harness.get_by_label("Edit").click();
    harness.run_steps(2);
    let click = click_on(&harness, "Open on site");
    let commands = platform_commands(&mut harness, click);
    assert!(
        !commands
            .iter()
            .any(|c| matches!(c, egui::OutputCommand::OpenUrl(_))),
        "{commands:?}"
    );
    harness.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::O);
    harness.run_steps(2);
    let message = harness.state().message.clone().expect("a notice");
    assert_eq!(message.title, "No link for this comment");
}

#[test]
fn copy_id_copies_the_platform_id_or_else_the_position() {
    let copied = |harness: &mut Harness<'static, ThreadmodApp>, events| -> Vec<String> {
        platform_commands(harness, events)
            .into_iter()
            .filter_map(|c| match c {
                egui::OutputCommand::CopyText(text) => Some(text),
                _ => None,
            })
            .collect()
    };
    let mut harness = app_with(Some(copy_fixture("disqus.xml")), vec![]);
    press(&mut harness, Key::J);
    harness.get_by_label("Edit").click();
    harness.run_steps(2);
    let click = click_on(&harness, "Copy id");
    assert_eq!(copied(&mut harness, click), ["1003"]);
    // And the search finds a comment by that id.
    harness
        .state_mut()
        .push(threadmod::app::commands::Command::SetSearch("1004".into()));
    harness.run_steps(2);
    let app = harness.state();
    let doc = app.doc.as_ref().unwrap();
    let shown: Vec<&str> = app
        .view
        .rows
        .iter()
        .map(|&i| doc.thread.comments[i].source_id())
        .collect();
    assert_eq!(shown, ["1004"]);
    // A text page has no platform id: the position is copied.
    let mut harness = app_with(None, vec![]);
    press(&mut harness, Key::J);
    press(&mut harness, Key::J);
    let keys = shortcut(Modifiers::COMMAND | Modifiers::SHIFT, Key::I);
    assert_eq!(copied(&mut harness, keys), ["2.1"]);
}

#[test]
fn the_app_and_export_share_the_journal_of_a_read_only_folder() {
    use std::os::unix::fs::PermissionsExt;
    let folder = data_dir().join("read-only");
    std::fs::create_dir(&folder).unwrap();
    let file = folder.join("hn.json");
    std::fs::copy(fixture("hn.json"), &file).unwrap();
    std::fs::set_permissions(&folder, PermissionsExt::from_mode(0o555)).unwrap();
    let xdg = data_dir();
    {
        let mut harness = app_in(Some(file.clone()), vec![], xdg.join("threadmod"));
        press(&mut harness, Key::Num4);
    }
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_threadmod"))
        .args(["export", file.to_str().unwrap()])
        .env("XDG_DATA_HOME", &xdg)
        .output()
        .unwrap();
    std::fs::set_permissions(&folder, PermissionsExt::from_mode(0o755)).unwrap();
    assert!(out.status.success());
    assert!(!folder.join("hn.json.threadmod.jsonl").exists());
    let csv = String::from_utf8_lossy(&out.stdout);
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let header = reader.headers().unwrap().clone();
    let at = |name: &str| header.iter().position(|h| h == name).unwrap();
    let rows: Vec<(String, String)> = reader
        .records()
        .map(|r| {
            let r = r.unwrap();
            (r[at("source_id")].to_string(), r[at("label")].to_string())
        })
        .collect();
    assert_eq!(
        rows,
        [
            ("5001".to_string(), "spam".to_string()),
            ("5002".to_string(), String::new()),
            ("5003".to_string(), String::new()),
        ]
    );
}

/// The accessible name of the row of comment `id` ("Comment 2.1 by …").
fn row_of(harness: &Harness<'static, ThreadmodApp>, id: &str) -> egui::Rect {
    harness
        .get_by_label_contains(&format!("Comment {id} by "))
        .rect()
}

fn pointer(harness: &Harness<'static, ThreadmodApp>, at: egui::Pos2, pressed: bool) {
    harness.event(egui::Event::PointerMoved(at));
    harness.event(egui::Event::PointerButton {
        pos: at,
        button: egui::PointerButton::Primary,
        pressed,
        modifiers: Modifiers::NONE,
    });
}

fn text_is_selected(harness: &Harness<'static, ThreadmodApp>) -> bool {
    harness
        .ctx
        .with_plugin(|s: &mut egui::text_selection::LabelSelectionState| s.has_selection())
        .unwrap_or(false)
}

#[test]
fn clicking_a_row_selects_it_and_the_keys_keep_working() {
    let mut harness = app_with(None, vec![]);
    assert_eq!(selected_id(&harness), "1");

    // A click on the third row, on its preview text.
    harness.get_by_label_contains("Comment 2.1 by ").click();
    harness.run_steps(2);
    assert_eq!(selected_id(&harness), "2.1");
    // The keyboard still works on the list: 2 labels it insult.
    press(&mut harness, Key::Num2);
    assert_eq!(label_of(&harness, "2.1").as_deref(), Some("insult"));
    assert_eq!(selected_id(&harness), "2.2", "moved on after the label");
    press(&mut harness, Key::K);
    assert_eq!(selected_id(&harness), "2.1");

    // A slow press and release (longer than egui counts as a click).
    let at = row_of(&harness, "4").center();
    pointer(&harness, at, true);
    harness.run_steps(6);
    pointer(&harness, at, false);
    harness.run_steps(2);
    assert_eq!(selected_id(&harness), "4");

    // A double click selects the row, not a word of its preview.
    let at = row_of(&harness, "5").center();
    for _ in 0..2 {
        pointer(&harness, at, true);
        harness.step();
        pointer(&harness, at, false);
        harness.step();
    }
    harness.run_steps(2);
    assert_eq!(selected_id(&harness), "5");
    assert!(
        !text_is_selected(&harness),
        "a word of the preview was selected"
    );

    // From the search field, a click on a row gives the keys back to the list.
    press(&mut harness, Key::Slash);
    assert!(harness.ctx.egui_wants_keyboard_input());
    harness.get_by_label_contains("Comment 3 by ").click();
    harness.run_steps(2);
    assert_eq!(selected_id(&harness), "3");
    press(&mut harness, Key::Num1);
    assert_eq!(label_of(&harness, "3").as_deref(), Some("approve"));
    assert_eq!(
        harness.state().view.search,
        "",
        "1 was not typed into the search"
    );
}

#[test]
fn the_label_panel_marks_the_current_label() {
    let mut harness = app_with(None, vec![]);
    // Comment 2.1: the rules suggest a label until the moderator gives one.
    press(&mut harness, Key::J);
    press(&mut harness, Key::J);
    assert_eq!(selected_id(&harness), "2.1");
    harness.get_by_label_contains("Suggested: ");
    assert!(harness.query_by_label_contains("✔").is_none());

    press(&mut harness, Key::Num3);
    press(&mut harness, Key::K);
    assert_eq!(selected_id(&harness), "2.1");
    assert_eq!(label_of(&harness, "2.1").as_deref(), Some("off_topic"));
    let marked: Vec<String> = harness
        .query_all_by_label_contains("✔ ")
        .filter(|n| n.accesskit_node().role() == egui::Role::Button)
        .filter_map(|n| n.accesskit_node().label())
        .collect();
    assert_eq!(marked, ["✔ 3  off_topic"]);
    let button = harness.get_by_label("✔ 3  off_topic");
    let pressed = |node: egui_kittest::Node<'_>| node.accesskit_node().toggled();
    assert_eq!(pressed(button), Some(egui::accesskit::Toggled::True));
    assert_eq!(
        pressed(harness.get_by_label("2  insult")),
        Some(egui::accesskit::Toggled::False)
    );
    assert!(
        harness.query_by_label_contains("Suggested: ").is_none(),
        "the suggestion is hidden once a label is set"
    );

    // Cleared again: the suggestion comes back and no button is marked.
    press(&mut harness, Key::Num0);
    harness.get_by_label_contains("Suggested: ");
    assert!(harness.query_by_label_contains("✔ 3").is_none());
}

#[test]
fn escape_closes_an_overlay_first_and_keys_do_not_reach_behind_it() {
    let rules = data_dir().join("one.toml");
    std::fs::write(
        &rules,
        "[[rule]]\nid = \"corridor\"\nkind = \"lexicon\"\ncategory = \"corridor\"\nreason = \"mentions the corridor\"\nwords = [\"corridor\"]\n",
    )
    .unwrap();
    let mut harness = app_with(None, vec![Picked::Unavailable, Picked::Path(rules)]);
    press(&mut harness, Key::Questionmark);
    assert!(harness.state().show_help);
    assert!(harness.query_all_by_label("Keyboard shortcuts").count() > 0);

    // Typing goes nowhere: not into the search, not to the list.
    press(&mut harness, Key::Slash);
    harness.event(egui::Event::Text("erdogan".into()));
    harness.run_steps(2);
    press(&mut harness, Key::J);
    press(&mut harness, Key::Num2);
    let app = harness.state();
    assert_eq!(app.view.search, "");
    assert_eq!(
        app.view.rows.len(),
        8,
        "the list was filtered behind the overlay"
    );
    assert_eq!(selected_id(&harness), "1");
    assert_eq!(label_of(&harness, "1"), None);

    // Esc closes the overlay, and only that.
    press(&mut harness, Key::Escape);
    assert!(!harness.state().show_help);
    assert_eq!(harness.query_all_by_label("Keyboard shortcuts").count(), 0);

    // The list has the keys again; ? opens the overlay again, Esc closes it.
    assert!(!harness.ctx.egui_wants_keyboard_input());
    press(&mut harness, Key::Questionmark);
    assert!(harness.state().show_help);
    press(&mut harness, Key::Escape);
    assert!(!harness.state().show_help);

    // Esc dismisses a message too, once no field has focus.
    harness.key_press_modifiers(Modifiers::COMMAND, Key::O); // no dialog here
    harness.run_steps(2);
    assert!(harness.state().message.is_some());
    press(&mut harness, Key::Escape);
    assert!(harness.state().message.is_none());

    // The window of flags a rules change moved closes on Esc, even from the search field.
    harness.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::R);
    harness.run_steps(1);
    settle(&mut harness);
    assert!(harness.state().rules_diff.is_some());
    press(&mut harness, Key::Slash);
    assert!(harness.ctx.egui_wants_keyboard_input());
    press(&mut harness, Key::Escape);
    assert!(harness.state().rules_diff.is_none());
    assert!(
        harness
            .query_by_label("Flags after the rules change")
            .is_none()
    );
}

/// An article of `n` top-level comments in a fresh folder.
fn long_thread(n: usize) -> PathBuf {
    let mut lines = String::new();
    for i in 0..n {
        lines.push_str(&format!(
            "{{\"id\": \"c{i}\", \"author\": \"reader{i}\", \"text\": \"comment number {i}\"}}\n"
        ));
    }
    let path = data_dir().join("long.jsonl");
    std::fs::write(&path, lines).unwrap();
    path
}

#[test]
fn home_end_and_page_keys_move_through_a_long_thread() {
    let mut harness = app_with(Some(long_thread(500)), vec![]);
    let selected = |h: &Harness<'static, ThreadmodApp>| h.state().view.selected.unwrap();
    assert_eq!(selected(&harness), 0);
    let page = harness.state().list_page_rows;
    assert!(page > 5, "a page of {page} rows");

    press(&mut harness, Key::PageDown);
    assert_eq!(selected(&harness), page - 1);
    press(&mut harness, Key::PageDown);
    assert_eq!(selected(&harness), 2 * (page - 1));
    press(&mut harness, Key::PageUp);
    assert_eq!(selected(&harness), page - 1);

    press(&mut harness, Key::End);
    assert_eq!(selected(&harness), 499);
    // Scrolled to it: its row is laid out (only visible rows are).
    harness.get_by_label_contains("by reader499");
    press(&mut harness, Key::PageDown);
    assert_eq!(selected(&harness), 499, "stays on the last");
    press(&mut harness, Key::Home);
    assert_eq!(selected(&harness), 0);
    harness.get_by_label_contains("by reader0");
    assert!(harness.query_by_label_contains("by reader499").is_none());
}

#[test]
fn i_writes_a_note_and_escape_goes_back_to_the_list() {
    let mut harness = app_with(None, vec![]);
    press(&mut harness, Key::I);
    assert!(
        harness.ctx.egui_wants_keyboard_input(),
        "the note has focus"
    );
    harness.event(egui::Event::Text("seen 2x".into()));
    harness.run_steps(2);
    press(&mut harness, Key::Escape);
    press(&mut harness, Key::J);
    let app = harness.state();
    let doc = app.doc.as_ref().unwrap();
    assert_eq!(doc.labels.decision(0).unwrap().note, "seen 2x");
    assert_eq!(
        doc.labels.labelled_count(),
        0,
        "typing in the note labels nothing"
    );
    assert_eq!(selected_id(&harness), "2");
    // The help lists the key.
    press(&mut harness, Key::Questionmark);
    harness.get_by_label("Write a note");
}

#[test]
fn the_status_bar_fits_a_narrow_window() {
    // A long file name, as saved pages have.
    let page =
        data_dir().join("ferry-timetable-cut-again-islanders-say-the-council-never-asked.txt");
    std::fs::copy(fixture("wordpress-w3m.txt"), &page).unwrap();
    let options = AppOptions {
        file: Some(page),
        rules: None,
        dialogs: Box::new(ScriptedDialogs::default()),
        persist_settings: false,
        settings: None,
        data_dir: Some(data_dir()),
        parse: Default::default(),
        labels: None,
    };
    let width = 720.0;
    let mut harness = Harness::builder()
        .with_size(egui::vec2(width, 480.0))
        .build_eframe(|cc| ThreadmodApp::new(cc, options));
    settle(&mut harness);
    let saved = harness.get_by_label_contains("Saved as you go").rect();
    assert!(
        saved.right() <= width,
        "the status bar runs off the window: {saved:?}"
    );
}

/// Labels the first comment, exports with no file dialog, and returns the
/// labels of the CSV written to `expected`.
fn export_without_a_dialog(
    mut harness: Harness<'static, ThreadmodApp>,
    expected: &std::path::Path,
) -> Vec<String> {
    press(&mut harness, Key::Num4);
    harness.key_press_modifiers(Modifiers::COMMAND, Key::E);
    harness.run_steps(1);
    settle(&mut harness);
    let message = harness.state().message.clone().expect("a notice");
    assert!(!message.is_error, "{}: {}", message.title, message.body);
    let shown = expected.display().to_string();
    assert!(message.body.contains(&shown), "{}", message.body);
    harness.get_by_label(&format!("Exported to {shown}"));
    let mut reader = csv::Reader::from_path(expected).expect("the CSV was written");
    let at = reader.headers().unwrap().iter().position(|h| h == "label");
    let at = at.expect("a label column");
    reader
        .records()
        .map(|r| r.unwrap()[at].to_string())
        .collect()
}

#[test]
fn export_without_a_file_dialog_writes_beside_the_article_or_in_the_data_folder() {
    // Beside the article.
    let page = copy_fixture("wordpress-w3m.txt");
    let harness = app_with(Some(page.clone()), vec![Picked::Unavailable]);
    let beside = page.with_file_name("wordpress-w3m.labels.csv");
    let labels = export_without_a_dialog(harness, &beside);
    assert_eq!(labels, ["spam", "", "", ""]);

    // The bundled sample: in the data folder, which may not exist yet.
    let data = data_dir().join("not-yet");
    let harness = app_in(None, vec![Picked::Unavailable], data.clone());
    let labels = export_without_a_dialog(harness, &data.join("sample-article.labels.csv"));
    assert_eq!(labels.len(), 8);
    assert_eq!(labels[0], "spam");

    // A read-only folder: in the data folder too.
    use std::os::unix::fs::PermissionsExt;
    let folder = data_dir().join("read-only");
    std::fs::create_dir(&folder).unwrap();
    let file = folder.join("hn.json");
    std::fs::copy(fixture("hn.json"), &file).unwrap();
    std::fs::set_permissions(&folder, PermissionsExt::from_mode(0o555)).unwrap();
    let data = data_dir();
    let harness = app_in(Some(file), vec![Picked::Unavailable], data.clone());
    let labels = export_without_a_dialog(harness, &data.join("hn.labels.csv"));
    std::fs::set_permissions(&folder, PermissionsExt::from_mode(0o755)).unwrap();
    assert_eq!(labels, ["spam", "", ""]);
    assert!(!folder.join("hn.labels.csv").exists());
}

#[test]
fn emoji_and_traditional_chinese_render_without_missing_glyphs() {
    // Comments as moderators meet them: Traditional Chinese (Taiwan, Hong
    // Kong) and the emoji of the last years. The harness fails on any glyph
    // no font has.
    let texts = [
        "這個樣子太驟然了，啟動前不先問嗎？",
        "繁體中文：請問這篇報導的來源是哪裡？謝謝。",
        "😂🤣🙄🤡🤬🥴🫡🥲🫠🤦‍♀️🤷🏽 👍🏿 ❤️ 🇺🇦",
    ];
    let mut lines = String::new();
    for (i, text) in texts.iter().enumerate() {
        lines.push_str(&format!(
            "{{\"id\": \"c{i}\", \"author\": \"reader{i}\", \"text\": \"{text}\"}}\n"
        ));
    }
    let path = data_dir().join("glyphs.jsonl");
    std::fs::write(&path, lines).unwrap();
    let mut harness = app_with(Some(path), vec![]);
    assert_eq!(harness.state().doc.as_ref().unwrap().len(), 3);
    for _ in 0..3 {
        press(&mut harness, Key::J);
    }
    assert_eq!(harness.state().view.selected, Some(2));
}

/// Ids of the rows the list shows, in order.
fn shown_ids(harness: &Harness<'static, ThreadmodApp>) -> Vec<String> {
    let app = harness.state();
    let doc = app.doc.as_ref().unwrap();
    app.view
        .rows
        .iter()
        .map(|&i| doc.thread.comments[i].id.to_string())
        .collect()
}

/// Ids of the comments chosen for a bulk decision.
fn marked_ids(harness: &Harness<'static, ThreadmodApp>) -> Vec<String> {
    let app = harness.state();
    let doc = app.doc.as_ref().unwrap();
    app.view
        .marked
        .iter()
        .map(|&i| doc.thread.comments[i].id.to_string())
        .collect()
}

/// (comment, label) of every event in the journal of `article`.
fn journal_labels(article: &std::path::Path) -> Vec<(String, Option<String>)> {
    let path = threadmod::labels::journal::journal_path_for(article);
    threadmod::labels::journal::read(&path)
        .expect("the journal can be read")
        .events
        .into_iter()
        .map(|e| (e.comment, e.label))
        .collect()
}

fn click_button(harness: &mut Harness<'static, ThreadmodApp>, label: &str) {
    harness
        .get_by_role_and_label(egui::Role::Button, label)
        .click();
    harness.run_steps(2);
}

#[test]
fn an_author_is_one_click_away_and_labelled_in_one_step() {
    // desk.jsonl: ann wrote 1, 1.1.1 and 2 (two flagged insult), bob 1.1 and 3.
    let article = copy_fixture("desk.jsonl");
    let mut harness = app_with(Some(article.clone()), vec![]);
    assert_eq!(selected_id(&harness), "1");

    // The author's name in the comment view lists all they wrote.
    harness
        .get_by_role_and_label(egui::Role::Link, "ann")
        .click();
    harness.run_steps(2);
    assert_eq!(shown_ids(&harness), ["1", "1.1.1", "2"]);
    harness.get_by_label("Everything by ann");
    harness.get_by_label("3 comments · 2 flagged · 0 labelled");
    // Each row keeps its flags in view.
    assert_eq!(
        harness
            .get_all_by_label_contains("Comment ")
            .filter(|n| n.accesskit_node().role() == egui::Role::ListItem)
            .count(),
        3
    );

    // u goes back to every comment; on bob's reply it shows bob's.
    press(&mut harness, Key::U);
    assert_eq!(shown_ids(&harness).len(), 6);
    press(&mut harness, Key::J);
    assert_eq!(selected_id(&harness), "1.1");
    press(&mut harness, Key::U);
    assert_eq!(shown_ids(&harness), ["1.1", "3"]);
    press(&mut harness, Key::U);

    // The author's name in a row does the same, and selects that row.
    press(&mut harness, Key::Home);
    let bob_in_row = harness
        .get_all_by_label("bob")
        .rfind(|n| n.accesskit_node().role() != egui::Role::Link)
        .expect("bob's name in the list, on comment 3")
        .rect();
    harness.event(egui::Event::PointerMoved(bob_in_row.center()));
    harness.run_steps(1);
    for pressed in [true, false] {
        harness.event(egui::Event::PointerButton {
            pos: bob_in_row.center(),
            button: egui::PointerButton::Primary,
            pressed,
            modifiers: Modifiers::NONE,
        });
        harness.step();
    }
    harness.run_steps(2);
    assert_eq!(shown_ids(&harness), ["1.1", "3"]);
    assert_eq!(selected_id(&harness), "3");
    press(&mut harness, Key::U);

    // Label all by ann: one step, every label in the journal, one undo.
    press(&mut harness, Key::Home);
    harness
        .get_by_role_and_label(egui::Role::Link, "ann")
        .click();
    harness.run_steps(2);
    click_button(&mut harness, "insult");
    for id in ["1", "1.1.1", "2"] {
        assert_eq!(label_of(&harness, id).as_deref(), Some("insult"), "{id}");
    }
    assert_eq!(label_of(&harness, "1.1"), None);
    harness.get_by_label("3 comments labelled insult");
    let insult = Some("insult".to_string());
    assert_eq!(
        journal_labels(&article),
        [
            ("1".to_string(), insult.clone()),
            ("1.1.1".to_string(), insult.clone()),
            ("2".to_string(), insult.clone()),
        ]
    );
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run_steps(2);
    for id in ["1", "1.1.1", "2"] {
        assert_eq!(label_of(&harness, id), None, "{id} after one undo");
    }
    assert_eq!(
        journal_labels(&article).len(),
        6,
        "the undo is journalled too"
    );
}

/// Press and release on a row within one frame, with `modifiers` held.
fn click_in_one_frame(
    harness: &mut Harness<'static, ThreadmodApp>,
    id: &str,
    modifiers: Modifiers,
) {
    let at = row_of(harness, id).center();
    harness.event(egui::Event::PointerMoved(at));
    harness.run_steps(1);
    harness
        .input_mut()
        .events
        .push(egui::Event::ModifiersChanged(modifiers));
    for pressed in [true, false] {
        harness.input_mut().events.push(egui::Event::PointerButton {
            pos: at,
            button: egui::PointerButton::Primary,
            pressed,
            modifiers,
        });
    }
    harness.step();
    harness.event(egui::Event::ModifiersChanged(Modifiers::NONE));
    harness.run_steps(2);
}

#[test]
fn shift_ctrl_and_subthread_selections_are_labelled_in_one_undo_step() {
    let article = copy_fixture("desk.jsonl");
    let mut harness = app_with(Some(article.clone()), vec![]);

    // Shift+j twice: 1, 1.1 and 1.1.1 are chosen; the cursor is on 1.1.1.
    harness.key_press_modifiers(Modifiers::SHIFT, Key::J);
    harness.key_press_modifiers(Modifiers::SHIFT, Key::J);
    harness.run_steps(2);
    assert_eq!(marked_ids(&harness), ["1", "1.1", "1.1.1"]);
    assert_eq!(selected_id(&harness), "1.1.1");
    harness.get_by_label("Label 3 selected comments at once (one undo step)");
    press(&mut harness, Key::Num4);
    for id in ["1", "1.1", "1.1.1"] {
        assert_eq!(label_of(&harness, id).as_deref(), Some("spam"), "{id}");
    }
    assert_eq!(label_of(&harness, "1.1.2"), None);
    assert!(
        marked_ids(&harness).is_empty(),
        "the marks go once labelled"
    );
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run_steps(2);
    assert_eq!(labelled_count(&harness), 0);

    // A click, a Shift+click and a Ctrl+click.
    harness.get_by_label_contains("Comment 1.1 by ").click();
    harness.run_steps(2);
    harness
        .get_by_label_contains("Comment 2 by ")
        .click_modifiers(Modifiers::SHIFT);
    harness.run_steps(2);
    assert_eq!(marked_ids(&harness), ["1.1", "1.1.1", "1.1.2", "2"]);
    harness
        .get_by_label_contains("Comment 1.1.1 by ")
        .click_modifiers(Modifiers::COMMAND);
    harness.run_steps(2);
    assert_eq!(marked_ids(&harness), ["1.1", "1.1.2", "2"]);
    // Esc keeps only the cursor; a plain click does too.
    press(&mut harness, Key::Escape);
    assert!(marked_ids(&harness).is_empty());
    // A real window may deliver the press and the release in one frame.
    click_in_one_frame(&mut harness, "3", Modifiers::COMMAND);
    assert_eq!(marked_ids(&harness), ["1.1.1", "3"]);
    harness.get_by_label_contains("Comment 2 by ").click();
    harness.run_steps(2);
    assert!(marked_ids(&harness).is_empty());

    // t: the comment and every reply below it, folded ones too.
    harness.get_by_label_contains("Comment 1.1 by ").click();
    harness.run_steps(2);
    press(&mut harness, Key::ArrowLeft);
    assert!(harness.state().view.collapsed.contains(&1));
    press(&mut harness, Key::T);
    assert_eq!(marked_ids(&harness), ["1.1", "1.1.1", "1.1.2"]);
    press(&mut harness, Key::Num1);
    assert_eq!(label_of(&harness, "1.1.2").as_deref(), Some("approve"));
    assert_eq!(label_of(&harness, "1").as_deref(), None);

    // Ctrl+A: everything the filter shows.
    harness.get_by_label_contains("Flagged (2)").click();
    harness.run_steps(2);
    harness.key_press_modifiers(Modifiers::COMMAND, Key::A);
    harness.run_steps(2);
    assert_eq!(marked_ids(&harness), ["1", "1.1.1"]);
    press(&mut harness, Key::Num2);
    assert_eq!(labelled_count(&harness), 4);
    // Two undo steps: the flagged pair, then the sub-thread.
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run_steps(2);
    assert_eq!(label_of(&harness, "1"), None);
    assert_eq!(label_of(&harness, "1.1.1").as_deref(), Some("approve"));
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run_steps(2);
    assert_eq!(labelled_count(&harness), 0);
    // Every change reached the journal: 3 + 3 undone, 3 + 3, 2 + 2.
    assert_eq!(journal_labels(&article).len(), 16);
}

/// A journal in which two moderators labelled the desk fixture.
fn merged_journal(article: &std::path::Path, rows: &[(&str, &str, &str)]) {
    let thread = threadmod::parse::parse_file(article).unwrap();
    let mut writer = threadmod::labels::journal::JournalWriter::open(
        &threadmod::labels::journal::journal_path_for(article),
    )
    .unwrap();
    for (moderator, id, label) in rows {
        let i = thread.comments.iter().position(|c| c.id == *id).unwrap();
        let decision = threadmod::labels::Decision {
            label: Some(label.to_string()),
            note: String::new(),
        };
        let event = threadmod::labels::journal::event_for(&thread, i, &decision, moderator, None);
        writer.append(&event).unwrap();
    }
}

#[test]
fn queues_show_their_counts_and_n_walks_the_active_one() {
    let article = copy_fixture("desk.jsonl");
    merged_journal(
        &article,
        &[
            ("ann-mod", "1", "insult"),
            ("ann-mod", "1.1", "approve"),
            ("ann-mod", "2", "approve"),
            ("bo-mod", "1", "insult"),
            ("bo-mod", "1.1", "off_topic"),
            ("bo-mod", "2", "spam"),
        ],
    );
    let mut harness = app_with(Some(article.clone()), vec![]);
    // 1 is labelled (both said insult): 1.1.1 is the only flagged one left.
    harness.get_by_label("Pending (1)");
    harness.get_by_label("Disagreements (2)");

    harness.get_by_label("Disagreements (2)").click();
    harness.run_steps(2);
    assert_eq!(shown_ids(&harness), ["1.1", "2"]);
    press(&mut harness, Key::N);
    assert_eq!(selected_id(&harness), "2");
    press(&mut harness, Key::N);
    assert_eq!(selected_id(&harness), "1.1", "n wraps around the queue");

    // Shift+P: the pending queue, in thread order; labelling empties it.
    harness.key_press_modifiers(Modifiers::SHIFT, Key::P);
    harness.run_steps(2);
    assert_eq!(harness.state().view.filter.title(), "Pending");
    assert_eq!(shown_ids(&harness), ["1.1.1"]);
    press(&mut harness, Key::N);
    assert_eq!(selected_id(&harness), "1.1.1");
    press(&mut harness, Key::Num2);
    harness.get_by_label("Pending (0)");
    assert!(shown_ids(&harness).is_empty());
}

#[test]
fn the_summary_counts_labels_flags_rules_and_authors() {
    let article = copy_fixture("desk.jsonl");
    let mut harness = app_with(Some(article), vec![]);
    // 1 insult (confirms the insult score), 1.1 approve, 1.1.1 approve
    // (overturns it), then the summary.
    for key in [Key::Num2, Key::Num1, Key::Num1] {
        press(&mut harness, key);
    }
    press(&mut harness, Key::S);
    assert!(harness.state().show_summary);
    harness.get_by_label_contains("3 of 6 comments labelled");
    harness.get_by_label("approve: 2");
    harness.get_by_label("insult: 1");
    harness.get_by_label("insult: 2 flagged");
    harness.get_by_label("insult-score: 1 confirmed, 1 overturned, 0 undecided — precision 50%");
    assert!(
        harness.query_by_label_contains("insult-words:").is_none(),
        "a rule that only highlights confirms no flag"
    );
    harness.get_by_label("2 of 3 flagged");
    assert!(
        harness.query_by_label_contains("bob: ").is_none(),
        "bob has no flag"
    );
    harness.get_by_label_contains("on 3 labelled comments");
    // Keys do not reach the list behind it; Esc closes it.
    press(&mut harness, Key::Num4);
    assert_eq!(labelled_count(&harness), 3);
    press(&mut harness, Key::Escape);
    assert!(!harness.state().show_summary);
    // An author in the summary opens the author view.
    press(&mut harness, Key::S);
    harness
        .get_by_role_and_label(egui::Role::Link, "ann")
        .click();
    harness.run_steps(2);
    assert!(!harness.state().show_summary);
    assert_eq!(shown_ids(&harness), ["1", "1.1.1", "2"]);
}

#[test]
fn the_summary_is_kept_while_open_and_follows_new_labels() {
    let mut harness = app_with(Some(copy_fixture("desk.jsonl")), vec![]);
    press(&mut harness, Key::Num2);
    press(&mut harness, Key::S);
    harness.get_by_label_contains("1 of 6 comments labelled");
    let figures = harness.state().summary.clone().expect("figures while open");
    // Frames without changes keep the same figures; closing drops them.
    harness.run_steps(3);
    assert_eq!(harness.state().summary.as_ref(), Some(&figures));
    press(&mut harness, Key::Escape);
    assert!(harness.state().summary.is_none());
    // A label given while it is closed shows when it opens again.
    press(&mut harness, Key::Num1);
    press(&mut harness, Key::S);
    harness.get_by_label_contains("2 of 6 comments labelled");
    harness.get_by_label("approve: 1");
}

#[test]
fn the_first_start_asks_for_the_moderator_name_and_the_journal_carries_it() {
    let article = copy_fixture("desk.jsonl");
    let options = AppOptions {
        file: Some(article.clone()),
        dialogs: Box::new(ScriptedDialogs::default()),
        // Kept settings are what make a first start (none kept yet here).
        persist_settings: true,
        data_dir: Some(data_dir()),
        ..AppOptions::default()
    };
    let mut harness = start(options);
    harness.get_by_label("Welcome to threadmod");
    // A label key is typed into the name, not given to a comment.
    press(&mut harness, Key::Num2);
    assert_eq!(labelled_count(&harness), 0);
    // The field has the keys without a click: replace what it holds.
    assert!(
        harness.ctx.egui_wants_keyboard_input(),
        "the name field has the keys"
    );
    harness.key_press_modifiers(Modifiers::COMMAND, Key::A);
    harness.run_steps(1);
    harness.event(egui::Event::Text("Ana Moderator".into()));
    harness.run_steps(1);
    press(&mut harness, Key::Enter);
    harness.run_steps(1);
    let app = harness.state();
    assert!(app.moderator_prompt.is_none());
    assert!(app.settings.moderator_confirmed);
    assert_eq!(app.settings.moderator, "Ana Moderator");
    // Labelling now writes the name with every event.
    press(&mut harness, Key::Num2);
    let path = threadmod::labels::journal::journal_path_for(&article);
    let events = threadmod::labels::journal::read(&path).unwrap().events;
    assert_eq!(events.len(), 1);
    assert_eq!(events[0].moderator, "Ana Moderator");
}

#[test]
fn enter_and_clear_act_on_every_selected_comment_in_one_step() {
    let mut harness = app_with(Some(copy_fixture("desk.jsonl")), vec![]);
    // 1 (flagged insult), 1.1 (clean) and 1.1.1 (flagged insult).
    harness.key_press_modifiers(Modifiers::SHIFT, Key::J);
    harness.key_press_modifiers(Modifiers::SHIFT, Key::J);
    harness.run_steps(2);
    // Enter: each its own suggestion, not the current comment's for all.
    press(&mut harness, Key::Enter);
    assert_eq!(label_of(&harness, "1").as_deref(), Some("insult"));
    assert_eq!(label_of(&harness, "1.1").as_deref(), Some("approve"));
    assert_eq!(label_of(&harness, "1.1.1").as_deref(), Some("insult"));
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run_steps(2);
    assert_eq!(labelled_count(&harness), 0, "one undo step");
    // Redo labels all three again (the cursor goes to the first), then
    // Backspace clears all three.
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Y);
    harness.run_steps(2);
    assert_eq!(selected_id(&harness), "1");
    harness.key_press_modifiers(Modifiers::SHIFT, Key::J);
    harness.key_press_modifiers(Modifiers::SHIFT, Key::J);
    harness.run_steps(2);
    assert_eq!(marked_ids(&harness), ["1", "1.1", "1.1.1"]);
    press(&mut harness, Key::Backspace);
    assert_eq!(labelled_count(&harness), 0);
}

#[test]
fn learning_from_my_labels_asks_first_and_can_be_undone_by_switching_back() {
    let data = data_dir();
    let mut harness = app_in(None, vec![], data.clone());
    // Without labels there is nothing to learn from: a clear error.
    harness.key_press_modifiers(Modifiers::COMMAND, Key::L);
    harness.run_steps(1);
    settle(&mut harness);
    let message = harness.state().message.clone().expect("an error is shown");
    assert!(message.is_error && message.body.contains("no labelled comments"));
    assert!(harness.state().learned.is_none());

    // The sample in list order: 1, 2, 2.1, 2.2, 3, 4, 5, 6; each label key
    // moves on to the next comment.
    for key in [
        Key::Num2,
        Key::Num1,
        Key::Num2,
        Key::Num2,
        Key::Num1,
        Key::Num1,
    ] {
        press(&mut harness, key);
    }
    harness.key_press_modifiers(Modifiers::COMMAND, Key::L);
    harness.run_steps(1);
    settle(&mut harness);
    let offer = harness
        .state()
        .learned
        .clone()
        .expect("the result is offered");
    assert_eq!((offer.labelled, offer.insults), (6, 3));
    assert!(offer.before.is_some() && offer.after.is_some());
    assert!(offer.rules_text.contains("# BEGIN insult-score"));
    harness.get_by_label_contains("re-fitted to 6 of your labels");
    assert_eq!(
        harness.state().doc.as_ref().unwrap().rules_path,
        None,
        "nothing changes before the moderator answers"
    );

    // Esc keeps the rules in use.
    press(&mut harness, Key::Escape);
    assert!(harness.state().learned.is_none());
    assert!(!data.join("learned-rules-1.toml").exists());

    // Asked again and answered yes: the rules are saved and in use.
    harness.key_press_modifiers(Modifiers::COMMAND, Key::L);
    harness.run_steps(1);
    settle(&mut harness);
    click_button(&mut harness, "Use the learned rules");
    settle(&mut harness);
    let saved = data.join("learned-rules-1.toml");
    let app = harness.state();
    let doc = app.doc.as_ref().unwrap();
    assert_eq!(doc.rules_path.as_deref(), Some(saved.as_path()));
    assert_eq!(doc.rules.source, saved.display().to_string());
    assert!(app.rules_diff.is_some(), "the flags that changed are shown");
    assert_eq!(labelled_count(&harness), 6, "labels stay");
    threadmod::rules::RuleSet::load(&saved).expect("the saved rules read back");

    // Switching back is the undo.
    harness
        .state_mut()
        .push(threadmod::app::commands::UiCommand::PreviousRules);
    harness.run_steps(1);
    settle(&mut harness);
    let doc = harness.state().doc.as_ref().unwrap();
    assert_eq!(doc.rules_path, None);
    assert!(harness.state().rules_before_learning.is_none());
}

#[test]
fn the_rules_chosen_in_the_app_are_used_at_the_next_start() {
    let dir = tempfile::tempdir().unwrap();
    let rules = corridor_rules(dir.path());
    let mut harness = app_with(None, vec![Picked::Path(rules.clone())]);
    harness.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::R);
    harness.run_steps(1);
    settle(&mut harness);
    let kept = harness.state().settings.clone();
    assert_eq!(kept.rules_file.as_deref(), Some(rules.as_path()));

    let start_with = |settings: threadmod::app::state::Settings| {
        start(AppOptions {
            dialogs: Box::new(ScriptedDialogs::default()),
            persist_settings: false,
            settings: Some(settings),
            data_dir: Some(data_dir()),
            ..AppOptions::default()
        })
    };
    let again = start_with(kept.clone());
    let doc = again.state().doc.as_ref().expect("the sample opens");
    assert_eq!(doc.rules_path.as_deref(), Some(rules.as_path()));
    assert_eq!(doc.rules.rules.len(), 1);

    // Broken since: the built-in rules, and a notice that says why.
    std::fs::write(&rules, "[[rule]]\nid = \"x\"\nkind = \"nonsense\"\n").unwrap();
    let fallen_back = start_with(kept);
    let app = fallen_back.state();
    let doc = app.doc.as_ref().expect("the sample still opens");
    assert_eq!(doc.rules_path, None);
    assert!(doc.rules.rules.len() > 1, "the built-in rules");
    let message = app.message.as_ref().expect("a notice");
    assert!(
        message.body.contains("could not be read"),
        "{}",
        message.body
    );
}
