//! Learned utterance links: whether two consecutive direct quotations of one
//! paragraph are segments of one utterance (`"We will not give in," he said,
//! "whatever it costs."`) or two (`"Yes." Beaver looked at his watch. "No."`).
//!
//! A [`LogisticModel`] over [`LinkFeatures`] of the pair: how much narration
//! lies between and how it reads (a speech tag, a full sentence, a lead-in
//! comma), how the first segment ends and the second begins. It is fitted
//! on PDNC's `quoteID`s (`examples/resolver.rs`, feature `train`) and
//! shipped inside `ranker.json`; without it the rule of
//! `resolve/utterances.rs` decides.

use super::antecedents::pronoun;
use super::lexicon::{lexicon, WordList};
use super::logistic::{Inputs, LogisticModel};
use super::turns::Turn;
use super::QuoteDraft;
use crate::{QuoteKind, Span};

/// How a quotation's words end.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ending {
    /// `"Yes,"`: the sentence goes on after the tag.
    Comma,
    /// `"Yes."`
    Period,
    /// `"Yes!"`
    Exclamation,
    /// `"Yes?"`
    Question,
    /// `"Yes--"` or `"Yes—"`: broken off.
    Dash,
    /// Anything else.
    Other,
}

impl Ending {
    fn of(words: &str) -> Ending {
        match words.trim_end().chars().last() {
            Some(',') => Ending::Comma,
            Some('.') => Ending::Period,
            Some('!') => Ending::Exclamation,
            Some('?') => Ending::Question,
            Some('-' | '\u{2014}' | '\u{2013}') => Ending::Dash,
            _ => Ending::Other,
        }
    }
}

/// What the model sees of two consecutive direct quotations in one paragraph.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LinkFeatures {
    /// Words of narration between them.
    pub narration_words: usize,
    /// How the first one's words end.
    pub first_ends: Ending,
    /// The second one's words begin in lower case (the sentence goes on).
    pub second_starts_lowercase: bool,
    /// The narration holds a full sentence (a sentence end after words).
    pub narration_ends_sentence: bool,
    /// The narration ends with a comma or colon, leading into the second.
    pub narration_leads_in: bool,
    /// The first one's speaker mention or cue lies between them.
    pub tag_between: bool,
    /// The second one has its own speaker mention after it.
    pub second_tagged_after: bool,
    /// Both have speaker mentions that name different people (see
    /// `mentions_conflict`).
    pub mentions_differ: bool,
    /// The narration starts in lower case (`, he said,`).
    pub narration_starts_lowercase: bool,
    /// Nothing but marks and spaces between them.
    pub no_narration: bool,
    /// A speech verb is among the narration's words.
    pub speech_verb_between: bool,
}

/// Number of model inputs (see [`LinkFeatures::values`]).
pub const NUM_LINK_INPUTS: usize = 23;

/// The model inputs' names, in [`LinkFeatures::values`] order (as stored).
pub(crate) const LINK_INPUTS: [&str; NUM_LINK_INPUTS] = [
    "narration_0_3_words",
    "narration_4_8_words",
    "narration_9_15_words",
    "narration_16_25_words",
    "narration_over_25_words",
    "narration_words_scaled",
    "first_ends_comma",
    "first_ends_period",
    "first_ends_exclamation",
    "first_ends_question",
    "first_ends_dash",
    "second_starts_lowercase",
    "narration_ends_sentence",
    "narration_leads_in",
    "tag_between",
    "second_tagged_after",
    "mentions_differ",
    "narration_starts_lowercase",
    "no_narration",
    "speech_verb_between",
    "comma_then_tag",
    "sentence_end_without_tag",
    "tag_in_short_narration",
];

