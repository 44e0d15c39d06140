//! Addressees: who a quotation is spoken to, decided once per utterance
//! after its speaker.
//!
//! The candidates: whoever *the text names* as spoken to (a vocative inside
//! the utterance, "Jane, come here."; a name right after its cue or speaker
//! mention with "to" before it, `said Tom to Mary`, or after a verb of
//! telling, `she told Mary`, `told the BBC`) and, in fiction, *the
//! conversation*: the other speakers before and after it within
//! [`DIALOGUE_LOOKBACK`](super::turns::DIALOGUE_LOOKBACK) paragraphs, and
//! *the scene*: whoever the narration names in the utterance's paragraph
//! or the [`PRESENT_LOOKBACK`] before it, speaking or not. A speaker never
//! addresses themself.
//!
//! In fiction, given an [`AddresseeModel`](super::addressee_model::AddresseeModel)
//! (shipped in `ranker.json`, fitted on novels), it keeps each candidate or
//! not, and a line of the conversation is spoken to someone: when it keeps
//! none, the likeliest candidate. In news, or without a model, the rules
//! choose: the ones the text names, else (fiction) the last other speaker
//! and the next one.

use std::ops::Range;

use super::addressee_model::{AddresseeFeatures, AddresseeModel, CONVERSATION_REACH};
use super::entities::{Animacy, EntityKind, EntityMention};
use super::lexicon::{lexicon, WordList};
use super::turns::DIALOGUE_LOOKBACK;
use super::{Document, QuoteDraft};
use crate::Span;

/// How far after a cue or mention a "to Y" is looked for, in bytes.
const TO_REACH: usize = 40;

/// A person a quotation is addressed to: an entity, and the span that names
/// them there when the text does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct AddresseeChoice {
    pub entity: usize,
    pub mention: Option<Span>,
}

/// A candidate addressee of one utterance, with what the model sees of it.
#[derive(Debug, Clone, Copy)]
pub(super) struct AddresseeCandidate {
    pub choice: AddresseeChoice,
    pub features: AddresseeFeatures,
}

/// How many paragraphs before an utterance's own count as its scene.
const PRESENT_LOOKBACK: usize = 3;

/// How many quotations before and after an utterance count as "around" it.
const AROUND: usize = 8;

