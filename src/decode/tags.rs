//! Constrained Viterbi decoding of the BIO tags (defined in
//! [`model::tags`](crate::model::tags)) into well-formed spans.

use std::ops::Range;

use ndarray::{Array2, ArrayView2};

pub use crate::model::tags::{bio_labels, is_inside, SpanKind, NUM_TAGS, TAGS};

/// Allowed transition `prev → next`: an I- tag only continues its own B- or I-.
pub fn allowed(prev: Option<usize>, next: usize) -> bool {
    if !is_inside(next) {
        return true;
    }
    match prev {
        None => false,
        Some(p) => p != 0 && SpanKind::of_tag(p) == SpanKind::of_tag(next),
    }
}

/// Constrained Viterbi over `[tokens, tags]` log-probabilities: the best tag
/// sequence with no dangling I- tags. `segment_starts` (sorted token indices)
/// forbid a span from continuing across them (paragraph starts).
pub fn viterbi(log_probs: ArrayView2<f32>, segment_starts: &[usize]) -> Vec<usize> {
    let (n, t) = log_probs.dim();
    if n == 0 {
        return Vec::new();
    }
    let neg = f32::NEG_INFINITY;
    let mut score = Array2::<f32>::from_elem((n, t), neg);
    let mut back = Array2::<u8>::zeros((n, t));
    let mut seg = segment_starts.iter().peekable();
    for j in 0..t {
        if allowed(None, j) {
            score[[0, j]] = log_probs[[0, j]];
        }
    }
    for i in 1..n {
        while seg.peek().is_some_and(|&&s| s < i) {
            seg.next();
        }
        let boundary = seg.peek().is_some_and(|&&s| s == i);
        for j in 0..t {
            let mut best = neg;
            let mut arg = 0u8;
            if boundary && is_inside(j) {
                continue;
            }
            for p in 0..t {
                let s = score[[i - 1, p]];
                if s > best && allowed(Some(p), j) {
                    best = s;
                    arg = p as u8;
                }
            }
            if best > neg {
                score[[i, j]] = best + log_probs[[i, j]];
                back[[i, j]] = arg;
            }
        }
    }
    let mut tags = vec![0usize; n];
    let last = score.row(n - 1);
    let mut cur = (0..t).fold(0, |b, j| if last[j] > last[b] { j } else { b });
    for i in (0..n).rev() {
        tags[i] = cur;
        cur = back[[i, cur]] as usize;
    }
    tags
}

/// Reads spans off a well-formed tag sequence.
pub fn spans_from_tags(tags: &[usize]) -> Vec<(Range<usize>, SpanKind)> {
    let mut out: Vec<(Range<usize>, SpanKind)> = Vec::new();
    let mut cur: Option<(usize, SpanKind)> = None;
    for (i, &tag) in tags.iter().enumerate() {
        let kind = SpanKind::of_tag(tag);
        if is_inside(tag) && cur.is_some_and(|(_, k)| Some(k) == kind) {
            continue;
        }
        if let Some((s, k)) = cur.take() {
            out.push((s..i, k));
        }
        if let Some(k) = kind {
            cur = Some((i, k));
        }
    }
    if let Some((s, k)) = cur {
        out.push((s..tags.len(), k));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::QuoteKind;
    use ndarray::Array2;

    #[test]
    fn labels_round_trip() {
        let spans = vec![
            (1..4, SpanKind::Quote(QuoteKind::Direct)),
            (5..6, SpanKind::Mention),
            (6..8, SpanKind::Cue),
        ];
        let labels = bio_labels(10, &spans);
        let tags: Vec<usize> = labels.iter().map(|&l| l as usize).collect();
        assert_eq!(spans_from_tags(&tags), spans);
    }

    #[test]
    fn viterbi_never_dangles() {
        // Token 0 strongly prefers I-DIRECT, which may not start a sequence.
        let mut lp = Array2::<f32>::from_elem((3, NUM_TAGS), -5.0);
        lp[[0, 2]] = 0.0;
        lp[[0, 1]] = -1.0;
        lp[[1, 2]] = 0.0;
        lp[[2, 0]] = 0.0;
        let tags = viterbi(lp.view(), &[]);
        assert_eq!(tags, vec![1, 2, 0]);
        // A paragraph start cuts the span.
        let tags = viterbi(lp.view(), &[1]);
        assert!(!is_inside(tags[1]));
    }

    #[test]
    fn empty() {
        let lp = Array2::<f32>::zeros((0, NUM_TAGS));
        assert!(viterbi(lp.view(), &[]).is_empty());
    }
}
