//! Integration tests for document-level speaker resolution.

use whosaid::resolve::{resolve, QuoteDraft};
use whosaid::{Attribution, QuoteKind, Span};

/// A test document: paragraphs joined by blank lines, with quotes located by text.
struct Doc {
    text: String,
    paragraphs: Vec<Span>,
    quotes: Vec<QuoteDraft>,
}

/// Finds `needle` as whole words in `text[from..to]`.
fn find_word(text: &str, needle: &str, from: usize, to: usize) -> Option<usize> {
    let hay = text.get(from..to)?;
    let mut at = 0;
    while let Some(i) = hay[at..].find(needle) {
        let s = from + at + i;
        let e = s + needle.len();
        let ok_before = text[..s]
            .chars()
            .next_back()
            .is_none_or(|c| !c.is_alphanumeric());
        let ok_after = text[e..]
            .chars()
            .next()
            .is_none_or(|c| !c.is_alphanumeric());
        if ok_before && ok_after {
            return Some(s);
        }
        at += i + needle.len();
    }
    None
}

/// Builds a document. Each quote is `(quoted words, mention)`; the mention is
/// looked for after the quote in its paragraph, then before it.
fn doc(paras: &[&str], quotes: &[(&str, Option<&str>)]) -> Doc {
    let text = paras.join("\n\n");
    let mut paragraphs = Vec::new();
    let mut pos = 0;
    for p in paras {
        paragraphs.push(Span::new(pos, pos + p.len()));
        pos += p.len() + 2;
    }
    let mut cursor = 0;
    let mut drafts = Vec::new();
    for (q, m) in quotes {
        let start = cursor
            + text[cursor..]
                .find(q)
                .unwrap_or_else(|| panic!("quote {q:?}"));
        let span = Span::new(start, start + q.len());
        cursor = span.end;
        let para = *paragraphs
            .iter()
            .find(|p| p.contains(&span))
            .expect("paragraph");
        let mention = m.map(|m| {
            let s = find_word(&text, m, span.end, para.end)
                .or_else(|| find_word(&text, m, para.start, span.start))
                .unwrap_or_else(|| panic!("mention {m:?}"));
            Span::new(s, s + m.len())
        });
        drafts.push(QuoteDraft {
            span,
            kind: QuoteKind::Direct,
            mention,
            cue: None,
            confidence: 0.9,
        });
    }
    Doc {
        text,
        paragraphs,
        quotes: drafts,
    }
}

fn run(d: &Doc) -> Attribution {
    let mentions: Vec<Span> = d.quotes.iter().filter_map(|q| q.mention).collect();
    resolve(&d.text, &d.paragraphs, d.quotes.clone(), &mentions)
}

/// The speaker name of every quote.
fn names(a: &Attribution) -> Vec<Option<String>> {
    a.quotes
        .iter()
        .map(|q| a.speaker_of(q).map(|s| s.name.clone()))
        .collect()
}

fn some(names: &[&str]) -> Vec<Option<String>> {
    names.iter().map(|n| Some(n.to_string())).collect()
}

#[test]
fn one_person_under_many_names() {
    let d = doc(
        &[
            "Sergey Lavrov arrived in Geneva on Monday for a new round of talks.",
            "\"We are ready to listen,\" Sergey Lavrov told reporters.",
            "\"Nobody wants a new crisis,\" Lavrov said.",
            "\"The door remains open,\" said Mr Lavrov.",
            "Russia's top diplomat said: \"We have made our position clear.\"",
            "\"Patience is not endless,\" the minister warned.",
            "He added: \"We expect an answer by Friday.\"",
            "\"This is our last offer,\" the country's top diplomat said.",
        ],
        &[
            ("We are ready to listen,", Some("Sergey Lavrov")),
            ("Nobody wants a new crisis,", Some("Lavrov")),
            ("The door remains open,", Some("Mr Lavrov")),
            (
                "We have made our position clear.",
                Some("Russia's top diplomat"),
            ),
            ("Patience is not endless,", Some("the minister")),
            ("We expect an answer by Friday.", Some("He")),
            (
                "This is our last offer,",
                Some("the country's top diplomat"),
            ),
        ],
    );
    let a = run(&d);
    assert_eq!(names(&a), some(&["Sergey Lavrov"; 7]));
    assert_eq!(a.speakers.len(), 1);
    assert_eq!(a.speakers[0].quote_count, 7);
    assert_eq!(a.speakers[0].id.0, 0);
    // Every form of his name is among his mentions.
    let forms: Vec<&str> = a.speakers[0]
        .mentions
        .iter()
        .map(|s| s.text(&d.text))
        .collect();
    for form in ["Sergey Lavrov", "Lavrov", "Mr Lavrov", "He", "the minister"] {
        assert!(forms.contains(&form), "{form} missing from {forms:?}");
    }
}

