//! Evaluation: quote detection and speaker attribution scores, computed
//! exactly as the reference scorer `score.py` computes them.

mod matching;
mod names;
mod reliability;
mod report;
mod run;
mod turns;

pub use matching::{match_spans, trim};
pub use names::{names_match, speaker_correct, Cast};
pub use reliability::{Bin, Reliability};
pub use report::ErrorCase;
pub use run::{
    attribute_docs, count_tokens, evaluate, peak_rss_bytes, peak_rss_text, predictions,
    DOCS_PER_CALL,
};
pub use turns::SpeakerTurn;

use std::collections::{BTreeMap, HashMap};

use crate::corpus::{GoldDoc, GoldQuote, PredDoc, PredQuote};
use crate::Span;

/// Counts for one row of the score table.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Tally {
    /// Gold quotations.
    pub gold: usize,
    /// Predicted quotations (counted in the overall row only: predictions
    /// carry no gold label).
    pub pred: usize,
    /// Matched pairs (overlap at least half of the longer span).
    pub matched: usize,
    /// Matched pairs whose trimmed texts are equal.
    pub exact: usize,
    /// Matched pairs whose predicted speaker is right.
    pub speaker_ok: usize,
}

/// `(precision, recall, F1)` for `tp` true positives.
fn prf(tp: usize, gold: usize, pred: usize) -> (f64, f64, f64) {
    let p = if pred > 0 {
        tp as f64 / pred as f64
    } else {
        0.0
    };
    let r = if gold > 0 {
        tp as f64 / gold as f64
    } else {
        0.0
    };
    let f = if p + r > 0.0 {
        2.0 * p * r / (p + r)
    } else {
        0.0
    };
    (p, r, f)
}

impl Tally {
    /// Share of predictions that match a gold quote (0 without predictions).
    pub fn precision(&self) -> f64 {
        prf(self.matched, self.gold, self.pred).0
    }

    /// Share of gold quotes matched by a prediction (0 without gold quotes).
    pub fn recall(&self) -> f64 {
        prf(self.matched, self.gold, self.pred).1
    }

    /// Harmonic mean of [`Tally::precision`] and [`Tally::recall`].
    pub fn f1(&self) -> f64 {
        prf(self.matched, self.gold, self.pred).2
    }

    /// F1 counting only exact (trimmed) matches as true positives.
    pub fn exact_f1(&self) -> f64 {
        prf(self.exact, self.gold, self.pred).2
    }

    /// Share of matched quotes whose predicted speaker is right.
    pub fn speaker_accuracy(&self) -> f64 {
        if self.matched > 0 {
            self.speaker_ok as f64 / self.matched as f64
        } else {
            0.0
        }
    }

    /// End-to-end F1: a true positive is a matched quote with the right speaker.
    pub fn e2e_f1(&self) -> f64 {
        prf(self.speaker_ok, self.gold, self.pred).2
    }

    /// End-to-end recall: share of gold quotes found with the right speaker.
    pub fn e2e_recall(&self) -> f64 {
        prf(self.speaker_ok, self.gold, self.pred).1
    }
}

/// Links between consecutive segments of one utterance (interrupted
/// quotations), scored as `score.py` does: a gold link joins consecutive
/// gold quotations with one `quote_id`; a predicted link joins consecutive
/// predictions (by start) with one `group`, and is right when they match
/// the two quotations of a gold link.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct LinkTally {
    /// Gold links.
    pub gold: usize,
    /// Predicted links.
    pub pred: usize,
    /// Predicted links that are gold links.
    pub correct: usize,
}

impl LinkTally {
    /// Precision, recall and F1 over links.
    pub fn prf(&self) -> (f64, f64, f64) {
        prf(self.correct, self.gold, self.pred)
    }

