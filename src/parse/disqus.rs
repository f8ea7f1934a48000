//! Disqus XML exports: `<thread>`s and `<post>`s that name their thread and
//! parent. Deleted and spam posts are kept, marked as such. The XML is read
//! as a stream: no DTD, no entity expansion, nothing fetched.

use std::collections::HashMap;

use quick_xml::Reader;
use quick_xml::events::Event;

use super::flat::{FlatComment, build_thread};
use super::html::fragment_to_text;
use crate::base::line_col;
use crate::error::{Error, Result};
use crate::thread::{Article, Comment, CommentStatus, Origin, Thread, ThreadChoice};

#[derive(Debug, Default, Clone)]
struct DisqusThread {
    dsq_id: String,
    ident: String,
    link: String,
    title: String,
    message: String,
    created: String,
    author: String,
}

#[derive(Debug, Default, Clone)]
struct Post {
    dsq_id: String,
    thread: String,
    parent: Option<String>,
    message: String,
    created: String,
    author: String,
    deleted: bool,
    spam: bool,
    line: usize,
}

/// The element's `dsq:id`; a malformed attribute is an error.
fn dsq_id(e: &quick_xml::events::BytesStart<'_>) -> std::result::Result<Option<String>, String> {
    for a in e.attributes().with_checks(true) {
        let a = a.map_err(|err| {
            format!(
                "broken attribute in <{}>: {err}",
                String::from_utf8_lossy(e.name().as_ref())
            )
        })?;
        if a.key.local_name().as_ref() == b"id" {
            return Ok(Some(String::from_utf8_lossy(&a.value).into_owned()));
        }
    }
    Ok(None)
}

/// An error at the element just read: its position is the reader's.
fn element_error(xml: &str, reader: &Reader<&[u8]>, message: String) -> Error {
    let end = (reader.buffer_position() as usize).min(xml.len());
    // Point at the start of the element, not past it.
    let start = xml[..end].rfind('<').unwrap_or(end);
    let (line, col) = line_col(xml, start);
    Error::input(format!("{message}; expected name=\"value\" attributes")).at(line, col)
}

