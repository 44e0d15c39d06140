//! Property tests of the front-end (`src/text`) on hostile text (see
//! `tests/hostile`): no panic, every span inside the text on char
//! boundaries, sorted and non-overlapping where the type promises it, every
//! token owned by exactly one window, and the same result twice.

mod common;
mod hostile;

use hostile::{config, hostile_text, on_boundaries};
use proptest::prelude::*;
use whosaid::text::marks::{classify, find_marks, quoted_regions};
use whosaid::text::segment::{paragraphs, sentences};
use whosaid::text::Document;
use whosaid::Span;

fn sorted_disjoint(what: &str, spans: &[Span]) -> Result<(), TestCaseError> {
    for w in spans.windows(2) {
        prop_assert!(
            w[0].end <= w[1].start,
            "{what} overlap or are out of order: {:?} then {:?}",
            w[0],
            w[1]
        );
    }
    Ok(())
}

proptest! {
    #![proptest_config(config(256))]

    #[test]
    fn paragraphs_and_sentences_tile_the_text(text in hostile_text()) {
        let paras = paragraphs(&text);
        for p in &paras {
            on_boundaries(&text, p.start, p.end)?;
            prop_assert!(!p.is_empty(), "empty paragraph {p:?}");
            let sents = sentences(&text, *p);
            for s in &sents {
                on_boundaries(&text, s.start, s.end)?;
                prop_assert!(p.contains(s), "sentence {s:?} outside paragraph {p:?}");
            }
            sorted_disjoint("sentences", &sents)?;
        }
        sorted_disjoint("paragraphs", &paras)?;
    }

    #[test]
    fn marks_are_what_they_say(text in hostile_text()) {
        let marks = find_marks(&text);
        for m in &marks {
            on_boundaries(&text, m.span.start, m.span.end)?;
            prop_assert_eq!(m.span.text(&text), m.ch.to_string());
            prop_assert_eq!(classify(m.ch), Some((m.family, m.role)));
        }
        let spans: Vec<Span> = marks.iter().map(|m| m.span).collect();
        sorted_disjoint("marks", &spans)?;
    }

    #[test]
    fn quoted_regions_lie_between_their_marks_in_one_paragraph(text in hostile_text()) {
        let paras = paragraphs(&text);
        let regions = quoted_regions(&text, &paras);
        let mut whole = Vec::new();
        for r in &regions {
            on_boundaries(&text, r.open.start, r.open.end)?;
            on_boundaries(&text, r.content.start, r.content.end)?;
            prop_assert!(r.open.end <= r.content.start, "{r:?}");
            let end = match r.close {
                Some(c) => {
                    on_boundaries(&text, c.start, c.end)?;
                    prop_assert!(r.content.end <= c.start, "{r:?}");
                    c.end
                }
                None => r.content.end,
            };
            let all = Span::new(r.open.start, end);
            prop_assert!(paras.iter().any(|p| p.contains(&all)), "{r:?} crosses paragraphs");
            whole.push(all);
        }
        sorted_disjoint("quoted regions", &whole)?;
    }

    #[test]
    fn quoted_regions_take_any_paragraph_spans(
        text in hostile_text(),
        spans in prop::collection::vec((0..400usize, 0..400usize), 0..8),
    ) {
        // Spans out of range, reversed, overlapping or inside a character.
        let paras: Vec<Span> = spans.iter().map(|&(a, b)| Span::new(a, b)).collect();
        for r in quoted_regions(&text, &paras) {
            on_boundaries(&text, r.open.start, r.open.end)?;
            on_boundaries(&text, r.content.start, r.content.end)?;
        }
    }

    #[test]
    fn documents_are_well_formed_and_repeatable(text in hostile_text()) {
        let encoder = common::tiny_encoder();
        let doc = Document::new(&text, &encoder).expect("any text is a document");
        let n = doc.tokens.len();
        prop_assert_eq!(doc.tokens.spans.len(), n);
        prop_assert_eq!(doc.tokens.continuation.len(), n);
        prop_assert_eq!(doc.token_paragraph.len(), n);
        prop_assert_eq!(doc.features.nrows(), n);
        prop_assert!(doc.features.iter().all(|v| v.is_finite()));
        for s in &doc.tokens.spans {
            on_boundaries(&text, s.start, s.end)?;
            prop_assert!(!s.is_empty(), "empty token {s:?}");
        }
        sorted_disjoint("tokens", &doc.tokens.spans)?;
        for (&p, s) in doc.token_paragraph.iter().zip(&doc.tokens.spans) {
            let para = doc.paragraphs.get(p as usize);
            prop_assert!(para.is_some_and(|q| q.contains(s)), "token {s:?} not in paragraph {p}");
        }
        // Every token is owned by exactly one window, in order.
        let overlap = whosaid::text::Overlap { general: 8, before_turn: 0 };
        let windows = doc.windows(30, overlap);
        let mut next = 0;
        for w in &windows {
            prop_assert!(w.len() <= 30 && !w.is_empty(), "{w:?}");
            prop_assert!(w.start <= w.own_start && w.own_end <= w.end, "{w:?}");
            prop_assert_eq!(w.own_start, next, "ownership gap or overlap at {:?}", w);
            next = w.own_end;
        }
        prop_assert_eq!(next, n, "tokens owned");
        let again = Document::new(&text, &encoder).expect("again");
        prop_assert_eq!(&again.paragraphs, &doc.paragraphs);
        prop_assert_eq!(&again.regions, &doc.regions);
        prop_assert_eq!(&again.tokens, &doc.tokens);
        prop_assert_eq!(&again.features, &doc.features);
    }
}
