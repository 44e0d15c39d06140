//! Running a model over gold documents and scoring the result: the one code
//! path shared by training's dev evaluation, the `evaluate` example and the
//! accuracy benchmark.

use super::{score, Report};
use crate::api::attributor::attribute_with;
use crate::corpus::{GoldDoc, PredDoc};
use crate::model::Model;
use crate::resolve::ranker::SpeakerRanker;
use crate::text::segment;
use crate::{Attribution, Options, Result};

/// Documents passed to [`attribute_with`] at a time (their windows are
/// batched together, `options.batch_size` windows per forward pass).
pub const DOCS_PER_CALL: usize = 8;

/// Attributes every gold document's text with the full pipeline, in order.
pub fn attribute_docs(
    model: &Model,
    ranker: Option<&SpeakerRanker>,
    options: &Options,
    docs: &[GoldDoc],
) -> Result<Vec<Attribution>> {
    let mut out = Vec::with_capacity(docs.len());
    for chunk in docs.chunks(DOCS_PER_CALL) {
        let texts: Vec<&str> = chunk.iter().map(|d| d.text.as_str()).collect();
        out.extend(attribute_with(model, ranker, options, &texts)?);
    }
    Ok(out)
}

/// The predictions of `attributions` (one per document of `docs`, in order), for [`score`].
pub fn predictions(docs: &[GoldDoc], attributions: &[Attribution]) -> Vec<PredDoc> {
    docs.iter()
        .zip(attributions)
        .map(|(d, a)| PredDoc::from_attribution(&d.id, a))
        .collect()
}

/// Runs the model over `docs` and scores its predictions against them.
pub fn evaluate(
    model: &Model,
    ranker: Option<&SpeakerRanker>,
    options: &Options,
    docs: &[GoldDoc],
) -> Result<Report> {
    let attributions = attribute_docs(model, ranker, options, docs)?;
    Ok(score(docs, &predictions(docs, &attributions)))
}

/// Word pieces the model reads for `text` (special tokens and window overlap
/// excluded), for throughput figures.
pub fn count_tokens(model: &Model, text: &str) -> Result<usize> {
    Ok(model
        .encoder
        .encode(text, &segment::paragraphs(text))?
        .len())
}

/// Peak resident set size of this process in bytes (`VmHWM` of
/// `/proc/self/status`); `None` where that is not available.
pub fn peak_rss_bytes() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kib: u64 = line
        .trim_start_matches("VmHWM:")
        .trim()
        .trim_end_matches("kB")
        .trim()
        .parse()
        .ok()?;
    Some(kib * 1024)
}

/// [`peak_rss_bytes`] for reports: `"605 MiB"`, or `"n/a"` where unknown.
pub fn peak_rss_text() -> String {
    peak_rss_bytes().map_or_else(
        || "n/a".to_string(),
        |b| format!("{:.0} MiB", b as f64 / (1024.0 * 1024.0)),
    )
}
