//! Paragraph and sentence segmentation.
//!
//! Both functions work on UTF-8 byte offsets and return [`Span`]s that always
//! lie on char boundaries of the input text. Neither panics on any input.

use crate::Span;

/// Largest paragraph, in bytes, that [`paragraphs`] returns; longer blocks are
/// cut at a sentence boundary, else a newline, else whitespace.
pub(crate) const MAX_PARAGRAPH_BYTES: usize = 20_000;

/// Splits `text` into paragraphs at blank lines (lines holding only whitespace).
///
/// Spans are trimmed of surrounding whitespace and never empty; empty or
/// whitespace-only text gives an empty vec. A block longer than
/// `MAX_PARAGRAPH_BYTES` is split further (at a sentence boundary, else a
/// newline, else whitespace, else any char boundary).
pub fn paragraphs(text: &str) -> Vec<Span> {
    let mut blocks = Vec::new();
    let mut para_start: Option<usize> = None;
    let mut last_end = 0;
    let mut pos = 0;
    for line in text.split_inclusive('\n') {
        let line_start = pos;
        pos += line.len();
        if line.trim().is_empty() {
            if let Some(s) = para_start.take() {
                blocks.push(Span::new(s, last_end));
            }
            continue;
        }
        let lead = line.len() - line.trim_start().len();
        if para_start.is_none() {
            para_start = Some(line_start + lead);
        }
        last_end = line_start + line.trim_end().len();
    }
    if let Some(s) = para_start {
        blocks.push(Span::new(s, last_end));
    }

    let mut out = Vec::with_capacity(blocks.len());
    for block in blocks {
        split_long(text, block, &mut out);
    }
    out
}

/// Pushes `block` (already trimmed) onto `out`, cut into pieces of at most
/// [`MAX_PARAGRAPH_BYTES`] bytes.
fn split_long(text: &str, block: Span, out: &mut Vec<Span>) {
    let mut start = block.start;
    let end = block.end;
    while end - start > MAX_PARAGRAPH_BYTES {
        let limit = floor_boundary(text, start + MAX_PARAGRAPH_BYTES);
        let window = Span::new(start, limit);
        let cut = sentence_cut(text, window)
            .or_else(|| last_matching(text, window, |c| c == '\n'))
            .or_else(|| last_matching(text, window, char::is_whitespace))
            .unwrap_or(limit);
        // `cut` is a char boundary strictly inside (start, limit].
        let piece = trim_span(text, Span::new(start, cut));
        if !piece.is_empty() {
            out.push(piece);
        }
        let rest = trim_span(text, Span::new(cut, end));
        if rest.is_empty() {
            return;
        }
        start = rest.start;
    }
    if start < end {
        out.push(Span::new(start, end));
    }
}

/// Start of the last sentence that begins after `window.start`, if any.
fn sentence_cut(text: &str, window: Span) -> Option<usize> {
    let sents = sentences(text, window);
    if sents.len() < 2 {
        return None;
    }
    sents.last().map(|s| s.start).filter(|&c| c > window.start)
}

/// Byte offset of the last char in `window` (after its first byte) matching `pred`.
fn last_matching(text: &str, window: Span, pred: impl Fn(char) -> bool) -> Option<usize> {
    text[window.start..window.end]
        .char_indices()
        .rev()
        .find(|&(i, c)| i > 0 && pred(c))
        .map(|(i, _)| window.start + i)
}

/// The largest char boundary `<= i` (clamped to the text length).
fn floor_boundary(text: &str, i: usize) -> usize {
    let mut i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// The smallest char boundary `>= i` (clamped to the text length).
fn ceil_boundary(text: &str, i: usize) -> usize {
    let mut i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i += 1;
    }
    i
}

/// Clamps `span` to `text` on char boundaries (start rounded up, end down).
pub(crate) fn clamp_span(text: &str, span: Span) -> Span {
    let start = ceil_boundary(text, span.start);
    let end = floor_boundary(text, span.end);
    if start >= end {
        Span::new(start, start)
    } else {
        Span::new(start, end)
    }
}

/// `span` (assumed valid) without leading and trailing whitespace.
fn trim_span(text: &str, span: Span) -> Span {
    let s = &text[span.start..span.end];
    let lead = s.len() - s.trim_start().len();
    let inner = s.trim();
    Span::new(span.start + lead, span.start + lead + inner.len())
}

