//! Document-level speaker resolution: turns each quotation's speaker mention
//! ("he", "Mr Lavrov", "Russia's top diplomat") into a named entity
//! ("Sergey Lavrov"), and fills in speakers of quotations without a mention.
//!
//! The steps:
//! 1. [`names`] finds proper names (titles, particles, initials, possessives);
//! 2. [`entities`] clusters them by name structure and gathers gender and role evidence;
//! 3. [`antecedents`] resolves pronouns and descriptions to the most salient compatible entity;
//! 4. [`turns`] gives quotations without a mention the speaker of the surrounding turn;
//! 5. a first-person narrator takes the name the others address them by, and
//!    fiction names characters by the narration's most frequent name form;
//! 6. segments of one quotation interrupted by narration are one utterance
//!    (the learned [`links`] when the ranker carries them, else a rule);
//! 7. given a [`SpeakerRanker`], the learned [`ranker`] re-scores every
//!    quotation's candidate speakers, left to right, with the rules' choice
//!    as one of its features.

pub mod addressee_model;
pub(crate) mod addressees;
pub mod antecedents;
pub mod entities;
pub(crate) mod lexicon;
pub mod links;
pub mod logistic;
pub mod names;
pub mod ranker;
pub mod register;
pub mod turns;
pub(crate) mod utterances;
pub(crate) mod voice;

use crate::{Addressee, Attribution, Quote, Span, Speaker, SpeakerId};
use antecedents::{Candidate, MentionClass, Pronoun};
use entities::{Animacy, Entity, EntityKind, EntityMention};
use lexicon::{lexicon, WordList};
use names::{gender_compatible, Gender, NameMention, Token};
use ranker::{RankItem, Reading, RuleOutcome, SpeakerRanker};
pub use register::Register;
use std::collections::HashSet;
use turns::Turn;

/// How many times the other speakers must address one person by name for a
/// first-person narrator to take that name.
pub(crate) const NARRATOR_MIN_VOCATIVES: usize = 3;

/// A narrator is never named in their own narration: a person addressed by
/// name is a candidate for the narrator only when the narration names them
/// at most once for every this many times they are addressed.
pub(crate) const NARRATOR_VOCATIVES_PER_NARRATION_NAME: usize = 5;

/// In fiction, a full or titled name written at least this often stays the canonical name.
pub(crate) const FULL_NAME_MIN_USES: usize = 2;
/// Fiction: a titled name stays an entity's name only when written at least
/// a quarter as often as its most used form.
const TITLED_NAME_MIN_SHARE: usize = 4;

pub use crate::decode::QuoteDraft;

/// A document after decoding and before speaker resolution: what the model
/// found, ready for [`resolve`]. Serializable, so that resolvers can be
/// trained and compared on cached model output.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct DocumentDraft {
    /// Paragraph spans in order.
    pub paragraphs: Vec<Span>,
    /// Quotations in text order.
    pub quotes: Vec<QuoteDraft>,
    /// Every speaker-mention span the tagger found.
    pub mentions: Vec<Span>,
}

/// What a quotation's own speaker mention resolves to.
#[derive(Debug, Clone, Copy, Default)]
struct ResolvedMention {
    /// The entity the rules resolve it to.
    entity: Option<usize>,
    /// For a description taken for someone by salience alone, the described
    /// person of its own (see [`Pass::DescribedCandidates`]).
    described: Option<usize>,
}

/// What resolution decided for a document's quotations.
#[derive(Debug, Clone, Default)]
struct Decision {
    /// The speaker (entity index) of each quotation.
    speakers: Vec<Option<usize>>,
    /// The speaker mention each quotation reports (see
    /// [`Document::reported_mention`]).
    mentions: Vec<Option<Span>>,
    /// The utterance of each quotation (see [`utterances`]).
    utterances: Vec<usize>,
    /// Who each quotation is addressed to (see [`addressees`]).
    addressees: Vec<Vec<addressees::AddresseeChoice>>,
}

/// A switchable pass of the rules' stage, for measuring what each is worth.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Pass {
    /// A first-person narrator takes the name the others address them by.
    NarratorNaming,
    /// Fiction names characters as the narration does most often.
    NamingByUsage,
    /// News: a headline's quotation with no mention goes to the lead's speaker.
    HeadlineLead,
    /// Fiction: "Mrs. X" is not the "Clara X" of the text (a family shares a surname).
    FamilyTitles,
    /// A name written only inside quotations is no candidate speaker, and a
    /// quotation's linked mention inside the quotation itself is dropped.
    NarrationNamesOnly,
    /// Headings (a paragraph in capitals, "Chapter IV") and title matter
    /// ("by Jane Austen", a Project Gutenberg header) hold no names.
    HeadingsHoldNoNames,
    /// The segments of a quotation interrupted by narration are one
    /// utterance, whose speaker is decided once (see `resolve/utterances.rs`).
    Utterances,
    /// Whoever an utterance addresses by name ("Good night, Anna.") is no
    /// candidate for its speaker.
    VocativeNotSpeaker,
    /// A narration sentence's first third-person pronoun ("he", "his",
    /// "she", "herself"; not "him" or "her") after one name and no other
    /// ("Newland took his hat") votes for that name's gender (the weakest
    /// evidence: titles and first names outrank it).
    SentencePronouns,
    /// A quotation's definite-description mention that names no role of the
    /// person it resolves to ("said the croupier", taken for whoever was
    /// named last) also offers the described person as a candidate of its
    /// own; the ranker weighs the two.
    DescribedCandidates,
    /// News: a quotation whose own speaker mention is a name is that
    /// person's; the ranker decides the others (see
    /// `Register::named_source_decides`).
    NamedSources,
    /// News: a quotation's own speaker mention lies in its paragraph; a
    /// tagger link to a mention in another paragraph is dropped, and the
    /// ranker decides the quotation as one with no mention (see
    /// `Register::mentions_in_own_paragraph`).
    OwnParagraphMentions,
}

impl Pass {
    /// Every pass.
    pub const ALL: [Pass; 12] = [
        Pass::NarratorNaming,
        Pass::NamingByUsage,
        Pass::HeadlineLead,
        Pass::FamilyTitles,
        Pass::NarrationNamesOnly,
        Pass::HeadingsHoldNoNames,
        Pass::Utterances,
        Pass::VocativeNotSpeaker,
        Pass::SentencePronouns,
        Pass::DescribedCandidates,
        Pass::NamedSources,
        Pass::OwnParagraphMentions,
    ];

    /// The pass's name on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Pass::NarratorNaming => "narrator-naming",
            Pass::NamingByUsage => "naming-by-usage",
            Pass::HeadlineLead => "headline-lead",
            Pass::FamilyTitles => "family-titles",
            Pass::NarrationNamesOnly => "narration-names-only",
            Pass::HeadingsHoldNoNames => "headings-hold-no-names",
            Pass::Utterances => "utterances",
            Pass::VocativeNotSpeaker => "vocative-not-speaker",
            Pass::SentencePronouns => "sentence-pronouns",
            Pass::DescribedCandidates => "described-candidates",
            Pass::NamedSources => "named-sources",
            Pass::OwnParagraphMentions => "own-paragraph-mentions",
        }
    }

    /// The pass called `name`.
    pub fn parse(name: &str) -> Option<Pass> {
        Pass::ALL.into_iter().find(|p| p.name() == name)
    }

    fn bit(self) -> u32 {
        1 << (self as u32)
    }
}

/// The set of passes that are on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Passes(u32);

impl Default for Passes {
    /// Every pass on, as whosaid ships.
    fn default() -> Self {
        Passes(Pass::ALL.iter().map(|p| p.bit()).sum())
    }
}

impl Passes {
    /// The same set with `pass` off.
    pub fn without(self, pass: Pass) -> Self {
        Passes(self.0 & !pass.bit())
    }

