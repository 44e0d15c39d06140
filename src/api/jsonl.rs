//! Batch pipelines: JSON lines in (`{"id": ..., "text": ...}`), JSON lines out
//! (`{"id": ..., "quotes": [...]}`), bad lines reported and skipped.

use std::io::{BufRead, Write};

use serde::{Deserialize, Serialize};

use super::attributor::Attributor;
use crate::{Error, Result};

/// Texts attributed together (their windows share batches).
const TEXTS_PER_CALL: usize = 16;

/// What a JSON-lines run did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct JsonlSummary {
    /// Input lines that gave an output line.
    pub written: usize,
    /// Input lines skipped as malformed (each reported on the error writer).
    pub skipped: usize,
}

/// How far a JSON-lines run has got, reported to the progress callback of
/// [`attribute_jsonl_with_progress`] after every batch of texts.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct JsonlProgress {
    /// Non-blank input lines read so far (written, skipped or waiting in a batch).
    pub lines: usize,
    /// Output lines written so far.
    pub written: usize,
    /// Input lines skipped so far as malformed.
    pub skipped: usize,
    /// Quotations in the output lines written so far.
    pub quotes: usize,
}

/// One output line; a struct (not a `json!` value) keeps the documented key order.
#[derive(Serialize)]
struct OutLine<'a, I: Serialize> {
    id: &'a I,
    quotes: Vec<crate::QuoteJson<'a>>,
}

/// Writes one predictions line, `{"id": ..., "quotes": [...]}` and a newline:
/// the format of `attribute --jsonl`, of `evaluate --write-pred`, and of what
/// [`crate::corpus::predictions::read_predictions`] reads.
pub fn write_prediction_line<I: Serialize>(
    output: &mut (impl Write + ?Sized),
    id: &I,
    text: &str,
    attribution: &crate::Attribution,
) -> Result<()> {
    let line = OutLine {
        id,
        quotes: attribution.quotes_json(text),
    };
    // Serializing these types cannot fail: an error here is the writer's.
    let io = |e: std::io::Error| Error::io("<predictions stream>", e);
    serde_json::to_writer(&mut *output, &line).map_err(|e| io(e.into()))?;
    writeln!(output).map_err(io)
}

#[derive(Deserialize)]
struct InLine {
    id: serde_json::Value,
    text: String,
}

/// Reads `{"id": ..., "text": ...}` lines from `input` and writes one
/// `{"id": ..., "quotes": [...]}` line per good input line to `output`, in
/// order. A line that is not valid UTF-8 or not such an object is reported on
/// `errors` with its line number and skipped; blank lines are ignored.
/// I/O errors and model errors stop the run.
pub fn attribute_jsonl(
    attributor: &Attributor,
    input: impl BufRead,
    output: &mut impl Write,
    errors: &mut impl Write,
) -> Result<JsonlSummary> {
    attribute_jsonl_with_progress(attributor, input, output, errors, |_| {})
}

/// [`attribute_jsonl`], calling `progress` after every batch of texts
/// written (and once at the end) with the counts so far: for progress bars.
pub fn attribute_jsonl_with_progress(
    attributor: &Attributor,
    mut input: impl BufRead,
    output: &mut impl Write,
    errors: &mut impl Write,
    mut progress: impl FnMut(&JsonlProgress),
) -> Result<JsonlSummary> {
    let io = |e: std::io::Error| Error::io("<jsonl stream>", e);
    let mut summary = JsonlSummary::default();
    let mut seen = JsonlProgress::default();
    let mut batch: Vec<(serde_json::Value, String)> = Vec::new();
    // Attributes and writes the batch; returns (texts, quotations) written.
    let flush = |batch: &mut Vec<(serde_json::Value, String)>,
                 output: &mut dyn Write|
     -> Result<(usize, usize)> {
        let texts: Vec<&str> = batch.iter().map(|(_, t)| t.as_str()).collect();
        let found = attributor.attribute_batch(&texts)?;
        let mut quotes = 0;
        for ((id, text), att) in batch.iter().zip(&found) {
            write_prediction_line(output, id, text, att)?;
            quotes += att.quotes.len();
        }
        let n = batch.len();
        batch.clear();
        Ok((n, quotes))
    };
    // Brings the counts up to date after a batch holding `quotes` quotations.
    let mut report = |seen: &mut JsonlProgress, summary: &JsonlSummary, quotes: usize| {
        seen.written = summary.written;
        seen.skipped = summary.skipped;
        seen.quotes += quotes;
        progress(seen);
    };
    let mut raw = Vec::new();
    let mut lineno = 0;
    loop {
        raw.clear();
        if input.read_until(b'\n', &mut raw).map_err(io)? == 0 {
            break;
        }
        lineno += 1;
        let line = match std::str::from_utf8(&raw) {
            Ok(l) => l.trim(),
            Err(e) => {
                writeln!(errors, "line {lineno}: not valid UTF-8 ({e}); skipped").map_err(io)?;
                summary.skipped += 1;
                continue;
            }
        };
        if line.is_empty() {
            continue;
        }
        seen.lines += 1;
        match serde_json::from_str::<InLine>(line) {
            Ok(item) => batch.push((item.id, item.text)),
            Err(e) => {
                writeln!(
                    errors,
                    "line {lineno}: expected {{\"id\": ..., \"text\": \"...\"}}: {e}; skipped"
                )
                .map_err(io)?;
                summary.skipped += 1;
            }
        }
        if batch.len() >= TEXTS_PER_CALL {
            let done = flush(&mut batch, output)?;
            summary.written += done.0;
            report(&mut seen, &summary, done.1);
        }
    }
    let done = flush(&mut batch, output)?;
    summary.written += done.0;
    output.flush().map_err(io)?;
    report(&mut seen, &summary, done.1);
    Ok(summary)
}
