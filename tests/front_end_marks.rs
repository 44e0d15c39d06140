//! Integration tests for the text front-end: quotation marks, pairing,
//! paragraphs and sentences.

use whosaid::text::marks::{
    classify, find_marks, is_apostrophe, quoted_regions, MarkFamily, MarkRole, QuotedRegion,
};
use whosaid::text::segment::{paragraphs, sentences};
use whosaid::Span;

fn regions(text: &str) -> Vec<QuotedRegion> {
    quoted_regions(text, &paragraphs(text))
}

/// `(content, closed)` for each region, sliced with raw byte offsets.
fn contents(text: &str) -> Vec<(&str, bool)> {
    regions(text)
        .iter()
        .map(|r| (&text[r.content.start..r.content.end], r.close.is_some()))
        .collect()
}

fn sents(text: &str) -> Vec<&str> {
    sentences(text, Span::new(0, text.len()))
        .iter()
        .map(|s| &text[s.start..s.end])
        .collect()
}

fn at(text: &str, needle: &str) -> usize {
    text.find(needle).expect("needle present")
}

#[test]
fn inventory() {
    assert_eq!(classify('"'), Some((MarkFamily::Double, MarkRole::Either)));
    assert_eq!(classify('\''), Some((MarkFamily::Single, MarkRole::Either)));
    assert_eq!(classify('„'), Some((MarkFamily::Double, MarkRole::Open)));
    assert_eq!(classify('‚'), Some((MarkFamily::Single, MarkRole::Open)));
    assert_eq!(
        classify('»'),
        Some((MarkFamily::Guillemet, MarkRole::Close))
    );
    assert_eq!(
        classify('‹'),
        Some((MarkFamily::SingleGuillemet, MarkRole::Open))
    );
    assert_eq!(classify('x'), None);
}

#[test]
fn straight_double_quotes() {
    let t = "\"We will win,\" the mayor said on Tuesday. \"No doubt.\"";
    assert_eq!(
        contents(t),
        vec![("We will win,", true), ("No doubt.", true)]
    );
    let r = regions(t);
    assert_eq!(r[0].family, MarkFamily::Double);
    assert_eq!(&t[r[0].open.start..r[0].open.end], "\"");
}

#[test]
fn straight_single_quotes_with_apostrophes() {
    let t = "'It's John's,' she said.";
    assert_eq!(contents(t), vec![("It's John's,", true)]);
    let t = "'It's John's'";
    assert_eq!(contents(t), vec![("It's John's", true)]);
}

#[test]
fn curly_double_and_single() {
    let t = "“I don’t know,” he said. ‘Nor I,’ said she.";
    assert_eq!(contents(t), vec![("I don’t know,", true), ("Nor I,", true)]);
}

#[test]
fn guillemets_and_low_nine_styles() {
    assert_eq!(contents("« Oui », dit-il."), vec![(" Oui ", true)]);
    assert_eq!(contents("‹Non›, dit-elle."), vec![("Non", true)]);
    assert_eq!(contents("„Ja“, sagte er."), vec![("Ja", true)]);
    assert_eq!(contents("‚Nein‘, sagte sie."), vec![("Nein", true)]);
    assert_eq!(contents("»Gut«, sagte er."), vec![("Gut", true)]);
    let fams: Vec<MarkFamily> = regions("»Gut« ‹a› ‚b‘").iter().map(|r| r.family).collect();
    assert_eq!(
        fams,
        vec![
            MarkFamily::Guillemet,
            MarkFamily::SingleGuillemet,
            MarkFamily::Single
        ]
    );
}

#[test]
fn apostrophes_told_apart() {
    let t = "it's the Smiths' house in the '90s, O'Brien said, don’t.";
    assert!(is_apostrophe(t, at(t, "'s"), false));
    assert!(is_apostrophe(t, at(t, "' house"), false));
    assert!(!is_apostrophe(t, at(t, "' house"), true));
    assert!(is_apostrophe(t, at(t, "'90s"), false));
    assert!(is_apostrophe(t, at(t, "'Brien"), false));
    assert!(is_apostrophe(t, at(t, "’t"), false));
    assert!(find_marks(t).is_empty());
    assert!(contents(t).is_empty());

    let t = "He said 'the players’ union' won.";
    let marks = find_marks(t);
    assert_eq!(marks.len(), 2);
    assert_eq!(contents(t), vec![("the players’ union", true)]);
}

