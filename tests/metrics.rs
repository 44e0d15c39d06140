//! Scoring tests on hand-made texts, plus checks on the shared corpora
//! (skipped when the data folder is absent).

use std::path::PathBuf;

use whosaid::corpus::{news, pdnc, GoldDoc, GoldQuote, PredDoc, PredQuote};
use whosaid::metrics::{names_match, score, speaker_correct, Cast, ErrorCase, SpeakerTurn, Tally};
use whosaid::{QuoteKind, Span};

const TEXT: &str = "\u{201c}We will win,\u{201d} said Mike Trainor. \
Mr Trainor added that costs would fall. \u{201c}Never again,\u{201d} she said.";

fn span_of(text: &str, needle: &str) -> Span {
    let s = text.find(needle).expect("needle in text");
    Span::new(s, s + needle.len())
}

fn gold_quote(span: Span, label: &str, speaker: Option<&str>, mention: Option<Span>) -> GoldQuote {
    GoldQuote {
        span,
        kind: QuoteKind::parse(label).unwrap_or(QuoteKind::Direct),
        label: label.to_string(),
        speaker: speaker.map(str::to_string),
        speaker_aliases: Vec::new(),
        mention,
        cue: None,
        addressees: Vec::new(),
        quote_id: None,
    }
}

fn pred_quote(span: Span, speaker: Option<&str>) -> PredQuote {
    PredQuote {
        span,
        kind: None,
        speaker: speaker.map(str::to_string),
        mention: None,
        group: None,
        addressees: None,
    }
}

fn gold_doc() -> GoldDoc {
    GoldDoc {
        id: "doc".to_string(),
        text: TEXT.to_string(),
        quotes: vec![
            gold_quote(
                span_of(TEXT, "We will win,"),
                "direct",
                Some("Mike Trainor"),
                Some(span_of(TEXT, "Mike Trainor")),
            ),
            gold_quote(
                span_of(TEXT, "costs would fall"),
                "indirect",
                Some("Mike Trainor"),
                Some(span_of(TEXT, "Mr Trainor")),
            ),
            gold_quote(span_of(TEXT, "Never again,"), "direct", None, None),
        ],
    }
}

fn as_pred(doc: &GoldDoc) -> PredDoc {
    PredDoc {
        id: doc.id.clone(),
        quotes: doc
            .quotes
            .iter()
            .map(|q| PredQuote {
                span: q.span,
                kind: Some(q.kind),
                speaker: q.speaker.clone(),
                mention: q.mention,
                group: None,
                addressees: None,
            })
            .collect(),
    }
}

fn pred_doc(quotes: Vec<PredQuote>) -> PredDoc {
    PredDoc {
        id: "doc".to_string(),
        quotes,
    }
}

fn assert_perfect(t: &Tally) {
    for v in [
        t.precision(),
        t.recall(),
        t.f1(),
        t.exact_f1(),
        t.speaker_accuracy(),
        t.e2e_f1(),
    ] {
        assert!((v - 1.0).abs() < 1e-12, "{t:?}");
    }
}

#[test]
fn perfect_predictions() {
    let gold = gold_doc();
    let r = score(std::slice::from_ref(&gold), &[as_pred(&gold)]);
    assert_perfect(&r.overall);
    assert_eq!(r.by_label["direct"].gold, 2);
    assert_eq!(r.by_label["indirect"].recall(), 1.0);
    assert_eq!(r.by_label["direct"].e2e_recall(), 1.0);
    assert!(r.errors.is_empty());
    assert_eq!(r.missing_docs, 0);
    let j = r.to_json();
    assert_eq!(j["all"]["F1"], 1.0);
    assert_eq!(j["direct"]["gold"], 2);
    assert_eq!(j["direct"]["pred"], 0);
    assert_eq!(j["_missing_docs"], 0);
    let table = r.to_string();
    assert!(table.starts_with("type"), "{table}");
    assert!(table.contains("R=1.000"), "{table}");
}

