//! Conversations, on text written for this test and run through the shipped
//! model: the segments of `"…," he said, "…"` share a group and a speaker
//! (separate lines, and two speakers' lines in one paragraph, do not); and
//! each line's addressees, from a vocative, from "said X to Y", and from the
//! conversation.

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
    let (a, b) = (
        quote(&att, "We will not give in"),
        quote(&att, "whatever it costs"),
    );
    assert_eq!(a.group, b.group, "two segments of one utterance");
    assert_eq!(name(&att, a), Some("Sergey Lavrov"));
    assert_eq!(name(&att, b), Some("Sergey Lavrov"));
    let (c, d) = (
        quote(&att, "Then we answer again"),
        quote(&att, "And again"),
    );
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
    assert!(
        groups.windows(2).all(|w| w[1] == w[0] || w[1] == w[0] + 1),
        "{groups:?}"
    );
}

#[test]
fn json_carries_the_group_and_the_addressees() {
    let att = common::shipped_attributor()
        .attribute(DIALOGUE)
        .expect("attribute");
    let v = serde_json::to_value(att.to_json(DIALOGUE)).expect("json");
    let quotes = v["quotes"].as_array().expect("quotes");
    assert_eq!(quotes.len(), att.quotes.len());
    for (j, q) in quotes.iter().zip(&att.quotes) {
        assert_eq!(j["group"].as_u64(), Some(q.group as u64));
        let names: Vec<&str> = j["addressees"]
            .as_array()
            .expect("addressees is a list")
            .iter()
            .map(|a| a["name"].as_str().expect("a name"))
            .collect();
        let want: Vec<&str> = q.addressees.iter().map(|a| a.name.as_str()).collect();
        assert_eq!(names, want);
    }
}

/// A two-person dialogue that reads as fiction (mostly bare lines).
fn story() -> String {
    let mut text = String::from(
        "Anna Petrova and Sergey Lavrov sat in the garden of the old house until it was dark.\n\n\
         \u{201c}Sergey, will you sign it?\u{201d} asked Anna Petrova.\n\n\
         \u{201c}We will not give in,\u{201d} said Sergey Lavrov to Anna Petrova.",
    );
    for i in 0..10 {
        text.push_str(&format!(
            "\n\n\u{201c}Then they will ask again, for the {i}th time.\u{201d}\n\n\u{201c}Let them ask.\u{201d}"
        ));
    }
    text.push_str("\n\n\u{201c}Good night, Anna.\u{201d}\n");
    text
}

fn addressees<'a>(att: &'a Attribution, text: &str, words: &str) -> Vec<&'a str> {
    att.quotes
        .iter()
        .find(|q| q.span.text(text).contains(words))
        .unwrap_or_else(|| panic!("no quotation containing {words:?}"))
        .addressees
        .iter()
        .map(|a| a.name.as_str())
        .collect()
}

#[test]
fn addressees_from_vocatives_from_said_to_and_from_the_conversation() {
    let story = story();
    let text = story.as_str();
    let att = common::shipped_attributor()
        .attribute(text)
        .expect("attribute");
    let find = |w: &str| {
        att.quotes
            .iter()
            .find(|q| q.span.text(text).contains(w))
            .unwrap_or_else(|| panic!("no quotation containing {w:?}"))
    };
    let said = |w: &str| att.speaker_of(find(w)).map(|s| s.name.as_str());
    // A vocative names the addressee, with its words.
    assert_eq!(said("will you sign it"), Some("Anna Petrova"));
    assert_eq!(
        addressees(&att, text, "will you sign it"),
        ["Sergey Lavrov"]
    );
    let m = find("will you sign it").addressees[0]
        .mention
        .expect("the vocative's span");
    assert_eq!(m.text(text), "Sergey");
    // "said X to Y".
    assert_eq!(said("We will not give in"), Some("Sergey Lavrov"));
    assert_eq!(
        addressees(&att, text, "We will not give in"),
        ["Anna Petrova"]
    );
    // Bare lines: the other party of the conversation, never the speaker.
    let bare: Vec<_> = att
        .quotes
        .iter()
        .filter(|q| {
            let t = q.span.text(text);
            t.starts_with("Then they will ask") || t.starts_with("Let them ask")
        })
        .collect();
    assert_eq!(bare.len(), 20);
    for q in bare {
        let who = att
            .speaker_of(q)
            .map(|s| s.name.as_str())
            .expect("a speaker");
        let to: Vec<&str> = q.addressees.iter().map(|a| a.name.as_str()).collect();
        assert_eq!(to.len(), 1, "{:?} → {to:?}", q.span.text(text));
        assert_ne!(to[0], who, "a speaker never addresses themself");
        assert!(["Anna Petrova", "Sergey Lavrov"].contains(&to[0]), "{to:?}");
        assert!(
            q.addressees[0].mention.is_none(),
            "the conversation names nobody"
        );
    }
    assert_eq!(addressees(&att, text, "Good night"), ["Anna Petrova"]);
    // Whoever a line addresses by name does not say it.
    assert_eq!(said("Good night"), Some("Sergey Lavrov"));
}

/// News: a source that tells a named person or organisation addresses them.
#[test]
fn news_addressees_come_from_the_text_only() {
    let text = "Maria Lopez, the mayor of Leon, spoke on Monday.\n\n\
        Ms Lopez told the BBC: \u{201c}We are ready for the storm.\u{201d}\n\n\
        \u{201c}The bridges will stay open,\u{201d} she said.\n";
    let att = common::shipped_attributor()
        .attribute(text)
        .expect("attribute");
    assert_eq!(addressees(&att, text, "We are ready"), ["BBC"]);
    assert!(
        addressees(&att, text, "bridges will stay open").is_empty(),
        "no conversation in news"
    );
}
