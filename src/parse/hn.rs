//! Hacker News JSON from the Algolia API: an item with nested `children`
//! (the item is the article, its children the thread), or search results
//! (`hits`) whose comments name their parent.

use serde_json::Value;

use super::flat::{FlatComment, build_thread};
use super::html::fragment_to_text;
use crate::error::{Error, Result};
use crate::thread::{Article, Comment, CommentStatus, Origin, Thread};

fn s(v: &Value, key: &str) -> String {
    match v.get(key) {
        Some(Value::String(x)) => x.clone(),
        Some(Value::Number(n)) => n.to_string(),
        _ => String::new(),
    }
}

/// Every Hacker News item, comments included, has its page at item?id=.
fn item_url(id: &str) -> String {
    if id.is_empty() {
        String::new()
    } else {
        format!("https://news.ycombinator.com/item?id={id}")
    }
}

pub fn parse(value: &Value) -> Result<Thread> {
    if let Some(hits) = value.get("hits").and_then(Value::as_array) {
        let flat = hits
            .iter()
            .filter(|h| h.get("comment_text").is_some_and(|t| !t.is_null()))
            .map(|h| {
                let id = s(h, "objectID");
                FlatComment {
                    parent_key: Some(s(h, "parent_id")).filter(|p| !p.is_empty()),
                    comment: Comment {
                        origin: Origin::new(id.as_str(), item_url(&id)),
                        author: s(h, "author").into(),
                        posted_at: s(h, "created_at").into(),
                        text: fragment_to_text(&s(h, "comment_text")).into(),
                        ..Comment::default()
                    },
                    key: id,
                }
            })
            .collect();
        let mut thread = build_thread(Article::default(), flat);
        thread.article.title = "Hacker News search results".into();
        return Ok(thread);
    }
    if value.get("children").is_none() {
        return Err(Error::input(
            "expected a Hacker News item with \"children\" or search results with \"hits\"",
        )
        .at(1, 1));
    }
    let title = s(value, "title");
    let article = Article {
        title: if title.is_empty() {
            format!("Hacker News item {}", s(value, "id"))
        } else {
            title
        },
        author: s(value, "author"),
        posted_at: s(value, "created_at"),
        body: [fragment_to_text(&s(value, "text")), s(value, "url")]
            .into_iter()
            .filter(|p| !p.is_empty())
            .collect::<Vec<_>>()
            .join("\n\n"),
    };
    let mut flat = Vec::new();
    let mut stack: Vec<(&Value, Option<String>)> = Vec::new();
    if let Some(children) = value.get("children").and_then(Value::as_array) {
        stack.extend(children.iter().rev().map(|c| (c, None)));
    }
    while let Some((item, parent)) = stack.pop() {
        let key = s(item, "id");
        let text = s(item, "text");
        let author = s(item, "author");
        flat.push(FlatComment {
            key: key.clone(),
            parent_key: parent,
            comment: Comment {
                origin: Origin::new(key.as_str(), item_url(&key)),
                status: if text.is_empty() && author.is_empty() {
                    CommentStatus::Deleted
                } else {
                    CommentStatus::Visible
                },
                author: author.into(),
                posted_at: s(item, "created_at").into(),
                text: fragment_to_text(&text).into(),
                ..Comment::default()
            },
        });
        if let Some(children) = item.get("children").and_then(Value::as_array) {
            stack.extend(children.iter().rev().map(|c| (c, Some(key.clone()))));
        }
    }
    Ok(build_thread(article, flat))
}
