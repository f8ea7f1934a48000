//! Two moderators, one article: merging their journals, where they disagree,
//! and how much they agree beyond chance (Cohen's kappa).

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::Path;

use super::journal::{self, Event};
use crate::error::{Error, Result};

/// Final label per comment (id, fingerprint) in one journal.
fn final_labels(events: &[Event]) -> BTreeMap<(String, String), Event> {
    let mut out = BTreeMap::new();
    for e in events {
        out.insert((e.comment.clone(), e.fingerprint.clone()), e.clone());
    }
    out
}

/// Cohen's kappa for paired labels; None when nothing was labelled by both.
pub fn cohens_kappa(pairs: &[(&str, &str)]) -> Option<f64> {
    if pairs.is_empty() {
        return None;
    }
    let n = pairs.len() as f64;
    let agree = pairs.iter().filter(|(a, b)| a == b).count() as f64 / n;
    let labels: BTreeSet<&str> = pairs.iter().flat_map(|(a, b)| [*a, *b]).collect();
    let chance: f64 = labels
        .iter()
        .map(|l| {
            let pa = pairs.iter().filter(|(a, _)| a == l).count() as f64 / n;
            let pb = pairs.iter().filter(|(_, b)| b == l).count() as f64 / n;
            pa * pb
        })
        .sum();
    if (1.0 - chance).abs() < f64::EPSILON {
        return Some(1.0);
    }
    Some((agree - chance) / (1.0 - chance))
}

fn who(events: &[Event], fallback: &Path) -> String {
    events
        .iter()
        .map(|e| e.moderator.as_str())
        .find(|m| !m.is_empty())
        .map_or_else(|| fallback.display().to_string(), str::to_string)
}

/// Merges journals `a` and `b` into `output` (events in time order, so the
/// later decision wins on replay) and returns a report.
pub fn merge_files(a: &Path, b: &Path, output: &Path) -> Result<String> {
    let mut report = String::new();
    let mut all = Vec::new();
    let mut finals = Vec::new();
    let mut names = Vec::new();
    for path in [a, b] {
        if !path.exists() {
            return Err(Error::io(
                path,
                &std::io::Error::from(std::io::ErrorKind::NotFound),
            ));
        }
        let replay = journal::read(path)?;
        for (line, why) in &replay.skipped {
            let _ = writeln!(
                report,
                "{}:{line}: skipped a line that cannot be read ({why})",
                path.display()
            );
        }
        names.push(who(&replay.events, path));
        finals.push(final_labels(&replay.events));
        all.extend(replay.events);
    }
    // Stable: equal times keep file order.
    all.sort_by(|x, y| x.at.cmp(&y.at));

    let mut pairs = Vec::new();
    let mut disagreements = Vec::new();
    for (key, ea) in &finals[0] {
        let Some(eb) = finals[1].get(key) else {
            continue;
        };
        if let (Some(la), Some(lb)) = (&ea.label, &eb.label) {
            pairs.push((la.as_str(), lb.as_str()));
            if la != lb {
                disagreements.push((key.0.clone(), la.clone(), lb.clone()));
            }
        }
    }
    let only = |i: usize| {
        finals[i]
            .keys()
            .filter(|k| !finals[1 - i].contains_key(*k))
            .count()
    };
    let _ = writeln!(
        report,
        "{}: {} comments labelled",
        names[0],
        finals[0].len()
    );
    let _ = writeln!(
        report,
        "{}: {} comments labelled",
        names[1],
        finals[1].len()
    );
    let _ = writeln!(
        report,
        "labelled by both: {}, only by {}: {}, only by {}: {}",
        pairs.len(),
        names[0],
        only(0),
        names[1],
        only(1)
    );
    let _ = writeln!(report, "disagreements: {}", disagreements.len());
    for (id, la, lb) in &disagreements {
        let _ = writeln!(
            report,
            "  {id:<10} {}: {la:<12} {}: {lb}",
            names[0], names[1]
        );
    }
    match cohens_kappa(&pairs) {
        Some(k) => {
            let _ = writeln!(
                report,
                "Cohen's kappa: {k:.3} over {} comments",
                pairs.len()
            );
        }
        None => {
            let _ = writeln!(report, "Cohen's kappa: n/a (no comment labelled by both)");
        }
    }
    crate::export::write_file_atomically(output, |w| {
        for e in &all {
            let line = serde_json::to_string(e).map_err(std::io::Error::other)?;
            writeln!(w, "{line}")?;
        }
        Ok(())
    })?;
    let _ = writeln!(
        report,
        "merged {} events into {}",
        all.len(),
        output.display()
    );
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// (name, label pairs, expected kappa)
    type KappaCase<'a> = (&'a str, &'a [(&'a str, &'a str)], Option<f64>);

    #[test]
    fn kappa_table() {
        let cases: &[KappaCase] = &[
            ("empty", &[], None),
            ("perfect", &[("a", "a"), ("b", "b")], Some(1.0)),
            ("one label only", &[("a", "a"), ("a", "a")], Some(1.0)),
            // Textbook case: po = 0.7, pe = 0.5 → 0.4.
            (
                "textbook",
                &[
                    ("y", "y"),
                    ("y", "y"),
                    ("y", "y"),
                    ("y", "y"),
                    ("y", "n"),
                    ("n", "y"),
                    ("n", "n"),
                    ("n", "n"),
                    ("n", "n"),
                    ("y", "n"),
                ],
                Some(0.4),
            ),
            ("opposite", &[("a", "b"), ("b", "a")], Some(-1.0)),
        ];
        for (name, pairs, want) in cases {
            let got = cohens_kappa(pairs);
            match (got, want) {
                (Some(g), Some(w)) => assert!((g - w).abs() < 1e-9, "{name}: {g}"),
                (g, w) => assert_eq!(g, *w, "{name}"),
            }
        }
    }
}
