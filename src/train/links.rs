//! Fitting the utterance-link model ([`LinkModel`]) on gold documents whose
//! quotations carry `quote_id`s (PDNC): every candidate pair of consecutive
//! predicted quotations is labelled by whether it matches two consecutive
//! gold quotations of one utterance; `train::logistic::fit_model` fits the
//! model to them.
//!
//! [`LinkModel`]: crate::resolve::links::LinkModel

use crate::corpus::GoldDoc;
use crate::resolve::links::LinkFeatures;
use crate::resolve::{DocumentDraft, Resolver};

use super::logistic::Labelled;

/// A candidate pair with its gold answer: true when the two are
/// consecutive segments of one gold utterance.
pub type LabelledLink = Labelled<LinkFeatures>;

/// The labelled candidate pairs of one document; none when its gold has no
/// `quote_id`s (news).
pub fn labelled_links(
    gold: &GoldDoc,
    draft: &DocumentDraft,
    resolver: &Resolver,
) -> Vec<LabelledLink> {
    if !gold.quotes.iter().any(|q| q.quote_id.is_some()) {
        return Vec::new();
    }
    let gold_of = super::gold_of(gold, draft);
    let one_utterance = |g: usize| {
        let (a, b) = (&gold.quotes[g], gold.quotes.get(g + 1));
        a.quote_id.is_some() && b.is_some_and(|b| b.quote_id == a.quote_id)
    };
    resolver
        .link_candidates(&gold.text, draft)
        .into_iter()
        .map(|(i, features)| LabelledLink {
            features,
            answer: match (gold_of[i], gold_of.get(i + 1).copied().flatten()) {
                (Some(a), Some(b)) => b == a + 1 && one_utterance(a),
                _ => false,
            },
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::resolve::links::Ending;
    use crate::train::logistic::{accuracy, fit_model, LogisticConfig};

    fn pair(comma: bool, words: usize) -> LinkFeatures {
        LinkFeatures {
            narration_words: words,
            first_ends: if comma { Ending::Comma } else { Ending::Period },
            second_starts_lowercase: false,
            narration_ends_sentence: !comma,
            narration_leads_in: false,
            tag_between: comma,
            second_tagged_after: false,
            mentions_differ: false,
            narration_starts_lowercase: comma,
            no_narration: false,
            speech_verb_between: comma,
        }
    }

    #[test]
    fn fit_learns_that_a_tagged_comma_joins_and_a_sentence_parts() {
        // Joined pairs: a comma and a tag; parted: a full sentence between.
        let links: Vec<LabelledLink> = (0..200)
            .map(|i| LabelledLink {
                features: pair(i % 2 == 0, 2 + i % 7),
                answer: i % 2 == 0,
            })
            .collect();
        let m = fit_model(&links, LogisticConfig::default());
        assert!(m.valid());
        assert_eq!(accuracy(&m, &links), 1.0);
        assert!(m.accepts(&pair(true, 3)) && !m.accepts(&pair(false, 3)));
        assert_eq!(accuracy(&m, &[]), 0.0);
    }
}
