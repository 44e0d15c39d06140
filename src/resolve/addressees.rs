//! Addressees: who a quotation is spoken to, decided once per utterance
//! after its speaker.
//!
//! In order, the first that finds someone:
//! 1. *the text names them*: a vocative inside the utterance ("Jane, come
//!    here."), or a name right after its cue or speaker mention with "to"
//!    before it (`said Tom to Mary`) or after a verb of telling (`she told
//!    Mary`, `he asked Mrs. Allen`, `told the BBC`);
//! 2. *the conversation* (fiction only): the last other speaker within
//!    [`DIALOGUE_LOOKBACK`](super::turns::DIALOGUE_LOOKBACK) paragraphs,
//!    else the next one (the reply).
//!
//! A speaker never addresses themself.

use super::turns::DIALOGUE_LOOKBACK;
use super::{Document, QuoteDraft};
use crate::Span;

/// Verbs after which a name is the person spoken to (`told Mary`).
const TELLING_VERBS: [&str; 12] = [
    "told", "tells", "asked", "asks", "assured", "warned", "reminded", "begged", "informed",
    "urged", "answered", "thanked",
];

/// How far after a cue or mention a "to Y" is looked for, in bytes.
const TO_REACH: usize = 40;

/// A person a quotation is addressed to: an entity, and the span that names
/// them there when the text does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct AddresseeChoice {
    pub entity: usize,
    pub mention: Option<Span>,
}

impl Document<'_> {
    /// The addressees of every quotation, given the speakers (entity per
    /// quotation) and utterances (see [`utterances`](super::utterances)).
    pub(super) fn addressees(
        &self,
        quotes: &[QuoteDraft],
        speakers: &[Option<usize>],
        utterance_of: &[usize],
    ) -> Vec<Vec<AddresseeChoice>> {
        let mut out: Vec<Vec<AddresseeChoice>> = vec![Vec::new(); quotes.len()];
        let mut start = 0;
        while start < quotes.len() {
            let end = super::utterances::extent(utterance_of, start).end;
            let speaker = speakers[start];
            let mut found: Vec<AddresseeChoice> = Vec::new();
            for q in &quotes[start..end] {
                for (entity, span) in self.vocative_mentions(q.span) {
                    found.push(AddresseeChoice {
                        entity,
                        mention: Some(span),
                    });
                }
                found.extend(self.told(q));
            }
            found.retain(|a| Some(a.entity) != speaker);
            let mut seen = Vec::new();
            found.retain(|a| {
                let new = !seen.contains(&a.entity);
                seen.push(a.entity);
                new
            });
            if found.is_empty() && self.register.turns_alternate() {
                found.extend(self.partners(start, speakers).into_iter().map(|entity| {
                    AddresseeChoice {
                        entity,
                        mention: None,
                    }
                }));
            }
            for slot in &mut out[start..end] {
                slot.clone_from(&found);
            }
            start = end;
        }
        out
    }

    /// The person named right after the quotation's cue or speaker mention
    /// as the one spoken to: "to Mary", or "told Mary".
    fn told(&self, q: &QuoteDraft) -> Option<AddresseeChoice> {
        let anchors = [q.cue, q.mention];
        let from = anchors.iter().flatten().map(|s| s.end).max()?;
        let after_telling = q
            .cue
            .and_then(|c| self.text.get(c.start..c.end))
            .is_some_and(|w| TELLING_VERBS.contains(&w.trim().to_lowercase().as_str()));
        let first = self.names.partition_point(|n| n.span.start < from);
        let (i, n) = self
            .names
            .iter()
            .enumerate()
            .skip(first)
            .take_while(|(_, n)| n.span.start <= from + TO_REACH)
            .find(|(_, n)| Some(n.span) != q.mention)?;
        let between = self.text.get(from..n.span.start)?.trim().to_lowercase();
        let to = ["to", "to the"].contains(&between.as_str())
            || between.ends_with(" to")
            || between.ends_with(" to the");
        let directly = ["", "the"].contains(&between.as_str())
            && after_telling
            && q.cue.is_some_and(|c| c.end == from);
        if !(to || directly) || between.contains(['.', '!', '?', ';', '"', '\u{201c}', '\u{201d}'])
        {
            return None;
        }
        Some(AddresseeChoice {
            entity: *self.name_entity.get(i)?,
            mention: Some(n.span),
        })
    }

    /// The other parties of the conversation around quotation `qi`: the
    /// last other speaker before it and the next other speaker after it.
    fn partners(&self, qi: usize, speakers: &[Option<usize>]) -> Vec<usize> {
        let (Some(speaker), Some(para)) = (speakers[qi], self.turns[qi].paragraph) else {
            return Vec::new();
        };
        let near = |j: &usize| {
            self.turns[*j]
                .paragraph
                .is_some_and(|p| p.abs_diff(para) <= DIALOGUE_LOOKBACK)
        };
        let other = |j: usize| speakers[j].filter(|&s| s != speaker);
        let before = (0..qi).rev().take_while(near).find_map(other);
        let after = (qi + 1..speakers.len()).take_while(near).find_map(other);
        let mut out: Vec<usize> = before.into_iter().collect();
        out.extend(after.filter(|a| Some(*a) != before));
        out
    }
}
