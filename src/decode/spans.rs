//! From tag log-probabilities to quotation, mention and cue spans: Viterbi
//! decoding, then quotations snapped to the quotation marks where there are marks.

use std::ops::Range;

use ndarray::ArrayView2;

use super::tags::{spans_from_tags, viterbi, SpanKind};
use crate::text::Document;
use crate::{QuoteKind, Span};

/// A quotation read off the tags.
#[derive(Debug, Clone, PartialEq)]
pub struct TaggedQuote {
    /// Token range.
    pub tokens: Range<usize>,
    /// Byte span.
    pub span: Span,
    /// Kind.
    pub kind: QuoteKind,
    /// Mean probability that its tokens are quotation content.
    pub confidence: f32,
}

/// Everything the tagger found in a document.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TaggedSpans {
    /// Quotations, sorted by start.
    pub quotes: Vec<TaggedQuote>,
    /// Speaker mention token ranges, sorted.
    pub mentions: Vec<Range<usize>>,
    /// Cue token ranges, sorted.
    pub cues: Vec<Range<usize>>,
}

/// Decodes tags into spans. Quotation-mark regions are judged as a whole:
/// a region is a direct or mixed quotation when its tokens are, on average,
/// more likely quotation content than not.
pub fn decode_spans(doc: &Document, log_probs: ArrayView2<f32>) -> TaggedSpans {
    let n = doc.tokens.len();
    if n == 0 {
        return TaggedSpans::default();
    }
    let probs = log_probs.mapv(f32::exp);
    let par_starts: Vec<usize> = doc
        .paragraphs
        .iter()
        .map(|p| doc.tokens.token_at_or_after(p.start))
        .collect();
    let tags = viterbi(log_probs, &par_starts);
    let mut out = TaggedSpans::default();

    // Quotation-mark regions.
    let mut region_tokens: Vec<Range<usize>> = Vec::new();
    for r in &doc.regions {
        let toks = doc.tokens.tokens_in(r.content);
        if toks.is_empty() {
            continue;
        }
        region_tokens.push(toks.clone());
        let len = toks.len() as f32;
        let mean = |cols: &[usize]| toks.clone().map(|i| cols.iter().map(|&c| probs[[i, c]]).sum::<f32>()).sum::<f32>() / len;
        let p_quote = mean(&[1, 2, 3, 4, 5, 6]);
        if p_quote < 0.5 {
            continue;
        }
        let kind = if mean(&[1, 2]) >= mean(&[3, 4]) { QuoteKind::Direct } else { QuoteKind::Mixed };
        let span = trim(doc.text, r.content);
        if span.is_empty() {
            continue;
        }
        out.quotes.push(TaggedQuote { tokens: toks, span, kind, confidence: p_quote });
    }

    let overlaps_region = |r: &Range<usize>| region_tokens.iter().any(|t| t.start < r.end && r.start < t.end);
    let quote_tokens: Vec<Range<usize>> = out.quotes.iter().map(|q| q.tokens.clone()).collect();
    let inside_quote = |r: &Range<usize>| quote_tokens.iter().any(|t| t.start <= r.start && r.end <= t.end);
    for (r, kind) in spans_from_tags(&tags) {
        let conf = || {
            r.clone().map(|i| probs[[i, tags[i]]]).sum::<f32>() / r.len() as f32
        };
        match kind {
            SpanKind::Quote(k) => {
                if k != QuoteKind::Indirect && overlaps_region(&r) {
                    continue;
                }
                if let Some(span) = doc.tokens.byte_span(r.clone()) {
                    out.quotes.push(TaggedQuote { tokens: r.clone(), span, kind: k, confidence: conf() });
                }
            }
            SpanKind::Mention if !inside_quote(&r) => out.mentions.push(r),
            SpanKind::Cue if !inside_quote(&r) => out.cues.push(r),
            _ => {}
        }
    }
    out.quotes.sort_by_key(|q| (q.span.start, q.span.end));
    out
}

/// `span` without surrounding white space.
pub fn trim(text: &str, span: Span) -> Span {
    let s = span.text(text);
    let lead = s.len() - s.trim_start().len();
    let t = s.trim();
    Span::new(span.start + lead, span.start + lead + t.len())
}
