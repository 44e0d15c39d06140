//! A logistic decision over named inputs, the shape of the resolver's small
//! learned yes/no decisions (are two segments one utterance, is a
//! candidate spoken to). The input names are stored with the weights and
//! checked on load: an input the model was fitted without weighs nothing
//! (`LogisticModel::by_name`), and a model that knows an input this
//! version does not is refused.

use std::marker::PhantomData;

use serde::{Deserialize, Serialize};

/// For each of `names`, its position among the names a model file was
/// `written` with (`None`: the file has no such column).
pub(crate) fn columns_by_name(names: &[&str], written: &[String]) -> Vec<Option<usize>> {
    names
        .iter()
        .map(|n| written.iter().position(|w| w == n))
        .collect()
}

/// What a [`LogisticModel`] decides on: inputs with names, in fixed order.
pub trait Inputs {
    /// The inputs' names, in [`values`](Inputs::values) order.
    const NAMES: &'static [&'static str];
    /// The inputs' values.
    fn values(&self) -> Vec<f32>;
}

/// Weights per input and a bias; the answer is yes when the score is above
/// zero. `F` is what it decides on.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(bound = "")]
pub struct LogisticModel<F> {
    /// Input names, as in [`Inputs::NAMES`] (checked on load).
    pub inputs: Vec<String>,
    /// Per input, its weight.
    pub weights: Vec<f32>,
    /// The score with every input at zero.
    pub bias: f32,
    #[serde(skip)]
    of: PhantomData<fn(&F)>,
}

impl<F: Inputs> LogisticModel<F> {
    /// A model over `F`'s inputs with these weights (in `F::NAMES` order).
    pub fn new(weights: Vec<f32>, bias: f32) -> Self {
        LogisticModel {
            inputs: F::NAMES.iter().map(|s| s.to_string()).collect(),
            weights,
            bias,
            of: PhantomData,
        }
    }

    /// The model with its weights in `F::NAMES` order, matched by name: an
    /// input the model lacks (fitted before it existed) gets weight 0.
    /// `None` when the model names an input `F` does not have, or when its
    /// names and weights differ in number.
    pub(crate) fn by_name(&self) -> Option<Self> {
        if self.inputs.len() != self.weights.len()
            || self.inputs.iter().any(|n| !F::NAMES.contains(&n.as_str()))
        {
            return None;
        }
        let weights = columns_by_name(F::NAMES, &self.inputs)
            .into_iter()
            .map(|c| c.map_or(0.0, |i| self.weights[i]))
            .collect();
        Some(LogisticModel::new(weights, self.bias))
    }

    /// The log-odds of yes.
    pub fn score(&self, f: &F) -> f32 {
        self.bias
            + self
                .weights
                .iter()
                .zip(f.values())
                .map(|(w, x)| w * x)
                .sum::<f32>()
    }

    /// True when the answer is yes.
    pub(crate) fn accepts(&self, f: &F) -> bool {
        self.score(f) > 0.0
    }

    /// True when the model names `F`'s inputs and its weights are finite.
    pub fn valid(&self) -> bool {
        self.inputs == F::NAMES
            && self.weights.len() == F::NAMES.len()
            && self.weights.iter().all(|w| w.is_finite())
            && self.bias.is_finite()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Clone, PartialEq)]
    struct Two(f32, f32);

    impl Inputs for Two {
        const NAMES: &'static [&'static str] = &["a", "b"];
        fn values(&self) -> Vec<f32> {
            vec![self.0, self.1]
        }
    }

    #[test]
    fn accepts_above_zero_and_checks_its_inputs() {
        let mut m = LogisticModel::<Two>::new(vec![2.0, -1.0], -0.5);
        assert!(m.valid());
        assert_eq!(m.score(&Two(1.0, 0.0)), 1.5);
        assert!(m.accepts(&Two(1.0, 0.0)) && !m.accepts(&Two(1.0, 2.0)));
        let json = serde_json::to_string(&m).unwrap();
        assert_eq!(
            serde_json::from_str::<LogisticModel<Two>>(&json).unwrap(),
            m
        );
        m.inputs[1] = "c".into();
        assert!(!m.valid());
        let short = LogisticModel::<Two>::new(vec![1.0], 0.0);
        assert!(!short.valid());
    }

    /// A model written before an input existed still loads, that input
    /// weighing nothing; one that knows an input this version lacks does not.
    #[test]
    fn inputs_are_matched_by_name() {
        let older: LogisticModel<Two> =
            serde_json::from_str(r#"{"inputs":["b"],"weights":[3.0],"bias":1.0}"#).unwrap();
        assert!(!older.valid());
        let m = older.by_name().unwrap();
        assert!(m.valid());
        assert_eq!(m.weights, vec![0.0, 3.0]);
        assert_eq!(m.score(&Two(5.0, 1.0)), 4.0);
        let unknown: LogisticModel<Two> =
            serde_json::from_str(r#"{"inputs":["a","z"],"weights":[1.0,1.0],"bias":0.0}"#).unwrap();
        assert!(unknown.by_name().is_none());
    }
}
