//! From tag log-probabilities to quotation, mention and cue spans: Viterbi
//! decoding, then quotations snapped to the quotation marks where there are marks.

use std::collections::HashSet;
use std::ops::Range;

use ndarray::{Array2, ArrayView2};

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

/// Words that make a token cue-like next to an indirect quotation ("said",
/// "told", "added"): data passed in, so that decoding owns no word list.
/// [`whosaid::api`](crate::api) passes the resolver's speech verbs.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CueWords {
    words: HashSet<String>,
}

impl CueWords {
    /// The set of `words`, compared without case.
    pub fn new<S: AsRef<str>>(words: impl IntoIterator<Item = S>) -> Self {
        CueWords {
            words: words
                .into_iter()
                .map(|w| w.as_ref().to_lowercase())
                .collect(),
        }
    }

    /// Whether `word` is one of them (lower-cased into a new string only
    /// when lower-casing changes it: this runs on tokens next to every
    /// indirect quotation).
    pub fn contains(&self, word: &str) -> bool {
        let lower = word.chars().all(|c| {
            let mut l = c.to_lowercase();
            l.next() == Some(c) && l.next().is_none()
        });
        if lower {
            self.words.contains(word)
        } else {
            self.words.contains(&word.to_lowercase())
        }
    }
}

/// Decodes tags into spans. Quotation-mark regions are judged as a whole:
/// a region is a direct or mixed quotation when its tokens are, on average,
/// more likely quotation content than not. `cue_words` are the words that
/// count as a cue next to an indirect quotation besides the tagged ones.
pub fn decode_spans(
    doc: &Document,
    log_probs: ArrayView2<f32>,
    cue_words: &CueWords,
) -> TaggedSpans {
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
        let mean = |cols: &[usize]| {
            toks.clone()
                .map(|i| cols.iter().map(|&c| probs[[i, c]]).sum::<f32>())
                .sum::<f32>()
                / len
        };
        let p_quote = mean(&[1, 2, 3, 4, 5, 6]);
        if p_quote < 0.5 {
            continue;
        }
        let kind = if mean(&[1, 2]) >= mean(&[3, 4]) {
            QuoteKind::Direct
        } else {
            QuoteKind::Mixed
        };
        let span = trim(doc.text, r.content);
        if span.is_empty() {
            continue;
        }
        out.quotes.push(TaggedQuote {
            tokens: toks,
            span,
            kind,
            confidence: p_quote,
        });
    }

    let overlaps_region = |r: &Range<usize>| {
        region_tokens
            .iter()
            .any(|t| t.start < r.end && r.start < t.end)
    };
    let quote_tokens: Vec<Range<usize>> = out.quotes.iter().map(|q| q.tokens.clone()).collect();
    let inside_quote = |r: &Range<usize>| {
        quote_tokens
            .iter()
            .any(|t| t.start <= r.start && r.end <= t.end)
    };
    for (r, kind) in spans_from_tags(&tags) {
        let conf = || r.clone().map(|i| probs[[i, tags[i]]]).sum::<f32>() / r.len() as f32;
        match kind {
            SpanKind::Quote(k) => {
                if k != QuoteKind::Indirect && overlaps_region(&r) {
                    continue;
                }
                if let Some(span) = doc.tokens.byte_span(r.clone()) {
                    out.quotes.push(TaggedQuote {
                        tokens: r.clone(),
                        span,
                        kind: k,
                        confidence: conf(),
                    });
                }
            }
            SpanKind::Mention if !inside_quote(&r) => out.mentions.push(r),
            SpanKind::Cue if !inside_quote(&r) => out.cues.push(r),
            _ => {}
        }
    }
    out.quotes.sort_by_key(|q| (q.span.start, q.span.end));
    tidy_indirect(doc, &probs, cue_words, &mut out);
    out.quotes = without_overlaps(doc, std::mem::take(&mut out.quotes));
    out
}

