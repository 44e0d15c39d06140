//! Integration tests for document-level speaker resolution.

use whosaid::resolve::ranker::{SpeakerRanker, FEATURES};
use whosaid::resolve::{resolve, resolve_with, DocumentDraft, Pass, Passes, QuoteDraft, Resolver};
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

fn draft(d: &Doc) -> DocumentDraft {
    DocumentDraft {
        paragraphs: d.paragraphs.clone(),
        quotes: d.quotes.clone(),
        mentions: d.quotes.iter().filter_map(|q| q.mention).collect(),
    }
}

/// A conversation with enough lines to read as fiction dialogue: Jane and
/// the narrator ("I said") talk; Jane calls the narrator "Tom" and others
/// call him "Mr. Hardy", who never speaks himself.
fn narrated() -> Doc {
    let mut paras: Vec<String> = Vec::new();
    let mut quotes: Vec<(String, Option<&str>)> = Vec::new();
    for i in 0..12 {
        let a = format!("Good morning number {i}, Tom.");
        let b = format!("Good morning to you, line {i}.");
        paras.push(format!("\"{a}\" said Jane."));
        paras.push(format!("\"{b}\" I said."));
        quotes.push((a, Some("Jane")));
        quotes.push((b, Some("I")));
    }
    paras.push("\"Is that you, Mr. Hardy?\" the porter called.".into());
    paras.push("\"It is,\" I said.".into());
    paras.push("\"Welcome back, Mr. Hardy.\" said the porter.".into());
    quotes.push(("Is that you, Mr. Hardy?".into(), Some("the porter")));
    quotes.push(("It is,".into(), Some("I")));
    quotes.push(("Welcome back, Mr. Hardy.".into(), Some("the porter")));
    owned_doc(&paras, &quotes)
}

/// [`doc`] over owned paragraphs and quotations.
fn owned_doc(paras: &[String], quotes: &[(String, Option<&str>)]) -> Doc {
    let p: Vec<&str> = paras.iter().map(String::as_str).collect();
    let q: Vec<(&str, Option<&str>)> = quotes.iter().map(|(a, m)| (a.as_str(), *m)).collect();
    doc(&p, &q)
}

