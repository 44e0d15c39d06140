//! The learned addressee decision: for every utterance, each candidate
//! person (whoever the text names as spoken to, the other speakers of the
//! conversation around it, and the people the narration names in the scene)
//! is kept or not by a logistic model over
//! [`AddresseeFeatures`], so an utterance can be addressed to one person
//! or several (and when it keeps none, the conversation's line goes to the
//! likeliest: see `resolve/addressees.rs`). Fitted on PDNC's
//! addressee annotations
//! (`examples/resolver.rs`, feature `train`) and shipped inside
//! `ranker.json`; without it the rules of `resolve/addressees.rs`
//! decide.

use std::ops::Range;

use super::logistic::{Inputs, LogisticModel};

/// How many other speakers before and after an utterance are candidates.
pub(crate) const CONVERSATION_REACH: usize = 3;

/// What the model sees of one candidate addressee of one utterance.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct AddresseeFeatures {
    /// The rules would name them (text or conversation).
    pub rule_choice: bool,
    /// The text names them as spoken to: a vocative, "said X to Y", "told Y".
    pub named_in_text: bool,
    /// Their rank among the distinct other speakers before the utterance
    /// (1 = the last), 0 when not among the first `CONVERSATION_REACH`.
    pub previous_speaker_rank: usize,
    /// Their rank among the distinct other speakers after it (1 = the next).
    pub next_speaker_rank: usize,
    /// Their share of the turns around (eight before and after).
    pub share_of_turns_around: f32,
    /// How many different people speak in the turns around.
    pub speakers_around: usize,
    /// Mentioned in the utterance's paragraph.
    pub mentioned_in_paragraph: bool,
    /// Named in the narration of the utterance's paragraph or the few
    /// before it (present in the scene, whether or not they speak).
    pub present_in_narration: bool,
    /// The utterance addresses several people at once ("Gentlemen, …",
    /// "help yourselves"): a word of the `group_address` list.
    pub group_address: bool,
}

/// One utterance's candidate addressees, by the names whosaid reports
/// (see `Resolver::addressee_candidates`; for training).
#[derive(Debug, Clone, PartialEq)]
pub struct UtteranceCandidates {
    /// The utterance's quotations (indices in text order).
    pub quotes: Range<usize>,
    /// Its candidates.
    pub candidates: Vec<NamedCandidate>,
}

/// A candidate addressee by name, with what the model sees of it.
#[derive(Debug, Clone, PartialEq)]
pub struct NamedCandidate {
    /// The name whosaid reports for them.
    pub name: String,
    /// What the model sees.
    pub features: AddresseeFeatures,
}

/// Number of model inputs (see [`AddresseeFeatures::values`]).
pub const NUM_ADDRESSEE_INPUTS: usize = 19;

/// The model inputs' names, in [`AddresseeFeatures::values`] order.
pub const ADDRESSEE_INPUTS: [&str; NUM_ADDRESSEE_INPUTS] = [
    "rule_choice",
    "named_in_text",
    "previous_speaker_1",
    "previous_speaker_2",
    "previous_speaker_3",
    "next_speaker_1",
    "next_speaker_2",
    "next_speaker_3",
    "share_of_turns_around",
    "two_speakers_around",
    "three_speakers_around",
    "four_or_more_speakers_around",
    "previous_and_next_speaker",
    "mentioned_in_paragraph",
    "present_in_narration",
    "group_address",
    "present_in_group_scene",
    "speaks_in_group_scene",
    "group_address_to_someone_around",
];

impl AddresseeFeatures {
    /// The model's inputs.
    fn input_values(&self) -> [f32; NUM_ADDRESSEE_INPUTS] {
        let flag = |b: bool| f32::from(u8::from(b));
        // Three or more people speak around: a group, where everyone present
        // tends to be spoken to, not only the last other speaker.
        let group_scene = self.speakers_around >= 3;
        let speaks_around = self.share_of_turns_around > 0.0;
        [
            flag(self.rule_choice),
            flag(self.named_in_text),
            flag(self.previous_speaker_rank == 1),
            flag(self.previous_speaker_rank == 2),
            flag(self.previous_speaker_rank == 3),
            flag(self.next_speaker_rank == 1),
            flag(self.next_speaker_rank == 2),
            flag(self.next_speaker_rank == 3),
            self.share_of_turns_around,
            flag(self.speakers_around == 2),
            flag(self.speakers_around == 3),
            flag(self.speakers_around >= 4),
            flag(self.previous_speaker_rank == 1 && self.next_speaker_rank == 1),
            flag(self.mentioned_in_paragraph),
            flag(self.present_in_narration),
            flag(self.group_address),
            flag(self.present_in_narration && group_scene),
            flag(speaks_around && group_scene),
            flag(self.group_address && (speaks_around || self.present_in_narration)),
        ]
    }
}

impl Inputs for AddresseeFeatures {
    const NAMES: &'static [&'static str] = &ADDRESSEE_INPUTS;
    fn values(&self) -> Vec<f32> {
        self.input_values().to_vec()
    }
}

/// The fitted addressee model: a candidate is spoken to when it accepts
/// their [`AddresseeFeatures`].
pub type AddresseeModel = LogisticModel<AddresseeFeatures>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inputs_follow_the_named_features() {
        let f = AddresseeFeatures {
            previous_speaker_rank: 1,
            next_speaker_rank: 1,
            speakers_around: 2,
            share_of_turns_around: 0.5,
            ..AddresseeFeatures::default()
        };
        let v = f.values();
        let at = |n: &str| v[ADDRESSEE_INPUTS.iter().position(|x| *x == n).unwrap()];
        assert_eq!(at("previous_speaker_1"), 1.0);
        assert_eq!(at("next_speaker_1"), 1.0);
        assert_eq!(at("previous_and_next_speaker"), 1.0);
        assert_eq!(at("two_speakers_around"), 1.0);
        assert_eq!(at("share_of_turns_around"), 0.5);
        assert_eq!(at("named_in_text"), 0.0);
        assert_eq!(at("speaks_in_group_scene"), 0.0);
        // In a scene where three speak, the scene's people and speakers
        // are marked as such; a group word with them, too.
        let g = AddresseeFeatures {
            speakers_around: 3,
            present_in_narration: true,
            group_address: true,
            ..f
        }
        .values();
        let at = |n: &str| g[ADDRESSEE_INPUTS.iter().position(|x| *x == n).unwrap()];
        for input in [
            "present_in_group_scene",
            "speaks_in_group_scene",
            "group_address",
            "group_address_to_someone_around",
        ] {
            assert_eq!(at(input), 1.0, "{input}");
        }
    }

    #[test]
    fn a_model_keeps_above_zero_and_checks_its_inputs() {
        let mut m = AddresseeModel::new(vec![0.0; NUM_ADDRESSEE_INPUTS], -1.0);
        let named = AddresseeFeatures {
            named_in_text: true,
            ..AddresseeFeatures::default()
        };
        assert!(m.valid() && !m.accepts(&named));
        m.weights[1] = 3.0;
        assert!(m.accepts(&named) && !m.accepts(&AddresseeFeatures::default()));
        m.inputs.pop();
        assert!(!m.valid());
    }
}
