//! Front-end tests with the tiny tokenizer: token byte spans, token lookup,
//! windows and shape features, on `Document` and `TextEncoder`.

mod common;

use whosaid::text::features::{FEATURE_NAMES, NUM_FEATURES};
use whosaid::text::{Document, TextEncoder};
use whosaid::Span;

const ARTICLE: &str = "Zoë Müller told reporters on Monday: “Prices will fall — again!” 😀\n\n\
Ça va? The café’s owner said «never», and „Mr Smith“ added: \"We will not give up.\"\n\n\
日本 prices rose 10% in Paris… “She is très good,” said Dr Jones.";

const TEXTS: [&str; 7] = [
    ARTICLE,
    "",
    "   \n\n  \t ",
    "\"Prices will fall,\" the minister said.",
    "He said: “this quote never closes\n\nand the next paragraph is plain.",
    "naïve façade coöperate Ångström ÉCOLE straße ﬁnance",
    "emoji🙂inside words, 👍🏽 and ZWJ 👩‍👩‍👧 families; tabs\tand\r\nCRLF lines",
];

fn capitalised_col() -> usize {
    FEATURE_NAMES
        .iter()
        .position(|&n| n == "capitalised")
        .unwrap()
}

fn inside_col() -> usize {
    FEATURE_NAMES
        .iter()
        .position(|&n| n == "inside_quotes")
        .unwrap()
}

/// Lower case without accents, the way the BERT normaliser sees a word.
fn fold(s: &str) -> String {
    s.to_lowercase()
        .chars()
        .map(|c| match c {
            'à' | 'á' | 'â' | 'ä' | 'å' => 'a',
            'ç' => 'c',
            'è' | 'é' | 'ê' | 'ë' => 'e',
            'ì' | 'í' | 'î' | 'ï' => 'i',
            'ñ' => 'n',
            'ò' | 'ó' | 'ô' | 'ö' => 'o',
            'ù' | 'ú' | 'û' | 'ü' => 'u',
            c => c,
        })
        .collect()
}

#[test]
fn token_spans_are_on_char_boundaries_and_match_the_source() {
    let tokenizer = common::tiny_tokenizer();
    let encoder = TextEncoder::new(tokenizer.clone()).unwrap();
    for text in TEXTS {
        let doc = Document::new(text, &encoder).unwrap();
        let t = &doc.tokens;
        assert_eq!(t.ids.len(), t.spans.len());
        assert_eq!(t.ids.len(), t.continuation.len());
        let mut prev_end = 0;
        for i in 0..t.len() {
            let s = t.spans[i];
            assert!(s.start < s.end, "{text:?}: empty token {i} {s:?}");
            assert!(
                s.start >= prev_end,
                "{text:?}: token {i} {s:?} overlaps the previous one"
            );
            prev_end = s.end;
            let piece = text
                .get(s.start..s.end)
                .unwrap_or_else(|| panic!("{text:?}: token {i} {s:?} is not on char boundaries"));
            assert!(
                !piece.trim().is_empty(),
                "{text:?}: token {i} is white space"
            );
            let tok = tokenizer.id_to_token(t.ids[i]).expect("id in vocabulary");
            assert_eq!(
                t.continuation[i],
                tok.starts_with("##"),
                "{text:?}: token {i} {tok:?}"
            );
            if tok == "[UNK]" {
                continue;
            }
            let bare = tok.trim_start_matches("##");
            if piece.is_ascii() {
                assert_eq!(piece.to_lowercase(), bare, "{text:?}: token {i}");
            } else {
                assert_eq!(fold(piece), bare, "{text:?}: token {i} covers {piece:?}");
            }
        }
        // No word character of the text is left out of the tokens.
        let mut covered = vec![false; text.len()];
        for s in &t.spans {
            covered[s.start..s.end].iter_mut().for_each(|c| *c = true);
        }
        for (at, c) in text.char_indices() {
            if c.is_alphanumeric() {
                assert!(covered[at], "{text:?}: {c:?} at byte {at} is in no token");
            }
        }
    }
}

#[test]
fn specific_pieces_of_the_article() {
    let encoder = common::tiny_encoder();
    let doc = Document::new(ARTICLE, &encoder).unwrap();
    let pieces: Vec<&str> = doc.tokens.spans.iter().map(|s| s.text(ARTICLE)).collect();
    for expected in ["Zoë", "“", "”", "«", "»", "„", "“", "café", "’", "…", "—"] {
        assert!(
            pieces.contains(&expected),
            "{expected:?} is not a token of {pieces:?}"
        );
    }
    // Ü is folded: "Müller" is one known word.
    assert!(pieces.contains(&"Müller"), "{pieces:?}");
}

