//! The public result types: spans, quotations, speakers.

use serde::ser::SerializeStruct;
use serde::{Deserialize, Serialize, Serializer};

/// A half-open range of UTF-8 byte offsets `[start, end)` into the caller's text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Span {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
}

impl Span {
    /// A span from `start` to `end` (end exclusive).
    pub fn new(start: usize, end: usize) -> Self {
        Span { start, end }
    }

    /// The spanned text, or `""` if the span does not fit `text` on char boundaries.
    pub fn text<'t>(&self, text: &'t str) -> &'t str {
        text.get(self.start..self.end).unwrap_or("")
    }

    /// Length in bytes.
    pub fn len(&self) -> usize {
        self.end.saturating_sub(self.start)
    }

    /// True when the span covers no bytes.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Number of bytes shared with `other`.
    pub fn overlap(&self, other: &Span) -> usize {
        self.end
            .min(other.end)
            .saturating_sub(self.start.max(other.start))
    }

    /// True when `other` lies inside this span.
    pub fn contains(&self, other: &Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }
}

/// How a quotation is given.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum QuoteKind {
    /// Words inside quotation marks, reproduced as said.
    Direct,
    /// A quoted fragment inside the writer's own sentence.
    Mixed,
    /// Reported speech without quotation marks.
    Indirect,
}

impl QuoteKind {
    /// All kinds, in a fixed order.
    pub const ALL: [QuoteKind; 3] = [QuoteKind::Direct, QuoteKind::Mixed, QuoteKind::Indirect];

    /// The lower-case name used in JSON (`"direct"`, `"mixed"`, `"indirect"`).
    pub fn as_str(&self) -> &'static str {
        match self {
            QuoteKind::Direct => "direct",
            QuoteKind::Mixed => "mixed",
            QuoteKind::Indirect => "indirect",
        }
    }

    /// Parses the JSON name.
    pub fn parse(s: &str) -> Option<QuoteKind> {
        match s {
            "direct" => Some(QuoteKind::Direct),
            "mixed" => Some(QuoteKind::Mixed),
            "indirect" => Some(QuoteKind::Indirect),
            _ => None,
        }
    }
}

/// Index of a [`Speaker`] in [`Attribution::speakers`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct SpeakerId(pub usize);

/// One quotation found in the text.
#[derive(Debug, Clone, PartialEq)]
pub struct Quote {
    /// The quoted words (for direct and mixed quotes, without the quotation marks).
    pub span: Span,
    /// Direct, mixed or indirect.
    pub kind: QuoteKind,
    /// Who said it, when the text tells. `None` with a `mention` is an
    /// unresolved speaker: a mention ("he") that names nobody the text introduces.
    pub speaker: Option<SpeakerId>,
    /// The expression tied to this quotation that refers to the speaker ("he", "Mr Lavrov").
    /// Never a name of anyone but the speaker: a linked name the decision
    /// gave the line away from is not reported.
    pub mention: Option<Span>,
    /// The speech verb or phrase ("said", "according to").
    pub cue: Option<Span>,
    /// Model confidence that this is a quotation with this speaker, in `[0, 1]`.
    pub confidence: f32,
    /// The utterance this quotation is a segment of (0, 1, 2, … in text
    /// order): the segments of one quotation interrupted by narration
    /// (`"We will not give in," he said, "whatever it costs."`) share it and
    /// have one speaker.
    pub group: usize,
    /// Who the quotation is spoken to (empty when nobody can be told): a
    /// person named as addressed in or next to it, or in fiction the other
    /// party of the conversation.
    pub addressees: Vec<Addressee>,
}

/// A person a quotation is addressed to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Addressee {
    /// Canonical name, as for speakers (the same person has the same name).
    pub name: String,
    /// The words that address or name them there (a vocative, "to Mary"),
    /// `None` when the conversation alone tells.
    pub mention: Option<Span>,
}

impl Quote {
    /// True when the quotation has a speaker mention ("he") but no speaker:
    /// the mention names nobody the text introduces.
    pub fn speaker_unresolved(&self) -> bool {
        self.speaker.is_none() && self.mention.is_some()
    }
}

/// A person or source who speaks in the text.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Speaker {
    /// Its index in [`Attribution::speakers`].
    pub id: SpeakerId,
    /// Canonical name: the fullest proper name the text uses, or its description.
    pub name: String,
    /// Every span in the text that refers to this speaker.
    pub mentions: Vec<Span>,
    /// How many quotations are attributed to this speaker.
    pub quote_count: usize,
}

