//! Interrupted quotations as one utterance, on text written for this test
//! and run through the shipped model: the segments of `"…," he said, "…"`
//! share a group and a speaker; separate lines, and two speakers' lines in
//! one paragraph, do not.

mod common;

use whosaid::{Attribution, Quote};

const DIALOGUE: &str = "The minister stood at the window of the ministry for a long time.\n\n\
\u{201c}We will not give in,\u{201d} said Sergey Lavrov, \u{201c}whatever it costs.\u{201d}\n\n\
\u{201c}And if they ask again?\u{201d} asked Anna Petrova.\n\n\
\u{201c}Then we answer again,\u{201d} he said. \u{201c}And again.\u{201d}\n\n\
\u{201c}Yes,\u{201d} said Anna Petrova. \u{201c}No,\u{201d} said Sergey Lavrov.\n";

fn name<'a>(att: &'a Attribution, q: &Quote) -> Option<&'a str> {
    att.speaker_of(q).map(|s| s.name.as_str())
}

fn quote<'a>(att: &'a Attribution, words: &str) -> &'a Quote {
    att.quotes
        .iter()
        .find(|q| q.span.text(DIALOGUE).contains(words))
        .unwrap_or_else(|| panic!("no quotation containing {words:?}"))
}

#[test]
fn an_interrupted_quotation_is_one_utterance_with_one_speaker() {
    let att = common::shipped_attributor()
        .attribute(DIALOGUE)
        .expect("attribute");
    let (a, b) = (quote(&att, "We will not give in"), quote(&att, "whatever it costs"));
    assert_eq!(a.group, b.group, "two segments of one utterance");
    assert_eq!(name(&att, a), Some("Sergey Lavrov"));
    assert_eq!(name(&att, b), Some("Sergey Lavrov"));
    let (c, d) = (quote(&att, "Then we answer again"), quote(&att, "And again"));
    assert_eq!(c.group, d.group, "\"…,\" he said. \"…\" is one utterance");
    assert_eq!(name(&att, d), name(&att, c));
    // A line of its own, and two speakers in one paragraph, are not joined.
    let ask = quote(&att, "And if they ask again");
    assert_ne!(ask.group, a.group);
    assert_ne!(ask.group, c.group);
    let (yes, no) = (quote(&att, "Yes,"), quote(&att, "No,"));
    assert_ne!(yes.group, no.group);
    assert_eq!(name(&att, yes), Some("Anna Petrova"));
    assert_eq!(name(&att, no), Some("Sergey Lavrov"));
    // Groups count utterances in text order, with no gaps.
    let groups: Vec<usize> = att.quotes.iter().map(|q| q.group).collect();
    assert_eq!(groups.first(), Some(&0));
    assert!(groups.windows(2).all(|w| w[1] == w[0] || w[1] == w[0] + 1), "{groups:?}");
}

#[test]
fn json_carries_the_group() {
    let att = common::shipped_attributor()
        .attribute(DIALOGUE)
        .expect("attribute");
    let v = serde_json::to_value(att.to_json(DIALOGUE)).expect("json");
    let quotes = v["quotes"].as_array().expect("quotes");
    assert_eq!(quotes.len(), att.quotes.len());
    for (j, q) in quotes.iter().zip(&att.quotes) {
        assert_eq!(j["group"].as_u64(), Some(q.group as u64));
    }
}