/// Enough bare-line conversation to read as fiction: eight rounds of Alice
/// asking, `partner` answering ("said {partner}", tagged `mention`) and a
/// line with no mention, after the `opening` paragraphs and quotations.
fn alice_talks_with(
    partner: &str,
    mention: &'static str,
    mut paras: Vec<String>,
    mut quotes: Vec<(String, Option<&'static str>)>,
) -> Doc {
    for i in 0..8 {
        paras.push(format!("\"Why, number {i}?\" said Alice."));
        paras.push(format!("\"Because {i},\" said {partner}."));
        paras.push(format!("\"Indeed, {i}.\""));
        quotes.push((format!("Why, number {i}?"), Some("Alice")));
        quotes.push((format!("Because {i},"), Some(mention)));
        quotes.push((format!("Indeed, {i}."), None));
    }
    owned_doc(&paras, &quotes)
}

#[test]
fn first_person_narrator_takes_the_name_others_call_him() {
    let d = narrated();
    let a = run(&d);
    let got = names(&a);
    // Jane's lines are Jane's; the narrator's are Tom's, named by first
    // name and the titled surname the porter uses.
    assert_eq!(got[0].as_deref(), Some("Jane"));
    assert_eq!(got[1].as_deref(), Some("Tom Hardy"), "{got:?}");
    assert_eq!(got[25].as_deref(), Some("Tom Hardy"), "{got:?}");
    assert!(!got.iter().any(|n| n.as_deref() == Some("I")), "{got:?}");
}

/// A first-person story where the others address the narrator by name
/// only in scenes the narrator does not speak in (they talk about him, then
/// call him in), and address Polina, whom the narration names, more often.
fn narrated_from_afar() -> Doc {
    let mut paras: Vec<String> = Vec::new();
    let mut quotes: Vec<(String, Option<&str>)> = Vec::new();
    for i in 0..6 {
        let a = format!("Polina, hear me, reason {i}.");
        let b = format!("I hear you, General, reason {i}.");
        let c = format!("Alexis Ivanovitch, come here, case {i}!");
        paras.push(format!("\"{a}\" said the General."));
        paras.push(format!("\"{b}\" said Polina."));
        paras.push("Polina went to the window and looked out at the square.".into());
        paras.push(format!("\"{c}\" Polina called."));
        paras.push("Nobody answered, and for a while the room was quiet.".into());
        quotes.push((a, Some("the General")));
        quotes.push((b, Some("Polina")));
        quotes.push((c, Some("Polina")));
    }
    for i in 0..4 {
        paras.push("Later that evening I walked down to the casino.".into());
        let d = format!("The wheel turns, night {i},");
        paras.push(format!("\"{d}\" I said."));
        quotes.push((d, Some("I")));
    }
    owned_doc(&paras, &quotes)
}

#[test]
fn a_narrator_is_named_by_those_who_address_him_anywhere() {
    let d = narrated_from_afar();
    let got = names(&run(&d));
    // Polina, addressed most, is named in the narration: not the narrator.
    assert_eq!(got[0].as_deref(), Some("General"), "{got:?}");
    assert_eq!(got[1].as_deref(), Some("Polina"), "{got:?}");
    // The narrator's lines go to the person the narration never names.
    for n in &got[18..] {
        assert_eq!(n.as_deref(), Some("Alexis Ivanovitch"), "{got:?}");
    }
}

#[test]
fn an_interjection_does_not_name_the_narrator() {
    let mut paras: Vec<String> = Vec::new();
    let mut quotes: Vec<(String, Option<&str>)> = Vec::new();
    for i in 0..6 {
        let a = "Hallo!".to_string();
        let b = format!("Good day, number {i}.");
        paras.push(format!("\"{a}\" said Jane."));
        paras.push(format!("\"{b}\" I said."));
        quotes.push((a, Some("Jane")));
        quotes.push((b, Some("I")));
    }
    let got = names(&run(&owned_doc(&paras, &quotes)));
    assert_eq!(got[0].as_deref(), Some("Jane"), "{got:?}");
    assert!(
        !got.iter().any(|n| n.as_deref() == Some("Hallo")),
        "{got:?}"
    );
}

#[test]
fn fiction_names_characters_as_the_narration_does() {
    // A conversation with bare lines (fiction): "the Hatter" is always called so, and
    // the familiar "Miss Alice" does not become Alice's name.
    let paras = vec![
        "\"Come in, Miss Alice,\" said the Hatter.".to_string(),
        "\"Sit down, Miss Alice,\" said the Hatter.".to_string(),
    ];
    let quotes = vec![
        ("Come in, Miss Alice,".to_string(), Some("the Hatter")),
        ("Sit down, Miss Alice,".to_string(), Some("the Hatter")),
    ];
    let got = names(&run(&alice_talks_with(
        "the Hatter",
        "Hatter",
        paras,
        quotes,
    )));
    assert_eq!(got[2].as_deref(), Some("Alice"), "{got:?}");
    assert_eq!(got[3].as_deref(), Some("The Hatter"), "{got:?}");
}

#[test]
fn fiction_names_a_character_by_the_usual_form_not_a_rare_title() {
    // The narration writes "Fagin" and only twice "Mr. Fagin": he is Fagin.
    // A titled name in steady use ("Monsieur Poirot") stays the name.
    let opening = |titled: &str, bare: &str, times: usize| {
        let mut paras: Vec<String> = (0..2)
            .map(|i| format!("{titled} came in, time {i}."))
            .collect();
        paras.extend((0..times).map(|i| format!("{bare} smiled, time {i}.")));
        paras
    };
    let fagin = alice_talks_with(
        "Fagin",
        "Fagin",
        opening("Mr. Fagin", "Fagin", 2),
        Vec::new(),
    );
    let got = names(&run(&fagin));
    assert_eq!(got[1].as_deref(), Some("Fagin"), "{got:?}");
    let poirot = alice_talks_with(
        "Poirot",
        "Poirot",
        opening("Monsieur Poirot", "Monsieur Poirot", 2),
        Vec::new(),
    );
    let got = names(&run(&poirot));
    assert_eq!(got[1].as_deref(), Some("Monsieur Poirot"), "{got:?}");
}

/// The ranking problems of every quotation of `d`, the named sources of
/// news included (pass `named-sources` off).
fn ranked_without_named_sources(d: &Doc) -> Vec<whosaid::resolve::ranker::RankItem> {
    Resolver {
        ranker: None,
        passes: Passes::default().without(Pass::NamedSources),
    }
    .rank_items(&d.text, &draft(d))
}

/// `ranker` with `feature` weighing `weight` in every context.
fn weighted(mut ranker: SpeakerRanker, feature: &str, weight: f32) -> SpeakerRanker {
    let column = FEATURES.iter().position(|f| *f == feature).unwrap();
    for w in &mut ranker.weights {
        w[column] = weight;
    }
    ranker
}

/// `d` resolved with `passes` (and `ranker`).
fn resolved_with(d: &Doc, ranker: Option<&SpeakerRanker>, passes: Passes) -> Attribution {
    Resolver { ranker, passes }.resolve(&d.text, draft(d))
}

/// The speaker names of `d`'s quotes, resolved with `passes` (and `ranker`).
fn names_with(d: &Doc, ranker: Option<&SpeakerRanker>, passes: Passes) -> Vec<Option<String>> {
    names(&resolved_with(d, ranker, passes))
}

/// Resolves `d` with `ranker`, `feature` weighing `weight` in every context.
fn run_weighted(d: &Doc, ranker: SpeakerRanker, feature: &str, weight: f32) -> Attribution {
    let ranker = weighted(ranker, feature, weight);
    resolve_with(
        &d.text,
        &d.paragraphs,
        d.quotes.clone(),
        &draft(d).mentions,
        Some(&ranker),
    )
}

#[test]
fn rules_ranker_reproduces_the_rules_and_weights_change_choices() {
    let d = narrated();
    let rules = names(&run(&d));
    let by_default = resolve_with(
        &d.text,
        &d.paragraphs,
        d.quotes.clone(),
        &draft(&d).mentions,
        Some(&SpeakerRanker::default()),
    );
    assert_eq!(names(&by_default), rules);
    // Every quotation has candidates with one feature row each (this short
    // text reads as news, where a quotation with a named speaker mention
    // is that person's without ranking unless `named-sources` is off).
    let items = ranked_without_named_sources(&d);
    assert_eq!(items.len(), d.quotes.len());
    for it in &items {
        assert_eq!(it.names.len(), it.features.len());
        assert!(!it.names.is_empty());
    }
    let with_weight = |feature: &str, weight: f32| {
        names(&run_weighted(&d, SpeakerRanker::default(), feature, weight))
    };
    // A ranker that prefers whoever spoke the last turn gives the narrator's
    // replies to Jane.
    let flipped = with_weight("spoke_turn_1", 5.0);
    assert_eq!(rules[1].as_deref(), Some("Tom Hardy"), "{rules:?}");
    assert_eq!(flipped[1].as_deref(), Some("Jane"), "{flipped:?}");
    // However much a ranker prefers whoever is named inside the quotation,
    // Jane's lines ("Good morning, Tom.") stay hers: the person a line
    // addresses is no candidate for its speaker.
    let addressed = with_weight("named_in_quote", 5.0);
    assert_eq!(addressed[0].as_deref(), Some("Jane"), "{addressed:?}");
}

#[test]
fn headline_quote_goes_to_the_leads_speaker() {
    let body = [
        "Oil prices 'will hit growth'",
        "Rising oil prices will hit world growth next year, the OECD said on Tuesday.",
        "\"The outlook has darkened,\" said Jean Dupont, a French economist.",
    ];
    let quotes = [
        ("will hit growth", None),
        (
            "Rising oil prices will hit world growth next year",
            Some("the OECD"),
        ),
        ("The outlook has darkened,", Some("Jean Dupont")),
    ];
    let a = run(&doc(&body, &quotes));
    assert_eq!(names(&a), some(&["OECD", "OECD", "Jean Dupont"]));

    // A first paragraph that is a sentence is not a headline: its bare
    // quotation is not given to the next speaker.
    let mut sentence = body;
    sentence[0] = "Traders said on Monday that oil prices 'will hit growth', and more.";
    let a = run(&doc(&sentence, &quotes));
    assert_ne!(names(&a)[0].as_deref(), Some("OECD"), "{:?}", names(&a));
}

#[test]
fn mention_cut_inside_a_possessor_goes_to_the_possessed_name() {
    // The tagger marked only "Blue" of "Blue Harbour's Tom Weller": the
    // speaker is the person the band's name possesses, not the band.
    let d = doc(
        &["\"We are all very excited to be back,\" said Blue Harbour's Tom Weller."],
        &[("We are all very excited to be back,", Some("Blue"))],
    );
    assert_eq!(names(&run(&d)), some(&["Tom Weller"]));
}

#[test]
fn name_modifying_a_definite_description_is_not_the_speaker() {
    // "the Carlow man": the place name modifies "man"; the man is the walker.
    let d = doc(
        &[
            "Sean Dolan, a race walker, is aiming for a comeback next year.",
            "\"My back had been broken in two places,\" says the Carlow man.",
        ],
        &[(
            "My back had been broken in two places,",
            Some("the Carlow man"),
        )],
    );
    assert_eq!(names(&run(&d)), some(&["Sean Dolan"]));
}

#[test]
fn fiction_keeps_the_article_the_narration_uses() {
    // "the Mock Turtle" in steady use: named with its article, as the
    // narration (and a reader) would.
    let d = alice_talks_with("the Mock Turtle", "the Mock Turtle", Vec::new(), Vec::new());
    let got = names(&run(&d));
    assert_eq!(got[0].as_deref(), Some("Alice"), "{got:?}");
    assert_eq!(got[1].as_deref(), Some("The Mock Turtle"), "{got:?}");
}

/// A name the narration writes after a preposition of place ("at Selby
/// Royal") carries that as a feature, so the ranker can tell a place from a
/// speaker; a person's name in a possessive ("in Tony's study") does not.
#[test]
fn a_name_written_after_a_preposition_of_place_is_marked_as_one() {
    let d = doc(
        &[
            "Tony Last drove down to the country at last.",
            "They dined at Selby Royal. The rain at Selby Royal never stopped. Tony sat in Tony's study.",
            "\"It is cold here,\" said Tony.",
            "\"Yes, it is.\"",
        ],
        &[("It is cold here,", Some("Tony")), ("Yes, it is.", None)],
    );
    let items = ranked_without_named_sources(&d);
    let value = |name: &str| feature_of(&items[1], name, "written_as_place");
    assert_eq!(value("Selby Royal"), 1.0);
    assert_eq!(value("Tony Last"), 0.0);
}

/// The value of `feature` for the candidate `name` of a ranking problem.
fn feature_of(item: &whosaid::resolve::ranker::RankItem, name: &str, feature: &str) -> f32 {
    let column = FEATURES
        .iter()
        .position(|f| *f == feature)
        .expect("the feature exists");
    let k = item
        .names
        .iter()
        .position(|n| n == name)
        .unwrap_or_else(|| panic!("{name} is no candidate: {:?}", item.names));
    item.features[k].values()[column]
}

/// "said the old gentleman" tells the speaker's gender as "he said" does:
/// the ranker sees whether each candidate's gender agrees with the head of
/// the description.
#[test]
fn a_gendered_description_marks_who_agrees_with_it() {
    let d = doc(
        &[
            "Mrs. Maylie and Mr. Brownlow sat in the parlour.",
            "\"It is very late,\" said the old gentleman.",
        ],
        &[("It is very late,", Some("the old gentleman"))],
    );
    let items = ranked_without_named_sources(&d);
    let value = |name: &str, feature: &str| feature_of(&items[0], name, feature);
    assert_eq!(value("Mr. Brownlow", "description_gender_match"), 1.0);
    assert_eq!(value("Mr. Brownlow", "description_gender_mismatch"), 0.0);
    assert_eq!(value("Mrs. Maylie", "description_gender_match"), 0.0);
    assert_eq!(value("Mrs. Maylie", "description_gender_mismatch"), 1.0);
}

/// "she said" in a scene of two men and a woman marks the woman as the only
/// one of the scene it can be; with two women, neither; a woman named
/// before the scene is not in it.
#[test]
fn the_only_person_of_the_pronouns_gender_in_the_scene_is_marked() {
    // The scene opens with `opening` (Mr. Brownlow and Mr. Grimwig in the
    // parlour); the first line is Mr. Brownlow's, the second `second`'s,
    // the third "she said" after `narration`.
    let only_agreeing = |opening: &str, second: &'static str, narration: &str, name: &str| {
        let greeting = format!("\"Good evening to you,\" said {second}.");
        let third = format!("{narration} \"You are late,\" she said.");
        let d = doc(
            &[
                opening,
                "\"Good evening,\" said Mr. Brownlow.",
                &greeting,
                &third,
            ],
            &[
                ("Good evening,", Some("Mr. Brownlow")),
                ("Good evening to you,", Some(second)),
                ("You are late,", Some("she")),
            ],
        );
        feature_of(
            &ranked_without_named_sources(&d)[2],
            name,
            "only_agreeing_in_scene",
        )
    };
    let parlour = "Mr. Brownlow and Mr. Grimwig sat in the parlour.";
    let maylie_gone_before =
        "Mrs. Maylie had gone out. Mr. Brownlow and Mr. Grimwig sat in the parlour.";
    let bow = "Mr. Grimwig bowed.";
    assert_eq!(
        only_agreeing(parlour, "Mrs. Maylie", bow, "Mrs. Maylie"),
        1.0
    );
    assert_eq!(
        only_agreeing(parlour, "Mrs. Maylie", bow, "Mr. Brownlow"),
        0.0
    );
    assert_eq!(
        only_agreeing(parlour, "Mrs. Maylie", bow, "Mr. Grimwig"),
        0.0
    );
    let nancy = "Nancy came in.";
    assert_eq!(
        only_agreeing(parlour, "Mrs. Maylie", nancy, "Mrs. Maylie"),
        0.0
    );
    assert_eq!(only_agreeing(parlour, "Mrs. Maylie", nancy, "Nancy"), 0.0);
    assert_eq!(
        only_agreeing(maylie_gone_before, "Mr. Grimwig", bow, "Mrs. Maylie"),
        0.0
    );
}

