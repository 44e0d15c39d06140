//! Training the tagger and linker on the corpora (feature `train`): data
//! preparation, typography augmentation and the optimisation loop.

pub mod addressees;
pub mod augment;
pub mod data;
pub mod links;
pub mod logistic;
pub mod ranker;
pub mod trainer;

pub use trainer::{train, TrainConfig};

use crate::corpus::GoldDoc;
use crate::resolve::DocumentDraft;

/// Per quotation of `draft`, the gold quotation of `gold` it matches (the
/// scorer's one-to-one matching), if any: how the resolver's learned parts
/// label their training examples.
pub fn gold_of(gold: &GoldDoc, draft: &DocumentDraft) -> Vec<Option<usize>> {
    let gold_spans: Vec<_> = gold.quotes.iter().map(|q| q.span).collect();
    let pred_spans: Vec<_> = draft.quotes.iter().map(|q| q.span).collect();
    let mut out = vec![None; pred_spans.len()];
    for (g, p) in crate::metrics::match_spans(&gold_spans, &pred_spans) {
        out[p] = Some(g);
    }
    out
}
