//! The paths taken for speed and memory give the answers of the plain ones:
//! the bf16 encoder finds what the f32 one finds, and a text longer than one
//! section (read, scored and decoded a section at a time) is attributed as
//! its parts are.

mod common;

use whosaid::text::section::SECTION_BYTES;
use whosaid::{Attribution, Attributor, Precision};

/// A short story written for these tests: narration, dialogue, news-style
/// reported speech.
const STORY: &str =
    "Margaret Holloway closed the ledger. “We cannot pay them this month,” she said.\n\n\
“Then we tell them the truth,” Arthur replied. He stood by the window.\n\n\
The treasurer, Mr Daniel Price, told reporters that the accounts would be published in March.\n\n\
“I will not sign it,” said Price. “Not until the auditors have seen every page.”\n\n\
Margaret shook her head. “Arthur, fetch the auditors.”";

fn spans_and_speakers(found: &Attribution) -> Vec<(usize, usize, Option<String>)> {
    found
        .quotes
        .iter()
        .map(|q| {
            (
                q.span.start,
                q.span.end,
                found.speaker_of(q).map(|s| s.name.clone()),
            )
        })
        .collect()
}

#[test]
fn bf16_and_f32_find_the_same_quotations_and_speakers() {
    let load = |p| Attributor::builder().precision(p).build().unwrap();
    let f32 = load(Precision::F32);
    assert_eq!(f32.model().precision(), Precision::F32);
    let bf16 = load(Precision::Bf16);
    assert_eq!(bf16.model().precision(), Precision::Bf16);
    let a = f32.attribute(STORY).unwrap();
    let b = bf16.attribute(STORY).unwrap();
    assert!(a.quotes.len() >= 5, "{:#?}", a.quotes);
    assert_eq!(spans_and_speakers(&a), spans_and_speakers(&b));
    for (x, y) in a.quotes.iter().zip(&b.quotes) {
        assert!(
            (x.confidence - y.confidence).abs() < 0.05,
            "{} vs {}",
            x.confidence,
            y.confidence
        );
    }
}

#[test]
fn auto_precision_is_bf16_exactly_where_the_cpu_has_it() {
    let a = common::shipped_attributor();
    let want = if whosaid::model::precision::cpu_has_bf16() {
        Precision::Bf16
    } else {
        Precision::F32
    };
    assert_eq!(a.model().precision(), want);
}

#[test]
fn a_text_of_many_sections_is_attributed_as_its_parts() {
    let a = common::shipped_attributor();
    let one = spans_and_speakers(&a.attribute(STORY).unwrap());
    // Copies a blank line apart, over three sections' worth of text.
    let copies = 3 * SECTION_BYTES / STORY.len() + 1;
    let text = vec![STORY; copies].join("\n\n");
    let found = a.attribute(&text).unwrap();
    let all = spans_and_speakers(&found);
    for w in found.quotes.windows(2) {
        assert!(w[0].span.end <= w[1].span.start, "sorted, not overlapping");
    }
    // Every copy, whichever section it falls in, holds the quotations of
    // the story alone at its own offsets. (Repeated context makes the model
    // drop the story's one indirect quotation in some copies, so one may be
    // missing; none may be added or moved.)
    let stride = STORY.len() + 2;
    let want: Vec<(usize, usize)> = one.iter().map(|(s, e, _)| (*s, *e)).collect();
    for k in 0..copies {
        let lo = k * stride;
        let got: Vec<(usize, usize)> = all
            .iter()
            .filter(|(s, _, _)| (lo..lo + STORY.len()).contains(s))
            .map(|(s, e, _)| (s - lo, e - lo))
            .collect();
        assert!(
            got.iter().all(|g| want.contains(g)) && got.len() + 1 >= want.len(),
            "copy {k} of {copies}: {got:?}, the story alone: {want:?}"
        );
    }
    let named = found
        .quotes
        .iter()
        .filter(|q| found.speaker_of(q).is_some())
        .count();
    assert!(
        named * 10 >= found.quotes.len() * 9,
        "{named} of {} named",
        found.quotes.len()
    );
}
