//! `whosaid serve`: the HTTP service (see `whosaid::serve` and the README's
//! "HTTP service"); the same options as the `whosaid-serve` binary.

use std::process::ExitCode;

use crate::error::{CliError, CliResult};

/// Serves until Ctrl-C or SIGTERM, then answers the requests in flight and returns.
pub fn run(args: whosaid::serve::ServeArgs) -> CliResult<ExitCode> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(CliError::Output)?;
    runtime.block_on(whosaid::serve::run(args, whosaid::serve::shutdown_signal()))?;
    eprintln!("whosaid serve: stopped");
    Ok(ExitCode::SUCCESS)
}