#[test]
fn unbalanced_and_never_closing() {
    // A stray closer is ignored.
    assert_eq!(
        contents("It is over,\" he said. \"Done.\""),
        vec![("Done.", true)]
    );
    assert!(contents("Only ” here »").is_empty());
    // A quote that never closes runs to the end of its paragraph.
    let t = "He began: “Friends, Romans,   \n\nCountrymen.";
    assert_eq!(contents(t), vec![("Friends, Romans,", false)]);
    let r = &regions(t)[0];
    assert!(r.close.is_none());
}

#[test]
fn multi_paragraph_quotation() {
    let t = "“It was a long winter,” she said.\n\n“We had no food.\n\n“We had no fire.\n\n“Then spring came.”";
    assert_eq!(
        contents(t),
        vec![
            ("It was a long winter,", true),
            ("We had no food.", false),
            ("We had no fire.", false),
            ("Then spring came.", true)
        ]
    );
}

#[test]
fn multibyte_round_trip() {
    let t = "Zoë 🎉 a dit « ça marche très bien 🚀 » et “naïve café” — ‘déjà vu’.";
    assert_eq!(
        contents(t),
        vec![
            (" ça marche très bien 🚀 ", true),
            ("naïve café", true),
            ("déjà vu", true)
        ]
    );
    for m in find_marks(t) {
        assert_eq!(t[m.span.start..m.span.end].chars().next(), Some(m.ch));
    }
}

#[test]
fn empty_and_whitespace_text() {
    for t in ["", "   ", "\n\n\t \r\n"] {
        assert!(paragraphs(t).is_empty());
        assert!(find_marks(t).is_empty());
        assert!(quoted_regions(t, &paragraphs(t)).is_empty());
        assert!(sentences(t, Span::new(0, t.len())).is_empty());
    }
}

#[test]
fn paragraphs_split_at_blank_lines() {
    let t = "One line.\nSame para.\n   \nTwo.\n\n\n  Three.  ";
    let p: Vec<&str> = paragraphs(t).iter().map(|s| s.text(t)).collect();
    assert_eq!(p, vec!["One line.\nSame para.", "Two.", "Three."]);
}

#[test]
fn sentences_with_abbreviations() {
    assert_eq!(
        sents("Mr. Smith said the U.S. team won. Dr. Jones agreed. J. Doe did not."),
        vec![
            "Mr. Smith said the U.S. team won.",
            "Dr. Jones agreed.",
            "J. Doe did not."
        ]
    );
}

#[test]
fn come_here_he_said() {
    assert_eq!(
        sents("\"Come here!\" he said. \"Why?\" She frowned."),
        vec!["\"Come here!\" he said.", "\"Why?\"", "She frowned."]
    );
}

#[test]
fn random_input_never_panics() {
    let alphabet: Vec<char> = "\"'“”‘’„‚«»‹›＂ ab Zé🎉s\n\n.!?—,9(".chars().collect();
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    for _ in 0..2000 {
        let len = (next() % 50) as usize;
        let s: String = (0..len)
            .map(|_| alphabet[(next() % alphabet.len() as u64) as usize])
            .collect();
        let paras = paragraphs(&s);
        let regs = quoted_regions(&s, &paras);
        let mut last = 0;
        for r in &regs {
            let spans = [Some(r.open), r.close, Some(r.content)];
            for sp in spans.into_iter().flatten() {
                assert!(s.is_char_boundary(sp.start) && s.is_char_boundary(sp.end));
            }
            assert!(r.open.start >= last, "overlap in {s:?}");
            assert!(paras.iter().any(|p| p.contains(&r.content)));
            last = r.close.map_or(r.content.end, |c| c.end);
        }
        for p in &paras {
            for sent in sentences(&s, *p) {
                assert!(p.contains(&sent));
            }
        }
    }
}