/// "said her mother": the speaker is of the family of the woman "her"
/// last names (her surname, a woman), and is not that woman herself.
#[test]
fn a_family_relation_points_into_the_possessors_family() {
    // A novel's register: twenty bare lines of dialogue come first.
    let mut paras = Vec::new();
    let mut quotes = Vec::new();
    for k in 0..20 {
        paras.push(format!("\"Line {k}.\""));
        quotes.push((format!("Line {k}."), None));
    }
    paras.push(
        "Mrs. Gradgrind and Jane Gradgrind sat by the fire. Mr. Bounderby came in.".to_string(),
    );
    paras.push("\"Where is your brother?\" asked her mother.".to_string());
    quotes.push(("Where is your brother?".to_string(), Some("her mother")));
    let d = owned_doc(&paras, &quotes);
    let items = ranked_without_named_sources(&d);
    let last = items.last().expect("the quotation is ranked");
    let value = |name: &str, feature: &str| feature_of(last, name, feature);
    assert_eq!(value("Mrs. Gradgrind", "kin_of_possessor"), 1.0);
    assert_eq!(value("Jane Gradgrind", "kin_of_possessor"), 0.0);
    assert_eq!(value("Jane Gradgrind", "kin_possessor"), 1.0);
    assert_eq!(value("Mr. Bounderby", "kin_of_possessor"), 0.0);
    assert_eq!(value("Mr. Bounderby", "kin_possessor"), 0.0);
}

