//! Logistic regression by full-batch gradient descent with an L2 penalty:
//! the fitting shared by the small learned decisions of the resolver
//! (utterance links, addressees). Deterministic: no shuffling, no seed.

use crate::resolve::logistic::{Inputs, LogisticModel};

/// Settings for `fit_logistic`.
#[derive(Debug, Clone, Copy)]
pub struct LogisticConfig {
    /// Gradient steps over the whole set.
    pub steps: usize,
    /// Step size.
    pub lr: f32,
    /// L2 penalty on the weights (not the bias).
    pub l2: f32,
}

impl Default for LogisticConfig {
    fn default() -> Self {
        LogisticConfig {
            steps: 300,
            lr: 2.0,
            l2: 1e-3,
        }
    }
}

/// An example for a [`LogisticModel`]: what it decides on, and the gold
/// answer.
#[derive(Debug, Clone, Copy)]
pub struct Labelled<F> {
    /// What the model sees.
    pub features: F,
    /// The gold answer (two segments are one utterance; a candidate is
    /// spoken to).
    pub answer: bool,
}

/// Fits a [`LogisticModel`] to `examples` (mean log-loss plus L2).
pub fn fit_model<F: Inputs>(examples: &[Labelled<F>], cfg: LogisticConfig) -> LogisticModel<F> {
    let rows: Vec<(Vec<f32>, bool)> = examples
        .iter()
        .map(|e| (e.features.values(), e.answer))
        .collect();
    let (mut weights, bias) = fit_logistic(&rows, cfg);
    weights.resize(F::NAMES.len(), 0.0);
    LogisticModel::new(weights, bias)
}

/// Share of `examples` the model answers rightly (0 when there are none).
pub fn accuracy<F: Inputs>(model: &LogisticModel<F>, examples: &[Labelled<F>]) -> f64 {
    let right = examples
        .iter()
        .filter(|e| model.accepts(&e.features) == e.answer)
        .count();
    right as f64 / examples.len().max(1) as f64
}

/// Fits weights and a bias to `rows` (inputs, answer) by mean log-loss
/// plus L2. All rows must have the same number of inputs.
pub(crate) fn fit_logistic(rows: &[(Vec<f32>, bool)], cfg: LogisticConfig) -> (Vec<f32>, f32) {
    let inputs = rows.first().map_or(0, |(x, _)| x.len());
    let mut w = vec![0f32; inputs];
    let mut bias = 0f32;
    let n = rows.len().max(1) as f32;
    for _ in 0..cfg.steps {
        let mut gw = vec![0f32; inputs];
        let mut gb = 0f32;
        for (x, y) in rows {
            let z = bias + w.iter().zip(x).map(|(a, b)| a * b).sum::<f32>();
            let err = 1.0 / (1.0 + (-z).exp()) - f32::from(u8::from(*y));
            for (g, xi) in gw.iter_mut().zip(x) {
                *g += err * xi;
            }
            gb += err;
        }
        for (wi, g) in w.iter_mut().zip(gw) {
            *wi -= cfg.lr * (g / n + cfg.l2 * *wi);
        }
        bias -= cfg.lr * gb / n;
    }
    (w, bias)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fits_a_separable_set_and_an_empty_one() {
        let rows: Vec<(Vec<f32>, bool)> = (0..100)
            .map(|i| (vec![f32::from(u8::from(i % 2 == 0)), 1.0], i % 2 == 0))
            .collect();
        let (w, b) = fit_logistic(&rows, LogisticConfig::default());
        for (x, y) in &rows {
            let z = b + w[0] * x[0] + w[1] * x[1];
            assert_eq!(z > 0.0, *y);
        }
        assert_eq!(
            fit_logistic(&[], LogisticConfig::default()),
            (Vec::new(), 0.0)
        );
    }
}