#[test]
fn empty_predictions() {
    let gold = gold_doc();
    let r = score(std::slice::from_ref(&gold), &[pred_doc(vec![])]);
    assert_eq!(r.overall.gold, 3);
    assert_eq!(r.overall.pred, 0);
    assert_eq!(r.overall.f1(), 0.0);
    assert_eq!(r.overall.precision(), 0.0);
    assert_eq!(r.missing_docs, 0);
    assert_eq!(
        r.errors
            .iter()
            .filter(|e| matches!(e, ErrorCase::Miss { .. }))
            .count(),
        3
    );
    // No entry at all for the document: also counted as missing.
    let r = score(std::slice::from_ref(&gold), &[]);
    assert_eq!(r.missing_docs, 1);
    assert_eq!(r.overall.recall(), 0.0);
    assert!(r.to_string().contains("documents with no prediction: 1"));
}

#[test]
fn empty_gold() {
    let mut gold = gold_doc();
    gold.quotes.clear();
    let pred = pred_doc(vec![pred_quote(span_of(TEXT, "We will win,"), Some("X"))]);
    let r = score(&[gold], &[pred]);
    assert_eq!(
        (r.overall.gold, r.overall.pred, r.overall.matched),
        (0, 1, 0)
    );
    assert_eq!(r.overall.recall(), 0.0);
    assert_eq!(r.overall.f1(), 0.0);
    assert!(r.by_label.is_empty());
    assert!(matches!(r.errors[0], ErrorCase::FalsePositive { .. }));
    let r = score(&[], &[]);
    assert_eq!(r.overall, Tally::default());
}

#[test]
fn partial_overlap_threshold() {
    let gold = gold_doc();
    let g = gold.quotes[1].span; // "costs would fall", 16 bytes
    let half = Span::new(g.start + 8, g.end + 2); // overlap 8 of longer 16 (exactly half)
    let r = score(
        std::slice::from_ref(&gold),
        &[pred_doc(vec![pred_quote(half, Some("Trainor"))])],
    );
    assert_eq!(r.overall.matched, 1);
    assert_eq!(r.overall.exact, 0);
    let below = Span::new(g.start + 9, g.end); // overlap 7 of 16
    let r = score(
        std::slice::from_ref(&gold),
        &[pred_doc(vec![pred_quote(below, Some("Trainor"))])],
    );
    assert_eq!(r.overall.matched, 0);
    // Longer prediction: overlap 16 of 33 bytes is below half.
    let long = Span::new(g.start - 17, g.end);
    let r = score(
        &[gold],
        &[pred_doc(vec![pred_quote(long, Some("Trainor"))])],
    );
    assert_eq!(r.overall.matched, 0);
}

#[test]
fn exact_match_ignores_marks_and_punctuation() {
    let gold = gold_doc();
    let g = gold.quotes[0].span; // "We will win," inside curly quotes
    let wider = Span::new(g.start - "\u{201c}".len(), g.end + "\u{201d}".len());
    let r = score(
        &[gold],
        &[pred_doc(vec![pred_quote(wider, Some("Mike Trainor"))])],
    );
    assert_eq!((r.overall.matched, r.overall.exact), (1, 1));
}

#[test]
fn duplicate_predictions_match_once() {
    let gold = gold_doc();
    let g = gold.quotes[0].span;
    let p = pred_quote(g, Some("Mike Trainor"));
    let r = score(&[gold], &[pred_doc(vec![p.clone(), p])]);
    assert_eq!(r.overall.pred, 2);
    assert_eq!(r.overall.matched, 1);
    assert!((r.overall.precision() - 0.5).abs() < 1e-12);
    assert_eq!(
        r.errors
            .iter()
            .filter(|e| matches!(e, ErrorCase::FalsePositive { .. }))
            .count(),
        1
    );
}

