//! Step 2: list markers ("1.", "•", "o", "+") that start comments, and
//! the columns that nest them.

use std::sync::LazyLock;

use regex::Regex;

use super::headers::{is_date_line_at, parse_header};
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

/// A numbered marker: `^(\d{1,9})[.)](?:\s+|$)`, `\d` being the digits
/// of any script. [`number_marker`] reads ASCII digits without it.
static NUMBER_MARKER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(\d{1,9})[.)](?:\s+|$)").expect("valid regex"));

/// Signs drawn as bullets, followed by any spaces.
const BULLET_SIGNS: &[char] = &[
    '•', '◦', '▪', '▫', '○', '●', '■', '□', '☆', '★', '‣', '⁃', '∙', '◆', '◇', '►', '▸',
];

/// Signs that are bullets when spaces follow them, or alone on a line.
const BULLET_LETTERS: &[char] = &['*', '+', '-', 'o', '#'];

/// A numbered marker at the start of `s` ("12. ", "3)"): its number, and
/// its length with the spaces after it, as [`NUMBER_MARKER`] reads it. Every
/// line of a page that starts with a digit is asked, and most pages number
/// in ASCII: those are read here by hand, the regex taking the rest.
fn number_marker(s: &str) -> Option<(u32, usize)> {
    let digits = s.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 || s[digits..].starts_with(|c: char| !c.is_ascii()) {
        // A digit of another script may start or go on with the number.
        let m = NUMBER_MARKER.captures(s)?;
        return Some((m[1].parse().unwrap_or(0), m[0].len()));
    }
    if digits > 9 {
        return None;
    }
    let rest = s[digits..].strip_prefix(['.', ')'])?;
    let spaces = rest.len() - rest.trim_start().len();
    if spaces == 0 && !rest.is_empty() {
        return None;
    }
    Some((s[..digits].parse().unwrap_or(0), digits + 1 + spaces))
}

/// The length of a bullet at the start of `s` ("• ", "- ", "o "), with the
/// spaces after it: `^(?:[•◦…]\s*|[*+\-]\s+|[o#]\s+|[*+\-o#]$)`, read by
/// hand (a test checks it against that pattern).
fn bullet_marker(s: &str) -> Option<usize> {
    let first = s.chars().next()?;
    let rest = &s[first.len_utf8()..];
    let spaces = rest.len() - rest.trim_start().len();
    if BULLET_SIGNS.contains(&first) {
        Some(first.len_utf8() + spaces)
    } else if BULLET_LETTERS.contains(&first) && (spaces > 0 || rest.is_empty()) {
        Some(1 + spaces)
    } else {
        None
    }
}

/// Splits a leading list marker off `line`; returns the marker and the rest.
/// "o name" as a bullet and a name, for when the caller knows a date line
/// follows (which [`split_marker`], seeing one line, cannot).
pub(super) fn split_o_bullet<'l>(line: &'l Line<'_>) -> Option<(Marker, &'l str)> {
    let rest = line.content.strip_prefix("o ")?;
    Some((
        Marker {
            kind: MarkerKind::Bullet,
            start: line.indent(),
            end: line.indent() + 1,
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
    let number = first.is_numeric().then(|| number_marker(s)).flatten();
    let (kind, len) = if let Some((n, len)) = number {
        // "18. Oktober 2019 um 15:05 Uhr" is a date, not item 18.
        if s[len..].starts_with(char::is_alphabetic) && is_date_line_at(line) {
            return None;
        }
        (MarkerKind::Number(n), len)
    } else if let Some(len) = bullet_marker(s) {
        // Renderers draw "o name": before a lowercase word, "o" is a bullet
        // only when a comment header or an avatar follows.
        let rest = s[len..].trim();
        if s.starts_with('o')
            && rest.starts_with(char::is_lowercase)
            && parse_header(rest, true).is_none()
        {
            return None;
        }
        (MarkerKind::Bullet, len)
    } else {
        return None;
    };
    let rest = &s[len..];
    let marker_chars = s[..len].trim_end().chars().count();
    Some((
        Marker {
            kind,
            start: line.indent(),
            end: line.indent() + marker_chars,
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

#[cfg(test)]
mod tests {
    use super::*;

    /// The pattern [`bullet_marker`] reads by hand.
    static BULLET_MARKER: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^(?:[•◦▪▫○●■□☆★‣⁃∙◆◇►▸]\s*|[*+\-]\s+|[o#]\s+|[*+\-o#]$)").unwrap()
    });

    proptest::proptest! {
        /// The markers read by hand are the ones the patterns that define
        /// them match.
        #[test]
        fn markers_read_by_hand_are_what_their_patterns_match(
            parts in proptest::collection::vec(
                proptest::sample::select(vec![
                    "1", "12", "0", "1234567890", "٣", "½", ".", ")", " ", "  ", "\t",
                    "\u{a0}", "\u{2003}", "•", "●", "▸", "*", "+", "-", "o", "#", "x",
                    "Ann", "é", "", "·",
                ]),
                0..6,
            ),
        ) {
            let s = parts.concat();
            let numbered = NUMBER_MARKER
                .captures(&s)
                .map(|m| (m[1].parse::<u32>().unwrap_or(0), m[0].len()));
            proptest::prop_assert_eq!(number_marker(&s), numbered, "{:?}", s);
            proptest::prop_assert_eq!(
                bullet_marker(&s),
                BULLET_MARKER.find(&s).map(|m| m.end()),
                "{:?}",
                s
            );
        }
    }
}