impl LinkFeatures {
    /// The features of `first` and `second` (consecutive quotations, in
    /// text order, at `turns` places), `None` unless both are direct and
    /// in one paragraph.
    pub(crate) fn of(
        text: &str,
        first: &QuoteDraft,
        second: &QuoteDraft,
        turns: (&Turn, &Turn),
    ) -> Option<LinkFeatures> {
        if first.kind != QuoteKind::Direct || second.kind != QuoteKind::Direct {
            return None;
        }
        if turns.0.paragraph.is_none() || turns.0.paragraph != turns.1.paragraph {
            return None;
        }
        let gap = text.get(first.span.end..second.span.start)?;
        let marks: &[char] = &['"', '\'', '\u{201c}', '\u{201d}', '\u{2018}', '\u{2019}'];
        let narration = gap.trim().trim_matches(marks).trim();
        let words: Vec<&str> = narration
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .collect();
        let between = |s: Option<Span>| {
            s.is_some_and(|s| s.start >= first.span.end && s.end <= second.span.start)
        };
        let speech_verbs = lexicon();
        Some(LinkFeatures {
            narration_words: words.len(),
            first_ends: Ending::of(first.span.text(text)),
            second_starts_lowercase: second
                .span
                .text(text)
                .trim_start()
                .chars()
                .next()
                .is_some_and(char::is_lowercase),
            narration_ends_sentence: ends_sentence(narration),
            narration_leads_in: narration.ends_with([',', ':']),
            tag_between: between(first.mention) || between(first.cue),
            second_tagged_after: second.mention.is_some_and(|m| m.start >= second.span.end),
            mentions_differ: mentions_conflict(text, first.mention, second.mention),
            narration_starts_lowercase: narration.chars().next().is_some_and(char::is_lowercase),
            no_narration: narration.is_empty(),
            speech_verb_between: words
                .iter()
                .any(|w| speech_verbs.contains(WordList::SpeechVerbs, &w.to_lowercase())),
        })
    }

    /// The model's inputs: word-count bins, the ending one-hot, the flags,
    /// and three pairs the model cannot combine itself (a comma and a tag:
    /// one sentence; a sentence end with no tag: two lines).
    fn input_values(&self) -> [f32; NUM_LINK_INPUTS] {
        let w = self.narration_words;
        let ended = matches!(
            self.first_ends,
            Ending::Period | Ending::Exclamation | Ending::Question
        );
        let comma = self.first_ends == Ending::Comma;
        let mut v = [
            w <= 3,
            (4..=8).contains(&w),
            (9..=15).contains(&w),
            (16..=25).contains(&w),
            w > 25,
            false, // the scaled count, set below
            comma,
            self.first_ends == Ending::Period,
            self.first_ends == Ending::Exclamation,
            self.first_ends == Ending::Question,
            self.first_ends == Ending::Dash,
            self.second_starts_lowercase,
            self.narration_ends_sentence && !self.narration_leads_in,
            self.narration_leads_in,
            self.tag_between,
            self.second_tagged_after,
            self.mentions_differ,
            self.narration_starts_lowercase,
            self.no_narration,
            self.speech_verb_between,
            comma && self.tag_between,
            ended && !self.tag_between,
            self.tag_between && w <= 8,
        ]
        .map(f32::from);
        v[5] = w.min(40) as f32 / 40.0;
        v
    }
}

impl Inputs for LinkFeatures {
    const NAMES: &'static [&'static str] = &LINK_INPUTS;
    fn values(&self) -> Vec<f32> {
        self.input_values().to_vec()
    }
}

/// True when two quotations' speaker mentions name different people as
/// far as their words tell: both present, neither a pronoun, and written
/// differently ("Ann" … "Bob" are two; "Oliver" … "Oliver" is one, and
/// "Catherine" … "she" or "he" … "I" may be one).
pub(crate) fn mentions_conflict(text: &str, a: Option<Span>, b: Option<Span>) -> bool {
    let (Some(a), Some(b)) = (a, b) else {
        return false;
    };
    let words = |s: Span| s.text(text).trim().to_lowercase();
    let (wa, wb) = (words(a), words(b));
    wa != wb && pronoun(&wa).is_none() && pronoun(&wb).is_none()
}

/// True when `narration` holds a sentence end (`.`, `!` or `?`, maybe a
/// closing mark) followed by space and a capital or an opening mark, or
/// ends with one.
fn ends_sentence(narration: &str) -> bool {
    let chars: Vec<char> = narration.chars().collect();
    (0..chars.len()).any(|i| {
        if !matches!(chars[i], '.' | '!' | '?') {
            return false;
        }
        let mut j = i + 1;
        if chars
            .get(j)
            .is_some_and(|c| matches!(c, '\'' | '"' | '\u{201d}' | '\u{2019}'))
        {
            j += 1;
        }
        match chars.get(j) {
            None => true,
            Some(c) if c.is_whitespace() => chars[j..]
                .iter()
                .find(|c| !c.is_whitespace())
                .is_some_and(|c| c.is_uppercase() || matches!(c, '"' | '\u{201c}')),
            _ => false,
        }
    })
}