#[test]
fn null_speakers() {
    let gold = gold_doc();
    let g = &gold.quotes[2]; // speaker unknown
    assert!(speaker_correct(g, &pred_quote(g.span, None), None));
    assert!(!speaker_correct(
        g,
        &pred_quote(g.span, Some("Mike Trainor")),
        None,
    ));
    let named = &gold.quotes[0];
    assert!(!speaker_correct(named, &pred_quote(named.span, None), None));
    let r = score(
        std::slice::from_ref(&gold),
        &[pred_doc(vec![pred_quote(g.span, Some("she"))])],
    );
    assert_eq!(r.overall.speaker_ok, 0);
    assert!(matches!(r.errors[0], ErrorCase::WrongSpeaker { .. }));
}

#[test]
fn title_dropping() {
    assert!(names_match("Mr Trainor", "Mike Trainor"));
    assert!(names_match("Prime Minister Tony Blair", "Mr Blair"));
    assert!(names_match("Trainor's", "Mike Trainor"));
    assert!(!names_match("Mr Smith", "Mike Trainor"));
    assert!(!names_match("the minister", "Mike Trainor"));
}

#[test]
fn alias_matching() {
    let text = "\u{201c}Nonsense,\u{201d} said Mrs. Bennet. \u{201c}Yes,\u{201d} said Lizzy.";
    let mut mrs = gold_quote(
        span_of(text, "Nonsense,"),
        "explicit",
        Some("Mrs. Bennet"),
        None,
    );
    mrs.speaker_aliases = vec!["Mrs. Bennet".into(), "Mrs Bennet".into()];
    // Without aliases the surname alone would match; with them it must not.
    assert!(names_match("Mr. Bennet", "Mrs. Bennet"));
    assert!(!speaker_correct(
        &mrs,
        &pred_quote(mrs.span, Some("Mr. Bennet")),
        None,
    ));
    assert!(speaker_correct(
        &mrs,
        &pred_quote(mrs.span, Some("mrs bennet")),
        None,
    ));
    let mut liz = gold_quote(
        span_of(text, "Yes,"),
        "explicit",
        Some("Elizabeth Bennet"),
        None,
    );
    liz.speaker_aliases = vec!["Elizabeth Bennet".into(), "Lizzy".into()];
    assert!(speaker_correct(
        &liz,
        &pred_quote(liz.span, Some("Lizzy")),
        None
    ));
    assert!(!speaker_correct(
        &liz,
        &pred_quote(liz.span, Some("Jane Bennet")),
        None,
    ));
}

/// Fiction speakers are scored by character: a name that is no listed alias
/// still counts when it denotes the gold character and no other.
#[test]
fn character_rule() {
    let text = "\u{201c}A,\u{201d} said X. \u{201c}B,\u{201d} said Y. \u{201c}C,\u{201d} said Z. \u{201c}D,\u{201d} said W.";
    let q = |s: &str, speaker: &str, aliases: &[&str]| {
        let mut g = gold_quote(span_of(text, s), "explicit", Some(speaker), None);
        g.speaker_aliases = aliases.iter().map(|a| a.to_string()).collect();
        g
    };
    let quotes = vec![
        q("A,", "Elizabeth", &["Elizabeth", "Lizzy", "Miss Bennet"]),
        q("B,", "Mrs. Bennet", &["Mrs. Bennet"]),
        q("C,", "Mr. Bennet", &["Mr. Bennet"]),
        q("D,", "Jane", &["Jane", "Miss Jane Bennet"]),
    ];
    let cast = Cast::of(&quotes);
    let right = |g: &whosaid::corpus::GoldQuote, name: &str| {
        speaker_correct(g, &pred_quote(g.span, Some(name)), Some(&cast))
    };
    // A full name the aliases lack: "elizabeth" is Elizabeth's alone.
    assert!(right(&quotes[0], "Elizabeth Bennet"));
    assert_eq!(cast.best("Elizabeth Bennet"), Some("Elizabeth"));
    // Without the cast, only a listed alias counts.
    assert!(!speaker_correct(
        &quotes[0],
        &pred_quote(quotes[0].span, Some("Elizabeth Bennet")),
        None
    ));
    // A title of the other gender rules a character out.
    assert!(right(&quotes[1], "Mrs Bennet"));
    assert!(!right(&quotes[2], "Mrs. Bennet"));
    assert_eq!(cast.best("Mr Bennet"), Some("Mr. Bennet"));
    // "Bennet" alone is shared by four characters and ties: nobody.
    assert_eq!(cast.best("Bennet"), None);
    // A merged name denotes nobody: Elizabeth and Jane tie.
    assert_eq!(cast.best("Elizabeth Jane"), None);
    assert!(!right(&quotes[3], "Elizabeth Jane"));
    // Words of address are not names.
    assert_eq!(cast.best("my dear Jane"), Some("Jane"));
}

