//! Small helpers shared by the tests.

use std::path::PathBuf;

use threadmod::thread::Thread;

/// Path of a fixture in tests/data.
pub fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(name)
}

/// Path of a file in assets/.
pub fn asset(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("assets")
        .join(name)
}

pub fn parse_fixture(name: &str) -> Thread {
    threadmod::parse::parse_file(&fixture(name))
        .unwrap_or_else(|e| panic!("{name} should parse: {e}"))
}

/// (id, parent id or "", author) of every comment.
pub fn shape(thread: &Thread) -> Vec<(String, String, String)> {
    thread
        .comments
        .iter()
        .map(|c| {
            let parent = c
                .parent
                .map(|p| thread.comments[p].id.to_string())
                .unwrap_or_default();
            (c.id.to_string(), parent, c.author.to_string())
        })
        .collect()
}

pub fn owned(rows: &[(&str, &str, &str)]) -> Vec<(String, String, String)> {
    rows.iter()
        .map(|(a, b, c)| (a.to_string(), b.to_string(), c.to_string()))
        .collect()
}
