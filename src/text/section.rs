//! Cutting a long text into sections of whole paragraphs, so that a novel or
//! a 5 MB upload is tokenized, run through the network and decoded a section
//! at a time, in memory that does not grow with the text.
//!
//! Quoted regions never span paragraphs (see [`super::marks`]), so a cut
//! between paragraphs never splits one. A single paragraph longer than a
//! section is cut between its sentences, or, for one endless sentence,
//! after whitespace, or, with no whitespace either, at the limit.

use crate::Span;

use super::segment;

/// The largest section the pipeline reads at once, in bytes of text
/// (about 16 K word pieces of English).
pub const SECTION_BYTES: usize = 64 * 1024;

/// Pieces of `text` (paragraphs, or parts of an overlong one) grouped into
/// sections of at most `max_bytes` each; every piece is at most `max_bytes`
/// long (but for a single character longer than that). Pieces keep the
/// order and offsets of `paragraphs`.
pub fn sections(text: &str, paragraphs: &[Span], max_bytes: usize) -> Vec<Vec<Span>> {
    let max_bytes = max_bytes.max(1);
    let mut out: Vec<Vec<Span>> = Vec::new();
    let mut current: Vec<Span> = Vec::new();
    let mut start = 0usize;
    for &p in paragraphs {
        for piece in pieces(text, p, max_bytes) {
            if !current.is_empty() && piece.end - start > max_bytes {
                out.push(std::mem::take(&mut current));
            }
            if current.is_empty() {
                start = piece.start;
            }
            current.push(piece);
        }
    }
    if !current.is_empty() {
        out.push(current);
    }
    out
}

/// A paragraph as it is, or cut into runs of whole sentences of at most
/// `max_bytes` (a longer sentence is cut after whitespace, or at the limit).
fn pieces(text: &str, p: Span, max_bytes: usize) -> Vec<Span> {
    if p.len() <= max_bytes {
        return vec![p];
    }
    let mut out: Vec<Span> = Vec::new();
    for s in segment::sentences(text, p) {
        for part in cut_at_whitespace(text, s, max_bytes) {
            match out.last_mut() {
                Some(last) if part.end - last.start <= max_bytes => last.end = part.end,
                _ => out.push(part),
            }
        }
    }
    if out.is_empty() {
        out.push(p);
    }
    out
}

/// `s` cut into parts of at most `max_bytes`, each ending after whitespace
/// where there is some, else at the limit.
fn cut_at_whitespace(text: &str, s: Span, max_bytes: usize) -> Vec<Span> {
    let mut out = Vec::new();
    let mut start = s.start;
    while s.end - start > max_bytes {
        let limit = floor_char_boundary(text, start + max_bytes);
        let window = &text[start..limit];
        let cut = window
            .char_indices()
            .rev()
            .find(|(_, c)| c.is_whitespace())
            .map(|(i, c)| start + i + c.len_utf8())
            .filter(|&c| c > start);
        // No whitespace in reach (a 200 KB "word", a paragraph of CJK
        // without spaces): cut at the limit, so that no piece holds more.
        let cut = cut.unwrap_or(if limit > start { limit } else { s.end });
        out.push(Span::new(start, cut));
        start = cut;
    }
    if start < s.end {
        out.push(Span::new(start, s.end));
    }
    out
}

fn floor_char_boundary(text: &str, mut i: usize) -> usize {
    i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::segment::paragraphs;

    fn check_cover(text: &str, secs: &[Vec<Span>]) {
        let flat: Vec<Span> = secs.iter().flatten().copied().collect();
        for w in flat.windows(2) {
            assert!(w[0].end <= w[1].start, "pieces in order: {w:?}");
        }
        for p in &flat {
            assert!(text.is_char_boundary(p.start) && text.is_char_boundary(p.end));
        }
    }

    #[test]
    fn a_short_text_is_one_section_of_its_paragraphs() {
        let text = "“Yes,” she said.\n\nHe left.";
        let pars = paragraphs(text);
        assert_eq!(sections(text, &pars, SECTION_BYTES), vec![pars]);
    }

    #[test]
    fn paragraphs_are_grouped_up_to_the_limit_and_never_split() {
        let par = "“We will not give in,” he said. ".repeat(3);
        let text = vec![par.trim_end(); 40].join("\n\n");
        let pars = paragraphs(&text);
        let secs = sections(&text, &pars, 1000);
        assert!(secs.len() > 1);
        for s in &secs {
            assert!(s.last().unwrap().end - s[0].start <= 1000);
        }
        let flat: Vec<Span> = secs.into_iter().flatten().collect();
        assert_eq!(flat, pars, "whole paragraphs, all of them, in order");
    }

    #[test]
    fn an_overlong_paragraph_is_cut_between_sentences() {
        let text = "He spoke. “It is late,” she said. ".repeat(200);
        let pars = paragraphs(&text);
        assert_eq!(pars.len(), 1);
        let secs = sections(&text, &pars, 500);
        check_cover(&text, &secs);
        let flat: Vec<Span> = secs.iter().flatten().copied().collect();
        assert!(flat.len() > 10);
        for p in &flat {
            assert!(p.len() <= 500, "{p:?}");
            let t = p.text(&text);
            assert!(
                t.starts_with("He ") || t.starts_with('“'),
                "cut at a sentence: {t:?}"
            );
        }
    }

    #[test]
    fn a_sentence_without_end_is_cut_after_whitespace_and_a_huge_word_at_the_limit() {
        let long = "word ".repeat(1000);
        let huge = "x".repeat(3000);
        let cjk = "引".repeat(1000);
        let text = format!("{long}{huge} tail {cjk}");
        let pars = paragraphs(&text);
        let secs = sections(&text, &pars, 400);
        check_cover(&text, &secs);
        let flat: Vec<Span> = secs.iter().flatten().copied().collect();
        for p in &flat {
            assert!(p.len() <= 400, "{p:?}");
        }
        for p in flat.iter().filter(|p| p.text(&text).starts_with("word ")) {
            assert!(p.text(&text).ends_with(' '), "cut after whitespace: {p:?}");
        }
        let covered: usize = flat.iter().map(|p| p.len()).sum();
        assert!(covered >= text.trim().len() - 2, "nothing lost");
    }

    #[test]
    fn no_paragraphs_no_sections() {
        assert!(sections("", &[], 10).is_empty());
    }
}
