//! `whosaid batch`: JSON lines in (`{"id": ..., "text": ...}`), JSON lines out
//! (`{"id": ..., "quotes": [...]}`), streamed, with progress and a summary on
//! stderr. The unit of work a distributed engine runs (see examples/spark).

use std::io::{BufRead, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use clap::Args;
use whosaid::JsonlProgress;

use crate::error::CliResult;
use crate::input::Source;
use crate::model::ModelArgs;
use crate::progress::{self, Progress};

/// Arguments of `whosaid batch`.
#[derive(Args, Debug)]
pub struct BatchArgs {
    /// JSON-lines input, one {"id": ..., "text": "..."} object a line; standard input when absent (or `-`).
    #[arg(value_name = "INPUT")]
    input: Option<PathBuf>,
    #[command(flatten)]
    model: ModelArgs,
    /// Draw no progress and print no summary on stderr (bad lines are still reported).
    #[arg(long, short)]
    quiet: bool,
}

/// Non-blank lines in `input`, for the length of the progress bar.
fn count_lines(input: impl BufRead) -> std::io::Result<u64> {
    let mut n = 0;
    for line in input.split(b'\n') {
        if !line?.trim_ascii().is_empty() {
            n += 1;
        }
    }
    Ok(n)
}

/// Runs the subcommand: exit code 1 when bad lines were skipped.
pub fn run(args: BatchArgs) -> CliResult<ExitCode> {
    let source = Source::all(args.input.as_slice()).remove(0);
    let attributor = args.model.load()?;
    let show = progress::wanted(args.quiet);
    // A file's documents are counted first so that the bar has an end and an ETA.
    let total = match source.size() {
        Some(_) if show => {
            Some(count_lines(source.reader()?).map_err(|e| source.error(e.to_string()))?)
        }
        _ => None,
    };
    let bar = Progress::new(total, "docs", show);
    bar.message("0 quotations".into());
    let started = Instant::now();
    let mut last = JsonlProgress::default();
    let mut out = std::io::BufWriter::new(std::io::stdout());
    let summary = whosaid::attribute_jsonl_with_progress(
        &attributor,
        source.reader()?,
        &mut out,
        &mut bar.stderr(),
        |p| {
            bar.set((p.written + p.skipped) as u64);
            bar.message(format!("{} quotations", p.quotes));
            last = *p;
        },
    )?;
    out.flush()?;
    bar.finish();
    if !args.quiet {
        let secs = started.elapsed().as_secs_f64();
        eprintln!(
            "whosaid batch: {} documents, {} quotations, {} bad lines skipped in {secs:.1}s ({:.2} documents/s)",
            summary.written,
            last.quotes,
            summary.skipped,
            summary.written as f64 / secs.max(1e-9)
        );
    }
    Ok(if summary.skipped > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_non_blank_lines() {
        assert_eq!(count_lines(&b"{}\n\n  \n{}\n{}"[..]).unwrap(), 3);
        assert_eq!(count_lines(&b""[..]).unwrap(), 0);
    }
}
