//! Comment lists with parent references — what exports and databases give —
//! turned into a thread; and the flat formats themselves: threadmod's own
//! CSV export and JSON lines (`id`, optional `parent_id`, optional `author`,
//! `text`).

use std::collections::HashMap;

use crate::error::{Error, Result};
use crate::thread::{Article, Comment, CommentKind, Origin, Thread};

/// A comment that names its parent by key; `build_thread` fills in its
/// place in the tree (parent, depth, id).
#[derive(Debug, Clone, Default)]
pub struct FlatComment {
    pub key: String,
    pub parent_key: Option<String>,
    pub comment: Comment,
}

/// Orders comments so every parent comes before its replies (replies in
/// source order) and assigns ids. A missing parent makes a comment
/// top-level; cycles are broken the same way. No recursion: any depth is fine.
pub fn build_thread(article: Article, flat: Vec<FlatComment>) -> Thread {
    let mut warnings = Vec::new();
    let index: HashMap<&str, usize> = flat
        .iter()
        .enumerate()
        .rev() // the first of duplicate keys wins
        .map(|(i, c)| (c.key.as_str(), i))
        .collect();
    let mut children: Vec<Vec<usize>> = vec![Vec::new(); flat.len()];
    let mut roots = Vec::new();
    let mut missing = 0;
    for (i, c) in flat.iter().enumerate() {
        match c.parent_key.as_deref().filter(|p| !p.is_empty()) {
            Some(p) => match index.get(p) {
                Some(&parent) if parent != i => children[parent].push(i),
                _ => {
                    missing += 1;
                    roots.push(i);
                }
            },
            None => roots.push(i),
        }
    }
    if missing > 0 {
        warnings.push(format!(
            "{missing} comments name a parent that is not in the file; they are shown as top-level"
        ));
    }
    let mut order: Vec<(usize, Option<usize>)> = Vec::with_capacity(flat.len());
    let mut placed = vec![false; flat.len()];
    let walk = |start: usize, order: &mut Vec<(usize, Option<usize>)>, placed: &mut Vec<bool>| {
        // Stack of (comment, position in the output of its parent).
        let mut stack = vec![(start, None::<usize>)];
        while let Some((i, parent_pos)) = stack.pop() {
            if placed[i] {
                continue;
            }
            placed[i] = true;
            let pos = order.len();
            order.push((i, parent_pos));
            for &child in children[i].iter().rev() {
                stack.push((child, Some(pos)));
            }
        }
    };
    for &r in &roots {
        walk(r, &mut order, &mut placed);
    }
    // Whatever is left sits in a cycle: start it at its first member.
    for i in 0..flat.len() {
        if !placed[i] {
            warnings.push(format!(
                "comment '{}' is part of a reply cycle; shown as top-level",
                flat[i].key
            ));
            walk(i, &mut order, &mut placed);
        }
    }
    let mut slots: Vec<Option<FlatComment>> = flat.into_iter().map(Some).collect();
    let mut comments = Vec::with_capacity(order.len());
    // (comments with replies the file does not hold, how many replies)
    let mut hidden = (0usize, 0usize);
    for (i, parent_pos) in order {
        let Some(FlatComment { mut comment, .. }) = slots[i].take() else {
            continue;
        };
        if comment.hidden_replies > 0 {
            hidden.0 += 1;
            hidden.1 += comment.hidden_replies as usize;
        }
        comment.parent = parent_pos;
        comments.push(comment);
    }
    // One line for all of them: each comment shows its own count.
    match hidden {
        (0, _) => {}
        (1, replies) => warnings.push(format!(
            "{} not loaded under one comment (the file does not hold them)",
            crate::counted(replies, "more reply", "more replies")
        )),
        (holders, replies) => warnings.push(format!(
            "{} not loaded under {holders} comments (the file does not hold them; each comment says how many)",
            crate::counted(replies, "more reply", "more replies")
        )),
    }
    let mut thread = Thread {
        article,
        comments,
        encoding: "UTF-8".into(),
        warnings,
        ..Thread::default()
    };
    thread.assign_ids();
    thread
}

/// Case-insensitive column lookup.
fn column(headers: &csv::StringRecord, names: &[&str]) -> Option<usize> {
    headers.iter().position(|h| {
        names.iter().any(|n| {
            h.trim()
                .trim_start_matches('\u{FEFF}')
                .eq_ignore_ascii_case(n)
        })
    })
}

/// Undoes the export's formula guard: `'=x` was `=x`, `''@x` was `'@x`.
fn unguard(cell: &str) -> String {
    match cell.strip_prefix('\'') {
        Some(rest) if crate::base::looks_like_formula(rest) => rest.to_string(),
        _ => cell.to_string(),
    }
}