/// Abbreviations (lower case, without the final dot) after which a period
/// does not end a sentence.
const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "st", "prof", "gen", "sen", "rev", "jr", "sr", "co", "inc", "ltd",
    "vs", "etc", "e.g", "i.e", "u.s", "u.k", "mt", "messrs", "capt", "col", "lt", "sgt", "gov",
    "rep", "hon", "fr", "jan", "feb", "aug", "sept", "oct", "nov", "dec", "corp", "no",
];

/// Sentence-final punctuation.
fn is_terminal(c: char) -> bool {
    matches!(c, '.' | '!' | '?' | '…')
}

/// Marks that may directly follow sentence-final punctuation and still belong
/// to the sentence (closing quotes and brackets).
fn is_trailing_closer(c: char) -> bool {
    matches!(
        c,
        '"' | '\'' | '”' | '’' | '»' | '«' | '›' | '‹' | '“' | '＂' | ')' | ']' | '}'
    )
}

/// Characters that may begin a new sentence besides uppercase letters and digits.
fn is_opener(c: char) -> bool {
    matches!(
        c,
        '"' | '\''
            | '“'
            | '‘'
            | '„'
            | '‚'
            | '‟'
            | '‛'
            | '«'
            | '»'
            | '‹'
            | '›'
            | '＂'
            | '('
            | '['
            | '¿'
            | '¡'
    )
}

/// True when the word ending just before byte `dot` is an abbreviation.
fn is_abbreviation(text: &str, dot: usize) -> bool {
    let before = &text[..dot];
    let word_start = before
        .char_indices()
        .rev()
        .find(|&(_, c)| c.is_whitespace())
        .map_or(0, |(i, c)| i + c.len_utf8());
    let word = before[word_start..].trim_start_matches(|c: char| !c.is_alphanumeric());
    if word.is_empty() {
        return false;
    }
    let mut chars = word.chars();
    if let (Some(c), None) = (chars.next(), chars.next()) {
        // A single capital initial such as "J."
        return c.is_uppercase();
    }
    let lower = word.to_lowercase();
    if ABBREVIATIONS.contains(&lower.as_str()) {
        // "no" only counts before a number ("No. 5").
        if lower == "no" {
            let after = text[dot + 1..].trim_start();
            return after.starts_with(|c: char| c.is_ascii_digit());
        }
        return true;
    }
    // Dotted initialisms: "J.R", "U.N", "a.m".
    lower.contains('.')
        && lower
            .split('.')
            .all(|part| part.chars().count() == 1 && part.chars().all(char::is_alphabetic))
}

