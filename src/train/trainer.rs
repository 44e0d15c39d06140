//! The training loop: AdamW with warm-up and linear decay, gradient clipping,
//! a fixed seed, periodic dev evaluation and checkpoints.

use std::path::PathBuf;
use std::time::Instant;

use tch::nn::{self, OptimizerConfig};
use tch::{Kind, Reduction, Tensor};

use super::data::Example;
use crate::corpus::GoldDoc;
use crate::metrics::Report;
use crate::model::Model;
use crate::resolve::ranker::{SpeakerRanker, RANKER_FILE};
use crate::{Options, Result};

/// Hyper-parameters and paths of one run.
#[derive(Debug, Clone)]
pub struct TrainConfig {
    /// Optimisation steps.
    pub steps: usize,
    /// Windows per step.
    pub batch_size: usize,
    /// Peak learning rate of the encoder.
    pub lr: f64,
    /// Peak learning rate of the heads.
    pub head_lr: f64,
    /// Share of steps spent warming up.
    pub warmup: f64,
    /// Gradient norm clip.
    pub clip: f64,
    /// Seed for libtorch and the shuffler.
    pub seed: u64,
    /// Evaluate on dev every this many steps (0: only at the end).
    pub eval_every: usize,
    /// Where checkpoints go (`best/` and `last/` model directories).
    pub out_dir: PathBuf,
    /// Weight of the linker loss against the tagger loss.
    pub link_weight: f64,
}

/// A tiny deterministic generator (SplitMix64) for shuffling.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    /// Seeded generator.
    pub fn new(seed: u64) -> Self {
        Rng(seed)
    }

    /// Next 64 random bits.
    pub(crate) fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E3779B97F4A7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58476D1CE4E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D049BB133111EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (n > 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }

    /// Fisher–Yates shuffle.
    pub fn shuffle<T>(&mut self, v: &mut [T]) {
        for i in (1..v.len()).rev() {
            v.swap(i, self.below(i + 1));
        }
    }
}

fn batch_loss(model: &Model, batch: &[&Example], link_weight: f64) -> Result<(Tensor, f64, f64)> {
    let nf = model.config.features.len();
    let enc = &model.encoder;
    let t = batch.iter().map(|e| e.len()).max().unwrap_or(0) + 2;
    let b = batch.len();
    let mut ids = vec![enc.pad_id() as i64; b * t];
    let mut mask = vec![0i64; b * t];
    let mut feats = vec![0f32; b * t * nf];
    let mut labels = vec![-100i64; b * t];
    for (r, e) in batch.iter().enumerate() {
        let base = r * t;
        ids[base] = enc.cls_id() as i64;
        mask[base..base + e.len() + 2].fill(1);
        for k in 0..e.len() {
            ids[base + 1 + k] = e.ids[k] as i64;
            labels[base + 1 + k] = e.labels[k];
        }
        feats[(base + 1) * nf..(base + 1 + e.len()) * nf].copy_from_slice(&e.features);
        ids[base + 1 + e.len()] = enc.sep_id() as i64;
    }
    let (bi, ti) = (b as i64, t as i64);
    let out = model.net.forward(
        &Tensor::from_slice(&ids).view([bi, ti]),
        &Tensor::from_slice(&mask).view([bi, ti]),
        &Tensor::from_slice(&feats).view([bi, ti, nf as i64]),
        true,
    )?;
    let ntags = model.config.tags.len() as i64;
    let mut class_w = vec![1.5f32; ntags as usize];
    class_w[0] = 1.0;
    let tag_loss = out
        .tag_logits
        .view([-1, ntags])
        .cross_entropy_loss::<Tensor>(
            &Tensor::from_slice(&labels),
            Some(Tensor::from_slice(&class_w)),
            Reduction::Mean,
            -100,
            0.0,
        );

    // Linker: span means from prefix sums of the link states.
    let d = model.config.link_dim;
    let cs = Tensor::cat(
        &[
            &Tensor::zeros([bi, 1, d], (Kind::Float, tch::Device::Cpu)),
            &out.link_states.cumsum(1, Kind::Float),
        ],
        1,
    )
    .view([-1, d]);
    let stride = t as i64 + 1;
    let items: Vec<(usize, &super::data::LinkItem)> = batch
        .iter()
        .enumerate()
        .flat_map(|(r, e)| e.links.iter().map(move |l| (r, l)))
        .collect();
    let link_loss = if items.is_empty() {
        Tensor::zeros([], (Kind::Float, tch::Device::Cpu))
    } else {
        let q = items.len();
        let c = items
            .iter()
            .map(|(_, l)| l.candidates.len())
            .max()
            .unwrap_or(0)
            .max(1);
        let np = crate::model::link_features::NUM_PAIR_FEATURES;
        let (mut qs, mut qe) = (Vec::with_capacity(q), Vec::with_capacity(q));
        let (mut ms, mut me) = (vec![0i64; q * c], vec![1i64; q * c]);
        let mut valid = vec![false; q * c];
        let mut pair = vec![0f32; q * c * np];
        let mut target = Vec::with_capacity(q);
        for (i, (r, l)) in items.iter().enumerate() {
            let base = *r as i64 * stride + 1; // +1 for [CLS]
            qs.push(base + l.quote.start as i64);
            qe.push(base + l.quote.end as i64);
            for (k, m) in l.candidates.iter().enumerate() {
                ms[i * c + k] = base + m.start as i64;
                me[i * c + k] = base + m.end as i64;
                valid[i * c + k] = true;
                pair[(i * c + k) * np..(i * c + k + 1) * np].copy_from_slice(&l.pair[k]);
            }
            for k in l.candidates.len()..c {
                ms[i * c + k] = base;
                me[i * c + k] = base + 1;
            }
            target.push(l.target as i64);
        }
        let mean = |s: &[i64], e: &[i64]| {
            let st = Tensor::from_slice(s);
            let et = Tensor::from_slice(e);
            let len = (&et - &st).to_kind(Kind::Float).clamp_min(1.0).unsqueeze(1);
            (cs.index_select(0, &et) - cs.index_select(0, &st)) / len
        };
        let qv = mean(&qs, &qe);
        let mv = mean(&ms, &me).view([q as i64, c as i64, d]);
        let pt = Tensor::from_slice(&pair).view([q as i64, c as i64, np as i64]);
        let valid_t = Tensor::from_slice(&valid).view([q as i64, c as i64]);
        let scores = model
            .net
            .link_scores(&qv, &mv, &pt)
            .masked_fill(&valid_t.logical_not(), -1e4);
        let null = model.net.null_scores(&qv).unsqueeze(1);
        Tensor::cat(&[&null, &scores], 1).cross_entropy_for_logits(&Tensor::from_slice(&target))
    };
    let tl = tag_loss.double_value(&[]);
    let ll = link_loss.double_value(&[]);
    Ok((tag_loss + link_loss * link_weight, tl, ll))
}