    /// True when `pass` is on.
    pub fn has(self, pass: Pass) -> bool {
        self.0 & pass.bit() != 0
    }
}

/// How a document's speakers are resolved: the rules' passes that are on,
/// then (given one) the learned ranker's decision over every quotation's
/// candidates, left to right.
#[derive(Debug, Clone, Copy, Default)]
pub struct Resolver<'r> {
    /// The learned decision; `None` keeps the rules' choices.
    pub ranker: Option<&'r SpeakerRanker>,
    /// The rules' passes that are on.
    pub passes: Passes,
}

impl Resolver<'_> {
    /// Resolves the speakers of a document's draft. Quotations come back in
    /// the draft's order; speakers are the entities with at least one
    /// quotation, ordered by first mention, with `id` = their index.
    pub fn resolve(&self, text: &str, mut draft: DocumentDraft) -> Attribution {
        if draft.quotes.is_empty() {
            return Attribution::default();
        }
        let layout = self.sanitize(text, &mut draft);
        let (doc, decision, _) = self.decide(layout, &draft, false);
        doc.into_attribution(draft.quotes, decision)
    }

    /// The ranking problems of a document (for training a [`SpeakerRanker`]):
    /// each quotation's candidate speakers with their features, the earlier
    /// choices made by the ranker (by the rules when it is `None`). A
    /// ranker that reads twice ([`Reading::Twice`]) gives each quotation's
    /// problem twice, as each reading saw it.
    pub fn rank_items(&self, text: &str, draft: &DocumentDraft) -> Vec<RankItem> {
        if draft.quotes.is_empty() {
            return Vec::new();
        }
        let mut draft = draft.clone();
        let layout = self.sanitize(text, &mut draft);
        self.decide(layout, &draft, true).2
    }

    /// The rules' passes, then the decision: each utterance's speaker and,
    /// when `keep_items`, its ranking problem (the rules' choices stand in
    /// for a missing ranker).
    fn decide<'t>(
        &self,
        layout: Document<'t>,
        draft: &DocumentDraft,
        keep_items: bool,
    ) -> (Document<'t>, Decision, Vec<RankItem>) {
        let text = layout.text;
        let (doc, rules) = Document::resolved(layout, &draft.quotes, &draft.mentions);
        let utterance_of = if self.passes.has(Pass::Utterances) {
            let links = self.ranker.and_then(|r| r.utterance_links.as_ref());
            utterances::utterances(text, &draft.quotes, &doc.turns, links)
        } else {
            (0..draft.quotes.len()).collect()
        };
        let explicit: Vec<bool> = rules.iter().map(|r| r.explicit.is_some()).collect();
        let heads = utterances::heads(&utterance_of, &explicit);
        let spans: Vec<Span> = draft.quotes.iter().map(|q| q.span).collect();
        // Built once, heard by both readings.
        let words = voice::UtteranceWords::new(text, &spans, &utterance_of);
        let sequence = ranker::Sequence {
            quotes: &draft.quotes,
            rules: &rules,
            utterance_of: &utterance_of,
            heads: &heads,
            words: &words,
        };
        let read = |ranker: &SpeakerRanker, first: Option<&[Option<usize>]>| {
            doc.rank(sequence, ranker, first, keep_items)
        };
        let (speakers, items) = match self.ranker {
            Some(r) if r.reading == Reading::Twice => {
                // Training sees both readings' problems: the same weights score both.
                let (first, mut items) = read(r, None);
                let (second, more) = read(r, Some(&first));
                items.extend(more);
                (second, items)
            }
            Some(r) => read(r, None),
            None if keep_items => read(&SpeakerRanker::default(), None),
            None => (
                utterance_of
                    .iter()
                    .map(|&u| rules[heads[u]].speaker)
                    .collect(),
                Vec::new(),
            ),
        };
        let model = self.ranker.and_then(|r| r.addressee_model.as_ref());
        let addressees = doc.addressees(&draft.quotes, &speakers, &utterance_of, model);
        let mentions = draft
            .quotes
            .iter()
            .zip(&rules)
            .zip(&speakers)
            .map(|((q, r), &s)| doc.reported_mention(q.mention, r.explicit, s))
            .collect();
        let decision = Decision {
            speakers,
            mentions,
            utterances: utterance_of,
            addressees,
        };
        (doc, decision, items)
    }

    /// The candidate utterance links of a document (for training a
    /// [`links::LinkModel`]): for every two consecutive quotations that
    /// could be one utterance, the first one's index and the pair's features.
    pub fn link_candidates(
        &self,
        text: &str,
        draft: &DocumentDraft,
    ) -> Vec<(usize, links::LinkFeatures)> {
        let mut draft = draft.clone();
        let layout = self.sanitize(text, &mut draft);
        let (doc, _) = Document::resolved(layout, &draft.quotes, &draft.mentions);
        (1..draft.quotes.len())
            .filter_map(|i| {
                let pair = (&doc.turns[i - 1], &doc.turns[i]);
                links::LinkFeatures::of(text, &draft.quotes[i - 1], &draft.quotes[i], pair)
                    .map(|f| (i - 1, f))
            })
            .collect()
    }

    /// The candidate addressees of a document's utterances after its
    /// speakers are decided (for training an
    /// [`addressee_model::AddresseeModel`]): per utterance, its quotations
    /// and each candidate's reported name and features.
    pub fn addressee_candidates(
        &self,
        text: &str,
        draft: &DocumentDraft,
    ) -> Vec<addressee_model::UtteranceCandidates> {
        if draft.quotes.is_empty() {
            return Vec::new();
        }
        let mut draft = draft.clone();
        let layout = self.sanitize(text, &mut draft);
        let (doc, decision, _) = self.decide(layout, &draft, false);
        doc.addressee_candidates(&draft.quotes, &decision.speakers, &decision.utterances)
            .into_iter()
            .map(|(quotes, cands)| addressee_model::UtteranceCandidates {
                quotes,
                candidates: cands
                    .into_iter()
                    .map(|c| addressee_model::NamedCandidate {
                        name: names::squash_spaces(&doc.entities[c.choice.entity].name),
                        features: c.features,
                    })
                    .collect(),
            })
            .collect()
    }

    /// A quotation's speaker is never named by a word of the quotation
    /// itself: a linked mention inside its own quotation is dropped
    /// ([`Pass::NarrationNamesOnly`]). Then the document's layout and
    /// register are read, once; in news a linked mention outside the
    /// quotation's paragraph is dropped too ([`Pass::OwnParagraphMentions`]),
    /// which leaves the layout and the register as read. Returns the layout
    /// the document is built on ([`Document::resolved`]).
    fn sanitize<'t>(&self, text: &'t str, draft: &mut DocumentDraft) -> Document<'t> {
        if self.passes.has(Pass::NarrationNamesOnly) {
            for q in &mut draft.quotes {
                if q.mention.is_some_and(|m| m.overlap(&q.span) > 0) {
                    q.mention = None;
                }
            }
        }
        let layout = Document::layout(text, &draft.paragraphs, &draft.quotes, self.passes);
        if self.passes.has(Pass::OwnParagraphMentions)
            && layout.register.mentions_in_own_paragraph()
        {
            for (q, turn) in draft.quotes.iter_mut().zip(&layout.turns) {
                let outside = q.mention.is_some_and(|m| {
                    valid(text, m) && layout.paragraph_of(m.start) != turn.paragraph
                });
                if outside {
                    q.mention = None;
                }
            }
        }
        layout
    }
}

/// Resolves speakers for a whole document with the rules alone (see
/// [`Resolver`]). `mentions` are all speaker-mention spans the tagger found
/// (tied to quotes or not); `paragraphs` are paragraph spans in order (when
/// empty, paragraphs are taken from blank lines, or from line breaks when
/// there are none).
pub fn resolve(
    text: &str,
    paragraphs: &[Span],
    quotes: Vec<QuoteDraft>,
    mentions: &[Span],
) -> Attribution {
    resolve_with(text, paragraphs, quotes, mentions, None)
}