#[test]
fn pronouns_follow_gender_and_roles_follow_appositions() {
    let d = doc(
        &[
            "Russia's foreign minister, Sergey Lavrov, arrived in Berlin on Monday for talks with German Chancellor Angela Merkel.",
            "\"We are ready to talk,\" Lavrov said. \"But we will not be lectured.\"",
            "Merkel was more cautious. \"We will see,\" she said.",
            "\"Sanctions remain on the table,\" he said.",
            "\"Moscow has made its position clear,\" the minister said.",
            "\"Europe must stay united,\" the chancellor said.",
            "\"Our patience is not endless,\" Russia's top diplomat added.",
        ],
        &[
            ("We are ready to talk,", Some("Lavrov")),
            ("But we will not be lectured.", None),
            ("We will see,", Some("she")),
            ("Sanctions remain on the table,", Some("he")),
            ("Moscow has made its position clear,", Some("the minister")),
            ("Europe must stay united,", Some("the chancellor")),
            ("Our patience is not endless,", Some("Russia's top diplomat")),
        ],
    );
    let a = run(&d);
    let (l, m) = ("Sergey Lavrov", "Angela Merkel");
    assert_eq!(names(&a), some(&[l, l, m, l, l, m, l]));
    // Ordered by first mention: Lavrov comes before Merkel in the text.
    let speakers: Vec<(&str, usize)> = a
        .speakers
        .iter()
        .map(|s| (s.name.as_str(), s.quote_count))
        .collect();
    assert_eq!(speakers, vec![(l, 5), (m, 2)]);
}

#[test]
fn mr_and_mrs_bennet_stay_apart() {
    let d = doc(
        &[
            "Mr. Bennet was among the earliest of those who waited on Mr. Bingley.",
            "\"My dear Mr. Bennet,\" said Mrs. Bennet, \"have you heard that Netherfield Park is let at last?\"",
            "Mr. Bennet replied that he had not.",
            "\"But it is,\" returned she.",
            "\"Do you not want to know who has taken it?\" cried his wife impatiently.",
            "\"You want to tell me, and I have no objection to hearing it,\" said Mr. Bennet.",
        ],
        &[
            ("My dear Mr. Bennet,", Some("Mrs. Bennet")),
            ("have you heard that Netherfield Park is let at last?", None),
            ("But it is,", Some("she")),
            ("Do you not want to know who has taken it?", Some("his wife")),
            ("You want to tell me, and I have no objection to hearing it,", Some("Mr. Bennet")),
        ],
    );
    let a = run(&d);
    let (mrs, mr) = ("Mrs. Bennet", "Mr. Bennet");
    assert_eq!(names(&a), some(&[mrs, mrs, mrs, mrs, mr]));
    assert_eq!(a.speakers.len(), 2);
    assert_ne!(a.quotes[0].speaker, a.quotes[4].speaker);
}

#[test]
fn follow_on_quotes_continue_the_speaker() {
    let d = doc(
        &[
            "\"We will appeal,\" Jane Smith said outside the court. \"This is not over.\"",
            "\"We have new evidence and we will present it.\"",
            "Her lawyer declined to comment. Police said the investigation continues.",
            "\"Stay away from the area.\"",
        ],
        &[
            ("We will appeal,", Some("Jane Smith")),
            ("This is not over.", None),
            ("We have new evidence and we will present it.", None),
            ("Stay away from the area.", None),
        ],
    );
    let a = run(&d);
    let mut expected = some(&["Jane Smith"; 3]);
    expected.push(None);
    assert_eq!(names(&a), expected);
    assert_eq!(a.speakers[0].quote_count, 3);
}