#[test]
fn token_lookup_is_consistent() {
    let encoder = common::tiny_encoder();
    for text in TEXTS {
        let doc = Document::new(text, &encoder).unwrap();
        let t = &doc.tokens;
        let n = t.len();
        assert_eq!(t.token_at_or_after(text.len()), n);
        assert_eq!(t.token_at_or_after(usize::MAX), n);
        if n == 0 {
            assert!(t.tokens_in(Span::new(0, text.len())).is_empty());
            assert_eq!(t.byte_span(0..0), None);
            continue;
        }
        assert_eq!(t.token_at_or_after(0), 0);
        assert_eq!(t.tokens_in(Span::new(0, text.len())), 0..n);
        for i in 0..n {
            let s = t.spans[i];
            assert_eq!(t.token_at_or_after(s.start), i);
            assert_eq!(t.token_at_or_after(s.end - 1), i);
            assert_eq!(t.tokens_in(s), i..i + 1);
            assert_eq!(t.byte_span(i..i + 1), Some(s));
        }
        // Every byte: the token at or after it holds it or starts after it.
        for pos in 0..=text.len() {
            let i = t.token_at_or_after(pos);
            if i < n {
                assert!(t.spans[i].end > pos);
                assert!(i == 0 || t.spans[i - 1].end <= pos);
            } else {
                assert!(t.spans[n - 1].end <= pos);
            }
        }
        // Ranges of tokens round-trip through their byte spans.
        for a in 0..n {
            for b in (a + 1..=n).step_by(3) {
                let span = t.byte_span(a..b).unwrap();
                assert_eq!(t.tokens_in(span), a..b, "{text:?}: {a}..{b} -> {span:?}");
            }
        }
        assert_eq!(t.byte_span(1..1), None);
        assert_eq!(t.byte_span(0..n + 1), None);
        // An empty span holds no tokens.
        let mid = t.spans[n / 2].start;
        assert!(t.tokens_in(Span::new(mid, mid)).is_empty());
    }
}

#[test]
fn windows_own_every_token_exactly_once() {
    let encoder = common::tiny_encoder();
    let long: String = (0..60)
        .map(|i| format!("Paragraph {i}: “We will never give up,” said Mr Smith. The minister added that prices will fall."))
        .collect::<Vec<_>>()
        .join("\n\n");
    let mut texts: Vec<&str> = TEXTS.to_vec();
    texts.push(&long);
    for text in texts {
        let doc = Document::new(text, &encoder).unwrap();
        let n = doc.tokens.len();
        for (max, overlap) in [
            (16, 0),
            (16, 7),
            (20, 3),
            (30, 8),
            (62, 30),
            (62, 64),
            (254, 64),
            (1, 0),
            (2, 1),
        ] {
            let overlap = whosaid::text::Overlap {
                general: overlap,
                before_turn: overlap / 2,
            };
            let windows = doc.windows(max, overlap);
            if n == 0 {
                assert!(windows.is_empty());
                continue;
            }
            let mut owned = vec![0u32; n];
            let mut next_own = 0;
            for w in &windows {
                assert!(!w.is_empty() && w.len() <= max, "{w:?} with max {max}");
                assert!(
                    w.start <= w.own_start && w.own_start <= w.own_end && w.own_end <= w.end,
                    "{w:?}"
                );
                assert_eq!(
                    w.own_start, next_own,
                    "ownership is contiguous and in order"
                );
                next_own = w.own_end;
                for o in &mut owned[w.own_start..w.own_end] {
                    *o += 1;
                }
            }
            assert_eq!(next_own, n);
            assert!(
                owned.iter().all(|&c| c == 1),
                "max {max}, overlap {overlap:?}: {owned:?}"
            );
            assert_eq!(windows[0].start, 0);
            assert_eq!(windows.last().unwrap().end, n);
        }
    }
}

