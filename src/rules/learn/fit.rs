//! The fit itself: the weighted logistic loss with an L2 pull towards a
//! prior, minimised by L-BFGS with a backtracking line search.

use super::{Encoded, PRIOR_PENALTY_FACTOR, Settings};

/// The weighted logistic loss with an L2 pull towards `prior` (the bias is
/// not pulled), over the rows in `rows`.
pub(super) struct Problem<'a> {
    pub(super) data: &'a Encoded,
    pub(super) rows: Vec<usize>,
    pub(super) row_weight: Vec<f64>,
    pub(super) prior: Vec<f64>,
    pub(super) penalty: f64,
}

impl Problem<'_> {
    /// Loss and gradient at `x` (the weights, then the bias).
    pub(super) fn evaluate(&self, x: &[f64], grad: &mut [f64]) -> f64 {
        let n = self.prior.len();
        grad.fill(0.0);
        let mut loss = 0.0;
        for (&r, &s) in self.rows.iter().zip(&self.row_weight) {
            let z = score(self.data, r, x);
            let y = if self.data.truth[r] { 1.0 } else { 0.0 };
            // log(1 + e^z) without overflow.
            let softplus = if z > 0.0 {
                z + (-z).exp().ln_1p()
            } else {
                z.exp().ln_1p()
            };
            loss += s * (softplus - y * z);
            let d = s * (1.0 / (1.0 + (-z).exp()) - y);
            for &(j, v) in &self.data.rows[r] {
                grad[j as usize] += d * v;
            }
            grad[n] += d;
        }
        for j in 0..n {
            let diff = x[j] - self.prior[j];
            loss += 0.5 * self.penalty * diff * diff;
            grad[j] += self.penalty * diff;
        }
        loss
    }
}

/// Iterations of the optimiser at most: enough for these problems to settle
/// (the gradient test below ends most fits well before).
const MAX_ITERATIONS: usize = 400;
/// Remembered steps of L-BFGS.
const MEMORY: usize = 10;

/// Minimises the problem by L-BFGS with a backtracking line search,
/// starting from the prior.
fn minimise(problem: &Problem, start: Vec<f64>) -> Vec<f64> {
    let dim = start.len();
    let mut x = start;
    let mut grad = vec![0.0; dim];
    let mut loss = problem.evaluate(&x, &mut grad);
    let mut steps: std::collections::VecDeque<(Vec<f64>, Vec<f64>, f64)> = Default::default();
    let mut next_grad = vec![0.0; dim];
    for _ in 0..MAX_ITERATIONS {
        let largest = grad.iter().fold(0.0f64, |m, g| m.max(g.abs()));
        if largest < 1e-6 {
            break;
        }
        // Two-loop recursion: the direction from the remembered steps.
        let mut q: Vec<f64> = grad.clone();
        let mut alphas = Vec::with_capacity(steps.len());
        for (s, y, rho) in steps.iter().rev() {
            let a = rho * dot(s, &q);
            axpy(-a, y, &mut q);
            alphas.push(a);
        }
        if let Some((s, y, _)) = steps.back() {
            let gamma = dot(s, y) / dot(y, y);
            q.iter_mut().for_each(|v| *v *= gamma);
        } else {
            let scale = 1.0 / largest;
            q.iter_mut().for_each(|v| *v *= scale);
        }
        for ((s, y, rho), a) in steps.iter().zip(alphas.into_iter().rev()) {
            let b = rho * dot(y, &q);
            axpy(a - b, s, &mut q);
        }
        let direction: Vec<f64> = q.iter().map(|v| -v).collect();
        let slope = dot(&grad, &direction);
        if slope >= 0.0 {
            // Not a descent direction: forget the history and go downhill.
            steps.clear();
            continue;
        }
        let mut step = 1.0;
        let mut candidate = x.clone();
        let mut next_loss;
        loop {
            for i in 0..dim {
                candidate[i] = x[i] + step * direction[i];
            }
            next_loss = problem.evaluate(&candidate, &mut next_grad);
            if next_loss <= loss + 1e-4 * step * slope || step < 1e-10 {
                break;
            }
            step *= 0.5;
        }
        let s: Vec<f64> = candidate.iter().zip(&x).map(|(a, b)| a - b).collect();
        let y: Vec<f64> = next_grad.iter().zip(&grad).map(|(a, b)| a - b).collect();
        let sy = dot(&s, &y);
        let improved = loss - next_loss;
        x.copy_from_slice(&candidate);
        grad.copy_from_slice(&next_grad);
        loss = next_loss;
        if sy > 1e-12 {
            if steps.len() == MEMORY {
                steps.pop_front();
            }
            steps.push_back((s, y, 1.0 / sy));
        }
        if improved.abs() < 1e-10 * loss.abs().max(1.0) {
            break;
        }
    }
    x
}

fn dot(a: &[f64], b: &[f64]) -> f64 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

fn axpy(a: f64, x: &[f64], y: &mut [f64]) {
    for (yi, xi) in y.iter_mut().zip(x) {
        *yi += a * xi;
    }
}

/// Fits on `rows` of the data; returns the weights and then the bias.
pub(super) fn fit(
    data: &Encoded,
    rows: Vec<usize>,
    from_prior: bool,
    prior: &[f64],
    prior_bias: f64,
    settings: &Settings,
) -> Vec<f64> {
    // Each class weighs as much as the other: insults are the rarer class.
    let positives = rows.iter().filter(|&&r| data.truth[r]).count();
    let negatives = rows.len() - positives;
    let class = |truth: bool| {
        let n = if truth { positives } else { negatives };
        rows.len() as f64 / (2.0 * n.max(1) as f64)
    };
    let row_weight = rows
        .iter()
        .map(|&r| {
            let source = if data.moderator[r] {
                settings.moderator_weight
            } else {
                1.0
            };
            class(data.truth[r]) * source
        })
        .collect();
    let problem = Problem {
        data,
        rows,
        row_weight,
        prior: prior.to_vec(),
        penalty: if from_prior {
            PRIOR_PENALTY_FACTOR / settings.inverse_penalty
        } else {
            1.0 / settings.inverse_penalty
        },
    };
    let mut start = prior.to_vec();
    start.push(prior_bias);
    minimise(&problem, start)
}

/// The score of `row` under `x` (the weights, then the bias).
pub(super) fn score(data: &Encoded, row: usize, x: &[f64]) -> f64 {
    let n = x.len() - 1;
    x[n] + data.rows[row]
        .iter()
        .map(|&(j, v)| v * x[j as usize])
        .sum::<f64>()
}
