//! The learned speaker ranker: after the rules have found the entities and
//! made a first choice, every quotation's candidate speakers are re-scored by
//! a linear model over turn-taking, mention, agreement and salience features,
//! left to right, so that each choice feeds the turn-taking features of the
//! next quotation.
//!
//! The weights depend on the quotation's context: what its linked mention is
//! (none, a name, a third-person pronoun, "I", anything else) and whether the
//! document reads as fiction dialogue. They are trained on PDNC and the news
//! gold (`examples/resolver.rs`, feature `train`) and shipped as
//! `ranker.json` beside the model.

use std::path::Path;

use serde::{Deserialize, Serialize};

use super::antecedents::{self, MentionClass, Pronoun};
use super::entities::{Animacy, EntityKind};
use super::names::Gender;
use super::turns::Turn;
use super::{Document, QuoteDraft};
use crate::{Error, Result, Span};

/// The features of one (quotation, candidate entity) pair, in order.
pub const FEATURES: [&str; 30] = [
    "rule_choice",
    "mention_resolves_here",
    "spoke_previous_in_paragraph",
    "spoke_turn_1",
    "spoke_turn_1_adjacent",
    "spoke_turn_2",
    "spoke_turn_2_adjacent",
    "spoke_turn_3",
    "conversation_partner",
    "named_in_quote",
    "named_in_previous_turn",
    "mentioned_before_in_paragraph",
    "mentioned_after_in_paragraph",
    "closeness_in_paragraph",
    "mentioned_previous_paragraph",
    "mention_recency",
    "never_spoken",
    "speech_recency",
    "speech_count",
    "mention_count",
    "person",
    "organisation",
    "narrator",
    "description",
    "pronoun_gender_match",
    "pronoun_gender_mismatch",
    "last_mentioned",
    "speech_subject_nearby",
    "addressed_in_previous_turn",
    "alternation",
];

/// Number of features per pair.
pub const NUM_FEATURES: usize = FEATURES.len();

/// The contexts weights are kept for: linked-mention class × text genre.
pub const CONTEXTS: [&str; 10] = [
    "none/news",
    "none/dialogue",
    "name/news",
    "name/dialogue",
    "pronoun/news",
    "pronoun/dialogue",
    "first-person/news",
    "first-person/dialogue",
    "other/news",
    "other/dialogue",
];

/// Candidates further back than this many paragraphs (by their latest
/// mention or speech) are not considered.
const LOOKBACK_PARAGRAPHS: usize = 12;

/// A linear scorer over [`FEATURES`], one weight vector per context.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SpeakerRanker {
    /// Feature names, as in [`FEATURES`] (checked on load).
    pub features: Vec<String>,
    /// Context names, as in [`CONTEXTS`] (checked on load).
    pub contexts: Vec<String>,
    /// `weights[context][feature]`.
    pub weights: Vec<Vec<f32>>,
    /// Per context, the score of "no speaker": the best candidate must beat it.
    pub null: Vec<f32>,
}

impl Default for SpeakerRanker {
    /// The ranker that reproduces the rules: all weight on `rule_choice`.
    fn default() -> Self {
        let mut w = vec![vec![0.0; NUM_FEATURES]; CONTEXTS.len()];
        for row in &mut w {
            row[0] = 1.0;
        }
        SpeakerRanker {
            features: FEATURES.iter().map(|s| s.to_string()).collect(),
            contexts: CONTEXTS.iter().map(|s| s.to_string()).collect(),
            weights: w,
            null: vec![0.5; CONTEXTS.len()],
        }
    }
}

