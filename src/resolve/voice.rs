//! Voices: how much a quotation's words sound like what a candidate has
//! said so far. Characters have habits of speech ("my dear", "I say",
//! "old sport"), so the words of the quotations a candidate was given
//! earlier in the document are evidence for the next ones.
//!
//! Words are weighted by their inverse document frequency over the
//! document's utterances (common words weigh little), each utterance (the
//! words of all its segments) is a unit vector, and a speaker's voice is
//! the sum of their utterances' vectors; the similarity is the cosine of
//! the two.

use std::collections::HashMap;

use crate::Span;

/// The utterances' word vectors of one document, built once and shared by
/// every reading's [`Voices`].
#[derive(Debug, Clone, Default)]
pub(crate) struct UtteranceWords {
    /// Per utterance, its unit tf-idf vector (word id, weight), sorted by id.
    vectors: Vec<Vec<(u32, f32)>>,
}

/// The voices of one reading: per speaker, the words of the utterances
/// given to them.
#[derive(Debug, Clone)]
pub(crate) struct Voices<'w> {
    words: &'w UtteranceWords,
    /// Per speaker, the sum of the vectors added to it.
    voices: Vec<HashMap<u32, f32>>,
    /// Per speaker, the squared norm of its voice.
    norms: Vec<f32>,
}

impl UtteranceWords {
    /// Word vectors of the utterances of `quotes` (spans of `text`, in text
    /// order; `utterance_of` each one's utterance, 0, 1, 2, …).
    pub(crate) fn new(text: &str, quotes: &[Span], utterance_of: &[usize]) -> UtteranceWords {
        let mut segments: Vec<Vec<Span>> = Vec::new();
        for (&q, &u) in quotes.iter().zip(utterance_of) {
            if segments.len() <= u {
                segments.resize(u + 1, Vec::new());
            }
            segments[u].push(q);
        }
        UtteranceWords::of_segments(text, &segments)
    }

    /// Word vectors of `utterances`, each the spans of `text` of its segments.
    fn of_segments(text: &str, utterances: &[Vec<Span>]) -> UtteranceWords {
        let mut ids: HashMap<String, u32> = HashMap::new();
        let counts: Vec<HashMap<u32, f32>> = utterances
            .iter()
            .map(|segments| {
                let mut c: HashMap<u32, f32> = HashMap::new();
                let text = |s: &Span| text.get(s.start..s.end).unwrap_or("");
                for w in segments.iter().flat_map(|s| words(text(s))) {
                    let n = ids.len() as u32;
                    let id = *ids.entry(w).or_insert(n);
                    *c.entry(id).or_insert(0.0) += 1.0;
                }
                c
            })
            .collect();
        let mut df = vec![0f32; ids.len()];
        for c in &counts {
            for &id in c.keys() {
                df[id as usize] += 1.0;
            }
        }
        let n = utterances.len().max(1) as f32;
        let vectors = counts
            .into_iter()
            .map(|c| {
                let mut v: Vec<(u32, f32)> = c
                    .into_iter()
                    .map(|(id, tf)| (id, tf.sqrt() * (n / df[id as usize]).ln()))
                    .filter(|&(_, w)| w > 0.0)
                    .collect();
                // Sorted first: the norm's sum must not depend on hash order.
                v.sort_by_key(|&(id, _)| id);
                let norm = v.iter().map(|(_, w)| w * w).sum::<f32>().sqrt();
                for (_, w) in &mut v {
                    *w /= norm;
                }
                v
            })
            .collect();
        UtteranceWords { vectors }
    }
}

