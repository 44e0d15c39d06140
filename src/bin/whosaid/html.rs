//! The HTML reading view: one self-contained page (inline CSS and a little
//! inline JavaScript, nothing fetched) with each text, its quotations
//! highlighted in their speaker's colour, speaker mentions and cues marked,
//! details on hover and keyboard focus, and a legend of speakers that
//! filters the view.
//!
//! Spans are UTF-8 byte offsets into the text, end exclusive. The markup is
//! built from a sorted, properly nested set of boundaries (see [`layout`]):
//! spans that do not fit the text are left out, overlapping quotations are
//! clipped, and mentions and cues that cross a quotation's edge are split,
//! so no input makes it panic or emit badly nested tags.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use whosaid::{Attribution, Span};

/// Page style: responsive, readable on a phone.
const CSS: &str = include_str!("html.css");
/// Legend filtering and the details bar.
const JS: &str = include_str!("html.js");

/// Hues (HSL degrees) given to the speakers in order; more speakers get
/// hues spread by the golden angle.
const HUES: [u32; 10] = [210, 5, 130, 40, 280, 175, 330, 90, 20, 245];

/// One text to show and what was found in it.
pub struct Doc<'a> {
    /// A heading: the file name.
    pub title: &'a str,
    /// The text the spans point into.
    pub text: &'a str,
    /// The quotations and speakers found in it.
    pub found: &'a Attribution,
}

/// `s` escaped for HTML text and attribute values.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// The whole page for `docs`.
pub fn page(docs: &[Doc]) -> String {
    let title = match docs {
        [one] => format!("whosaid: {}", one.title),
        _ => format!("whosaid: {} texts", docs.len()),
    };
    let mut html = format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{}</title>\n<style>\n{CSS}</style>\n</head>\n<body>\n<main>\n",
        escape(&title)
    );
    for (n, doc) in docs.iter().enumerate() {
        article(&mut html, n, doc);
    }
    html.push_str(
        "</main>\n<div id=\"info\" role=\"status\" aria-live=\"polite\">\
         Hover over, tap or tab to a quotation for its details; pick a speaker to show only theirs.</div>\n",
    );
    let _ = write!(html, "<script>\n{JS}</script>\n</body>\n</html>\n");
    html
}

/// The hue of speaker `id`.
fn hue(id: usize) -> u32 {
    HUES.get(id)
        .copied()
        .unwrap_or_else(|| ((id as f64 * 137.508) % 360.0) as u32)
}

/// `data-s` and colour attributes for a speaker, or for "no speaker".
fn speaker_attrs(speaker: Option<usize>) -> String {
    match speaker {
        Some(id) => format!("data-s=\"{id}\" style=\"--h:{}\"", hue(id)),
        None => "data-s=\"none\" style=\"--h:0;--sat:0%\"".to_string(),
    }
}

/// One `<article>`: heading, legend, key and the marked-up text.
fn article(html: &mut String, n: usize, doc: &Doc) {
    let layout = layout(doc.text, doc.found);
    let _ = write!(
        html,
        "<article id=\"d{n}\">\n<header>\n<h1>{}</h1>\n<p class=\"summary\">{} quotations, {} speakers</p>\n",
        escape(doc.title),
        layout.quotes.len(),
        doc.found.speakers.len()
    );
    legend(html, doc.found, &layout.quotes);
    html.push_str(
        "<p class=\"key\"><span class=\"q k-direct\">direct</span> \
         <span class=\"q k-mixed\">mixed</span> \
         <span class=\"q k-indirect\">indirect</span> quotation, \
         <span class=\"m\">speaker mention</span>, <span class=\"c\">cue</span></p>\n</header>\n",
    );
    html.push_str("<div class=\"text\">");
    html.push_str(&markup(doc.text, doc.found, &layout, n));
    html.push_str("</div>\n</article>\n");
}