/// Parses an export and picks one thread: `choice` (its dsq:id, id or link),
/// or the one with the most posts.
pub fn parse(xml: &str, choice: Option<&str>) -> Result<Thread> {
    let mut reader = Reader::from_str(xml);
    let mut threads: Vec<DisqusThread> = Vec::new();
    let mut posts: Vec<Post> = Vec::new();
    // Element names from the root down.
    let mut path: Vec<String> = Vec::new();
    let mut text = String::new();
    let mut saw_root = false;
    let position_error = |reader: &Reader<&[u8]>, msg: String| {
        let (line, col) = line_col(xml, reader.error_position() as usize);
        Error::input(msg).at(line, col)
    };
    loop {
        let event = reader.read_event().map_err(|e| {
            position_error(
                &reader,
                format!("broken XML: {e}; expected a Disqus export"),
            )
        })?;
        match event {
            Event::Start(e) => {
                let name = String::from_utf8_lossy(e.local_name().as_ref()).into_owned();
                if path.is_empty() {
                    if name != "disqus" {
                        let (line, col) = line_col(
                            xml,
                            xml[..(reader.buffer_position() as usize).min(xml.len())]
                                .rfind('<')
                                .unwrap_or(0),
                        );
                        return Err(Error::input(format!(
                            "the root element is <{name}>; expected <disqus>"
                        ))
                        .at(line, col));
                    }
                    saw_root = true;
                }
                let id = dsq_id(&e).map_err(|m| element_error(xml, &reader, m))?;
                match (path.len(), name.as_str()) {
                    (1, "thread") => threads.push(DisqusThread {
                        dsq_id: id.unwrap_or_default(),
                        ..DisqusThread::default()
                    }),
                    (1, "post") => {
                        let (line, _) = line_col(xml, reader.buffer_position() as usize);
                        posts.push(Post {
                            dsq_id: id.unwrap_or_default(),
                            line,
                            ..Post::default()
                        });
                    }
                    _ => {}
                }
                path.push(name);
                text.clear();
            }
            Event::Empty(e) => {
                let name = e.local_name();
                let id = dsq_id(&e).map_err(|m| element_error(xml, &reader, m))?;
                if path.len() == 2 && path[1] == "post" {
                    if let Some(post) = posts.last_mut() {
                        match name.as_ref() {
                            b"thread" => post.thread = id.unwrap_or_default(),
                            b"parent" => post.parent = id,
                            _ => {}
                        }
                    }
                }
            }
            Event::Text(t) => {
                let decoded = t
                    .xml10_content()
                    .map_err(|e| position_error(&reader, format!("bad text: {e}")))?;
                text.push_str(&decoded);
            }
            Event::CData(t) => text.push_str(&String::from_utf8_lossy(&t.into_inner())),
            Event::GeneralRef(r) => {
                // Character references and the five XML entities only;
                // anything else stays as written (no entity expansion).
                if let Ok(Some(c)) = r.resolve_char_ref() {
                    text.push(c);
                } else {
                    let name = String::from_utf8_lossy(&r.into_inner()).into_owned();
                    match quick_xml::escape::resolve_xml_entity(&name) {
                        Some(v) => text.push_str(v),
                        None => {
                            text.push('&');
                            text.push_str(&name);
                            text.push(';');
                        }
                    }
                }
            }
            Event::End(_) => {
                let value = std::mem::take(&mut text);
                let value = value.trim();
                let names: Vec<&str> = path.iter().map(String::as_str).collect();
                match names.as_slice() {
                    [_, "thread", field] => {
                        if let Some(t) = threads.last_mut() {
                            match *field {
                                "id" => t.ident = value.to_string(),
                                "link" => t.link = value.to_string(),
                                "title" => t.title = value.to_string(),
                                "message" => t.message = value.to_string(),
                                "createdAt" => t.created = value.to_string(),
                                _ => {}
                            }
                        }
                    }
                    [_, "thread", "author", "name"] => {
                        if let Some(t) = threads.last_mut() {
                            t.author = value.to_string();
                        }
                    }
                    [_, "post", field] => {
                        if let Some(p) = posts.last_mut() {
                            match *field {
                                "message" => p.message = value.to_string(),
                                "createdAt" => p.created = value.to_string(),
                                "isDeleted" => p.deleted = value == "true",
                                "isSpam" => p.spam = value == "true",
                                _ => {}
                            }
                        }
                    }
                    [_, "post", "author", "name"] => {
                        if let Some(p) = posts.last_mut() {
                            p.author = value.to_string();
                        }
                    }
                    [_, "post", "author", "username"] => {
                        if let Some(p) = posts.last_mut()
                            && p.author.is_empty()
                        {
                            p.author = value.to_string();
                        }
                    }
                    _ => {}
                }
                path.pop();
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if !saw_root {
        return Err(Error::input("no <disqus> element; expected a Disqus XML export").at(1, 1));
    }
    if !path.is_empty() {
        let (line, col) = line_col(xml, xml.len());
        return Err(Error::input(format!(
            "the file ends inside <{}>; expected </{}>",
            path.join("><"),
            path[path.len() - 1]
        ))
        .at(line, col));
    }

    let mut counts: HashMap<&str, usize> = HashMap::new();
    for p in &posts {
        *counts.entry(p.thread.as_str()).or_insert(0) += 1;
    }
    let chosen = match choice {
        Some(c) => threads
            .iter()
            .find(|t| {
                t.dsq_id == c
                    || (!t.ident.is_empty() && t.ident == c)
                    || (!t.link.is_empty() && t.link == c)
            })
            .or_else(|| {
                threads
                    .iter()
                    .find(|t| !t.link.is_empty() && t.link.contains(c))
            })
            .ok_or_else(|| {
                Error::input(format!(
                    "no thread '{c}' in this export; expected a dsq:id, id or link"
                ))
            })?
            .clone(),
        None => threads
            .iter()
            .max_by_key(|t| {
                (
                    counts.get(t.dsq_id.as_str()).copied().unwrap_or(0),
                    std::cmp::Reverse(t.dsq_id.clone()),
                )
            })
            .cloned()
            .unwrap_or_default(),
    };
    let mut choices: Vec<ThreadChoice> = threads
        .iter()
        .filter(|t| counts.get(t.dsq_id.as_str()).copied().unwrap_or(0) > 0)
        .map(|t| ThreadChoice {
            id: t.dsq_id.clone(),
            title: if t.title.is_empty() {
                t.link.clone()
            } else {
                t.title.clone()
            },
            comments: counts.get(t.dsq_id.as_str()).copied().unwrap_or(0),
        })
        .collect();
    choices.sort_by(|a, b| b.comments.cmp(&a.comments).then(a.id.cmp(&b.id)));

    let flat: Vec<FlatComment> = posts
        .into_iter()
        .filter(|p| p.thread == chosen.dsq_id)
        .map(|p| FlatComment {
            comment: Comment {
                // Disqus anchors each comment on the article's page at
                // #comment-ID; without a link the id alone is kept.
                origin: Origin::new(
                    p.dsq_id.as_str(),
                    if chosen.link.is_empty() || p.dsq_id.is_empty() {
                        String::new()
                    } else {
                        format!("{}#comment-{}", chosen.link, p.dsq_id)
                    },
                ),
                author: p.author.into(),
                posted_at: p.created.into(),
                text: fragment_to_text(&p.message).into(),
                status: if p.spam {
                    CommentStatus::Spam
                } else if p.deleted {
                    CommentStatus::Deleted
                } else {
                    CommentStatus::Visible
                },
                source_line: crate::thread::saturating_u32(p.line),
                ..Comment::default()
            },
            key: p.dsq_id,
            parent_key: p.parent,
        })
        .collect();
    let article = Article {
        title: if chosen.title.is_empty() {
            chosen.link.clone()
        } else {
            chosen.title.clone()
        },
        author: chosen.author.clone(),
        posted_at: chosen.created.clone(),
        body: fragment_to_text(&chosen.message),
    };
    let mut thread = build_thread(article, flat);
    if choices.len() > 1 {
        thread.warnings.push(format!(
            "this export has {} threads with comments; showing '{}' (pick another in the Thread list, or with --thread)",
            choices.len(),
            thread.article.title
        ));
    }
    thread.choices = choices;
    thread.chosen = Some(chosen.dsq_id);
    Ok(thread)
}
