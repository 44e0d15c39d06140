//! Per-token casing and shape features. The encoder is uncased, so the heads
//! and the embeddings get these cheap signals beside the word pieces.

use ndarray::Array2;

use super::encoding::Tokens;
use super::marks::QuotedRegion;
use crate::Span;

/// Number of features per token.
pub const NUM_FEATURES: usize = 12;

/// Names of the features, in column order (kept in the model config).
pub const FEATURE_NAMES: [&str; NUM_FEATURES] = [
    "capitalised",
    "all_caps",
    "digit",
    "punctuation",
    "quote_open",
    "quote_close",
    "inside_quotes",
    "paragraph_start",
    "sentence_start",
    "continuation",
    "long_quoted_region",
    "unclosed_region",
];

/// Computes the `[tokens, NUM_FEATURES]` feature matrix.
///
/// `paragraph_starts` and `sentence_starts` are byte offsets of the first
/// character of each paragraph and sentence (sorted).
pub fn token_features(
    text: &str,
    tokens: &Tokens,
    regions: &[QuotedRegion],
    paragraph_starts: &[usize],
    sentence_starts: &[usize],
) -> Array2<f32> {
    let n = tokens.len();
    let mut f = Array2::<f32>::zeros((n, NUM_FEATURES));
    let mut word_first: Option<char> = None;
    let mut word_caps = false;
    for i in 0..n {
        let span = tokens.spans[i];
        let piece = span.text(text);
        if !tokens.continuation[i] {
            // A new word: look at the whole word (up to the next non-continuation token).
            let mut end = span.end;
            let mut j = i + 1;
            while j < n && tokens.continuation[j] {
                end = tokens.spans[j].end;
                j += 1;
            }
            let word = text.get(span.start..end).unwrap_or("");
            word_first = word.chars().next();
            let letters: Vec<char> = word.chars().filter(|c| c.is_alphabetic()).collect();
            word_caps = letters.len() >= 2 && letters.iter().all(|c| c.is_uppercase());
        }
        let mut row = f.row_mut(i);
        row[0] = word_first.is_some_and(|c| c.is_uppercase()) as u8 as f32;
        row[1] = word_caps as u8 as f32;
        row[2] = piece.chars().any(|c| c.is_ascii_digit()) as u8 as f32;
        row[3] = (!piece.is_empty() && piece.chars().all(|c| !c.is_alphanumeric())) as u8 as f32;
        row[9] = tokens.continuation[i] as u8 as f32;
        row[7] = paragraph_starts.binary_search(&span.start).is_ok() as u8 as f32;
        row[8] = sentence_starts.binary_search(&span.start).is_ok() as u8 as f32;
    }
    for r in regions {
        mark_overlapping(tokens, r.open, &mut f, 4);
        if let Some(c) = r.close {
            mark_overlapping(tokens, c, &mut f, 5);
        }
        let inside = tokens.tokens_in(r.content);
        let words = r.content.text(text).split_whitespace().count();
        for i in inside {
            f[[i, 6]] = 1.0;
            f[[i, 10]] = (words >= 6) as u8 as f32;
            f[[i, 11]] = r.close.is_none() as u8 as f32;
        }
    }
    f
}

fn mark_overlapping(tokens: &Tokens, span: Span, f: &mut Array2<f32>, col: usize) {
    let mut i = tokens.token_at_or_after(span.start);
    while i < tokens.len() && tokens.spans[i].start < span.end {
        f[[i, col]] = 1.0;
        i += 1;
    }
}