    /// Counts one document's links; `pairs` are (gold, prediction) matches.
    fn add(&mut self, gq: &[GoldQuote], pq: &[PredQuote], pairs: &[(usize, usize)]) {
        if !gq.iter().any(|g| g.quote_id.is_some()) {
            return;
        }
        let is_gold_link = |i: usize| {
            gq[i].quote_id.is_some() && gq.get(i + 1).is_some_and(|n| n.quote_id == gq[i].quote_id)
        };
        self.gold += (0..gq.len()).filter(|&i| is_gold_link(i)).count();
        let gold_of: HashMap<usize, usize> = pairs.iter().map(|&(i, j)| (j, i)).collect();
        let mut order: Vec<usize> = (0..pq.len()).collect();
        order.sort_by_key(|&j| pq[j].span.start);
        for w in order.windows(2) {
            let (a, b) = (w[0], w[1]);
            if pq[a].group.is_none() || pq[a].group != pq[b].group {
                continue;
            }
            self.pred += 1;
            if let (Some(&ia), Some(&ib)) = (gold_of.get(&a), gold_of.get(&b)) {
                if ia.abs_diff(ib) == 1 && is_gold_link(ia.min(ib)) {
                    self.correct += 1;
                }
            }
        }
    }
}

/// Addressees, scored as `score.py` does on matched quotations whose gold
/// has addressees (PDNC): each predicted name is matched to a gold
/// addressee it denotes (by character, as speakers are); exact-set accuracy
/// and micro precision, recall and F1 over names.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct AddresseeTally {
    /// Matched quotations with gold addressees.
    pub quotes: usize,
    /// Of those, quotations whose predicted set is exactly the gold set.
    pub exact: usize,
    /// Gold addressees.
    pub gold: usize,
    /// Predicted addressees.
    pub pred: usize,
    /// Predicted addressees that denote a gold one.
    pub correct: usize,
}

impl AddresseeTally {
    /// Exact-set accuracy.
    pub fn exact_accuracy(&self) -> f64 {
        if self.quotes > 0 {
            self.exact as f64 / self.quotes as f64
        } else {
            0.0
        }
    }

    /// Micro precision, recall and F1 over names.
    pub fn prf(&self) -> (f64, f64, f64) {
        prf(self.correct, self.gold, self.pred)
    }

    /// Counts one matched quotation.
    fn add(&mut self, g: &GoldQuote, predicted: &[String], cast: &Cast) {
        if g.addressees.is_empty() {
            return;
        }
        // One entry per gold name (the last aliases win), in first-seen order.
        let mut gold: Vec<(&str, &[String])> = Vec::new();
        for a in &g.addressees {
            match gold.iter_mut().find(|(n, _)| *n == a.name) {
                Some(entry) => entry.1 = &a.aliases,
                None => gold.push((&a.name, &a.aliases)),
            }
        }
        let mut hit = vec![false; gold.len()];
        for n in predicted {
            if let Some(k) =
                (0..gold.len()).find(|&k| !hit[k] && cast.denotes(n, gold[k].0, gold[k].1))
            {
                hit[k] = true;
            }
        }
        let hits = hit.iter().filter(|&&h| h).count();
        self.quotes += 1;
        self.exact += usize::from(hits == gold.len() && gold.len() == predicted.len());
        self.correct += hits;
        self.pred += predicted.len();
        self.gold += gold.len();
    }
}

/// The result of [`score`]: overall and per-label tallies plus error cases.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Report {
    /// All quotations.
    pub overall: Tally,
    /// Per gold label (`direct`, `explicit`, ...); `pred` is always 0 here.
    pub by_label: BTreeMap<String, Tally>,
    /// Per turn class of the gold speaker ([`SpeakerTurn`]: fiction, whose
    /// gold quotations carry utterance ids); `pred` is always 0 here.
    pub by_turn: BTreeMap<SpeakerTurn, Tally>,
    /// Gold documents with no predictions entry.
    pub missing_docs: usize,
    /// Misses, false positives and wrong speakers, in document order.
    pub errors: Vec<ErrorCase>,
    /// Grouping of interrupted quotations, when the predictions carry groups.
    pub grouping: Option<LinkTally>,
    /// Addressees, when the predictions carry them.
    pub addressees: Option<AddresseeTally>,
}

