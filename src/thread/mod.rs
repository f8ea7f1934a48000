//! The data model every format parses into and every later stage reads:
//! an [`Article`] and its comments, kept as an arena in thread (pre-)order.

mod origin;
mod text;

pub use origin::Origin;
pub use text::Text;

/// The comment's short fields (id, author, date, and the platform id and
/// link of its [`Origin`]) hold up to 24 bytes in place: ids, authors and
/// dates nearly always fit without an allocation.
pub use compact_str::CompactString;

/// What a row in the thread is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum CommentKind {
    #[default]
    Comment,
    /// An automatic notice that another page linked here.
    Pingback,
}

impl CommentKind {
    pub fn as_str(self) -> &'static str {
        match self {
            CommentKind::Comment => "comment",
            CommentKind::Pingback => "pingback",
        }
    }
}

/// Whether the platform still shows the comment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum CommentStatus {
    #[default]
    Visible,
    /// Deleted by its author or the platform.
    Deleted,
    /// Removed by moderators.
    Removed,
    /// Marked as spam by the platform.
    Spam,
}

impl CommentStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            CommentStatus::Visible => "",
            CommentStatus::Deleted => "deleted",
            CommentStatus::Removed => "removed",
            CommentStatus::Spam => "spam",
        }
    }
}

/// The article the comments are under.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Article {
    pub title: String,
    pub author: String,
    pub posted_at: String,
    /// Paragraphs separated by blank lines.
    pub body: String,
}

impl Article {
    /// "by Author · date · N words": what a moderator sees under the title.
    pub fn meta_line(&self) -> String {
        let mut meta = Vec::new();
        if !self.author.is_empty() {
            meta.push(format!("by {}", self.author));
        }
        if !self.posted_at.is_empty() {
            meta.push(self.posted_at.clone());
        }
        let words = self.body.split_whitespace().count();
        meta.push(crate::counted(words, "word", "words"));
        meta.join(" · ")
    }
}

/// One comment. `parent` indexes into [`Thread::comments`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Comment {
    /// Position path: "2.1" is the first reply to the second top-level comment.
    pub id: CompactString,
    /// The platform's own id for the comment, the one its moderation tools
    /// take (Disqus post id, Reddit fullname `t1_…`, Hacker News item id,
    /// the `id` of a CSV or JSON-lines row), and where the comment can be
    /// seen on its site; both empty when the source does not say.
    pub origin: Origin,
    pub parent: Option<usize>,
    /// 1 for top-level comments. This and the counts below are 32-bit: a
    /// thread of 100k comments keeps 100k of these records in memory.
    pub depth: u32,
    pub author: CompactString,
    pub posted_at: CompactString,
    /// Lines separated by `\n`, paragraphs by a blank line.
    pub text: Text,
    pub kind: CommentKind,
    pub status: CommentStatus,
    /// Replies the source knows of but did not include (Reddit's "more").
    pub hidden_replies: u32,
    /// 1-based line in the source where the comment starts (0 when unknown).
    pub source_line: u32,
}

/// `n` as a comment's 32-bit count or line number, saturating: a source
/// line past four billion would not fit the file in memory anyway.
pub fn saturating_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

impl Comment {
    /// The platform's own id for the comment; empty when the source has none.
    pub fn source_id(&self) -> &str {
        self.origin.source_id()
    }

    /// Where the comment can be seen on its site; empty when unknown.
    pub fn url(&self) -> &str {
        self.origin.url()
    }

    /// Non-empty lines of the text: the paragraphs a moderator sees.
    pub fn paragraphs(&self) -> impl Iterator<Item = &str> {
        self.text
            .split('\n')
            .map(str::trim)
            .filter(|p| !p.is_empty())
    }

    /// Words separated by whitespace.
    pub fn word_count(&self) -> usize {
        word_count(&self.text)
    }
}

