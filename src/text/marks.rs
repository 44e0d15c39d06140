//! Quotation-mark inventory, apostrophe detection and quote pairing.
//!
//! All offsets are UTF-8 byte offsets into the caller's text; every returned
//! [`Span`] lies on char boundaries. Nothing here panics on any input.

use crate::text::segment::{clamp_span, paragraphs};
use crate::Span;

/// The family a quotation mark belongs to; marks pair within a family
/// (with a few tolerated mixes of straight and curly marks).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MarkFamily {
    /// Double quotes: `"` `“` `”` `„` `‟` `＂`.
    Double,
    /// Single quotes: `'` `‘` `’` `‚` `‛`.
    Single,
    /// Double guillemets: `«` `»`.
    Guillemet,
    /// Single guillemets: `‹` `›`.
    SingleGuillemet,
}

/// The role a mark plays by its shape alone.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MarkRole {
    /// Usually opens a quotation.
    Open,
    /// Usually closes a quotation.
    Close,
    /// Straight marks (`"`, `'`, `＂`): context decides.
    Either,
}

/// One quotation mark found in a text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct QuoteMark {
    /// Where the mark is.
    pub span: Span,
    /// The mark itself.
    pub ch: char,
    /// Its family.
    pub family: MarkFamily,
    /// Its role as given by [`classify`] (not resolved by context).
    pub role: MarkRole,
}

/// A quotation: an opening mark, its closing mark if any, and the text between.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct QuotedRegion {
    /// The opening mark.
    pub open: Span,
    /// The closing mark, or `None` when the quote does not close in its paragraph.
    pub close: Option<Span>,
    /// The text between the marks (not trimmed); for an unclosed quote, up to
    /// the end of the paragraph with trailing whitespace trimmed.
    pub content: Span,
    /// The family of the opening mark.
    pub family: MarkFamily,
}

/// Classifies `ch` as a quotation mark, giving its family and usual role.
///
/// Styles vary: `“` opens in English but closes German `„…“`; `”` closes but
/// also opens Swedish `”…”`; `»` closes French `«…»` but opens German `»…«`.
/// [`quoted_regions`] resolves these by pairing; this gives the common role.
pub fn classify(ch: char) -> Option<(MarkFamily, MarkRole)> {
    use MarkFamily::*;
    use MarkRole::*;
    Some(match ch {
        '"' | '＂' => (Double, Either),
        '“' | '„' | '‟' => (Double, Open),
        '”' => (Double, Close),
        '\'' => (Single, Either),
        '‘' | '‚' | '‛' => (Single, Open),
        '’' => (Single, Close),
        '«' => (Guillemet, Open),
        '»' => (Guillemet, Close),
        '‹' => (SingleGuillemet, Open),
        '›' => (SingleGuillemet, Close),
        _ => return None,
    })
}

/// Word-initial elisions written with a leading apostrophe (lower case).
const ELISIONS: &[&str] = &[
    "tis", "twas", "twere", "twill", "twould", "em", "n", "cause", "cos", "coz", "til", "bout",
    "nuff", "scuse",
];

fn char_before(text: &str, pos: usize) -> Option<char> {
    text.get(..pos).and_then(|s| s.chars().next_back())
}

fn char_after(text: &str, pos: usize) -> Option<char> {
    text.get(pos..).and_then(|s| s.chars().next())
}

fn is_apos_char(c: char) -> bool {
    c == '\'' || c == '’'
}