/// Scores the model on gold documents with the full pipeline and default
/// options ([`crate::metrics::evaluate`]), speakers decided by `ranker`
/// when there is one.
pub fn evaluate(model: &Model, ranker: Option<&SpeakerRanker>, docs: &[GoldDoc]) -> Result<Report> {
    crate::metrics::evaluate(model, ranker, &Options::default(), docs)
}

/// Writes a checkpoint: the model directory, with `ranker` beside it.
fn checkpoint(model: &Model, ranker: Option<&SpeakerRanker>, dir: &std::path::Path) -> Result<()> {
    model.save(dir)?;
    if let Some(r) = ranker {
        r.save(dir.join(RANKER_FILE))?;
    }
    Ok(())
}

/// Trains `model` in place on `train` examples, evaluating on `dev` documents
/// (speakers decided by `ranker` when there is one, which is also copied
/// into every checkpoint). Writes `best/` (by dev quote F1 + attribution
/// F1) and `last/` model directories.
pub fn train(
    model: &mut Model,
    ranker: Option<&SpeakerRanker>,
    train: &[Example],
    dev: &[GoldDoc],
    cfg: &TrainConfig,
) -> Result<()> {
    tch::manual_seed(cfg.seed as i64);
    let mut rng = Rng::new(cfg.seed);
    let mut opt = nn::AdamW::default().build(&model.vs, cfg.lr)?;
    // The word-piece embeddings (a third of the encoder's weights) stay as
    // pre-trained: their dense gradient would cost more than it brings here.
    if let Some(mut w) = model
        .vs
        .variables()
        .remove("embeddings.word_embeddings.weight")
    {
        let _ = w.requires_grad_(false);
    }
    let mut order: Vec<usize> = (0..train.len()).collect();
    let mut cursor = order.len();
    let warm = ((cfg.steps as f64) * cfg.warmup).max(1.0);
    let start = Instant::now();
    let mut best = f64::NEG_INFINITY;
    let (mut run_tag, mut run_link) = (0.0, 0.0);
    for step in 1..=cfg.steps {
        let factor = if (step as f64) < warm {
            step as f64 / warm
        } else {
            ((cfg.steps - step) as f64 / (cfg.steps as f64 - warm).max(1.0)).max(0.0)
        };
        opt.set_lr_group(0, cfg.lr * factor);
        opt.set_lr_group(crate::model::network::HEAD_GROUP, cfg.head_lr * factor);
        let mut batch = Vec::with_capacity(cfg.batch_size);
        while batch.len() < cfg.batch_size {
            if cursor >= order.len() {
                rng.shuffle(&mut order);
                cursor = 0;
            }
            batch.push(&train[order[cursor]]);
            cursor += 1;
        }
        let (loss, tl, ll) = batch_loss(model, &batch, cfg.link_weight)?;
        opt.zero_grad();
        loss.backward();
        opt.clip_grad_norm(cfg.clip);
        opt.step();
        run_tag = 0.95 * run_tag + 0.05 * tl;
        run_link = 0.95 * run_link + 0.05 * ll;
        if step % 20 == 0 {
            eprintln!(
                "step {step:5} lr {:.2e} tag_loss {run_tag:.4} link_loss {run_link:.4} elapsed {:.0}s",
                cfg.lr * factor,
                start.elapsed().as_secs_f64()
            );
        }
        let eval_now = (cfg.eval_every > 0 && step % cfg.eval_every == 0) || step == cfg.steps;
        if eval_now && !dev.is_empty() {
            let report = evaluate(model, ranker, dev)?;
            let o = &report.overall;
            let sel = o.f1() + o.e2e_f1();
            eprintln!(
                "eval step {step}: quote P {:.3} R {:.3} F1 {:.3} exF1 {:.3} spkAcc {:.3} e2eF1 {:.3} ({:.0}s)",
                o.precision(),
                o.recall(),
                o.f1(),
                o.exact_f1(),
                o.speaker_accuracy(),
                o.e2e_f1(),
                start.elapsed().as_secs_f64()
            );
            if sel > best {
                best = sel;
                checkpoint(model, ranker, &cfg.out_dir.join("best"))?;
                eprintln!("saved best checkpoint (selection score {sel:.4})");
            }
        }
        if step % 500 == 0 || step == cfg.steps {
            checkpoint(model, ranker, &cfg.out_dir.join("last"))?;
        }
    }
    Ok(())
}