/// How many words `text` has, separated by whitespace: as
/// `text.split_whitespace().count()`, without decoding ASCII text.
pub fn word_count(text: &str) -> usize {
    // ASCII whitespace as `char::is_whitespace` has it: \t \n \v \f \r and space.
    let space = |b: u8| matches!(b, b'\t'..=b'\r' | b' ');
    let bytes = text.as_bytes();
    if !text.is_ascii() {
        // Byte by byte, a character decoded only where it starts beyond
        // ASCII: most such comments hold one apostrophe or bullet.
        let mut count = 0;
        let mut after_space = true;
        for (i, &b) in bytes.iter().enumerate() {
            let is_space = match b {
                0x80..=0xBF => continue, // inside a character
                0xC0.. => text[i..].chars().next().is_some_and(char::is_whitespace),
                _ => space(b),
            };
            count += usize::from(after_space && !is_space);
            after_space = is_space;
        }
        return count;
    }
    // Word starts in bytes: the same count for ASCII, without decoding.
    let first = bytes.first().is_some_and(|&b| !space(b));
    usize::from(first)
        + bytes
            .windows(2)
            .filter(|w| space(w[0]) & !space(w[1]))
            .count()
}

/// A parsed article with its comments in thread order: every comment comes
/// after its parent, and replies follow their parent's earlier replies.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Thread {
    pub article: Article,
    pub comments: Vec<Comment>,
    /// Text encoding the source was decoded from ("UTF-8", "windows-1252", …).
    pub encoding: String,
    /// Things the parser noticed but could work around, for the moderator.
    pub warnings: Vec<String>,
    /// Other threads the same file holds (a Disqus export), to pick from.
    pub choices: Vec<ThreadChoice>,
    /// Which of `choices` this is.
    pub chosen: Option<String>,
}

/// Finds comments by position path ("2.1") or by the platform's own id
/// ("t1_cu5pebp", "1588516991"): see [`Thread::ids`].
pub struct Ids<'a> {
    thread: &'a Thread,
    by_position: std::collections::HashMap<&'a str, usize>,
    by_source: std::collections::HashMap<&'a str, usize>,
}

impl Ids<'_> {
    /// The comment with this source id.
    pub fn by_source(&self, source_id: &str) -> Option<usize> {
        self.by_source.get(source_id).copied()
    }

    /// The comment a moderator means by `id`: a position path or a source
    /// id. When the two name different comments, `position:ID` or
    /// `source:ID` says which; the error says so.
    pub fn resolve(&self, id: &str) -> std::result::Result<usize, String> {
        let id = id.trim();
        let position = |id: &str| self.by_position.get(id).copied();
        let source = |id: &str| self.by_source.get(id).copied();
        if let Some(p) = id.strip_prefix("position:") {
            return position(p).ok_or_else(|| format!("no comment at position '{p}'"));
        }
        if let Some(s) = id.strip_prefix("source:") {
            return source(s).ok_or_else(|| format!("no comment with source id '{s}'"));
        }
        match (position(id), source(id)) {
            (Some(a), Some(b)) if a != b => Err(format!(
                "'{id}' names two comments: the one at position {id} and the one whose \
                 source id is {id} (at position {}); write position:{id} or source:{id}",
                self.thread.comments[b].id
            )),
            (Some(i), _) | (None, Some(i)) => Ok(i),
            (None, None) => {
                let example = self
                    .thread
                    .comments
                    .iter()
                    .find(|c| !c.source_id().is_empty())
                    .map_or(String::new(), |c| {
                        format!(" or a source id such as {}", c.source_id())
                    });
                Err(format!(
                    "no comment with id '{id}'; expected a position such as 2.1{example}"
                ))
            }
        }
    }
}

/// One thread of a file that holds several.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ThreadChoice {
    pub id: String,
    pub title: String,
    pub comments: usize,
}

/// Drops control characters other than newline and tab: invisible to a
/// moderator, they would make the exported CSV look like a binary file.
fn drop_control_chars(s: &mut String) {
    if has_control_chars(s) {
        s.retain(keeps_char);
    }
}

/// Every character but a control character other than newline and tab.
fn keeps_char(c: char) -> bool {
    !c.is_control() || c == '\n' || c == '\t'
}

