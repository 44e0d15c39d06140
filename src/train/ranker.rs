//! Training the learned speaker ranker ([`SpeakerRanker`]) on gold
//! documents: labelling each predicted quotation's candidates against the
//! gold speaker, and fitting the weights by softmax cross-entropy over the
//! candidates and the "no speaker" option (AdaGrad, L2, fixed seed).

use crate::corpus::{GoldDoc, PredQuote};
use crate::metrics::{speaker_correct, Cast};
use crate::resolve::ranker::{
    Feature, FeatureGroup, HiddenLayer, RankItem, SpeakerRanker, CONTEXTS, HIDDEN_INPUTS,
    NUM_FEATURES,
};
use crate::resolve::{DocumentDraft, Resolver};

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
    resolver: &Resolver,
) -> Vec<LabelledItem> {
    let gold_of = super::gold_of(gold, draft);
    label_items(gold, &gold_of, resolver.rank_items(&gold.text, draft))
}

/// Labels ranking problems already made (see [`labelled_items`]), given
/// per predicted quotation the gold quotation it matches
/// ([`super::gold_of`]): those that match one and whose answer is among
/// the options.
pub fn label_items(
    gold: &GoldDoc,
    gold_of: &[Option<usize>],
    items: Vec<RankItem>,
) -> Vec<LabelledItem> {
    let cast = Cast::of(&gold.quotes);
    items
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
                            group: None,
                            addressees: None,
                        },
                        Some(&cast),
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
    /// A feature group left out (its weights held at zero), for ablations.
    pub without: Option<FeatureGroup>,
    /// Units of the hidden layer (0: a linear ranker).
    pub hidden_units: usize,
}

impl Default for FitConfig {
    fn default() -> Self {
        FitConfig {
            epochs: 12,
            lr: 0.1,
            l2: 1e-5,
            seed: 17,
            without: None,
            hidden_units: 0,
        }
    }
}

/// The ensemble of `members` as one ranker whose score is the mean of
/// theirs: linear weights and null scores averaged, hidden units side by
/// side with their output weights divided by the number of members.
/// `None` when `members` is empty.
pub fn average(members: &[SpeakerRanker]) -> Option<SpeakerRanker> {
    let first = members.first()?;
    let k = members.len() as f32;
    let mut r = first.clone();
    for (c, row) in r.weights.iter_mut().enumerate() {
        for (f, w) in row.iter_mut().enumerate() {
            *w = members.iter().map(|m| m.weights[c][f]).sum::<f32>() / k;
        }
    }
    for (c, n) in r.null.iter_mut().enumerate() {
        *n = members.iter().map(|m| m.null[c]).sum::<f32>() / k;
    }
    let hidden: Vec<&HiddenLayer> = members.iter().filter_map(|m| m.hidden.as_ref()).collect();
    r.hidden = (!hidden.is_empty()).then(|| HiddenLayer {
        w: hidden.iter().flat_map(|h| h.w.iter().cloned()).collect(),
        b: hidden.iter().flat_map(|h| h.b.iter().copied()).collect(),
        out: hidden
            .iter()
            .flat_map(|h| h.out.iter().map(|o| o / k))
            .collect(),
    });
    Some(r)
}