/// The legend: every speaker with their quotation count, most quoted first,
/// as buttons that filter the view; "all" first, "no speaker" last.
fn legend(html: &mut String, found: &Attribution, quotes: &[(Span, usize)]) {
    let mut counts: BTreeMap<Option<usize>, usize> = BTreeMap::new();
    for &(_, i) in quotes {
        let speaker = found.speaker_of(&found.quotes[i]).map(|s| s.id.0);
        *counts.entry(speaker).or_default() += 1;
    }
    let mut named: Vec<(usize, usize)> = counts
        .iter()
        .filter_map(|(s, &c)| s.map(|s| (s, c)))
        .collect();
    named.sort_by_key(|&(s, c)| (std::cmp::Reverse(c), s));
    html.push_str(
        "<nav class=\"legend\" aria-label=\"Speakers\">\
         <button type=\"button\" data-s=\"\" aria-pressed=\"true\">all</button>",
    );
    for (s, c) in named {
        let _ = write!(
            html,
            "<button type=\"button\" class=\"spk\" {} aria-pressed=\"false\">{} <span class=\"n\">{c}</span></button>",
            speaker_attrs(Some(s)),
            escape(&found.speakers[s].name)
        );
    }
    if let Some(c) = counts.get(&None) {
        let _ = write!(
            html,
            "<button type=\"button\" class=\"spk\" {} aria-pressed=\"false\">no speaker <span class=\"n\">{c}</span></button>",
            speaker_attrs(None)
        );
    }
    html.push_str("</nav>\n");
}

/// What a marked stretch of text is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Role {
    /// A speaker mention.
    Mention,
    /// A speech cue.
    Cue,
}

/// The spans to mark, made drawable: quotations that do not overlap, and
/// mention and cue pieces that do not overlap each other and each lie
/// wholly inside one quotation or outside all.
#[derive(Debug, Default)]
struct Layout {
    /// Quotation spans with the index of their quote, in text order.
    quotes: Vec<(Span, usize)>,
    /// Mention and cue pieces with the quotes they belong to, in text order.
    marks: Vec<(Span, Role, Vec<usize>)>,
}

/// True when `span` is non-empty and lies on character boundaries of `text`.
fn fits(text: &str, span: Span) -> bool {
    span.start < span.end
        && span.end <= text.len()
        && text.is_char_boundary(span.start)
        && text.is_char_boundary(span.end)
}

/// Makes `spans` (sorted by start) non-overlapping: each starts where the
/// one before ends at the earliest; those left empty are dropped.
fn clip<T>(spans: impl IntoIterator<Item = (Span, T)>) -> Vec<(Span, T)> {
    let mut out: Vec<(Span, T)> = Vec::new();
    for (mut span, t) in spans {
        if let Some((last, _)) = out.last() {
            span.start = span.start.max(last.end);
        }
        if span.start < span.end {
            out.push((span, t));
        }
    }
    out
}

/// Lays out the quotations, mentions and cues of `found` over `text`.
fn layout(text: &str, found: &Attribution) -> Layout {
    let mut quotes: Vec<(Span, usize)> = found
        .quotes
        .iter()
        .enumerate()
        .filter(|(_, q)| fits(text, q.span))
        .map(|(i, q)| (q.span, i))
        .collect();
    quotes.sort_by_key(|&(s, i)| (s.start, s.end, i));
    let quotes = clip(quotes);
    // The same span may be the mention (or cue) of several quotations.
    let mut shared: BTreeMap<(usize, usize, Role), Vec<usize>> = BTreeMap::new();
    for &(_, i) in &quotes {
        let q = &found.quotes[i];
        for (role, span) in [(Role::Mention, q.mention), (Role::Cue, q.cue)] {
            if let Some(s) = span.filter(|&s| fits(text, s)) {
                shared.entry((s.start, s.end, role)).or_default().push(i);
            }
        }
    }
    let marks = clip(
        shared
            .into_iter()
            .map(|((start, end, role), qs)| (Span::new(start, end), (role, qs))),
    );
    // Cut marks at quotation edges so that each piece nests.
    let mut edges: Vec<usize> = quotes.iter().flat_map(|(s, _)| [s.start, s.end]).collect();
    edges.dedup(); // sorted; a quotation may end where the next starts
    let mut pieces = Vec::new();
    for (span, (role, qs)) in marks {
        let mut start = span.start;
        for &e in edges.iter().filter(|&&e| span.start < e && e < span.end) {
            pieces.push((Span::new(start, e), role, qs.clone()));
            start = e;
        }
        pieces.push((Span::new(start, span.end), role, qs));
    }
    Layout {
        quotes,
        marks: pieces,
    }
}

