//! One-to-one matching of predicted to gold spans, and span trimming.

use crate::Span;

/// Greedy one-to-one matching of `gold` to `pred` spans.
///
/// A pair is a candidate when the spans overlap by at least half of the
/// longer one. Candidates are taken in descending order of
/// `(overlap ratio, gold index, pred index)`, skipping spans already used.
/// Returns `(gold index, pred index)` pairs in the order they were taken.
pub fn match_spans(gold: &[Span], pred: &[Span]) -> Vec<(usize, usize)> {
    let mut pairs: Vec<(f64, usize, usize)> = Vec::new();
    for (i, g) in gold.iter().enumerate() {
        for (j, p) in pred.iter().enumerate() {
            let ov = g.overlap(p);
            let longer = g.len().max(p.len()).max(1);
            if ov > 0 {
                let ratio = ov as f64 / longer as f64;
                if ratio >= 0.5 {
                    pairs.push((ratio, i, j));
                }
            }
        }
    }
    pairs.sort_by(|a, b| {
        b.0.total_cmp(&a.0)
            .then_with(|| b.1.cmp(&a.1))
            .then_with(|| b.2.cmp(&a.2))
    });
    let mut gold_used = vec![false; gold.len()];
    let mut pred_used = vec![false; pred.len()];
    let mut out = Vec::new();
    for (_, i, j) in pairs {
        if gold_used[i] || pred_used[j] {
            continue;
        }
        gold_used[i] = true;
        pred_used[j] = true;
        out.push((i, j));
    }
    out
}

/// Characters stripped from both ends of a span before exact comparison.
const QUOTE_CHARS: &[char] = &[
    '"', '\'', '\u{201c}', '\u{201d}', '\u{2018}', '\u{2019}', '\u{ab}', '\u{bb}', '\u{201e}',
    '\u{201a}', ' ',
];
/// End punctuation stripped from the right.
const END_PUNCT: &[char] = &['.', ',', ';', ':', '!', '?'];

/// Python's `str.isspace`.
fn is_py_space(c: char) -> bool {
    c.is_whitespace() || ('\u{1c}'..='\u{1f}').contains(&c)
}

/// The span's text with white space, quotation marks and end punctuation
/// trimmed, as exact matches compare it. Offsets out of range are clamped and
/// broken UTF-8 is replaced, like the reference scorer.
pub fn trim(text: &str, span: Span) -> String {
    let bytes = text.as_bytes();
    let end = span.end.min(bytes.len());
    let start = span.start.min(end);
    let seg = String::from_utf8_lossy(&bytes[start..end]);
    seg.trim_matches(is_py_space)
        .trim_matches(QUOTE_CHARS)
        .trim_end_matches(END_PUNCT)
        .trim_matches(QUOTE_CHARS)
        .trim_matches(is_py_space)
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn greedy_prefers_best_overlap() {
        let gold = [Span::new(0, 10), Span::new(20, 30)];
        let pred = [Span::new(0, 10), Span::new(0, 10), Span::new(22, 30)];
        let m = match_spans(&gold, &pred);
        assert_eq!(m, vec![(0, 1), (1, 2)]);
    }

    #[test]
    fn half_threshold() {
        let gold = [Span::new(0, 10)];
        assert_eq!(match_spans(&gold, &[Span::new(5, 15)]).len(), 1);
        assert!(match_spans(&gold, &[Span::new(6, 15)]).is_empty());
        assert!(match_spans(&gold, &[Span::new(10, 5)]).is_empty());
    }

    #[test]
    fn trims_marks_and_punctuation() {
        let t = " \u{201c}Hello there.\u{201d} ";
        assert_eq!(trim(t, Span::new(0, t.len())), "Hello there");
        assert_eq!(trim("abc", Span::new(1, 99)), "bc");
        assert_eq!(trim("é", Span::new(1, 2)), "\u{fffd}");
    }
}
