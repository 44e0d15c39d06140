//! End-to-end tests of the whole pipeline on a tiny, randomly initialised
//! model saved to a temp dir. A random model may find any quotations, so
//! these check the invariants of the output, not its content.

mod common;

use std::collections::BTreeSet;

use common::TinyModelDir;
use whosaid::{Attribution, Attributor, Error};

const ARTICLE: &str = "PARIS — Zoë Müller, the city’s new minister, told reporters on Monday: “Prices will fall — again!” 😀\n\n\
“We will never give up,” she said. “Never.”\n\n\
Mr Smith, a spokesman for the police, said the market would rise. According to Dr Jones, «the government has no plan».\n\n\
„Ça va?“ asked Maria López, who runs the café. 'It is very good,' said her husband 👍🏽.";

const UNCLOSED: &str = "The minister said: “prices will fall and this quotation never closes\n\n\
and it goes on into the next paragraph, he added, without any mark at all.";

fn long_text() -> String {
    (0..200)
        .map(|i| match i % 4 {
            0 => format!("“We will never give up, not in year {i},” Mr Smith told reporters."),
            1 => format!("The minister said prices would fall by {i}% — according to Zoë Müller."),
            2 => "“Très bien,” she said. “But it is not good 😀 and it will never be” — Dr Jones"
                .to_string(),
            _ => "Police said the city had asked people to come. \"Who said what?\" asked Maria."
                .to_string(),
        })
        .collect::<Vec<_>>()
        .join("\n\n")
}

fn attributor(dir: &TinyModelDir, batch: usize) -> Attributor {
    common::tiny_builder(dir)
        .batch_size(batch)
        .build()
        .expect("tiny model loads")
}

fn check_span(text: &str, what: &str, start: usize, end: usize) {
    assert!(
        start <= end && end <= text.len(),
        "{what} {start}..{end} outside a text of {} bytes",
        text.len()
    );
    assert!(
        text.get(start..end).is_some(),
        "{what} {start}..{end} not on char boundaries"
    );
}

/// Everything that must hold for any attribution of `text`.
fn check_invariants(text: &str, found: &Attribution) {
    for (i, q) in found.quotes.iter().enumerate() {
        check_span(text, "quote", q.span.start, q.span.end);
        assert!(!q.span.is_empty(), "quote {i} is empty");
        assert!(
            (0.0..=1.0).contains(&q.confidence),
            "quote {i} confidence {}",
            q.confidence
        );
        if let Some(m) = q.mention {
            check_span(text, "mention", m.start, m.end);
        }
        if let Some(c) = q.cue {
            check_span(text, "cue", c.start, c.end);
        }
        if let Some(id) = q.speaker {
            assert!(
                id.0 < found.speakers.len(),
                "quote {i} speaker {id:?} of {}",
                found.speakers.len()
            );
            assert!(found.speaker_of(q).is_some());
        }
    }
    for w in found.quotes.windows(2) {
        assert!(
            (w[0].span.start, w[0].span.end) <= (w[1].span.start, w[1].span.end),
            "quotes not sorted: {:?} then {:?}",
            w[0].span,
            w[1].span
        );
    }
    for (k, sp) in found.speakers.iter().enumerate() {
        assert_eq!(sp.id.0, k, "speaker ids are their indices");
        assert!(!sp.name.is_empty());
        let attributed = found
            .quotes
            .iter()
            .filter(|q| q.speaker == Some(sp.id))
            .count();
        assert_eq!(sp.quote_count, attributed, "speaker {k} quote count");
        for m in &sp.mentions {
            check_span(text, "speaker mention", m.start, m.end);
        }
        assert!(
            sp.mentions.windows(2).all(|w| w[0] <= w[1]),
            "speaker {k} mentions sorted"
        );
    }
}

