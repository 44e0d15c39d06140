//! Calibration: how often predicted quotations of a given confidence are right.

use std::fmt;

use super::{match_spans, speaker_correct, Cast};
use crate::corpus::{GoldDoc, PredDoc};
use crate::{Attribution, Span};

/// One confidence bin of a reliability table.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Bin {
    /// Lower edge (inclusive).
    pub lo: f32,
    /// Upper edge (exclusive, except for the last bin).
    pub hi: f32,
    /// Predicted quotations in the bin.
    pub count: usize,
    /// Of those, matched to a gold quotation.
    pub matched: usize,
    /// Of those, matched with the right speaker.
    pub attributed: usize,
    /// Sum of confidences (for the mean).
    pub confidence_sum: f64,
}

/// A reliability table: predicted quotations binned by confidence.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Reliability {
    /// Bins from low to high confidence.
    pub bins: Vec<Bin>,
}

impl Reliability {
    /// Bins the predictions of `attributions` (one per gold document, in order)
    /// into `n` equal-width confidence bins.
    pub fn compute(gold: &[GoldDoc], attributions: &[Attribution], n: usize) -> Self {
        let n = n.max(1);
        let mut bins: Vec<Bin> = (0..n)
            .map(|i| Bin {
                lo: i as f32 / n as f32,
                hi: (i + 1) as f32 / n as f32,
                ..Bin::default()
            })
            .collect();
        for (doc, att) in gold.iter().zip(attributions) {
            let pred = PredDoc::from_attribution(&doc.id, att);
            let gs: Vec<Span> = doc.quotes.iter().map(|q| q.span).collect();
            let ps: Vec<Span> = pred.quotes.iter().map(|q| q.span).collect();
            let pairs = match_spans(&gs, &ps);
            let cast = Cast::of(&doc.quotes);
            for (j, q) in att.quotes.iter().enumerate() {
                let b = ((q.confidence.clamp(0.0, 1.0) * n as f32) as usize).min(n - 1);
                let bin = &mut bins[b];
                bin.count += 1;
                bin.confidence_sum += q.confidence as f64;
                if let Some(&(i, _)) = pairs.iter().find(|&&(_, pj)| pj == j) {
                    bin.matched += 1;
                    if speaker_correct(&doc.quotes[i], &pred.quotes[j], Some(&cast)) {
                        bin.attributed += 1;
                    }
                }
            }
        }
        Reliability { bins }
    }
}

impl fmt::Display for Reliability {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "{:>11} {:>6} {:>9} {:>9} {:>11}",
            "confidence", "quotes", "mean conf", "matched", "attributed"
        )?;
        for b in self.bins.iter().filter(|b| b.count > 0) {
            let c = b.count as f64;
            writeln!(
                f,
                "{:>5.2}-{:<5.2} {:>6} {:>9.3} {:>9.3} {:>11.3}",
                b.lo,
                b.hi,
                b.count,
                b.confidence_sum / c,
                b.matched as f64 / c,
                b.attributed as f64 / c
            )?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::GoldQuote;
    use crate::{Quote, QuoteKind};

    #[test]
    fn bins_count_matches() {
        let text = "\"Yes,\" said Ann. Rain fell all day.".to_string();
        let gold = GoldDoc {
            id: "d".into(),
            text: text.clone(),
            quotes: vec![GoldQuote {
                span: Span::new(1, 5),
                kind: QuoteKind::Direct,
                label: "direct".into(),
                speaker: None,
                speaker_aliases: vec![],
                mention: None,
                cue: None,
                addressees: vec![],
                quote_id: None,
            }],
        };
        let q = |s, e, confidence| Quote {
            span: Span::new(s, e),
            kind: QuoteKind::Direct,
            speaker: None,
            mention: None,
            cue: None,
            confidence,
            group: s,
            addressees: vec![],
        };
        let att = Attribution {
            quotes: vec![q(1, 5, 0.95), q(17, 35, 0.31)],
            speakers: vec![],
        };
        let r = Reliability::compute(&[gold], &[att], 10);
        assert_eq!(r.bins.len(), 10);
        assert_eq!(
            (r.bins[9].count, r.bins[9].matched, r.bins[9].attributed),
            (1, 1, 1)
        );
        assert_eq!((r.bins[3].count, r.bins[3].matched), (1, 0));
        assert_eq!(r.bins.iter().map(|b| b.count).sum::<usize>(), 2);
    }
}
