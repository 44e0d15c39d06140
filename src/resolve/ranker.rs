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

use super::addressee_model::{AddresseeModel, NUM_ADDRESSEE_INPUTS};
use super::antecedents::{self, Description, MentionClass, Pronoun};
use super::entities::{Animacy, EntityKind};
use super::lexicon::{lexicon, WordList};
use super::links::{LinkModel, NUM_LINK_INPUTS};
use super::names::{gender_compatible, Gender};
use super::turns::Turn;
use super::voice::{UtteranceWords, Voices};
use super::{Document, QuoteDraft};
use crate::{Error, Result, Span};

/// A feature of one (quotation, candidate entity) pair. Its position in
/// [`Feature::ALL`] is its column in [`FeatureVector`] and in the ranker's weights.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Feature {
    /// The rules' pass chose this candidate.
    RuleChoice,
    /// The quotation's linked mention resolves to this candidate.
    MentionResolvesHere,
    /// Said the previous quotation of the same paragraph.
    SpokePreviousInParagraph,
    /// Said the previous turn (the last quotation of the previous paragraph with one).
    SpokeTurn1,
    /// Said the previous turn, in the paragraph just before.
    SpokeTurn1Adjacent,
    /// Said the turn before the previous one.
    SpokeTurn2,
    /// Said the turn before the previous one, two paragraphs back with no gap.
    SpokeTurn2Adjacent,
    /// Said the third turn back.
    SpokeTurn3,
    /// The last other speaker of the conversation (within the dialogue look-back).
    ConversationPartner,
    /// Named inside the quotation itself.
    NamedInQuote,
    /// Named inside the previous turn's quotations.
    NamedInPreviousTurn,
    /// Mentioned in the narration before the quotation, same paragraph.
    MentionedBeforeInParagraph,
    /// Mentioned in the narration after the quotation, same paragraph.
    MentionedAfterInParagraph,
    /// How close its nearest narration mention in the paragraph is (exp(-bytes/80)).
    ClosenessInParagraph,
    /// Mentioned in the narration of the previous paragraph.
    MentionedPreviousParagraph,
    /// 1 / (1 + paragraphs since its latest mention).
    MentionRecency,
    /// Has not spoken yet.
    NeverSpoken,
    /// 1 / (1 + quotations since it last spoke).
    SpeechRecency,
    /// How often it has spoken (log-scaled).
    SpeechCount,
    /// How often it has been mentioned so far (log-scaled).
    MentionCount,
    /// Looks like a person.
    Person,
    /// Looks like an organisation.
    Organisation,
    /// The first-person narrator.
    Narrator,
    /// Known only by a description ("a spokesman").
    Description,
    /// Its gender agrees with the linked pronoun.
    PronounGenderMatch,
    /// Its gender contradicts the linked pronoun.
    PronounGenderMismatch,
    /// Its gender agrees with the head of the linked definite description
    /// ("said the old gentleman").
    DescriptionGenderMatch,
    /// Its gender contradicts the head of the linked definite description.
    DescriptionGenderMismatch,
    /// The linked description is a family relation ("her mother") and this
    /// candidate is of the possessor's family: shares the surname of the
    /// person "her" last names, and agrees with the relation's gender.
    KinOfPossessor,
    /// ... and this candidate is the possessor ("her" of "her mother").
    KinPossessor,
    /// The last entity mentioned in narration before the quotation.
    LastMentioned,
    /// The subject of a speech verb (or a tagged speaker mention) in the paragraph.
    SpeechSubjectNearby,
    /// Addressed by a vocative in the previous turn.
    AddressedInPreviousTurn,
    /// Said the turn before the previous one, and someone else said the previous one.
    Alternation,
    /// News: the quotation sits in the headline with no mention of its own, and this candidate is the rules' speaker of the first quotation after the headline (headlines sum up the lead).
    HeadlineLead,
    /// The next turn (first quotation of the next paragraph with one, adjacent)
    /// is explicitly this candidate's: in a conversation, likely not this turn.
    ExplicitNextTurn,
    /// The turn after next is explicitly this candidate's: alternation, looking ahead.
    ExplicitTurnAfterNext,
    /// A later quotation of the same paragraph is explicitly this candidate's.
    ExplicitLaterInParagraph,
    /// In the unbroken run of one-quotation-turn paragraphs around this one,
    /// the nearest turn with an explicit speaker ahead is this candidate's,
    /// an even number of turns away (alternation: the same speaker).
    ExplicitAheadEven,
    /// ... an odd number of turns ahead (alternation: the other speaker).
    ExplicitAheadOdd,
    /// The nearest explicit turn behind in the run is this candidate's, an
    /// even number of turns back.
    ExplicitBehindEven,
    /// ... an odd number of turns back.
    ExplicitBehindOdd,
    /// The share of its names in the narration written right after a
    /// preposition of place ("at Selby Royal"): a place, not a speaker.
    WrittenAsPlace,
    /// Second reading: the first reading gave the next turn (adjacent) to this candidate.
    FirstReadingNextTurn,
    /// Second reading: the first reading gave the turn after next to this candidate.
    FirstReadingTurnAfterNext,
    /// Second reading: in the run of turns ahead, the nearest turn with a
    /// speaker mention of its own ("he said", "said Emma") went to this
    /// candidate in the first reading, an even number of turns away.
    FirstReadingAheadEven,
    /// ... an odd number of turns away.
    FirstReadingAheadOdd,
    /// How much the quotation's words sound like the quotations given to
    /// this candidate so far (tf-idf word profiles, `resolve/voice.rs`).
    VoiceSimilarity,
    /// Second reading: how much the quotation's words sound like all the
    /// other quotations the first reading gave this candidate, before and after.
    FirstReadingVoice,
    /// The candidate whose voice this quotation sounds most like (the
    /// highest [`Feature::VoiceSimilarity`], or in a second reading
    /// [`Feature::FirstReadingVoice`], above 0).
    LoudestVoice,
    /// The described person of the quotation's own description mention
    /// ("said the croupier"), offered beside the person the rules took it for.
    OwnDescription,
    /// The only candidate of the scene (a speaker of the last three turns or
    /// of the paragraph, or named in the paragraph's narration) whose gender
    /// agrees with the linked pronoun or description: "she said" between a
    /// man and a woman.
    OnlyAgreeingInScene,
    /// The person the narration of the quotation's paragraph names last
    /// before the quotation and its linked "he" or "she", of that pronoun's
    /// gender: the one just introduced ("The director is Matthew Warchus.
    /// "…," he said.").
    LastAgreeingInParagraph,
}

