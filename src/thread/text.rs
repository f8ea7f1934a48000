//! A comment's text: its own string, or a stretch of a buffer that many
//! comments share. A text page is read into one buffer and its comments'
//! texts are written back into that buffer (see `parse::text::pieces`), so
//! a thread of 100,000 comments holds its texts once, not twice.

use std::fmt;
use std::ops::{Deref, Range};
use std::sync::Arc;

/// Immutable text of a comment; reads as a `&str`.
#[derive(Clone)]
pub struct Text(Repr);

#[derive(Clone)]
enum Repr {
    Owned(String),
    /// `buffer[start..end]`; the range always lies on character boundaries
    /// of the buffer (it is checked when the text is made).
    Shared {
        buffer: Arc<String>,
        start: u32,
        end: u32,
    },
}

impl Text {
    /// The stretch `range` of `buffer`, or `None` when it is not one (out of
    /// bounds, off a character boundary, or past what 32-bit offsets hold).
    pub fn shared(buffer: &Arc<String>, range: Range<usize>) -> Option<Text> {
        buffer.get(range.clone())?;
        Some(Text(Repr::Shared {
            buffer: Arc::clone(buffer),
            start: u32::try_from(range.start).ok()?,
            end: u32::try_from(range.end).ok()?,
        }))
    }

    pub fn as_str(&self) -> &str {
        match &self.0 {
            Repr::Owned(s) => s,
            // Checked when made; `get` keeps a mistake from ever panicking.
            Repr::Shared { buffer, start, end } => {
                buffer.get(*start as usize..*end as usize).unwrap_or("")
            }
        }
    }

    /// The text as a string of its own, to change it: a shared text is
    /// copied out of its buffer first.
    pub fn to_mut(&mut self) -> &mut String {
        if let Repr::Shared { .. } = self.0 {
            self.0 = Repr::Owned(self.as_str().to_string());
        }
        match &mut self.0 {
            Repr::Owned(s) => s,
            Repr::Shared { .. } => unreachable!("made owned just above"),
        }
    }
}

impl Default for Text {
    fn default() -> Self {
        Text(Repr::Owned(String::new()))
    }
}

impl Deref for Text {
    type Target = str;

    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl AsRef<str> for Text {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

impl From<String> for Text {
    fn from(s: String) -> Self {
        Text(Repr::Owned(s))
    }
}

impl From<&str> for Text {
    fn from(s: &str) -> Self {
        Text(Repr::Owned(s.to_string()))
    }
}

impl fmt::Debug for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

impl fmt::Display for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self.as_str(), f)
    }
}

impl PartialEq for Text {
    fn eq(&self, other: &Self) -> bool {
        self.as_str() == other.as_str()
    }
}

impl Eq for Text {}

impl PartialEq<str> for Text {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for Text {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl PartialEq<String> for Text {
    fn eq(&self, other: &String) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<Text> for str {
    fn eq(&self, other: &Text) -> bool {
        self == other.as_str()
    }
}

impl PartialEq<Text> for &str {
    fn eq(&self, other: &Text) -> bool {
        *self == other.as_str()
    }
}

impl PartialEq<Text> for String {
    fn eq(&self, other: &Text) -> bool {
        self == other.as_str()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_shared_text_reads_its_stretch_and_refuses_ranges_that_are_not_one() {
        let buffer = Arc::new("héllo world".to_string());
        let text = Text::shared(&buffer, 7..12).expect("a stretch of the buffer");
        assert_eq!(text, "world");
        assert_eq!(text, Text::from("world"));
        // Inside the two bytes of "é", and past the end.
        assert!(Text::shared(&buffer, 2..5).is_none());
        assert!(Text::shared(&buffer, 7..13).is_none());
    }

    #[test]
    fn changing_a_shared_text_leaves_the_buffer_alone() {
        let buffer = Arc::new("one two".to_string());
        let mut text = Text::shared(&buffer, 0..3).expect("a stretch of the buffer");
        let copy = text.clone();
        text.to_mut().push('!');
        assert_eq!(text, "one!");
        assert_eq!(copy, "one");
        assert_eq!(buffer.as_str(), "one two");
    }
}
