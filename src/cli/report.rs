//! The comment tree with its flags, for a terminal: what `threadmod check`
//! and `threadmod FILE` without the app print.

use std::io::Write;

use crate::rules::{CheckedThread, RuleSet};
use crate::thread::Thread;

/// First `n` characters of `s` on one line.
fn preview(s: &str, n: usize) -> String {
    let flat: String = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.chars().count() <= n {
        flat
    } else {
        let cut: String = flat.chars().take(n).collect();
        format!("{cut}…")
    }
}

/// The tree with its flags, for a terminal.
pub fn write_report(
    out: &mut dyn Write,
    thread: &Thread,
    checked: &CheckedThread,
    rules: &RuleSet,
) -> std::io::Result<()> {
    let a = &thread.article;
    writeln!(
        out,
        "{}",
        if a.title.is_empty() {
            "(untitled article)"
        } else {
            &a.title
        }
    )?;
    writeln!(
        out,
        "{} · read as {} · rules: {}",
        a.meta_line(),
        thread.encoding,
        rules.source
    )?;
    writeln!(out)?;
    let mut flagged = 0;
    for (i, c) in thread.comments.iter().enumerate() {
        let indent = "  ".repeat(c.depth.saturating_sub(1).min(20) as usize);
        let cats = checked.categories(i);
        if !cats.is_empty() {
            flagged += 1;
        }
        let author = if c.author.is_empty() {
            "anonymous"
        } else {
            &c.author
        };
        let flags = if cats.is_empty() {
            String::new()
        } else {
            format!(" [{}]", cats.join(", "))
        };
        let kind = if c.kind == crate::thread::CommentKind::Pingback {
            " (pingback)"
        } else {
            ""
        };
        writeln!(
            out,
            "{indent}{} {author}{kind}{flags}: {}",
            c.id,
            preview(&c.text, 70)
        )?;
        for f in &checked.findings[i] {
            let words: Vec<String> = f
                .spans
                .iter()
                .filter_map(|s| c.text.get(s.clone()))
                .map(|w| format!("«{}»", preview(w, 40)))
                .collect();
            let what = match (&f.measure, words.is_empty()) {
                (Some(m), true) => m.clone(),
                (Some(m), false) => format!("{m}: {}", words.join(" ")),
                (None, _) => words.join(" "),
            };
            writeln!(
                out,
                "{indent}    ⚑ {} · {} ({}) {} — {}",
                f.category,
                f.rule_id,
                f.severity.as_str(),
                what,
                f.reason
            )?;
        }
        // Highlighted words that flag nothing: what the app colours too.
        for f in checked.highlights.get(i).into_iter().flatten() {
            let words: Vec<String> = f
                .spans
                .iter()
                .filter_map(|s| c.text.get(s.clone()))
                .map(|w| format!("«{}»", preview(w, 40)))
                .collect();
            writeln!(
                out,
                "{indent}    ✎ {} · {} {} — {}",
                f.category,
                f.rule_id,
                words.join(" "),
                f.reason
            )?;
        }
    }
    writeln!(out)?;
    writeln!(
        out,
        "{} comments, {} flagged",
        thread.comments.len(),
        flagged
    )
}