impl Feature {
    /// Every feature, in column order.
    pub const ALL: [Feature; NUM_FEATURES] = [
        Feature::RuleChoice,
        Feature::MentionResolvesHere,
        Feature::SpokePreviousInParagraph,
        Feature::SpokeTurn1,
        Feature::SpokeTurn1Adjacent,
        Feature::SpokeTurn2,
        Feature::SpokeTurn2Adjacent,
        Feature::SpokeTurn3,
        Feature::ConversationPartner,
        Feature::NamedInQuote,
        Feature::NamedInPreviousTurn,
        Feature::MentionedBeforeInParagraph,
        Feature::MentionedAfterInParagraph,
        Feature::ClosenessInParagraph,
        Feature::MentionedPreviousParagraph,
        Feature::MentionRecency,
        Feature::NeverSpoken,
        Feature::SpeechRecency,
        Feature::SpeechCount,
        Feature::MentionCount,
        Feature::Person,
        Feature::Organisation,
        Feature::Narrator,
        Feature::Description,
        Feature::PronounGenderMatch,
        Feature::PronounGenderMismatch,
        Feature::DescriptionGenderMatch,
        Feature::DescriptionGenderMismatch,
        Feature::KinOfPossessor,
        Feature::KinPossessor,
        Feature::LastMentioned,
        Feature::SpeechSubjectNearby,
        Feature::AddressedInPreviousTurn,
        Feature::Alternation,
        Feature::HeadlineLead,
        Feature::ExplicitNextTurn,
        Feature::ExplicitTurnAfterNext,
        Feature::ExplicitLaterInParagraph,
        Feature::ExplicitAheadEven,
        Feature::ExplicitAheadOdd,
        Feature::ExplicitBehindEven,
        Feature::ExplicitBehindOdd,
        Feature::WrittenAsPlace,
        Feature::FirstReadingNextTurn,
        Feature::FirstReadingTurnAfterNext,
        Feature::FirstReadingAheadEven,
        Feature::FirstReadingAheadOdd,
        Feature::VoiceSimilarity,
        Feature::FirstReadingVoice,
        Feature::LoudestVoice,
        Feature::OwnDescription,
        Feature::OnlyAgreeingInScene,
        Feature::LastAgreeingInParagraph,
    ];

    /// The feature's name, as stored in `ranker.json`.
    pub const fn name(self) -> &'static str {
        match self {
            Feature::RuleChoice => "rule_choice",
            Feature::MentionResolvesHere => "mention_resolves_here",
            Feature::SpokePreviousInParagraph => "spoke_previous_in_paragraph",
            Feature::SpokeTurn1 => "spoke_turn_1",
            Feature::SpokeTurn1Adjacent => "spoke_turn_1_adjacent",
            Feature::SpokeTurn2 => "spoke_turn_2",
            Feature::SpokeTurn2Adjacent => "spoke_turn_2_adjacent",
            Feature::SpokeTurn3 => "spoke_turn_3",
            Feature::ConversationPartner => "conversation_partner",
            Feature::NamedInQuote => "named_in_quote",
            Feature::NamedInPreviousTurn => "named_in_previous_turn",
            Feature::MentionedBeforeInParagraph => "mentioned_before_in_paragraph",
            Feature::MentionedAfterInParagraph => "mentioned_after_in_paragraph",
            Feature::ClosenessInParagraph => "closeness_in_paragraph",
            Feature::MentionedPreviousParagraph => "mentioned_previous_paragraph",
            Feature::MentionRecency => "mention_recency",
            Feature::NeverSpoken => "never_spoken",
            Feature::SpeechRecency => "speech_recency",
            Feature::SpeechCount => "speech_count",
            Feature::MentionCount => "mention_count",
            Feature::Person => "person",
            Feature::Organisation => "organisation",
            Feature::Narrator => "narrator",
            Feature::Description => "description",
            Feature::PronounGenderMatch => "pronoun_gender_match",
            Feature::PronounGenderMismatch => "pronoun_gender_mismatch",
            Feature::DescriptionGenderMatch => "description_gender_match",
            Feature::DescriptionGenderMismatch => "description_gender_mismatch",
            Feature::KinOfPossessor => "kin_of_possessor",
            Feature::KinPossessor => "kin_possessor",
            Feature::LastMentioned => "last_mentioned",
            Feature::SpeechSubjectNearby => "speech_subject_nearby",
            Feature::AddressedInPreviousTurn => "addressed_in_previous_turn",
            Feature::Alternation => "alternation",
            Feature::HeadlineLead => "headline_lead",
            Feature::ExplicitNextTurn => "explicit_next_turn",
            Feature::ExplicitTurnAfterNext => "explicit_turn_after_next",
            Feature::ExplicitLaterInParagraph => "explicit_later_in_paragraph",
            Feature::ExplicitAheadEven => "explicit_ahead_even",
            Feature::ExplicitAheadOdd => "explicit_ahead_odd",
            Feature::ExplicitBehindEven => "explicit_behind_even",
            Feature::ExplicitBehindOdd => "explicit_behind_odd",
            Feature::WrittenAsPlace => "written_as_place",
            Feature::FirstReadingNextTurn => "first_reading_next_turn",
            Feature::FirstReadingTurnAfterNext => "first_reading_turn_after_next",
            Feature::FirstReadingAheadEven => "first_reading_ahead_even",
            Feature::FirstReadingAheadOdd => "first_reading_ahead_odd",
            Feature::VoiceSimilarity => "voice_similarity",
            Feature::FirstReadingVoice => "first_reading_voice",
            Feature::LoudestVoice => "loudest_voice",
            Feature::OwnDescription => "own_description",
            Feature::OnlyAgreeingInScene => "only_agreeing_in_scene",
            Feature::LastAgreeingInParagraph => "last_agreeing_in_paragraph",
        }
    }

    /// The feature's column.
    pub const fn index(self) -> usize {
        self as usize
    }

    /// The group the feature belongs to (for ablations).
    pub const fn group(self) -> FeatureGroup {
        match self {
            Feature::RuleChoice => FeatureGroup::Rules,
            Feature::MentionResolvesHere => FeatureGroup::Mention,
            Feature::OwnDescription => FeatureGroup::Mention,
            Feature::OnlyAgreeingInScene => FeatureGroup::Mention,
            Feature::LastAgreeingInParagraph => FeatureGroup::Mention,
            Feature::PronounGenderMatch => FeatureGroup::Mention,
            Feature::PronounGenderMismatch => FeatureGroup::Mention,
            Feature::DescriptionGenderMatch => FeatureGroup::Mention,
            Feature::DescriptionGenderMismatch => FeatureGroup::Mention,
            Feature::KinOfPossessor => FeatureGroup::Mention,
            Feature::KinPossessor => FeatureGroup::Mention,
            Feature::SpokePreviousInParagraph => FeatureGroup::Turns,
            Feature::SpokeTurn1 => FeatureGroup::Turns,
            Feature::SpokeTurn1Adjacent => FeatureGroup::Turns,
            Feature::SpokeTurn2 => FeatureGroup::Turns,
            Feature::SpokeTurn2Adjacent => FeatureGroup::Turns,
            Feature::SpokeTurn3 => FeatureGroup::Turns,
            Feature::ConversationPartner => FeatureGroup::Turns,
            Feature::Alternation => FeatureGroup::Turns,
            Feature::NamedInQuote => FeatureGroup::Addressing,
            Feature::NamedInPreviousTurn => FeatureGroup::Addressing,
            Feature::AddressedInPreviousTurn => FeatureGroup::Addressing,
            Feature::MentionedBeforeInParagraph => FeatureGroup::Proximity,
            Feature::MentionedAfterInParagraph => FeatureGroup::Proximity,
            Feature::ClosenessInParagraph => FeatureGroup::Proximity,
            Feature::MentionedPreviousParagraph => FeatureGroup::Proximity,
            Feature::LastMentioned => FeatureGroup::Proximity,
            Feature::SpeechSubjectNearby => FeatureGroup::Proximity,
            Feature::MentionRecency => FeatureGroup::Salience,
            Feature::NeverSpoken => FeatureGroup::Salience,
            Feature::SpeechRecency => FeatureGroup::Salience,
            Feature::SpeechCount => FeatureGroup::Salience,
            Feature::MentionCount => FeatureGroup::Salience,
            Feature::Person => FeatureGroup::Kind,
            Feature::Organisation => FeatureGroup::Kind,
            Feature::Narrator => FeatureGroup::Kind,
            Feature::Description => FeatureGroup::Kind,
            Feature::HeadlineLead => FeatureGroup::Headline,
            Feature::ExplicitNextTurn => FeatureGroup::Lookahead,
            Feature::ExplicitTurnAfterNext => FeatureGroup::Lookahead,
            Feature::ExplicitLaterInParagraph => FeatureGroup::Lookahead,
            Feature::ExplicitAheadEven => FeatureGroup::Lookahead,
            Feature::ExplicitAheadOdd => FeatureGroup::Lookahead,
            Feature::ExplicitBehindEven => FeatureGroup::Lookahead,
            Feature::ExplicitBehindOdd => FeatureGroup::Lookahead,
            Feature::WrittenAsPlace => FeatureGroup::Kind,
            Feature::FirstReadingNextTurn
            | Feature::FirstReadingTurnAfterNext
            | Feature::FirstReadingAheadEven
            | Feature::FirstReadingAheadOdd
            | Feature::FirstReadingVoice => FeatureGroup::FirstReading,
            Feature::VoiceSimilarity | Feature::LoudestVoice => FeatureGroup::Voice,
        }
    }
}