/// The details of a quotation, for its tooltip and the details bar.
fn tip(text: &str, found: &Attribution, i: usize) -> String {
    let q = &found.quotes[i];
    let mut tip = format!("{} quotation · ", q.kind.as_str());
    match found.speaker_of(q) {
        Some(s) => tip.push_str(&s.name),
        None if q.speaker_unresolved() => tip.push_str("speaker not resolved"),
        None => tip.push_str("no speaker"),
    }
    let mut extra = Vec::new();
    if let Some(m) = q.mention.filter(|&m| fits(text, m)) {
        extra.push(format!("mention “{}”", m.text(text)));
    }
    if let Some(c) = q.cue.filter(|&c| fits(text, c)) {
        extra.push(format!("cue “{}”", c.text(text)));
    }
    if !extra.is_empty() {
        let _ = write!(tip, " ({})", extra.join(", "));
    }
    if !q.addressees.is_empty() {
        let to: Vec<&str> = q.addressees.iter().map(|a| a.name.as_str()).collect();
        let _ = write!(tip, " · to {}", to.join(", "));
    }
    // Segments of one utterance are consecutive quotations.
    let same = |j: &usize| found.quotes[*j].group == q.group;
    let first = (0..i).rev().take_while(same).last().unwrap_or(i);
    let end = (i..found.quotes.len())
        .take_while(same)
        .last()
        .map_or(i, |j| j + 1);
    if end - first > 1 {
        let _ = write!(
            tip,
            " · part {} of {} of one utterance",
            i - first + 1,
            end - first
        );
    }
    let _ = write!(tip, " · confidence {:.2}", q.confidence);
    tip
}

