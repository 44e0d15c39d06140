//! Decoding: tag log-probabilities into well-formed spans, and each quotation
//! linked to the speaker mention the linker scores highest (or to none).

pub mod spans;
pub mod tags;

use std::ops::Range;

use ndarray::{s, Array2};
use tch::{Kind, Tensor};

use crate::model::inference::DocScores;
use crate::model::link_features::{candidates, pair_features, LinkContext, NUM_PAIR_FEATURES};
use crate::model::Model;
use crate::text::Document;
use crate::timing::{Stage, StageTimes};
use crate::{QuoteKind, Result, Span};
pub use spans::CueWords;
use spans::TaggedSpans;

/// A quotation as decoding leaves it, before speaker resolution.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct QuoteDraft {
    /// The quoted words (for direct and mixed quotes, without the quotation marks).
    pub span: Span,
    /// Direct, mixed or indirect.
    pub kind: QuoteKind,
    /// The speaker mention the model linked to this quotation, if any.
    pub mention: Option<Span>,
    /// The speech verb or phrase, if any.
    pub cue: Option<Span>,
    /// Model confidence in `[0, 1]`.
    pub confidence: f32,
}

/// The linker's choice for one quotation.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct LinkChoice {
    /// Index into [`TaggedSpans::mentions`], `None` for "no mention here".
    pub mention: Option<usize>,
    /// Probability of that choice among the candidates.
    pub probability: f32,
}

/// Row-wise prefix sums with a leading zero row, for span means.
pub(crate) fn prefix_sums(states: &Array2<f32>) -> Array2<f32> {
    let (n, d) = states.dim();
    let mut cs = Array2::<f32>::zeros((n + 1, d));
    for i in 0..n {
        let (prev, mut next) = cs.multi_slice_mut((s![i, ..], s![i + 1, ..]));
        next.assign(&(&prev + &states.row(i)));
    }
    cs
}

fn span_mean(cs: &Array2<f32>, r: &Range<usize>, out: &mut [f32]) {
    let len = r.len().max(1) as f32;
    let (a, b) = (cs.row(r.start), cs.row(r.end));
    for (j, o) in out.iter_mut().enumerate() {
        *o = (b[j] - a[j]) / len;
    }
}

/// Scores every quotation's candidate mentions and picks the best option.
pub(crate) fn link_quotes(
    model: &Model,
    doc: &Document,
    scores: &DocScores,
    tagged: &TaggedSpans,
) -> Result<Vec<LinkChoice>> {
    let q = tagged.quotes.len();
    if q == 0 {
        return Ok(Vec::new());
    }
    let d = model.config.link_dim as usize;
    let inside: Vec<bool> = crate::text::features::flags(
        &doc.features,
        crate::text::features::TokenFeature::InsideQuotes,
    );
    let quote_ranges: Vec<Range<usize>> = tagged.quotes.iter().map(|q| q.tokens.clone()).collect();
    let ctx = LinkContext {
        token_paragraph: &doc.token_paragraph,
        inside_marks: &inside,
        quotes: &quote_ranges,
        cues: &tagged.cues,
    };
    let cands: Vec<Vec<usize>> = quote_ranges
        .iter()
        .map(|r| candidates(&tagged.mentions, r, model.config.link_max_distance))
        .collect();
    let c = cands.iter().map(Vec::len).max().unwrap_or(0).max(1);
    let cs = prefix_sums(&scores.link_states);
    let mut qv = vec![0f32; q * d];
    let mut mv = vec![0f32; q * c * d];
    let mut pf = vec![0f32; q * c * NUM_PAIR_FEATURES];
    let mut valid = vec![false; q * c];
    for (i, r) in quote_ranges.iter().enumerate() {
        span_mean(&cs, r, &mut qv[i * d..(i + 1) * d]);
        let feats = pair_features(&ctx, r, &tagged.mentions, &cands[i]);
        for (k, (&m, f)) in cands[i].iter().zip(&feats).enumerate() {
            let slot = i * c + k;
            span_mean(&cs, &tagged.mentions[m], &mut mv[slot * d..(slot + 1) * d]);
            pf[slot * NUM_PAIR_FEATURES..(slot + 1) * NUM_PAIR_FEATURES].copy_from_slice(f);
            valid[slot] = true;
        }
    }
    let (qi, ci, di) = (q as i64, c as i64, d as i64);
    let probs = tch::no_grad(|| -> Result<Vec<f32>> {
        let qt = Tensor::from_slice(&qv).view([qi, di]);
        let mt = Tensor::from_slice(&mv).view([qi, ci, di]);
        let pt = Tensor::from_slice(&pf).view([qi, ci, NUM_PAIR_FEATURES as i64]);
        let valid_t = Tensor::from_slice(&valid).view([qi, ci]);
        let link = model
            .net
            .link_scores(&qt, &mt, &pt)
            .masked_fill(&valid_t.logical_not(), f64::NEG_INFINITY);
        let null = model.net.null_scores(&qt).unsqueeze(1);
        let all = Tensor::f_cat(&[&null, &link], 1)?
            .f_softmax(-1, Kind::Float)?
            .contiguous();
        Ok(Vec::<f32>::try_from(&all.view(-1))?)
    })?;
    Ok((0..q)
        .map(|i| {
            let row = &probs[i * (c + 1)..(i + 1) * (c + 1)];
            let best = (0..=c).fold(0, |b, k| if row[k] > row[b] { k } else { b });
            LinkChoice {
                mention: if best == 0 {
                    None
                } else {
                    Some(cands[i][best - 1])
                },
                probability: row[best],
            }
        })
        .collect())
}

