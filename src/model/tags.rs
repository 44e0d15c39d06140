//! The BIO tag set the tagger head predicts: quotations of three kinds,
//! speaker mentions and cues.

use std::ops::Range;

use crate::QuoteKind;

/// Tag names, in logit order.
pub const TAGS: [&str; 11] = [
    "O",
    "B-DIRECT",
    "I-DIRECT",
    "B-MIXED",
    "I-MIXED",
    "B-INDIRECT",
    "I-INDIRECT",
    "B-MENTION",
    "I-MENTION",
    "B-CUE",
    "I-CUE",
];

/// Number of tags.
pub const NUM_TAGS: usize = TAGS.len();

/// What a tagged span is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SpanKind {
    /// Quotation content of a kind.
    Quote(QuoteKind),
    /// A speaker mention.
    Mention,
    /// A speech verb or phrase.
    Cue,
}

impl SpanKind {
    /// Index of this kind's B- tag.
    pub(crate) fn begin_tag(self) -> usize {
        match self {
            SpanKind::Quote(QuoteKind::Direct) => 1,
            SpanKind::Quote(QuoteKind::Mixed) => 3,
            SpanKind::Quote(QuoteKind::Indirect) => 5,
            SpanKind::Mention => 7,
            SpanKind::Cue => 9,
        }
    }

    /// The kind a B- or I- tag belongs to; `None` for `O`.
    pub(crate) fn of_tag(tag: usize) -> Option<SpanKind> {
        Some(match tag {
            1 | 2 => SpanKind::Quote(QuoteKind::Direct),
            3 | 4 => SpanKind::Quote(QuoteKind::Mixed),
            5 | 6 => SpanKind::Quote(QuoteKind::Indirect),
            7 | 8 => SpanKind::Mention,
            9 | 10 => SpanKind::Cue,
            _ => return None,
        })
    }
}

/// True for I- tags.
pub fn is_inside(tag: usize) -> bool {
    tag != 0 && tag % 2 == 0
}

/// Tag ids for `n` tokens with the given token-range spans (later spans win on overlap).
pub fn bio_labels(n: usize, spans: &[(Range<usize>, SpanKind)]) -> Vec<i64> {
    let mut out = vec![0i64; n];
    for (r, kind) in spans {
        let b = kind.begin_tag() as i64;
        for i in r.clone().filter(|&i| i < n) {
            out[i] = if i == r.start { b } else { b + 1 };
        }
    }
    out
}
