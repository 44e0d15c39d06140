//! Per-token casing and shape features. The encoder is uncased, so the heads
//! and the embeddings get these cheap signals beside the word pieces.

use ndarray::Array2;

use super::encoding::Tokens;
use super::marks::QuotedRegion;
use crate::Span;

/// One per-token feature; its discriminant is its column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenFeature {
    /// The word starts with an upper-case letter.
    Capitalised = 0,
    /// The word has two or more letters, all upper case.
    AllCaps,
    /// The word piece has a digit.
    Digit,
    /// The word piece is punctuation only.
    Punctuation,
    /// The word piece overlaps an opening quotation mark.
    QuoteOpen,
    /// The word piece overlaps a closing quotation mark.
    QuoteClose,
    /// The word piece lies between paired quotation marks.
    InsideQuotes,
    /// The word piece starts a paragraph.
    ParagraphStart,
    /// The word piece starts a sentence.
    SentenceStart,
    /// The word piece continues a word.
    Continuation,
    /// Inside a quoted region of six words or more.
    LongQuotedRegion,
    /// Inside a quoted region that does not close in its paragraph.
    UnclosedRegion,
}

impl TokenFeature {
    /// Every feature, in column order.
    pub const ALL: [TokenFeature; 12] = [
        TokenFeature::Capitalised,
        TokenFeature::AllCaps,
        TokenFeature::Digit,
        TokenFeature::Punctuation,
        TokenFeature::QuoteOpen,
        TokenFeature::QuoteClose,
        TokenFeature::InsideQuotes,
        TokenFeature::ParagraphStart,
        TokenFeature::SentenceStart,
        TokenFeature::Continuation,
        TokenFeature::LongQuotedRegion,
        TokenFeature::UnclosedRegion,
    ];

    /// The feature's column in the feature matrix.
    pub const fn column(self) -> usize {
        self as usize
    }

    /// The name kept in the model config.
    pub const fn name(self) -> &'static str {
        FEATURE_NAMES[self as usize]
    }
}

/// Number of features per token.
pub const NUM_FEATURES: usize = TokenFeature::ALL.len();

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

/// Whether each token has `feature` (the column of `features` read as flags).
pub(crate) fn flags(features: &Array2<f32>, feature: TokenFeature) -> Vec<bool> {
    features
        .column(feature.column())
        .iter()
        .map(|&v| v > 0.5)
        .collect()
}

/// Computes the `[tokens, NUM_FEATURES]` feature matrix.
///
/// `paragraph_starts` and `sentence_starts` are byte offsets of the first
/// character of each paragraph and sentence (sorted).
pub(crate) fn token_features(
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
        row[TokenFeature::Capitalised.column()] =
            word_first.is_some_and(|c| c.is_uppercase()) as u8 as f32;
        row[TokenFeature::AllCaps.column()] = word_caps as u8 as f32;
        row[TokenFeature::Digit.column()] = piece.chars().any(|c| c.is_ascii_digit()) as u8 as f32;
        row[TokenFeature::Punctuation.column()] =
            (!piece.is_empty() && piece.chars().all(|c| !c.is_alphanumeric())) as u8 as f32;
        row[TokenFeature::Continuation.column()] = tokens.continuation[i] as u8 as f32;
        row[TokenFeature::ParagraphStart.column()] =
            paragraph_starts.binary_search(&span.start).is_ok() as u8 as f32;
        row[TokenFeature::SentenceStart.column()] =
            sentence_starts.binary_search(&span.start).is_ok() as u8 as f32;
    }
    for r in regions {
        mark_overlapping(tokens, r.open, &mut f, TokenFeature::QuoteOpen);
        if let Some(c) = r.close {
            mark_overlapping(tokens, c, &mut f, TokenFeature::QuoteClose);
        }
        let inside = tokens.tokens_in(r.content);
        let words = r.content.text(text).split_whitespace().count();
        for i in inside {
            f[[i, TokenFeature::InsideQuotes.column()]] = 1.0;
            f[[i, TokenFeature::LongQuotedRegion.column()]] = (words >= 6) as u8 as f32;
            f[[i, TokenFeature::UnclosedRegion.column()]] = r.close.is_none() as u8 as f32;
        }
    }
    f
}

fn mark_overlapping(tokens: &Tokens, span: Span, f: &mut Array2<f32>, feature: TokenFeature) {
    let mut i = tokens.token_at_or_after(span.start);
    while i < tokens.len() && tokens.spans[i].start < span.end {
        f[[i, feature.column()]] = 1.0;
        i += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_feature_names_its_own_column() {
        for (i, f) in TokenFeature::ALL.iter().enumerate() {
            assert_eq!(f.column(), i);
        }
        assert_eq!(TokenFeature::InsideQuotes.name(), "inside_quotes");
        assert_eq!(TokenFeature::UnclosedRegion.name(), "unclosed_region");
    }
}