/// The text with its elements opened and closed at the laid-out boundaries.
fn markup(text: &str, found: &Attribution, layout: &Layout, doc: usize) -> String {
    // At one position: close marks, close quotations, open quotations, open marks.
    let mut events: Vec<(usize, u8, String)> = Vec::new();
    for &(span, i) in &layout.quotes {
        let q = &found.quotes[i];
        let t = escape(&tip(text, found, i));
        let open = format!(
            "<span class=\"q k-{}\" id=\"d{doc}-q{i}\" tabindex=\"0\" {} title=\"{t}\" data-tip=\"{t}\">",
            q.kind.as_str(),
            speaker_attrs(found.speaker_of(q).map(|s| s.id.0)),
        );
        events.push((span.start, 2, open));
        events.push((span.end, 1, "</span>".into()));
    }
    for (span, role, qs) in &layout.marks {
        let class = match role {
            Role::Mention => "m",
            Role::Cue => "c",
        };
        let speaker = qs
            .iter()
            .find_map(|&i| found.speaker_of(&found.quotes[i]))
            .map(|s| s.id.0);
        events.push((
            span.start,
            3,
            format!("<span class=\"{class}\" {}>", speaker_attrs(speaker)),
        ));
        events.push((span.end, 0, "</span>".into()));
    }
    events.sort_by_key(|(pos, order, _)| (*pos, *order));
    let mut out = String::with_capacity(text.len() * 2);
    let mut at = 0;
    for (pos, _, tag) in events {
        out.push_str(&escape(&text[at..pos]));
        out.push_str(&tag);
        at = pos;
    }
    out.push_str(&escape(&text[at..]));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use whosaid::{Quote, QuoteKind, Speaker, SpeakerId};

    fn quote(
        span: (usize, usize),
        speaker: Option<usize>,
        mention: Option<(usize, usize)>,
        cue: Option<(usize, usize)>,
    ) -> Quote {
        let sp = |(a, b)| Span::new(a, b);
        Quote {
            span: sp(span),
            kind: QuoteKind::Direct,
            speaker: speaker.map(SpeakerId),
            mention: mention.map(sp),
            cue: cue.map(sp),
            confidence: 0.93,
            group: span.0,
            addressees: vec![],
        }
    }

    fn speaker(id: usize, name: &str, quotes: usize) -> Speaker {
        Speaker {
            id: SpeakerId(id),
            name: name.into(),
            mentions: vec![],
            quote_count: quotes,
        }
    }

    fn render(text: &str, found: &Attribution) -> String {
        page(&[Doc {
            title: "t.txt",
            text,
            found,
        }])
    }

    /// The text of `html` with tags removed and entities decoded.
    fn visible_text(html: &str) -> String {
        let body = &html[html.find("<div class=\"text\">").unwrap() + 18..];
        let body = &body[..body.find("</div>").unwrap()];
        let mut out = String::new();
        let mut in_tag = false;
        for c in body.chars() {
            match c {
                '<' => in_tag = true,
                '>' => in_tag = false,
                c if !in_tag => out.push(c),
                _ => {}
            }
        }
        out.replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&quot;", "\"")
            .replace("&#39;", "'")
            .replace("&amp;", "&")
    }

    /// Checks that every `<span` in the text is closed in order.
    fn balanced(html: &str) -> bool {
        let body = &html[html.find("<div class=\"text\">").unwrap()..];
        let body = &body[..body.find("</div>").unwrap()];
        let mut depth: i64 = 0;
        for (i, _) in body.match_indices('<') {
            if body[i..].starts_with("<span") {
                depth += 1;
            } else if body[i..].starts_with("</span>") {
                depth -= 1;
                if depth < 0 {
                    return false;
                }
            }
        }
        depth == 0
    }

    #[test]
    fn one_element_per_quotation_speakers_in_the_legend() {
        let text = "\"We stay,\" said Ann. \"We go,\" Bob said. \"Maybe.\"";
        let found = Attribution {
            quotes: vec![
                quote((1, 9), Some(0), Some((16, 19)), Some((11, 15))),
                quote((22, 28), Some(1), Some((30, 33)), Some((34, 38))),
                quote((41, 47), None, None, None),
            ],
            speakers: vec![speaker(0, "Ann Lee", 1), speaker(1, "Bob", 1)],
        };
        let html = render(text, &found);
        assert_eq!(html.matches("<span class=\"q k-direct\" id=").count(), 3);
        for id in ["d0-q0", "d0-q1", "d0-q2"] {
            assert!(
                html.contains(&format!("id=\"{id}\" tabindex=\"0\"")),
                "{id}"
            );
        }
        let legend = &html[html.find("<nav").unwrap()..html.find("</nav>").unwrap()];
        assert!(
            legend.contains(">Ann Lee <span class=\"n\">1</span>"),
            "{legend}"
        );
        assert!(
            legend.contains(">Bob <span class=\"n\">1</span>"),
            "{legend}"
        );
        assert!(
            legend.contains(">no speaker <span class=\"n\">1</span>"),
            "{legend}"
        );
        assert_eq!(html.matches("<span class=\"m\"").count(), 2 + 1); // two mentions + the key
        assert_eq!(html.matches("<span class=\"c\"").count(), 2 + 1);
        assert!(html.contains(
            "title=\"direct quotation · Ann Lee (mention “Ann”, cue “said”) · confidence 0.93\""
        ));
        assert_eq!(visible_text(&html), text);
        assert!(balanced(&html));
    }

    #[test]
    fn text_and_names_are_escaped() {
        let text = "<script>alert(1)</script> \"Hi & bye,\" said <b>.";
        let found = Attribution {
            quotes: vec![quote((27, 36), Some(0), Some((43, 46)), Some((38, 42)))],
            speakers: vec![speaker(0, "<img src=x onerror=alert(2)>", 1)],
        };
        let html = render(text, &found);
        assert!(!html.contains("<script>alert"));
        assert!(!html.contains("<img"));
        assert!(!html.contains("<b>"));
        assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
        assert!(html.contains("&lt;img src=x onerror=alert(2)&gt;"));
        // One script element: the page's own.
        assert_eq!(html.matches("<script>").count(), 1);
        assert_eq!(visible_text(&html), text);
    }

    #[test]
    fn tooltips_tell_the_utterance_and_the_addressees() {
        let text = "\"Wait,\" said Ann, \"for me.\" \"No.\"";
        let mut first = quote((1, 6), Some(0), Some((13, 16)), Some((8, 12)));
        first.addressees = vec![whosaid::Addressee {
            name: "Bob".into(),
            mention: None,
        }];
        let mut second = quote((19, 26), Some(0), None, None);
        second.group = first.group;
        second.addressees = first.addressees.clone();
        let mut third = quote((29, 32), None, None, None);
        third.group = first.group + 1;
        let found = Attribution {
            quotes: vec![first, second, third],
            speakers: vec![speaker(0, "Ann", 2)],
        };
        let html = render(text, &found);
        assert!(html
            .contains("Ann (mention “Ann”, cue “said”) · to Bob · part 1 of 2 of one utterance"));
        assert!(html.contains("direct quotation · Ann · to Bob · part 2 of 2 of one utterance"));
        assert!(html.contains("title=\"direct quotation · no speaker · confidence 0.93\""));
    }

    #[test]
    fn overlapping_and_out_of_range_spans_never_break_nesting() {
        let text = "ab «cd» éf \"gh\" ij kl";
        let found = Attribution {
            quotes: vec![
                // A mention crossing the quotation's end, a cue overlapping the mention.
                quote((2, 10), Some(0), Some((9, 14)), Some((12, 16))),
                // Overlaps the first quotation and shares its mention.
                quote((6, 18), Some(0), Some((9, 14)), None),
                // Not on a character boundary (inside "é").
                quote((11, 13), None, None, None),
                // Reversed and out-of-range mention and cue.
                quote((19, 21), None, Some((9, 2)), Some((20, 99))),
                // Reversed, past the end.
                quote((5, 3), None, None, None),
                quote((20, 999), None, None, None),
            ],
            speakers: vec![speaker(0, "A", 2)],
        };
        let html = render(text, &found);
        let body = &html[html.find("<div class=\"text\">").unwrap()..];
        assert_eq!(visible_text(&html), text);
        assert!(balanced(&html), "{}", &body[..body.find("</div>").unwrap()]);
        assert_eq!(html.matches("<span class=\"q k-direct\" id=").count(), 3);
        // The shared mention is split at the first quotation's end: two pieces.
        assert_eq!(html.matches("<span class=\"m\" data-s=\"0\"").count(), 2);
        // Spans that do not fit the text are not described.
        assert!(
            html.contains("title=\"direct quotation · speaker not resolved · confidence 0.93\"")
        );
    }

    #[test]
    fn empty_text_gives_a_page_with_no_quotations() {
        let html = render("", &Attribution::default());
        assert!(html.contains("0 quotations, 0 speakers"));
        assert!(!html.contains("class=\"q k-direct\" id="));
        assert!(html.contains("<meta name=\"viewport\""));
        assert!(!html.contains("http"), "nothing is fetched");
    }
}