/// Quotations never overlap. A quotation nested inside another (a "quoted
/// phrase" inside a reported clause, an indirect reading inside marks) is
/// not one of its own, as in the gold annotation: the outer one stays. Where
/// two only partly overlap, indirect ones are joined, and an indirect one
/// that runs into a quotation between marks keeps its part outside the
/// marks when that is still a clause ([`INDIRECT_MIN_TOKENS`]). The result
/// is sorted by start.
fn without_overlaps(doc: &Document, mut quotes: Vec<TaggedQuote>) -> Vec<TaggedQuote> {
    let is_mark = |i: usize| {
        doc.tokens.spans[i]
            .text(doc.text)
            .chars()
            .all(|c| crate::text::marks::classify(c).is_some())
    };
    // `tokens` with quotation marks stripped from its ends, as a quotation, if
    // it is long enough.
    let cut = |q: &TaggedQuote, mut tokens: Range<usize>| {
        while tokens.start < tokens.end && is_mark(tokens.start) {
            tokens.start += 1;
        }
        while tokens.end > tokens.start && is_mark(tokens.end - 1) {
            tokens.end -= 1;
        }
        let span = doc.tokens.byte_span(tokens.clone())?;
        (tokens.len() >= INDIRECT_MIN_TOKENS).then(|| TaggedQuote {
            tokens,
            span,
            ..q.clone()
        })
    };
    quotes.sort_by_key(|q| (q.span.start, std::cmp::Reverse(q.span.end)));
    let mut out: Vec<TaggedQuote> = Vec::with_capacity(quotes.len());
    for q in quotes {
        let Some(prev) = out.last_mut() else {
            out.push(q);
            continue;
        };
        if prev.span.end <= q.span.start {
            out.push(q);
        } else if prev.span.contains(&q.span) {
            // Nested: not a quotation of its own.
        } else if prev.kind == QuoteKind::Indirect && q.kind == QuoteKind::Indirect {
            let (a, b) = (prev.tokens.len() as f32, q.tokens.len() as f32);
            prev.confidence = (prev.confidence * a + q.confidence * b) / (a + b);
            prev.tokens = prev.tokens.start..prev.tokens.end.max(q.tokens.end);
            prev.span = Span::new(prev.span.start, prev.span.end.max(q.span.end));
        } else if q.kind == QuoteKind::Indirect {
            let rest = prev.tokens.end.max(q.tokens.start)..q.tokens.end;
            if let Some(r) = cut(&q, rest).filter(|r| r.span.start >= prev.span.end) {
                out.push(r);
            }
        } else if prev.kind == QuoteKind::Indirect {
            let head = prev.tokens.start..q.tokens.start.min(prev.tokens.end);
            match cut(prev, head).filter(|h| h.span.end <= q.span.start) {
                Some(h) => *prev = h,
                None => {
                    out.pop();
                }
            }
            out.push(q);
        }
        // Two quotations between marks never overlap; were they to, the first stays.
    }
    // Cutting moved starts: keep the order and the promise whatever happened.
    out.sort_by_key(|q| (q.span.start, q.span.end));
    let mut last_end = 0;
    out.retain(|q| {
        let keep = q.span.start >= last_end;
        if keep {
            last_end = q.span.end;
        }
        keep
    });
    out
}

/// Most tokens between an indirect quotation and its cue.
const INDIRECT_CUE_GAP: usize = 4;
/// Most tokens an indirect quotation's end is moved to reach its clause's end.
const INDIRECT_EXTEND: usize = 3;
/// Words a reported clause seldom ends on: pronouns, auxiliaries, determiners,
/// prepositions, conjunctions, a possessive's "s". An indirect quotation the
/// tagger stops on one of them, or inside a word ("the firm had done well,
/// but it | definitely helped…"), was cut short and runs on to its clause's end.
const OPEN_ENDINGS: &[&str] = &[
    "it", "he", "she", "they", "we", "i", "you", "them", "him", "us", "be", "been", "being", "is",
    "are", "was", "were", "has", "had", "have", "will", "would", "could", "should", "may", "might",
    "must", "can", "do", "does", "did", "the", "a", "an", "this", "these", "those", "its", "his",
    "their", "our", "my", "your", "of", "to", "in", "on", "at", "for", "with", "from", "by",
    "about", "into", "and", "but", "or", "that", "if", "because", "while", "not", "s",
];
/// Cue probability that makes a token count as a cue next to an indirect quotation.
const INDIRECT_CUE_PROB: f32 = 0.2;
/// Fewest tokens in an indirect quotation.
const INDIRECT_MIN_TOKENS: usize = 3;

