//! How well the insult flag does at a threshold: precision and recall on
//! labelled comments, the table by threshold, the ROC AUC, and the choice of
//! a threshold for a target precision.

use std::fmt::Write as _;

use crate::base::{f1, ratio};

/// Thresholds tried, from low to high.
pub(super) fn candidate_thresholds() -> impl Iterator<Item = f64> {
    (0..=100).map(|i| -2.0 + 0.05 * f64::from(i))
}

/// Precision and recall of the insult flag at one threshold.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Operating {
    pub threshold: f64,
    pub flagged: usize,
    pub tp: usize,
    pub positives: usize,
}

impl Operating {
    pub fn precision(&self) -> f64 {
        ratio(self.tp, self.flagged)
    }
    pub fn recall(&self) -> f64 {
        ratio(self.tp, self.positives)
    }
    pub fn f1(&self) -> f64 {
        f1(self.precision(), self.recall())
    }
}

/// One labelled comment as the insult flag sees it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Scored {
    /// The learned score.
    pub score: f64,
    /// An insult rule shown as a flag of its own fired.
    pub shown: bool,
    /// Labelled an insult.
    pub truth: bool,
}

/// The flag at `threshold`: the score reaches it, or a shown insult rule fired.
pub fn operating(threshold: f64, scored: &[Scored]) -> Operating {
    let mut op = Operating {
        threshold,
        flagged: 0,
        tp: 0,
        positives: 0,
    };
    for c in scored {
        let flag = c.shown || c.score >= threshold;
        op.flagged += usize::from(flag);
        op.tp += usize::from(flag && c.truth);
        op.positives += usize::from(c.truth);
    }
    op
}

/// The precision/recall table: the chosen threshold and a few around it.
pub fn table(chosen: f64, scored: &[Scored]) -> Vec<Operating> {
    let mut rows: Vec<Operating> = [-1.0, -0.5, 0.0, 0.5, 1.0, 2.0]
        .iter()
        .map(|d| operating(chosen + d, scored))
        .collect();
    rows.sort_by(|a, b| a.threshold.total_cmp(&b.threshold));
    rows
}

/// Writes a table of [`Operating`] rows, marking the `chosen` threshold with `mark`.
pub fn write_table(out: &mut String, rows: &[Operating], chosen: f64, mark: &str) {
    let _ = writeln!(
        out,
        "  {:>9} {:>8} {:>10} {:>8} {:>6}",
        "threshold", "flagged", "precision", "recall", "F1"
    );
    for r in rows {
        let mark = if (r.threshold - chosen).abs() < 1e-9 {
            format!("  ← {mark}")
        } else {
            String::new()
        };
        let _ = writeln!(
            out,
            "  {:>9.2} {:>8} {:>10.3} {:>8.3} {:>6.3}{mark}",
            r.threshold,
            r.flagged,
            r.precision(),
            r.recall(),
            r.f1()
        );
    }
}

/// The chance that an insult scores above a comment that is not one (ties
/// count half): the ROC AUC, by ranks.
pub fn auc(scored: &[Scored]) -> f64 {
    let mut sorted: Vec<&Scored> = scored.iter().collect();
    sorted.sort_by(|a, b| a.score.total_cmp(&b.score));
    let (mut rank_sum, mut positives, mut i) = (0.0, 0usize, 0);
    while i < sorted.len() {
        let mut j = i;
        while j < sorted.len() && sorted[j].score == sorted[i].score {
            j += 1;
        }
        // Tied scores share the mean of their ranks (1-based).
        let mean_rank = (i + 1 + j) as f64 / 2.0;
        for c in &sorted[i..j] {
            if c.truth {
                rank_sum += mean_rank;
                positives += 1;
            }
        }
        i = j;
    }
    let negatives = sorted.len() - positives;
    if positives == 0 || negatives == 0 {
        return 0.5;
    }
    let p = positives as f64;
    (rank_sum - p * (p + 1.0) / 2.0) / (p * negatives as f64)
}

/// The threshold: the lowest reaching the target precision (the most
/// recall for it), else the best F1.
pub(super) fn choose_threshold(all: &[Operating], precision: Option<f64>) -> (f64, String) {
    let best_f1 = all
        .iter()
        .fold(None::<&Operating>, |best, op| match best {
            Some(b) if op.f1() <= b.f1() + 1e-9 => Some(b),
            _ => Some(op),
        })
        .map_or(0.0, |op| op.threshold);
    let Some(target) = precision else {
        return (best_f1, "threshold with the best cross-validated F1".into());
    };
    match all
        .iter()
        .find(|op| op.flagged > 0 && op.precision() >= target)
    {
        Some(op) => (
            op.threshold,
            format!("lowest threshold with cross-validated precision ≥ {target:.2}"),
        ),
        None => {
            let top =
                all.iter()
                    .filter(|op| op.flagged > 0)
                    .fold(None::<&Operating>, |best, op| match best {
                        Some(b) if op.precision() <= b.precision() => Some(b),
                        _ => Some(op),
                    });
            match top {
                Some(op) => (
                    op.threshold,
                    format!(
                        "no threshold reaches precision {target:.2} in cross-validation; \
                         the most precise one ({:.3}) is used",
                        op.precision()
                    ),
                ),
                None => (best_f1, "threshold with the best cross-validated F1".into()),
            }
        }
    }
}