/// True when the `'` or `’` at byte `pos` of `text` is an apostrophe rather
/// than a quotation mark.
///
/// Apostrophes: between two letters (`it's`, `O'Brien`, `don’t`); a
/// word-initial elision (`'tis`, `'twas`, `'em`, `'cause`, `rock 'n' roll`)
/// or decade (`'90s`); a dropped g (`goin'`) or plural possessive
/// (`the Smiths' house`, `the players’ union`) unless a single-quoted
/// quotation is pending (`single_open_pending`), in which case the mark may
/// close it. Returns false for any other char or an invalid `pos`.
pub fn is_apostrophe(text: &str, pos: usize, single_open_pending: bool) -> bool {
    let Some(ch) = char_after(text, pos) else {
        return false;
    };
    if !text.is_char_boundary(pos) || !is_apos_char(ch) {
        return false;
    }
    let after_pos = pos + ch.len_utf8();
    let prev = char_before(text, pos);
    let next = char_after(text, after_pos);
    let prev_letter = prev.is_some_and(char::is_alphabetic);
    let next_letter = next.is_some_and(char::is_alphabetic);

    if prev_letter && next_letter {
        return true;
    }

    if !prev.is_some_and(char::is_alphanumeric) {
        let rest = &text[after_pos..];
        // Decades: '90s, ’05.
        let digits = rest.chars().take_while(char::is_ascii_digit).count();
        if digits == 2 {
            return true;
        }
        // Elisions: 'tis, 'em, 'n'.
        let word_len = rest
            .char_indices()
            .find(|&(_, c)| !c.is_alphabetic())
            .map_or(rest.len(), |(i, _)| i);
        if word_len > 0 {
            let word = rest[..word_len].to_lowercase();
            if ELISIONS.contains(&word.as_str()) {
                return word != "n" || rest[word_len..].starts_with(is_apos_char);
            }
        }
        return false;
    }

    // Closing half of 'n'.
    if matches!(prev, Some('n' | 'N')) {
        let before = &text[..pos];
        let mut back = before.chars().rev();
        back.next();
        if back.next().is_some_and(is_apos_char) && none_or_ws(back.next()) {
            return true;
        }
    }

    if single_open_pending || !prev_letter {
        return false;
    }
    let next_ok = none_or_ws(next) || next.is_some_and(|c| !c.is_alphanumeric());
    if !next_ok {
        return false;
    }
    let prev = prev.unwrap_or(' ');
    if prev == 's' || prev == 'S' {
        return true;
    }
    // Dropped g: goin', nothin'.
    text[..pos].ends_with("in")
        && text[..pos]
            .chars()
            .rev()
            .nth(2)
            .is_some_and(char::is_alphabetic)
}

/// Absent or whitespace.
fn none_or_ws(c: Option<char>) -> bool {
    c.is_none_or(char::is_whitespace)
}

/// True when a single-quote closer candidate (`'` or `’` after a non-space,
/// before a non-alphanumeric) occurs in `text[from..end]` before any
/// single-quote opener candidate. Used to read a plural possessive inside a
/// single-quoted quotation (`'The players' union won,' he said`) as an
/// apostrophe when a later mark can close the quotation.
fn later_single_closer(text: &str, from: usize, end: usize) -> bool {
    let Some(rest) = text.get(from..end) else {
        return false;
    };
    let mut prev = char_before(text, from);
    let mut iter = rest.char_indices().peekable();
    while let Some((i, c)) = iter.next() {
        let next = iter.peek().map(|&(_, n)| n);
        let p = prev;
        prev = Some(c);
        if !matches!(c, '\'' | '’' | '‘') {
            continue;
        }
        let pos = from + i;
        if is_apostrophe(text, pos, true) {
            continue;
        }
        let after_space = p.is_none_or(|p| p.is_whitespace() || p == '(');
        if after_space && next.is_some_and(char::is_alphanumeric) {
            return false;
        }
        if c != '‘' && !after_space && next.is_none_or(|n| !n.is_alphanumeric()) {
            return true;
        }
    }
    false
}

/// A pending opening mark.
struct Open {
    span: Span,
    ch: char,
    family: MarkFamily,
}

/// Whether a mark opened by `opener` is closed by `c`, the usual way.
fn closes_strict(opener: char, c: char) -> bool {
    match opener {
        '"' | '＂' => matches!(c, '"' | '＂'),
        '“' | '‟' | '”' => c == '”',
        '„' => matches!(c, '“' | '”'),
        '«' => c == '»',
        '»' => matches!(c, '«' | '»'),
        '‘' | '‛' => c == '’',
        '‚' => matches!(c, '‘' | '’'),
        '\'' => c == '\'',
        '‹' => c == '›',
        '›' => matches!(c, '‹' | '›'),
        _ => false,
    }
}

/// Whether `c` may close `opener` in sloppily typed text (mixed straight and curly).
fn closes_lenient(opener: char, c: char) -> bool {
    match opener {
        '"' | '＂' => c == '”',
        '“' | '„' | '‟' => matches!(c, '"' | '＂' | '“'),
        '‘' | '‚' | '‛' => matches!(c, '\'' | '‘'),
        '\'' => c == '’',
        _ => false,
    }
}