impl SpeakerRanker {
    /// Reads a ranker from a JSON file, checking that its features and
    /// contexts are the ones this version computes.
    pub fn load(path: impl AsRef<Path>) -> Result<Self> {
        let path = path.as_ref();
        let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
        let r: SpeakerRanker = serde_json::from_str(&text)
            .map_err(|e| Error::Config(format!("{}: {e}", path.display())))?;
        if r.features != FEATURES || r.contexts != CONTEXTS {
            return Err(Error::Config(format!(
                "{}: the ranker's features or contexts differ from this version's ({} features, {} contexts expected)",
                path.display(),
                NUM_FEATURES,
                CONTEXTS.len()
            )));
        }
        if r.weights.len() != CONTEXTS.len()
            || r.null.len() != CONTEXTS.len()
            || r.null.iter().any(|x| !x.is_finite())
            || r.weights
                .iter()
                .any(|w| w.len() != NUM_FEATURES || w.iter().any(|x| !x.is_finite()))
        {
            return Err(Error::Config(format!(
                "{}: expected {}×{} finite weights",
                path.display(),
                CONTEXTS.len(),
                NUM_FEATURES
            )));
        }
        Ok(r)
    }

    /// Writes the ranker as pretty JSON.
    pub fn save(&self, path: impl AsRef<Path>) -> Result<()> {
        let path = path.as_ref();
        let text = serde_json::to_string_pretty(self)
            .map_err(|e| Error::Config(format!("{}: {e}", path.display())))?;
        std::fs::write(path, text).map_err(|e| Error::io(path, e))
    }

    /// The score of one candidate's features in `context`.
    pub fn score(&self, context: usize, features: &[f32; NUM_FEATURES]) -> f32 {
        self.weights[context]
            .iter()
            .zip(features)
            .map(|(w, x)| w * x)
            .sum()
    }
}

/// One quotation's ranking problem: its candidates and their features.
#[derive(Debug, Clone, PartialEq)]
pub struct RankItem {
    /// Index of the quotation.
    pub quote: usize,
    /// Index into [`CONTEXTS`].
    pub context: usize,
    /// Candidate entity names (canonical, as reported).
    pub names: Vec<String>,
    /// Per candidate, its features.
    pub features: Vec<[f32; NUM_FEATURES]>,
}

/// What the rules decided for one quotation, for the ranker's features.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct RuleOutcome {
    pub speaker: Option<usize>,
    pub explicit: Option<usize>,
}

/// A mention of an entity with its paragraph, for feature lookups.
#[derive(Debug, Clone, Copy)]
struct Placed {
    span: Span,
    paragraph: usize,
    in_quote: bool,
    subject: bool,
}