#[test]
fn tiny_model_loads_from_its_directory() {
    let dir = TinyModelDir::new();
    for f in ["config.json", "tokenizer.json", "model.safetensors"] {
        assert!(dir.file(f).is_file(), "{f} written");
    }
    let a = Attributor::from_dir(dir.path()).expect("from_dir");
    assert_eq!(a.model().config.name, "tiny");
    assert_eq!(a.model().config.max_tokens, common::TINY_MAX_TOKENS);
    assert_eq!(a.model().encoder.vocab_size(), common::vocab().len());
    // The default overlap (64) is too much for a 62-token window: it shrinks to a quarter.
    assert_eq!(a.options().max_tokens, None);
    assert_eq!(a.options().overlap, common::TINY_MAX_TOKENS / 4);
    let b = Attributor::builder()
        .model_dir(dir.path())
        .build()
        .expect("default options");
    assert_eq!(b.options().overlap, common::TINY_MAX_TOKENS / 4);
    check_invariants(ARTICLE, &a.attribute(ARTICLE).unwrap());
    // An overlap the caller chose is never changed.
    let e = Attributor::builder()
        .model_dir(dir.path())
        .window(common::TINY_MAX_TOKENS, 64)
        .build();
    assert!(matches!(e, Err(Error::InvalidInput(_))), "{e:?}");
}

#[test]
fn empty_and_blank_texts() {
    let dir = TinyModelDir::new();
    let a = attributor(&dir, 4);
    for text in ["", " ", "\n\n\n", " \t \r\n \n  ", "\u{a0}\u{2003}"] {
        let found = a.attribute(text).expect("attribute");
        assert!(
            found.quotes.is_empty() && found.speakers.is_empty(),
            "{text:?}: {found:?}"
        );
    }
    let all = a.attribute_batch(&["", "  ", ARTICLE, ""]).unwrap();
    assert_eq!(all.len(), 4);
    assert_eq!(all[0], Attribution::default());
    assert_eq!(all[3], Attribution::default());
    assert!(a.attribute_batch(&[]).unwrap().is_empty());
}

#[test]
fn article_with_curly_quotes_accents_and_emoji() {
    let dir = TinyModelDir::new();
    let a = attributor(&dir, 4);
    let found = a.attribute(ARTICLE).unwrap();
    check_invariants(ARTICLE, &found);
    // With the model's own window and default threshold too.
    let b = Attributor::builder()
        .model_dir(dir.path())
        .window(62, 16)
        .build()
        .unwrap();
    let found = b.attribute(ARTICLE).unwrap();
    check_invariants(ARTICLE, &found);
    assert!(found.quotes.iter().all(|q| q.confidence >= 0.5));
}

#[test]
fn quote_that_never_closes() {
    let dir = TinyModelDir::new();
    let a = attributor(&dir, 1);
    for text in [
        UNCLOSED,
        "“",
        "He said: “",
        "« a",
        "\"",
        "'",
        "“”",
        "\"\"\"\"",
        "“ ” “",
    ] {
        let found = a.attribute(text).unwrap();
        check_invariants(text, &found);
    }
}

#[test]
fn long_text_many_windows_is_deterministic() {
    let dir = TinyModelDir::new();
    let text = long_text();
    let a1 = attributor(&dir, 1);
    let a4 = attributor(&dir, 4);
    let doc = whosaid::text::Document::new(&text, &a1.model().encoder).unwrap();
    let windows = doc.windows(30, whosaid::text::Overlap::uniform(8));
    assert!(windows.len() > 100, "{} windows", windows.len());
    assert!(
        windows.windows(2).any(|w| w[1].start < w[0].end),
        "consecutive windows overlap"
    );

    let one = a1.attribute(&text).unwrap();
    check_invariants(&text, &one);
    eprintln!(
        "{} windows: {} quotes ({} with a speaker, {} with a mention, {} with a cue), {} speakers",
        windows.len(),
        one.quotes.len(),
        one.quotes.iter().filter(|q| q.speaker.is_some()).count(),
        one.quotes.iter().filter(|q| q.mention.is_some()).count(),
        one.quotes.iter().filter(|q| q.cue.is_some()).count(),
        one.speakers.len()
    );
    let four = a4.attribute(&text).unwrap();
    assert_eq!(one, four, "batch size 1 and 4 agree");
    let again = a4.attribute(&text).unwrap();
    assert_eq!(four, again, "repeatable");
}

