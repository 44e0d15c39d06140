//! The command's error type: the library's errors plus the command's own.

use std::path::PathBuf;

/// What can stop a `whosaid` run; printed as `error: ...` with exit code 2.
#[derive(Debug, thiserror::Error)]
pub enum CliError {
    /// The library failed (model, input, data files).
    #[error(transparent)]
    Whosaid(#[from] whosaid::Error),
    /// The model directory could not be loaded.
    #[error("cannot load the model from {dir}: {source}\n(the shipped model lives in models/{default}; pass --model DIR or set WHOSAID_MODEL to use another)", default = whosaid::DEFAULT_MODEL)]
    Model {
        /// The directory tried.
        dir: PathBuf,
        /// Why it failed.
        source: whosaid::Error,
    },
    /// An input file could not be read or is not UTF-8 text.
    #[error("{path}: {reason}")]
    Input {
        /// The file (`-` for stdin).
        path: PathBuf,
        /// What is wrong with it.
        reason: String,
    },
    /// Options that do not go together, or a missing file or folder.
    #[error("{0}")]
    Usage(String),
    /// Writing the output failed.
    #[error("cannot write the output: {0}")]
    Output(#[from] std::io::Error),
}

impl CliError {
    /// True when the reader of standard output went away (`| head`): the
    /// run then stops quietly, as other tools do.
    pub fn is_closed_pipe(&self) -> bool {
        let closed = |e: &std::io::Error| e.kind() == std::io::ErrorKind::BrokenPipe;
        match self {
            CliError::Output(e) => closed(e),
            CliError::Whosaid(whosaid::Error::Io { source, .. }) => closed(source),
            _ => false,
        }
    }
}

/// `Result` with [`CliError`].
pub type CliResult<T> = Result<T, CliError>;
