//! Step 6: the comments' texts, kept as pieces of the file while the page
//! is read, then written once.
//!
//! A comment's text is its lines joined by separators, and its lines are
//! stretches of the file. Copying them into a string per comment would hold
//! every text twice (the file and the copies) at the end of the read: on a
//! thread of 100,000 comments that is most of the memory threadmod needs.
//! So the reader notes where the pieces are, and when it owns the file it
//! writes each text back into the file's own buffer, over the indentation
//! and furniture already read, where the comments then share it.

use std::borrow::Cow;
use std::ops::Range;
use std::sync::Arc;

use crate::thread::{Comment, Text};

/// What joins a piece to the text before it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Separator {
    /// The first piece of a text, or the rest of a piece too long for one.
    Nothing,
    /// A line the renderer wrapped.
    Space,
    Line,
    Paragraph,
}

impl Separator {
    fn as_str(self) -> &'static str {
        match self {
            Separator::Nothing => "",
            Separator::Space => " ",
            Separator::Line => "\n",
            Separator::Paragraph => "\n\n",
        }
    }
}

/// A stretch of a comment's text.
#[derive(Debug, Clone, Copy)]
struct Piece {
    /// Offset in the file, or in [`TextPieces::extra`].
    start: usize,
    len: u32,
    /// Index of the comment in the reader's list.
    comment: u32,
    separator: Separator,
    /// In [`TextPieces::extra`], not in the file.
    extra: bool,
}

impl Piece {
    fn range(&self) -> Range<usize> {
        self.start..self.start + self.len as usize
    }

    /// The piece's text: in `file`, or in `extra` when it is not the file's.
    fn source<'s>(&self, file: &'s str, extra: &'s str) -> &'s str {
        let from = if self.extra { extra } else { file };
        from.get(self.range()).unwrap_or("")
    }
}

/// A text of `pieces`, each after its separator.
fn join(pieces: &[Piece], file: &str, extra: &str) -> String {
    let mut text = String::new();
    for p in pieces {
        text.push_str(p.separator.as_str());
        text.push_str(p.source(file, extra));
    }
    text
}

/// Every comment's text as pieces of the file, in the order they were read.
#[derive(Debug)]
pub(super) struct TextPieces<'f> {
    file: &'f str,
    pieces: Vec<Piece>,
    /// Text that is not a stretch of the file ("• " put back before a list
    /// item, a line whose tabs became spaces).
    extra: String,
}

impl<'f> TextPieces<'f> {
    /// Pieces of `file`: the whole file as read, byte order mark and all.
    pub(super) fn new(file: &'f str) -> TextPieces<'f> {
        TextPieces {
            file,
            pieces: Vec::new(),
            extra: String::new(),
        }
    }

    /// Appends `text` to comment `comment`'s text after `separator`.
    pub(super) fn push(&mut self, comment: usize, separator: Separator, text: &str) {
        // Comments are at least a line each: four billion of them would
        // not fit in memory anyway.
        let comment = u32::try_from(comment).unwrap_or(u32::MAX);
        let file_start = self.file.as_ptr() as usize;
        let at = (text.as_ptr() as usize).wrapping_sub(file_start);
        let (start, extra) = if at <= self.file.len() && at + text.len() <= self.file.len() {
            (at, false)
        } else {
            self.extra.push_str(text);
            (self.extra.len() - text.len(), true)
        };
        // A line longer than 4 GiB is split into pieces that fit.
        let mut separator = separator;
        let mut start = start;
        let mut left = text.len();
        loop {
            let len = u32::try_from(left).unwrap_or(u32::MAX);
            self.pieces.push(Piece {
                start,
                len,
                comment,
                separator,
                extra,
            });
            left -= len as usize;
            if left == 0 {
                break;
            }
            start += len as usize;
            separator = Separator::Nothing;
        }
    }

    /// Puts each comment's pieces together, in reading order. Stable: nearly
    /// sorted already (a parent's text resumes after a reply only now and
    /// then), so this costs about one pass.
    pub(super) fn group_by_comment(&mut self) {
        self.pieces.sort_by_key(|p| p.comment);
    }

    /// Comment `comment`'s text, borrowed when it is one piece. Only once
    /// grouped by comment.
    pub(super) fn text(&self, comment: usize) -> Cow<'_, str> {
        let from = self
            .pieces
            .partition_point(|p| (p.comment as usize) < comment);
        let to = self
            .pieces
            .partition_point(|p| (p.comment as usize) <= comment);
        match &self.pieces[from..to] {
            [only] => Cow::Borrowed(only.source(self.file, &self.extra)),
            pieces => Cow::Owned(join(pieces, self.file, &self.extra)),
        }
    }