/// The cue for a quotation: the cue closest to its linked mention, else the
/// closest one next to the quotation itself (within a few tokens).
pub fn pick_cue(
    quote: &Range<usize>,
    mention: Option<&Range<usize>>,
    cues: &[Range<usize>],
) -> Option<usize> {
    let gap = |a: &Range<usize>, b: &Range<usize>| {
        if a.end <= b.start {
            b.start - a.end
        } else {
            a.start.saturating_sub(b.end)
        }
    };
    let anchor = mention.unwrap_or(quote);
    cues.iter()
        .enumerate()
        .filter(|(_, c)| c.end <= quote.start || c.start >= quote.end)
        .map(|(i, c)| (gap(c, anchor), i))
        .filter(|&(g, _)| g <= 6)
        .min()
        .map(|(_, i)| i)
}

/// Runs span decoding and linking for one document: the quotation drafts
/// for speaker resolution and every mention span the tagger found. The
/// linker's time goes to [`Stage::Heads`] in `times`, the rest to decoding.
pub(crate) fn decode_document(
    model: &Model,
    doc: &Document,
    scores: &DocScores,
    min_confidence: f32,
    cue_words: &CueWords,
    times: &mut StageTimes,
) -> Result<(Vec<QuoteDraft>, Vec<Span>)> {
    let tagged = times.time(Stage::Decoding, || {
        spans::decode_spans(doc, scores.log_probs.view(), cue_words)
    });
    let links = times.time(Stage::Heads, || link_quotes(model, doc, scores, &tagged))?;
    let started = std::time::Instant::now();
    let to_span = |r: &Range<usize>| doc.tokens.byte_span(r.clone());
    let mut drafts = Vec::with_capacity(tagged.quotes.len());
    for (q, l) in tagged.quotes.iter().zip(&links) {
        if q.confidence < min_confidence {
            continue;
        }
        let mention = l.mention.map(|m| &tagged.mentions[m]);
        let cue = pick_cue(&q.tokens, mention, &tagged.cues);
        drafts.push(QuoteDraft {
            span: q.span,
            kind: q.kind,
            mention: mention.and_then(to_span),
            cue: cue.and_then(|c| to_span(&tagged.cues[c])),
            confidence: q.confidence,
        });
    }
    let mentions = tagged.mentions.iter().filter_map(to_span).collect();
    times.add(Stage::Decoding, started.elapsed());
    Ok((drafts, mentions))
}