/// The fitted link model: two segments are one utterance when it accepts
/// their [`LinkFeatures`].
pub type LinkModel = LogisticModel<LinkFeatures>;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::resolve::utterances::tests::{draft, turn};

    #[test]
    fn an_interrupted_sentence_reads_as_one() {
        let text = "“We will not give in,” he said, “whatever it costs.”";
        let mut a = draft(text, "We will not give in,", QuoteKind::Direct);
        let b = draft(text, "whatever it costs.", QuoteKind::Direct);
        let he = text.find("he said").unwrap();
        a.mention = Some(Span::new(he, he + 2));
        a.cue = Some(Span::new(he + 3, he + 7));
        let f = LinkFeatures::of(text, &a, &b, (&turn(0), &turn(0))).unwrap();
        assert_eq!(f.first_ends, Ending::Comma);
        assert!(f.second_starts_lowercase && f.tag_between && f.narration_starts_lowercase);
        assert!(f.narration_leads_in && f.speech_verb_between && !f.narration_ends_sentence);
        assert_eq!(f.narration_words, 2);
        let v = f.values();
        assert_eq!(
            v[LINK_INPUTS
                .iter()
                .position(|n| *n == "comma_then_tag")
                .unwrap()],
            1.0
        );
        assert_eq!(v[5], 2.0 / 40.0);
    }

    #[test]
    fn a_full_sentence_between_two_lines_is_seen() {
        let text = "“Yes.” Beaver looked at his watch. “No.”";
        let f = LinkFeatures::of(
            text,
            &draft(text, "Yes.", QuoteKind::Direct),
            &draft(text, "No.", QuoteKind::Direct),
            (&turn(0), &turn(0)),
        )
        .unwrap();
        assert_eq!(f.first_ends, Ending::Period);
        assert!(f.narration_ends_sentence && !f.tag_between && !f.speech_verb_between);
        assert!(!f.second_starts_lowercase && !f.narration_starts_lowercase);
        let v = f.values();
        let i = LINK_INPUTS
            .iter()
            .position(|n| *n == "sentence_end_without_tag")
            .unwrap();
        assert_eq!(v[i], 1.0);
    }

    #[test]
    fn only_direct_quotations_of_one_paragraph_are_candidates() {
        let text = "“Yes.”\n\n“No.”";
        let (a, mut b) = (
            draft(text, "Yes.", QuoteKind::Direct),
            draft(text, "No.", QuoteKind::Direct),
        );
        assert!(LinkFeatures::of(text, &a, &b, (&turn(0), &turn(1))).is_none());
        b.kind = QuoteKind::Indirect;
        assert!(LinkFeatures::of(text, &a, &b, (&turn(0), &turn(0))).is_none());
    }

    #[test]
    fn only_two_different_names_conflict() {
        let text = "Oliver said. Oliver added. She smiled. Bob said. he said.";
        let at = |w: &str, nth: usize| {
            let s = text.match_indices(w).nth(nth).unwrap().0;
            Some(Span::new(s, s + w.len()))
        };
        assert!(!mentions_conflict(text, at("Oliver", 0), at("Oliver", 1)));
        assert!(!mentions_conflict(text, at("Oliver", 0), at("She", 0)));
        assert!(mentions_conflict(text, at("Oliver", 0), at("Bob", 0)));
        assert!(!mentions_conflict(text, at("She", 0), at("he", 1)));
        assert!(!mentions_conflict(text, at("Oliver", 0), None));
    }

    #[test]
    fn sentence_ends_need_a_capital_or_the_end_after_them() {
        assert!(ends_sentence("He looked at Mr. Smith. Then"));
        assert!(ends_sentence("He stopped."));
        assert!(!ends_sentence("he said, with a smile"));
        assert!(!ends_sentence("she said in a.m. hours"));
        assert!(!ends_sentence(""));
    }

    #[test]
    fn a_model_joins_above_zero_and_checks_its_inputs() {
        let text = "“Yes,” he said, “no.”";
        let f = LinkFeatures::of(
            text,
            &draft(text, "Yes,", QuoteKind::Direct),
            &draft(text, "no.", QuoteKind::Direct),
            (&turn(0), &turn(0)),
        )
        .unwrap();
        let mut m = LinkModel::new(vec![0.0; NUM_LINK_INPUTS], -1.0);
        assert!(m.valid() && !m.accepts(&f));
        m.weights[LINK_INPUTS
            .iter()
            .position(|n| *n == "first_ends_comma")
            .unwrap()] = 2.0;
        assert!(m.accepts(&f));
        m.weights.pop();
        assert!(!m.valid());
    }
}
