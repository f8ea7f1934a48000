//! threadmod: review and label the comment threads under news articles.
//!
//! Data flows one way: file → [`parse`] → [`thread`] → [`rules`] → findings →
//! [`export`]. Nothing in this library knows about the GUI.

pub mod base;
pub mod error;
pub mod eval;
pub mod learn;
pub mod parse;
pub mod review;
pub mod thread;

pub use error::{Error, ErrorKind, Result};
pub mod cli;
pub mod export;
pub mod rules;

/// "1 reply", "7 replies": a count with the noun that fits it.
pub fn counted(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// The article our first user gave us, bundled so the app opens on something real.
pub const SAMPLE_ARTICLE: &[u8] = include_bytes!("../assets/sample-article.txt");

/// The bundled sample article, parsed.
pub fn sample_thread() -> thread::Thread {
    // The sample is UTF-8 text and the text parser cannot fail on text.
    parse::parse_bytes(SAMPLE_ARTICLE, std::path::Path::new("sample-article.txt"))
        .unwrap_or_default()
}
pub mod app;
pub mod desk;
pub mod labels;
pub mod ui;