#[test]
fn batch_equals_individual_calls() {
    let dir = TinyModelDir::new();
    let long = long_text();
    let texts: Vec<&str> = vec![
        ARTICLE,
        "",
        UNCLOSED,
        &long,
        "“Short,” he said.",
        "   ",
        ARTICLE,
    ];
    let reference: Vec<Attribution> = {
        let a = attributor(&dir, 1);
        texts.iter().map(|t| a.attribute(t).unwrap()).collect()
    };
    for (t, found) in texts.iter().zip(&reference) {
        check_invariants(t, found);
    }
    assert_eq!(reference[0], reference[6], "same text, same result");
    for batch in [1, 3, 4, 16] {
        let a = attributor(&dir, batch);
        let all = a.attribute_batch(&texts).unwrap();
        assert_eq!(all.len(), texts.len());
        for (k, (got, want)) in all.iter().zip(&reference).enumerate() {
            assert_eq!(got, want, "batch size {batch}, text {k}");
        }
    }
}

#[test]
fn same_seed_same_model() {
    let d1 = TinyModelDir::with_seed(11);
    let d2 = TinyModelDir::with_seed(11);
    let w1 = std::fs::read(d1.file("model.safetensors")).unwrap();
    let w2 = std::fs::read(d2.file("model.safetensors")).unwrap();
    assert!(w1 == w2, "weights depend only on the seed");
    let text = long_text();
    let r1 = attributor(&d1, 4).attribute(&text).unwrap();
    let r2 = attributor(&d2, 4).attribute(&text).unwrap();
    assert_eq!(r1, r2);
}

/// Building a network draws from libtorch's one global generator; models
/// loaded on other threads at the same time must not change what a seeded
/// build draws.
#[test]
fn a_seeded_model_ignores_loads_on_other_threads() {
    let reference = TinyModelDir::with_seed(13);
    let want = std::fs::read(reference.file("model.safetensors")).unwrap();
    let stop = std::sync::atomic::AtomicBool::new(false);
    std::thread::scope(|scope| {
        for _ in 0..2 {
            scope.spawn(|| {
                // Bounded: at most 200 loads, fewer when the builds end first.
                for _ in 0..200 {
                    if stop.load(std::sync::atomic::Ordering::Relaxed) {
                        break;
                    }
                    attributor(&reference, 4);
                }
            });
        }
        for round in 0..8 {
            let again = TinyModelDir::with_seed(13);
            let got = std::fs::read(again.file("model.safetensors")).unwrap();
            assert!(
                got == want,
                "round {round}: a concurrent load changed the seeded weights"
            );
        }
        stop.store(true, std::sync::atomic::Ordering::Relaxed);
    });
}

