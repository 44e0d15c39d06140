//! Property tests of decoding (`src/decode`) on hostile text with arbitrary
//! tag probabilities (no model): Viterbi paths are well-formed BIO, and the
//! decoded quotations are sorted, non-overlapping, inside the text on char
//! boundaries, with valid token ranges and confidences; mentions, cues and
//! the cue choice index what exists.

mod common;
mod hostile;

use hostile::{config, hostile_text, on_boundaries};
use ndarray::Array2;
use proptest::prelude::*;
use whosaid::decode::pick_cue;
use whosaid::decode::spans::decode_spans;
use whosaid::decode::tags::{allowed, is_inside, spans_from_tags, viterbi, NUM_TAGS};
use whosaid::text::Document;

/// Per-token log-probabilities from raw scores (a log-softmax per row), with
/// rows that favour one tag strongly so that long spans occur too.
fn log_probs(n: usize, raw: &[f32]) -> Array2<f32> {
    let mut lp = Array2::<f32>::zeros((n, NUM_TAGS));
    for i in 0..n {
        let row: Vec<f32> = (0..NUM_TAGS)
            .map(|j| raw[(i * NUM_TAGS + j) % raw.len().max(1)])
            .collect();
        let max = row.iter().cloned().fold(f32::NEG_INFINITY, f32::max);
        let sum: f32 = row.iter().map(|v| (v - max).exp()).sum();
        for j in 0..NUM_TAGS {
            lp[[i, j]] = row[j] - max - sum.ln();
        }
    }
    lp
}

fn raw_scores() -> impl Strategy<Value = Vec<f32>> {
    prop::collection::vec(
        prop_oneof![4 => -4.0f32..4.0, 1 => Just(12.0f32), 1 => Just(-30.0f32)],
        1..(NUM_TAGS * 7),
    )
}

proptest! {
    #![proptest_config(config(256))]

    #[test]
    fn viterbi_paths_are_well_formed(
        raw in raw_scores(),
        n in 0..200usize,
        starts in prop::collection::btree_set(0..200usize, 0..12),
    ) {
        let lp = log_probs(n, &raw);
        let starts: Vec<usize> = starts.into_iter().collect();
        let tags = viterbi(lp.view(), &starts);
        prop_assert_eq!(tags.len(), n);
        for (i, &t) in tags.iter().enumerate() {
            prop_assert!(t < NUM_TAGS);
            let prev = if i == 0 { None } else { Some(tags[i - 1]) };
            prop_assert!(allowed(prev, t), "tag {t} after {prev:?} at {i}");
            if starts.contains(&i) {
                prop_assert!(!is_inside(t), "inside tag {t} at segment start {i}");
            }
        }
        let spans = spans_from_tags(&tags);
        for w in spans.windows(2) {
            prop_assert!(w[0].0.end <= w[1].0.start, "{:?}", w);
        }
        prop_assert!(spans.iter().all(|(r, _)| r.start < r.end && r.end <= n));
    }

    #[test]
    fn decoded_spans_are_sorted_inside_the_text_and_valid(
        text in hostile_text(),
        raw in raw_scores(),
    ) {
        let encoder = common::tiny_encoder();
        let doc = Document::new(&text, &encoder).expect("document");
        let n = doc.tokens.len();
        let lp = log_probs(n, &raw);
        let tagged = decode_spans(&doc, lp.view(), whosaid::api::speech_verbs());
        for q in &tagged.quotes {
            on_boundaries(&text, q.span.start, q.span.end)?;
            prop_assert!(!q.span.is_empty(), "empty quote {q:?}");
            prop_assert!(q.tokens.start < q.tokens.end && q.tokens.end <= n, "{q:?}");
            prop_assert!((0.0..=1.0).contains(&q.confidence), "confidence {}", q.confidence);
        }
        for w in tagged.quotes.windows(2) {
            prop_assert!(
                w[0].span.end <= w[1].span.start && w[0].tokens.end <= w[1].tokens.start,
                "quotes overlap or are out of order: {:?} then {:?}", w[0], w[1]
            );
        }
        for (what, ranges) in [("mention", &tagged.mentions), ("cue", &tagged.cues)] {
            for r in ranges.iter() {
                prop_assert!(r.start < r.end && r.end <= n, "{what} {r:?} of {n} tokens");
                let span = doc.tokens.byte_span(r.clone()).expect("a token range has a span");
                on_boundaries(&text, span.start, span.end)?;
            }
            for w in ranges.windows(2) {
                prop_assert!(w[0].end <= w[1].start, "{what}s overlap: {w:?}");
            }
        }
        for (k, q) in tagged.quotes.iter().enumerate() {
            let mention = tagged.mentions.get(k % tagged.mentions.len().max(1));
            if let Some(c) = pick_cue(&q.tokens, mention, &tagged.cues) {
                prop_assert!(c < tagged.cues.len());
                let cue = &tagged.cues[c];
                prop_assert!(cue.end <= q.tokens.start || cue.start >= q.tokens.end);
            }
        }
        prop_assert_eq!(decode_spans(&doc, lp.view(), whosaid::api::speech_verbs()), tagged, "decoding is repeatable");
    }
}