#[test]
fn mention_overlap_rule() {
    let gold = gold_doc();
    let g = &gold.quotes[1]; // mention "Mr Trainor"
    let mut p = pred_quote(g.span, Some("the chip giant's evangelist"));
    assert!(!speaker_correct(g, &p, None));
    p.mention = Some(span_of(TEXT, "Trainor added"));
    assert!(speaker_correct(g, &p, None));
    p.mention = Some(span_of(TEXT, "added"));
    assert!(!speaker_correct(g, &p, None));
    // A null prediction is wrong even with an overlapping mention.
    p.speaker = None;
    p.mention = g.mention;
    assert!(!speaker_correct(g, &p, None));
}

/// The shared data folder: `$WHOSAID_DATA` or `../shared/data`.
fn data_dir() -> Option<PathBuf> {
    let dir = std::env::var_os("WHOSAID_DATA")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/data"));
    if dir.is_dir() {
        Some(dir)
    } else {
        eprintln!(
            "skipping: data folder {} not found (set WHOSAID_DATA)",
            dir.display()
        );
        None
    }
}

#[test]
fn news_dev_gold_scores_perfectly_against_itself() {
    let Some(dir) = data_dir() else { return };
    let path = dir.join("news/gold/dev.jsonl");
    if !path.is_file() {
        eprintln!("skipping: {} not found", path.display());
        return;
    }
    let gold = news::read_gold(&path).expect("dev gold reads");
    assert!(!gold.is_empty());
    for d in &gold {
        for q in &d.quotes {
            assert!(d.text.get(q.span.start..q.span.end).is_some());
        }
    }
    let pred: Vec<PredDoc> = gold.iter().map(as_pred).collect();
    let r = score(&gold, &pred);
    assert_perfect(&r.overall);
    for t in r.by_label.values() {
        assert_eq!(t.recall(), 1.0);
        assert_eq!(t.speaker_accuracy(), 1.0);
    }
}

#[test]
fn reads_a_pdnc_novel() {
    let Some(dir) = data_dir() else { return };
    let root = dir.join("pdnc");
    let names = pdnc::list_novels(&root);
    let Some(name) = names.iter().find(|n| *n == "Persuasion").or(names.first()) else {
        eprintln!("skipping: no PDNC novels under {}", root.display());
        return;
    };
    let docs = pdnc::read_novels(&root, &[name.as_str()]).expect("novel reads");
    let doc = &docs[0];
    assert_eq!(&doc.id, name);
    assert!(doc.quotes.len() > 100);
    let mut located = 0;
    let mut attributed = 0;
    for q in &doc.quotes {
        assert!(doc.text.get(q.span.start..q.span.end).is_some());
        assert!(["explicit", "anaphoric", "implicit"].contains(&q.label.as_str()));
        if let Some(s) = &q.speaker {
            assert!(q.speaker_aliases.contains(s));
        }
        if let Some(m) = q.mention {
            assert!(!doc.text[m.start..m.end].is_empty());
        }
        if q.label != "implicit" {
            attributed += 1;
            located += usize::from(q.mention.is_some());
        }
    }
    assert!(located * 10 > attributed * 9, "{located}/{attributed}");
    let pred = PredDoc {
        id: doc.id.clone(),
        quotes: doc
            .quotes
            .iter()
            .map(|q| pred_quote(q.span, q.speaker.as_deref()))
            .collect(),
    };
    assert_perfect(&score(&docs, &[pred]).overall);
}