/// [`resolve`], then (given a ranker) the learned decision over every
/// quotation's candidate speakers; see [`Resolver`].
pub fn resolve_with(
    text: &str,
    paragraphs: &[Span],
    quotes: Vec<QuoteDraft>,
    mentions: &[Span],
    ranker: Option<&SpeakerRanker>,
) -> Attribution {
    let draft = DocumentDraft {
        paragraphs: paragraphs.to_vec(),
        quotes,
        mentions: mentions.to_vec(),
    };
    Resolver {
        ranker,
        passes: Passes::default(),
    }
    .resolve(text, draft)
}

/// The ranking problems of a document with every pass on; see
/// [`Resolver::rank_items`].
pub fn rank_items(
    text: &str,
    draft: &DocumentDraft,
    ranker: Option<&SpeakerRanker>,
) -> Vec<RankItem> {
    Resolver {
        ranker,
        passes: Passes::default(),
    }
    .rank_items(text, draft)
}

/// True when `span` is non-empty and lies on char boundaries of `text`.
fn valid(text: &str, span: Span) -> bool {
    span.start < span.end && text.get(span.start..span.end).is_some()
}

/// Paragraph spans from blank lines, or from single line breaks when the text has no blank line.
pub(crate) fn split_paragraphs(text: &str) -> Vec<Span> {
    let mut blocks = Vec::new();
    let mut start = 0;
    let mut blank_seen = false;
    let mut pos = 0;
    for line in text.split_inclusive('\n') {
        if line.trim().is_empty() {
            if start < pos {
                blocks.push(Span::new(start, pos));
            }
            start = pos + line.len();
            blank_seen = true;
        }
        pos += line.len();
    }
    if start < text.len() {
        blocks.push(Span::new(start, text.len()));
    }
    if !blank_seen && text.contains('\n') {
        blocks.clear();
        let mut pos = 0;
        for line in text.split_inclusive('\n') {
            if !line.trim().is_empty() {
                blocks.push(Span::new(pos, pos + line.len()));
            }
            pos += line.len();
        }
    }
    blocks
        .into_iter()
        .map(|s| {
            let t = s.text(text);
            let lead = t.len() - t.trim_start().len();
            let trail = t.len() - t.trim_end().len();
            Span::new(s.start + lead, s.end - trail)
        })
        .filter(|s| s.start < s.end)
        .collect()
}

/// True when a paragraph reads as a heading: "CHAPTER SEVEN", "THE OLD
/// MILL" (every letter a capital, at least two), or "Chapter 4" / "Chapter
/// IV" alone on its line.
pub(crate) fn is_heading(paragraph: &str) -> bool {
    let t = paragraph.trim();
    let letters = t.chars().filter(|c| c.is_alphabetic()).count();
    if letters >= 2 && !t.chars().any(char::is_lowercase) {
        return true;
    }
    let mut words = t.split_whitespace();
    let first = words.next().unwrap_or("").to_lowercase();
    let numeral = |w: &str| {
        let w = w.trim_end_matches(['.', ':']);
        !w.is_empty()
            && (w.chars().all(|c| c.is_ascii_digit())
                || w.chars().all(|c| "IVXLCivxlc".contains(c)))
    };
    matches!(first.as_str(), "chapter" | "book" | "part")
        && words.next().is_some_and(numeral)
        && t.split_whitespace().count() <= 8
        && !t.ends_with(['.', '!', '?', ','])
        || first.trim_end_matches('.') == "chapter" && t.split_whitespace().count() == 1
}

/// True when a paragraph is a book's front or back matter rather than its
/// story: a byline or title-page field ("by Jane Austen", "_BY A. A.
/// MILNE_", "Author: Charles Dickens", "Title: Hard Times") of at most
/// [`TITLE_MATTER_WORDS`] words and no sentence end, or Project
/// Gutenberg's header and licence.
/// The people it names (the author, the publisher) are not characters.
pub(crate) fn is_title_matter(paragraph: &str) -> bool {
    let t = paragraph.trim().trim_matches(['_', '*']);
    let first = t.split_whitespace().next().unwrap_or("").to_lowercase();
    let field = matches!(first.as_str(), "by" | "author:" | "title:");
    field
        && t.split_whitespace().count() <= TITLE_MATTER_WORDS
        && !t.ends_with(['.', '!', '?', ','])
        || t.to_lowercase().contains("project gutenberg")
}

/// The most words of a byline or title-page field (see [`is_title_matter`]).
pub(crate) const TITLE_MATTER_WORDS: usize = 8;

/// Regions between quotation marks (“…” and "…"), per paragraph.
fn quote_mark_regions(text: &str, paragraphs: &[Span]) -> Vec<Span> {
    let mut regions = Vec::new();
    for p in paragraphs {
        let mut open_curly: Option<usize> = None;
        let mut open_straight: Option<usize> = None;
        for (i, c) in p.text(text).char_indices() {
            let at = p.start + i;
            match c {
                '“' | '«' => open_curly = Some(at + c.len_utf8()),
                '”' | '»' => {
                    if let Some(s) = open_curly.take() {
                        regions.push(Span::new(s, at));
                    }
                }
                '"' => match open_straight.take() {
                    Some(s) => regions.push(Span::new(s, at)),
                    None => open_straight = Some(at + 1),
                },
                _ => {}
            }
        }
        // An unclosed quotation runs to the end of the paragraph.
        for s in [open_curly, open_straight].into_iter().flatten() {
            regions.push(Span::new(s, p.end));
        }
    }
    regions
}

/// Sorts and merges overlapping or touching spans into disjoint regions.
fn merge_regions(mut spans: Vec<Span>) -> Vec<Span> {
    spans.sort();
    let mut out: Vec<Span> = Vec::with_capacity(spans.len());
    for s in spans {
        match out.last_mut() {
            Some(last) if s.start <= last.end => last.end = last.end.max(s.end),
            _ => out.push(s),
        }
    }
    out
}

/// True when `span` lies inside one of the disjoint sorted `regions`.
fn region_contains(regions: &[Span], span: Span) -> bool {
    let i = regions.partition_point(|r| r.start <= span.start);
    i > 0 && regions[i - 1].contains(&span)
}

/// The spans of sorted `spans` that overlap `span` (mentions are short, so
/// only those starting at most 200 bytes before it are checked).
fn overlapping(spans: &[Span], span: Span) -> impl Iterator<Item = &Span> {
    let from = spans.partition_point(|s| s.start + 200 < span.start);
    let to = spans.partition_point(|s| s.start < span.end).max(from);
    spans[from..to].iter().filter(move |s| s.overlap(&span) > 0)
}

struct Document<'t> {
    text: &'t str,
    paragraphs: Vec<Span>,
    tokens: Vec<Token>,
    names: Vec<NameMention>,
    name_entity: Vec<usize>,
    entities: Vec<Entity>,
    quote_regions: Vec<Span>,
    /// Valid quotation spans, merged and sorted.
    quote_spans: Vec<Span>,
    tagger: Vec<Span>,
    /// Each quotation's place in its paragraph (speakers filled by [`Document::run`]).
    turns: Vec<Turn>,
    /// News or fiction, read once off the quotations.
    register: Register,
    /// The rules' passes that are on.
    passes: Passes,
    spoken: HashSet<usize>,
    /// Described persons offered to the ranker only (see
    /// [`Pass::DescribedCandidates`]): no antecedent for the rules until
    /// the rules resolve a mention to them themselves.
    offered: HashSet<usize>,
    last_speaker: Option<usize>,
    /// Entities whose canonical name is settled (not renamed by usage).
    named: HashSet<usize>,
}