/// A bare first line that sounds like Fagin ("my dear"), before anyone has
/// spoken: the first reading has no voice to hear it in; a second reading
/// hears it in the lines the first reading gave Fagin later on.
#[test]
fn a_second_reading_hears_a_voice_from_later_lines() {
    use whosaid::resolve::ranker::Reading;
    let d = doc(
        &[
            "Fagin and Nancy sat by the fire in the old house.",
            "\"Ah, my dear, my dear, how cold the night is.\"",
            "\"It is late,\" said Nancy.",
            "\"Sit down, my dear, sit down,\" said Fagin.",
            "\"I will not,\" said Nancy.",
            "\"My dear, you will,\" said Fagin.",
        ],
        &[
            ("Ah, my dear, my dear, how cold the night is.", None),
            ("It is late,", Some("Nancy")),
            ("Sit down, my dear, sit down,", Some("Fagin")),
            ("I will not,", Some("Nancy")),
            ("My dear, you will,", Some("Fagin")),
        ],
    );
    let read = |reading: Reading, weight: f32| {
        let r = SpeakerRanker {
            reading,
            ..SpeakerRanker::default()
        };
        names(&run_weighted(&d, r, "first_reading_voice", weight))
    };
    let rules = names(&run(&d));
    assert_ne!(rules[0].as_deref(), Some("Fagin"), "{rules:?}");
    // Read once, the feature is never seen: the rules' choices stand.
    assert_eq!(read(Reading::Once, 5.0), rules);
    let twice = read(Reading::Twice, 5.0);
    assert_eq!(twice[0].as_deref(), Some("Fagin"), "{twice:?}");
    assert_eq!(&twice[1..], &rules[1..], "{twice:?}");
    // Without weight on it, the second reading changes nothing.
    assert_eq!(read(Reading::Twice, 0.0), rules);
}

