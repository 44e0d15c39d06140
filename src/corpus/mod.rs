//! Readers for annotated corpora and prediction files: the news gold JSONL,
//! PDNC novel folders and `attribute --jsonl` predictions.

pub mod news;
pub mod pdnc;
pub mod predictions;

use std::path::{Path, PathBuf};

use crate::{Attribution, QuoteKind, Span};

/// Environment variable naming the shared data folder (see [`data_dir`]).
pub(crate) const DATA_ENV: &str = "WHOSAID_DATA";

/// The shared data folder holding `news/` and `pdnc/`: `$WHOSAID_DATA`,
/// else `../shared/data` next to the crate. The folder may not exist;
/// callers check and say so.
pub fn data_dir() -> PathBuf {
    match std::env::var_os(DATA_ENV) {
        Some(d) if !d.is_empty() => PathBuf::from(d),
        _ => Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("..")
            .join("shared")
            .join("data"),
    }
}

/// One annotated quotation.
#[derive(Debug, Clone, PartialEq)]
pub struct GoldQuote {
    /// The quoted words (byte offsets, marks excluded).
    pub span: Span,
    /// Direct, mixed or indirect (PDNC quotations are all direct).
    pub kind: QuoteKind,
    /// The label scores are broken down by: `direct`/`mixed`/`indirect` for
    /// news, `explicit`/`anaphoric`/`implicit` for PDNC.
    pub label: String,
    /// Canonical speaker name, `None` when the text does not say.
    pub speaker: Option<String>,
    /// Every name that counts as the right speaker (PDNC aliases); empty for news.
    pub speaker_aliases: Vec<String>,
    /// The speaker mention tied to this quotation.
    pub mention: Option<Span>,
    /// The speech verb or phrase.
    pub cue: Option<Span>,
    /// The people the quotation is addressed to (PDNC), with their aliases.
    pub addressees: Vec<GoldAddressee>,
    /// The utterance this segment belongs to (PDNC `quoteID`): segments of one
    /// quotation interrupted by narration share it.
    pub quote_id: Option<String>,
}

/// A person a gold quotation is addressed to.
#[derive(Debug, Clone, PartialEq)]
pub struct GoldAddressee {
    /// Canonical name.
    pub name: String,
    /// Every name that denotes them (PDNC aliases, the canonical name included).
    pub aliases: Vec<String>,
}

/// One annotated document.
#[derive(Debug, Clone, PartialEq)]
pub struct GoldDoc {
    /// Document id (news: `category/stem`; PDNC: the novel folder name).
    pub id: String,
    /// The full text the offsets point into.
    pub text: String,
    /// Quotations in text order.
    pub quotes: Vec<GoldQuote>,
}

/// One predicted quotation, as read from a predictions file.
#[derive(Debug, Clone, PartialEq)]
pub struct PredQuote {
    /// Quoted span.
    pub span: Span,
    /// Predicted kind, when given.
    pub kind: Option<QuoteKind>,
    /// Predicted speaker name.
    pub speaker: Option<String>,
    /// Predicted speaker mention.
    pub mention: Option<Span>,
    /// The predicted utterance: consecutive predictions with the same group
    /// are segments of one interrupted quotation (scored when given).
    pub group: Option<usize>,
    /// Predicted addressee names; `None` when the predictions do not say
    /// (then addressees are not scored).
    pub addressees: Option<Vec<String>>,
}

/// Predictions for one document.
#[derive(Debug, Clone, PartialEq)]
pub struct PredDoc {
    /// Document id, matching [`GoldDoc::id`].
    pub id: String,
    /// Predicted quotations.
    pub quotes: Vec<PredQuote>,
}

impl PredDoc {
    /// The predictions of an [`Attribution`], for scoring.
    pub fn from_attribution(id: &str, attribution: &Attribution) -> Self {
        PredDoc {
            id: id.to_string(),
            quotes: attribution
                .quotes
                .iter()
                .map(|q| PredQuote {
                    span: q.span,
                    kind: Some(q.kind),
                    speaker: attribution.speaker_of(q).map(|s| s.name.clone()),
                    mention: q.mention,
                    group: Some(q.group),
                    addressees: Some(q.addressees.iter().map(|a| a.name.clone()).collect()),
                })
                .collect(),
        }
    }
}