/// Grouping links as `score.py` counts them: gold links join consecutive
/// gold quotations with one `quote_id`, predicted links consecutive
/// predictions with one `group`; unmatched or non-adjacent links are wrong.
#[test]
fn grouping_links_are_scored_like_the_reference() {
    let text = "\u{201c}One,\u{201d} he said, \u{201c}two.\u{201d} \u{201c}Three.\u{201d} \u{201c}Four.\u{201d}";
    let words = ["One,", "two.", "Three.", "Four."];
    let ids = ["Q1", "Q1", "Q2", "Q3"];
    let mut gold = GoldDoc {
        id: "g".into(),
        text: text.into(),
        quotes: words
            .iter()
            .zip(ids)
            .map(|(w, id)| GoldQuote {
                quote_id: Some(id.into()),
                ..gold_quote(span_of(text, w), "explicit", None, None)
            })
            .collect(),
    };
    let preds = |groups: [Option<usize>; 4]| PredDoc {
        id: "g".into(),
        quotes: words
            .iter()
            .zip(groups)
            .map(|(w, group)| PredQuote {
                group,
                ..pred_quote(span_of(text, w), None)
            })
            .collect(),
    };
    let links = |gold: &GoldDoc, p: PredDoc| score(std::slice::from_ref(gold), &[p]).grouping;
    // No group in any prediction: grouping is not scored.
    assert_eq!(links(&gold, preds([None; 4])), None);
    let g = links(&gold, preds([Some(0), Some(0), Some(1), Some(2)])).unwrap();
    assert_eq!((g.gold, g.pred, g.correct), (1, 1, 1));
    assert_eq!(g.prf(), (1.0, 1.0, 1.0));
    // One utterance over everything: 3 predicted links, 1 of them right.
    let g = links(&gold, preds([Some(0); 4])).unwrap();
    assert_eq!((g.gold, g.pred, g.correct), (1, 3, 1));
    // Without quote ids in the gold, links are not counted.
    for q in &mut gold.quotes {
        q.quote_id = None;
    }
    let g = links(&gold, preds([Some(0); 4])).unwrap();
    assert_eq!((g.gold, g.pred, g.correct), (0, 0, 0));
}

/// Addressees as `score.py` counts them: on matched quotations whose gold
/// has addressees, each predicted name matched to one gold addressee it
/// denotes (an alias, or the character it names); exact-set accuracy and
/// micro P/R/F1.
#[test]
fn addressees_are_scored_like_the_reference() {
    use whosaid::corpus::GoldAddressee;
    let text = "\u{201c}Come, Jane.\u{201d} \u{201c}No.\u{201d} \u{201c}Why?\u{201d}";
    let person = |name: &str, aliases: &[&str]| GoldAddressee {
        name: name.into(),
        aliases: aliases.iter().map(|a| a.to_string()).collect(),
    };
    let to = [
        vec![person("Jane Eyre", &["Jane", "Miss Eyre"])],
        vec![
            person("Mr. Rochester", &["Rochester"]),
            person("Adele", &[]),
        ],
        vec![],
    ];
    let gold = GoldDoc {
        id: "g".into(),
        text: text.into(),
        quotes: ["Come, Jane.", "No.", "Why?"]
            .iter()
            .zip(to)
            .map(|(w, addressees)| GoldQuote {
                addressees,
                ..gold_quote(span_of(text, w), "implicit", None, None)
            })
            .collect(),
    };
    let pred = |names: [Option<Vec<&str>>; 3]| PredDoc {
        id: "g".into(),
        quotes: ["Come, Jane.", "No.", "Why?"]
            .iter()
            .zip(names)
            .map(|(w, n)| PredQuote {
                addressees: n.map(|v| v.into_iter().map(String::from).collect()),
                ..pred_quote(span_of(text, w), None)
            })
            .collect(),
    };
    let tally = |p| score(std::slice::from_ref(&gold), &[p]).addressees;
    assert_eq!(
        tally(pred([None, None, None])),
        None,
        "not scored without the field"
    );
    // "Jane" is an alias; "Rochester" an alias; "Adele" missed; the third
    // quotation has no gold addressees and is not counted.
    let a = tally(pred([
        Some(vec!["Jane"]),
        Some(vec!["Rochester", "Grace Poole"]),
        Some(vec!["Jane"]),
    ]))
    .unwrap();
    assert_eq!(
        (a.quotes, a.exact, a.gold, a.pred, a.correct),
        (2, 1, 3, 3, 2)
    );
    let (p, r, _) = a.prf();
    assert!((p - 2.0 / 3.0).abs() < 1e-9 && (r - 2.0 / 3.0).abs() < 1e-9);
    assert!((a.exact_accuracy() - 0.5).abs() < 1e-9);
}