/// Scores predictions against gold documents.
///
/// Documents are paired by id; a gold document without predictions counts
/// as predicted empty (and in [`Report::missing_docs`]); predictions for
/// unknown ids are ignored. When an id repeats, the last entry wins, like
/// the reference scorer.
pub fn score(gold: &[GoldDoc], pred: &[PredDoc]) -> Report {
    let preds: HashMap<&str, &PredDoc> = pred.iter().map(|d| (d.id.as_str(), d)).collect();
    // Gold ids in first-seen order, each with its last entry.
    let mut order: Vec<&str> = Vec::new();
    let mut golds: HashMap<&str, &GoldDoc> = HashMap::new();
    for d in gold {
        if golds.insert(d.id.as_str(), d).is_none() {
            order.push(d.id.as_str());
        }
    }
    let mut report = Report::default();
    for id in order {
        let gd = golds[id];
        let pq = match preds.get(id) {
            Some(p) => p.quotes.as_slice(),
            None => {
                report.missing_docs += 1;
                &[]
            }
        };
        score_doc(gd, pq, &mut report);
    }
    report
}

/// Adds one document's counts and errors to `report`.
fn score_doc(gd: &GoldDoc, pq: &[crate::corpus::PredQuote], report: &mut Report) {
    let gq = &gd.quotes;
    let turns = SpeakerTurn::of_document(gq);
    for (g, turn) in gq.iter().zip(&turns) {
        report.by_label.entry(g.label.clone()).or_default().gold += 1;
        if let Some(t) = turn {
            report.by_turn.entry(*t).or_default().gold += 1;
        }
    }
    report.overall.gold += gq.len();
    report.overall.pred += pq.len();
    let gspans: Vec<Span> = gq.iter().map(|q| q.span).collect();
    let pspans: Vec<Span> = pq.iter().map(|q| q.span).collect();
    let pairs = match_spans(&gspans, &pspans);
    if pq.iter().any(|p| p.group.is_some()) {
        report
            .grouping
            .get_or_insert_with(LinkTally::default)
            .add(gq, pq, &pairs);
    }
    let cast = Cast::of(gq);
    let mut gold_hit = vec![false; gq.len()];
    let mut pred_hit = vec![false; pq.len()];
    for &(i, j) in &pairs {
        let (g, p) = (&gq[i], &pq[j]);
        gold_hit[i] = true;
        pred_hit[j] = true;
        if let Some(names) = &p.addressees {
            report
                .addressees
                .get_or_insert_with(AddresseeTally::default)
                .add(g, names, &cast);
        }
        let exact = trim(&gd.text, g.span) == trim(&gd.text, p.span);
        let ok = speaker_correct(g, p, Some(&cast));
        let label = report.by_label.entry(g.label.clone()).or_default();
        let turn = turns[i].map(|t| report.by_turn.entry(t).or_default());
        for t in [&mut report.overall, label].into_iter().chain(turn) {
            t.matched += 1;
            t.exact += usize::from(exact);
            t.speaker_ok += usize::from(ok);
        }
        if !ok {
            report
                .errors
                .push(ErrorCase::wrong_speaker(&gd.id, &gd.text, g, p));
        }
    }
    for (g, _) in gq.iter().zip(&gold_hit).filter(|(_, hit)| !**hit) {
        report.errors.push(ErrorCase::miss(&gd.id, &gd.text, g));
    }
    for (p, _) in pq.iter().zip(&pred_hit).filter(|(_, hit)| !**hit) {
        report
            .errors
            .push(ErrorCase::false_positive(&gd.id, &gd.text, p));
    }
}
