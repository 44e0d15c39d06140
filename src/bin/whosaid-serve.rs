//! `whosaid-serve`: the HTTP service (see `whosaid::serve` and the README).
//!
//! ```text
//! whosaid-serve --addr 127.0.0.1:8080 --workers 2 --queue 16 --timeout 60s --max-body 5M
//! ```
//!
//! Stops on Ctrl-C or SIGTERM after the requests in flight are answered.

use clap::Parser;
use whosaid::serve::{run, shutdown_signal, ServeArgs};

/// Attribute quotations over HTTP: POST /v1/attribute, POST /v1/batch, GET /healthz.
#[derive(Debug, Parser)]
#[command(name = "whosaid-serve", version)]
struct Cli {
    #[command(flatten)]
    serve: ServeArgs,
}

#[tokio::main]
async fn main() {
    let cli = Cli::parse();
    if let Err(e) = run(cli.serve, shutdown_signal()).await {
        eprintln!("whosaid-serve: {e}");
        std::process::exit(1);
    }
    eprintln!("whosaid-serve: stopped");
}
