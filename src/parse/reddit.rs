//! Reddit thread JSON (`/comments/ID.json`: the post listing, then the
//! comment listing) and `morechildren` responses. `more` stubs become
//! "N more replies not loaded"; `[deleted]` and `[removed]` comments are kept.

use serde_json::Value;

use super::flat::{FlatComment, build_thread};
use crate::error::{Error, Result};
use crate::thread::{Article, Comment, CommentStatus, Origin, Thread};

fn s(v: &Value, key: &str) -> String {
    match v.get(key) {
        Some(Value::String(x)) => x.clone(),
        Some(Value::Number(n)) => n.to_string(),
        _ => String::new(),
    }
}

fn strip_kind(fullname: &str) -> &str {
    fullname.split_once('_').map_or(fullname, |(_, id)| id)
}

fn status(author: &str, body: &str) -> CommentStatus {
    match body.trim() {
        "[removed]" => CommentStatus::Removed,
        "[deleted]" => CommentStatus::Deleted,
        _ if author == "[deleted]" => CommentStatus::Deleted,
        _ => CommentStatus::Visible,
    }
}

/// The post the comments are under, for their permalinks.
#[derive(Default)]
struct Post {
    id: String,
    subreddit: String,
}

/// A comment's permalink: Reddit's own `permalink` when the file has it,
/// else built from the subreddit, the post and the comment id.
fn permalink(data: &Value, post: &Post, id: &str) -> String {
    let given = s(data, "permalink");
    if given.starts_with("https://") {
        return given;
    }
    if given.starts_with('/') {
        return format!("https://www.reddit.com{given}");
    }
    let link = s(data, "link_id");
    let post_id = match strip_kind(&link) {
        "" => post.id.as_str(),
        id => id,
    };
    let sub = match s(data, "subreddit") {
        sub if !sub.is_empty() => sub,
        _ => post.subreddit.clone(),
    };
    match (post_id.is_empty() || id.is_empty(), sub.is_empty()) {
        (true, _) => String::new(),
        (false, true) => format!("https://www.reddit.com/comments/{post_id}/comment/{id}/"),
        (false, false) => {
            format!("https://www.reddit.com/r/{sub}/comments/{post_id}/comment/{id}/")
        }
    }
}

/// Parses a Reddit JSON value.
pub fn parse(value: &Value) -> Result<Thread> {
    // A morechildren response: {"json": {"data": {"things": [...]}}}.
    if let Some(things) = value.pointer("/json/data/things").and_then(Value::as_array) {
        let mut flat = Vec::new();
        for t in things {
            collect(t, None, &Post::default(), &mut flat);
        }
        let mut thread = build_thread(Article::default(), flat);
        thread.warnings.push(
            "a 'load more replies' response: the comments it adds, without their post".into(),
        );
        return Ok(thread);
    }
    let Some(listings) = value.as_array().filter(|a| a.len() >= 2) else {
        return Err(
            Error::input("expected Reddit's [post listing, comment listing] array").at(1, 1),
        );
    };
    let post = listings[0]
        .pointer("/data/children/0/data")
        .unwrap_or(&Value::Null);
    let mut body = s(post, "selftext");
    let url = s(post, "url");
    if body.is_empty() && !url.is_empty() {
        body = url;
    }
    let created = post
        .get("created_utc")
        .and_then(Value::as_f64)
        .map(|t| crate::base::format_utc(t.max(0.0) as u64));
    let article = Article {
        title: s(post, "title"),
        author: s(post, "author"),
        posted_at: created.unwrap_or_default(),
        body,
    };
    let context = Post {
        id: s(post, "id"),
        subreddit: s(post, "subreddit"),
    };
    let mut flat = Vec::new();
    let mut top_more = 0;
    if let Some(children) = listings[1]
        .pointer("/data/children")
        .and_then(Value::as_array)
    {
        for c in children {
            if c.get("kind").and_then(Value::as_str) == Some("more") {
                top_more += c
                    .pointer("/data/count")
                    .and_then(Value::as_u64)
                    .unwrap_or(0) as usize;
            } else {
                collect(c, None, &context, &mut flat);
            }
        }
    }
    let mut thread = build_thread(article, flat);
    if top_more > 0 {
        thread.warnings.push(format!(
            "{} not loaded",
            crate::counted(
                top_more,
                "more top-level comment",
                "more top-level comments"
            )
        ));
    }
    Ok(thread)
}

/// Adds a comment and its replies (no recursion: a stack).
fn collect(root: &Value, parent: Option<String>, post: &Post, flat: &mut Vec<FlatComment>) {
    let mut stack = vec![(root, parent)];
    while let Some((thing, parent)) = stack.pop() {
        let data = thing.get("data").unwrap_or(&Value::Null);
        match thing.get("kind").and_then(Value::as_str) {
            Some("t1") => {
                let key = s(data, "id");
                let parent_key = parent.or_else(|| {
                    let p = s(data, "parent_id");
                    (p.starts_with("t1_")).then(|| strip_kind(&p).to_string())
                });
                let author = s(data, "author");
                let body = s(data, "body");
                let created = data
                    .get("created_utc")
                    .and_then(Value::as_f64)
                    .map(|t| crate::base::format_utc(t.max(0.0) as u64))
                    .unwrap_or_default();
                // The fullname ("t1_" and the id) is what Reddit's API and
                // moderation tools take.
                let fullname = match s(data, "name") {
                    name if name.starts_with("t1_") => name,
                    _ if key.is_empty() => String::new(),
                    _ => format!("t1_{key}"),
                };
                flat.push(FlatComment {
                    key: key.clone(),
                    parent_key,
                    comment: Comment {
                        origin: Origin::new(fullname, permalink(data, post, &key)),
                        status: status(&author, &body),
                        author: author.into(),
                        posted_at: created.into(),
                        text: body.into(),
                        ..Comment::default()
                    },
                });
                if let Some(replies) = data
                    .pointer("/replies/data/children")
                    .and_then(Value::as_array)
                {
                    for r in replies.iter().rev() {
                        stack.push((r, Some(key.clone())));
                    }
                }
            }
            Some("more") => {
                let count = data.get("count").and_then(Value::as_u64).unwrap_or(0) as usize;
                let target = parent.or_else(|| {
                    let p = s(data, "parent_id");
                    p.starts_with("t1_").then(|| strip_kind(&p).to_string())
                });
                if let Some(t) = target
                    && let Some(c) = flat.iter_mut().rev().find(|c| c.key == t)
                {
                    c.comment.hidden_replies = c
                        .comment
                        .hidden_replies
                        .saturating_add(crate::thread::saturating_u32(count.max(1)));
                }
            }
            _ => {}
        }
    }
}
