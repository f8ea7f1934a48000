//! Every input format, as pure functions from bytes to a [`Thread`].

pub mod decode;
pub mod text;

use std::path::Path;

use crate::error::{Error, Result};
use crate::thread::Thread;

/// Parses an article file's bytes. `path` is only used in error messages.
pub fn parse_bytes(bytes: &[u8], path: &Path) -> Result<Thread> {
    let decoded = decode::decode(bytes).map_err(|e| e.with_path(path))?;
    let mut thread = text::parse(&decoded.text);
    thread.encoding = decoded.encoding.to_string();
    if decoded.text.trim().is_empty() {
        thread.warnings.push("the file is empty".to_string());
    } else if thread.comments.is_empty() {
        thread
            .warnings
            .push("no comments found: the file holds an article only".to_string());
    }
    Ok(thread)
}

/// Reads and parses an article file.
pub fn parse_file(path: &Path) -> Result<Thread> {
    let bytes = std::fs::read(path).map_err(|e| Error::io(path, &e))?;
    parse_bytes(&bytes, path)
}
