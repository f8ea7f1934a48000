#![no_main]
//! Journal replay: any bytes replay without panicking; labels attach to a
//! thread or are reported as orphans, never lost.
use libfuzzer_sys::fuzz_target;
use threadmod::labels::journal;

fuzz_target!(|data: &[u8]| {
    let Ok(replay) = journal::read_from(data) else {
        return;
    };
    let thread = threadmod::parse::text::parse(
        "Comments\n\n  1. Ann says:\n     First comment here.\n     Reply\n     1. Bob says:\n        A reply to it.\n        Reply\n  2. Cy says:\n     Second one.\n     Reply\n",
    );
    let attached = journal::attach(&thread, &replay.events);
    // The last event per (comment, fingerprint) that carries a label or a
    // note is either on a comment or reported as an orphan: never dropped.
    let same = |a: &journal::Event, b: &journal::Event| {
        a.comment == b.comment
            && a.fingerprint == b.fingerprint
            && a.at == b.at
            && a.label == b.label
    };
    let mut last: Vec<&journal::Event> = Vec::new();
    for e in &replay.events {
        match last
            .iter_mut()
            .find(|l| l.comment == e.comment && l.fingerprint == e.fingerprint)
        {
            Some(slot) => *slot = e,
            None => last.push(e),
        }
    }
    for e in last
        .iter()
        .filter(|e| e.label.is_some() || !e.note.is_empty())
    {
        let placed = attached.decisions.iter().flatten().any(|p| same(&p.1, e));
        let orphan = attached.orphans.iter().any(|o| same(o, e));
        assert!(placed || orphan, "label lost: {e:?}");
    }
    let _ = journal::problems(&replay, &attached);
});
