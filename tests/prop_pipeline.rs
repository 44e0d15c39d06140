//! Property tests of the whole pipeline with the tiny random model (see
//! `tests/common`) on hostile text (see `tests/hostile`): no panic; every
//! quotation, mention and cue inside the text on char boundaries; quotations
//! sorted and non-overlapping; every speaker id an index into the speakers;
//! the JSON agrees with the spans; the same output twice; a batch equal to
//! single calls (confidences to 1e-4). The window is short (30 word pieces) and no quotation is
//! dropped for low confidence, so the random model finds many.

mod common;
mod hostile;

use common::TinyModelDir;
use hostile::{config, hostile_text, hostile_texts, on_boundaries};
use proptest::prelude::*;
use proptest::test_runner::TestRunner;
use whosaid::{Attribution, Attributor};

fn attributor(dir: &TinyModelDir, batch: usize) -> Attributor {
    common::tiny_builder(dir)
        .batch_size(batch)
        .threads(1)
        .build()
        .expect("tiny model loads")
}

/// Everything that must hold for any attribution of `text`.
fn check(text: &str, found: &Attribution) -> Result<(), TestCaseError> {
    for q in &found.quotes {
        on_boundaries(text, q.span.start, q.span.end)?;
        prop_assert!(!q.span.is_empty(), "empty quotation {q:?}");
        prop_assert!((0.0..=1.0).contains(&q.confidence), "{q:?}");
        for s in q.mention.iter().chain(&q.cue) {
            on_boundaries(text, s.start, s.end)?;
        }
        if let Some(id) = q.speaker {
            prop_assert!(
                id.0 < found.speakers.len(),
                "speaker {id:?} of {} speakers",
                found.speakers.len()
            );
        }
    }
    for w in found.quotes.windows(2) {
        prop_assert!(
            w[0].span.end <= w[1].span.start,
            "quotations overlap or are out of order: {:?} then {:?}",
            w[0].span,
            w[1].span
        );
    }
    for (k, sp) in found.speakers.iter().enumerate() {
        prop_assert_eq!(sp.id.0, k, "speaker ids are their indices");
        let count = found
            .quotes
            .iter()
            .filter(|q| q.speaker == Some(sp.id))
            .count();
        prop_assert_eq!(sp.quote_count, count, "speaker {} quote count", k);
        for m in &sp.mentions {
            on_boundaries(text, m.start, m.end)?;
        }
    }
    let json = serde_json::to_value(found.to_json(text)).expect("serializes");
    let quotes = json["quotes"].as_array().expect("quotes array");
    prop_assert_eq!(quotes.len(), found.quotes.len());
    for (v, q) in quotes.iter().zip(&found.quotes) {
        prop_assert_eq!(v["text"].as_str(), Some(&text[q.span.start..q.span.end]));
    }
    Ok(())
}

#[test]
fn any_text_gives_a_valid_repeatable_attribution() {
    let dir = TinyModelDir::new();
    let a = attributor(&dir, 4);
    let quotes = std::cell::Cell::new(0usize);
    let mut runner = TestRunner::new(config(96));
    runner
        .run(&hostile_text(), |text| {
            let found = a.attribute(&text).expect("attribution never fails on text");
            check(&text, &found)?;
            quotes.set(quotes.get() + found.quotes.len());
            let again = a.attribute(&text).expect("again");
            prop_assert_eq!(&again, &found, "same output twice");
            Ok(())
        })
        .unwrap_or_else(|e| panic!("{e}"));
    eprintln!("checked {} quotations", quotes.get());
    assert!(
        quotes.get() > 0,
        "the random model found quotations to check"
    );
}

/// Equal but for the last bits of the confidences: a batch pads windows to
/// the longest, and libtorch's kernels for other shapes round differently.
fn same_up_to_rounding(
    got: &Attribution,
    want: &Attribution,
    k: usize,
) -> Result<(), TestCaseError> {
    let strip = |a: &Attribution| {
        let mut a = a.clone();
        a.quotes.iter_mut().for_each(|q| q.confidence = 0.0);
        a
    };
    prop_assert_eq!(strip(got), strip(want), "text {} of the batch", k);
    for (g, w) in got.quotes.iter().zip(&want.quotes) {
        prop_assert!(
            (g.confidence - w.confidence).abs() <= 1e-4,
            "text {k}: confidence {} in the batch, {} alone",
            g.confidence,
            w.confidence
        );
    }
    Ok(())
}

#[test]
fn a_batch_equals_single_calls() {
    let dir = TinyModelDir::new();
    let single = attributor(&dir, 1);
    let batched = attributor(&dir, 8);
    let mut runner = TestRunner::new(config(48));
    runner
        .run(&hostile_texts(4), |texts| {
            let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
            let all = batched.attribute_batch(&refs).expect("batch");
            prop_assert_eq!(all.len(), texts.len());
            for (k, (text, got)) in texts.iter().zip(&all).enumerate() {
                let want = single.attribute(text).expect("single");
                check(text, got)?;
                same_up_to_rounding(got, &want, k)?;
            }
            Ok(())
        })
        .unwrap_or_else(|e| panic!("{e}"));
}
