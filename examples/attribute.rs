//! Attributes the quotations in a text file (or stdin) and prints them.
//!
//! ```text
//! attribute [--format table|json|jsonl] [--model DIR] [--batch N] [--threads N]
//!           [--min-confidence X] [FILE|-]
//! ```
//! * `table` (default): one row per quotation.
//! * `json`: the whole attribution (`quotes` and `speakers`).
//! * `jsonl` (also `--jsonl`): each input line is `{"id": ..., "text": ...}`;
//!   each output line is `{"id": ..., "quotes": [...]}`. A bad line is reported
//!   on stderr with its line number and the rest still runs.

use std::io::{Read, Write};
use std::path::PathBuf;

use whosaid::{Attribution, Attributor};

#[derive(Clone, Copy, PartialEq)]
enum Format {
    Table,
    Json,
    Jsonl,
}

struct Args {
    format: Format,
    model: Option<PathBuf>,
    input: Option<PathBuf>,
    batch: usize,
    threads: Option<usize>,
    min_confidence: Option<f32>,
}

const USAGE: &str = "usage: attribute [--format table|json|jsonl] [--jsonl] [--model DIR] [--batch N] [--threads N] [--min-confidence X] [FILE|-]";

fn parse() -> Result<Args, String> {
    let mut a = Args {
        format: Format::Table,
        model: None,
        input: None,
        batch: 8,
        threads: None,
        min_confidence: None,
    };
    let mut it = std::env::args().skip(1);
    while let Some(arg) = it.next() {
        let mut val = || {
            it.next()
                .ok_or_else(|| format!("{arg} needs a value\n{USAGE}"))
        };
        match arg.as_str() {
            "--format" => {
                a.format = match val()?.as_str() {
                    "table" => Format::Table,
                    "json" => Format::Json,
                    "jsonl" => Format::Jsonl,
                    other => return Err(format!("unknown format {other:?}\n{USAGE}")),
                }
            }
            "--jsonl" => a.format = Format::Jsonl,
            "--json" => a.format = Format::Json,
            "--model" => a.model = Some(PathBuf::from(val()?)),
            "--batch" => a.batch = val()?.parse().map_err(|e| format!("--batch: {e}"))?,
            "--threads" => a.threads = Some(val()?.parse().map_err(|e| format!("--threads: {e}"))?),
            "--min-confidence" => {
                a.min_confidence = Some(
                    val()?
                        .parse()
                        .map_err(|e| format!("--min-confidence: {e}"))?,
                )
            }
            "-h" | "--help" => return Err(USAGE.to_string()),
            "-" => a.input = None,
            f if !f.starts_with("--") => a.input = Some(PathBuf::from(f)),
            other => return Err(format!("unknown option {other}\n{USAGE}")),
        }
    }
    Ok(a)
}

fn main() {
    let code = match run() {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e}");
            2
        }
    };
    std::process::exit(code);
}

fn read_input(path: &Option<PathBuf>) -> Result<Vec<u8>, String> {
    match path {
        Some(p) => std::fs::read(p).map_err(|e| format!("cannot read {}: {e}", p.display())),
        None => {
            let mut buf = Vec::new();
            std::io::stdin()
                .read_to_end(&mut buf)
                .map_err(|e| format!("cannot read stdin: {e}"))?;
            Ok(buf)
        }
    }
}

fn run() -> Result<i32, String> {
    let args = parse()?;
    let mut builder = Attributor::builder().batch_size(args.batch);
    if let Some(dir) = &args.model {
        builder = builder.model_dir(dir);
    }
    if let Some(t) = args.threads {
        builder = builder.threads(t);
    }
    if let Some(c) = args.min_confidence {
        builder = builder.min_confidence(c);
    }
    let attributor = builder.build().map_err(|e| {
        format!("{e}\n(the shipped model lives in models/{}; set WHOSAID_MODEL or --model to use another)", whosaid::DEFAULT_MODEL)
    })?;
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    if args.format == Format::Jsonl {
        // Streamed: one line at a time, whatever the input's size.
        let input: Box<dyn std::io::BufRead> = match &args.input {
            Some(p) => Box::new(std::io::BufReader::new(
                std::fs::File::open(p).map_err(|e| format!("cannot read {}: {e}", p.display()))?,
            )),
            None => Box::new(std::io::stdin().lock()),
        };
        return run_jsonl(&attributor, input, &mut out);
    }
    let raw = read_input(&args.input)?;
    let text = String::from_utf8(raw).map_err(|e| {
        format!(
            "input is not valid UTF-8 (first bad byte at offset {})",
            e.utf8_error().valid_up_to()
        )
    })?;
    let found = attributor.attribute(&text).map_err(|e| e.to_string())?;
    let res = match args.format {
        Format::Json => serde_json::to_writer_pretty(&mut out, &found.to_json(&text))
            .map_err(std::io::Error::from)
            .and_then(|_| writeln!(out)),
        _ => print_table(&mut out, &text, &found),
    };
    match res.and_then(|_| out.flush()) {
        Err(e) if !closed(&e) => Err(e.to_string()),
        _ => Ok(0),
    }
}

/// True when the error is the reader of standard output going away.
fn closed(e: &std::io::Error) -> bool {
    e.kind() == std::io::ErrorKind::BrokenPipe
}

fn run_jsonl(
    attributor: &Attributor,
    input: impl std::io::BufRead,
    out: &mut impl Write,
) -> Result<i32, String> {
    let stderr = std::io::stderr();
    match whosaid::attribute_jsonl(attributor, input, out, &mut stderr.lock()) {
        Ok(summary) => Ok(if summary.skipped > 0 { 1 } else { 0 }),
        // The reader went away (`| head`): stop quietly, as other tools do.
        Err(whosaid::Error::Io { source, .. }) if closed(&source) => Ok(0),
        Err(e) => Err(e.to_string()),
    }
}

fn excerpt(s: &str, max: usize) -> String {
    let s: String = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if s.chars().count() <= max {
        s
    } else {
        let cut: String = s.chars().take(max - 1).collect();
        format!("{cut}…")
    }
}

fn print_table(out: &mut impl Write, text: &str, found: &Attribution) -> std::io::Result<()> {
    writeln!(
        out,
        "{:<52} {:<8} {:<24} {:<14} {:>5}",
        "quotation", "kind", "speaker (mention)", "cue", "conf"
    )?;
    writeln!(out, "{}", "-".repeat(107))?;
    for q in &found.quotes {
        let speaker = match (found.speaker_of(q), q.mention) {
            (Some(s), Some(m)) if m.text(text) != s.name => {
                format!("{} ({})", s.name, excerpt(m.text(text), 14))
            }
            (Some(s), _) => s.name.clone(),
            (None, _) => "-".into(),
        };
        let cue = q.cue.map_or("-".to_string(), |c| excerpt(c.text(text), 14));
        writeln!(
            out,
            "{:<52} {:<8} {:<24} {:<14} {:>5.2}",
            excerpt(q.span.text(text), 50),
            q.kind.as_str(),
            excerpt(&speaker, 24),
            cue,
            q.confidence
        )?;
    }
    writeln!(
        out,
        "{} quotations, {} speakers",
        found.quotes.len(),
        found.speakers.len()
    )?;
    Ok(())
}
