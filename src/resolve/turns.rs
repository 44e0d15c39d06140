//! Implicit speakers: quotations without a speaker mention take their speaker
//! from the quotations around them (same paragraph, follow-on paragraph,
//! alternating dialogue, a news headline's lead).

use super::register::Register;

/// Where a quotation sits in its paragraph, and who (if anyone) said it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Turn {
    /// Index of the paragraph holding the quotation, if any.
    pub paragraph: Option<usize>,
    /// True when only punctuation precedes the quotation in its paragraph.
    pub starts_paragraph: bool,
    /// True when only punctuation follows the quotation in its paragraph.
    pub ends_paragraph: bool,
    /// True when the paragraph holds nothing but quotations and punctuation.
    pub quote_only_paragraph: bool,
    /// The speaker (entity index), once known.
    pub speaker: Option<usize>,
}

/// The implicit speaker of `current`, given all earlier quotations in text
/// order (with their final speakers):
///
/// 1. the previous quotation is in the same paragraph → its speaker;
/// 2. alternating dialogue: `current` opens a paragraph, the previous paragraph
///    is a turn by A that is just a quotation (or does not end with one), and
///    the paragraph before it is a turn by B ≠ A → B;
/// 3. follow-on: `current` opens a paragraph and the previous paragraph has
///    a quotation by A → A; but in a `dialogue` (fiction: a text whose
///    quotations are mostly bare lines of conversation) a new paragraph is a
///    new turn, so → the last other speaker of the conversation, if there is
///    one within [`DIALOGUE_LOOKBACK`] paragraphs;
/// 4. otherwise `None`.
pub(crate) fn implicit_speaker(
    previous: &[Turn],
    current: &Turn,
    register: Register,
) -> Option<usize> {
    let dialogue = register.turns_alternate();
    let last = previous.last()?;
    let para = current.paragraph?;
    let last_para = last.paragraph?;
    if last_para == para {
        return last.speaker;
    }
    if !current.starts_paragraph || last_para + 1 != para {
        return None;
    }
    let Some(a) = last.speaker else {
        return if dialogue {
            by_alternation(previous, para)
        } else {
            None
        };
    };
    // The turn before: the last quotation of an earlier paragraph.
    let before = previous
        .iter()
        .rposition(|t| t.paragraph != Some(last_para))
        .map(|i| previous[i]);
    let opens_turn = previous
        .iter()
        .find(|t| t.paragraph == Some(last_para))
        .is_some_and(|t| t.starts_paragraph);
    let b = before
        .filter(|t| t.paragraph.is_some_and(|p| p + 1 == last_para))
        .filter(|t| t.starts_paragraph || t.ends_paragraph || t.quote_only_paragraph)
        .and_then(|t| t.speaker)
        .filter(|&b| b != a);
    if opens_turn && (last.quote_only_paragraph || !last.ends_paragraph) {
        if let Some(b) = b {
            return Some(b);
        }
    }
    if dialogue {
        let partner = previous
            .iter()
            .rev()
            .take_while(|t| t.paragraph.is_some_and(|p| p + DIALOGUE_LOOKBACK >= para))
            .filter_map(|t| t.speaker)
            .find(|&s| s != a);
        if partner.is_some() {
            return partner;
        }
    }
    // News: a paragraph opening with a bare quotation continues the source
    // quoted in the paragraph before ("…," said Calder. / "In fact, …").
    if last.ends_paragraph || !dialogue {
        return Some(a);
    }
    None
}

/// In a dialogue whose previous line has no known speaker: assume the
/// speakers alternate paragraph by paragraph, and count back to the latest
/// line whose speaker is known (within [`DIALOGUE_LOOKBACK`] paragraphs): an
/// even number of turns back is the same speaker, an odd number the other one.
fn by_alternation(previous: &[Turn], para: usize) -> Option<usize> {
    let mut turns_back = 0;
    let mut at = Some(para);
    for (i, t) in previous.iter().enumerate().rev() {
        let p = t.paragraph?;
        if p + DIALOGUE_LOOKBACK < para {
            return None;
        }
        if t.paragraph != at {
            turns_back += 1;
            at = t.paragraph;
        }
        if let Some(s) = t.speaker {
            if turns_back % 2 == 0 {
                return Some(s);
            }
            return previous[..i]
                .iter()
                .rev()
                .filter_map(|t| t.speaker)
                .find(|&o| o != s);
        }
    }
    None
}

/// How many paragraphs back a dialogue partner is looked for.
pub(crate) const DIALOGUE_LOOKBACK: usize = 8;