impl Document<'_> {
    /// The addressees of every quotation, given the speakers (entity per
    /// quotation) and utterances (see [`utterances`](super::utterances)).
    /// In a conversation (see [`Register::addressees_from_conversation`](super::register::Register::addressees_from_conversation)),
    /// the candidates `model` keeps, or when it keeps none its likeliest
    /// one; otherwise, or without a model, the rules' choice.
    pub(super) fn addressees(
        &self,
        quotes: &[QuoteDraft],
        speakers: &[Option<usize>],
        utterance_of: &[usize],
        model: Option<&AddresseeModel>,
    ) -> Vec<Vec<AddresseeChoice>> {
        let model = model.filter(|_| self.register.addressees_from_conversation());
        let mut out: Vec<Vec<AddresseeChoice>> = vec![Vec::new(); quotes.len()];
        for (range, cands) in self.addressee_candidates(quotes, speakers, utterance_of) {
            let chosen: Vec<AddresseeChoice> = match model {
                Some(m) => kept_or_likeliest(m, &cands),
                None => cands
                    .iter()
                    .filter(|c| c.features.rule_choice)
                    .map(|c| c.choice)
                    .collect(),
            };
            for slot in &mut out[range] {
                slot.clone_from(&chosen);
            }
        }
        out
    }

    /// Per utterance (its quotations), its candidate addressees: whoever
    /// the text names as spoken to, then (fiction) the other speakers of
    /// the conversation before and after it. Never its own speaker.
    pub(super) fn addressee_candidates(
        &self,
        quotes: &[QuoteDraft],
        speakers: &[Option<usize>],
        utterance_of: &[usize],
    ) -> Vec<(Range<usize>, Vec<AddresseeCandidate>)> {
        let mut all = Vec::new();
        let mut start = 0;
        while start < quotes.len() {
            let range = super::utterances::extent(utterance_of, start);
            let speaker = speakers[start];
            let mut cands: Vec<AddresseeCandidate> = Vec::new();
            let add = |cands: &mut Vec<AddresseeCandidate>, entity: usize, mention| {
                if Some(entity) == speaker {
                    return None;
                }
                let i = match cands.iter().position(|c| c.choice.entity == entity) {
                    Some(i) => i,
                    None => {
                        cands.push(AddresseeCandidate {
                            choice: AddresseeChoice { entity, mention },
                            features: AddresseeFeatures::default(),
                        });
                        cands.len() - 1
                    }
                };
                Some(i)
            };
            for q in &quotes[range.clone()] {
                let named = self
                    .vocative_mentions(q.span)
                    .into_iter()
                    .map(|(entity, span)| (entity, Some(span)))
                    .chain(self.told(q).map(|a| (a.entity, a.mention)));
                for (entity, mention) in named {
                    if let Some(i) = add(&mut cands, entity, mention) {
                        cands[i].features.named_in_text = true;
                        cands[i].features.rule_choice = true;
                    }
                }
            }
            if self.register.addressees_from_conversation() {
                let text_named = !cands.is_empty();
                let (before, after) = self.other_speakers(range.clone(), speakers);
                // The rules' conversation: the last other speaker and the next.
                let last = before.first().copied();
                let next = after.first().copied().filter(|&a| Some(a) != last);
                for entity in last.into_iter().chain(next) {
                    if let Some(i) = add(&mut cands, entity, None) {
                        cands[i].features.rule_choice |= !text_named;
                    }
                }
                for (rank, &entity) in before.iter().enumerate() {
                    if let Some(i) = add(&mut cands, entity, None) {
                        cands[i].features.previous_speaker_rank = rank + 1;
                    }
                }
                for (rank, &entity) in after.iter().enumerate() {
                    if let Some(i) = add(&mut cands, entity, None) {
                        cands[i].features.next_speaker_rank = rank + 1;
                    }
                }
                for entity in self.present(range.start) {
                    if let Some(i) = add(&mut cands, entity, None) {
                        cands[i].features.present_in_narration = true;
                    }
                }
            }
            self.fill_context(start, speakers, &mut cands);
            let group_address = quotes[range.clone()]
                .iter()
                .any(|q| self.addresses_a_group(q.span));
            for c in &mut cands {
                c.features.group_address = group_address;
            }
            start = range.end;
            all.push((range, cands));
        }
        all
    }

    /// The people named in the narration of quotation `qi`'s paragraph and
    /// the [`PRESENT_LOOKBACK`] paragraphs before it.
    fn present(&self, qi: usize) -> Vec<usize> {
        let Some(para) = self.turns[qi].paragraph else {
            return Vec::new();
        };
        let (Some(first), Some(last)) = (
            self.paragraphs.get(para.saturating_sub(PRESENT_LOOKBACK)),
            self.paragraphs.get(para),
        ) else {
            return Vec::new();
        };
        let scene = Span::new(first.start, last.end);
        (0..self.entities.len())
            .filter(|&e| {
                let ent = &self.entities[e];
                ent.kind == EntityKind::Named
                    && ent.animacy != Animacy::Organisation
                    && self.mentions_within(e, scene).any(|m| !m.in_quote)
            })
            .collect()
    }

    /// Entity `e`'s mentions inside `span` (an entity's mentions are kept
    /// sorted by span).
    fn mentions_within(&self, e: usize, span: Span) -> impl Iterator<Item = &EntityMention> {
        let ms = &self.entities[e].mentions;
        ms[ms.partition_point(|m| m.span.start < span.start)..]
            .iter()
            .take_while(move |m| m.span.start < span.end)
            .filter(move |m| m.span.end <= span.end)
    }

    /// The distinct other speakers before and after the utterance `range`
    /// (nearest first, at most [`CONVERSATION_REACH`] each, within
    /// [`DIALOGUE_LOOKBACK`] paragraphs).
    fn other_speakers(
        &self,
        range: Range<usize>,
        speakers: &[Option<usize>],
    ) -> (Vec<usize>, Vec<usize>) {
        let (Some(speaker), Some(para)) =
            (speakers[range.start], self.turns[range.start].paragraph)
        else {
            return (Vec::new(), Vec::new());
        };
        let near = |j: &usize| {
            self.turns[*j]
                .paragraph
                .is_some_and(|p| p.abs_diff(para) <= DIALOGUE_LOOKBACK)
        };
        let collect = |it: &mut dyn Iterator<Item = usize>| {
            let mut out: Vec<usize> = Vec::new();
            for j in it.take_while(near) {
                if let Some(s) = speakers[j].filter(|&s| s != speaker && !out.contains(&s)) {
                    out.push(s);
                    if out.len() == CONVERSATION_REACH {
                        break;
                    }
                }
            }
            out
        };
        let before = collect(&mut (0..range.start).rev());
        let after = collect(&mut (range.end..speakers.len()));
        (before, after)
    }

    /// Sets the features that describe the turns around quotation `qi`:
    /// each candidate's share of them, how many speak there, and whether
    /// the candidate is mentioned in `qi`'s paragraph.
    fn fill_context(
        &self,
        qi: usize,
        speakers: &[Option<usize>],
        cands: &mut [AddresseeCandidate],
    ) {
        let para = self.turns[qi].paragraph;
        let around: Vec<usize> = (qi.saturating_sub(AROUND)..(qi + AROUND + 1).min(speakers.len()))
            .filter(|&j| match (para, self.turns[j].paragraph) {
                (Some(a), Some(b)) => a.abs_diff(b) <= 2 * DIALOGUE_LOOKBACK,
                _ => false,
            })
            .filter_map(|j| speakers[j])
            .collect();
        let mut distinct = around.clone();
        distinct.sort_unstable();
        distinct.dedup();
        let span = para.and_then(|p| self.paragraphs.get(p)).copied();
        for c in cands {
            let e = c.choice.entity;
            c.features.share_of_turns_around =
                around.iter().filter(|&&s| s == e).count() as f32 / AROUND as f32;
            c.features.speakers_around = distinct.len();
            c.features.mentioned_in_paragraph =
                span.is_some_and(|p| self.mentions_within(e, p).next().is_some());
        }
    }

    /// Whether the words of `span` address several people at once (a word
    /// of the `group_address` list).
    fn addresses_a_group(&self, span: Span) -> bool {
        self.text.get(span.start..span.end).is_some_and(|words| {
            words.split(|c: char| !c.is_alphabetic()).any(|w| {
                !w.is_empty() && lexicon().contains(WordList::GroupAddress, &w.to_lowercase())
            })
        })
    }

    /// The person named right after the quotation's cue or speaker mention
    /// as the one spoken to: "to Mary", or "told Mary".
    fn told(&self, q: &QuoteDraft) -> Option<AddresseeChoice> {
        let anchors = [q.cue, q.mention];
        let from = anchors.iter().flatten().map(|s| s.end).max()?;
        let after_telling = q
            .cue
            .and_then(|c| self.text.get(c.start..c.end))
            .is_some_and(|w| lexicon().contains(WordList::TellingVerbs, &w.trim().to_lowercase()));
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
}

/// The candidates the model keeps (score above zero); when it keeps none,
/// the likeliest alone (the first of equals), since a line of a
/// conversation is spoken to someone.
fn kept_or_likeliest(model: &AddresseeModel, cands: &[AddresseeCandidate]) -> Vec<AddresseeChoice> {
    let scored: Vec<(f32, AddresseeChoice)> = cands
        .iter()
        .map(|c| (model.score(&c.features), c.choice))
        .collect();
    let kept: Vec<AddresseeChoice> = scored
        .iter()
        .filter(|(score, _)| *score > 0.0)
        .map(|&(_, c)| c)
        .collect();
    if !kept.is_empty() {
        return kept;
    }
    scored
        .into_iter()
        .reduce(|best, c| if c.0 > best.0 { c } else { best })
        .map(|(_, c)| c)
        .into_iter()
        .collect()
}