/// "Quenby found that she was tired": a narration sentence's pronoun after one
/// name gives that name (known to no list) a gender, so "he" later goes to
/// the man, not to the woman named last. Without the pass both names are
/// of unknown gender and "he" takes the nearer one.
#[test]
fn a_pronoun_after_a_name_in_narration_gives_it_a_gender() {
    let d = doc(
        &[
            "Newland took his hat from the table.",
            "Quenby found that she was tired.",
            "\"Go home,\" he said.",
        ],
        &[("Go home,", Some("he"))],
    );
    assert_eq!(names_with(&d, None, Passes::default()), some(&["Newland"]));
    let off = names_with(&d, None, Passes::default().without(Pass::SentencePronouns));
    assert_eq!(off, some(&["Quenby"]), "{off:?}");
}

/// "said the croupier" with nobody described as a croupier before: the rules
/// take the description for the most salient person (Mr. Grey), and the
/// described person of its own is a candidate beside him, which a ranker
/// that weighs that feature chooses. With the pass off there is no such
/// candidate, whatever the weight.
#[test]
fn a_description_with_no_antecedent_offers_its_own_person() {
    let d = doc(
        &[
            "Mr. Grey walked into the casino and sat down at the green table.",
            "\u{201c}Place your bets, gentlemen,\u{201d} said the croupier.",
            "Mr. Grey put down a coin and waited.",
        ],
        &[("Place your bets, gentlemen,", Some("the croupier"))],
    );
    assert_eq!(names(&run(&d)), some(&["Mr. Grey"]));
    let ranker = weighted(SpeakerRanker::default(), "own_description", 5.0);
    let with = |passes: Passes| names_with(&d, Some(&ranker), passes);
    assert_eq!(with(Passes::default()), some(&["the croupier"]));
    let off = with(Passes::default().without(Pass::DescribedCandidates));
    assert_eq!(off, some(&["Mr. Grey"]), "{off:?}");
}