/// Fits a ranker to `items`, starting from `init` (or the rules' ranker).
/// Each item's loss is `-log` of the softmax mass on its right options.
pub fn fit(items: &[LabelledItem], init: Option<&SpeakerRanker>, cfg: FitConfig) -> SpeakerRanker {
    let mut r = init.cloned().unwrap_or_default();
    let nc = CONTEXTS.len();
    let kept: Vec<bool> = Feature::ALL
        .iter()
        .map(|f| Some(f.group()) != cfg.without)
        .collect();
    for w in &mut r.weights {
        for (x, &k) in w.iter_mut().zip(&kept) {
            if !k {
                *x = 0.0;
            }
        }
    }
    let mut g2w = vec![vec![1e-8f32; NUM_FEATURES]; nc];
    let mut g2n = vec![1e-8f32; nc];
    let mut order: Vec<usize> = (0..items.len()).collect();
    let mut rng = Rng::new(cfg.seed);
    if cfg.hidden_units > 0 && r.hidden.is_none() {
        let mut uniform = |scale: f32| (rng.below(2001) as f32 / 1000.0 - 1.0) * scale;
        let inputs_kept = |i: usize| i >= NUM_FEATURES || kept[i];
        r.hidden = Some(HiddenLayer {
            w: (0..cfg.hidden_units)
                .map(|_| {
                    (0..HIDDEN_INPUTS)
                        .map(|i| if inputs_kept(i) { uniform(0.3) } else { 0.0 })
                        .collect()
                })
                .collect(),
            b: vec![0.1; cfg.hidden_units],
            out: (0..cfg.hidden_units).map(|_| uniform(0.1)).collect(),
        });
    }
    let units = r.hidden.as_ref().map_or(0, |h| h.b.len());
    let mut g2h = vec![vec![1e-8f32; HIDDEN_INPUTS]; units];
    let mut g2b = vec![1e-8f32; units];
    let mut g2o = vec![1e-8f32; units];
    for _ in 0..cfg.epochs {
        rng.shuffle(&mut order);
        for &i in &order {
            let it = &items[i];
            let c = it.item.context;
            let null = r.null[c];
            // Each candidate's hidden-layer input and activations, computed
            // once for its score and the layer's update.
            let hidden_pass: Vec<HiddenPass> = r.hidden.as_ref().map_or(Vec::new(), |h| {
                it.item
                    .features
                    .iter()
                    .map(|f| {
                        let input = HiddenLayer::input(c, f);
                        let activations = h.activations(&input);
                        HiddenPass { input, activations }
                    })
                    .collect()
            });
            let scores: Vec<f32> = it
                .item
                .features
                .iter()
                .enumerate()
                .map(|(k, f)| {
                    let activations = hidden_pass.get(k).map(|p| p.activations.as_slice());
                    r.score_with(c, f, activations)
                })
                .collect();
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
                for (gwj, fj) in gw.iter_mut().zip(f.values()) {
                    *gwj += g * fj;
                }
            }
            for j in (0..NUM_FEATURES).filter(|&j| kept[j]) {
                let g = gw[j] + cfg.l2 * r.weights[c][j];
                g2w[c][j] += g * g;
                r.weights[c][j] -= cfg.lr * g / g2w[c][j].sqrt();
            }
            if let Some(h) = r.hidden.as_mut() {
                let grads: Vec<f32> = e
                    .iter()
                    .zip(&it.positive)
                    .map(|(&x, &right)| grad_of(x, right))
                    .collect();
                update_hidden(
                    h,
                    &hidden_pass,
                    &grads,
                    &kept,
                    cfg,
                    &mut g2h,
                    &mut g2b,
                    &mut g2o,
                );
            }
        }
    }
    r
}

/// A candidate's pass through the hidden layer.
struct HiddenPass {
    /// Its input (see [`HiddenLayer::input`]).
    input: [f32; HIDDEN_INPUTS],
    /// Each unit's activation.
    activations: Vec<f32>,
}

