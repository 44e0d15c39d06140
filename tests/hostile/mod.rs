//! Hostile text for the property tests: arbitrary Unicode mixed with every
//! quotation mark whosaid knows, apostrophes, control characters, NUL,
//! right-to-left marks, combining characters, emoji, very long words,
//! thousands of unclosed marks and many blank lines; and the checks that any
//! span must pass.

// Each property test binary uses a different subset.
#![allow(dead_code)]

use proptest::prelude::*;
use proptest::sample::select;
use proptest::test_runner::Config;

/// Every quotation mark of the front-end's inventory, straight and curly.
pub const MARKS: [&str; 15] = [
    "\"", "“", "”", "‘", "’", "«", "»", "‹", "›", "„", "‚", "'", "＂", "‟", "‛",
];

/// Control, formatting, direction, combining and other odd characters.
pub const ODD: [&str; 30] = [
    "\0",
    "\u{1}",
    "\u{7}",
    "\u{8}",
    "\u{b}",
    "\u{c}",
    "\u{1b}",
    "\u{7f}",
    "\u{85}",
    "\r",
    "\t",
    "\r\n",
    "\u{200f}",
    "\u{202e}",
    "\u{202a}",
    "\u{2066}",
    "\u{200d}",
    "\u{200b}",
    "\u{feff}",
    "\u{301}",
    "\u{308}\u{308}\u{308}",
    "\u{2028}",
    "\u{2029}",
    "\u{a0}",
    "\u{3000}",
    "\u{fffd}",
    "\u{e000}",
    "\u{10ffff}",
    "ﬁ",
    "İ",
];

/// Words, names, cues, apostrophes and emoji.
pub const WORDS: [&str; 32] = [
    "said",
    "says",
    "told reporters",
    "according to",
    "he",
    "she",
    "the minister",
    "Mr Smith",
    "Zoë Müller",
    "Dr Jones",
    "it's",
    "'90s",
    "the Smiths'",
    "rock 'n' roll",
    "o’clock",
    "Prices will fall",
    "We will never give up",
    ",",
    ".",
    "!",
    "?",
    ":",
    "—",
    "…",
    "😀",
    "👍🏽",
    "👩‍👩‍👧",
    "🇫🇷",
    "日本語",
    "مرحبا",
    "שלום",
    "e\u{301}",
];

/// One piece of hostile text.
fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => select(&MARKS[..]).prop_map(String::from),
        4 => select(&WORDS[..]).prop_map(String::from),
        2 => select(&ODD[..]).prop_map(String::from),
        3 => select(&[" ", " ", "\n", "\n\n", "\n \n", ". ", "  "][..]).prop_map(String::from),
        1 => any::<char>().prop_map(String::from),
        1 => (select(&['a', 'é', '字', '😀', '\u{301}'][..]), 100..2_000usize)
            .prop_map(|(c, n)| std::iter::repeat_n(c, n).collect()),
    ]
}

/// Hostile text of one of several shapes, at most a few tens of KB.
pub fn hostile_text() -> impl Strategy<Value = String> {
    prop_oneof![
        8 => prop::collection::vec(piece(), 0..60).prop_map(|v| v.concat()),
        // Thousands of unclosed (or mismatched) marks.
        1 => (select(&MARKS[..]), 500..3_000usize, select(&["", " ", "a", "\n"][..]))
            .prop_map(|(m, n, sep)| format!("He said: {}", format!("{m}{sep}").repeat(n))),
        // Many blank lines around a little text.
        1 => (1..3_000usize, prop::collection::vec(piece(), 0..8))
            .prop_map(|(n, v)| format!("{}{}{}", v.concat(), "\n \n".repeat(n), v.concat())),
        // A very long word inside a quotation.
        1 => (select(&['x', 'ß', '字', '😀'][..]), 1_000..20_000usize)
            .prop_map(|(c, n)| format!("“{},” she said.", c.to_string().repeat(n))),
        // Arbitrary Unicode.
        2 => any::<String>(),
    ]
}

/// A few hostile texts.
pub fn hostile_texts(max: usize) -> impl Strategy<Value = Vec<String>> {
    prop::collection::vec(hostile_text(), 1..=max)
}

/// The property-test configuration: `cases` cases (or `$PROPTEST_CASES`),
/// bounded shrinking, and no regression files written into the repository.
pub fn config(cases: u32) -> Config {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(cases);
    Config {
        cases,
        max_shrink_iters: 200,
        failure_persistence: None,
        ..Config::default()
    }
}

/// `start..end` lies inside `text` on char boundaries.
pub fn on_boundaries(text: &str, start: usize, end: usize) -> Result<(), TestCaseError> {
    prop_assert!(
        start <= end && end <= text.len(),
        "span {start}..{end} outside a text of {} bytes",
        text.len()
    );
    prop_assert!(
        text.is_char_boundary(start) && text.is_char_boundary(end),
        "span {start}..{end} not on char boundaries"
    );
    Ok(())
}
