//! Error cases and the printed / JSON forms of a [`Report`].

use std::fmt;

use serde_json::{json, Map, Value};

use super::{Report, Tally};
use crate::corpus::{GoldQuote, PredQuote};
use crate::Span;

/// Bytes of context shown on each side of a span in an error excerpt.
const CONTEXT: usize = 40;

/// One scoring error, for inspection.
#[derive(Debug, Clone, PartialEq)]
pub enum ErrorCase {
    /// A gold quotation no prediction matched.
    Miss {
        /// Document id.
        doc: String,
        /// The gold span.
        span: Span,
        /// The span with about 40 bytes of context on each side.
        excerpt: String,
        /// The gold label.
        label: String,
        /// The gold speaker.
        gold_speaker: Option<String>,
    },
    /// A prediction that matched no gold quotation.
    FalsePositive {
        /// Document id.
        doc: String,
        /// The predicted span.
        span: Span,
        /// The span with about 40 bytes of context on each side.
        excerpt: String,
        /// The predicted speaker.
        pred_speaker: Option<String>,
    },
    /// A matched quotation whose predicted speaker is wrong.
    WrongSpeaker {
        /// Document id.
        doc: String,
        /// The gold span.
        span: Span,
        /// The gold span with about 40 bytes of context on each side.
        excerpt: String,
        /// The gold label.
        label: String,
        /// The gold speaker.
        gold_speaker: Option<String>,
        /// The predicted speaker.
        pred_speaker: Option<String>,
    },
}

/// Largest char boundary of `text` at or before `i`.
fn floor_boundary(text: &str, i: usize) -> usize {
    let mut i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// Smallest char boundary of `text` at or after `i`.
fn ceil_boundary(text: &str, i: usize) -> usize {
    let mut i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i += 1;
    }
    i
}

/// `span` with context, the span itself in `[[...]]`, on one line.
fn excerpt(text: &str, span: Span) -> String {
    let s = floor_boundary(text, span.start);
    let e = ceil_boundary(text, span.end.max(span.start)).max(s);
    let a = floor_boundary(text, s.saturating_sub(CONTEXT));
    let b = ceil_boundary(text, e + CONTEXT);
    format!("{}[[{}]]{}", &text[a..s], &text[s..e], &text[e..b]).replace(['\n', '\r'], " ")
}

impl ErrorCase {
    pub(crate) fn miss(doc: &str, text: &str, g: &GoldQuote) -> Self {
        ErrorCase::Miss {
            doc: doc.to_string(),
            span: g.span,
            excerpt: excerpt(text, g.span),
            label: g.label.clone(),
            gold_speaker: g.speaker.clone(),
        }
    }

    pub(crate) fn false_positive(doc: &str, text: &str, p: &PredQuote) -> Self {
        ErrorCase::FalsePositive {
            doc: doc.to_string(),
            span: p.span,
            excerpt: excerpt(text, p.span),
            pred_speaker: p.speaker.clone(),
        }
    }

    pub(crate) fn wrong_speaker(doc: &str, text: &str, g: &GoldQuote, p: &PredQuote) -> Self {
        ErrorCase::WrongSpeaker {
            doc: doc.to_string(),
            span: g.span,
            excerpt: excerpt(text, g.span),
            label: g.label.clone(),
            gold_speaker: g.speaker.clone(),
            pred_speaker: p.speaker.clone(),
        }
    }

    /// The document the error is in.
    pub fn doc(&self) -> &str {
        match self {
            ErrorCase::Miss { doc, .. }
            | ErrorCase::FalsePositive { doc, .. }
            | ErrorCase::WrongSpeaker { doc, .. } => doc,
        }
    }

    /// The span concerned (gold span for misses and wrong speakers).
    pub fn span(&self) -> Span {
        match self {
            ErrorCase::Miss { span, .. }
            | ErrorCase::FalsePositive { span, .. }
            | ErrorCase::WrongSpeaker { span, .. } => *span,
        }
    }
}

impl fmt::Display for ErrorCase {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ErrorCase::Miss {
                doc,
                excerpt,
                label,
                gold_speaker,
                ..
            } => write!(f, "MISS {doc} [{label}]: {excerpt:?} gold={gold_speaker:?}"),
            ErrorCase::FalsePositive {
                doc,
                excerpt,
                pred_speaker,
                ..
            } => write!(f, "FP {doc}: {excerpt:?} pred={pred_speaker:?}"),
            ErrorCase::WrongSpeaker {
                doc,
                excerpt,
                label,
                gold_speaker,
                pred_speaker,
                ..
            } => write!(
                f,
                "SPK {doc} [{label}]: {excerpt:?} gold={gold_speaker:?} pred={pred_speaker:?}"
            ),
        }
    }
}