impl<'t> Document<'t> {
    /// The document's layout alone: paragraphs, quotation regions, each
    /// quotation's turn and the register read off them (no names, tokens or
    /// tagger mentions yet).
    fn layout(text: &'t str, paragraphs: &[Span], quotes: &[QuoteDraft], passes: Passes) -> Self {
        let mut paras: Vec<Span> = paragraphs
            .iter()
            .copied()
            .filter(|&s| valid(text, s))
            .collect();
        paras.sort();
        if paras.is_empty() {
            paras = split_paragraphs(text);
        }
        let quote_spans = merge_regions(
            quotes
                .iter()
                .map(|q| q.span)
                .filter(|&s| valid(text, s))
                .collect(),
        );
        let mut quote_regions: Vec<Span> = quotes
            .iter()
            .map(|q| q.span)
            .filter(|&s| valid(text, s))
            .collect();
        quote_regions.extend(quote_mark_regions(text, &paras));
        let quote_regions = merge_regions(quote_regions);
        let mut doc = Document {
            text,
            paragraphs: paras,
            tokens: Vec::new(),
            names: Vec::new(),
            name_entity: Vec::new(),
            entities: Vec::new(),
            quote_regions,
            quote_spans,
            tagger: Vec::new(),
            turns: Vec::new(),
            register: Register::News,
            passes,
            spoken: HashSet::new(),
            offered: HashSet::new(),
            named: HashSet::new(),
            last_speaker: None,
        };
        // The register is read off the quotations' layout, before any name
        // is clustered: its policy decides how names cluster.
        doc.turns = quotes.iter().map(|q| doc.turn_of(q.span)).collect();
        let has_mention: Vec<bool> = quotes.iter().map(|q| q.mention.is_some()).collect();
        doc.register = Register::detect(&doc.turns, &has_mention);
        doc
    }

    /// The document with its names and entities, built on its `layout`
    /// (as [`Resolver::sanitize`] read it, before any link was dropped).
    fn new(layout: Document<'t>, quotes: &[QuoteDraft], mentions: &[Span]) -> Self {
        let mut doc = layout;
        let (text, passes) = (doc.text, doc.passes);
        let mut tagger: Vec<Span> = mentions
            .iter()
            .copied()
            .chain(quotes.iter().filter_map(|q| q.mention))
            .filter(|&s| valid(text, s))
            .collect();
        tagger.sort();
        tagger.dedup();
        doc.tagger = tagger;
        doc.tokens = names::tokenize(text);
        doc.names = names::find_names(text, &doc.tokens);
        if passes.has(Pass::HeadingsHoldNoNames) {
            let headings: Vec<Span> = doc
                .paragraphs
                .iter()
                .copied()
                .filter(|p| is_heading(p.text(text)) || is_title_matter(p.text(text)))
                .collect();
            doc.names
                .retain(|n| !headings.iter().any(|h| h.contains(&n.span)));
        }
        let in_quote: Vec<bool> = doc.names.iter().map(|n| doc.in_quote(n.span)).collect();
        let subject: Vec<bool> = doc
            .names
            .iter()
            .map(|n| {
                overlapping(&doc.tagger, n.span).any(|m| m.start >= n.span.start.saturating_sub(40))
                    || antecedents::is_speech_subject(text, &doc.tokens, n.span)
            })
            .collect();
        let (mut entities, name_entity) =
            entities::cluster(text, &doc.names, &in_quote, &subject, doc.register, passes);
        for e in &mut entities {
            e.mentions.sort_by_key(|x| x.span);
        }
        for (i, n) in doc.names.iter().enumerate() {
            if !in_quote[i] {
                if let Some(e) = entities.get_mut(name_entity[i]) {
                    e.roles.extend(antecedents::apposition_roles(text, n.span));
                }
            }
        }
        doc.entities = entities;
        doc.name_entity = name_entity;
        doc.pronoun_gender_evidence(&in_quote, &subject);
        if passes.has(Pass::SentencePronouns) {
            doc.sentence_gender_evidence(&in_quote);
        }
        doc
    }

    /// The rules' pass over a document: entities, each quotation's outcome,
    /// the narrator named, then the register's policies (fiction's names by
    /// usage, news headlines).
    fn resolved(
        layout: Document<'t>,
        quotes: &[QuoteDraft],
        mentions: &[Span],
    ) -> (Self, Vec<RuleOutcome>) {
        let passes = layout.passes;
        let mut doc = Document::new(layout, quotes, mentions);
        let mut rules = doc.run(quotes, mentions);
        if passes.has(Pass::NarratorNaming) {
            doc.name_narrator(quotes, &mut rules);
        }
        if doc.register.names_by_usage() && passes.has(Pass::NamingByUsage) {
            doc.name_by_usage();
        }
        if doc.register.has_headline() && passes.has(Pass::HeadlineLead) {
            doc.headline_leads(quotes, &mut rules);
        }
        (doc, rules)
    }

    /// News: a quotation in the headline with no speaker mention of its own
    /// ("Oil prices 'hit world economy'") sums up the lead, so the rules give
    /// it the rules' speaker of the first quotation after the headline, and
    /// record that speaker as its headline lead (a ranker feature).
    fn headline_leads(&self, quotes: &[QuoteDraft], rules: &mut [RuleOutcome]) {
        let in_headline = self.in_headline(quotes);
        let Some(lead) = in_headline.iter().position(|&h| !h) else {
            return;
        };
        let lead_speaker = rules[lead].speaker;
        for (r, q) in rules[..lead].iter_mut().zip(quotes) {
            if q.mention.is_none() {
                r.speaker = lead_speaker;
                r.headline_lead = lead_speaker;
            }
        }
    }

    /// "Lavrov said ... he said": a subject pronoun after a named speech
    /// subject (before any other) votes for that entity's gender.
    fn pronoun_gender_evidence(&mut self, in_quote: &[bool], subject: &[bool]) {
        let mut events: Vec<(usize, Option<usize>, Gender)> = Vec::new();
        for (i, n) in self.names.iter().enumerate() {
            if subject[i] && !in_quote[i] {
                events.push((n.span.start, Some(self.name_entity[i]), Gender::Unknown));
            }
        }
        for t in &self.tokens {
            let g = match antecedents::pronoun(t.text(self.text)) {
                Some(Pronoun::Male) => Gender::Male,
                Some(Pronoun::Female) => Gender::Female,
                _ => continue,
            };
            let is_subject = overlapping(&self.tagger, t.span).any(|m| m.contains(&t.span))
                || antecedents::is_speech_subject(self.text, &self.tokens, t.span);
            if is_subject && !self.in_quote(t.span) {
                events.push((t.span.start, None, g));
            }
        }
        events.sort_by_key(|e| e.0);
        let mut last: Option<(usize, usize)> = None;
        for (pos, entity, g) in events {
            match entity {
                Some(e) => last = Some((pos, e)),
                None => {
                    if let Some((p, e)) = last {
                        if pos - p < 600 {
                            self.pronoun_vote(e, g);
                        }
                    }
                    last = None;
                }
            }
        }
    }

