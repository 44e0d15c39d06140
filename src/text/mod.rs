//! The text front-end: paragraphs and sentences, quotation marks, word-piece
//! tokens with byte offsets, shape features and windows.

pub mod encoding;
pub mod features;
pub mod marks;
pub mod section;
pub mod segment;
pub mod window;

use ndarray::Array2;

pub use encoding::{TextEncoder, Tokens};
pub use marks::QuotedRegion;
pub use window::{Boundary, Overlap, Window};

use crate::{Result, Span};

/// A text prepared for the model: segmentation, quoted regions, tokens and
/// token features. Borrows the caller's text; all offsets are byte offsets into it.
#[derive(Debug, Clone)]
pub struct Document<'t> {
    /// The caller's text.
    pub text: &'t str,
    /// Paragraph spans, in order.
    pub paragraphs: Vec<Span>,
    /// Sentence spans, in order.
    pub sentences: Vec<Span>,
    /// Spans between paired quotation marks (outermost only).
    pub regions: Vec<QuotedRegion>,
    /// Word-piece tokens.
    pub tokens: Tokens,
    /// Paragraph index of each token.
    pub token_paragraph: Vec<u32>,
    /// `[tokens, features::NUM_FEATURES]` shape features.
    pub features: Array2<f32>,
}

impl<'t> Document<'t> {
    /// Segments, tokenizes and featurizes `text`.
    pub fn new(text: &'t str, encoder: &TextEncoder) -> Result<Self> {
        let paragraphs = segment::paragraphs(text);
        let regions = marks::quoted_regions(text, &paragraphs);
        Self::from_pieces(text, paragraphs, regions, encoder)
    }

    /// Tokenizes and featurizes only `pieces` of `text` (whole paragraphs, or
    /// parts of an overlong one; see [`section`]), which stand as the
    /// document's paragraphs; `regions` are the text's quoted regions (those
    /// outside the pieces are ignored). Offsets stay offsets into `text`.
    pub(crate) fn from_pieces(
        text: &'t str,
        pieces: Vec<Span>,
        regions: Vec<QuotedRegion>,
        encoder: &TextEncoder,
    ) -> Result<Self> {
        let paragraphs = pieces;
        let sentences: Vec<Span> = paragraphs
            .iter()
            .flat_map(|&p| segment::sentences(text, p))
            .collect();
        let tokens = encoder.encode(text, &paragraphs)?;
        let mut token_paragraph = Vec::with_capacity(tokens.len());
        let mut p = 0usize;
        for s in &tokens.spans {
            while p + 1 < paragraphs.len() && paragraphs[p].end <= s.start {
                p += 1;
            }
            token_paragraph.push(p as u32);
        }
        let par_starts: Vec<usize> = paragraphs.iter().map(|s| s.start).collect();
        let sent_starts: Vec<usize> = sentences.iter().map(|s| s.start).collect();
        let features = features::token_features(text, &tokens, &regions, &par_starts, &sent_starts);
        Ok(Document {
            text,
            paragraphs,
            sentences,
            regions,
            tokens,
            token_paragraph,
            features,
        })
    }

    /// Cut preference before each token, for `window::plan_windows`.
    pub fn boundaries(&self) -> Vec<Boundary> {
        let mut out = vec![Boundary::None; self.tokens.len()];
        for s in &self.sentences {
            let i = self.tokens.token_at_or_after(s.start);
            if i < out.len() {
                out[i] = Boundary::Sentence;
            }
        }
        let mut r = 0;
        for p in &self.paragraphs {
            let i = self.tokens.token_at_or_after(p.start);
            // The first quoted region opening at or after the paragraph's start.
            r += self.regions[r..].partition_point(|q| q.open.start < p.start);
            let opens_with_quote = self.regions.get(r).is_some_and(|q| {
                q.open.start < p.end && self.text[p.start..q.open.start].trim().is_empty()
            });
            if i < out.len() {
                out[i] = if opens_with_quote {
                    Boundary::Turn
                } else {
                    Boundary::Paragraph
                };
            }
        }
        out
    }

    /// Windows of at most `max_tokens` word pieces (special tokens excluded).
    pub fn windows(&self, max_tokens: usize, overlap: Overlap) -> Vec<Window> {
        window::plan_windows(&self.boundaries(), max_tokens, overlap)
    }
}