    /// Keeps the first `n` comments' pieces (grouped or not).
    pub(super) fn truncate(&mut self, n: usize) {
        self.pieces.retain(|p| (p.comment as usize) < n);
    }

    /// Renumbers the comments: `new_index[i]` is comment `i`'s new index, or
    /// `None` when it is gone with its text. Keeps the pieces grouped when
    /// the new indices keep the old order.
    pub(super) fn renumber(&mut self, new_index: &[Option<usize>]) {
        self.pieces.retain_mut(
            |p| match new_index.get(p.comment as usize).copied().flatten() {
                Some(i) => {
                    p.comment = u32::try_from(i).unwrap_or(u32::MAX);
                    true
                }
                None => false,
            },
        );
    }

    /// The pieces without the file they point into, grouped by comment.
    pub(super) fn into_plan(mut self) -> TextPlan {
        self.group_by_comment();
        TextPlan {
            pieces: self.pieces,
            extra: self.extra,
        }
    }
}

/// The comments' texts as pieces of a file the reader no longer borrows.
#[derive(Debug)]
pub(super) struct TextPlan {
    /// Grouped by comment, each comment's in reading order.
    pieces: Vec<Piece>,
    extra: String,
}

impl TextPlan {
    /// Each comment's pieces, with its index.
    fn by_comment(&self) -> impl Iterator<Item = (usize, &[Piece])> {
        self.pieces
            .chunk_by(|a, b| a.comment == b.comment)
            .map(|group| (group[0].comment as usize, group))
    }

    /// Gives each comment a copy of its text from `file`, which stays the
    /// caller's.
    pub(super) fn copy_into(&self, comments: &mut [Comment], file: &str) {
        for (i, pieces) in self.by_comment() {
            if let Some(c) = comments.get_mut(i) {
                c.text = join(pieces, file, &self.extra).into();
            }
        }
    }