    /// "Newland took his hat": in a sentence of narration, the first
    /// third-person singular pronoun votes for the gender of the one name
    /// before it, when there is exactly one and the pronoun is not an
    /// object form (`in_quote` per name). A sentence ends at ".", "!", "?",
    /// a paragraph break or a quotation.
    fn sentence_gender_evidence(&mut self, in_quote: &[bool]) {
        let mut votes: Vec<(usize, Gender)> = Vec::new();
        let mut seen: Vec<usize> = Vec::new();
        let mut done = false;
        let mut last_end: Option<usize> = None;
        let mut last_para = None;
        let mut next_name = 0;
        for t in &self.tokens {
            if self.in_quote(t.span) {
                // A quotation ends the narration's sentence.
                if last_end.is_some() {
                    seen.clear();
                    done = false;
                    last_end = None;
                }
                continue;
            }
            let gap = last_end.and_then(|e| self.text.get(e..t.span.start));
            let para = self.paragraph_near(t.span.start);
            if gap.is_none_or(|g| g.contains(['.', '!', '?'])) || para != last_para {
                seen.clear();
                done = false;
            }
            last_end = Some(t.span.end);
            last_para = para;
            while self
                .names
                .get(next_name)
                .is_some_and(|n| n.span.end <= t.span.start)
            {
                next_name += 1;
            }
            if let Some(n) = self.names.get(next_name) {
                if n.span.start <= t.span.start {
                    // A word of a name: the name counts once, at its first word.
                    if n.span.start == t.span.start && !in_quote[next_name] {
                        let e = self.name_entity[next_name];
                        if !seen.contains(&e) {
                            seen.push(e);
                        }
                    }
                    continue;
                }
            }
            if done {
                continue;
            }
            let word = t.text(self.text);
            let g = match antecedents::pronoun(word) {
                Some(Pronoun::Male) => Gender::Male,
                Some(Pronoun::Female) => Gender::Female,
                _ => continue,
            };
            done = true;
            // "him" and "her" are mostly someone else: "Darcy looked at her".
            if lexicon().contains(WordList::ObjectPronouns, &word.to_lowercase()) {
                continue;
            }
            if let [e] = seen[..] {
                votes.push((e, g));
            }
        }
        for (e, g) in votes {
            self.pronoun_vote(e, g);
        }
    }

    /// A pronoun's vote for entity `e`'s gender (none for an organisation).
    fn pronoun_vote(&mut self, e: usize, g: Gender) {
        if let Some(ent) = self.entities.get_mut(e) {
            if ent.animacy != Animacy::Organisation {
                ent.vote(g, entities::GenderEvidence::Pronoun);
            }
        }
    }

    fn in_quote(&self, span: Span) -> bool {
        region_contains(&self.quote_regions, span)
    }

    fn paragraph_of(&self, pos: usize) -> Option<usize> {
        let i = self.paragraphs.partition_point(|p| p.start <= pos);
        (i > 0 && pos < self.paragraphs[i - 1].end).then(|| i - 1)
    }

    /// Paragraph index for distances: the containing or nearest preceding one.
    fn paragraph_near(&self, pos: usize) -> Option<usize> {
        self.paragraphs
            .partition_point(|p| p.start <= pos)
            .checked_sub(1)
    }

    /// Runs resolution over all quotations and untied mentions in text order:
    /// per quotation the rules' outcome.
    fn run(&mut self, quotes: &[QuoteDraft], mentions: &[Span]) -> Vec<RuleOutcome> {
        let mut quote_mentions: Vec<Span> = quotes.iter().filter_map(|q| q.mention).collect();
        quote_mentions.sort();
        // Events: (position, Ok(quote index) | Err(untied mention)).
        let mut events: Vec<(usize, Result<usize, Span>)> = quotes
            .iter()
            .enumerate()
            .map(|(i, q)| (q.span.start, Ok(i)))
            .collect();
        for &m in mentions {
            if valid(self.text, m) && overlapping(&quote_mentions, m).next().is_none() {
                events.push((m.start, Err(m)));
            }
        }
        events.sort_by_key(|e| (e.0, e.1.is_ok()));
        let mut outcomes = vec![RuleOutcome::default(); quotes.len()];
        let mut turns_so_far: Vec<Turn> = Vec::new();
        for (_, ev) in events {
            match ev {
                Err(m) => {
                    let class = antecedents::classify(self.text, m, &self.names);
                    if matches!(class, MentionClass::Pronoun(_) | MentionClass::Definite(_)) {
                        self.resolve_mention(m, class, false);
                    }
                }
                Ok(qi) => {
                    let q = &quotes[qi];
                    let resolved = q
                        .mention
                        .filter(|&m| valid(self.text, m))
                        .map(|m| self.resolve_quote_mention(m))
                        .unwrap_or_default();
                    let explicit = resolved.entity;
                    let mut turn = self.turns[qi];
                    turn.speaker = explicit
                        .or_else(|| turns::implicit_speaker(&turns_so_far, &turn, self.register));
                    turns_so_far.push(turn);
                    outcomes[qi] = RuleOutcome {
                        speaker: turn.speaker,
                        explicit,
                        described: resolved.described,
                        headline_lead: None,
                    };
                    if let Some(s) = turn.speaker {
                        self.spoken.insert(s);
                    }
                    self.last_speaker = turn.speaker;
                }
            }
        }
        outcomes
    }

    /// A first-person narrator ("I said") is a character: the one the other
    /// speakers address by name ("Hello, Jake.") and the narration, told by
    /// them, hardly ever names (see
    /// [`NARRATOR_VOCATIVES_PER_NARRATION_NAME`]). When one such person,
    /// known by a person's name (a title, a known first name, or a first
    /// name and a surname: not "Hallo"), is clearly the
    /// most addressed in the quotations that are not the narrator's (at least
    /// [`NARRATOR_MIN_VOCATIVES`] times and twice as often as anyone else),
    /// the narrator's quotations and mentions go to them. A
    /// narrator known by a first name who is also addressed by a titled
    /// surname never named as a speaker ("Monsieur Barnes") is named by both
    /// ("Jake Barnes").
    fn name_narrator(&mut self, quotes: &[QuoteDraft], rules: &mut [RuleOutcome]) {
        let turns = self.turns.clone();
        let Some(narrator) = self
            .entities
            .iter()
            .position(|e| e.kind == EntityKind::Narrator)
        else {
            return;
        };
        let mut votes = vec![0usize; self.entities.len()];
        for (qi, q) in quotes.iter().enumerate() {
            if turns[qi].paragraph.is_none() || rules[qi].speaker == Some(narrator) {
                continue;
            }
            for e in self.vocatives(q.span) {
                votes[e] += 1;
            }
        }
        for (v, ent) in votes.iter_mut().zip(&self.entities) {
            let in_narration = ent.mentions.iter().filter(|m| !m.in_quote).count();
            let gv = &ent.gender_votes;
            let personal_name =
                gv.title != (0, 0) || gv.first_name != (0, 0) || ent.first != ent.last;
            if ent.kind != EntityKind::Named
                || ent.animacy == Animacy::Organisation
                || !personal_name
                || in_narration * NARRATOR_VOCATIVES_PER_NARRATION_NAME > *v
            {
                *v = 0;
            }
        }
        let mut ranked: Vec<(usize, usize)> = votes
            .iter()
            .copied()
            .enumerate()
            .map(|(e, v)| (v, e))
            .collect();
        ranked.sort_unstable_by(|a, b| b.cmp(a));
        let Some(&(top, who)) = ranked.first() else {
            return;
        };
        if top < NARRATOR_MIN_VOCATIVES || who == narrator {
            return;
        }
        // Addressed by first name by some ("Jake") and by surname by others
        // ("Monsieur Barnes"): a named entity never named as a speaker, addressed
        // next to the narrator's lines at least twice, is the narrator too.
        let speaks: HashSet<usize> = rules.iter().filter_map(|r| r.explicit).collect();
        let w = &self.entities[who];
        let first_name = w.first == w.last && names::first_name_gender(&w.first) != Gender::Unknown;
        let surname = ranked
            .iter()
            .skip(1)
            .filter(|&&(v, e)| {
                let ent = &self.entities[e];
                first_name
                    && v >= 2
                    && e != narrator
                    && ent.kind == EntityKind::Named
                    && ent.animacy != Animacy::Organisation
                    && !ent.titles.is_empty()
                    && !speaks.contains(&e)
                    && ent.last != w.last
                    && gender_compatible(ent.gender(), w.gender())
            })
            .map(|&(_, e)| e)
            .next();
        // Anyone else addressed half as often makes the choice unclear.
        let second = ranked
            .iter()
            .skip(1)
            .filter(|&&(_, e)| Some(e) != surname)
            .map(|r| r.0)
            .next()
            .unwrap_or(0);
        if top < 2 * second {
            return;
        }
        for r in rules.iter_mut() {
            for s in [&mut r.speaker, &mut r.explicit] {
                if *s == Some(narrator) || surname.is_some() && *s == surname {
                    *s = Some(who);
                }
            }
        }
        let mut moved = std::mem::take(&mut self.entities[narrator].mentions);
        if let Some(sur) = surname {
            moved.append(&mut self.entities[sur].mentions);
            for e in &mut self.name_entity {
                if *e == sur {
                    *e = who;
                }
            }
            let last = self.entities[sur]
                .name
                .split_whitespace()
                .last()
                .unwrap_or_default()
                .to_string();
            let first = self.entities[who].name.trim().to_string();
            self.entities[who].name = format!("{first} {last}");
            self.entities[who].last = last.to_lowercase();
            self.named.insert(who);
        }
        let target = &mut self.entities[who];
        target.mentions.extend(moved);
        target.mentions.sort_by_key(|m| m.span);
        if target.animacy == Animacy::Unknown {
            target.animacy = Animacy::Person;
        }
    }

