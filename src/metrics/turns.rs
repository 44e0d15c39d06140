//! Where a line's speaker stands in the conversation so far. Naming the
//! speaker of a line is easy when two people take turns and hard when
//! someone new joins unnamed; scoring by [`SpeakerTurn`] shows which.

use crate::corpus::GoldQuote;

/// How a gold utterance's speaker relates to the speakers of the
/// utterances before it in the document (gold speakers; the segments of
/// one utterance, PDNC's `quoteID`, share one class).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum SpeakerTurn {
    /// Also spoke the previous utterance: a speech that goes on after
    /// narration, or a new paragraph by the same person.
    Previous,
    /// Spoke the turn before the previous speaker's: two people taking turns.
    Alternating,
    /// Spoke before, but not in the last two speakers' turns.
    Returning,
    /// Speaks for the first time in the document.
    New,
}

impl SpeakerTurn {
    /// Every class, in table order.
    pub const ALL: [SpeakerTurn; 4] = [
        SpeakerTurn::Previous,
        SpeakerTurn::Alternating,
        SpeakerTurn::Returning,
        SpeakerTurn::New,
    ];

    /// The name printed in tables.
    pub const fn name(self) -> &'static str {
        match self {
            SpeakerTurn::Previous => "previous",
            SpeakerTurn::Alternating => "alternating",
            SpeakerTurn::Returning => "returning",
            SpeakerTurn::New => "new",
        }
    }

    /// Per gold quotation of a document (in text order), its speaker's
    /// turn class; `None` for a quotation without a speaker, and for every
    /// quotation of a document whose quotations carry no utterance ids
    /// (news: a turn-taking conversation is not how articles quote).
    pub(crate) fn of_document(quotes: &[GoldQuote]) -> Vec<Option<SpeakerTurn>> {
        if quotes.iter().all(|q| q.quote_id.is_none()) {
            return vec![None; quotes.len()];
        }
        // Distinct speakers, the latest first.
        let mut latest: Vec<&str> = Vec::new();
        let mut out = Vec::with_capacity(quotes.len());
        let mut current: Option<(&str, Option<SpeakerTurn>)> = None;
        for q in quotes {
            let id = q.quote_id.as_deref().unwrap_or("");
            if let Some((cid, class)) = current {
                if !id.is_empty() && cid == id {
                    // A later segment of the same utterance.
                    out.push(class);
                    continue;
                }
            }
            let class = q
                .speaker
                .as_deref()
                .map(|s| match latest.iter().position(|&l| l == s) {
                    Some(0) => SpeakerTurn::Previous,
                    Some(1) => SpeakerTurn::Alternating,
                    Some(_) => SpeakerTurn::Returning,
                    None => SpeakerTurn::New,
                });
            if let Some(s) = q.speaker.as_deref() {
                latest.retain(|&l| l != s);
                latest.insert(0, s);
            }
            current = Some((id, class));
            out.push(class);
        }
        out
    }
}