    /// Writes the texts into `file`'s own buffer, which the comments then
    /// share; the rest of the file is freed.
    ///
    /// Texts are written one after another from the start of the buffer.
    /// Writing a piece at the write position moves it towards the start (or
    /// leaves it), so it never overwrites a byte still to be read — as long
    /// as each piece still lies at or after the write position when its
    /// turn comes. A comment whose pieces do not (a parent whose text
    /// resumes after a reply already written) gets a copy of its own,
    /// taken before anything is written.
    pub(super) fn compact_into(self, comments: &mut [Comment], file: String) {
        // Shared texts address their buffer with 32-bit offsets.
        if u32::try_from(file.len()).is_err() {
            self.copy_into(comments, &file);
            return;
        }
        let mut written = 0;
        let mut in_place = vec![false; comments.len()];
        for (i, pieces) in self.by_comment() {
            let mut at = written;
            let fits = pieces.iter().all(|p| {
                at += p.separator.as_str().len();
                // A piece from elsewhere ("• " put back) may be longer than
                // what it replaces: the pieces after it are checked in turn,
                // and it must not run past the buffer.
                let stays_ahead = if p.extra {
                    at + p.len as usize <= file.len()
                } else {
                    p.start >= at
                };
                at += p.len as usize;
                stays_ahead
            });
            if fits && let Some(slot) = in_place.get_mut(i) {
                *slot = true;
                written = at;
            }
        }
        let is_in_place = |i: usize| in_place.get(i).copied().unwrap_or(false);
        for (i, pieces) in self.by_comment() {
            if !is_in_place(i)
                && let Some(c) = comments.get_mut(i)
            {
                c.text = join(pieces, &file, &self.extra).into();
            }
        }

        let mut buffer = file.into_bytes();
        let mut ranges: Vec<(usize, Range<usize>)> = Vec::new();
        let mut at = 0;
        for (i, pieces) in self.by_comment() {
            if !is_in_place(i) {
                continue;
            }
            let start = at;
            for p in pieces {
                let separator = p.separator.as_str().as_bytes();
                buffer[at..at + separator.len()].copy_from_slice(separator);
                at += separator.len();
                if p.extra {
                    let from = &self.extra.as_bytes()[p.range()];
                    buffer[at..at + from.len()].copy_from_slice(from);
                } else {
                    buffer.copy_within(p.range(), at);
                }
                at += p.len as usize;
            }
            ranges.push((i, start..at));
        }
        buffer.truncate(at);
        buffer.shrink_to_fit();
        // Whole texts back to back: valid UTF-8 by construction, as every
        // piece is a whole `str` and every separator ASCII.
        let buffer = Arc::new(
            String::from_utf8(buffer)
                .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned()),
        );
        for (i, range) in ranges {
            if let Some(c) = comments.get_mut(i) {
                c.text = Text::shared(&buffer, range).unwrap_or_default();
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    /// Comments whose texts are given by `pushes` of (comment, separator,
    /// line of `file` or a string from elsewhere), written both ways.
    fn both_ways(
        file: &str,
        pushes: &[(usize, Separator, Result<usize, &str>)],
    ) -> [Vec<String>; 2] {
        let lines: Vec<&str> = file.split('\n').collect();
        let comments = pushes.iter().map(|p| p.0 + 1).max().unwrap_or(0);
        let mut texts = TextPieces::new(file);
        for &(comment, separator, source) in pushes {
            let text = match source {
                Ok(line) => lines[line],
                Err(elsewhere) => elsewhere,
            };
            texts.push(comment, separator, text);
        }
        let plan = texts.into_plan();
        let mut copied = vec![Comment::default(); comments];
        plan.copy_into(&mut copied, file);
        let mut shared = vec![Comment::default(); comments];
        plan.compact_into(&mut shared, file.to_string());
        [copied, shared].map(|cs| cs.iter().map(|c| c.text.to_string()).collect())
    }

    #[test]
    fn texts_written_into_the_file_read_as_copies_do() {
        let file = "  1. Ann\n     first line\n     second\n\n     • Bo\n       reply\n     back in Ann's\nend";
        let pushes = [
            (0, Separator::Nothing, Ok(1)),
            (0, Separator::Space, Ok(2)),
            (1, Separator::Nothing, Ok(5)),
            // Ann's text resumes after Bo's reply: Bo's text must be read
            // before Ann's is written over it.
            (0, Separator::Paragraph, Ok(6)),
            (2, Separator::Nothing, Err("• a bullet put back")),
            (2, Separator::Line, Ok(7)),
        ];
        let [copied, shared] = both_ways(file, &pushes);
        assert_eq!(
            copied,
            [
                "     first line      second\n\n     back in Ann's",
                "       reply",
                "• a bullet put back\nend"
            ]
        );
        assert_eq!(shared, copied);
    }

    #[test]
    fn a_text_longer_than_its_lines_is_copied_rather_than_run_past_the_buffer() {
        let file = "x\ny";
        let long = "a much longer text than the file holds";
        let pushes = [
            (0, Separator::Nothing, Ok(0)),
            (0, Separator::Paragraph, Err(long)),
        ];
        let [copied, shared] = both_ways(file, &pushes);
        assert_eq!(copied, [format!("x\n\n{long}")]);
        assert_eq!(shared, copied);
    }

    fn line_or_elsewhere() -> impl Strategy<Value = Result<usize, &'static str>> {
        prop_oneof![
            4 => (0usize..12).prop_map(Ok),
            1 => prop::sample::select(&["• é", "", "ünïcode ✓ text"][..]).prop_map(Err),
        ]
    }

    proptest! {
        #[test]
        fn any_order_of_pieces_gives_the_texts_copies_give(
            words in prop::collection::vec(prop::sample::select(&["ab", "ü", "✓✓", " ", "", "schöne Grüße"][..]), 12),
            pushes in prop::collection::vec((0usize..6, 0usize..4, line_or_elsewhere()), 0..30),
        ) {
            let file = words.join("\n");
            let separators = [Separator::Nothing, Separator::Space, Separator::Line, Separator::Paragraph];
            let pushes: Vec<_> = pushes.into_iter().map(|(c, s, src)| (c, separators[s], src)).collect();
            let [copied, shared] = both_ways(&file, &pushes);
            prop_assert_eq!(shared, copied);
        }
    }
}