/// Everything whosaid found in one text.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Attribution {
    /// Quotations, in text order.
    pub quotes: Vec<Quote>,
    /// The speakers the quotations refer to.
    pub speakers: Vec<Speaker>,
}

impl Attribution {
    /// The speaker of a quotation, if it has one.
    pub fn speaker_of(&self, quote: &Quote) -> Option<&Speaker> {
        quote.speaker.and_then(|id| self.speakers.get(id.0))
    }

    /// A serializable view of this attribution against the text it came from,
    /// in the stable JSON format of the README.
    pub fn to_json<'a>(&'a self, text: &'a str) -> AttributionJson<'a> {
        AttributionJson {
            attribution: self,
            text,
        }
    }

    /// The quotations in the stable JSON format, one value per quote.
    pub fn quotes_json<'a>(&'a self, text: &'a str) -> Vec<QuoteJson<'a>> {
        self.quotes
            .iter()
            .map(|quote| QuoteJson {
                quote,
                attribution: self,
                text,
            })
            .collect()
    }
}

/// A span together with its text, serialized as `{"start", "end", "text"}`.
#[derive(Debug, Clone, Copy)]
pub struct SpanJson<'a> {
    span: Span,
    text: &'a str,
}

impl Serialize for SpanJson<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut st = s.serialize_struct("Span", 3)?;
        st.serialize_field("start", &self.span.start)?;
        st.serialize_field("end", &self.span.end)?;
        st.serialize_field("text", self.span.text(self.text))?;
        st.end()
    }
}

/// One quotation in the stable JSON format (see the README).
#[derive(Debug, Clone, Copy)]
pub struct QuoteJson<'a> {
    quote: &'a Quote,
    attribution: &'a Attribution,
    text: &'a str,
}

/// A quotation's addressee in JSON: `{"name", "mention"}`.
#[derive(Serialize)]
struct AddresseeJson<'a> {
    name: &'a str,
    mention: Option<SpanJson<'a>>,
}

/// A quotation's speaker in JSON: `name` is `null` and `resolved` false when
/// the model found a mention ("he") that names nobody the text introduces.
#[derive(Serialize)]
struct SpeakerJson<'a> {
    name: Option<&'a str>,
    mention: Option<SpanJson<'a>>,
    resolved: bool,
}

impl Serialize for QuoteJson<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let q = self.quote;
        let span_json = |span: Span| SpanJson {
            span,
            text: self.text,
        };
        let mut st = s.serialize_struct("Quote", 9)?;
        st.serialize_field("start", &q.span.start)?;
        st.serialize_field("end", &q.span.end)?;
        st.serialize_field("text", q.span.text(self.text))?;
        st.serialize_field("kind", q.kind.as_str())?;
        st.serialize_field("confidence", &((q.confidence * 1000.0).round() / 1000.0))?;
        let name = self.attribution.speaker_of(q).map(|sp| sp.name.as_str());
        let speaker = (name.is_some() || q.mention.is_some()).then(|| SpeakerJson {
            name,
            mention: q.mention.map(span_json),
            resolved: name.is_some(),
        });
        st.serialize_field("speaker", &speaker)?;
        st.serialize_field("cue", &q.cue.map(span_json))?;
        st.serialize_field("group", &q.group)?;
        let addressees: Vec<AddresseeJson> = q
            .addressees
            .iter()
            .map(|a| AddresseeJson {
                name: &a.name,
                mention: a.mention.map(span_json),
            })
            .collect();
        st.serialize_field("addressees", &addressees)?;
        st.end()
    }
}

/// A whole [`Attribution`] in JSON: `{"quotes": [...], "speakers": [...]}`.
#[derive(Debug, Clone, Copy)]
pub struct AttributionJson<'a> {
    attribution: &'a Attribution,
    text: &'a str,
}

#[derive(Serialize)]
struct SpeakerEntryJson<'a> {
    id: usize,
    name: &'a str,
    quote_count: usize,
    mentions: Vec<SpanJson<'a>>,
}

impl Serialize for AttributionJson<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut st = s.serialize_struct("Attribution", 2)?;
        st.serialize_field("quotes", &self.attribution.quotes_json(self.text))?;
        let speakers: Vec<_> = self
            .attribution
            .speakers
            .iter()
            .map(|sp| SpeakerEntryJson {
                id: sp.id.0,
                name: &sp.name,
                quote_count: sp.quote_count,
                mentions: sp
                    .mentions
                    .iter()
                    .map(|&span| SpanJson {
                        span,
                        text: self.text,
                    })
                    .collect(),
            })
            .collect();
        st.serialize_field("speakers", &speakers)?;
        st.end()
    }
}