/// Index of the nearest pending opener that `c` closes, strict matches first.
/// The bool is true for a lenient match.
fn find_opener(stack: &[Open], c: char) -> Option<(usize, bool)> {
    if let Some(i) = stack.iter().rposition(|o| closes_strict(o.ch, c)) {
        return Some((i, false));
    }
    stack
        .iter()
        .rposition(|o| closes_lenient(o.ch, c))
        .map(|i| (i, true))
}

fn is_dash(c: char) -> bool {
    matches!(c, '-' | '‐' | '‑' | '‒' | '–' | '—' | '―')
}

/// What pairing does with one mark.
enum Action {
    Push,
    Close(usize),
    Ignore,
}

/// Scans one paragraph, returning its non-apostrophe marks and outermost regions.
fn scan_paragraph(text: &str, para: Span) -> (Vec<QuoteMark>, Vec<QuotedRegion>) {
    let mut marks = Vec::new();
    let mut regions = Vec::new();
    let mut stack: Vec<Open> = Vec::new();
    let body = &text[para.start..para.end];
    let mut prev: Option<char> = None;
    let mut iter = body.char_indices().peekable();
    while let Some((i, c)) = iter.next() {
        let next = iter.peek().map(|&(_, n)| n);
        let this_prev = prev;
        prev = Some(c);
        let Some((family, role)) = classify(c) else {
            continue;
        };
        let pos = para.start + i;
        let single_pending = stack.iter().any(|o| o.family == MarkFamily::Single);
        if is_apos_char(c)
            && (is_apostrophe(text, pos, single_pending)
                || (single_pending
                    && is_apostrophe(text, pos, false)
                    && later_single_closer(text, pos + c.len_utf8(), para.end)))
        {
            continue;
        }
        let span = Span::new(pos, pos + c.len_utf8());
        marks.push(QuoteMark {
            span,
            ch: c,
            family,
            role,
        });

        let left_open = this_prev.is_none_or(|p| {
            p.is_whitespace() || matches!(p, '(' | '[' | '{') || is_dash(p) || classify(p).is_some()
        });
        let next_nonspace = next.is_some_and(|n| !n.is_whitespace());
        let opener_shaped = left_open && next_nonspace;
        let closer_shaped = this_prev.is_some_and(|p| !p.is_whitespace())
            && next.is_none_or(|n| !n.is_alphanumeric());
        let found = find_opener(&stack, c);

        let action = match c {
            '"' | '＂' => match found {
                Some((_, true)) if opener_shaped && !closer_shaped => Action::Push,
                Some((idx, _)) => Action::Close(idx),
                None if closer_shaped && !opener_shaped => Action::Ignore,
                None => Action::Push,
            },
            '\'' => match found {
                Some((idx, _)) if closer_shaped => Action::Close(idx),
                _ if left_open && next.is_some_and(char::is_alphanumeric) => Action::Push,
                _ => Action::Ignore,
            },
            '“' | '‘' => match found {
                Some((idx, false)) => Action::Close(idx),
                Some((idx, true)) if closer_shaped && !opener_shaped => Action::Close(idx),
                _ => Action::Push,
            },
            '”' => match found {
                Some((idx, _)) => Action::Close(idx),
                None if opener_shaped => Action::Push,
                None => Action::Ignore,
            },
            '’' => match found {
                Some((idx, _)) => Action::Close(idx),
                None => Action::Ignore,
            },
            '»' | '›' => match found {
                Some((idx, _)) => Action::Close(idx),
                None if next_nonspace => Action::Push,
                None => Action::Ignore,
            },
            '«' | '‹' => match found {
                Some((idx, _)) => Action::Close(idx),
                None => Action::Push,
            },
            _ => match role {
                MarkRole::Close => Action::Ignore,
                _ => Action::Push,
            },
        };

        match action {
            Action::Push => {
                if next.is_some() {
                    stack.push(Open {
                        span,
                        ch: c,
                        family,
                    });
                }
            }
            Action::Close(idx) => {
                if idx == 0 {
                    let open = &stack[0];
                    regions.push(QuotedRegion {
                        open: open.span,
                        close: Some(span),
                        content: Span::new(open.span.end, span.start),
                        family: open.family,
                    });
                }
                stack.truncate(idx);
            }
            Action::Ignore => {}
        }
    }
    if let Some(open) = stack.first() {
        let rest = &text[open.span.end..para.end];
        let end = open.span.end + rest.trim_end().len();
        regions.push(QuotedRegion {
            open: open.span,
            close: None,
            content: Span::new(open.span.end, end),
            family: open.family,
        });
    }
    (marks, regions)
}