/// Whether `s` holds a control character other than newline and tab.
fn has_control_chars(s: &str) -> bool {
    // Fast path: C0 controls and DEL are single bytes, C1 controls start with 0xC2.
    // Blocks of 64 bytes without early exit inside a block, so the
    // compiler can test many bytes at once.
    let control = |b: u8| (b < 0x20 && b != b'\n' && b != b'\t') | (b == 0x7F) | (b == 0xC2);
    let suspicious = s
        .as_bytes()
        .chunks(64)
        .any(|block| block.iter().fold(false, |seen, &b| seen | control(b)));
    suspicious && s.chars().any(|c| c.is_control() && c != '\n' && c != '\t')
}

impl Thread {
    /// Removes control characters from every text a moderator reads.
    pub fn drop_control_chars(&mut self) {
        let a = &mut self.article;
        for field in [&mut a.title, &mut a.author, &mut a.posted_at, &mut a.body] {
            drop_control_chars(field);
        }
        for c in &mut self.comments {
            // A shared text is copied out of its buffer only when it must change.
            if has_control_chars(&c.text) {
                drop_control_chars(c.text.to_mut());
            }
            for field in [&mut c.author, &mut c.posted_at] {
                if has_control_chars(field) {
                    field.retain(keeps_char);
                }
            }
            if has_control_chars(c.source_id()) || has_control_chars(c.url()) {
                c.origin.retain(keeps_char);
            }
        }
    }

    pub fn find(&self, id: &str) -> Option<&Comment> {
        self.comments.iter().find(|c| c.id == id)
    }

