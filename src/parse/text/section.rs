//! Step 4: where the thread is: after its header (or at the list that
//! numbers the comments), up to the line that ends it.

use super::headers::*;
use super::lines::Line;
use super::markers::{MarkerKind, split_marker};

#[derive(Debug, Clone, Copy)]
pub(super) struct Section {
    pub(super) header: Option<usize>,
    pub(super) start: usize,
    pub(super) end: usize,
}

pub(super) fn is_comment_start(line: &Line<'_>) -> bool {
    split_marker(line).is_some() || starts_with_avatar_header(line.content)
}

/// "[avatar] Name says:" or "[] Name Jun 20th at 2:41 am": a comment that
/// starts without a list marker. Plain "X says:" lines are too often a
/// quote inside a comment to start one.
pub(super) fn starts_with_avatar_header(s: &str) -> bool {
    AVATAR_PREFIX.is_match(s) && parse_header(s, false).is_some()
}

pub(super) fn find_thread_section(lines: &[Line<'_>]) -> Option<Section> {
    // The thread ends at the first end-of-thread line after its first
    // comment: some pages put the comment form above the comments.
    let ends_at = |from: usize| {
        let first = (from..lines.len())
            .find(|&i| is_comment_start(&lines[i]))
            .unwrap_or(lines.len());
        (first..lines.len())
            .find(|&i| THREAD_END.matches_line(&lines[i]))
            .unwrap_or(lines.len())
    };
    // The last thread header that has comments below it, counted ones
    // first; among them the least indented, since a comment's own text
    // ("… 2024 comments") sits indented under its number.
    // Dated lines (a comment header or a date) up to each line: a thread
    // has one per comment, a header in a footer or a share bar has none
    // below it. Counted only when two headers compete.
    let dated_before = std::cell::OnceCell::new();
    let dated_between = |from: usize, to: usize| -> usize {
        let counts: &Vec<usize> = dated_before.get_or_init(|| {
            let mut counts = Vec::with_capacity(lines.len() + 1);
            let mut n = 0;
            counts.push(0);
            for l in lines {
                if is_date_line_at(l) || parse_header(l.content, true).is_some() {
                    n += 1;
                }
                counts.push(n);
            }
            counts
        });
        counts[to] - counts[from]
    };
    for header in [&*COUNTED_HEADER, &*PLAIN_HEADER] {
        // (line, end) of every header with comments below it.
        let candidates: Vec<(usize, usize)> = (0..lines.len())
            .filter(|&h| header.matches_line(&lines[h]))
            .map(|h| (h, ends_at(h + 1)))
            .filter(|&(h, end)| (h + 1..end).any(|i| is_comment_start(&lines[i])))
            .collect();
        // As a comment's own "… 2024 comments" sits indented under its
        // number, the least indented; then the last. A header with no dated
        // line below it (one repeated in the footer) gives way to the one
        // with the most.
        let by_place = |&(h, _): &(usize, usize)| (std::cmp::Reverse(lines[h].indent()), h);
        let mut best = candidates.iter().copied().max_by_key(by_place);
        if candidates.len() > 1
            && let Some((h, end)) = best
            && dated_between(h + 1, end) == 0
        {
            best = candidates
                .iter()
                .copied()
                .max_by_key(|c| (dated_between(c.0 + 1, c.1), by_place(c)));
        }
        if let Some((h, end)) = best {
            return Some(Section {
                header: Some(h),
                start: h + 1,
                end,
            });
        }
    }
    // No header: the numbered list "1. 2. 3. …" with the longest run of
    // siblings, the way a thread is usually numbered.
    let mut best: Option<(usize, u32)> = None;
    for (i, line) in lines.iter().enumerate() {
        let Some((m, _)) = split_marker(line) else {
            continue;
        };
        if m.kind != MarkerKind::Number(1) {
            continue;
        }
        let end = ends_at(i + 1);
        let mut expect = 2;
        for l in &lines[i + 1..end] {
            if let Some((n, _)) = split_marker(l)
                && n.kind == MarkerKind::Number(expect)
                && n.start.abs_diff(m.start) <= 1
            {
                expect += 1;
            }
        }
        if best.is_none_or(|(_, run)| expect > run) {
            best = Some((i, expect - 1));
        }
    }
    if let Some((start, _)) = best {
        return Some(Section {
            header: None,
            start,
            end: ends_at(start + 1),
        });
    }
    // Or the first "X says:" line.
    let start = lines
        .iter()
        .position(|l| SAYS.is_match(AVATAR_PREFIX.replace(l.content, "").trim()))?;
    Some(Section {
        header: None,
        start,
        end: ends_at(start + 1),
    })
}