#[test]
fn quotes_json_has_the_stable_keys() {
    let dir = TinyModelDir::new();
    let a = attributor(&dir, 4);
    let long = long_text();
    let mut seen_quotes = 0;
    for text in [ARTICLE, UNCLOSED, long.as_str()] {
        let found = a.attribute(text).unwrap();
        let json = serde_json::to_value(found.quotes_json(text)).unwrap();
        let arr = json.as_array().expect("an array");
        assert_eq!(arr.len(), found.quotes.len());
        for (v, q) in arr.iter().zip(&found.quotes) {
            seen_quotes += 1;
            let obj = v.as_object().expect("quote is an object");
            let keys: BTreeSet<&str> = obj.keys().map(String::as_str).collect();
            let want: BTreeSet<&str> = common::QUOTE_JSON_KEYS.into();
            assert_eq!(keys, want);
            assert_eq!(obj["start"].as_u64(), Some(q.span.start as u64));
            assert_eq!(obj["end"].as_u64(), Some(q.span.end as u64));
            assert_eq!(obj["text"].as_str(), Some(q.span.text(text)));
            assert_eq!(obj["kind"].as_str(), Some(q.kind.as_str()));
            let c = obj["confidence"].as_f64().expect("confidence is a number");
            assert!((0.0..=1.0).contains(&c));
            match &obj["speaker"] {
                serde_json::Value::Null => {
                    assert!(found.speaker_of(q).is_none() && q.mention.is_none())
                }
                serde_json::Value::Object(sp) => {
                    let keys: BTreeSet<&str> = sp.keys().map(String::as_str).collect();
                    assert_eq!(keys, ["name", "mention", "resolved"].into());
                    assert_eq!(
                        sp["name"].as_str(),
                        found.speaker_of(q).map(|s| s.name.as_str())
                    );
                    assert_eq!(
                        sp["resolved"].as_bool(),
                        Some(found.speaker_of(q).is_some())
                    );
                    check_span_json(text, &sp["mention"]);
                }
                other => panic!("speaker is {other}"),
            }
            check_span_json(text, &obj["cue"]);
            assert_eq!(obj["group"].as_u64(), Some(q.group as u64));
            let to = obj["addressees"].as_array().expect("addressees is a list");
            assert_eq!(to.len(), q.addressees.len());
            for (a, want) in to.iter().zip(&q.addressees) {
                assert_eq!(a["name"].as_str(), Some(want.name.as_str()));
                check_span_json(text, &a["mention"]);
            }
        }
        // The whole attribution serializes too.
        let whole = serde_json::to_value(found.to_json(text)).unwrap();
        assert_eq!(whole["quotes"], json);
        assert_eq!(
            whole["speakers"].as_array().unwrap().len(),
            found.speakers.len()
        );
    }
    eprintln!("checked the JSON of {seen_quotes} quotations");
}

/// `null` or `{"start", "end", "text"}` matching the text.
fn check_span_json(text: &str, v: &serde_json::Value) {
    if v.is_null() {
        return;
    }
    let obj = v.as_object().expect("span is an object");
    let keys: BTreeSet<&str> = obj.keys().map(String::as_str).collect();
    assert_eq!(keys, ["start", "end", "text"].into());
    let (s, e) = (
        obj["start"].as_u64().unwrap() as usize,
        obj["end"].as_u64().unwrap() as usize,
    );
    check_span(text, "json span", s, e);
    assert_eq!(obj["text"].as_str(), Some(&text[s..e]));
}

#[test]
fn min_confidence_filters() {
    let dir = TinyModelDir::new();
    let long = long_text();
    let all = attributor(&dir, 4).attribute(&long).unwrap();
    for c in [0.5f32, 0.9, 1.0] {
        let a = Attributor::builder()
            .model_dir(dir.path())
            .window(30, 8)
            .batch_size(4)
            .min_confidence(c)
            .build()
            .unwrap();
        let found = a.attribute(&long).unwrap();
        check_invariants(&long, &found);
        assert!(
            found.quotes.iter().all(|q| q.confidence >= c),
            "threshold {c}"
        );
        assert!(found.quotes.len() <= all.quotes.len());
        // Filtering keeps exactly the confident quotations (spans and kinds).
        let kept: Vec<_> = all
            .quotes
            .iter()
            .filter(|q| q.confidence >= c)
            .map(|q| (q.span, q.kind))
            .collect();
        let got: Vec<_> = found.quotes.iter().map(|q| (q.span, q.kind)).collect();
        assert_eq!(got, kept, "threshold {c}");
    }
}

