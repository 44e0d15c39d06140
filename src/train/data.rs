//! Training examples: gold documents turned into token windows with BIO
//! labels and linker items (quotation, candidate mentions, the right one).

use std::ops::Range;

use crate::corpus::GoldDoc;
use crate::model::link_features::{candidates, pair_features, LinkContext, NUM_PAIR_FEATURES};
use crate::model::tags::{bio_labels, SpanKind};
use crate::text::{Document, TextEncoder};
use crate::{Result, Span};

/// One linker training item, in window token coordinates (without `[CLS]`).
#[derive(Debug, Clone)]
pub struct LinkItem {
    /// The quotation's tokens.
    pub quote: Range<usize>,
    /// Candidate mentions' tokens.
    pub candidates: Vec<Range<usize>>,
    /// Pair features per candidate.
    pub pair: Vec<[f32; NUM_PAIR_FEATURES]>,
    /// 0 for "no mention", `k + 1` for candidate `k`.
    pub target: usize,
}

/// One training window.
#[derive(Debug, Clone)]
pub struct Example {
    /// Source document id (for logs).
    pub doc: String,
    /// Word-piece ids (no special tokens).
    pub ids: Vec<u32>,
    /// `[len * NUM_FEATURES]` shape features, row-major.
    pub features: Vec<f32>,
    /// Tag ids.
    pub labels: Vec<i64>,
    /// Linker items whose quotation starts in this window.
    pub links: Vec<LinkItem>,
}

impl Example {
    /// Number of tokens.
    pub fn len(&self) -> usize {
        self.ids.len()
    }

    /// True when the window is empty.
    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }

    /// True when the window holds at least one gold quotation token.
    pub fn has_quote(&self) -> bool {
        self.labels.iter().any(|&l| (1..=6).contains(&l))
    }
}

fn sorted_unique(mut v: Vec<Range<usize>>) -> Vec<Range<usize>> {
    v.retain(|r| !r.is_empty());
    v.sort_by_key(|r| (r.start, r.end));
    v.dedup();
    v
}

/// Cuts a gold document into training windows of at most `max_tokens` word pieces.
pub fn examples_from_doc(
    gold: &GoldDoc,
    encoder: &TextEncoder,
    max_tokens: usize,
    overlap: usize,
    link_max_distance: usize,
) -> Result<Vec<Example>> {
    let doc = Document::new(&gold.text, encoder)?;
    let n = doc.tokens.len();
    let toks = |s: Span| doc.tokens.tokens_in(s);
    let mut spans: Vec<(Range<usize>, SpanKind)> = Vec::new();
    let mut quotes: Vec<(Range<usize>, Option<Range<usize>>)> = Vec::new();
    for q in &gold.quotes {
        let r = toks(q.span);
        if r.is_empty() {
            continue;
        }
        spans.push((r.clone(), SpanKind::Quote(q.kind)));
        let m = q.mention.map(toks).filter(|m| !m.is_empty());
        if let Some(m) = &m {
            spans.push((m.clone(), SpanKind::Mention));
        }
        if let Some(c) = q.cue.map(toks).filter(|c| !c.is_empty()) {
            spans.push((c, SpanKind::Cue));
        }
        quotes.push((r, m));
    }
    // Quotations last so they win where a sloppy mention overlaps one.
    spans.sort_by_key(|(_, k)| matches!(k, SpanKind::Quote(_)));
    let labels = bio_labels(n, &spans);
    let mentions = sorted_unique(
        spans
            .iter()
            .filter(|s| s.1 == SpanKind::Mention)
            .map(|s| s.0.clone())
            .collect(),
    );
    let cues = sorted_unique(
        spans
            .iter()
            .filter(|s| s.1 == SpanKind::Cue)
            .map(|s| s.0.clone())
            .collect(),
    );
    let quote_ranges = sorted_unique(quotes.iter().map(|q| q.0.clone()).collect());
    let inside: Vec<bool> = crate::text::features::flags(
        &doc.features,
        crate::text::features::TokenFeature::InsideQuotes,
    );
    let ctx = LinkContext {
        token_paragraph: &doc.token_paragraph,
        inside_marks: &inside,
        quotes: &quote_ranges,
        cues: &cues,
    };
    let nf = doc.features.ncols();
    let mut out = Vec::new();
    for w in doc.windows(max_tokens, crate::text::Overlap::uniform(overlap)) {
        let mut links = Vec::new();
        for (q, gm) in &quotes {
            if q.start < w.own_start || q.start >= w.own_end || q.end > w.end {
                continue;
            }
            let cands: Vec<usize> = candidates(&mentions, q, link_max_distance)
                .into_iter()
                .filter(|&c| mentions[c].start >= w.start && mentions[c].end <= w.end)
                .collect();
            let target = match gm {
                None => 0,
                Some(g) => match cands
                    .iter()
                    .position(|&c| mentions[c].start < g.end && g.start < mentions[c].end)
                {
                    Some(k) => k + 1,
                    None => continue, // the right mention is outside the window: no usable label
                },
            };
            let pair = pair_features(&ctx, q, &mentions, &cands);
            let shift = |r: &Range<usize>| (r.start - w.start)..(r.end - w.start);
            links.push(LinkItem {
                quote: shift(q),
                candidates: cands.iter().map(|&c| shift(&mentions[c])).collect(),
                pair,
                target,
            });
        }
        let mut features = Vec::with_capacity(w.len() * nf);
        for i in w.start..w.end {
            features.extend(doc.features.row(i).iter());
        }
        out.push(Example {
            doc: gold.id.clone(),
            ids: doc.tokens.ids[w.start..w.end].to_vec(),
            features,
            labels: labels[w.start..w.end].to_vec(),
            links,
        });
    }
    Ok(out)
}