#[test]
fn alternating_dialogue_takes_turns() {
    let d = doc(
        &[
            "\"Where have you been?\" asked Elizabeth.",
            "\"At the library,\" said Jane.",
            "\"All day?\"",
            "\"All day.\"",
            "\"You must be tired.\"",
            "Elizabeth Bennet smiled at her sister.",
        ],
        &[
            ("Where have you been?", Some("Elizabeth")),
            ("At the library,", Some("Jane")),
            ("All day?", None),
            ("All day.", None),
            ("You must be tired.", None),
        ],
    );
    let a = run(&d);
    let (e, j) = ("Elizabeth Bennet", "Jane");
    assert_eq!(names(&a), some(&[e, j, e, j, e]));
}

#[test]
fn indefinite_description_is_its_own_speaker() {
    let d = doc(
        &[
            "Tony Blair defended the decision on Tuesday.",
            "\"We did the right thing,\" Mr Blair said.",
            "\"The prime minister has nothing to add,\" a spokesman for Mr Blair said.",
            "\"He will make a statement tomorrow,\" the spokesman added.",
            "\"The evidence was clear,\" officials said.",
        ],
        &[
            ("We did the right thing,", Some("Mr Blair")),
            (
                "The prime minister has nothing to add,",
                Some("a spokesman for Mr Blair"),
            ),
            ("He will make a statement tomorrow,", Some("the spokesman")),
            ("The evidence was clear,", Some("officials")),
        ],
    );
    let a = run(&d);
    let s = "a spokesman for Mr Blair";
    assert_eq!(names(&a), some(&["Tony Blair", s, s, "officials"]));
    assert_eq!(a.speakers.len(), 3);
}

#[test]
fn empty_and_broken_input_does_not_panic() {
    assert_eq!(resolve("", &[], vec![], &[]), Attribution::default());
    let text = "«Да,» сказал Лавров. “Ça va,” dit Élodie — 東京 \"x\" he";
    let len = text.len();
    let mut quotes = Vec::new();
    let mut mentions = Vec::new();
    for s in 0..len + 3 {
        let e = (s * 7 + 3) % (len + 5);
        let span = Span::new(s, e);
        mentions.push(span);
        quotes.push(QuoteDraft {
            span,
            kind: QuoteKind::Direct,
            mention: Some(Span::new(e, s + 1)),
            cue: Some(span),
            confidence: 0.5,
        });
    }
    let paras = [Span::new(3, 1), Span::new(0, len + 10), Span::new(1, 2)];
    let a = resolve(text, &paras, quotes.clone(), &mentions);
    assert_eq!(a.quotes.len(), quotes.len());
    let a = resolve(text, &[], quotes, &mentions);
    for q in &a.quotes {
        if let Some(id) = q.speaker {
            assert!(id.0 < a.speakers.len());
        }
    }
    // Quotes without any mentions and no paragraphs given.
    let d = doc(
        &["\"Hello.\"", "\"Hi.\""],
        &[("Hello.", None), ("Hi.", None)],
    );
    let a = resolve(&d.text, &[], d.quotes.clone(), &[]);
    assert_eq!(names(&a), vec![None, None]);
    assert!(a.speakers.is_empty());
}

#[test]
fn possessed_description_is_not_the_possessor() {
    let d = doc(
        &[
            "\"We are not leaving,\" Sergey Lavrov said.",
            "\"The minister was misquoted,\" Lavrov's spokesman said.",
            "\"Talks will resume,\" they said.",
        ],
        &[
            ("We are not leaving,", Some("Sergey Lavrov")),
            ("The minister was misquoted,", Some("Lavrov's spokesman")),
            ("Talks will resume,", Some("they")),
        ],
    );
    let a = run(&d);
    assert_eq!(
        names(&a)[..2],
        some(&["Sergey Lavrov", "Lavrov's spokesman"])[..]
    );
}
