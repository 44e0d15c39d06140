//! `whosaid attribute`: attribute text files (or stdin) and print the result
//! as a table, JSON, JSON lines, TSV or an HTML page.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, ValueEnum};
use serde::Serialize;
use whosaid::{Attribution, AttributionJson};

use crate::error::CliResult;
use crate::input::Source;
use crate::model::ModelArgs;
use crate::progress::{self, Progress};
use crate::{html, table, tsv};

/// Output formats.
#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// One row per quotation, for reading in a terminal.
    Table,
    /// The whole attribution ({"quotes", "speakers"}); an array of them, each with its "file", for several files.
    Json,
    /// One line per file: {"id": FILE, "quotes": [...]} (the `batch` output format).
    Jsonl,
    /// Tab-separated, one row per quotation, with a header (see the README for the columns).
    Tsv,
    /// One self-contained HTML page with the quotations highlighted.
    Html,
}

/// Arguments of `whosaid attribute`.
#[derive(Args, Debug)]
pub struct AttributeArgs {
    /// UTF-8 text files; standard input when none is given (or `-`).
    #[arg(value_name = "FILE")]
    files: Vec<PathBuf>,
    /// Output format.
    #[arg(long, short, value_enum, default_value_t = Format::Table)]
    format: Format,
    #[command(flatten)]
    model: ModelArgs,
    /// Draw no progress on stderr.
    #[arg(long, short)]
    quiet: bool,
}

/// One attributed input.
struct Done {
    name: String,
    text: String,
    found: Attribution,
}

/// A JSON attribution with the file it came from, for several files.
#[derive(Serialize)]
struct FileJson<'a> {
    file: &'a str,
    #[serde(flatten)]
    attribution: AttributionJson<'a>,
}

/// Runs the subcommand.
pub fn run(args: AttributeArgs) -> CliResult<ExitCode> {
    let sources = Source::all(&args.files);
    let attributor = args.model.load()?;
    let show = progress::wanted(args.quiet);
    let bar = match sources.as_slice() {
        [one] => Progress::spinner(spinner_message(one), show),
        many => Progress::new(Some(many.len() as u64), "files", show),
    };
    let mut out = std::io::BufWriter::new(std::io::stdout());
    let mut tsv = match args.format {
        Format::Tsv => Some(
            tsv::Tsv::new(std::io::BufWriter::new(std::io::stdout()))
                .map_err(std::io::Error::from)?,
        ),
        _ => None,
    };
    let mut kept = Vec::new(); // json and html: everything is written at the end
    for (n, source) in sources.iter().enumerate() {
        if sources.len() > 1 {
            bar.message(source.name());
        }
        let text = source.read_text()?;
        let found = attributor.attribute(&text)?;
        bar.inc(1);
        let name = source.name();
        match args.format {
            Format::Table => {
                bar.suspend(|| -> std::io::Result<()> {
                    if sources.len() > 1 {
                        let gap = if n > 0 { "\n" } else { "" };
                        writeln!(out, "{gap}==> {name} <==")?;
                    }
                    table::write(&mut out, &text, &found)?;
                    out.flush()
                })?;
            }
            Format::Jsonl => {
                whosaid::api::jsonl::write_prediction_line(&mut out, &name, &text, &found)?;
                out.flush()?;
            }
            Format::Tsv => {
                if let Some(t) = tsv.as_mut() {
                    t.document(&name, &text, &found)
                        .map_err(std::io::Error::from)?;
                }
            }
            Format::Json | Format::Html => kept.push(Done { name, text, found }),
        }
    }
    bar.finish();
    if let Some(t) = tsv {
        t.finish()?;
    }
    match args.format {
        Format::Json => write_json(&mut out, &kept)?,
        Format::Html => {
            let docs: Vec<html::Doc> = kept
                .iter()
                .map(|d| html::Doc {
                    title: &d.name,
                    text: &d.text,
                    found: &d.found,
                })
                .collect();
            out.write_all(html::page(&docs).as_bytes())?;
        }
        _ => {}
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// What the spinner says while one input is attributed.
fn spinner_message(source: &Source) -> String {
    match source.size() {
        Some(n) => format!(
            "attributing {} ({:.0} KB)",
            source.name(),
            n as f64 / 1024.0
        ),
        None => format!("attributing {}", source.name()),
    }
}

/// One file: its attribution, pretty-printed. Several: an array of them,
/// each with its `file`.
fn write_json(out: &mut impl Write, done: &[Done]) -> std::io::Result<()> {
    match done {
        [one] => serde_json::to_writer_pretty(&mut *out, &one.found.to_json(&one.text))?,
        many => {
            let all: Vec<FileJson> = many
                .iter()
                .map(|d| FileJson {
                    file: &d.name,
                    attribution: d.found.to_json(&d.text),
                })
                .collect();
            serde_json::to_writer_pretty(&mut *out, &all)?
        }
    }
    writeln!(out)
}