/// Features that carry one kind of evidence, removed together in ablations.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FeatureGroup {
    /// The rules' choice.
    Rules,
    /// The linked mention: what it resolves to, pronoun gender agreement.
    Mention,
    /// Turn-taking: who spoke the last turns, the conversation partner, alternation.
    Turns,
    /// Being named or addressed inside this or the previous turn's quotations.
    Addressing,
    /// Mentions near the quotation in the narration.
    Proximity,
    /// How recently and how often the candidate was mentioned or spoke.
    Salience,
    /// Person, organisation, narrator or description.
    Kind,
    /// News headlines sum up the lead.
    Headline,
    /// Who the rules find explicitly named as the speaker of the turns
    /// around, ahead and behind (not the ranker's own earlier choices).
    Lookahead,
    /// A second reading's view of the first reading's choices: the speakers
    /// ahead and every voice (see [`Reading::Twice`]).
    FirstReading,
    /// How a candidate speaks: the words of their earlier quotations.
    Voice,
}

impl FeatureGroup {
    /// Every group.
    pub const ALL: [FeatureGroup; 11] = [
        FeatureGroup::Rules,
        FeatureGroup::Mention,
        FeatureGroup::Turns,
        FeatureGroup::Addressing,
        FeatureGroup::Proximity,
        FeatureGroup::Salience,
        FeatureGroup::Kind,
        FeatureGroup::Headline,
        FeatureGroup::Lookahead,
        FeatureGroup::FirstReading,
        FeatureGroup::Voice,
    ];

    /// The group's name on the command line.
    pub fn name(self) -> &'static str {
        match self {
            FeatureGroup::Rules => "rules",
            FeatureGroup::Mention => "mention",
            FeatureGroup::Turns => "turns",
            FeatureGroup::Addressing => "addressing",
            FeatureGroup::Proximity => "proximity",
            FeatureGroup::Salience => "salience",
            FeatureGroup::Kind => "kind",
            FeatureGroup::Headline => "headline",
            FeatureGroup::Lookahead => "lookahead",
            FeatureGroup::FirstReading => "first-reading",
            FeatureGroup::Voice => "voice",
        }
    }

    /// The group called `name`.
    pub fn parse(name: &str) -> Option<FeatureGroup> {
        FeatureGroup::ALL.into_iter().find(|g| g.name() == name)
    }
}

/// The one candidate of the scene (speakers of the last three turns or of
/// the paragraph, or named in its narration) whose gender agrees with the
/// linked pronoun or description, when there is exactly one.
fn only_agreeing_in_scene(feats: &[FeatureVector]) -> Option<usize> {
    let in_scene = [
        Feature::SpokePreviousInParagraph,
        Feature::SpokeTurn1,
        Feature::SpokeTurn2,
        Feature::SpokeTurn3,
        Feature::MentionedBeforeInParagraph,
        Feature::MentionedAfterInParagraph,
    ];
    let agrees = [Feature::PronounGenderMatch, Feature::DescriptionGenderMatch];
    let has = |f: &FeatureVector, any: &[Feature]| any.iter().any(|&x| f.get(x) > 0.0);
    let mut agreeing =
        (0..feats.len()).filter(|&k| has(&feats[k], &in_scene) && has(&feats[k], &agrees));
    match (agreeing.next(), agreeing.next()) {
        (Some(k), None) => Some(k),
        _ => None,
    }
}

