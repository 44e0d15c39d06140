//! Fitting the addressee model ([`AddresseeModel`]) on gold documents whose
//! quotations list their addressees (PDNC): every candidate of every
//! utterance whose quotation matches a gold one is labelled by whether its
//! name denotes one of that quotation's gold addressees (by character, as
//! the scorer does); `train::logistic::fit_model` fits the model to them.
//!
//! [`AddresseeModel`]: crate::resolve::addressee_model::AddresseeModel

use crate::corpus::GoldDoc;
use crate::metrics::Cast;
use crate::resolve::addressee_model::AddresseeFeatures;
use crate::resolve::{DocumentDraft, Resolver};

use super::logistic::Labelled;

/// A candidate addressee with its gold answer: true when it is one of the
/// gold addressees.
pub type LabelledAddressee = Labelled<AddresseeFeatures>;

/// The labelled candidates of one document, `resolver` deciding its
/// speakers; none when its gold lists no addressees (news).
pub fn labelled_addressees(
    gold: &GoldDoc,
    draft: &DocumentDraft,
    resolver: &Resolver,
) -> Vec<LabelledAddressee> {
    if !gold.quotes.iter().any(|q| !q.addressees.is_empty()) {
        return Vec::new();
    }
    let gold_of = super::gold_of(gold, draft);
    let cast = Cast::of(&gold.quotes);
    let mut out = Vec::new();
    for utterance in resolver.addressee_candidates(&gold.text, draft) {
        let Some(g) = utterance
            .quotes
            .filter_map(|i| gold_of[i])
            .map(|g| &gold.quotes[g])
            .find(|g| !g.addressees.is_empty())
        else {
            continue;
        };
        for c in utterance.candidates {
            let answer = g
                .addressees
                .iter()
                .any(|a| cast.denotes(&c.name, &a.name, &a.aliases));
            out.push(LabelledAddressee {
                features: c.features,
                answer,
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::train::logistic::{accuracy, fit_model, LogisticConfig};

    #[test]
    fn fit_learns_that_the_last_other_speaker_is_spoken_to() {
        let cands: Vec<LabelledAddressee> = (0..200)
            .map(|i| {
                let last = i % 2 == 0;
                LabelledAddressee {
                    features: AddresseeFeatures {
                        previous_speaker_rank: if last { 1 } else { 3 },
                        ..AddresseeFeatures::default()
                    },
                    answer: last,
                }
            })
            .collect();
        let m = fit_model(&cands, LogisticConfig::default());
        assert!(m.valid());
        assert_eq!(accuracy(&m, &cands), 1.0);
    }
}