/// Speaker accuracy by turn class: an utterance's speaker against the
/// speakers before it (segments of one utterance share the class; lines
/// without a speaker have none; news, without utterance ids, has none).
#[test]
fn speakers_are_scored_by_their_turn_in_the_conversation() {
    let text = "\u{201c}Ann one,\u{201d} she said, \u{201c}Ann two.\u{201d} \
\u{201c}Ben one.\u{201d} \u{201c}Ann three.\u{201d} \u{201c}Ann four.\u{201d} \
\u{201c}Cy one.\u{201d} \u{201c}Ben two.\u{201d} \u{201c}Nobody.\u{201d}";
    let lines: [(&str, &str, Option<&str>); 8] = [
        ("Ann one,", "Q0", Some("Ann")),
        ("Ann two.", "Q0", Some("Ann")),
        ("Ben one.", "Q1", Some("Ben")),
        ("Ann three.", "Q2", Some("Ann")),
        ("Ann four.", "Q3", Some("Ann")),
        ("Cy one.", "Q4", Some("Cy")),
        ("Ben two.", "Q5", Some("Ben")),
        ("Nobody.", "Q6", None),
    ];
    let mut gold = GoldDoc {
        id: "t".into(),
        text: text.into(),
        quotes: lines
            .iter()
            .map(|&(w, id, s)| GoldQuote {
                quote_id: Some(id.into()),
                ..gold_quote(span_of(text, w), "implicit", s, None)
            })
            .collect(),
    };
    // Every line given to Ann.
    let pred = PredDoc {
        id: "t".into(),
        quotes: lines
            .iter()
            .map(|&(w, _, _)| pred_quote(span_of(text, w), Some("Ann")))
            .collect(),
    };
    let report = score(std::slice::from_ref(&gold), std::slice::from_ref(&pred));
    let row = |t: SpeakerTurn| {
        let x = report.by_turn.get(&t).copied().unwrap_or_default();
        (x.gold, x.matched, x.speaker_ok)
    };
    // New: Ann's two segments, Ben one, Cy one; Ann three alternates (Ben
    // between); Ann four follows Ann; Ben two returns (Cy and Ann since).
    assert_eq!(row(SpeakerTurn::New), (4, 4, 2));
    assert_eq!(row(SpeakerTurn::Alternating), (1, 1, 1));
    assert_eq!(row(SpeakerTurn::Previous), (1, 1, 1));
    assert_eq!(row(SpeakerTurn::Returning), (1, 1, 0));
    let counted: usize = report.by_turn.values().map(|t| t.gold).sum();
    assert_eq!(counted, 7, "the line without a speaker has no turn");
    // Without utterance ids (news) there are no turn classes.
    for q in &mut gold.quotes {
        q.quote_id = None;
    }
    assert!(score(&[gold], &[pred]).by_turn.is_empty());
}