/// A CSV of comments: threadmod's export, or any file with `text` and
/// optionally `id`, `parent_id`, `author`, `posted_at`, `url` columns.
pub fn parse_csv(text: &str) -> Result<Thread> {
    let mut reader = csv::ReaderBuilder::new()
        .flexible(false)
        .from_reader(text.as_bytes());
    let headers = reader
        .headers()
        .map_err(|e| csv_error(&e, "a header row"))?
        .clone();
    let Some(text_col) = column(
        &headers,
        &["text", "comment", "body", "message", "comment_text"],
    ) else {
        return Err(Error::input(format!(
            "a CSV of comments needs a 'text' column; the header has: {}",
            headers.iter().collect::<Vec<_>>().join(", ")
        ))
        .at(1, 1));
    };
    let id_col = column(&headers, &["id", "comment_id"]);
    // threadmod's own export has positions in `id` and the platform's id in
    // `source_id`; in any other file the `id` is the platform's (or the
    // database's) own.
    let source_col = column(&headers, &["source_id"]).or(id_col);
    let url_col = column(&headers, &["url", "permalink", "link"]);
    let parent_col = column(&headers, &["parent_id", "parent"]);
    let author_col = column(&headers, &["author", "user", "username", "name"]);
    let date_col = column(
        &headers,
        &["posted_at", "date", "created_at", "created_utc"],
    );
    let kind_col = column(&headers, &["kind"]);
    let mut flat = Vec::new();
    // One record, refilled row by row.
    let mut record = csv::StringRecord::new();
    for n in 0.. {
        let more = reader
            .read_record(&mut record)
            .map_err(|e| csv_error(&e, "one value per header column"))?;
        if !more {
            break;
        }
        let get = |c: Option<usize>| {
            c.and_then(|c| record.get(c))
                .map(unguard)
                .unwrap_or_default()
        };
        let line = record.position().map_or(n + 2, |p| p.line() as usize);
        let key = id_col.map_or_else(
            || (n + 1).to_string(),
            |c| record.get(c).unwrap_or("").trim().to_string(),
        );
        flat.push(FlatComment {
            key,
            parent_key: Some(get(parent_col).trim().to_string()).filter(|p| !p.is_empty()),
            comment: Comment {
                origin: Origin::new(get(source_col), get(url_col)),
                author: get(author_col).into(),
                posted_at: get(date_col).into(),
                text: get(Some(text_col)).into(),
                kind: if get(kind_col) == "pingback" {
                    CommentKind::Pingback
                } else {
                    CommentKind::Comment
                },
                source_line: crate::thread::saturating_u32(line),
                ..Comment::default()
            },
        });
    }
    Ok(build_thread(Article::default(), flat))
}

fn csv_error(e: &csv::Error, expected: &str) -> Error {
    let (line, msg) = match e.kind() {
        csv::ErrorKind::UnequalLengths {
            pos,
            expected_len,
            len,
        } => (
            pos.as_ref().map(|p| p.line() as usize),
            format!("this row has {len} values, the header has {expected_len}"),
        ),
        csv::ErrorKind::Utf8 { pos, err } => (
            pos.as_ref().map(|p| p.line() as usize),
            format!("not UTF-8: {err}"),
        ),
        _ => (e.position().map(|p| p.line() as usize), e.to_string()),
    };
    let err = Error::input(format!("{msg}; expected {expected}"));
    match line {
        Some(l) => err.at_line(l),
        None => err,
    }
}

/// JSON lines: one object per line with `text` and optionally `id`,
/// `parent_id`, `author`, `posted_at`, `url` (and `source_id`, when `id`
/// is a position as in threadmod's own files).
pub fn parse_jsonl(text: &str) -> Result<Thread> {
    let mut flat = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        let Some(row) = super::json_row::JsonRow::parse(line) else {
            // Not one object: `Value` says what is wrong, where.
            // (Any well-formed object reads as a row: what is left is
            // well-formed JSON that is not an object.)
            serde_json::from_str::<serde_json::Value>(line).map_err(|e| {
                Error::input(format!("{e}; expected one JSON object per line"))
                    .at(n + 1, e.column().max(1))
            })?;
            return Err(Error::input("expected a JSON object with a \"text\" field").at(n + 1, 1));
        };
        let field = |names: &[&str]| row.field(names);
        if !row.has("text") && !row.has("body") && !row.has("comment") {
            return Err(Error::input("this object has no \"text\" field").at(n + 1, 1));
        }
        let key = field(&["id", "comment_id"]);
        let source_id = match field(&["source_id"]) {
            given if !given.is_empty() => given,
            _ => key.clone(),
        };
        flat.push(FlatComment {
            key: if key.is_empty() {
                format!("line {}", n + 1)
            } else {
                key
            },
            parent_key: Some(field(&["parent_id", "parent"])).filter(|p| !p.is_empty()),
            comment: Comment {
                origin: Origin::new(source_id, field(&["url", "permalink", "link"])),
                author: field(&["author", "user", "username"]).into(),
                posted_at: field(&["posted_at", "created_at", "date"]).into(),
                text: field(&["text", "body", "comment"]).into(),
                source_line: crate::thread::saturating_u32(n + 1),
                ..Comment::default()
            },
        });
    }
    Ok(build_thread(Article::default(), flat))
}