/// Whether a candidate of gender `candidate` (agrees with, contradicts) the
/// gender a mention gives (`said`); a candidate of unknown gender does neither.
fn gender_agreement(candidate: Gender, said: Gender) -> (bool, bool) {
    (
        candidate == said,
        candidate != Gender::Unknown && candidate != said,
    )
}

/// Number of features per pair.
pub const NUM_FEATURES: usize = 53;

/// The feature names in column order (as stored in `ranker.json`).
pub const FEATURES: [&str; NUM_FEATURES] = {
    let mut names = [""; NUM_FEATURES];
    let mut i = 0;
    while i < NUM_FEATURES {
        names[i] = Feature::ALL[i].name();
        i += 1;
    }
    names
};

/// The features of one (quotation, candidate) pair, by name.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FeatureVector(pub [f32; NUM_FEATURES]);

impl Default for FeatureVector {
    fn default() -> Self {
        FeatureVector([0.0; NUM_FEATURES])
    }
}

impl FeatureVector {
    /// Sets a feature's value.
    pub fn set(&mut self, f: Feature, value: f32) {
        self.0[f.index()] = value;
    }

    /// Sets a binary feature: 1 when `on`.
    pub(crate) fn flag(&mut self, f: Feature, on: bool) {
        self.0[f.index()] = f32::from(u8::from(on));
    }

    /// A feature's value.
    pub fn get(&self, f: Feature) -> f32 {
        self.0[f.index()]
    }

    /// The values in column order.
    pub fn values(&self) -> &[f32; NUM_FEATURES] {
        &self.0
    }
}

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

/// How many turns ahead or behind an explicit speaker is looked for in a run
/// of dialogue.
const RUN_REACH: usize = 8;

/// The learned speaker ranker's file name inside a model directory
/// (optional: without it, speakers are resolved by the rules alone).
pub(crate) const RANKER_FILE: &str = "ranker.json";

/// A scorer over [`FEATURES`]: one linear weight vector per context, plus
/// (when trained with one) a small hidden layer shared by all contexts that
/// sees the features and the context, for what no single weight captures
/// (turn-taking that matters only when no one is named, say).
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
    /// The hidden layer, when there is one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hidden: Option<HiddenLayer>,
    /// The learned decision of which consecutive segments are one
    /// utterance (made before the speakers, which are decided once per
    /// utterance); without it, the rule of `utterances` decides.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub utterance_links: Option<LinkModel>,
    /// The learned decision of whom each utterance is addressed to (made
    /// after the speakers); without it, the rules of `addressees` decide.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub addressee_model: Option<AddresseeModel>,
    /// How many times the document is read (rankers written before this
    /// field read once).
    #[serde(default, skip_serializing_if = "Reading::is_once")]
    pub reading: Reading,
}

/// How the ranker reads a document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Reading {
    /// Left to right once: each choice sees the choices before it and, ahead,
    /// only the speakers the rules find named.
    #[default]
    Once,
    /// Left to right twice: the second reading also sees the first
    /// reading's choices ahead ([`FeatureGroup::FirstReading`]), so a
    /// named speaker a few turns on can settle the lines before it. The
    /// same weights score both readings (the first sees those features at 0).
    Twice,
}

impl Reading {
    fn is_once(&self) -> bool {
        *self == Reading::Once
    }
}

/// A hidden layer of rectified units over the features and the one-hot
/// context: it adds `Σ_j out[j] · max(0, Σ_i w[j][i] · x[i] + b[j])` to the
/// linear score, where `x` is the [`FeatureVector`] followed by the context.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HiddenLayer {
    /// `w[unit][input]`, inputs: [`NUM_FEATURES`] features then [`CONTEXTS`].
    pub w: Vec<Vec<f32>>,
    /// Per unit, its bias.
    pub b: Vec<f32>,
    /// Per unit, its weight in the score.
    pub out: Vec<f32>,
}

/// Inputs of the hidden layer: the features and the one-hot context.
pub const HIDDEN_INPUTS: usize = NUM_FEATURES + CONTEXTS.len();

impl HiddenLayer {
    /// The input vector for a candidate's features in `context`.
    pub fn input(context: usize, features: &FeatureVector) -> [f32; HIDDEN_INPUTS] {
        let mut x = [0f32; HIDDEN_INPUTS];
        x[..NUM_FEATURES].copy_from_slice(features.values());
        if let Some(c) = x.get_mut(NUM_FEATURES + context) {
            *c = 1.0;
        }
        x
    }

    /// Each unit's activation for input `x`.
    pub(crate) fn activations(&self, x: &[f32; HIDDEN_INPUTS]) -> Vec<f32> {
        self.w
            .iter()
            .zip(&self.b)
            .map(|(w, b)| (w.iter().zip(x).map(|(a, b)| a * b).sum::<f32>() + b).max(0.0))
            .collect()
    }

    /// The layer's part of the score, given its activations.
    pub fn output(&self, activations: &[f32]) -> f32 {
        activations.iter().zip(&self.out).map(|(a, o)| a * o).sum()
    }

    fn valid(&self) -> bool {
        let n = self.b.len();
        n > 0
            && self.out.len() == n
            && self.w.len() == n
            && self
                .w
                .iter()
                .all(|r| r.len() == HIDDEN_INPUTS && r.iter().all(|x| x.is_finite()))
            && self.b.iter().chain(&self.out).all(|x| x.is_finite())
    }
}

impl Default for SpeakerRanker {
    /// The ranker that reproduces the rules: all weight on `rule_choice`.
    fn default() -> Self {
        let mut w = vec![vec![0.0; NUM_FEATURES]; CONTEXTS.len()];
        for row in &mut w {
            row[Feature::RuleChoice.index()] = 1.0;
        }
        SpeakerRanker {
            features: FEATURES.iter().map(|s| s.to_string()).collect(),
            contexts: CONTEXTS.iter().map(|s| s.to_string()).collect(),
            weights: w,
            null: vec![0.5; CONTEXTS.len()],
            hidden: None,
            utterance_links: None,
            addressee_model: None,
            reading: Reading::Once,
        }
    }
}

impl SpeakerRanker {
    /// The ranker of a model directory (its `RANKER_FILE`), `None` when it
    /// has none (then the rules decide).
    pub fn from_dir(dir: &Path) -> Result<Option<Self>> {
        let path = dir.join(RANKER_FILE);
        path.is_file().then(|| Self::load(&path)).transpose()
    }