#[test]
fn invalid_options_are_rejected() {
    let dir = TinyModelDir::new();
    let base = || Attributor::builder().model_dir(dir.path()).window(30, 8);
    let cases = [
        ("batch_size 0", base().batch_size(0)),
        ("overlap half the window", base().window(30, 15)),
        ("overlap more than the window", base().window(30, 40)),
        ("turn overlap half the window", base().turn_overlap(15)),
        ("window too short", base().window(15, 2)),
        (
            "window longer than the model's",
            base().window(common::TINY_MAX_TOKENS + 1, 8),
        ),
        ("min_confidence 2.0", base().min_confidence(2.0)),
        ("min_confidence -0.1", base().min_confidence(-0.1)),
        ("min_confidence NaN", base().min_confidence(f32::NAN)),
        ("threads 0", base().threads(0)),
    ];
    for (what, builder) in cases {
        match builder.build() {
            Err(Error::InvalidInput(msg)) => assert!(!msg.is_empty(), "{what}"),
            other => panic!("{what}: expected InvalidInput, got {other:?}"),
        }
    }
    // The limits themselves are fine. (No valid `threads` here: it is process-wide.)
    for builder in [
        base().window(16, 7),
        base().turn_overlap(14),
        base().window(common::TINY_MAX_TOKENS, 30),
        base().min_confidence(0.0),
        base().min_confidence(1.0),
        base().batch_size(1),
    ] {
        builder.build().expect("valid options");
    }
}

#[test]
fn files_must_be_utf8() {
    let dir = TinyModelDir::new();
    let a = Attributor::from_dir(dir.path()).expect("from_dir");
    let tmp = tempfile::tempdir().unwrap();
    let good = tmp.path().join("good.txt");
    std::fs::write(&good, "\"Hello,\" said Ann.").unwrap();
    let (text, found) = a.attribute_file(&good).expect("valid UTF-8 file");
    assert_eq!(text, "\"Hello,\" said Ann.");
    check_invariants(&text, &found);
    let bad = tmp.path().join("bad.txt");
    std::fs::write(&bad, b"ok \xff\xfe broken").unwrap();
    match a.attribute_file(&bad) {
        Err(Error::InvalidInput(msg)) => assert!(msg.contains("offset 3"), "{msg}"),
        other => panic!("expected InvalidInput, got {other:?}"),
    }
    assert!(matches!(
        a.attribute_file(tmp.path().join("missing.txt")),
        Err(Error::Io { .. })
    ));
}

#[test]
fn jsonl_reports_bad_lines_and_runs_the_rest() {
    let dir = TinyModelDir::new();
    let a = Attributor::from_dir(dir.path()).expect("from_dir");
    let input = b"{\"id\": 1, \"text\": \"\\\"Hello,\\\" said Ann.\"}\nnot json\n\n{\"id\": \"b\", \"text\": \"Rain.\"}\n\xff\xfe\n";
    let mut out = Vec::new();
    let mut err = Vec::new();
    let summary = whosaid::attribute_jsonl(&a, &input[..], &mut out, &mut err).expect("runs");
    assert_eq!(
        summary,
        whosaid::JsonlSummary {
            written: 2,
            skipped: 2
        }
    );
    let out = String::from_utf8(out).unwrap();
    let lines: Vec<serde_json::Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[0]["id"], 1);
    assert_eq!(lines[1]["id"], "b");
    assert!(lines.iter().all(|l| l["quotes"].is_array()));
    let err = String::from_utf8(err).unwrap();
    assert!(err.contains("line 2:"), "{err}");
    assert!(err.contains("line 5:"), "{err}");
}

/// A writer whose reader has gone away.
struct ClosedPipe;

impl std::io::Write for ClosedPipe {
    fn write(&mut self, _: &[u8]) -> std::io::Result<usize> {
        Err(std::io::ErrorKind::BrokenPipe.into())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[test]
fn jsonl_output_errors_are_io_errors() {
    let dir = TinyModelDir::new();
    let a = attributor(&dir, 4);
    let input = b"{\"id\": 1, \"text\": \"\\\"We will not give up,\\\" Mr Smith said.\"}\n";
    let mut err = Vec::new();
    match whosaid::attribute_jsonl(&a, &input[..], &mut ClosedPipe, &mut err) {
        Err(whosaid::Error::Io { source, .. }) => {
            assert_eq!(source.kind(), std::io::ErrorKind::BrokenPipe)
        }
        other => panic!("expected an I/O error, got {other:?}"),
    }
}
