//! `whosaid`: find the quotations in texts and who said them, from the command line.
//!
//! ```text
//! whosaid attribute [--format table|json|jsonl|tsv|html] [FILE...]   # stdin when no file
//! whosaid batch [INPUT.jsonl]                                        # JSON lines in, JSON lines out
//! whosaid eval [--gold FILE] [--pdnc dev] [--errors] ...             # score on the gold sets
//! whosaid serve [--addr 127.0.0.1:8080] [--workers 2] ...            # the HTTP service (feature serve)
//! ```
//!
//! Exit codes: 0 success; 1 `batch` skipped bad input lines; 2 an error
//! (bad arguments, unreadable input, a model that does not load).

mod attribute;
mod batch;
mod error;
mod eval;
mod html;
mod input;
mod model;
mod progress;
#[cfg(feature = "serve")]
mod serve;
mod table;
mod tsv;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Find the quotations in a text (direct, mixed and indirect) and tell who said each one.
///
/// The model is the shipped `whosaid-minilm-v1` unless `--model` or
/// `$WHOSAID_MODEL` names another. Progress bars go to stderr, only when it
/// is a terminal.
#[derive(Parser)]
#[command(name = "whosaid", version, propagate_version = true)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Attribute the quotations in text files (or stdin) and print them.
    Attribute(attribute::AttributeArgs),
    /// JSON lines in ({"id", "text"} per line), JSON lines out ({"id", "quotes"}).
    Batch(batch::BatchArgs),
    /// Score the model (or a predictions file) on the news and PDNC gold sets.
    Eval(eval::EvalArgs),
    /// Serve attribution over HTTP: POST /v1/attribute, POST /v1/batch, GET /healthz.
    #[cfg(feature = "serve")]
    Serve(whosaid::serve::ServeArgs),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Attribute(args) => attribute::run(args),
        Command::Batch(args) => batch::run(args),
        Command::Eval(args) => eval::run(args),
        #[cfg(feature = "serve")]
        Command::Serve(args) => serve::run(args),
    };
    match result {
        Ok(code) => code,
        Err(e) if e.is_closed_pipe() => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
    }
}