impl<'w> Voices<'w> {
    /// `speakers` empty voices over `words`.
    pub(crate) fn new(words: &'w UtteranceWords, speakers: usize) -> Voices<'w> {
        Voices {
            words,
            voices: vec![HashMap::new(); speakers],
            norms: vec![0.0; speakers],
        }
    }

    /// Adds utterance `quote`'s words to `speaker`'s voice.
    pub(crate) fn add(&mut self, speaker: usize, quote: usize) {
        let (Some(v), Some(voice)) = (self.words.vectors.get(quote), self.voices.get_mut(speaker))
        else {
            return;
        };
        let mut dot = 0.0;
        for &(id, w) in v {
            let x = voice.entry(id).or_insert(0.0);
            dot += *x * w;
            *x += w;
        }
        let own: f32 = v.iter().map(|(_, w)| w * w).sum();
        self.norms[speaker] += 2.0 * dot + own;
    }

    /// The cosine between utterance `quote`'s words and `speaker`'s voice
    /// (0 when either is empty).
    pub(crate) fn similarity(&self, speaker: usize, quote: usize) -> f32 {
        self.cosine(speaker, quote, false)
    }

    /// As [`similarity`](Self::similarity), with `quote` itself taken out
    /// of the voice (it must have been added to it).
    pub(crate) fn similarity_without(&self, speaker: usize, quote: usize) -> f32 {
        self.cosine(speaker, quote, true)
    }

    fn cosine(&self, speaker: usize, quote: usize, leave_out: bool) -> f32 {
        let (Some(v), Some(voice)) = (self.words.vectors.get(quote), self.voices.get(speaker))
        else {
            return 0.0;
        };
        if v.is_empty() {
            return 0.0;
        }
        let mut dot: f32 = v
            .iter()
            .map(|(id, w)| voice.get(id).copied().unwrap_or(0.0) * w)
            .sum();
        let mut norm2 = self.norms[speaker];
        if leave_out {
            // v is a unit vector: (p - v)·v = p·v - 1, |p - v|² = |p|² - 2 p·v + 1.
            norm2 += 1.0 - 2.0 * dot;
            dot -= 1.0;
        }
        if norm2 <= 1e-6 {
            return 0.0;
        }
        (dot / norm2.sqrt()).clamp(0.0, 1.0)
    }
}

/// The lower-cased words of `s`.
fn words(s: &str) -> impl Iterator<Item = String> + '_ {
    s.split(|c: char| !c.is_alphanumeric() && c != '\'')
        .map(|w| w.trim_matches('\''))
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// One single-segment utterance per part of `text`.
    fn spans(text: &str, parts: &[&str]) -> Vec<Vec<Span>> {
        parts
            .iter()
            .map(|p| {
                let start = text.find(p).unwrap();
                vec![Span::new(start, start + p.len())]
            })
            .collect()
    }

    #[test]
    fn a_speakers_habits_of_speech_make_their_voice() {
        let text = "\"My dear, the boy is safe.\" \"It is raining again.\" \
                    \"Safe, my dear, quite safe.\" \"The rain will stop.\" \"Is it safe, my dear?\"";
        let quotes = spans(
            text,
            &[
                "My dear, the boy is safe.",
                "It is raining again.",
                "Safe, my dear, quite safe.",
                "The rain will stop.",
                "Is it safe, my dear?",
            ],
        );
        let words = UtteranceWords::of_segments(text, &quotes);
        let mut v = Voices::new(&words, 2);
        v.add(0, 0);
        v.add(0, 2);
        v.add(1, 1);
        v.add(1, 3);
        assert!(v.similarity(0, 4) > v.similarity(1, 4) + 0.2);
        let alone = Voices::new(&words, 2);
        assert_eq!(
            alone.similarity(0, 4),
            0.0,
            "an empty voice sounds like nothing"
        );
    }

    #[test]
    fn an_utterance_is_heard_with_all_its_segments() {
        let text = "\"Old sport,\" he said, \"come in.\" \"Rain.\" \"Come in, old sport.\"";
        let at = |p: &str| {
            let start = text.find(p).unwrap();
            Span::new(start, start + p.len())
        };
        let split = vec![
            vec![at("Old sport,"), at("come in.")],
            vec![at("Rain.")],
            vec![at("Come in, old sport.")],
        ];
        let words = UtteranceWords::of_segments(text, &split);
        let mut v = Voices::new(&words, 1);
        v.add(0, 0);
        assert!(v.similarity(0, 2) > 0.9, "{}", v.similarity(0, 2));
    }

    #[test]
    fn the_voice_norm_follows_additions() {
        let text = "\"a b c\" \"a b\" \"c d\" \"e\"";
        let quotes = spans(text, &["a b c", "a b", "c d", "e"]);
        let words = UtteranceWords::of_segments(text, &quotes);
        let mut v = Voices::new(&words, 1);
        v.add(0, 1);
        assert!(
            (v.similarity(0, 1) - 1.0).abs() < 1e-5,
            "a quotation sounds like itself"
        );
        v.add(0, 2);
        let s = v.similarity(0, 1);
        assert!(s > 0.5 && s < 1.0, "{s}");
        assert_eq!(v.similarity(0, 3), 0.0);
        let alone = Voices::new(&words, 1);
        assert!(
            (v.similarity_without(0, 2) - {
                let mut w = alone.clone();
                w.add(0, 1);
                w.similarity(0, 2)
            })
            .abs()
                < 1e-5,
            "taking a quotation out is as if it was never added"
        );
        assert_eq!(alone.similarity_without(0, 2), 0.0);
        assert_eq!(v.similarity(5, 0), 0.0, "no such speaker");
    }
}