/// Paragraphs and quotations of `opening` narration and then `rounds` of
/// Jane and Anna talking, enough bare-line dialogue for the document to
/// read as fiction: Jane's line, Anna's reply, and a bare line.
fn jane_and_anna_talk(
    opening: &str,
    rounds: usize,
) -> (Vec<String>, Vec<(String, Option<&'static str>)>) {
    let mut paras = vec![opening.to_string()];
    let mut quotes = Vec::new();
    for i in 0..rounds {
        paras.push(format!("\"It is cold, day {i},\" said Jane."));
        paras.push(format!("\"Colder than day {i},\" said Anna."));
        paras.push(format!("\"Much colder, {i}.\""));
        quotes.push((format!("It is cold, day {i},"), Some("Jane")));
        quotes.push((format!("Colder than day {i},"), Some("Anna")));
        quotes.push((format!("Much colder, {i}."), None));
    }
    (paras, quotes)
}

/// The names quotation `i` of `a` is addressed to.
fn addressed(a: &Attribution, i: usize) -> Vec<&str> {
    a.quotes[i]
        .addressees
        .iter()
        .map(|x| x.name.as_str())
        .collect()
}

/// Whoever the narration names in the scene is a candidate addressee even
/// when they never speak: Mrs. Grey listens while Jane and Anna talk.
#[test]
fn a_silent_listener_in_the_scene_is_a_candidate_addressee() {
    let (mut paras, mut quotes) = jane_and_anna_talk(
        "Jane Eyre and Anna Holt sat with Mrs. Grey in the garden of the old house.",
        8,
    );
    for line in [
        "Much later, in another town, the bells rang over the empty square at noon.",
        "Nobody was there; the shops were shut and the streets were wet with rain.",
        "The wind blew through the square and over the roofs of the town all day.",
        "The clocks struck one, then two, and the light began to fade at last.",
    ] {
        paras.push(line.into());
    }
    paras.push("\"Who is there?\" said Anna.".into());
    quotes.push(("Who is there?".into(), Some("Anna")));
    let d = owned_doc(&paras, &quotes);
    let utterances = Resolver::default().addressee_candidates(&d.text, &draft(&d));
    let present = |u: usize| -> Vec<String> {
        utterances[u]
            .candidates
            .iter()
            .filter(|c| c.features.present_in_narration)
            .map(|c| c.name.clone())
            .collect()
    };
    // In the garden, Mrs. Grey is there for Jane's first line, and Jane is
    // never her own addressee.
    assert!(
        present(0).iter().any(|n| n.contains("Grey")),
        "{:?}",
        present(0)
    );
    assert!(
        !present(0).iter().any(|n| n.contains("Jane")),
        "{:?}",
        present(0)
    );
    // Four paragraphs of narration after the talk, the garden scene is over.
    let last = utterances.len() - 1;
    assert!(
        !present(last).iter().any(|n| n.contains("Grey")),
        "{:?}",
        present(last)
    );
}

/// A line that speaks to several people at once ("Gentlemen, …",
/// "yourselves") says so to the addressee model, for every candidate; a
/// line to one person does not, and neither does a word that only
/// contains a listed one ("Ladiesmith").
#[test]
fn a_line_to_a_group_is_marked_for_the_addressee_model() {
    let (mut paras, mut quotes) = jane_and_anna_talk(
        "Jane Eyre and Anna Holt sat with Tom Hardy and Mrs. Grey in the garden.",
        6,
    );
    for (line, speaker) in [
        ("Gentlemen, be seated,", "Tom"),
        ("Help yourselves to tea,", "Jane"),
        ("Ladiesmith is far away,", "Anna"),
    ] {
        paras.push(format!("\"{line}\" said {speaker}."));
        quotes.push((line.into(), Some(speaker)));
    }
    let d = owned_doc(&paras, &quotes);
    let utterances = Resolver::default().addressee_candidates(&d.text, &draft(&d));
    let marked = |u: usize| -> Vec<bool> {
        utterances[u]
            .candidates
            .iter()
            .map(|c| c.features.group_address)
            .collect()
    };
    let n = utterances.len();
    assert_eq!(n, quotes.len());
    for u in [n - 3, n - 2] {
        assert!(
            !marked(u).is_empty() && marked(u).iter().all(|&m| m),
            "{u}: {:?}",
            marked(u)
        );
    }
    for u in [0, 1, n - 1] {
        assert!(marked(u).iter().all(|&m| !m), "{u}: {:?}", marked(u));
    }
}

/// In a conversation a line is spoken to someone: when the addressee model
/// keeps none of a line's candidates, the line goes to its likeliest one
/// (here the last other speaker). The same model over a news article keeps
/// none, as there only the text names addressees.
#[test]
fn a_line_of_a_conversation_is_spoken_to_someone() {
    use whosaid::resolve::addressee_model::{
        AddresseeModel, ADDRESSEE_INPUTS, NUM_ADDRESSEE_INPUTS,
    };
    let mut model = AddresseeModel::new(vec![0.0; NUM_ADDRESSEE_INPUTS], -5.0);
    let last = ADDRESSEE_INPUTS
        .iter()
        .position(|n| *n == "previous_speaker_1")
        .unwrap();
    model.weights[last] = 1.0;
    let ranker = SpeakerRanker {
        addressee_model: Some(model),
        ..SpeakerRanker::default()
    };
    let resolver = Resolver {
        ranker: Some(&ranker),
        passes: Passes::default(),
    };
    let (paras, quotes) = jane_and_anna_talk("Jane Eyre and Anna Holt sat in the garden.", 8);
    let d = owned_doc(&paras, &quotes);
    let a = resolver.resolve(&d.text, draft(&d));
    // Anna's first line answers Jane, and Jane's second answers Anna.
    assert_eq!(addressed(&a, 1), ["Jane"]);
    assert_eq!(addressed(&a, 3), ["Anna"]);
    assert!(a.quotes[1..].iter().all(|q| q.addressees.len() == 1));
    // News: the text alone names addressees, whatever a model fitted on
    // novels would keep: the BBC is told, the other line is told nobody.
    let mut news = doc(
        &[
            "Maria Lopez, the mayor of Leon, spoke on Monday.",
            "Ms Lopez told the BBC: \u{201c}We are ready for the storm.\u{201d}",
            "\u{201c}The bridges will stay open,\u{201d} said John Smith, her deputy.",
        ],
        &[
            ("We are ready for the storm.", Some("Ms Lopez")),
            ("The bridges will stay open,", Some("John Smith")),
        ],
    );
    let told = news.text.find("told").expect("the cue");
    news.quotes[0].cue = Some(Span::new(told, told + "told".len()));
    let a = resolver.resolve(&news.text, draft(&news));
    assert_eq!(addressed(&a, 0), ["BBC"]);
    assert!(addressed(&a, 1).is_empty(), "{:?}", addressed(&a, 1));
}

/// An article where Connors speaks, then Crowther is named as the source of
/// the next quotation: whatever a ranker weighs, in news the named source's
/// words are his (pass `named-sources`); with the pass off, a ranker that
/// prefers the previous turn's speaker hands them to Connors, and the
/// quotation then reports no mention (a reported mention never names
/// someone other than the reported speaker).
#[test]
fn in_news_a_named_source_is_the_speaker() {
    let d = doc(
        &[
            "Connors boost for tennis",
            "Former number one Jimmy Connors will work with the association. \"The kids have the right attitude,\" said Connors.",
            "Chief executive John Crowther added: \"We want to use Jimmy for a number of weeks a year.\"",
        ],
        &[
            ("The kids have the right attitude,", Some("Connors")),
            ("We want to use Jimmy for a number of weeks a year.", Some("John Crowther")),
        ],
    );
    let ranker = weighted(SpeakerRanker::default(), "spoke_turn_1", 50.0);
    let with = resolved_with(&d, Some(&ranker), Passes::default());
    assert_eq!(
        names(&with),
        vec![Some("Jimmy Connors".into()), Some("John Crowther".into())]
    );
    assert_eq!(with.quotes[1].mention, d.quotes[1].mention);
    let without = resolved_with(
        &d,
        Some(&ranker),
        Passes::default().without(Pass::NamedSources),
    );
    assert_eq!(names(&without)[1].as_deref(), Some("Jimmy Connors"));
    assert_eq!(without.quotes[1].mention, None);
    // The first quotation's mention names its speaker and stays.
    assert_eq!(without.quotes[0].mention, d.quotes[0].mention);
}

/// A title page's author is not a character, and a word for a people
/// ("the Englishman") describes its speaker rather than naming an entity.
#[test]
fn a_title_page_and_a_people_name_no_character() {
    let d = doc(
        &[
            "by Jane Austen",
            "\"Good morning,\" said Jane.",
            "Jane Bennet smiled at the Englishman by the window.",
            "\"It is a cold country,\" said the Englishman.",
        ],
        &[
            ("Good morning,", Some("Jane")),
            ("It is a cold country,", Some("the Englishman")),
        ],
    );
    let a = run(&d);
    let got = names(&a);
    assert_eq!(got[0].as_deref(), Some("Jane Bennet"), "{got:?}");
    // "The Englishman" is a man described (not Jane), not an entity named
    // "Englishman".
    assert_eq!(got[1].as_deref(), Some("the Englishman"), "{got:?}");
}

#[test]
fn speakers_named_by_a_word_name_a_lower_case_rank_and_a_cut_mention() {
    // Error classes of fiction: a first name that is also a month ("May"),
    // a rank of the peerage written "the duchess", and a speaker mention the
    // tagger stopped at its article ("the" of "said the count").
    let mut paras: Vec<String> =
        vec!["May Welland and Count Greffi sat with the Duchess of Monmouth at the opera.".into()];
    let mut quotes = Vec::new();
    for i in 0..3 {
        paras.push(format!("\"It is late, number {i},\" May said."));
        quotes.push((format!("It is late, number {i},"), Some("May")));
        paras.push(format!(
            "\"Not at all, number {i},\" said the count, bowing."
        ));
        quotes.push((format!("Not at all, number {i},"), Some("the")));
        paras.push(format!("\"Nonsense, number {i},\" said the duchess."));
        quotes.push((format!("Nonsense, number {i},"), Some("the duchess")));
    }
    let d = owned_doc(&paras, &quotes);
    let got = names(&run(&d));
    for turn in got.chunks(3) {
        assert_eq!(turn[0].as_deref(), Some("May Welland"), "{got:?}");
        assert_eq!(turn[1].as_deref(), Some("Count Greffi"), "{got:?}");
        assert_eq!(turn[2].as_deref(), Some("Duchess of Monmouth"), "{got:?}");
    }
}

#[test]
fn a_news_quotation_is_not_given_to_a_source_named_in_another_paragraph() {
    // News: a paragraph of quotation goes on with the source of the
    // paragraph before; a tagger link from it to the next paragraph's
    // source ("David Felgate told BBC Sport") is no speaker mention of it.
    let mut d = doc(
        &[
            "\"Britain has the right attitude,\" said Jimmy Connors. \"The kids will ask.\"",
            "\"It was interesting to see them work.\"",
            "Coach David Felgate told BBC Sport: \"Jimmy was fantastic with the players.\"",
        ],
        &[
            ("Britain has the right attitude,", Some("Jimmy Connors")),
            ("The kids will ask.", None),
            ("It was interesting to see them work.", None),
            (
                "Jimmy was fantastic with the players.",
                Some("David Felgate"),
            ),
        ],
    );
    let felgate = d.text.find("David Felgate").unwrap();
    d.quotes[2].mention = Some(Span::new(felgate, felgate + "David Felgate".len()));
    let mut expected = some(&["Jimmy Connors"; 3]);
    expected.push(Some("David Felgate".into()));
    assert_eq!(names(&run(&d)), expected);
    // The pass off, the link stands.
    let off = Passes::default().without(Pass::OwnParagraphMentions);
    assert_eq!(
        names_with(&d, None, off)[2].as_deref(),
        Some("David Felgate")
    );
}

/// "he said" right after the narration introduces a man marks him: the
/// person of the pronoun's gender the paragraph's narration names last
/// before the line, not the source who spoke before, nor a woman named
/// after him, nor someone of the paragraph before.
#[test]
fn the_person_just_introduced_is_marked_for_he_said() {
    // The third paragraph opens with `narration`, then "…," he said.
    let marked = |narration: &str, name: &str| {
        let third = format!("{narration}\"It will be a hybrid,\" he said.");
        let d = doc(
            &[
                "Matthew Warchus directs the show.",
                "\"It will be huge,\" said Kevin Wallace.",
                &third,
            ],
            &[
                ("It will be huge,", Some("Kevin Wallace")),
                ("It will be a hybrid,", Some("he")),
            ],
        );
        feature_of(
            &ranked_without_named_sources(&d)[1],
            name,
            "last_agreeing_in_paragraph",
        )
    };
    let introduced = "The director is Matthew Warchus, who staged Art with Yasmina Reza. ";
    assert_eq!(marked(introduced, "Matthew Warchus"), 1.0);
    assert_eq!(marked(introduced, "Kevin Wallace"), 0.0);
    // A woman named after him is not of the pronoun's gender; with the
    // introduction gone, nobody in the paragraph is.
    assert_eq!(marked("", "Matthew Warchus"), 0.0);
    assert_eq!(marked("", "Kevin Wallace"), 0.0);
}