/// Paragraph spans clamped to `text`, sorted and made non-overlapping.
fn clean_paragraphs(text: &str, paragraphs: &[Span]) -> Vec<Span> {
    let mut paras: Vec<Span> = paragraphs
        .iter()
        .map(|&p| clamp_span(text, p))
        .filter(|p| !p.is_empty())
        .collect();
    paras.sort();
    let mut out: Vec<Span> = Vec::with_capacity(paras.len());
    for p in paras {
        let start = out.last().map_or(p.start, |l: &Span| p.start.max(l.end));
        if start < p.end {
            out.push(Span::new(start, p.end));
        }
    }
    out
}

/// Every quotation mark in `text` that is not an apostrophe, in text order.
///
/// The apostrophe test ([`is_apostrophe`]) gets its pending-single-quote
/// context from pairing within each paragraph (see [`paragraphs`]).
pub fn find_marks(text: &str) -> Vec<QuoteMark> {
    paragraphs(text)
        .into_iter()
        .flat_map(|p| scan_paragraph(text, p).0)
        .collect()
}

/// Pairs quotation marks within each paragraph and returns the outermost
/// quoted regions, in text order.
///
/// Straight `"` alternates open/close, helped by context (a `"` that looks
/// like a closer with nothing open is ignored); straight `'` opens before a
/// word and closes a pending single quote. Curly, low-9 (`„…“`, `‚…‘`) and
/// guillemet styles (`«…»`, `»…«`, `‹…›`) pair by role. Quotes nested inside
/// another are not returned separately. A quote still open at the end of its
/// paragraph (including each paragraph of a multi-paragraph quotation) gives a
/// region with `close: None`; stray closing marks are ignored. Paragraph
/// spans are clamped to `text`, sorted and de-overlapped first.
pub fn quoted_regions(text: &str, paragraphs: &[Span]) -> Vec<QuotedRegion> {
    clean_paragraphs(text, paragraphs)
        .into_iter()
        .flat_map(|p| scan_paragraph(text, p).1)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn regions(text: &str) -> Vec<QuotedRegion> {
        quoted_regions(text, &paragraphs(text))
    }

    fn contents(text: &str) -> Vec<(&str, bool)> {
        regions(text)
            .iter()
            .map(|r| (r.content.text(text), r.close.is_some()))
            .collect()
    }

    fn pos(text: &str, needle: &str) -> usize {
        text.find(needle).unwrap()
    }

    #[test]
    fn classify_inventory() {
        use MarkFamily::*;
        use MarkRole::*;
        assert_eq!(classify('"'), Some((Double, Either)));
        assert_eq!(classify('＂'), Some((Double, Either)));
        assert_eq!(classify('“'), Some((Double, Open)));
        assert_eq!(classify('”'), Some((Double, Close)));
        assert_eq!(classify('„'), Some((Double, Open)));
        assert_eq!(classify('‟'), Some((Double, Open)));
        assert_eq!(classify('\''), Some((Single, Either)));
        assert_eq!(classify('‘'), Some((Single, Open)));
        assert_eq!(classify('’'), Some((Single, Close)));
        assert_eq!(classify('‚'), Some((Single, Open)));
        assert_eq!(classify('‛'), Some((Single, Open)));
        assert_eq!(classify('«'), Some((Guillemet, Open)));
        assert_eq!(classify('»'), Some((Guillemet, Close)));
        assert_eq!(classify('‹'), Some((SingleGuillemet, Open)));
        assert_eq!(classify('›'), Some((SingleGuillemet, Close)));
        assert_eq!(classify('a'), None);
        assert_eq!(classify('`'), None);
    }

    #[test]
    fn apostrophes() {
        let t = "it's O'Brien don’t the Smiths' house the players’ union '90s 'tis rock 'n' roll goin' home";
        assert!(is_apostrophe(t, pos(t, "'s"), false));
        assert!(is_apostrophe(t, pos(t, "'B"), false));
        assert!(is_apostrophe(t, pos(t, "’t"), false));
        assert!(is_apostrophe(t, pos(t, "' house"), false));
        assert!(!is_apostrophe(t, pos(t, "' house"), true));
        assert!(is_apostrophe(t, pos(t, "’ union"), false));
        assert!(is_apostrophe(t, pos(t, "'90"), false));
        assert!(is_apostrophe(t, pos(t, "'tis"), false));
        assert!(is_apostrophe(t, pos(t, "'n'"), false));
        assert!(is_apostrophe(t, pos(t, "' roll"), false));
        assert!(is_apostrophe(t, pos(t, "' home"), false));
        // Quotation marks, not apostrophes.
        let q = "He said 'hello' and 'Smiths' then";
        assert!(!is_apostrophe(q, pos(q, "'hello"), false));
        assert!(!is_apostrophe(q, pos(q, "' and"), true));
        assert!(!is_apostrophe(q, pos(q, "'Smiths"), false));
        // Not a mark, or a bad offset.
        assert!(!is_apostrophe(q, 0, false));
        assert!(!is_apostrophe(q, 999, false));
        let m = "é'";
        assert!(!is_apostrophe(m, 1, false));
    }

    #[test]
    fn find_marks_skips_apostrophes() {
        let t = "“It’s fine,” said O'Brien. 'The Smiths' dog's bone,' he added.";
        let marks = find_marks(t);
        let chars: Vec<char> = marks.iter().map(|m| m.ch).collect();
        assert_eq!(chars, vec!['“', '”', '\'', '\'']);
        for m in &marks {
            assert_eq!(m.span.text(t).chars().next(), Some(m.ch));
        }
        assert_eq!(marks[2].role, MarkRole::Either);
        // With a single quote pending, the plural-possessive mark closes it.
        let t = "'The Smiths' he said.";
        assert_eq!(find_marks(t).len(), 2);
        assert_eq!(contents(t), vec![("The Smiths", true)]);
    }

    #[test]
    fn straight_double() {
        let t = "\"Yes,\" he said, \"I know.\" Then \"scare quotes\" too.";
        assert_eq!(
            contents(t),
            vec![("Yes,", true), ("I know.", true), ("scare quotes", true)]
        );
        let r = &regions(t)[0];
        assert_eq!(r.open, Span::new(0, 1));
        assert_eq!(r.close, Some(Span::new(5, 6)));
        assert_eq!(r.family, MarkFamily::Double);
    }

    #[test]
    fn straight_single_with_apostrophes() {
        let t = "'It's John's,' she said. 'The players' union won't,' he said.";
        assert_eq!(
            contents(t),
            vec![("It's John's,", true), ("The players' union won't,", true)]
        );
        let t = "'I'm goin' home to the Smiths' house,' he said.";
        assert_eq!(
            contents(t),
            vec![("I'm goin' home to the Smiths' house,", true)]
        );
        let t = "'The Smiths' he said, 'are coming.'";
        assert_eq!(
            contents(t),
            vec![("The Smiths", true), ("are coming.", true)]
        );
        let t = "'It's John's'";
        assert_eq!(contents(t), vec![("It's John's", true)]);
    }

    #[test]
    fn curly_styles() {
        let t = "“Don’t go,” she said, ‘it’s late.’";
        assert_eq!(contents(t), vec![("Don’t go,", true), ("it’s late.", true)]);
        let t = "« Bonjour », dit-il. ‹ Salut › »Hallo«, sagte er. „Guten Tag“ und ‚ja‘.";
        assert_eq!(
            contents(t),
            vec![
                (" Bonjour ", true),
                (" Salut ", true),
                ("Hallo", true),
                ("Guten Tag", true),
                ("ja", true)
            ]
        );
        let fams: Vec<MarkFamily> = regions(t).iter().map(|r| r.family).collect();
        use MarkFamily::*;
        assert_eq!(
            fams,
            vec![Guillemet, SingleGuillemet, Guillemet, Double, Single]
        );
        let t = "„Polish style”, ”Swedish style”, »Finnish» ›x‹";
        assert_eq!(
            contents(t),
            vec![
                ("Polish style", true),
                ("Swedish style", true),
                ("Finnish", true),
                ("x", true)
            ]
        );
    }

    #[test]
    fn nested_quotes_are_outermost_only() {
        let t = "“He said ‘go away’ to me,” she said. \"It's 'fine' now,\" he said.";
        assert_eq!(
            contents(t),
            vec![
                ("He said ‘go away’ to me,", true),
                ("It's 'fine' now,", true)
            ]
        );
        let t = "„Er sagte ‚nein‘ dazu“, sagte sie.";
        assert_eq!(contents(t), vec![("Er sagte ‚nein‘ dazu", true)]);
    }

    #[test]
    fn unbalanced_and_unclosed() {
        // Stray closer ignored.
        let t = "The plan is dead,\" Smith said. \"We will fight.\"";
        assert_eq!(contents(t), vec![("We will fight.", true)]);
        let t = "He said ” and ’ and » with no openers.";
        assert!(contents(t).is_empty());
        // Never closes: runs to paragraph end, trailing whitespace trimmed.
        let t = "She said, “I will never   \n\nNext paragraph.";
        assert_eq!(contents(t), vec![("I will never", false)]);
        // Inner unclosed quote dropped when the outer one closes.
        let t = "“He said ‘go to me,” she said.";
        assert_eq!(contents(t), vec![("He said ‘go to me,", true)]);
        // Mixed straight and curly.
        let t = "\"Hello,” he said. “Bye,\" she said.";
        assert_eq!(contents(t), vec![("Hello,", true), ("Bye,", true)]);
        // Marks at the very end or alone.
        for t in ["\"", "'", "“", "a “", "”", "\"\"", "“”", "« »"] {
            let _ = contents(t);
        }
        assert_eq!(contents("\"\""), vec![("", true)]);
    }

    #[test]
    fn multi_paragraph_quote() {
        let t = "“The first part of the speech,\n\n“goes on here,\n\n“and ends here.” He sat.";
        let r = regions(t);
        assert_eq!(
            contents(t),
            vec![
                ("The first part of the speech,", false),
                ("goes on here,", false),
                ("and ends here.", true)
            ]
        );
        assert!(r[0].close.is_none() && r[2].close.is_some());
        let t = "\"One,\n\n\"two.\"";
        assert_eq!(contents(t), vec![("One,", false), ("two.", true)]);
    }

    #[test]
    fn multibyte_offsets_round_trip() {
        let t = "Élodie 😀 dit : « Ça va très bien 🎉 », puis “naïve café” et ‘über’.";
        let r = regions(t);
        let got: Vec<&str> = r
            .iter()
            .map(|r| &t[r.content.start..r.content.end])
            .collect();
        assert_eq!(got, vec![" Ça va très bien 🎉 ", "naïve café", "über"]);
        assert_eq!(r[1].open.text(t), "“");
        assert_eq!(r[1].close.unwrap().text(t), "”");
    }

    #[test]
    fn bad_paragraph_spans_are_tolerated() {
        let t = "“a” é “b”";
        let paras = [
            Span::new(100, 200),
            Span::new(1, 5),
            Span::new(0, t.len()),
            Span::new(7, 3),
        ];
        let r = quoted_regions(t, &paras);
        for w in r.windows(2) {
            assert!(w[0].content.end <= w[1].open.start);
        }
        assert!(quoted_regions("", &[]).is_empty());
        assert!(quoted_regions("  ", &paragraphs("  ")).is_empty());
        assert!(find_marks("").is_empty());
        assert!(find_marks(" \n\n\t").is_empty());
    }

    #[test]
    fn fuzz_never_panics() {
        let alphabet: Vec<char> = "\"'“”‘’„‚‟‛«»‹›＂ aZé😀s\n\n.!?-,90tn(".chars().collect();
        let mut seed: u64 = 0x2545_F491_4F6C_DD1D;
        for _ in 0..3000 {
            let mut s = String::new();
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            let len = (seed % 40) as usize;
            for _ in 0..len {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                s.push(alphabet[(seed % alphabet.len() as u64) as usize]);
            }
            let paras = paragraphs(&s);
            let regs = quoted_regions(&s, &paras);
            let mut last_end = 0;
            for r in &regs {
                assert!(r.open.start >= last_end, "{s:?}");
                for sp in [Some(r.open), r.close, Some(r.content)]
                    .into_iter()
                    .flatten()
                {
                    assert!(s.is_char_boundary(sp.start) && s.is_char_boundary(sp.end));
                    assert!(sp.start <= sp.end);
                }
                assert!(paras
                    .iter()
                    .any(|p| p.contains(&r.content) && p.contains(&r.open)));
                last_end = r.close.map_or(r.content.end, |c| c.end);
            }
            for m in find_marks(&s) {
                assert!(classify(m.ch).is_some());
                assert_eq!(m.span.text(&s).chars().next(), Some(m.ch));
            }
            for p in &paras {
                for sent in crate::text::segment::sentences(&s, *p) {
                    assert!(p.contains(&sent) && !sent.is_empty());
                }
            }
        }
    }
}