/// Splits `within` into sentences.
///
/// A sentence ends after `.`, `!`, `?` or `…` (optionally followed by closing
/// quotation marks or brackets) when whitespace and then an uppercase letter,
/// digit or opening quotation mark follow, except after common abbreviations
/// ("Mr.", "U.S.", "J."). A lowercase continuation keeps the sentence going,
/// so `"Come here!" he said.` is one sentence. Spans are trimmed and together
/// cover all non-whitespace text of `within`; `within` is clamped to `text`.
pub fn sentences(text: &str, within: Span) -> Vec<Span> {
    let within = clamp_span(text, within);
    if within.is_empty() {
        return Vec::new();
    }
    let within = trim_span(text, within);
    if within.is_empty() {
        return Vec::new();
    }
    let (start, end) = (within.start, within.end);
    let chars: Vec<(usize, char)> = text[start..end]
        .char_indices()
        .map(|(i, c)| (start + i, c))
        .collect();
    let n = chars.len();
    let mut out = Vec::new();
    let mut sent_start = start;
    let mut i = 0;
    while i < n {
        if !is_terminal(chars[i].1) {
            i += 1;
            continue;
        }
        let mut j = i;
        while j < n && is_terminal(chars[j].1) {
            j += 1;
        }
        let run_is_single_dot = j == i + 1 && chars[i].1 == '.';
        let mut k = j;
        while k < n && is_trailing_closer(chars[k].1) {
            k += 1;
        }
        let has_closers = k > j;
        let sent_end = if k < n { chars[k].0 } else { end };
        let mut m = k;
        while m < n && chars[m].1.is_whitespace() {
            m += 1;
        }
        if m > k && m < n {
            let next = chars[m].1;
            let starts = next.is_uppercase() || next.is_numeric() || is_opener(next);
            let abbrev = run_is_single_dot && !has_closers && is_abbreviation(text, chars[i].0);
            if starts && !abbrev {
                out.push(Span::new(sent_start, sent_end));
                sent_start = chars[m].0;
            }
        }
        i = k.max(i + 1);
    }
    out.push(Span::new(sent_start, end));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts<'a>(text: &'a str, spans: &[Span]) -> Vec<&'a str> {
        spans.iter().map(|s| s.text(text)).collect()
    }

    fn sents(text: &str) -> Vec<&str> {
        texts(text, &sentences(text, Span::new(0, text.len())))
    }

    #[test]
    fn empty_and_whitespace() {
        assert!(paragraphs("").is_empty());
        assert!(paragraphs("  \n\t\n \r\n ").is_empty());
        assert!(sentences("", Span::new(0, 0)).is_empty());
        assert!(sentences("   ", Span::new(0, 3)).is_empty());
    }

    #[test]
    fn blank_lines_split_paragraphs() {
        let t = "  First line\nstill first.  \n\n \t \nSecond é.\r\n\r\nThird 😀\n";
        let p = paragraphs(t);
        assert_eq!(
            texts(t, &p),
            vec!["First line\nstill first.", "Second é.", "Third 😀"]
        );
    }

    #[test]
    fn long_paragraph_is_cut() {
        let sentence = "This is a fairly ordinary sentence é. ";
        let t = sentence.repeat(2000);
        let p = paragraphs(&t);
        assert!(p.len() > 1);
        for s in &p {
            assert!(s.len() <= MAX_PARAGRAPH_BYTES);
            assert!(s.text(&t).ends_with('.'));
        }
        let joined: String = texts(&t, &p).join(" ");
        assert_eq!(joined, t.trim());
        // No whitespace at all: still cut on char boundaries.
        let t = "é".repeat(30_000);
        let p = paragraphs(&t);
        assert!(p.len() > 1);
        assert_eq!(p.iter().map(Span::len).sum::<usize>(), t.len());
    }

    #[test]
    fn basic_sentences() {
        assert_eq!(
            sents("It rained. Then it stopped! Did it? \"Yes,\" she said."),
            vec![
                "It rained.",
                "Then it stopped!",
                "Did it?",
                "\"Yes,\" she said."
            ]
        );
    }

    #[test]
    fn abbreviations_do_not_split() {
        assert_eq!(
            sents("Mr. Smith said Dr. Jones of Acme Co. Ltd. would go. J. R. Ewing met Mrs. Brown in the U.S. capital."),
            vec![
                "Mr. Smith said Dr. Jones of Acme Co. Ltd. would go.",
                "J. R. Ewing met Mrs. Brown in the U.S. capital."
            ]
        );
        assert_eq!(
            sents("Apples, pears, etc. Are fruit, e.g. Apples. It is No. 5. He left."),
            vec![
                "Apples, pears, etc. Are fruit, e.g. Apples.",
                "It is No. 5.",
                "He left."
            ]
        );
    }

    #[test]
    fn quoted_lowercase_continuation() {
        assert_eq!(
            sents("\"Come here!\" he said. “Why?” She asked."),
            vec!["\"Come here!\" he said.", "“Why?”", "She asked."]
        );
        assert_eq!(
            sents("“Come here!” he said."),
            vec!["“Come here!” he said."]
        );
        assert_eq!(
            sents("He left. “Stay,” I said. (It was late.) The end…"),
            vec!["He left.", "“Stay,” I said.", "(It was late.)", "The end…"]
        );
    }

    #[test]
    fn sentences_within_subspan_and_multibyte() {
        let t = "xx Café opened. Élodie came.  ¿Qué? 😀 yes";
        let start = t.find("Café").unwrap();
        let s = sentences(t, Span::new(start - 1, t.len()));
        assert_eq!(
            texts(t, &s),
            vec!["Café opened.", "Élodie came.", "¿Qué? 😀 yes"]
        );
        // Out-of-range and mid-char spans are clamped, never panic.
        let _ = sentences(t, Span::new(1000, 2000));
        let _ = sentences(t, Span::new(start + 4, start + 5));
        let _ = sentences(t, Span::new(10, 3));
    }
}
