//! Finding the search text in comments, ignoring case, for the list's
//! filter and its highlighted matches.

pub fn contains_ignoring_case(haystack: &str, needle: &str) -> bool {
    if needle.is_ascii() {
        let n = needle.as_bytes();
        haystack
            .as_bytes()
            .windows(n.len())
            .any(|w| w.eq_ignore_ascii_case(n))
    } else {
        haystack.to_lowercase().contains(&needle.to_lowercase())
    }
}

/// Byte ranges of `haystack` where `needle` occurs, ignoring case, without
/// overlaps; empty for an empty needle.
pub fn match_ranges(haystack: &str, needle: &str) -> Vec<std::ops::Range<usize>> {
    let mut found = Vec::new();
    let mut from = 0;
    while let Some(range) = find_ignoring_case(haystack, needle, from) {
        from = range.end;
        found.push(range);
    }
    found
}

/// The first place at or after byte `from` where `needle` occurs in
/// `haystack`, ignoring case; None for an empty needle.
pub fn find_ignoring_case(
    haystack: &str,
    needle: &str,
    from: usize,
) -> Option<std::ops::Range<usize>> {
    if needle.is_empty() || from >= haystack.len() {
        return None;
    }
    if needle.is_ascii() {
        // ASCII matches only ASCII bytes, so every hit is on char boundaries.
        let n = needle.len();
        return haystack.as_bytes()[from..]
            .windows(n)
            .position(|w| w.eq_ignore_ascii_case(needle.as_bytes()))
            .map(|at| from + at..from + at + n);
    }
    let same = |a: char, b: char| a == b || a.to_lowercase().eq(b.to_lowercase());
    let rest = haystack.get(from..)?;
    for (offset, _) in rest.char_indices() {
        let start = from + offset;
        let mut here = haystack[start..].char_indices();
        let mut wanted = needle.chars();
        loop {
            let Some(w) = wanted.next() else {
                let end = here.next().map_or(haystack.len(), |(b, _)| start + b);
                return Some(start..end);
            };
            match here.next() {
                Some((_, h)) if same(h, w) => {}
                _ => break,
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::match_ranges;

    /// (haystack, needle, byte ranges as (start, end))
    type Case<'a> = (&'a str, &'a str, &'a [(usize, usize)]);

    #[test]
    fn matches_are_found_ignoring_case() {
        let cases: &[Case] = &[
            ("Erdogan and erdogan", "erdogan", &[(0, 7), (12, 19)]),
            ("aaaa", "aa", &[(0, 2), (2, 4)]),
            ("Straße STRASSE", "straße", &[(0, 7)]),
            ("Ärger ärger", "ÄRGER", &[(0, 6), (7, 13)]),
            ("no match", "xyz", &[]),
            ("anything", "", &[]),
            ("end", "end", &[(0, 3)]),
        ];
        for (haystack, needle, want) in cases {
            let got: Vec<(usize, usize)> = match_ranges(haystack, needle)
                .into_iter()
                .map(|r| (r.start, r.end))
                .collect();
            assert_eq!(&got, want, "{haystack} / {needle}");
        }
    }
}