#[test]
fn a_paragraph_opening_with_a_quotation_mark_is_a_turn_boundary() {
    use whosaid::text::Boundary;
    let encoder = common::tiny_encoder();
    let text = "The room was quiet.\n\n  \u{201c}Sit down,\u{201d} she said.\n\nHe sat. \"Thanks.\"\n\n\"Well?\"";
    let doc = Document::new(text, &encoder).unwrap();
    let b = doc.boundaries();
    let at = |needle: &str| {
        let byte = text.find(needle).unwrap();
        b[doc.tokens.token_at_or_after(byte)]
    };
    assert_eq!(at("The room"), Boundary::Paragraph);
    assert_eq!(
        at("\u{201c}Sit"),
        Boundary::Turn,
        "leading spaces before the mark"
    );
    assert_eq!(
        at("He sat"),
        Boundary::Paragraph,
        "a quotation later in the paragraph"
    );
    assert_eq!(at("\"Well"), Boundary::Turn);
    assert_eq!(at("she said"), Boundary::None);
}

#[test]
fn features_have_one_row_per_token() {
    let encoder = common::tiny_encoder();
    for text in TEXTS {
        let doc = Document::new(text, &encoder).unwrap();
        assert_eq!(doc.features.dim(), (doc.tokens.len(), NUM_FEATURES));
        assert!(doc.features.iter().all(|&v| v == 0.0 || v == 1.0));
        assert_eq!(doc.token_paragraph.len(), doc.tokens.len());
        assert!(doc.token_paragraph.windows(2).all(|w| w[0] <= w[1]));
    }
}

#[test]
fn capitalised_and_inside_quotes_features() {
    let encoder = common::tiny_encoder();
    let text = "Zoë Müller said: “prices will fall again” and then the minister left.";
    let doc = Document::new(text, &encoder).unwrap();
    let (cap, inside) = (capitalised_col(), inside_col());
    let f = &doc.features;
    let at = |needle: &str| {
        let start = text.find(needle).unwrap();
        doc.tokens.tokens_in(Span::new(start, start + needle.len()))
    };
    for word in ["Zoë", "Müller"] {
        let toks = at(word);
        assert!(!toks.is_empty());
        for i in toks {
            assert_eq!(f[[i, cap]], 1.0, "{word} is capitalised");
            assert_eq!(f[[i, inside]], 0.0, "{word} is outside the quotes");
        }
    }
    for word in ["said", "minister", "left"] {
        for i in at(word) {
            assert_eq!(f[[i, cap]], 0.0, "{word} is not capitalised");
            assert_eq!(f[[i, inside]], 0.0, "{word} is outside the quotes");
        }
    }
    let quoted = at("prices will fall again");
    assert_eq!(quoted.len(), 4);
    for i in quoted.clone() {
        assert_eq!(f[[i, inside]], 1.0, "token {i} lies between the marks");
        assert_eq!(f[[i, cap]], 0.0);
    }
    let inside_count = f.column(inside).iter().filter(|&&v| v == 1.0).count();
    assert_eq!(
        inside_count,
        quoted.len(),
        "only the quoted words are inside quotes"
    );
    // The marks themselves are the open and close features.
    let open = FEATURE_NAMES
        .iter()
        .position(|&n| n == "quote_open")
        .unwrap();
    let close = FEATURE_NAMES
        .iter()
        .position(|&n| n == "quote_close")
        .unwrap();
    assert_eq!(f[[quoted.start - 1, open]], 1.0);
    assert_eq!(f[[quoted.end, close]], 1.0);
    assert_eq!(doc.regions.len(), 1);
    assert_eq!(
        doc.regions[0].content.text(text).trim(),
        "prices will fall again"
    );
}

#[test]
fn unclosed_quote_is_marked() {
    let encoder = common::tiny_encoder();
    let text = "He said: “this quote never closes and goes on";
    let doc = Document::new(text, &encoder).unwrap();
    let unclosed = FEATURE_NAMES
        .iter()
        .position(|&n| n == "unclosed_region")
        .unwrap();
    let i = doc.tokens.token_at_or_after(text.find("never").unwrap());
    assert_eq!(doc.regions.len(), 1);
    assert!(doc.regions[0].close.is_none());
    assert_eq!(doc.features[[i, unclosed]], 1.0);
    assert_eq!(doc.features[[i, inside_col()]], 1.0);
    // A closed quotation sets no unclosed feature.
    let closed = Document::new("He said: “this one closes” and goes on", &encoder).unwrap();
    assert!(closed.features.column(unclosed).iter().all(|&v| v == 0.0));
}