    /// Reads a ranker from a JSON file, checking that its contexts are the
    /// ones this version computes. Its features are matched by name: a
    /// feature this version computes that the file lacks (a ranker trained
    /// before the feature existed) gets weight 0; a feature the file names
    /// that this version does not compute is an error.
    pub fn load(path: impl AsRef<Path>) -> Result<Self> {
        let path = path.as_ref();
        let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
        let mut r: SpeakerRanker = serde_json::from_str(&text)
            .map_err(|e| Error::Config(format!("{}: {e}", path.display())))?;
        if r.contexts != CONTEXTS {
            return Err(Error::Config(format!(
                "{}: the ranker's contexts differ from this version's ({} contexts expected)",
                path.display(),
                CONTEXTS.len()
            )));
        }
        if let Some(unknown) = r.features.iter().find(|f| !FEATURES.contains(&f.as_str())) {
            return Err(Error::Config(format!(
                "{}: the ranker names features this version does not compute ({unknown})",
                path.display()
            )));
        }
        if r.features != FEATURES {
            let n = r.features.len();
            let short_hidden = r
                .hidden
                .as_ref()
                .is_some_and(|h| h.w.iter().any(|w| w.len() != n + CONTEXTS.len()));
            if short_hidden || r.weights.iter().any(|w| w.len() != n) {
                return Err(Error::Config(format!(
                    "{}: expected {} weights per context in the file's feature order",
                    path.display(),
                    n
                )));
            }
            // Columns by name; a feature the file lacks gets weight 0.
            let column = super::logistic::columns_by_name(&FEATURES, &r.features);
            let remap = |w: &[f32]| -> Vec<f32> {
                column.iter().map(|c| c.map_or(0.0, |i| w[i])).collect()
            };
            r.weights = r.weights.iter().map(|w| remap(w)).collect();
            if let Some(h) = &mut r.hidden {
                for w in &mut h.w {
                    let mut row = remap(&w[..n]);
                    row.extend_from_slice(&w[n..]);
                    *w = row;
                }
            }
            r.features = FEATURES.iter().map(|s| s.to_string()).collect();
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
        // Models fitted before an input existed: that input weighs nothing.
        r.utterance_links = r.utterance_links.map(|l| l.by_name().unwrap_or(l));
        r.addressee_model = r.addressee_model.map(|m| m.by_name().unwrap_or(m));
        if r.utterance_links.as_ref().is_some_and(|l| !l.valid()) {
            return Err(Error::Config(format!(
                "{}: the utterance links must name inputs among this version's {NUM_LINK_INPUTS}, with finite weights",
                path.display()
            )));
        }
        if r.addressee_model.as_ref().is_some_and(|m| !m.valid()) {
            return Err(Error::Config(format!(
                "{}: the addressee model must name inputs among this version's {NUM_ADDRESSEE_INPUTS}, with finite weights",
                path.display()
            )));
        }
        if r.hidden.as_ref().is_some_and(|h| !h.valid()) {
            return Err(Error::Config(format!(
                "{}: the hidden layer must have matching finite weights over {HIDDEN_INPUTS} inputs",
                path.display()
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
    pub fn score(&self, context: usize, features: &FeatureVector) -> f32 {
        let activations = self
            .hidden
            .as_ref()
            .map(|h| h.activations(&HiddenLayer::input(context, features)));
        self.score_with(context, features, activations.as_deref())
    }

    /// [`score`](Self::score) given the hidden layer's `activations` for
    /// these features (computed by the caller, who needs them too).
    pub(crate) fn score_with(
        &self,
        context: usize,
        features: &FeatureVector,
        activations: Option<&[f32]>,
    ) -> f32 {
        let linear: f32 = self.weights[context]
            .iter()
            .zip(features.values())
            .map(|(w, x)| w * x)
            .sum();
        let hidden = match (&self.hidden, activations) {
            (Some(h), Some(a)) => h.output(a),
            _ => 0.0,
        };
        linear + hidden
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
    pub features: Vec<FeatureVector>,
}

/// What the rules decided for one quotation, for the ranker's features.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct RuleOutcome {
    /// The rules' speaker.
    pub speaker: Option<usize>,
    /// The entity the quotation's own mention resolves to.
    pub explicit: Option<usize>,
    /// The described person of the quotation's own description mention,
    /// when the rules took the description for someone else by salience
    /// (see [`Pass::DescribedCandidates`](super::Pass::DescribedCandidates)).
    pub described: Option<usize>,
    /// News: the lead's speaker, for a headline quotation with no mention.
    pub headline_lead: Option<usize>,
}

/// A document's quotations as the ranker reads them.
#[derive(Debug, Clone, Copy)]
pub(super) struct Sequence<'a> {
    /// The quotations, in text order.
    pub quotes: &'a [QuoteDraft],
    /// What the rules decided for each.
    pub rules: &'a [RuleOutcome],
    /// Each quotation's utterance (see [`utterances`](super::utterances)).
    pub utterance_of: &'a [usize],
    /// Per utterance, the segment its speaker is decided at.
    pub heads: &'a [usize],
    /// Per utterance, its words (all its segments'), for the voices.
    pub words: &'a UtteranceWords,
}

/// A mention of an entity with its paragraph, for feature lookups.
#[derive(Debug, Clone, Copy)]
struct Placed {
    span: Span,
    paragraph: usize,
    in_quote: bool,
    subject: bool,
}

/// The last of `mentions` (sorted, disjoint) in the narration that ends by `pos`.
fn last_in_narration(mentions: &[Placed], pos: usize) -> Option<&Placed> {
    let k = mentions.partition_point(|m| m.span.start < pos);
    mentions[..k]
        .iter()
        .rev()
        .find(|m| !m.in_quote && m.span.end <= pos)
}

impl Document<'_> {
    /// The share of `mentions` in the narration that follow a preposition of
    /// place ("at Selby Royal"), a possessive ("in Margaret's room") excepted.
    fn written_as_place(&self, mentions: &[Placed]) -> f32 {
        let narration = || mentions.iter().filter(|m| !m.in_quote);
        let total = narration().count();
        if total == 0 {
            return 0.0;
        }
        let placed = narration()
            .filter(|m| {
                let after = self.text.get(m.span.end..).unwrap_or("");
                let possessive = after.starts_with("'s") || after.starts_with("\u{2019}s");
                let before = self.text.get(..m.span.start).unwrap_or("");
                let word = before
                    .trim_end()
                    .rsplit(|c: char| !c.is_alphabetic())
                    .next()
                    .unwrap_or("")
                    .to_lowercase();
                !possessive && lexicon().contains(WordList::LocativePrepositions, &word)
            })
            .count();
        placed as f32 / total as f32
    }

    /// Re-scores every quotation's candidates left to right. Returns the
    /// chosen speakers and, when `keep_items` (training), the ranking problems.
    /// `first` is the first reading's choices when this is the second.
    ///
    /// The speaker of an utterance (see [`Sequence`]) is decided once, at
    /// its head segment, and holds for all its segments.
    pub(super) fn rank(
        &self,
        sequence: Sequence<'_>,
        ranker: &SpeakerRanker,
        first: Option<&[Option<usize>]>,
        keep_items: bool,
    ) -> (Vec<Option<usize>>, Vec<RankItem>) {
        let Sequence {
            quotes,
            rules,
            utterance_of,
            heads,
            words,
        } = sequence;
        let turns: &[Turn] = &self.turns;
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
        let as_place: Vec<f32> = placed.iter().map(|ms| self.written_as_place(ms)).collect();
        let mut chosen: Vec<Option<usize>> = Vec::with_capacity(quotes.len());
        let mut items = Vec::new();
        let mut spoke_at: Vec<Vec<usize>> = vec![Vec::new(); n_ent];
        // Voices are heard by utterance, at its head segment.
        let is_head = |j: usize| heads.get(utterance_of[j]) == Some(&j);
        let mut voices = Voices::new(words, n_ent);
        // Per entity, how many of its `spoke_at` are in its voice.
        let mut voiced: Vec<usize> = vec![0; n_ent];
        // The second reading hears every voice as the first reading gave it.
        let first_voices = first.map(|f| {
            let mut v = Voices::new(words, n_ent);
            for (j, s) in f.iter().enumerate() {
                if let (Some(s), true) = (s, is_head(j)) {
                    v.add(*s, utterance_of[j]);
                }
            }
            v
        });
        for (qi, q) in quotes.iter().enumerate() {
            let head = heads[utterance_of[qi]];
            if head < qi {
                // A later segment: its utterance was decided at its head.
                let s = chosen[head];
                if let Some(s) = s {
                    spoke_at[s].push(qi);
                }
                chosen.push(s);
                continue;
            }
            if head > qi {
                // An earlier segment: decided with its head, filled in then.
                chosen.push(None);
                continue;
            }
            let Some(para) = turns[qi].paragraph else {
                chosen.push(rules[qi].speaker);
                self.fill_segments_before(qi, utterance_of, &mut chosen, &mut spoke_at);
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
            let description_gender = match &mclass {
                Some(MentionClass::Definite(d)) => d.gender,
                _ => Gender::Unknown,
            };
            let class_index = match &mclass {
                None | Some(MentionClass::Empty) => 0,
                Some(MentionClass::Named(_)) => 1,
                Some(MentionClass::Pronoun(Pronoun::Male | Pronoun::Female)) => 2,
                Some(MentionClass::Pronoun(Pronoun::FirstSingular)) => 3,
                Some(_) => 4,
            };
            let named_source = matches!(mclass, Some(MentionClass::Named(_)))
                && self.register.named_source_decides()
                && self.passes.has(super::Pass::NamedSources);
            if let Some(e) = rules[qi].explicit.filter(|_| named_source) {
                chosen.push(Some(e));
                self.fill_segments_before(qi, utterance_of, &mut chosen, &mut spoke_at);
                continue;
            }
            let context = class_index * 2 + self.register.index();
            let headline_lead = rules[qi].headline_lead;
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
            // Turns ahead: the paragraph and first quotation of each later
            // paragraph with one.
            let mut ahead: Vec<(usize, usize)> = Vec::new();
            let mut later_in_paragraph: Vec<usize> = Vec::new();
            for nj in qi + 1..quotes.len() {
                let Some(p) = turns[nj].paragraph else {
                    continue;
                };
                if p == para {
                    later_in_paragraph.extend(rules[nj].explicit);
                    continue;
                }
                if ahead.last().is_none_or(|&(ap, _)| ap != p) {
                    ahead.push((p, nj));
                    if ahead.len() == 2 {
                        break;
                    }
                }
            }
            let explicit = |j: usize| rules[j].explicit;
            let (ahead_even, ahead_odd) = self.speaker_in_run(qi, true, explicit);
            let (behind_even, behind_odd) = self.speaker_in_run(qi, false, explicit);
            // The turn `k` ahead, when it is `gap` paragraphs on.
            let turn_ahead =
                |k: usize, gap: usize| ahead.get(k).filter(|t| t.0 == para + gap).map(|t| t.1);
            let ahead_speaker = |k: usize, gap: usize| turn_ahead(k, gap).and_then(explicit);
            let first_ahead =
                |k: usize, gap: usize| first.and_then(|f| turn_ahead(k, gap).and_then(|j| f[j]));
            let (first_even, first_odd) = match first {
                Some(f) => self.speaker_in_run(qi, true, |j| quotes[j].mention.and_then(|_| f[j])),
                None => (None, None),
            };
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
            // Whoever the utterance addresses by name does not say it.
            let addressed_here: Vec<usize> = if self.passes.has(super::Pass::VocativeNotSpeaker) {
                super::utterances::extent(utterance_of, qi)
                    .flat_map(|j| self.vocatives(quotes[j].span))
                    .collect()
            } else {
                Vec::new()
            };
            let own_mention = q.mention;
            let last_mentioned = (0..n_ent)
                .filter(|&e| self.entities[e].kind != EntityKind::Narrator)
                .filter_map(|e| {
                    last_in_narration(&placed[e], q.span.start).map(|m| (m.span.start, e))
                })
                .max()
                .map(|(_, e)| e);
            let last_agreeing = if pronoun_gender == Gender::Unknown {
                None
            } else {
                let before = own_mention.map_or(q.span.start, |m| m.start.min(q.span.start));
                (0..n_ent)
                    .filter(|&e| {
                        let ent = &self.entities[e];
                        ent.kind != EntityKind::Narrator && ent.gender() == pronoun_gender
                    })
                    .filter_map(|e| {
                        last_in_narration(&placed[e], before)
                            .filter(|m| m.paragraph == para)
                            .map(|m| (m.span.start, e))
                    })
                    .max()
                    .map(|(_, e)| e)
            };
            let kin = match (&mclass, own_mention) {
                (Some(MentionClass::Definite(d)), Some(m)) if d.kin => {
                    self.kin_possessor(&placed, m, d).map(|p| (p, d.gender))
                }
                _ => None,
            };
            let mut names = Vec::new();
            let mut feats = Vec::new();
            let mut ents = Vec::new();
            for e in 0..n_ent {
                let ent = &self.entities[e];
                let ms = &placed[e];
                // Words inside quotations are not characters: a name never
                // written in the narration ("Hi," she said) is no candidate.
                // "he" and "she" never refer to an organisation or a place.
                if pronoun_gender != Gender::Unknown && ent.animacy == Animacy::Organisation {
                    continue;
                }
                if self.passes.has(super::Pass::NarrationNamesOnly)
                    && ent.kind == EntityKind::Named
                    && ms.iter().all(|m| m.in_quote)
                {
                    continue;
                }
                if addressed_here.contains(&e) {
                    continue;
                }
                let usable = |m: &&Placed| own_mention.is_none_or(|om| om.overlap(&m.span) == 0);
                let upto = ms.partition_point(|m| m.span.start < q.span.end + 400);
                let recent_mention = ms[..upto]
                    .iter()
                    .filter(usable)
                    .map(|m| m.paragraph)
                    .filter(|&p| p <= para + 1)
                    .max();
                let last_spoke = spoke_at[e].last().copied();
                for &j in &spoke_at[e][voiced[e]..] {
                    if is_head(j) {
                        voices.add(e, utterance_of[j]);
                    }
                }
                voiced[e] = spoke_at[e].len();
                let rule = rules[qi].speaker == Some(e);
                let explicit = rules[qi].explicit == Some(e);
                let described = rules[qi].described == Some(e);
                let in_history = back.iter().any(|t| t.1 == Some(e))
                    || prev_same_para == Some(Some(e))
                    || partner == Some(e);
                let near = recent_mention.is_some_and(|p| p + LOOKBACK_PARAGRAPHS >= para);
                if !(rule || explicit || described || in_history || near) {
                    continue;
                }
                let mut f = FeatureVector::default();
                f.flag(Feature::RuleChoice, rule);
                f.flag(Feature::MentionResolvesHere, explicit);
                f.flag(Feature::OwnDescription, described);
                f.flag(
                    Feature::SpokePreviousInParagraph,
                    prev_same_para == Some(Some(e)),
                );
                f.flag(Feature::SpokeTurn1, turn_speaker(0) == Some(e));
                f.flag(
                    Feature::SpokeTurn1Adjacent,
                    turn_speaker(0) == Some(e) && back[0].0 + 1 == para,
                );
                f.flag(Feature::SpokeTurn2, turn_speaker(1) == Some(e));
                f.flag(
                    Feature::SpokeTurn2Adjacent,
                    turn_speaker(1) == Some(e) && back[1].0 + 2 == para && back[0].0 + 1 == para,
                );
                f.flag(Feature::SpokeTurn3, turn_speaker(2) == Some(e));
                f.flag(Feature::ConversationPartner, partner == Some(e));
                let in_span = |s: Span| ms.iter().any(|m| s.contains(&m.span));
                f.flag(Feature::NamedInQuote, in_span(q.span));
                f.flag(
                    Feature::NamedInPreviousTurn,
                    prev_turn_quotes.iter().any(|&s| in_span(s)),
                );
                let in_para: Vec<&Placed> = ms
                    .iter()
                    .filter(|m| m.paragraph == para && !m.in_quote)
                    .filter(usable)
                    .collect();
                f.flag(
                    Feature::MentionedBeforeInParagraph,
                    in_para.iter().any(|m| m.span.end <= q.span.start),
                );
                f.flag(
                    Feature::MentionedAfterInParagraph,
                    in_para.iter().any(|m| m.span.start >= q.span.end),
                );
                let closeness = in_para
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
                f.set(Feature::ClosenessInParagraph, closeness);
                f.flag(
                    Feature::MentionedPreviousParagraph,
                    ms.iter().any(|m| !m.in_quote && m.paragraph + 1 == para),
                );
                f.set(
                    Feature::MentionRecency,
                    recent_mention.map_or(0.0, |p| 1.0 / (1.0 + para.saturating_sub(p) as f32)),
                );
                f.flag(Feature::NeverSpoken, last_spoke.is_none());
                f.set(
                    Feature::SpeechRecency,
                    last_spoke.map_or(0.0, |j| 1.0 / (1.0 + (qi - j) as f32)),
                );
                f.set(
                    Feature::SpeechCount,
                    (1.0 + spoke_at[e].len() as f32).ln() / 4.0,
                );
                let before = ms.partition_point(|m| m.span.start < q.span.start);
                f.set(Feature::MentionCount, (1.0 + before as f32).ln() / 5.0);
                f.flag(Feature::Person, ent.animacy == Animacy::Person);
                f.flag(Feature::Organisation, ent.animacy == Animacy::Organisation);
                f.flag(Feature::Narrator, ent.kind == EntityKind::Narrator);
                f.flag(Feature::Description, ent.kind == EntityKind::Description);
                f.set(Feature::WrittenAsPlace, as_place[e]);
                if pronoun_gender != Gender::Unknown {
                    let (agrees, contradicts) = gender_agreement(ent.gender(), pronoun_gender);
                    f.flag(Feature::PronounGenderMatch, agrees);
                    // "she" is never an organisation or a place.
                    f.flag(
                        Feature::PronounGenderMismatch,
                        contradicts || ent.animacy == Animacy::Organisation,
                    );
                }
                if description_gender != Gender::Unknown {
                    let (agrees, contradicts) = gender_agreement(ent.gender(), description_gender);
                    f.flag(Feature::DescriptionGenderMatch, agrees);
                    f.flag(Feature::DescriptionGenderMismatch, contradicts);
                }
                if let Some((p, g)) = kin {
                    let family = &self.entities[p].last;
                    f.flag(
                        Feature::KinOfPossessor,
                        p != e
                            && !family.is_empty()
                            && ent.last == *family
                            && gender_compatible(ent.gender(), g),
                    );
                    f.flag(Feature::KinPossessor, p == e);
                }
                f.flag(Feature::LastMentioned, last_mentioned == Some(e));
                f.flag(Feature::LastAgreeingInParagraph, last_agreeing == Some(e));
                f.flag(
                    Feature::SpeechSubjectNearby,
                    in_para.iter().any(|m| m.subject),
                );
                f.flag(Feature::AddressedInPreviousTurn, addressed.contains(&e));
                f.flag(
                    Feature::Alternation,
                    turn_speaker(1) == Some(e) && turn_speaker(0).is_some_and(|a| a != e),
                );
                f.flag(Feature::HeadlineLead, headline_lead == Some(e));
                f.flag(Feature::ExplicitNextTurn, ahead_speaker(0, 1) == Some(e));
                f.flag(
                    Feature::ExplicitTurnAfterNext,
                    ahead_speaker(1, 2) == Some(e),
                );
                f.flag(
                    Feature::ExplicitLaterInParagraph,
                    later_in_paragraph.contains(&e),
                );
                f.flag(Feature::ExplicitAheadEven, ahead_even == Some(e));
                f.flag(Feature::ExplicitAheadOdd, ahead_odd == Some(e));
                f.flag(Feature::ExplicitBehindEven, behind_even == Some(e));
                f.flag(Feature::ExplicitBehindOdd, behind_odd == Some(e));
                f.flag(Feature::FirstReadingNextTurn, first_ahead(0, 1) == Some(e));
                f.flag(
                    Feature::FirstReadingTurnAfterNext,
                    first_ahead(1, 2) == Some(e),
                );
                f.flag(Feature::FirstReadingAheadEven, first_even == Some(e));
                f.flag(Feature::FirstReadingAheadOdd, first_odd == Some(e));
                let utterance = utterance_of[qi];
                f.set(Feature::VoiceSimilarity, voices.similarity(e, utterance));
                if let (Some(v), Some(f1)) = (&first_voices, first) {
                    let heard = if f1[qi] == Some(e) {
                        v.similarity_without(e, utterance)
                    } else {
                        v.similarity(e, utterance)
                    };
                    f.set(Feature::FirstReadingVoice, heard);
                }
                if keep_items {
                    names.push(super::names::squash_spaces(&ent.name));
                }
                feats.push(f);
                ents.push(e);
            }
            let heard = if first.is_some() {
                Feature::FirstReadingVoice
            } else {
                Feature::VoiceSimilarity
            };
            let loudest = feats
                .iter()
                .enumerate()
                .map(|(k, f)| (f.get(heard), k))
                .filter(|&(v, _)| v > 0.0)
                .max_by(|a, b| a.0.total_cmp(&b.0).then(b.1.cmp(&a.1)));
            if let Some((_, k)) = loudest {
                feats[k].flag(Feature::LoudestVoice, true);
            }
            if let Some(k) = only_agreeing_in_scene(&feats) {
                feats[k].flag(Feature::OnlyAgreeingInScene, true);
            }
            let pick = feats
                .iter()
                .enumerate()
                .map(|(k, f)| (ranker.score(context, f), k))
                .max_by(|a, b| a.0.total_cmp(&b.0).then(b.1.cmp(&a.1)))
                .filter(|&(s, _)| s > ranker.null[context])
                .map(|(_, k)| ents[k]);
            chosen.push(pick);
            self.fill_segments_before(qi, utterance_of, &mut chosen, &mut spoke_at);
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

    /// The possessor of a family relation's description at `m`: for "her
    /// mother" the person of her gender last named in the narration before
    /// it, for "Mrs. Gradgrind's husband" the named possessor last named.
    fn kin_possessor(&self, placed: &[Vec<Placed>], m: Span, d: &Description) -> Option<usize> {
        let first = m.text(self.text).split_whitespace().next()?;
        let gender = match antecedents::pronoun(&first.to_lowercase()) {
            Some(Pronoun::Male) => Some(Gender::Male),
            Some(Pronoun::Female) => Some(Gender::Female),
            _ => None,
        };
        (0..self.entities.len())
            .filter(|&e| {
                let ent = &self.entities[e];
                ent.kind == EntityKind::Named
                    && match gender {
                        Some(g) => ent.gender() == g,
                        None => d
                            .possessors
                            .iter()
                            .any(|p| *p == ent.last || *p == ent.first),
                    }
            })
            .filter_map(|e| {
                placed[e]
                    .iter()
                    .rev()
                    .find(|p| !p.in_quote && p.span.end <= m.start)
                    .map(|p| (p.span.start, e))
            })
            .max()
            .map(|(_, e)| e)
    }

    /// Once the head segment `qi` of an utterance is decided, its earlier
    /// segments take the same speaker, and all of them count as spoken.
    fn fill_segments_before(
        &self,
        qi: usize,
        utterance_of: &[usize],
        chosen: &mut [Option<usize>],
        spoke_at: &mut [Vec<usize>],
    ) {
        let pick = chosen[qi];
        let first = super::utterances::extent(utterance_of, qi).start;
        chosen[first..qi].fill(pick);
        if let Some(s) = pick {
            spoke_at[s].extend(first..=qi);
        }
    }

    /// In the unbroken run of turns around quotation `qi` (paragraphs next to
    /// each other, each opening with a quotation), the `anchor` of the nearest
    /// other turn, `ahead` or behind, that has one (the entity its own
    /// mention resolves to, say): as (even, odd) by its distance in turns,
    /// at most [`RUN_REACH`] turns away.
    fn speaker_in_run(
        &self,
        qi: usize,
        ahead: bool,
        anchor: impl Fn(usize) -> Option<usize>,
    ) -> (Option<usize>, Option<usize>) {
        let turns = &self.turns;
        let Some(para) = turns[qi].paragraph else {
            return (None, None);
        };
        let by_parity = |distance: usize, e: usize| {
            if distance % 2 == 0 {
                (Some(e), None)
            } else {
                (None, Some(e))
            }
        };
        let order: Box<dyn Iterator<Item = usize>> = if ahead {
            Box::new(qi + 1..turns.len())
        } else {
            Box::new((0..qi).rev())
        };
        let mut last_para = para;
        let mut distance = 0;
        for j in order {
            let Some(p) = turns[j].paragraph else {
                continue;
            };
            if p == last_para {
                // Another quotation of a turn already counted.
                if p != para {
                    if let Some(e) = anchor(j) {
                        return by_parity(distance, e);
                    }
                }
                continue;
            }
            let adjacent = if ahead {
                p == last_para + 1
            } else {
                p + 1 == last_para
            };
            if !adjacent || !turns[j].starts_paragraph {
                break;
            }
            distance += 1;
            if distance > RUN_REACH {
                break;
            }
            last_para = p;
            if let Some(e) = anchor(j) {
                return by_parity(distance, e);
            }
        }
        (None, None)
    }
}