/// One AdaGrad step of the hidden layer for one item: `grads[k]` is the
/// loss gradient with respect to candidate `k`'s score, `passes[k]` its
/// pass through the layer.
#[allow(clippy::too_many_arguments)]
fn update_hidden(
    h: &mut HiddenLayer,
    passes: &[HiddenPass],
    grads: &[f32],
    kept: &[bool],
    cfg: FitConfig,
    g2h: &mut [Vec<f32>],
    g2b: &mut [f32],
    g2o: &mut [f32],
) {
    let units = h.b.len();
    let mut d_w = vec![[0f32; HIDDEN_INPUTS]; units];
    let mut d_b = vec![0f32; units];
    let mut d_out = vec![0f32; units];
    for (pass, &g) in passes.iter().zip(grads) {
        let (x, a) = (&pass.input, &pass.activations);
        for j in 0..units {
            d_out[j] += g * a[j];
            if a[j] > 0.0 {
                let dz = g * h.out[j];
                d_b[j] += dz;
                for (dw, xi) in d_w[j].iter_mut().zip(x) {
                    *dw += dz * xi;
                }
            }
        }
    }
    for j in 0..units {
        for i in (0..HIDDEN_INPUTS).filter(|&i| i >= NUM_FEATURES || kept[i]) {
            let g = d_w[j][i] + cfg.l2 * h.w[j][i];
            g2h[j][i] += g * g;
            h.w[j][i] -= cfg.lr * g / g2h[j][i].sqrt();
        }
        g2b[j] += d_b[j] * d_b[j];
        h.b[j] -= cfg.lr * d_b[j] / g2b[j].sqrt();
        let g = d_out[j] + cfg.l2 * h.out[j];
        g2o[j] += g * g;
        h.out[j] -= cfg.lr * g / g2o[j].sqrt();
    }
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
    use crate::resolve::ranker::FeatureVector;

    /// Items whose right candidate is the one with `spoke_turn_2` set, while
    /// the rules' choice is another.
    fn items(n: usize) -> Vec<LabelledItem> {
        (0..n)
            .map(|i| {
                let mut right = FeatureVector::default();
                right.flag(Feature::SpokeTurn2, true);
                let mut rule = FeatureVector::default();
                rule.flag(Feature::RuleChoice, true);
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
        let (turn2, rule) = (Feature::SpokeTurn2.index(), Feature::RuleChoice.index());
        assert!(
            r.weights[1][turn2] > r.weights[1][rule],
            "{:?}",
            r.weights[1]
        );
        // Other contexts saw no data and keep the rules' weights.
        assert_eq!(r.weights[0], SpeakerRanker::default().weights[0]);
    }

    #[test]
    fn an_ablated_group_keeps_zero_weight() {
        let cfg = FitConfig {
            without: Some(FeatureGroup::Turns),
            ..FitConfig::default()
        };
        let r = fit(&items(200), None, cfg);
        for f in Feature::ALL
            .iter()
            .filter(|f| f.group() == FeatureGroup::Turns)
        {
            assert!(r.weights.iter().all(|w| w[f.index()] == 0.0), "{f:?}");
        }
        // What is left to learn from: not the rules' choice.
        assert!(r.weights[1][Feature::RuleChoice.index()] < 0.0);
    }

    #[test]
    fn a_hidden_layer_learns_an_interaction() {
        // The right candidate has exactly one of two features on; a wrong one
        // has both or neither (exclusive or), which no linear scorer can rank.
        let mk = |a: bool, b: bool| {
            let mut f = FeatureVector::default();
            f.flag(Feature::SpokeTurn1, a);
            f.flag(Feature::SpokeTurn2, b);
            f
        };
        let items: Vec<LabelledItem> = (0..400)
            .map(|i| {
                let right = if i % 2 == 0 {
                    mk(true, false)
                } else {
                    mk(false, true)
                };
                let wrong = if i % 3 == 0 {
                    mk(true, true)
                } else {
                    mk(false, false)
                };
                LabelledItem {
                    item: RankItem {
                        quote: i,
                        context: 1,
                        names: vec!["A".into(), "B".into()],
                        features: vec![wrong, right],
                    },
                    positive: vec![false, true],
                    null_positive: false,
                }
            })
            .collect();
        let linear = fit(&items, None, FitConfig::default());
        assert!(linear.hidden.is_none());
        assert!(
            accuracy(&items, &linear) < 0.9,
            "{}",
            accuracy(&items, &linear)
        );
        // Whatever the seed (the initial weights depend on it and on how
        // many features there are), the hidden layer learns it.
        for seed in 17..21 {
            let hidden = fit(
                &items,
                None,
                FitConfig {
                    hidden_units: 16,
                    epochs: 200,
                    seed,
                    ..FitConfig::default()
                },
            );
            assert!(hidden.hidden.is_some());
            let acc = accuracy(&items, &hidden);
            assert!(acc > 0.95, "seed {seed}: {acc}");
        }
    }

    #[test]
    fn an_average_scores_the_mean_of_its_members() {
        let cfg = |seed| FitConfig {
            hidden_units: 4,
            seed,
            ..FitConfig::default()
        };
        let a = fit(&items(60), None, cfg(1));
        let b = fit(&items(60), None, cfg(2));
        let linear = fit(&items(60), None, FitConfig::default());
        assert_ne!(a, b);
        let avg = average(&[a.clone(), b.clone(), linear.clone()]).unwrap();
        assert_eq!(avg.hidden.as_ref().map(|h| h.b.len()), Some(8));
        for it in items(6) {
            for f in &it.item.features {
                let want = (a.score(1, f) + b.score(1, f) + linear.score(1, f)) / 3.0;
                assert!((avg.score(1, f) - want).abs() < 1e-4);
            }
            for c in 0..CONTEXTS.len() {
                let want = (a.null[c] + b.null[c] + linear.null[c]) / 3.0;
                assert!((avg.null[c] - want).abs() < 1e-6);
            }
        }
        assert_eq!(average(&[]), None);
    }
}