    /// Fiction names its characters the way the narration does: a full or
    /// titled name written at least [`FULL_NAME_MIN_USES`] times stays canonical;
    /// otherwise the most frequent name form as written ("Margaret" rather
    /// than a once-seen "Margaret Schlegel"; ties go to the fuller form). An
    /// untitled name the narration mostly writes with "the" keeps its article
    /// ("The Hatter", "The Mock Turtle"). News keeps the fullest name ("Sergey
    /// Lavrov").
    fn name_by_usage(&mut self) {
        #[derive(Default, Clone)]
        struct Usage {
            forms: std::collections::HashMap<String, (usize, usize)>,
            with_the: usize,
            total: usize,
        }
        let mut usage: Vec<Usage> = vec![Usage::default(); self.entities.len()];
        for (n, &e) in self.names.iter().zip(&self.name_entity) {
            let Some(u) = usage.get_mut(e) else {
                continue;
            };
            let form = names::squash_spaces(n.full_surface(self.text));
            let entry = u.forms.entry(form).or_insert((0, n.fullness()));
            entry.0 += 1;
            u.total += 1;
            let before = self.text.get(..n.span.start).unwrap_or("").trim_end();
            let article = before
                .rsplit(|c: char| !c.is_alphabetic())
                .next()
                .unwrap_or("");
            if n.title.is_none() && matches!(article, "the" | "The") {
                u.with_the += 1;
            }
        }
        for (i, (e, u)) in self.entities.iter_mut().zip(usage).enumerate() {
            if e.kind != EntityKind::Named || u.total == 0 || self.named.contains(&i) {
                continue;
            }
            let canonical = names::squash_spaces(&e.name);
            // A full or titled name in steady use ("Monsieur Poirot") stays;
            // a title on a first name ("Miss Lucy") is a familiar address,
            // and a titled name the narration seldom writes ("Mr. Hamidullah"
            // three times, "Hamidullah" eighty) yields to the usual form.
            if let Some(&(used, _)) = u.forms.get(&canonical) {
                let words: Vec<&str> = canonical.split(' ').collect();
                let titled = names::title_class(words[0]).is_some();
                let familiar = words.len() == 2
                    && titled
                    && names::first_name_gender(words[1]) != Gender::Unknown;
                let most = u.forms.values().map(|&(n, _)| n).max().unwrap_or(0);
                let seldom = titled && used * TITLED_NAME_MIN_SHARE < most;
                if used >= FULL_NAME_MIN_USES && words.len() >= 2 && !familiar && !seldom {
                    // "the Mock Turtle", "the Artful Dodger": with its article.
                    if u.with_the * 2 > u.total
                        && words[0] != "The"
                        && names::title_class(words[0]).is_none()
                    {
                        e.name = format!("The {canonical}");
                    }
                    continue;
                }
            }
            let best = u
                .forms
                .into_iter()
                .filter(|(form, _)| form.chars().any(char::is_lowercase))
                .max_by(|a, b| {
                    (a.1)
                        .0
                        .cmp(&(b.1).0)
                        .then((a.1).1.cmp(&(b.1).1))
                        .then(b.0.cmp(&a.0))
                });
            if let Some((form, _)) = best {
                e.name = if u.with_the * 2 > u.total {
                    format!("The {form}")
                } else {
                    form
                };
            }
        }
    }

    /// Entities addressed by name in `quote`: a person's name at the start of
    /// the quotation or after a comma, followed by punctuation ("Jake, come
    /// here." / "Good night, Mr. Barnes!").
    fn vocatives(&self, quote: Span) -> Vec<usize> {
        self.vocative_mentions(quote)
            .into_iter()
            .map(|(e, _)| e)
            .collect()
    }

    /// [`vocatives`](Self::vocatives) with the span of each name.
    fn vocative_mentions(&self, quote: Span) -> Vec<(usize, Span)> {
        let from = self.names.partition_point(|n| n.span.start < quote.start);
        let mut out = Vec::new();
        for (i, n) in self.names[from..].iter().enumerate() {
            if n.span.start >= quote.end {
                break;
            }
            if n.span.end > quote.end || n.org {
                continue;
            }
            let (Some(before), Some(after)) = (
                self.text.get(quote.start..n.span.start),
                self.text.get(n.span.end..quote.end),
            ) else {
                continue;
            };
            let (before, after) = (before.trim_end(), after.trim_start());
            let opens = before.is_empty() || before.ends_with(',');
            let closes = after.is_empty() || after.starts_with([',', '.', '!', '?', ';']);
            if opens && closes {
                if let Some(&e) = self.name_entity.get(from + i) {
                    out.push((e, n.span));
                }
            }
        }
        out
    }

    fn turn_of(&self, span: Span) -> Turn {
        let Some(p) = self.paragraph_of(span.start) else {
            return Turn::default();
        };
        let para = self.paragraphs[p];
        let no_words = |a: usize, b: usize| {
            self.text
                .get(a.min(b)..b)
                .is_none_or(|s| !s.chars().any(char::is_alphanumeric))
        };
        let from = self.quote_spans.partition_point(|s| s.end <= para.start);
        let to = self
            .quote_spans
            .partition_point(|s| s.start < para.end)
            .max(from);
        let covered = &self.quote_spans[from..to];
        let quote_only = self.text.get(para.start..para.end).is_some_and(|t| {
            t.char_indices().all(|(i, c)| {
                let at = para.start + i;
                !c.is_alphanumeric() || covered.iter().any(|s| s.start <= at && at < s.end)
            })
        });
        Turn {
            paragraph: Some(p),
            starts_paragraph: no_words(para.start, span.start),
            ends_paragraph: no_words(span.end.min(para.end), para.end),
            quote_only_paragraph: quote_only,
            speaker: None,
        }
    }

    /// Resolves a quotation's own speaker mention (see [`resolve_mention`](Self::resolve_mention)).
    /// A definite description that names no role of the entity it resolves
    /// to (taken for the most salient person: "the croupier" for whoever
    /// was named last) also gets the described person of its own ("the
    /// croupier"), a candidate for the ranker to weigh against it.
    fn resolve_quote_mention(&mut self, m: Span) -> ResolvedMention {
        let class = antecedents::classify(self.text, m, &self.names);
        let description = match &class {
            MentionClass::Definite(d) if self.passes.has(Pass::DescribedCandidates) => {
                Some(d.clone())
            }
            _ => None,
        };
        let entity = self.resolve_mention(m, class, true);
        let described = description.and_then(|d| self.described_alternative(m, &d, entity));
        ResolvedMention { entity, described }
    }

