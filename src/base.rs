//! Small helpers every stage may use: positions in text, UTC time stamps,
//! spreadsheet formula cells, precision and F1 arithmetic. Nothing here
//! imports from the rest of the crate, so the stages above it only ever
//! point down.

/// 1-based line and column of byte `offset` in `text`.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let col = before.rfind('\n').map_or(before.chars().count(), |nl| {
        before[nl + 1..].chars().count()
    }) + 1;
    (line, col)
}

/// Seconds since 1970 as "YYYY-MM-DDTHH:MM:SSZ" (proleptic Gregorian).
pub fn format_utc(secs: u64) -> String {
    let days = (secs / 86_400) as i64;
    let rem = secs % 86_400;
    // Howard Hinnant's civil_from_days.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

/// Characters that make a spreadsheet read a cell as a formula.
pub const FORMULA_STARTS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// Whether a cell, past any leading `'`, starts like a formula: those cells
/// get one more `'`, so reading the CSV back can remove exactly one.
pub fn looks_like_formula(cell: &str) -> bool {
    cell.trim_start_matches('\'').starts_with(FORMULA_STARTS)
}

/// `a / b`, or 0 when `b` is 0: a precision or recall with nothing to count.
pub fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 { 0.0 } else { a as f64 / b as f64 }
}

/// The harmonic mean of precision and recall, 0 when both are 0.
pub fn f1(precision: f64, recall: f64) -> f64 {
    if precision + recall == 0.0 {
        0.0
    } else {
        2.0 * precision * recall / (precision + recall)
    }
}

/// Character offsets of byte offsets `bytes` (sorted) in `text`, in one walk
/// over the text: a long comment can have thousands of spans.
pub fn char_offsets(text: &str, bytes: &[usize]) -> Vec<usize> {
    let mut out = Vec::with_capacity(bytes.len());
    let (mut byte, mut chars) = (0, 0);
    for &target in bytes {
        let target = target.clamp(byte, text.len());
        chars += text.get(byte..target).map_or(0, |s| s.chars().count());
        byte = target;
        out.push(chars);
    }
    out
}

/// Byte ranges in `text` as character ranges, sorted and merged.
pub fn char_ranges(text: &str, ranges: &[std::ops::Range<usize>]) -> Vec<std::ops::Range<usize>> {
    let mut bytes: Vec<usize> = ranges.iter().flat_map(|r| [r.start, r.end]).collect();
    bytes.sort_unstable();
    bytes.dedup();
    let chars = char_offsets(text, &bytes);
    let at = |b: usize| bytes.binary_search(&b).map_or(0, |k| chars[k]);
    let mut out: Vec<std::ops::Range<usize>> = ranges
        .iter()
        .map(|r| at(r.start)..at(r.end))
        .filter(|r| r.start < r.end)
        .collect();
    merge_ranges(&mut out);
    out
}

/// Sorts ranges and merges those that overlap or touch.
pub fn merge_ranges(ranges: &mut Vec<std::ops::Range<usize>>) {
    ranges.sort_by_key(|r| (r.start, r.end));
    let mut merged: Vec<std::ops::Range<usize>> = Vec::with_capacity(ranges.len());
    for r in ranges.drain(..) {
        match merged.last_mut() {
            Some(last) if r.start <= last.end => last.end = last.end.max(r.end),
            _ => merged.push(r),
        }
    }
    *ranges = merged;
}

/// Span F1 of one comment, as the SemEval-2021 toxic-spans task scores it:
/// F1 over character offsets, 1 when neither side marks anything and 0
/// when only one does. `gold` is sorted offsets; `predicted` sorted,
/// merged ranges.
pub fn span_f1(gold: &[usize], predicted: &[std::ops::Range<usize>]) -> f64 {
    let predicted_len: usize = predicted.iter().map(|r| r.end - r.start).sum();
    match (gold.is_empty(), predicted_len == 0) {
        (true, true) => return 1.0,
        (true, false) | (false, true) => return 0.0,
        _ => {}
    }
    let hits = predicted
        .iter()
        .map(|r| {
            let from = gold.partition_point(|&g| g < r.start);
            let to = gold.partition_point(|&g| g < r.end);
            to - from
        })
        .sum();
    f1(ratio(hits, predicted_len), ratio(hits, gold.len()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn span_f1_counts_characters() {
        // (name, gold, predicted start and end, F1)
        type Case = (&'static str, &'static [usize], Option<(usize, usize)>, f64);
        let cases: &[Case] = &[
            ("both empty", &[], None, 1.0),
            ("only gold", &[1, 2], None, 0.0),
            ("only predicted", &[], Some((0, 2)), 0.0),
            ("exact", &[3, 4, 5], Some((3, 6)), 1.0),
            ("half", &[0, 1, 2, 3], Some((2, 6)), 0.5),
            ("disjoint", &[0, 1], Some((5, 7)), 0.0),
        ];
        for (name, gold, predicted, want) in cases {
            let predicted: Vec<std::ops::Range<usize>> =
                predicted.iter().map(|&(s, e)| s..e).collect();
            let got = span_f1(gold, &predicted);
            assert!((got - want).abs() < 1e-9, "{name}: {got}");
        }
    }

    #[test]
    fn char_ranges_count_characters_not_bytes() {
        let text = "é😀中 x";
        // "x" is at byte 2 + 4 + 3 + 1 = 10, character 4.
        assert_eq!(char_ranges(text, &[10..11, 0..2]), [0..1, 4..5]);
    }
}
