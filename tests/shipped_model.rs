//! The shipped model on text written for these tests: quotations found with
//! the right kind and span, and speakers resolved to names.

mod common;

use common::{shipped_attributor as attributor, speaker_of};

use whosaid::{Attributor, QuoteKind};

const TEXT: &str = include_str!("fixtures/two_speakers.txt");

#[test]
fn direct_quotes_have_exact_spans() {
    let att = attributor().attribute(TEXT).unwrap();
    for words in [
        "Pressure has never worked with us and it will not work now,",
        "We are ready to listen,",
        "But we will not be dictated to.",
        "It was a deliberate provocation,",
        "Nobody gains from escalation,",
    ] {
        let q = att
            .quotes
            .iter()
            .find(|q| q.span.text(TEXT) == words)
            .unwrap_or_else(|| panic!("{words:?} not found exactly"));
        assert_eq!(q.kind, QuoteKind::Direct, "{words:?}");
        assert!(q.confidence > 0.5 && q.confidence <= 1.0);
    }
}

#[test]
fn one_person_under_many_names() {
    let att = attributor().attribute(TEXT).unwrap();
    // Title + surname, pronoun, pronoun follow-on, description.
    for words in [
        "Pressure has never",
        "ready to listen",
        "dictated to",
        "deliberate provocation",
    ] {
        assert_eq!(
            speaker_of(&att, TEXT, words),
            Some("Sergey Lavrov"),
            "{words:?}"
        );
    }
}

#[test]
fn she_goes_to_the_woman() {
    let att = attributor().attribute(TEXT).unwrap();
    assert_eq!(
        speaker_of(&att, TEXT, "Nobody gains"),
        Some("Angela Merkel")
    );
}

#[test]
fn indirect_quote_found() {
    let att = attributor().attribute(TEXT).unwrap();
    let q = att
        .quotes
        .iter()
        .find(|q| {
            q.kind == QuoteKind::Indirect
                && q.span.text(TEXT).contains("new sanctions would not change")
        })
        .expect("the indirect quotation of the first paragraph");
    assert_eq!(
        att.speaker_of(q).map(|s| s.name.as_str()),
        Some("Sergey Lavrov")
    );
}

#[test]
fn json_line_is_the_documented_format() {
    let att = attributor().attribute(TEXT).unwrap();
    let v = serde_json::to_value(att.quotes_json(TEXT)).unwrap();
    let first = &v[0];
    for key in common::QUOTE_JSON_KEYS {
        assert!(first.get(key).is_some(), "missing {key} in {first}");
    }
    let (s, e) = (
        first["start"].as_u64().unwrap() as usize,
        first["end"].as_u64().unwrap() as usize,
    );
    assert_eq!(first["text"].as_str().unwrap(), &TEXT[s..e]);
}

/// A first-person story written for this test: the narrator ("I said") is
/// called "Nick" by his friends and "Mr. Carter" by the porter.
const STORY: &str = include_str!("fixtures/narrated_story.txt");

#[test]
fn fiction_narrator_and_dialogue_turns() {
    let att = attributor().attribute(STORY).unwrap();
    let says = |words: &str| speaker_of(&att, STORY, words).map(str::to_string);
    // Named explicitly.
    assert_eq!(says("You came after all").as_deref(), Some("Clara"));
    assert_eq!(says("Hello, Nick").as_deref(), Some("Henry"));
    // "I said": the narrator, named by what the others call him.
    assert_eq!(says("I said I would").as_deref(), Some("Nick Carter"));
    assert_eq!(
        says("Put it with the others").as_deref(),
        Some("Nick Carter")
    );
    // Bare lines alternating between the two speakers.
    assert_eq!(
        says("You say a great many things").as_deref(),
        Some("Clara")
    );
    assert_eq!(
        says("Most of them are true").as_deref(),
        Some("Nick Carter")
    );
    // Nobody is called "I".
    assert!(
        att.speakers.iter().all(|s| s.name != "I"),
        "{:?}",
        att.speakers
    );
}

#[test]
fn rules_only_speakers_on_request() {
    let rules = Attributor::builder()
        .learned_speakers(false)
        .build()
        .expect("shipped model loads");
    assert!(!rules.options().learned_speakers);
    assert!(rules.ranker().is_some(), "the shipped model has a ranker");
    let att = rules.attribute(STORY).unwrap();
    // Narrator naming is part of the rules.
    assert_eq!(
        speaker_of(&att, STORY, "I said I would"),
        Some("Nick Carter")
    );
}