    /// The described person of its own for the description at `m`, when
    /// the rules resolved it to `entity` by salience alone (no role word of
    /// `entity` in it). Offered to the ranker only: never an antecedent for
    /// the rules, so their reading of the text does not change.
    fn described_alternative(
        &mut self,
        m: Span,
        d: &antecedents::Description,
        entity: Option<usize>,
    ) -> Option<usize> {
        let by_role = entity.is_some_and(|e| {
            self.entities[e].kind == EntityKind::Description
                || antecedents::role_overlap(&d.words, &self.entities[e].roles) > 0
        });
        if by_role || d.org {
            return None;
        }
        let known = self.entities.len();
        let described = self.own(
            &Self::described_name(self.text, m),
            EntityKind::Description,
            false,
        );
        if described >= known {
            self.offered.insert(described);
        }
        self.record_mention(described, m);
        Some(described)
    }

    /// The name of a person known by the description at `m`: its words
    /// without surrounding punctuation.
    fn described_name(text: &str, m: Span) -> String {
        m.text(text)
            .trim_matches(|c: char| !c.is_alphanumeric())
            .to_string()
    }

    /// Records `m` as a mention of entity `e` (once).
    fn record_mention(&mut self, e: usize, m: Span) {
        let in_quote = self.in_quote(m);
        if let Some(ent) = self.entities.get_mut(e) {
            let at = ent.mentions.partition_point(|x| x.span < m);
            if ent.mentions.get(at).is_none_or(|x| x.span != m) {
                ent.mentions.insert(
                    at,
                    EntityMention {
                        span: m,
                        in_quote,
                        subject: true,
                    },
                );
            }
        }
    }

    /// Resolves one speaker mention (classified as `class`) to an entity,
    /// creating described or narrator entities as needed, and records the
    /// mention.
    fn resolve_mention(&mut self, m: Span, class: MentionClass, for_quote: bool) -> Option<usize> {
        let id = match class {
            MentionClass::Named(i) => {
                let e = *self.name_entity.get(i)?;
                if let Some(ent) = self.entities.get_mut(e) {
                    for em in ent
                        .mentions
                        .iter_mut()
                        .filter(|em| em.span == self.names[i].span)
                    {
                        em.subject = true;
                    }
                }
                return Some(e);
            }
            MentionClass::Pronoun(Pronoun::FirstSingular) => {
                Some(self.own("I", EntityKind::Narrator, false))
            }
            MentionClass::Pronoun(Pronoun::FirstPlural) => {
                Some(self.own("we", EntityKind::Description, true))
            }
            MentionClass::Pronoun(Pronoun::Second) => None,
            MentionClass::Pronoun(p) => self.resolve_pronoun(m, p),
            MentionClass::Definite(d) => match self.resolve_definite(m, &d) {
                Some(e) => Some(e),
                None if for_quote => Some(self.own(
                    &Self::described_name(self.text, m),
                    EntityKind::Description,
                    false,
                )),
                None => None,
            },
            MentionClass::Own(name) => {
                if !for_quote {
                    return None;
                }
                let first = name.split_whitespace().next().unwrap_or("").to_lowercase();
                let plural = !lexicon().contains(WordList::SingularDeterminers, &first);
                Some(self.own(&name, EntityKind::Description, plural))
            }
            MentionClass::Empty => None,
        };
        if let Some(e) = id {
            self.offered.remove(&e);
            self.record_mention(e, m);
        }
        id
    }

    /// Finds or creates the described (or narrator) entity called `name`.
    fn own(&mut self, name: &str, kind: EntityKind, plural: bool) -> usize {
        let key = name.to_lowercase();
        if let Some(i) = self
            .entities
            .iter()
            .position(|e| e.kind == kind && e.name.to_lowercase() == key)
        {
            return i;
        }
        let mut e = Entity::new(name.to_string(), kind);
        e.plural = plural;
        e.animacy = if plural {
            Animacy::Unknown
        } else {
            Animacy::Person
        };
        let words: Vec<String> = name
            .split_whitespace()
            .map(|w| {
                names::strip_possessive(w.trim_matches(|c: char| !c.is_alphanumeric() && c != '\''))
                    .to_lowercase()
            })
            .filter(|w| !w.is_empty() && !names::is_stop_word(w))
            .collect();
        for w in words {
            if lexicon().contains(WordList::SpokespersonNouns, &w) {
                let all = lexicon().words(WordList::SpokespersonNouns);
                e.roles.extend(all.map(String::from));
            }
            e.roles.insert(w);
        }
        self.entities.push(e);
        self.entities.len() - 1
    }

    /// Candidate antecedents of a mention at `m`: every entity mentioned before it.
    fn candidates(&self, m: Span) -> Vec<Candidate> {
        let para = self.paragraph_near(m.start);
        let mut out = Vec::new();
        for (i, e) in self.entities.iter().enumerate() {
            if e.kind == EntityKind::Narrator || self.offered.contains(&i) {
                continue;
            }
            // Mentions are kept sorted: look back from the anaphor.
            let k = e.mentions.partition_point(|x| x.span.start < m.start);
            let before = e.mentions[..k]
                .iter()
                .rev()
                .filter(|x| x.span.overlap(&m) == 0);
            let last_any = before.clone().next();
            let last_out = before.take(64).find(|x| !x.in_quote);
            let Some(last) = last_out.or(last_any) else {
                continue;
            };
            let para_distance = match (para, self.paragraph_near(last.span.start)) {
                (Some(a), Some(b)) if a >= b => Some(a - b),
                _ => None,
            };
            let has_spoken = self.spoken.contains(&i);
            out.push(Candidate {
                entity: i,
                last_pos: last.span.start,
                para_distance,
                only_in_quote: last_out.is_none(),
                subject: last.subject,
                spoke_last: self.last_speaker == Some(i),
                has_spoken,
                person: e.animacy == Animacy::Person || has_spoken,
                role_match: 0,
                bonus: 0.0,
            });
        }
        out
    }

    fn resolve_pronoun(&self, m: Span, p: Pronoun) -> Option<usize> {
        let mut cands = self.candidates(m);
        cands.retain_mut(|c| {
            let e = &self.entities[c.entity];
            match p {
                Pronoun::Male | Pronoun::Female => {
                    let g = if p == Pronoun::Male {
                        Gender::Male
                    } else {
                        Gender::Female
                    };
                    if e.plural
                        || e.animacy == Animacy::Organisation
                        || !gender_compatible(e.gender(), g)
                    {
                        return false;
                    }
                    if e.gender() == g {
                        c.bonus += 1.0;
                    }
                    if e.animacy == Animacy::Unknown && !c.has_spoken && !c.subject {
                        if c.only_in_quote {
                            return false;
                        }
                        c.bonus -= 1.5;
                    }
                    true
                }
                Pronoun::Neuter => {
                    if e.animacy == Animacy::Person || e.plural {
                        return false;
                    }
                    if e.animacy == Animacy::Organisation {
                        c.bonus += 1.5;
                    }
                    true
                }
                _ => {
                    if e.plural {
                        c.bonus += 2.0;
                    } else if e.animacy == Animacy::Organisation {
                        c.bonus += 1.5;
                    } else {
                        c.bonus -= 1.0;
                    }
                    true
                }
            }
        });
        antecedents::choose(&cands, m.start)
    }

