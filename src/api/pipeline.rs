//! The pipeline over a call's texts, in memory that does not grow with a
//! text's length: each text is cut into sections of whole paragraphs
//! ([`text::section`](crate::text::section)); sections from all texts are
//! taken a group at a time (windows of different texts share batches), run
//! through the front-end, the network and decoding, and dropped before the
//! next group is read. What stays is small: paragraph spans, quotation
//! drafts and mention spans. Speaker resolution then sees each whole text.

use std::time::Instant;

use super::options::Options;
use crate::decode::{decode_document, CueWords};
use crate::model::inference::score_documents_until;
use crate::model::Model;
use crate::resolve::ranker::SpeakerRanker;
use crate::resolve::{resolve_with, DocumentDraft};
use crate::text::section::{sections, SECTION_BYTES};
use crate::text::{marks, segment, Document, QuotedRegion};
use crate::timing::{Stage, StageTimes};
use crate::{Attribution, Result, Span};

/// The words decoding treats as cues besides the tagged ones: the
/// resolver's speech verbs (`src/resolve/lexicon/speech_verbs.txt`).
pub fn speech_verbs() -> &'static CueWords {
    static WORDS: std::sync::LazyLock<CueWords> = std::sync::LazyLock::new(|| {
        CueWords::new(
            crate::resolve::lexicon::lexicon()
                .words(crate::resolve::lexicon::WordList::SpeechVerbs),
        )
    });
    &WORDS
}

/// Bytes of text read, tokenized and scored at once: about one section.
const GROUP_BYTES: usize = SECTION_BYTES;

/// One text's paragraphs, quoted regions and sections (pieces of text).
struct Plan<'t> {
    text: &'t str,
    paragraphs: Vec<Span>,
    regions: Vec<QuotedRegion>,
    sections: Vec<Vec<Span>>,
}

impl<'t> Plan<'t> {
    fn new(text: &'t str) -> Self {
        let paragraphs = segment::paragraphs(text);
        let regions = marks::quoted_regions(text, &paragraphs);
        let sections = sections(text, &paragraphs, SECTION_BYTES);
        Plan {
            text,
            paragraphs,
            regions,
            sections,
        }
    }

    /// The quoted regions that overlap `pieces`.
    fn regions_in(&self, pieces: &[Span]) -> Vec<QuotedRegion> {
        let (Some(first), Some(last)) = (pieces.first(), pieces.last()) else {
            return Vec::new();
        };
        let region_end =
            |r: &QuotedRegion| r.close.map_or(r.content.end, |c| c.end.max(r.content.end));
        let lo = self
            .regions
            .partition_point(|r| region_end(r) <= first.start);
        let hi = self.regions.partition_point(|r| r.open.start < last.end);
        self.regions[lo..hi.max(lo)].to_vec()
    }
}

/// Front-end, network and decoding over `texts`, one [`DocumentDraft`] per
/// text; gives up with [`Error::DeadlinePassed`](crate::Error::DeadlinePassed)
/// once `deadline` passes.
pub(crate) fn draft(
    model: &Model,
    options: &Options,
    texts: &[&str],
    deadline: Option<Instant>,
    times: &mut StageTimes,
) -> Result<Vec<DocumentDraft>> {
    let plans: Vec<Plan> = times.time(Stage::FrontEnd, || {
        texts.iter().map(|t| Plan::new(t)).collect()
    });
    let mut drafts: Vec<DocumentDraft> = plans
        .iter()
        .map(|p| DocumentDraft {
            paragraphs: p.paragraphs.clone(),
            quotes: Vec::new(),
            mentions: Vec::new(),
        })
        .collect();
    let units: Vec<(usize, &[Span])> = plans
        .iter()
        .enumerate()
        .flat_map(|(i, p)| p.sections.iter().map(move |s| (i, s.as_slice())))
        .collect();
    let max = options.max_tokens.unwrap_or(model.config.max_tokens);
    let mut next = 0;
    while next < units.len() {
        // A group: sections up to GROUP_BYTES of text (at least one).
        let mut end = next;
        let mut bytes = 0;
        while end < units.len()
            && (end == next || bytes + section_bytes(units[end].1) <= GROUP_BYTES)
        {
            bytes += section_bytes(units[end].1);
            end += 1;
        }
        let group = &units[next..end];
        next = end;
        let docs = times.time(Stage::FrontEnd, || {
            group
                .iter()
                .map(|&(i, pieces)| {
                    let plan = &plans[i];
                    Document::from_pieces(
                        plan.text,
                        pieces.to_vec(),
                        plan.regions_in(pieces),
                        &model.encoder,
                    )
                })
                .collect::<Result<Vec<_>>>()
        })?;
        let scores = score_documents_until(
            model,
            &docs,
            max,
            options.window_overlap(),
            options.batch_size,
            deadline,
            times,
        )?;
        for ((&(i, _), doc), sc) in group.iter().zip(&docs).zip(&scores) {
            let (quotes, mentions) = decode_document(
                model,
                doc,
                sc,
                options.min_confidence,
                speech_verbs(),
                times,
            )?;
            drafts[i].quotes.extend(quotes);
            drafts[i].mentions.extend(mentions);
        }
    }
    Ok(drafts)
}

fn section_bytes(pieces: &[Span]) -> usize {
    match (pieces.first(), pieces.last()) {
        (Some(a), Some(b)) => b.end - a.start,
        _ => 0,
    }
}

/// The whole pipeline: [`draft`], then speaker resolution of each text
/// (decided by `ranker` when there is one and `options` allow it, else by
/// the rules).
pub(crate) fn attribute(
    model: &Model,
    ranker: Option<&SpeakerRanker>,
    options: &Options,
    texts: &[&str],
    deadline: Option<Instant>,
    times: &mut StageTimes,
) -> Result<Vec<Attribution>> {
    let drafts = draft(model, options, texts, deadline, times)?;
    let ranker = ranker.filter(|_| options.learned_speakers);
    Ok(drafts
        .into_iter()
        .zip(texts)
        .map(|(d, t)| {
            times.time(Stage::Resolution, || {
                resolve_with(t, &d.paragraphs, d.quotes, &d.mentions, ranker)
            })
        })
        .collect())
}