    /// The comments by position path and by source id, to find the
    /// comment a moderator names.
    pub fn ids(&self) -> Ids<'_> {
        let mut ids = Ids {
            thread: self,
            by_position: std::collections::HashMap::with_capacity(self.comments.len()),
            by_source: std::collections::HashMap::new(),
        };
        // The first of duplicate ids wins, as it does when a file is read.
        for (i, c) in self.comments.iter().enumerate().rev() {
            ids.by_position.insert(c.id.as_str(), i);
            if !c.source_id().is_empty() {
                ids.by_source.insert(c.source_id(), i);
            }
        }
        ids
    }

    /// Ids longer than this are shortened, so a reply chain thousands deep
    /// does not cost gigabytes of ids.
    pub const MAX_ID_LEN: usize = 48;

    /// Recomputes ids and depths from the parent links. Parents must come
    /// before their children, which every parser guarantees. Deep ids are
    /// shortened to "top-level…#position", still unique and stable.
    pub fn assign_ids(&mut self) {
        let mut child_counts: Vec<usize> = vec![0; self.comments.len()];
        let mut top_count = 0usize;
        for i in 0..self.comments.len() {
            let (id, depth) = match self.comments[i].parent {
                Some(p) if p < i => {
                    child_counts[p] += 1;
                    let parent_id = &self.comments[p].id;
                    let id = if parent_id.len() + 8 > Self::MAX_ID_LEN || parent_id.contains('…')
                    {
                        let top = parent_id.split(['.', '…']).next().unwrap_or("");
                        format!("{top}…#{}", i + 1)
                    } else {
                        format!("{parent_id}.{}", child_counts[p])
                    };
                    (id, self.comments[p].depth + 1)
                }
                _ => {
                    self.comments[i].parent = None;
                    top_count += 1;
                    (top_count.to_string(), 1)
                }
            };
            self.comments[i].id = id.into();
            self.comments[i].depth = depth;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_chars_go_wherever_they_are() {
        // Each control character alone, in the first block of 64 bytes, on
        // a block's last byte and deep in a later block; tabs, newlines and
        // other non-ASCII letters stay.
        for control in [
            '\u{0}', '\u{7}', '\r', '\u{1b}', '\u{7f}', '\u{85}', '\u{9f}',
        ] {
            for at in [0, 5, 63, 64, 200] {
                let mut text = "a\tb\né".repeat(60);
                let at = text.floor_char_boundary(at);
                let want = text.clone();
                text.insert(at, control);
                drop_control_chars(&mut text);
                assert_eq!(text, want, "{control:?} at {at}");
            }
        }
        // U+00C2 (Â) starts with the byte C1 controls start with; it stays.
        let mut text = "Â".repeat(40);
        drop_control_chars(&mut text);
        assert_eq!(text, "Â".repeat(40));
    }

    #[test]
    fn control_chars_leave_every_field_a_moderator_reads() {
        let mut thread = Thread {
            comments: vec![Comment {
                id: "c1".into(),
                author: "Al\u{1b}[31mice".into(),
                posted_at: "2 days\u{7} ago".into(),
                origin: Origin::new(
                    "t1_\u{0}abc",
                    // Longer than a short field holds inline.
                    format!("https://example.org/{}\u{85}#c1", "a".repeat(40)),
                ),
                text: "fine\r\ntext\tkept".to_string().into(),
                ..Comment::default()
            }],
            ..Thread::default()
        };
        thread.drop_control_chars();
        let c = &thread.comments[0];
        assert_eq!(c.author, "Al[31mice");
        assert_eq!(c.posted_at, "2 days ago");
        assert_eq!(c.source_id(), "t1_abc");
        assert_eq!(
            c.url(),
            format!("https://example.org/{}#c1", "a".repeat(40))
        );
        assert_eq!(&*c.text, "fine\ntext\tkept");
    }

    #[test]
    fn deep_chains_keep_short_unique_ids() {
        let n: usize = 100_000;
        let mut thread = Thread {
            comments: (0..n)
                .map(|i| Comment {
                    parent: i.checked_sub(1),
                    text: format!("reply {i}").into(),
                    ..Comment::default()
                })
                .collect(),
            ..Thread::default()
        };
        thread.assign_ids();
        assert_eq!(thread.comments[2].id, "1.1.1");
        assert_eq!(thread.comments[n - 1].depth as usize, n);
        assert!(
            thread
                .comments
                .iter()
                .all(|c| c.id.len() <= Thread::MAX_ID_LEN)
        );
        let unique: std::collections::HashSet<&str> =
            thread.comments.iter().map(|c| c.id.as_str()).collect();
        assert_eq!(unique.len(), n);
        assert_eq!(thread.comments[n - 1].id, format!("1…#{n}"));
    }

    #[test]
    fn comments_are_found_by_position_or_source_id() {
        let comment = |parent: Option<usize>, source_id: &str| Comment {
            parent,
            origin: Origin::new(source_id, ""),
            ..Comment::default()
        };
        let mut thread = Thread {
            comments: vec![
                comment(None, "t1_a"),
                comment(Some(0), "2"),
                comment(None, ""),
            ],
            ..Thread::default()
        };
        thread.assign_ids();
        let ids = thread.ids();
        // (given, comment index or the start of the error)
        let cases: &[(&str, Result<usize, &str>)] = &[
            ("1", Ok(0)),
            ("1.1", Ok(1)),
            (" t1_a ", Ok(0)),
            ("2", Err("'2' names two comments")),
            ("position:2", Ok(2)),
            ("source:2", Ok(1)),
            ("source:1", Err("no comment with source id '1'")),
            (
                "9",
                Err(
                    "no comment with id '9'; expected a position such as 2.1 or a source id such as t1_a",
                ),
            ),
            ("", Err("no comment with id ''")),
        ];
        for (given, want) in cases {
            match (ids.resolve(given), want) {
                (Ok(i), Ok(w)) => assert_eq!(i, *w, "{given:?}"),
                (Err(e), Err(w)) => assert!(e.starts_with(w), "{given:?}: {e}"),
                (got, _) => panic!("{given:?}: {got:?}"),
            }
        }
    }

    #[test]
    fn words_are_counted_as_whitespace_splits_them() {
        let texts = [
            "",
            "   ",
            "one",
            " two  words ",
            "tab\tand\nline\r\nends",
            "vertical\u{0B}tab\u{0C}feed",
            "separator\u{1C}is\u{1F}no space",
            "non\u{a0}breaking space, café",
            "\u{3000}ideographic\u{3000}space\u{2029}and\u{85}next line",
            "you\u{2019}re \u{2022} émigré\u{2003}\u{2003}👍 ",
        ];
        for text in texts {
            let comment = Comment {
                text: text.into(),
                ..Comment::default()
            };
            assert_eq!(
                comment.word_count(),
                text.split_whitespace().count(),
                "{text:?}"
            );
        }
    }
}