    fn resolve_definite(&self, m: Span, d: &antecedents::Description) -> Option<usize> {
        let mut cands = self.candidates(m);
        cands.retain_mut(|c| {
            let e = &self.entities[c.entity];
            if d.possessors
                .iter()
                .any(|p| *p == e.last || *p == e.first || *p == e.name.to_lowercase())
            {
                return false;
            }
            if !gender_compatible(e.gender(), d.gender) || e.plural {
                return false;
            }
            c.role_match = antecedents::role_overlap(&d.words, &e.roles);
            if d.org {
                let name_words: Vec<String> =
                    e.name.split_whitespace().map(str::to_lowercase).collect();
                c.role_match += antecedents::role_overlap(&d.words, &name_words);
                return e.kind == EntityKind::Description && c.role_match > 0
                    || e.kind == EntityKind::Named && e.animacy != Animacy::Person;
            }
            match e.kind {
                EntityKind::Description => c.role_match > 0,
                EntityKind::Named => {
                    e.animacy == Animacy::Person
                        || e.animacy == Animacy::Unknown
                            && (c.has_spoken || c.subject || c.role_match > 0)
                }
                EntityKind::Narrator => false,
            }
        });
        if cands.iter().any(|c| c.role_match > 0) {
            cands.retain(|c| c.role_match > 0);
        } else if !d.org && d.possessors.iter().any(|p| self.is_person_name(p)) {
            // "Lavrov's spokesman" with no known spokesman: a new source.
            return None;
        }
        antecedents::choose(&cands, m.start)
    }

    /// True when some person entity has `word` (lower case) as first or last name.
    fn is_person_name(&self, word: &str) -> bool {
        self.entities.iter().any(|e| {
            e.kind == EntityKind::Named
                && e.animacy == Animacy::Person
                && (e.first == word || e.last == word)
        })
    }

    /// Per quotation, whether it lies in the text's first paragraph and that
    /// paragraph reads as a headline (see [`turns::is_headline`]); there must
    /// be more text after it.
    fn in_headline(&self, quotes: &[QuoteDraft]) -> Vec<bool> {
        let head = self
            .paragraphs
            .first()
            .filter(|p| self.paragraphs.len() > 1 && turns::is_headline(p.text(self.text)));
        quotes
            .iter()
            .map(|q| head.is_some_and(|h| h.start <= q.span.start && q.span.end <= h.end))
            .collect()
    }

    /// The speaker mention a quotation reports: the one the tagger linked,
    /// unless it is a name (`resolves_to` its entity) and the decision gave
    /// the quotation to someone else. A reported mention never names a
    /// person other than the reported speaker; "he" or "the minister" stays,
    /// whoever the decision took it for.
    fn reported_mention(
        &self,
        mention: Option<Span>,
        resolves_to: Option<usize>,
        speaker: Option<usize>,
    ) -> Option<Span> {
        let m = mention?;
        let named = valid(self.text, m)
            && matches!(
                antecedents::classify(self.text, m, &self.names),
                MentionClass::Named(_)
            );
        let overruled = named && resolves_to.is_some() && resolves_to != speaker;
        (!overruled).then_some(m)
    }

    fn into_attribution(self, quotes: Vec<QuoteDraft>, decision: Decision) -> Attribution {
        let Decision {
            speakers,
            mentions,
            utterances,
            addressees,
        } = decision;
        let mut counts = vec![0usize; self.entities.len()];
        for s in speakers.iter().flatten() {
            if let Some(c) = counts.get_mut(*s) {
                *c += 1;
            }
        }
        let mut used: Vec<usize> = (0..self.entities.len())
            .filter(|&e| counts[e] > 0)
            .collect();
        used.sort_by_key(|&e| (self.entities[e].first_position().unwrap_or(usize::MAX), e));
        let mut new_id = vec![None; self.entities.len()];
        let mut out_speakers = Vec::with_capacity(used.len());
        for (k, &e) in used.iter().enumerate() {
            new_id[e] = Some(SpeakerId(k));
            let mut spans: Vec<Span> = self.entities[e].mentions.iter().map(|m| m.span).collect();
            spans.sort();
            spans.dedup();
            out_speakers.push(Speaker {
                id: SpeakerId(k),
                name: names::squash_spaces(&self.entities[e].name),
                mentions: spans,
                quote_count: counts[e],
            });
        }
        let quotes = quotes
            .into_iter()
            .zip(speakers)
            .zip(mentions)
            .zip(utterances)
            .zip(addressees)
            .map(|((((q, s), mention), group), to)| Quote {
                span: q.span,
                kind: q.kind,
                speaker: s.and_then(|e| new_id.get(e).copied().flatten()),
                mention,
                cue: q.cue,
                confidence: q.confidence,
                group,
                addressees: to
                    .into_iter()
                    .map(|a| Addressee {
                        name: names::squash_spaces(&self.entities[a.entity].name),
                        mention: a.mention,
                    })
                    .collect(),
            })
            .collect();
        Attribution {
            quotes,
            speakers: out_speakers,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::QuoteKind;

    /// The news policy drops links to other paragraphs after the register
    /// is read, and the document keeps that register, even when the
    /// quotations it leaves bare would read as dialogue.
    #[test]
    fn the_register_is_read_before_links_to_other_paragraphs_are_dropped() {
        let lines: Vec<String> = (0..24).map(|k| format!("\"Line {k}.\"")).collect();
        let text = format!("{}\n\nAnn Lee said all of it.", lines.join("\n\n"));
        let ann = text.find("Ann Lee").unwrap();
        let ann = Span::new(ann, ann + "Ann Lee".len());
        let quotes: Vec<QuoteDraft> = lines
            .iter()
            .map(|l| {
                let at = text.find(l.as_str()).unwrap() + 1;
                QuoteDraft {
                    span: Span::new(at, at + l.len() - 2),
                    kind: QuoteKind::Direct,
                    mention: Some(ann),
                    cue: None,
                    confidence: 0.9,
                }
            })
            .collect();
        let mut draft = DocumentDraft {
            paragraphs: Vec::new(),
            quotes,
            mentions: vec![ann],
        };
        let resolver = Resolver::default();
        let layout = resolver.sanitize(&text, &mut draft);
        assert_eq!(layout.register, Register::News);
        assert!(draft.quotes.iter().all(|q| q.mention.is_none()));
        // Read again on the sanitized draft, the bare lines look like dialogue ...
        let again = Document::layout(&text, &draft.paragraphs, &draft.quotes, resolver.passes);
        assert_eq!(again.register, Register::Fiction);
        // ... but the document keeps the register read before.
        let (doc, _) = Document::resolved(layout, &draft.quotes, &draft.mentions);
        assert_eq!(doc.register, Register::News);
    }

    #[test]
    fn headings_are_capitals_or_chapter_numbers() {
        for h in [
            "CHAPTER SEVEN",
            "THE OLD MILL",
            "Chapter 4",
            "CHAPTER IV.",
            "Book II",
            "Chapter",
        ] {
            assert!(is_heading(h), "{h:?}");
        }
        for p in [
            "Chapter and verse were quoted at him.",
            "NATO said it would act.",
            "The Old Mill stood by the river.",
            "I",
            "",
        ] {
            assert!(!is_heading(p), "{p:?}");
        }
    }

    #[test]
    fn bylines_and_gutenberg_headers_are_title_matter() {
        for p in [
            "by Jane Austen",
            "_BY A. A. MILNE_",
            "Author: Charles Dickens",
            "The Project Gutenberg EBook of A Passage to India, by E. M. Forster",
        ] {
            assert!(is_title_matter(p), "{p:?}");
        }
        for p in [
            "By the fire sat Mrs. Bennet, who had been talking for an hour without a pause.",
            "\"By Jove,\" said Archer.",
            "Jane Austen wrote it.",
            "By then Emma had gone.",
        ] {
            assert!(!is_title_matter(p), "{p:?}");
        }
    }

    #[test]
    fn passes_switch_off_one_at_a_time() {
        let all = Passes::default();
        for p in Pass::ALL {
            assert!(all.has(p));
            let without = all.without(p);
            assert!(!without.has(p));
            assert!(Pass::ALL
                .iter()
                .filter(|&&o| o != p)
                .all(|&o| without.has(o)));
            assert_eq!(Pass::parse(p.name()), Some(p));
        }
    }
}
