//! Span decoding on hand-set tag probabilities (tiny tokenizer, no model):
//! how indirect quotations are tidied into whole reported clauses.

mod common;

use ndarray::Array2;
use whosaid::decode::spans::decode_spans;
use whosaid::decode::tags::{NUM_TAGS, TAGS};
use whosaid::text::Document;
use whosaid::QuoteKind;

fn tag(name: &str) -> usize {
    TAGS.iter().position(|&t| t == name).unwrap()
}

/// Log-probabilities that make the tagger certain of `spans` (byte ranges of
/// `text` with a span kind: "INDIRECT", "MENTION" or "CUE"), "O" elsewhere.
fn log_probs(doc: &Document, spans: &[(&str, &str)]) -> Array2<f32> {
    let n = doc.tokens.len();
    let mut lp = Array2::<f32>::from_elem((n, NUM_TAGS), -12.0);
    let mut tags = vec![tag("O"); n];
    for &(words, kind) in spans {
        let start = doc.text.find(words).expect("span text in the document");
        let toks = doc
            .tokens
            .tokens_in(whosaid::Span::new(start, start + words.len()));
        for (k, i) in toks.enumerate() {
            tags[i] = tag(&format!("{}-{kind}", if k == 0 { "B" } else { "I" }));
        }
    }
    for (i, &t) in tags.iter().enumerate() {
        lp[[i, t]] = 0.0;
    }
    lp
}

fn indirect_quotes(text: &str, spans: &[(&str, &str)]) -> Vec<String> {
    let encoder = common::tiny_encoder();
    let doc = Document::new(text, &encoder).unwrap();
    let lp = log_probs(&doc, spans);
    decode_spans(&doc, lp.view(), whosaid::api::speech_verbs())
        .quotes
        .iter()
        .filter(|q| q.kind == QuoteKind::Indirect)
        .map(|q| q.span.text(text).to_string())
        .collect()
}

#[test]
fn indirect_quote_cut_on_an_open_word_runs_to_its_clause_end() {
    let text = "The minister added that the firm had done well this year, but it \
                definitely helped that prices rose sharply in the spring. Nobody else spoke.";
    let got = indirect_quotes(
        text,
        &[
            ("The minister", "MENTION"),
            ("added", "CUE"),
            ("the firm had done well this year, but it", "INDIRECT"),
        ],
    );
    assert_eq!(
        got,
        vec!["the firm had done well this year, but it definitely helped that prices rose sharply in the spring"]
    );
}

#[test]
fn indirect_quote_ending_on_a_content_word_keeps_its_end() {
    // The tagger stopped at a clause boundary ("…this year, but…"): kept.
    let text = "The minister added that the firm had done well this year, but prices \
                rose sharply in the spring and the summer. Nobody else spoke.";
    let got = indirect_quotes(
        text,
        &[
            ("The minister", "MENTION"),
            ("added", "CUE"),
            ("the firm had done well this year", "INDIRECT"),
        ],
    );
    assert_eq!(got, vec!["the firm had done well this year"]);
}

#[test]
fn open_ended_indirect_quote_does_not_run_over_a_later_cue() {
    // "…, he said" after the clause: the quotation may not swallow its own cue.
    let text = "Prices will fall and it is good, he said today.";
    let got = indirect_quotes(
        text,
        &[
            ("Prices will fall and it", "INDIRECT"),
            ("he", "MENTION"),
            ("said", "CUE"),
        ],
    );
    assert_eq!(got, vec!["Prices will fall and it"]);
}
