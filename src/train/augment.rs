//! Typography augmentation: the same document with its quotation marks
//! re-typeset (curly, guillemets, single, German), offsets remapped, so the
//! model does not learn one typography.

use crate::corpus::{GoldDoc, GoldQuote};
use crate::text::marks::{quoted_regions, MarkFamily};
use crate::text::segment::paragraphs;
use crate::Span;

/// A quotation-mark style to re-typeset double-quoted regions in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MarkStyle {
    /// “…”
    Curly,
    /// «…»
    Guillemets,
    /// '…'
    StraightSingle,
    /// ‘…’
    CurlySingle,
    /// „…“
    German,
    /// "…" (straight double)
    Straight,
}

impl MarkStyle {
    /// All styles.
    pub const ALL: [MarkStyle; 6] = [
        MarkStyle::Curly,
        MarkStyle::Guillemets,
        MarkStyle::StraightSingle,
        MarkStyle::CurlySingle,
        MarkStyle::German,
        MarkStyle::Straight,
    ];

    fn marks(self) -> (&'static str, &'static str) {
        match self {
            MarkStyle::Curly => ("\u{201c}", "\u{201d}"),
            MarkStyle::Guillemets => ("\u{ab}", "\u{bb}"),
            MarkStyle::StraightSingle => ("'", "'"),
            MarkStyle::CurlySingle => ("\u{2018}", "\u{2019}"),
            MarkStyle::German => ("\u{201e}", "\u{201c}"),
            MarkStyle::Straight => ("\"", "\""),
        }
    }
}

/// Re-typesets the double-quoted regions of `doc` in `style`, keeping every
/// annotated span on the same words.
pub fn restyle(doc: &GoldDoc, style: MarkStyle) -> GoldDoc {
    let (open, close) = style.marks();
    let pars = paragraphs(&doc.text);
    let mut edits: Vec<(Span, &str)> = Vec::new();
    for r in quoted_regions(&doc.text, &pars) {
        if r.family != MarkFamily::Double {
            continue;
        }
        edits.push((r.open, open));
        if let Some(c) = r.close {
            edits.push((c, close));
        }
    }
    edits.sort_by_key(|e| e.0.start);
    let mut text = String::with_capacity(doc.text.len() + edits.len() * 2);
    let mut last = 0;
    // (old end, cumulative shift after this edit)
    let mut shifts: Vec<(usize, isize)> = Vec::with_capacity(edits.len());
    let mut shift = 0isize;
    for (span, rep) in &edits {
        if span.start < last {
            continue;
        }
        text.push_str(&doc.text[last..span.start]);
        text.push_str(rep);
        last = span.end;
        shift += rep.len() as isize - span.len() as isize;
        shifts.push((span.end, shift));
    }
    text.push_str(&doc.text[last..]);
    let map = |p: usize| -> usize {
        let k = shifts.partition_point(|&(end, _)| end <= p);
        let s = if k == 0 { 0 } else { shifts[k - 1].1 };
        (p as isize + s) as usize
    };
    let map_span = |s: Span| Span::new(map(s.start), map(s.end));
    let quotes = doc
        .quotes
        .iter()
        .map(|q| GoldQuote {
            span: map_span(q.span),
            mention: q.mention.map(map_span),
            cue: q.cue.map(map_span),
            ..q.clone()
        })
        .collect();
    GoldDoc {
        id: format!("{}#{:?}", doc.id, style),
        text,
        quotes,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::QuoteKind;

    #[test]
    fn spans_follow_their_words() {
        let text = "Intro.\n\n\"Café prices will rise,\" said Zoë Ng. \"We cannot wait.\"";
        let find = |s: &str| {
            let i = text.find(s).unwrap();
            Span::new(i, i + s.len())
        };
        let q = |s: &str| GoldQuote {
            span: find(s),
            kind: QuoteKind::Direct,
            label: "direct".into(),
            speaker: Some("Zoë Ng".into()),
            speaker_aliases: vec![],
            mention: Some(find("Zoë Ng")),
            cue: Some(find("said")),
            addressees: vec![],
            quote_id: None,
        };
        let doc = GoldDoc {
            id: "t".into(),
            text: text.into(),
            quotes: vec![q("Café prices will rise,"), q("We cannot wait.")],
        };
        for style in MarkStyle::ALL {
            let out = restyle(&doc, style);
            assert_eq!(out.quotes[0].span.text(&out.text), "Café prices will rise,");
            assert_eq!(out.quotes[1].span.text(&out.text), "We cannot wait.");
            assert_eq!(out.quotes[0].mention.unwrap().text(&out.text), "Zoë Ng");
            assert_eq!(out.quotes[1].cue.unwrap().text(&out.text), "said");
        }
    }
}
