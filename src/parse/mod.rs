//! Every input format, as pure functions from bytes to a [`Thread`]:
//! decode the bytes, detect the format from the content, parse.

pub mod decode;
pub mod detect;
pub mod disqus;
pub mod flat;
pub mod hn;
pub mod html;
mod json_row;
pub mod reddit;
pub mod text;
pub mod vocabulary;

use std::path::Path;

pub use detect::Format;

use crate::error::{Error, Result};
use crate::thread::Thread;

/// How to read a file.
#[derive(Debug, Clone, Default)]
pub struct ParseOptions {
    /// Force a format instead of detecting it.
    pub format: Option<Format>,
    /// Which thread of a multi-thread export (Disqus) to open.
    pub thread: Option<String>,
}

fn json(text: &str) -> Result<serde_json::Value> {
    serde_json::from_str(text).map_err(|e| {
        // The position goes into the error's own fields, not its message.
        let message = e.to_string();
        let message = message
            .rfind(" at line ")
            .map_or(message.as_str(), |at| &message[..at]);
        Error::input(format!("{message}; expected JSON")).at(e.line().max(1), e.column().max(1))
    })
}

/// Parses an article file's bytes. `path` is used for messages and as a hint.
pub fn parse_bytes_with(bytes: &[u8], path: &Path, options: &ParseOptions) -> Result<Thread> {
    let decoded = decode::decode(bytes).map_err(|e| e.with_path(path))?;
    parse_decoded(decoded, path, options)
}

fn parse_decoded(decoded: decode::Decoded, path: &Path, options: &ParseOptions) -> Result<Thread> {
    let source = decoded.text;
    let text = source.trim_start_matches('\u{FEFF}');
    let empty = text.trim().is_empty();
    let format = options.format.unwrap_or_else(|| detect::detect(text, path));
    let (format, parsed) = match parse_export(format, text, options) {
        // A text page is handed over whole: its comments' texts are written
        // into its buffer rather than copied out of it.
        None => (Format::Text, Ok(text::parse_owned(source))),
        // Detection only guesses: a page whose first line is `[Site logo]`
        // or `{{…}}` looks like JSON, and a text page must not be refused
        // for that. When the guessed format's reader fails, the file is read
        // as a text page, and a warning says why, where. A forced format, or
        // a thread asked for by id, means the user knows the file is an
        // export.
        Some(Err(e))
            if options.format.is_none()
                && options.thread.is_none()
                && e.kind() == crate::error::ErrorKind::Input =>
        {
            let mut thread = text::parse_owned(source);
            let position = match (e.line(), e.column()) {
                (Some(line), Some(column)) => format!(" at line {line}, column {column}"),
                (Some(line), None) => format!(" at line {line}"),
                _ => String::new(),
            };
            thread.warnings.push(format!(
                "read as a text page: it starts like {} but is not ({}{position}); \
                 --format forces a format",
                format.name(),
                e.message()
            ));
            (Format::Text, Ok(thread))
        }
        Some(parsed) => (format, parsed),
    };
    let mut thread = parsed.map_err(|e| e.with_path(path))?;
    thread.drop_control_chars();
    thread.encoding = decoded.encoding.to_string();
    if format != Format::Text {
        thread.encoding = format!("{}, {}", format.name(), decoded.encoding);
    }
    if empty {
        thread.warnings.push("the file is empty".to_string());
    } else if thread.comments.is_empty() {
        thread
            .warnings
            .push("no comments found: the file holds an article only".to_string());
    }
    Ok(thread)
}

/// `text` read as `format`; `None` for a text page, which is read from the
/// buffer it is given to keep ([`text::parse_owned`]).
fn parse_export(format: Format, text: &str, options: &ParseOptions) -> Option<Result<Thread>> {
    Some(match format {
        Format::Text => return None,
        Format::Html => Ok(html::parse(text)),
        Format::Disqus => disqus::parse(text, options.thread.as_deref()),
        Format::Reddit => json(text).and_then(|v| reddit::parse(&v)),
        Format::Hn => json(text).and_then(|v| hn::parse(&v)),
        Format::Csv => flat::parse_csv(text),
        Format::Jsonl => flat::parse_jsonl(text),
    })
}

/// Parses with format detection.
pub fn parse_bytes(bytes: &[u8], path: &Path) -> Result<Thread> {
    parse_bytes_with(bytes, path, &ParseOptions::default())
}

/// Reads and parses an article file.
pub fn parse_file_with(path: &Path, options: &ParseOptions) -> Result<Thread> {
    let bytes = std::fs::read(path).map_err(|e| Error::io(path, &e))?;
    let decoded = decode::decode_owned(bytes).map_err(|e| e.with_path(path))?;
    parse_decoded(decoded, path, options)
}

/// Reads and parses an article file, detecting its format.
pub fn parse_file(path: &Path) -> Result<Thread> {
    parse_file_with(path, &ParseOptions::default())
}