impl Tally {
    /// This row in the JSON form of the reference scorer.
    pub fn to_json(&self) -> Value {
        json!({
            "gold": self.gold,
            "pred": self.pred,
            "P": self.precision(),
            "R": self.recall(),
            "F1": self.f1(),
            "exact_F1": self.exact_f1(),
            "speaker_acc": self.speaker_accuracy(),
            "e2e_F1": self.e2e_f1(),
            "e2e_R": self.e2e_recall(),
        })
    }
}

impl Report {
    /// The report as `score.py --json` prints it: one object per label and
    /// `"all"`, plus `"_missing_docs"`.
    pub fn to_json(&self) -> Value {
        let mut m = Map::new();
        m.insert("all".to_string(), self.overall.to_json());
        for (label, t) in &self.by_label {
            m.insert(label.clone(), t.to_json());
        }
        m.insert("_missing_docs".to_string(), json!(self.missing_docs));
        if let Some(a) = &self.addressees {
            let (p, r, f1) = a.prf();
            m.insert(
                "_addressees".to_string(),
                json!({"quotes": a.quotes, "exact_acc": a.exact_accuracy(), "P": p, "R": r, "F1": f1}),
            );
        }
        if let Some(g) = &self.grouping {
            let (p, r, f1) = g.prf();
            m.insert(
                "_grouping".to_string(),
                json!({"gold_links": g.gold, "pred_links": g.pred, "P": p, "R": r, "F1": f1}),
            );
        }
        Value::Object(m)
    }
}

impl fmt::Display for Report {
    /// The table `score.py` prints: the overall row, then per label the
    /// figures that are defined for it (`-` elsewhere, `R=` end-to-end recall);
    /// then, beyond `score.py`, speaker accuracy by turn class (fiction).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "{:10} {:>5} {:>5} {:>6} {:>6} {:>6} {:>6} {:>7} {:>6}",
            "type", "gold", "pred", "P", "R", "F1", "exF1", "spkAcc", "e2eF1"
        )?;
        let t = &self.overall;
        writeln!(
            f,
            "{:10} {:5} {:5} {:6.3} {:6.3} {:6.3} {:6.3} {:7.3} {:6.3}",
            "all",
            t.gold,
            t.pred,
            t.precision(),
            t.recall(),
            t.f1(),
            t.exact_f1(),
            t.speaker_accuracy(),
            t.e2e_f1()
        )?;
        for (label, t) in &self.by_label {
            writeln!(
                f,
                "{:10} {:5} {:>5} {:>6} {:6.3} {:>6} {:>6} {:7.3} {:>6}",
                label,
                t.gold,
                "-",
                "-",
                t.recall(),
                "-",
                "-",
                t.speaker_accuracy(),
                format!("R={:.3}", t.e2e_recall())
            )?;
        }
        if let Some(a) = &self.addressees {
            let (p, r, f1) = a.prf();
            writeln!(
                f,
                "addressees: {} matched quotations with gold addressees; exact set {:.3}; P {p:.3} R {r:.3} F1 {f1:.3}",
                a.quotes,
                a.exact_accuracy()
            )?;
        }
        if let Some(g) = &self.grouping {
            let (p, r, f1) = g.prf();
            writeln!(
                f,
                "grouping of interrupted quotations: {} gold links, {} predicted; P {p:.3} R {r:.3} F1 {f1:.3}",
                g.gold, g.pred
            )?;
        }
        if !self.by_turn.is_empty() {
            // Not in `score.py`: where the gold speaker stands in the conversation.
            let rows: Vec<String> = self
                .by_turn
                .iter()
                .map(|(turn, t)| {
                    format!("{} {:.3} ({})", turn.name(), t.speaker_accuracy(), t.gold)
                })
                .collect();
            writeln!(f, "speakers by turn: {}", rows.join(", "))?;
        }
        if self.missing_docs > 0 {
            writeln!(f, "documents with no prediction: {}", self.missing_docs)?;
        }
        Ok(())
    }
}
