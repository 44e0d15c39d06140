//! Training the learned speaker ranker ([`SpeakerRanker`]) on gold
//! documents: labelling each predicted quotation's candidates against the
//! gold speaker, and fitting the weights by softmax cross-entropy over the
//! candidates and the "no speaker" option (AdaGrad, L2, fixed seed).

use crate::corpus::{GoldDoc, PredQuote};
use crate::metrics::{match_spans, speaker_correct};
use crate::resolve::ranker::{RankItem, SpeakerRanker, CONTEXTS, NUM_FEATURES};
use crate::resolve::{rank_items, DocumentDraft};

use super::trainer::Rng;

/// A ranking problem with its gold answer.
#[derive(Debug, Clone)]
pub struct LabelledItem {
    /// The candidates and features.
    pub item: RankItem,
    /// Per candidate, whether it is a right speaker.
    pub positive: Vec<bool>,
    /// True when the gold quotation has no speaker.
    pub null_positive: bool,
}

/// The labelled ranking problems of one document: predicted quotations that
/// match a gold quotation, and whose answer is among the options.
pub fn labelled_items(
    gold: &GoldDoc,
    draft: &DocumentDraft,
    ranker: Option<&SpeakerRanker>,
) -> Vec<LabelledItem> {
    let gold_spans: Vec<_> = gold.quotes.iter().map(|q| q.span).collect();
    let pred_spans: Vec<_> = draft.quotes.iter().map(|q| q.span).collect();
    let mut gold_of = vec![None; pred_spans.len()];
    for (g, p) in match_spans(&gold_spans, &pred_spans) {
        gold_of[p] = Some(g);
    }
    rank_items(&gold.text, draft, ranker)
        .into_iter()
        .filter_map(|item| {
            let g = &gold.quotes[gold_of[item.quote]?];
            let positive: Vec<bool> = item
                .names
                .iter()
                .map(|n| {
                    speaker_correct(
                        g,
                        &PredQuote {
                            span: g.span,
                            kind: None,
                            speaker: Some(n.clone()),
                            mention: None,
                        },
                    )
                })
                .collect();
            let null_positive = g.speaker.is_none();
            (null_positive || positive.iter().any(|&p| p)).then_some(LabelledItem {
                item,
                positive,
                null_positive,
            })
        })
        .collect()
}

/// Settings for [`fit`].
#[derive(Debug, Clone, Copy)]
pub struct FitConfig {
    /// Passes over the items.
    pub epochs: usize,
    /// AdaGrad step size.
    pub lr: f32,
    /// L2 penalty on the weights (not on the null scores).
    pub l2: f32,
    /// Shuffling seed.
    pub seed: u64,
}

impl Default for FitConfig {
    fn default() -> Self {
        FitConfig {
            epochs: 12,
            lr: 0.1,
            l2: 1e-5,
            seed: 17,
        }
    }
}

/// Fits a ranker to `items`, starting from `init` (or the rules' ranker).
/// Each item's loss is `-log` of the softmax mass on its right options.
pub fn fit(items: &[LabelledItem], init: Option<&SpeakerRanker>, cfg: FitConfig) -> SpeakerRanker {
    let mut r = init.cloned().unwrap_or_default();
    let nc = CONTEXTS.len();
    let mut g2w = vec![vec![1e-8f32; NUM_FEATURES]; nc];
    let mut g2n = vec![1e-8f32; nc];
    let mut order: Vec<usize> = (0..items.len()).collect();
    let mut rng = Rng::new(cfg.seed);
    for _ in 0..cfg.epochs {
        rng.shuffle(&mut order);
        for &i in &order {
            let it = &items[i];
            let c = it.item.context;
            let null = r.null[c];
            let scores: Vec<f32> = it.item.features.iter().map(|f| r.score(c, f)).collect();
            let max = scores.iter().copied().fold(null, f32::max);
            let e_null = (null - max).exp();
            let e: Vec<f32> = scores.iter().map(|s| (s - max).exp()).collect();
            let z = e_null + e.iter().sum::<f32>();
            let pos_mass = if it.null_positive { e_null } else { 0.0 }
                + e.iter()
                    .zip(&it.positive)
                    .filter(|(_, &p)| p)
                    .map(|(x, _)| x)
                    .sum::<f32>();
            if pos_mass <= 0.0 {
                continue;
            }
            // d(-log pos/z)/d score_k = p_k - q_k, q = posterior over right options.
            let grad_of = |x: f32, right: bool| x / z - if right { x / pos_mass } else { 0.0 };
            let gn = grad_of(e_null, it.null_positive);
            g2n[c] += gn * gn;
            r.null[c] -= cfg.lr * gn / g2n[c].sqrt();
            let mut gw = [0f32; NUM_FEATURES];
            for ((f, &x), &right) in it.item.features.iter().zip(&e).zip(&it.positive) {
                let g = grad_of(x, right);
                for (gwj, fj) in gw.iter_mut().zip(f) {
                    *gwj += g * fj;
                }
            }
            for j in 0..NUM_FEATURES {
                let g = gw[j] + cfg.l2 * r.weights[c][j];
                g2w[c][j] += g * g;
                r.weights[c][j] -= cfg.lr * g / g2w[c][j].sqrt();
            }
        }
    }
    r
}

/// Share of `items` whose top option (null included) is right.
pub fn accuracy(items: &[LabelledItem], r: &SpeakerRanker) -> f64 {
    if items.is_empty() {
        return 0.0;
    }
    let right = items
        .iter()
        .filter(|it| {
            let c = it.item.context;
            let best = it
                .item
                .features
                .iter()
                .enumerate()
                .map(|(k, f)| (r.score(c, f), k))
                .max_by(|a, b| a.0.total_cmp(&b.0).then(b.1.cmp(&a.1)));
            match best {
                Some((s, k)) if s > r.null[c] => it.positive[k],
                _ => it.null_positive,
            }
        })
        .count();
    right as f64 / items.len() as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Items whose right candidate is the one with `spoke_turn_2` set, while
    /// the rules' choice is another.
    fn items(n: usize) -> Vec<LabelledItem> {
        (0..n)
            .map(|i| {
                let mut right = [0f32; NUM_FEATURES];
                right[5] = 1.0;
                let mut rule = [0f32; NUM_FEATURES];
                rule[0] = 1.0;
                let right_first = i % 2 == 0;
                let (features, positive) = if right_first {
                    (vec![right, rule], vec![true, false])
                } else {
                    (vec![rule, right], vec![false, true])
                };
                LabelledItem {
                    item: RankItem {
                        quote: i,
                        context: 1,
                        names: vec!["A".into(), "B".into()],
                        features,
                    },
                    positive,
                    null_positive: false,
                }
            })
            .collect()
    }

    #[test]
    fn fit_learns_what_the_rules_miss() {
        let train = items(200);
        assert_eq!(accuracy(&train, &SpeakerRanker::default()), 0.0);
        let r = fit(&train, None, FitConfig::default());
        assert_eq!(accuracy(&items(20), &r), 1.0);
        assert!(r.weights[1][5] > r.weights[1][0], "{:?}", r.weights[1]);
        // Other contexts saw no data and keep the rules' weights.
        assert_eq!(r.weights[0], SpeakerRanker::default().weights[0]);
    }
}
