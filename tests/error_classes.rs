//! The speaker error classes seen on text whosaid had never seen, each on a
//! short text written for this test, run through the shipped model (tagger,
//! resolution and learned ranker together, as a user runs it).

mod common;

use common::speaker_of;
use whosaid::Attribution;

fn attribute(text: &str) -> Attribution {
    common::shipped_attributor()
        .attribute(text)
        .expect("attribute")
}

/// The speaker mention's words of the quotation containing `words`.
fn mention_of<'t>(att: &Attribution, text: &'t str, words: &str) -> Option<&'t str> {
    let q = att
        .quotes
        .iter()
        .find(|q| q.span.text(text).contains(words))
        .unwrap_or_else(|| panic!("no quotation containing {words:?}"));
    q.mention.map(|m| m.text(text))
}

/// Every speaker's name, for messages.
fn speakers(att: &Attribution) -> Vec<&str> {
    att.speakers.iter().map(|s| s.name.as_str()).collect()
}

/// A story long enough to read as fiction: the opening paragraphs, then
/// `rounds` exchanges of bare lines between two speakers.
fn story(opening: &str, rounds: usize) -> String {
    let mut text = opening.to_string();
    for i in 0..rounds {
        text.push_str(&format!(
            "\n\n\u{201c}Is the tea ready yet, number {i}?\u{201d}\n\n\u{201c}Not yet, give it a minute more.\u{201d}"
        ));
    }
    text.push('\n');
    text
}

#[test]
fn mother_and_daughter_of_one_family_stay_two_people() {
    let text = story(
        "Mrs. Varley sat by the window with her sewing, and her daughter Clara \
Varley stood at the door.\n\n\
\u{201c}The carriage is late again,\u{201d} said Mrs. Varley.\n\n\
\u{201c}It always is on market days,\u{201d} said Clara.\n\n\
\u{201c}Then we shall walk,\u{201d} said Mrs. Varley, folding her work.\n\n\
\u{201c}In this rain, mother?\u{201d} said Clara.",
        12,
    );
    let text = text.as_str();
    let att = attribute(text);
    for words in ["carriage is late", "Then we shall walk"] {
        let who = speaker_of(&att, text, words);
        assert!(
            who.is_some_and(|n| n.contains("Mrs")),
            "{words:?}: {who:?} ({:?})",
            speakers(&att)
        );
    }
    for words in ["market days", "In this rain"] {
        let who = speaker_of(&att, text, words);
        assert!(
            who.is_some_and(|n| n.contains("Clara")),
            "{words:?}: {who:?} ({:?})",
            speakers(&att)
        );
    }
}

#[test]
fn a_speaker_is_never_two_names_run_together() {
    // Two people whose names stand side by side ("Dr. Hale Morton"-like runs)
    // must stay two people, each named by a name the text gives them.
    let text = "Dr. Hale and Rupert Morton came in from the garden together.\n\n\
\u{201c}The roses have failed this year,\u{201d} said Dr. Hale.\n\n\
\u{201c}It was the frost,\u{201d} said Morton.\n\n\
\u{201c}Nonsense, it was the soil,\u{201d} said Dr. Hale.\n";
    let att = attribute(text);
    for s in &att.speakers {
        assert!(
            text.contains(s.name.as_str()) || s.name == "Rupert Morton",
            "speaker {:?} is not a name the text uses ({:?})",
            s.name,
            speakers(&att)
        );
        assert!(
            !(s.name.contains("Hale") && s.name.contains("Morton")),
            "{:?}",
            s.name
        );
    }
    assert_eq!(
        speaker_of(&att, text, "roses have failed"),
        Some("Dr. Hale")
    );
    assert!(speaker_of(&att, text, "the frost").is_some_and(|n| n.contains("Morton")));
}

#[test]
fn headings_and_places_are_not_speakers() {
    let text = "CHAPTER SEVEN\n\nTHE OLD MILL\n\n\
They walked up the lane to Ashcombe Hall before dark.\n\n\
\u{201c}I never liked this house,\u{201d} she said.\n\n\
\u{201c}Nor I,\u{201d} he answered.\n";
    let att = attribute(text);
    for s in &att.speakers {
        let bad = ["CHAPTER", "SEVEN", "MILL", "Ashcombe", "Hall"];
        assert!(
            !bad.iter().any(|b| s.name.contains(b)),
            "{:?} taken as a speaker ({:?})",
            s.name,
            speakers(&att)
        );
    }
}

#[test]
fn a_quotations_own_word_never_names_its_speaker() {
    let text = "\u{201c}Hi,\u{201d} she said.\n\n\u{201c}Hello there,\u{201d} he said.\n";
    let att = attribute(text);
    for s in &att.speakers {
        assert!(
            !["Hi", "Hello"].contains(&s.name.as_str()),
            "{:?} named by a word of the quotation ({:?})",
            s.name,
            speakers(&att)
        );
    }
}

#[test]
fn an_unresolved_pronoun_is_still_reported() {
    // Nobody is named before: no name can be given, but the mention is
    // there and is reported, flagged as unresolved.
    let text = "\u{201c}No,\u{201d} he replied.\n";
    let att = attribute(text);
    assert_eq!(att.quotes.len(), 1, "{:?}", att.quotes);
    assert_eq!(mention_of(&att, text, "No"), Some("he"));
    let q = &att.quotes[0];
    let json = att.quotes_json(text);
    let v = serde_json::to_value(json[0]).unwrap();
    assert_eq!(v["speaker"]["mention"]["text"], "he", "{v}");
    assert_eq!(v["speaker"]["resolved"], false, "{v}");
    assert!(q.speaker.is_some() || v["speaker"]["name"].is_null());
}

#[test]
fn a_run_of_quotations_stays_with_the_described_source() {
    // "said the American": the following paragraphs of quotation are his,
    // not the other person or the organisation named nearby.
    let text = "Andre Kessler beat Tom Reid of the United States in four sets at the \
Melbourne tournament on Sunday.\n\n\
\u{201c}He was too good today, there is no shame in that,\u{201d} said the American.\n\n\
\u{201c}I had my chances in the second set and I did not take them.\u{201d}\n\n\
\u{201c}Now I want to go home and rest before the clay season.\u{201d}\n";
    let att = attribute(text);
    let first = speaker_of(&att, text, "too good today");
    for words in ["I had my chances", "go home and rest"] {
        assert_eq!(
            speaker_of(&att, text, words),
            first,
            "{words:?} ({:?})",
            speakers(&att)
        );
    }
    assert!(
        first.is_some_and(|n| n.contains("Reid") || n.contains("American")),
        "{first:?} ({:?})",
        speakers(&att)
    );
}