/// Indirect quotations are clauses reported by a speech verb: fragments of one
/// clause split by a token or two are merged, a span stopping just short of
/// its sentence's end, or on a word such a clause seldom ends on
/// ([`OPEN_ENDINGS`]), is extended to it (final punctuation excluded), and a
/// span with no cue next to it, or too short to be a clause, is dropped.
fn tidy_indirect(doc: &Document, probs: &Array2<f32>, cue_words: &CueWords, out: &mut TaggedSpans) {
    // A cue next to the clause: a tagged cue, a token the tagger gives some
    // cue probability, or a speech verb.
    let n = doc.tokens.len();
    let cue_like = |i: usize| {
        let b = SpanKind::Cue.begin_tag();
        probs[[i, b]] + probs[[i, b + 1]] >= INDIRECT_CUE_PROB
            || cue_words.contains(doc.tokens.spans[i].text(doc.text))
    };
    let mut merged: Vec<TaggedQuote> = Vec::with_capacity(out.quotes.len());
    for q in std::mem::take(&mut out.quotes) {
        if let Some(prev) = merged.last_mut() {
            let same_par = doc.token_paragraph.get(prev.tokens.start)
                == doc.token_paragraph.get(q.tokens.start);
            if prev.kind == QuoteKind::Indirect
                && q.kind == QuoteKind::Indirect
                && same_par
                && q.tokens.start >= prev.tokens.end
                && q.tokens.start - prev.tokens.end <= 2
                && !(prev.tokens.end..q.tokens.start).any(cue_like)
            {
                let (a, b) = (prev.tokens.len() as f32, q.tokens.len() as f32);
                prev.confidence = (prev.confidence * a + q.confidence * b) / (a + b);
                prev.tokens = prev.tokens.start..q.tokens.end;
                prev.span = Span::new(prev.span.start, q.span.end);
                continue;
            }
        }
        merged.push(q);
    }
    let cue_near = |r: &Range<usize>| {
        out.cues.iter().any(|c| {
            (c.end <= r.start && r.start - c.end <= INDIRECT_CUE_GAP)
                || (c.start >= r.end && c.start - r.end <= INDIRECT_CUE_GAP)
        }) || (r.start.saturating_sub(INDIRECT_CUE_GAP)..r.start).any(cue_like)
            || (r.end..(r.end + INDIRECT_CUE_GAP).min(n)).any(cue_like)
    };
    merged.retain(|q| {
        q.kind != QuoteKind::Indirect
            || (q.tokens.len() >= INDIRECT_MIN_TOKENS && cue_near(&q.tokens))
    });
    for q in merged.iter_mut().filter(|q| q.kind == QuoteKind::Indirect) {
        let k = doc.sentences.partition_point(|s| s.end < q.span.end);
        let Some(sent) = doc.sentences.get(k).filter(|s| s.start <= q.span.start) else {
            continue;
        };
        let body = sent.text(doc.text).trim_end_matches(|c: char| {
            c.is_whitespace() || ".!?;:\"'\u{201d}\u{2019})".contains(c)
        });
        let clause_end = sent.start + body.len();
        if clause_end <= q.span.end {
            continue;
        }
        let end_tok = doc.tokens.token_at_or_after(clause_end);
        let stops_short = end_tok.saturating_sub(q.tokens.end) <= INDIRECT_EXTEND;
        let last = q
            .span
            .text(doc.text)
            .rsplit(|c: char| !c.is_alphanumeric())
            .next();
        let last = last.unwrap_or_default().to_lowercase();
        let mid_word = doc
            .text
            .get(q.span.end..)
            .and_then(|rest| rest.chars().next())
            .is_some_and(char::is_alphanumeric);
        let open_end = mid_word || OPEN_ENDINGS.contains(&last.as_str());
        let crosses = out
            .cues
            .iter()
            .chain(&out.mentions)
            .any(|r| r.start >= q.tokens.end && r.start < end_tok);
        if (stops_short || open_end) && !crosses {
            q.tokens = q.tokens.start..end_tok;
            q.span = Span::new(q.span.start, clause_end);
        }
    }
    out.quotes = merged;
}

/// `span` without surrounding white space.
pub fn trim(text: &str, span: Span) -> Span {
    let s = span.text(text);
    let lead = s.len() - s.trim_start().len();
    let t = s.trim();
    Span::new(span.start + lead, span.start + lead + t.len())
}

#[cfg(test)]
mod tests {
    use super::CueWords;

    #[test]
    fn cue_words_ignore_case() {
        let words = CueWords::new(["said", "Told", "ΛΈΓΕΙ"]);
        for w in ["said", "SAID", "Said", "told", "TOLD", "λέγει", "ΛΈΓΕΙ"] {
            assert!(words.contains(w), "{w}");
        }
        for w in ["", "sai", "saying", "ǅsaid"] {
            assert!(!words.contains(w), "{w}");
        }
    }
}
