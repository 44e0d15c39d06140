//! Running the network over documents window by window: batches windows from
//! any number of documents and merges each token's result from the one window
//! that owns it.

use std::time::Instant;

use ndarray::Array2;
use tch::{Kind, Tensor};

use super::Model;
use crate::text::{Document, Overlap, Window};
use crate::timing::{Stage, StageTimes};
use crate::Result;

/// Per-token network outputs for a whole document.
#[derive(Debug, Clone)]
pub struct DocScores {
    /// `[tokens, tags]` log-probabilities of the tags.
    pub log_probs: Array2<f32>,
    /// `[tokens, link_dim]` token states for span representations.
    pub link_states: Array2<f32>,
}

/// One batch row: `[CLS] tokens [SEP]`, padded.
pub(crate) struct Batch {
    pub ids: Tensor,
    pub mask: Tensor,
    pub features: Tensor,
}

/// Batch rows are padded to a multiple of this many tokens. libtorch's CPU
/// kernels (oneDNN) build and cache a kernel per input shape; with every
/// length its own shape, a novel's thousands of batches fill that cache with
/// hundreds of shapes, each holding its own copy of the reordered weights.
const LENGTH_STEP: usize = 32;

fn padded_length(t: usize) -> usize {
    t.div_ceil(LENGTH_STEP) * LENGTH_STEP
}

/// Builds the input tensors for windows of documents.
pub(crate) fn build_batch(model: &Model, rows: &[(&Document, Window)]) -> Batch {
    let enc = &model.encoder;
    let nf = model.config.features.len();
    let t = padded_length(rows.iter().map(|(_, w)| w.len()).max().unwrap_or(0) + 2);
    let b = rows.len();
    let mut ids = vec![enc.pad_id() as i64; b * t];
    let mut mask = vec![0i64; b * t];
    let mut feats = vec![0f32; b * t * nf];
    for (r, (doc, w)) in rows.iter().enumerate() {
        let base = r * t;
        ids[base] = enc.cls_id() as i64;
        mask[base] = 1;
        for (k, tok) in (w.start..w.end).enumerate() {
            ids[base + 1 + k] = doc.tokens.ids[tok] as i64;
            mask[base + 1 + k] = 1;
            let row = doc.features.row(tok);
            let off = (base + 1 + k) * nf;
            for (j, v) in row.iter().enumerate() {
                feats[off + j] = *v;
            }
        }
        ids[base + 1 + w.len()] = enc.sep_id() as i64;
        mask[base + 1 + w.len()] = 1;
    }
    Batch {
        ids: Tensor::from_slice(&ids).view([b as i64, t as i64]),
        mask: Tensor::from_slice(&mask).view([b as i64, t as i64]),
        features: Tensor::from_slice(&feats).view([b as i64, t as i64, nf as i64]),
    }
}

/// Runs the model over every window of every document, `batch_size` windows
/// at a time, and returns per-token scores for each document.
pub fn score_documents(
    model: &Model,
    docs: &[Document],
    max_tokens: usize,
    overlap: Overlap,
    batch_size: usize,
) -> Result<Vec<DocScores>> {
    let mut times = StageTimes::default();
    score_documents_until(
        model, docs, max_tokens, overlap, batch_size, None, &mut times,
    )
}

/// [`score_documents`] that gives up with [`Error::DeadlinePassed`](crate::Error::DeadlinePassed)
/// when `deadline` passes (checked before each forward pass), adding the
/// encoder's and the heads' time to `times`.
pub(crate) fn score_documents_until(
    model: &Model,
    docs: &[Document],
    max_tokens: usize,
    overlap: Overlap,
    batch_size: usize,
    deadline: Option<Instant>,
    times: &mut StageTimes,
) -> Result<Vec<DocScores>> {
    let ntags = model.config.tags.len();
    let d = model.config.link_dim as usize;
    let mut out: Vec<DocScores> = docs
        .iter()
        .map(|doc| DocScores {
            log_probs: Array2::zeros((doc.tokens.len(), ntags)),
            link_states: Array2::zeros((doc.tokens.len(), d)),
        })
        .collect();
    let mut jobs: Vec<(usize, Window)> = times.time(Stage::FrontEnd, || {
        docs.iter()
            .enumerate()
            .flat_map(|(i, doc)| {
                doc.windows(max_tokens, overlap)
                    .into_iter()
                    .map(move |w| (i, w))
            })
            .collect()
    });
    // Windows of similar length share a batch, so little is spent on padding.
    jobs.sort_by_key(|&(i, w)| (std::cmp::Reverse(w.len()), i, w.start));
    for chunk in jobs.chunks(batch_size.max(1)) {
        if deadline.is_some_and(|d| Instant::now() >= d) {
            return Err(crate::Error::DeadlinePassed);
        }
        let rows: Vec<(&Document, Window)> = chunk.iter().map(|&(i, w)| (&docs[i], w)).collect();
        let batch = times.time(Stage::FrontEnd, || build_batch(model, &rows));
        let hidden = times.time(Stage::Encoder, || {
            tch::no_grad(|| {
                model
                    .net
                    .encode(&batch.ids, &batch.mask, &batch.features, false)
            })
        })?;
        times.time(Stage::Heads, || -> Result<()> {
            let (lp, ls) = tch::no_grad(|| -> Result<(Tensor, Tensor)> {
                let o = model.net.heads(&hidden, &batch.features, false)?;
                Ok((
                    o.tag_logits.f_log_softmax(-1, Kind::Float)?.contiguous(),
                    o.link_states.to_kind(Kind::Float).contiguous(),
                ))
            })?;
            let t = lp.size()[1] as usize;
            let lp: Vec<f32> = Vec::<f32>::try_from(&lp.view(-1))?;
            let ls: Vec<f32> = Vec::<f32>::try_from(&ls.view(-1))?;
            for (r, &(i, w)) in chunk.iter().enumerate() {
                let scores = &mut out[i];
                for tok in w.own_start..w.own_end {
                    let pos = r * t + 1 + (tok - w.start);
                    for j in 0..ntags {
                        scores.log_probs[[tok, j]] = lp[pos * ntags + j];
                    }
                    for j in 0..d {
                        scores.link_states[[tok, j]] = ls[pos * d + j];
                    }
                }
            }
            Ok(())
        })?;
    }
    Ok(out)
}