/// Fills every `None` speaker in `turns` (text order) with `implicit_speaker`,
/// left to right, so that filled speakers carry on.
pub fn fill_implicit(turns: &mut [Turn]) {
    for i in 0..turns.len() {
        if turns[i].speaker.is_none() {
            let (prev, rest) = turns.split_at_mut(i);
            rest[0].speaker = implicit_speaker(prev, &rest[0], Register::News);
        }
    }
}

/// Most words in a first paragraph read as a headline.
pub(crate) const HEADLINE_MAX_WORDS: usize = 16;

/// True when the text's first paragraph reads as a headline: short, with no
/// sentence-final punctuation ("EU arms ban 'to be lifted'").
pub(crate) fn is_headline(text: &str) -> bool {
    let t = text.trim_end_matches(|c: char| {
        c.is_whitespace() || matches!(c, '"' | '\'' | '\u{201d}' | '\u{2019}' | '\u{bb}')
    });
    !t.is_empty()
        && t.split_whitespace().count() <= HEADLINE_MAX_WORDS
        && !t.ends_with(['.', '!', '?', ':', ';', ','])
        && !t.contains('\n')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headlines_are_short_and_unpunctuated() {
        assert!(is_headline("Oil prices 'hit world economy'"));
        assert!(is_headline("“No re-draft” for patent law\n"));
        assert!(!is_headline(
            "Oil prices hit the world economy, the OECD said."
        ));
        assert!(!is_headline(""));
        assert!(!is_headline(&"word ".repeat(HEADLINE_MAX_WORDS + 1)));
    }

    fn turn(p: usize, starts: bool, ends: bool, only: bool, speaker: Option<usize>) -> Turn {
        Turn {
            paragraph: Some(p),
            starts_paragraph: starts,
            ends_paragraph: ends,
            quote_only_paragraph: only,
            speaker,
        }
    }

    #[test]
    fn same_paragraph_and_follow_on() {
        // "X," Lavrov said. "Y."  /  "Z."
        let mut t = vec![
            turn(0, true, false, false, Some(7)),
            turn(0, false, true, false, None),
            turn(1, true, true, true, None),
        ];
        fill_implicit(&mut t);
        assert_eq!(t[1].speaker, Some(7));
        assert_eq!(t[2].speaker, Some(7));
    }

    #[test]
    fn alternating_dialogue() {
        // "A," said Jane. / "B," said Lizzy. / "C." / "D." / "E."
        let mut t = vec![
            turn(0, true, false, false, Some(1)),
            turn(1, true, false, false, Some(2)),
            turn(2, true, true, true, None),
            turn(3, true, true, true, None),
            turn(4, true, true, true, None),
        ];
        fill_implicit(&mut t);
        let got: Vec<_> = t.iter().map(|t| t.speaker).collect();
        assert_eq!(got, vec![Some(1), Some(2), Some(1), Some(2), Some(1)]);
    }

    #[test]
    fn dialogue_turns_alternate_after_one_named_line() {
        // "A," said Jane. (Lizzy spoke a few paragraphs earlier) / "B."
        let prev = vec![
            turn(0, true, true, true, Some(2)),
            turn(2, true, false, false, Some(1)),
        ];
        let cur = turn(3, true, true, true, None);
        assert_eq!(implicit_speaker(&prev, &cur, Register::Fiction), Some(2));
        assert_eq!(
            implicit_speaker(&prev, &cur, Register::News),
            Some(1),
            "news: follow-on"
        );
        let prev = vec![
            turn(0, true, true, true, Some(2)),
            turn(2, true, true, false, Some(1)),
        ];
        assert_eq!(
            implicit_speaker(&prev, &cur, Register::News),
            Some(1),
            "news: follow-on"
        );
    }

    #[test]
    fn unknown_lines_keep_alternating() {
        // A: "…," said Jane (1). B: "…," said Lizzy (2). C: ? D: "…" (now)
        let prev = vec![
            turn(0, true, false, false, Some(1)),
            turn(1, true, false, false, Some(2)),
            turn(2, true, true, true, None),
        ];
        assert_eq!(
            implicit_speaker(&prev, &turn(3, true, true, true, None), Register::Fiction),
            Some(2)
        );
        assert_eq!(
            implicit_speaker(&prev, &turn(3, true, true, true, None), Register::News),
            None
        );
    }

    #[test]
    fn nothing_to_go_on() {
        let mut t = vec![
            turn(0, false, false, false, None),
            turn(3, true, true, true, None),
        ];
        fill_implicit(&mut t);
        assert_eq!(t[1].speaker, None);
        assert_eq!(
            implicit_speaker(&[], &turn(0, true, true, true, None), Register::News),
            None
        );
    }
}