impl Document<'_> {
    /// Re-scores every quotation's candidates left to right. Returns the
    /// chosen speakers and, when `keep_items` (training), the ranking problems.
    pub(super) fn rank(
        &self,
        quotes: &[QuoteDraft],
        turns: &[Turn],
        rules: &[RuleOutcome],
        dialogue: bool,
        ranker: &SpeakerRanker,
        keep_items: bool,
    ) -> (Vec<Option<usize>>, Vec<RankItem>) {
        let n_ent = self.entities.len();
        // Each entity's mentions with paragraphs, sorted by position.
        let placed: Vec<Vec<Placed>> = self
            .entities
            .iter()
            .map(|e| {
                let mut v: Vec<Placed> = e
                    .mentions
                    .iter()
                    .filter_map(|m| {
                        Some(Placed {
                            span: m.span,
                            paragraph: self.paragraph_near(m.span.start)?,
                            in_quote: m.in_quote,
                            subject: m.subject,
                        })
                    })
                    .collect();
                v.sort_by_key(|p| p.span);
                v
            })
            .collect();
        let mut chosen: Vec<Option<usize>> = Vec::with_capacity(quotes.len());
        let mut items = Vec::new();
        let mut spoke_at: Vec<Vec<usize>> = vec![Vec::new(); n_ent];
        for (qi, q) in quotes.iter().enumerate() {
            let Some(para) = turns[qi].paragraph else {
                chosen.push(rules[qi].speaker);
                continue;
            };
            let mclass = q
                .mention
                .filter(|&m| super::valid(self.text, m))
                .map(|m| antecedents::classify(self.text, m, &self.names));
            let pronoun_gender = match mclass {
                Some(MentionClass::Pronoun(Pronoun::Male)) => Gender::Male,
                Some(MentionClass::Pronoun(Pronoun::Female)) => Gender::Female,
                _ => Gender::Unknown,
            };
            let class_index = match &mclass {
                None | Some(MentionClass::Empty) => 0,
                Some(MentionClass::Named(_)) => 1,
                Some(MentionClass::Pronoun(Pronoun::Male | Pronoun::Female)) => 2,
                Some(MentionClass::Pronoun(Pronoun::FirstSingular)) => 3,
                Some(_) => 4,
            };
            let context = class_index * 2 + usize::from(dialogue);
            // Turns back: the last quotation of each earlier paragraph.
            let mut back: Vec<(usize, Option<usize>)> = Vec::new();
            let mut prev_same_para = None;
            for pj in (0..qi).rev() {
                let Some(p) = turns[pj].paragraph else {
                    continue;
                };
                if p == para {
                    if pj + 1 == qi {
                        prev_same_para = Some(chosen[pj]);
                    }
                    continue;
                }
                if back.last().is_none_or(|&(bp, _)| bp != p) {
                    back.push((p, chosen[pj]));
                    if back.len() == 3 {
                        break;
                    }
                }
            }
            let turn_speaker = |k: usize| back.get(k).and_then(|t| t.1);
            let partner = turn_speaker(0).and_then(|a| {
                (0..qi)
                    .rev()
                    .take_while(|&j| {
                        turns[j]
                            .paragraph
                            .is_some_and(|p| p + super::turns::DIALOGUE_LOOKBACK >= para)
                    })
                    .filter_map(|j| chosen[j])
                    .find(|&s| s != a)
            });
            let prev_turn_quotes: Vec<Span> = back
                .first()
                .map(|&(bp, _)| {
                    // Quotations come in text order: look back only as far as that paragraph.
                    (0..qi)
                        .rev()
                        .take_while(|&j| turns[j].paragraph.is_none_or(|p| p >= bp))
                        .filter(|&j| turns[j].paragraph == Some(bp))
                        .map(|j| quotes[j].span)
                        .collect()
                })
                .unwrap_or_default();
            let addressed: Vec<usize> = prev_turn_quotes
                .iter()
                .flat_map(|&s| self.vocatives(s))
                .collect();
            let own_mention = q.mention;
            let last_mentioned = (0..n_ent)
                .filter(|&e| self.entities[e].kind != EntityKind::Narrator)
                .filter_map(|e| {
                    placed[e]
                        .iter()
                        .rev()
                        .find(|m| !m.in_quote && m.span.end <= q.span.start)
                        .map(|m| (m.span.start, e))
                })
                .max()
                .map(|(_, e)| e);
            let mut names = Vec::new();
            let mut feats = Vec::new();
            let mut ents = Vec::new();
            for e in 0..n_ent {
                let ent = &self.entities[e];
                let ms = &placed[e];
                let usable = |m: &&Placed| own_mention.is_none_or(|om| om.overlap(&m.span) == 0);
                let upto = ms.partition_point(|m| m.span.start < q.span.end + 400);
                let recent_mention = ms[..upto]
                    .iter()
                    .filter(usable)
                    .map(|m| m.paragraph)
                    .filter(|&p| p <= para + 1)
                    .max();
                let last_spoke = spoke_at[e].last().copied();
                let rule = rules[qi].speaker == Some(e);
                let explicit = rules[qi].explicit == Some(e);
                let in_history = back.iter().any(|t| t.1 == Some(e))
                    || prev_same_para == Some(Some(e))
                    || partner == Some(e);
                let near = recent_mention.is_some_and(|p| p + LOOKBACK_PARAGRAPHS >= para);
                if !(rule || explicit || in_history || near) {
                    continue;
                }
                let mut f = [0f32; NUM_FEATURES];
                f[0] = f32::from(u8::from(rule));
                f[1] = f32::from(u8::from(explicit));
                f[2] = f32::from(u8::from(prev_same_para == Some(Some(e))));
                f[3] = f32::from(u8::from(turn_speaker(0) == Some(e)));
                f[4] = f32::from(u8::from(
                    turn_speaker(0) == Some(e) && back[0].0 + 1 == para,
                ));
                f[5] = f32::from(u8::from(turn_speaker(1) == Some(e)));
                f[6] = f32::from(u8::from(
                    turn_speaker(1) == Some(e) && back[1].0 + 2 == para && back[0].0 + 1 == para,
                ));
                f[7] = f32::from(u8::from(turn_speaker(2) == Some(e)));
                f[8] = f32::from(u8::from(partner == Some(e)));
                let in_span = |s: Span| ms.iter().any(|m| s.contains(&m.span));
                f[9] = f32::from(u8::from(in_span(q.span)));
                f[10] = f32::from(u8::from(prev_turn_quotes.iter().any(|&s| in_span(s))));
                let in_para: Vec<&Placed> = ms
                    .iter()
                    .filter(|m| m.paragraph == para && !m.in_quote)
                    .filter(usable)
                    .collect();
                f[11] = f32::from(u8::from(in_para.iter().any(|m| m.span.end <= q.span.start)));
                f[12] = f32::from(u8::from(in_para.iter().any(|m| m.span.start >= q.span.end)));
                f[13] = in_para
                    .iter()
                    .map(|m| {
                        let d = if m.span.end <= q.span.start {
                            q.span.start - m.span.end
                        } else {
                            m.span.start.saturating_sub(q.span.end)
                        };
                        (-(d as f32) / 80.0).exp()
                    })
                    .fold(0.0, f32::max);
                f[14] = f32::from(u8::from(
                    ms.iter().any(|m| !m.in_quote && m.paragraph + 1 == para),
                ));
                f[15] = recent_mention.map_or(0.0, |p| 1.0 / (1.0 + para.saturating_sub(p) as f32));
                f[16] = f32::from(u8::from(last_spoke.is_none()));
                f[17] = last_spoke.map_or(0.0, |j| 1.0 / (1.0 + (qi - j) as f32));
                f[18] = (1.0 + spoke_at[e].len() as f32).ln() / 4.0;
                let before = ms.partition_point(|m| m.span.start < q.span.start);
                f[19] = (1.0 + before as f32).ln() / 5.0;
                f[20] = f32::from(u8::from(ent.animacy == Animacy::Person));
                f[21] = f32::from(u8::from(ent.animacy == Animacy::Organisation));
                f[22] = f32::from(u8::from(ent.kind == EntityKind::Narrator));
                f[23] = f32::from(u8::from(ent.kind == EntityKind::Description));
                if pronoun_gender != Gender::Unknown {
                    let g = ent.gender();
                    f[24] = f32::from(u8::from(g == pronoun_gender));
                    f[25] = f32::from(u8::from(g != Gender::Unknown && g != pronoun_gender));
                }
                f[26] = f32::from(u8::from(last_mentioned == Some(e)));
                f[27] = f32::from(u8::from(in_para.iter().any(|m| m.subject)));
                f[28] = f32::from(u8::from(addressed.contains(&e)));
                f[29] = f32::from(u8::from(
                    turn_speaker(1) == Some(e) && turn_speaker(0).is_some_and(|a| a != e),
                ));
                if keep_items {
                    names.push(super::names::squash_spaces(&ent.name));
                }
                feats.push(f);
                ents.push(e);
            }
            let pick = feats
                .iter()
                .enumerate()
                .map(|(k, f)| (ranker.score(context, f), k))
                .max_by(|a, b| a.0.total_cmp(&b.0).then(b.1.cmp(&a.1)))
                .filter(|&(s, _)| s > ranker.null[context])
                .map(|(_, k)| ents[k]);
            if let Some(s) = pick {
                spoke_at[s].push(qi);
            }
            chosen.push(pick);
            if keep_items {
                items.push(RankItem {
                    quote: qi,
                    context,
                    names,
                    features: feats,
                });
            }
        }
        (chosen, items)
    }
}
