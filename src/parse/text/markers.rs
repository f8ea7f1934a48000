//! Step 2: list markers ("1.", "•", "o", "+") that start comments, and
//! the columns that nest them.

use std::sync::LazyLock;

use regex::Regex;

use super::headers::{is_date_line, parse_header};
use super::lines::Line;

/// A list marker at the start of a line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum MarkerKind {
    Number(u32),
    Bullet,
    /// No marker: a comment started by an author line alone.
    HeaderOnly,
}

#[derive(Debug, Clone, Copy)]
pub(super) struct Marker {
    pub(super) kind: MarkerKind,
    /// Column of the marker's first character.
    pub(super) start: usize,
    /// Column just after the marker.
    pub(super) end: usize,
}

pub(super) static NUMBER_MARKER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(\d{1,9})[.)](?:\s+|$)").expect("valid regex"));
pub(super) static BULLET_MARKER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:[•◦▪▫○●■□☆★‣⁃∙◆◇►▸]\s*|[*+\-]\s+|[o#]\s+|[*+\-o#]$)").expect("valid regex")
});

/// Splits a leading list marker off `line`; returns the marker and the rest.
/// "o name" as a bullet and a name, for when the caller knows a date line
/// follows (which [`split_marker`], seeing one line, cannot).
pub(super) fn split_o_bullet<'l>(line: &'l Line<'_>) -> Option<(Marker, &'l str)> {
    let rest = line.content.strip_prefix("o ")?;
    Some((
        Marker {
            kind: MarkerKind::Bullet,
            start: line.indent,
            end: line.indent + 1,
        },
        rest.trim(),
    ))
}

pub(super) fn split_marker<'l>(line: &'l Line<'_>) -> Option<(Marker, &'l str)> {
    let s: &str = line.content;
    // Most lines are text: a marker starts with a digit or a bullet sign.
    let first = s.chars().next()?;
    if first.is_alphabetic() && !matches!(first, 'o') {
        return None;
    }
    // `\d` matches digits of every script, all of them numeric.
    let number = first
        .is_numeric()
        .then(|| NUMBER_MARKER.captures(s))
        .flatten();
    let (kind, len) = if let Some(m) = number {
        // "18. Oktober 2019 um 15:05 Uhr" is a date, not item 18.
        if s[m[0].len()..].starts_with(char::is_alphabetic) && is_date_line(s) {
            return None;
        }
        let n = m[1].parse().unwrap_or(0);
        (MarkerKind::Number(n), m[0].len())
    } else if let Some(m) = BULLET_MARKER.find(s) {
        // Renderers draw "o name": before a lowercase word, "o" is a bullet
        // only when a comment header or an avatar follows.
        let rest = s[m.end()..].trim();
        if s.starts_with('o')
            && rest.starts_with(char::is_lowercase)
            && parse_header(rest, true).is_none()
        {
            return None;
        }
        (MarkerKind::Bullet, m.end())
    } else {
        return None;
    };
    let rest = &s[len..];
    let marker_chars = s[..len].trim_end().chars().count();
    Some((
        Marker {
            kind,
            start: line.indent,
            end: line.indent + marker_chars,
        },
        rest.trim(),
    ))
}

impl Marker {
    /// What the marker looks like, whatever its number.
    pub(super) fn glyph(self, line: &Line<'_>) -> char {
        match self.kind {
            MarkerKind::Number(_) => '1',
            MarkerKind::HeaderOnly => ' ',
            MarkerKind::Bullet => line.content.chars().next().unwrap_or(' '),
        }
    }
}

/// Two markers at the same nesting level?
pub(super) fn same_level(a: Marker, b: Marker) -> bool {
    match (a.kind, b.kind) {
        // Numbers are right- or left-aligned: "9." and "10." share one edge.
        (MarkerKind::Number(_), MarkerKind::Number(_)) => a.start == b.start || a.end == b.end,
        (MarkerKind::Bullet, MarkerKind::Bullet)
        | (MarkerKind::HeaderOnly, MarkerKind::HeaderOnly) => a.start == b.start,
        _ => false,
    }
}
